"""The model as a Frictionless Data Package (v1, tabular): one CSV per table of
``tables`` and a ``datapackage.json`` that gives each field's type, the primary
and foreign keys, the source with its citation, and the licenses.

The CSV files hold the values exactly (UTF-8, no byte order mark, RFC 4180
quoting; lists and mappings as JSON, as the Table Schema types ``array`` and
``object`` read them; an empty cell is null). They are data for tools, so a
cell that a spreadsheet would run as a formula is not altered here: for a
spreadsheet, use a list command's ``--format csv-excel``.
"""

from __future__ import annotations

import csv
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from carsi_cli.model.records import Source
from carsi_cli.onward.tables import Table

DESCRIPTOR = "datapackage.json"
_TITLE = "carsi's model of "  # how each descriptor's title begins: one of the marks of carsi's own
_MAX_DESCRIPTOR = 1024 * 1024  # bytes: carsi's descriptors are a few dozen KB, whatever the model's size

# The bundled model's licenses (see LICENSE): the model is MIT; the quoted text
# is a work of the U.S. Government.
BUNDLED_LICENSES: tuple[dict[str, str], ...] = (
    {
        "name": "MIT",
        "path": "https://opensource.org/licenses/MIT",
        "title": "MIT License: the curated model (its structure, ids, names, classifications and notes)",
    },
    {
        "name": "other-pd",
        "path": "https://www.law.cornell.edu/uscode/text/17/105",
        "title": "U.S. Government Work (public domain): the fact sheet and its quoted passages, a work of the "
        "United States Government, not subject to copyright in the United States (17 U.S.C. § 105)",
    },
)


def _package_name(source: Source) -> str:
    """A data package name: lower-case letters, digits, '-', '_' and '.'."""
    return re.sub(r"[^a-z0-9._-]+", "-", f"carsi-{source.id}".lower()).strip("-")


def title(source: Source) -> str:
    """What carsi calls its model of ``source``, in every export that names it."""
    return f"{_TITLE}“{source.title}” ({source.publisher}, {source.date})"


def _schema(table: Table) -> dict[str, Any]:
    fields = []
    for field in table.fields:
        entry: dict[str, Any] = {"name": field.name, "type": field.type, "description": field.description}
        constraints: dict[str, Any] = {}
        if field.required:
            constraints["required"] = True
        if field.enum:
            constraints["enum"] = list(field.enum)
        if constraints:
            entry["constraints"] = constraints
        fields.append(entry)
    foreign_keys = [
        {
            "fields": [field.name],
            # "" is the Data Package v1 way of naming the resource itself
            "reference": {"resource": "" if field.references == table.name else field.references, "fields": ["id"]},
        }
        for field in table.fields
        if field.references
    ]
    schema: dict[str, Any] = {"fields": fields, "primaryKey": list(table.primary_key), "missingValues": [""]}
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


def descriptor(tables: tuple[Table, ...], source: Source, licenses: tuple[dict[str, str], ...]) -> dict[str, Any]:
    """The datapackage.json of the tables."""
    cited: dict[str, Any] = {"title": source.title, "citation": source.citation}
    if source.url:
        cited["path"] = source.url
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": _package_name(source),
        "title": title(source),
        "description": (
            "Every record of the model, each with the verbatim passage of the source that supports it (quote). "
            f"Cite the source as: {source.citation}"
        ),
        "sources": [cited],
    }
    if licenses:
        package["licenses"] = list(licenses)
    package["resources"] = [
        {
            "name": table.name,
            "path": f"{table.name}.csv",
            "title": table.title,
            "description": table.description,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": _schema(table),
        }
        for table in tables
    ]
    return package


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def write(tables: tuple[Table, ...], source: Source, folder: Path, licenses: tuple[dict[str, str], ...]) -> None:
    """Write the data package into ``folder`` (which exists and is empty)."""
    for table in tables:
        with (folder / f"{table.name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow([field.name for field in table.fields])
            writer.writerows([_cell(value) for value in row] for row in table.rows)
    text = json.dumps(descriptor(tables, source, licenses), ensure_ascii=False, indent=2) + "\n"
    (folder / DESCRIPTOR).write_text(text, encoding="utf-8")


def replaceable(folder: Path, tables: tuple[Table, ...]) -> bool:
    """Whether --force may replace ``folder``: it is empty, or it holds only a
    data package carsi wrote, that is its descriptor (carsi's: see ``_own``)
    and CSV files of the names this export writes, each a regular file; nothing
    else (no other file, folder or link)."""
    names = {DESCRIPTOR} | {f"{table.name}.csv" for table in tables}
    with os.scandir(folder) as entries:
        found = [(entry.name, entry.is_file(follow_symlinks=False)) for entry in entries]
    if not found:
        return True
    if not all(name in names and regular for name, regular in found):
        return False
    return any(name == DESCRIPTOR for name, _ in found) and _own(folder / DESCRIPTOR, names)


def _own(path: Path, names: set[str]) -> bool:
    """Whether ``path`` is a descriptor carsi wrote: a regular file of bounded
    size, the JSON of a tabular data package named and titled as carsi names
    and titles its own, whose resources are CSV files of this export's names."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_DESCRIPTOR:
            return False
        with os.fdopen(fd, "rb", closefd=False) as handle:
            package = json.loads(handle.read(_MAX_DESCRIPTOR + 1))
    except (OSError, ValueError):
        return False
    finally:
        os.close(fd)
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        return False
    return (
        package.get("profile") == "tabular-data-package"
        and str(package.get("name", "")).startswith("carsi-")
        and str(package.get("title", "")).startswith(_TITLE)
        and all(isinstance(r, dict) and r.get("path") in names - {DESCRIPTOR} for r in package["resources"])
    )
