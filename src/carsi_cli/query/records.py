"""Pure queries: a FactSheet and filters in, records out. No I/O, no printing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from carsi_cli.model.records import (
    Agency,
    Country,
    Event,
    FactSheet,
    Funding,
    Organization,
    Program,
    ProgramKind,
    RecordType,
    Statistic,
)
from carsi_cli.model.results import Note as Note  # where queries return it
from carsi_cli.model.results import notes_of as notes_of
from carsi_cli.query.links import in_country as in_country
from carsi_cli.query.links import located, participation, parts, taking_part, through_parts
from carsi_cli.query.lookup import lookup, lookup_held

# ---------------------------------------------------------------------------
# Looking records up by what a person types


def programs_in_country(sheet: FactSheet, country: Country) -> list[Program]:
    """Programs whose work happens in the country, or that it takes part in or leads."""
    return [p for p in sheet.programs if in_country(p, country)]


def programs_located_in(sheet: FactSheet, country: Country) -> list[Program]:
    """Programs whose work the text puts in the country (see ``links.located``)."""
    return [p for p in sheet.programs if located(p, country)]


def agency_ids(sheet: FactSheet, agency: Agency) -> set[str]:
    """The agency's id and those of its parts (DHS with CBP and ICE)."""
    return {agency.id} | {a.id for a in parts(sheet, agency)}


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
        assert isinstance(who, Agency)
        ids = agency_ids(sheet, who)
        selected = [p for p in selected if ids.intersection(p.agencies)]
    if kind is not None:
        selected = [p for p in selected if p.kind is kind]
    return selected


def program_notes(
    sheet: FactSheet, records: Sequence[Program], country: str | None = None, agency: str | None = None
) -> list[Note]:
    """How each of ``programs``' rows came there, where it was not plainly: a
    country that only takes part in the program or leads it, and an agency
    that is in it only through its parts."""
    notes: list[Note] = []
    if country is not None:
        where = lookup(sheet, RecordType.COUNTRY, country)
        assert isinstance(where, Country)
        for program in records:
            part = taking_part(program, where)
            if part is not None:
                said = participation(program, where, part)
                notes.append(Note(f"{program.id}: {said}", (program.id,), said))
    if agency is not None:
        who = lookup(sheet, RecordType.AGENCY, agency)
        assert isinstance(who, Agency)
        for program in records:
            said = through_parts(sheet, who, program.agencies)
            if said:
                notes.append(Note(f"{program.id}: {said}", (program.id,), said))
    return notes


def agencies(sheet: FactSheet, program: str | None = None) -> list[Agency]:
    """Agencies, optionally only those a program names."""
    if program is None:
        return list(sheet.agencies)
    target = lookup(sheet, RecordType.PROGRAM, program)
    assert isinstance(target, Program)
    return [a for a in sheet.agencies if a.id in target.agencies]


def countries(sheet: FactSheet, program: str | None = None) -> list[Country]:
    """Countries, optionally only those of a program (see ``in_country``),
    each then with its roles in that program only."""
    if program is None:
        return list(sheet.countries)
    target = lookup(sheet, RecordType.PROGRAM, program)
    assert isinstance(target, Program)
    return [
        c._replace(roles=tuple(role for role in c.roles if role.program == target.id))
        for c in sheet.countries
        if in_country(target, c)
    ]


def country_notes(sheet: FactSheet, records: Sequence[Country], program: str | None = None) -> list[Note]:
    """For ``countries --program``: the countries that only take part in the
    program or lead it, which is not where its work happens."""
    if program is None:
        return []
    target = lookup(sheet, RecordType.PROGRAM, program)
    assert isinstance(target, Program)
    notes = []
    for country in records:
        part = taking_part(target, country)
        if part is not None:
            said = participation(target, country, part)
            notes.append(Note(f"{country.id}: {said}", (country.id,), said))
    return notes


class ProgramDetail(NamedTuple):
    program: Program
    listed_under: Program | None
    """The program the fact sheet lists this one under."""
    listed_here: tuple[Program, ...]
    """Programs the fact sheet lists under this one."""
    agencies: tuple[Agency, ...]
    countries: tuple[Country, ...]
    """Countries where the program's work happens."""
    organizations: tuple[Organization, ...]
    funding: tuple[Funding, ...]
    statistics: tuple[Statistic, ...]
    events: tuple[Event, ...]
    participants: tuple[Country, ...] = ()
    """Countries that take part in the program or lead it, where the text does not put its work there."""


def program_detail(sheet: FactSheet, text: str) -> ProgramDetail:
    """A program with everything that refers to it."""
    program = lookup(sheet, RecordType.PROGRAM, text)
    assert isinstance(program, Program)
    return ProgramDetail(
        program=program,
        listed_under=next((p for p in sheet.programs if p.id == program.listed_under), None),
        listed_here=tuple(p for p in sheet.programs if p.listed_under == program.id),
        agencies=tuple(a for a in sheet.agencies if a.id in program.agencies),
        countries=tuple(c for c in sheet.countries if located(program, c)),
        organizations=tuple(o for o in sheet.organizations if o.id in program.organizations),
        funding=tuple(f for f in sheet.funding if f.program == program.id),
        statistics=tuple(s for s in sheet.statistics if s.program == program.id),
        events=tuple(e for e in sheet.events if program.id in e.programs),
        participants=tuple(c for c in sheet.countries if taking_part(program, c) is not None),
    )


class AgencyDetail(NamedTuple):
    agency: Agency
    programs: tuple[Program, ...]
    events: tuple[Event, ...]
    part_of: Agency | None = None
    """The department or command the agency belongs to."""
    parts: tuple[Agency, ...] = ()
    """The agencies that belong to it, directly or through another."""
    notes: tuple[str, ...] = ()
    """How a program or event that names only its parts came here ("Through CBP and ICE, parts of DHS")."""


def agency_detail(sheet: FactSheet, text: str) -> AgencyDetail:
    """An agency with the programs and events it takes part in, itself or through its parts."""
    agency = lookup(sheet, RecordType.AGENCY, text)
    assert isinstance(agency, Agency)
    ids = agency_ids(sheet, agency)
    linked: list[Program | Event] = [
        *(p for p in sheet.programs if ids.intersection(p.agencies)),
        *(e for e in sheet.events if ids.intersection(e.agencies)),
    ]
    notes = [f"{r.id}: {said}" for r in linked if (said := through_parts(sheet, agency, r.agencies))]
    return AgencyDetail(
        agency=agency,
        programs=tuple(r for r in linked if isinstance(r, Program)),
        events=tuple(r for r in linked if isinstance(r, Event)),
        part_of=next((a for a in sheet.agencies if a.id == agency.part_of), None),
        parts=tuple(parts(sheet, agency)),
        notes=tuple(notes),
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
