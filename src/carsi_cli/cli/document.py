"""source and verify: the document itself, and the model checked against it."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import DataFileError
from ..formats import OutputFormat
from .app import EXIT_FAILURE, app
from .common import FormatOption, NoPagerOption, WideOption, data_path, for_people, load_sheet, note, output


@app.command("source")
def source(
    ctx: typer.Context,
    text: Annotated[bool, typer.Option("--text", help="Print the source text itself.")] = False,
    fmt: FormatOption = OutputFormat.TABLE,
    no_pager: NoPagerOption = False,
) -> None:
    """The source document and a ready citation.

    \b
    Examples:
      carsi source
      carsi source --format json
      carsi source --text > factsheet.txt
    """
    from .. import render, views
    from ..load import read_source_text

    sheet = load_sheet(ctx)
    if text:
        body = read_source_text(sheet, data_path(ctx))
        if body is None:
            raise DataFileError("the data file names no source text (source.text_file)")
        from ..text import inert_lines

        with output(pager=not no_pager) as out:
            # As it is into a file or pipe; on a terminal, its control characters shown, not obeyed.
            out.stream.write(inert_lines(body) if out.terminal else body)
        return
    with output(pager=not no_pager) as out:
        render.emit_detail(views.source_view(sheet.source), fmt, out, sheet)


@app.command("verify")
def verify(
    ctx: typer.Context,
    fmt: FormatOption = OutputFormat.TABLE,
    wide: WideOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Check the model against its source text.

    Every quote must occur in the source text (white space folded). Every
    funding amount, with its qualifier ("more than") and basis ("per year"), and
    its fiscal years, every statistic's phrase and value, and every event's date
    must be written in the record's own quotes, unless the record marks the
    field inferred. Lists each failure; exit status 1 if there is any.

    \b
    Examples:
      carsi verify
      carsi --data my-model.yaml verify --format json
    """
    from .. import checks, render
    from ..load import read_source_text

    sheet = load_sheet(ctx, check_quotes=False)
    problems = checks.verify(sheet, read_source_text(sheet, data_path(ctx)))
    with output(wide=wide, pager=not no_pager) as out:
        render.emit(problems, checks.Problem, fmt, out, sheet)
    if for_people(fmt):
        count = sum(1 for _ in sheet.all_records())
        if problems:
            note(f"{len(problems)} problem(s) in {count} records.")
        else:
            note(f"OK: {count} records; every quote occurs in {sheet.source.text_file} and every figure in its quote.")
    if problems:
        raise typer.Exit(EXIT_FAILURE)
