"""The decisions Rich cannot make for a terminal of a given width, before
anything is drawn: which columns a list can show and how wide each is, when
records read better stacked, one block each, which ids take a line of their
own, and what may not be broken (amounts, fiscal-year labels, URLs).

Pure: strings and widths in, positions out. Lines break where Rich's wrapper
breaks them (``breaks``), only never inside an amount with its unit ("$105
million"), a fiscal-year label ("FY 2008 – 2011") or a URL; a word longer than
the whole line breaks after a hyphen where it can. A URL is never broken, even
when it is wider than the line: one token wider than the terminal is the only
line that may be.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from itertools import pairwise
from typing import Literal, NamedTuple

ColumnRole = Literal["id", "code", "amount", "text", "prose"]
"""What a column holds, which decides how it may be laid out:

* ``id``: an identifier, never cut or wrapped; a row whose id is wider than
  its column puts the id on a line of its own;
* ``code``: a short value (a kind, a date, a type), never cut or wrapped;
* ``amount``: a figure in words, wrapped only between its parts, never cut;
* ``text``: a name or a title, wrapped onto at most ``lines`` lines in a list;
* ``prose``: long text, cut with "…" in a list (prose columns are left out,
  last first, where there is no room for them), whole with ``--wide`` and in
  ``show`` views.
"""

GAP = 2
"""Spaces between columns."""
MARGIN = 1
"""Spaces before the first column."""
NARROW = 60
"""Below this many columns, lists are stacked: one block per record."""
SMALLEST = 12
"""The narrowest width laid out; a narrower terminal gets lines of this width."""
WIDEST = 1000
"""The widest width laid out: a wider COLUMNS or terminal gets lines of this
width, never a line of megabytes or a width past Rich's arithmetic."""
ELLIPSIS = "…"


def screen_width(width: int | None) -> int:
    """The width a view is laid out for: ``width`` (80 when unknown), within SMALLEST and WIDEST."""
    return min(max(width or 80, SMALLEST), WIDEST)


_PROSE_LIST = 32  # the narrowest a cut prose column is worth showing
_PROSE_WIDE = 28  # ... and a prose column shown whole
_TEXT_FLOOR = 16  # a name narrower than this wraps too often
_SAMPLE = 200  # texts that decide how narrow a column may be


# ---------------------------------------------------------------------------
# Widths of text on a terminal


def cell_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: two for wide (East Asian) characters,
    none for combining marks. Text is inert by now: no control characters."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return width


def _fit(text: str, start: int, width: int) -> int:
    """The end of the longest piece of ``text`` from ``start`` that fits ``width`` columns (at least one character)."""
    end, used = start, 0
    while end < len(text):
        used += cell_width(text[end])
        if used > width and end > start:
            break
        end += 1
    return end


# ---------------------------------------------------------------------------
# Tokens: what must stay on one line


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Runs of words kept together (amounts with their unit, fiscal-year labels
    and their absence), and URLs."""
    together = re.compile(
        r"\$\s?\d[\d,.]*\s+(?:thousand|million|billion|trillion)\b"
        r"|\bFY\s?\d{4}(?:\s?[–-]\s?(?:FY\s?)?\d{2,4}\b)?"
        r"|\(no fiscal year given\)",
        re.IGNORECASE,
    )
    # the characters of a URL, not ending in punctuation that closes a sentence or a bracket
    url = re.compile(r"https?://[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]*[A-Za-z0-9\-_~/#@$&*+=%]")
    return together, url


def is_url(text: str) -> bool:
    """Whether the whole of ``text`` is one URL."""
    match = _patterns()[1].fullmatch(text)
    return match is not None


def urls(text: str) -> list[tuple[int, int]]:
    """Where URLs are in ``text``: (start, end) offsets."""
    return [match.span() for match in _patterns()[1].finditer(text)]


def tokens(text: str) -> list[tuple[int, int]]:
    """The pieces of ``text`` a line may not break inside: words, with the
    spaces inside an amount or a fiscal-year label kept."""
    words = [match.span() for match in re.finditer(r"\S+", text)]
    if len(words) < 2:
        return words
    together, _ = _patterns()
    glued = [match.span() for match in together.finditer(text) if any(c.isspace() for c in match.group())]
    if not glued:
        return words
    out: list[tuple[int, int]] = []
    for start, end in words:
        if out and any(lo < start and out[-1][1] < hi for lo, hi in glued):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def longest_token(text: str) -> int:
    """The width of the widest piece of ``text`` that no line may break (URLs aside)."""
    return max((cell_width(text[s:e]) for s, e in tokens(text) if not is_url(text[s:e])), default=0)


# ---------------------------------------------------------------------------
# Where lines break: Rich's wrapper, with carsi's rules on top


def breaks(text: str, width: int, *, whole_urls: bool = False) -> list[int]:
    """Where ``text`` breaks into lines of ``width`` columns (offsets into it).

    Rich's own wrapper (``rich._wrap.divide_line``) decides, at spaces, on a
    copy of the text in which the spaces inside an amount or a fiscal-year
    label are not spaces, so the breaks fall where Rich puts them, only never
    inside such a token. A word wider than the line breaks after a hyphen or a
    slash where one falls in it (an id reads better so than cut at the line's
    last column), the words after it beside its last piece. With
    ``whole_urls``, a URL is never broken, however wide (a line of its own may
    then be wider than ``width``); else it breaks as any word does.
    """
    from rich._wrap import divide_line

    guarded = list(text)
    for start, end in tokens(text):
        for at in range(start, end):
            if guarded[at].isspace():
                guarded[at] = "_"  # one column wide, and no place to break
    width, guarded_text = max(width, 1), "".join(guarded)
    offsets: list[int] = []
    start = 0
    while True:
        rest = divide_line(guarded_text[start:], width, fold=False)
        end = start + rest[0] if rest else len(text)
        stop = start + len(text[start:end].rstrip())
        if cell_width(text[start:stop]) > width and not (whole_urls and is_url(text[start:stop])):
            start = _fold(text, start, width)  # the rest of the word begins a line that goes on after it
            offsets.append(start)
            continue
        if not rest:
            return offsets
        offsets.append(end)
        start = end


def _fold(text: str, start: int, width: int) -> int:
    """Where a word from ``start`` wider than ``width`` breaks: at a space (inside
    an amount), else after a hyphen or a slash, in its first ``width`` columns;
    otherwise after them."""
    limit = _fit(text, start, width)
    space = text.rfind(" ", start + 1, limit + 1)
    if space > start:
        return space + 1
    cut = max(text.rfind("-", start, limit), text.rfind("/", start, limit))
    return cut + 1 if cut > start else limit


def plain_lines(text: str, width: int) -> list[str]:
    """Plain ``text`` in lines of at most ``width`` columns (see ``breaks``; a
    URL whole), without trailing spaces."""
    offsets = [0, *breaks(text, width, whole_urls=True), len(text)]
    return [text[s:e].strip() for s, e in pairwise(offsets)]


# ---------------------------------------------------------------------------
# Lists: a table when the columns fit, one block per record when they do not


class Spec(NamedTuple):
    """A column as the layout sees it."""

    header: str
    role: ColumnRole
    lines: int = 0
    """For ``text`` and ``prose`` in a list: the most lines a cell may take (0: two for text, one for prose)."""
    right: bool = False
    """Right-justified (amounts)."""


class Table(NamedTuple):
    """Where everything of a table goes."""

    shown: tuple[int, ...]
    """The columns shown, by index into the specs."""
    widths: tuple[int, ...]
    """Their widths."""
    spill: list[bool]
    """For each row, whether its id is on a line of its own above the rest."""
    dropped: tuple[int, ...]
    """Prose columns left out for lack of room (a list only)."""

    @property
    def width(self) -> int:
        return MARGIN + sum(self.widths) + GAP * (len(self.widths) - 1)


def _fits(texts: Sequence[str], width: int, lines: int) -> bool:
    """Whether every text wraps onto at most ``lines`` lines of ``width``."""
    return all(cell_width(t) <= width or len(breaks(t, width)) < lines for t in texts)


def _narrowest(texts: Sequence[str], floor: int, ceiling: int, lines: int) -> int:
    """The narrowest width from ``floor`` to ``ceiling`` at which every text
    wraps onto at most ``lines`` lines (``ceiling`` if none). The longest few
    hundred texts decide it: a list of thousands costs no more."""
    longest = sorted(set(texts), key=cell_width, reverse=True)[:_SAMPLE]
    low, high = floor, max(floor, ceiling)
    while low < high:  # fewer lines as the width grows: search for the first width that fits
        middle = (low + high) // 2
        if _fits(longest, middle, lines):
            high = middle
        else:
            low = middle + 1
    return low


def _fill(widths: dict[int, int], columns: Sequence[int], limits: Sequence[int], extra: int) -> int:
    """Share ``extra`` among ``columns``, each up to its limit, the neediest not
    first: equal shares, as water fills vessels. Returns what is left."""
    while extra > 0:
        needy = sorted((i for i in columns if widths[i] < limits[i]), key=lambda i: limits[i] - widths[i])
        if not needy:
            break
        for n, i in enumerate(needy):
            grow = min(limits[i] - widths[i], max(extra // (len(needy) - n), 1), extra)
            widths[i] += grow
            extra -= grow
    return extra


def table(specs: Sequence[Spec], rows: Sequence[Sequence[str]], width: int, *, wide: bool) -> Table | None:
    """The layout of ``rows`` as a table ``width`` columns wide, or None when
    they read better stacked: below ``NARROW`` columns, or when some column
    would have to break inside a word.

    In a list (``wide`` False) a ``text`` cell takes at most its ``lines`` and
    a ``prose`` cell its ``lines`` (one by default), cut with "…". Ids, codes,
    amounts (on two lines at most) and texts (whole in their lines, where the
    width allows) come first; prose columns are shown only when what is left
    for them is at least ``_PROSE_LIST`` wide, and dropped otherwise, last
    first. With ``wide``, every column is shown and every cell is whole.
    """
    if width < NARROW or not rows:
        return None
    columns = [[row[i] for row in rows] for i in range(len(specs))]
    natural = [max([cell_width(spec.header)] + [cell_width(t) for t in columns[i]]) for i, spec in enumerate(specs)]
    floors, targets = [], []
    for i, spec in enumerate(specs):
        head = cell_width(spec.header)
        least = max([head] + [longest_token(t) for t in columns[i]]) if spec.role not in ("id", "code") else 0
        lines = spec.lines or (2 if spec.role == "text" else 1)
        if spec.role == "id":  # at most two fifths of the width; longer ids take a line of their own
            cap = max(head, (width - MARGIN) * 2 // 5)
            floor = max([head] + [cell_width(t) for t in columns[i] if cell_width(t) <= cap])
            target = floor
        elif spec.role == "code":
            floor = target = natural[i]
        elif spec.role == "amount":
            floor, target = _narrowest(columns[i], least, natural[i], 2), natural[i]
        elif wide:  # whole: the room is shared below
            floor = target = min(natural[i], max(least, _PROSE_WIDE))
        elif spec.role == "text":
            floor = min(natural[i], max(least, _TEXT_FLOOR))
            target = _narrowest(columns[i], floor, natural[i], lines)
        else:
            floor = target = min(natural[i], max(least, _PROSE_LIST))
        floors.append(floor)
        targets.append(target)
    shown = list(range(len(specs)))
    room = width - MARGIN

    def gaps() -> int:
        return GAP * (len(shown) - 1)

    dropped: list[int] = []
    if not wide:  # prose only where the rest has its room: drop it, last first, until then
        for i in reversed(range(len(specs))):
            if specs[i].role == "prose" and len(shown) > 1 and sum(targets[j] for j in shown) + gaps() > room:
                shown.remove(i)
                dropped.append(i)
    if sum(floors[i] for i in shown) + gaps() > room:
        return None
    widths = {i: floors[i] for i in shown}
    extra = room - sum(floors[i] for i in shown) - gaps()
    flexible = [i for i in shown if specs[i].role in ("amount", "text")]
    prose = [i for i in shown if specs[i].role == "prose"]
    extra = _fill(widths, flexible, targets, extra)
    if wide:  # everything whole: names and prose share the room
        extra = _fill(widths, flexible + prose, natural, extra)
    else:  # names whole before prose that is cut anyway
        extra = _fill(widths, flexible, natural, extra)
        extra = _fill(widths, prose, natural, extra)
    _fill(widths, [i for i in shown if specs[i].role == "id"], natural, extra)  # fewer ids on a line of their own

    id_columns = [(i, widths[i]) for i in shown if specs[i].role == "id"]
    spill = [any(cell_width(row[i]) > w for i, w in id_columns) for row in rows]
    return Table(tuple(shown), tuple(widths[i] for i in shown), spill, tuple(sorted(dropped)))
