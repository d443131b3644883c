"""Typer wiring only: options -> load -> query -> render. One error boundary."""

from __future__ import annotations

import errno
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from .errors import CarsiError
from .formats import OutputFormat
from .model import Agency, Country, Event, FactSheet, Funding, Program, ProgramKind, RecordType, Statistic

EXIT_FAILURE, EXIT_INTERNAL = 1, 70  # and 0 for success, 2 (Typer's) for usage errors
FY_MIN, FY_MAX = 1900, 2100

EPILOG = """\b
Exit status: 0 success (an empty result is a success), 1 not found, bad
data or an input/output error, 2 usage error.

\b
Environment: CARSI_DATA (a data file to use instead of the bundled model),
CARSI_MAX_DATA_MB (size limit for data files, default 50), CARSI_CACHE_DIR,
CARSI_NO_CACHE=1, NO_COLOR.
"""


class _InertStream:
    """A text stream that writes everything as inert text (see ``text.inert_lines``)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, data: Any) -> Any:
        from .text import inert_lines

        return self._stream.write(inert_lines(data) if isinstance(data, str) else data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _RootGroup(typer.core.TyperGroup):
    """carsi's root command. Click's own messages echo what the user typed
    ("Got unexpected extra argument(s) (...)"), so all it writes to stderr is
    made inert: an argument cannot drive the terminal either."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        stderr = sys.stderr
        sys.stderr = _InertStream(stderr)
        try:
            return super().main(*args, **kwargs)
        finally:
            sys.stderr = stderr


app = typer.Typer(
    name="carsi",
    cls=_RootGroup,
    help="""Exact, cited answers about U.S. security assistance to Central America,
from the White House fact sheet "The Central American Citizen Security
Partnership" (March 6, 2012).

\b
Examples:
  carsi funding --fy 2012
  carsi programs list
  carsi search martillo
  carsi programs show carsi --format json
""",
    epilog=EPILOG,
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: no Rich import for --help (start-up time)
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
programs_app = typer.Typer(
    no_args_is_help=True, rich_markup_mode=None, help="Programs, initiatives, operations and strategies."
)
agencies_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Agencies of the United States and the programs they take part in.",
)
countries_app = typer.Typer(
    no_args_is_help=True, rich_markup_mode=None, help="Countries and every role they play in the fact sheet."
)
app.add_typer(programs_app, name="programs")
app.add_typer(agencies_app, name="agencies")
app.add_typer(countries_app, name="countries")


# ---------------------------------------------------------------------------
# The edge: state, errors, output


class State:
    """What the global options say, for the commands."""

    def __init__(self, data: Path | None = None) -> None:
        self.data = data


def _fail(message: str, status: int = EXIT_FAILURE) -> NoReturn:
    from .text import inert

    sys.stderr.write(f"Error: {inert(message)}\n")
    raise typer.Exit(status)


def _note(message: str) -> None:
    from .text import inert

    sys.stderr.write(inert(message) + "\n")


F = TypeVar("F", bound=Callable[..., Any])


def _boundary(func: F) -> F:
    """Report CarsiErrors and failed output as one line on stderr with status 1; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = func(*args, **kwargs)
            sys.stdout.flush()  # so that a failed write is reported here, not at exit
            return result
        except CarsiError as exc:
            _fail(str(exc))
        except (typer.Exit, typer.Abort, typer.TyperException, BrokenPipeError):
            raise  # Typer's own exits and usage errors (status 2), and a closed pipe
        except OSError as exc:  # stdout on a full disk, a closed terminal, a file gone ...
            if exc.errno == errno.EPIPE:
                raise
            if exc.filename is not None:
                _fail(f"cannot use {exc.filename}: {exc.strerror or exc}")
            _discard_stdout()
            _fail(f"cannot write the output: {exc.strerror or exc}")
        except Exception as exc:
            if os.environ.get("CARSI_DEBUG"):
                raise
            _fail(
                f"internal error ({type(exc).__name__}: {exc}); this is a bug in carsi, please report it "
                "with the command you ran (CARSI_DEBUG=1 shows the traceback)",
                EXIT_INTERNAL,
            )

    return wrapper  # type: ignore[return-value]


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so that Python's final flush does not fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):  # not a real file (tests)
        pass


def _not_blank(value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise typer.BadParameter("must not be empty")
    return value


def _fiscal_year(value: int | None) -> int | None:
    if value is not None and not FY_MIN <= value <= FY_MAX:
        raise typer.BadParameter(f"{value} is not a fiscal year carsi knows; give one from {FY_MIN} to {FY_MAX}")
    return value


def _is_terminal() -> bool:
    """Whether stdout is a terminal, honouring TTY_COMPATIBLE and FORCE_COLOR as Rich does."""
    forced = os.environ.get("TTY_COMPATIBLE", "")
    if forced in ("0", "1"):
        return forced == "1"
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _output() -> Any:
    from .render import Output

    return Output(sys.stdout, terminal=_is_terminal())


def _sheet(ctx: typer.Context, *, check_quotes: bool = True) -> FactSheet:
    from .load import load

    return load(_data_path(ctx), check_quotes=check_quotes)


def _data_path(ctx: typer.Context) -> Path:
    """The data file the global options name, or the bundled model."""
    from .load import bundled_data_path

    state = ctx.find_object(State)
    return state.data if state and state.data else bundled_data_path()


def _for_people(fmt: OutputFormat) -> bool:
    return fmt in (OutputFormat.TABLE, OutputFormat.MARKDOWN)


FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", case_sensitive=False, help="Output format."),
]


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"carsi {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            metavar="PATH",
            callback=_not_blank,
            envvar="CARSI_DATA",
            show_envvar=True,
            help="A data file with carsi's schema to use instead of the bundled model.",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    ctx.obj = State(data=Path(data) if data is not None else None)


# ---------------------------------------------------------------------------
# Commands


@programs_app.command("list")
@_boundary
def programs_list(
    ctx: typer.Context,
    country: Annotated[
        str | None,
        typer.Option(metavar="COUNTRY", callback=_not_blank, help="Only programs in this country (id or name)."),
    ] = None,
    agency: Annotated[
        str | None,
        typer.Option(
            metavar="AGENCY",
            callback=_not_blank,
            help="Only programs this agency takes part in (id, name or abbreviation).",
        ),
    ] = None,
    kind: Annotated[ProgramKind | None, typer.Option(case_sensitive=False, help="Only programs of this kind.")] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """List programs, initiatives, operations and strategies, with their quotes.

    \b
    Examples:
      carsi programs list
      carsi programs list --country panama --format json
      carsi programs list --agency DEA
    """
    from . import query, render

    sheet = _sheet(ctx)
    records = query.programs(sheet, country=country, agency=agency, kind=kind)
    render.emit(records, Program, fmt, _output(), sheet)


@programs_app.command("show")
@_boundary
def programs_show(
    ctx: typer.Context,
    program: Annotated[
        str, typer.Argument(help="Program id, name or abbreviation.", callback=_not_blank, show_default=False)
    ],
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show one program: description, agencies, countries, funding and quotes.

    \b
    Examples:
      carsi programs show carsi
      carsi programs show "Operation Martillo" --format json
    """
    from . import query, render

    sheet = _sheet(ctx)
    detail = query.program_detail(sheet, program)
    render.emit_detail(render.program_view(detail), fmt, _output(), sheet)


@app.command("funding")
@_boundary
def funding(
    ctx: typer.Context,
    fy: Annotated[
        int | None,
        typer.Option(
            "--fy", metavar="YEAR", callback=_fiscal_year, help="Only figures whose fiscal years include this one."
        ),
    ] = None,
    fy_from: Annotated[
        int | None,
        typer.Option(
            "--from", metavar="YEAR", callback=_fiscal_year, help="Only figures covering this fiscal year or later."
        ),
    ] = None,
    fy_to: Annotated[
        int | None,
        typer.Option(
            "--to", metavar="YEAR", callback=_fiscal_year, help="Only figures covering this fiscal year or earlier."
        ),
    ] = None,
    program: Annotated[
        str | None,
        typer.Option(metavar="ID", callback=_not_blank, help="Only this program's figures (id, name or abbreviation)."),
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Funding figures exactly as the fact sheet states them.

    A multi-year total that covers a year is shown as that total, never as the
    year's money; per-year rates are rates. Figures are never added up when
    their fiscal years overlap or their bases differ: the notes say why.

    \b
    Examples:
      carsi funding --fy 2012
      carsi funding --from 2008 --to 2011 --format json
      carsi funding --program carsi
    """
    from . import query, render

    if fy is not None and (fy_from is not None or fy_to is not None):
        raise typer.BadParameter("use either --fy or --from/--to, not both", param_hint="'--fy'")
    if fy is not None:
        fy_from = fy_to = fy
    if fy_from is not None and fy_to is not None and fy_from > fy_to:
        raise typer.BadParameter(f"--from {fy_from} is after --to {fy_to}", param_hint="'--from'")
    sheet = _sheet(ctx)
    report = query.funding(sheet, fy_from, fy_to, program)
    render.emit(report.records, Funding, fmt, _output(), sheet)
    if _for_people(fmt):
        if not report.records:
            _note("No funding figure covers those fiscal years.")
        for note in report.notes:
            _note(note)


@agencies_app.command("list")
@_boundary
def agencies_list(ctx: typer.Context, fmt: FormatOption = OutputFormat.TABLE) -> None:
    """List the U.S. agencies the fact sheet names.

    \b
    Examples:
      carsi agencies list
      carsi agencies list --format csv
    """
    from . import render

    sheet = _sheet(ctx)
    render.emit(sheet.agencies, Agency, fmt, _output(), sheet)


@agencies_app.command("show")
@_boundary
def agencies_show(
    ctx: typer.Context,
    agency: Annotated[
        str, typer.Argument(help="Agency id, name or abbreviation.", callback=_not_blank, show_default=False)
    ],
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show one agency and the programs it takes part in.

    \b
    Examples:
      carsi agencies show DEA
      carsi agencies show "Joint Interagency Task Force-South"
    """
    from . import query, render

    sheet = _sheet(ctx)
    detail = query.agency_detail(sheet, agency)
    render.emit_detail(render.agency_view(detail), fmt, _output(), sheet)


@countries_app.command("list")
@_boundary
def countries_list(ctx: typer.Context, fmt: FormatOption = OutputFormat.TABLE) -> None:
    """List the countries the fact sheet names, with their roles.

    \b
    Examples:
      carsi countries list
      carsi countries list --format json
    """
    from . import render

    sheet = _sheet(ctx)
    render.emit(sheet.countries, Country, fmt, _output(), sheet)


@countries_app.command("show")
@_boundary
def countries_show(
    ctx: typer.Context,
    country: Annotated[
        str, typer.Argument(help="Country id or name; accents are optional.", callback=_not_blank, show_default=False)
    ],
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show every role a country plays in the fact sheet and the programs there.

    \b
    Examples:
      carsi countries show panama
      carsi countries show "El Salvador" --format markdown
    """
    from . import query, render

    sheet = _sheet(ctx)
    detail = query.country_detail(sheet, country)
    render.emit_detail(render.country_view(detail), fmt, _output(), sheet)


@app.command("search")
@_boundary
def search(
    ctx: typer.Context,
    text: Annotated[
        str,
        typer.Argument(
            metavar="QUERY",
            help="Words to find; case and accents are ignored.",
            callback=_not_blank,
            show_default=False,
        ),
    ],
    types: Annotated[
        list[RecordType] | None,
        typer.Option("--type", "-t", case_sensitive=False, help="Only records of this type (repeatable)."),
    ] = None,
    limit: Annotated[int, typer.Option(metavar="N", min=0, help="Show at most this many results; 0 shows all.")] = 20,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Search every record: names, abbreviations, descriptions and quotes.

    Results are ranked (names before passages) and show the matching passage.

    \b
    Examples:
      carsi search martillo
      carsi search hidta
      carsi search "rule of law" --type funding --format json
    """
    from . import query, render
    from .load import derived, load_entry

    sheet, entry = load_entry(_data_path(ctx))
    folded = derived(
        entry,
        "search",
        lambda: query.haystacks(sheet),
        lambda kept: (
            isinstance(kept, tuple)
            and all(isinstance(hays, tuple) and all(isinstance(hay, str) for hay in hays) for hays in kept)
        ),
    )
    result = query.search(sheet, text, types or (), limit or None, folded)
    render.emit(result.hits, query.SearchHit, fmt, _output(), sheet)
    if _for_people(fmt):
        if not result.hits:
            hint = f" Did you mean: {', '.join(result.suggestions)}?" if result.suggestions else ""
            _note(f"No record matches {text!r}.{hint}")
        elif result.total > len(result.hits):
            _note(f"Showing {len(result.hits)} of {result.total} matches; use --limit 0 to see all.")


@app.command("stats")
@_boundary
def stats(
    ctx: typer.Context,
    program: Annotated[
        str | None, typer.Option(metavar="ID", callback=_not_blank, help="Only this program's statistics.")
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """The fact sheet's other figures: counts and percentages, with their quotes.

    \b
    Examples:
      carsi stats
      carsi stats --program hidta --format json
    """
    from . import query, render

    sheet = _sheet(ctx)
    render.emit(query.statistics(sheet, program), Statistic, fmt, _output(), sheet)


@app.command("timeline")
@_boundary
def timeline(ctx: typer.Context, fmt: FormatOption = OutputFormat.TABLE) -> None:
    """The dated events, oldest first; dates the text only implies are marked inferred.

    \b
    Examples:
      carsi timeline
      carsi timeline --format markdown
    """
    from . import query, render

    sheet = _sheet(ctx)
    events = query.timeline(sheet)
    render.emit(events, Event, fmt, _output(), sheet)
    if _for_people(fmt):
        for note in query.timeline_notes(events):
            _note(note)


@app.command("source")
@_boundary
def source(
    ctx: typer.Context,
    text: Annotated[bool, typer.Option("--text", help="Print the source text itself.")] = False,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """The source document and a ready citation.

    \b
    Examples:
      carsi source
      carsi source --format json
      carsi source --text > factsheet.txt
    """
    from . import render
    from .load import read_source_text

    sheet = _sheet(ctx)
    if text:
        body = read_source_text(sheet, _data_path(ctx))
        if body is None:
            _fail("the data file names no source text (source.text_file)")
        from .text import inert_lines

        # As it is into a file or pipe; on a terminal, its control characters shown, not obeyed.
        sys.stdout.write(inert_lines(body) if _is_terminal() else body)
        return
    render.emit_detail(render.source_view(sheet.source), fmt, _output(), sheet)


@app.command("verify")
@_boundary
def verify(ctx: typer.Context, fmt: FormatOption = OutputFormat.TABLE) -> None:
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
    from . import render
    from .checks import Problem, all_records, figure_problems, quote_problems
    from .load import read_source_text

    sheet = _sheet(ctx, check_quotes=False)
    source_text = read_source_text(sheet, _data_path(ctx))
    problems = figure_problems(sheet)
    if source_text is None:
        problems.append(Problem("source", sheet.source.id, "text_file", "not set: no quote could be checked"))
    else:
        problems = quote_problems(sheet, source_text) + problems
    render.emit(problems, Problem, fmt, _output(), sheet)
    if _for_people(fmt):
        count = sum(1 for _ in all_records(sheet))
        if problems:
            _note(f"{len(problems)} problem(s) in {count} records.")
        else:
            _note(f"OK: {count} records; every quote occurs in {sheet.source.text_file} and every figure in its quote.")
    if problems:
        raise typer.Exit(EXIT_FAILURE)


def main() -> None:
    """The `carsi` console script."""
    import gc
    import signal

    # carsi runs briefly and builds large trees of tuples that hold no cycles:
    # the cyclic garbage collector would only walk them again and again (it
    # doubles the time to read a cached 10,000-program model).
    gc.disable()
    # A reader that goes away (`carsi ... | head -1`) ends carsi quietly, as it
    # does other Unix tools, instead of a write error.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    app(prog_name="carsi")
