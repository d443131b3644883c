"""Styled lines for a terminal: bold, dim, underline and links, written by
Rich's ``Style`` as SGR and OSC 8 escape sequences, or as plain text where the
terminal shows none (``TERM=dumb``, a Windows console without virtual
terminal sequences).

That is all terminal views need: ``layout`` has decided every line already,
so Rich's console and table (a fifth of carsi's start-up time on a terminal)
are not imported, only its styles. Text given here is inert already
(``text.inert``): only these sequences drive the terminal, and a link always
reads as its own address.
"""

from __future__ import annotations

import itertools
import os
import sys
from typing import IO, Any, NamedTuple


class Style(NamedTuple):
    """SGR attributes ("1" bold, "2" dim, "4" underline) and a link target.
    No colours: carsi's views use none (see README, "Terminal views")."""

    sgr: tuple[str, ...] = ()
    link: str = ""

    def __add__(self, other: object) -> Style:
        if not isinstance(other, Style):
            return NotImplemented
        sgr = self.sgr + tuple(code for code in other.sgr if code not in self.sgr)
        return Style(sgr, other.link or self.link)


BOLD = Style(("1",))
DIM = Style(("2",))
MATCH = Style(("1", "4"))
PLAIN = Style()


def link(url: str) -> Style:
    return Style(link=url)


class Text:
    """A line of text and the styles of its parts."""

    __slots__ = ("plain", "spans")

    def __init__(self, text: str = "", style: Style = PLAIN) -> None:
        self.plain = text
        self.spans: list[tuple[int, int, Style]] = [(0, len(text), style)] if text and style != PLAIN else []

    def append(self, text: str | Text, style: Style = PLAIN) -> Text:
        """``text`` added at the end, in ``style`` (on top of its own)."""
        offset = len(self.plain)
        if isinstance(text, Text):
            self.plain += text.plain
            self.spans += [(s + offset, e + offset, st) for s, e, st in text.spans]
            if style != PLAIN and text.plain:
                self.spans.append((offset, len(self.plain), style))
        elif text:
            self.plain += text
            if style != PLAIN:
                self.spans.append((offset, len(self.plain), style))
        return self

    def stylize(self, style: Style, start: int = 0, end: int | None = None) -> Text:
        end = len(self.plain) if end is None else end
        if start < end:
            self.spans.append((start, end, style))
        return self

    def copy(self) -> Text:
        copied = Text(self.plain)
        copied.spans = list(self.spans)
        return copied

    def divide(self, cuts: list[int]) -> list[Text]:
        """The text cut at each offset of ``cuts`` (ascending), styles kept."""
        parts = []
        for start, end in itertools.pairwise([0, *cuts, len(self.plain)]):
            part = Text(self.plain[start:end])
            part.spans = [
                (max(s, start) - start, min(e, end) - start, st) for s, e, st in self.spans if s < end and e > start
            ]
            parts.append(part)
        return parts

    def rstrip(self) -> Text:
        self.plain = self.plain.rstrip()
        self.spans = [(s, min(e, len(self.plain)), st) for s, e, st in self.spans if s < len(self.plain)]
        return self

    def render(self, styled: bool) -> str:
        """The line with its escape sequences (none unless ``styled``). Each
        link is one OSC 8 sequence around the whole of its text, however its
        parts are styled, so that what a click opens is what the line shows."""
        if not styled or not self.spans:
            return self.plain
        cuts = sorted({0, len(self.plain), *(p for s, e, _ in self.spans for p in (s, e))})
        out: list[str] = []
        opened = ""
        for start, end in itertools.pairwise(cuts):
            style = PLAIN
            for s, e, st in self.spans:
                if s <= start and end <= e:
                    style = style + st
            if style.link != opened:
                out.append(_CLOSE if opened else "")
                out.append(f"\x1b]8;;{style.link}\x1b\\" if style.link else "")
                opened = style.link
            part = self.plain[start:end]
            out.append(_rich(style.sgr).render(part) if style.sgr else part)
        return "".join(out) + (_CLOSE if opened else "")


_CLOSE = "\x1b]8;;\x1b\\"
_RICH: dict[tuple[str, ...], Any] = {}


def _rich(sgr: tuple[str, ...]) -> Any:
    """The Rich style that writes these SGR attributes. Only ``rich.style`` is
    imported (about 6 ms), not Rich's console (18 ms): ``layout`` has decided
    every line, and Rich writes how each part looks."""
    found = _RICH.get(sgr)
    if found is None:
        from rich.color import ColorSystem
        from rich.style import Style as RichStyle

        rich_style = RichStyle(bold="1" in sgr or None, dim="2" in sgr or None, underline="4" in sgr or None)
        found = _RICH[sgr] = _Rendered(rich_style, ColorSystem.STANDARD)
    return found


class _Rendered(NamedTuple):
    style: Any
    system: Any

    def render(self, text: str) -> str:
        return str(self.style.render(text, color_system=self.system))


def shows_styles(stream: IO[str]) -> bool:
    """Whether the terminal behind ``stream`` shows escape sequences: not
    ``TERM=dumb``, not under ``NO_COLOR`` (carsi's views have no colour, and
    NO_COLOR asks for no styling of any kind); on Windows, only once virtual
    terminal processing is on."""
    if os.environ.get("TERM", "").lower() in ("dumb", "unknown") or os.environ.get("NO_COLOR"):
        return False
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return _windows_sequences(stream)
    return True


def _windows_sequences(stream: IO[str]) -> bool:  # pragma: no cover - Windows only
    """Turn on a Windows console's virtual terminal processing (as Windows 10
    and later allow); whether escape sequences will be shown."""
    if sys.platform != "win32":
        return True
    try:
        import ctypes
        import msvcrt

        kernel32 = ctypes.windll.kernel32
        handle = msvcrt.get_osfhandle(stream.fileno())
        mode = ctypes.c_uint32()
        if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            return True  # not a console (a terminal emulator's pipe, or a forced view): as asked
        return bool(mode.value & 0x0004 or kernel32.SetConsoleMode(handle, mode.value | 0x0004))
    except (AttributeError, OSError, ValueError):
        return False
