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
COLLECTIONS = ("programs", "funding", "agencies", "countries", "organizations", "statistics", "events")
STATED = ("where", "funding_trend", "scale", "training_exercise")


def fold(text: str) -> str:
    return " ".join(text.split())


def records(key: str) -> list[dict[str, Any]]:
    """A collection of the model; an absent one is empty."""
    return MODEL.get(key) or []


BY_ID = {record["id"]: record for key in COLLECTIONS for record in records(key)}


def all_quotes() -> list[tuple[str, str]]:
    out = []
    for key in COLLECTIONS:
        for record in records(key):
            out.append((record["id"], record["quote"]))
            out.extend((record["id"], q) for q in record.get("other_quotes", []))
            out.extend((record["id"], role["quote"]) for role in record.get("roles", []))
            out.extend((record["id"], record[f]["quote"]) for f in STATED if f in record)
    return out


def names_and_aliases() -> set[str]:
    found = set()
    for key in COLLECTIONS:
        for record in records(key):
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
    santiago = events["santiago-remarks"]
    assert any("March 21, 2011" in q for q in [santiago["quote"], *santiago["other_quotes"]])
    assert santiago["date"] == "2011-03-21" and "date" not in santiago.get("inferred", {})


# --- Names, headings, links and wording against the text ------------------------------------------------------------

BACKGROUND = "Additional Background on U.S. Efforts in Support of the Central American Citizen Security Partnership:"
HEADINGS = (
    "Reducing domestic illegal drug consumption.",
    "Concerted U.S. domestic law enforcement against transnational crime and gangs.",
    "Direct support for partners through a sustained CARSI commitment.",
    "Cooperation between U.S. federal law enforcement and partner country law enforcement.",
    "Joint and Combined Operations.",
    "Group of Friends of Central America.",
)
# Words of the text that help find a record but are not names the fact sheet gives it.
NOT_NAMES = (
    ("hidta", "HIDTAs"),  # the 28 areas, not the program
    ("sica-security-strategy", "regional security strategy"),  # generic; first used of a strategy still being written
    ("panama", "Panamanian"),  # demonym
    ("guatemala", "Guatemalan"),  # demonym
    ("us-provided-equipment", "maritime interceptor vessels"),  # one part of a set
    ("customs-immigration-screening", "customs and immigration inspectors"),  # the people, not the activity
)
NOT_NAME_WORDS = {term.lower() for _, term in NOT_NAMES}
# The text without the abbreviations it defines in parentheses: "Organized Crime Drug Enforcement Task Force (OCDETF)
# program" writes the name "Organized Crime Drug Enforcement Task Force program".
TEXT_FORMS = (FOLDED, re.sub(r" \([A-Z]+\)", "", FOLDED))


def quotes_of(record: dict[str, Any]) -> list[str]:
    """The record's own quotes (quote and other_quotes), white space folded."""
    return [fold(q) for q in [record["quote"], *record.get("other_quotes", [])]]


def inferred(record: dict[str, Any]) -> dict[str, str]:
    return record.get("inferred") or {}


def names_of(record: dict[str, Any]) -> list[str]:
    """The record's name and aliases, without the words NOT_NAMES says are not names."""
    return [n for n in [record.get("name", ""), *record.get("aliases", [])] if n and n.lower() not in NOT_NAME_WORDS]


def spans(name: str, text: str, *, any_case: bool = False) -> list[tuple[int, int]]:
    """Where `name` is written in `text` as whole words: case as written except the first letter (a name may begin a
    sentence), or in any case."""
    head = re.escape(name[0].lower()) + "|" + re.escape(name[0].upper())
    pattern = rf"(?<!\w)(?:{head}){re.escape(name[1:])}(?!\w)"
    return [m.span() for m in re.finditer(pattern, text, re.IGNORECASE if any_case else 0)]


def written(name: str) -> bool:
    """The fact sheet writes `name` (in the text, or in it with its parenthesized abbreviations left out)."""
    return any(spans(name, text) for text in TEXT_FORMS)


def headings_of(text: str) -> list[str]:
    """Section headings: the leading sentence of each paragraph after the "Additional Background" line, up to the
    first period that follows a lower-case letter (so "U.S." does not end it)."""
    after = text.split(BACKGROUND, 1)[1]
    lines = [line.strip() for line in after.splitlines() if line.strip() and not line.startswith("Source:")]
    return [re.match(r".*?[a-z]\.", line).group(0) for line in lines]  # type: ignore[union-attr]


def heading_spans() -> list[tuple[str, int, int]]:
    return [(h, m.start(), m.end()) for h in HEADINGS for m in re.finditer(re.escape(h), FOLDED)]


def section(heading: str) -> str:
    """The folded text of the section a heading starts, up to the next heading or the attribution."""
    start = FOLDED.index(heading)
    ends = [FOLDED.find(h, start + 1) for h in HEADINGS] + [FOLDED.index("Source: whitehouse.gov")]
    return FOLDED[start : min(e for e in ends if e > start)]


FUNCTION_WORDS = frozenset(
    "about also among been being both does each from have into more most only other over such than that their them "  # noqa: SIM905
    "then there these they this those through upon very were what when where which while whose will with within "
    "without would against".split()
)
SUFFIXES = ("s", "es", "ed", "ing", "ly")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def _stems(word: str) -> set[str]:
    return {word} | {word[: -len(s)] for s in SUFFIXES if word.endswith(s) and len(word) - len(s) >= 3}


def unsupported_words(field: str, quotes: list[str]) -> list[str]:
    """The content words of `field` that the record's quotes do not support.

    Words are the runs of letters a-z of the lower-cased text (so "at-risk" is "at", "risk" and "region's" is
    "region", "s"). Content words are those of 4 or more letters not in FUNCTION_WORDS. The stems of a word are the
    word itself and the word minus each of the endings "s", "es", "ed", "ing", "ly" that it ends with, where at least
    3 letters remain. A content word is supported when one of its stems is a stem of some word of the quotes, or when
    it has 5 or more letters and its first 5 letters are the first 5 letters of some word of the quotes (of 5 or more
    letters). "equip" is supported by "equipping", "bringing" by "brings", "target" by "targeting".
    """
    quote_words = {w for q in quotes for w in _words(q)}
    quote_stems = {stem for w in quote_words for stem in _stems(w)}
    prefixes = {w[:5] for w in quote_words if len(w) >= 5}
    return [
        w
        for w in _words(field)
        if len(w) >= 4
        and w not in FUNCTION_WORDS
        and not (_stems(w) & quote_stems)
        and not (len(w) >= 5 and w[:5] in prefixes)
    ]


def _cases(keys: tuple[str, ...], field: str) -> list[Any]:
    return [pytest.param(r, id=r["id"]) for key in keys for r in records(key) if field in r]


def test_the_headings_are_the_texts() -> None:
    """The six section headings are the leading sentences of the background paragraphs, as written."""
    assert headings_of(TEXT) == list(HEADINGS)


def test_source_place_is_the_dateline() -> None:
    """The source gives the dateline's place, Washington, DC."""
    dateline = re.search(r"^(.+?)–\(ENEWSPF\)–March 6, 2012\.", TEXT, re.MULTILINE)
    assert dateline is not None and dateline.group(1) == "Washington, DC"
    assert MODEL["source"].get("place") == "Washington, DC"


def test_sica_is_an_organization() -> None:
    """The Central American Integration System is an organization record (alias SICA) that its strategy links."""
    assert list(MODEL).index("organizations") == list(MODEL).index("countries") + 1
    orgs = [o for o in records("organizations") if o["name"] == "Central American Integration System"]
    assert len(orgs) == 1
    sica = orgs[0]
    assert sica["kind"] == "regional-body" and sica["aliases"] == ["SICA"]
    assert any("Central American Integration System (SICA)" in q for q in quotes_of(sica))
    assert BY_ID["sica-security-strategy"].get("organizations") == [sica["id"]]


def test_meeting_title_gives_its_topic() -> None:
    """The meeting's title says what it discussed: crime and violence affecting Central America and the Caribbean."""
    topic = "crime and violence affecting Central America and the Caribbean"
    meeting = BY_ID["biden-meeting"]
    assert topic in fold(meeting["quote"]) and topic in fold(meeting["title"])


@pytest.mark.parametrize(
    "passage",
    [
        "As the nations of Central America develop a new regional security strategy",
        "with regional and international partners, we’ll make sure our support is not just well-intentioned, "
        "but is well-coordinated and well-spent",
    ],
    ids=["regional-strategy", "well-spent"],
)
def test_santiago_remark_is_captured(passage: str) -> None:
    """The Santiago remarks quote the new regional strategy and the well-coordinated, well-spent support; the
    record's own quote is what the President said, and its title (the model's) names the speaker and the place
    without paraphrasing his words."""
    remarks = BY_ID["santiago-remarks"]
    assert passage in FOLDED
    assert any(passage in q for q in quotes_of(remarks))
    assert remarks["quote"].startswith("As the nations of Central America")
    title = fold(remarks["title"]).casefold()
    assert "obama" in title and "santiago" in title
    assert not {"strategy", "partnership", "security", "part", "well"} & set(title.split())


def test_carsi_fy2012_quotes_its_whole_sentence() -> None:
    """The FY 2012 CARSI figure quotes the whole sentence, and its purpose keeps at-risk youth and communities."""
    record = BY_ID["carsi-fy2012"]
    sentence = re.search(r"FY 2012’s \$105 million.*?activities\.", FOLDED).group(0)  # type: ignore[union-attr]
    assert fold(record["quote"]) == sentence
    purpose = fold(record["purpose"])
    for phrase in ("at-risk youth", "marginalized communities", "prosecutorial and judicial capacity", "regional"):
        assert phrase in purpose


def test_carsi_total_merge_reason_dates_to_date_and_cites_the_heading() -> None:
    """Reading the two $361 million sentences as one says "to date" is 2012-03-06 and the heading says commitment."""
    record = BY_ID["carsi-fy2008-2011"]
    heading = "Direct support for partners through a sustained CARSI commitment."
    assert heading in HEADINGS and "to date allocated $361 million" in FOLDED
    reason = fold(inferred(record)["kind"])
    assert "to date" in reason and MODEL["source"]["date"] in reason and "commitment" in reason and heading in reason
    assert heading in quotes_of(record)


def test_group_of_friends_money_is_marked_not_us_alone() -> None:
    """The $650 million quotes who the Group of Friends are, and marks "not U.S. money alone" as a reading."""
    record = BY_ID["group-of-friends-commitments"]
    assert "not U.S. money alone" in fold(record["purpose"])
    assert any(q.startswith("Comprised of the United States and 16 partner nations") for q in quotes_of(record))
    assert "money" in inferred(record).get("purpose", "")


@pytest.mark.parametrize("record_id", ["drug-treatment-prevention-fy2009-2011", "drug-programs-fy2012"])
def test_drug_money_marks_domestic_from_the_heading(record_id: str) -> None:
    """A drug-funding purpose's "(U.S. domestic)" comes from the section heading, which is quoted and named."""
    record = BY_ID[record_id]
    heading = "Reducing domestic illegal drug consumption."
    assert "domestic" not in record["quote"]
    assert heading in quotes_of(record) and heading in inferred(record).get("purpose", "")


@pytest.mark.parametrize(
    ("record", "alias"),
    [
        pytest.param(r, a, id=f"{r['id']}:{a}")
        for key in COLLECTIONS
        for r in records(key)
        for a in r.get("aliases", [])
    ],
)
def test_every_alias_is_written_or_explained(record: dict[str, Any], alias: str) -> None:
    """An alias the text does not write (whole words, as cased but the first letter) is named in inferred.aliases."""
    if not written(alias):
        assert spans(alias, inferred(record).get("aliases", "")), f"{alias!r} is not in the text and not explained"


@pytest.mark.parametrize(("record_id", "term"), NOT_NAMES, ids=[f"{i}:{t}" for i, t in NOT_NAMES])
def test_words_that_are_not_names_are_search_terms(record_id: str, term: str) -> None:
    """Demonyms, generic phrases, one part of a set, the people for the activity: search terms, not aliases."""
    assert term in TEXT
    record = BY_ID[record_id]
    assert term.lower() not in {n.lower() for n in [record["name"], *record.get("aliases", [])]}
    assert term in record.get("search_terms", [])


def test_search_terms_are_never_names() -> None:
    """No search term repeats a name or alias of its record, and none is listed twice."""
    with_terms = [r for key in COLLECTIONS for r in records(key) if r.get("search_terms")]
    assert with_terms
    for record in with_terms:
        terms = [t.lower() for t in record["search_terms"]]
        assert len(terms) == len(set(terms)), record["id"]
        assert not set(terms) & {n.lower() for n in [record.get("name", ""), *record.get("aliases", [])]}, record["id"]


@pytest.mark.parametrize("record", _cases(("programs", "agencies", "countries", "organizations"), "name"))
def test_every_name_is_written_or_marked_and_a_heading_name_quotes_its_heading(record: dict[str, Any]) -> None:
    """A name the text does not write is marked inferred; one it writes only as a heading has the heading quoted."""
    name = record["name"]
    if not written(name):
        assert inferred(record).get("name"), f"{name!r} is not in the text and not marked inferred"
        return
    places = spans(name, FOLDED)
    headings = {h for s, e in places for h, hs, he in heading_spans() if hs <= s and e <= he}
    in_headings_only = places and all(any(hs <= s and e <= he for _, hs, he in heading_spans()) for s, e in places)
    if in_headings_only:
        assert headings & set(quotes_of(record)), f"{name!r} is written only as the heading {headings}, not quoted"


LINKS = (
    ("programs", "agencies"),
    ("programs", "countries"),
    ("programs", "participants"),
    ("programs", "organizations"),
    ("events", "agencies"),
    ("events", "countries"),
)


@pytest.mark.parametrize(
    ("record", "field", "linked_id"),
    [
        pytest.param(r, field, linked, id=f"{r['id']}.{field}:{linked}")
        for key, field in LINKS
        for r in records(key)
        for linked in r.get(field, [])
    ],
)
def test_linked_records_are_named_in_the_quotes_or_marked(record: dict[str, Any], field: str, linked_id: str) -> None:
    """A linked agency, country or organization is named (name or alias, no demonym) in the linking record's quotes,
    or the linking record marks the field inferred."""
    if field in inferred(record):
        return
    names = names_of(BY_ID[linked_id])
    assert any(spans(n, q) for n in names for q in quotes_of(record)), f"none of {names} in the quotes"


WORDED = (("programs", "description"), ("organizations", "description"), ("funding", "purpose"))


@pytest.mark.parametrize(
    ("record", "field"),
    [pytest.param(r, field, id=f"{r['id']}.{field}") for key, field in WORDED for r in records(key) if field in r],
)
def test_descriptions_and_purposes_use_their_quotes_words_or_are_marked(record: dict[str, Any], field: str) -> None:
    """Every content word of a description or purpose is supported by the record's quotes (see unsupported_words),
    or the field is marked inferred."""
    if field in inferred(record):
        return
    assert unsupported_words(record[field], quotes_of(record)) == []


@pytest.mark.parametrize("stat", _cases(("statistics",), "id"))
def test_every_statistic_is_listed_under_the_section_it_stands_in(stat: dict[str, Any]) -> None:
    """A statistic's listed_under is a program that quotes a section heading, and the figure's quote is in that
    section."""
    program = BY_ID.get(stat.get("listed_under", ""))
    assert program is not None, "no listed_under"
    headings = [h for h in HEADINGS if h in quotes_of(program)]
    assert len(headings) == 1, program["id"]
    assert fold(stat["quote"]) in section(headings[0])


@pytest.mark.parametrize("stat", _cases(("statistics",), "program"))
def test_a_statistic_links_a_program_its_quote_names(stat: dict[str, Any]) -> None:
    """A statistic's program is named (name or alias, any case, or its plural) in the quote holding the figure, or
    the link is marked inferred."""
    if "program" in inferred(stat):
        return
    names = names_of(BY_ID[stat["program"]])
    quote = fold(stat["quote"])
    assert any(spans(n, quote, any_case=True) or spans(n + "s", quote, any_case=True) for n in names), names


@pytest.mark.parametrize("stat_id", ["drug-use-decline", "cocaine-use-decline", "methamphetamine-use-decline"])
def test_drug_use_declines_are_listed_not_credited(stat_id: str) -> None:
    """The declines in drug use stand in the drug-consumption section; no program is credited with them."""
    stat = BY_ID[stat_id]
    assert "Reducing domestic illegal drug consumption." in quotes_of(BY_ID["drug-demand-reduction"])
    assert stat.get("listed_under") == "drug-demand-reduction"
    assert "program" not in stat


# ---------------------------------------------------------------------------
# Links that mean what queries read them as, and facts stated only in words


@pytest.mark.parametrize(
    ("program_id", "field", "words"),
    [
        ("carsi", "funding_trend", "has remained stable"),
        ("operation-martillo", "scale",
         "the largest coordinated multinational and multiagency effort ever conducted in the hemisphere"),
        ("operation-martillo", "training_exercise", "is not a training exercise"),
        ("operation-martillo", "where", "along the Central American coast"),
    ],
)  # fmt: skip
def test_facts_stated_in_words_quote_the_text(program_id: str, field: str, words: str) -> None:
    """Each stated fact holds the text's own words, within its quote, a sentence of the text that names the program."""
    stated = BY_ID[program_id][field]
    assert stated["words"] == words
    assert words in fold(stated["quote"]) and fold(stated["quote"]) in FOLDED
    assert fold(stated["quote"]).endswith((".", ";", "; and"))  # a whole sentence or bullet, not a fragment
    assert any(n in stated["quote"] for n in names_of(BY_ID[program_id]))


def test_carsi_funding_is_stable_despite_budget_cuts() -> None:
    """The sentence of "has remained stable" is the one that speaks of budget cuts."""
    assert "budget cuts" in BY_ID["carsi"]["funding_trend"]["quote"]


def test_priority_programs_period_is_the_texts() -> None:
    """The eight priority programs are "in the next few months", as their sentence says."""
    stat = BY_ID["group-of-friends-priority-programs"]
    assert stat["period"] == "in the next few months" and stat["period"] in stat["quote"]


def test_carsi_to_date_is_the_fact_sheets_date_and_marked() -> None:
    """The $361 million "to date" runs to the fact sheet's date, inferred from the bullet that says "to date"."""
    figure = BY_ID["carsi-fy2008-2011"]
    assert figure["as_of"] == MODEL["source"]["date"] == "2012-03-06"
    assert "to date" in inferred(figure)["as_of"]
    assert any("has to date allocated $361 million" in q for q in quotes_of(figure))


@pytest.mark.parametrize(("agency_id", "department"), [("cbp", "dhs"), ("ice", "dhs"), ("dea", "doj"),
                                                       ("jiatf-south", "southcom"), ("southcom", "dod")])  # fmt: skip
def test_agency_departments_are_recorded_and_marked_inferred(agency_id: str, department: str) -> None:
    """An agency's department is recorded, and marked inferred: the text never writes it as the owner."""
    agency = BY_ID[agency_id]
    assert agency["part_of"] == department
    assert "part_of" in inferred(agency)
    owner = [n for n in names_of(BY_ID[department])]
    assert not any(f"{o}’s {n}" in FOLDED for o in owner for n in names_of(agency))


def test_the_united_states_takes_part_and_leads_rather_than_hosts() -> None:
    """Martillo and the Group of Friends have the United States as a participant, not as where the work happens."""
    for program_id in ("operation-martillo", "group-of-friends"):
        program = BY_ID[program_id]
        assert program.get("participants") == ["united-states"] and "united-states" not in program.get("countries", [])
    parts = {role.get("program"): role.get("part") for role in BY_ID["united-states"]["roles"]}
    assert parts["operation-martillo"] == "leader" and "U.S.-led" in FOLDED
    assert parts["group-of-friends"] == "participant"


@pytest.mark.parametrize(
    ("country_id", "index"),
    [pytest.param(c["id"], i, id=f"{c['id']}.roles[{i}]") for c in records("countries")
     for i, role in enumerate(c.get("roles", [])) if role.get("program")],
)  # fmt: skip
def test_a_role_is_tied_to_a_program_its_own_quote_is_about(country_id: str, index: int) -> None:
    """A role's quote is part of one of its program's quotes, or names the program: never only through an event."""
    role = BY_ID[country_id]["roles"][index]
    program = BY_ID[role["program"]]
    quote = fold(role["quote"])
    assert any(quote in fold(q) or fold(q) in quote for q in quotes_of(program)) or any(
        n.lower() in quote.lower() for n in names_of(program)
    )


def test_the_meetings_attendees_are_not_partnership_countries() -> None:
    """The Biden meeting's sentence does not name the Partnership: no attendee's meeting role is tied to it."""
    meeting = BY_ID["biden-meeting"]
    assert "Partnership" not in meeting["quote"]
    for country_id in meeting["countries"]:
        for role in BY_ID[country_id]["roles"]:
            if role.get("event") == "biden-meeting":
                assert "program" not in role and role.get("part") == "participant"
