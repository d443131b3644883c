"""Rich's console for the terminal views: how a view reaches the terminal.

Rich decides what the terminal is shown: no escape sequences for
``TERM=dumb``, a legacy Windows console's own calls, and bold, dim, underline
and links elsewhere. carsi uses no colour at all, and under ``NO_COLOR`` no
styling of any kind (Rich's own NO_COLOR handling keeps bold and dim). Data
reaches Rich as ``Text`` only: no markup, emoji codes or highlighting.
Imported only when a terminal view is drawn.

Text in a view's tables and grids is ``Prose``: Rich's wrapper breaks at any
white space (``rich._wrap`` splits at ``\\s``, the no-break space included),
so "$105 million" could end one line and begin the next. Rather than hand
Rich lines broken by carsi, ``Prose`` asks Rich's own ``divide_line`` where
to break a copy of the text in which the spaces inside such a token are not
spaces: the breaks fall where Rich would put them, only never inside the
token. Everything else (cells, widths, justification, styles) is Rich's.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import IO

from rich._wrap import divide_line
from rich.cells import cell_len
from rich.console import Console, JustifyMethod, OverflowMethod, RenderableType
from rich.containers import Lines
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from carsi_cli.views.layout import ELLIPSIS, cell_width, screen_width, split_long, tokens

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


# ---------------------------------------------------------------------------
# Text that Rich wraps, with carsi's rules on top


def breaks(text: str, width: int) -> list[int]:
    """Where Rich breaks ``text`` into lines of ``width`` columns, never inside
    an amount or a fiscal-year label; a word wider than the line is broken
    after a hyphen or a slash where one falls in it (``layout.split_long``),
    not at the line's last column (offsets into ``text``)."""
    guarded = list(text)
    for start, end in tokens(text):
        for at in range(start, end):
            if guarded[at].isspace():
                guarded[at] = "_"  # one column wide, and no place to break
    width, guarded_text = max(width, 1), "".join(guarded)
    if all(cell_width(text[s:e]) <= width for s, e in tokens(text)):
        return divide_line(guarded_text, width)
    offsets: list[int] = []
    start = 0
    while True:
        rest = divide_line(guarded_text[start:], width, fold=False)
        end = start + rest[0] if rest else len(text)
        stop = start + len(text[start:end].rstrip())
        if cell_width(text[start:stop]) > width:  # a word wider than the line: after a hyphen where it can
            pieces = split_long(text, start, stop, width)
            offsets += [piece for piece, _ in pieces[1:]]
            start = pieces[-1][0]  # its last piece begins a line that goes on with the words after it
            continue
        if not rest:
            return offsets
        offsets.append(end)
        start = end


class Prose(Text):
    """A cell's text: wrapped at spaces by Rich but never inside an amount or a
    fiscal-year label, and with ``lines`` set, cut to that many lines, the last
    ending in "…" after a whole word. A URL is a link only on a line that shows
    all of it."""

    def __init__(self, text: str = "", style: str | Style = "", *, lines: int = 0) -> None:
        super().__init__(text, style)
        self.lines = lines
        """The most lines the text takes; 0 for all of them."""

    def cut(self, width: int) -> bool:
        """Whether the text is cut at ``width`` columns."""
        return bool(self.lines) and len(breaks(self.plain, width)) >= self.lines

    def wrap(
        self,
        console: Console,
        width: int,
        *,
        justify: JustifyMethod | None = None,
        overflow: OverflowMethod | None = None,
        tab_size: int = 8,
        no_wrap: bool | None = None,
    ) -> Lines:
        if no_wrap or self.no_wrap or overflow == "ignore" or "\n" in self.plain:
            return super().wrap(console, width, justify=justify, overflow=overflow, tab_size=tab_size, no_wrap=no_wrap)
        offsets = breaks(self.plain, width)
        lines = self.divide(offsets)
        if self.lines and len(lines) > self.lines:
            start = offsets[self.lines - 2] if self.lines > 1 else 0
            rest = breaks(self.plain[start:], width - len(ELLIPSIS))
            last = self[start : start + rest[0]] if rest else self[start:]
            last.rstrip()
            lines = Lines([*lines[: self.lines - 1], last.append(ELLIPSIS)])
        for line in lines:
            line.rstrip()
            line.spans = [span for span in line.spans if _whole(line, span.start, span.end, span.style)]
        lines.justify(console, width, justify=justify or self.justify or "default", overflow=overflow or "fold")
        for line in lines:
            line.truncate(width, overflow=overflow or "fold")
        return lines


def _whole(line: Text, start: int, end: int, style: str | Style) -> bool:
    """Whether a span is no link, or a link around the whole of its address."""
    link = style.link if isinstance(style, Style) else None
    return link is None or line.plain[start:end] == link
