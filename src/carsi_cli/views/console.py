"""Rich's console for the terminal views: how a view reaches the terminal.

Rich decides what the terminal is shown: no escape sequences for
``TERM=dumb``, a legacy Windows console's own calls, and bold, dim, underline
and links elsewhere. carsi uses no colour at all, and under ``NO_COLOR`` no
styling of any kind (Rich's own NO_COLOR handling keeps bold and dim). Data
reaches Rich as ``Text`` only: no markup, emoji codes or highlighting.
Imported only when a terminal view is drawn.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import IO

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from carsi_cli.views.layout import screen_width

BOLD = Style(bold=True)
DIM = Style(dim=True)
MATCH = Style(bold=True, underline=True)
UNDERLINE = Style(underline=True)
PLAIN = Style.null()


def link(url: str) -> Style:
    """A link to ``url``: only ever around the whole of ``url``, as it is shown."""
    return Style(link=url)


def console(stream: IO[str], width: int | None) -> Console:
    """A console that writes a view for a terminal ``width`` columns wide to
    ``stream`` (None: the terminal's own width), never wider than
    ``layout.WIDEST``. Width and height are both given, so that Rich reads
    neither COLUMNS nor LINES (a value of thousands of digits is an error in int())."""
    if width is None:
        try:
            width = os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, ValueError, OSError):
            width = None
    return Console(
        file=stream,
        width=screen_width(width),
        height=25,  # given, or Rich takes a dumb terminal for 80 columns whatever the width
        markup=False,
        emoji=False,
        highlight=False,
        force_terminal=True,
        color_system=None if os.environ.get("NO_COLOR") else "auto",
    )


def write(stream: IO[str], width: int | None, renderables: Iterable[RenderableType]) -> None:
    """The renderables, one beneath the other, each line without trailing
    spaces. A line a view has laid out wider than the terminal (a URL kept
    whole) is not cropped."""
    out = console(stream, width)
    lines: list[list[Segment]] = []
    for renderable in renderables:
        options = out.options
        if isinstance(renderable, Text):  # a line laid out already: as wide as it is
            options = options.update(width=max(out.width, cell_len(renderable.plain)), no_wrap=True, overflow="ignore")
        lines += out.render_lines(renderable, options, pad=False)
    with out:  # one write, at the end
        for line in lines:
            out.print(_Line(_rstrip(line)), crop=False, soft_wrap=True)


def _rstrip(line: list[Segment]) -> list[Segment]:
    """The line without the spaces a table pads its last cells with."""
    line = list(line)
    while line and not line[-1].control:
        text, style = line[-1].text, line[-1].style
        if style is not None and (style.underline or style.link):
            break
        stripped = text.rstrip(" ")
        if stripped:
            line[-1] = Segment(stripped, style)
            break
        line.pop()
    return line


class _Line:
    """A line of segments as Rich drew them."""

    def __init__(self, segments: list[Segment]) -> None:
        self.segments = segments

    def __rich_console__(self, console: Console, options: object) -> Iterable[Segment]:
        yield from self.segments
        yield Segment.line()
