"""A terminal screen being drawn: text cells with their styles and links, and
the lines, paragraphs and ``label: value`` fields a view puts on the screen,
written through Rich's console in one go (``console.write``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO, NamedTuple

from rich.console import RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from carsi_cli.model.text import inert
from carsi_cli.views import layout
from carsi_cli.views.console import BOLD, MATCH, PLAIN, Prose, link, write
from carsi_cli.views.layout import MARGIN, Piece, cell_width

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


def styled_line(cell: StyledCell, piece: Piece) -> Text:
    """One line of a cell, styled. A URL is a link only where this line shows
    all of it: a URL broken across lines is plain text, or the screen would
    show one address and a click open another."""
    out = Text(cell.text[piece.start : piece.end])
    for start, end, style in cell.styles:
        if style.link and not piece.start <= start < end <= piece.end:
            continue
        lo, hi = max(start, piece.start), min(end, piece.end)
        if lo < hi:
            out.stylize(style, lo - piece.start, hi - piece.start)
    return out


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

    def put(
        self, cell: StyledCell, pieces: Sequence[Piece], first: str | Text, rest: str, style: Style | None = None
    ) -> None:
        """The lines of a wrapped text, after ``first`` and then ``rest``. A
        URL too wide for its place gets a line of its own, from the first
        column, whole: a link is never folded."""
        for n, piece in enumerate(pieces):
            prefix = Text().append(first if n == 0 else rest)
            body = styled_line(cell, piece)
            if cell_width(prefix.plain) + cell_width(body.plain) > self.width and layout.is_url(body.plain):
                if prefix.plain.strip():
                    self.line(prefix, style)
                prefix = Text()
            self.line(prefix.append(body), style)

    def paragraph(self, text: str, *, indent: int = 0, marker: str = "", style: Style | None = None) -> None:
        """``marker`` and ``text`` beside it, wrapped by Rich, ``indent``
        spaces in; later lines under the text, not the marker."""
        hang = cell_width(marker)
        room = max(self.width - indent - hang, 1)
        cell = styled_cell(inert(text))
        if any(cell_width(cell.text[s:e]) > room for s, e in layout.urls(cell.text)):
            # a URL wider than its place, which Rich would fold: on a line of its own, whole
            cell = styled_cell(inert(marker + text))
            pieces = layout.wrap(cell.text, room, first=self.width - indent)
            self.put(cell, pieces, " " * indent, " " * (indent + hang), style)
            return
        from rich.padding import Padding

        grid = Table.grid(pad_edge=False)
        if marker:
            grid.add_column(width=hang, no_wrap=True)
        grid.add_column(width=room)
        body = prose(cell)
        if style is not None:
            body.stylize(style)
        grid.add_row(*([Text(marker, style or PLAIN)] if marker else []), body)
        self.lines.append(Padding(grid, (0, 0, 0, indent), expand=False))

    def field(self, label: str, cell: StyledCell, *, indent: int) -> None:
        """``label: value``, the value wrapped beside the label or beneath it."""
        lines = layout.field(inert(label), cell.text, self.width, indent, self.step)
        for n, (prefix, piece) in enumerate(lines):
            self.put(cell, [piece], Text(prefix, BOLD if n == 0 and label else PLAIN), prefix)

    def print(self, stream: IO[str]) -> None:
        """Every line, at once, by Rich."""
        while self.lines and isinstance(self.lines[-1], Text) and not self.lines[-1].plain:
            self.lines.pop()
        write(stream, self.width, self.lines)
