"""funding --chart: totals are spans, rates are drawn per year, each program to
its own scale, undated figures apart; text when piped or narrow."""

from __future__ import annotations

import re

import pytest

from carsi_cli.model.records import FactSheet
from carsi_cli.query.funding import report
from carsi_cli.views.chart import Chart, Panel, bar, fits, layout, nice_unit, text_lines
from carsi_cli.views.layout import is_url
from conftest import SOURCE_TEXT, Invoke

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def panel(chart: Chart, program: str) -> Panel:
    return next(p for p in chart.panels if p.program.endswith(f"({program})"))


@pytest.fixture
def chart(sheet: FactSheet) -> Chart:
    """The chart of every funding figure, at 40 cells of bar."""
    return layout(sheet, report(sheet).records)


def test_the_figures_are_the_fact_sheets(sheet: FactSheet) -> None:
    """The amounts charted are written in the text as the chart labels them."""
    text = SOURCE_TEXT.read_text(encoding="utf-8")
    for phrase in ("From FY 2008 – 2011, funding for CARSI totaled $361 million", "FY 2012’s $105 million"):
        assert phrase in text
    assert "more than $10 billion per year" in text and "more than $650 million" in text


def test_a_multi_year_total_is_one_span(chart: Chart, sheet: FactSheet) -> None:
    """$361 million over FY2008-FY2011 is one bar on the row of its whole span, never split by year
    nor drawn on the FY2008 row as if it were FY2008's money."""
    figure = next(f for f in sheet.funding if f.program == "carsi" and f.fy_start != f.fy_end)
    rows = panel(chart, "carsi").rows
    span = f"FY{figure.fy_start}-FY{figure.fy_end}"
    drawn = [r for r in rows if r.eighths > 0]
    assert [r.year for r in drawn] == [span, "FY2012"]
    assert not any(r.year == f"FY{figure.fy_start}" for r in rows)
    assert drawn[0].label.startswith("$361 million in total over FY2008-FY2011")
    assert any(r.note and "not split by year" in r.label for r in rows)
    assert not any("$90" in r.label for r in rows)  # 361 / 4 would be a made-up yearly figure


@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_drawn_chart_spans_the_years_and_ends_with_the_source(width: int, sheet: FactSheet) -> None:
    """On a terminal: the total's bar is on its span's line, no line is wider than the terminal
    (but the link), and the chart ends with the source."""
    from conftest import run_carsi

    result = run_carsi("funding", "--chart", env={"TTY_COMPATIBLE": "1", "TERM": "dumb", "COLUMNS": str(width)})
    assert result.exit_code == 0
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    (total,) = [line for line in lines if "$361 million" in line]
    assert total.strip().startswith("FY2008-FY2011 █")
    assert not any(line.strip().startswith("FY2008 ") for line in lines)
    url = sheet.source.url or ""
    assert lines[-1].strip() == url and any(line.strip().startswith("Source: ") for line in lines[-4:])
    assert all(len(line) <= width for line in lines if line.strip() != url)


def test_the_piped_chart_ends_with_the_source(invoke: Invoke, sheet: FactSheet) -> None:
    """As text, too, the last line cites the fact sheet."""
    lines = invoke("funding", "--chart").stdout.splitlines()
    assert lines[-1] == "Source: " + sheet.source.citation


def test_a_per_year_rate_is_drawn_each_year(chart: Chart) -> None:
    """More than $10 billion per year, FY2009-FY2011: a bar in each year, each a lower bound."""
    rows = [r for r in panel(chart, "drug-demand-reduction").rows if r.per_year]
    assert [r.year for r in rows] == ["FY2009", "FY2010", "FY2011"]
    assert len({r.eighths for r in rows}) == 1 and all(r.lower_bound for r in rows)
    assert all(r.label.startswith("more than $10 billion per year") for r in rows)


def test_each_program_has_its_own_scale(chart: Chart) -> None:
    """$105 million is drawn to CARSI's scale, $10 billion to its program's: both legible, both fit."""
    carsi, drugs = panel(chart, "carsi"), panel(chart, "drug-demand-reduction")
    assert carsi.unit < drugs.unit
    fy2012 = next(r for r in carsi.rows if r.year == "FY2012")
    total = carsi.rows[0]
    assert abs(fy2012.eighths / total.eighths - 105 / 361) < 0.02
    for p in chart.panels:
        assert all(r.eighths <= 40 * 8 for r in p.rows)
        assert max(r.eighths for r in p.rows) > 8 * 10  # the largest bar takes a good part of the width


def test_undated_figures_are_listed_apart(chart: Chart) -> None:
    """The Group of Friends' $650 million has no fiscal year: listed under the chart, not drawn."""
    assert chart.undated == (
        "Group of Friends of Central America: more than $650 million in total (no fiscal year given), committed",
    )
    assert not any(p.program.endswith("(group-of-friends)") for p in chart.panels)


def test_filters_choose_the_figures(sheet: FactSheet) -> None:
    """--fy 2012 charts only the figures that cover FY2012."""
    chart = layout(sheet, report(sheet, 2012, 2012).records)
    assert {r.year for p in chart.panels for r in p.rows} == {"FY2012"}
    assert chart.undated == ()


@pytest.mark.parametrize(
    ("largest", "cells", "unit"),
    [(361_000_000, 40, 10_000_000), (361_000_000, 30, 15_000_000), (10_000_000_000, 40, 250_000_000), (7, 40, 1)],
    ids=["carsi", "narrower", "billions", "tiny"],
)
def test_scales_are_round(largest: int, cells: int, unit: int) -> None:
    """A cell is a round amount, the smallest that fits the largest figure."""
    assert nice_unit(largest, cells) == unit
    assert largest <= unit * cells


def test_bars_in_eighths() -> None:
    """Whole cells, then one partial block."""
    assert bar(8 * 3 + 4) == "███▌" and bar(1) == "▏" and bar(0) == ""


def test_narrow_terminals_get_text(chart: Chart) -> None:
    """Below 60 columns there is no room for bars."""
    assert fits(chart, 59) is None and fits(chart, 80) is not None


def test_text_gives_a_span_one_line(chart: Chart) -> None:
    """As text, the multi-year total is one line with its span; each year of a rate its own line."""
    lines = text_lines(chart)
    assert any(line.startswith("  FY2008-FY2011") and "not split by year" in line for line in lines)
    assert sum(line.startswith(("  FY2009 ", "  FY2010 ", "  FY2011 ")) for line in lines) == 3


def test_piped_chart_is_text(invoke: Invoke) -> None:
    """Piped: plain text, no bars or escapes; notes on stderr as for the table."""
    result = invoke("funding", "--chart")
    assert result.exit_code == 0
    assert "█" not in result.stdout and "\x1b" not in result.stdout
    assert "FY2008-FY2011  $361 million in total over FY2008-FY2011" in result.stdout
    assert "No total:" in result.stderr


@pytest.mark.parametrize(("columns", "bars"), [(80, True), (120, True), (50, False)], ids=["80", "120", "50"])
def test_terminal_chart_draws_bars_when_wide_enough(invoke: Invoke, columns: int, bars: bool) -> None:
    """On a terminal of 80 columns or more, bars and scales; on 50, the text."""
    result = invoke(
        "funding", "--chart", env={"TTY_COMPATIBLE": "1", "COLUMNS": str(columns), "NO_COLOR": "1", "TERM": "xterm"}
    )
    text = ANSI.sub("", result.stdout)
    assert result.exit_code == 0
    assert ("█" in text) is bars and ("scale: █ = $" in text) is bars
    assert all(len(line) <= columns or is_url(line.strip()) for line in text.splitlines())  # a link is whole
    assert "Group of Friends of Central America: more than $650 million" in " ".join(text.split())


def test_chart_is_for_people(invoke: Invoke) -> None:
    """--chart with --format json is a usage error."""
    result = invoke("funding", "--chart", "--format", "json")
    assert result.exit_code == 2 and "leave out --format" in result.stderr
