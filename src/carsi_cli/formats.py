"""The output formats, apart from the renderers so that option parsing, --help
and shell completion do not import them."""

from enum import StrEnum


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
