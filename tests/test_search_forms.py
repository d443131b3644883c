"""Irregular English forms read as any form of their word: "met" finds "meeting"."""

from __future__ import annotations

import re
import sqlite3

import pytest

from carsi_cli.model.records import FactSheet
from carsi_cli.model.text import fold
from carsi_cli.query import forms
from carsi_cli.query.ftsindex import TOKENIZER, searchable_fields
from carsi_cli.query.search import search
from conftest import SOURCE_TEXT

TEXT_WORDS = set(re.findall(r"[a-z]+", fold(SOURCE_TEXT.read_text(encoding="utf-8"))))
PAIRS = [(lemma, form) for lemma, irregular in forms.IRREGULAR.items() for form in irregular]


def _stemmed_alike(a: str, b: str) -> bool:
    """Whether the index's own tokenizer (Porter) already finds ``b`` from ``a``."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute(f"create virtual table t using fts5(x, tokenize = '{TOKENIZER}')")
        db.execute("insert into t values (?)", (b,))
        return bool(db.execute("select 1 from t where t match ?", (f'"{a}"',)).fetchone())
    finally:
        db.close()


@pytest.mark.parametrize(("lemma", "form"), PAIRS, ids=[f"{lemma}-{form}" for lemma, form in PAIRS])
def test_every_form_is_one_the_stemmer_misses(lemma: str, form: str) -> None:
    """Each irregular form is one Porter's stemmer does not bring to its lemma (else it need not be listed)."""
    assert not _stemmed_alike(lemma, form)


def test_no_form_belongs_to_two_words() -> None:
    """A form is listed under one lemma only, and no lemma is another's form."""
    every = [w for lemma, irregular in forms.IRREGULAR.items() for w in (lemma, *irregular)]
    assert len(every) == len(set(every))


@pytest.mark.parametrize(
    ("typed", "read"),
    [("met", ("met", "meet")), ("meet", ("meet", "met")), ("began", ("began", "begin", "begun")), ("aid", ("aid",))],
    ids=["past", "lemma", "participle", "regular"],
)
def test_forms_of_a_word(typed: str, read: tuple[str, ...]) -> None:
    """A form reads as itself first, then its other forms; a regular word as itself alone."""
    assert forms.forms(typed) == read


WRITTEN = sorted((lemma, form) for lemma, form in PAIRS if form in TEXT_WORDS)


def test_the_text_writes_some_irregular_forms() -> None:
    """The fact sheet writes irregular forms (began, led, spent), so the table is put to use."""
    assert {"began", "led", "spent"} <= {form for _, form in WRITTEN}


@pytest.mark.parametrize(("lemma", "form"), WRITTEN, ids=[f"{lemma}-{form}" for lemma, form in WRITTEN])
def test_a_lemma_finds_the_records_whose_quote_writes_its_form(sheet: FactSheet, lemma: str, form: str) -> None:
    """Searching "lead" finds every record whose quote writes "led" (the fact sheet's own forms)."""
    writing = {
        record.id
        for record in sheet.all_records()
        for field, value in searchable_fields(record)
        if field in ("quote", "other_quotes", "roles.quote") and form in re.findall(r"[a-z]+", fold(value))
    }
    assert writing, form
    assert writing <= {hit.id for hit in search(sheet, lemma).hits}


def test_met_finds_the_meeting(sheet: FactSheet) -> None:
    """ "met" finds the meeting, which the text calls a "meeting" and never "met"."""
    assert "met" not in TEXT_WORDS
    assert "biden-meeting" in [hit.id for hit in search(sheet, "met").hits]
