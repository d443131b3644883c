"""Where a view is written, apart from the renderers: the commands that write
without them (``source --annotate``) do not pay for importing them."""

from __future__ import annotations

from typing import IO, NamedTuple


class Output(NamedTuple):
    """Where and how to write: the stream, and whether it is a terminal."""

    stream: IO[str]
    terminal: bool = False
    width: int | None = None
    """Terminal width; None asks the terminal (see ``terminal.terminal_width``)."""
    wide: bool = False
    """On a terminal, every column of a list and every text in full."""
    unverified: bool = False
    """The model was not checked against its quotes (--unverified): a JSON
    object says so in an ``unverified`` field (a JSON list cannot)."""
