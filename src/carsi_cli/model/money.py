"""Money and fiscal years in words, the way a reader says them.

"$361 million in total over FY2008-FY2011", "more than $10 billion per year,
FY2009-FY2011": the qualifier, the basis and the span are part of the figure.
"""

from __future__ import annotations

import re
from functools import cache

from carsi_cli.model.records import Basis, Funding, Qualifier

_QUALIFIER_WORDS = {
    Qualifier.EXACT: "",
    Qualifier.MORE_THAN: "more than ",
    Qualifier.AT_LEAST: "at least ",
    Qualifier.APPROXIMATELY: "about ",
    Qualifier.UP_TO: "up to ",
    Qualifier.LESS_THAN: "less than ",
}
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))


def dollars(amount: int) -> str:
    """$361 million, $10 billion, $1.25 million, $12,500."""
    for scale, word in _SCALES:
        whole, rest = divmod(amount, scale)
        if whole and rest % (scale // 1000) == 0:  # at most three decimals, exactly
            decimals = f"{rest * 1000 // scale:03d}".rstrip("0")
            return f"${whole:,}.{decimals} {word}" if decimals else f"${whole:,} {word}"
    return f"${amount:,}"


def qualifier_words(qualifier: Qualifier) -> str:
    """A qualifier as the text would say it: "more than"; "exactly" for an exact figure."""
    return _QUALIFIER_WORDS[qualifier].strip() or "exactly"


_BASIS_WORDS = {
    Basis.TOTAL: "a total: the whole sum, not a rate per year",
    Basis.PER_YEAR: "per year: a rate for each of its fiscal years, not a sum",
}


def basis_words(basis: Basis) -> str:
    """What a basis means for reading the amount, in words."""
    return _BASIS_WORDS[basis]


def amount(funding: Funding) -> str:
    """The amount with its qualifier: "more than $10 billion"."""
    return _QUALIFIER_WORDS[funding.qualifier] + dollars(funding.amount_usd)


def span(fy_start: int | None, fy_end: int | None) -> str:
    """FY2008-FY2011, FY2012, or '' when the text gives no fiscal year."""
    if fy_start is None or fy_end is None:
        return ""
    return f"FY{fy_start}" if fy_start == fy_end else f"FY{fy_start}-FY{fy_end}"


def describe(funding: Funding) -> str:
    """The whole figure in words: qualifier, amount, basis and span."""
    amount = _QUALIFIER_WORDS[funding.qualifier] + dollars(funding.amount_usd)
    years = span(funding.fy_start, funding.fy_end)
    if funding.basis is Basis.PER_YEAR:
        return f"{amount} per year, {years}" if years else f"{amount} per year (no fiscal year given)"
    if not years:
        return f"{amount} in total (no fiscal year given)"
    if funding.fy_start == funding.fy_end:
        return f"{amount} in {years}"
    return f"{amount} in total over {years}"


_WORD_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


@cache
def money_pattern() -> re.Pattern[str]:
    """A dollar figure as text writes it: "$361 million", "$1,250,000", "$1.5 billion"."""
    return re.compile(
        r"\$\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion)\b)?", re.IGNORECASE
    )


def money_value(match: re.Match[str]) -> int | None:
    """The whole dollars of one ``money_pattern`` match, or None if not whole."""
    number, word = match.group(1), match.group(2) or ""
    whole, _, fraction = number.replace(",", "").partition(".")
    scaled = int(whole + fraction) * _WORD_SCALE.get(word.lower(), 1)
    value, rest = divmod(scaled, 10 ** len(fraction))
    return value if rest == 0 else None


def amounts_in(text: str) -> set[int]:
    """Every dollar figure written in ``text`` ("$361 million" -> 361000000)."""
    return {value for match in money_pattern().finditer(text) if (value := money_value(match)) is not None}
