"""`carsi funding --chart`: the figures against their fiscal years, drawn as the
fact sheet states them. The layout is pure (``layout``, ``text_lines``); Rich
draws it only on a terminal wide enough (``draw``).

* A multi-year total is one bar on one row for its whole span ("FY2008-FY2011"),
  labelled with its total: it is never split into per-year amounts the text
  does not give, nor drawn on its first year's row as if it were that year's.
* A per-year rate is a bar in each of its years.
* A lower bound ("more than") ends its bar with ▶; every label keeps its
  qualifier.
* Each program has its own scale, stated beside its name: $105 million and
  $10 billion are both drawn legibly, and bars of different programs are not
  to be compared.
* Figures with no fiscal year are listed apart, under the chart.
* The chart ends with the source, as every view for people does.

Piped, or narrower than ``MIN_WIDTH``, the same rows are plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, NamedTuple

from carsi_cli.model.money import amount, describe, dollars
from carsi_cli.model.records import Basis, FactSheet, Funding, Qualifier
from carsi_cli.model.text import inert

MIN_WIDTH = 60
BAR_MAX = 40
_EIGHTHS = " ▏▎▍▌▋▊▉"
HEADING = "Funding by fiscal year, as the fact sheet states it"
SCALES = "Each program is drawn to its own scale: compare bars within a program, not across programs."


class Row(NamedTuple):
    """One line of a program's chart."""

    year: str
    """"FY2010", the span of a multi-year total ("FY2008-FY2011"), or "" on a note."""
    eighths: int
    """The bar's length, in eighths of a character cell (0: no bar)."""
    lower_bound: bool
    """The amount is a lower bound ("more than"): the bar ends with ▶."""
    label: str
    per_year: bool = False
    note: bool = False
    """The label is a note on the figure above, not a figure."""


class Panel(NamedTuple):
    program: str
    unit: int
    """Dollars per character cell of bar."""
    rows: tuple[Row, ...]


class Chart(NamedTuple):
    panels: tuple[Panel, ...]
    undated: tuple[str, ...]
    source: str = ""
    """The citation the chart ends with."""


_STEPS = (10, 15, 20, 25, 30, 40, 50, 60, 75, 80)  # tenths of a power of ten: round amounts per cell


def nice_unit(largest: int, cells: int) -> int:
    """The smallest round amount of dollars per cell (1, 1.5, 2, 2.5, 3, 4, 5, 6,
    7.5 or 8 times a power of ten) that fits ``largest`` in ``cells`` cells."""
    need = max(1, -(-largest // max(1, cells)))
    power = 1
    while True:
        for step in _STEPS:
            unit = power * step // 10
            if unit >= need:
                return unit
        power *= 10


def _rows(figure: Funding, unit: int) -> list[Row]:
    assert figure.fy_start is not None and figure.fy_end is not None
    eighths = max(1, round(figure.amount_usd * 8 / unit))
    lower = figure.qualifier in (Qualifier.MORE_THAN, Qualifier.AT_LEAST)
    years = [f"FY{year}" for year in range(figure.fy_start, figure.fy_end + 1)]
    label = figure_label(figure)
    if figure.basis is Basis.PER_YEAR:
        first = Row(years[0], eighths, lower, label, per_year=True)
        rest = [Row(year, eighths, lower, f"{amount(figure)} per year", per_year=True) for year in years[1:]]
        return [first, *rest]
    if len(years) == 1:
        return [Row(years[0], eighths, lower, label)]
    note = f"one total over {len(years)} fiscal years, not split by year"
    return [Row(f"{years[0]}-{years[-1]}", eighths, lower, label), Row("", 0, False, note, note=True)]


def figure_label(figure: Funding) -> str:
    """A figure's label on the chart: the whole figure in words, and its kind."""
    return f"{describe(figure)}, {figure.kind.value}"


def grouped(sheet: FactSheet, figures: Sequence[Funding]) -> tuple[list[tuple[str, list[Funding]]], list[str]]:
    """The dated figures by program ("Name (id)"), in the order programs first
    appear, each sorted by its years; and the undated figures, each as a line."""
    names = {program.id: program.name for program in sheet.programs}
    programs: dict[str, list[Funding]] = {}
    undated = []
    for figure in figures:
        if figure.dated:
            programs.setdefault(figure.program, []).append(figure)
        else:
            name = names.get(figure.program, figure.program)
            undated.append(f"{name}: {describe(figure)}, {figure.kind.value}")
    panels = [
        (f"{names.get(program, program)} ({program})", sorted(dated, key=lambda f: (f.fy_start or 0, f.fy_end or 0)))
        for program, dated in programs.items()
    ]
    return panels, undated


def layout(sheet: FactSheet, figures: Sequence[Funding], cells: int = BAR_MAX) -> Chart:
    """The chart of ``figures``: one panel per program in the order they first
    appear, each to its own scale of at most ``cells`` cells; undated figures apart."""
    dated, undated = grouped(sheet, figures)
    panels = []
    for title, group in dated:
        unit = nice_unit(max(f.amount_usd for f in group), cells)
        panels.append(Panel(title, unit, tuple(row for f in group for row in _rows(f, unit))))
    return Chart(tuple(panels), tuple(undated), "Source: " + sheet.source.citation)


def scale(unit: int) -> str:
    return f"█ = {dollars(unit)}"


def bar(eighths: int) -> str:
    """A bar of ``eighths`` eighths of a cell, in block characters."""
    whole, part = divmod(eighths, 8)
    return "█" * whole + (_EIGHTHS[part] if part else "")


def text_lines(chart: Chart) -> list[str]:
    """The chart as plain text, for a pipe or a narrow terminal: each figure's
    years and label, no bars."""
    lines = [HEADING]
    for panel in chart.panels:
        lines.append("")
        lines.append(panel.program)
        for row in panel.rows:
            if row.note or not row.label:
                continue
            total = "-" in row.year and not row.per_year  # a multi-year total: its span on one line
            label = f"{row.label} (one total, not split by year)" if total else row.label
            lines.append(f"  {row.year:<14} {label}")
    if chart.undated:
        lines += ["", "No fiscal year given:", *(f"  {line}" for line in chart.undated)]
    if chart.source:
        lines += ["", chart.source]
    return [inert(line) for line in lines]


def _label_width(chart: Chart) -> int:
    return max((len(row.label) for panel in chart.panels for row in panel.rows), default=0)


def fits(chart: Chart, width: int) -> int | None:
    """The bar cells a terminal of ``width`` leaves beside the labels (which may
    fold onto more lines past 26 characters), or None if too narrow to draw."""
    years = max((len(row.year) for panel in chart.panels for row in panel.rows), default=6) + 2  # indented
    cells = min(BAR_MAX, width - years - 5 - min(_label_width(chart), 26))  # gaps, ▶ and a spare cell
    return cells if width >= MIN_WIDTH and cells >= 12 else None


def draw(stream: IO[str], width: int | None, sheet: FactSheet, figures: Sequence[Funding]) -> None:
    """The chart on a terminal, with Rich; as text if the terminal is too narrow."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from carsi_cli.views.console import console as terminal
    from carsi_cli.views.layout import is_url

    console = terminal(stream, width)
    cells = fits(layout(sheet, figures), console.width)
    if cells is None:
        for line in text_lines(layout(sheet, figures)):
            console.print(Text(line))
        return
    chart = layout(sheet, figures, cells)
    console.print(Text(HEADING, style="bold"))
    console.print(Text(SCALES, style="dim"))
    for panel in chart.panels:
        console.print()
        console.print(Text(inert(panel.program), style="bold"))
        console.print(Text(f"  scale: {scale(panel.unit)}", style="dim"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="dim")  # the year or span, indented
        grid.add_column(no_wrap=True, width=cells + 1)  # the bar, and ▶ for a lower bound
        grid.add_column(overflow="fold")  # the label
        for row in panel.rows:
            drawn = bar(row.eighths) + ("▶" if row.lower_bound else "")
            grid.add_row(
                Text(f"  {row.year}"),
                Text(drawn),
                Text(inert(row.label), style="dim" if row.note else ""),
            )
        console.print(grid)
    if chart.undated:
        console.print()
        console.print(Text("No fiscal year given (not drawn):", style="bold"))
        for entry in chart.undated:
            console.print(Padding(Text(inert(entry)), (0, 0, 0, 2)))  # wrapped lines keep the indent
    if chart.source:
        console.print()
        words, _, last = inert(chart.source).rpartition(" ")
        if words and is_url(last):  # the link whole on a line of its own, as in every view
            console.print(Text(words, style="dim"))
            console.print(Text(last, style="dim"), overflow="ignore", crop=False)
        else:
            console.print(Text(inert(chart.source), style="dim"))
