"""Which marks of the annotated text concern one record, program or country
(``source --annotate --record|--program|--country``). Pure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from carsi_cli.errors import NotFoundError
from carsi_cli.model.records import (
    RECORD_TYPE,
    Country,
    Event,
    FactSheet,
    Funding,
    Program,
    Record,
    RecordType,
    Statistic,
)
from carsi_cli.model.text import fold
from carsi_cli.onward.marks import Mark


class Focus(NamedTuple):
    """What ``--record``, ``--program`` or ``--country`` picked: a description,
    and the (record, field) of every quote that concerns it (field None: all)."""

    label: str
    quotes: frozenset[tuple[str, str | None]]

    def keeps(self, record: Record, field: str) -> bool:
        return (record.id, None) in self.quotes or (record.id, field) in self.quotes


def focus_record(sheet: FactSheet, text: str) -> Focus:
    """One record of any kind, by its id."""
    key = fold(text)
    for record in sheet.all_records():
        if record.id.casefold() == key:
            return Focus(f"{RECORD_TYPE[type(record)].value} {record.id}", frozenset({(record.id, None)}))
    import difflib

    close = difflib.get_close_matches(key, [r.id for r in sheet.all_records()], n=3, cutoff=0.6)
    hint = "; did you mean " + " or ".join(repr(c) for c in close) + "?" if close else ""
    msg = f"no record has the id {text!r}{hint} (see `carsi search`)"
    raise NotFoundError(msg)


def focus_program(sheet: FactSheet, text: str) -> Focus:
    """A program: its own quotes, its funding, the statistics about it, the
    events that name it, and the roles countries play in it."""
    from carsi_cli.query.lookup import lookup

    program = lookup(sheet, RecordType.PROGRAM, text)
    assert isinstance(program, Program)
    picked: set[tuple[str, str | None]] = {(program.id, None)}
    for record in sheet.all_records():
        if (
            (isinstance(record, Funding | Statistic) and record.program == program.id)
            or (isinstance(record, Event) and program.id in record.programs)
        ):  # fmt: skip
            picked.add((record.id, None))
        elif isinstance(record, Country):
            picked |= {(record.id, f"roles[{i}].quote") for i, r in enumerate(record.roles) if r.program == program.id}
    return Focus(f"program {program.id}", frozenset(picked))


def focus_country(sheet: FactSheet, text: str) -> Focus:
    """A country: its own quotes (every role included) and the events that name it."""
    from carsi_cli.query.lookup import lookup

    country = lookup(sheet, RecordType.COUNTRY, text)
    picked: set[tuple[str, str | None]] = {(country.id, None)}
    picked |= {(e.id, None) for e in sheet.events if country.id in e.countries}
    return Focus(f"country {country.id}", frozenset(picked))


def focused(annotation_marks: Sequence[Mark], records: Sequence[Record], focus: Focus) -> list[Mark]:
    """The marks of the quotes that concern the focus."""
    return [m for m in annotation_marks if focus.keeps(records[m.record], m.field)]
