"""Records in, text out: one OutputFormat, one ``emit`` per shape of result.

Output formats are contracts:

* ``json``: a list of records with the model's own field names (a ``show``
  command prints one object); integers stay integers; non-ASCII text stays
  readable; non-printable characters are ``\\u`` escapes.
* ``ndjson``: the same records, one compact JSON object per line.
* ``csv``: the same fields as JSON, one row per record, lists joined by "; ";
  cells that a spreadsheet would run as a formula are prefixed with "'".
  ``csv-excel`` is the same CSV with a UTF-8 byte order mark and CRLF line
  ends, so that Excel reads accents and curly quotes as UTF-8.
* ``table``: for people. On a terminal, a Rich table; piped, tab-separated
  lines with a header, never cut or wrapped.
* ``markdown``: a pipe table, text escaped so that it renders as written.

Text from the data file is always printed as text: no Rich markup, emoji codes,
highlighting or terminal escape sequences take effect (see ``text.inert``).
Rich is imported only when a terminal view is drawn (see ``terminal``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import IO, Any, NamedTuple

from .formats import OutputFormat
from .model import FactSheet, Source
from .plain import dumps, to_data
from .search import SearchHit
from .text import inert
from .views import COLUMNS, COMPACT, Column, Detail, RelatedNames


class Output(NamedTuple):
    """Where and how to write: the stream, and whether it is a terminal."""

    stream: IO[str]
    terminal: bool = False
    width: int | None = None
    """Terminal width; None lets Rich ask the terminal."""


# ---------------------------------------------------------------------------
# Cells


_FORMULA_START = ("=", "+", "-", "@")  # and tab or CR, which inert() has made spaces


def _csvinert(value: Any) -> Any:
    """A CSV cell: numbers stay numbers; text is inert and never a spreadsheet formula."""
    import json

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple):
        strings = all(isinstance(v, str) for v in value)
        value = "; ".join(value) if strings else json.dumps(value, ensure_ascii=False)
    elif isinstance(value, Mapping):
        value = json.dumps(dict(value), ensure_ascii=False) if value else ""
    text = inert(str(value))
    # Some importers trim white space before they look for a formula: so does this.
    return "'" + text if text.lstrip().startswith(_FORMULA_START) else text


@cache
def _md_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Markdown's metacharacters, and the colon that starts an emoji code."""
    return re.compile(r"([\\`*_{}\[\]<>()#+!|~&^$])"), re.compile(r":(?=[A-Za-z0-9_+-]+:)")


def _md(text: str) -> str:
    """Markdown that renders exactly as ``text`` (markup, links, emoji codes escaped)."""
    special, emoji_code = _md_patterns()
    return emoji_code.sub(r"\\:", special.sub(r"\\\1", inert(text)))


def _md_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Like ``_md``, with each span in bold."""
    out, at = [], 0
    for start, end in spans:
        if start < at:
            continue
        out.append(_md(text[at:start]))
        out.append("**" + _md(text[start:end]) + "**")
        at = end
    out.append(_md(text[at:]))
    return "".join(out)


# ---------------------------------------------------------------------------
# Lists of records


def emit(records: Sequence[Any], kind: type, fmt: OutputFormat, out: Output, sheet: FactSheet) -> None:
    """Print a list of records of one ``kind`` in the chosen format. An empty list
    prints ``[]`` as JSON, only the header line as CSV, and nothing as a table.
    People's formats end with the sheet's citation."""
    if fmt is OutputFormat.JSON:
        out.stream.write(dumps([to_data(r) for r in records], pretty=out.terminal) + "\n")
        return
    if fmt is OutputFormat.NDJSON:
        out.stream.write("".join(dumps(to_data(r), pretty=False) + "\n" for r in records))
        return
    if fmt in (OutputFormat.CSV, OutputFormat.CSV_EXCEL):
        header = list(getattr(kind, "_fields", ()))
        _write_csv([to_data(r) for r in records], header, out.stream, excel=fmt is OutputFormat.CSV_EXCEL)
        return
    if not records:
        return
    columns = COLUMNS[kind]
    related = RelatedNames(sheet)
    caption = sheet.source.citation
    if fmt is OutputFormat.MARKDOWN:
        out.stream.write(_markdown_table(records, columns, related))
        out.stream.write(f"\n{_md('Source: ' + caption)}\n")
    elif out.terminal:
        from .terminal import print_table

        print_table(out.stream, out.width, records, columns, related, caption)
    else:
        _write_tsv(records, columns, related, out.stream)


def _write_csv(rows: list[dict[str, Any]], header: list[str], stream: IO[str], *, excel: bool = False) -> None:
    import csv

    if excel:
        stream.write("\ufeff")  # Excel reads a CSV as UTF-8 only after a byte order mark
    writer = csv.writer(stream, lineterminator="\r\n" if excel else "\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csvinert(row.get(name)) for name in header])


def _write_tsv(records: Sequence[Any], columns: list[Column], related: RelatedNames, stream: IO[str]) -> None:
    cells = [column.cell for column in columns]
    lines = ["\t".join(column.header for column in columns)]
    lines += ["\t".join([inert(cell(record, related)) for cell in cells]) for record in records]
    stream.write("\n".join(lines) + "\n")  # one write: thousands of small ones cost more than the text


def _markdown_table(records: Sequence[Any], columns: list[Column], related: RelatedNames) -> str:
    lines = ["| " + " | ".join(c.header for c in columns) + " |"]
    lines.append("| " + " | ".join("---:" if c.justify == "right" else "---" for c in columns) + " |")
    for record in records:
        cells = []
        for column in columns:
            if isinstance(record, SearchHit) and column.header == "Passage":
                cells.append(_md_spans(record.snippet, record.spans))
            else:
                cells.append(_md(column.cell(record, related)))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def emit_detail(detail: Detail, fmt: OutputFormat, out: Output, sheet: FactSheet) -> None:
    """Print a `show` view in the chosen format."""
    related = RelatedNames(sheet)
    if fmt in (OutputFormat.JSON, OutputFormat.NDJSON):
        data = {**to_data(detail.record), **detail.extra}
        out.stream.write(dumps(data, pretty=out.terminal and fmt is OutputFormat.JSON) + "\n")
    elif fmt in (OutputFormat.CSV, OutputFormat.CSV_EXCEL):
        excel = fmt is OutputFormat.CSV_EXCEL
        _write_csv([to_data(detail.record)], list(detail.record._fields), out.stream, excel=excel)
    elif fmt is OutputFormat.MARKDOWN:
        out.stream.write(_markdown_detail(detail, related))
    elif out.terminal:
        from .terminal import print_detail

        print_detail(out.stream, out.width, detail, related)
    else:
        _plain_detail(detail, related, out.stream)


def _plain_detail(detail: Detail, related: RelatedNames, stream: IO[str]) -> None:
    """gh-style: 'field<TAB>value' lines, then one line per related record."""
    stream.write(f"name\t{inert(detail.title)}\n")
    for key, value in detail.fields:
        stream.write(f"{inert(key.lower())}\t{inert(value)}\n")
    for i, quote in enumerate(detail.quotes):
        stream.write(f"{'quote' if i == 0 else 'other quote'}\t{inert(quote)}\n")
    for heading, records in detail.sections:
        for record in records:
            columns = COMPACT[type(record)]
            cells = [inert(c.cell(record, related)) for c in columns]
            stream.write(heading.lower() + "\t" + "\t".join(cells) + "\n")


def _markdown_detail(detail: Detail, related: RelatedNames) -> str:
    parts = [f"## {_md(detail.title)}\n"]
    parts.append("\n".join(f"- **{_md(key)}:** {_md(value)}" for key, value in detail.fields) + "\n")
    for heading, records in detail.sections:
        if records:
            parts.append(f"### {_md(heading)}\n\n" + _markdown_table(records, COMPACT[type(records[0])], related))
    if detail.quotes:
        parts.append("### Quotes\n\n" + "\n\n".join(f"> {_md(q)}" for q in detail.quotes) + "\n")
    if not isinstance(detail.record, Source):
        parts.append(_md("Source: " + related.sheet.source.citation) + "\n")
    return "\n".join(parts)
