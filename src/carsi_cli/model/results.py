"""The results carsi's checks, searches and queries return, as the views show
them: plain records, apart from the code that finds them, so that a view can
name their type (and join a result's notes) without importing the queries."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from carsi_cli.model.records import NO_INFERENCE, RecordType


class Problem(NamedTuple):
    """One failed check: which record, which field, what is wrong."""

    type: str
    """The record's type (program, funding, ...), or "source"."""
    id: str
    field: str
    problem: str
    file: str | None = None
    """The data file, once the problem is placed in it (``locate``)."""
    line: int | None = None
    """The line of the field in the data file (else of its record), once placed."""

    def message(self) -> str:
        """The problem as one line, in the form of a data file's other errors:
        "data.yaml:12: funding 'carsi-fy2012': fy_start: ..."."""
        place = f"{self.file}:{self.line}: " if self.file and self.line else f"{self.file}: " if self.file else ""
        return f"{place}{self.type} {self.id!r}: {self.field}: {self.problem}"


class SearchHit(NamedTuple):
    """A record that matched, the field it matched in, and the passage."""

    type: RecordType
    id: str
    name: str
    field: str
    snippet: str
    spans: tuple[tuple[int, int], ...]
    """Where the query's words occur in ``snippet``: (start, end) offsets."""
    score: int
    matched: tuple[str, ...] = ()
    """Every field the query matched in: a name, a search term, the figure
    (``amount_usd``, ``value``), the fiscal years, or ``program`` when the
    record was found through the program it belongs to."""
    inferred: Mapping[str, str] = NO_INFERENCE
    """Why the record's name is carsi's, where the text gives it none (``{"name": reason}``):
    a view marks the name, so that no one quotes it as the text's."""


class Note(NamedTuple):
    """What a reader must know to read some records right ("a multi-year
    total, not money for FY2010 alone"), and which records it concerns."""

    text: str
    ids: tuple[str, ...] = ()
    """The records it concerns; none when it concerns all of them (why there is no total)."""
    about: str = ""
    """The note as said of each record it concerns, where ``text`` speaks of
    several at once ("f0, f1, f2 and 7 more are ..."); empty when ``text`` does."""

    @property
    def of_each(self) -> str:
        """What to say of each record the note concerns."""
        return self.about or self.text


def notes_of(
    records: Sequence[Any], notes: Sequence[Note], sep: str | None = None, finish: Callable[[str], str] = str
) -> list[Any]:
    """For each record, the texts of the notes that concern it, in order: a
    tuple, or one string joined by ``sep`` (and passed through ``finish``).
    Linear in the records and the ids the notes name; each combination of
    notes is joined once."""
    everyone = sum(1 << n for n, note in enumerate(notes) if not note.ids)
    masks = [everyone] * len(records)  # bit n: note n concerns the record
    if any(note.ids for note in notes):
        at: dict[str, list[int]] = {}
        for i, record in enumerate(records):
            at.setdefault(record.id, []).append(i)
        for n, note in enumerate(notes):
            for i in {i for record_id in note.ids for i in at.get(record_id, ())}:
                masks[i] |= 1 << n
    made: dict[int, Any] = {}
    for mask in set(masks):
        texts = tuple(note.of_each for n, note in enumerate(notes) if mask >> n & 1)
        made[mask] = finish(sep.join(texts)) if sep is not None else texts
    return [made[mask] for mask in masks]
