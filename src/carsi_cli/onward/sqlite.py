"""The model as a SQLite database that Datasette and sqlite-utils open as it is.

One table per collection (``tables``), with primary and foreign keys; join
tables for lists of references; and for each collection an FTS5 index,
``{table}_fts``, over its names, Spanish names, search terms and quotes, declared with ``content=[table]``
as sqlite-utils writes it, so that both tools find it and search with it.
Lists and mappings are JSON text, which both tools show as JSON.

Datasette's metadata (title, license, source, each table's and column's
description) is held in the database itself, as the one row of ``_metadata``,
rather than in a second file beside it: the export stays one file, written
whole or not at all and replaced only with --force, and the metadata cannot be
separated from the database it describes. Datasette 0.65 reads metadata only
from a file given with ``-m``, so it is taken out first:
``sqlite3 FILE "select json from _metadata" > metadata.json``.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from carsi_cli.model.records import Source
from carsi_cli.onward.tables import Field, Table

METADATA_TABLE = "_metadata"

_SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "NUMERIC", "array": "TEXT", "object": "TEXT"}
# Porter stemming over Unicode words, accents folded: "Panama" finds "Panamá", "programs" finds "program".
TOKENIZE = "porter unicode61 remove_diacritics 2"


def _name(identifier: str) -> str:
    return "[" + identifier.replace("]", "") + "]"


def _column(field: Field) -> str:
    return f"{_name(field.name)} {_SQL_TYPES[field.type]}" + (" NOT NULL" if field.required else "")


def create_table_sql(table: Table) -> str:
    """The CREATE TABLE statement of one table, with its keys."""
    lines = [_column(field) for field in table.fields]
    lines.append(f"PRIMARY KEY ({', '.join(_name(k) for k in table.primary_key)})")
    for field in table.fields:
        if field.references:
            lines.append(f"FOREIGN KEY ({_name(field.name)}) REFERENCES {_name(field.references)}([id])")
    body = ",\n  ".join(lines)
    return f"CREATE TABLE {_name(table.name)} (\n  {body}\n)"


def _value(value: Any) -> Any:
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def datasette_metadata(
    tables: tuple[Table, ...], source: Source, licenses: tuple[dict[str, str], ...], database: str
) -> dict[str, Any]:
    """Datasette's metadata of the database (named ``database``, as Datasette
    names a file: its name without the extension): title, license, source, and
    each table's title, description and column descriptions."""
    from carsi_cli.onward.datapackage import title

    metadata: dict[str, Any] = {
        "title": title(source),
        "description": f"Every record with the verbatim passage that supports it (quote). Cite as: {source.citation}",
        "source": f"{source.publisher}: {source.title}",
    }
    if source.url:
        metadata["source_url"] = source.url
    if licenses:
        # Datasette has one license: each named by its title's first clause, linked to the text's (public domain).
        metadata["license"] = "; ".join(item["title"].split(":")[0] for item in licenses)
        public = [item for item in licenses if item.get("name") == "other-pd"] or list(licenses)
        metadata["license_url"] = public[0]["path"]
    described: dict[str, dict[str, Any]] = {
        table.name: {
            "title": table.title,
            "description": table.description,
            "columns": {field.name: field.description for field in table.fields},
        }
        for table in tables
    }
    described[METADATA_TABLE] = {"hidden": True}
    metadata["databases"] = {database: {"tables": described}}
    return metadata


# What SQLite answers when the file cannot be written (primary result codes).
_CANNOT_WRITE = frozenset(
    {sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM}
)


def write(tables: tuple[Table, ...], path: Path, metadata: dict[str, Any] | None = None) -> None:
    """Write the tables to a new SQLite database at ``path``: keys checked
    when the one transaction commits, search indexes built, and ``metadata``
    (Datasette's) in ``_metadata``. A file that cannot be written (a full disk)
    is an OSError, as for any other file."""
    try:
        _write(tables, path, metadata)
    except sqlite3.Error as exc:
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF not in _CANNOT_WRITE:
            raise  # a mistake in carsi's SQL or keys: a bug
        raise OSError(str(exc)) from None


def _write(tables: tuple[Table, ...], path: Path, metadata: dict[str, Any] | None) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        # The rollback journal in memory: the file is a fresh temporary, discarded whole
        # if the export fails, and a journal on disk would be left beside it by a signal.
        connection.execute("PRAGMA journal_mode = MEMORY")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("BEGIN")
        connection.execute("PRAGMA defer_foreign_keys = ON")  # a program may be listed under a later one
        for table in tables:
            connection.execute(create_table_sql(table))
            marks = ", ".join("?" for _ in table.fields)
            connection.executemany(
                f"INSERT INTO {_name(table.name)} VALUES ({marks})",
                ([_value(v) for v in row] for row in table.rows),
            )
            if table.search:
                fts = _name(f"{table.name}_fts")
                columns = ", ".join(_name(f) for f in table.search)
                connection.execute(
                    f"CREATE VIRTUAL TABLE {fts} USING FTS5 ({columns}, content={_name(table.name)}, "
                    f"tokenize='{TOKENIZE}')"
                )
                connection.execute(f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')")
        if metadata is not None:
            connection.execute(f"CREATE TABLE {_name(METADATA_TABLE)} ([json] TEXT NOT NULL)")
            text = json.dumps(metadata, ensure_ascii=False, indent=2)
            connection.execute(f"INSERT INTO {_name(METADATA_TABLE)} VALUES (?)", (text,))
        connection.execute("COMMIT")
    finally:
        connection.close()
