"""Read a data file (I/O) and validate the mapping it holds (pure) into a FactSheet.

YAML is read with PyYAML's safe event parser (libyaml's C parser where
available) and built into plain dicts, lists and scalars here, which is
stricter than ``yaml.safe_load`` and several times faster than its composer:

* only strings, integers, floats, booleans, nulls, lists and mappings: no tags
  (``!!python/...``, ``!!binary``, ``!!set``, ...), no anchors' aliases, no
  merge keys (``<<``), one document;
* YAML 1.2 scalars: only ``true``/``false`` are booleans (``no`` is a string),
  dates stay strings, ``010`` is not octal;
* a key given twice in one mapping is an error naming both lines (PyYAML
  silently keeps the last one);
* nesting is limited, so no input can exhaust the parser's stack.

Every problem is raised as a ``DataFileError`` or ``ValidationError`` whose
message names the file, the line and the record.
"""

from __future__ import annotations

import math
import os
import re
import stat
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, NoReturn, TypeVar, cast

from .errors import DataFileError, ValidationError
from .model import (
    Agency,
    AgencyKind,
    Basis,
    Country,
    Event,
    FactSheet,
    Funding,
    FundingKind,
    Program,
    ProgramKind,
    Qualifier,
    Role,
    Source,
    Statistic,
    Unit,
)

SCHEMA_VERSION = 1
DEFAULT_MAX_MB = 50
MAX_MB_ENV = "CARSI_MAX_DATA_MB"
MAX_DEPTH = 32  # the schema needs 6 levels; anything deeper is not a carsi file
FY_RANGE = (1900, 2100)
MAX_AMOUNT_USD = 10**13  # ten trillion dollars: more is a typo
MAX_NAME = 500
MAX_TEXT = 20_000

# Lines of mappings: id(mapping) -> 1-based line where it starts.
Lines = Mapping[int, int]


def bundled_data_path() -> Path:
    """The model shipped inside the package."""
    return Path(__file__).parent / "data" / "factsheet.yaml"


# ---------------------------------------------------------------------------
# Reading


def max_bytes() -> int:
    """The size limit for data files: CARSI_MAX_DATA_MB megabytes, 50 by default."""
    raw = os.environ.get(MAX_MB_ENV, "")
    try:
        megabytes = float(raw) if raw.strip() else DEFAULT_MAX_MB
    except ValueError:
        megabytes = math.nan
    if not math.isfinite(megabytes) or megabytes <= 0:
        msg = f"{MAX_MB_ENV} must be a positive number of megabytes, got {raw!r}"
        raise DataFileError(msg)
    return int(megabytes * 1_000_000)


def read_bytes(path: Path, limit: int, what: str = "data file") -> bytes:
    """The bytes of a regular file no larger than ``limit``. Opened without
    blocking, and checked once open: a named pipe or device is refused, not waited on."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise _unreadable(exc, path, what) from None
    try:
        info = os.fstat(fd)
        _require_readable(info, path, limit, what)
        with os.fdopen(fd, "rb", closefd=False) as handle:  # its size, and a byte more to see it grow
            data = handle.read(min(info.st_size, limit) + 1)
    except OSError as exc:
        raise _unreadable(exc, path, what) from None
    finally:
        os.close(fd)
    if len(data) > limit:  # grew since fstat
        msg = f"{what} {path} is over the limit of {limit / 1e6:g} MB; set {MAX_MB_ENV} to raise it"
        raise DataFileError(msg)
    return data


def check_file(path: Path, limit: int, what: str = "data file") -> os.stat_result:
    """The status of a regular file no larger than ``limit``, or a DataFileError."""
    try:
        info = path.stat()
    except OSError as exc:
        raise _unreadable(exc, path, what) from None
    _require_readable(info, path, limit, what)
    return info


def _require_readable(info: os.stat_result, path: Path, limit: int, what: str) -> None:
    if not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        msg = f"{what} {path} is {kind}"
        raise DataFileError(msg)
    if info.st_size > limit:
        msg = (
            f"{what} {path} is {info.st_size / 1e6:.1f} MB, over the limit of "
            f"{limit / 1e6:g} MB; set {MAX_MB_ENV} to raise it"
        )
        raise DataFileError(msg)


def _unreadable(exc: OSError, path: Path, what: str) -> DataFileError:
    if isinstance(exc, FileNotFoundError):
        return DataFileError(f"{what} {path} does not exist")
    return DataFileError(f"cannot read {what} {path}: {exc.strerror or exc}")


def decode(data: bytes, origin: str) -> str:
    """UTF-8 text (a byte order mark is accepted), or an error naming the place."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        msg = f"{origin}:{line}:{column}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        raise DataFileError(msg) from None


# ---------------------------------------------------------------------------
# YAML

_STR_TAG = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR_TAG,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "!",
}
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_NULLS = {"": None, "~": None, "null": None, "Null": None, "NULL": None}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+\Z")
# A float only where YAML 1.1 and 1.2 agree: with a dot, and a signed exponent.
# PyYAML (1.1) writes the string "1e3" unquoted; reading it as 1000.0 would
# change the text of files it wrote.
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?\Z")
_NUMBER_START = frozenset("0123456789-+.")


def _resolve(value: str) -> Any:
    """A plain (unquoted) scalar as YAML 1.2's core schema reads it."""
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if value[0] in _NUMBER_START:
        try:
            if _INT.match(value):
                return int(value)
            if _FLOAT.match(value):
                return float(value)
        except ValueError:  # more digits than Python converts: not a number carsi can use
            return value
    return value


def _tagged(value: str, tag: str) -> Any:
    if tag in (_STR_TAG, "!"):
        return value
    resolved = _resolve(value) if value else None
    expected = {
        "tag:yaml.org,2002:int": int,
        "tag:yaml.org,2002:float": float,
        "tag:yaml.org,2002:bool": bool,
        "tag:yaml.org,2002:null": type(None),
    }[tag]
    if expected is float and isinstance(resolved, int) and not isinstance(resolved, bool):
        return float(resolved)
    if type(resolved) is not expected:
        raise ValueError(tag)
    return resolved


def _yaml_error(origin: str, mark: Any, problem: str) -> DataFileError:
    if mark is None:
        return DataFileError(f"{origin}: YAML error: {problem}")
    return DataFileError(f"{origin}:{mark.line + 1}:{mark.column + 1}: {problem}")


def _events(text: str) -> Iterator[Any]:
    import yaml  # imported here: commands served from the cache never need it

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.parse(text, Loader=loader)


def parse_yaml(text: str, origin: str) -> tuple[Any, dict[int, int]]:
    """The document in ``text`` as plain Python data, and the line of each mapping."""
    import yaml

    try:
        return _build(_events(text), origin)
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or "not valid YAML"
        mark = exc.problem_mark
        if "nesting depth" in problem:
            problem = f"nesting deeper than {MAX_DEPTH} levels; this is not a carsi data file"
        elif mark is not None and _char_at(text, mark.line, mark.column) == "\t":
            problem += " (a tab: YAML does not allow tabs for indentation; use spaces)"
        else:
            problem = "YAML syntax error: " + problem
        raise _yaml_error(origin, mark, problem) from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids, such as a raw escape
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        msg = (
            f"{origin}:{line}:{column}: character U+{char:04X} is not allowed in YAML; "
            "write it as an escape inside double quotes"
        )
        raise DataFileError(msg) from None
    except yaml.YAMLError as exc:
        raise DataFileError(f"{origin}: YAML error: {' '.join(str(exc).split())}") from None


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    if line < len(lines) and column < len(lines[line]):
        return lines[line][column]
    return ""


def _build(events: Iterator[Any], origin: str) -> tuple[Any, dict[int, int]]:
    from yaml import events as ev

    scalar_event, alias_event = ev.ScalarEvent, ev.AliasEvent
    map_start, seq_start = ev.MappingStartEvent, ev.SequenceStartEvent
    map_end, seq_end = ev.MappingEndEvent, ev.SequenceEndEvent
    doc_start = ev.DocumentStartEvent

    lines: dict[int, int] = {}
    root: Any = None
    documents = 0
    # The container being filled, whether the next scalar is a key, the
    # pending key and the lines of the keys seen so far in a mapping.
    current: Any = None
    want_key = False
    key: Any = None
    key_lines: dict[Any, int] = {}
    stack: list[tuple[Any, bool, Any, dict[Any, int]]] = []

    for event in events:
        cls = event.__class__
        if cls is scalar_event:
            value: Any = event.value
            if event.implicit[0]:
                value = _resolve(value) if value else None
            elif not event.implicit[1]:  # an explicit tag
                tag = event.tag
                if tag not in _SCALAR_TAGS:
                    raise _yaml_error(origin, event.start_mark, f"unsupported YAML tag {tag!r}")
                try:
                    value = _tagged(value, tag)
                except ValueError:
                    msg = f"{value!r} is not a valid {tag.rsplit(':', 1)[-1]}"
                    raise _yaml_error(origin, event.start_mark, msg) from None
        elif cls is map_start or cls is seq_start:
            if event.tag is not None and not event.implicit and event.tag not in _COLLECTION_TAGS:
                raise _yaml_error(origin, event.start_mark, f"unsupported YAML tag {event.tag!r}")
            if len(stack) >= MAX_DEPTH:
                msg = f"nesting deeper than {MAX_DEPTH} levels; this is not a carsi data file"
                raise _yaml_error(origin, event.start_mark, msg)
            value = {} if cls is map_start else []
        elif cls is map_end or cls is seq_end:
            current, want_key, key, key_lines = stack.pop()
            continue
        elif cls is alias_event:
            msg = f"YAML aliases (*{event.anchor}) are not supported in carsi data files; write the value out"
            raise _yaml_error(origin, event.start_mark, msg)
        else:
            if cls is doc_start:
                documents += 1
                if documents > 1:
                    msg = "more than one YAML document (a second '---'); a data file holds one"
                    raise _yaml_error(origin, event.start_mark, msg)
            continue

        # Place the value.
        if current is None:
            root = value
        elif current.__class__ is list:
            current.append(value)
        elif want_key:
            if cls is not scalar_event:
                msg = "a mapping key must be a plain value, not a list or mapping"
                raise _yaml_error(origin, event.start_mark, msg)
            if value == "<<" and event.implicit[0]:
                msg = "YAML merge keys (<<) are not supported in carsi data files; write the fields out"
                raise _yaml_error(origin, event.start_mark, msg)
            line = event.start_mark.line + 1
            if value in key_lines:
                msg = (
                    f"key {value!r} appears twice in one mapping, on lines "
                    f"{key_lines[value]} and {line}; PyYAML would silently keep only the second"
                )
                raise DataFileError(f"{origin}:{line}: {msg}")
            key_lines[value] = line
            key = value
            want_key = False
            continue
        else:
            current[key] = value
            want_key = True

        if cls is map_start:
            stack.append((current, want_key, key, key_lines))
            current, want_key, key_lines = value, True, {}
            lines[id(value)] = event.start_mark.line + 1
        elif cls is seq_start:
            stack.append((current, want_key, key, key_lines))
            current = value
    return root, lines


# ---------------------------------------------------------------------------
# Validation (pure: a mapping in, a FactSheet or a ValidationError out)


class _Bad(Exception):
    """A problem with one value; the caller adds where it is."""


def _show(value: object) -> str:
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


def _suggest(word: str, options: list[str] | tuple[str, ...]) -> str:
    import difflib

    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _text(value: object, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        hint = "; put it in quotes if it is meant as text" if isinstance(value, bool | int | float) else ""
        raise _Bad(f"must be text, got {_show(value)}{hint}")
    if not value.strip():
        raise _Bad("must not be empty")
    if len(value) > limit:
        raise _Bad(f"is {len(value)} characters long; the limit is {limit}")
    return value


def _name(value: object) -> str:
    return _text(value, MAX_NAME)


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


def _slug(value: object) -> str:
    if not isinstance(value, str) or not _SLUG.match(value) or len(value) > 100:
        raise _Bad(
            f"must be a slug like 'operation-martillo' (lower-case letters, digits, hyphens), got {_show(value)}"
        )
    return value


def _list(item: Callable[[object], Any]) -> Callable[[object], tuple[Any, ...]]:
    def check(value: object) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise _Bad(f"must be a list, got {_show(value)}")
        out = []
        for i, element in enumerate(value):
            try:
                out.append(item(element))
            except _Bad as exc:
                raise _Bad(f"item {i + 1} {exc}") from None
        return tuple(out)

    return check


def _enum(enum: type[Any]) -> Callable[[object], Any]:
    values = [member.value for member in enum]

    def check(value: object) -> Any:
        if isinstance(value, str) and value in values:
            return enum(value)
        hint = _suggest(value, values) if isinstance(value, str) else ""
        raise _Bad(f"must be one of {', '.join(values)}; got {_show(value)}{hint}")

    return check


def _fiscal_year(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(f"must be a fiscal year such as 2012, got {_show(value)}")
    low, high = FY_RANGE
    if not low <= value <= high:
        raise _Bad(f"must be a fiscal year between {low} and {high}, got {value}")
    return value


def _amount(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        hint = " (write $361 million as 361000000)" if isinstance(value, str | float) else ""
        raise _Bad(f"must be a whole number of dollars, got {_show(value)}{hint}")
    if value <= 0:
        raise _Bad(f"must be a positive number of dollars, got {value}")
    if value > MAX_AMOUNT_USD:
        raise _Bad(f"is {value:,} dollars, more than the ${MAX_AMOUNT_USD:,} carsi accepts; check the zeros")
    return value


def _number(value: object) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _Bad(f"must be a number, got {_show(value)}")
    return value


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")


def _date(value: object) -> str:
    if not isinstance(value, str) or not (match := _DATE.match(value)):
        raise _Bad(f"must be a date written YYYY, YYYY-MM or YYYY-MM-DD, got {_show(value)}")
    import datetime

    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        datetime.date(year, month, day)
    except ValueError:
        raise _Bad(f"is not a real date: {value!r}") from None
    return value


def _url(value: object) -> str:
    text = _text(value, 2000)
    if not text.startswith(("https://", "http://")):
        raise _Bad(f"must be an http(s) address, got {_show(value)}")
    return text


def _relative_file(value: object) -> str:
    return _text(value, 1000)


def _inferred(value: object) -> dict[str, str]:
    """Checked for its shape here; its keys are checked against the record's
    fields once the spec is known (see ``_with_inferred``)."""
    if not isinstance(value, dict):
        raise _Bad(f"must map field names to the reason each is inferred, got {_show(value)}")
    out = {}
    for field_name, reason in value.items():
        if not isinstance(field_name, str):
            raise _Bad(f"keys must be field names, got {_show(field_name)}")
        try:
            out[field_name] = _text(reason, MAX_NAME)
        except _Bad as exc:
            raise _Bad(f"{field_name!r} {exc}") from None
    return out


def _with_inferred(spec: _Spec) -> _Spec:
    """The spec, with ``inferred`` keys limited to the spec's own field names."""
    names = sorted(name for name in spec if name != "inferred")

    def check(value: object) -> dict[str, str]:
        out = _inferred(value)
        for field_name in out:
            if field_name not in names:
                raise _Bad(f"key {_show(field_name)} is not a field of this record{_suggest(field_name, names)}")
        return out

    return {**spec, "inferred": (check, False)}


# field name -> (check, required). Optional fields may be absent or null.
_Spec = dict[str, tuple[Callable[[object], Any], bool]]

_COMMON: _Spec = {
    "quote": (_text, True),
    "source": (_slug, True),
    "other_quotes": (_list(_text), False),
    "inferred": (_inferred, False),
}
_SOURCE_SPEC: _Spec = {
    "id": (_slug, True),
    "title": (_name, True),
    "date": (_date, True),
    "publisher": (_name, True),
    "citation": (_text, True),
    "url": (_url, False),
    "text_url": (_url, False),
    "text_file": (_relative_file, False),
}
_PROGRAM_SPEC: _Spec = _with_inferred(
    {
        "id": (_slug, True),
        "name": (_name, True),
        "kind": (_enum(ProgramKind), True),
        "description": (_text, True),
        "aliases": (_list(_name), False),
        "listed_under": (_slug, False),
        "agencies": (_list(_slug), False),
        "countries": (_list(_slug), False),
        **_COMMON,
    }
)
_FUNDING_SPEC: _Spec = _with_inferred(
    {
        "id": (_slug, True),
        "program": (_slug, True),
        "amount_usd": (_amount, True),
        "qualifier": (_enum(Qualifier), True),
        "fy_start": (_fiscal_year, False),
        "fy_end": (_fiscal_year, False),
        "basis": (_enum(Basis), True),
        "kind": (_enum(FundingKind), True),
        "purpose": (_text, True),
        **_COMMON,
    }
)
_AGENCY_SPEC: _Spec = _with_inferred(
    {
        "id": (_slug, True),
        "name": (_name, True),
        "kind": (_enum(AgencyKind), True),
        "aliases": (_list(_name), False),
        **_COMMON,
    }
)
_ROLE_SPEC: _Spec = {
    "role": (_text, True),
    "quote": (_text, True),
    "program": (_slug, False),
    "event": (_slug, False),
}
_STATISTIC_SPEC: _Spec = _with_inferred(
    {
        "id": (_slug, True),
        "name": (_name, True),
        "value": (_number, True),
        "unit": (_enum(Unit), True),
        "phrase": (_name, True),
        "qualifier": (_enum(Qualifier), False),
        "period": (_name, False),
        "program": (_slug, False),
        **_COMMON,
    }
)
_EVENT_SPEC: _Spec = _with_inferred(
    {
        "id": (_slug, True),
        "date": (_date, True),
        "title": (_text, True),
        "programs": (_list(_slug), False),
        "countries": (_list(_slug), False),
        "agencies": (_list(_slug), False),
        **_COMMON,
    }
)


def _fields(raw: dict[Any, Any], spec: _Spec) -> dict[str, Any]:
    """Check one mapping against a spec; the values for the record's constructor."""
    for key in raw:
        if key not in spec:
            hint = _suggest(key, list(spec)) if isinstance(key, str) else ""
            raise _Bad(f"unknown field {_show(key)}{hint}")
    out: dict[str, Any] = {}
    for name, (check, required) in spec.items():
        value = raw.get(name)
        if value is None:
            if required:
                raise _Bad(f"{name} is required")
            continue
        try:
            out[name] = check(value)
        except _Bad as exc:
            raise _Bad(f"{name} {exc}") from None
    return out


def _roles(value: object) -> tuple[Role, ...]:
    if not isinstance(value, list):
        raise _Bad(f"must be a list of roles, got {_show(value)}")
    roles = []
    for i, raw in enumerate(value):
        if not isinstance(raw, dict):
            raise _Bad(f"item {i + 1} must be a mapping with role and quote, got {_show(raw)}")
        try:
            roles.append(Role(**_fields(raw, _ROLE_SPEC)))
        except _Bad as exc:
            raise _Bad(f"item {i + 1}: {exc}") from None
    return tuple(roles)


_COUNTRY_SPEC: _Spec = _with_inferred(
    {
        "id": (_slug, True),
        "name": (_name, True),
        "aliases": (_list(_name), False),
        "roles": (_roles, False),
        **_COMMON,
    }
)


def _funding(values: dict[str, Any]) -> Funding:
    start, end = values.get("fy_start"), values.get("fy_end")
    if (start is None) != (end is None):
        raise _Bad("fy_start and fy_end go together: give both, or neither when the text names no fiscal year")
    if start is not None and end < start:
        raise _Bad(f"fy_end ({end}) is before fy_start ({start})")
    values.setdefault("fy_start", None)
    values.setdefault("fy_end", None)
    return Funding(**values)


class _Validator:
    def __init__(self, origin: str, lines: Lines) -> None:
        self.origin = origin
        self.lines = lines

    def place(self, raw: object, label: str) -> str:
        line = self.lines.get(id(raw))
        return f"{self.origin}:{line}: {label}" if line else f"{self.origin}: {label}"

    def records(
        self, doc: dict[Any, Any], key: str, build: Callable[[dict[str, Any]], Any], spec: _Spec
    ) -> tuple[Any, ...]:
        raw_list = doc.get(key)
        if raw_list is None:
            return ()
        if not isinstance(raw_list, list):
            raise ValidationError(f"{self.place(doc, key)} must be a list of records, got {_show(raw_list)}")
        out = []
        for index, raw in enumerate(raw_list):
            if not isinstance(raw, dict):
                raise ValidationError(
                    f"{self.place(doc, f'{key}[{index}]')} must be a mapping of fields, got {_show(raw)}"
                )
            try:
                out.append(build(_fields(raw, spec)))
            except _Bad as exc:
                raise ValidationError(f"{self.place(raw, self.label(key, index, raw))}: {exc}") from None
        return tuple(out)

    @staticmethod
    def label(key: str, index: int, raw: dict[Any, Any]) -> str:
        raw_id = raw.get("id")
        named = isinstance(raw_id, str) and _SLUG.match(raw_id)
        return f"{key}[{index}] {raw_id!r}" if named else f"{key}[{index}]"


_TOP_KEYS = ["carsi_schema", "source", "programs", "funding", "agencies", "countries", "statistics", "events"]


def validate(doc: object, origin: str, lines: Lines | None = None) -> FactSheet:
    """The FactSheet in an already-parsed document, or a ValidationError naming the place."""
    validator = _Validator(origin, lines or {})
    if doc is None:
        raise ValidationError(f"{origin}: the file is empty; see the README for the schema")
    if not isinstance(doc, dict):
        raise ValidationError(
            f"{origin}: the top level must be a mapping with carsi_schema, source, programs, ...; got {_show(doc)}"
        )
    unknown = [key for key in doc if key not in _TOP_KEYS]
    if unknown:
        key = unknown[0]
        hint = _suggest(key, _TOP_KEYS) if isinstance(key, str) else ""
        raise ValidationError(f"{validator.place(doc, 'top level')}: unknown key {_show(key)}{hint}")
    schema = doc.get("carsi_schema")
    if schema != SCHEMA_VERSION or isinstance(schema, bool):
        found = "no carsi_schema key" if schema is None else f"carsi_schema {_show(schema)}"
        raise ValidationError(
            f"{origin}: not a carsi data file of schema {SCHEMA_VERSION} ({found}); "
            f"it must start with 'carsi_schema: {SCHEMA_VERSION}'"
        )
    raw_source = doc.get("source")
    if not isinstance(raw_source, dict):
        raise ValidationError(
            f"{origin}: source must be a mapping with id, title, date, publisher and citation, got {_show(raw_source)}"
        )
    try:
        source = Source(**_fields(raw_source, _SOURCE_SPEC))
    except _Bad as exc:
        raise ValidationError(f"{validator.place(raw_source, 'source')}: {exc}") from None

    sheet = FactSheet(
        source=source,
        programs=validator.records(doc, "programs", lambda v: Program(**v), _PROGRAM_SPEC),
        funding=validator.records(doc, "funding", _funding, _FUNDING_SPEC),
        agencies=validator.records(doc, "agencies", lambda v: Agency(**v), _AGENCY_SPEC),
        countries=validator.records(doc, "countries", lambda v: Country(**v), _COUNTRY_SPEC),
        statistics=validator.records(doc, "statistics", lambda v: Statistic(**v), _STATISTIC_SPEC),
        events=validator.records(doc, "events", lambda v: Event(**v), _EVENT_SPEC),
    )
    _check_references(sheet, doc, validator)
    return sheet


def _check_references(sheet: FactSheet, doc: dict[Any, Any], validator: _Validator) -> None:
    collections = ("programs", "funding", "agencies", "countries", "statistics", "events")
    seen: dict[str, tuple[str, int]] = {}
    for key in collections:
        for index, record in enumerate(getattr(sheet, key)):
            if record.id in seen:
                first_key, first_index = seen[record.id]
                first = validator.place(doc[first_key][first_index], f"{first_key}[{first_index}]")
                here = validator.place(doc[key][index], f"{key}[{index}]")
                raise ValidationError(f"{here}: id {record.id!r} is already used by {first}; ids must be unique")
            seen[record.id] = (key, index)

    ids = {
        "program": {p.id for p in sheet.programs},
        "agency": {a.id for a in sheet.agencies},
        "country": {c.id for c in sheet.countries},
        "event": {e.id for e in sheet.events},
    }

    def fail(key: str, index: int, field: str, target: str, kind: str) -> NoReturn:
        raw = doc[key][index]
        label = validator.label(key, index, raw)
        hint = _suggest(target, sorted(ids[kind]))
        raise ValidationError(
            f"{validator.place(raw, label)}: {field} refers to {target!r}, which is not the id of any {kind}{hint}"
        )

    def check(key: str, index: int, field: str, targets: tuple[str, ...] | str | None, kind: str) -> None:
        if targets is None:
            return
        for target in (targets,) if isinstance(targets, str) else targets:
            if target not in ids[kind]:
                fail(key, index, field, target, kind)

    for key in collections:
        for index, record in enumerate(getattr(sheet, key)):
            if record.source != sheet.source.id:
                raw = doc[key][index]
                raise ValidationError(
                    f"{validator.place(raw, validator.label(key, index, raw))}: source refers to {record.source!r}, "
                    f"but the file's source is {sheet.source.id!r}"
                )
    for i, program in enumerate(sheet.programs):
        check("programs", i, "listed_under", program.listed_under, "program")
        check("programs", i, "agencies", program.agencies, "agency")
        check("programs", i, "countries", program.countries, "country")
    for i, funding in enumerate(sheet.funding):
        check("funding", i, "program", funding.program, "program")
    for i, country in enumerate(sheet.countries):
        for role in country.roles:
            check("countries", i, "roles.program", role.program, "program")
            check("countries", i, "roles.event", role.event, "event")
    for i, statistic in enumerate(sheet.statistics):
        check("statistics", i, "program", statistic.program, "program")
    for i, event in enumerate(sheet.events):
        check("events", i, "programs", event.programs, "program")
        check("events", i, "countries", event.countries, "country")
        check("events", i, "agencies", event.agencies, "agency")

    parent = {p.id: p.listed_under for p in sheet.programs}
    for i, program in enumerate(sheet.programs):
        chain, node = [program.id], program.listed_under
        while node is not None:
            if node in chain:
                raw = doc["programs"][i]
                cycle = " -> ".join([*chain[chain.index(node) :], node])
                label = validator.label("programs", i, raw)
                raise ValidationError(f"{validator.place(raw, label)}: listed_under forms a cycle: {cycle}")
            chain.append(node)
            node = parent.get(node)


# ---------------------------------------------------------------------------
# The whole load: file -> FactSheet


def source_text_path(sheet: FactSheet, data_path: Path) -> Path | None:
    """Where the source text named by ``source.text_file`` lies, relative to the data file."""
    if sheet.source.text_file is None:
        return None
    return data_path.parent / sheet.source.text_file


def read_source_text(sheet: FactSheet, data_path: Path) -> str | None:
    """The source text the model's quotes are checked against, if the file names one."""
    path = source_text_path(sheet, data_path)
    return None if path is None else decode(_read_source(path, data_path, max_bytes()), str(path))


def _read_source(path: Path, data_path: Path, limit: int) -> bytes:
    try:
        return read_bytes(path, limit, what="source text")
    except DataFileError as exc:
        raise DataFileError(_source_hint(exc, data_path)) from None


def _source_status(path: Path, data_path: Path, limit: int) -> os.stat_result:
    try:
        return check_file(path, limit, what="source text")
    except DataFileError as exc:
        raise DataFileError(_source_hint(exc, data_path)) from None


def _source_hint(exc: DataFileError, data_path: Path) -> str:
    return f"{exc} (named by source.text_file in {data_path}; copy it beside the data file or remove text_file)"


def load(path: Path | None = None, *, check_quotes: bool = True) -> FactSheet:
    """Read, parse and validate a data file (the bundled model by default).

    With ``check_quotes``, every quote must occur in the source text when the
    file names one; ``carsi verify`` loads without it to list every failure.
    A validated model is cached by content (see ``cache``), so an unchanged
    file is neither parsed nor validated again.
    """
    return load_entry(path, check_quotes=check_quotes)[0]


T = TypeVar("T")


def derived(entry: str, name: str, compute: Callable[[], T], valid: Callable[[Any], bool]) -> T:
    """Data computed from the model cached as ``entry``, kept beside it: read
    back when it is there and ``valid``, else computed (and kept)."""
    from . import cache

    kept = cache.get_extra(entry, name)
    if kept is not None and valid(kept):
        return cast(T, kept)
    value = compute()
    cache.put_extra(entry, name, value)
    return value


def load_entry(path: Path | None = None, *, check_quotes: bool = True) -> tuple[FactSheet, str]:
    """``load``, and the name of the model's cache entry (for ``derived`` data)."""
    from . import cache

    path = path if path is not None else bundled_data_path()
    origin = str(path)
    limit = max_bytes()
    content, data = _content(path, check_file(path, limit), lambda: read_bytes(path, limit))
    parsed: list[FactSheet] = []

    def parse() -> FactSheet:
        """The model from the file itself, not the cache (parsed once)."""
        if not parsed:
            raw = data if data is not None else read_bytes(path, limit)
            doc, lines = parse_yaml(decode(raw, origin), origin)
            parsed.append(validate(doc, origin, lines))
        return parsed[0]

    entry = cache.entry_name(content)
    hit = cache.get(entry, parse)
    if hit is not None:
        sheet, checked_against = hit
    else:
        if data is None:  # known by its status, but its model is not cached: read it now
            data = read_bytes(path, limit)
            entry = cache.entry_name(cache.digest(data))
        sheet, checked_against = parse(), None
    text_digest = checked_against
    text_path = source_text_path(sheet, path) if check_quotes else None
    if text_path is not None:
        status = _source_status(text_path, path, limit)
        text_digest, text = _content(text_path, status, lambda: _read_source(text_path, path, limit))
        if text_digest != checked_against:  # quotes not yet checked against this text
            text = text if text is not None else _read_source(text_path, path, limit)
            _require_quotes(sheet, decode(text, str(text_path)), origin)
    if hit is None or text_digest != checked_against:
        cache.put(entry, sheet, text_digest)
    return sheet, entry


def _content(path: Path, status: os.stat_result, read: Callable[[], bytes]) -> tuple[str, bytes | None]:
    """A file's content digest: remembered for its exact status (then nothing is
    read), or read, hashed and remembered (then its bytes come too)."""
    from . import cache

    known = cache.known_digest(path, status)
    if known is not None:
        return known, None
    data = read()
    content = cache.digest(data)
    cache.remember_digest(path, status, content)
    return content, data


def _require_quotes(sheet: FactSheet, source_text: str, origin: str) -> None:
    from .checks import quote_problems

    problems = quote_problems(sheet, source_text, first_only=True)
    if problems:
        first = problems[0]
        msg = (
            f"{origin}: {first.type} {first.id!r}: {first.field} does not occur in the source text "
            f"{sheet.source.text_file}; run `carsi verify` to list every problem"
        )
        raise ValidationError(msg)
