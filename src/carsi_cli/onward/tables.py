"""The model as related tables, pure: what the SQLite and data package exports
both write.

One table per collection, keyed by ``id``, with the model's own field names
and the JSON values of ``plain.to_data`` (lists of names and quotes as JSON
arrays, ``inferred`` and ``translations`` as JSON objects); a ``sources`` table
for the document every record cites. A field that refers to one record
(``funding.program``) is a foreign key; a list of references (a program's
agencies, countries and organizations, an event's programs, countries and
agencies) is a join table with a ``position``, and a country's roles are a
table of their own.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Sequence
from enum import Enum
from types import UnionType
from typing import Any, Literal, NamedTuple

from carsi_cli.model.records import COLLECTIONS, FactSheet, Funding, Program, RecordType, Role, Source
from carsi_cli.onward import descriptions
from carsi_cli.query.funding import Reading, caveats, is_lower_bound, reading
from carsi_cli.views.plain import to_data

FieldType = Literal["string", "integer", "number", "array", "object"]


class Field(NamedTuple):
    name: str
    type: FieldType
    required: bool = False
    references: str | None = None
    """The table whose ``id`` this field holds."""
    enum: tuple[str, ...] = ()
    """The values the field may take, when it is a vocabulary."""
    description: str = ""
    """What the column holds, in plain English (``descriptions.column``)."""


class Table(NamedTuple):
    name: str
    title: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    """Values in the order of ``fields``: str, int, float, list, dict or None."""
    search: tuple[str, ...] = ()
    """Fields of the full-text index over names, Spanish names, search terms and quotes."""
    description: str = ""
    """What the table holds, in plain English (``descriptions.table``)."""


# Fields that refer to one record, by collection key: field -> the table referred to.
_REFERENCES = {
    "programs": {"listed_under": "programs"},
    "funding": {"program": "programs"},
    "agencies": {"part_of": "agencies"},
    "statistics": {"program": "programs", "listed_under": "programs"},
}
# Lists of references, which become join tables: (collection, field) -> (table, column, referred table).
_LINKS = {
    ("programs", "agencies"): ("program_agencies", "agency_id", "agencies"),
    ("programs", "countries"): ("program_countries", "country_id", "countries"),
    ("programs", "participants"): ("program_participants", "country_id", "countries"),
    ("programs", "organizations"): ("program_organizations", "organization_id", "organizations"),
    ("events", "programs"): ("event_programs", "program_id", "programs"),
    ("events", "countries"): ("event_countries", "country_id", "countries"),
    ("events", "agencies"): ("event_agencies", "agency_id", "agencies"),
}
_OWNER = {"programs": "program_id", "events": "event_id", "countries": "country_id"}
# The full-text index's fields: what ``carsi search`` finds a record by (its JSON lists and mappings as
# written: a translation's language code, "es", is indexed with its names).
_SEARCHED = (
    "name",
    "title",
    "purpose",
    "aliases",
    "translations",
    "search_terms",
    "description",
    "phrase",
    "quote",
    "other_quotes",
)
_TITLES = {
    "sources": "The source document every record cites",
    "programs": "Programs, initiatives, operations, strategies and coalitions",
    "funding": "Funding figures, exactly as the fact sheet qualifies and spans them",
    "agencies": "U.S. agencies named in the fact sheet",
    "countries": "Countries named in the fact sheet",
    "organizations": "Organizations that are neither countries nor U.S. agencies",
    "statistics": "The fact sheet's other figures: counts and percentages",
    "events": "Dated events",
    "country_roles": "Each role a country plays in the fact sheet, with its quote",
}


# Columns of carsi's own beside each funding figure, so that a SUM in SQL,
# pandas or csvkit can tell which rows add up (see ``query.funding.Reading``).
_FIGURE_FIELDS = (
    Field("reading", "string", True, enum=tuple(r.value for r in Reading)),
    Field("lower_bound", "integer", True),
    # Not `notes`: the funding command's notes depend on the years asked; these are the figure's own.
    Field("caveats", "string"),  # empty (null) when a figure needs none
)


def _figure_columns(figure: Funding, program: Program | None) -> dict[str, Any]:
    """A figure's ``_FIGURE_FIELDS``: how it adds up, 1 if it is a floor, its caveats as sentences (or None)."""
    return {
        "reading": reading(figure).value,
        "lower_bound": int(is_lower_bound(figure)),
        "caveats": " ".join(caveats(figure, program)) or None,
    }


def _field_type(hint: Any) -> tuple[FieldType, bool, tuple[str, ...]]:
    """A record field's table type, whether it may be null, and its vocabulary."""
    members = set(typing.get_args(hint)) if isinstance(hint, UnionType) else {hint}
    optional = type(None) in members
    members.discard(type(None))
    if members == {int, float}:
        return "number", optional, ()
    (kind,) = members
    origin = typing.get_origin(kind) or kind
    if isinstance(origin, type) and issubclass(origin, Enum):
        return "string", optional, tuple(member.value for member in origin)
    if origin is int:
        return "integer", optional, ()
    if origin is tuple:
        return "array", optional, ()
    if origin is str:
        return "string", optional, ()
    return "object", optional, ()  # inferred, translations: mappings


def _fields(cls: Any, references: dict[str, str], skip: Iterable[str] = ()) -> tuple[Field, ...]:
    hints = typing.get_type_hints(cls)
    out = []
    for name in cls._fields:
        if name in skip:
            continue
        kind, optional, enum = _field_type(hints[name])
        required = name not in cls._field_defaults and not optional
        out.append(Field(name, kind, required, references.get(name), enum))
    return tuple(out)


def _row(data: dict[str, Any], fields: Sequence[Field]) -> tuple[Any, ...]:
    return tuple(data.get(field.name) for field in fields)


def _described(table: Table, owner: str = "", target: str = "") -> Table:
    """The table with its description and each of its fields' (see ``descriptions``)."""
    fields = tuple(field._replace(description=descriptions.column(table.name, field.name)) for field in table.fields)
    return table._replace(fields=fields, description=descriptions.table(table.name, owner, target))


def tables(sheet: FactSheet) -> tuple[Table, ...]:
    """The model as tables, parents before the tables that refer to them, each
    table and field described."""
    return tuple(_described(table, *_join_names(table)) for table in _tables(sheet))


def _join_names(table: Table) -> tuple[str, str]:
    """A join table's owner collection and the table it refers to; ("", "") for any other table."""
    for (owner, _), (name, _, target) in _LINKS.items():
        if name == table.name:
            return owner, target
    return "", ""


def _tables(sheet: FactSheet) -> tuple[Table, ...]:
    source_fields = _fields(Source, {})
    out = [Table("sources", _TITLES["sources"], source_fields, ("id",), (_row(to_data(sheet.source), source_fields),))]
    joins: list[Table] = []
    for collection in COLLECTIONS:
        key = collection.key
        links = [field for (owner, field) in _LINKS if owner == key]
        skip = [*links, "roles"] if collection.rtype is RecordType.COUNTRY else links
        references = {**_REFERENCES.get(key, {}), "source": "sources"}
        fields = _fields(collection.record, references, skip)
        records = sheet.records(collection.rtype)
        data = [to_data(record) for record in records]
        if collection.rtype is RecordType.FUNDING:
            fields += _FIGURE_FIELDS
            programs = {p.id: p for p in sheet.programs}
            data = [
                {**d, **_figure_columns(figure, programs.get(figure.program))}
                for d, figure in zip(data, sheet.funding, strict=True)
            ]
        search = tuple(f.name for f in fields if f.name in _SEARCHED)
        out.append(Table(key, _TITLES[key], fields, ("id",), tuple(_row(d, fields) for d in data), search))
        for field in links:
            table, column, target = _LINKS[key, field]
            owner = _OWNER[key]
            join_fields = (
                Field(owner, "string", True, key),
                Field("position", "integer", True),
                Field(column, "string", True, target),
            )
            rows = tuple((d["id"], i, ref) for d in data for i, ref in enumerate(d[field]))
            title = f"The {target} each of the {key} names, in the order it names them"
            joins.append(Table(table, title, join_fields, (owner, "position"), rows))
        if collection.rtype is RecordType.COUNTRY:
            role_fields = (
                Field("country_id", "string", True, "countries"),
                Field("position", "integer", True),
                *_fields(Role, {"program": "programs", "event": "events"}),
            )
            rows = tuple(
                (d["id"], i, *_row(role, role_fields[2:])) for d in data for i, role in enumerate(d.get("roles", ()))
            )
            joins.append(
                Table("country_roles", _TITLES["country_roles"], role_fields, ("country_id", "position"), rows)
            )
    return (*out, *joins)
