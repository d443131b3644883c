"""Search, pure: ranked matches of a query in every record, with the passage
that holds it and where the query lies in that passage."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import NamedTuple

from .model import (
    RECORD_TYPE,
    Country,
    Event,
    FactSheet,
    Funding,
    Organization,
    Program,
    Record,
    RecordType,
    Statistic,
    names,
    record_name,
)
from .money import describe
from .text import fold, fold_with_map


class SearchHit(NamedTuple):
    """A record that matched, the field it matched in, and the passage."""

    type: RecordType
    id: str
    name: str
    field: str
    snippet: str
    spans: tuple[tuple[int, int], ...]
    """Where the query occurs in ``snippet``: (start, end) offsets."""
    score: int


class SearchResult(NamedTuple):
    hits: tuple[SearchHit, ...]
    total: int
    """How many records matched before ``limit``."""
    suggestions: tuple[str, ...]
    """Close names when nothing matched."""


# field weight: a match in a name counts more than one in a quote
_WEIGHTS = {
    "id": 100,
    "name": 90,
    "aliases": 85,
    "translations": 80,
    "title": 70,
    "phrase": 70,
    "description": 40,
    "purpose": 40,
    "role": 40,
    "date": 40,
    "period": 30,
    "search_terms": 35,
    "quote": 30,
    "other_quotes": 20,
    "roles.quote": 20,
}
_TYPE_ORDER = {rtype: i for i, rtype in enumerate(RecordType)}


def searchable_fields(record: Record) -> Iterator[tuple[str, str]]:
    yield "id", record.id
    if isinstance(record, Funding):
        yield "purpose", record.purpose
    elif isinstance(record, Event):
        yield "title", record.title
        yield "date", record.date
    else:
        yield "name", record.name
    for alias in getattr(record, "aliases", ()):
        yield "aliases", alias
    for translated in getattr(record, "translations", {}).values():
        for name in translated:
            yield "translations", name
    if isinstance(record, Program | Organization):
        yield "description", record.description
    if isinstance(record, Statistic):
        yield "phrase", record.phrase
        if record.period:
            yield "period", record.period
    if isinstance(record, Country):
        for role in record.roles:
            yield "role", role.role
    for term in record.search_terms:
        yield "search_terms", term
    yield "quote", record.quote
    for quote in record.other_quotes:
        yield "other_quotes", quote
    if isinstance(record, Country):
        for role in record.roles:
            yield "roles.quote", role.quote


def _is_word_start(text: str, at: int) -> bool:
    return at == 0 or not text[at - 1].isalnum()


def _is_word_end(text: str, at: int) -> bool:
    return at >= len(text) or not text[at].isalnum()


def _score(field: str, folded: str, needle: str, at: int) -> int:
    weight = _WEIGHTS[field]
    if folded == needle:
        return weight * 10 + 5
    whole = _is_word_start(folded, at) and _is_word_end(folded, at + len(needle))
    return weight * 10 + (3 if whole else 0) + (1 if _is_word_start(folded, at) else 0)


def _snippet(text: str, needles: Sequence[str], width: int = 160) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A passage of ``text`` around the first match, and where each match lies in it."""
    folded, origin = fold_with_map(text)
    matches = []
    for needle in needles:
        at = folded.find(needle)
        while at >= 0 and needle:
            start = origin[at]
            end = origin[at + len(needle) - 1] + 1
            matches.append((start, end))
            at = folded.find(needle, at + len(needle))
    matches.sort()
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
    return _snippet_of(text, lo, hi, matches)


def _snippet_of(text: str, lo: int, hi: int, matches: list[tuple[int, int]]) -> tuple[str, tuple[tuple[int, int], ...]]:
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


Haystacks = tuple[tuple[str, ...], ...]


def haystacks(sheet: FactSheet) -> Haystacks:
    """For each collection (in RecordType order), each record's searchable
    fields folded and joined: what ``search`` looks in first. Worth keeping for
    a large model: a search then builds only the records that match."""
    return tuple(tuple(_haystack(record) for record in sheet.records(rtype)) for rtype in RecordType)


def _haystack(record: Record) -> str:
    return fold("\x00".join(value for _, value in searchable_fields(record)))


def search(
    sheet: FactSheet,
    query: str,
    types: Sequence[RecordType] = (),
    limit: int | None = None,
    folded: Haystacks | None = None,
) -> SearchResult:
    """Records whose names, aliases, descriptions or quotes contain the query,
    best first; ignores case, accents and typographic quotes and dashes.

    When the whole query is found nowhere, records holding every word of it match.
    ``folded``, if given, must be ``haystacks(sheet)`` of this same sheet (kept
    from an earlier run): only the records whose haystack matches are built.
    """
    needle = fold(query)
    if not needle:
        return SearchResult((), 0, ())
    wanted = [rtype for rtype in RecordType if not types or rtype in types]
    if folded is None or len(folded) != len(RecordType):
        folded = None

    def candidates(needles: Sequence[str]) -> list[tuple[Record, str | None]]:
        """The records whose folded fields hold every needle (all records, if not folded yet)."""
        found: list[tuple[Record, str | None]] = []
        for rtype in wanted:
            hays = folded[_TYPE_ORDER[rtype]] if folded is not None else None
            if hays is None:
                found.extend((record, None) for record in sheet.records(rtype))
                continue
            hits = [i for i, hay in enumerate(hays) if all(needle in hay for needle in needles)]
            if hits:
                records = sheet.records(rtype)
                if len(records) == len(hays):
                    found.extend((records[i], hays[i]) for i in hits)
                else:  # not this model's haystacks after all: look in every record
                    found.extend((record, None) for record in records)
        return found

    matches = _matches(candidates([needle]), [needle], needle, 0)
    words = needle.split()
    if not matches and len(words) > 1:  # below any match of the whole phrase
        matches = _matches(candidates(words), words, words[0], -500)
    matches.sort(key=lambda m: (-m.score, _TYPE_ORDER[RECORD_TYPE[type(m.record)]], m.name.casefold(), m.record.id))
    suggestions: tuple[str, ...] = ()
    if not matches:
        suggestions = suggest([r for rtype in wanted for r in sheet.records(rtype)], needle)
    shown = matches if limit is None else matches[:limit]
    return SearchResult(tuple(_hit(m) for m in shown), len(matches), suggestions)


# Fields that hold a passage worth showing, best first; names and ids are shown anyway.
_PASSAGES = ("quote", "description", "purpose", "title", "role", "phrase", "other_quotes", "roles.quote")


class _Match(NamedTuple):
    record: Record
    name: str
    score: int
    field: str
    value: str
    needles: Sequence[str]


def _matches(
    records: Sequence[tuple[Record, str | None]], needles: Sequence[str], score_needle: str, bonus: int
) -> list[_Match]:
    """Records in which every needle occurs in some field, scored by ``score_needle``'s best field,
    with the best passage that holds it."""
    found = []
    for record, haystack in records:
        # All the fields folded at once first: most records of a large model stop here.
        if haystack is None:
            haystack = fold("\x00".join(value for _, value in searchable_fields(record)))
        if not all(needle in haystack for needle in needles):
            continue
        fields = list(searchable_fields(record))
        folded = [(field, value, fold(value)) for field, value in fields]
        if not all(any(needle in f for _, _, f in folded) for needle in needles):
            continue
        matched = [m for m in folded if score_needle in m[2]]
        score = max(_score(field, f, score_needle, f.find(score_needle)) for field, _, f in matched)
        passages = sorted((m for m in matched if m[0] in _PASSAGES), key=lambda m: _PASSAGES.index(m[0]))
        field, value, _ = passages[0] if passages else max(matched, key=lambda m: _WEIGHTS[m[0]])
        name = describe(record) if isinstance(record, Funding) else record_name(record)
        found.append(_Match(record, name, score + bonus, field, value, needles))
    return found


def _hit(match: _Match) -> SearchHit:
    snippet, spans = _snippet(match.value, match.needles)
    rtype = RECORD_TYPE[type(match.record)]
    return SearchHit(rtype, match.record.id, match.name, match.field, snippet, spans, match.score)


@cache
def _word() -> re.Pattern[str]:
    return re.compile(r"\w[\w'’.-]*\w|\w")


def suggest(records: Sequence[Record], needle: str) -> tuple[str, ...]:
    """Names close to a query that matched nothing ("martilo" -> "Martillo")."""
    vocabulary: dict[str, str] = {}
    for record in records:
        for name in names(record):
            vocabulary.setdefault(fold(name), name)
            for word in _word().findall(name):
                if len(word) >= 4:
                    vocabulary.setdefault(fold(word), word)
    import difflib

    close = difflib.get_close_matches(needle, list(vocabulary), n=5, cutoff=0.7)
    return tuple(dict.fromkeys(vocabulary[c] for c in close))
