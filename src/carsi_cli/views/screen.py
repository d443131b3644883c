"""A terminal screen being drawn: text cells with their styles and links, and
the lines, paragraphs and ``label: value`` fields a view puts on the screen,
written through Rich's console in one go (``console.write``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, NamedTuple

from rich.console import RenderableType
from rich.containers import Lines
from rich.style import Style
from rich.text import Text

from carsi_cli.model.text import inert
from carsi_cli.views import layout
from carsi_cli.views.console import BOLD, MATCH, PLAIN, Prose, divide, link, write
from carsi_cli.views.layout import MARGIN, cell_width

RULE = "─"


class StyledCell(NamedTuple):
    """A cell's text and where it is styled: (start, end, style)."""

    text: str
    styles: tuple[tuple[int, int, Style], ...] = ()


def styled_cell(text: str, spans: Iterable[tuple[int, int]] = (), style: Style = MATCH) -> StyledCell:
    """Inert text, with ``spans`` in ``style`` and every URL a link."""
    styles = [(s, e, style) for s, e in spans]
    styles += [(s, e, link(text[s:e])) for s, e in layout.urls(text)]
    return StyledCell(text, tuple(styles))


def prose(cell: StyledCell, lines: int = 0) -> Prose:
    """A cell for Rich to wrap (and with ``lines``, cut), styled."""
    out = Prose(cell.text, lines=lines)
    for start, end, style in cell.styles:
        out.stylize(style, start, end)
    return out


class Screen:
    """The lines of a view, laid out for one width, printed at once."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[RenderableType] = []
        narrow = width < 24
        self.margin = 0 if narrow else MARGIN
        """Spaces before everything but titles."""
        self.step = 1 if narrow else 2
        """How much further in a field's value continues, or a block's fields are."""

    def blank(self) -> None:
        if self.lines and (not isinstance(self.lines[-1], Text) or self.lines[-1].plain):
            self.lines.append(Text())

    def line(self, text: Text | str, style: Style | None = None) -> None:
        line = text if isinstance(text, Text) else Text(text)
        if style is not None:
            line.stylize(style)
        self.lines.append(line)

    def wrapped(self, body: Lines, first: str | Text, rest: str, style: Style | None = None) -> None:
        """Wrapped lines, after ``first`` and then ``rest``. A URL too wide for
        its place gets a line of its own, from the first column, whole: a link
        is never folded."""
        for n, line in enumerate(body):
            prefix = Text().append(first if n == 0 else rest)
            if cell_width(prefix.plain) + cell_width(line.plain) > self.width and layout.is_url(line.plain):
                if prefix.plain.strip():
                    self.line(prefix, style)
                prefix = Text()
            self.line(prefix.append(line), style)

    def paragraph(self, text: str, *, indent: int = 0, marker: str = "", style: Style | None = None) -> None:
        """``marker`` and ``text`` beside it, wrapped by Rich, ``indent``
        spaces in; later lines under the text, not the marker."""
        hang = cell_width(marker)
        body = prose(styled_cell(inert(text)))
        lines = divide(body, max(self.width - indent - hang, 1), whole_urls=True)
        self.wrapped(lines, " " * indent + marker, " " * (indent + hang), style)

    def field(self, label: str, cell: StyledCell, *, indent: int) -> None:
        """``label: value``, wrapped at spaces: the value follows the label where
        there is room and continues ``step`` spaces further in; where there is
        not, it starts on the next line."""
        label = inert(label)
        head = " " * indent + (label + ": " if label else "")
        more = " " * (indent + (self.step if label else 0))
        rest = max(self.width - cell_width(more), 1)
        room = self.width - cell_width(head)
        if label and room < min(cell_width(cell.text), max(8, self.width // 3)):  # too little room beside the label
            for piece in layout.plain_lines(label + ":", max(self.width - indent, 1)):
                self.line(Text(" " * indent + piece, BOLD))
            self.wrapped(divide(prose(cell), rest, whole_urls=True), more, more)
            return
        self.wrapped(divide(prose(cell), rest, first=room, whole_urls=True), Text(head, BOLD if label else PLAIN), more)

    def print(self, stream: IO[str]) -> None:
        """Every line, at once, by Rich."""
        while self.lines and isinstance(self.lines[-1], Text) and not self.lines[-1].plain:
            self.lines.pop()
        write(stream, self.width, self.lines)
