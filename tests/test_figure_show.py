"""`carsi funding show`, `carsi stats show` and `carsi timeline show`: one
record whole, taken as every command takes one; the lists keep their options."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from carsi_cli.loading import load
from carsi_cli.model.money import describe, dollars
from carsi_cli.model.records import FactSheet, Funding, Unit
from carsi_cli.query.funding import caveats, report
from carsi_cli.query.records import timeline, timeline_notes
from conftest import Invoke, run_carsi

SOURCE_TEXT = " ".join((Path(__file__).parents[1] / "src" / "carsi_cli" / "data" / "factsheet.txt").read_text().split())
SHEET = load()


def _flat(text: str) -> str:
    return " ".join(text.split())


def _terminal(width: int, *args: str) -> str:
    result = run_carsi(*args, env={"TTY_COMPATIBLE": "1", "TERM": "dumb", "COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return _flat(result.stdout)


@pytest.mark.parametrize("figure", SHEET.funding, ids=lambda f: f.id)
def test_funding_show_json_is_the_figure_with_its_notes(invoke: Invoke, figure: Funding) -> None:
    """JSON is the record's own fields and a ``notes`` list: its caveats."""
    result = invoke("funding", "show", figure.id, "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    data = json.loads(result.stdout)
    program = next(p for p in SHEET.programs if p.id == figure.program)
    assert data["id"] == figure.id and data["amount_usd"] == figure.amount_usd
    assert data["notes"] == list(caveats(figure, program))


@pytest.mark.parametrize("width", [60, 80, 120])
def test_funding_show_on_a_terminal_gives_everything_and_the_quote_whole(width: int) -> None:
    """Amount in words, basis, years, program, kind, purpose, each caveat and the whole quote."""
    for figure in SHEET.funding:
        shown = _terminal(width, "funding", "show", figure.id)
        program = next(p for p in SHEET.programs if p.id == figure.program)
        for said in (describe(figure), program.name, figure.kind.value, figure.purpose, figure.quote):
            assert _flat(said) in shown, (figure.id, said)
        for note in caveats(figure, program):
            assert _flat(note) in shown
        assert "Basis" in shown and "Fiscal years" in shown


def test_funding_show_takes_a_figure_it_holds(invoke: Invoke) -> None:
    """ "$105 million" names the one figure of that amount, as the text writes it."""
    counts = Counter(f.amount_usd for f in SHEET.funding)
    unique = [f for f in SHEET.funding if counts[f.amount_usd] == 1]
    assert unique
    for figure in unique:
        written = dollars(figure.amount_usd)
        assert written.removeprefix("$").split()[0] in SOURCE_TEXT
        data = json.loads(invoke("funding", "show", written, "--format", "json").stdout)
        assert data["id"] == figure.id


def test_stats_show_takes_a_percentage_or_a_count(invoke: Invoke) -> None:
    """ "39 percent" and "16 partner nations" name the statistics that hold them."""
    counts = Counter((s.unit, s.value) for s in SHEET.statistics)
    for statistic in SHEET.statistics:
        if counts[(statistic.unit, statistic.value)] != 1:
            continue
        written = f"{statistic.value:g} percent" if statistic.unit is Unit.PERCENT else f"{statistic.value:g}"
        result = invoke("stats", "show", written, "--format", "json")
        assert result.exit_code == 0, (written, result.stderr)
        assert json.loads(result.stdout)["id"] == statistic.id
    assert "39 percent" in SOURCE_TEXT


def test_stats_show_markdown_gives_the_value_and_quote(invoke: Invoke) -> None:
    """Markdown: a heading, the value in words, the quote."""
    for statistic in SHEET.statistics:
        text = invoke("stats", "show", statistic.id, "--format", "markdown").stdout
        assert text.startswith("## ") and f"{statistic.value:g}" in text
        assert _flat(statistic.quote).split()[-1].replace("$", "\\$") in text


def test_timeline_show_gives_the_date_and_what_is_not_known(invoke: Invoke) -> None:
    """An event's date, and the timeline's note on its order where there is one."""
    notes = timeline_notes(timeline(SHEET))
    for event in SHEET.events:
        data = json.loads(invoke("timeline", "show", event.id, "--format", "json").stdout)
        assert data["date"] == event.date
        assert data["notes"] == [n.of_each for n in notes if event.id in n.ids]
        piped = invoke("timeline", "show", event.id).stdout.splitlines()
        assert f"date\t{event.date}" in piped
    assert any(n.ids for n in notes)


def test_timeline_show_takes_words_of_the_title(invoke: Invoke) -> None:
    """A word of the title names the event, as elsewhere."""
    martillo = [e for e in SHEET.events if "Martillo" in e.title]
    assert len(martillo) == 1 and "Martillo" in SOURCE_TEXT
    assert json.loads(invoke("timeline", "show", "martillo", "--format", "json").stdout)["id"] == martillo[0].id


def test_the_lists_keep_their_options(invoke: Invoke, sheet: FactSheet) -> None:
    """`carsi funding --fy 2012` and friends list as before; a list option before `show` is a usage error."""
    data = json.loads(invoke("funding", "--fy", "2012", "--format", "json").stdout)
    assert [r["id"] for r in data] == [f.id for f in report(sheet, 2012, 2012).records]
    assert invoke("funding", "--chart").exit_code == 0
    assert len(json.loads(invoke("stats", "--format", "json").stdout)) == len(sheet.statistics)
    assert len(json.loads(invoke("timeline", "--format", "json").stdout)) == len(sheet.events)
    wrong = invoke("funding", "--fy", "2012", "show", "carsi-fy2012")
    assert wrong.exit_code == 2 and "'--fy'" in wrong.stderr
    missing = invoke("funding", "show", "no-such-figure")
    assert missing.exit_code == 1 and "carsi funding" in missing.stderr
