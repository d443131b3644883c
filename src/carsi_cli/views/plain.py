"""Model objects as plain, JSON-ready values: the JSON and CSV contracts' one source."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

from carsi_cli.model.records import CARSI_WORDING, STATED_FIELDS
from carsi_cli.model.text import escape_nonprintable_json

_SCALARS = (str, int, float, type(None))  # str enums and bools included: json writes them as they are
# fields json cannot write as they are: mappings, records
_CONVERTED = frozenset({"inferred", "roles", "translations", *STATED_FIELDS})
_CONVERTED_BY_TYPE: dict[type, tuple[str, ...]] = {}


def to_data(value: Any) -> Any:
    """Model objects as JSON-ready values, with the model's own field names.

    Tuples stay tuples (json writes them as arrays); mappings and records
    inside records become dicts.
    """
    if isinstance(value, tuple):
        fields = getattr(value, "_fields", None)
        if fields is not None:  # a record
            data = dict(zip(fields, value, strict=True))
            converted = _CONVERTED_BY_TYPE.get(value.__class__)
            if converted is None:
                converted = _CONVERTED_BY_TYPE[value.__class__] = tuple(f for f in fields if f in _CONVERTED)
            for name in converted:
                item = data[name]
                if item:  # None, or an empty mapping or tuple, is written as it is
                    data[name] = dict(item) if name == "inferred" else to_data(item)  # a mapping of text
                elif item is not None:
                    data[name] = {} if isinstance(item, Mapping) else []
            wording = CARSI_WORDING.get(value.__class__)
            if wording is not None:
                data["carsi_wording"] = wording  # which fields are carsi's words, not the text's
            return data
        return [item if isinstance(item, _SCALARS) else to_data(item) for item in value]
    if isinstance(value, list):
        return [to_data(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, Enum):
        return value.value
    return value


def csv_header(kind: type) -> list[str]:
    """The CSV columns of a kind of record: its fields, then ``carsi_wording`` where it has such fields."""
    header = list(getattr(kind, "_fields", ()))
    return [*header, "carsi_wording"] if kind in CARSI_WORDING else header


def dumps(data: Any, *, pretty: bool) -> str:
    """JSON: indented for a person at a terminal, compact (one C-encoded line)
    for a pipe, as gh does; non-ASCII stays readable, non-printables are escaped."""
    import json  # here, not at the top: only the JSON and CSV paths pay for it

    return escape_nonprintable_json(json.dumps(data, ensure_ascii=False, indent=2 if pretty else None))
