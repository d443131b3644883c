"""A figure's caveats travel with it into every `show` view that gives it:
on a terminal, piped, in JSON and in Markdown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carsi_cli.loading import load
from carsi_cli.model.records import FactSheet
from carsi_cli.query.funding import caveats, figure_caveats
from conftest import Invoke, run_carsi

SOURCE_TEXT = Path(__file__).parents[1] / "src" / "carsi_cli" / "data" / "factsheet.txt"
FRIENDS = "group-of-friends-commitments"


@pytest.fixture(scope="module")
def sheet() -> FactSheet:
    return load()


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_coalition_caveat_is_the_texts() -> None:
    """The text names the Group's members, so the money is not the United States' alone."""
    text = _flat(SOURCE_TEXT.read_text(encoding="utf-8"))
    assert "Comprised of the United States and 16 partner nations" in text
    assert "Group of Friends commitments" in text


@pytest.mark.parametrize("width", [60, 80, 120])
def test_terminal_show_gives_the_caveat_beside_the_figure(width: int) -> None:
    """On a terminal, the caveat is in the figure's block, before the next section."""
    result = run_carsi(
        "programs", "show", "group-of-friends", env={"TTY_COMPATIBLE": "1", "TERM": "dumb", "COLUMNS": str(width)}
    )
    assert result.exit_code == 0 and result.stderr == ""
    block = result.stdout.split(FRIENDS, 1)[1].split("\nCountries", 1)[0]
    assert "not U.S. money alone" in _flat(block)
    assert "no fiscal year" in _flat(block) and "lower bound" in _flat(block)


def test_piped_show_gives_the_caveat_on_the_figures_line(invoke: Invoke, sheet: FactSheet) -> None:
    """Piped, the figure's line has a cell with its caveats, its other cells unchanged."""
    result = invoke("programs", "show", "group-of-friends")
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("funding\t")]
    cells = line.split("\t")
    figure = next(f for f in sheet.funding if f.id == FRIENDS)
    assert cells[1] == FRIENDS and " ".join(figure_caveats(sheet, figure)) in cells
    assert "not U.S. money alone" in line


def test_json_show_gives_each_figure_its_notes(invoke: Invoke, sheet: FactSheet) -> None:
    """In JSON each figure inside the show object has a ``notes`` list: its caveats."""
    for program in sheet.programs:
        result = invoke("programs", "show", program.id, "--format", "json")
        assert result.exit_code == 0 and result.stderr == ""
        for row in json.loads(result.stdout)["funding"]:
            figure = next(f for f in sheet.funding if f.id == row["id"])
            assert row["notes"] == list(caveats(figure, program))
    friends = json.loads(invoke("programs", "show", "group-of-friends", "--format", "json").stdout)
    (row,) = friends["funding"]
    assert any("not U.S. money alone" in note for note in row["notes"])


def test_markdown_show_gives_the_caveat_in_the_figures_row(invoke: Invoke) -> None:
    """In Markdown the funding table has a Notes column, and the figure's row says it."""
    result = invoke("programs", "show", "group-of-friends", "--format", "markdown")
    table = result.stdout.split("### Funding", 1)[1].split("###", 1)[0]
    header = next(line for line in table.splitlines() if line.startswith("| ID"))
    assert "Notes" in [cell.strip() for cell in header.strip("|").split("|")]
    (row,) = [line for line in table.splitlines() if line.startswith(f"| {FRIENDS}")]
    assert "not U.S. money alone" in row


def test_inferred_reasons_are_said_in_words(sheet: FactSheet) -> None:
    """A caveat names an inferred field in words ("the kind of money"), not as a field path."""
    for figure in sheet.funding:
        for said in figure_caveats(sheet, figure):
            assert "inferred." not in said and not said.startswith(tuple(figure.inferred))
    carsi = next(f for f in sheet.funding if "kind" in f.inferred)
    assert any(s.startswith("The kind of money is inferred") for s in figure_caveats(sheet, carsi))


def test_a_marked_fields_reason_is_said_once(sheet: FactSheet) -> None:
    """The kind the Amount's neighbour marks "*" is explained by its footnote, not again in Notes."""
    carsi = next(f for f in sheet.funding if "kind" in f.inferred)
    reason = _flat(carsi.inferred["kind"]).rstrip(".")
    for width in (60, 80, 120):
        result = run_carsi(
            "programs", "show", carsi.program, env={"TTY_COMPATIBLE": "1", "TERM": "dumb", "COLUMNS": str(width)}
        )
        assert _flat(result.stdout).count(reason[:60]) == 1
