"""Checks of a model against its source text: pure, used by loading and ``carsi verify``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any, NamedTuple

from carsi_cli.model.money import dollars
from carsi_cli.model.records import (
    COLLECTIONS,
    RECORD_TYPE,
    Basis,
    Event,
    FactSheet,
    Funding,
    FundingKind,
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
    file: str | None = None
    """The data file, once the problem is placed in it (``locate``)."""
    line: int | None = None
    """The line of the field in the data file (else of its record), once placed."""

    def message(self) -> str:
        """The problem as one line, in the form of a data file's other errors:
        "data.yaml:12: funding 'carsi-fy2012': fy_start: ..."."""
        place = f"{self.file}:{self.line}: " if self.file and self.line else f"{self.file}: " if self.file else ""
        return f"{place}{self.type} {self.id!r}: {self.field}: {self.problem}"


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


def _called(record: Record | None) -> list[str]:
    """A record's name and aliases."""
    if record is None:
        return []
    return [n for n in (getattr(record, "name", ""), *getattr(record, "aliases", ())) if n]


def _names_in(record: Record | None, texts: list[str]) -> bool:
    """Whether any of ``texts`` writes the record's name or an alias (any case, or as a plural)."""
    folded = [t.casefold() for t in texts]
    return any(
        _written(n, t, any_case=True) or _written(n + "s", t, any_case=True)
        for n in _called(record)
        for t, f in zip(texts, folded, strict=True)
        if n.casefold() in f  # a regular expression only where the name may be
    )


class _NameIndex:
    """The names and aliases of records, found in a text without trying each:
    every name is filed under its rarest word, so a text is looked up by its
    own words (linear in the model, where trying every name would be quadratic)."""

    def __init__(self, records: list[Record]) -> None:
        named = [(name, record) for record in records for name in _called(record)]
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
    index: _NameIndex | None = None
    for funding in sheet.funding:
        texts = _own_quotes(funding)
        program = programs.get(funding.program)
        if program is not None and "program" not in funding.inferred and not _names_in(program, texts):
            index = index or _NameIndex(list(sheet.programs))
            found = {r.id: r for t in texts for _, r in index.candidates(t) if r is not program}
            named = [pid for pid, p in found.items() if _names_in(p, texts)]
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
    quotes = _own_quotes(event)
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
        for field in ("fy_start", "fy_end"):
            year = getattr(funding, field)
            if year is not None and field not in funding.inferred and not _year_in(year, texts):
                problems.append(
                    Problem("funding", funding.id, field, f"fiscal year {year} is not written in the record's quotes")
                )
    for statistic in sheet.statistics:
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


def _written(name: str, text: str, *, any_case: bool = False, compounds: bool = True) -> bool:
    """Whether ``text`` writes ``name`` as whole words: as cased but the first
    letter, or in any case; without ``compounds``, not as the first part of a
    hyphenated word ("U.S.-led" names a thing led, not the United States)."""
    return bool(name) and _name_pattern(name, any_case, compounds).search(text) is not None


@cache
def _name_pattern(name: str, any_case: bool, compounds: bool) -> re.Pattern[str]:
    """The pattern of ``_written``, compiled once per name: a large model checks
    each name against many quotes (9000 figures' programs: 1.1 s uncached, 0.2 s)."""
    first = re.escape(name[0].lower()) + "|" + re.escape(name[0].upper())
    after = r"(?!\w)" if compounds else r"(?!\w|-\w)"
    return re.compile(rf"(?<!\w)(?:{first}){re.escape(name[1:])}{after}", re.IGNORECASE if any_case else 0)


def _own_quotes(record: Record) -> list[str]:
    return [fold_space(q) for q in (record.quote, *record.other_quotes)]


def claim_problems(sheet: FactSheet, source_text: str | None) -> list[Problem]:
    """Every record's names, links, words and search terms that reach past what
    its quotes and the source text support without being marked; names are
    checked only against a source text."""
    return [*_problems(sheet, source_text), *_alias_problems(sheet), *link_problems(sheet)]


def link_problems(sheet: FactSheet) -> list[Problem]:
    """Links and roles that the linking record's quotes do not support (see the
    rules above and ``role_problems``): part of every load."""
    return [*_link_problems(sheet), *role_problems(sheet)]


def _alias_problems(sheet: FactSheet) -> Iterator[Problem]:
    """Aliases that are another record's name or alias."""
    owners: dict[str, list[str]] = {}
    for record in sheet.all_records():
        if not isinstance(record, Statistic):
            for name in _called(record):
                owners.setdefault(name.casefold(), []).append(record.id)
    for record in sheet.all_records():
        for alias in getattr(record, "aliases", ()):
            others = [owner for owner in owners.get(alias.casefold(), ()) if owner != record.id]
            if others:
                yield Problem(
                    RECORD_TYPE[type(record)].value,
                    record.id,
                    "aliases",
                    f"{alias!r} is also what {', '.join(dict.fromkeys(others))} is called; an alias names one record",
                )


def _names_linked(linked: Record, quotes: list[str], index: _NameIndex, linking: Record) -> bool:
    """Whether ``quotes`` name the linked record themselves: not as the first
    part of a hyphenated word ("U.S.-led"), nor inside the name of another
    record ("U.S. Southern Command" names the command, not the country); the
    linking record's own names are its own."""
    called = _called(linked)
    for quote in quotes:
        if not any(n in quote for n in called):
            continue
        inside = [
            other
            for other, owner in index.candidates(quote)
            if owner is not linked and owner is not linking and other in quote and any(n in other for n in called)
        ]
        for other in sorted(inside, key=len, reverse=True):
            quote = quote.replace(other, " " * len(other))
        if any(_written(n, quote, compounds=False) for n in called):
            return True
    return False


def _link_problems(sheet: FactSheet) -> Iterator[Problem]:
    by_id = {record.id: record for record in sheet.all_records()}
    index = _NameIndex([record for record in sheet.all_records() if not isinstance(record, Statistic)])
    for key, field in _LINKS:
        for record in getattr(sheet, key):
            if field in record.inferred:
                continue
            quotes = _own_quotes(record)
            for linked_id in getattr(record, field):
                linked = by_id.get(linked_id)
                if linked is None:
                    continue
                if not _names_linked(linked, quotes, index, record):
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
        if not _names_in(target, [fold_space(statistic.quote)]):
            yield Problem(
                "statistic",
                statistic.id,
                "program",
                f"{target.id} is not named in the figure's quote; use listed_under for the section it stands in, "
                "or mark program inferred",
            )


def _overlaps(quote: str, record: Record) -> bool:
    """Whether a passage is one of a record's quotes, or part of one, or holds one."""
    return any(quote in own or own in quote for own in _own_quotes(record))


def role_problems(sheet: FactSheet) -> list[Problem]:
    """Country roles the text does not support, unless the country marks the
    role (``roles[N]``) inferred: the role's quote, or a quote of the program or
    event it is tied to, names the country (its name, an alias or a search
    term such as "Panamanian"; "U.S.-led" counts); a role tied to a program
    quotes it (a passage of one of the program's quotes, or its name), or is
    tied to an event whose quotes name it; a role tied to an event quotes it."""
    by_id = {record.id: record for record in sheet.all_records()}
    problems = []
    for country in sheet.countries:
        names = [*_called(country), *country.search_terms]
        for index, role in enumerate(country.roles):
            label = f"roles[{index}]"
            if label in country.inferred:
                continue
            quote = fold_space(role.quote)
            program, event = by_id.get(role.program or ""), by_id.get(role.event or "")
            texts = [quote] + [q for linked in (program, event) if linked is not None for q in _own_quotes(linked)]
            if not any(_written(n, t) for n in names for t in texts):
                problems.append(
                    Problem(
                        "country",
                        country.id,
                        f"{label}.quote",
                        f"{country.name!r} is not named in the role's quote; quote where the text gives it the role",
                    )
                )
            if program is not None:
                through_event = event is not None and _names_in(program, _own_quotes(event))
                if not (_overlaps(quote, program) or _names_in(program, [quote]) or through_event):
                    problems.append(
                        Problem(
                            "country",
                            country.id,
                            f"{label}.program",
                            f"the role's quote is not about {program.id}; tie it to the program its quote names",
                        )
                    )
            if event is not None and not _overlaps(quote, event):
                problems.append(
                    Problem(
                        "country",
                        country.id,
                        f"{label}.event",
                        f"the role's quote is not one of {event.id}'s quotes; tie it to the event it quotes",
                    )
                )
    return problems


def _problems(sheet: FactSheet, source_text: str | None) -> Iterator[Problem]:
    texts: tuple[str, ...] = ()
    if source_text is not None:
        folded = fold_space(source_text)
        texts = (folded, re.sub(r" \([A-Z][A-Za-z]*\)", "", folded))
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


def _worded_fields(record: Record) -> tuple[str, ...]:
    if isinstance(record, Program | Organization):
        return ("description",)
    if isinstance(record, Funding):
        return ("purpose",)
    return ()


def model_problems(sheet: FactSheet) -> list[Problem]:
    """The checks every load makes before a model is believed (and cached):
    figures, fiscal years, dates, money's program and verb, links and roles,
    each against the record's own quotes. Names and wording, which only
    ``carsi verify`` judges, are not among them."""
    return figure_problems(sheet) + link_problems(sheet)


def locate(problems: list[Problem], text: str, origin: str) -> list[Problem]:
    """The problems placed in the data file ``origin`` whose text is ``text``:
    each with the line of its field, or of its record where the field is not
    written there (a default left out)."""
    from carsi_cli.loading.yamlread import parse_yaml

    doc, lines = parse_yaml(text, origin)
    raws: dict[tuple[str, str], Any] = {}
    if isinstance(doc, dict):
        source = doc.get("source")
        if isinstance(source, dict):
            raws["source", str(source.get("id"))] = source
        for collection in COLLECTIONS:
            items = doc.get(collection.key)
            for raw in items if isinstance(items, list) else ():
                if isinstance(raw, dict):
                    raws.setdefault((collection.rtype.value, str(raw.get("id"))), raw)
    text_lines = text.split("\n")
    placed = []
    for problem in problems:
        raw = raws.get((problem.type, problem.id))
        line = _field_line(raw, problem.field, lines, text_lines) if raw is not None else None
        placed.append(problem._replace(file=origin, line=line))
    return placed


def _field_line(raw: dict[Any, Any], field: str, lines: dict[int, int], text: list[str]) -> int | None:
    """The line of ``field`` ("fy_start", "roles[2].quote", "inferred.date") in
    the record mapping ``raw``: each key found below its mapping's first line,
    at the column of that mapping's keys."""
    container: Any = raw
    line = lines.get(id(raw))
    for part in re.findall(r"\w+|\[\d+\]", field):
        if line is None:
            return None
        if part.startswith("["):
            index = int(part[1:-1])
            if not isinstance(container, list) or index >= len(container):
                return line
            container = container[index]
            line = lines.get(id(container), line)
            continue
        if not isinstance(container, dict) or part not in container:
            return line
        found = _key_line(text, line, part)
        if found is None:
            return line
        container = container[part]
        line = lines.get(id(container), found)  # a mapping's line is that of its first key
    return line


def _key_line(text: list[str], start: int, key: str) -> int | None:
    """The line of ``key`` in the block mapping whose first key is on line ``start``."""
    first = text[start - 1] if 0 < start <= len(text) else ""
    column = len(first) - len(first.lstrip(" -"))
    pattern = re.compile(rf"(?:{re.escape(key)}|[\"']{re.escape(key)}[\"'])\s*:")
    for number in range(start - 1, len(text)):
        row = text[number]
        body = row.lstrip(" -") if number == start - 1 else row.lstrip(" ")
        indent = len(row) - len(body)
        if not body or body.startswith("#"):
            continue
        if number > start - 1 and indent < column:
            return None
        if indent == column and pattern.match(body):
            return number + 1
    return None


def verify(sheet: FactSheet, source_text: str | None) -> list[Problem]:
    """Every problem ``carsi verify`` reports: quotes missing from the source
    text, then figures not written in their own quotes, then names, links and
    words that reach past the quotes (see ``claim_problems``); without a
    source text, those and that no quote could be checked."""
    figures = figure_problems(sheet) + claim_problems(sheet, source_text)
    if source_text is None:
        return [*figures, Problem("source", sheet.source.id, "text_file", "not set: no quote could be checked")]
    return quote_problems(sheet, source_text) + figures
