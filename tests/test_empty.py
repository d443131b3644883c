"""An empty answer says why: one line on stderr for people, `[]` or a CSV header for programs."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable

import pytest

from carsi_cli.model.records import COLLECTION, FactSheet, ProgramKind, RecordType
from carsi_cli.query import empty
from conftest import SOURCE_TEXT, Invoke

Why = Callable[[FactSheet], str]

# Every list command with a filter that leaves nothing, and the explanation query.empty gives for it.
EMPTY: list[tuple[list[str], Why]] = [
    (["funding", "--country", "panama"], lambda s: empty.no_funding(s, country="panama")),
    (["funding", "--program", "martillo"], lambda s: empty.no_funding(s, program="martillo")),
    (["funding", "--fy", "2005"], lambda s: empty.no_funding(s, 2005, 2005)),
    (["funding", "--from", "2014", "--program", "carsi"], lambda s: empty.no_funding(s, 2014, None, "carsi")),
    (["agencies", "list", "--program", "carsi"], lambda s: empty.no_agencies(s, "carsi")),
    (["stats", "--program", "drug-demand-reduction"], lambda s: empty.no_statistics(s, "drug-demand-reduction")),
    (["countries", "list", "--program", "carsi"], lambda s: empty.no_countries(s, "carsi")),
    (["programs", "list", "--country", "chile"], lambda s: empty.no_programs(s, country="chile")),
    (
        ["programs", "list", "--agency", "dea", "--kind", "strategy"],
        lambda s: empty.no_programs(s, agency="dea", kind=ProgramKind.STRATEGY),
    ),
    (["search", "zzzqqxx"], lambda s: "No record matches 'zzzqqxx'."),
    (["search", "martillo", "--type", "statistic"], lambda s: _search_why(s, "martillo", RecordType.STATISTIC)),
]


def _search_why(sheet: FactSheet, text: str, rtype: RecordType) -> str:
    from carsi_cli.query import search

    return search.notes(search.search(sheet, text, [rtype]), text)[0]


IDS = [" ".join(args) for args, _ in EMPTY]
PEOPLE = {
    "terminal": ([], {"TTY_COMPATIBLE": "1"}),
    "piped": ([], {"TTY_COMPATIBLE": "0"}),
    "markdown": (["--format", "markdown"], {"TTY_COMPATIBLE": "0"}),
}


@pytest.mark.parametrize("mode", list(PEOPLE))
@pytest.mark.parametrize(("args", "why"), EMPTY, ids=IDS)
def test_an_empty_list_for_people_says_why_in_one_line(
    invoke: Invoke, sheet: FactSheet, args: list[str], why: Why, mode: str
) -> None:
    """On a terminal, piped or as Markdown: nothing on stdout, status 0, and the one line on stderr."""
    extra, env = PEOPLE[mode]
    result = invoke(*args, *extra, env=env)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == why(sheet) + "\n"


@pytest.mark.parametrize(("args", "why"), EMPTY, ids=IDS)
def test_an_empty_list_for_programs_is_an_empty_list(invoke: Invoke, args: list[str], why: Why) -> None:
    """JSON is [], CSV a header alone, with nothing on stderr and status 0."""
    as_json = invoke(*args, "--format", "json")
    assert (as_json.exit_code, json.loads(as_json.stdout), as_json.stderr) == (0, [], "")
    as_csv = invoke(*args, "--format", "csv")
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert (as_csv.exit_code, len(rows), as_csv.stderr) == (0, 1, "")
    assert "id" in rows[0]


def test_funding_in_a_country_names_the_figures_that_name_no_country(sheet: FactSheet) -> None:
    """`funding --country panama`: CARSI's figures name no country, and their quotes indeed do not name Panama."""
    why = empty.no_funding(sheet, country="panama")
    assert why.startswith("The fact sheet gives no funding figure for a program in Panama; ")
    carsi = next(p for p in sheet.programs if p.id == "carsi")
    assert "CARSI" in carsi.aliases and "CARSI's figures name no country" in why
    text = SOURCE_TEXT.read_text(encoding="utf-8")
    for figure in (f for f in sheet.funding if f.program == "carsi"):
        assert figure.quote in text
        assert "Panam" not in figure.quote  # the money goes to "the region", no country named


def test_funding_for_years_no_figure_covers_names_the_years_the_figures_cover(sheet: FactSheet) -> None:
    """`funding --fy 2005`: the spans named are exactly those of the dated figures, and the undated one is named."""
    why = empty.no_funding(sheet, 2005, 2005)
    assert why.startswith("No funding figure covers FY2005; ")
    spans = {
        f"FY{f.fy_start}" if f.fy_start == f.fy_end else f"FY{f.fy_start}-FY{f.fy_end}"
        for f in sheet.funding
        if f.dated
    }
    assert set(re.findall(r"FY\d{4}(?:-FY\d{4})?", why.split(";", 1)[1])) == spans
    assert all(f.id in why for f in sheet.funding if not f.dated)


def test_statistics_of_a_program_name_those_in_its_section(sheet: FactSheet) -> None:
    """`stats --program drug-demand-reduction`: none is about it; those in its section are named."""
    why = empty.no_statistics(sheet, "drug-demand-reduction")
    nearby = [s for s in sheet.statistics if s.listed_under == "drug-demand-reduction"]
    assert nearby and all(s.program != "drug-demand-reduction" for s in nearby)
    assert all(s.id in why for s in nearby)


def test_statistics_of_a_program_with_money_names_its_figures(sheet: FactSheet) -> None:
    """`stats --program carsi`: no statistic, but its funding figures are named."""
    why = empty.no_statistics(sheet, "carsi")
    assert why.startswith("The fact sheet gives no statistic about CARSI; ")
    assert all(f.id in why for f in sheet.funding if f.program == "carsi")


def test_agencies_of_a_program_name_the_programs_listed_under_it_that_have_some(sheet: FactSheet) -> None:
    """`agencies list --program` of a program with none names the programs under it that name agencies."""
    parent = "law-enforcement-cooperation"
    cut = sheet._replace(
        programs=tuple(p._replace(agencies=()) if p.id == parent else p for p in sheet.programs),
    )
    why = empty.no_agencies(cut, parent)
    under = [p.id for p in cut.programs if p.listed_under == parent and p.agencies]
    assert under and f"programs listed under it do: {under[0]}" in why


def test_programs_with_two_filters_say_which_left_nothing(sheet: FactSheet) -> None:
    """An agency in a country, or a kind with an agency: the sentence names both and what there is instead."""
    in_panama = empty.no_programs(sheet, country="panama", agency="dea")
    assert in_panama.startswith(
        "The fact sheet names no program in Panama that DEA takes part in; the programs in Panama"
    )
    of_kind = empty.no_programs(sheet, agency="dea", kind=ProgramKind.STRATEGY)
    kinds = {p.kind.value for p in sheet.programs if "dea" in p.agencies}
    assert of_kind.startswith("The fact sheet names no strategy that DEA takes part in; ")
    assert all(k in of_kind for k in kinds)


@pytest.mark.parametrize("rtype", list(RecordType), ids=str)
def test_a_model_without_records_says_so(rtype: RecordType) -> None:
    """A data file with none of a collection: the sentence says the file has none."""
    assert empty.nothing_at_all(rtype) == f"The data file has no {COLLECTION[rtype].key}."


def test_a_search_of_one_type_that_finds_nothing_names_the_types_that_hold_the_words(sheet: FactSheet) -> None:
    """`search martillo --type statistic`: no statistic, and the counts of the other types that match."""
    from carsi_cli.query import search

    narrowed = search.search(sheet, "martillo", [RecordType.STATISTIC])
    everywhere = search.search(sheet, "martillo")
    assert narrowed.hits == ()
    counted = dict(narrowed.elsewhere)
    assert sum(counted.values()) == everywhere.total
    assert counted == {t: sum(1 for h in everywhere.hits if h.type is t) for t in {h.type for h in everywhere.hits}}
    line = search.notes(narrowed, "martillo")[0]
    assert line.startswith("No record of the types asked matches 'martillo'; ") and line.endswith("leave out --type.")
