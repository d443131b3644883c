"""Shell completion of values, pure: what to offer for a partly typed id,
name, kind, type or fiscal year, each with a description for the shells that
show one (zsh, fish).

An offered value is something the command accepts as typed: a record's id, or
one of its names or aliases when that is one word (``CARSI``, ``DEA``,
``Panamá``); names with spaces are reached through their ids. Shells keep only
the values that start with what was typed, case and accents included, so a
name is offered in lower case when that is how it was begun.
"""

from __future__ import annotations

from collections.abc import Iterable

from carsi_cli.model.money import describe
from carsi_cli.model.records import FactSheet, ProgramKind, RecordType, record_name
from carsi_cli.model.text import fold

Item = tuple[str, str]
"""A value to offer, and its description."""


def _one_word(name: str) -> bool:
    """A name a shell can insert as it is: letters and digits, with '-', '.' or an apostrophe inside."""
    return name.translate(_INSIDE_A_WORD).isalnum()


_INSIDE_A_WORD = {ord(char): None for char in "-.'’"}


def records(sheet: FactSheet, rtype: RecordType, typed: str, *, names: bool = True) -> list[Item]:
    """Ids of one collection that start with ``typed``; then, once something is
    typed and with ``names``, its one-word names and aliases that start with it,
    as written or in lower case ("CA" offers "CARSI", "mart" offers "martillo")."""
    ids: list[Item] = []
    words: list[Item] = []
    seen = set()  # folded, so that "panamá" is not offered beside "panama"
    for record in sheet.records(rtype):
        name = record_name(record)
        if record.id.startswith(typed):
            ids.append((record.id, name))
            seen.add(fold(record.id))
        if not (names and typed):
            continue
        for word in (name, *getattr(record, "aliases", ())):
            for form in (word, word.lower()):
                if form.startswith(typed) and _one_word(form) and fold(form) not in seen:
                    words.append((form, f"{name} ({record.id})"))
                    seen.add(fold(form))
                    break
    return ids + words


def years(sheet: FactSheet, typed: str) -> list[Item]:
    """The fiscal years the model's dated funding figures cover, with the figures that cover each."""
    covering: dict[int, list[str]] = {}
    for figure in sheet.funding:
        if figure.fy_start is not None and figure.fy_end is not None:
            for year in range(figure.fy_start, figure.fy_end + 1):
                covering.setdefault(year, []).append(describe(figure))
    return [(str(year), "; ".join(covering[year])) for year in sorted(covering) if str(year).startswith(typed)]


DESCRIPTION = 60
"""Descriptions are cut to this many characters: zsh shows each on one line."""


def short(description: str) -> str:
    """A description cut to ``DESCRIPTION`` characters, with an ellipsis."""
    return description if len(description) <= DESCRIPTION else description[: DESCRIPTION - 1].rstrip() + "…"


def _counted(values: Iterable[str], counts: dict[str, int], noun: str, typed: str) -> list[Item]:
    out = []
    for value in values:
        if value.startswith(typed.lower()):
            count = counts.get(value, 0)
            out.append((value, f"{count} {noun}{'' if count == 1 else 's'} in the model"))
    return out


def program_kinds(sheet: FactSheet, typed: str) -> list[Item]:
    """Every kind of program, with how many programs of it the model has."""
    counts: dict[str, int] = {}
    for program in sheet.programs:
        counts[program.kind.value] = counts.get(program.kind.value, 0) + 1
    return _counted((kind.value for kind in ProgramKind), counts, "program", typed)


def record_types(sheet: FactSheet, typed: str) -> list[Item]:
    """Every type of record, with how many records of it the model has."""
    counts = {rtype.value: len(sheet.records(rtype)) for rtype in RecordType}
    return _counted((rtype.value for rtype in RecordType), counts, "record", typed)
