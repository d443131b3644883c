"""Search: ranking, the words that count, numbers and years, records found
through their program, passages and the kept index. Core functions, called directly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carsi_cli.model.records import Agency, AgencyKind, FactSheet, Program, ProgramKind, RecordType, Source
from carsi_cli.query import ftsindex
from carsi_cli.query.reading import parse
from carsi_cli.query.records import program_detail
from carsi_cli.query.search import notes, search
from conftest import SOURCE_TEXT, Invoke, carsi_process

TEXT = " ".join(SOURCE_TEXT.read_text(encoding="utf-8").split())


def ids(sheet: FactSheet, text: str, **kwargs: object) -> list[str]:
    return [hit.id for hit in search(sheet, text, **kwargs).hits]  # type: ignore[arg-type]


def tiny(*programs: tuple[str, str, str]) -> FactSheet:
    """A model of a few programs: (id, name, quote)."""
    source = Source("s", "t", "2012", "p", "c")
    return FactSheet(
        source,
        programs=tuple(Program(i, name, ProgramKind.PROGRAM, "", quote, "s") for i, name, quote in programs),
    )


def test_more_of_the_words_rank_above_fewer_in_a_name() -> None:
    """A record holding all three words in a quote ranks above one holding two in its name."""
    sheet = tiny(("named", "Alpha Beta", "nothing here"), ("quoted", "Other", "alpha and beta and gamma"))
    assert ids(sheet, "alpha beta gamma") == ["quoted", "named"]


def test_at_equal_coverage_a_name_ranks_above_a_quote() -> None:
    """The same word in a name counts more than in a passage, however long the passage."""
    sheet = tiny(("passing", "Other", "gamma " + "word " * 3), ("named", "Gamma Program", "x " * 200))
    assert ids(sheet, "gamma") == ["named", "passing"]


def test_a_record_must_hold_most_of_the_words_or_half_when_none_does() -> None:
    """Most of the words some record holds (more than half) when some record holds that many, else half,
    never fewer; a word no record holds does not count."""
    sheet = tiny(("a", "One", "alpha"), ("b", "Two", "alpha beta"), ("c", "Three", "gamma"))
    assert ids(sheet, "alpha beta") == ["b"]
    assert ids(sheet, "alpha beta gamma") == ["b"]
    assert sorted(ids(sheet, "alpha gamma")) == ["a", "b", "c"]
    assert sorted(ids(sheet, "beta gamma delta")) == ["b", "c"]
    assert ids(sheet, "alpha beta delta epsilon") == ["b"]


def test_the_whole_phrase_ranks_above_its_words_apart() -> None:
    """Both hold both words; the one that writes them as the query does comes first."""
    sheet = tiny(("apart", "One", "human smuggling and trafficking"), ("phrase", "Two", "human trafficking rings"))
    assert ids(sheet, "human trafficking") == ["phrase", "apart"]


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("when did martillo begin", ("martillo", "begin")),
        ("How many HIDTAs are there?", ("hidtas",)),
        ("the", ("the",)),
        ("U.S. Embassies", ("embassies",)),
        ("FY12 CARSI budget", ("2012", "carsi", "budget")),
        ("cuántos países", ("paises",)),
    ],
    ids=["question", "how-many", "only-stop-words", "single-letters", "fiscal-year", "spanish"],
)
def test_question_and_function_words_do_not_count(query: str, words: tuple[str, ...]) -> None:
    """Question words, articles and single letters are dropped, unless nothing else is left."""
    assert parse(query).words == words


def test_a_question_finds_what_its_words_find(sheet: FactSheet) -> None:
    """'when did martillo begin' answers with the event, as 'martillo begin' does."""
    assert ids(sheet, "when did martillo begin")[0] == ids(sheet, "martillo begin")[0] == "martillo-begins"


def test_word_order_does_not_hide_a_match(sheet: FactSheet) -> None:
    """Both orders find both records the text writes the words in (one as "human smuggling and trafficking")."""
    assert "human smuggling and trafficking" in TEXT and "and human trafficking" in TEXT
    forward, backward = set(ids(sheet, "human trafficking")), set(ids(sheet, "trafficking human"))
    assert forward == backward
    assert {"specialized-units", "domestic-law-enforcement"} <= forward


def test_stems_match(sheet: FactSheet) -> None:
    """ "vetted units trained" finds the units the text says are "vetting, training", and marks those words."""
    hit = search(sheet, "vetted units trained").hits[0]
    assert hit.id == "specialized-units"
    assert {hit.snippet[a:b] for a, b in hit.spans} >= {"vetting", "training", "units"}


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("650", "group-of-friends-commitments"),
        ("$650 million", "group-of-friends-commitments"),
        ("105 million", "carsi-fy2012"),
        ("39 percent", "cocaine-use-decline"),
        ("39%", "cocaine-use-decline"),
        ("16 countries", "group-of-friends-partner-nations"),
        ("$361 million", "carsi-fy2008-2011"),
    ],
    ids=lambda value: str(value),
)
def test_a_number_puts_the_record_holding_the_figure_first(sheet: FactSheet, query: str, first: str) -> None:
    """The funding amount or statistic value the query gives ranks first, and says so in `matched`."""
    hit = search(sheet, query).hits[0]
    assert hit.id == first
    assert {"amount_usd", "value"} & set(hit.matched)


def test_figures_written_in_full_or_too_large(sheet: FactSheet) -> None:
    """ "$650,000,000" finds the figure, without calling its digits an unknown word; a number beyond any
    figure SQLite can hold matches nothing rather than failing."""
    result = search(sheet, "$650,000,000")
    assert [h.id for h in result.hits] == ["group-of-friends-commitments"] and result.unknown == ()
    assert search(sheet, "9" * 30).total == 0
    assert search(sheet, "9" * 15 + " trillion").total == 0


def test_a_fiscal_year_puts_the_funding_that_covers_it_first(sheet: FactSheet) -> None:
    """FY2012, written any way, ranks the figures of FY 2012 first."""
    for query in ("FY2012", "FY 2012", "fy12", "2012"):
        assert set(ids(sheet, query)[:2]) == {"carsi-fy2012", "drug-programs-fy2012"}, query


def test_how_many_leans_to_statistics(sheet: FactSheet) -> None:
    """ "how many HIDTAs" answers with the figure "28 HIDTAs", not the program."""
    assert parse("how many HIDTAs").intent is RecordType.STATISTIC
    assert ids(sheet, "how many HIDTAs")[0] == "hidta-count"
    assert ids(sheet, "hidta")[0] == "hidta"


def test_agencies_of_a_program_are_found_through_it(sheet: FactSheet) -> None:
    """`search martillo --type agency` lists the seven agencies `programs show operation-martillo` lists:
    the two whose own quotes name Martillo first, then the others, marked as found through the program."""
    result = search(sheet, "martillo", types=[RecordType.AGENCY])
    listed = {a.id for a in program_detail(sheet, "operation-martillo").agencies}
    assert len(listed) == 7 and {h.id for h in result.hits} == listed
    direct = [h for h in result.hits if h.field != "program"]
    assert {h.id for h in direct} == {"jiatf-south", "southcom"}
    assert result.hits[: len(direct)] == tuple(direct)
    linked = result.hits[len(direct) :]
    assert all(h.matched == ("program",) and h.snippet == "Operation Martillo (operation-martillo)" for h in linked)
    assert all(h.snippet[a:b] == "Martillo" for h in linked for a, b in h.spans)


def test_panama_finds_the_program_at_tocumen_through_its_country(sheet: FactSheet) -> None:
    """`search Panamá` finds the Tocumen program (its text writes "Panamanian", not Panama), below Panama itself."""
    tocumen = next(p for p in sheet.programs if p.id == "joint-security-program-tocumen")
    assert "panama" in tocumen.countries and "Panama " not in tocumen.quote
    hits = search(sheet, "Panamá").hits
    found = [h.id for h in hits]
    assert found[0] == "panama" and "joint-security-program-tocumen" in found
    hit = hits[found.index("joint-security-program-tocumen")]
    assert hit.field == "country" and hit.snippet == "Panama (panama)" and hit.matched == ("country",)


def test_a_program_is_found_by_its_agencies_abbreviations_below_one_that_writes_them() -> None:
    """A program linking two agencies is found by their aliases, below a program holding the words itself."""
    source = Source("s", "t", "2012", "p", "c")
    sheet = FactSheet(
        source,
        programs=(
            Program(
                "linked", "Airport program", ProgramKind.PROGRAM, "", "work at the airport", "s", agencies=("a", "b")
            ),
            Program("writes", "Other program", ProgramKind.PROGRAM, "", "the XYZ and QRS offices", "s"),
        ),
        agencies=(
            Agency("a", "Xylo Zeta Agency", AgencyKind.AGENCY, "one", "s", aliases=("XYZ",)),
            Agency("b", "Quartz Rho Service", AgencyKind.AGENCY, "two", "s", aliases=("QRS",)),
        ),
    )
    hits = search(sheet, "XYZ QRS", types=[RecordType.PROGRAM]).hits
    assert [h.id for h in hits] == ["writes", "linked"]
    assert hits[1].field == "agency" and hits[1].snippet in {"XYZ (a)", "QRS (b)"}


def test_a_search_term_match_shows_the_quote(sheet: FactSheet) -> None:
    """Words that are not the text's ("money laundering") find the record; the passage shown is its quote."""
    hit = search(sheet, "money laundering").hits[0]
    assert hit.id == "asset-forfeiture"
    assert "search_terms" in hit.matched and hit.field == "quote" and hit.spans == ()
    assert hit.snippet.startswith("Treasury and Justice")


def test_spanish_names_find_their_records(sheet: FactSheet) -> None:
    """Spanish names are found with or without accents; Centroamérica is no longer a misspelling of America."""
    assert ids(sheet, "Estados Unidos")[0] == "united-states"
    assert ids(sheet, "republica dominicana")[0] == "dominican-republic"
    assert ids(sheet, "Iniciativa Regional de Seguridad para América Central")[0] == "carsi"
    result = search(sheet, "Centroamérica")
    assert result.hits and result.suggestions == ()


def test_a_word_begun_finds_the_word(sheet: FactSheet) -> None:
    """ "hidt" (four letters or more) finds what "hidta" finds."""
    assert ids(sheet, "hidt")[0] == "hidta"


def test_words_found_nowhere_are_reported(sheet: FactSheet) -> None:
    """A word that is not even a misspelling matches nothing: it is reported with the names it is close to."""
    result = search(sheet, "aviation zqxjvw")
    assert result.hits[0].id == "guatemala-aviation-program"
    assert result.unknown == ("zqxjvw",) and result.corrected == ()
    assert notes(result, "aviation zqxjvw")[0].startswith("No record holds 'zqxjvw'")
    alone = search(sheet, "operashun marrtiyo")
    assert alone.hits == () and "Martillo" in alone.suggestions
    assert notes(alone, "operashun marrtiyo")[0].startswith("No record matches 'operashun marrtiyo'. Did you mean:")


def test_words_no_record_holds_do_not_count_against_the_others(sheet: FactSheet) -> None:
    """Two words found nowhere and one found: the records that hold the one are found, and the
    two are said unknown (a record had to hold half of all the words, so nothing was found)."""
    result = search(sheet, "halting stopping firearms")
    assert result.unknown == ("halting", "stopping")
    assert "specialized-units" in [hit.id for hit in result.hits]
    assert notes(result, "halting stopping firearms")[0].startswith("No record holds 'halting', 'stopping'")


def test_links_are_followed_though_a_word_is_found_nowhere(sheet: FactSheet) -> None:
    """A word no record holds ("travelers") does not stop search through links: the program at Tocumen airport
    is found through Panama, and CARSI's FY2012 figure through CARSI's name and its fiscal year."""
    assert "joint-security-program-tocumen" in ids(sheet, "travelers Panama airport")
    assert "carsi-fy2012" in ids(sheet, "security initiative aid 2012")[:3]


def test_prepositions_are_not_words_a_record_must_hold() -> None:
    """ "across", "against", "through" ... say nothing of what is asked: they are left out as stop words."""
    from carsi_cli.query.reading import parse

    assert parse("organized crime across borders").words == ("organized", "crime", "borders")
    assert parse("law enforcement against gangs through training").words == ("law", "enforcement", "gangs", "training")


@pytest.mark.parametrize(
    ("query", "wanted", "read"),
    [
        ("guatamala aviation", "guatemala-aviation-program", ("guatamala", "Guatemala")),
        ("martilo", "operation-martillo", ("martilo", "Martillo")),
        ("Hondoras", "honduras", ("hondoras", "Honduras")),
        ("Tocumin airport", "joint-security-program-tocumen", ("tocumin", "Tocumen")),
    ],
    ids=["wrong-letter", "missing-letter", "wrong-vowel", "with-another-word"],
)
def test_a_misspelt_word_is_read_as_the_models_word_and_said(
    sheet: FactSheet, query: str, wanted: str, read: tuple[str, str]
) -> None:
    """A word of 4+ letters one or two edits from a word of the text finds its records, and the note says so."""
    result = search(sheet, query)
    assert read[1] in TEXT and read[0] not in TEXT.lower()
    assert wanted in [hit.id for hit in result.hits[:3]]
    assert result.corrected == (read,) and result.unknown == ()
    assert any(line.startswith("Showing results for ") and read[1] in line for line in notes(result, query))


@pytest.mark.parametrize(("query", "close"), [("abroad", "broad"), ("training abroad", "broad")], ids=["alone", "with"])
def test_a_common_english_word_is_not_read_as_a_misspelling(sheet: FactSheet, query: str, close: str) -> None:
    """ "abroad", one letter from the text's "broad" but a word of its own, is not read as it nor offered for it."""
    assert close in TEXT.lower().split() and "abroad" not in TEXT.lower()
    result = search(sheet, query)
    assert result.corrected == () and result.unknown == ("abroad",)
    assert "Did you mean" not in " ".join(notes(result, query))


@pytest.mark.parametrize(
    ("query", "named", "program"),
    [("Panama", "panama", "joint-security-program-tocumen"), ("Guatemala", "guatemala", "guatemala-aviation-program")],
    ids=["through-its-link", "in-its-name-too"],
)
def test_a_program_in_the_country_named_ranks_above_passing_mentions(
    sheet: FactSheet, query: str, named: str, program: str
) -> None:
    """A country's name: the country, then its program in that country alone, above records that list it."""
    found = [hit.id for hit in search(sheet, query).hits]
    assert found[:2] == [named, program]
    linked = {p.id for p in sheet.programs if p.countries == (named,) or p.participants == (named,)}
    assert program in linked


def test_words_as_typed_rank_above_words_read_as_a_misspelling() -> None:
    """Each holds one of the two words in its name; the one holding the word as typed comes first."""
    sheet = tiny(("corrected", "Gamma", "x"), ("exact", "Alpha", "x"))
    result = search(sheet, "alpha gammma")
    assert [hit.id for hit in result.hits] == ["exact", "corrected"]
    assert result.corrected == (("gammma", "Gamma"),)


def test_a_name_the_fact_sheet_does_not_give_says_so(sheet: FactSheet) -> None:
    """`search USAID` matches nothing and says that the fact sheet does not name USAID."""
    result = search(sheet, "USAID")
    assert "USAID" not in TEXT and result.hits == ()
    assert notes(result, "USAID") == [
        "No record matches 'USAID': the fact sheet does not name the U.S. Agency for International Development (USAID)."
    ]


@pytest.mark.parametrize(
    ("query", "absent", "word"),
    [
        ("Mérida Initiative funding", "Mérida", "funding"),
        ("USAID programs in Honduras", "USAID", "Honduras"),
        ("cocaine use in Mexico", "Mexico", "cocaine"),
    ],
    ids=["program", "agency", "country"],
)
def test_a_name_not_in_the_text_is_said_first_even_with_hits(
    sheet: FactSheet, query: str, absent: str, word: str
) -> None:
    """A query naming what the fact sheet never names says so before anything else, above the hits that share a word."""
    result = search(sheet, query)
    assert absent.lower() not in TEXT.lower() and word.lower() in TEXT.lower()
    assert result.hits
    first = notes(result, query)[0]
    assert first.startswith("The fact sheet does not name") and absent in first


def test_a_name_not_in_the_text_is_read_as_typed(sheet: FactSheet) -> None:
    """'Merida' is not read as a misspelling of 'America', nor offered it as a close name."""
    result = search(sheet, "Merida Initiative funding")
    assert result.corrected == () and result.suggestions == ()
    assert "merida" in result.unknown


@pytest.mark.parametrize("query", ["state and local law enforcement", "dos programs"], ids=["state", "dos"])
def test_an_ordinary_word_inside_a_query_is_not_an_absent_agency(sheet: FactSheet, query: str) -> None:
    """'state' (the Department of State) and 'dos' count only as the whole query."""
    assert not any("does not name" in line for line in notes(search(sheet, query), query))


def test_absence_is_said_first_on_stderr_and_json_stays_a_list(invoke: Invoke) -> None:
    """`--format json` prints the hits as a list and says on stderr, first, what the fact sheet does not name."""
    result = invoke("search", "Mérida Initiative funding", "--format", "json")
    assert result.exit_code == 0
    assert isinstance(json.loads(result.stdout), list) and json.loads(result.stdout)
    assert result.stderr.splitlines()[0].startswith("The fact sheet does not name the Mérida Initiative")
    people = invoke("search", "Mérida Initiative funding")
    assert people.stderr.splitlines()[0].startswith("The fact sheet does not name the Mérida Initiative")


@pytest.mark.parametrize("query", ["(", "—", "$", "''"])
def test_punctuation_alone_matches_nothing(sheet: FactSheet, query: str) -> None:
    """A query without a word or a number matches no record rather than every one."""
    assert search(sheet, query).total == 0


def test_limit_keeps_the_total(sheet: FactSheet) -> None:
    """--limit cuts the hits, not the count, and the note says how to see all."""
    result = search(sheet, "security", limit=2)
    assert len(result.hits) == 2 and result.total > 2
    assert notes(result, "security") == [f"Showing 2 of {result.total} matches; use --limit 0 to see all."]


@pytest.mark.parametrize("text", ["martillo", "16 countries", "Panamá", "trafficking human", "zzz", "president's"])
def test_a_kept_index_answers_as_a_new_one(sheet: FactSheet, text: str) -> None:
    """Searching with a kept (serialized) index answers exactly as building it anew."""
    index = ftsindex.build(sheet)
    assert search(sheet, text, limit=None, index=index) == search(sheet, text, limit=None)
    assert search(sheet, text, types=[RecordType.AGENCY], index=index) == search(sheet, text, types=[RecordType.AGENCY])


@pytest.mark.parametrize("damage", ["another-model", "not-a-database", "empty"])
def test_an_index_that_is_not_the_models_is_built_again(sheet: FactSheet, damage: str) -> None:
    """An index of other records, or bytes that are no database, never change an answer."""
    index = ftsindex.build(sheet)
    if damage == "another-model":
        damaged = ftsindex.build(sheet._replace(programs=tuple(reversed(sheet.programs))))
    elif damage == "not-a-database":
        damaged = index[:100] + bytes(len(index) - 100)
    else:
        damaged = b""
    expected = search(sheet, "martillo", limit=None)
    assert search(sheet, "martillo", limit=None, index=damaged) == expected


def test_the_index_links_records_to_their_programs(sheet: FactSheet) -> None:
    """Every record the index links to a program is one that program's `show` lists."""
    import sqlite3

    db = ftsindex.open_index(ftsindex.build(sheet))
    try:
        links = db.execute("select row, program from links").fetchall()
    finally:
        db.close()
    assert links
    for row, program_row in links:
        program = sheet.programs[ftsindex.position(program_row)]
        record = sheet.records(ftsindex.record_type(row))[ftsindex.position(row)]
        detail = program_detail(sheet, program.id)
        related: list[object] = [*detail.agencies, *detail.countries, *detail.participants, *detail.organizations]
        related += detail.funding
        related += [*detail.statistics, *detail.events]
        assert record in related, (record.id, program.id)
    assert sqlite3.sqlite_version_info >= (3, 9)


# ---------------------------------------------------------------------------
# The command line


ISSUE_QUERIES = [
    "money laundering",
    "asset seizure",
    "coast guard boats",
    "Group of Friends donors",
    "vetted units trained",
    "when did martillo begin",
    "how many HIDTAs",
    "DEA agents",
    "Obama speech Santiago",
    "CARSI 2012 budget",
    "human trafficking",
    "trafficking human",
    "16 countries",
    "Estados Unidos",
    "República Dominicana",
    "Iniciativa Regional de Seguridad para América Central",
    "Centroamérica",
    "650",
    "$650 million",
    "105 million",
    "39 percent",
]


@pytest.mark.parametrize("query", ISSUE_QUERIES)
def test_every_search_that_found_nothing_now_answers(invoke: Invoke, query: str) -> None:
    """Each query a new user tried now prints results, with no 'Did you mean'."""
    result = invoke("search", query, "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)
    assert "Did you mean" not in invoke("search", query).stderr


def test_search_an_agency_of_a_program(invoke: Invoke) -> None:
    """`search martillo --type agency` lists the seven agencies `programs show operation-martillo` lists."""
    hits = json.loads(invoke("search", "martillo", "--type", "agency", "--format", "json").stdout)
    shown = json.loads(invoke("programs", "show", "operation-martillo", "--format", "json").stdout)
    assert sorted(h["id"] for h in hits) == sorted(shown["agencies"])


@pytest.mark.parametrize(
    ("query", "written", "wanted"),
    [
        ("$361M", "$361 million", "carsi-fy2008-2011"),
        ("361M", "$361 million", "carsi-fy2008-2011"),
        ("three hundred sixty-one million", "$361 million", "carsi-fy2008-2011"),
        ("trescientos sesenta y un millones", "$361 million", "carsi-fy2008-2011"),
        ("$0.65 billion", "$650 million", "group-of-friends-commitments"),
        ("105m dollars", "$105 million", "carsi-fy2012"),
        ("ten billion", "$10 billion", "drug-programs-fy2012"),
        ("twenty-eight", "28 HIDTAs", "hidta-count"),
    ],
    ids=["dollar-m", "bare-m", "english-words", "spanish-words", "decimal-billion", "lower-m", "ten-billion", "count"],
)
def test_numbers_as_people_write_them(sheet: FactSheet, query: str, written: str, wanted: str) -> None:
    """Shortened amounts and numbers in words find the record holding that figure, first or second."""
    assert written in TEXT
    result = search(sheet, query)
    assert wanted in [hit.id for hit in result.hits[:2]], [hit.id for hit in result.hits[:3]]
    assert result.unknown == ()


def test_a_plain_search_imports_no_fuzzy_or_number_word_library() -> None:
    """`search martillo` does not import RapidFuzz, text2num, Snowball or wordfreq."""
    done = carsi_process(["search", "martillo", "--format", "csv"], env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert done.returncode == 0 and "operation-martillo" in done.stdout
    assert not {"rapidfuzz", "text_to_num", "snowballstemmer", "wordfreq"} & set(
        done.stderr.replace("|", " ").replace(".", " ").split()
    )
    assert "carsi_cli.query.ranking" in done.stderr  # the import profile was written


@pytest.mark.parametrize("query", ["March 2011", "marzo de 2011", "in march 2011"], ids=["english", "spanish", "lower"])
def test_a_month_ranks_the_events_of_that_month_first(sheet: FactSheet, query: str) -> None:
    """The events dated in March 2011 (the Santiago remarks, March 21; the launch) come before other records."""
    assert "March 21, 2011" in TEXT and "March 2011 trip" in TEXT
    march = {e.id for e in sheet.events if e.date.startswith("2011-03")}
    assert "santiago-remarks" in march and len(march) == 2
    result = search(sheet, query)
    assert {h.id for h in result.hits[:2]} == march
    assert all("date" in h.matched for h in result.hits[:2])


def test_a_month_is_read_in_english_and_spanish() -> None:
    """ "March 2011" and "marzo de 2011" are the month 2011-03; a year alone or a word before it is no month."""
    assert parse("March 2011").months == ("2011-03",) == parse("marzo de 2011").months
    assert parse("2011").months == () and parse("trip 2011").months == ()


def test_a_whole_word_is_not_read_as_the_start_of_another_by_its_stem() -> None:
    """ "joining" (stem "join") does not find "Joint"; a word begun ("joi", "hidt") still finds its word."""
    sheet = tiny(("joint", "Joint Program", "a joint effort"), ("gangs", "Gang Program", "at-risk youth"))
    assert ids(sheet, "joining") == []
    assert ids(sheet, "joining gangs") == ["gangs"]
    assert ids(sheet, "join") == ["joint"]


def _all_queries() -> list[str]:
    import yaml

    here = Path(__file__).parent
    found: list[str] = ["vetted units", "martillo", "panama", "at-risk youth", "drug demand", "gangs"]
    for name in ("search_queries.yaml", "search_heldout.yaml"):
        for cases in yaml.safe_load((here / name).read_text(encoding="utf-8")).values():
            found += [case["query"] for case in cases]
    return found


@pytest.mark.slow  # a sweep: the quick tier leaves it to --slow and CI
def test_every_passage_is_the_fact_sheets_words(sheet: FactSheet) -> None:
    """A hit's passage is the fact sheet's text, cut at "…" where long, never the model's own wording (a
    description, a role, a purpose): e.g. "vetting, training and equipping", not "vet, train and equip"."""
    text = " ".join(SOURCE_TEXT.read_text(encoding="utf-8").split())
    links = {rtype.value for rtype in RecordType}
    checked = 0
    for query in _all_queries():
        for hit in search(sheet, query).hits:
            if hit.field in links:
                continue  # found through a linked record: the passage names that record
            words = " ".join(hit.snippet.strip("…").split())
            assert words in text, (query, hit.id, hit.field, hit.snippet)
            checked += 1
    assert checked > 200


@pytest.mark.parametrize(
    ("query", "expected", "figure"),
    [
        ("$0.36 billion", "carsi-fy2008-2011", "$361 million"),
        ("$0.1 billion", "carsi-fy2012", "$105 million"),
    ],
    ids=["0.36bn", "0.1bn"],
)
def test_an_amount_rounded_as_written_finds_the_figure(
    sheet: FactSheet, query: str, expected: str, figure: str
) -> None:
    """An amount written with fewer digits than the figure matches it within half its last digit."""
    assert figure in TEXT
    assert ids(sheet, query, limit=3)[:1] == [expected]


def test_a_rounded_amount_is_not_any_amount(sheet: FactSheet) -> None:
    """'$0.2 billion' (150-250 million) is no figure of the text: none is found by its amount."""
    assert all("amount_usd" not in hit.matched for hit in search(sheet, "$0.2 billion").hits)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("March 6, 2012", "biden-meeting"),
        ("6 de marzo de 2012", "biden-meeting"),
        ("March 21, 2011", "santiago-remarks"),
    ],
    ids=["en-day", "es-day", "en-day-2011"],
)
def test_a_date_with_its_day_finds_the_event_of_that_month(sheet: FactSheet, query: str, expected: str) -> None:
    """A date written with its day is read by month and year, like "March 2011"."""
    assert expected in ids(sheet, query, limit=3)


def test_a_part_of_a_compound_counts_less_than_a_whole_word() -> None:
    """'risk' ranks a record that writes the word above one that writes it only in 'high-risk'."""
    sheet = tiny(("part", "Alpha", "screening high-risk passengers"), ("whole", "Beta", "passengers at no risk"))
    assert ids(sheet, "risk") == ["whole", "part"]


def test_a_compound_written_whole_in_the_query_counts_fully() -> None:
    """'high risk' finds the record of 'high-risk' first: the query writes the whole compound."""
    sheet = tiny(("part", "Alpha", "screening high-risk passengers"), ("whole", "Beta", "a high point, a risk"))
    assert ids(sheet, "high risk")[0] == "part"


def test_people_at_risk_are_the_at_risk_youth_not_high_risk_passengers(sheet: FactSheet) -> None:
    """'people at risk' ranks the CARSI funding for at-risk youth above the Tocumen program's high-risk passengers."""
    assert "at-risk youth" in TEXT and "high-risk passengers" in TEXT
    found = ids(sheet, "people at risk")
    assert found[0] == "carsi-fy2012"
    assert "joint-security-program-tocumen" not in found[:1]
