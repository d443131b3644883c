"""What people see of records, whatever the format draws it with: the columns
of each kind of record, and the `show` views (fields, related records, quotes)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from carsi_cli.model.money import basis_words, describe, span
from carsi_cli.model.records import (
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
from carsi_cli.model.results import Problem, SearchHit
from carsi_cli.views.plain import to_data

if TYPE_CHECKING:  # the `show` views' inputs: their types only, so that a list imports no query
    from carsi_cli.query.funding import FigureDetail
    from carsi_cli.query.records import (
        AgencyDetail,
        CountryDetail,
        EventDetail,
        OrganizationDetail,
        ProgramDetail,
        StatisticDetail,
    )
    from carsi_cli.views.layout import ColumnRole

_AMOUNT_FIELDS = ("amount_usd", "qualifier", "basis", "fy_start", "fy_end")


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
    role: ColumnRole = "text"
    """How the column may be laid out on a terminal (see ``layout.ColumnRole``)."""
    fields: tuple[str, ...] = ()
    """The record's fields the cell shows: marked where one of them is inferred."""
    lines: int = 0
    """In a list on a terminal, the most lines a ``text`` or ``prose`` cell may
    take before it is cut; 0 for the default (two for text, one for prose)."""
    justify: Literal["left", "right"] = "left"


class ListView(NamedTuple):
    """A list of records as people read it, on a terminal or in Markdown."""

    columns: list[Column]
    under: list[Column] = []  # noqa: RUF012 (a NamedTuple's default: never mutated)
    """Shown whole beneath each row, as ``label: value`` lines (on a terminal)."""
    cite: Column | None = None
    """Shown whole as numbered citations beneath the table (on a terminal)."""


def _value(statistic: Statistic) -> str:
    number = f"{statistic.value:g}" + ("%" if statistic.unit is Unit.PERCENT else "")
    return f"{statistic.phrase} ({number})"


CARSI_WORDS = "(carsi's words)"
"""The mark beside a value in carsi's own wording (``CARSI_WORDING``), so that no one quotes it as the text."""


def _carsi(label: str) -> str:
    return f"{label} {CARSI_WORDS}"


def _quote(record: Any, related: RelatedNames) -> str:
    return f"“{record.quote}”"


_ID = Column("ID", lambda r, c: r.id, "id")
_KIND = Column("Kind", lambda r, c: r.kind.value, "code", ("kind",))
_NAME = Column("Name", lambda r, c: r.name, "text", ("name",))
_QUOTE = Column("Quote", _quote, "prose", ("quote",))
_AMOUNT = Column("Amount", lambda r, c: describe(r), "amount", _AMOUNT_FIELDS, justify="right")
_PROGRAM = Column("Program", lambda r, c: c.program_name(r.program), "prose", ("program",))
_STATISTIC_VALUE = Column("Value", lambda r, c: _value(r), "amount", ("value", "unit", "phrase"), justify="right")
_DATE = Column("Date", lambda r, c: r.date, "code", ("date",))
_EVENT_TITLE = Column("Event", lambda r, c: r.title, "text", ("title",))
_STATISTIC_NAME = Column("Statistic", lambda r, c: r.name, "text", ("name",))


def _agency_programs(agency: Agency, related: RelatedNames) -> str:
    """The programs that name the agency, then those that name only its parts, saying which."""
    from carsi_cli.query.links import parts, short

    below = parts(related.sheet, agency)
    named = [p.name for p in related.sheet.programs if agency.id in p.agencies]
    for program in related.sheet.programs:
        via = [short(a) for a in below if a.id in program.agencies]
        if via and agency.id not in program.agencies:
            named.append(f"{program.name} (through {' and '.join(via)})")
    return ", ".join(named)


_AGENCY_PROGRAMS = Column("Programs", _agency_programs, "prose")
_COUNTRY_ROLES = Column("Roles", lambda r, c: "; ".join(role.role for role in r.roles), "prose", ("roles",))

# The columns of the piped table: tab-separated lines, a contract (``cut -f``),
# never cut or wrapped; a value that shows an inferred field ends in
# " (inferred)". JSON and CSV carry every field; `show` views carry the
# related records.
COLUMNS: dict[type, list[Column]] = {
    Program: [_ID, _NAME, _KIND, _QUOTE],
    Funding: [_ID, _PROGRAM, _AMOUNT, _KIND, _QUOTE],
    Agency: [_ID, _NAME, _KIND, _AGENCY_PROGRAMS],
    Country: [_ID, _NAME, _COUNTRY_ROLES],
    Statistic: [_ID, _STATISTIC_VALUE, _STATISTIC_NAME, _QUOTE],
    Event: [_DATE, _EVENT_TITLE, _QUOTE],
    SearchHit: [
        Column("Type", lambda r, c: r.type.value, "code"),
        _ID,
        _NAME,
        Column("Passage", lambda r, c: r.snippet, "text", lines=3),
    ],
    Problem: [
        Column("Type", lambda r, c: r.type, "code"),
        _ID,
        Column("Field", lambda r, c: r.field, "code"),
        Column("Problem", lambda r, c: r.problem, "text", lines=3),
        Column("Line", lambda r, c: "" if r.line is None else str(r.line), "code"),
    ],
}

# Lists as people read them (a terminal, Markdown): ids first, inferred
# fields marked, and for funding what the money is for, with every quote whole.
VIEWS: dict[type, ListView] = {
    **{kind: ListView(columns) for kind, columns in COLUMNS.items()},
    Funding: ListView(
        [_ID, _AMOUNT, _KIND],
        under=[_PROGRAM._replace(role="text"), Column(_carsi("For"), lambda r, c: r.purpose, "prose", ("purpose",))],
        cite=_QUOTE,
    ),
    # a statistic's name and an event's title are carsi's words: so says the header, where people read them
    Statistic: ListView([_ID, _STATISTIC_VALUE, _STATISTIC_NAME._replace(header=_carsi("Statistic")), _QUOTE]),
    Event: ListView([_ID, _DATE, _EVENT_TITLE._replace(header=_carsi("Event")), _QUOTE]),
    Country: ListView([_ID, _NAME, _COUNTRY_ROLES._replace(header=_carsi("Roles"))]),
    SearchHit: ListView([COLUMNS[SearchHit][i] for i in (1, 0, 2, 3)]),
    Problem: ListView([COLUMNS[Problem][i] for i in (1, 0, 2, 4, 3)]),
}

# A figure's caveats ("not U.S. money alone"), beside it wherever a `show` view
# gives it; why a field the other columns mark is inferred is their footnote's to say.
_MARKED = frozenset(name for column in (_ID, _AMOUNT, _KIND, _QUOTE) for name in column.fields)


def _caveats(figure: Funding, related: RelatedNames) -> str:
    from carsi_cli.query.funding import figure_caveats

    return " ".join(figure_caveats(related.sheet, figure, _MARKED))


_CAVEATS = Column("Notes", _caveats, "prose")

# Shorter columns for the related records inside a `show` view.
COMPACT: dict[type, list[Column]] = {
    Program: [_ID, _NAME, Column("Kind", lambda r, c: r.kind.value, "code")],
    Funding: [_ID, _AMOUNT, _KIND, _CAVEATS, _QUOTE],
    Agency: [_ID, _NAME, Column("Kind", lambda r, c: r.kind.value, "code")],
    Country: [_ID, _NAME],
    Statistic: [_ID, _STATISTIC_VALUE, _QUOTE],
    Event: [_DATE, _ID, _EVENT_TITLE._replace(header=_carsi("Event"), role="prose")],
}


def columns_for(kind: type) -> list[Column]:
    """The piped table's columns for a kind of record; for a kind without its
    own, its id, name, kind and quote, whichever it has."""
    if kind in COLUMNS:
        return COLUMNS[kind]
    fields = getattr(kind, "_fields", ())
    generic = {"id": _ID, "name": _NAME, "kind": _KIND, "quote": _QUOTE}
    return [column for name, column in generic.items() if name in fields]


def view_for(kind: type) -> ListView:
    """How people see a list of records of ``kind`` (see ``columns_for``)."""
    return VIEWS.get(kind) or ListView(columns_for(kind))


def compact_for(kind: type) -> list[Column]:
    """The columns of related records of ``kind`` in a `show` view: its own, or its id and name."""
    return COMPACT.get(kind) or [c for c in columns_for(kind) if c.header in ("ID", "Name")] or columns_for(kind)


def inferred_marks(record: Any, columns: Sequence[Column]) -> list[tuple[Column, str, str]]:
    """The columns of ``columns`` that show a field ``record`` marks inferred,
    with the field and the reason."""
    inferred: Mapping[str, str] = getattr(record, "inferred", {})
    if not inferred:
        return []
    return [(column, name, inferred[name]) for column in columns for name in column.fields if name in inferred]


class Detail(NamedTuple):
    """A `show` view: the record's fields, related records, and its quotes."""

    title: str
    record: Record | Source
    fields: list[tuple[str, str]]
    sections: Sequence[tuple[str, Sequence[Any]]] = ()
    quotes: Sequence[str] = ()
    extra: Mapping[str, Any] = MappingProxyType({})
    """Related records for JSON, under these keys."""
    title_mark: str = ""
    """``CARSI_WORDS`` when the title is carsi's wording (a statistic's name, an event's title), shown beside it."""


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
    fields_.append((_carsi("Description"), p.description))
    fields_ += [(label, f"“{stated.words}”") for label, stated in _stated_rows(p)]
    fields_ += _inferred_rows(p)
    sections: list[tuple[str, Sequence[Any]]] = [
        ("Funding", d.funding),
        ("Listed here", d.listed_here),
        ("Agencies", d.agencies),
        ("Countries", d.countries),
        ("Taking part", d.participants),
        ("Organizations", d.organizations),
        ("Statistics", d.statistics),
        ("Events", d.events),
    ]
    from carsi_cli.query.funding import caveats

    extra = {
        "funding": [{**to_data(f), "notes": list(caveats(f, p))} for f in d.funding],
        "listed_here": [c.id for c in d.listed_here],
        "statistics": to_data(d.statistics),
        "events": [e.id for e in d.events],
    }
    return Detail(p.name, p, fields_, sections, _passages(p), extra)


_STATED_LABELS = {
    "where": "Where",
    "funding_trend": "Funding trend",
    "scale": "Scale",
    "training_exercise": "Training exercise",
}


def _stated_rows(p: Program) -> list[tuple[str, Any]]:
    """A program's facts stated only in words, with a label each (the words are the text's)."""
    return [(label, getattr(p, field)) for field, label in _STATED_LABELS.items() if getattr(p, field) is not None]


def agency_view(d: AgencyDetail) -> Detail:
    a = d.agency
    fields_ = [("ID", a.id), ("Kind", a.kind.value), *_name_rows(a)]
    if d.part_of is not None:
        fields_.append(("Part of", f"{d.part_of.name} ({d.part_of.id})"))
    if d.parts:
        fields_.append(("Parts", ", ".join(f"{part.name} ({part.id})" for part in d.parts)))
    fields_ += _inferred_rows(a)
    fields_ += [("Note", note) for note in d.notes]
    sections: list[tuple[str, Sequence[Any]]] = [("Programs", d.programs), ("Events", d.events)]
    extra = {"programs": [p.id for p in d.programs], "events": [e.id for e in d.events], "notes": list(d.notes)}
    return Detail(a.name, a, fields_, sections, _passages(a), extra)


_PART_WORDS = {"location": "the work happens there", "participant": "takes part", "leader": "leads"}
COMPACT[Role] = [
    Column("Role", lambda r, c: _carsi(r.role), "prose", ("role",)),
    Column("Program", lambda r, c: c.program_name(r.program), "text"),
    Column("Part", lambda r, c: _PART_WORDS.get(r.part.value, r.part.value), "text"),
    _QUOTE,
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
    fields_ = [("ID", o.id), ("Kind", o.kind.value), *_name_rows(o), (_carsi("Description"), o.description)]
    fields_ += _inferred_rows(o)
    sections: list[tuple[str, Sequence[Any]]] = [("Programs", d.programs)]
    extra = {"programs": [p.id for p in d.programs]}
    return Detail(o.name, o, fields_, sections, _passages(o), extra)


def _program_row(label: str, program: Program | None, program_id: str | None) -> list[tuple[str, str]]:
    if program is not None:
        return [(label, f"{program.name} ({program.id})")]
    return [(label, program_id)] if program_id else []


def funding_view(d: FigureDetail) -> Detail:
    """A funding figure: its amount in words, basis, years, program, kind,
    purpose, its caveats (the text's inferences among them, in words) and its quotes."""
    f = d.figure
    fields_ = [
        ("ID", f.id),
        ("Amount", describe(f)),
        ("Basis", basis_words(f.basis)),
        ("Fiscal years", span(f.fy_start, f.fy_end) or "not given"),
        *([("As of", f.as_of)] if f.as_of else []),
        *_program_row("Program", d.program, f.program),
        ("Kind", f.kind.value),
        (_carsi("For"), f.purpose),
    ]
    fields_ += [("Note", note) for note in d.notes]
    title = f"{describe(f)}: {d.program.name}" if d.program is not None else describe(f)
    return Detail(title, f, fields_, (), _passages(f), {"notes": list(d.notes)})


def statistic_view(d: StatisticDetail) -> Detail:
    s = d.statistic
    fields_ = [("ID", s.id), ("Value", _value(s)), ("Unit", s.unit.value)]
    if s.period:
        fields_.append(("Period", s.period))
    fields_ += _program_row("Program", d.program, s.program)
    if s.listed_under != s.program:
        fields_ += _program_row("Listed under", d.listed_under, s.listed_under)
    fields_ += _inferred_rows(s)
    return Detail(s.name, s, fields_, (), _passages(s), title_mark=CARSI_WORDS)


def event_view(d: EventDetail) -> Detail:
    e = d.event
    fields_ = [("ID", e.id), ("Date", e.date), *_inferred_rows(e)]
    fields_ += [("Note", note) for note in d.notes]
    sections: list[tuple[str, Sequence[Any]]] = [
        ("Programs", d.programs),
        ("Agencies", d.agencies),
        ("Countries", d.countries),
    ]
    return Detail(e.title, e, fields_, sections, _passages(e), {"notes": list(d.notes)}, CARSI_WORDS)


def source_view(source: Source) -> Detail:
    fields_ = [("ID", source.id), ("Title", source.title), ("Date", source.date), ("Publisher", source.publisher)]
    if source.place:
        fields_.append(("Place", source.place))
    for label, value in (("URL", source.url), ("Text from", source.text_url), ("Text file", source.text_file)):
        if value:
            fields_.append((label, value))
    fields_.append(("Citation", source.citation))
    return Detail(source.title, source, fields_)
