"""YAML text to plain Python data, from PyYAML's safe event parser.

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

Every problem is a ``DataFileError`` naming the file, line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from carsi_cli.errors import DataFileError

MAX_DEPTH = 32  # the schema needs 6 levels; anything deeper is not a carsi file

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
