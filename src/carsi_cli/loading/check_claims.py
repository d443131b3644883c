"""Checks of what records claim beyond their figures against their quotes:
wording, names, aliases, links between records and country roles. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterator

from carsi_cli.loading.check_figures import NameIndex, called, names_in, own_quotes, written
from carsi_cli.model.records import (
    RECORD_TYPE,
    STATED_FIELDS,
    FactSheet,
    Part,
    Record,
    Statistic,
)
from carsi_cli.model.results import Problem
from carsi_cli.model.text import fold_space

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
#   is marked inferred. A program's `participants` are checked the same way.
# * An agency's ``part_of`` is stated only where a quote of the agency writes
#   the department's name in the possessive before the agency's
#   ("DOJ’s Organized Crime Drug Enforcement Task Force"); otherwise it is
#   marked inferred.
# * A program's stated facts (``where``, ``funding_trend``, ``scale``,
#   ``training_exercise``): the words are within their quote, the quote names
#   the program, and the words say what the field is about (a trend word, a
#   superlative, "training exercise", a preposition of place).
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
    ("programs", "participants"),
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


def link_problems(sheet: FactSheet) -> list[Problem]:
    """Links and roles that the linking record's quotes do not support (see the
    rules above and ``role_problems``): part of every load."""
    return [*_link_problems(sheet), *role_problems(sheet), *part_of_problems(sheet), *stated_problems(sheet)]


def part_of_problems(sheet: FactSheet) -> Iterator[Problem]:
    """Agencies whose ``part_of`` their quotes do not state, unless marked inferred."""
    by_id = {agency.id: agency for agency in sheet.agencies}
    for agency in sheet.agencies:
        parent = by_id.get(agency.part_of or "")
        if parent is None or "part_of" in agency.inferred:
            continue
        owned = [rf"{re.escape(p)}[’']s {re.escape(a)}" for p in called(parent) for a in called(agency)]
        if not any(re.search(pattern, quote) for pattern in owned for quote in own_quotes(agency)):
            yield Problem(
                "agency",
                agency.id,
                "part_of",
                f"the record's quotes do not say it is part of {parent.id}; quote where they do, "
                "or mark part_of inferred with the reason",
            )


# What the words of each stated fact must say.
_STATED_SAYS = {
    "where": (r"\b(?:along|in|across|throughout|at|off|near)\b", "a place"),
    "funding_trend": (
        r"\b(?:stable|steady|increas\w*|decreas\w*|cut|grow\w*|rise|rose|fell|fall\w*|declin\w*)\b",
        "a trend",
    ),
    "scale": (r"\b(?:largest|biggest|most|first|only|smallest)\b", "a superlative"),
    "training_exercise": (r"\btraining exercises?\b", "a training exercise"),
}


def stated_problems(sheet: FactSheet) -> Iterator[Problem]:
    """Stated facts of programs that their own words and quote do not bear out (see the rules above)."""
    for program in sheet.programs:
        for field in STATED_FIELDS:
            stated = getattr(program, field)
            if stated is None or field in program.inferred:
                continue
            quote, words = fold_space(stated.quote), fold_space(stated.words)
            pattern, what = _STATED_SAYS[field]
            if words not in quote:
                message = "the words are not written in the quote; give the text's own words"
            elif not names_in(program, [quote]):
                message = f"the quote does not name {program.id}; quote the sentence that says it of the program"
            elif not re.search(pattern, words, re.IGNORECASE):
                message = f"the words do not give {what}; quote the words that say it"
            else:
                continue
            yield Problem("program", program.id, f"{field}.words", message)


def alias_problems(sheet: FactSheet) -> Iterator[Problem]:
    """Aliases that are another record's name or alias."""
    owners: dict[str, list[str]] = {}
    for record in sheet.all_records():
        if not isinstance(record, Statistic):
            for name in called(record):
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


def _names_linked(linked: Record, quotes: list[str], index: NameIndex, linking: Record) -> bool:
    """Whether ``quotes`` name the linked record themselves: not as the first
    part of a hyphenated word ("U.S.-led"), nor inside the name of another
    record ("U.S. Southern Command" names the command, not the country); the
    linking record's own names are its own."""
    names = called(linked)
    for quote in quotes:
        if not any(n in quote for n in names):
            continue
        inside = [
            other
            for other, owner in index.candidates(quote)
            if owner is not linked and owner is not linking and other in quote and any(n in other for n in names)
        ]
        for other in sorted(inside, key=len, reverse=True):
            quote = quote.replace(other, " " * len(other))
        if any(written(n, quote, compounds=False) for n in names):
            return True
    return False


def _link_problems(sheet: FactSheet) -> Iterator[Problem]:
    by_id = {record.id: record for record in sheet.all_records()}
    index = NameIndex([record for record in sheet.all_records() if not isinstance(record, Statistic)])
    for key, field in _LINKS:
        for record in getattr(sheet, key):
            if field in record.inferred:
                continue
            quotes = own_quotes(record)
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
        if not names_in(target, [fold_space(statistic.quote)]):
            yield Problem(
                "statistic",
                statistic.id,
                "program",
                f"{target.id} is not named in the figure's quote; use listed_under for the section it stands in, "
                "or mark program inferred",
            )


def _overlaps(quote: str, record: Record) -> bool:
    """Whether a passage is one of a record's quotes, or part of one, or holds one."""
    return any(quote in own or own in quote for own in own_quotes(record))


def role_problems(sheet: FactSheet) -> list[Problem]:
    """Country roles the text does not support, unless the country marks the
    role (``roles[N]``) inferred: the role's quote, or a quote of the program or
    event it is tied to, names the country (its name, an alias or a search
    term such as "Panamanian"; "U.S.-led" counts); a role tied to a program
    quotes it itself (a passage of one of the program's quotes, or its name),
    never only through an event it is also tied to (the leaders who met the
    Vice President are not thereby countries of the Partnership); a role
    tied to an event quotes it; a leader's quote says it leads ("U.S.-led")."""
    by_id = {record.id: record for record in sheet.all_records()}
    problems = []
    for country in sheet.countries:
        names = [*called(country), *country.search_terms]
        for index, role in enumerate(country.roles):
            label = f"roles[{index}]"
            if label in country.inferred:
                continue
            quote = fold_space(role.quote)
            program, event = by_id.get(role.program or ""), by_id.get(role.event or "")
            texts = [quote] + [q for linked in (program, event) if linked is not None for q in own_quotes(linked)]
            if not any(written(n, t) for n in names for t in texts):
                problems.append(
                    Problem(
                        "country",
                        country.id,
                        f"{label}.quote",
                        f"{country.name!r} is not named in the role's quote; quote where the text gives it the role",
                    )
                )
            if program is not None and not (_overlaps(quote, program) or names_in(program, [quote])):
                problems.append(
                    Problem(
                        "country",
                        country.id,
                        f"{label}.program",
                        f"the role's quote is not about {program.id}; tie it to the program its quote names",
                    )
                )
            if role.part is Part.LEADER and not re.search(r"\bl(?:ed|eads?|eading)\b", quote, re.IGNORECASE):
                problems.append(
                    Problem(
                        "country",
                        country.id,
                        f"{label}.part",
                        "the role's quote does not say the country leads; quote where it does, or use participant",
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
