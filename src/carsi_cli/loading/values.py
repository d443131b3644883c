"""Checks of single values from a data file, pure: each returns the value as
the model holds it, or raises ``Bad`` with the reason; the caller adds where."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from carsi_cli.model.records import FY_RANGE

MAX_AMOUNT_USD = 10**13  # ten trillion dollars: more is a typo
MAX_NAME = 500
MAX_TEXT = 20_000

# field name -> (check, required). Optional fields may be absent or null.
Spec = dict[str, tuple[Callable[[object], Any], bool]]


class Bad(Exception):
    """A problem with one value; the caller adds where it is."""


def show(value: object) -> str:
    """A short, inert rendering of a bad value for a message."""
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def suggest(word: str, options: list[str] | tuple[str, ...]) -> str:
    import difflib

    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def text(value: object, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        hint = "; put it in quotes if it is meant as text" if isinstance(value, bool | int | float) else ""
        raise Bad(f"must be text, got {show(value)}{hint}")
    if not value.strip():
        raise Bad("must not be empty")
    if len(value) > limit:
        raise Bad(f"is {len(value)} characters long; the limit is {limit}")
    return value


def name(value: object) -> str:
    return text(value, MAX_NAME)


SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


def slug(value: object) -> str:
    if not isinstance(value, str) or not SLUG.match(value) or len(value) > 100:
        raise Bad(f"must be a slug like 'operation-martillo' (lower-case letters, digits, hyphens), got {show(value)}")
    return value


def list_of(item: Callable[[object], Any]) -> Callable[[object], tuple[Any, ...]]:
    def check(value: object) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise Bad(f"must be a list, got {show(value)}")
        out = []
        for i, element in enumerate(value):
            try:
                out.append(item(element))
            except Bad as exc:
                raise Bad(f"item {i + 1} {exc}") from None
        return tuple(out)

    return check


def one_of(enum: type[Any]) -> Callable[[object], Any]:
    values = [member.value for member in enum]

    def check(value: object) -> Any:
        if isinstance(value, str) and value in values:
            return enum(value)
        hint = suggest(value, values) if isinstance(value, str) else ""
        raise Bad(f"must be one of {', '.join(values)}; got {show(value)}{hint}")

    return check


def fiscal_year(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise Bad(f"must be a fiscal year such as 2012, got {show(value)}")
    low, high = FY_RANGE
    if not low <= value <= high:
        raise Bad(f"must be a fiscal year between {low} and {high}, got {value}")
    return value


def amount(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        hint = " (write $361 million as 361000000)" if isinstance(value, str | float) else ""
        raise Bad(f"must be a whole number of dollars, got {show(value)}{hint}")
    if value <= 0:
        raise Bad(f"must be a positive number of dollars, got {value}")
    if value > MAX_AMOUNT_USD:
        raise Bad(f"is {value:,} dollars, more than the ${MAX_AMOUNT_USD:,} carsi accepts; check the zeros")
    return value


def number(value: object) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise Bad(f"must be a number, got {show(value)}")
    return value


DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")


def iso_date(value: object) -> str:
    if not isinstance(value, str) or not (match := DATE.match(value)):
        raise Bad(f"must be a date written YYYY, YYYY-MM or YYYY-MM-DD, got {show(value)}")
    import datetime

    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        datetime.date(year, month, day)
    except ValueError:
        raise Bad(f"is not a real date: {value!r}") from None
    return value


def day(value: object) -> str:
    """A whole date, YYYY-MM-DD (a date of reading is known to the day)."""
    if not isinstance(value, str) or len(value) != 10:
        raise Bad(f"must be a date written YYYY-MM-DD, got {show(value)}")
    return iso_date(value)


def url(value: object) -> str:
    address = text(value, 2000)
    if not address.startswith(("https://", "http://")):
        raise Bad(f"must be an http(s) address, got {show(value)}")
    return address


def relative_file(value: object) -> str:
    """A path inside the data file's folder, written with forward slashes:
    ``factsheet.txt`` or ``texts/factsheet.txt``. Nothing that could lead out
    of the folder on any system: no absolute path, drive (``C:``), UNC share
    or backslash, no ``..`` component, no control character. (Where a symbolic
    link leads is known only on the disk: see ``load.source_text_path``.)"""
    from pathlib import PurePosixPath, PureWindowsPath

    path = text(value, 1000)
    usage = "must be a path inside the data file's folder, such as 'factsheet.txt' or 'texts/factsheet.txt'"
    if any(ord(character) < 0x20 or ord(character) == 0x7F for character in path):
        raise Bad(f"{usage}; got {show(path)}, which holds a control character")
    if "\\" in path:
        raise Bad(f"{usage}, with forward slashes; got {show(path)}")
    if PurePosixPath(path).is_absolute() or PureWindowsPath(path).anchor:
        raise Bad(f"{usage}, not an absolute path or drive; got {show(path)}")
    if ".." in PurePosixPath(path).parts:
        raise Bad(f"{usage}, with no '..' in it; got {show(path)}")
    return path


def inferred_shape(value: object) -> dict[str, str]:
    """Checked for its shape here; its keys are checked against the record's
    fields once the spec is known (see ``with_inferred``)."""
    if not isinstance(value, dict):
        raise Bad(f"must map field names to the reason each is inferred, got {show(value)}")
    out = {}
    for field_name, reason in value.items():
        if not isinstance(field_name, str):
            raise Bad(f"keys must be field names, got {show(field_name)}")
        try:
            out[field_name] = text(reason, MAX_NAME)
        except Bad as exc:
            raise Bad(f"{field_name!r} {exc}") from None
    return out


LANGUAGE = re.compile(r"[a-z]{2,3}\Z")


def translations(value: object) -> dict[str, tuple[str, ...]]:
    """A mapping from a language code ("es") to the names in that language."""
    if not isinstance(value, dict):
        raise Bad(f"must map language codes such as 'es' to lists of names, got {show(value)}")
    names = list_of(name)
    out = {}
    for language, listed in value.items():
        if not isinstance(language, str) or not LANGUAGE.match(language):
            raise Bad(
                f"keys must be language codes such as 'es' (two or three lower-case letters), got {show(language)}"
            )
        try:
            out[language] = names(listed)
        except Bad as exc:
            raise Bad(f"{language!r} {exc}") from None
    return out


def with_inferred(spec: Spec) -> Spec:
    """The spec, with ``inferred`` keys limited to the spec's own field names."""
    names = sorted(name for name in spec if name != "inferred")

    def check(value: object) -> dict[str, str]:
        out = inferred_shape(value)
        for field_name in out:
            if field_name not in names:
                raise Bad(f"key {show(field_name)} is not a field of this record{suggest(field_name, names)}")
        return out

    return {**spec, "inferred": (check, False)}


def checked(raw: dict[Any, Any], spec: Spec) -> dict[str, Any]:
    """Check one mapping against a spec; the values for the record's constructor."""
    for key in raw:
        if key not in spec:
            hint = suggest(key, list(spec)) if isinstance(key, str) else ""
            raise Bad(f"unknown field {show(key)}{hint}")
    out: dict[str, Any] = {}
    for name, (check, required) in spec.items():
        value = raw.get(name)
        if value is None:
            if required:
                raise Bad(f"{name} is required")
            continue
        try:
            out[name] = check(value)
        except Bad as exc:
            raise Bad(f"{name} {exc}") from None
    return out
