"""Laying text out for a terminal, pure: where lines break, how wide columns are,
when a list is stacked. The views built on it are in test_terminal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carsi_cli.views.layout import NARROW, Spec, cell_width, is_url, longest_token, plain_lines, table, tokens

URL = "https://obamawhitehouse.archives.gov/the-press-office/2012/03/06/fact-sheet-central-american-citizen-security-partnership"
QUOTE = "FY 2012’s $105 million commitment to CARSI will enable the United States to support a broad range"


def lines_of(text: str, width: int) -> list[str]:
    return plain_lines(text, width)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("commitment of $105 million in FY 2012", ["$105 million", "FY 2012"]),
        ("From FY 2008 – 2011, funding for CARSI totaled $361 million.", ["FY 2008 – 2011,", "$361 million."]),
        ("more than $10 billion per year, FY2009-FY2011", ["$10 billion", "FY2009-FY2011"]),
        ("valued at more than $650 million dollars", ["$650 million"]),
    ],
    ids=["amount-and-year", "year-range", "per-year", "dollars"],
)
def test_amounts_and_fiscal_years_are_never_broken(text: str, kept: list[str]) -> None:
    """At every width from the token's own up, each amount and label is on one line."""
    for width in range(max(len(k) for k in kept), len(text) + 1):
        lines = lines_of(text, width)
        assert all(len(line) <= width for line in lines)
        for token in kept:
            assert any(token in line for line in lines), (width, lines)


def test_lines_break_at_spaces_and_keep_every_word() -> None:
    """Joined again, the lines are the text; no line starts or ends with a space."""
    for width in (12, 20, 30, 45):
        lines = lines_of(QUOTE, width)
        assert " ".join(lines) == QUOTE
        assert all(line == line.strip() for line in lines)


def test_a_url_is_never_broken() -> None:
    """A URL gets a line of its own, whole, even when it is wider than the line."""
    text = f"Source: The White House. {URL} (archived)"
    for width in (20, 40, 80, 200):
        lines = lines_of(text, width)
        assert URL in lines or any(URL in line for line in lines)
        assert all(len(line) <= width or line == URL for line in lines)
    assert is_url(URL) and not is_url(URL + " x")


def test_a_url_ends_before_closing_punctuation() -> None:
    """A sentence's full stop or a closing bracket is not part of the link."""
    from carsi_cli.views.layout import urls

    text = "see (https://a.example/b). and https://c.example/d/"
    assert [text[s:e] for s, e in urls(text)] == ["https://a.example/b", "https://c.example/d/"]


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (20, ["strategy-to-combat-", "transnational-", "organized-crime"]),
        (30, ["strategy-to-combat-", "transnational-organized-crime"]),
        (48, ["strategy-to-combat-transnational-organized-crime"]),
    ],
)
def test_an_id_wider_than_the_line_breaks_after_a_hyphen(width: int, expected: list[str]) -> None:
    assert lines_of("strategy-to-combat-transnational-organized-crime", width) == expected


def test_a_word_without_hyphens_breaks_only_when_wider_than_the_line() -> None:
    assert lines_of("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
    assert lines_of("Partnership", 11) == ["Partnership"]


def test_cell_width_counts_wide_and_combining_characters() -> None:
    assert cell_width("Panamá") == 6
    assert cell_width("Panama\u0301") == 6
    assert cell_width("中美洲") == 6


def test_tokens_and_longest_token() -> None:
    text = "the $105 million in FY 2012 at " + URL
    assert [text[s:e] for s, e in tokens(text)][:4] == ["the", "$105 million", "in", "FY 2012"]
    assert longest_token(text) == len("$105 million")  # the URL aside


SPECS = [Spec("ID", "id"), Spec("Name", "text"), Spec("Kind", "code"), Spec("Quote", "prose")]
ROWS = [
    ["cacsp", "Central American Citizen Security Partnership", "partnership", QUOTE],
    ["strategy-to-combat-transnational-organized-crime", "Strategy to Combat", "strategy", QUOTE],
    ["carsi", "Central America Regional Security Initiative", "initiative", QUOTE],
]


def test_a_table_keeps_ids_and_codes_whole() -> None:
    """Ids and codes are never wrapped; an id wider than its column takes a line of its own."""
    for width in (60, 80, 120):
        plan = table(SPECS, ROWS, width, wide=False)
        assert plan is not None and plan.width <= width
        assert plan.widths[plan.shown.index(2)] >= max(len(row[2]) for row in ROWS)
        for row, spill in zip(ROWS, plan.spill, strict=True):
            assert spill == (len(row[0]) > plan.widths[0])
        assert plan.spill[1] == (len(ROWS[1][0]) > plan.widths[0])
        assert not plan.spill[0]


def test_a_list_cuts_prose_and_drops_it_when_there_is_no_room() -> None:
    narrow = table(SPECS, ROWS, 70, wide=False)
    assert narrow is not None and narrow.dropped == (3,) and 3 not in narrow.shown
    roomy = table(SPECS, ROWS, 160, wide=False)
    assert roomy is not None and roomy.dropped == () and roomy.widths[-1] < len(QUOTE)


def test_wide_shows_every_column_whole_or_stacks() -> None:
    """With --wide nothing is cut or dropped: the table holds every word, or there is no table."""
    plan = table(SPECS, ROWS, 160, wide=True)
    assert plan is not None and plan.dropped == () and plan.shown == (0, 1, 2, 3)
    assert table(SPECS, ROWS, 70, wide=True) is None


def test_below_sixty_columns_records_are_stacked() -> None:
    assert table(SPECS, ROWS, NARROW - 1, wide=False) is None
    assert table(SPECS, ROWS, NARROW, wide=False) is not None


WORDS = st.lists(
    st.one_of(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=30),
        st.sampled_from(["$105 million", "FY 2012", "FY2008-FY2011", URL, "Panamá", "“quoted”"]),
    ),
    min_size=1,
    max_size=40,
)


@given(WORDS, st.integers(min_value=1, max_value=150))
def test_wrapping_keeps_every_character_and_the_width(words: list[str], width: int) -> None:
    """Generated texts: no line wider than the width but a URL or a piece of an
    over-wide word, and the lines hold every character of the text, in order."""
    text = " ".join(words)
    lines = lines_of(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert cell_width(line) <= width or is_url(line)
