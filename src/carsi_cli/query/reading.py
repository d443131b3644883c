"""How search reads a query: its words (question and function words left
out), the kind of record a question asks for, figures as people write them
("$361M", "ten billion", "39 percent"), fiscal years and months. Pure."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from carsi_cli.model.records import RecordType
from carsi_cli.model.text import MONTHS, fold
from carsi_cli.model.years import spell_out
from carsi_cli.query import themes

# Words that say what kind of question is asked, not what it is about; English,
# and the Spanish ones people put around a Spanish name. Single letters ("U.S.",
# "President's") are dropped too, and "us": the Porter stemmer reads it as "use",
# and the United States is in nearly every record. A query made only of these
# keeps them.
STOP_WORDS = frozenset(
    """
    a about across after against all also am among an and any are around as at be been before being between both
    but by can could did do does doing done down during each for from give had has have how i if in into is it
    its many me more much my no not of off on or our out over please show should so some such tell than that the
    their them then there these they this those through to too under up us very was we were what when where
    which while who whom whose why will with within without would you your
    al como con cual cuales cuando cuanto cuanta cuantos cuantas de del donde el en es la las lo los para por
    que quien se son su sus un una y
    """.split()  # noqa: SIM905
)
# Question words that say which kind of record is wanted.
# "when" asks for a date, which only events carry.
_INTENT = (
    ("how many", RecordType.STATISTIC),
    ("number of", RecordType.STATISTIC),
    ("how much", RecordType.FUNDING),
    ("when", RecordType.EVENT),
)
_INTENT_ES = (
    ("cuantos", RecordType.STATISTIC),
    ("cuantas", RecordType.STATISTIC),
    ("cuanto", RecordType.FUNDING),
    ("cuando", RecordType.EVENT),
)

_MESES = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_MONTHS = {
    **{fold(name): i for i, name in enumerate(MONTHS, 1)},
    **{name: i for i, name in enumerate(_MESES.split(), 1)},
}
# Points a record earns for holding a figure of the query (see ``ranking``).
FIGURE, NUMBER = 60.0, 40.0  # a figure as written ("$650 million"); a bare number ("650")
UNITS = frozenset([*_SCALE, "percent"])  # words of a figure: never read as another word
_LARGEST = 2**62  # SQLite's integers hold less than 2**63: no figure is that large


class Figure(NamedTuple):
    """A number of the query: the amounts in dollars and the statistic values it may be."""

    dollars: tuple[int, ...]
    values: tuple[float, ...]
    unit: str | None
    """"percent" when the query says so; None for any unit."""
    points: float
    spread: int = 0
    """How far, in dollars, an amount may be from ``dollars`` and still be the one
    meant: half the last digit written ("$0.36 billion" is $355-365 million)."""


class Query(NamedTuple):
    words: tuple[str, ...]
    """The words that count, folded, in order, each once."""
    phrase: tuple[str, ...]
    """Every word as written, stop words included: for the phrase bonus."""
    figures: tuple[Figure, ...]
    years: tuple[int, ...]
    intent: RecordType | None
    months: tuple[str, ...] = ()
    """Each month and year the query names, as ISO "2011-03" ("March 2011", "marzo de 2011")."""
    read_as: tuple[tuple[str, str], ...] = ()
    """(words as typed, the text's words read instead): Spanish themes, everyday words (``themes``)."""


@cache
def _tokens() -> re.Pattern[str]:
    return re.compile(r"[^\W_]+")


@cache
def _numbers() -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w.,])(\$\s*)?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w,]|\.\d)"
        r"(?:\s*(thousand|million|billion|trillion|percent|per cent|%))?"
    )


def parse(text: str) -> Query:
    """What a query asks for: its words, numbers, fiscal years and kind of question."""
    folded = _abbreviated(_in_digits(spell_out(fold(text))))
    # "650,000,000" is a figure, not the words "650" and "000"
    tokens = _tokens().findall(re.sub(r"\d{1,3}(?:,\d{3})+(?![\d,])", lambda m: m.group().replace(",", ""), folded))
    tokens, read_as = themes.read(tokens)
    content = [t for t in tokens if t not in STOP_WORDS and (len(t) > 1 or t.isdigit())]
    words = tuple(dict.fromkeys(content or tokens))
    figures = []
    years = []
    for match in _numbers().finditer(folded):
        dollar, digits, unit = match.groups()
        number = float(digits.replace(",", ""))
        if number >= _LARGEST:  # no figure is that large, nor can SQLite compare it
            continue
        if unit in _SCALE:
            decimals = len(digits.partition(".")[2])
            spread = _SCALE[unit] // 10**decimals // 2 if decimals else 0
            figures.append(Figure(_fit(number * _SCALE[unit]), (), "usd", FIGURE, spread))
        elif unit in ("percent", "per cent", "%"):
            figures.append(Figure((), (number,), "percent", FIGURE))
        else:
            scaled = _fit(*(number * 10**k for k in (0, 3, 6, 9)))
            figures.append(Figure(scaled, () if dollar else (number,), None, NUMBER))
            if not dollar and number.is_integer() and 1900 <= number <= 2100:
                years.append(int(number))
    spaced = f" {' '.join(tokens)} "
    intent = next((kind for words_, kind in (*_INTENT, *_INTENT_ES) if f" {words_} " in spaced), None)
    months = tuple(
        f"{year}-{_MONTHS[month]:02d}"
        # "March 2011", "March 21, 2011", "marzo de 2011", "6 de marzo de 2012"
        for month, year in re.findall(r"\b([a-z]+)\s+(?:\d{1,2}\s*,?\s+)?(?:de(?:l)?\s+)?(\d{4})\b", folded)
        if month in _MONTHS
    )
    return Query(words, tuple(tokens), tuple(figures), tuple(years), intent, months, tuple(read_as))


# Words that begin a number written out, English and Spanish: only a query holding
# one pays for text2num's import (about 70 ms).
NUMBER_WORDS = frozenset(
    """
    one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen
    eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion
    dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciseis veinte veintiocho
    treinta cuarenta cincuenta sesenta setenta ochenta noventa cien ciento doscientos trescientos cuatrocientos
    quinientos seiscientos setecientos ochocientos novecientos mil millon millones
    """.split()  # noqa: SIM905
)


# Words that scale a number: alone, after digits ("105 million"), they stay words.
_SCALE_WORDS = frozenset(["hundred", "thousand", "million", "billion", "cien", "ciento", "mil", "millon", "millones"])


def _in_digits(folded: str) -> str:
    """Numbers written in words, in digits: "three hundred sixty-one million" -> "361000000",
    "dieciseis paises" -> "16 paises" (text2num, English then Spanish). A scale word
    after digits ("105 million") is left for the figure it is part of."""
    if (NUMBER_WORDS - _SCALE_WORDS).isdisjoint(_tokens().findall(folded)):
        return folded
    from text_to_num import alpha2digit

    return str(alpha2digit(alpha2digit(folded, "en"), "es"))


@cache
def _abbreviation() -> re.Pattern[str]:
    return re.compile(r"(?<![\w.,])(\$?\s*\d+(?:\.\d+)?)\s*(k|m|mn|mm|b|bn)(?!\w)")


_ABBREVIATED = {"k": "thousand", "m": "million", "mn": "million", "mm": "million", "b": "billion", "bn": "billion"}


def _abbreviated(folded: str) -> str:
    """Amounts as people shorten them, in full: "$361m" -> "$361 million", "10bn" -> "10 billion"."""
    return _abbreviation().sub(lambda m: f"{m.group(1)} {_ABBREVIATED[m.group(2)]}", folded)


def _fit(*amounts: float) -> tuple[int, ...]:
    """The amounts, in whole dollars, that a figure could be."""
    return tuple(round(amount) for amount in amounts if amount < _LARGEST)
