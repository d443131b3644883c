"""The output formats, apart from the renderers so that option parsing, --help
and shell completion do not import them."""

from enum import StrEnum


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    NDJSON = "ndjson"
    """One JSON record per line (a `show` view: one line)."""
    CSV = "csv"
    CSV_EXCEL = "csv-excel"
    """CSV as spreadsheets open it: UTF-8 with a byte order mark, CRLF line ends."""
    MARKDOWN = "markdown"


class FundingFormat(StrEnum):
    """The formats of `carsi funding`: every OutputFormat, and svg, the chart
    as a picture (with --chart)."""

    TABLE = "table"
    JSON = "json"
    NDJSON = "ndjson"
    CSV = "csv"
    CSV_EXCEL = "csv-excel"
    MARKDOWN = "markdown"
    SVG = "svg"


class CitationStyle(StrEnum):
    """The forms `carsi cite` writes a reference in (see ``cite``)."""

    APA = "apa"
    CHICAGO = "chicago"
    MLA = "mla"
    AP = "ap"
    """Associated Press: the quote attributed in running text, then the source's facts."""
    BIBTEX = "bibtex"
    RIS = "ris"
    CSL_JSON = "csl-json"
