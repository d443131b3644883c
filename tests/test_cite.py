"""carsi cite: each style read back by the tools reference managers use, and
each prose style against its manual's order of elements and date forms."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import bibtexparser.middlewares as bm
import pytest
import rispy
import yaml
from bibtexparser.entrypoint import parse_string

from carsi_cli.errors import NotFoundError
from carsi_cli.model.formats import CitationStyle
from carsi_cli.model.records import FactSheet, Source
from carsi_cli.onward.cite import cite, csl_item
from carsi_cli.query.lookup import lookup_any
from carsi_cli.query.stating import as_cited, is_attribution, stating_quote
from conftest import SOURCE_TEXT, Invoke

URL = "https://obamawhitehouse.archives.gov/the-press-office/2012/03/06/fact-sheet-central-american-citizen-security-partnership"
TITLE = "FACT SHEET: The Central American Citizen Security Partnership"
FY2012 = "FY 2012’s $105 million commitment to CARSI will enable the United States"
PROSE = (CitationStyle.APA, CitationStyle.CHICAGO, CitationStyle.MLA, CitationStyle.AP)


def rendered_html(markdown: str) -> str:
    """``markdown`` as a CommonMark renderer with raw HTML allowed turns it into HTML (markdown-it-py)."""
    from markdown_it import MarkdownIt

    return str(MarkdownIt("commonmark").render(markdown))


def rendered(markdown: str) -> str:
    """The text a reader sees once ``markdown`` is rendered: markup gone, escapes undone."""
    return html.unescape(re.sub(r"<[^>]+>", "", rendered_html(markdown)))


@pytest.fixture
def source(sheet: FactSheet) -> Source:
    """The bundled source, as read on 1 May 2024."""
    return sheet.source._replace(accessed="2024-05-01")


def _bibtex_entry(text: str, *, decode: bool = True) -> Any:
    middleware = [bm.LatexDecodingMiddleware()] if decode else [bm.SeparateCoAuthors(), bm.SplitNameParts()]
    library = parse_string(text, append_middleware=middleware)
    assert library.failed_blocks == []
    assert len(library.entries) == 1
    return library.entries[0]


def test_the_bundled_source_is_the_fact_sheet(sheet: FactSheet) -> None:
    """The facts every citation is made of are the fact sheet's own: its title, date and dateline."""
    text = SOURCE_TEXT.read_text(encoding="utf-8")
    assert sheet.source.title == TITLE and text.startswith(TITLE)
    assert "Washington, DC–(ENEWSPF)–March 6, 2012." in text
    assert (sheet.source.date, sheet.source.url, sheet.source.accessed) == ("2012-03-06", URL, None)


def test_bibtex_is_a_misc_entry_every_reader_keeps(source: Source) -> None:
    """bibtexparser 2 reads one @misc entry: braced corporate author as one name, the URL for classic BibTeX
    (howpublished) and biblatex (url), year and month macro, date, urldate; no location, which biber rejects."""
    text = cite(source, CitationStyle.BIBTEX)
    entry = _bibtex_entry(text)
    assert (entry.entry_type, entry.key) == ("misc", "wh-2012-03-06")
    assert entry["title"] == TITLE
    assert (entry["date"], entry["urldate"], entry["url"]) == ("2012-03-06", "2024-05-01", URL)
    assert (entry["year"], entry["month"]) == ("2012", "mar") and "  month = mar,\n" in text  # a macro
    assert _bibtex_entry(text, decode=False)["howpublished"] == f"\\url{{{URL}}}"
    assert entry["organization"] == "The White House"
    assert "location" not in entry.fields_dict
    names = _bibtex_entry(text, decode=False)["author"]
    assert [(n.first, n.last) for n in names] == [
        ([], ["{The White House}"])
    ]  # one corporate name, not "House, The W."


def test_bibtex_with_a_record_carries_its_quote(sheet: FactSheet, source: Source) -> None:
    """A record's quote, dollar sign escaped for TeX, reads back exactly in note (Zotero's importer and
    classic BibTeX keep it), annote (Zotero, JabRef) and annotation (biblatex)."""
    record = lookup_any(sheet, "carsi-fy2012")
    text = cite(source, CitationStyle.BIBTEX, record)
    assert r"\$105 million" in text
    entry = _bibtex_entry(text)
    for field in ("note", "annote", "annotation"):
        assert entry[field] == f"“{record.quote}” (carsi-fy2012)", field


def test_bibtex_escapes_what_tex_would_read(source: Source) -> None:
    """TeX's special characters in a title and braces in a URL do not break the entry."""
    odd = source._replace(title="Aid & Trade: 50% of {all} #1_x ~ \\ y", url="https://example.org/a{b}")
    entry = _bibtex_entry(cite(odd, CitationStyle.BIBTEX))
    assert entry["title"] == "Aid & Trade: 50% of {all} #1_x ~ \\ y"
    # url is verbatim to biblatex: read it without decoding LaTeX (where % starts a comment)
    assert _bibtex_entry(cite(odd, CitationStyle.BIBTEX), decode=False)["url"] == "https://example.org/a%7Bb%7D"


def test_ris_reads_back_with_rispy(sheet: FactSheet, source: Source) -> None:
    """rispy reads one ELEC record: title, corporate author, year, date, URL, publisher, access date, quote."""
    record = lookup_any(sheet, "carsi-fy2012")
    (entry,) = rispy.loads(cite(source, CitationStyle.RIS, record))
    assert entry["type_of_reference"] == "ELEC"
    assert entry["title"] == TITLE
    assert entry["authors"] == ["The White House"]
    assert (entry["year"], entry["date"], entry["access_date"]) == ("2012", "2012/03/06/", "2024/05/01/")
    assert (entry["urls"], entry["publisher"], entry["place_published"]) == ([URL], "The White House", "Washington, DC")
    assert entry["notes"] == [f"“{record.quote}” (carsi-fy2012)"]


def test_ris_ends_each_record_with_er(source: Source) -> None:
    """Every line is 'XX  - value'; the last is 'ER  - '."""
    lines = cite(source, CitationStyle.RIS).splitlines()
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines)
    assert lines[0] == "TY  - ELEC" and lines[-1] == "ER  - "


# The CSL 1.0.2 item types (csl-data.json's "type" enum).
CSL_TYPES = frozenset(
    [
        "article",
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "bill",
        "book",
        "broadcast",
        "chapter",
        "classic",
        "collection",
        "dataset",
        "document",
        "entry",
        "entry-dictionary",
        "entry-encyclopedia",
        "event",
        "figure",
        "graphic",
        "hearing",
        "interview",
        "legal_case",
        "legislation",
        "manuscript",
        "map",
        "motion_picture",
        "musical_score",
        "pamphlet",
        "paper-conference",
        "patent",
        "performance",
        "periodical",
        "personal_communication",
        "post",
        "post-weblog",
        "regulation",
        "report",
        "review",
        "review-book",
        "software",
        "song",
        "speech",
        "standard",
        "thesis",
        "treaty",
        "webpage",
    ]
)


def _check_csl_date(value: Any) -> None:
    assert isinstance(value, dict) and set(value) == {"date-parts"}
    parts = value["date-parts"]
    assert isinstance(parts, list) and len(parts) == 1
    assert 1 <= len(parts[0]) <= 3 and all(isinstance(p, int) for p in parts[0])


def test_csl_json_fits_the_csl_schema(sheet: FactSheet, source: Source) -> None:
    """A list of one item with the schema's required id and type, and each field of the schema's type."""
    record = lookup_any(sheet, "carsi-fy2012")
    (item,) = json.loads(cite(source, CitationStyle.CSL_JSON, record))
    assert isinstance(item["id"], str) and item["type"] in CSL_TYPES and item["type"] == "webpage"
    assert item["author"] == [{"literal": "The White House"}]
    assert item["issued"] == {"date-parts": [[2012, 3, 6]]}
    _check_csl_date(item["issued"])
    _check_csl_date(item["accessed"])
    assert item["accessed"] == {"date-parts": [[2024, 5, 1]]}
    assert (item["title"], item["URL"]) == (TITLE, URL)
    assert item["citation-key"] == item["id"] == "wh-2012-03-06"
    assert "publisher" not in item  # the author: CSL styles would print it again as the site
    assert "publisher-place" not in item  # Chicago's and MLA's CSL styles would print it before the date
    assert item["note"] == item["annote"] == f"“{record.quote}” (carsi-fy2012)"
    assert all(isinstance(item[key], str) for key in ("title", "URL", "note", "annote"))


def test_csl_json_without_accessed_has_none(sheet: FactSheet) -> None:
    """No access date is made up: the bundled model gives none, so CSL has no 'accessed'."""
    assert "accessed" not in csl_item(sheet.source)


def test_apa_reference_list_entry(source: Source) -> None:
    """APA 7: group author. (Year, Month Day). *Title*. URL — no site name (it is the author), no access date."""
    assert cite(source, CitationStyle.APA) == f"The White House. (2012, March 6). *{TITLE}*. {URL}\n"


def test_apa_quote_ready_to_paste(sheet: FactSheet, source: Source) -> None:
    """The quote in curly quotes, then (Author, Year) and the period; a blank line; the entry."""
    record = lookup_any(sheet, "carsi-fy2012")
    paste, entry = cite(source, CitationStyle.APA, record).rstrip("\n").split("\n\n")
    assert rendered(paste).startswith(f"“{FY2012}")
    assert paste.endswith(" criminal activities” (The White House, 2012).")
    assert entry.startswith("The White House. (2012, March 6).")


def test_chicago_bibliography_and_note(sheet: FactSheet, source: Source) -> None:
    """Chicago 17: the bibliography's periods, the note's commas; access date before the URL; quote, ¹, note."""
    record = lookup_any(sheet, "carsi-fy2012")
    paste, note, entry = cite(source, CitationStyle.CHICAGO, record).rstrip("\n").split("\n\n")
    assert entry == f"The White House. “{TITLE}.” March 6, 2012. Accessed May 1, 2024. {URL}."
    assert note == f"1. The White House, “{TITLE},” March 6, 2012, accessed May 1, 2024, {URL}."
    assert rendered(paste).startswith(f"“{FY2012}") and paste.endswith("criminal activities.”¹")


def test_mla_starts_with_the_title(sheet: FactSheet, source: Source) -> None:
    """MLA 9: an organization that is author and publisher is named once, as the site; day month year; no https://."""
    record = lookup_any(sheet, "carsi-fy2012")
    paste, entry = cite(source, CitationStyle.MLA, record).rstrip("\n").split("\n\n")
    bare = URL.removeprefix("https://")
    assert entry == f"“{TITLE}.” *The White House*, 6 Mar. 2012, {bare}. Accessed 1 May 2024."
    assert paste.endswith("criminal activities” (“FACT SHEET”).")


@pytest.mark.parametrize(
    ("date", "apa", "chicago", "mla", "ris"),
    [
        ("2012-09-30", "(2012, September 30)", "September 30, 2012", "30 Sept. 2012", "2012/09/30/"),
        ("2012-03", "(2012, March)", "March 2012", "Mar. 2012", "2012/03//"),
        ("2012", "(2012)", "2012", "2012", "2012///"),
    ],
    ids=["day", "month", "year"],
)
def test_dates_in_each_style(source: Source, date: str, apa: str, chicago: str, mla: str, ris: str) -> None:
    """A source dated to the day, the month or the year is written as each style writes such a date."""
    dated = source._replace(date=date, accessed=None)
    assert f" {apa}. " in cite(dated, CitationStyle.APA)
    assert f" {chicago}. " in cite(dated, CitationStyle.CHICAGO)
    assert f" {mla}, " in cite(dated, CitationStyle.MLA)
    assert f"DA  - {ris}\n" in cite(dated, CitationStyle.RIS)
    assert json.loads(cite(dated, CitationStyle.CSL_JSON))[0]["issued"]["date-parts"] == [
        [int(p) for p in date.split("-")]
    ]


def test_quotes_inside_a_quote_become_single(sheet: FactSheet, source: Source) -> None:
    """Double quotation marks inside the pasted quote become single ones; a closing semicolon is dropped."""
    record = lookup_any(sheet, "carsi")._replace(quote='the “Partnership” said "yes";')
    paste = cite(source, CitationStyle.APA, record).split("\n")[0]
    assert paste == "“the ‘Partnership’ said 'yes'” (The White House, 2012)."


def test_any_record_is_found_by_id_and_a_near_miss_is_suggested(sheet: FactSheet) -> None:
    """An id of any collection is found ignoring case; a near miss is suggested."""
    assert lookup_any(sheet, "CARSI-FY2012").id == "carsi-fy2012"
    assert lookup_any(sheet, "panama").id == "panama"
    with pytest.raises(NotFoundError, match="did you mean 'carsi-fy2012'"):
        lookup_any(sheet, "carsi-fy2013")


def test_cite_command_defaults_to_apa(invoke: Invoke) -> None:
    """`carsi cite` prints the APA entry on stdout, nothing on stderr."""
    result = invoke("cite")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"The White House. (2012, March 6). *{TITLE}*. {URL}\n"


@pytest.mark.parametrize("style", list(CitationStyle), ids=str)
def test_cite_command_in_every_style(invoke: Invoke, style: CitationStyle) -> None:
    """Every style, with a record id, names the source's URL and carries the record's quote."""
    result = invoke("cite", "operation-martillo", "--style", style.value)
    assert result.exit_code == 0, result.stderr
    assert "Operation Martillo" in result.stdout and "fact-sheet-central-american" in result.stdout


def test_cite_unknown_id_exits_1(invoke: Invoke) -> None:
    """An unknown id is one line on stderr and status 1."""
    result = invoke("cite", "martilo")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("Error: no record matches 'martilo'; did you mean 'Martillo' (operation-martillo)")


@pytest.mark.parametrize(
    ("accessed", "ok"),
    [("2024-05-01", True), ("2024-5-1", False), ("2024-05", False), ("2024-02-30", False)],
    ids=["day", "unpadded", "month", "not-a-date"],
)
def test_accessed_must_be_a_whole_date(invoke: Invoke, model_dir: Any, accessed: str, ok: bool) -> None:
    """source.accessed is YYYY-MM-DD; MLA then ends with it."""
    path = model_dir / "factsheet.yaml"
    text = path.read_text(encoding="utf-8").replace('  place: "Washington, DC"', f'  accessed: "{accessed}"', 1)
    path.write_text(text, encoding="utf-8")
    result = invoke("--data", str(path), "cite", "--style", "mla")
    if ok:
        assert result.exit_code == 0 and result.stdout.endswith("Accessed 1 May 2024.\n")
    else:
        assert result.exit_code == 1 and "accessed" in result.stderr


@pytest.mark.parametrize("style", list(CitationStyle), ids=str)
def test_hostile_source_text_cites_inert(invoke: Invoke, model_dir: Any, style: CitationStyle) -> None:
    """Escapes, controls and bidi overrides in a data file's title print as visible text in every style."""
    from hostile import assert_inert

    path = model_dir / "factsheet.yaml"
    title = 'title: "FACT SHEET: \\e[2J\\e]0;x\\a \\u202eevil [red]x"'
    text = path.read_text(encoding="utf-8").replace(f'title: "{TITLE}"', title, 1)
    path.write_text(text, encoding="utf-8")
    result = invoke("--data", str(path), "cite", "--style", style.value)
    assert result.exit_code == 0, result.stderr
    assert_inert(result.stdout.replace("\n", " "))
    assert "[red]x" in (rendered(result.stdout) if style in PROSE else result.stdout)


# Markup in the data: what would render live in a Markdown tool
MARKUP = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "![](https://evil.example/t.png)",
    "[click](https://evil.example/)",
    "<https://evil.example/auto>",
    "**bold** _em_ `code` &amp; $x$ :smile:",
]


# The styles' own markup: paragraphs, the title or site in italics, Chicago's numbered note.
OWN_MARKUP = {"p", "em", "ol", "li"}


@pytest.fixture
def markup_model(model_dir: Any) -> Any:
    """The bundled model with Markdown and HTML in the source's title, publisher and URL, and in a quote."""
    path = model_dir / "factsheet.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    payload = " ".join(MARKUP)
    doc["source"]["title"] = f"FACT SHEET {payload}"
    doc["source"]["publisher"] = f"The White House {payload}"
    doc["source"]["url"] = f"https://example.org/{MARKUP[0]}{MARKUP[2]}"
    record = next(f for f in doc["funding"] if f["id"] == "carsi-fy2012")
    record["quote"] = f"{payload} {record['quote']}"
    text = model_dir / "factsheet.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\n" + record["quote"] + "\n", encoding="utf-8")
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("record", [[], ["carsi-fy2012"]], ids=["entry", "with-a-quote"])
@pytest.mark.parametrize("style", PROSE, ids=str)
def test_prose_styles_render_the_data_as_written(
    invoke: Invoke, markup_model: Any, style: CitationStyle, record: list[str]
) -> None:
    """APA, Chicago and MLA are Markdown: HTML, images, links and emphasis in the data render as their
    characters through a real renderer; only the style's own italics become markup."""
    result = invoke("--data", str(markup_model), "cite", *record, "--style", style.value)
    assert result.exit_code == 0, result.stderr
    page = rendered_html(result.stdout)
    assert set(re.findall(r"<(\w+)", page)) <= OWN_MARKUP, page
    italics = re.findall(r"<em>(.*?)</em>", page)
    assert len(italics) == (0 if style in (CitationStyle.CHICAGO, CitationStyle.AP) else 1)
    text = rendered(result.stdout)
    for piece in MARKUP:
        assert piece in text
    assert f"FACT SHEET {' '.join(MARKUP)}" in text and f"The White House {' '.join(MARKUP)}" in text
    if record:
        assert f"{' '.join(MARKUP)} {FY2012}" in text


def test_the_markup_escapes_hold_in_a_second_renderer(invoke: Invoke, markup_model: Any) -> None:
    """marko (CommonMark with GFM) agrees: no HTML, image or link from the data in the rendered page."""
    import marko

    for style in PROSE:
        page = marko.convert(invoke("--data", str(markup_model), "cite", "carsi-fy2012", "--style", style.value).stdout)
        assert set(re.findall(r"<(\w+)", page)) <= OWN_MARKUP, page


@pytest.mark.parametrize("style", PROSE, ids=str)
def test_a_pasted_quote_is_the_fact_sheets_words_as_written(sheet: FactSheet, source: Source, style: Any) -> None:
    """Pasted from the prose styles, every quote reads as the text writes it: no backslash before its "$" or "(",
    nothing added inside; only final punctuation gives way to the citation's own."""
    text = " ".join(SOURCE_TEXT.read_text(encoding="utf-8").split())
    checked = 0
    for collection in (sheet.programs, sheet.funding, sheet.agencies, sheet.statistics, sheet.events):
        for record in collection:
            if any(mark in record.quote for mark in '“”"'):
                continue  # quotes inside a quote become single (tested above)
            paste = cite(source, style, record).split("\n\n")[0]
            opening = paste.index("“") + 1
            words = paste[opening : paste.index("”", opening)].rstrip(".;,:")
            assert "\\" not in paste, (record.id, paste)
            assert words in text, (record.id, paste)
            checked += 1
    assert checked > 30


def test_cite_takes_a_record_as_people_type_it(invoke: Invoke, sheet: FactSheet) -> None:
    """A name, words or a figure find the record the way `programs show` does; the quote is the record's."""
    by_name = invoke("cite", "Operation Martillo")
    martillo = next(p for p in sheet.programs if p.id == "operation-martillo")
    assert by_name.exit_code == 0, by_name.stderr
    words = by_name.stdout[1 : by_name.stdout.index("”")]
    assert martillo.quote.startswith(words) and words in SOURCE_TEXT.read_text(encoding="utf-8")
    assert invoke("cite", "tocumen").stdout == invoke("cite", "joint-security-program-tocumen").stdout


@pytest.mark.parametrize("written", ["105 million", "$105 million", "$105,000,000"])
def test_cite_an_amount_cites_the_figure_of_that_amount(invoke: Invoke, sheet: FactSheet, written: str) -> None:
    """`carsi cite "105 million"` quotes the figure of $105 million, verbatim from the text."""
    result = invoke("cite", written)
    assert (result.exit_code, result.stderr) == (0, "")
    [figure] = [f for f in sheet.funding if f.amount_usd == 105_000_000]
    pasted = result.stdout.split("\n")[0]
    words = pasted[1 : pasted.index("”")]
    assert words in SOURCE_TEXT.read_text(encoding="utf-8")
    assert "$105 million" in words and figure.quote.startswith(words)


def test_an_amount_several_figures_hold_is_ambiguous(invoke: Invoke, sheet: FactSheet) -> None:
    """ "10 billion": both figures of that amount are listed, status 1."""
    result = invoke("cite", "10 billion")
    assert result.exit_code == 1 and result.stdout == ""
    for figure in (f for f in sheet.funding if f.amount_usd == 10**10):
        assert figure.id in result.stderr


def test_santiago_cites_what_the_president_said(invoke: Invoke, sheet: FactSheet) -> None:
    """`cite santiago-remarks` quotes the President's sentence, not the attribution line, verbatim."""
    result = invoke("cite", "santiago-remarks")
    assert result.exit_code == 0, result.stderr
    pasted = result.stdout.split("\n")[0]
    words = pasted[1 : pasted.index("”")]
    text = SOURCE_TEXT.read_text(encoding="utf-8")
    assert words in text and "President Barack Obama" not in words
    assert words.startswith("As the nations of Central America") and "do our part" in words
    event = next(e for e in sheet.events if e.id == "santiago-remarks")
    attributed = event._replace(quote=event.other_quotes[-1], other_quotes=(event.quote, *event.other_quotes[:-1]))
    assert (
        is_attribution(attributed.quote) and stating_quote(attributed) == event.quote
    )  # an attribution is never cited


def test_every_cited_quote_is_verbatim_and_states_the_figure(sheet: FactSheet) -> None:
    """For every record, the cited quote is in the source text, no attribution line unless it is all
    there is, and for a figure holds its amount or phrase; nothing of the record's evidence is lost."""
    from carsi_cli.model.money import amounts_in
    from carsi_cli.model.records import Funding, Statistic

    text = " ".join(SOURCE_TEXT.read_text(encoding="utf-8").split())
    for record in sheet.all_records():
        quoted = stating_quote(record)
        assert " ".join(quoted.split()) in text, record.id
        passages = [record.quote, *record.other_quotes]
        assert not is_attribution(quoted) or all(is_attribution(q) for q in passages), record.id
        if isinstance(record, Funding):
            assert record.amount_usd in amounts_in(quoted), record.id
        if isinstance(record, Statistic):
            assert record.phrase.casefold() in quoted.casefold(), record.id
        cited = as_cited(record)
        assert cited.quote == quoted and sorted([cited.quote, *cited.other_quotes]) == sorted(passages)
