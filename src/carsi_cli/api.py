"""The Python API behind ``carsi_cli.loading``, ``carsi_cli.funding`` and the
rest (see the package's docstring): each query as the command's
``--format json`` prints it, as plain Python values.

Kept apart from ``carsi_cli/__init__.py``, which every run of the command line
and every TAB of completion imports: this module is imported only when a
program uses the API, and each function imports what it needs when called.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas

    from carsi_cli.model.records import FactSheet


Data = dict[str, Any]

__all__ = [
    "agencies",
    "agency",
    "countries",
    "country",
    "dataframe",
    "funding",
    "load",
    "organization",
    "organizations",
    "program",
    "programs",
    "search",
    "stats",
    "timeline",
]


def _plain(value: Any) -> Any:
    """A JSON-ready value with lists where ``to_data`` keeps tuples: what ``json.loads`` of the JSON gives."""
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _records(records: Sequence[Any]) -> list[Data]:
    from carsi_cli.views.plain import to_data

    return [_plain(to_data(record)) for record in records]


def _noted(records: Sequence[Any], notes: Sequence[Any]) -> list[Data]:
    """``_records``, each with the texts of the ``notes`` that concern it."""
    from carsi_cli.query.records import notes_of

    rows = _records(records)
    for row, texts in zip(rows, notes_of(records, notes), strict=True):
        row["notes"] = list(texts)
    return rows


def load(path: str | os.PathLike[str] | None = None) -> FactSheet:
    """The validated model of a data file; the bundled model by default.

    Every quote is checked against the source text the file names, as the
    commands check it; an unchanged file is read from carsi's cache.
    """
    from pathlib import Path

    from carsi_cli.loading import load as load_file

    return load_file(Path(path) if path is not None else None)


def programs(
    model: FactSheet, *, country: str | None = None, agency: str | None = None, kind: str | None = None
) -> list[Data]:
    """``carsi programs list``: programs, optionally only those in a country, with an agency, or of a kind,
    each with its ``notes``: a country that only takes part or leads, an agency in it through its parts."""
    from carsi_cli.model.records import ProgramKind
    from carsi_cli.query import records as query

    found = query.programs(model, country=country, agency=agency, kind=ProgramKind(kind) if kind else None)
    return _noted(found, query.program_notes(model, found, country, agency))


def agencies(model: FactSheet, *, program: str | None = None) -> list[Data]:
    """``carsi agencies list``: the U.S. agencies, optionally only those a program names."""
    from carsi_cli.query import records as query

    return _records(query.agencies(model, program))


def countries(model: FactSheet, *, program: str | None = None) -> list[Data]:
    """``carsi countries list``: the countries with their roles, optionally only those of a program (then
    each with its roles in it, and ``notes`` on a country that only takes part in it or leads it)."""
    from carsi_cli.query import records as query

    found = query.countries(model, program)
    return _noted(found, query.country_notes(model, found, program))


def organizations(model: FactSheet) -> list[Data]:
    """``carsi organizations list``: bodies that are neither countries nor U.S. agencies."""
    return _records(model.organizations)


def _detail(model: FactSheet, kind: str, name: str) -> Data:
    from carsi_cli.query import records as query
    from carsi_cli.views import columns as views
    from carsi_cli.views.plain import to_data

    details = {
        "program": (query.program_detail, views.program_view),
        "agency": (query.agency_detail, views.agency_view),
        "country": (query.country_detail, views.country_view),
        "organization": (query.organization_detail, views.organization_view),
    }
    find, view = details[kind]
    detail = view(find(model, name))  # type: ignore[operator]  # each finder goes with its view
    data: Data = _plain({**to_data(detail.record), **detail.extra})
    return data


def program(model: FactSheet, name: str) -> Data:
    """``carsi programs show``: one program (id, name or abbreviation) with its agencies, countries and funding."""
    return _detail(model, "program", name)


def agency(model: FactSheet, name: str) -> Data:
    """``carsi agencies show``: one agency with the programs and events it takes part in."""
    return _detail(model, "agency", name)


def country(model: FactSheet, name: str) -> Data:
    """``carsi countries show``: one country (accents optional) with its roles and the programs there."""
    return _detail(model, "country", name)


def organization(model: FactSheet, name: str) -> Data:
    """``carsi organizations show``: one organization with the programs that name it."""
    return _detail(model, "organization", name)


def funding(
    model: FactSheet,
    *,
    fy: int | None = None,
    fy_from: int | None = None,
    fy_to: int | None = None,
    program: str | None = None,
    country: str | None = None,
) -> list[Data]:
    """``carsi funding``: the figures covering fiscal year ``fy`` (or ``fy_from``
    to ``fy_to``, either end open), of a program or of the programs in a
    country, each with its ``notes``: what a reader must know to read it
    (a multi-year total, a rate per year, no fiscal year, why there is no total)."""
    from carsi_cli.query.funding import report
    from carsi_cli.query.records import notes_of

    if fy is not None and (fy_from is not None or fy_to is not None):
        raise ValueError("give either fy or fy_from/fy_to, not both")
    if fy is not None:
        fy_from = fy_to = fy
    if fy_from is not None and fy_to is not None and fy_from > fy_to:
        raise ValueError(f"fy_from {fy_from} is after fy_to {fy_to}")
    found = report(model, fy_from, fy_to, program, country)
    rows = _records(found.records)
    for row, texts in zip(rows, notes_of(found.records, found.notes), strict=True):
        row["notes"] = list(texts)
    return rows


def stats(model: FactSheet, *, program: str | None = None) -> list[Data]:
    """``carsi stats``: counts and percentages, optionally only one program's."""
    from carsi_cli.query import records as query

    return _records(query.statistics(model, program))


def timeline(model: FactSheet) -> list[Data]:
    """``carsi timeline``: the dated events, oldest first, each with its ``notes``
    (where the order is not known: an event dated only to a month)."""
    from carsi_cli.query import records as query
    from carsi_cli.query.records import notes_of

    events = query.timeline(model)
    rows = _records(events)
    for row, texts in zip(rows, notes_of(events, query.timeline_notes(events)), strict=True):
        row["notes"] = list(texts)
    return rows


def search(model: FactSheet, query: str, *, types: Sequence[str] = (), limit: int | None = 20) -> list[Data]:
    """``carsi search``: records holding the words of ``query``, best first,
    with the passage that matched; ``types`` ("program", "funding", ...) keeps
    only those record types, ``limit`` None keeps every result."""
    from carsi_cli.loading import kept
    from carsi_cli.model.records import RecordType
    from carsi_cli.query import ftsindex
    from carsi_cli.query import search as searching

    index = kept(model, "fts", ftsindex.build, ftsindex.valid)
    wanted = tuple(RecordType(t) for t in types)
    return _records(searching.search(model, query, wanted, limit or None, index).hits)


_FRAMES = ("programs", "agencies", "countries", "organizations", "funding", "stats", "timeline", "search")


def dataframe(model: FactSheet, name: str, *args: Any, **filters: Any) -> pandas.DataFrame:
    """The records of one query as a pandas DataFrame: ``dataframe(model, "funding", fy=2012)``
    is ``funding(model, fy=2012)`` as a table. A column of whole numbers with
    gaps (an undated figure's fiscal years) is pandas' nullable ``Int64``,
    never floats; lists stay lists. Needs pandas, which carsi does not install."""
    if name not in _FRAMES:
        raise ValueError(f"no query named {name!r}; choose one of {', '.join(_FRAMES)}")
    try:
        import pandas
    except ModuleNotFoundError:
        raise ModuleNotFoundError("carsi_cli.dataframe needs pandas: pip install pandas", name="pandas") from None
    rows = globals()[name](model, *args, **filters)
    frame = pandas.DataFrame(rows)
    for column in frame.columns:
        values = [row.get(column) for row in rows]  # as the query gave them, before pandas made None a NaN
        given = [v for v in values if v is not None]
        if given and all(isinstance(v, int) and not isinstance(v, bool) for v in given):
            frame[column] = pandas.array(values, dtype="Int64")
    return frame
