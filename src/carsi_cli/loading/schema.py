"""Validation, pure: an already-parsed mapping in, a FactSheet or a ValidationError out.

Messages name the file, the line (when the parser recorded it), the record
and the field: "data.yaml:41: funding[3] 'carsi-fy2012': amount_usd must be a
whole number of dollars, got 'lots'".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from carsi_cli.errors import ValidationError
from carsi_cli.loading import values as v
from carsi_cli.model.records import (
    COLLECTIONS,
    STATED_FIELDS,
    Agency,
    AgencyKind,
    Basis,
    Country,
    Event,
    FactSheet,
    Funding,
    FundingKind,
    Organization,
    OrganizationKind,
    Part,
    Program,
    ProgramKind,
    Qualifier,
    RecordType,
    Role,
    Source,
    Stated,
    Statistic,
    Unit,
)

SCHEMA_VERSION = 1

# Lines of mappings: id(mapping) -> 1-based line where it starts.
Lines = Mapping[int, int]

_COMMON: v.Spec = {
    "quote": (v.text, True),
    "source": (v.slug, True),
    "other_quotes": (v.list_of(v.text), False),
    "inferred": (v.inferred_shape, False),
    "search_terms": (v.list_of(v.name), False),
}
_SOURCE_SPEC: v.Spec = {
    "id": (v.slug, True),
    "title": (v.name, True),
    "date": (v.iso_date, True),
    "publisher": (v.name, True),
    "citation": (v.text, True),
    "url": (v.url, False),
    "text_url": (v.url, False),
    "text_file": (v.relative_file, False),
    "place": (v.name, False),
    "accessed": (v.day, False),
}
_STATED_SPEC: v.Spec = {"words": (v.text, True), "quote": (v.text, True)}


def _stated(value: object) -> Stated:
    if not isinstance(value, dict):
        raise v.Bad(f"must be a mapping with words and quote, got {v.show(value)}")
    return Stated(**v.checked(value, _STATED_SPEC))


_PROGRAM_SPEC: v.Spec = v.with_inferred(
    {
        "id": (v.slug, True),
        "name": (v.name, True),
        "kind": (v.one_of(ProgramKind), True),
        "description": (v.text, True),
        "aliases": (v.list_of(v.name), False),
        "translations": (v.translations, False),
        "listed_under": (v.slug, False),
        "agencies": (v.list_of(v.slug), False),
        "countries": (v.list_of(v.slug), False),
        "participants": (v.list_of(v.slug), False),
        "organizations": (v.list_of(v.slug), False),
        **{field: (_stated, False) for field in STATED_FIELDS},
        **_COMMON,
    }
)
_FUNDING_SPEC: v.Spec = v.with_inferred(
    {
        "id": (v.slug, True),
        "program": (v.slug, True),
        "amount_usd": (v.amount, True),
        "qualifier": (v.one_of(Qualifier), True),
        "fy_start": (v.fiscal_year, False),
        "fy_end": (v.fiscal_year, False),
        "basis": (v.one_of(Basis), True),
        "kind": (v.one_of(FundingKind), True),
        "purpose": (v.text, True),
        "as_of": (v.day, False),
        **_COMMON,
    }
)
_AGENCY_SPEC: v.Spec = v.with_inferred(
    {
        "id": (v.slug, True),
        "name": (v.name, True),
        "kind": (v.one_of(AgencyKind), True),
        "aliases": (v.list_of(v.name), False),
        "part_of": (v.slug, False),
        "translations": (v.translations, False),
        **_COMMON,
    }
)
_ORGANIZATION_SPEC: v.Spec = v.with_inferred(
    {
        "id": (v.slug, True),
        "name": (v.name, True),
        "kind": (v.one_of(OrganizationKind), True),
        "description": (v.text, True),
        "aliases": (v.list_of(v.name), False),
        "translations": (v.translations, False),
        **_COMMON,
    }
)
_ROLE_SPEC: v.Spec = {
    "role": (v.text, True),
    "quote": (v.text, True),
    "program": (v.slug, False),
    "event": (v.slug, False),
    "part": (v.one_of(Part), False),
}
_STATISTIC_SPEC: v.Spec = v.with_inferred(
    {
        "id": (v.slug, True),
        "name": (v.name, True),
        "value": (v.number, True),
        "unit": (v.one_of(Unit), True),
        "phrase": (v.name, True),
        "qualifier": (v.one_of(Qualifier), False),
        "period": (v.name, False),
        "program": (v.slug, False),
        "listed_under": (v.slug, False),
        **_COMMON,
    }
)
_EVENT_SPEC: v.Spec = v.with_inferred(
    {
        "id": (v.slug, True),
        "date": (v.iso_date, True),
        "title": (v.text, True),
        "programs": (v.list_of(v.slug), False),
        "countries": (v.list_of(v.slug), False),
        "agencies": (v.list_of(v.slug), False),
        **_COMMON,
    }
)


def _roles(value: object) -> tuple[Role, ...]:
    if not isinstance(value, list):
        raise v.Bad(f"must be a list of roles, got {v.show(value)}")
    roles = []
    for i, raw in enumerate(value):
        if not isinstance(raw, dict):
            raise v.Bad(f"item {i + 1} must be a mapping with role and quote, got {v.show(raw)}")
        try:
            roles.append(Role(**v.checked(raw, _ROLE_SPEC)))
        except v.Bad as exc:
            raise v.Bad(f"item {i + 1}: {exc}") from None
    return tuple(roles)


_COUNTRY_SPEC: v.Spec = v.with_inferred(
    {
        "id": (v.slug, True),
        "name": (v.name, True),
        "aliases": (v.list_of(v.name), False),
        "translations": (v.translations, False),
        "roles": (_roles, False),
        **_COMMON,
    }
)


def _funding(values: dict[str, Any]) -> Funding:
    start, end = values.get("fy_start"), values.get("fy_end")
    if (start is None) != (end is None):
        raise v.Bad("fy_start and fy_end go together: give both, or neither when the v.text names no fiscal year")
    if start is not None and end < start:
        raise v.Bad(f"fy_end ({end}) is before fy_start ({start})")
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
        self, doc: dict[Any, Any], key: str, build: Callable[[dict[str, Any]], Any], spec: v.Spec
    ) -> tuple[Any, ...]:
        raw_list = doc.get(key)
        if raw_list is None:
            return ()
        if not isinstance(raw_list, list):
            raise ValidationError(f"{self.place(doc, key)} must be a list of records, got {v.show(raw_list)}")
        out = []
        for index, raw in enumerate(raw_list):
            if not isinstance(raw, dict):
                raise ValidationError(
                    f"{self.place(doc, f'{key}[{index}]')} must be a mapping of fields, got {v.show(raw)}"
                )
            try:
                out.append(build(v.checked(raw, spec)))
            except v.Bad as exc:
                raise ValidationError(f"{self.place(raw, self.label(key, index, raw))}: {exc}") from None
        return tuple(out)

    @staticmethod
    def label(key: str, index: int, raw: dict[Any, Any]) -> str:
        raw_id = raw.get("id")
        named = isinstance(raw_id, str) and v.SLUG.match(raw_id)
        return f"{key}[{index}] {raw_id!r}" if named else f"{key}[{index}]"


# Each collection: its spec, how a v.checked mapping becomes a record, and its
# fields that refer to other records (field -> the type referred to).
_RULES: dict[RecordType, tuple[v.Spec, Callable[[dict[str, Any]], Any], dict[str, RecordType]]] = {
    RecordType.PROGRAM: (
        _PROGRAM_SPEC,
        lambda v: Program(**v),
        {
            "listed_under": RecordType.PROGRAM,
            "agencies": RecordType.AGENCY,
            "countries": RecordType.COUNTRY,
            "participants": RecordType.COUNTRY,
            "organizations": RecordType.ORGANIZATION,
        },
    ),
    RecordType.FUNDING: (_FUNDING_SPEC, _funding, {"program": RecordType.PROGRAM}),
    RecordType.AGENCY: (_AGENCY_SPEC, lambda v: Agency(**v), {"part_of": RecordType.AGENCY}),
    RecordType.COUNTRY: (_COUNTRY_SPEC, lambda v: Country(**v), {}),
    RecordType.ORGANIZATION: (_ORGANIZATION_SPEC, lambda v: Organization(**v), {}),
    RecordType.STATISTIC: (
        _STATISTIC_SPEC,
        lambda v: Statistic(**v),
        {"program": RecordType.PROGRAM, "listed_under": RecordType.PROGRAM},
    ),
    RecordType.EVENT: (
        _EVENT_SPEC,
        lambda v: Event(**v),
        {"programs": RecordType.PROGRAM, "countries": RecordType.COUNTRY, "agencies": RecordType.AGENCY},
    ),
}
_ROLE_REFERENCES = {"program": RecordType.PROGRAM, "event": RecordType.EVENT}
_TOP_KEYS = ["carsi_schema", "source", *(c.key for c in COLLECTIONS)]


def validate(doc: object, origin: str, lines: Lines | None = None) -> FactSheet:
    """The FactSheet in an already-parsed document, or a ValidationError naming the place."""
    validator = _Validator(origin, lines or {})
    if doc is None:
        raise ValidationError(f"{origin}: the file is empty; see the README for the schema")
    if not isinstance(doc, dict):
        raise ValidationError(
            f"{origin}: the top level must be a mapping with carsi_schema, source, programs, ...; got {v.show(doc)}"
        )
    unknown = [key for key in doc if key not in _TOP_KEYS]
    if unknown:
        key = unknown[0]
        hint = v.suggest(key, _TOP_KEYS) if isinstance(key, str) else ""
        raise ValidationError(f"{validator.place(doc, 'top level')}: unknown key {v.show(key)}{hint}")
    schema = doc.get("carsi_schema")
    if schema != SCHEMA_VERSION or isinstance(schema, bool):
        found = "no carsi_schema key" if schema is None else f"carsi_schema {v.show(schema)}"
        raise ValidationError(
            f"{origin}: not a carsi data file of schema {SCHEMA_VERSION} ({found}); "
            f"it must start with 'carsi_schema: {SCHEMA_VERSION}'"
        )
    raw_source = doc.get("source")
    if not isinstance(raw_source, dict):
        raise ValidationError(
            f"{origin}: source must be a mapping with id, title, date, publisher and citation, got {v.show(raw_source)}"
        )
    try:
        source = Source(**v.checked(raw_source, _SOURCE_SPEC))
    except v.Bad as exc:
        raise ValidationError(f"{validator.place(raw_source, 'source')}: {exc}") from None

    collections = {}
    for collection in COLLECTIONS:
        spec, build, _ = _RULES[collection.rtype]
        collections[collection.key] = validator.records(doc, collection.key, build, spec)
    sheet = FactSheet(source, **collections)
    _check_references(sheet, doc, validator)
    return sheet


def _check_references(sheet: FactSheet, doc: dict[Any, Any], validator: _Validator) -> None:
    def place(key: str, index: int) -> str:
        raw = doc[key][index]
        return validator.place(raw, validator.label(key, index, raw))

    seen: dict[str, tuple[str, int]] = {}
    ids: dict[RecordType, set[str]] = {}
    for collection in COLLECTIONS:
        key = collection.key
        ids[collection.rtype] = set()
        for index, record in enumerate(getattr(sheet, key)):
            if record.id in seen:
                first_key, first_index = seen[record.id]
                first = validator.place(doc[first_key][first_index], f"{first_key}[{first_index}]")
                here = validator.place(doc[key][index], f"{key}[{index}]")
                raise ValidationError(f"{here}: id {record.id!r} is already used by {first}; ids must be unique")
            seen[record.id] = (key, index)
            ids[collection.rtype].add(record.id)
    for collection in COLLECTIONS:
        for index, record in enumerate(getattr(sheet, collection.key)):
            if record.source != sheet.source.id:
                raise ValidationError(
                    f"{place(collection.key, index)}: source refers to {record.source!r}, "
                    f"but the file's source is {sheet.source.id!r}"
                )

    def check(key: str, index: int, field: str, targets: tuple[str, ...] | str | None, kind: RecordType) -> None:
        for target in () if targets is None else (targets,) if isinstance(targets, str) else targets:
            if target not in ids[kind]:
                hint = v.suggest(target, sorted(ids[kind]))
                raise ValidationError(
                    f"{place(key, index)}: {field} refers to {target!r}, which is not the id of any {kind.value}{hint}"
                )

    for collection in COLLECTIONS:
        references = _RULES[collection.rtype][2]
        for index, record in enumerate(getattr(sheet, collection.key)):
            for field, kind in references.items():
                check(collection.key, index, field, getattr(record, field), kind)
            for role in getattr(record, "roles", ()):
                for field, kind in _ROLE_REFERENCES.items():
                    check(collection.key, index, f"roles.{field}", getattr(role, field), kind)

    for key, field in (("programs", "listed_under"), ("agencies", "part_of")):
        records = getattr(sheet, key)
        parent = {r.id: getattr(r, field) for r in records}
        for index, record in enumerate(records):
            chain, node = [record.id], getattr(record, field)
            while node is not None:
                if node in chain:
                    cycle = " -> ".join([*chain[chain.index(node) :], node])
                    raise ValidationError(f"{place(key, index)}: {field} forms a cycle: {cycle}")
                chain.append(node)
                node = parent.get(node)
