"""The bundled model against the fact sheet's text, checked independently of carsi's own loader."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import DATA_DIR, SOURCE_TEXT

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "factsheet-2012-03-06.txt"
TEXT = SOURCE_TEXT.read_text(encoding="utf-8")
FOLDED = " ".join(TEXT.split())
MODEL: dict[str, Any] = yaml.safe_load((DATA_DIR / "factsheet.yaml").read_text(encoding="utf-8"))
COLLECTIONS = ("programs", "funding", "agencies", "countries", "statistics", "events")


def fold(text: str) -> str:
    return " ".join(text.split())


def all_quotes() -> list[tuple[str, str]]:
    out = []
    for key in COLLECTIONS:
        for record in MODEL[key]:
            out.append((record["id"], record["quote"]))
            out.extend((record["id"], q) for q in record.get("other_quotes", []))
            out.extend((record["id"], role["quote"]) for role in record.get("roles", []))
    return out


def names_and_aliases() -> set[str]:
    found = set()
    for key in COLLECTIONS:
        for record in MODEL[key]:
            found.add(record["id"].lower())
            for name in [record.get("name", ""), *record.get("aliases", [])]:
                found.add(name.lower())
    return found


@pytest.mark.skipif(not SEED.exists(), reason="the seed copy of the fact sheet is not beside this checkout")
def test_shipped_text_is_the_seed_without_page_chrome() -> None:
    """data/factsheet.txt is the seed text minus 'National' above and 'ARCHIVES' below."""
    seed = SEED.read_text(encoding="utf-8")
    lines = seed.split("\n")
    assert lines[0] == "National"
    assert lines[-1] == "ARCHIVES"
    assert "\n".join(lines[1:-1]).strip("\n") + "\n" == TEXT


def test_shipped_text_is_the_fact_sheet() -> None:
    """The shipped text starts with the title and ends with the attribution, no chrome."""
    assert TEXT.startswith("FACT SHEET: The Central American Citizen Security Partnership")
    assert TEXT.rstrip().endswith("Source: whitehouse.gov")
    assert "ARCHIVES" not in TEXT


@pytest.mark.parametrize(("record_id", "quote"), all_quotes(), ids=lambda v: str(v)[:40])
def test_every_quote_occurs_in_the_source(record_id: str, quote: str) -> None:
    """Each quote is an exact passage of the fact sheet (white space folded)."""
    assert fold(quote) in FOLDED, record_id


def _dollar_figures(text: str) -> list[tuple[int, str]]:
    scale = {"million": 10**6, "billion": 10**9}
    found = []
    for match in re.finditer(r"\$(\d+) (million|billion)", text):
        found.append((int(match.group(1)) * scale[match.group(2)], match.group(0)))
    return found


def test_every_dollar_figure_of_the_text_is_a_funding_record() -> None:
    """Every "$N million/billion" in the fact sheet is some funding record's amount, in a quote of that record."""
    figures = _dollar_figures(TEXT)
    assert len(figures) == 7  # $361M twice, $105M, $10B twice, $650M twice
    for amount, phrase in figures:
        holders = [
            f
            for f in MODEL["funding"]
            if f["amount_usd"] == amount and any(phrase in fold(q) for q in [f["quote"], *f.get("other_quotes", [])])
        ]
        assert holders, phrase


@pytest.mark.parametrize("phrase", ["Billions of dollars to reduce the demand", "millions of dollars of U.S. provided"])
def test_unquantified_money_stays_in_a_program_quote(phrase: str) -> None:
    """Money the text gives no number for is not a funding record, but it is quoted."""
    assert phrase in TEXT
    quotes = [q for p in MODEL["programs"] for q in [p["quote"], *p.get("other_quotes", [])]]
    assert any(phrase in q for q in quotes)


def test_funding_records_are_the_distinct_figures() -> None:
    """One record per distinct figure: the two mentions of $361 million are one record, not two."""
    amounts = sorted((f["amount_usd"], f.get("fy_start"), f.get("fy_end")) for f in MODEL["funding"])
    assert len(amounts) == len(set(amounts))
    assert len([f for f in MODEL["funding"] if f["amount_usd"] == 361_000_000]) == 1


def test_fiscal_years_match_the_text() -> None:
    """Spans and bases as the text states them: FY2008-2011 total, FY2009-2011 per year, $650M undated."""
    by_id = {f["id"]: f for f in MODEL["funding"]}
    carsi = by_id["carsi-fy2008-2011"]
    assert "From FY 2008 – 2011" in carsi["quote"]
    assert (carsi["fy_start"], carsi["fy_end"], carsi["basis"]) == (2008, 2011, "total")
    drugs = by_id["drug-treatment-prevention-fy2009-2011"]
    assert "(FY 2009-2011)" in drugs["quote"] and "per year" in drugs["quote"]
    assert (drugs["fy_start"], drugs["fy_end"], drugs["basis"], drugs["qualifier"]) == (
        2009,
        2011,
        "per_year",
        "more_than",
    )
    friends = by_id["group-of-friends-commitments"]
    assert "FY" not in friends["quote"]
    assert friends.get("fy_start") is None and friends.get("fy_end") is None
    assert friends["qualifier"] == "more_than" and "more than $650 million" in friends["quote"]


def test_every_abbreviation_the_text_defines_names_a_record() -> None:
    """Each "(ABBR)" the text introduces (DOD, DOJ, DHS, CARSI, SICA, DEA, OCDETF, HIDTA) is a word
    of some record's name or aliases, so that lookups and search find it."""
    defined = set(re.findall(r"\(([A-Z][A-Za-z]+)\)", TEXT)) - {"ENEWSPF"}
    assert defined >= {"DOD", "DOJ", "DHS", "CARSI", "SICA", "DEA", "OCDETF", "HIDTA"}
    words = {word for name in names_and_aliases() for word in re.findall(r"[a-z]+", name)}
    assert {d for d in defined if d.lower() not in words} == set()


@pytest.mark.parametrize(
    "country",
    [
        "Honduras",
        "Guatemala",
        "El Salvador",
        "Nicaragua",
        "Costa Rica",
        "Panama",
        "Dominican Republic",
        "Chile",
        "United States",
    ],
)
def test_every_country_named_is_a_record(country: str) -> None:
    """Every country the text names has a record."""
    assert country in TEXT
    assert country in {c["name"] for c in MODEL["countries"]}


@pytest.mark.parametrize(
    "phrase",
    [
        "28 HIDTAs",
        "46 States",
        "roughly one-third",
        "39 percent",
        "cut by half",
        "16 partner nations",
        "22 programs",
        "Eight priority programs",
        "seven countries of Central America",
    ],
)
def test_every_statistic_of_the_text_is_modelled(phrase: str) -> None:
    """Every non-monetary figure of the text is a statistic whose phrase and quote hold it."""
    assert phrase in TEXT
    holders = [s for s in MODEL["statistics"] if s["phrase"] == phrase and phrase in s["quote"]]
    assert len(holders) == 1


@pytest.mark.parametrize(
    "agency",
    [
        "Department of Defense",
        "Drug Enforcement Administration",
        "U.S. Customs and Border Protection",
        "U.S. Immigration and Customs Enforcement",
        "Joint Interagency Task Force-South",
        "U.S. Southern Command",
    ],
)
def test_every_agency_named_is_a_record(agency: str) -> None:
    """The U.S. agencies the text names in full are agency records."""
    assert agency in TEXT
    assert agency in {a["name"] for a in MODEL["agencies"]}


def test_inferred_dates_are_marked() -> None:
    """Dates the text only implies ("This past January", "earlier today") are marked inferred."""
    events = {e["id"]: e for e in MODEL["events"]}
    for event_id, phrase in (("martillo-begins", "This past January"), ("biden-meeting", "earlier today")):
        assert phrase in events[event_id]["quote"]
        assert "date" in events[event_id]["inferred"]
    assert "March 21, 2011" in events["santiago-remarks"]["quote"]
    assert events["santiago-remarks"]["date"] == "2011-03-21"
