"""Checks of a model against its source text: pure, used by loading and ``carsi verify``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from carsi_cli.model.money import dollars
from carsi_cli.model.records import (
    RECORD_TYPE,
    Basis,
    FactSheet,
    Funding,
    Organization,
    Program,
    Qualifier,
    Record,
    Statistic,
    quotes,
)
from carsi_cli.model.text import MONTHS, fold_space


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
    from carsi_cli.model.money import money_pattern, money_value

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
            month = MONTHS[parts[1] - 1]
            day = rf"(?:{month} {parts[2]}(?!\d)|(?<!\d){parts[2]} {month})" if len(parts) > 2 else month
            if not any(re.search(day, text) for text in texts):
                missing = f"{month} {parts[2]}" if len(parts) > 2 else f"the month {month}"
        if missing:
            problems.append(
                Problem("event", event.id, "date", f"{missing} is not written in the record's quotes; mark it inferred")
            )
    return problems


# ---------------------------------------------------------------------------
# What records claim beyond their figures
#
# What each record claims beyond its figures, against its own quotes and the
# source text, pure: part of ``carsi verify``.
#
# * A name or alias the source text does not write is marked: the name in
#   ``inferred.name``, an alias named in the reason of ``inferred.aliases``.
#   "Written" means as whole words, cased as the record writes it but for the
#   first letter, in the text or in the text with the abbreviations it defines
#   in parentheses left out ("Organized Crime Drug Enforcement Task Force
#   program").
# * An agency, country or organization a record links to is named (its name or
#   an alias) in one of the linking record's own quotes, or the linking field
#   is marked inferred.
# * A statistic's ``program`` is named in the statistic's quote (in any case,
#   or as a plural: "28 HIDTAs"), or marked inferred.
# * Every content word of a description or purpose is supported by the
#   record's own quotes, or the field is marked inferred (see ``unsupported``).
# * Search terms and translations are words to find a record by, not names the
#   text gives: a search term neither repeats a name or alias of its record nor
#   another of its search terms; a translation repeats neither a name or alias
#   (a name the same in both languages needs none), nor a search term, nor
#   another translation in its language. Accents count: Panamá is not Panama.


# Words too common to carry a claim: 4 letters or more, so not caught by length.
FUNCTION_WORDS = frozenset(
    "about also among been being both does each from have into more most only other over such than that their them "  # noqa: SIM905
    "then there these they this those through upon very were what when where which while whose will with within "
    "without would against".split()
)
_ENDINGS = ("s", "es", "ed", "ing", "ly")
# (collection, field) pairs that link to agencies, countries or organizations
_LINKS = (
    ("programs", "agencies"),
    ("programs", "countries"),
    ("programs", "organizations"),
    ("events", "agencies"),
    ("events", "countries"),
)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def _stems(word: str) -> set[str]:
    return {word} | {word[: -len(end)] for end in _ENDINGS if word.endswith(end) and len(word) - len(end) >= 3}


def unsupported(field: str, quotes: list[str]) -> list[str]:
    """The content words of ``field`` that ``quotes`` do not support.

    Words are the runs of letters a-z of the lower-cased text; content words
    have 4 letters or more and are not in FUNCTION_WORDS. A word's stems are
    itself and itself less each of the endings -s, -es, -ed, -ing, -ly that
    leave at least 3 letters. A content word is supported when one of its stems
    is a stem of a word of the quotes, or when it has 5 letters or more and
    begins with the same 5 letters as such a word ("equip" by "equipping").
    """
    quote_words = {w for quote in quotes for w in _words(quote)}
    quote_stems = {stem for w in quote_words for stem in _stems(w)}
    prefixes = {w[:5] for w in quote_words if len(w) >= 5}
    return [
        w
        for w in dict.fromkeys(_words(field))
        if len(w) >= 4
        and w not in FUNCTION_WORDS
        and not (_stems(w) & quote_stems)
        and not (len(w) >= 5 and w[:5] in prefixes)
    ]


def _written(name: str, text: str, *, any_case: bool = False) -> bool:
    """Whether ``text`` writes ``name`` as whole words: as cased but the first letter, or in any case."""
    if not name:
        return False
    first = re.escape(name[0].lower()) + "|" + re.escape(name[0].upper())
    pattern = rf"(?<!\w)(?:{first}){re.escape(name[1:])}(?!\w)"
    return re.search(pattern, text, re.IGNORECASE if any_case else 0) is not None


def _own_quotes(record: Record) -> list[str]:
    return [fold_space(q) for q in (record.quote, *record.other_quotes)]


def claim_problems(sheet: FactSheet, source_text: str | None) -> list[Problem]:
    """Every record's names, links, words and search terms that reach past what
    its quotes and the source text support without being marked; names are
    checked only against a source text."""
    return list(_problems(sheet, source_text))


def _problems(sheet: FactSheet, source_text: str | None) -> Iterator[Problem]:
    texts: tuple[str, ...] = ()
    if source_text is not None:
        folded = fold_space(source_text)
        texts = (folded, re.sub(r" \([A-Z][A-Za-z]*\)", "", folded))
    by_id = {record.id: record for record in sheet.all_records()}
    for record in sheet.all_records():
        kind = RECORD_TYPE[type(record)].value

        def problem(field: str, message: str, record: Record = record, kind: str = kind) -> Problem:
            return Problem(kind, record.id, field, message)

        if texts:
            name: str = "" if isinstance(record, Statistic) else getattr(record, "name", "")
            if name and "name" not in record.inferred and not any(_written(name, text) for text in texts):
                yield problem("name", f"{name!r} is not written in the source text; mark it inferred")
            reason = record.inferred.get("aliases", "")
            for alias in getattr(record, "aliases", ()):
                if not any(_written(alias, text) for text in texts) and not _written(alias, reason):
                    yield problem(
                        "aliases", f"{alias!r} is not written in the source text; name it in inferred.aliases"
                    )
        quotes = _own_quotes(record)
        for field in _worded_fields(record):
            if field not in record.inferred:
                missing = unsupported(getattr(record, field), quotes)
                if missing:
                    words = ", ".join(repr(w) for w in missing[:5]) + (" ..." if len(missing) > 5 else "")
                    yield problem(field, f"{words} not in the record's quotes; reword it or mark it inferred")
        names = {n.casefold() for n in (getattr(record, "name", ""), *getattr(record, "aliases", ())) if n}
        seen: set[str] = set()
        for term in record.search_terms:
            folded_term = term.casefold()
            if folded_term in names:
                yield problem("search_terms", f"{term!r} is a name of the record; keep it in name or aliases")
            elif folded_term in seen:
                yield problem("search_terms", f"{term!r} is listed twice")
            seen.add(folded_term)
        for language, translated in getattr(record, "translations", {}).items():
            listed: set[str] = set()
            for name in translated:
                folded_name = name.casefold()
                if folded_name in names:
                    yield problem("translations", f"{name!r} is a name the record has already; keep it there")
                elif folded_name in seen:
                    yield problem("translations", f"{name!r} is also a search term of the record")
                elif folded_name in listed:
                    yield problem("translations", f"{name!r} is listed twice under {language!r}")
                listed.add(folded_name)
    for key, field in _LINKS:
        for record in getattr(sheet, key):
            if field in record.inferred:
                continue
            quotes = _own_quotes(record)
            for linked_id in getattr(record, field):
                linked = by_id.get(linked_id)
                if linked is None:
                    continue
                called = [n for n in (getattr(linked, "name", ""), *getattr(linked, "aliases", ())) if n]
                if not any(_written(n, q) for n in called for q in quotes):
                    yield Problem(
                        RECORD_TYPE[type(record)].value,
                        record.id,
                        field,
                        f"{linked_id} is not named in the record's quotes; quote where it is, or mark it inferred",
                    )
    for statistic in sheet.statistics:
        target = by_id.get(statistic.program or "")
        if target is None or "program" in statistic.inferred:
            continue
        quote = fold_space(statistic.quote)
        called = [n for n in (getattr(target, "name", ""), *getattr(target, "aliases", ())) if n]
        if not any(_written(n, quote, any_case=True) or _written(n + "s", quote, any_case=True) for n in called):
            yield Problem(
                "statistic",
                statistic.id,
                "program",
                f"{target.id} is not named in the figure's quote; use listed_under for the section it stands in, "
                "or mark program inferred",
            )


def _worded_fields(record: Record) -> tuple[str, ...]:
    if isinstance(record, Program | Organization):
        return ("description",)
    if isinstance(record, Funding):
        return ("purpose",)
    return ()


def verify(sheet: FactSheet, source_text: str | None) -> list[Problem]:
    """Every problem ``carsi verify`` reports: quotes missing from the source
    text, then figures not written in their own quotes, then names, links and
    words that reach past the quotes (see ``claim_problems``); without a
    source text, those and that no quote could be checked."""
    figures = figure_problems(sheet) + claim_problems(sheet, source_text)
    if source_text is None:
        return [*figures, Problem("source", sheet.source.id, "text_file", "not set: no quote could be checked")]
    return quote_problems(sheet, source_text) + figures
