"""`carsi export html`: the page's contents and safety, read as HTML; writing the file."""

from __future__ import annotations

import base64
import errno
import hashlib
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from carsi_cli.errors import CarsiError
from carsi_cli.loading import load, read_source_text
from carsi_cli.model.records import FactSheet
from carsi_cli.onward import webpage as htmlpage
from carsi_cli.onward import writing
from conftest import SOURCE_TEXT, Invoke
from test_robustness import hostile_model

TEXT = SOURCE_TEXT.read_text(encoding="utf-8")
PWN = "<script>window.pwned=1</script>"
# What a record could carry to make a page run something, beyond the terminal's hostile texts.
HTML_ATTACKS = {
    "name": PWN,
    "description": '<img src=x onerror="window.pwned=2">',
    "purpose": '"><svg onload="window.pwned=3">',
    "title": "</title><script>window.pwned=4</script>",
    "citation": '<iframe src="https://e.vil/"></iframe>',
    "url": 'https://e.vil/"><script>window.pwned=5</script>',
    "text_url": "https://e.vil/'><script>window.pwned=6</script>",
    "reason": "</style><style>body{background:url(https://e.vil/x)}</style>",
}
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "a", "header", "p", "b", "h1", "details", "summary", "ol",
    "li", "div", "main", "span", "mark", "sup", "aside", "nav", "section", "h2", "article", "h3", "dl", "dt", "dd",
    "code", "footer",
    # the funding chart, inline SVG: shapes and text only (no script, image, link or use)
    "figure", "svg", "desc", "g", "rect", "line", "polygon", "text", "tspan",
}  # fmt: skip


class Tags(HTMLParser):
    """Every start tag with its attributes, and the page's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.style: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.style if self._in_style else self.text).append(data)


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    tags.close()
    return tags


def html_hostile_model(folder: Path) -> Path:
    """The robustness tests' hostile model, with HTML and URL attacks in its names, texts and links."""
    path = hostile_model(folder)
    doc: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["programs"][0]["name"] = HTML_ATTACKS["name"]
    doc["programs"][0]["description"] = HTML_ATTACKS["description"]
    doc["programs"][1]["inferred"] = {"name": HTML_ATTACKS["reason"]}
    doc["funding"][0]["purpose"] = HTML_ATTACKS["purpose"]
    for key in ("title", "citation", "url", "text_url"):
        doc["source"][key] = HTML_ATTACKS[key]
    doc["programs"][2]["quote"] = PWN  # quoted from the text itself
    text = folder / "factsheet.txt"
    text.write_text(text.read_text(encoding="utf-8") + PWN + "\n", encoding="utf-8")
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10**9), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def bundled_page(sheet: FactSheet) -> str:
    return htmlpage.page(sheet, TEXT)


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = html_hostile_model(tmp_path_factory.mktemp("html-hostile"))
    sheet = load(path, check_quotes=False)  # its names are not in its quotes: unverified
    text = read_source_text(sheet, path)
    assert text is not None
    return htmlpage.page(sheet, text)


# ---------------------------------------------------------------------------
# What the page holds


def test_every_record_has_its_entry_and_its_passages(sheet: FactSheet, bundled_page: str) -> None:
    """Each record has an entry (id r-ID) whose "Quoted at" links lead to passages that exist."""
    tags = parse(bundled_page)
    ids = {attrs.get("id") for _, attrs in tags.tags}
    for record in sheet.all_records():
        assert f"r-{record.id}" in ids
    for _, attrs in tags.tags:
        href = attrs.get("href") or ""
        if href.startswith("#"):
            assert href[1:] in ids, href


def test_the_page_holds_the_whole_text(bundled_page: str) -> None:
    """The text's words, in order, are the main element's text once the cards and numbers are taken out."""
    main = bundled_page[bundled_page.index("<main") : bundled_page.index("</main>")]
    main = re.sub(r'<span class="card".*?</span></span>(?=</span>)', "", main)  # a card: its records' spans
    main = re.sub(r'<sup class="ref"[^>]*>\d+</sup>', "", main)
    assert re.findall(r"\w+", "".join(parse(main).text)) == re.findall(r"\w+", TEXT)


def test_the_citation_and_the_original_are_at_the_top(sheet: FactSheet, bundled_page: str) -> None:
    """The header cites the fact sheet and links to the original and to where the text was taken from."""
    header = bundled_page[: bundled_page.index("</header>")]
    assert sheet.source.citation in header.replace("&#x27;", "'").replace("&quot;", '"')
    assert f'<a href="{sheet.source.url}" rel="noreferrer noopener">' in header
    assert "Coverage: at least one record quotes 44 of 49 sentences (89%)" in header


def _entry(page: str, record_id: str) -> dict[str, list[str]]:
    """A record's entry as read: each label with the texts beside it."""
    entry = page[page.index(f'<article id="r-{record_id}">') :]
    entry = entry[: entry.index("</article>")]
    rows: dict[str, list[str]] = {}
    for label, value in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", entry):
        rows.setdefault("".join(parse(label).text), []).append("".join(parse(value).text))
    rows["heading"] = ["".join(parse(entry[entry.index("<h3>") : entry.index("</h3>")]).text)]
    return rows


def test_funding_figures_show_amount_qualifier_and_years(bundled_page: str) -> None:
    """A funding entry says the figure in words, with its qualifier, basis and fiscal years."""
    entry = _entry(bundled_page, "drug-treatment-prevention-fy2009-2011")
    assert "more than $10 billion per year, FY2009-FY2011" in entry["heading"][0]
    assert entry["Amount"] == ["more than $10 billion"] and entry["Fiscal years"] == ["FY2009-FY2011"]
    assert entry["Basis"][0].startswith("per year")


def test_the_page_says_words_not_raw_values(sheet: FactSheet, bundled_page: str) -> None:
    """No field's raw value (more_than, per_year, 2012–2012) is shown: amounts, bases and years are in words."""
    from carsi_cli.model.money import amount, span
    from carsi_cli.query.funding import figure_caveats

    for record in sheet.all_records():
        entry = _entry(bundled_page, record.id)
        shown = " ".join(text for label, texts in entry.items() if label != "ID" for text in texts)
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", shown), (record.id, shown)
        assert not re.search(r"\b(\d{4})–\1\b", shown), (record.id, shown)
    for figure in sheet.funding:
        entry = _entry(bundled_page, figure.id)
        assert entry["Amount"] == [amount(figure)]
        assert entry["Fiscal years"] == [span(figure.fy_start, figure.fy_end) or "none given"]
        assert entry.get("Note", []) == list(figure_caveats(sheet, figure))  # caveats travel onto the page
    friends = " ".join(_entry(bundled_page, "group-of-friends-commitments")["Note"])
    assert "not U.S. money alone" in friends


def test_the_page_loads_nothing_and_runs_nothing(bundled_page: str) -> None:
    """One inline style sheet allowed by its hash; no script, no source attribute, no inline style, no remote link."""
    tags = parse(bundled_page)
    assert {tag for tag, _ in tags.tags} <= ALLOWED_TAGS
    (policy,) = [a["content"] for t, a in tags.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    css = "".join(tags.style)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert policy == f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    for _, attrs in tags.tags:
        assert not {"src", "style", "srcset", "action", "formaction"} & set(attrs)
        assert not any(name.startswith("on") for name in attrs)
    assert "@import" not in css and "url(" not in css


def test_hostile_data_is_shown_as_written(hostile_page: str) -> None:
    """Markup from the data file is text on the page: every attack shows its characters and adds no tag."""
    tags = parse(hostile_page)
    assert {tag for tag, _ in tags.tags} <= ALLOWED_TAGS
    for _, attrs in tags.tags:
        assert not any(name.startswith("on") for name in attrs)
        assert not {"src", "style", "srcset"} & set(attrs)
        href = attrs.get("href")
        assert href is None or href.startswith("#") or href in (HTML_ATTACKS["url"], HTML_ATTACKS["text_url"])
    text = "".join(tags.text)
    for attack in HTML_ATTACKS.values():
        assert attack in text, attack
    assert "\\x1b[31mred\\x1b[0m" in text and "\\u202eevil\\u202c" in text  # controls shown as escapes
    assert "\x1b" not in hostile_page and "\u202e" not in hostile_page
    assert len(tags.style) == 1


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/a?b=1&c=2", True),
        ("HTTP://EXAMPLE.ORG", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("//e.vil/x", False),
        ("http://[::1", False),
    ],
    ids=["https", "upper-case", "javascript", "javascript-after-space", "data", "scheme-relative", "malformed"],
)
def test_only_http_urls_are_links(url: str, linked: bool) -> None:
    """A link is made of an http(s) URL only, and its text is escaped."""
    html = htmlpage.link(url)
    assert html.startswith("<a ") is linked
    assert "&amp;" in html or "&" not in url


# ---------------------------------------------------------------------------
# Writing the file


def test_export_writes_the_page(invoke: Invoke, tmp_path: Path) -> None:
    """The page is written whole, readable by others like any new file; a note says where."""
    target = tmp_path / "page.html"
    result = invoke("export", "html", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert result.stderr.startswith(f"Wrote {target} (")
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_an_existing_file_is_kept_without_force(invoke: Invoke, tmp_path: Path) -> None:
    """Without --force an existing file is left as it was, with status 1; --force replaces it."""
    target = tmp_path / "page.html"
    target.write_text("mine", encoding="utf-8")
    result = invoke("export", "html", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {target} exists; use --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "mine"
    assert invoke("export", "html", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_dash_writes_to_a_pipe(invoke: Invoke) -> None:
    """FILE - writes the page to standard output."""
    result = invoke("export", "html", "-")
    assert result.exit_code == 0 and result.stdout.startswith("<!DOCTYPE html>")


def test_dash_refuses_a_terminal(invoke: Invoke) -> None:
    """FILE - on a terminal: a usage error rather than a page of HTML on the screen."""
    result = invoke("export", "html", "-", env={"TTY_COMPATIBLE": "1"})
    assert result.exit_code == 2 and result.stdout == ""
    assert "will not write a web page to a terminal" in result.stderr


def test_a_users_own_model(invoke: Invoke, model_dir: Path, tmp_path: Path) -> None:
    """--data: the page is made from that model and its text."""
    path = model_dir / "factsheet.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Operation Martillo\n", "Operation Hammer\n", 1))
    target = tmp_path / "mine.html"
    assert invoke("--data", str(path), "export", "html", str(target)).exit_code == 0
    assert "Operation Hammer" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("failing", "force"), [("fsync", False), ("chmod", False), ("link", False), ("replace", True)], ids=str
)
def test_a_failed_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str, force: bool
) -> None:
    """A disk that fails at any step: an error naming the file, and neither it nor a temporary file left."""

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(CarsiError, match=r"cannot write .*page\.html: No space left on device"):
        writing.write_whole(tmp_path / "page.html", b"<!DOCTYPE html>", force=force)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_one_clear_error(invoke: Invoke, tmp_path: Path) -> None:
    """A file in a folder that does not exist: status 1, the file named."""
    target = tmp_path / "nowhere" / "page.html"
    result = invoke("export", "html", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {target}: there is no folder {target.parent}\n"
