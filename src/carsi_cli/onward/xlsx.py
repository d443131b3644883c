"""The model as a spreadsheet workbook (.xlsx), written with XlsxWriter.

A first sheet, ``about``, says what the workbook is, how to read its cells and
its funding figures, cites the source and lists the other sheets; then one
sheet per table of ``tables``, with the model's own field names as headers.
Numbers are numbers and fiscal years integers; a value the model does not
give (an undated figure's years) is an empty cell, never 0. The ``funding``
sheet carries each figure's notes, as the JSON of ``carsi funding`` does.

Every text is written as text: a cell from the data file that begins with
``=``, ``+``, ``-`` or ``@`` is never a formula, a number or a link. A control
character shows as its escape (``\\x1b``), as in the CSV and on a terminal;
line breaks and tabs stay. XlsxWriter is imported only here, when a workbook
is written.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from carsi_cli.errors import CarsiError
from carsi_cli.model.text import escape_nonprintable_json, inert_lines
from carsi_cli.onward.tables import Field, Table

if TYPE_CHECKING:
    from carsi_cli.model.records import FactSheet

ABOUT = "about"
NOTES = Field("notes", "string")
"""The column the funding sheet adds: what a reader must know to read the figure."""
_MAX_CELL = 32767  # the most characters (UTF-16 code units) a spreadsheet cell holds
_EXACT = 2**53  # a spreadsheet number is a double: a larger integer is written as text, every digit kept
_WIDTHS = {"quote": 70, "other_quotes": 70, "description": 60, "purpose": 50, "notes": 70, "inferred": 50}
_LISTS = "A cell of several values (aliases, other quotes, search terms) holds one per line."
_OBJECTS = "inferred (why a value is carsi's reading rather than the text's) and translations are JSON objects."
_FIGURES = (
    "Do not add up the amount_usd column without reading each figure's qualifier, basis, fiscal years and notes: "
    "a figure may be a total over several fiscal years, a rate for each year (basis per_year) or a lower bound "
    "(qualifier more_than or at_least), and spans may overlap. Where a sum is sound, the notes give it."
)


def funding_notes(sheet: FactSheet) -> list[str]:
    """Each funding figure's notes, in the order of ``sheet.funding``, one per
    line: the notes the JSON of ``carsi funding`` gives the same figure."""
    from carsi_cli.query.funding import report
    from carsi_cli.query.records import notes_of

    found = report(sheet)
    return list(notes_of(found.records, found.notes, "\n"))


def general_notes(sheet: FactSheet) -> list[str]:
    """The funding notes that concern every figure (why there is no total)."""
    from carsi_cli.query.funding import report

    return [note.text for note in report(sheet).notes if not note.ids]


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _shown(text: str) -> str:
    """``inert_lines``, without its slow path for text whose only controls are line breaks and tabs."""
    return text if text.replace("\n", " ").replace("\t", " ").isprintable() else inert_lines(text)


def _text(value: Any) -> str | None:
    """A value as the text of one cell; None for an empty list or mapping."""
    if isinstance(value, list | tuple):
        if not value:
            return None
        if all(isinstance(item, str) for item in value):
            return _shown("\n".join(value))
        return escape_nonprintable_json(json.dumps(value, ensure_ascii=False))
    if isinstance(value, Mapping):
        return escape_nonprintable_json(json.dumps(dict(value), ensure_ascii=False)) if value else None
    return _shown(str(value))


def _about_rows(sheet: FactSheet, tables: Sequence[Table], licenses: Sequence[Mapping[str, str]]) -> list[list[str]]:
    source = sheet.source
    rows = [
        ["What this is", f"The facts of “{source.title}” ({source.publisher}, {source.date}), one sheet per table."],
        ["Quotes", "Every record carries its quote: the exact passage of the source that states it."],
        ["Funding figures", _FIGURES],
        *(["Funding notes", text] for text in general_notes(sheet)),
        ["Cells", f"{_LISTS} {_OBJECTS} An empty cell is a value the source does not give."],
        ["Source", source.citation],
    ]
    if source.url:
        rows.append(["Source URL", source.url])
    rows.extend(["License", item.get("title", item.get("name", ""))] for item in licenses)
    rows.append(["", ""])
    rows.append(["Sheet", "What it holds (rows)"])
    rows.extend([table.name, f"{table.title} ({len(table.rows)})"] for table in tables)
    return rows


def write(sheet: FactSheet, tables: Sequence[Table], path: Path, licenses: Sequence[Mapping[str, str]] = ()) -> None:
    """Write the workbook to ``path`` (a new temporary; see ``writing.new_file``),
    flushed to the disk. A file that cannot be written is an OSError."""
    import io

    import xlsxwriter

    # Made in memory and written here: XlsxWriter's own file is left open when the disk is full.
    made = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    book = xlsxwriter.Workbook(made, {**options, "in_memory": True})
    _fill(book, sheet, tables, licenses)
    book.close()
    with path.open("wb") as stream:
        stream.write(made.getbuffer())
        stream.flush()
        os.fsync(stream.fileno())


def _fill(book: Any, sheet: FactSheet, tables: Sequence[Table], licenses: Sequence[Mapping[str, str]]) -> None:
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    dollars = book.add_format({"num_format": "#,##0"})
    whole = book.add_format({"num_format": "0"})

    about = book.add_worksheet(ABOUT)
    about.set_column(0, 0, 18, bold)
    about.set_column(1, 1, 110, wrap)
    _string(about, 0, 0, inert_lines(sheet.source.title), ABOUT)
    for r, (key, text) in enumerate(_about_rows(sheet, tables, licenses), start=2):
        _string(about, r, 0, key, ABOUT)
        _string(about, r, 1, inert_lines(text), ABOUT)

    notes = funding_notes(sheet)
    for table in tables:
        fields = (*table.fields, NOTES) if table.name == "funding" else table.fields
        rows: Sequence[tuple[Any, ...]] = table.rows
        if table.name == "funding":
            rows = [(*row, note) for row, note in zip(table.rows, notes, strict=True)]
        page = book.add_worksheet(table.name)
        for c, field in enumerate(fields):
            page.write_string(0, c, field.name, bold)
            page.set_column(c, c, _WIDTHS.get(field.name, 14 if field.type in ("integer", "number") else 24))
        page.freeze_panes(1, 1)
        page.autofilter(0, 0, max(len(rows), 1), len(fields) - 1)
        for r, row in enumerate(rows, start=1):
            for c, (field, value) in enumerate(zip(fields, row, strict=True)):
                if value is None:
                    continue
                if isinstance(value, bool):
                    page.write_boolean(r, c, value)
                elif isinstance(value, int | float) and not (isinstance(value, int) and abs(value) > _EXACT):
                    number_format = whole if field.name.startswith("fy_") else dollars if "usd" in field.name else None
                    page.write_number(r, c, value, number_format)
                else:
                    cell = _text(value)
                    if cell is not None:
                        _string(page, r, c, cell, table.name, row[0])


def _string(page: Any, row: int, column: int, text: str, table: str, record: object = None) -> None:
    """A cell of text, never read as a formula, number or link; refused if no cell can hold it."""
    if len(text) > _MAX_CELL // 2 and _utf16_length(text) > _MAX_CELL:
        where = f"record {record}" if record is not None else f"row {row + 1}"
        msg = f"a cell of {table} ({where}) holds more than {_MAX_CELL:,} characters, the most a spreadsheet cell holds"
        raise CarsiError(msg)
    page.write_string(row, column, text)
