"""Funding figures, pure: which figures cover the years asked, the notes a
reader needs to read them right, and a total only when adding them is sound."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from enum import StrEnum
from typing import NamedTuple

from carsi_cli.model.money import amount, describe, dollars, span
from carsi_cli.model.records import (
    Basis,
    Country,
    FactSheet,
    Funding,
    Part,
    Program,
    ProgramKind,
    Qualifier,
    RecordType,
    record_name,
)
from carsi_cli.query.links import called_in_a_sentence, taking_part
from carsi_cli.query.lookup import lookup, lookup_held
from carsi_cli.query.records import Note, programs_located_in


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
    notes: tuple[Note, ...]
    """What a reader must know to read the figures right, including why there is no total."""
    headline: str = ""
    """The answer first, where the figures do not give it: that no figure is
    for the one fiscal year asked alone, and what covers it instead."""


def _covering(figure: Funding) -> str:
    """What a figure that covers more than the year asked is, in a clause."""
    years = span(figure.fy_start, figure.fy_end)
    if figure.basis is Basis.PER_YEAR:
        return f"{figure.id} is a rate for each of {years} ({amount(figure)} per year), not a sum"
    return f"{figure.id} is a total over {years} ({amount(figure)}), not split by year"


def headline(selected: Sequence[Funding], year: int) -> str:
    """That no figure of ``selected`` is for ``year`` alone, naming those that
    cover it; empty when one is."""
    if not selected or any(f.fy_start == f.fy_end == year and f.basis is Basis.TOTAL for f in selected):
        return ""
    clauses = [_covering(f) for f in selected]
    listed = "; ".join(clauses[:3]) + (f"; and {len(clauses) - 3} more" if len(clauses) > 3 else "")
    return f"No figure is for {span(year, year)} alone: {listed}."


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
        inferred = [f.id for f in records if "kind" in f.inferred]
        also = ""
        if inferred:
            if len(inferred) == 1:
                whose = f"the kind of {_some(inferred)} is itself"
            else:
                whose = f"the kinds of {_some(inferred)} are themselves"
            also = f", and {whose} inferred, not stated in the text"
        reasons.append(f"the figures are different kinds of money ({', '.join(kinds)}){also}")
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


def added_anyway(records: Sequence[Funding], reasons: Sequence[str]) -> str:
    """The sum of figures that should not be added, asked for all the same: the
    amounts as the text states them, added, then every reason the sum may mislead."""
    qualifiers = {f.qualifier for f in records}
    floor = " (a lower bound)" if qualifiers & {Qualifier.MORE_THAN, Qualifier.AT_LEAST} else ""
    starts = [f.fy_start for f in records if f.fy_start is not None]
    ends = [f.fy_end for f in records if f.fy_end is not None]
    years = span(min(starts), max(ends)) if starts and ends else ""
    over = f", figures over {years}" if years else ""
    added = dollars(sum(f.amount_usd for f in records))
    return (
        f"No sound total; added anyway, as asked: the {len(records)} figures' amounts add up to {added}{floor}{over}. "
        f"This sum may mislead: {'; '.join(reasons)}."
    )


def report(
    sheet: FactSheet,
    fy_from: int | None = None,
    fy_to: int | None = None,
    program: str | None = None,
    country: str | None = None,
    add_anyway: bool = False,
) -> FundingReport:
    """Funding records whose fiscal-year span meets [fy_from, fy_to] (either end open),
    with notes on how to read them; with no years, every record, undated ones included.
    ``program`` keeps one program's figures; ``country`` the figures of the programs
    in that country (see ``query.in_country``). With ``add_anyway``, figures
    that should not be added are added all the same, and the note that gives
    the sum says every reason it may mislead (see ``added_anyway``)."""
    records: Iterable[Funding] = sheet.funding
    notes: list[Note] = []
    filtered = fy_from is not None or fy_to is not None
    if filtered:
        low = fy_from if fy_from is not None else -(10**9)
        high = fy_to if fy_to is not None else 10**9
        records = [
            f
            for f in records
            if f.fy_start is not None and f.fy_end is not None and f.fy_start <= high and low <= f.fy_end
        ]
    if program is not None:
        target = lookup(sheet, RecordType.PROGRAM, program)
        records = [f for f in records if f.program == target.id]
    if country is not None:
        place = lookup(sheet, RecordType.COUNTRY, country)
        assert isinstance(place, Country)
        there = {p.id for p in programs_located_in(sheet, place)}
        taken_part = {p.id: p for p in sheet.programs if taking_part(p, place) is not None}
        roled = {role.program for c in sheet.countries for role in c.roles if role.part is Part.LOCATION}
        placeless = {p.id for p in sheet.programs if not p.countries and p.id not in roled}
        left_out = [f.id for f in records if f.program in placeless and f.program not in taken_part]
        through = [f for f in records if f.program in taken_part]
        records = [f for f in records if f.program in there]
        if through:
            named = list(dict.fromkeys(taken_part[f.program].name for f in through))
            listed = ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]
            notes.append(
                Note(
                    f"{_some([f.id for f in through])}: not shown for {record_name(place)}: "
                    f"{called_in_a_sentence(place)} takes part in {listed}, and the fact sheet does not say "
                    "the money is spent there or is its own."
                )
            )
        if left_out:
            whose = "its program names" if len(left_out) == 1 else "their programs name"
            notes.append(
                Note(
                    f"{_some(left_out)}: not shown for {record_name(place)}: {whose} no country, "
                    "and the fact sheet does not say which countries the money goes to."
                )
            )
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
    if not selected:  # one note: why, and what the fact sheet has instead
        from carsi_cli.query.empty import no_funding

        return FundingReport(selected, None, (Note(no_funding(sheet, fy_from, fy_to, program, country)),))
    if len(straddling) == 1:
        f = straddling[0]
        notes.append(
            Note(
                f"{f.id}: {describe(f)} is a multi-year total, not money {where}; "
                "the fact sheet does not split it by year.",
                (f.id,),
            )
        )
    elif straddling:
        notes.append(
            Note(
                f"{_some([f.id for f in straddling])} are multi-year totals, not money {where}; "
                "the fact sheet does not split them by year.",
                tuple(f.id for f in straddling),
                f"A multi-year total, not money {where}; the fact sheet does not split it by year.",
            )
        )
    if len(rates) == 1:
        notes.append(
            Note(f"{rates[0].id}: {describe(rates[0])} is a rate for each of those years, not a sum.", (rates[0].id,))
        )
    elif rates:
        notes.append(
            Note(
                f"{_some([f.id for f in rates])} are rates for each of their years, not sums.",
                tuple(f.id for f in rates),
                "A rate for each of its years, not a sum.",
            )
        )
    if undated:
        these = "this figure" if len(undated) == 1 else "these figures"
        notes.append(
            Note(
                f"{_some([f.id for f in undated])}: the fact sheet gives no fiscal year for {these}.",
                tuple(f.id for f in undated),
                "The fact sheet gives no fiscal year for this figure.",
            )
        )
    found, reasons = total(selected)
    if reasons:
        notes.append(Note(added_anyway(selected, reasons) if add_anyway else "No total: " + "; ".join(reasons) + "."))
    elif found is not None:
        notes.append(Note(f"Total: {found.describe()}."))
    lead = headline(selected, fy_from) if fy_from is not None and fy_from == fy_to else ""
    return FundingReport(selected, found, tuple(notes), lead)


# ---------------------------------------------------------------------------
# Each figure's own caveats, for the exports (a figure read alone, as a row)


class Reading(StrEnum):
    """How a figure's amount adds up, in a word a query can test: which rows a
    SUM may add (one year's money, or a total over several years that no other
    row overlaps) and which it may not (a rate for each year; no year given)."""

    ONE_YEAR = "one_fiscal_year"
    SEVERAL_YEARS = "total_over_years"
    PER_YEAR = "rate_per_year"
    NO_YEAR = "no_fiscal_year"


def reading(figure: Funding) -> Reading:
    """How ``figure`` adds up (see ``Reading``)."""
    if figure.basis is Basis.PER_YEAR:
        return Reading.PER_YEAR
    if not figure.dated:
        return Reading.NO_YEAR
    return Reading.ONE_YEAR if figure.fy_start == figure.fy_end else Reading.SEVERAL_YEARS


def is_lower_bound(figure: Funding) -> bool:
    """Whether the text gives the amount as a floor ("more than", "at least")."""
    return figure.qualifier in (Qualifier.MORE_THAN, Qualifier.AT_LEAST)


def caveats(figure: Funding, program: Program | None, marked: Collection[str] = ()) -> tuple[str, ...]:
    """What a reader of ``figure`` (of ``program``) alone must know, in
    sentences: how its years add up, a lower bound, money that is not the
    United States' alone, and each value the text only implies, with why,
    but for the ``marked`` fields (a view that footnotes them says why once)."""
    years = span(figure.fy_start, figure.fy_end)
    said = {
        Reading.ONE_YEAR: (),
        Reading.SEVERAL_YEARS: (
            f"A total over {years}, not money for any one of those years; the fact sheet does not split it by year.",
        ),
        Reading.PER_YEAR: (f"A rate for each of {years or 'its years'}, not a sum: do not add it to other rows.",),
        Reading.NO_YEAR: ("The fact sheet gives no fiscal year for this figure.",),
    }[reading(figure)]
    notes = list(said)
    if is_lower_bound(figure):
        notes.append(f"A lower bound: {amount(figure)}.")
    if program is not None and program.kind is ProgramKind.COALITION:
        notes.append(f"Money of the {program.name}, a coalition: not U.S. money alone.")
    notes += [inferred_sentence(field, why) for field, why in figure.inferred.items() if field not in marked]
    return tuple(notes)


# A record's fields as a sentence names them ("the kind of money", not "kind").
_FIELD_WORDS = {
    "amount_usd": "the amount",
    "qualifier": "the qualifier",
    "fy_start": "the first fiscal year",
    "fy_end": "the last fiscal year",
    "basis": "the basis",
    "kind": "the kind of money",
    "purpose": "what the money is for",
    "program": "the program",
    "programs": "the programs",
    "date": "the date",
    "value": "the value",
    "unit": "the unit",
    "as_of": "the day the total runs to",
    "part_of": "the department it belongs to",
}


def field_words(field: str) -> str:
    """A field's name as a sentence says it: ``kind`` is "the kind of money"."""
    return _FIELD_WORDS.get(field, "the " + field.replace("_", " "))


def inferred_sentence(field: str, why: str) -> str:
    """That ``field`` is inferred, and why, as a sentence."""
    said = field_words(field)
    return f"{said[0].upper()}{said[1:]} is inferred, not stated: {why.rstrip('.')}."


def figure_caveats(sheet: FactSheet, figure: Funding, marked: Collection[str] = ()) -> tuple[str, ...]:
    """``caveats`` of a figure of ``sheet``, its program looked up."""
    return caveats(figure, next((p for p in sheet.programs if p.id == figure.program), None), marked)


class FigureDetail(NamedTuple):
    figure: Funding
    program: Program | None
    notes: tuple[str, ...]
    """The figure's ``caveats``."""


def figure_detail(sheet: FactSheet, text: str) -> FigureDetail:
    """A funding figure, taken as ``lookup_held`` takes it, with its program and caveats."""
    figure = lookup_held(sheet, RecordType.FUNDING, text)
    assert isinstance(figure, Funding)
    program = next((p for p in sheet.programs if p.id == figure.program), None)
    return FigureDetail(figure, program, caveats(figure, program))
