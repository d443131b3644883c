"""The exported page in a real browser: headless Chromium, driven over the DevTools protocol.

Skipped where Chromium is not installed, except in CI (CI=true), which installs
Debian's chromium package (see .ci/run): there a missing browser fails the tests.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import Browser, Page, find_chromium
from carsi_cli.loading import load, read_source_text
from carsi_cli.model.records import FactSheet
from carsi_cli.model.text import fold_space
from carsi_cli.onward import webpage as htmlpage
from conftest import SOURCE_TEXT
from test_export_html import HTML_ATTACKS, html_hostile_model

CHROMIUM = find_chromium()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None and os.environ.get("CI") != "true", reason="Chromium is not installed (CI installs it)"
    ),
]
TEXT = SOURCE_TEXT.read_text(encoding="utf-8")
# The page's text as a reader gets it: the main element without the records' cards and the passages' numbers.
READ_TEXT = """(() => {
  const main = document.querySelector("main").cloneNode(true);
  main.querySelectorAll(".card, .ref").forEach((node) => node.remove());
  return main.textContent;
})()"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None, "CI must install chromium (.ci/run)"
    with Browser(CHROMIUM) as running:
        yield running


@pytest.fixture(scope="module")
def bundled_url(sheet: FactSheet, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("page") / "factsheet.html"
    path.write_text(htmlpage.page(sheet, TEXT), encoding="utf-8")
    return path.as_uri()


@pytest.fixture(scope="module")
def page(browser: Browser, bundled_url: str) -> Page:
    return browser.page(bundled_url)


def display(page: Page, selector: str) -> str:
    value = page.evaluate(f"getComputedStyle(document.querySelector({selector!r})).display")
    assert isinstance(value, str)
    return value


def test_no_console_error_and_no_request(page: Page, bundled_url: str) -> None:
    """The page loads with nothing in the console and asks for nothing but itself."""
    assert page.problems() == []
    assert page.requests() == [bundled_url]


def test_every_record_and_the_whole_text_are_on_the_page(page: Page, sheet: FactSheet) -> None:
    """Every record has its entry; the rendered text is the source text, word for word."""
    ids = json.dumps([r.id for r in sheet.all_records()])
    missing = page.evaluate(f"{ids}.filter(id => !document.getElementById('r-' + id))")
    assert missing == []
    assert fold_space(page.evaluate(READ_TEXT)) == fold_space(TEXT)
    body = page.evaluate("document.body.innerText")
    assert all(record.id in body for record in sheet.all_records())


def test_the_style_applies_under_its_policy(page: Page) -> None:
    """The inline style is allowed by the Content-Security-Policy: cards are hidden until asked for."""
    assert display(page, "#c1") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('mark')).backgroundColor") != "rgba(0, 0, 0, 0)"


def test_focusing_a_passage_shows_its_records(page: Page) -> None:
    """Focus on the CARSI total's passage shows its card: the record, its amount in words."""
    number = page.evaluate(
        "[...document.querySelectorAll('.passage[id]')].find(p => p.textContent.startsWith('From FY 2008')).id"
    )
    page.evaluate(f"document.getElementById({number!r}).focus()")
    card = "#c" + number[1:]
    assert display(page, card) == "block"
    text = page.evaluate(f"document.querySelector({card!r}).innerText")
    assert "carsi-fy2008-2011" in text and "$361 million in total over FY2008-FY2011" in text
    page.evaluate("document.activeElement.blur()")
    assert display(page, card) == "none"


@pytest.mark.parametrize("width", [980, 1100, 1600])
def test_a_card_never_covers_the_text_on_a_desktop(browser: Browser, bundled_url: str, width: int) -> None:
    """Beside two columns, a passage's card lies right of the text column, whatever the window's width."""
    wide = browser.page(bundled_url, width=width, height=800)
    wide.evaluate("document.getElementById('p12').focus()")
    text_right = wide.evaluate("document.querySelector('main').getBoundingClientRect().right")
    card = wide.evaluate("(r => [r.left, r.right])(document.getElementById('c12').getBoundingClientRect())")
    assert text_right <= card[0] < card[1] <= width


def test_the_keyboard_reaches_passages(page: Page) -> None:
    """Tab, as a person presses it, reaches a passage, shows a visible focus ring and the passage's card."""
    page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
    for _ in range(40):
        page.press("Tab", "Tab", 9)
        if page.evaluate("document.activeElement.classList.contains('passage')"):
            break
    else:
        pytest.fail("40 presses of Tab reached no passage")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    card = "#c" + page.evaluate("document.activeElement.id")[1:]
    assert display(page, card) == "block"


def test_hovering_a_passage_shows_its_records(page: Page) -> None:
    """The mouse over a passage shows its card."""
    page.evaluate("document.activeElement.blur(); document.getElementById('p4').scrollIntoView()")
    box = page.evaluate("(r => [r.x + 5, r.y + r.height / 2])(document.querySelector('#p4 mark').getClientRects()[0])")
    page.send("Input.dispatchMouseEvent", type="mouseMoved", x=box[0], y=box[1])
    assert display(page, "#c4") == "block"
    page.send("Input.dispatchMouseEvent", type="mouseMoved", x=1, y=1)


def test_a_phone_width_has_no_sideways_scroll(browser: Browser, bundled_url: str) -> None:
    """At 360 pixels the page is one column and nothing is wider than the screen."""
    phone = browser.page(bundled_url, width=360, height=740, mobile=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.evaluate("getComputedStyle(document.querySelector('.layout')).gridTemplateColumns").count("px") == 1
    assert phone.problems() == []


def test_print_shows_text_and_records_without_cards(page: Page) -> None:
    """Printed: cards hidden even for a focused passage, the records after the text."""
    page.send("Emulation.setEmulatedMedia", media="print")
    try:
        page.evaluate("document.getElementById('p1').focus()")
        assert display(page, "#c1") == "none"
        assert display(page, ".layout") == "block"
        assert page.evaluate("getComputedStyle(document.querySelector('aside')).position") == "static"
    finally:
        page.send("Emulation.setEmulatedMedia", media="")
        page.evaluate("document.activeElement.blur()")


def test_the_hostile_models_page_scripts_nothing(browser: Browser, tmp_path: Path) -> None:
    """Markup, URLs and escapes in every field: shown as characters; nothing runs, nothing is fetched."""
    path = html_hostile_model(tmp_path)
    sheet = load(path, check_quotes=False)  # its names are not in its quotes: unverified
    text = read_source_text(sheet, path)
    assert text is not None
    target = tmp_path / "hostile.html"
    target.write_text(htmlpage.page(sheet, text), encoding="utf-8")
    hostile = browser.page(target.as_uri())
    for p in range(1, 4):  # show some cards, as a reader would
        hostile.evaluate(f"document.getElementById('p{p}').focus()")
    assert hostile.evaluate("typeof window.pwned") == "undefined"
    assert hostile.evaluate("document.scripts.length + document.images.length + frames.length") == 0
    shown = hostile.evaluate("document.documentElement.textContent")
    for attack in HTML_ATTACKS.values():
        assert attack in shown
    assert hostile.problems() == []
    assert hostile.requests() == [target.as_uri()]
