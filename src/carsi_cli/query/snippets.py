"""The passages search shows: where FTS5 finds a query's words in a text
(stemmed and folded, as it matched them), and a window of the text around
them with the words' places in it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from carsi_cli.query.ftsindex import TOKENIZER

if TYPE_CHECKING:
    import sqlite3

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: highlight()'s marks, never shown


def highlighted(
    db: sqlite3.Connection, texts: Sequence[str], exprs: Sequence[str]
) -> list[tuple[str, list[tuple[int, int]]]]:
    """Each text, and where the words of the FTS5 expressions ``exprs`` (as FTS5
    matches them: stemmed, folded) lie in it."""
    out: list[tuple[str, list[tuple[int, int]]]] = [(text.replace(_OPEN, "").replace(_CLOSE, ""), []) for text in texts]
    if not exprs:
        return out
    db.execute(f"create virtual table temp.shown using fts5(value, tokenize='{TOKENIZER}')")
    try:
        db.executemany("insert into temp.shown(rowid, value) values (?, ?)", [(i, v) for i, (v, _) in enumerate(out)])
        query = f"select rowid, highlight(shown, 0, '{_OPEN}', '{_CLOSE}') from temp.shown where shown match ?"
        for i, text in db.execute(query, (" OR ".join(exprs),)):
            out[i] = _unmark(text)
    finally:
        db.execute("drop table temp.shown")
    return out


def _unmark(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without highlight()'s marks, and the spans they marked."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    start = 0
    for piece in re.split(f"([{_OPEN}{_CLOSE}])", text):
        if piece == _OPEN:
            start = length
        elif piece == _CLOSE:
            spans.append((start, length))
        else:
            plain.append(piece)
            length += len(piece)
    return "".join(plain), spans


def window(text: str, matches: Sequence[tuple[int, int]], width: int = 160) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A passage of ``text`` around the first match, and where each match lies in it."""
    lo, hi = 0, len(text)
    if len(text) > width and matches:
        first = matches[0][0]
        lo = max(0, first - width // 3)
        if lo > 0:  # start at a word
            space = text.rfind(" ", 0, lo + 1)
            lo = space + 1 if space >= 0 and first - space < width // 2 else lo
        hi = min(len(text), lo + width)
        if hi < len(text):  # end at a word
            space = text.find(" ", hi)
            hi = space if 0 <= space < hi + 20 else hi
    elif len(text) > width:
        hi = text.find(" ", width)
        hi = hi if 0 <= hi < width + 20 else width
    return _window_of(text, lo, hi, matches)


def _window_of(
    text: str, lo: int, hi: int, matches: Sequence[tuple[int, int]]
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """text[lo:hi] with white space folded and ellipses, and the matches moved with it."""
    pieces: list[str] = []
    moved: dict[int, int] = {}
    prefix = "…" if lo > 0 else ""
    pieces.append(prefix)
    length = len(prefix)
    last_space = True
    for i in range(lo, hi):
        moved[i] = length
        char = text[i]
        if char.isspace():
            if last_space:
                continue
            char, last_space = " ", True
        else:
            last_space = False
        pieces.append(char)
        length += 1
    moved[hi] = length
    body = "".join(pieces).rstrip()
    if hi < len(text):
        body += "…"
    spans = tuple(
        (moved[start], min(moved.get(end, length), len(body))) for start, end in matches if lo <= start and end <= hi
    )
    return body, spans
