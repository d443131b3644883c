"""The annotated text, computed directly: marks, passages, spans, sentences and coverage."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carsi_cli.errors import NotFoundError
from carsi_cli.model.records import FactSheet, Program, ProgramKind, Source, quotes
from carsi_cli.model.text import fold_space
from carsi_cli.onward import focus as focusing
from carsi_cli.onward import marks as annotate
from carsi_cli.onward.focus import Focus
from carsi_cli.onward.marks import Annotation, Mark, find_marks
from carsi_cli.onward.marks import annotate as annotated
from carsi_cli.onward.sentences import sentences
from conftest import SOURCE_TEXT

TEXT = SOURCE_TEXT.read_text(encoding="utf-8")
# The sentences of the fact sheet that no record quotes, read off the text by
# hand: its title, its dateline, two section headings and the page's footer.
GAPS = [
    "FACT SHEET: The Central American Citizen Security Partnership",
    "Washington, DC–(ENEWSPF)–March 6, 2012.",
    "Additional Background on U.S. Efforts in Support of the Central American Citizen Security Partnership:",
    "Joint and Combined Operations.",
    "Source: whitehouse.gov",
]


def model(*program_quotes: str) -> FactSheet:
    """A model of one program per quote (ids a, b, c, ...)."""
    source = Source("s", "T", "2012", "P", "C")
    programs = [
        Program(chr(ord("a") + i), f"P{i}", ProgramKind.PROGRAM, "d", quote, "s")
        for i, quote in enumerate(program_quotes)
    ]
    return FactSheet(source, programs=programs)


def ids(result: Annotation, records: tuple[int, ...]) -> list[str]:
    return [result.records[i].id for i in records]


@pytest.fixture(scope="module")
def bundled(sheet: FactSheet) -> Annotation:
    return annotated(sheet, TEXT)


# ---------------------------------------------------------------------------
# The bundled model


def test_every_quote_of_the_bundled_model_has_a_place(sheet: FactSheet, bundled: Annotation) -> None:
    """Each quote of each record is marked where the text says it, white space folded."""
    marked = {(bundled.records[m.record].id, m.field): m for m in bundled.marks}
    for record in sheet.all_records():
        for field, quote in quotes(record):
            mark = marked.get((record.id, field))
            assert mark is not None, f"{record.id} {field}"
            assert fold_space(TEXT[mark.start : mark.end]) == fold_space(quote)


def test_spans_cut_the_whole_text_and_say_who_quotes_each_piece(bundled: Annotation) -> None:
    """Spans join into the text; each span's records are exactly the marks covering it."""
    assert "".join(TEXT[s.start : s.end] for s in bundled.spans) == TEXT
    assert all(a.end == b.start for a, b in pairwise(bundled.spans))
    for span in bundled.spans:
        covering = {m.record for m in bundled.marks if m.start <= span.start and span.end <= m.end}
        assert set(span.records) == covering
        assert span.records == tuple(sorted(span.records))


def test_the_carsi_total_is_quoted_by_its_funding_record(bundled: Annotation) -> None:
    """The issue's own example: "... totaled $361 million." is carsi-fy2008-2011's passage alone."""
    at = TEXT.index("From FY 2008 – 2011, funding for CARSI totaled $361 million.")
    passage = next(p for p in bundled.passages if p.start == at)
    assert TEXT[passage.start : passage.end] == "From FY 2008 – 2011, funding for CARSI totaled $361 million."
    assert ids(bundled, passage.records) == ["carsi-fy2008-2011"]


def test_coverage_of_the_bundled_model(bundled: Annotation) -> None:
    """Every dollar figure the text writes is quoted; the sentences no record quotes are the five read by hand."""
    coverage = bundled.coverage
    assert coverage.figures == TEXT.count("$") == 7
    assert coverage.figures_quoted == 7
    gaps = [TEXT[s.start : s.end] for s in bundled.sentences if not s.quoted]
    assert gaps == GAPS
    assert coverage.sentences_quoted == coverage.sentences - len(GAPS)


def test_the_one_partly_quoted_sentence_misses_one_word(bundled: Annotation) -> None:
    """The aviation sentence: its records quote all of it but the "as" that joins its two halves."""
    (partial,) = [s for s in bundled.sentences if s.quoted and not s.whole]
    sentence = TEXT[partial.start : partial.end]
    assert sentence.startswith("A U.S. aviation program in Guatemala")
    covered = [(p.start, p.end) for p in bundled.passages]
    unquoted = [
        m.group()
        for m in re.finditer(r"\w+", TEXT[partial.start : partial.end])
        if not any(s <= partial.start + m.start() < e for s, e in covered)
    ]
    assert unquoted == ["as"]


def test_sentences_are_disjoint_and_hold_every_word(bundled: Annotation) -> None:
    """Each word of the text lies in exactly one sentence (bullet marks aside)."""
    ranges = [(s.start, s.end) for s in bundled.sentences]
    assert ranges == sorted(ranges)
    assert all(a[1] <= b[0] for a, b in pairwise(ranges))
    for word in re.finditer(r"\w+", TEXT):
        assert sum(s <= word.start() < e for s, e in ranges) == 1, word.group()


# ---------------------------------------------------------------------------
# Overlaps, repeats and white space


def test_overlapping_quotes_make_one_passage_and_three_spans() -> None:
    """Two quotes sharing a word: one passage, the shared word quoted by both."""
    text = "Alpha beta gamma delta. Epsilon."
    result = annotated(model("Alpha beta gamma", "gamma delta."), text)
    assert [(p.start, p.end, ids(result, p.records)) for p in result.passages] == [(0, 23, ["a", "b"])]
    pieces = [(text[s.start : s.end], ids(result, s.records), s.passage) for s in result.spans]
    assert pieces == [
        ("Alpha beta ", ["a"], 1),
        ("gamma", ["a", "b"], 1),
        (" delta.", ["b"], 1),
        (" Epsilon.", [], None),
    ]


def test_touching_quotes_are_two_passages() -> None:
    """A heading run into its paragraph: two quotes that touch are two passages, two sentences."""
    text = "A heading.The paragraph."
    result = annotated(model("A heading.", "The paragraph."), text)
    assert [(p.start, p.end) for p in result.passages] == [(0, 10), (10, 24)]
    assert [(s.start, s.end) for s in result.sentences] == [(0, 10), (10, 24)]


def test_a_quote_inside_another() -> None:
    """A quote wholly inside another: one passage, the inner words quoted by both."""
    text = "One two three four."
    result = annotated(model("One two three four.", "two three"), text)
    assert len(result.passages) == 1
    assert [(text[s.start : s.end], ids(result, s.records)) for s in result.spans] == [
        ("One ", ["a"]),
        ("two three", ["a", "b"]),
        (" four.", ["a"]),
    ]


def test_a_quote_is_marked_at_every_place() -> None:
    """A passage the text says twice is marked twice."""
    text = "Same words. Other words. Same words."
    result = annotated(model("Same words."), text)
    assert [(m.start, m.end) for m in result.marks] == [(0, 11), (25, 36)]


@pytest.mark.parametrize(
    "text",
    ["the  quick\n brown\tfox", "the\u00a0quick brown\u2028fox", "\n\n  the quick   brown fox  \n"],
    ids=["runs", "unicode-spaces", "leading-and-trailing"],
)
def test_offsets_are_into_the_text_as_shipped(text: str) -> None:
    """A quote matched after folding white space is marked where the text has it, runs of spaces and all."""
    (mark,) = find_marks(model("quick brown fox"), text)
    assert fold_space(text[mark.start : mark.end]) == "quick brown fox"
    assert text[mark.start] == "q" and text[mark.end - 1] == "x"


WHITE = st.sampled_from([" ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u2028", " \n "])
WORDS = st.sampled_from(["a", "b", "ab", "ba", "$5", "x.", "Y"])


@given(
    words=st.lists(st.tuples(WORDS, WHITE), min_size=1, max_size=30),
    cut=st.tuples(st.integers(0, 29), st.integers(1, 8)),
    long=st.booleans(),
)
def test_any_quote_cut_from_any_text_is_found(words: list[tuple[str, str]], cut: tuple[int, int], long: bool) -> None:
    """A run of words cut from a text, white space folded, is marked at every place, by both ways of searching."""
    text = "".join(word + white for word, white in words)
    first = min(cut[0], len(words) - 1)
    quote = " ".join(word for word, _ in words[first : first + cut[1]])
    with pytest.MonkeyPatch.context() as patch:
        if long:
            patch.setattr(annotate._Places, "LONG", 0)  # the word index, as for a long text
        marks = find_marks(model(quote), text)
    assert all(fold_space(text[m.start : m.end]) == quote for m in marks)
    assert len(marks) == fold_space(text).count(quote)  # every place, none overlapping another


# ---------------------------------------------------------------------------
# Sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.", ["One.", "Two."]),
        ("U.S. Customs and Border Protection work. Then.", ["U.S. Customs and Border Protection work.", "Then."]),
        ("Heading.Body text.", ["Heading.", "Body text."]),
        ("He said “stop.” Then left.", ["He said “stop.”", "Then left."]),
        ("  • A bullet;\n  • Another;", ["A bullet;", "Another;"]),
        ("In FY 2011 it was $361 million. 28 HIDTAs.", ["In FY 2011 it was $361 million.", "28 HIDTAs."]),
        ("Title line\n\n\nNext line.", ["Title line", "Next line."]),
        ("Mr. Smith went. e.g. this.", ["Mr. Smith went. e.g. this."]),
        ("•\n – \n", []),
    ],
    ids=["two", "abbreviation", "glued-heading", "closing-quote", "bullets", "figures", "lines", "titles", "no-words"],
)
def test_sentences(text: str, expected: list[str]) -> None:
    """Sentences end at . ! ? before a capital or digit, and at line ends; not after abbreviations."""
    assert [text[a:b] for a, b in sentences(text)] == expected


# ---------------------------------------------------------------------------
# What concerns one record


def test_program_focus_is_the_sentences_behind_its_figures(sheet: FactSheet) -> None:
    """--program carsi: CARSI's own quotes and its two funding figures, nothing else."""
    focus = focusing.focus_program(sheet, "CARSI")
    records = list(sheet.all_records())
    marks = focusing.focused(find_marks(sheet, TEXT), records, focus)
    assert {records[m.record].id for m in marks} == {"carsi", "carsi-fy2008-2011", "carsi-fy2012"}
    result = annotated(sheet, TEXT, marks)
    quoted = {TEXT[f.start : f.end] for f in result.figures if f.quoted}
    assert quoted == {"$361 million", "$105 million"}


def test_program_focus_takes_country_roles_in_it(sheet: FactSheet) -> None:
    """--program specialized-units: the roles countries play in it are its passages too."""
    focus = focusing.focus_program(sheet, "specialized-units")
    assert ("panama", "roles[1].quote") in focus.quotes
    assert ("panama", None) not in focus.quotes


def test_country_focus_takes_its_roles_and_events(sheet: FactSheet) -> None:
    """--country Panamá: the country's own quotes, and the meeting its president attended."""
    focus = focusing.focus_country(sheet, "Panamá")
    assert focus == Focus("country panama", frozenset({("panama", None), ("biden-meeting", None)}))


def test_record_focus_by_id_ignores_case(sheet: FactSheet) -> None:
    """--record takes any record's id."""
    assert focusing.focus_record(sheet, "CARSI-FY2012").quotes == frozenset({("carsi-fy2012", None)})


def test_unknown_record_suggests_ids(sheet: FactSheet) -> None:
    """A mistyped id names the closest ones."""
    with pytest.raises(NotFoundError, match=r"no record has the id 'carsi-fy2013'; did you mean 'carsi-fy2012'"):
        focusing.focus_record(sheet, "carsi-fy2013")


def test_lines_cut_spans_at_line_breaks() -> None:
    """A passage across a line break is drawn in two pieces; only the second closes it."""
    text = "one two\nthree four\n"
    result = annotated(model("two three"), text)
    rows = [[(text[p.start : p.end], p.passage, p.closes) for p in pieces] for _, _, pieces in annotate.lines(result)]
    assert rows == [[("one ", None, False), ("two", 1, False)], [("three", 1, True), (" four", None, False)]]


def test_marks_are_sorted(sheet: FactSheet) -> None:
    """Marks come in reading order, whatever the model's order."""
    marks = find_marks(sheet, TEXT)
    assert marks == sorted(marks)
    assert isinstance(marks[0], Mark)
