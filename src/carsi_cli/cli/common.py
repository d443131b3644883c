"""What the commands share: options, their checks, the model the global
options name, and where output goes."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..formats import OutputFormat
from ..model import FactSheet

if TYPE_CHECKING:
    from ..render import Output


class State:
    """What the global options say, for the commands."""

    def __init__(self, data: Path | None = None) -> None:
        self.data = data


def not_blank(value: str | None) -> str | None:
    """An option's value, which must not be empty or blank."""
    if value is not None and not value.strip():
        raise typer.BadParameter("must not be empty")
    return value


FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", case_sensitive=False, help="Output format."),
]


def fiscal_year(value: str) -> int:
    """A --fy, --from or --to value as people write it (2012, FY2012, FY12), checked
    against the years carsi knows."""
    from ..years import fiscal_year as parse

    try:
        return parse(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def note(message: str) -> None:
    """A message for people, on stderr."""
    from ..text import inert

    sys.stderr.write(inert(message) + "\n")


def for_people(fmt: OutputFormat) -> bool:
    """Whether a format is read by people (then notes go with it)."""
    return fmt in (OutputFormat.TABLE, OutputFormat.MARKDOWN)


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


# Formats for other programs: written as UTF-8 whatever the locale.
_DATA_FORMATS = (OutputFormat.JSON, OutputFormat.NDJSON, OutputFormat.CSV, OutputFormat.CSV_EXCEL)


def output(fmt: OutputFormat) -> Output:
    """Standard output for ``fmt``, and whether it is a terminal. JSON, NDJSON
    and CSV are written as UTF-8 whatever the locale; other formats in the locale's
    encoding, with look-alikes or escapes for what it cannot show."""
    from ..render import Output
    from .streams import utf8_stdout

    stream = utf8_stdout() if fmt in _DATA_FORMATS else sys.stdout
    return Output(stream, terminal=is_terminal())


def data_path(ctx: typer.Context) -> Path:
    """The data file the global options name, or the bundled model."""
    from ..load import bundled_data_path

    state = ctx.find_object(State)
    return state.data if state and state.data else bundled_data_path()


def load_sheet(ctx: typer.Context, *, check_quotes: bool = True) -> FactSheet:
    """The model the global options name, loaded."""
    from ..load import load

    return load(data_path(ctx), check_quotes=check_quotes)
