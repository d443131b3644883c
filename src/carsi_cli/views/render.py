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

from collections.abc import Mapping, Sequence
from typing import IO, Any

from carsi_cli.model.formats import OutputFormat
from carsi_cli.model.records import FactSheet, Source
from carsi_cli.model.results import Note, SearchHit
from carsi_cli.model.results import notes_of as _notes_of
from carsi_cli.model.text import inert
from carsi_cli.views.columns import (
    Column,
    Detail,
    ListView,
    RelatedNames,
    columns_for,
    compact_for,
    inferred_marks,
    view_for,
)
from carsi_cli.views.markdown_text import escape as _md  # markdown that renders exactly as the text
from carsi_cli.views.output import Output as Output  # where it was defined before: still importable here
from carsi_cli.views.plain import csv_header, dumps, to_data

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


def emit(
    records: Sequence[Any],
    kind: type,
    fmt: OutputFormat,
    out: Output,
    sheet: FactSheet,
    notes: Sequence[Note] | None = None,
    lead: str = "",
) -> None:
    """Print a list of records of one ``kind`` in the chosen format. An empty list
    prints ``[]`` as JSON, only the header line as CSV, and nothing as a table.
    People's formats end with the sheet's citation.

    ``lead``, the answer first where the records do not give it ("No figure
    is for FY2011 alone: ..."), opens the view on a terminal and in Markdown;
    the piped table and the data formats, contracts, leave it to the caller.

    ``notes``, when the command has them (funding, timeline), travel with the
    records: a ``notes`` field on each record in JSON and CSV, a Notes column
    in the piped table, and beneath the table for people.
    """
    if fmt in (OutputFormat.JSON, OutputFormat.NDJSON):
        data = [to_data(r) for r in records]
        if notes is not None:
            for row, texts in zip(data, _notes_of(records, notes), strict=True):
                row["notes"] = list(texts)
        if fmt is OutputFormat.NDJSON:
            out.stream.write("".join(dumps(row, pretty=False) + "\n" for row in data))
        else:
            out.stream.write(dumps(data, pretty=out.terminal) + "\n")
        return
    if fmt in (OutputFormat.CSV, OutputFormat.CSV_EXCEL):
        header = csv_header(kind)
        rows = [to_data(r) for r in records]
        if notes is not None:
            header.append("notes")
            for row, joined in zip(rows, _notes_of(records, notes, " "), strict=True):
                row["notes"] = joined
        _write_csv(rows, header, out.stream, excel=fmt is OutputFormat.CSV_EXCEL)
        return
    if not records:
        return
    related = RelatedNames(sheet)
    if fmt is OutputFormat.MARKDOWN:
        if lead:
            out.stream.write(_md(lead) + "\n\n")
        out.stream.write(_markdown_list(records, view_for(kind), related, notes or ()))
        out.stream.write(f"\n{_md('Source: ' + sheet.source.citation)}\n")
    elif out.terminal:
        from carsi_cli.views.terminal import print_list

        if lead:
            _write_lead(lead, out)
        print_list(out.stream, out.width, records, view_for(kind), related, wide=out.wide, notes=notes or ())
    else:
        _write_tsv(records, columns_for(kind), related, out.stream, notes)


def _write_lead(lead: str, out: Output) -> None:
    """The answer first, above a terminal view: wrapped to the width, a blank line after."""
    from carsi_cli.views.layout import MARGIN, plain_lines, screen_width

    lines = [" " * MARGIN + line for line in plain_lines(inert(lead), screen_width(out.width) - MARGIN)]
    out.stream.write("\n".join(lines) + "\n\n")


def _write_csv(rows: list[dict[str, Any]], header: list[str], stream: IO[str], *, excel: bool = False) -> None:
    import csv

    if excel:
        stream.write("\ufeff")  # Excel reads a CSV as UTF-8 only after a byte order mark
    writer = csv.writer(stream, lineterminator="\r\n" if excel else "\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csvinert(row.get(name)) for name in header])


def _write_tsv(
    records: Sequence[Any],
    columns: list[Column],
    related: RelatedNames,
    stream: IO[str],
    notes: Sequence[Note] | None,
) -> None:
    cells = [column.cell for column in columns]
    header = [column.header for column in columns] + (["Notes"] if notes is not None else [])
    lines = ["\t".join(header)]
    # the notes about each record; those about the whole result (why there is no total) are on stderr
    texts = _notes_of(records, [n for n in notes if n.ids], " ", inert) if notes is not None else None
    for i, record in enumerate(records):
        row = [inert(cell(record, related)) for cell in cells]
        if getattr(record, "inferred", None):
            _mark_inferred(row, record, columns)
        if texts is not None:
            row.append(texts[i])
        lines.append("\t".join(row))
    stream.write("\n".join(lines) + "\n")  # one write: thousands of small ones cost more than the text


def _plain_cells(record: Any, columns: Sequence[Column], related: RelatedNames) -> list[str]:
    """A record's cells for the piped table: inert, " (inferred)" after a value the text only implies."""
    cells = [inert(column.cell(record, related)) for column in columns]
    if getattr(record, "inferred", None):
        _mark_inferred(cells, record, columns)
    return cells


def _mark_inferred(cells: list[str], record: Any, columns: Sequence[Column]) -> None:
    for column, _, _ in inferred_marks(record, columns):
        i = columns.index(column)
        if not cells[i].endswith(" (inferred)"):
            cells[i] += " (inferred)"


def _markdown_table(records: Sequence[Any], columns: list[Column], related: RelatedNames) -> str:
    """A pipe table; a cell that shows an inferred field is marked "\\*" (see ``_markdown_footnotes``)."""
    lines = ["| " + " | ".join(c.header for c in columns) + " |"]
    lines.append("| " + " | ".join("---:" if c.justify == "right" else "---" for c in columns) + " |")
    for record in records:
        marked = {id(c) for c, _, _ in inferred_marks(record, columns)}
        cells = []
        for column in columns:
            if isinstance(record, SearchHit) and column.header == "Passage":
                cell = _md_spans(record.snippet, record.spans)
            else:
                cell = _md(column.cell(record, related))
            cells.append(cell + ("\\*" if id(column) in marked else ""))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _markdown_footnotes(records: Sequence[Any], columns: list[Column]) -> str:
    """What each mark of ``_markdown_table`` stands for: the inferred field and why."""
    lines = [
        f"- \\* {_md(record.id)} {_md(name)} (inferred): {_md(reason)}"
        for record in records
        for _, name, reason in inferred_marks(record, columns)
    ]
    return "\n" + "\n".join(lines) + "\n" if lines else ""


def _markdown_list(records: Sequence[Any], view: ListView, related: RelatedNames, notes: Sequence[Note]) -> str:
    """A list for people: the table (with the view's text beneath and its quote
    as columns), what its marks stand for, and the notes."""
    columns = [*view.columns, *view.under, *([view.cite] if view.cite else [])]
    text = _markdown_table(records, columns, related) + _markdown_footnotes(records, columns)
    if notes:
        text += "\nNotes:\n\n" + "\n".join(f"- {_md(note.text)}" for note in notes) + "\n"
    return text


def emit_detail(detail: Detail, fmt: OutputFormat, out: Output, sheet: FactSheet) -> None:
    """Print a `show` view in the chosen format."""
    related = RelatedNames(sheet)
    if fmt in (OutputFormat.JSON, OutputFormat.NDJSON):
        data = {**to_data(detail.record), **detail.extra}
        if out.unverified:
            data["unverified"] = True
        out.stream.write(dumps(data, pretty=out.terminal and fmt is OutputFormat.JSON) + "\n")
    elif fmt in (OutputFormat.CSV, OutputFormat.CSV_EXCEL):
        excel = fmt is OutputFormat.CSV_EXCEL
        _write_csv([to_data(detail.record)], csv_header(type(detail.record)), out.stream, excel=excel)
    elif fmt is OutputFormat.MARKDOWN:
        out.stream.write(_markdown_detail(detail, related))
    elif out.terminal:
        from carsi_cli.views.terminal import print_detail

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
            cells = _plain_cells(record, compact_for(type(record)), related)
            stream.write(heading.lower() + "\t" + "\t".join(cells) + "\n")


def _markdown_detail(detail: Detail, related: RelatedNames) -> str:
    mark = f" {_md(detail.title_mark)}" if detail.title_mark else ""
    parts = [f"## {_md(detail.title)}{mark}\n"]
    parts.append("\n".join(f"- **{_md(key)}:** {_md(value)}" for key, value in detail.fields) + "\n")
    for heading, records in detail.sections:
        if records:
            columns = compact_for(type(records[0]))
            table = _markdown_table(records, columns, related) + _markdown_footnotes(records, columns)
            parts.append(f"### {_md(heading)}\n\n" + table)
    if detail.quotes:
        parts.append("### Quotes\n\n" + "\n\n".join(f"> {_md(q)}" for q in detail.quotes) + "\n")
    if not isinstance(detail.record, Source):
        parts.append(_md("Source: " + related.sheet.source.citation) + "\n")
    return "\n".join(parts)
