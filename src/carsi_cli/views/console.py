"""Rich's console for the terminal views: how a view reaches the terminal.

Rich decides what the terminal is shown: no escape sequences for
``TERM=dumb``, a legacy Windows console's own calls, and bold, dim, underline
and links elsewhere. carsi uses no colour at all, and under ``NO_COLOR`` no
styling of any kind (Rich's own NO_COLOR handling keeps bold and dim). Data
reaches Rich as ``Text`` only: no markup, emoji codes or highlighting.
Imported only when a terminal view is drawn.

Text in a view is ``Prose``: Rich's wrapper breaks at any white space
(``rich._wrap`` splits at ``\\s``, the no-break space included), so "$105
million" could end one line and begin the next. ``Prose`` breaks where
``layout.breaks`` says, which asks Rich's own ``divide_line`` on a copy of the
text in which the spaces inside such a token are not spaces: the breaks fall
where Rich would put them, only never inside the token. Everything else
(cells, widths, justification, styles) is Rich's.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import IO

from rich.cells import cell_len
from rich.console import Console, JustifyMethod, OverflowMethod, RenderableType
from rich.containers import Lines
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from carsi_cli.views.layout import ELLIPSIS, breaks, cell_width, screen_width, tokens

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
        lines = divide(self, width, self.lines)
        lines.justify(console, width, justify=justify or self.justify or "default", overflow=overflow or "fold")
        for line in lines:
            line.truncate(width, overflow=overflow or "fold")
        return lines


def divide(text: Text, width: int, lines: int = 0, first: int | None = None, *, whole_urls: bool = False) -> Lines:
    """``text`` in lines of ``width`` columns (``first`` for the first, when
    given), broken where ``layout.breaks`` says, without trailing spaces; with
    ``lines``, cut to that many, the last ending in "…" after a whole word. A
    link stays only on a line that shows all of its address; with
    ``whole_urls``, a URL is never broken (see ``layout.breaks``).

    A first word wider than ``first`` but not than ``width`` starts on the
    second line: beside a label that leaves too little room, a word is not broken."""
    plain = text.plain
    if first is not None:
        words = tokens(plain)
        if words and first < cell_width(plain[words[0][0] : words[0][1]]) <= width:
            return Lines([Text(), *divide(text, width, whole_urls=whole_urls)])
        head = breaks(plain, first, whole_urls=whole_urls)
        if not head:
            return divide(text, first, whole_urls=whole_urls)
        rest = divide(text[head[0] :], width, whole_urls=whole_urls)
        return Lines([*divide(text[: head[0]], first, whole_urls=whole_urls), *rest])
    offsets = breaks(plain, width, whole_urls=whole_urls)
    out = text.divide(offsets)
    if lines and len(out) > lines:
        start = offsets[lines - 2] if lines > 1 else 0
        rest_breaks = breaks(plain[start:], width - len(ELLIPSIS), whole_urls=whole_urls)
        last = text[start : start + rest_breaks[0]] if rest_breaks else text[start:]
        last.rstrip()
        out = Lines([*out[: lines - 1], last.append(ELLIPSIS)])
    for line in out:
        line.rstrip()
        line.spans = [span for span in line.spans if _whole(line, span.start, span.end, span.style)]
    return out


def _whole(line: Text, start: int, end: int, style: str | Style) -> bool:
    """Whether a span is no link, or a link around the whole of its address."""
    link = style.link if isinstance(style, Style) else None
    return link is None or line.plain[start:end] == link
