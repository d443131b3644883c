"""Pure queries: a FactSheet and filters in, records out. No I/O, no printing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .errors import NotFoundError
from .model import (
    Agency,
    Country,
    Event,
    FactSheet,
    Funding,
    Program,
    ProgramKind,
    Record,
    RecordType,
    Statistic,
    names,
)
from .text import fold


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


def lookup(sheet: FactSheet, rtype: RecordType, text: str) -> Record:
    """The one record of a collection whose id, name or alias is ``text``,
    ignoring case, accents and spacing; NotFoundError with the closest names otherwise."""
    key = fold(text)
    records = sheet.records(rtype)
    found = [r for r in records if any(fold(name) == key for name in names(r))]
    if len(found) == 1:
        return found[0]
    if found:
        ids = ", ".join(r.id for r in found)
        msg = f"{text!r} names several {rtype.value} records ({ids}); use the id"
        raise NotFoundError(msg)
    import difflib

    vocabulary = {fold(name): (name, r.id) for r in records for name in names(r)}
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
