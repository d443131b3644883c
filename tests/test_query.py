"""Pure queries over the model."""

from __future__ import annotations

import pytest

from carsi_cli.errors import NotFoundError
from carsi_cli.model.records import Basis, Event, FactSheet, FundingKind, ProgramKind, Qualifier, RecordType
from carsi_cli.query.funding import report as funding
from carsi_cli.query.funding import total
from carsi_cli.query.lookup import lookup
from carsi_cli.query.records import (
    agency_detail,
    country_detail,
    program_detail,
    programs,
    statistics,
    timeline,
    timeline_notes,
)
from carsi_cli.query.search import search
from conftest import SOURCE_TEXT, fig

TEXT = " ".join(SOURCE_TEXT.read_text(encoding="utf-8").split())


@pytest.mark.parametrize(
    ("rtype", "text", "expected"),
    [
        (RecordType.PROGRAM, "carsi", "carsi"),
        (RecordType.PROGRAM, "CARSI", "carsi"),
        (RecordType.PROGRAM, "Central America Regional Security Initiative", "carsi"),
        (RecordType.PROGRAM, "martillo", "operation-martillo"),
        (RecordType.PROGRAM, "  operation   MARTILLO ", "operation-martillo"),
        (RecordType.AGENCY, "dea", "dea"),
        (RecordType.AGENCY, "Drug Enforcement Administration", "dea"),
        (RecordType.AGENCY, "JIATF-South", "jiatf-south"),
        (RecordType.COUNTRY, "Panamá", "panama"),
        (RecordType.COUNTRY, "PANAMA", "panama"),
        (RecordType.COUNTRY, "el salvador", "el-salvador"),
    ],
)
def test_lookup_ignores_case_accents_and_spacing(sheet: FactSheet, rtype: RecordType, text: str, expected: str) -> None:
    assert lookup(sheet, rtype, text).id == expected


def test_unknown_id_suggests_the_closest(sheet: FactSheet) -> None:
    with pytest.raises(
        NotFoundError, match=r"no program matches 'martilo'; did you mean 'Martillo' \(operation-martillo\)\?"
    ):
        lookup(sheet, RecordType.PROGRAM, "martilo")


def test_unknown_id_without_close_names_points_to_the_list(sheet: FactSheet) -> None:
    with pytest.raises(NotFoundError, match=r"no country matches 'zzzz' \(see `carsi countries list`\)"):
        lookup(sheet, RecordType.COUNTRY, "zzzz")


def test_programs_by_country_include_roles(sheet: FactSheet) -> None:
    """Panama's programs: the units there and the Tocumen program; not the Partnership, which the quote of
    the meeting its President attended does not name."""
    ids = {p.id for p in programs(sheet, country="Panamá")}
    assert ids == {"specialized-units", "joint-security-program-tocumen"}
    for phrase in (
        "specialized units in Guatemala, Honduras, El Salvador, Costa Rica, and Panama",
        "Panamanian counterparts",
    ):
        assert phrase in TEXT


def test_programs_by_agency_and_kind(sheet: FactSheet) -> None:
    assert {p.id for p in programs(sheet, agency="DEA")} == {"operation-martillo", "domestic-law-enforcement"}
    assert {p.id for p in programs(sheet, agency="treasury")} == {
        "asset-forfeiture",
        "law-enforcement-cooperation",
        "domestic-law-enforcement",
    }
    assert "DEA and DOJ personnel" in TEXT and "The Drug Enforcement Administration (DEA)" in TEXT
    assert {p.id for p in programs(sheet, kind=ProgramKind.OPERATION)} == {"operation-martillo"}
    assert programs(sheet, agency="dea", kind=ProgramKind.STRATEGY) == []


def test_program_detail_gathers_what_refers_to_it(sheet: FactSheet) -> None:
    detail = program_detail(sheet, "carsi")
    assert {f.id for f in detail.funding} == {"carsi-fy2008-2011", "carsi-fy2012"}
    assert detail.listed_under is not None
    assert detail.listed_under.id == "cacsp"
    martillo = program_detail(sheet, "martillo")
    assert {a.id for a in martillo.agencies} == {"jiatf-south", "southcom", "dod", "dhs", "dea", "doj", "us-embassies"}
    assert [e.id for e in martillo.events] == ["martillo-begins"]


def test_agency_and_country_details(sheet: FactSheet) -> None:
    assert [p.id for p in agency_detail(sheet, "cbp").programs] == ["joint-security-program-tocumen"]
    salvador = country_detail(sheet, "El Salvador")
    assert {e.id for e in salvador.events} == {"biden-meeting", "partnership-launch"}
    assert len(salvador.country.roles) == 3


def test_funding_for_2010_shows_the_multi_year_total_as_a_total(sheet: FactSheet) -> None:
    """FY2010: the FY2008-2011 CARSI total, flagged as not FY2010 money, beside the per-year drug figure; no total."""
    report = funding(sheet, 2010, 2010)
    assert [f.id for f in report.records] == ["carsi-fy2008-2011", "drug-treatment-prevention-fy2009-2011"]
    carsi = report.records[0]
    assert (carsi.amount_usd, carsi.basis, carsi.fy_start, carsi.fy_end) == (361_000_000, Basis.TOTAL, 2008, 2011)
    straddling = next(n for n in report.notes if "not money for FY2010 alone" in n.text)
    assert straddling.ids == ("carsi-fy2008-2011",) and "carsi-fy2008-2011" in straddling.text
    rate = next(n for n in report.notes if "rate for each of those years, not a sum" in n.text)
    assert rate.ids == ("drug-treatment-prevention-fy2009-2011",)
    assert report.total is None
    assert report.notes[-1].text.startswith("No total:")
    assert report.notes[-1].ids == ()  # about adding them all: it concerns every figure shown


def test_funding_for_2012(sheet: FactSheet) -> None:
    report = funding(sheet, 2012, 2012)
    assert {(f.id, f.amount_usd) for f in report.records} == {
        ("carsi-fy2012", 105_000_000),
        ("drug-programs-fy2012", 10_000_000_000),
    }
    assert "$105 million" in TEXT and "More than $10 billion dollars was committed in FY 2012" in TEXT
    assert report.total is None
    assert "spans overlap" in report.notes[-1].text


def test_funding_range_and_program(sheet: FactSheet) -> None:
    assert [f.id for f in funding(sheet, 2011, None, "carsi").records] == ["carsi-fy2008-2011", "carsi-fy2012"]
    assert funding(sheet, 2013, None).records == ()
    assert funding(sheet, None, 2007).records == ()


def test_funding_without_filter_flags_undated(sheet: FactSheet) -> None:
    report = funding(sheet)
    assert len(report.records) == len(sheet.funding)
    undated = next(n for n in report.notes if "no fiscal year" in n.text)
    assert undated.ids == ("group-of-friends-commitments",)


def test_undated_figures_never_match_a_year(sheet: FactSheet) -> None:
    for year in range(2000, 2020):
        assert "group-of-friends-commitments" not in {f.id for f in funding(sheet, year, year).records}


def test_total_adds_only_sound_figures() -> None:
    """Same kind, totals, exact, non-overlapping spans: added; otherwise the reasons."""
    found, reasons = total([fig("a", 361, 2008, 2011), fig("b", 105, 2012, 2012)])
    assert reasons == [] and found is not None
    assert (found.amount_usd, found.fy_start, found.fy_end, found.qualifier) == (466, 2008, 2012, Qualifier.EXACT)

    found, reasons = total([fig("a", 1, 2008, 2011), fig("b", 2, 2011, 2012)])
    assert found is None and "spans overlap" in reasons[0]
    found, reasons = total([fig("a", 1, 2008, 2008), fig("b", 2, 2009, 2009, basis=Basis.PER_YEAR)])
    assert found is None and "per-year rate" in reasons[0]
    found, reasons = total([fig("a", 1, 2008, 2008), fig("b", 2, 2009, 2009, kind=FundingKind.COMMITTED)])
    assert found is None and "different kinds" in reasons[0]
    found, reasons = total([fig("a", 1, None, None), fig("b", 2, 2009, 2009)])
    assert found is None and "gives no fiscal year" in reasons[0]
    found, reasons = total([fig("a", 1, 2008, 2008), fig("b", 2, 2009, 2009, qualifier=Qualifier.APPROXIMATELY)])
    assert found is None and "approximate" in reasons[0]
    found, _ = total([fig("a", 1, 2008, 2008), fig("b", 2, 2009, 2009, qualifier=Qualifier.MORE_THAN)])
    assert found is not None and found.qualifier is Qualifier.MORE_THAN
    assert total([fig("a", 1, 2008, 2008)]) == (None, [])


def test_search_hidta_shows_the_passage(sheet: FactSheet) -> None:
    """`search hidta` ranks the HIDTA program first and shows "28 HIDTAs across 46 States"."""
    result = search(sheet, "hidta")
    first = result.hits[0]
    assert (first.type, first.id) == (RecordType.PROGRAM, "hidta")
    assert "28 HIDTAs across 46 States" in first.snippet
    assert [first.snippet[a:b] for a, b in first.spans] == ["HIDTAs"]


def test_search_is_accent_and_case_insensitive(sheet: FactSheet) -> None:
    assert search(sheet, "Panamá").hits[0].id == "panama"
    assert {h.id for h in search(sheet, "PANAMA").hits} == {h.id for h in search(sheet, "panamá").hits}
    assert search(sheet, "President's").total == search(sheet, "President’s").total > 0


def test_search_martillo(sheet: FactSheet) -> None:
    result = search(sheet, "martillo")
    assert result.hits[0].id == "operation-martillo"
    assert "martillo-begins" in {h.id for h in result.hits}
    for hit in result.hits:
        assert all(hit.snippet[a:b].lower() == "martillo" for a, b in hit.spans)


def test_search_types_and_limit(sheet: FactSheet) -> None:
    result = search(sheet, "martillo", types=[RecordType.AGENCY], limit=1)
    assert [h.type for h in result.hits] == [RecordType.AGENCY]
    assert result.total > 1


def test_search_all_words_when_the_phrase_is_missing(sheet: FactSheet) -> None:
    result = search(sheet, "treasury justice")
    assert "asset-forfeiture" in {h.id for h in result.hits}


def test_search_suggests_close_names(sheet: FactSheet) -> None:
    """A word too far from any to be read as a misspelling finds nothing and gets the close names."""
    result = search(sheet, "marrtiyo")
    assert result.hits == () and "Martillo" in result.suggestions


@pytest.mark.parametrize("query", ["", "   ", "[red]", "*", "\\", ".*", "a" * 5000])
def test_search_takes_metacharacters_literally(sheet: FactSheet, query: str) -> None:
    """Regex and markup characters are plain text (none occurs in the model); blank queries match nothing."""
    assert search(sheet, query).total == 0


def test_timeline_is_oldest_first(sheet: FactSheet) -> None:
    assert [e.id for e in timeline(sheet)] == [
        "partnership-launch",
        "santiago-remarks",
        "martillo-begins",
        "biden-meeting",
    ]


def test_statistics_by_program(sheet: FactSheet) -> None:
    assert {s.id for s in statistics(sheet, "HIDTA")} == {"hidta-count", "hidta-states"}


def test_overlap_sweep_agrees_with_every_pair() -> None:
    """The sort-and-sweep finds an overlap exactly when some pair of spans overlaps."""
    import random
    from itertools import combinations

    from carsi_cli.query.funding import _overlapping_pairs

    rng = random.Random(7)
    for _ in range(500):
        figures = []
        for i in range(rng.randint(0, 8)):
            start = rng.randint(2000, 2012)
            figures.append(fig(f"f{i}", 1, start, start + rng.randint(0, 3)))
        brute = [
            (a, b)
            for a, b in combinations(figures, 2)
            if a.fy_start <= b.fy_end and b.fy_start <= a.fy_end  # type: ignore[operator]
        ]
        found = _overlapping_pairs(figures, limit=10**6)
        assert bool(found) == bool(brute)
        for a, b in found:
            assert a.fy_start <= b.fy_end and b.fy_start <= a.fy_end  # type: ignore[operator]


def test_notes_summarise_many_figures() -> None:
    """Beyond three figures, a note names three and counts the rest."""
    figures = tuple(fig(f"f{i}", 1, 2008, 2011) for i in range(10))
    sheet = FactSheet(source=None, funding=figures)  # type: ignore[arg-type]
    notes = funding(sheet, 2010, 2010).notes
    assert notes[0].text.startswith("f0, f1, f2 and 7 more are multi-year totals, not money for FY2010 alone")
    assert notes[0].ids == tuple(f"f{i}" for i in range(10))  # every figure it counts, named or not
    assert notes[0].of_each.startswith("A multi-year total, not money for FY2010 alone;")  # said of each of them
    assert len(notes) == 2


def test_a_near_miss_of_an_id_is_named_once(sheet: FactSheet) -> None:
    """A suggestion that is itself an id is not repeated in brackets; a name is followed by its id."""
    with pytest.raises(NotFoundError, match=r"did you mean 'joint-security-program-tocumen'\? \(see"):
        lookup(sheet, RecordType.PROGRAM, "joint-security-program-tocumn")
    with pytest.raises(NotFoundError, match=r"did you mean 'DEA' \(dea\)\? \(see"):
        lookup(sheet, RecordType.AGENCY, "ddea")


def test_a_programs_detail_holds_exactly_what_refers_to_it(sheet: FactSheet) -> None:
    """Every program's detail lists the programs listed under it and the statistics about it, and no others."""
    for program in sheet.programs:
        detail = program_detail(sheet, program.id)
        assert {p.id for p in detail.listed_here} == {p.id for p in sheet.programs if p.listed_under == program.id}
        assert {s.id for s in detail.statistics} == {s.id for s in sheet.statistics if s.program == program.id}
    assert program_detail(sheet, "cacsp").listed_here, "the Partnership lists programs under it"


def test_an_agencys_detail_holds_exactly_its_events(sheet: FactSheet) -> None:
    """Every agency's detail lists the events that name it or one of its parts, and no others."""
    for agency in sheet.agencies:
        detail = agency_detail(sheet, agency.id)
        ids = {agency.id} | {a.id for a in detail.parts}
        assert {e.id for e in detail.events} == {e.id for e in sheet.events if ids & set(e.agencies)}


def _event(eid: str, date: str) -> Event:
    return Event(eid, date, "title", "quote", "s")


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        pytest.param(
            {"m": "2011-03", "d": "2011-03-21"},
            [
                (
                    "m is dated only to 2011-03; the fact sheet does not say whether it came before or after d.",
                    ("m", "d"),
                )
            ],
            id="a-month-beside-a-day",
        ),
        pytest.param(
            {"y": "2011", "d": "2011-03-21", "e": "2011-05"},
            [
                (
                    "y is dated only to 2011; the fact sheet does not say whether it came before or after d, e.",
                    ("y", "d", "e"),
                ),
            ],
            id="a-year-beside-a-day-and-a-month",
        ),
        pytest.param({"a": "2011-03", "b": "2011-03"}, [], id="two-months-alike"),
        pytest.param({"a": "2011-03-21", "b": "2011-03-21"}, [], id="two-days-alike"),
        pytest.param({"m": "2011-03", "d": "2012-03-21"}, [], id="another-year"),
    ],
)
def test_timeline_notes_say_where_the_order_is_unknown(
    dates: dict[str, str], expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    """An event dated only to a month or a year gets a note naming the events dated within it, and only then."""
    notes = timeline_notes([_event(eid, date) for eid, date in dates.items()])
    assert [(note.text, note.ids) for note in notes] == expected
