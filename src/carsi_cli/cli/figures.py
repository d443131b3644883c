"""funding, stats and timeline: the figures and dates of the fact sheet."""

from __future__ import annotations

from typing import Annotated

import typer

from ..formats import OutputFormat
from ..model import Event, Funding, Statistic
from .app import app
from .common import (
    FormatOption,
    NoPagerOption,
    WideOption,
    fiscal_year,
    for_people,
    load_sheet,
    not_blank,
    note,
    output,
)


@app.command("funding")
def funding(
    ctx: typer.Context,
    fy: Annotated[
        int | None,
        typer.Option(
            "--fy", metavar="YEAR", callback=fiscal_year, help="Only figures whose fiscal years include this one."
        ),
    ] = None,
    fy_from: Annotated[
        int | None,
        typer.Option(
            "--from", metavar="YEAR", callback=fiscal_year, help="Only figures covering this fiscal year or later."
        ),
    ] = None,
    fy_to: Annotated[
        int | None,
        typer.Option(
            "--to", metavar="YEAR", callback=fiscal_year, help="Only figures covering this fiscal year or earlier."
        ),
    ] = None,
    program: Annotated[
        str | None,
        typer.Option(metavar="ID", callback=not_blank, help="Only this program's figures (id, name or abbreviation)."),
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
    wide: WideOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Funding figures exactly as the fact sheet states them, with their quotes.

    A multi-year total that covers a year is shown as that total, never as the
    year's money; per-year rates are rates. Figures are never added up when
    their fiscal years overlap or their bases differ: the notes say why. On a
    terminal the notes are printed beneath the figures; in JSON and CSV each
    figure carries the notes that concern it ("notes").

    \b
    Examples:
      carsi funding --fy 2012
      carsi funding --from 2008 --to 2011 --format json
      carsi funding --program carsi
    """
    from .. import render
    from ..funding import report as funding_report

    if fy is not None and (fy_from is not None or fy_to is not None):
        raise typer.BadParameter("use either --fy or --from/--to, not both", param_hint="'--fy'")
    if fy is not None:
        fy_from = fy_to = fy
    if fy_from is not None and fy_to is not None and fy_from > fy_to:
        raise typer.BadParameter(f"--from {fy_from} is after --to {fy_to}", param_hint="'--from'")
    sheet = load_sheet(ctx)
    report = funding_report(sheet, fy_from, fy_to, program)
    with output(wide=wide, pager=not no_pager) as out:
        render.emit(report.records, Funding, fmt, out, sheet, notes=report.notes)
    if for_people(fmt) and not report.records:
        note("No funding figure covers those fiscal years.")
    if fmt is OutputFormat.TABLE and not out.terminal:  # and in the piped table's Notes column
        for line in report.notes:
            note(line.text)


@app.command("stats")
def stats(
    ctx: typer.Context,
    program: Annotated[
        str | None, typer.Option(metavar="ID", callback=not_blank, help="Only this program's statistics.")
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
    wide: WideOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """The fact sheet's other figures: counts and percentages, with their quotes.

    \b
    Examples:
      carsi stats
      carsi stats --program hidta --format json
    """
    from .. import query, render

    sheet = load_sheet(ctx)
    with output(wide=wide, pager=not no_pager) as out:
        render.emit(query.statistics(sheet, program), Statistic, fmt, out, sheet)


@app.command("timeline")
def timeline(
    ctx: typer.Context,
    fmt: FormatOption = OutputFormat.TABLE,
    wide: WideOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """The dated events, oldest first; dates the text only implies are marked inferred.

    \b
    Examples:
      carsi timeline
      carsi timeline --format markdown
    """
    from .. import query, render

    sheet = load_sheet(ctx)
    events = query.timeline(sheet)
    notes = query.timeline_notes(events)
    with output(wide=wide, pager=not no_pager) as out:
        render.emit(events, Event, fmt, out, sheet, notes=notes)
    if fmt is OutputFormat.TABLE and not out.terminal:  # and in the piped table's Notes column
        for line in notes:
            note(line.text)
