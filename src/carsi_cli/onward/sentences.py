"""The sentences of a text, as offsets: what the annotated fact sheet's coverage
counts. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

_ABBREVIATIONS = frozenset({"mr.", "mrs.", "ms.", "dr.", "st.", "jr.", "sr.", "no.", "vs.", "etc.", "inc.", "gen."})


@cache
def _sentence_end() -> re.Pattern[str]:
    return re.compile(r"[.!?][\"”’')\]]*(?:\s+(?=[\"“‘'(\[]?[A-Z0-9])|(?<=[a-z][.!?])(?=[A-Z]))")


@cache
def _initials() -> re.Pattern[str]:
    return re.compile(r"(?:[A-Za-z]\.)+")


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """The sentences of a text, as (start, end): a line is at least one sentence
    (headings, bullets); a bullet's mark and the white space around are left out;
    a piece with no word in it is no sentence."""
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for end in _ends(line.group()):
            yield from _trimmed(text, start, line.start() + end)
            start = line.start() + end
        yield from _trimmed(text, start, line.end())


def _ends(line: str) -> Iterator[int]:
    for match in _sentence_end().finditer(line):
        word = line[max(0, match.start() - 24) : match.start() + 1].rsplit(None, 1)[-1]  # no abbreviation is longer
        if word.lower() in _ABBREVIATIONS or _initials().fullmatch(word.lstrip("(“\"'")):
            continue
        yield match.end()


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    if piece[lead : lead + 1] in ("•", "·", "▪", "◦") or piece[lead : lead + 2] in ("- ", "* "):
        piece = piece[lead + 1 :]
        start += lead + 1
    stripped = piece.strip()
    if _word().search(stripped):
        yield start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())


@cache
def _word() -> re.Pattern[str]:
    return re.compile(r"\w")
