"""The source text annotated with its records: which record quotes which passage,
and what the model leaves unquoted. Pure: a FactSheet and its text in, offsets out.

Quotes are matched as ``checks`` matches them, after folding white space, but
every offset here is into the source text as shipped. A quote is marked at
every place it occurs (at most ``MAX_PLACES`` places, so that a hostile text
of one word repeated cannot make the work quadratic), and a record's quotes
may overlap each other or other records' quotes:

* a ``Mark`` is one place of one quote of one record;
* ``Passage``s are the marks merged where they overlap (touching is not
  overlapping), numbered in reading order: what a reader sees highlighted;
* ``Span``s cut the whole text into consecutive pieces, each with the records
  whose quotes cover all of it (none for the text no record quotes).

Coverage counts sentences (see ``onward.sentences``) and dollar figures
(``money.money_pattern``): a sentence is quoted when a record quotes any word
of it, wholly quoted when records quote every word of it; a figure is quoted
when a passage holds all of it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from itertools import pairwise
from typing import NamedTuple

from carsi_cli.model.money import money_pattern
from carsi_cli.model.records import (
    FactSheet,
    Record,
    quotes,
)
from carsi_cli.model.text import fold_space
from carsi_cli.onward.sentences import sentences

MAX_PLACES = 1000
"""Places marked for one quote at most: real quotes occur once or a few times."""


class Mark(NamedTuple):
    """One place in the text where one quote of one record occurs."""

    start: int
    end: int
    record: int
    """The record's position in the model (``FactSheet.all_records`` order)."""
    field: str
    """Which of the record's quotes: "quote", "other_quotes[0]", "roles[1].quote"."""


class Passage(NamedTuple):
    """Overlapping marks merged: a highlighted passage, numbered from 1 in reading order."""

    number: int
    start: int
    end: int
    records: tuple[int, ...]
    """Every record quoting some of it, in model order."""


class Span(NamedTuple):
    """A piece of the text, and the records whose quotes cover all of it."""

    start: int
    end: int
    records: tuple[int, ...]
    """In model order; empty where no record quotes the text."""
    passage: int | None
    """The number of the passage it lies in; None outside every passage."""


class Sentence(NamedTuple):
    start: int
    end: int
    quoted: bool
    """A record quotes some word of it."""
    whole: bool
    """Records quote every word of it."""


class Figure(NamedTuple):
    """A dollar figure the text writes ("$361 million")."""

    start: int
    end: int
    quoted: bool


class Coverage(NamedTuple):
    sentences: int
    sentences_quoted: int
    sentences_whole: int
    figures: int
    figures_quoted: int


class Annotation(NamedTuple):
    """The text with its marks, and what they cover."""

    text: str
    records: tuple[Record, ...]
    """Every record of the model, in model order: ``Mark.record`` indexes this."""
    marks: tuple[Mark, ...]
    passages: tuple[Passage, ...]
    spans: tuple[Span, ...]
    sentences: tuple[Sentence, ...]
    figures: tuple[Figure, ...]

    @property
    def coverage(self) -> Coverage:
        return Coverage(
            sentences=len(self.sentences),
            sentences_quoted=sum(s.quoted for s in self.sentences),
            sentences_whole=sum(s.whole for s in self.sentences),
            figures=len(self.figures),
            figures_quoted=sum(f.quoted for f in self.figures),
        )


# ---------------------------------------------------------------------------
# Where the quotes are


class _Folded:
    """``fold_space(text)``, with the way back to offsets in ``text``.

    Folding moves offsets only where a run of two or more white space
    characters becomes one space (and at leading white space): the shift is
    kept at those places alone, far fewer than the words of a text."""

    def __init__(self, text: str) -> None:
        self.text = fold_space(text)
        lead = len(text) - len(text.lstrip())
        self.places = [0]
        self.shifts = [lead]
        for run in re.finditer(r"\s{2,}", text):
            if run.start() < lead:
                continue
            shift = self.shifts[-1] + run.end() - run.start() - 1
            self.places.append(run.end() - shift)
            self.shifts.append(shift)

    def back(self, at: int) -> int:
        """The offset in the original text of the folded character at ``at``."""
        return at + self.shifts[bisect_right(self.places, at) - 1]


class _Places:
    """Every place a passage occurs in a folded text (not overlapping itself),
    fast for many passages in a long text. As in ``checks.QuoteFinder``, a long
    text's words (runs between single spaces) are indexed once, and a passage is
    tried only where its rarest interior word is: an interior word of a passage
    is a whole word of the text wherever the passage occurs. When even the
    rarest is everywhere, one direct search costs less."""

    LONG = 200_000
    MAX_TRIES = 64

    def __init__(self, text: str) -> None:
        self.text = text
        self.index: dict[str, list[int]] | None = None

    def __call__(self, passage: str) -> list[int]:
        if not passage:
            return []
        if len(self.text) >= self.LONG:
            found = self._indexed(passage, self.index if self.index is not None else self._build())
            if found is not None:
                return found
        places: list[int] = []
        at = self.text.find(passage)
        while at >= 0 and len(places) < MAX_PLACES:
            places.append(at)
            at = self.text.find(passage, at + len(passage))
        return places

    def _build(self) -> dict[str, list[int]]:
        index: dict[str, list[int]] = {}
        at = 0
        for word in self.text.split(" "):
            index.setdefault(word, []).append(at)
            at += len(word) + 1
        self.index = index
        return index

    def _indexed(self, passage: str, index: dict[str, list[int]]) -> list[int] | None:
        words = passage.split(" ")
        if len(words) < 3:
            return None
        anchor, offset, fewest = "", 0, -1
        at = len(words[0]) + 1
        for word in words[1:-1]:
            count = len(index.get(word, ()))
            if fewest < 0 or count < fewest:
                anchor, offset, fewest = word, at, count
            at += len(word) + 1
        if fewest > self.MAX_TRIES:
            return None
        places: list[int] = []
        for start in index.get(anchor, ()):
            start -= offset
            clear = not places or start >= places[-1] + len(passage)
            if start >= 0 and clear and self.text.startswith(passage, start):
                places.append(start)
        return places[:MAX_PLACES]


def find_marks(sheet: FactSheet, text: str) -> list[Mark]:
    """Every place of every quote of every record, in reading order. A quote
    the text does not hold (a model loaded without its text) has no mark."""
    folded = _Folded(text)
    places = _Places(folded.text)
    found: dict[str, list[int]] = {}  # a quote repeated by many records is searched for once
    marks = []
    for number, record in enumerate(sheet.all_records()):
        for field, quote in quotes(record):
            passage = fold_space(quote)
            if passage not in found:
                found[passage] = places(passage)
            for at in found[passage]:
                start, end = folded.back(at), folded.back(at + len(passage) - 1) + 1
                marks.append(Mark(start, end, number, field))
    marks.sort()
    return marks


# ---------------------------------------------------------------------------
# What they cover


def passages(marks: Sequence[Mark]) -> list[Passage]:
    """Marks merged where they overlap, in reading order (``marks`` sorted)."""
    out: list[Passage] = []
    start = end = -1
    records: set[int] = set()
    for mark in marks:
        if mark.start < end:
            end = max(end, mark.end)
            records.add(mark.record)
            continue
        if records:
            out.append(Passage(len(out) + 1, start, end, tuple(sorted(records))))
        start, end, records = mark.start, mark.end, {mark.record}
    if records:
        out.append(Passage(len(out) + 1, start, end, tuple(sorted(records))))
    return out


def spans(text: str, marks: Sequence[Mark], found: Sequence[Passage]) -> list[Span]:
    """The whole text cut where a mark starts or ends, each piece with the
    records covering it; neighbours with the same records in one passage are one span."""
    events: dict[int, list[tuple[int, int]]] = {}
    for mark in marks:
        events.setdefault(mark.start, []).append((mark.record, 1))
        events.setdefault(mark.end, []).append((mark.record, -1))
    cuts = sorted({0, len(text), *events, *(p.start for p in found), *(p.end for p in found)})
    starts = [p.start for p in found]
    active: dict[int, int] = {}
    out: list[Span] = []
    for start, end in pairwise(cuts):
        for record, change in events.get(start, ()):
            count = active.get(record, 0) + change
            if count:
                active[record] = count
            else:
                del active[record]
        records = tuple(sorted(active))
        passage = None
        if records:
            passage = found[bisect_right(starts, start) - 1].number
        if out and out[-1].records == records and out[-1].passage == passage and out[-1].end == start:
            out[-1] = out[-1]._replace(end=end)
        else:
            out.append(Span(start, end, records, passage))
    return out


# A sentence ends at . ! ? (and any closing quotes or brackets) before white
# space and a capital, a digit or an opening quote; or before a capital with no
# space between, where a heading runs into its paragraph ("gangs.United").
# Not after an abbreviation: U.S., D.C., e.g., Mr.
def _uncovered(start: int, end: int, covered: Sequence[tuple[int, int]], first: int) -> Iterator[tuple[int, int]]:
    """The parts of [start, end) outside the sorted, disjoint ``covered`` ranges (from index ``first``)."""
    at = start
    for i in range(first, len(covered)):
        cstart, cend = covered[i]
        if cstart >= end:
            break
        if cstart > at:
            yield at, cstart
        at = max(at, cend)
    if at < end:
        yield at, end


def _words_in(text: str, ranges: Iterable[tuple[int, int]]) -> bool:
    word = _word()
    return any(word.search(text, start, end) for start, end in ranges)


@cache
def _word() -> re.Pattern[str]:
    return re.compile(r"\w")


def annotate(sheet: FactSheet, text: str, marks: Sequence[Mark] | None = None) -> Annotation:
    """The text annotated with ``marks`` (by default every quote of the model)."""
    chosen = sorted(marks) if marks is not None else find_marks(sheet, text)
    found = passages(chosen)
    covered = [(p.start, p.end) for p in found]
    starts = [p.start for p in found]
    said = []
    for start, end in sentences(text):
        first = max(0, bisect_right(starts, start) - 1)
        gaps = list(_uncovered(start, end, covered, first))
        quoted = gaps != [(start, end)] and _words_in(text, _covered_parts(start, end, gaps))
        said.append(Sentence(start, end, quoted, quoted and not _words_in(text, gaps)))
    figures = []
    for match in money_pattern().finditer(text):
        i = bisect_right(starts, match.start()) - 1
        figures.append(Figure(match.start(), match.end(), i >= 0 and found[i].end >= match.end()))
    return Annotation(
        text, tuple(sheet.all_records()), tuple(chosen), tuple(found), tuple(spans(text, chosen, found)),
        tuple(said), tuple(figures),
    )  # fmt: skip


def _covered_parts(start: int, end: int, gaps: Sequence[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    at = start
    for gstart, gend in gaps:
        if gstart > at:
            yield at, gstart
        at = gend
    if at < end:
        yield at, end


# ---------------------------------------------------------------------------
# What concerns one record


# ---------------------------------------------------------------------------
# Line by line, for drawing


class Piece(NamedTuple):
    """A span cut at line breaks."""

    start: int
    end: int
    records: tuple[int, ...]
    passage: int | None
    closes: bool
    """The passage ends here: its marker follows."""


def lines(annotation: Annotation) -> Iterator[tuple[int, int, list[Piece]]]:
    """Each line of the text (without its line break) as (start, end, pieces)."""
    text, all_spans = annotation.text, annotation.spans
    ends = {p.number: p.end for p in annotation.passages}
    i = start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        while i < len(all_spans) and all_spans[i].end <= start:
            i += 1
        pieces = []
        j = i
        while j < len(all_spans) and all_spans[j].start < end:
            span = all_spans[j]
            piece_end = min(span.end, end)
            if max(span.start, start) < piece_end:
                closes = span.passage is not None and piece_end == ends[span.passage]
                pieces.append(Piece(max(span.start, start), piece_end, span.records, span.passage, closes))
            j += 1
        yield start, end, pieces
        start = end + 1
