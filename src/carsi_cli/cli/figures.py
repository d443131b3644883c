"""funding, stats and timeline: the figures and dates of the fact sheet."""

from __future__ import annotations

from typing import Annotated

import typer

from carsi_cli.cli import completion
from carsi_cli.cli.common import (
    FormatOption,
    NoPagerOption,
    WideOption,
    for_people,
    load_sheet,
    not_blank,
    note,
    output,
    record_argument,
    record_option,
    say_why_empty,
    show_detail,
    year_option,
)
from carsi_cli.cli.root import app
from carsi_cli.model.formats import FundingFormat, OutputFormat
from carsi_cli.model.records import Event, Funding, RecordType, Statistic

# `carsi funding`, `carsi stats` and `carsi timeline` list with their options,
# as they always have; `show RECORD` beneath each gives one record whole. Typer
# runs a group's callback without a subcommand (invoke_without_command), so
# each list is that callback; a list option given before `show` is an error.


def _group(name: str) -> typer.Typer:
    group = typer.Typer(rich_markup_mode=None, subcommand_metavar="[show RECORD]")
    app.add_typer(group, name=name)
    return group


funding_app = _group("funding")
stats_app = _group("stats")
timeline_app = _group("timeline")


def _showing(ctx: typer.Context) -> bool:
    """Whether ``show`` was asked for instead of the list; usage error when list options came with it."""
    if ctx.invoked_subcommand is None:
        return False
    given = [
        param.opts[0]
        for param in ctx.command.params
        if param.name in ctx.params
        and (source := ctx.get_parameter_source(param.name)) is not None
        and source.name != "DEFAULT"
    ]
    if given:
        msg = f"a list option does not go with `{ctx.invoked_subcommand}`: leave it out"
        raise typer.BadParameter(msg, param_hint=f"'{given[0]}'")
    return True


@funding_app.callback(invoke_without_command=True)
def funding(
    ctx: typer.Context,
    fy: Annotated[
        int | None,
        year_option("--fy", "Only figures whose fiscal years include this one (2012, FY2012 or FY12)."),
    ] = None,
    fy_from: Annotated[
        int | None,
        year_option("--from", "Only figures covering this fiscal year or later."),
    ] = None,
    fy_to: Annotated[
        int | None,
        year_option("--to", "Only figures covering this fiscal year or earlier."),
    ] = None,
    program: Annotated[
        str | None,
        record_option("ID", completion.programs, "Only this program's figures (id, name or abbreviation)."),
    ] = None,
    country: Annotated[
        str | None,
        record_option("COUNTRY", completion.countries, "Only the figures of programs in this country (id or name)."),
    ] = None,
    chart: Annotated[
        bool,
        typer.Option(
            "--chart", help="Draw the figures against their fiscal years (one scale per program; text when piped)."
        ),
    ] = False,
    add_anyway: Annotated[
        bool,
        typer.Option(
            "--sum",
            help="Add the figures up even where that is unsound, and say every reason the sum may mislead.",
        ),
    ] = False,
    given: Annotated[
        FundingFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="Output format (svg: the chart as a picture)."),
    ] = FundingFormat.TABLE,
    to_file: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", callback=not_blank, help="Write the SVG chart to FILE."),
    ] = None,
    wide: WideOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Funding figures exactly as the fact sheet states them.

    A multi-year total that covers a year is shown as that total, never as the
    year's money; per-year rates are rates. Figures are never added up when
    their fiscal years overlap or their bases differ: the notes say why, and
    --sum adds them anyway, with every reason the sum may mislead.

    \b
    Examples:
      carsi funding --fy 2012
      carsi funding --from FY08 --to FY11 --format json
      carsi funding --program carsi
      carsi funding --program carsi --sum
      carsi funding --country "United States"
      carsi funding --chart
      carsi funding --chart --format svg -o funding.svg
      carsi funding show carsi-fy2012
      carsi funding show "105 million"
    """
    if _showing(ctx):
        return
    from carsi_cli.query.funding import report as funding_report
    from carsi_cli.views import render

    if fy is not None and (fy_from is not None or fy_to is not None):
        raise typer.BadParameter("use either --fy or --from/--to, not both", param_hint="'--fy'")
    if fy is not None:
        fy_from = fy_to = fy
    if fy_from is not None and fy_to is not None and fy_from > fy_to:
        raise typer.BadParameter(f"--from {fy_from} is after --to {fy_to}", param_hint="'--from'")
    svg = given is FundingFormat.SVG
    if svg and not chart:
        raise typer.BadParameter("svg is a picture of the chart: add --chart", param_hint="'--format'")
    if to_file is not None and not svg:
        msg = "a file is written only for the SVG chart: add --chart --format svg"
        raise typer.BadParameter(msg, param_hint="'--output'")
    fmt = OutputFormat.TABLE if svg else OutputFormat(given.value)
    if chart and given is not FundingFormat.TABLE and not svg:
        raise typer.BadParameter(
            "a chart is drawn for people: leave out --format, or give --format svg for a picture",
            param_hint="'--chart'",
        )
    sheet = load_sheet(ctx)
    report = funding_report(sheet, fy_from, fy_to, program, country, add_anyway=add_anyway)
    if svg:
        from carsi_cli.cli.exports import funding_svg

        funding_svg(sheet, report.records, to_file)
    elif chart:
        from carsi_cli.cli.exports import funding_chart

        with output(fmt, pager=not no_pager) as out:
            funding_chart(sheet, report.records, out)
    else:
        with output(fmt, wide=wide, pager=not no_pager) as out:
            if report.headline and fmt is OutputFormat.TABLE and not out.terminal:
                note(report.headline)  # first, before the piped table (stdout stays tab-separated rows)
            render.emit(report.records, Funding, fmt, out, sheet, notes=report.notes, lead=report.headline)
    if not report.records:  # its one note says why
        if for_people(fmt):
            note(report.notes[0].text)
    elif chart or (fmt is OutputFormat.TABLE and not out.terminal):  # the piped table's Notes column has them too
        for line in report.notes:
            note(line.text)


@stats_app.callback(invoke_without_command=True)
def stats(
    ctx: typer.Context,
    program: Annotated[
        str | None,
        record_option("ID", completion.programs, "Only this program's statistics."),
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
      carsi stats show "39 percent"
    """
    if _showing(ctx):
        return
    from carsi_cli.query import records as query
    from carsi_cli.query.empty import no_statistics
    from carsi_cli.views import render

    sheet = load_sheet(ctx)
    found = query.statistics(sheet, program)
    with output(fmt, wide=wide, pager=not no_pager) as out:
        render.emit(found, Statistic, fmt, out, sheet)
    say_why_empty(fmt, found, lambda: no_statistics(sheet, program))


@timeline_app.callback(invoke_without_command=True)
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
      carsi timeline show biden-meeting
    """
    if _showing(ctx):
        return
    from carsi_cli.query import records as query
    from carsi_cli.query.empty import nothing_at_all
    from carsi_cli.views import render

    sheet = load_sheet(ctx)
    events = query.timeline(sheet)
    notes = query.timeline_notes(events)
    with output(fmt, wide=wide, pager=not no_pager) as out:
        render.emit(events, Event, fmt, out, sheet, notes=notes)
    say_why_empty(fmt, events, lambda: nothing_at_all(RecordType.EVENT))
    if fmt is OutputFormat.TABLE and not out.terminal:  # and in the piped table's Notes column
        for line in notes:
            note(line.text)


@funding_app.command("show")
def funding_show(
    ctx: typer.Context,
    figure: Annotated[
        str, record_argument(completion.funding, 'Funding id, a figure it holds ("105 million") or words of it.')
    ],
    fmt: FormatOption = OutputFormat.TABLE,
    no_pager: NoPagerOption = False,
) -> None:
    """Show one funding figure: its amount in words, basis, years, program, kind, purpose, caveats and quotes.

    \b
    Examples:
      carsi funding show carsi-fy2012
      carsi funding show "$361 million" --format json
    """
    from carsi_cli.query.funding import figure_detail
    from carsi_cli.views import columns as views

    show_detail(ctx, fmt, no_pager, lambda sheet: figure_detail(sheet, figure), views.funding_view)


@stats_app.command("show")
def stats_show(
    ctx: typer.Context,
    statistic: Annotated[
        str, record_argument(completion.statistics, 'Statistic id, a figure it holds ("39 percent") or its name.')
    ],
    fmt: FormatOption = OutputFormat.TABLE,
    no_pager: NoPagerOption = False,
) -> None:
    """Show one statistic: its value, unit, program and quotes.

    \b
    Examples:
      carsi stats show "39 percent"
      carsi stats show group-of-friends-partner-nations --format json
    """
    from carsi_cli.query import records as query
    from carsi_cli.views import columns as views

    show_detail(ctx, fmt, no_pager, lambda sheet: query.statistic_detail(sheet, statistic), views.statistic_view)


@timeline_app.command("show")
def timeline_show(
    ctx: typer.Context,
    event: Annotated[str, record_argument(completion.events, "Event id or words of its title.")],
    fmt: FormatOption = OutputFormat.TABLE,
    no_pager: NoPagerOption = False,
) -> None:
    """Show one event: its date, what the timeline does not know about it, what it names, and its quotes.

    \b
    Examples:
      carsi timeline show biden-meeting
      carsi timeline show "Martillo" --format markdown
    """
    from carsi_cli.query import records as query
    from carsi_cli.views import columns as views

    show_detail(ctx, fmt, no_pager, lambda sheet: query.event_detail(sheet, event), views.event_view)
