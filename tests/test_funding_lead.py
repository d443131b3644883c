"""`carsi funding --fy YEAR` answers first: when no figure is for that year
alone, the view's first line says so and names what covers the year."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from carsi_cli.loading import load
from carsi_cli.model.records import Basis
from conftest import Invoke, run_carsi

SHEET = load()
SOURCE_TEXT = " ".join((Path(__file__).parents[1] / "src" / "carsi_cli" / "data" / "factsheet.txt").read_text().split())
YEARS = sorted({y for f in SHEET.funding if f.dated for y in range(f.fy_start or 0, (f.fy_end or 0) + 1)})


def _covering(year: int) -> list[str]:
    return [f.id for f in SHEET.funding if f.dated and (f.fy_start or 0) <= year <= (f.fy_end or 0)]


def _alone(year: int) -> bool:
    return any(f.fy_start == f.fy_end == year and f.basis is Basis.TOTAL for f in SHEET.funding)


def _first_paragraph(text: str) -> str:
    return " ".join(text.strip().split("\n\n", 1)[0].split())


def test_fy2011_has_no_figure_of_its_own() -> None:
    """The text gives FY2011 only inside the FY2008-2011 total and a per-year rate for FY2009-2011."""
    assert "From FY 2008 – 2011, funding for CARSI totaled $361 million" in SOURCE_TEXT
    assert "(FY 2009-2011)" in SOURCE_TEXT and "FY 2011 " not in SOURCE_TEXT.replace("2008 – 2011", "")
    assert not _alone(2011) and len(_covering(2011)) >= 1


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("year", YEARS)
def test_the_terminal_view_opens_with_the_answer(year: int, width: int) -> None:
    """On a terminal the first paragraph says no figure is for the year alone, naming each that covers it."""
    result = run_carsi("funding", "--fy", str(year), env={"TTY_COMPATIBLE": "1", "TERM": "dumb", "COLUMNS": str(width)})
    assert result.exit_code == 0 and result.stderr == ""
    first = _first_paragraph(result.stdout)
    if _alone(year):
        assert "alone" not in first
        return
    assert first.startswith(f"No figure is for FY{year} alone")
    for figure_id in _covering(year):
        assert figure_id in first
    assert all(len(line) <= width for line in result.stdout.split("\n\n", 1)[0].splitlines())


@pytest.mark.parametrize("year", YEARS)
def test_markdown_and_the_piped_table_open_with_the_answer(invoke: Invoke, year: int) -> None:
    """Markdown's first paragraph, and the piped table's first stderr line, say it; the rows stay rows."""
    markdown = invoke("funding", "--fy", str(year), "--format", "markdown").stdout
    piped = invoke("funding", "--fy", str(year))
    said = f"No figure is for FY{year} alone"
    assert piped.stdout.startswith("ID\t")
    if _alone(year):
        assert said not in markdown and said not in piped.stderr
        return
    assert _first_paragraph(markdown).startswith(said)
    assert piped.stderr.splitlines()[0].startswith(said)
    for figure_id in _covering(year):
        assert figure_id in piped.stderr.splitlines()[0]


def test_json_stays_a_list_of_records(invoke: Invoke) -> None:
    """The data formats are contracts: no headline line in JSON."""
    data = json.loads(invoke("funding", "--fy", "2011", "--format", "json").stdout)
    assert isinstance(data, list) and {r["id"] for r in data} == set(_covering(2011))


def test_no_field_paths_in_the_notes(invoke: Invoke) -> None:
    """An inferred kind is said in words, not as "(see inferred.kind)"."""
    for year in YEARS:
        for row in json.loads(invoke("funding", "--fy", str(year), "--format", "json").stdout):
            for note in row["notes"]:
                assert not re.search(r"\b[a-z_]+\.[a-z_]+\b", note), note
    result = invoke("funding", "--fy", "2010")
    assert "inferred, not stated" in result.stderr
