"""The full-text index of a model: SQLite FTS5, from the standard library.

One row per record, its text in four columns weighted for ranking (names,
search terms, what the record says in the model's words, the quotes), with
Porter stemming and case and accent folding (``porter unicode61
remove_diacritics 2``). Beside it, plain tables: each record's id (to check the
index against the model it is used with), its names and search terms whole (a
query that is a record's name), its figures (amounts, statistics' values), the
fiscal years of funding, the dates of events (ISO: "2011-03-21", "2011-03"),
the programs each record belongs to, and the words of each type of record, as
written (``vocabulary``: for misspellings and "did you mean").

The index is built from a model in one pass and kept, serialized as bytes,
with the cached model (see ``load.kept``): a repeated search reads it back
instead of building it again. Pure but for SQLite's in-memory database;
``sqlite3`` is imported only here, only when a search runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from carsi_cli.model.records import (
    Country,
    Event,
    FactSheet,
    Funding,
    Organization,
    Program,
    Record,
    RecordType,
    Statistic,
    names,
)
from carsi_cli.model.text import fold, name_key
from carsi_cli.query.vocabulary import SHORTEST

if TYPE_CHECKING:
    import sqlite3

TOKENIZER = "porter unicode61 remove_diacritics 2"
# The indexed columns and their weights in bm25(): a word in a name counts most.
COLUMNS = ("names", "terms", "about", "quotes")
WEIGHTS = (10.0, 6.0, 3.0, 1.0)
# Which column each searchable field goes to.
_COLUMN_OF = {
    "id": 2,
    "name": 0,
    "aliases": 0,
    "translations": 0,
    "search_terms": 1,
    "description": 2,
    "purpose": 2,
    "title": 2,
    "phrase": 0,  # a statistic is called by its figure: "28 HIDTAs"
    "period": 2,
    "role": 2,
    "date": 2,
    "quote": 3,
    "other_quotes": 3,
    "roles.quote": 3,
}
# The fields whose whole text a query may be: what a record is called, and its search terms
# (and its id, keyed apart).
_KEYED = {"name": "name", "aliases": "name", "translations": "name", "search_terms": "term"}
TYPES = tuple(RecordType)
_SHIFT = 32  # a row id is the type's place in RecordType, shifted, plus the record's place in its collection
_MAGIC = b"SQLite format 3\x00"


def rowid(rtype: RecordType, position: int) -> int:
    return TYPES.index(rtype) << _SHIFT | position


def record_type(row: int) -> RecordType:
    return TYPES[row >> _SHIFT]


def position(row: int) -> int:
    return row & ((1 << _SHIFT) - 1)


def type_range(rtype: RecordType) -> tuple[int, int]:
    """The row ids of one collection: [low, high)."""
    low = TYPES.index(rtype) << _SHIFT
    return low, low + (1 << _SHIFT)


def searchable_fields(record: Record) -> Iterator[tuple[str, str]]:
    """Every field of a record that search looks in, by name, with its text."""
    yield "id", record.id
    if isinstance(record, Funding):
        yield "purpose", record.purpose
    elif isinstance(record, Event):
        yield "title", record.title
        yield "date", record.date
    else:
        yield "name", record.name
    for alias in getattr(record, "aliases", ()):
        yield "aliases", alias
    for translated in getattr(record, "translations", {}).values():
        for name in translated:
            yield "translations", name
    if isinstance(record, Program | Organization):
        yield "description", record.description
    if isinstance(record, Statistic):
        yield "phrase", record.phrase
        if record.period:
            yield "period", record.period
    if isinstance(record, Country):
        for role in record.roles:
            yield "role", role.role
    for term in record.search_terms:
        yield "search_terms", term
    yield "quote", record.quote
    for quote in record.other_quotes:
        yield "other_quotes", quote
    if isinstance(record, Country):
        for role in record.roles:
            yield "roles.quote", role.quote


def columns(record: Record) -> tuple[tuple[str, ...], list[tuple[str, str]]]:
    """A record's text in the index's columns (values apart on lines), and its
    names and search terms whole, as ``name_key`` folds them, with their kind."""
    parts: tuple[list[str], ...] = ([], [], [], [])
    keys = [(record.id.replace("-", " "), "id")]  # an id is a slug: its key is its words
    for field, value in searchable_fields(record):
        if field == "id":
            parts[_COLUMN_OF[field]].append(value.replace("-", " "))
            continue
        parts[_COLUMN_OF[field]].append(value)
        kind = _KEYED.get(field)
        if kind is not None:
            keys.append((name_key(value), kind))
    return tuple("\n".join(part) for part in parts), keys


def _programs_of(sheet: FactSheet) -> Iterator[tuple[RecordType, int, str]]:
    """(type, position, program id) for every record that belongs to a program:
    the agencies, countries and organizations a program names (a country also
    through its roles, as ``query.in_country`` has it), its funding, the
    statistics about it, and its events."""
    named = (
        (RecordType.AGENCY, "agencies", {a.id: j for j, a in enumerate(sheet.agencies)}),
        (RecordType.COUNTRY, "countries", {c.id: j for j, c in enumerate(sheet.countries)}),
        (RecordType.COUNTRY, "participants", {c.id: j for j, c in enumerate(sheet.countries)}),
        (RecordType.ORGANIZATION, "organizations", {o.id: j for j, o in enumerate(sheet.organizations)}),
    )
    for program in sheet.programs:
        for rtype, field, places in named:
            for linked in getattr(program, field):
                if linked in places:
                    yield rtype, places[linked], program.id
    for j, country in enumerate(sheet.countries):
        for role in country.roles:
            if role.program:
                yield RecordType.COUNTRY, j, role.program
    for j, funding in enumerate(sheet.funding):
        yield RecordType.FUNDING, j, funding.program
    for j, statistic in enumerate(sheet.statistics):
        if statistic.program:
            yield RecordType.STATISTIC, j, statistic.program
    for j, event in enumerate(sheet.events):
        for program_id in event.programs:
            yield RecordType.EVENT, j, program_id


@cache
def _word() -> re.Pattern[str]:
    return re.compile(r"\w[\w'’.-]*\w|\w")


@cache
def _letters() -> re.Pattern[str]:
    return re.compile(r"[^\W\d_]+")


def record_words(record: Record, texts: Iterable[str]) -> Iterator[tuple[str, str, bool]]:
    """The vocabulary's rows (``vocabulary``), here as the index's other contents are,
    so that the kept index is built anew when this changes: (folded, as written,
    named) for a record: its names and search terms whole
    and their words, then every word of 4+ letters of ``texts``."""
    known = [*names(record), *record.search_terms]
    for translated in getattr(record, "translations", {}).values():
        known += translated
    for name in known:
        yield fold(name), name, True
        for word in _word().findall(name):
            if len(word) >= SHORTEST:
                yield fold(word), word, True
    for text in texts:
        for word in _letters().findall(text):
            if len(word) >= SHORTEST:
                yield fold(word), word, False


@cache
def _compound() -> re.Pattern[str]:
    return re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")


def compound_parts(texts: Iterable[str]) -> list[tuple[str, str]]:
    """(part, the compound's other parts) for each part of a hyphenated compound
    ("high-risk") that the texts never write as a word of its own: a query word
    that a record holds only so counts less, unless the query writes the rest
    of the compound too ("at risk" for "at-risk")."""
    found: list[tuple[str, str]] = []
    alone: set[str] = set()
    for text in texts:
        folded = fold(text)
        compounds = _compound().findall(folded)
        alone.update(_letters().findall(_compound().sub(" ", folded)))
        for compound in compounds:
            words = compound.split("-")
            found += [(word, " ".join(w for w in words if w != word)) for word in words]
    return sorted({(part, others) for part, others in found if part not in alone})


_SCHEMA = f"""
create virtual table idx using fts5({", ".join(COLUMNS)}, content='', tokenize='{TOKENIZER}');
create table ids(row integer primary key, id text not null);
create table keys(key text, row integer, kind text, primary key (key, row, kind)) without rowid;
create table figures(row integer not null, value real not null, unit text not null);
create table years(row integer primary key, fy_start integer not null, fy_end integer not null);
create table links(program integer, row integer, primary key (program, row)) without rowid;
create table dates(row integer primary key, date text not null);
create virtual table parts using fts5(part, others unindexed, row unindexed, tokenize='{TOKENIZER}');
create table words(key text not null, written text not null, named integer not null, type integer not null,
  primary key (type, key, named)) without rowid;
"""


def build(sheet: FactSheet) -> bytes:
    """The index of a model, serialized: what ``open_index`` reads back."""
    import sqlite3

    db = sqlite3.connect(":memory:")
    db.executescript(_SCHEMA)
    rows: list[tuple[Any, ...]] = []
    ids: list[tuple[int, str]] = []
    keys: set[tuple[str, int, str]] = set()
    program_rows: dict[str, int] = {}
    words: dict[tuple[int, str, bool], str] = {}
    parts: list[tuple[str, str, int]] = []
    for rtype in TYPES:
        base = rowid(rtype, 0)
        for i, record in enumerate(sheet.records(rtype)):
            row = base + i
            text, named = columns(record)
            rows.append((row, *text))
            ids.append((row, record.id))
            keys.update((key, row, kind) for key, kind in named)
            if isinstance(record, Program):
                program_rows.setdefault(record.id, row)
            kind = TYPES.index(rtype)
            texts = [value for field, value in searchable_fields(record) if field != "id"]
            for key, written, in_name in record_words(record, texts):
                words.setdefault((kind, key, in_name), written)
            parts += [(part, others, row) for part, others in compound_parts(texts)]
    db.executemany(f"insert into idx(rowid, {', '.join(COLUMNS)}) values (?, ?, ?, ?, ?)", rows)
    db.executemany("insert into ids values (?, ?)", ids)
    db.executemany("insert into parts values (?, ?, ?)", parts)
    db.executemany(
        "insert into dates values (?, ?)", [(rowid(RecordType.EVENT, i), e.date) for i, e in enumerate(sheet.events)]
    )
    db.executemany("insert into words values (?, ?, ?, ?)", [(k, w, n, t) for (t, k, n), w in words.items()])
    db.executemany("insert into keys values (?, ?, ?)", sorted(keys))
    figures: list[tuple[int, float, str]] = [
        (rowid(RecordType.FUNDING, i), f.amount_usd, "usd") for i, f in enumerate(sheet.funding)
    ]
    figures += [(rowid(RecordType.STATISTIC, i), s.value, s.unit.value) for i, s in enumerate(sheet.statistics)]
    db.executemany("insert into figures values (?, ?, ?)", figures)
    db.executemany(
        "insert into years values (?, ?, ?)",
        [
            (rowid(RecordType.FUNDING, i), f.fy_start, f.fy_end)
            for i, f in enumerate(sheet.funding)
            if f.fy_start is not None and f.fy_end is not None
        ],
    )
    links = {
        (program_rows[program_id], rowid(rtype, j))
        for rtype, j, program_id in _programs_of(sheet)
        if program_id in program_rows
    }
    db.executemany("insert into links values (?, ?)", sorted(links))
    db.execute("insert into idx(idx) values ('optimize')")  # one segment: faster queries
    db.commit()
    db.execute("vacuum")  # without the pages optimize freed: a smaller file to keep and read back
    data = db.serialize()
    db.close()
    return data


def valid(data: object) -> bool:
    """Whether kept data looks like a serialized index (``open_index`` checks the rest)."""
    return isinstance(data, bytes) and data.startswith(_MAGIC)


def open_index(data: bytes) -> sqlite3.Connection:
    """An in-memory database holding a serialized index; sqlite3.DatabaseError if it is not one."""
    import sqlite3

    if not valid(data):
        raise sqlite3.DatabaseError("not a serialized index")
    db = sqlite3.connect(":memory:")
    db.deserialize(data)
    db.execute("select id from ids limit 1").fetchall()
    return db
