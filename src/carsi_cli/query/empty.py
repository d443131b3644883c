"""Why a list is empty, pure: one sentence for each list command, from the
model, saying what the fact sheet does not give and, where it has something
close, what it has instead ("CARSI's figures name no country").

The filters are the commands' own (see ``records`` and ``funding``); each
function is called only when the result it explains is empty, and finds the
filter that emptied it by applying them one by one.
"""

from __future__ import annotations

from collections.abc import Sequence

from carsi_cli.model.money import span
from carsi_cli.model.records import (
    COLLECTION,
    Agency,
    Country,
    FactSheet,
    Funding,
    Program,
    ProgramKind,
    RecordType,
)
from carsi_cli.query.lookup import lookup
from carsi_cli.query.records import agency_ids, in_country, programs_located_in


def _listing(ids: Sequence[str], shown: int = 3) -> str:
    """'a', 'a and b', 'a, b and c', or 'a, b, c and 4 more'."""
    if len(ids) > shown:
        return f"{', '.join(ids[:shown])} and {len(ids) - shown} more"
    return ", ".join(ids[:-1]) + (" and " if len(ids) > 1 else "") + ids[-1]


def nothing_at_all(rtype: RecordType) -> str:
    """Why a list that no filter narrowed is empty: the model holds none."""
    return f"The data file has no {COLLECTION[rtype].key}."


def _program(sheet: FactSheet, text: str) -> Program:
    found = lookup(sheet, RecordType.PROGRAM, text)
    assert isinstance(found, Program)
    return found


def _country(sheet: FactSheet, text: str) -> Country:
    found = lookup(sheet, RecordType.COUNTRY, text)
    assert isinstance(found, Country)
    return found


def _short(record: Program | Agency) -> str:
    """What people call a program or agency for short: its abbreviation ("CARSI", "DEA"), else its name."""
    return next((a for a in record.aliases if a.isupper() and " " not in a), record.name)


def _see(program: Program) -> str:
    return f"`carsi programs show {program.id}` shows what it says of it"


def no_programs(
    sheet: FactSheet,
    country: str | None = None,
    agency: str | None = None,
    kind: ProgramKind | None = None,
) -> str:
    """Why ``records.programs`` found none with these filters."""
    if not sheet.programs:
        return nothing_at_all(RecordType.PROGRAM)
    noun = kind.value if kind is not None else "program"
    said: list[str] = []
    selected = list(sheet.programs)
    if country is not None:
        where = _country(sheet, country)
        said.append(f"in {where.name}")
        selected = [p for p in selected if in_country(p, where)]
        if not selected:
            events = [role.event for role in where.roles if role.event]
            instead = f"; it names {where.name} only in {_listing(events)}" if events else ""
            return f"The fact sheet names no program in {where.name}{instead}."
    if agency is not None:
        who = lookup(sheet, RecordType.AGENCY, agency)
        assert isinstance(who, Agency)
        before = selected
        ids = agency_ids(sheet, who)
        selected = [p for p in selected if ids.intersection(p.agencies)]
        if not selected:
            if said:
                return (
                    f"The fact sheet names no program {said[0]} that {_short(who)} takes part in; "
                    f"the programs {said[0]} are {_listing([p.id for p in before])}."
                )
            return f"The fact sheet names no program that {_short(who)} takes part in."
        said.append(f"that {_short(who)} takes part in")
    # only --kind is left to have emptied the list
    kinds = sorted({p.kind.value for p in selected})
    whose = " ".join(said)
    those = f"the programs {whose} are" if said else "its programs are"
    return f"The fact sheet names no {noun}{' ' + whose if whose else ''}; {those} of kind {_listing(kinds, 9)}."


def no_agencies(sheet: FactSheet, program: str | None = None) -> str:
    """Why ``records.agencies`` found none: the program names no agency (and
    the programs listed under it that do)."""
    if program is None or not sheet.agencies:
        return nothing_at_all(RecordType.AGENCY)
    target = _program(sheet, program)
    under = [p.id for p in sheet.programs if p.listed_under == target.id and p.agencies]
    instead = f"; programs listed under it do: {_listing(under)}" if under else f"; {_see(target)}"
    return f"The fact sheet names no U.S. agency that takes part in {_short(target)}{instead}."


def no_countries(sheet: FactSheet, program: str | None = None) -> str:
    """Why ``records.countries`` found none: the program names no country
    (and the programs listed under it that do)."""
    if program is None or not sheet.countries:
        return nothing_at_all(RecordType.COUNTRY)
    target = _program(sheet, program)
    placed = {role.program for c in sheet.countries for role in c.roles}
    under = [p.id for p in sheet.programs if p.listed_under == target.id and (p.countries or p.id in placed)]
    instead = f"; programs listed under it do: {_listing(under)}" if under else f"; {_see(target)}"
    return f"The fact sheet names no country for {_short(target)}{instead}."


def no_statistics(sheet: FactSheet, program: str | None = None) -> str:
    """Why ``records.statistics`` found none: no statistic is about the program;
    those that stand in its section, or its funding figures, are named instead."""
    if program is None or not sheet.statistics:
        return nothing_at_all(RecordType.STATISTIC)
    target = _program(sheet, program)
    nearby = [s.id for s in sheet.statistics if s.listed_under == target.id]
    figures = [f.id for f in sheet.funding if f.program == target.id]
    if nearby:
        it = "it" if len(nearby) == 1 else "them"
        instead = (
            f"; {_listing(nearby)} {'stands' if len(nearby) == 1 else 'stand'} in its section without the text "
            f"tying {it} to it (`carsi stats` lists {it})"
        )
    elif figures:
        instead = f"; it gives funding figures for it: {_listing(figures)} (`carsi funding --program {target.id}`)"
    else:
        instead = f"; {_see(target)}"
    return f"The fact sheet gives no statistic about {_short(target)}{instead}."


def _years(fy_from: int | None, fy_to: int | None) -> str:
    if fy_from is not None and fy_to is not None:
        return span(fy_from, fy_to)
    return f"FY{fy_from} or later" if fy_from is not None else f"FY{fy_to} or earlier"


def _covered(figures: Sequence[Funding]) -> str:
    """What years some figures cover: 'FY2008-FY2011 and FY2012'."""
    spans = sorted({(f.fy_start, f.fy_end) for f in figures if f.fy_start is not None and f.fy_end is not None})
    undated = [f.id for f in figures if not f.dated]
    said = _listing([span(a, b) for a, b in spans], 9) if spans else ""
    if undated:
        said += (
            " (and " if said else ""
        ) + f"{_listing(undated)} {'gives' if len(undated) == 1 else 'give'} no fiscal year"
        said += ")" if spans else ""
    return said


def no_funding(
    sheet: FactSheet,
    fy_from: int | None = None,
    fy_to: int | None = None,
    program: str | None = None,
    country: str | None = None,
) -> str:
    """Why ``funding.report`` found no figure: the program has none, the
    programs in the country have none (and the figures that name no country),
    or no figure covers the years (and the years they do cover)."""
    figures: list[Funding] = list(sheet.funding)
    if not figures:
        return nothing_at_all(RecordType.FUNDING)
    whose = ""
    if program is not None:
        target = _program(sheet, program)
        figures = [f for f in figures if f.program == target.id]
        if not figures:
            return f"The fact sheet gives no funding figure for {_short(target)}; {_see(target)}."
        whose = f" of {_short(target)}"
    if country is not None:
        place = _country(sheet, country)
        there = {p.id for p in programs_located_in(sheet, place)}
        kept = [f for f in figures if f.program in there]
        if not kept:
            roled = {role.program for c in sheet.countries for role in c.roles}
            placeless = {p.id: p for p in sheet.programs if not p.countries and p.id not in roled}
            named = list(dict.fromkeys(_short(placeless[f.program]) for f in figures if f.program in placeless))
            instead = ""
            if named:
                theirs = f"{named[0]}'s figures" if len(named) == 1 else f"the figures of {_listing(named)}"
                instead = (
                    f"; {theirs} name no country, and the fact sheet does not say which countries the money goes to"
                )
            return f"The fact sheet gives no funding figure{whose} for a program in {place.name}{instead}."
        figures = kept
        whose += f" for a program in {place.name}"
    asked = _years(fy_from, fy_to)
    if not any(f.dated for f in figures):
        theirs = "those figures" if country is not None else "its figures" if whose else "the figures"
        return f"No funding figure{whose} covers {asked}; the fact sheet gives {theirs} no fiscal year."
    theirs = "those figures" if country is not None else "its figures" if whose else "the figures"
    return f"No funding figure{whose} covers {asked}; {theirs} cover {_covered(figures)}."
