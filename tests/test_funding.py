"""Funding and money, read right: the edges of a span, the notes a figure needs, totals and their
qualifiers, and figures as the text writes them. The cases a mutation run found untested."""

from __future__ import annotations

import pytest

from carsi_cli.model import Basis, FactSheet, Funding, FundingKind, Qualifier, Source
from carsi_cli.model.money import amount, amounts_in, describe, dollars, span
from carsi_cli.model.years import fiscal_year
from carsi_cli.query.empty import no_funding
from carsi_cli.query.funding import report, total
from conftest import SOURCE_TEXT, fig

TEXT = " ".join(SOURCE_TEXT.read_text(encoding="utf-8").split())
SOURCE = Source("s", "Title", "2012-03-06", "Publisher", "Citation")


def sheet_of(*figures: Funding) -> FactSheet:
    return FactSheet(SOURCE, funding=figures)


SPAN = fig("span", 361, 2008, 2011)


@pytest.mark.parametrize(
    ("fy_from", "fy_to", "shown"),
    [
        pytest.param(2011, None, True, id="from-its-last-year"),
        pytest.param(2012, None, False, id="from-the-year-after"),
        pytest.param(None, 2008, True, id="to-its-first-year"),
        pytest.param(None, 2007, False, id="to-the-year-before"),
        pytest.param(2008, 2008, True, id="its-first-year-alone"),
        pytest.param(2011, 2011, True, id="its-last-year-alone"),
        pytest.param(2007, 2007, False, id="the-year-before-alone"),
        pytest.param(2012, 2012, False, id="the-year-after-alone"),
    ],
)
def test_a_span_is_shown_for_every_year_it_covers_and_no_other(
    fy_from: int | None, fy_to: int | None, shown: bool
) -> None:
    """--from, --to and --fy keep a figure whose span meets theirs, edges included, and nothing beyond."""
    assert (report(sheet_of(SPAN), fy_from, fy_to).records == (SPAN,)) is shown


@pytest.mark.parametrize("year", [2008, 2009, 2010, 2011])
def test_a_multi_year_total_asked_for_one_year_says_it_is_not_that_years_money(sheet: FactSheet, year: int) -> None:
    """`funding --fy 2008` (or any year of FY2008-2011) shows the $361 million total and says it is not that year's."""
    assert "From FY 2008 – 2011, funding for CARSI totaled $361 million." in TEXT
    found = report(sheet, year, year)
    assert "carsi-fy2008-2011" in [f.id for f in found.records]
    note = next(n for n in found.notes if n.ids == ("carsi-fy2008-2011",))
    assert note.text == (
        f"carsi-fy2008-2011: $361 million in total over FY2008-FY2011 is a multi-year total, "
        f"not money for FY{year} alone; the fact sheet does not split it by year."
    )


@pytest.mark.parametrize(
    ("fy_from", "fy_to", "straddles"),
    [
        pytest.param(2008, 2011, False, id="the-whole-span"),
        pytest.param(2007, 2012, False, id="a-wider-span"),
        pytest.param(2009, 2011, True, id="a-later-start"),
        pytest.param(2008, 2010, True, id="an-earlier-end"),
        pytest.param(2010, None, True, id="open-ended"),
    ],
)
def test_a_total_is_flagged_only_when_the_years_asked_do_not_hold_it_whole(
    fy_from: int | None, fy_to: int | None, straddles: bool
) -> None:
    """A range that holds the whole span needs no "not money for ... alone" note; one that cuts it does."""
    notes = report(sheet_of(SPAN), fy_from, fy_to).notes
    assert any("is a multi-year total" in n.text for n in notes) is straddles


def test_a_one_year_figure_is_never_called_a_multi_year_total() -> None:
    """A figure for FY2012 alone, asked for FY2012, needs no note."""
    one = fig("one", 105, 2012, 2012)
    assert report(sheet_of(one), 2012, 2012).notes == ()


def test_a_program_without_figures_says_so(sheet: FactSheet) -> None:
    """`funding --program martillo`: no figure, and the one note says the fact sheet gives none for it."""
    found = report(sheet, program="martillo")
    assert found.records == ()
    assert [n.text for n in found.notes] == [no_funding(sheet, program="martillo")]
    assert found.notes[0].text.startswith("The fact sheet gives no funding figure for Operation Martillo;")
    assert not any("gives no funding figure" in n.text for n in report(sheet, program="carsi").notes)


def test_the_note_on_a_program_without_figures_is_not_given_for_a_year_filter(sheet: FactSheet) -> None:
    """With years asked, an empty answer is about the years, not the program."""
    found = report(sheet, 1990, 1990, program="carsi")
    assert found.records == ()
    assert not any("gives no funding figure for" in n.text for n in found.notes)
    assert [n.text for n in found.notes] == [no_funding(sheet, 1990, 1990, program="carsi")]


@pytest.mark.parametrize(
    ("qualifiers", "expected", "prefix"),
    [
        pytest.param((Qualifier.EXACT, Qualifier.EXACT), Qualifier.EXACT, "$466", id="exact"),
        pytest.param((Qualifier.EXACT, Qualifier.MORE_THAN), Qualifier.MORE_THAN, "more than $466", id="more-than"),
        pytest.param((Qualifier.AT_LEAST, Qualifier.EXACT), Qualifier.AT_LEAST, "at least $466", id="at-least"),
        pytest.param((Qualifier.AT_LEAST, Qualifier.MORE_THAN), Qualifier.MORE_THAN, "more than $466", id="both"),
    ],
)
def test_a_total_is_as_exact_as_its_figures(
    qualifiers: tuple[Qualifier, Qualifier], expected: Qualifier, prefix: str
) -> None:
    """Two exact figures add to an exact total; a lower bound makes the total a lower bound, and says so."""
    found, reasons = total(
        [fig("a", 361, 2008, 2011, qualifier=qualifiers[0]), fig("b", 105, 2012, 2012, qualifier=qualifiers[1])]
    )
    assert reasons == [] and found is not None
    assert found.qualifier is expected
    assert found.describe() == f"{prefix} over FY2008-FY2012 (2 figures)"


def test_a_sound_total_is_announced_in_the_notes() -> None:
    """Figures that may be added are, and the last note says so in words."""
    found = report(sheet_of(fig("a", 361_000_000, 2008, 2011), fig("b", 105_000_000, 2012, 2012)))
    assert found.total is not None and found.total.amount_usd == 466_000_000
    assert found.notes[-1].text == "Total: $466 million over FY2008-FY2012 (2 figures)."


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        pytest.param("$361 million", 361_000_000, id="million"),
        pytest.param("$5 thousand", 5_000, id="thousand"),
        pytest.param("$2 trillion", 2_000_000_000_000, id="trillion"),
        pytest.param("$1.5 billion", 1_500_000_000, id="decimal"),
        pytest.param("$1,250,000", 1_250_000, id="commas"),
        pytest.param("$12", 12, id="dollars"),
        pytest.param("$10 BILLION", 10_000_000_000, id="any-case"),
    ],
)
def test_figures_are_read_as_the_text_writes_them(text: str, amount: int) -> None:
    """Every scale word is its own power of ten."""
    assert amounts_in(f"funding of {text} in total") == {amount}


def test_a_fraction_of_a_dollar_is_no_figure() -> None:
    """$1.5 is not a whole number of dollars: it is not read as one."""
    assert amounts_in("$1.5 each") == set()


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        pytest.param(361_000_000, "$361 million", id="million"),
        pytest.param(10_000_000_000, "$10 billion", id="billion"),
        pytest.param(1_500_000_000_000, "$1.5 trillion", id="trillion"),
        pytest.param(1_250_000, "$1.25 million", id="decimals"),
        pytest.param(12_500, "$12,500", id="thousands-in-digits"),
        pytest.param(1_234_567, "$1,234,567", id="not-round"),
    ],
)
def test_amounts_in_words(amount: int, words: str) -> None:
    """Dollars as a reader says them, exactly: a scale word only where it loses nothing."""
    assert dollars(amount) == words


def test_a_figure_in_words_keeps_its_qualifier_basis_and_span() -> None:
    """A rate says per year; an undated figure says it has no fiscal year; one year is "in FY2012"."""
    rate = fig("r", 10_000_000_000, 2009, 2011, basis=Basis.PER_YEAR, qualifier=Qualifier.MORE_THAN)
    assert describe(rate) == "more than $10 billion per year, FY2009-FY2011"
    undated = rate._replace(fy_start=None, fy_end=None)
    assert describe(undated) == "more than $10 billion per year (no fiscal year given)"
    assert describe(fig("u", 650_000_000, None, None)) == "$650 million in total (no fiscal year given)"
    assert describe(fig("o", 105_000_000, 2012, 2012)) == "$105 million in FY2012"
    assert describe(SPAN._replace(qualifier=Qualifier.APPROXIMATELY)) == "about $361 in total over FY2008-FY2011"


@pytest.mark.parametrize(
    ("text", "year"),
    [
        pytest.param("FY69", 1969, id="69-is-1969"),
        pytest.param("FY68", 2068, id="68-is-2068"),
        pytest.param("FY00", 2000, id="00-is-2000"),
        pytest.param("99", 1999, id="bare-99"),
    ],
)
def test_two_digit_years_pivot_as_strptime_does(text: str, year: int) -> None:
    """A two-digit year is read as POSIX strptime's %y: 69-99 are the 1900s, 00-68 the 2000s."""
    assert fiscal_year(text) == year


def test_no_total_names_the_undated_figures_with_the_right_verb() -> None:
    """One undated figure "gives" no fiscal year; several "give" none, named up to three, then counted."""
    _, one = total([fig("a", 1, None, None), fig("b", 2, 2012, 2012)])
    assert one == ["a gives no fiscal year"]
    _, two = total([fig("a", 1, None, None), fig("b", 2, None, None)])
    assert two == ["a and b give no fiscal year"]
    _, five = total([fig(name, 1, None, None) for name in "abcde"])
    assert five == ["a, b, c and 2 more give no fiscal year"]
    _, three = total([fig(name, 1, None, None) for name in "abc"])
    assert three == ["a, b and c give no fiscal year"]


def test_no_total_says_which_kinds_were_inferred() -> None:
    """Different kinds of money are a reason; where kinds are inferred, it says whose, in the singular or plural."""
    plain = [fig("a", 1, 2008, 2008), fig("b", 2, 2009, 2009, kind=FundingKind.COMMITTED)]
    _, reasons = total(plain)
    assert reasons == ["the figures are different kinds of money (allocated, committed)"]
    one = [plain[0]._replace(inferred={"kind": "why"}), plain[1]]
    _, reasons = total(one)
    assert reasons == [
        "the figures are different kinds of money (allocated, committed), "
        "and the kind of a is itself inferred, not stated in the text"
    ]
    both = [figure._replace(inferred={"kind": "why"}) for figure in plain]
    _, reasons = total(both)
    assert reasons == [
        "the figures are different kinds of money (allocated, committed), "
        "and the kinds of a and b are themselves inferred, not stated in the text"
    ]


@pytest.mark.parametrize(
    ("spans", "named"),
    [
        pytest.param([(2008, 2011), (2011, 2012)], "a and b", id="one-shared-year"),
        pytest.param([(2008, 2008), (2009, 2012), (2010, 2010)], "b and c", id="inside-another"),
        pytest.param([(2008, 2012), (2009, 2009), (2010, 2010)], "a and b; a and c", id="the-widest-reaches"),
        pytest.param(
            [(2008, 2012), (2009, 2009), (2010, 2010), (2011, 2011)], "a and b; a and c; a and d", id="three-pairs"
        ),
        pytest.param(
            [(2008, 2012), (2009, 2009), (2010, 2010), (2011, 2011), (2012, 2012)],
            "a and b; a and c; a and d and more",
            id="more-than-three",
        ),
    ],
)
def test_overlapping_spans_are_named_in_pairs(spans: list[tuple[int, int]], named: str) -> None:
    """Spans that share a year are named as pairs, in order of their first years, three at most, then "and more"."""
    figures = [fig(name, 1, start, end) for name, (start, end) in zip("abcde", spans, strict=False)]
    _, reasons = total(list(reversed(figures)))
    assert reasons == [
        f"fiscal-year spans overlap ({named}), and the fact sheet does not say whether the figures share money"
    ]


def test_spans_that_only_touch_do_not_overlap() -> None:
    """FY2008-2011 and FY2012 follow each other: they add up."""
    found, reasons = total([fig("a", 1, 2008, 2011), fig("b", 2, 2012, 2012), fig("c", 3, 2013, 2014)])
    assert reasons == [] and found is not None and found.amount_usd == 6


@pytest.mark.parametrize(
    "qualifier",
    [Qualifier.APPROXIMATELY, Qualifier.UP_TO, Qualifier.LESS_THAN],
    ids=lambda q: q.value,
)
def test_no_total_of_approximate_figures_or_upper_bounds(qualifier: Qualifier) -> None:
    """An approximate figure or an upper bound cannot be added, and that is the one reason given."""
    found, reasons = total([fig("a", 1, 2008, 2008), fig("b", 2, 2009, 2009, qualifier=qualifier)])
    assert found is None
    assert reasons == ["some figures are approximate or upper bounds"]


def test_one_figure_has_no_total_and_no_reason() -> None:
    """A total of one figure is not announced, and no reason is invented."""
    assert total([fig("a", 1, 2008, 2008)]) == (None, [])
    assert total([]) == (None, [])


def test_a_span_needs_both_ends() -> None:
    """A span is written only when both fiscal years are given; one year is FY2012, not FY2012-FY2012."""
    assert span(2008, None) == "" and span(None, 2011) == "" and span(None, None) == ""
    assert span(2012, 2012) == "FY2012" and span(2008, 2011) == "FY2008-FY2011"


@pytest.mark.parametrize(
    ("qualifier", "written"),
    [
        pytest.param(Qualifier.EXACT, "$361 million", id="exact"),
        pytest.param(Qualifier.MORE_THAN, "more than $361 million", id="more-than"),
        pytest.param(Qualifier.UP_TO, "up to $361 million", id="up-to"),
    ],
)
def test_an_amount_keeps_its_qualifier(qualifier: Qualifier, written: str) -> None:
    """The amount as shown: its qualifier, then the dollars in words."""
    assert amount(fig("a", 361_000_000, 2008, 2011, qualifier=qualifier)) == written


def test_overlaps_are_named_against_the_figure_that_reaches_furthest_first() -> None:
    """Of two figures ending in the same year, the earlier one stays the one others are paired with."""
    _, reasons = total([fig("a", 1, 2008, 2012), fig("b", 2, 2009, 2012), fig("c", 3, 2010, 2010)])
    assert reasons == [
        "fiscal-year spans overlap (a and b; a and c), and the fact sheet does not say whether the figures share money"
    ]


def test_a_per_year_rate_is_never_added() -> None:
    """A rate beside a total is no total, and the reason says so in words."""
    found, reasons = total([fig("a", 1, 2008, 2008), fig("b", 2, 2009, 2009, basis=Basis.PER_YEAR)])
    assert found is None
    assert reasons == ["a per-year rate is not a sum and cannot be added to other figures"]


def test_exact_figures_and_both_kinds_of_lower_bound_add_up() -> None:
    """Exact, "more than" and "at least" together add to a lower bound, said "more than"."""
    found, reasons = total(
        [
            fig("a", 1, 2008, 2008),
            fig("b", 2, 2009, 2009, qualifier=Qualifier.MORE_THAN),
            fig("c", 3, 2010, 2010, qualifier=Qualifier.AT_LEAST),
        ]
    )
    assert reasons == [] and found is not None
    assert (found.amount_usd, found.qualifier) == (6, Qualifier.MORE_THAN)
