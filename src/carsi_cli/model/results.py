"""The results carsi's checks and searches return, as the views show them:
plain records, apart from the code that finds them, so that a view can name
their type without importing verify or search."""

from __future__ import annotations

from typing import NamedTuple

from carsi_cli.model.records import RecordType


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
