"""The model as a SQLite database that Datasette and sqlite-utils open as it is.

One table per collection (``tables``), with primary and foreign keys; join
tables for lists of references; and for each collection an FTS5 index,
``{table}_fts``, over its names and quotes, declared with ``content=[table]``
as sqlite-utils writes it, so that both tools find it and search with it.
Lists and mappings are JSON text, which both tools show as JSON.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from carsi_cli.onward.tables import Field, Table

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


# What SQLite answers when the file cannot be written (primary result codes).
_CANNOT_WRITE = frozenset(
    {sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM}
)


def write(tables: tuple[Table, ...], path: Path) -> None:
    """Write the tables to a new SQLite database at ``path``: keys checked
    when the one transaction commits, search indexes built. A file that
    cannot be written (a full disk) is an OSError, as for any other file."""
    try:
        _write(tables, path)
    except sqlite3.Error as exc:
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF not in _CANNOT_WRITE:
            raise  # a mistake in carsi's SQL or keys: a bug
        raise OSError(str(exc)) from None


def _write(tables: tuple[Table, ...], path: Path) -> None:
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
        connection.execute("COMMIT")
    finally:
        connection.close()
