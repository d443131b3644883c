"""Fiscal years as people write them: 2012, FY2012, fy2012, FY 2012, FY12, FY'12. Pure."""

from __future__ import annotations

import re
from functools import cache

from carsi_cli.model.records import FY_RANGE

# A two-digit year is read as POSIX strptime reads %y: 69-99 are the 1900s, 00-68 the 2000s.
_PIVOT = 69


@cache
def _written() -> re.Pattern[str]:
    """A fiscal year with or without "FY": four digits, or two after "FY" or alone."""
    return re.compile(r"(?:fy[\s_-]*'?|')?(\d{4}|\d{2})", re.IGNORECASE)


@cache
def _in_text() -> re.Pattern[str]:
    """ "FY2012", "FY 2012", "FY12" or "FY'12" inside a longer text (a search query)."""
    return re.compile(r"\bfy[\s_-]*'?(\d{4}|\d{2})\b", re.IGNORECASE)


def _full(digits: str) -> int:
    year = int(digits)
    if len(digits) == 2:
        year += 1900 if year >= _PIVOT else 2000
    return year


def fiscal_year(text: str) -> int:
    """The fiscal year ``text`` names; ValueError with a message a person can act on."""
    low, high = FY_RANGE
    written = text.strip()
    match = _written().fullmatch(written)
    if match is not None:
        year = _full(match.group(1))
    elif re.fullmatch(r"[+-]?\d+", written):
        year = int(written)
    else:
        msg = f"{text!r} is not a fiscal year; write one as 2012, FY2012 or FY12"
        raise ValueError(msg)
    if not low <= year <= high:
        msg = f"{year} is not a fiscal year carsi knows; give one from {low} to {high}"
        raise ValueError(msg)
    return year


def spell_out(text: str) -> str:
    """``text`` with every "FY2012", "FY 2012" or "FY12" written as the bare year ("2012"),
    as the fact sheet's own "FY 2012" is found by its number."""
    return _in_text().sub(lambda m: str(_full(m.group(1))), text)
