"""A list's cells as Rich wraps them: at spaces, never inside an amount or a
fiscal-year label, cut after a whole word, a URL a link only where whole."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.style import Style
from rich.text import Text

from carsi_cli.views.console import Prose

QUOTE = "FY 2012’s $105 million commitment to CARSI will enable the United States to support a broad range"
URL = "https://obamawhitehouse.archives.gov/the-press-office/2012/03/06/fact-sheet"


def drawn(text: Text, width: int) -> list[str]:
    """The lines Rich draws ``text`` in at ``width`` columns."""
    console = Console(file=io.StringIO(), width=width, color_system=None)
    return [line.plain.rstrip() for line in text.wrap(console, width)]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("commitment of $105 million in FY 2012", ["$105 million", "FY 2012"]),
        ("From FY 2008 – 2011, funding for CARSI totaled $361 million.", ["FY 2008 – 2011,", "$361 million."]),
        ("from FY 2008\u00a0– 2011 totaled $361\u00a0million", ["FY 2008\u00a0– 2011", "$361\u00a0million"]),
    ],
    ids=["amount-and-year", "year-range", "no-break-spaces"],
)
def test_rich_never_breaks_an_amount_or_a_fiscal_year(text: str, kept: list[str]) -> None:
    """At every width from the token's own up, each amount and label is on one line
    (Rich's own wrapper, which breaks at any white space, splits them)."""
    split_by_rich = False
    for width in range(max(len(k) for k in kept), len(text) + 1):
        lines = drawn(Prose(text), width)
        assert all(len(line) <= width for line in lines)
        assert " ".join(lines).replace(" ", "") == text.replace(" ", "")
        for token in kept:
            assert any(token in line for line in lines), (width, lines)
        plain = drawn(Text(text), width)
        split_by_rich = split_by_rich or not all(any(t in line for line in plain) for t in kept)
    assert split_by_rich  # the rule is carsi's, not Rich's


def test_a_cut_ends_after_a_whole_word() -> None:
    """Cut to two lines: the last ends in "…" after a word of the text; nothing is cut when it fits."""
    lines = drawn(Prose(QUOTE, lines=2), 30)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(len(line) <= 30 for line in lines)
    assert lines[-1][:-1].split()[-1] in QUOTE.split()
    assert Prose(QUOTE, lines=2).cut(30)
    assert drawn(Prose(QUOTE, lines=1), 200) == [QUOTE] and not Prose(QUOTE, lines=1).cut(200)
    assert len(drawn(Prose(QUOTE), 30)) > 2  # no limit: every line


def test_a_url_is_a_link_only_where_it_is_whole() -> None:
    """A URL folded across lines, or cut at "…", is plain text; shown whole, it is a link."""

    def linked(before: str, width: int, lines: int = 0) -> list[bool]:
        text = Prose(f"{before}{URL} now", lines=lines)
        text.stylize(Style(link=URL), len(before), len(before) + len(URL))
        console = Console(file=io.StringIO(), width=width, color_system=None)
        drawn_lines = text.wrap(console, width)
        return [any(isinstance(s.style, Style) and s.style.link for s in line.spans) for line in drawn_lines]

    assert linked("see ", len(URL) + 4) == [True, False]
    assert linked("see ", len(URL) + 6, lines=1) == [True]  # cut after the URL: still whole
    folded = linked("see ", 30)
    assert len(folded) > 2 and True not in folded
    assert linked("", 30, lines=1) == [False]  # cut inside the URL


@given(
    st.lists(
        st.one_of(
            st.text(alphabet="abcdefghij-", min_size=1, max_size=20),
            st.sampled_from(["$105 million", "FY 2012", "FY 2008 – 2011"]),
        ),
        min_size=1,
        max_size=30,
    ),
    st.integers(min_value=14, max_value=120),
)
def test_wrapping_keeps_every_word_and_the_width(words: list[str], width: int) -> None:
    """Generated texts: no line wider than the width, every character kept, in order."""
    text = " ".join(words)
    lines = drawn(Prose(text), width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(len(line) <= width for line in lines)


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (20, ["see", "strategy-to-combat-", "transnational-", "organized-crime now"]),
        (30, ["see", "strategy-to-combat-", "transnational-organized-crime", "now"]),
    ],
)
def test_a_word_wider_than_the_line_breaks_after_a_hyphen(width: int, expected: list[str]) -> None:
    """On a line of its own, broken after hyphens, not at the line's last column as Rich folds
    it; the words after it go on beside its last piece."""
    assert drawn(Prose("see strategy-to-combat-transnational-organized-crime now"), width) == expected


def test_a_short_first_line_starts_the_text_on_the_next() -> None:
    """Beside a label that leaves too little room, a word is not broken: it starts below."""
    from carsi_cli.views.console import divide

    assert [line.plain for line in divide(Prose("Partnership program"), 20, first=5)] == ["", "Partnership program"]
    assert [line.plain for line in divide(Prose("the Partnership program"), 20, first=5)] == [
        "the",
        "Partnership program",
    ]


def test_a_field_puts_the_value_beside_its_label_or_beneath_it() -> None:
    """``label: value`` wrapped at spaces, continuing further in; with too little room,
    the value starts on the line after its label. No line is wider than the screen."""
    from carsi_cli.views.screen import Screen, styled_cell

    def field(label: str, text: str, width: int, indent: int) -> list[str]:
        screen = Screen(width)
        screen.field(label, styled_cell(text), indent=indent)
        return [line.plain for line in screen.lines]  # type: ignore[union-attr]

    assert field("Kind", "committed", 40, 2) == ["  Kind: committed"]
    text = "Central American Citizen Security Partnership"
    below = field("Program", text, 16, 1)
    assert below[0] == " Program:"
    assert " ".join(line.strip() for line in below[1:]) == text
    assert all(len(line) <= 16 and line.startswith("  ") for line in below[1:])  # a narrow screen steps in by one
    beside = field("Program", text, 30, 1)
    assert beside[0].startswith(" Program: Central")
    assert all(line.startswith("   ") and len(line) <= 30 for line in beside[1:])
