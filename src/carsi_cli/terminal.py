"""Rich, for people at a terminal: tables laid out to the terminal's width,
and `show` views. Imported only when a terminal view is drawn."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from rich.console import Console

from .model import Source
from .search import SearchHit
from .text import inert
from .views import COMPACT, Column, Detail, RelatedNames


def print_table(
    stream: IO[str],
    width: int | None,
    records: Sequence[Any],
    columns: list[Column],
    related: RelatedNames,
    caption: str,
) -> None:
    """A list of records as a Rich table, with the source as its caption."""
    console = _console(stream, width)
    console.print(_rich_table(records, columns, related, console.width, caption=caption))


def layout(columns: Sequence[Column], naturals: Sequence[int], words: Sequence[int], width: int) -> list[int]:
    """Column widths that fit ``width``: every column whole when that fits.
    Otherwise prose keeps two fifths of the room; ids and dates take up to half
    of the rest (short ones first), other fields share what remains, and prose
    gets everything left over."""
    overhead = 3 * len(columns) + 1  # padding and separators
    room = max(width - overhead, 4 * len(columns))
    if sum(naturals) <= room:
        return list(naturals)
    widths = list(naturals)
    whole = sorted((i for i, c in enumerate(columns) if c.whole), key=lambda i: naturals[i])
    wide = [i for i, c in enumerate(columns) if c.wide]
    other = sorted((i for i in range(len(columns)) if i not in whole and i not in wide), key=lambda i: naturals[i])
    rest = room - (room * 2 // 5 if wide else 0)
    budget = rest // 2
    for n, i in enumerate(whole):
        widths[i] = min(naturals[i], max(6, budget // (len(whole) - n)))
        budget -= widths[i]
    left = rest - sum(widths[i] for i in whole)
    for n, i in enumerate(other):  # a short field is not folded inside a word if its share allows
        share = max(8, left // (len(other) - n))
        widths[i] = min(naturals[i], max(share, min(words[i], share * 3 // 2)))
        left -= widths[i]
    if wide:
        left = room - sum(widths[i] for i in whole + other)
        total = sum(naturals[i] for i in wide)
        for i in wide:
            widths[i] = max(12, left * naturals[i] // total)
    while sum(widths) > room:  # narrow: take from the widest column
        widest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[widest] <= 4:
            break
        widths[widest] -= 1
    return widths


def _console(stream: IO[str], width: int | None) -> Console:
    return Console(
        file=stream,
        width=width,
        markup=False,
        emoji=False,
        highlight=False,
        force_terminal=True,
        soft_wrap=False,
    )


def _rich_table(
    records: Sequence[Any],
    columns: list[Column],
    related: RelatedNames,
    width: int,
    *,
    caption: str | None = None,
    title: str | None = None,
) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        box=box.SIMPLE_HEAD,
        show_lines=False,
        header_style="bold",
        caption=Text(inert("Source: " + caption), style="dim") if caption else None,
        caption_justify="left",
        title=Text(inert(title), style="bold") if title else None,
        title_justify="left",
        expand=False,
    )
    rows = []
    for record in records:
        cells = []
        for column in columns:
            text = Text(inert(column.cell(record, related)))
            if isinstance(record, SearchHit) and column.header == "Passage" and text.plain == record.snippet:
                for start, end in record.spans:
                    text.stylize("bold underline", start, end)
            cells.append(text)
        rows.append(cells)
    naturals = [max([len(column.header)] + [len(row[i].plain) for row in rows]) for i, column in enumerate(columns)]
    words = [
        max([len(column.header)] + [len(w) for row in rows for w in row[i].plain.split()])
        for i, column in enumerate(columns)
    ]
    for column, width_ in zip(columns, layout(columns, naturals, words, width), strict=True):
        table.add_column(column.header, justify=column.justify, overflow="fold", width=width_)
    for cells in rows:
        table.add_row(*cells)
    return table


def print_detail(stream: IO[str], width: int | None, detail: Detail, related: RelatedNames) -> None:
    """A `show` view: the record's fields, its related records as tables, its quotes."""
    from rich.table import Table
    from rich.text import Text

    console = _console(stream, width)
    console.print(Text(inert(detail.title), style="bold"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for key, value in detail.fields:
        grid.add_row(Text(inert(key)), Text(inert(value)))
    console.print(grid)
    for heading, records in detail.sections:
        if records:
            console.print()
            console.print(_rich_table(records, COMPACT[type(records[0])], related, console.width, title=heading))
    if detail.quotes:
        from rich.padding import Padding

        console.print()
        console.print(Text("Quotes", style="bold"))
        for quote in detail.quotes:
            console.print(Padding(Text(f"“{inert(quote)}”"), (0, 0, 0, 2)))
    if not isinstance(detail.record, Source):
        console.print()
        console.print(Text(inert("Source: " + related.sheet.source.citation), style="dim"))
