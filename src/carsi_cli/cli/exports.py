"""cite and export: the facts taken onward, into a text, a reference manager,
SQLite or a data package."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from carsi_cli.cli import completion
from carsi_cli.cli.common import NeverPagedOption, data_path, load_sheet, not_blank, note
from carsi_cli.cli.root import app, export_app
from carsi_cli.model.formats import CitationStyle

if TYPE_CHECKING:
    from collections.abc import Sequence

    from carsi_cli.model.records import FactSheet, Funding
    from carsi_cli.views.render import Output


def funding_chart(sheet: FactSheet, figures: Sequence[Funding], out: Output) -> None:
    """`carsi funding --chart`: drawn with Rich on a terminal, plain text otherwise."""
    from carsi_cli.views import chart

    if not figures:
        return
    if out.terminal:
        chart.draw(out.stream, out.width, sheet, figures)
    else:
        out.stream.write("\n".join(chart.text_lines(chart.layout(sheet, figures))) + "\n")


def funding_svg(sheet: FactSheet, figures: Sequence[Funding], file: str | None) -> None:
    """`carsi funding --chart --format svg`: the chart as an SVG picture, on stdout or in ``file``."""
    from carsi_cli.cli.common import SHOWN_UNVERIFIED
    from carsi_cli.cli.streams import utf8_stdout
    from carsi_cli.views.chart_svg import svg

    picture = svg(sheet, figures, unverified=SHOWN_UNVERIFIED.get()) + "\n"
    if file is None or file == "-":
        utf8_stdout().write(picture)  # UTF-8, as SVG is read, whatever the locale
        return
    from carsi_cli.onward.writing import write_whole

    write_whole(Path(file), picture.encode("utf-8"))
    note(f"Wrote {file}.")


@app.command("cite")
def cite_command(
    ctx: typer.Context,
    record: Annotated[
        str | None,
        typer.Argument(
            metavar="[RECORD]",
            callback=not_blank,
            autocompletion=completion.records,
            help=(
                "A record: its id, name or words of it, or a figure it holds ('105 million'). "
                "The sentence that states its fact, ready to paste, with the citation."
            ),
            show_default=False,
        ),
    ] = None,
    style: Annotated[
        CitationStyle,
        typer.Option("--style", "-s", case_sensitive=False, help="The citation style or reference format."),
    ] = CitationStyle.APA,
    no_pager: NeverPagedOption = False,
) -> None:
    """The source as a reference: APA, Chicago, MLA, AP, BibTeX, RIS or CSL-JSON.

    With a record (found as every command finds one: id, name, words, or a
    figure it holds), the fact sheet's sentence that states its fact comes
    first, verbatim and ready to paste, with its in-text citation (APA, MLA),
    its note (Chicago) or, in AP style, its attribution in the running text
    ("..., according to a March 6, 2012, fact sheet from the White House."),
    then the source's name, title, date and URL. BibTeX (@misc, read by
    BibTeX, biber and bibtexparser), RIS and CSL-JSON carry the quote in the
    fields reference managers keep as a note (note and annote, N1, note).

    \b
    Examples:
      carsi cite
      carsi cite --style bibtex >> references.bib
      carsi cite carsi-fy2012 --style chicago
      carsi cite carsi-fy2012 --style ap
      carsi cite "105 million"
      carsi cite santiago-remarks
      carsi cite operation-martillo --style ris > martillo.ris
    """
    from carsi_cli.cli.streams import utf8_stdout
    from carsi_cli.model.text import inert_lines
    from carsi_cli.onward.cite import cite
    from carsi_cli.query.lookup import lookup_any
    from carsi_cli.query.stating import as_cited

    sheet = load_sheet(ctx)
    found = as_cited(lookup_any(sheet, record)) if record is not None else None
    # Reference files are data for other programs: UTF-8 whatever the locale, as JSON is.
    machine = style in (CitationStyle.BIBTEX, CitationStyle.RIS, CitationStyle.CSL_JSON)
    stream = utf8_stdout() if machine else sys.stdout
    stream.write(inert_lines(cite(sheet.source, style, found)))


ForceOption = Annotated[bool, typer.Option("--force", help="Replace the file or folder if it exists.")]


def _path(value: str) -> str:
    if not value.strip():
        raise typer.BadParameter("must not be empty")
    return value


@export_app.command("sqlite")
def export_sqlite(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(metavar="FILE", callback=_path, help="The database file to write.", show_default=False)
    ],
    force: ForceOption = False,
    no_pager: NeverPagedOption = False,
) -> None:
    """Write the model to a SQLite database, for Datasette and sqlite-utils.

    One table per collection with primary and foreign keys, join tables for
    lists (a program's agencies, countries and organizations), and a full-text
    index over names, Spanish names, search terms and quotes for each collection
    ({table}_fts). Each
    funding row says how it adds up (reading: one_fiscal_year,
    total_over_years, rate_per_year or no_fiscal_year), whether it is a lower
    bound (lower_bound), and its caveats, so that a SUM adds only what adds up.
    Datasette's metadata (title, license, source, and what each table and
    column holds) is inside the database, in the table _metadata: take it out
    and give it to Datasette with -m, as below. Written beside FILE, then
    renamed: a failed export leaves no half-written file.

    \b
    Examples:
      carsi export sqlite carsi.db
      sqlite3 carsi.db "select json from _metadata" > metadata.json
      datasette carsi.db -m metadata.json
      sqlite-utils search carsi.db programs martillo
      carsi --data my-model.yaml export sqlite mine.db --force
    """
    from carsi_cli.loading import bundled_data_path
    from carsi_cli.onward import sqlite
    from carsi_cli.onward.datapackage import BUNDLED_LICENSES
    from carsi_cli.onward.tables import tables
    from carsi_cli.onward.writing import new_file

    sheet = load_sheet(ctx)
    bundled = data_path(ctx).resolve() == bundled_data_path().resolve()
    target = Path(file)
    written = tables(sheet)
    metadata = sqlite.datasette_metadata(written, sheet.source, BUNDLED_LICENSES if bundled else (), target.stem)
    with new_file(target, force=force) as temporary:
        sqlite.write(written, temporary, metadata)
    note(f"Wrote {target}.")


@export_app.command("datapackage")
def export_datapackage(
    ctx: typer.Context,
    folder: Annotated[
        str,
        typer.Argument(metavar="DIR", callback=_path, help="The folder to write the package into.", show_default=False),
    ],
    force: ForceOption = False,
    no_pager: NeverPagedOption = False,
) -> None:
    """Write the model as a Frictionless Data Package: CSV files and datapackage.json.

    One CSV per collection and per list of references, and a datapackage.json
    with each field's type, the primary and foreign keys, the source with its
    citation, and the licenses (those of the bundled model; a model of your own
    gets none until you add yours). funding.csv has each figure's reading,
    lower_bound and caveats, as the SQLite export does. DIR is written whole
    or not at all; with --force it replaces a folder that holds only a data
    package carsi wrote.

    \b
    Examples:
      carsi export datapackage carsi-data
      frictionless validate carsi-data/datapackage.json
      carsi --data my-model.yaml export datapackage mine --force
    """
    from carsi_cli.loading import bundled_data_path
    from carsi_cli.onward import datapackage as package
    from carsi_cli.onward.tables import tables
    from carsi_cli.onward.writing import new_folder

    sheet = load_sheet(ctx)
    bundled = data_path(ctx).resolve() == bundled_data_path().resolve()
    licenses = package.BUNDLED_LICENSES if bundled else ()
    target = Path(folder)
    written = tables(sheet)
    with new_folder(target, force=force, replaceable=lambda found: package.replaceable(found, written)) as temporary:
        package.write(written, sheet.source, temporary, licenses)
    note(f"Wrote {target}/{package.DESCRIPTOR} and its CSV files.")
    if not licenses:
        note("Your model's license is not known: add it to datapackage.json under 'licenses'.")


@export_app.command("xlsx")
def export_xlsx(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(metavar="FILE", callback=_path, help="The workbook file to write.", show_default=False)
    ],
    force: ForceOption = False,
    no_pager: NeverPagedOption = False,
) -> None:
    """Write the model to a spreadsheet workbook (.xlsx), for Excel and LibreOffice.

    A first sheet says what the workbook is, how to read the funding figures
    (not to be added up without their notes) and cites the source; then one
    sheet per table, as in the SQLite export. Amounts are numbers, fiscal years
    integers (empty where the fact sheet gives none), and each funding figure
    has its basis and notes in its row. Text is never run as a formula. Written
    beside FILE, then renamed: a failed export leaves no half-written file.

    \b
    Examples:
      carsi export xlsx carsi.xlsx
      libreoffice carsi.xlsx
      carsi --data my-model.yaml export xlsx mine.xlsx --force
    """
    from carsi_cli.loading import bundled_data_path
    from carsi_cli.onward import xlsx
    from carsi_cli.onward.datapackage import BUNDLED_LICENSES
    from carsi_cli.onward.tables import tables
    from carsi_cli.onward.writing import new_file

    sheet = load_sheet(ctx)
    bundled = data_path(ctx).resolve() == bundled_data_path().resolve()
    target = Path(file)
    with new_file(target, force=force) as temporary:
        xlsx.write(sheet, tables(sheet), temporary, BUNDLED_LICENSES if bundled else ())
    note(f"Wrote {target}.")
