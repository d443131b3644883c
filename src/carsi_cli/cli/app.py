"""The root of the command line: the Typer apps, the one error boundary, and
the `carsi` console script. Commands live in the other modules of this package."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import CarsiError
from .common import State, not_blank

EXIT_FAILURE, EXIT_INTERNAL = 1, 70  # and 0 for success, 2 (Typer's) for usage errors

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
        from ..text import inert_lines

        return self._stream.write(inert_lines(data) if isinstance(data, str) else data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def fail(message: str, status: int = EXIT_FAILURE) -> typer.Exit:
    """Report one line on stderr; the exit to raise with ``status``."""
    from ..text import inert

    sys.stderr.write(f"Error: {inert(message)}\n")
    return typer.Exit(status)


@contextmanager
def error_boundary() -> Iterator[None]:
    """The one place errors become exit statuses: CarsiErrors and failed output
    are one line on stderr with status 1, a bug is status 70; never a traceback."""
    try:
        yield
        sys.stdout.flush()  # so that a failed write is reported here, not at exit
    except CarsiError as exc:
        raise fail(str(exc)) from None
    except (typer.Exit, typer.Abort, typer.TyperException, BrokenPipeError):
        raise  # Typer's own exits and usage errors (status 2), and a closed pipe
    except OSError as exc:  # stdout on a full disk, a closed terminal, a file gone ...
        if exc.errno == errno.EPIPE:
            raise
        if exc.filename is not None:
            raise fail(f"cannot use {exc.filename}: {exc.strerror or exc}") from None
        _discard_stdout()
        raise fail(f"cannot write the output: {exc.strerror or exc}") from None
    except Exception as exc:
        if os.environ.get("CARSI_DEBUG"):
            raise
        raise fail(
            f"internal error ({type(exc).__name__}: {exc}); this is a bug in carsi, please report it "
            "with the command you ran (CARSI_DEBUG=1 shows the traceback)",
            EXIT_INTERNAL,
        ) from None


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so that Python's final flush does not fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):  # not a real file (tests)
        pass


class _RootGroup(typer.core.TyperGroup):
    """carsi's root command: every command runs inside the one error boundary.
    Click's own messages echo what the user typed ("Got unexpected extra
    argument(s) (...)"), so all it writes to stderr is made inert: an argument
    cannot drive the terminal either."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        stderr = sys.stderr
        sys.stderr = _InertStream(stderr)
        try:
            return super().main(*args, **kwargs)
        finally:
            sys.stderr = stderr

    def invoke(self, ctx: Any) -> Any:
        with error_boundary():
            return super().invoke(ctx)


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
organizations_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Organizations that are neither countries nor U.S. agencies (SICA).",
)
export_app = typer.Typer(
    no_args_is_help=True, rich_markup_mode=None, help="Write the fact sheet and its model to a file."
)
app.add_typer(programs_app, name="programs")
app.add_typer(agencies_app, name="agencies")
app.add_typer(countries_app, name="countries")
app.add_typer(organizations_app, name="organizations")
app.add_typer(export_app, name="export")


def _version(value: bool) -> None:
    if value:
        from .. import __version__

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
            callback=not_blank,
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
