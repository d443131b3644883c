"""programs, agencies, countries and organizations: list and show."""

from __future__ import annotations

from typing import Annotated

import typer

from carsi_cli.cli import completion
from carsi_cli.cli.common import (
    FormatOption,
    NoPagerOption,
    WideOption,
    load_sheet,
    output,
    record_argument,
    record_option,
    say_why_empty,
    show_detail,
)
from carsi_cli.cli.root import agencies_app, countries_app, organizations_app, programs_app
from carsi_cli.model.formats import OutputFormat
from carsi_cli.model.records import Agency, Country, Organization, Program, ProgramKind, RecordType


@programs_app.command("list")
def programs_list(
    ctx: typer.Context,
    country: Annotated[
        str | None,
        record_option(
            "COUNTRY",
            completion.countries,
            "Only programs in this country, or that it takes part in or leads (noted) (id or name).",
        ),
    ] = None,
    agency: Annotated[
        str | None,
        record_option(
            "AGENCY",
            completion.agencies,
            "Only programs this agency takes part in, itself or through its parts (noted) (id, name or abbreviation).",
        ),
    ] = None,
    kind: Annotated[
        ProgramKind | None,
        typer.Option(case_sensitive=False, autocompletion=completion.program_kinds, help="Only programs of this kind."),
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
    wide: WideOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """List programs, initiatives, operations and strategies, with their quotes.

    \b
    Examples:
      carsi programs list
      carsi programs list --country panama --format json
      carsi programs list --agency DEA
    """
    from carsi_cli.query import empty
    from carsi_cli.query import records as query
    from carsi_cli.views import render

    sheet = load_sheet(ctx)
    records = query.programs(sheet, country=country, agency=agency, kind=kind)
    notes = query.program_notes(sheet, records, country, agency)
    with output(fmt, wide=wide, pager=not no_pager) as out:
        render.emit(records, Program, fmt, out, sheet, notes=notes)
    say_why_empty(fmt, records, lambda: empty.no_programs(sheet, country, agency, kind))


@programs_app.command("show")
def programs_show(
    ctx: typer.Context,
    program: Annotated[
        str,
        record_argument(completion.programs, "Program id, name or abbreviation."),
    ],
    fmt: FormatOption = OutputFormat.TABLE,
    no_pager: NoPagerOption = False,
) -> None:
    """Show one program: description, agencies, countries, funding and quotes.

    \b
    Examples:
      carsi programs show carsi
      carsi programs show "Operation Martillo" --format json
    """
    from carsi_cli.query import records as query
    from carsi_cli.views import columns as views

    show_detail(ctx, fmt, no_pager, lambda sheet: query.program_detail(sheet, program), views.program_view)


ProgramFilter = Annotated[
    str | None,
    record_option("PROGRAM", completion.programs, "Only those of this program (id, name or abbreviation)."),
]


@agencies_app.command("list")
def agencies_list(
    ctx: typer.Context,
    program: ProgramFilter = None,
    fmt: FormatOption = OutputFormat.TABLE,
    wide: WideOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """List the U.S. agencies the fact sheet names.

    \b
    Examples:
      carsi agencies list
      carsi agencies list --program martillo
      carsi agencies list --format csv
    """
    from carsi_cli.query import empty
    from carsi_cli.query import records as query
    from carsi_cli.views import render

    sheet = load_sheet(ctx)
    found = query.agencies(sheet, program)
    with output(fmt, wide=wide, pager=not no_pager) as out:
        render.emit(found, Agency, fmt, out, sheet)
    say_why_empty(fmt, found, lambda: empty.no_agencies(sheet, program))


@agencies_app.command("show")
def agencies_show(
    ctx: typer.Context,
    agency: Annotated[
        str,
        record_argument(completion.agencies, "Agency id, name or abbreviation."),
    ],
    fmt: FormatOption = OutputFormat.TABLE,
    no_pager: NoPagerOption = False,
) -> None:
    """Show one agency and the programs it takes part in.

    \b
    Examples:
      carsi agencies show DEA
      carsi agencies show "Joint Interagency Task Force-South"
    """
    from carsi_cli.query import records as query
    from carsi_cli.views import columns as views

    show_detail(ctx, fmt, no_pager, lambda sheet: query.agency_detail(sheet, agency), views.agency_view)


@countries_app.command("list")
def countries_list(
    ctx: typer.Context,
    program: ProgramFilter = None,
    fmt: FormatOption = OutputFormat.TABLE,
    wide: WideOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """List the countries the fact sheet names, with their roles.

    With --program, each country's roles in that program only, and a note on
    a country that takes part in it or leads it, which is not where its work
    happens.

    \b
    Examples:
      carsi countries list
      carsi countries list --program "vetted units"
      carsi countries list --format json
    """
    from carsi_cli.query import empty
    from carsi_cli.query import records as query
    from carsi_cli.views import render

    sheet = load_sheet(ctx)
    found = query.countries(sheet, program)
    notes = query.country_notes(sheet, found, program)
    with output(fmt, wide=wide, pager=not no_pager) as out:
        render.emit(found, Country, fmt, out, sheet, notes=notes)
    say_why_empty(fmt, found, lambda: empty.no_countries(sheet, program))


@countries_app.command("show")
def countries_show(
    ctx: typer.Context,
    country: Annotated[
        str,
        record_argument(completion.countries, "Country id or name; accents are optional."),
    ],
    fmt: FormatOption = OutputFormat.TABLE,
    no_pager: NoPagerOption = False,
) -> None:
    """Show every role a country plays in the fact sheet and the programs there.

    \b
    Examples:
      carsi countries show panama
      carsi countries show "El Salvador" --format markdown
    """
    from carsi_cli.query import records as query
    from carsi_cli.views import columns as views

    show_detail(ctx, fmt, no_pager, lambda sheet: query.country_detail(sheet, country), views.country_view)


@organizations_app.command("list")
def organizations_list(
    ctx: typer.Context,
    fmt: FormatOption = OutputFormat.TABLE,
    wide: WideOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """List the organizations the fact sheet names that are neither countries nor U.S. agencies.

    \b
    Examples:
      carsi organizations list
      carsi organizations list --format json
    """
    from carsi_cli.query import empty
    from carsi_cli.views import render

    sheet = load_sheet(ctx)
    with output(fmt, wide=wide, pager=not no_pager) as out:
        render.emit(sheet.organizations, Organization, fmt, out, sheet)
    say_why_empty(fmt, sheet.organizations, lambda: empty.nothing_at_all(RecordType.ORGANIZATION))


@organizations_app.command("show")
def organizations_show(
    ctx: typer.Context,
    organization: Annotated[
        str,
        record_argument(completion.organizations, "Organization id, name or abbreviation."),
    ],
    fmt: FormatOption = OutputFormat.TABLE,
    no_pager: NoPagerOption = False,
) -> None:
    """Show one organization and the programs that name it.

    \b
    Examples:
      carsi organizations show sica
      carsi organizations show "Central American Integration System" --format json
    """
    from carsi_cli.query import records as query
    from carsi_cli.views import columns as views

    show_detail(ctx, fmt, no_pager, lambda m: query.organization_detail(m, organization), views.organization_view)
