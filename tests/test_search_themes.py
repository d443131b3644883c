"""Spanish themes and everyday words: each read as words the fact sheet writes."""

from __future__ import annotations

import pytest

from carsi_cli.model.records import FactSheet
from carsi_cli.model.text import fold
from carsi_cli.query import themes
from carsi_cli.query.search import notes, search
from conftest import SOURCE_TEXT

TEXT = fold(" ".join(SOURCE_TEXT.read_text(encoding="utf-8").split())).replace("-", " ")


@pytest.mark.parametrize("words", sorted({*themes.SPANISH.values(), *themes.EVERYDAY.values()}))
def test_every_theme_points_at_words_the_text_writes(words: str) -> None:
    """What a theme is read as is written in the fact sheet (so it can find something)."""
    assert fold(words).replace("-", " ") in TEXT


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("narcotraficantes", "drug trafficking"),
        ("las pandillas", "gangs"),
        ("Aduanas", "customs"),
        ("tráfico de armas", "weapons trafficking"),
        ("policías", "police"),
    ],
    ids=["other-ending", "plural", "capital", "accent", "accent-plural"],
)
def test_spanish_is_read_through_its_stems(typed: str, read: str) -> None:
    """Spanish forms the table does not list (plurals, endings, accents) read as the theme's words."""
    tokens, done = themes.read(fold(typed).split())
    assert " ".join(tokens).endswith(read) and [r for _, r in done] == [read]


@pytest.mark.parametrize("typed", ["plan", "plans", "person", "armadillo", "frontier"])
def test_english_words_are_not_read_as_spanish(typed: str) -> None:
    """An English word is not stemmed as Spanish into a theme it only shares letters with."""
    assert themes.read([typed]) == ([typed], [])


def test_a_spanish_theme_finds_the_records_and_says_what_it_read(sheet: FactSheet) -> None:
    """`trata de personas` finds the human-trafficking records; the note says it read "human trafficking"."""
    result = search(sheet, "trata de personas")
    assert "specialized-units" in [h.id for h in result.hits[:3]]
    assert result.corrected == (("trata de personas", "human trafficking"),)
    assert "Showing results for human trafficking" in notes(result, "trata de personas")[0]


def test_everyday_words_find_what_the_text_calls_them(sheet: FactSheet) -> None:
    """ "guns" finds the firearms-trafficking program, "boats" the equipment record with its vessels,
    "courts" and "judges" the FY2012 money that strengthens the region's "judicial" capacity."""
    assert "specialized-units" in [h.id for h in search(sheet, "guns").hits[:3]]
    assert "us-provided-equipment" in [h.id for h in search(sheet, "boats").hits[:3]]
    for word in ("courts", "judges", "prosecutors"):
        assert search(sheet, word).hits[0].id == "carsi-fy2012", word


def test_no_word_the_text_writes_is_read_as_another() -> None:
    """A Spanish theme never takes over an English word of the fact sheet: each word of the text reads as itself."""
    import re

    for word in sorted(set(re.findall(r"[^\W_]+", TEXT))):
        assert themes.read([word]) == ([word], []), word


@pytest.mark.parametrize("key", sorted(themes.SPANISH))
def test_every_spanish_name_is_read_as_its_theme(key: str) -> None:
    """Each Spanish name, as listed and with its accents, reads as the words of the text it points at."""
    _, done = themes.read(fold(key).split())
    assert [read for _, read in done] == [themes.SPANISH[key]]
    assert fold(themes.SPANISH[key]).replace("-", " ") in TEXT


@pytest.mark.parametrize("word", sorted(themes.ALSO))
def test_each_other_word_is_one_the_text_writes(word: str) -> None:
    """A word that also finds others is the text's own, and so is each other word it finds
    (a word the text does not write belongs in EVERYDAY, read as the text's)."""
    import re

    for words in (word, *themes.ALSO[word]):
        assert re.search(rf"\b{words}\b", TEXT), words


def test_police_finds_law_enforcement_and_the_national_police_and_says_so(sheet: FactSheet) -> None:
    """ "police" finds the records that say "law enforcement" and still the one that says "national police";
    the notes say what else it matched."""
    result = search(sheet, "police")
    ids = [h.id for h in result.hits]
    assert "law-enforcement-cooperation" in ids and "us-provided-equipment" in ids
    assert "Also matching the fact sheet's other words: 'law enforcement' for 'police'." in notes(result, "police")


def test_boats_find_the_ships_of_operation_martillo(sheet: FactSheet) -> None:
    """ "boats" is read as "vessels", which also finds "ships": Martillo's DOD and DHS ships."""
    assert "operation-martillo" in [h.id for h in search(sheet, "boats").hits]
