"""Views for people at a terminal: lists as tables or, where a table does
not fit, one block per record; `show` views; quotes, notes and footnotes
beneath. Imported only when a terminal view is drawn.

``layout`` decides which columns a list shows, how wide, and when it is
stacked; Rich draws the tables and grids and wraps their text (``console.Prose``
keeps amounts and fiscal-year labels whole and cuts at a word), in bold, dim
or underlined, URLs as links, where the terminal shows styles (see
``console``). ``label: value`` fields and a URL wider than its place are
the only lines broken by ``layout``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any, NamedTuple

from rich.table import Table
from rich.text import Text

from carsi_cli.model.records import Source
from carsi_cli.model.results import Note, SearchHit
from carsi_cli.model.text import inert
from carsi_cli.views import layout
from carsi_cli.views.columns import Column, Detail, ListView, RelatedNames, compact_for, inferred_marks
from carsi_cli.views.console import BOLD, DIM, PLAIN, Prose, divide
from carsi_cli.views.layout import GAP, MARGIN, Spec, cell_width
from carsi_cli.views.screen import RULE, Screen, StyledCell, prose, styled_cell

# ---------------------------------------------------------------------------
# Lists


class _Footnote(NamedTuple):
    record_id: str
    field: str
    reason: str


def _cells(
    records: Sequence[Any], columns: Sequence[Column], related: RelatedNames
) -> tuple[list[list[StyledCell]], list[_Footnote]]:
    """Every cell of every record, inert, marked "*" where it shows an inferred
    field; and a footnote for each mark."""
    rows: list[list[StyledCell]] = []
    footnotes: list[_Footnote] = []
    for record in records:
        marked = inferred_marks(record, columns)
        row = []
        for column in columns:
            text = inert(column.cell(record, related))
            spans: tuple[tuple[int, int], ...] = ()
            if isinstance(record, SearchHit) and column.header == "Passage" and text == record.snippet:
                spans = record.spans
            notes = [(name, reason) for c, name, reason in marked if c is column]
            if notes:
                text += "*"
                footnotes += [_Footnote(record.id, name, reason) for name, reason in notes]
            row.append(styled_cell(text, spans))
        rows.append(row)
    return rows, footnotes


def _specs(columns: Sequence[Column]) -> list[Spec]:
    return [Spec(c.header, c.role, c.lines, c.justify == "right") for c in columns]


def _line_limit(spec: Spec, wide: bool) -> int:
    """The most lines a cell of ``spec`` takes in a list (0: all of them)."""
    if spec.role in ("text", "prose") and not wide:
        return spec.lines or (2 if spec.role == "text" else 1)
    return 0


def _draw_table(
    screen: Screen,
    specs: Sequence[Spec],
    rows: Sequence[Sequence[StyledCell]],
    plan: layout.Table,
    under: Sequence[Sequence[tuple[str, StyledCell]]],
    *,
    wide: bool,
) -> bool:
    """The header, a rule, and the rows of a laid-out table, drawn by Rich in
    the columns ``plan`` gives them: ids and codes never wrapped, amounts
    wrapped between their parts, names and prose wrapped at words and cut
    with "…" after their lines; each row with its ``under`` fields beneath
    it, whole, and an id too wide for its column on a line of its own above
    its row. Returns whether any text was cut."""
    from rich.padding import Padding

    shown = [specs[i] for i in plan.shown]

    def table(header: bool = False) -> Table:
        out = Table(
            box=None, show_header=header, show_edge=False, pad_edge=False, padding=(0, GAP, 0, 0), header_style=PLAIN
        )
        for spec, width in zip(shown, plan.widths, strict=True):
            whole = spec.role in ("id", "code")
            out.add_column(
                Text(spec.header, BOLD),  # the headers are bold, not the space between them
                width=width,
                no_wrap=whole,  # an id too wide for its column is on a line of its own: never cut
                overflow="ellipsis",
                justify="right" if spec.right else "left",
            )
        return out

    def put(table: Table) -> None:
        screen.lines.append(Padding(table, (0, 0, 0, MARGIN), expand=False))

    put(table(header=True))
    screen.line(" " * MARGIN + RULE * (plan.width - MARGIN))
    body, cut = table(), False
    for n, (row, spill) in enumerate(zip(rows, plan.spill, strict=True)):
        cells = [prose(row[i], _line_limit(specs[i], wide)) for i in plan.shown]
        cut = cut or any(cell.cut(width) for cell, width in zip(cells, plan.widths, strict=True))
        if spill:  # the id on a line of its own, the rest beneath it
            if body.row_count:
                put(body)
                body = table()
            screen.line(Text(" " * MARGIN).append(cells[0]))
            cells[0] = Prose()
        body.add_row(*cells)
        fields = under[n] if under else ()
        if fields:
            put(body)
            body = table()
        for label, cell in fields:
            screen.field(label, cell, indent=MARGIN + 2)
    if body.row_count:
        put(body)
    return cut


def _stack(
    screen: Screen,
    columns: Sequence[Column],
    rows: Sequence[Sequence[StyledCell]],
    *,
    indent: int,
    extra: Sequence[Sequence[tuple[str, StyledCell]]] = (),
) -> None:
    """One block per record: its id (or first column) in bold, then a
    ``field: value`` line for every other column, each value whole."""
    head = next((i for i, c in enumerate(columns) if c.role == "id"), 0)
    inner = indent + screen.step
    for n, row in enumerate(rows):
        if n:
            screen.blank()
        screen.paragraph(row[head].text, indent=indent, style=BOLD)
        fields = [(c.header, row[i]) for i, c in enumerate(columns) if i != head]
        for label, cell in [*fields, *(extra[n] if extra else ())]:
            if cell.text:
                screen.field(label, cell, indent=inner)


def _list(
    screen: Screen, records: Sequence[Any], view: ListView, related: RelatedNames, *, wide: bool
) -> list[_Footnote]:
    """A list of records: a table where it fits, else stacked; quotes cited
    beneath it, whole. Returns the footnotes of the marks it made."""
    columns = list(view.columns)
    cites = [view.cite] if view.cite is not None else []
    rows, footnotes = _cells(records, columns, related)
    under_rows, under_notes = _cells(records, view.under, related)
    cite_rows, cite_notes = _cells(records, cites, related)
    footnotes += under_notes + cite_notes
    under = [[(c.header, cell) for c, cell in zip(view.under, cells, strict=True) if cell.text] for cells in under_rows]
    specs, table_rows = _specs(columns), [list(row) for row in rows]
    if cites:  # a column of citation numbers, before the prose
        at = next((i for i, c in enumerate(columns) if c.role == "prose"), len(columns))
        specs.insert(at, Spec(cites[0].header, "code"))
        for n, row in enumerate(table_rows):
            row.insert(at, StyledCell(f"[{n + 1}]"))
    plan = layout.table(specs, [[c.text for c in row] for row in table_rows], screen.width, wide=wide)
    if plan is None:
        extra = [
            [*fields, *((c.header, cell) for c, cell in zip(cites, cite, strict=True))]
            for fields, cite in zip(under, cite_rows, strict=True)
        ]
        _stack(screen, columns, rows, indent=screen.margin, extra=extra)
        return footnotes
    cut = _draw_table(screen, specs, table_rows, plan, under, wide=wide)
    if cites:
        screen.blank()
        screen.line(Text(cites[0].header + "s", BOLD))
        for n, (record, cite) in enumerate(zip(records, cite_rows, strict=True)):
            _citation(screen, f"[{n + 1}]", record.id, cite[0])
    dropped = [specs[i].header for i in plan.dropped]
    if not wide and (dropped or cut):
        screen.blank()
        what = "the " + " and ".join(dropped) + (" column" if len(dropped) == 1 else " columns") if dropped else ""
        also = "text cut at “…”" if cut else ""
        screen.line(f"--wide shows {' and '.join(w for w in (what, also) if w)} in full.", DIM)
    return footnotes


def _citation(screen: Screen, mark: str, record_id: str, cell: StyledCell) -> None:
    screen.paragraph(f"{record_id}: {cell.text}", indent=screen.margin, marker=mark + " ")


def _footnotes(screen: Screen, footnotes: Sequence[_Footnote]) -> None:
    if not footnotes:
        return
    screen.blank()
    for note in footnotes:
        screen.paragraph(f"{note.record_id} {note.field} (inferred): {note.reason}", indent=screen.margin, marker="* ")


def _notes(screen: Screen, notes: Sequence[Note]) -> None:
    if not notes:
        return
    screen.blank()
    screen.line(Text("Notes", BOLD))
    for note in notes:
        screen.paragraph(note.text, indent=screen.margin, marker="- ")


def _source(screen: Screen, citation: str) -> None:
    screen.blank()
    screen.paragraph("Source: " + citation, style=DIM)


def print_list(
    stream: IO[str],
    width: int | None,
    records: Sequence[Any],
    view: ListView,
    related: RelatedNames,
    *,
    wide: bool = False,
    notes: Sequence[Note] = (),
) -> None:
    """A list of records, its quotes, footnotes and notes, and the source."""
    screen = Screen(layout.screen_width(width))
    footnotes = _list(screen, records, view, related, wide=wide)
    _footnotes(screen, footnotes)
    _notes(screen, notes)
    _source(screen, related.sheet.source.citation)
    screen.print(stream)


# ---------------------------------------------------------------------------
# `show` views


def print_detail(stream: IO[str], width: int | None, detail: Detail, related: RelatedNames) -> None:
    """A `show` view: the record's fields, its related records, its quotes, the source."""
    screen = Screen(layout.screen_width(width))
    screen.paragraph(f"{detail.title} {detail.title_mark}".rstrip(), style=BOLD)
    _fields(screen, detail.fields)
    footnotes: list[_Footnote] = []
    for heading, records in detail.sections:
        if records:
            screen.blank()
            screen.line(Text(heading, BOLD))
            footnotes += _list(screen, records, ListView(compact_for(type(records[0]))), related, wide=True)
    _footnotes(screen, footnotes)
    if detail.quotes:
        screen.blank()
        screen.line(Text("Quotes", BOLD))
        for quote in detail.quotes:
            screen.paragraph(f"{quote}”", indent=screen.margin + 1, marker="“")
    if not isinstance(detail.record, Source):
        _source(screen, related.sheet.source.citation)
    screen.print(stream)


def _fields(screen: Screen, fields: Sequence[tuple[str, str]]) -> None:
    """``key  value`` lines, values aligned and wrapped beside their keys in a
    Rich grid, or ``key: value`` lines where the keys leave too little room."""
    if not fields:
        return
    keys = max(cell_width(inert(key)) for key, _ in fields)
    room = screen.width - screen.margin - keys - GAP
    if room < 24:
        for key, value in fields:
            screen.field(key, styled_cell(inert(value)), indent=screen.margin)
        return
    from rich.padding import Padding

    def grid() -> Table:
        table = Table.grid(padding=(0, GAP, 0, 0), pad_edge=False)
        table.add_column(width=keys, no_wrap=True)
        table.add_column(width=room)  # Rich wraps the values (see ``console.Prose``)
        return table

    table = grid()
    for key, value in fields:
        cell = styled_cell(inert(value))
        if not any(cell_width(cell.text[s:e]) > room for s, e in layout.urls(cell.text)):
            table.add_row(Text(inert(key), BOLD), prose(cell))
            continue
        # a URL wider than the room beside the keys: on a line of its own, whole, from the first column
        if table.row_count:
            screen.lines.append(Padding(table, (0, 0, 0, screen.margin), expand=False))
            table = grid()
        first = Text(" " * screen.margin).append(inert(key).ljust(keys), BOLD).append(" " * GAP)
        screen.wrapped(divide(prose(cell), room, whole_urls=True), first, " " * (screen.margin + keys + GAP))
    if table.row_count:
        screen.lines.append(Padding(table, (0, 0, 0, screen.margin), expand=False))
