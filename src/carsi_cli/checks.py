"""Checks of a model against its source text: pure, used by loading and ``carsi verify``."""

from __future__ import annotations

import re
from typing import NamedTuple

from .model import RECORD_TYPE, Basis, FactSheet, Qualifier, quotes
from .money import dollars
from .text import fold_space

_MONTHS = "January February March April May June July August September October November December".split()  # noqa: SIM905


class Problem(NamedTuple):
    """One failed check: which record, which field, what is wrong."""

    type: str
    """The record's type (program, funding, ...), or "source"."""
    id: str
    field: str
    problem: str


class QuoteFinder:
    """Whether passages occur in a text, fast for many passages in a long text.

    The first passages are searched for directly. When more keep coming and
    the text is long, its words are indexed once, and each passage is tried
    only where its rarest interior word occurs: an interior word is bounded by
    non-word characters inside the passage itself, so it is a whole word of the
    text wherever the passage occurs. That keeps checking every quote of a
    large model linear instead of quadratic. When even the rarest word is
    everywhere (a hostile text of one word repeated), one direct search is
    cheaper than trying every place.
    """

    DIRECT = 8  # passages searched for directly before a long text is indexed
    LONG = 200_000  # characters: a shorter text is always searched directly
    MAX_TRIES = 64  # places of the anchor worth trying before searching the text once

    def __init__(self, text: str) -> None:
        self.text = text
        self.searches = 0
        self.index: dict[str, list[int]] | None = None

    def __contains__(self, passage: str) -> bool:
        self.searches += 1
        if self.index is None:
            if self.searches <= self.DIRECT or len(self.text) < self.LONG:
                return passage in self.text
            index: dict[str, list[int]] = {}
            for match in re.finditer(r"\w+", self.text):
                index.setdefault(match.group(), []).append(match.start())
            self.index = index
        words = [m for m in re.finditer(r"\w+", passage) if m.start() > 0 and m.end() < len(passage)]
        if not words:
            return passage in self.text
        found = self.index
        anchor = min(words, key=lambda m: len(found.get(m.group(), ())))
        places = found.get(anchor.group(), [])
        if len(places) > self.MAX_TRIES:  # even the rarest word is everywhere
            return passage in self.text
        offset = anchor.start()
        return any(self.text.startswith(passage, at - offset) for at in places if at >= offset)


def quote_problems(sheet: FactSheet, source_text: str, *, first_only: bool = False) -> list[Problem]:
    """Quotes that do not occur in the source text (compared after folding white
    space); with ``first_only``, the first one (a load stops there)."""
    haystack = QuoteFinder(fold_space(source_text))
    verdicts: dict[str, bool] = {}  # a quote repeated a thousand times is searched for once
    problems = []
    for record in sheet.all_records():
        for field, quote in quotes(record):
            folded = fold_space(quote)
            if folded not in verdicts:
                verdicts[folded] = folded in haystack
            if not verdicts[folded]:
                problems.append(
                    Problem(RECORD_TYPE[type(record)].value, record.id, field, "does not occur in the source text")
                )
                if first_only:
                    return problems
    return problems


def _year_in(year: int, texts: list[str]) -> bool:
    pattern = re.compile(rf"(?<!\d){year}(?!\d)")
    return any(pattern.search(text) for text in texts)


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
_BEFORE = (
    (Qualifier.MORE_THAN, r"(?:more than|over|in excess of)"),
    (Qualifier.AT_LEAST, r"at least"),
    (Qualifier.APPROXIMATELY, r"(?:about|approximately|roughly|nearly|almost|some)"),
    (Qualifier.UP_TO, r"up to"),
    (Qualifier.LESS_THAN, r"(?:less than|under|fewer than)"),
)


def stated_numbers(phrase: str) -> set[float]:
    """The numbers a phrase writes, in digits or words ("Eight priority programs" -> 8)."""
    found = {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", phrase)}
    found |= {float(_NUMBER_WORDS[w]) for w in re.findall(r"[a-z]+", phrase.lower()) if w in _NUMBER_WORDS}
    return found


def stated_terms(quote: str, amount: int) -> tuple[Qualifier, Basis] | None:
    """How the quote qualifies the figure ``amount`` ("more than $10 billion per year"),
    from the words just before and after it; None if the figure is not written there."""
    from .money import money_pattern, money_value

    for match in money_pattern().finditer(quote):
        if money_value(match) != amount:
            continue
        before = quote[max(0, match.start() - 30) : match.start()].lower()
        after = quote[match.end() : match.end() + 30].lower()
        qualifier = next((q for q, words in _BEFORE if re.search(words + r"\s*$", before)), Qualifier.EXACT)
        per_year = re.match(r"(?:\s*dollars)?\s*(?:per|a|each|every) year|(?:\s*dollars)?\s*annually", after)
        return qualifier, Basis.PER_YEAR if per_year else Basis.TOTAL
    return None


def figure_problems(sheet: FactSheet) -> list[Problem]:
    """Figures not written in their own record's quotes: amounts with their
    qualifier and basis, fiscal years, statistics' phrases and values, and event
    dates, except where the record marks the field inferred."""
    problems = []
    for funding in sheet.funding:
        terms = stated_terms(funding.quote, funding.amount_usd)
        if terms is None:
            problems.append(
                Problem(
                    "funding",
                    funding.id,
                    "amount_usd",
                    f"{dollars(funding.amount_usd)} ({funding.amount_usd}) is not written in the record's quote",
                )
            )
        else:
            for field, stated, given in (
                ("qualifier", terms[0], funding.qualifier),
                ("basis", terms[1], funding.basis),
            ):
                if stated is not given and field not in funding.inferred:
                    problems.append(
                        Problem(
                            "funding", funding.id, field, f"the quote says {stated.value}, the record {given.value}"
                        )
                    )
        texts = [funding.quote, *funding.other_quotes]
        for field in ("fy_start", "fy_end"):
            year = getattr(funding, field)
            if year is not None and field not in funding.inferred and not _year_in(year, texts):
                problems.append(
                    Problem("funding", funding.id, field, f"fiscal year {year} is not written in the record's quotes")
                )
    for statistic in sheet.statistics:
        if fold_space(statistic.phrase) not in fold_space(statistic.quote):
            problems.append(Problem("statistic", statistic.id, "phrase", "is not written in the record's quote"))
        elif "value" not in statistic.inferred and float(statistic.value) not in stated_numbers(statistic.phrase):
            problems.append(
                Problem("statistic", statistic.id, "value", f"{statistic.value:g} is not the number the phrase gives")
            )
    for event in sheet.events:
        if "date" in event.inferred:
            continue
        texts = [event.quote, *event.other_quotes]
        parts = [int(part) for part in event.date.split("-")]
        missing = None
        if not _year_in(parts[0], texts):
            missing = f"the year {parts[0]}"
        elif len(parts) > 1:
            month = _MONTHS[parts[1] - 1]
            day = rf"(?:{month} {parts[2]}(?!\d)|(?<!\d){parts[2]} {month})" if len(parts) > 2 else month
            if not any(re.search(day, text) for text in texts):
                missing = f"{month} {parts[2]}" if len(parts) > 2 else f"the month {month}"
        if missing:
            problems.append(
                Problem("event", event.id, "date", f"{missing} is not written in the record's quotes; mark it inferred")
            )
    return problems


def verify(sheet: FactSheet, source_text: str | None) -> list[Problem]:
    """Every problem ``carsi verify`` reports: quotes missing from the source
    text, then figures not written in their own quotes; without a source
    text, the figures' problems and that no quote could be checked."""
    figures = figure_problems(sheet)
    if source_text is None:
        return [*figures, Problem("source", sheet.source.id, "text_file", "not set: no quote could be checked")]
    return quote_problems(sheet, source_text) + figures
