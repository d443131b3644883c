"""What the commands share: options, their checks, the model the global
options name, and where output goes."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from carsi_cli.model.formats import OutputFormat
from carsi_cli.model.records import FactSheet

if TYPE_CHECKING:
    from carsi_cli.views.output import Output


class State:
    """What the global options say, for the commands."""

    def __init__(self, data: Path | None = None, *, unverified: bool = False) -> None:
        self.data = data
        self.unverified = unverified
        """Show the model without checking it against its quotes (--unverified)."""


# Whether this run shows a model loaded without its checks: then every output
# says so (``load_sheet`` sets it; the root callback clears it for each run).
SHOWN_UNVERIFIED: ContextVar[bool] = ContextVar("SHOWN_UNVERIFIED", default=False)


def not_blank(value: str | None) -> str | None:
    """An option's value, which must not be empty or blank."""
    if value is not None and not value.strip():
        raise typer.BadParameter("must not be empty")
    return value


FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", case_sensitive=False, help="Output format."),
]
WideOption = Annotated[
    bool, typer.Option("--wide", help="On a terminal, show every column and all text in full, not cut at '…'.")
]
NoPagerOption = Annotated[
    bool, typer.Option("--no-pager", help="Print long output directly instead of through a pager (CARSI_PAGER, PAGER).")
]
NeverPagedOption = Annotated[
    bool,
    typer.Option("--no-pager", help="Accepted, as by every command; what this command prints is never paged."),
]
"""--no-pager for the commands whose output never goes through a pager (a
citation, an export), so that every command takes it, as scripts expect."""


def record_option(metavar: str, complete: Callable[..., Any], help: str) -> Any:
    """An option that takes a record by what people call it: never blank,
    completed from the model (``complete`` is one of ``completion``'s)."""
    return typer.Option(metavar=metavar, callback=not_blank, autocompletion=complete, help=help)


def record_argument(complete: Callable[..., Any], help: str) -> Any:
    """An argument that takes a record by what people call it (see ``record_option``)."""
    return typer.Argument(help=help, callback=not_blank, autocompletion=complete, show_default=False)


def fiscal_year(value: str) -> int:
    """A --fy, --from or --to value as people write it (2012, FY2012, FY12), checked
    against the years carsi knows."""
    from carsi_cli.model.years import fiscal_year as parse

    try:
        return parse(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def year_option(flag: str, help: str) -> Any:
    """--fy, --from or --to: a fiscal year as people write it, completed with the years the figures cover."""
    from carsi_cli.cli import completion

    return typer.Option(flag, metavar="YEAR", parser=fiscal_year, autocompletion=completion.years, help=help)


def note(message: str) -> None:
    """A message for people, on stderr; wrapped at spaces to the width of a terminal."""
    from carsi_cli.model.text import inert

    text = inert(message)
    try:
        on_terminal = sys.stderr.isatty()
    except (AttributeError, ValueError):
        on_terminal = False
    if on_terminal:
        from carsi_cli.views.layout import plain_lines

        text = "\n".join(plain_lines(text, terminal_width(sys.stderr)))
    sys.stderr.write(text + "\n")


def for_people(fmt: OutputFormat) -> bool:
    """Whether a format is read by people (then notes go with it)."""
    return fmt in (OutputFormat.TABLE, OutputFormat.MARKDOWN)


def say_why_empty(fmt: OutputFormat, records: Sequence[object], why: Callable[[], str]) -> None:
    """When a list is empty, in a format for people (table or Markdown, on a
    terminal or piped), one line on stderr saying why: ``why`` is one of
    ``query.empty``'s. JSON stays ``[]`` and CSV a header; the status stays 0."""
    if not records and for_people(fmt):
        note(why())


def is_terminal() -> bool:
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


def terminal_width(stream: TextIO | None = None) -> int:
    """The width to lay a terminal view out for: COLUMNS when it is a positive
    number, else the terminal's own width (stdout's, or ``stream``'s), else 80;
    never below the narrowest layout nor above the widest (``layout.SMALLEST``,
    ``layout.WIDEST``: COLUMNS=100000000 is taken as 1000)."""
    from carsi_cli.views.layout import SMALLEST, WIDEST

    columns = os.environ.get("COLUMNS", "").strip()
    # A number of more digits than WIDEST's is wider than it: never converted (int() of a
    # few thousand digits is slow, and Python refuses longer ones).
    width = (WIDEST + 1 if len(columns) > len(str(WIDEST)) else int(columns)) if columns.isdigit() else 0
    if width <= 0:
        try:
            width = os.get_terminal_size((stream or sys.stdout).fileno()).columns
        except (AttributeError, ValueError, OSError):
            width = 0
    return min(max(width if width > 0 else 80, SMALLEST), WIDEST)


# Formats for other programs: written as UTF-8 whatever the locale, and never paged.
_DATA_FORMATS = (OutputFormat.JSON, OutputFormat.NDJSON, OutputFormat.CSV, OutputFormat.CSV_EXCEL)


@contextmanager
def output(fmt: OutputFormat, *, wide: bool = False, pager: bool = True) -> Iterator[Output]:
    """Standard output for ``fmt``, whether it is a terminal, and how wide.
    JSON, NDJSON and CSV are written as UTF-8 whatever the locale; other formats
    in the locale's encoding, with look-alikes or escapes for what it cannot
    show. On a real terminal, a view for people is paged when it is longer than
    the screen (see ``pager``), unless ``pager`` is False; never when piped."""
    from carsi_cli.views.output import Output

    unverified = SHOWN_UNVERIFIED.get()
    if fmt in _DATA_FORMATS:
        from carsi_cli.cli.streams import utf8_stdout

        yield Output(utf8_stdout(), terminal=is_terminal(), unverified=unverified)
        return
    if not is_terminal():
        yield Output(sys.stdout, unverified=unverified)
        return
    width = terminal_width()
    try:
        paged = pager and sys.stdout.isatty()
    except (AttributeError, ValueError):
        paged = False
    if not paged:
        yield Output(sys.stdout, terminal=True, width=width, wide=wide, unverified=unverified)
        return
    import io

    buffer = io.StringIO()
    yield Output(buffer, terminal=True, width=width, wide=wide, unverified=unverified)
    from carsi_cli.views.pager import page

    page(buffer.getvalue(), sys.stdout, os.environ)


def data_path(ctx: typer.Context) -> Path:
    """The data file the global options name, or the bundled model."""
    from carsi_cli.loading import bundled_data_path

    state = ctx.find_object(State)
    return state.data if state and state.data else bundled_data_path()


def load_sheet(ctx: typer.Context, *, check_quotes: bool = True) -> FactSheet:
    """The model the global options name, loaded and checked against its quotes
    (see ``load.load``), unless --unverified says to show it unchecked: then a
    line on stderr says so, and so does every output that has room for it."""
    from carsi_cli.loading import load

    state = ctx.find_object(State)
    if check_quotes and state is not None and state.unverified:
        path = data_path(ctx)
        SHOWN_UNVERIFIED.set(True)
        from carsi_cli.model.text import inert

        sys.stderr.write(
            f"carsi: unverified: {inert(str(path))} is shown without checking it against its quotes; "
            "run `carsi verify` before you rely on it\n"
        )
        return load(path, check_quotes=False)
    return load(data_path(ctx), check_quotes=check_quotes)


def show_detail(
    ctx: typer.Context, fmt: OutputFormat, no_pager: bool, find: Callable[[FactSheet], Any], view: Callable[[Any], Any]
) -> None:
    """The body of every `show` command: the model loaded, the record found
    (``find``, which raises a finished NotFoundError), its view in ``fmt``."""
    from carsi_cli.views import render

    sheet = load_sheet(ctx)
    detail = view(find(sheet))
    with output(fmt, pager=not no_pager) as out:
        render.emit_detail(detail, fmt, out, sheet)
