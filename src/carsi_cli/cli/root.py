"""The root of the command line: the Typer apps and the one error boundary of
a command. Commands live in the other modules of this package; the console
script and the standard streams in ``streams``."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from carsi_cli.cli import completion, install
from carsi_cli.cli.common import SHOWN_UNVERIFIED, State, not_blank
from carsi_cli.cli.process import internal_error
from carsi_cli.cli.streams import EXIT_FAILURE, EXIT_INTERNAL, InertStderr, report
from carsi_cli.errors import CarsiError, ModelCheckError

EPILOG = """\b
Exit status: 0 success (an empty result is a success: in a table or
Markdown, one line on stderr says why; JSON is [] and CSV a header), 1 not
found, bad data or an input/output error, 2 usage error, 130 interrupted
(Ctrl-C).

\b
Environment: CARSI_DATA (a data file to use instead of the bundled model),
CARSI_MAX_DATA_MB (size limit for data files, default 50), CARSI_CACHE_DIR,
CARSI_NO_CACHE=1, NO_COLOR.
"""


def fail(message: str, status: int = EXIT_FAILURE) -> typer.Exit:
    """Report one line on stderr; the exit to raise with ``status``."""
    report(message)
    return typer.Exit(status)


@contextmanager
def error_boundary() -> Iterator[None]:
    """The one place a command's errors become exit statuses: CarsiErrors and
    failed output (``streams.OutputError``) are one line on stderr with status
    1, a bug is status 70; never a traceback. (``process.run`` does the same
    for what happens outside a command: --help, --version, completion.)"""
    try:
        yield
        sys.stdout.flush()  # so that a failed write is reported here, not at exit
    except CarsiError as exc:
        failed = fail(str(exc))
        if isinstance(exc, ModelCheckError):
            from carsi_cli.model.text import inert

            sys.stderr.write("".join(f"  {inert(line)}\n" for line in exc.details))
        raise failed from None
    except (typer.Exit, typer.Abort, typer.TyperException, BrokenPipeError):
        raise  # Typer's own exits and usage errors (status 2), and a closed pipe
    except OSError as exc:  # a file gone, a device error ...
        if exc.errno == errno.EPIPE:
            raise
        if exc.filename is not None:
            raise fail(f"cannot use {exc.filename}: {exc.strerror or exc}") from None
        raise fail(f"input/output error: {exc.strerror or exc}") from None
    except Exception as exc:
        if os.environ.get("CARSI_DEBUG"):
            raise
        raise fail(internal_error(exc), EXIT_INTERNAL) from None


_HELP_ORDER = ("source", "verify", "schema", "cite", "funding", "stats", "timeline", "search")


class _RootGroup(typer.core.TyperGroup):
    """carsi's root command: every command runs inside the one error boundary.
    Click's own messages echo what the user typed ("Got unexpected extra
    argument(s) (...)"), so all it writes to stderr is made inert: an argument
    cannot drive the terminal either."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        with InertStderr():
            return super().main(*args, **kwargs)

    def list_commands(self, ctx: Any) -> list[str]:
        # Typer lists commands before groups; funding, stats and timeline are
        # groups (for their `show`) but stay where they always were in --help.
        names = super().list_commands(ctx)
        return sorted(names, key=lambda name: _HELP_ORDER.index(name) if name in _HELP_ORDER else len(_HELP_ORDER))

    def invoke(self, ctx: Any) -> Any:
        with error_boundary():
            return super().invoke(ctx)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing:  # a bare --install-completion names the current shell
            args = install.shell_named(args, set(self.list_commands(ctx)))
        return super().parse_args(ctx, args)

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: str | None = None) -> None:
        if os.environ.get(complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()):
            completion.plain_descriptions()  # descriptions without importing Rich
        super()._main_shell_completion(ctx_args, prog_name, complete_var)


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
    add_completion=False,  # carsi's own --install-completion and --show-completion (main_callback)
    context_settings={"help_option_names": ["-h", "--help"]},
)
programs_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Programs, initiatives, operations and strategies. `carsi initiatives` is the same.",
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
# `carsi export FORMAT PATH`: one subcommand per format (cli/onward.py adds sqlite and
# datapackage, cli/annotate.py html).
export_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Write the model to a file or folder for other tools: SQLite, a data package, a web page.",
)
app.add_typer(programs_app, name="programs")
# "list initiatives", in the design's words: the same commands, not shown in --help.
app.add_typer(programs_app, name="initiatives", hidden=True)
app.add_typer(agencies_app, name="agencies")
app.add_typer(countries_app, name="countries")
app.add_typer(organizations_app, name="organizations")
app.add_typer(export_app, name="export")


def _version(value: bool) -> None:
    if value:
        from carsi_cli import __version__

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
    unverified: Annotated[
        bool,
        typer.Option(
            "--unverified",
            envvar="CARSI_UNVERIFIED",
            show_envvar=True,
            help=(
                "Show a model being written without checking it against its quotes first. "
                "A line on stderr says it is unverified, and so does an 'unverified' field "
                "of JSON objects; JSON lists stay lists, so for them the stderr line is all."
            ),
        ),
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    install_completion: Annotated[
        install.Shell | None,
        typer.Option(
            "--install-completion",
            metavar="[SHELL]",
            case_sensitive=False,
            callback=install.install_callback,
            expose_value=False,
            is_eager=True,
            help="Install completion for SHELL (bash, zsh, fish, powershell; alone: the shell carsi runs in),"
            " editing only that shell's own files, and list what it wrote where.",
        ),
    ] = None,
    show_completion: Annotated[
        install.Shell | None,
        typer.Option(
            "--show-completion",
            metavar="[SHELL]",
            case_sensitive=False,
            callback=install.show_callback,
            expose_value=False,
            is_eager=True,
            help="Print the completion script for SHELL (alone: the shell carsi runs in), to install it by hand.",
        ),
    ] = None,
) -> None:
    SHOWN_UNVERIFIED.set(False)
    ctx.obj = State(data=Path(data) if data is not None else None, unverified=unverified)
