"""Links between records, read as queries read them: where a program's work
happens apart from who takes part in it or leads it, and an agency together
with its parts (CBP and ICE in DHS). Pure."""

from __future__ import annotations

from collections.abc import Sequence

from carsi_cli.model.records import Agency, Country, FactSheet, Part, Program


def located(program: Program, country: Country) -> bool:
    """Whether the program's work happens in the country: the program names it
    in ``countries``, or one of the country's roles in the program is a location."""
    return country.id in program.countries or any(
        role.program == program.id and role.part is Part.LOCATION for role in country.roles
    )


def taking_part(program: Program, country: Country) -> Part | None:
    """How the country takes part in the program where that is all the text
    says of it there: ``LEADER``, ``PARTICIPANT``, or None (it is not linked,
    or the program's work happens there)."""
    if located(program, country):
        return None
    parts = {role.part for role in country.roles if role.program == program.id}
    if Part.LEADER in parts:
        return Part.LEADER
    if parts or country.id in program.participants:
        return Part.PARTICIPANT
    return None


def in_country(program: Program, country: Country) -> bool:
    """Whether the program is the country's at all: its work happens there, or
    the country takes part in it or leads it."""
    return located(program, country) or taking_part(program, country) is not None


def called_in_a_sentence(country: Country) -> str:
    """A country's name as a sentence says it: "the United States", "Panama"."""
    plural_or_state = country.name.startswith(("United ", "Dominican ")) or country.name.endswith(" Islands")
    return f"the {country.name}" if plural_or_state else country.name


def participation(program: Program, country: Country, part: Part) -> str:
    """That a row came through participation, not location, as a sentence."""
    verb = "leads" if part is Part.LEADER else "takes part in"
    return (
        f"Through participation: {called_in_a_sentence(country)} {verb} {program.name}; "
        "the fact sheet does not say the work happens there."
    )


def short(agency: Agency) -> str:
    """What people call an agency: its first alias (DHS), else its name."""
    return agency.aliases[0] if agency.aliases else agency.name


def _chain(by_id: dict[str, Agency], agency: Agency) -> list[Agency]:
    """The agency and every department or command above it, nearest first."""
    chain, node = [agency], by_id.get(agency.part_of or "")
    while node is not None and node not in chain:
        chain.append(node)
        node = by_id.get(node.part_of or "")
    return chain


def parts(sheet: FactSheet, agency: Agency) -> list[Agency]:
    """The agencies that belong to ``agency``, directly or through another (JIATF-South through SOUTHCOM to DOD)."""
    by_id = {a.id: a for a in sheet.agencies}
    return [a for a in sheet.agencies if a is not agency and agency in _chain(by_id, a)[1:]]


def through_parts(sheet: FactSheet, agency: Agency, linked: Sequence[str]) -> str:
    """Why a record that names only parts of ``agency`` (among ``linked``)
    counts as the agency's: "Through CBP and ICE, parts of DHS ..."; empty
    when the record names the agency itself, or none of its parts."""
    if agency.id in linked:
        return ""
    by_id = {a.id: a for a in sheet.agencies}
    via = [a for a in parts(sheet, agency) if a.id in linked]
    if not via:
        return ""
    names = [short(a) for a in via]
    listed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
    path = [link for a in via for link in _chain(by_id, a)[: _chain(by_id, a).index(agency)]]
    inferred = any("part_of" in link.inferred for link in path)
    one = len(via) == 1
    said = f" (inferred: the fact sheet does not say {'it is' if one else 'they are'})" if inferred else ""
    return f"Through {listed}, {'part' if one else 'parts'} of {short(agency)}{said}."
