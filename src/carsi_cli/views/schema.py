"""The JSON Schema (draft 2020-12) of each command's ``--format json`` output,
made from the record types themselves, so that it cannot drift from them.

A list command prints an array of its records; a ``show`` command one object,
the record's fields and the related records it adds (``Detail.extra``). Every
field of a record is always present (an empty list, an empty object or null
where the record has no value), so every field is required, and no other is
allowed. ``funding``, ``timeline``, ``programs list`` and ``countries list``
add each record's ``notes``, and so do the figures of a ``show``.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from enum import Enum
from types import UnionType
from typing import Any

from carsi_cli.model.records import (
    CARSI_WORDING,
    Agency,
    Country,
    Event,
    Funding,
    Organization,
    Program,
    Source,
    Statistic,
)
from carsi_cli.model.results import Problem, SearchHit

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_NOTES = {
    "type": "array",
    "items": {"type": "string"},
    "description": "What a reader must know to read this record right (a multi-year total, a rate, no fiscal year, "
    "why there is no total).",
}
_CAVEATS = {
    "type": "array",
    "items": {"type": "string"},
    "description": "What a reader of this figure alone must know, in sentences: how its years add up, a lower "
    "bound, money that is not the United States' alone, and each value the text only implies, with why.",
}
_IDS = {"type": "array", "items": {"type": "string"}}
_ROW_NOTES = {
    "type": "array",
    "items": {"type": "string"},
    "description": "How the row came to be listed where it was not plainly: a country that only takes part in "
    "the program or leads it (not where its work happens), an agency in it only through its parts.",
}
_THROUGH = {
    "type": "array",
    "items": {"type": "string"},
    "description": "How each program or event that names only the agency's parts came here (“Through CBP and "
    "ICE, parts of DHS”).",
}


def _type(hint: Any) -> dict[str, Any]:
    """The schema of one annotated type."""
    if isinstance(hint, UnionType) or typing.get_origin(hint) is typing.Union:
        members = typing.get_args(hint)
        if set(members) == {int, float}:
            return {"type": "number"}
        if set(members) == {int, float, type(None)}:
            return {"type": ["number", "null"]}
        return {"anyOf": [_type(member) for member in members]}
    if hint is type(None):
        return {"type": "null"}
    if isinstance(hint, type) and issubclass(hint, Enum):
        return {"type": "string", "enum": [member.value for member in hint]}
    if isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields"):
        return record(hint)
    simple = {str: "string", bool: "boolean", int: "integer", float: "number"}
    if hint in simple:
        return {"type": simple[hint]}
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _type(args[0])}
        items = [_type(arg) for arg in args]
        return {"type": "array", "prefixItems": items, "items": False, "minItems": len(items)}
    if origin is not None and isinstance(origin, type) and issubclass(origin, Mapping):
        return {"type": "object", "additionalProperties": _type(args[1])}
    raise TypeError(f"no JSON Schema for {hint!r}")  # a new kind of field: give it a rule above


def record(cls: Any, extra: Mapping[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The schema of one record as JSON: every field required, nothing else allowed."""
    hints = typing.get_type_hints(cls)
    properties = {name: _type(hints[name]) for name in cls._fields}
    wording = CARSI_WORDING.get(cls)
    if wording is not None:
        properties["carsi_wording"] = {
            "type": "array",
            "items": {"type": "string", "enum": list(wording)},
            "description": "The fields of this record in carsi's own words, not the fact sheet's: never quote them.",
        }
    properties.update(extra or {})
    schema: dict[str, Any] = {"type": "object"}
    if cls.__doc__ and not cls.__doc__.startswith(f"{cls.__name__}("):  # a docstring of its own
        schema["description"] = " ".join(cls.__doc__.split())
    return {**schema, "properties": properties, "required": list(properties), "additionalProperties": False}


def _array(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


def _commands() -> dict[str, dict[str, Any]]:
    return {
        "programs list": _array(record(Program, {"notes": _ROW_NOTES})),
        "programs show": record(
            Program,
            {
                "funding": _array(record(Funding, {"notes": _CAVEATS})),
                "listed_here": _IDS,
                "statistics": _array(record(Statistic)),
                "events": _IDS,
            },
        ),
        "agencies list": _array(record(Agency)),
        "agencies show": record(Agency, {"programs": _IDS, "events": _IDS, "notes": _THROUGH}),
        "countries list": _array(record(Country, {"notes": _ROW_NOTES})),
        "countries show": record(Country, {"programs": _IDS, "events": _IDS}),
        "organizations list": _array(record(Organization)),
        "organizations show": record(Organization, {"programs": _IDS}),
        "funding": _array(record(Funding, {"notes": _NOTES})),
        "funding show": record(Funding, {"notes": _CAVEATS}),
        "stats": _array(record(Statistic)),
        "stats show": record(Statistic),
        "timeline": _array(record(Event, {"notes": _NOTES})),
        "timeline show": record(Event, {"notes": _NOTES}),
        "search": _array(record(SearchHit)),
        "source": record(Source),
        "verify": _array(record(Problem)),
    }


COMMANDS = tuple(
    [
        "programs list",
        "programs show",
        "agencies list",
        "agencies show",
        "countries list",
        "countries show",
        "organizations list",
        "organizations show",
        "funding",
        "funding show",
        "stats",
        "stats show",
        "timeline",
        "timeline show",
        "search",
        "source",
        "verify",
    ]
)
"""The commands whose ``--format json`` output has a schema here (``source --annotate`` has not yet)."""


def schema(command: str) -> dict[str, Any]:
    """The JSON Schema of ``carsi COMMAND --format json`` (``command`` as in ``COMMANDS``)."""
    body = _commands()[command]
    return {"$schema": DRAFT, "title": f"carsi {command} --format json", **body}
