"""Pure queries: a FactSheet and filters in, records out. No I/O, no printing."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import NamedTuple

from .errors import NotFoundError
from .model import (
    RECORD_TYPE,
    Agency,
    Basis,
    Country,
    Event,
    FactSheet,
    Funding,
    Program,
    ProgramKind,
    Qualifier,
    Record,
    RecordType,
    Statistic,
    record_name,
)
from .money import describe, dollars, span
from .text import fold, fold_with_map

# ---------------------------------------------------------------------------
# Looking records up by what a person types

_LIST_COMMAND = {
    RecordType.PROGRAM: "carsi programs list",
    RecordType.AGENCY: "carsi agencies list",
    RecordType.COUNTRY: "carsi countries list",
    RecordType.FUNDING: "carsi funding",
    RecordType.STATISTIC: "carsi stats",
    RecordType.EVENT: "carsi timeline",
}


def _names(record: Record) -> list[str]:
    names = [record.id, record_name(record)]
    names.extend(getattr(record, "aliases", ()))
    return names


def lookup(sheet: FactSheet, rtype: RecordType, text: str) -> Record:
    """The one record of a collection whose id, name or alias is ``text``,
    ignoring case, accents and spacing; NotFoundError with the closest names otherwise."""
    key = fold(text)
    records = sheet.records(rtype)
    found = [r for r in records if any(fold(name) == key for name in _names(r))]
    if len(found) == 1:
        return found[0]
    if found:
        ids = ", ".join(r.id for r in found)
        msg = f"{text!r} names several {rtype.value} records ({ids}); use the id"
        raise NotFoundError(msg)
    import difflib

    vocabulary = {fold(name): (name, r.id) for r in records for name in _names(r)}
    close = difflib.get_close_matches(key, list(vocabulary), n=6, cutoff=0.6)
    by_record = {vocabulary[c][1]: vocabulary[c] for c in reversed(close)}  # the closest name of each record
    best = sorted(by_record.values(), key=lambda match: close.index(fold(match[0])))[:3]
    hint = "; did you mean " + " or ".join(_describe_match(*m) for m in best) + "?" if best else ""
    msg = f"no {rtype.value} matches {text!r}{hint} (see `{_LIST_COMMAND[rtype]}`)"
    raise NotFoundError(msg)


def _describe_match(name: str, record_id: str) -> str:
    return repr(name) if name == record_id else f"{name!r} ({record_id})"


# ---------------------------------------------------------------------------
# Programs, agencies, countries


def in_country(program: Program, country: Country) -> bool:
    """Whether the program names the country, or one of the country's roles belongs to it."""
    return country.id in program.countries or any(role.program == program.id for role in country.roles)


def programs_in_country(sheet: FactSheet, country: Country) -> list[Program]:
    """Programs that name the country, or that one of its roles belongs to."""
    return [p for p in sheet.programs if in_country(p, country)]


def programs(
    sheet: FactSheet,
    country: str | None = None,
    agency: str | None = None,
    kind: ProgramKind | None = None,
) -> list[Program]:
    """Programs, optionally only those in a country, with an agency, or of a kind."""
    selected = list(sheet.programs)
    if country is not None:
        where = lookup(sheet, RecordType.COUNTRY, country)
        assert isinstance(where, Country)
        selected = [p for p in selected if in_country(p, where)]
    if agency is not None:
        who = lookup(sheet, RecordType.AGENCY, agency)
        selected = [p for p in selected if who.id in p.agencies]
    if kind is not None:
        selected = [p for p in selected if p.kind is kind]
    return selected


class ProgramDetail(NamedTuple):
    program: Program
    listed_under: Program | None
    """The program the fact sheet lists this one under."""
    listed_here: tuple[Program, ...]
    """Programs the fact sheet lists under this one."""
    agencies: tuple[Agency, ...]
    countries: tuple[Country, ...]
    funding: tuple[Funding, ...]
    statistics: tuple[Statistic, ...]
    events: tuple[Event, ...]


def program_detail(sheet: FactSheet, text: str) -> ProgramDetail:
    """A program with everything that refers to it."""
    program = lookup(sheet, RecordType.PROGRAM, text)
    assert isinstance(program, Program)
    return ProgramDetail(
        program=program,
        listed_under=next((p for p in sheet.programs if p.id == program.listed_under), None),
        listed_here=tuple(p for p in sheet.programs if p.listed_under == program.id),
        agencies=tuple(a for a in sheet.agencies if a.id in program.agencies),
        countries=tuple(c for c in sheet.countries if in_country(program, c)),
        funding=tuple(f for f in sheet.funding if f.program == program.id),
        statistics=tuple(s for s in sheet.statistics if s.program == program.id),
        events=tuple(e for e in sheet.events if program.id in e.programs),
    )


class AgencyDetail(NamedTuple):
    agency: Agency
    programs: tuple[Program, ...]
    events: tuple[Event, ...]


def agency_detail(sheet: FactSheet, text: str) -> AgencyDetail:
    """An agency with the programs and events it takes part in."""
    agency = lookup(sheet, RecordType.AGENCY, text)
    assert isinstance(agency, Agency)
    return AgencyDetail(
        agency=agency,
        programs=tuple(p for p in sheet.programs if agency.id in p.agencies),
        events=tuple(e for e in sheet.events if agency.id in e.agencies),
    )


class CountryDetail(NamedTuple):
    country: Country
    programs: tuple[Program, ...]
    events: tuple[Event, ...]


def country_detail(sheet: FactSheet, text: str) -> CountryDetail:
    """A country with every role it plays and the programs there."""
    country = lookup(sheet, RecordType.COUNTRY, text)
    assert isinstance(country, Country)
    via_roles = {role.event for role in country.roles if role.event}
    return CountryDetail(
        country=country,
        programs=tuple(programs_in_country(sheet, country)),
        events=tuple(e for e in sheet.events if country.id in e.countries or e.id in via_roles),
    )


def statistics(sheet: FactSheet, program: str | None = None) -> list[Statistic]:
    """Statistics, optionally only those of one program."""
    if program is None:
        return list(sheet.statistics)
    target = lookup(sheet, RecordType.PROGRAM, program)
    return [s for s in sheet.statistics if s.program == target.id]


def timeline(sheet: FactSheet) -> list[Event]:
    """The dated events, oldest first; an event dated only to a month (or year)
    sorts before the days of that month, though the text may not say which came first."""
    return sorted(sheet.events, key=lambda e: (e.date, e.id))


def timeline_notes(events: Sequence[Event]) -> list[str]:
    """Where the order of ``timeline`` is not known: an event dated only to a
    month or year beside events dated within it."""
    notes = []
    for event in events:
        if len(event.date) < 10:
            within = [
                e.id
                for e in events
                if e is not event and e.date.startswith(event.date) and len(e.date) > len(event.date)
            ]
            if within:
                notes.append(
                    f"{event.id} is dated only to {event.date}; the fact sheet does not say whether it came before "
                    f"or after {', '.join(within)}."
                )
    return notes


# ---------------------------------------------------------------------------
# Funding


class Total(NamedTuple):
    """A sum that is safe to state: same kind, all totals, no overlapping spans."""

    amount_usd: int
    qualifier: Qualifier
    fy_start: int
    fy_end: int
    figures: int
    """How many figures were added."""

    def describe(self) -> str:
        prefix = (
            "more than "
            if self.qualifier is Qualifier.MORE_THAN
            else "at least "
            if self.qualifier is Qualifier.AT_LEAST
            else ""
        )
        return f"{prefix}{dollars(self.amount_usd)} over {span(self.fy_start, self.fy_end)} ({self.figures} figures)"


class FundingReport(NamedTuple):
    records: tuple[Funding, ...]
    total: Total | None
    notes: tuple[str, ...]
    """What a reader must know to read the figures right, including why there is no total."""


def _overlapping_pairs(dated: Sequence[Funding], limit: int) -> list[tuple[Funding, Funding]]:
    """Up to ``limit`` pairs of figures whose fiscal-year spans overlap, found by
    sorting by start and sweeping (n log n, not every pair)."""
    ordered = sorted(dated, key=lambda f: (f.fy_start or 0, f.fy_end or 0))
    pairs: list[tuple[Funding, Funding]] = []
    reach: Funding | None = None  # the figure seen so far that ends latest
    for figure in ordered:
        assert figure.fy_start is not None and figure.fy_end is not None
        if reach is not None and reach.fy_end is not None and figure.fy_start <= reach.fy_end:
            pairs.append((reach, figure))
            if len(pairs) >= limit:
                break
        if reach is None or (reach.fy_end or 0) < figure.fy_end:
            reach = figure
    return pairs


def _some(ids: Sequence[str], shown: int = 3) -> str:
    """'a, b and c', or 'a, b, c and 12 more'."""
    if len(ids) <= shown:
        return ", ".join(ids[:-1]) + (" and " if len(ids) > 1 else "") + ids[-1]
    return f"{', '.join(ids[:shown])} and {len(ids) - shown} more"


def total(records: Sequence[Funding]) -> tuple[Total | None, list[str]]:
    """The sum of the figures when adding them is sound, else the reasons it is not."""
    if len(records) < 2:
        return None, []
    reasons = []
    undated = [f.id for f in records if not f.dated]
    if undated:
        reasons.append(f"{_some(undated)} {'gives' if len(undated) == 1 else 'give'} no fiscal year")
    if any(f.basis is Basis.PER_YEAR for f in records):
        reasons.append("a per-year rate is not a sum and cannot be added to other figures")
    kinds = sorted({f.kind.value for f in records})
    if len(kinds) > 1:
        reasons.append(f"the figures are different kinds of money ({', '.join(kinds)})")
    overlapping = _overlapping_pairs([f for f in records if f.dated], limit=4)
    if overlapping:
        pairs = [f"{a.id} and {b.id}" for a, b in overlapping[:3]]
        more = " and more" if len(overlapping) > 3 else ""
        reasons.append(
            f"fiscal-year spans overlap ({'; '.join(pairs)}{more}), "
            "and the fact sheet does not say whether the figures share money"
        )
    qualifiers = {f.qualifier for f in records}
    lower_bounds = {Qualifier.MORE_THAN, Qualifier.AT_LEAST}
    if not (qualifiers == {Qualifier.EXACT} or qualifiers <= lower_bounds | {Qualifier.EXACT}):
        reasons.append("some figures are approximate or upper bounds")
    if reasons:
        return None, reasons
    qualifier = Qualifier.EXACT
    if qualifiers & {Qualifier.MORE_THAN}:
        qualifier = Qualifier.MORE_THAN
    elif qualifiers & {Qualifier.AT_LEAST}:
        qualifier = Qualifier.AT_LEAST
    starts = [f.fy_start for f in records if f.fy_start is not None]
    ends = [f.fy_end for f in records if f.fy_end is not None]
    return Total(sum(f.amount_usd for f in records), qualifier, min(starts), max(ends), len(records)), []


def funding(
    sheet: FactSheet,
    fy_from: int | None = None,
    fy_to: int | None = None,
    program: str | None = None,
) -> FundingReport:
    """Funding records whose fiscal-year span meets [fy_from, fy_to] (either end open),
    with notes on how to read them; with no years, every record, undated ones included."""
    records: Iterable[Funding] = sheet.funding
    if program is not None:
        target = lookup(sheet, RecordType.PROGRAM, program)
        records = [f for f in records if f.program == target.id]
    filtered = fy_from is not None or fy_to is not None
    if filtered:
        low = fy_from if fy_from is not None else -(10**9)
        high = fy_to if fy_to is not None else 10**9
        records = [
            f
            for f in records
            if f.fy_start is not None and f.fy_end is not None and f.fy_start <= high and low <= f.fy_end
        ]
    selected = tuple(records)

    asked = span(fy_from, fy_to) if fy_from is not None and fy_to is not None else ""
    where = f"for {asked} alone" if asked else "for the years asked alone"
    straddling = [
        f
        for f in selected
        if filtered
        and f.basis is Basis.TOTAL
        and f.dated
        and f.fy_start != f.fy_end
        and not (
            fy_from is not None and fy_to is not None and fy_from <= (f.fy_start or 0) and (f.fy_end or 0) <= fy_to
        )
    ]
    rates = [f for f in selected if f.basis is Basis.PER_YEAR]
    undated = [f for f in selected if not f.dated]
    notes = []
    if len(straddling) == 1:
        f = straddling[0]
        notes.append(
            f"{f.id}: {describe(f)} is a multi-year total, not money {where}; the fact sheet does not split it by year"
        )
    elif straddling:
        notes.append(
            f"{_some([f.id for f in straddling])} are multi-year totals, not money {where}; "
            "the fact sheet does not split them by year"
        )
    if len(rates) == 1:
        notes.append(f"{rates[0].id}: {describe(rates[0])} is a rate for each of those years, not a sum")
    elif rates:
        notes.append(f"{_some([f.id for f in rates])} are rates for each of their years, not sums")
    if undated:
        these = "this figure" if len(undated) == 1 else "these figures"
        notes.append(f"{_some([f.id for f in undated])}: the fact sheet gives no fiscal year for {these}")
    found, reasons = total(selected)
    if reasons:
        notes.append("No total: " + "; ".join(reasons) + ".")
    elif found is not None:
        notes.append(f"Total: {found.describe()}.")
    return FundingReport(selected, found, tuple(notes))


# ---------------------------------------------------------------------------
# Search


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
    "title": 70,
    "phrase": 70,
    "description": 40,
    "purpose": 40,
    "role": 40,
    "date": 40,
    "period": 30,
    "quote": 30,
    "other_quotes": 20,
    "roles.quote": 20,
}
_TYPE_ORDER = {rtype: i for i, rtype in enumerate(RecordType)}


def _fields(record: Record) -> Iterator[tuple[str, str]]:
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
    if isinstance(record, Program):
        yield "description", record.description
    if isinstance(record, Statistic):
        yield "phrase", record.phrase
        if record.period:
            yield "period", record.period
    if isinstance(record, Country):
        for role in record.roles:
            yield "role", role.role
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
    return fold("\x00".join(value for _, value in _fields(record)))


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
            haystack = fold("\x00".join(value for _, value in _fields(record)))
        if not all(needle in haystack for needle in needles):
            continue
        fields = list(_fields(record))
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
        for name in _names(record):
            vocabulary.setdefault(fold(name), name)
            for word in _word().findall(name):
                if len(word) >= 4:
                    vocabulary.setdefault(fold(word), word)
    import difflib

    close = difflib.get_close_matches(needle, list(vocabulary), n=5, cutoff=0.7)
    return tuple(dict.fromkeys(vocabulary[c] for c in close))
