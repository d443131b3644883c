"""What people see of records, whatever the format draws it with: the columns
of each kind of record, and the `show` views (fields, related records, quotes)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from .checks import Problem
from .model import (
    Agency,
    Country,
    Event,
    FactSheet,
    Funding,
    Organization,
    Program,
    Record,
    Role,
    Source,
    Statistic,
    Unit,
)
from .money import describe
from .plain import to_data
from .query import AgencyDetail, CountryDetail, OrganizationDetail, ProgramDetail
from .search import SearchHit


class RelatedNames:
    """What cells need to name related records."""

    def __init__(self, sheet: FactSheet) -> None:
        self.sheet = sheet
        self._programs: dict[str, str] | None = None

    def program_name(self, program_id: str | None) -> str:
        if program_id is None:
            return ""
        if self._programs is None:
            self._programs = {p.id: p.name for p in self.sheet.programs}
        return self._programs.get(program_id, program_id)


class Column(NamedTuple):
    header: str
    cell: Callable[[Any, RelatedNames], str]
    justify: Literal["left", "right"] = "left"
    wide: bool = False
    """Long prose that should take the spare width."""
    whole: bool = False
    """Short codes (ids, dates) that should never be folded."""


def _event_date(event: Event) -> str:
    return f"{event.date} (inferred)" if "date" in event.inferred else event.date


def _value(statistic: Statistic) -> str:
    number = f"{statistic.value:g}" + ("%" if statistic.unit is Unit.PERCENT else "")
    return f"{statistic.phrase} ({number})"


_QUOTE = Column("Quote", lambda r, c: f"“{r.quote}”", wide=True)

# The columns people see (terminal, piped table, markdown). JSON and CSV carry
# every field; `show` views carry the related records.
COLUMNS: dict[type, list[Column]] = {
    Program: [
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Name", lambda r, c: r.name),
        Column("Kind", lambda r, c: r.kind.value, whole=True),
        _QUOTE,
    ],
    Funding: [
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Program", lambda r, c: c.program_name(r.program)),
        Column("Amount", lambda r, c: describe(r), justify="right"),
        Column("Kind", lambda r, c: r.kind.value, whole=True),
        _QUOTE,
    ],
    Agency: [
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Name", lambda r, c: r.name),
        Column("Kind", lambda r, c: r.kind.value, whole=True),
        Column("Programs", lambda r, c: ", ".join(p.name for p in c.sheet.programs if r.id in p.agencies), wide=True),
    ],
    Country: [
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Name", lambda r, c: r.name),
        Column("Roles", lambda r, c: "; ".join(role.role for role in r.roles), wide=True),
    ],
    Organization: [
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Name", lambda r, c: r.name),
        Column("Kind", lambda r, c: r.kind.value, whole=True),
        Column("Description", lambda r, c: r.description, wide=True),
    ],
    Statistic: [
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Value", lambda r, c: _value(r), justify="right"),
        Column("Statistic", lambda r, c: r.name),
        _QUOTE,
    ],
    Event: [
        Column("Date", lambda r, c: _event_date(r), whole=True),
        Column("Event", lambda r, c: r.title),
        _QUOTE,
    ],
    SearchHit: [
        Column("Type", lambda r, c: r.type.value, whole=True),
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Name", lambda r, c: r.name),
        Column("Passage", lambda r, c: r.snippet, wide=True),
    ],
    Problem: [
        Column("Type", lambda r, c: r.type, whole=True),
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Field", lambda r, c: r.field, whole=True),
        Column("Problem", lambda r, c: r.problem, wide=True),
    ],
}

# Shorter columns for the related records inside a `show` view.
COMPACT: dict[type, list[Column]] = {
    Program: [
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Name", lambda r, c: r.name),
        Column("Kind", lambda r, c: r.kind.value),
    ],
    Funding: [
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Amount", lambda r, c: describe(r), justify="right"),
        Column("Kind", lambda r, c: r.kind.value),
        _QUOTE,
    ],
    Agency: [
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Name", lambda r, c: r.name),
        Column("Kind", lambda r, c: r.kind.value),
    ],
    Country: [Column("ID", lambda r, c: r.id, whole=True), Column("Name", lambda r, c: r.name)],
    Organization: [
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Name", lambda r, c: r.name),
        Column("Kind", lambda r, c: r.kind.value),
    ],
    Statistic: [
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Value", lambda r, c: _value(r), justify="right"),
        _QUOTE,
    ],
    Event: [
        Column("Date", lambda r, c: _event_date(r), whole=True),
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Event", lambda r, c: r.title, wide=True),
    ],
}


class Detail(NamedTuple):
    """A `show` view: the record's fields, related records, and its quotes."""

    title: str
    record: Record | Source
    fields: list[tuple[str, str]]
    sections: Sequence[tuple[str, Sequence[Any]]] = ()
    quotes: Sequence[str] = ()
    extra: Mapping[str, Any] = MappingProxyType({})
    """Related records for JSON, under these keys."""


def _passages(record: Record) -> list[str]:
    return [record.quote, *record.other_quotes]


def _inferred_rows(record: Record) -> list[tuple[str, str]]:
    return [(f"Inferred {name}", reason) for name, reason in record.inferred.items()]


def _name_rows(record: Program | Agency | Country | Organization) -> list[tuple[str, str]]:
    """What the text calls a record, then the words that help find it, marked as not from the text."""
    rows = [("Aliases", ", ".join(record.aliases))] if record.aliases else []
    for language, names in record.translations.items():
        rows.append((f"Names in {_LANGUAGES.get(language, language)} (not from the text)", ", ".join(names)))
    if record.search_terms:
        rows.append(("Search terms (not from the text)", ", ".join(record.search_terms)))
    return rows


_LANGUAGES = {"es": "Spanish", "en": "English", "fr": "French", "pt": "Portuguese"}


def program_view(d: ProgramDetail) -> Detail:
    p = d.program
    fields_ = [("ID", p.id), ("Kind", p.kind.value), *_name_rows(p)]
    if d.listed_under:
        fields_.append(("Listed under", f"{d.listed_under.name} ({d.listed_under.id})"))
    fields_.append(("Description", p.description))
    fields_ += _inferred_rows(p)
    sections: list[tuple[str, Sequence[Any]]] = [
        ("Funding", d.funding),
        ("Listed here", d.listed_here),
        ("Agencies", d.agencies),
        ("Countries", d.countries),
        ("Organizations", d.organizations),
        ("Statistics", d.statistics),
        ("Events", d.events),
    ]
    extra = {
        "funding": to_data(d.funding),
        "listed_here": [c.id for c in d.listed_here],
        "statistics": to_data(d.statistics),
        "events": [e.id for e in d.events],
    }
    return Detail(p.name, p, fields_, sections, _passages(p), extra)


def agency_view(d: AgencyDetail) -> Detail:
    a = d.agency
    fields_ = [("ID", a.id), ("Kind", a.kind.value), *_name_rows(a)]
    fields_ += _inferred_rows(a)
    sections: list[tuple[str, Sequence[Any]]] = [("Programs", d.programs), ("Events", d.events)]
    extra = {"programs": [p.id for p in d.programs], "events": [e.id for e in d.events]}
    return Detail(a.name, a, fields_, sections, _passages(a), extra)


COMPACT[Role] = [
    Column("Role", lambda r, c: r.role, wide=True),
    Column("Program", lambda r, c: c.program_name(r.program)),
    Column("Quote", lambda r, c: f"“{r.quote}”", wide=True),
]


def country_view(d: CountryDetail) -> Detail:
    c = d.country
    fields_ = [("ID", c.id), *_name_rows(c)]
    fields_ += _inferred_rows(c)
    sections: list[tuple[str, Sequence[Any]]] = [("Roles", c.roles), ("Programs", d.programs), ("Events", d.events)]
    extra = {"programs": [p.id for p in d.programs], "events": [e.id for e in d.events]}
    return Detail(c.name, c, fields_, sections, _passages(c), extra)


def organization_view(d: OrganizationDetail) -> Detail:
    o = d.organization
    fields_ = [("ID", o.id), ("Kind", o.kind.value), *_name_rows(o), ("Description", o.description)]
    fields_ += _inferred_rows(o)
    sections: list[tuple[str, Sequence[Any]]] = [("Programs", d.programs)]
    extra = {"programs": [p.id for p in d.programs]}
    return Detail(o.name, o, fields_, sections, _passages(o), extra)


def source_view(source: Source) -> Detail:
    fields_ = [("ID", source.id), ("Title", source.title), ("Date", source.date), ("Publisher", source.publisher)]
    if source.place:
        fields_.append(("Place", source.place))
    for label, value in (("URL", source.url), ("Text from", source.text_url), ("Text file", source.text_file)):
        if value:
            fields_.append((label, value))
    fields_.append(("Citation", source.citation))
    return Detail(source.title, source, fields_)
