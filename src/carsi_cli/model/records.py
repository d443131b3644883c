"""The curated model of the fact sheet: immutable value objects and vocabularies.

No I/O and no printing here. Every record carries ``quote``, an exact passage of
its source text, and cites that source by id, so that more source documents can
be added later. Records refer to each other by id.

Records are ``typing.NamedTuple``s rather than the frozen dataclasses STYLE.md
suggests: equally immutable, and cheaper at start-up, which every shell
completion pays. Measured with ``python -X importtime`` on eleven classes of a
record's shape: 1.6-2.1 ms as NamedTuples, 12-20 ms as frozen, slotted
dataclasses (5-8 ms of it importing ``dataclasses`` and ``inspect``). The
annotations are evaluated (no ``from __future__ import annotations``): from
strings, ``typing.NamedTuple`` compiles each into a ``ForwardRef``, 120 calls
of ``compile`` and about 2 ms of every start (``cProfile`` of the import).
"""

from collections.abc import Iterator, Mapping, Sequence
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple, cast

from carsi_cli.model.kinds import (
    AgencyKind as AgencyKind,
)
from carsi_cli.model.kinds import (
    Basis as Basis,
)
from carsi_cli.model.kinds import (
    FundingKind as FundingKind,
)
from carsi_cli.model.kinds import (
    OrganizationKind as OrganizationKind,
)
from carsi_cli.model.kinds import (
    Part as Part,
)
from carsi_cli.model.kinds import (
    ProgramKind as ProgramKind,
)
from carsi_cli.model.kinds import (
    Qualifier as Qualifier,
)
from carsi_cli.model.kinds import (
    Unit as Unit,
)

# The fiscal years carsi accepts, in data files and on the command line.
FY_RANGE = (1900, 2100)


class RecordType(StrEnum):
    """The collections of a fact sheet model, by the name of one record."""

    PROGRAM = "program"
    FUNDING = "funding"
    AGENCY = "agency"
    COUNTRY = "country"
    ORGANIZATION = "organization"
    STATISTIC = "statistic"
    EVENT = "event"


# `inferred` on any record maps a field name to why the value is an inference
# rather than something the text states (e.g. a date from "this past January").
Inferred = Mapping[str, str]
NO_INFERENCE: Inferred = MappingProxyType({})
# `translations` maps a language code ("es") to the names of the thing in that
# language. Like `search_terms`, they are not from the fact sheet.
Translations = Mapping[str, tuple[str, ...]]
NO_TRANSLATIONS: Translations = MappingProxyType({})


class Source(NamedTuple):
    """A source document. ``text_file`` is relative to the data file."""

    id: str
    title: str
    date: str
    publisher: str
    citation: str
    url: str | None = None
    text_url: str | None = None
    text_file: str | None = None
    place: str | None = None
    """Where the document was issued (its dateline)."""
    accessed: str | None = None
    """When the document was last read at ``url`` (YYYY-MM-DD), for the citation
    styles that ask for it (MLA, Chicago, CSL's ``accessed``)."""


class Stated(NamedTuple):
    """A fact the text states only in words: ``words`` are the text's own,
    verbatim, within ``quote``, the sentence that states it."""

    words: str
    quote: str


class Program(NamedTuple):
    """A program, initiative, operation, strategy or coalition."""

    id: str
    name: str
    kind: ProgramKind
    description: str
    quote: str
    source: str
    aliases: tuple[str, ...] = ()
    listed_under: str | None = None
    """Id of the program the fact sheet lists this one under: one of the
    Partnership's investments, or a program named in a background section."""
    agencies: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    """Countries where the program's work happens."""
    participants: tuple[str, ...] = ()
    """Countries that take part in the program or lead it, where the text does
    not put its work there (the United States leads Operation Martillo)."""
    organizations: tuple[str, ...] = ()
    where: Stated | None = None
    """Where the work happens, in the text's words, when it names no country
    there ("along the Central American coast")."""
    funding_trend: Stated | None = None
    """How the program's funding has gone, in the text's words ("has remained stable")."""
    scale: Stated | None = None
    """How the text ranks the program's size ("the largest ... ever conducted in the hemisphere")."""
    training_exercise: Stated | None = None
    """Whether the text says the program is a training exercise ("not a training exercise")."""
    other_quotes: tuple[str, ...] = ()
    inferred: Inferred = NO_INFERENCE
    search_terms: tuple[str, ...] = ()
    """Words a reader may search with that are not names the text gives the record."""
    translations: Translations = NO_TRANSLATIONS


STATED_FIELDS = ("where", "funding_trend", "scale", "training_exercise")
"""The fields of a program that hold a ``Stated`` fact."""


class Funding(NamedTuple):
    """One figure of money, exactly as the text qualifies and spans it."""

    id: str
    program: str
    amount_usd: int
    """Whole dollars: "$361 million" is 361000000."""
    qualifier: Qualifier
    fy_start: int | None
    """First fiscal year covered; None (with fy_end) when the text gives none."""
    fy_end: int | None
    basis: Basis
    kind: FundingKind
    purpose: str
    quote: str
    source: str
    as_of: str | None = None
    """The day (YYYY-MM-DD) a figure "to date" runs to; None when the text gives none."""
    other_quotes: tuple[str, ...] = ()
    inferred: Inferred = NO_INFERENCE
    search_terms: tuple[str, ...] = ()
    """Words a reader may search with that are not names the text gives the record."""

    @property
    def dated(self) -> bool:
        return self.fy_start is not None and self.fy_end is not None


class Agency(NamedTuple):
    """A U.S. department, agency, command or task force named in the text."""

    id: str
    name: str
    kind: AgencyKind
    quote: str
    source: str
    aliases: tuple[str, ...] = ()
    part_of: str | None = None
    """Id of the department or command the agency belongs to (CBP to DHS),
    where a user would expect it; marked inferred where the text does not say it."""
    other_quotes: tuple[str, ...] = ()
    inferred: Inferred = NO_INFERENCE
    search_terms: tuple[str, ...] = ()
    """Words a reader may search with that are not names the text gives the record."""
    translations: Translations = NO_TRANSLATIONS


class Role(NamedTuple):
    """One part a country plays in the text; cites its country's source."""

    role: str
    quote: str
    program: str | None = None
    event: str | None = None
    part: Part = Part.LOCATION
    """Whether the program's work happens in the country, or the country takes
    part in it or leads it."""


class Country(NamedTuple):
    """A country named in the text, with every role it plays there."""

    id: str
    name: str
    quote: str
    source: str
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    other_quotes: tuple[str, ...] = ()
    inferred: Inferred = NO_INFERENCE
    search_terms: tuple[str, ...] = ()
    """Words a reader may search with that are not names the text gives the record."""
    translations: Translations = NO_TRANSLATIONS


class Organization(NamedTuple):
    """A body that is neither a country nor a U.S. agency (SICA)."""

    id: str
    name: str
    kind: OrganizationKind
    description: str
    quote: str
    source: str
    aliases: tuple[str, ...] = ()
    other_quotes: tuple[str, ...] = ()
    inferred: Inferred = NO_INFERENCE
    search_terms: tuple[str, ...] = ()
    """Words a reader may search with that are not names the text gives the record."""
    translations: Translations = NO_TRANSLATIONS


class Statistic(NamedTuple):
    """A non-monetary figure; ``phrase`` is how the quote says it."""

    id: str
    name: str
    value: int | float
    unit: Unit
    phrase: str
    quote: str
    source: str
    qualifier: Qualifier = Qualifier.EXACT
    period: str | None = None
    program: str | None = None
    """The program the figure is about, where its quote says so."""
    listed_under: str | None = None
    """The program whose section of the fact sheet the figure stands in: not a
    claim that the program caused or owns it."""
    other_quotes: tuple[str, ...] = ()
    inferred: Inferred = NO_INFERENCE
    search_terms: tuple[str, ...] = ()
    """Words a reader may search with that are not names the text gives the record."""


class Event(NamedTuple):
    """A dated event; ``date`` is ISO: YYYY, YYYY-MM or YYYY-MM-DD."""

    id: str
    date: str
    title: str
    quote: str
    source: str
    programs: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    other_quotes: tuple[str, ...] = ()
    inferred: Inferred = NO_INFERENCE
    search_terms: tuple[str, ...] = ()
    """Words a reader may search with that are not names the text gives the record."""


Record = Program | Funding | Agency | Country | Organization | Statistic | Event

CARSI_WORDING: dict[type, tuple[str, ...]] = {
    Program: ("description",),
    Funding: ("purpose",),
    Organization: ("description",),
    Statistic: ("name",),
    Event: ("title",),
    Role: ("role",),
}
"""The fields of each kind of record that hold carsi's own wording, not the
fact sheet's: a reporter must never quote them as the text. Every other text
a view shows as a quote is verbatim (``tests/test_wording.py``)."""


class FactSheet(NamedTuple):
    """The whole validated model of one data file. Immutable once built.

    Each collection is a sequence of records; the data file's key for it is
    the field's name (see ``COLLECTIONS``).
    """

    source: Source
    programs: Sequence[Program] = ()
    funding: Sequence[Funding] = ()
    agencies: Sequence[Agency] = ()
    countries: Sequence[Country] = ()
    organizations: Sequence[Organization] = ()
    statistics: Sequence[Statistic] = ()
    events: Sequence[Event] = ()

    def records(self, rtype: RecordType) -> Sequence[Record]:
        """The records of one collection."""
        return cast(Sequence[Record], getattr(self, COLLECTION[rtype].key))

    def all_records(self) -> Iterator[Record]:
        """Every record of the model, collection by collection."""
        for collection in COLLECTIONS:
            yield from getattr(self, collection.key)

    def __repr__(self) -> str:
        counts = ", ".join(f"{c.key}={len(getattr(self, c.key))}" for c in COLLECTIONS)
        return f"FactSheet(source={self.source.id!r}, {counts})"


class Collection(NamedTuple):
    """One kind of record: its type, the data file's key (and FactSheet field)
    that holds it, and its record class."""

    rtype: RecordType
    key: str
    record: type[Record]


# The one registry of record collections, in the data file's order.
COLLECTIONS = (
    Collection(RecordType.PROGRAM, "programs", Program),
    Collection(RecordType.FUNDING, "funding", Funding),
    Collection(RecordType.AGENCY, "agencies", Agency),
    Collection(RecordType.COUNTRY, "countries", Country),
    Collection(RecordType.ORGANIZATION, "organizations", Organization),
    Collection(RecordType.STATISTIC, "statistics", Statistic),
    Collection(RecordType.EVENT, "events", Event),
)
COLLECTION = {collection.rtype: collection for collection in COLLECTIONS}
RECORD_TYPE: dict[type, RecordType] = {collection.record: collection.rtype for collection in COLLECTIONS}


def record_name(record: Record) -> str:
    """The display name of any record."""
    if isinstance(record, Funding):
        return record.purpose
    if isinstance(record, Event):
        return record.title
    return record.name


def names(record: Record) -> list[str]:
    """What the text calls a record (its name and aliases), after its id."""
    return [record.id, record_name(record), *getattr(record, "aliases", ())]


def quotes(record: Record) -> Iterator[tuple[str, str]]:
    """Every passage a record quotes, with the field that holds it
    ("quote", "other_quotes[0]", "roles[1].quote")."""
    yield "quote", record.quote
    for i, quote in enumerate(record.other_quotes):
        yield f"other_quotes[{i}]", quote
    for i, role in enumerate(getattr(record, "roles", ())):
        yield f"roles[{i}].quote", role.quote
    if isinstance(record, Program):
        for field in STATED_FIELDS:
            stated = getattr(record, field)
            if stated is not None:
                yield f"{field}.quote", stated.quote
