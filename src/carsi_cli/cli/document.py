"""source and verify: the document itself, and the model checked against it."""

from __future__ import annotations

from typing import Annotated

import typer

from carsi_cli.cli.annotated import CountryOption, ProgramOption, RecordOption, show_annotated
from carsi_cli.cli.common import (
    FormatOption,
    NeverPagedOption,
    NoPagerOption,
    WideOption,
    data_path,
    for_people,
    is_terminal,
    load_sheet,
    note,
    output,
)
from carsi_cli.cli.root import app
from carsi_cli.cli.streams import EXIT_FAILURE
from carsi_cli.errors import DataFileError
from carsi_cli.model.formats import OutputFormat


@app.command("source")
def source(
    ctx: typer.Context,
    text: Annotated[bool, typer.Option("--text", help="Print the source text itself.")] = False,
    annotate: Annotated[
        bool, typer.Option("--annotate", help="The source text with every passage a record quotes marked.")
    ] = False,
    record: RecordOption = None,
    program: ProgramOption = None,
    country: CountryOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    no_pager: NoPagerOption = False,
) -> None:
    """The source document and a ready citation; its text, annotated with its records.

    With --annotate, the text in reading order, each passage a record quotes
    marked and followed by the records it supports, and what share of the
    sentences and dollar figures the records quote. --record, --program and
    --country mark only the passages that concern one record.

    \b
    Examples:
      carsi source
      carsi source --format json
      carsi source --text > factsheet.txt
      carsi source --annotate
      carsi source --annotate --program carsi
      carsi source --annotate --format json | jq -r '.gaps[].text'
    """
    if annotate or record or program or country:
        if text:
            raise typer.BadParameter("use either --text or --annotate, not both", param_hint="'--text'")
        show_annotated(ctx, fmt, record=record, program=program, country=country, pager=not no_pager)
        return
    from carsi_cli.loading import read_source_text
    from carsi_cli.views import columns as views
    from carsi_cli.views import render

    sheet = load_sheet(ctx)
    if text:
        body = read_source_text(sheet, data_path(ctx))
        if body is None:
            raise DataFileError("the data file names no source text (source.text_file)")
        from carsi_cli.cli.streams import utf8_stdout
        from carsi_cli.model.text import inert_lines

        # Exactly, as UTF-8, into a file or pipe; on a terminal, its control characters shown, not obeyed.
        if is_terminal():
            with output(fmt, pager=not no_pager) as out:
                out.stream.write(inert_lines(body))
        else:
            utf8_stdout().write(body)
        return
    with output(fmt, pager=not no_pager) as out:
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
    field inferred. So must the program of each figure of money and its verb
    ("committed"), an inferred date fit what its quotes and reason say ("this
    past January"), a statistic's qualifier ("roughly"), and each country's
    role be given it by its quote. Links must be named in the linking record's
    quotes, and an alias must belong to one record only. Lists each failure
    with the file and line of its field; exit status 1 if there is any.

    Every other command checks figures, years, links and roles the same way
    before it shows anything, and refuses a model that fails them
    (--unverified shows it anyway).

    \b
    Examples:
      carsi verify
      carsi --data my-model.yaml verify --format json
    """
    from carsi_cli.loading import checks, locate_problems, read_source_text
    from carsi_cli.model.results import Problem
    from carsi_cli.views import render

    sheet = load_sheet(ctx, check_quotes=False)
    path = data_path(ctx)
    problems = checks.verify(sheet, read_source_text(sheet, path))
    if problems:
        problems = locate_problems(problems, path)
    with output(fmt, wide=wide, pager=not no_pager) as out:
        render.emit(problems, Problem, fmt, out, sheet)
    if for_people(fmt):
        count = sum(1 for _ in sheet.all_records())
        if problems:
            note(f"{len(problems)} problem(s) in {count} records of {path}.")
        else:
            note(f"OK: {count} records; every quote occurs in {sheet.source.text_file} and every figure in its quote.")
    if problems:
        raise typer.Exit(EXIT_FAILURE)


def _schema_commands(incomplete: str) -> list[str]:
    from carsi_cli.views.schema import COMMANDS

    return list(dict.fromkeys(name.split()[0] for name in COMMANDS if name.startswith(incomplete)))


@app.command("schema")
def schema_command(
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="COMMAND...",
            help="The command whose JSON is described: funding, search, programs list, programs show, ...",
            autocompletion=_schema_commands,
            show_default=False,
        ),
    ],
    no_pager: NeverPagedOption = False,
) -> None:
    """The JSON Schema (draft 2020-12) of a command's --format json output.

    Every field of each record, its type and its values, which fields are
    required (all of them: an empty list or null stands for no value) and
    that no other appears: to validate carsi's JSON, or to generate types
    from it.

    \b
    Examples:
      carsi schema funding
      carsi schema programs show > program.schema.json
      carsi schema funding | jq '.items.required'
    """
    from carsi_cli.cli.streams import utf8_stdout
    from carsi_cli.views.plain import dumps
    from carsi_cli.views.schema import COMMANDS, schema

    command = " ".join(words).strip().lower()
    if command not in COMMANDS:
        raise typer.BadParameter(
            f"no JSON output described for {command!r}; choose one of: {', '.join(COMMANDS)}", param_hint="'COMMAND'"
        )
    utf8_stdout().write(dumps(schema(command), pretty=True) + "\n")
