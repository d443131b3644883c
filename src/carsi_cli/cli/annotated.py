"""The fact sheet annotated with its records: `source --annotate` (drawn here,
asked for in document.py) and `export html`."""

from __future__ import annotations

from typing import Annotated

import typer

from carsi_cli.cli.common import (
    NeverPagedOption,
    data_path,
    for_people,
    is_terminal,
    load_sheet,
    not_blank,
    note,
    output,
    terminal_width,
)
from carsi_cli.cli.root import export_app
from carsi_cli.errors import DataFileError
from carsi_cli.model.formats import OutputFormat
from carsi_cli.model.records import FactSheet

RecordOption = Annotated[
    str | None,
    typer.Option(metavar="ID", callback=not_blank, help="Annotate, marking only this record's quotes."),
]
ProgramOption = Annotated[
    str | None,
    typer.Option(
        metavar="ID",
        callback=not_blank,
        help="Annotate, marking only what concerns this program: its quotes, funding, statistics and events, "
        "and the roles countries play in it.",
    ),
]
CountryOption = Annotated[
    str | None,
    typer.Option(
        metavar="NAME",
        callback=not_blank,
        help="Annotate, marking only what concerns this country: its quotes and roles, and the events that name it.",
    ),
]


def _source_text(ctx: typer.Context, sheet: FactSheet) -> str:
    from carsi_cli.loading import read_source_text

    text = read_source_text(sheet, data_path(ctx))
    if text is None:
        raise DataFileError("the data file names no source text (source.text_file), so there is nothing to annotate")
    return text


def show_annotated(
    ctx: typer.Context,
    fmt: OutputFormat,
    *,
    record: str | None,
    program: str | None,
    country: str | None,
    pager: bool = True,
) -> None:
    """`carsi source --annotate`, in any format: through ``output`` as every
    view is (JSON, NDJSON and CSV as UTF-8 whatever the locale; paged on a terminal)."""
    from carsi_cli.onward import annotated
    from carsi_cli.onward import focus as focusing
    from carsi_cli.onward import marks as annotate

    if sum(option is not None for option in (record, program, country)) > 1:
        raise typer.BadParameter("give one of --record, --program and --country", param_hint="'--record'")
    sheet = load_sheet(ctx)
    text = _source_text(ctx, sheet)
    marks = annotate.find_marks(sheet, text)
    focus = None
    if record is not None:
        focus = focusing.focus_record(sheet, record)
    elif program is not None:
        focus = focusing.focus_program(sheet, program)
    elif country is not None:
        focus = focusing.focus_country(sheet, country)
    if focus is not None:
        marks = focusing.focused(marks, list(sheet.all_records()), focus)
    result = annotate.annotate(sheet, text, marks)
    label = focus.label if focus else None
    with output(fmt, pager=pager) as out:
        stream = out.stream
        if fmt in (OutputFormat.JSON, OutputFormat.NDJSON):
            from carsi_cli.views.plain import dumps

            # NDJSON: the one object on one line, as a `show` view's
            pretty = out.terminal and fmt is OutputFormat.JSON
            data = annotated.to_json(result, sheet, label)
            if out.unverified:
                data["unverified"] = True
            stream.write(dumps(data, pretty=pretty) + "\n")
        elif fmt in (OutputFormat.CSV, OutputFormat.CSV_EXCEL):
            from carsi_cli.views.render import _write_csv  # the one CSV writer: cells inert, never formulas

            rows = list(annotated.csv_rows(result))
            _write_csv(rows, annotated.CSV_HEADER, stream, excel=fmt is OutputFormat.CSV_EXCEL)
        elif fmt is OutputFormat.MARKDOWN:
            stream.write(annotated.markdown(result, sheet.source.citation))
        elif out.terminal:
            width = out.width or terminal_width()
            annotated.print_terminal(stream, width, result, sheet.source.citation, focus is not None)
        else:
            stream.write(annotated.plain(result))
    if for_people(fmt):
        note(annotated.coverage_line(result.coverage, label))


@export_app.command("html")
def export_html(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE", callback=not_blank, show_default=False, help="The page to write; - for standard output."
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    no_pager: NeverPagedOption = False,
) -> None:
    """Write the annotated fact sheet as one self-contained web page.

    The fact sheet's text with every passage a record quotes highlighted, and
    every record with links to its passages and back. Focusing or hovering a
    passage shows its records; nothing is loaded from elsewhere (no script, no
    remote style, font or image), so the page can be read offline, shared or
    attached to a story. An existing FILE is replaced
    only with --force; a failed export leaves no half-written file.

    \b
    Examples:
      carsi export html factsheet.html
      carsi --data my-model.yaml export html my-model.html --force
    """
    from pathlib import Path

    from carsi_cli.cli.streams import utf8_stdout
    from carsi_cli.onward.webpage import page

    sheet = load_sheet(ctx)
    html = page(sheet, _source_text(ctx, sheet))
    if file == "-":
        if is_terminal():
            raise typer.BadParameter("will not write a web page to a terminal; name a file", param_hint="'FILE'")
        utf8_stdout().write(html)  # the page says it is UTF-8: so it is, whatever the locale
        return
    from carsi_cli.onward.writing import write_whole

    write_whole(Path(file), html.encode("utf-8"), force=force)
    note(f"Wrote {file} ({len(html.encode('utf-8')) // 1024 + 1} KB).")
