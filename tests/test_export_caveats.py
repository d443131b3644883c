"""Caveats travel with the figure: the SQLite and data-package exports say, on each
funding row, how it adds up and what a reader of it alone must know."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from carsi_cli.model.money import amounts_in
from carsi_cli.model.records import Basis, FactSheet, Qualifier
from carsi_cli.query.funding import Reading, caveats, is_lower_bound, reading
from conftest import SOURCE_TEXT, Invoke, fig

# The query the README gives for CARSI's money: the rows that add up (no rate per
# year, no figure without a fiscal year), with the span, whether it is a floor, and the kinds.
CARSI_SUM = """
SELECT SUM(amount_usd) AS usd, MIN(fy_start) AS first_fy, MAX(fy_end) AS last_fy,
       MAX(lower_bound) AS at_least, GROUP_CONCAT(kind, ', ') AS kinds
FROM funding
WHERE program = 'carsi' AND reading IN ('one_fiscal_year', 'total_over_years')
"""
# Figures of one program whose fiscal years overlap: a SUM over them could count money twice.
OVERLAPS = """
SELECT a.id, b.id FROM funding a JOIN funding b ON a.program = b.program AND a.id < b.id
WHERE a.reading IN ('one_fiscal_year', 'total_over_years') AND b.reading IN ('one_fiscal_year', 'total_over_years')
  AND a.fy_start <= b.fy_end AND b.fy_start <= a.fy_end AND a.program = ?
"""


@pytest.fixture
def database(invoke: Invoke, tmp_path: Path) -> sqlite3.Connection:
    """The bundled model exported to SQLite and opened."""
    path = tmp_path / "carsi.db"
    assert invoke("export", "sqlite", str(path)).exit_code == 0
    return sqlite3.connect(path)


def test_the_sql_that_sums_carsis_money(database: sqlite3.Connection, sheet: FactSheet) -> None:
    """The README's query gives the sum of the amounts CARSI's quotes state, over the years they state."""
    text = SOURCE_TEXT.read_text(encoding="utf-8")
    figures = [f for f in sheet.funding if f.program == "carsi"]
    stated = 0
    for figure in figures:
        assert figure.quote in text
        (amount,) = amounts_in(figure.quote)
        stated += amount
    usd, first_fy, last_fy, at_least, kinds = database.execute(CARSI_SUM).fetchone()
    assert usd == stated
    assert (first_fy, last_fy) == (min(f.fy_start or 0 for f in figures), max(f.fy_end or 0 for f in figures))
    assert at_least == 0 and "more than" not in " ".join(f.quote for f in figures)
    assert set(kinds.split(", ")) == {f.kind.value for f in figures}
    assert database.execute(OVERLAPS, ("carsi",)).fetchall() == []


@pytest.mark.parametrize("doc", ["README.md", "docs/guide.md"])
def test_the_docs_give_the_query_that_sums_carsis_money(database: sqlite3.Connection, doc: str) -> None:
    """The SQL block the README and the guide show runs on the export and gives what its comment says."""
    import re

    text = (Path(__file__).resolve().parents[1] / doc).read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```sql\n(.*?)```", text, re.S) if "program = 'carsi'" in b)
    query, comment = block.split("-- ", 1)
    (usd, *_) = database.execute(query).fetchone()
    assert comment.split()[0].rstrip(":") == str(usd)
    assert usd == database.execute(CARSI_SUM).fetchone()[0]


def test_a_rate_per_year_is_marked_and_left_out_of_a_sum(database: sqlite3.Connection, sheet: FactSheet) -> None:
    """The drug money's "more than $10 billion per year" is a rate: marked so, its caveat says not to add it."""
    rows = database.execute("SELECT id, reading, lower_bound, caveats, quote FROM funding").fetchall()
    by_id = {row[0]: row for row in rows}
    for figure in sheet.funding:
        _, read, floor, said, quote = by_id[figure.id]
        assert read == reading(figure).value and floor == int(is_lower_bound(figure))
        if figure.basis is Basis.PER_YEAR:
            assert read == "rate_per_year" and "per year" in quote and "not a sum" in said
        if floor:
            assert "more than" in quote.lower() and "lower bound" in said.lower()
    assert any(row[1] == "rate_per_year" for row in rows)


def test_money_of_a_coalition_is_not_us_money_alone(database: sqlite3.Connection) -> None:
    """The Group of Friends' $650 million: its caveat says it is not U.S. money alone, as its quote allows."""
    (said, quote) = database.execute(
        "SELECT caveats, quote FROM funding WHERE id = 'group-of-friends-commitments'"
    ).fetchone()
    assert "not U.S. money alone" in said and "no fiscal year" in said
    assert "Comprised of the United States and 16 partner nations" in SOURCE_TEXT.read_text(encoding="utf-8")
    assert "Group of Friends commitments" in quote


def test_the_data_package_carries_the_same_columns(invoke: Invoke, tmp_path: Path, sheet: FactSheet) -> None:
    """funding.csv has reading, lower_bound and caveats; the descriptor gives reading's vocabulary."""
    folder = tmp_path / "package"
    assert invoke("export", "datapackage", str(folder)).exit_code == 0
    with (folder / "funding.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    for figure in sheet.funding:
        row = rows[figure.id]
        assert row["reading"] == reading(figure).value
        assert row["lower_bound"] == str(int(is_lower_bound(figure)))
        program = next(p for p in sheet.programs if p.id == figure.program)
        assert row["caveats"] == " ".join(caveats(figure, program))
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    (funding,) = [r for r in package["resources"] if r["name"] == "funding"]
    fields = {f["name"]: f for f in funding["schema"]["fields"]}
    assert fields["reading"]["constraints"]["enum"] == [r.value for r in Reading]
    assert fields["lower_bound"]["type"] == "integer" and fields["caveats"]["type"] == "string"


@pytest.mark.parametrize(
    ("start", "end", "basis", "expected"),
    [
        (2012, 2012, Basis.TOTAL, Reading.ONE_YEAR),
        (2008, 2011, Basis.TOTAL, Reading.SEVERAL_YEARS),
        (2009, 2011, Basis.PER_YEAR, Reading.PER_YEAR),
        (None, None, Basis.TOTAL, Reading.NO_YEAR),
    ],
    ids=["one-year", "several-years", "per-year", "no-year"],
)
def test_reading_of_each_kind_of_figure(start: int | None, end: int | None, basis: Basis, expected: Reading) -> None:
    """One year, a total over several, a rate per year, no year: each read as such, with its caveat."""
    figure = fig("f", 10**6, start, end, basis=basis, qualifier=Qualifier.AT_LEAST)
    assert reading(figure) is expected
    said = caveats(figure, None)
    assert ("A lower bound: at least $1 million." in said) and is_lower_bound(figure)
    assert len(said) == (1 if expected is Reading.ONE_YEAR else 2)
