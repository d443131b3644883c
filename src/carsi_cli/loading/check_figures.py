"""Checks of figures against their quotes: amounts, qualifiers, bases, fiscal years,
the program and the verb of money, and dates, inferred ones against their reasons. Pure."""

from __future__ import annotations

import re
from functools import cache

from carsi_cli.model.money import dollars
from carsi_cli.model.records import (
    Basis,
    Event,
    FactSheet,
    FundingKind,
    Qualifier,
    Record,
)
from carsi_cli.model.results import Problem
from carsi_cli.model.text import MONTHS, fold_space


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


def stated_qualifier(phrase: str, quote: str) -> Qualifier:
    """How a statistic's quote qualifies its phrase ("roughly one-third"): from
    the words just before the phrase's number, in the phrase or the quote."""
    folded_quote, folded_phrase = fold_space(quote), fold_space(phrase)
    at = folded_quote.find(folded_phrase)
    before = folded_quote[max(0, at - 30) : at] if at >= 0 else ""
    words = "|".join(_NUMBER_WORDS)
    number = re.search(rf"\d|\b(?:{words})\b", folded_phrase, re.IGNORECASE)
    context = (before + folded_phrase[: number.start() if number else 0]).lower()
    return next((q for q, pattern in _BEFORE if re.search(rf"\b{pattern}\s*$", context)), Qualifier.EXACT)


# The stem of each verb for money, as the text may write it ("commitment", "committed").
_MONEY_VERBS = {
    FundingKind.ALLOCATED: "allocat",
    FundingKind.APPROPRIATED: "appropriat",
    FundingKind.COMMITTED: "commit",
    FundingKind.DEDICATED: "dedicat",
    FundingKind.OBLIGATED: "obligat",
    FundingKind.PLEDGED: "pledg",
    FundingKind.REQUESTED: "request",
    FundingKind.SPENT: "spen[dt]",
}


def called(record: Record | None) -> list[str]:
    """A record's name and aliases."""
    if record is None:
        return []
    return [n for n in (getattr(record, "name", ""), *getattr(record, "aliases", ())) if n]


def names_in(record: Record | None, texts: list[str]) -> bool:
    """Whether any of ``texts`` writes the record's name or an alias (any case, or as a plural)."""
    folded = [t.casefold() for t in texts]
    return any(
        written(n, t, any_case=True) or written(n + "s", t, any_case=True)
        for n in called(record)
        for t, f in zip(texts, folded, strict=True)
        if n.casefold() in f  # a regular expression only where the name may be
    )


class NameIndex:
    """The names and aliases of records, found in a text without trying each:
    every name is filed under its rarest word, so a text is looked up by its
    own words (linear in the model, where trying every name would be quadratic)."""

    def __init__(self, records: list[Record]) -> None:
        named = [(name, record) for record in records for name in called(record)]
        counts: dict[str, int] = {}
        for name, _ in named:
            for word in set(re.findall(r"\w+", name.casefold())):
                counts[word] = counts.get(word, 0) + 1
        self.by_word: dict[str, list[tuple[str, Record]]] = {}
        for name, record in named:
            words = re.findall(r"\w+", name.casefold())
            key = min(words, key=lambda w: counts[w]) if words else ""
            self.by_word.setdefault(key, []).append((name, record))

    def candidates(self, text: str) -> list[tuple[str, Record]]:
        """The names that occur in ``text`` (ignoring case), with their records."""
        folded = text.casefold()
        words = set(re.findall(r"\w+", folded)) | {""}
        return [(n, r) for w in words for n, r in self.by_word.get(w, ()) if n.casefold() in folded]


def money_problems(sheet: FactSheet) -> list[Problem]:
    """Figures of money whose program or verb their quotes do not give, unless
    marked inferred: the quotes must name the program (its name or an alias),
    and use the record's verb for the money ("commitment" for committed)."""
    problems = []
    programs = {program.id: program for program in sheet.programs}
    index: NameIndex | None = None
    for funding in sheet.funding:
        texts = own_quotes(funding)
        program = programs.get(funding.program)
        if program is not None and "program" not in funding.inferred and not names_in(program, texts):
            index = index or NameIndex(list(sheet.programs))
            found = {r.id: r for t in texts for _, r in index.candidates(t) if r is not program}
            named = [pid for pid, p in found.items() if names_in(p, texts)]
            instead = f" (they name {', '.join(named)})" if named else ""
            problems.append(
                Problem(
                    "funding",
                    funding.id,
                    "program",
                    f"{funding.program} is not named in the record's quotes{instead}; "
                    "put the figure under the program they name, or mark program inferred",
                )
            )
        if "kind" not in funding.inferred:
            said = [
                kind.value
                for kind, stem in _MONEY_VERBS.items()
                if any(re.search(rf"(?<![a-z]){stem}", t, re.IGNORECASE) for t in texts)
            ]
            if funding.kind.value not in said:
                instead = f" (they say {', '.join(said)})" if said else ""
                problems.append(
                    Problem(
                        "funding",
                        funding.id,
                        "kind",
                        f"{funding.kind.value!r} is not the word the record's quotes use for the money{instead}; "
                        "use theirs, or mark kind inferred",
                    )
                )
    return problems


_MONTH_WORDS = "|".join(MONTHS)


def _months(texts: list[str]) -> list[int]:
    """The months ``texts`` name, in order, once each."""
    found = [MONTHS.index(m) + 1 for text in texts for m in re.findall(rf"\b({_MONTH_WORDS})\b", text)]
    return list(dict.fromkeys(found))


def inferred_date(event: Event, source_date: str) -> str | None:
    """Why an inferred event date does not fit what its quotes (else its
    reason) say, or None. The month must be one they name; "this past
    January" or "last January" is the latest January before the source's date,
    "today" or "earlier today" the source's date itself; a year, where the
    quotes write years and no such phrase, one they write."""
    quotes = own_quotes(event)
    parts = [int(part) for part in event.date.split("-")]
    named = _months(quotes) or _months([event.inferred.get("date", "")])
    if len(parts) > 1 and named and parts[1] not in named:
        months = ", ".join(MONTHS[m - 1] for m in named)
        return f"{MONTHS[parts[1] - 1]} is not the month the record names ({months})"
    source = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", source_date)
    if source is not None:
        year, month = int(source.group(1)), int(source.group(2))
        for text in quotes:
            if re.search(r"\b(?:earlier |later )?today\b|\bthis (?:morning|afternoon|evening)\b", text, re.IGNORECASE):
                if source_date[: len(event.date)] != event.date:
                    return f"the record says “today”, in a source dated {source_date}, not {event.date}"
                return None
            past = re.search(rf"\b(?:this past|last) ({_MONTH_WORDS})\b", text, re.IGNORECASE)
            if past:
                said = MONTHS.index(past.group(1).capitalize()) + 1
                expected = f"{year if said < month else year - 1}-{said:02d}"
                if not (event.date + "-").startswith(expected + "-") and event.date != expected[:4]:
                    return f"“{past.group()}” in a source dated {source_date} is {expected}, not {event.date}"
                return None
    years = {int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", " ".join(quotes))}
    if years and parts[0] not in years:
        return f"the year {parts[0]} is not one the record's quotes write ({', '.join(map(str, sorted(years)))})"
    return None


def as_of_problem(as_of: str, inferred: bool, quotes: list[str], source_date: str) -> str | None:
    """Why a figure's ``as_of`` day does not fit its quotes, or None: inferred,
    a quote says "to date" (or "so far") and the day is the source's own;
    stated, the quotes write its year."""
    if inferred:
        if not any(re.search(r"\b(?:to date|so far)\b", quote, re.IGNORECASE) for quote in quotes):
            return "no quote of the record says “to date”; quote the sentence that does, or give no as_of"
        if as_of != source_date:
            return f"“to date” in a source dated {source_date} is {source_date}, not {as_of}"
        return None
    if not _year_in(int(as_of[:4]), quotes):
        return f"the year {as_of[:4]} is not written in the record's quotes; mark it inferred"
    return None


def figure_problems(sheet: FactSheet) -> list[Problem]:
    """Figures not written in their own record's quotes: amounts with their
    qualifier and basis, fiscal years, statistics' phrases and values, and event
    dates, except where the record marks the field inferred; and, for money,
    its program and its verb (see ``money_problems``), and for inferred dates,
    that they still fit what their quotes and reason say (``inferred_date``)."""
    problems = money_problems(sheet)
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
        if funding.as_of is not None:
            wrong = as_of_problem(funding.as_of, "as_of" in funding.inferred, own_quotes(funding), sheet.source.date)
            if wrong:
                problems.append(Problem("funding", funding.id, "as_of", wrong))
        for field in ("fy_start", "fy_end"):
            year = getattr(funding, field)
            if year is not None and field not in funding.inferred and not _year_in(year, texts):
                problems.append(
                    Problem("funding", funding.id, field, f"fiscal year {year} is not written in the record's quotes")
                )
    for statistic in sheet.statistics:
        period = fold_space(statistic.period or "").casefold()
        if period and "period" not in statistic.inferred and period not in fold_space(statistic.quote).casefold():
            problems.append(Problem("statistic", statistic.id, "period", "is not written in the record's quote"))
        if fold_space(statistic.phrase) not in fold_space(statistic.quote):
            problems.append(Problem("statistic", statistic.id, "phrase", "is not written in the record's quote"))
        else:
            if "value" not in statistic.inferred and float(statistic.value) not in stated_numbers(statistic.phrase):
                problems.append(
                    Problem(
                        "statistic", statistic.id, "value", f"{statistic.value:g} is not the number the phrase gives"
                    )
                )
            stated = stated_qualifier(statistic.phrase, statistic.quote)
            if stated is not statistic.qualifier and "qualifier" not in statistic.inferred:
                problems.append(
                    Problem(
                        "statistic",
                        statistic.id,
                        "qualifier",
                        f"the quote says {stated.value}, the record {statistic.qualifier.value}",
                    )
                )
    for event in sheet.events:
        if "date" in event.inferred:
            wrong = inferred_date(event, sheet.source.date)
            if wrong:
                problems.append(Problem("event", event.id, "date", f"{wrong}; the inferred date must fit its reason"))
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


def written(name: str, text: str, *, any_case: bool = False, compounds: bool = True) -> bool:
    """Whether ``text`` writes ``name`` as whole words: as cased but the first
    letter, or in any case; without ``compounds``, not as the first part of a
    hyphenated word ("U.S.-led" names a thing led, not the United States)."""
    return bool(name) and name_pattern(name, any_case, compounds).search(text) is not None


@cache
def name_pattern(name: str, any_case: bool, compounds: bool) -> re.Pattern[str]:
    """The pattern of ``written``, compiled once per name: a large model checks
    each name against many quotes (9000 figures' programs: 1.1 s uncached, 0.2 s)."""
    first = re.escape(name[0].lower()) + "|" + re.escape(name[0].upper())
    after = r"(?!\w)" if compounds else r"(?!\w|-\w)"
    return re.compile(rf"(?<!\w)(?:{first}){re.escape(name[1:])}{after}", re.IGNORECASE if any_case else 0)


def own_quotes(record: Record) -> list[str]:
    return [fold_space(q) for q in (record.quote, *record.other_quotes)]
