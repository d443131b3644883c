"""Pure queries: a FactSheet and filters in, records out. No I/O, no printing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from carsi_cli.errors import AmbiguousError, NotFoundError
from carsi_cli.model.records import (
    RECORD_TYPE,
    Agency,
    Country,
    Event,
    FactSheet,
    Funding,
    Organization,
    Program,
    ProgramKind,
    Record,
    RecordType,
    Statistic,
    Unit,
    names,
    record_name,
)
from carsi_cli.model.text import fold, name_key


class Note(NamedTuple):
    """What a reader must know to read some records right ("a multi-year
    total, not money for FY2010 alone"), and which records it concerns."""

    text: str
    ids: tuple[str, ...] = ()
    """The records it concerns; none when it concerns all of them (why there is no total)."""
    about: str = ""
    """The note as said of each record it concerns, where ``text`` speaks of
    several at once ("f0, f1, f2 and 7 more are ..."); empty when ``text`` does."""

    @property
    def of_each(self) -> str:
        """What to say of each record the note concerns."""
        return self.about or self.text


def notes_of(
    records: Sequence[Any], notes: Sequence[Note], sep: str | None = None, finish: Callable[[str], str] = str
) -> list[Any]:
    """For each record, the texts of the notes that concern it, in order: a
    tuple, or one string joined by ``sep`` (and passed through ``finish``).
    Linear in the records and the ids the notes name; each combination of
    notes is joined once."""
    everyone = sum(1 << n for n, note in enumerate(notes) if not note.ids)
    masks = [everyone] * len(records)  # bit n: note n concerns the record
    if any(note.ids for note in notes):
        at: dict[str, list[int]] = {}
        for i, record in enumerate(records):
            at.setdefault(record.id, []).append(i)
        for n, note in enumerate(notes):
            for i in {i for record_id in note.ids for i in at.get(record_id, ())}:
                masks[i] |= 1 << n
    made: dict[int, Any] = {}
    for mask in set(masks):
        texts = tuple(note.of_each for n, note in enumerate(notes) if mask >> n & 1)
        made[mask] = finish(sep.join(texts)) if sep is not None else texts
    return [made[mask] for mask in masks]


# ---------------------------------------------------------------------------
# Looking records up by what a person types

_LIST_COMMAND = {
    RecordType.PROGRAM: "carsi programs list",
    RecordType.AGENCY: "carsi agencies list",
    RecordType.COUNTRY: "carsi countries list",
    RecordType.ORGANIZATION: "carsi organizations list",
    RecordType.FUNDING: "carsi funding",
    RecordType.STATISTIC: "carsi stats",
    RecordType.EVENT: "carsi timeline",
}


# Well-known U.S. agencies and programs that the fact sheet does not name. People
# look for them here (USAID and the State Department carry out much of CARSI), and
# "no agency matches 'USAID'" alone would read as a gap in carsi rather than in the
# fact sheet. This is product knowledge, not data from the text: keep it short,
# and only names a reader of this fact sheet is likely to try. Keys are written
# as ``_key`` folds them; a leading "the", "U.S." or "United States" is ignored.
NOT_NAMED = {
    "usaid": "the U.S. Agency for International Development (USAID)",
    "agency for international development": "the U.S. Agency for International Development (USAID)",
    "state department": "the Department of State",
    "department of state": "the Department of State",
    "state": "the Department of State",
    "dos": "the Department of State",
    "departamento de estado": "the Department of State",
    "inl": "the Bureau of International Narcotics and Law Enforcement Affairs (INL)",
    "bureau of international narcotics and law enforcement affairs": (
        "the Bureau of International Narcotics and Law Enforcement Affairs (INL)"
    ),
    "fbi": "the Federal Bureau of Investigation (FBI)",
    "federal bureau of investigation": "the Federal Bureau of Investigation (FBI)",
    "atf": "the Bureau of Alcohol, Tobacco, Firearms and Explosives (ATF)",
    "ondcp": "the Office of National Drug Control Policy (ONDCP)",
    "office of national drug control policy": "the Office of National Drug Control Policy (ONDCP)",
    "merida initiative": "the Mérida Initiative",
    "merida": "the Mérida Initiative",
    "iniciativa merida": "the Mérida Initiative",
    "cbsi": "the Caribbean Basin Security Initiative (CBSI)",
    "caribbean basin security initiative": "the Caribbean Basin Security Initiative (CBSI)",
    # Countries of the region the fact sheet never names ("the seven countries of
    # Central America" leaves Belize unnamed; Mexico and Colombia are not mentioned).
    "mexico": "Mexico",
    "mexican": "Mexico",
    "belize": "Belize",
    "colombia": "Colombia",
    "colombian": "Colombia",
    "venezuela": "Venezuela",
    "cuba": "Cuba",
    "haiti": "Haiti",
    "jamaica": "Jamaica",
}
# Keys that are also ordinary words ("state and local police", Spanish "dos"):
# they name an agency only as a whole query, never as a word inside a longer one.
_WHOLE_ONLY = frozenset({"state", "dos"})
_PREFIXES = ("the ", "u s ", "us ", "united states ")

# Words that do not tell one name from another ("the", "of"; "program" is kept).
_FILLER = frozenset("a an and at de del el for in la las los of on the to u s us y".split())  # noqa: SIM905


def not_named(text: str) -> str | None:
    """What ``text`` names, if it is a well-known agency or program the fact sheet does not name."""
    key = name_key(text)
    for _ in range(2):  # "the U.S. ATF"
        for prefix in _PREFIXES:
            key = key.removeprefix(prefix)
    return NOT_NAMED.get(key)


def named_in(text: str) -> str | None:
    """The first well-known agency, program or country the fact sheet does not
    name that ``text`` mentions, as a whole query or as words within one
    ("cocaine seizures in Mexico"): the longest such name wins."""
    key = absent_key(text)
    return None if key is None else NOT_NAMED[key]


def absent_key(text: str) -> str | None:
    """The key of ``NOT_NAMED`` that ``text`` mentions (see ``named_in``): its words
    are read as typed, never as a misspelling of a word the fact sheet writes."""
    whole = name_key(text)
    for _ in range(2):
        for prefix in _PREFIXES:
            whole = whole.removeprefix(prefix)
    if whole in NOT_NAMED:
        return whole
    words = name_key(text).split()
    longest = max(len(key.split()) for key in NOT_NAMED)  # a long query costs its length, not its square
    for n in range(min(len(words), longest), 0, -1):
        for i in range(len(words) - n + 1):
            key = " ".join(words[i : i + n])
            if key in NOT_NAMED and key not in _WHOLE_ONLY:
                return key
    return None


def _names(record: Record) -> list[str]:
    """What identifies a record on the command line: id, name, aliases, and its names in other languages."""
    found = names(record)
    for translated in getattr(record, "translations", {}).values():
        found += translated
    return found


def _words(name: str) -> set[str]:
    return {w for w in name_key(name).split() if w not in _FILLER}


def _plural_free(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def lookup(sheet: FactSheet, rtype: RecordType, text: str) -> Record:
    """The one record of a collection that ``text`` names, ignoring case, accents
    and punctuation: by id, name, alias or name in another language; then by a
    search term; then by words of its names ("tocumen", "southern command"),
    in any order. AmbiguousError lists the candidates when several fit;
    NotFoundError gives the closest names otherwise, and says so plainly when
    ``text`` is a well-known name the fact sheet does not give."""
    records = sheet.records(rtype)
    exact = [r for r in records if r.id == text]  # what scripts pass: no folding needed
    if len(exact) == 1:
        return exact[0]
    found = _fitting(records, text)[1]
    if found:
        return _one(found, rtype, text)
    absent = not_named(text)
    if absent is not None:
        msg = f"no {rtype.value} matches {text!r}: the fact sheet does not name {absent} (see `{_LIST_COMMAND[rtype]}`)"
        raise NotFoundError(msg)
    import difflib

    vocabulary = {fold(name): (name, r.id) for r in records for name in _names(r)}
    close = difflib.get_close_matches(fold(text), list(vocabulary), n=6, cutoff=0.6)
    by_record = {vocabulary[c][1]: vocabulary[c] for c in reversed(close)}  # the closest name of each record
    best = sorted(by_record.values(), key=lambda match: close.index(fold(match[0])))[:3]
    hint = "; did you mean " + " or ".join(_describe_match(*m) for m in best) + "?" if best else ""
    msg = f"no {rtype.value} matches {text!r}{hint} (see `{_LIST_COMMAND[rtype]}`)"
    raise NotFoundError(msg)


def _fitting(records: Sequence[Record], text: str) -> tuple[int, list[Record]]:
    """The records ``text`` names at the first of ``lookup``'s tiers where any
    does, with that tier: 0 a name (id, name, alias, translation), 1 a search
    term, 2 words of the names; (3, []) when none does."""
    key = name_key(text)
    solid = key.replace(" ", "")  # "US" is "U.S.", "JIATF South" is "JIATF-South"
    tiers: tuple[Callable[[Record], bool], ...] = (
        lambda r: any(name_key(name).replace(" ", "") == solid for name in _names(r)),
        lambda r: any(name_key(term) == key for term in r.search_terms),
    )
    for tier, fits in enumerate(tiers):
        found = [r for r in records if fits(r)]
        if found:
            return tier, found
    wanted = {_plural_free(w) for w in _words(text)}
    if wanted and key:
        found = [r for r in records if wanted <= {_plural_free(w) for name in _names(r) for w in _words(name)}]
        if found:
            return 2, found
    return 3, []


def _by_figure(sheet: FactSheet, text: str) -> list[Record]:
    """The records holding a figure ``text`` writes with its scale or unit: funding
    of that amount ("105 million", "$361 million"), statistics of that percentage."""
    from carsi_cli.query.reading import parse

    found: list[Record] = []
    for figure in parse(text).figures:
        if figure.unit == "usd" or (figure.unit is None and not figure.values):  # "105 million", "$105,000,000"
            amounts = figure.dollars if figure.unit == "usd" else figure.dollars[:1]
            found += [f for f in sheet.funding if f.amount_usd in amounts]
        elif figure.unit == "percent":
            found += [s for s in sheet.statistics if s.unit is Unit.PERCENT and s.value in figure.values]
    return list({id(r): r for r in found}.values())  # each once (records are not hashable)


def lookup_any(sheet: FactSheet, text: str) -> Record:
    """The one record of any collection that ``text`` names, the way ``lookup``
    finds one in a collection: its id; a figure it holds ("105 million", "39
    percent"); then its names, a search term or words of its names, the
    collections compared tier by tier (a name in one beats words in another).
    AmbiguousError lists the candidates; NotFoundError the closest names."""
    everything = list(sheet.all_records())
    exact = [r for r in everything if r.id == text]
    if len(exact) == 1:
        return exact[0]
    found = _by_figure(sheet, text)
    if not found:
        fits = [_fitting(sheet.records(rtype), text) for rtype in RecordType]
        best = min(tier for tier, _ in fits)
        found = [r for tier, records in fits if tier == best for r in records]
    if len(found) == 1:
        return found[0]
    if found:
        shown = ", ".join(f"{r.id} ({RECORD_TYPE[type(r)].value}: {record_name(r)})" for r in found[:6])
        more = f" and {len(found) - 6} more" if len(found) > 6 else ""
        msg = f"{text!r} could be {len(found)} records: {shown}{more}; give one of these ids"
        raise AmbiguousError(msg)
    absent = not_named(text)
    if absent is not None:
        msg = f"no record matches {text!r}: the fact sheet does not name {absent}"
        raise NotFoundError(msg)
    import difflib

    vocabulary = {fold(name): (name, r.id) for r in everything for name in _names(r)}
    close = difflib.get_close_matches(fold(text), list(vocabulary), n=6, cutoff=0.6)
    by_record = {vocabulary[c][1]: vocabulary[c] for c in reversed(close)}
    best_matches = sorted(by_record.values(), key=lambda match: close.index(fold(match[0])))[:3]
    hint = "; did you mean " + " or ".join(_describe_match(*m) for m in best_matches) + "?" if best_matches else ""
    msg = f"no record matches {text!r}{hint} (see `carsi search WORDS`)"
    raise NotFoundError(msg)


def lookup_held(sheet: FactSheet, rtype: RecordType, text: str) -> Record:
    """The one record of a collection that ``text`` names, as ``lookup_any``
    takes one: its id, then a figure it holds ("105 million", "39 percent"),
    then the ways ``lookup`` has (names, a search term, words of its names)."""
    exact = [r for r in sheet.records(rtype) if r.id == text]
    if len(exact) == 1:
        return exact[0]
    held = [r for r in _by_figure(sheet, text) if RECORD_TYPE[type(r)] is rtype]
    if not held and rtype is RecordType.STATISTIC:  # a count: "16 partner nations", "22"
        from carsi_cli.query.reading import parse

        values = {value for figure in parse(text).figures if figure.unit is None for value in figure.values}
        held = [s for s in sheet.statistics if s.unit is Unit.COUNT and s.value in values]
    if held:
        return _one(held, rtype, text)
    return lookup(sheet, rtype, text)


_PLURAL = {
    RecordType.PROGRAM: "programs",
    RecordType.AGENCY: "agencies",
    RecordType.COUNTRY: "countries",
    RecordType.ORGANIZATION: "organizations",
    RecordType.FUNDING: "funding records",
    RecordType.STATISTIC: "statistics",
    RecordType.EVENT: "events",
}


def _one(found: list[Record], rtype: RecordType, text: str) -> Record:
    if len(found) == 1:
        return found[0]
    shown = ", ".join(f"{r.id} ({record_name(r)})" for r in found[:6])
    more = f" and {len(found) - 6} more" if len(found) > 6 else ""
    msg = f"{text!r} could be {len(found)} {_PLURAL[rtype]}: {shown}{more}; give one of these ids"
    raise AmbiguousError(msg)


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


def agencies(sheet: FactSheet, program: str | None = None) -> list[Agency]:
    """Agencies, optionally only those a program names."""
    if program is None:
        return list(sheet.agencies)
    target = lookup(sheet, RecordType.PROGRAM, program)
    assert isinstance(target, Program)
    return [a for a in sheet.agencies if a.id in target.agencies]


def countries(sheet: FactSheet, program: str | None = None) -> list[Country]:
    """Countries, optionally only those a program is in (see ``in_country``)."""
    if program is None:
        return list(sheet.countries)
    target = lookup(sheet, RecordType.PROGRAM, program)
    assert isinstance(target, Program)
    return [c for c in sheet.countries if in_country(target, c)]


class ProgramDetail(NamedTuple):
    program: Program
    listed_under: Program | None
    """The program the fact sheet lists this one under."""
    listed_here: tuple[Program, ...]
    """Programs the fact sheet lists under this one."""
    agencies: tuple[Agency, ...]
    countries: tuple[Country, ...]
    organizations: tuple[Organization, ...]
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
        organizations=tuple(o for o in sheet.organizations if o.id in program.organizations),
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


class OrganizationDetail(NamedTuple):
    organization: Organization
    programs: tuple[Program, ...]


def organization_detail(sheet: FactSheet, text: str) -> OrganizationDetail:
    """An organization with the programs that name it."""
    organization = lookup(sheet, RecordType.ORGANIZATION, text)
    assert isinstance(organization, Organization)
    return OrganizationDetail(organization, tuple(p for p in sheet.programs if organization.id in p.organizations))


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


def timeline_notes(events: Sequence[Event]) -> list[Note]:
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
                    Note(
                        f"{event.id} is dated only to {event.date}; the fact sheet does not say whether it came "
                        f"before or after {', '.join(within)}.",
                        (event.id, *within),
                    )
                )
    return notes


class StatisticDetail(NamedTuple):
    statistic: Statistic
    program: Program | None
    """The program the figure is about."""
    listed_under: Program | None
    """The program whose section of the fact sheet the figure stands in."""


def statistic_detail(sheet: FactSheet, text: str) -> StatisticDetail:
    """A statistic with the programs it belongs to, taken as ``lookup_held`` takes it."""
    statistic = lookup_held(sheet, RecordType.STATISTIC, text)
    assert isinstance(statistic, Statistic)
    by_id = {p.id: p for p in sheet.programs}
    return StatisticDetail(
        statistic,
        by_id.get(statistic.program or ""),
        by_id.get(statistic.listed_under or "") if statistic.listed_under != statistic.program else None,
    )


class EventDetail(NamedTuple):
    event: Event
    programs: tuple[Program, ...]
    agencies: tuple[Agency, ...]
    countries: tuple[Country, ...]
    notes: tuple[str, ...]
    """What the timeline does not know about the event (whether it came before or after another)."""


def event_detail(sheet: FactSheet, text: str) -> EventDetail:
    """An event with the records it names and the timeline's notes on it."""
    event = lookup_held(sheet, RecordType.EVENT, text)
    assert isinstance(event, Event)
    (notes,) = notes_of([event], timeline_notes(timeline(sheet)))
    return EventDetail(
        event,
        tuple(p for p in sheet.programs if p.id in event.programs),
        tuple(a for a in sheet.agencies if a.id in event.agencies),
        tuple(c for c in sheet.countries if c.id in event.countries),
        notes,
    )
