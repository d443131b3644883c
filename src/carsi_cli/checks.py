"""Checks of a model against its source text: pure, used by loading and ``carsi verify``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from .model import RECORD_TYPE, FactSheet, Record, RecordType
from .money import amounts_in, dollars
from .text import fold_space

_MONTHS = "January February March April May June July August September October November December".split()  # noqa: SIM905


class Problem(NamedTuple):
    """One failed check: which record, which field, what is wrong."""

    type: RecordType
    id: str
    field: str
    problem: str


def _quotes(record: Record) -> Iterator[tuple[str, str]]:
    yield "quote", record.quote
    for i, quote in enumerate(record.other_quotes):
        yield f"other_quotes[{i}]", quote
    for i, role in enumerate(getattr(record, "roles", ())):
        yield f"roles[{i}].quote", role.quote


def all_records(sheet: FactSheet) -> Iterator[Record]:
    """Every record of the model, collection by collection."""
    for rtype in RecordType:
        yield from sheet.records(rtype)


def quote_problems(sheet: FactSheet, source_text: str) -> list[Problem]:
    """Quotes that do not occur in the source text (compared after folding white space)."""
    haystack = fold_space(source_text)
    problems = []
    for record in all_records(sheet):
        for field, quote in _quotes(record):
            if fold_space(quote) not in haystack:
                problems.append(
                    Problem(RECORD_TYPE[type(record)], record.id, field, "does not occur in the source text")
                )
    return problems


def _year_in(year: int, texts: list[str]) -> bool:
    pattern = re.compile(rf"(?<!\d){year}(?!\d)")
    return any(pattern.search(text) for text in texts)


def figure_problems(sheet: FactSheet) -> list[Problem]:
    """Figures not written in their own record's quotes: amounts, fiscal years,
    statistics' phrases, and event dates that are not marked inferred."""
    problems = []
    for funding in sheet.funding:
        if funding.amount_usd not in amounts_in(funding.quote):
            problems.append(
                Problem(
                    RecordType.FUNDING,
                    funding.id,
                    "amount_usd",
                    f"{dollars(funding.amount_usd)} ({funding.amount_usd}) is not written in the record's quote",
                )
            )
        texts = [funding.quote, *funding.other_quotes]
        for field in ("fy_start", "fy_end"):
            year = getattr(funding, field)
            if year is not None and field not in funding.inferred and not _year_in(year, texts):
                problems.append(
                    Problem(
                        RecordType.FUNDING,
                        funding.id,
                        field,
                        f"fiscal year {year} is not written in the record's quotes",
                    )
                )
    for statistic in sheet.statistics:
        if fold_space(statistic.phrase) not in fold_space(statistic.quote):
            problems.append(
                Problem(RecordType.STATISTIC, statistic.id, "phrase", "is not written in the record's quote")
            )
    for event in sheet.events:
        if "date" in event.inferred:
            continue
        texts = [event.quote, *event.other_quotes]
        year, _, rest = event.date.partition("-")
        month = rest[:2]
        if not _year_in(int(year), texts):
            problems.append(
                Problem(
                    RecordType.EVENT,
                    event.id,
                    "date",
                    f"the year {year} is not written in the record's quotes; mark the date inferred",
                )
            )
        elif month and not any(_MONTHS[int(month) - 1] in text for text in texts):
            problems.append(
                Problem(
                    RecordType.EVENT,
                    event.id,
                    "date",
                    f"the month {_MONTHS[int(month) - 1]} is not written in the record's quotes; "
                    "mark the date inferred",
                )
            )
    return problems
