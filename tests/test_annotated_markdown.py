"""`carsi source --annotate --format markdown` renders on GitHub as the text:
rendered by markdown-it (CommonMark, as GitHub's renderer is), its words are
the source text's words in order, its bold is bold, its paragraphs the text's."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from conftest import SOURCE_TEXT, run_carsi

TEXT = SOURCE_TEXT.read_text(encoding="utf-8")
FOOTNOTE_REF = re.compile(r"\[\^\d+\]")


def _render(markdown: str) -> list[Token]:
    """The document's body (without the footnotes and the source line) as markdown-it tokens."""
    body = markdown.split("\n\n[^1]:", 1)[0]
    return MarkdownIt("commonmark").parse(body)


def _paragraphs(tokens: list[Token]) -> list[str]:
    """Each paragraph's rendered text, footnote references taken out."""
    out = []
    for token in tokens:
        if token.type == "inline":
            text = "".join(child.content for child in token.children or [] if child.type == "text")
            out.append(FOOTNOTE_REF.sub("", text))
    return out


@pytest.fixture(scope="module")
def markdown() -> str:
    result = run_carsi("source", "--annotate", "--format", "markdown")
    assert result.exit_code == 0
    return result.stdout


def test_rendered_words_are_the_source_texts_in_order(markdown: str) -> None:
    """What a reader sees is the text, word for word, and no sentence runs into the next."""
    rendered = " ".join(_paragraphs(_render(markdown)))
    assert re.findall(r"\w+", rendered) == re.findall(r"\w+", TEXT)
    # sentences keep the space between them: "El Salvador. The Partnership", never "Salvador.The"
    # (but where the text itself runs two together)
    run_together = re.compile(r"\w+[.;:]\w+")
    assert [w for w in run_together.findall(rendered) if not w[0].isdigit()] == [
        w for w in run_together.findall(" ".join(TEXT.split())) if not w[0].isdigit()
    ]
    for sentence_end in re.findall(r"[a-z][.;]\s+[A-Z]", TEXT):
        assert sentence_end[:2] + " " + sentence_end[-1] in re.sub(r"\s+", " ", rendered)


def test_every_bold_run_renders_as_bold(markdown: str) -> None:
    """No asterisks are left as text, and no bold holds punctuation alone (``citizens**.**``)."""
    tokens = _render(markdown)
    assert "citizens**.**" not in markdown and "****" not in markdown
    strong = 0
    for token in tokens:
        children = token.children or []
        for i, child in enumerate(children):
            if child.type == "text":
                assert "**" not in child.content, child.content
            if child.type == "strong_open":
                strong += 1
                inside = children[i + 1].content if i + 1 < len(children) else ""
                assert any(c.isalnum() for c in inside), inside
    assert strong >= 40


def test_paragraph_breaks_are_kept(markdown: str) -> None:
    """Each non-blank line of the text is one rendered paragraph."""
    lines = [line for line in TEXT.splitlines() if line.strip()]
    paragraphs = _paragraphs(_render(markdown))
    assert len(paragraphs) == len(lines)
    for line, paragraph in zip(lines, paragraphs, strict=True):
        assert re.findall(r"\w+", paragraph) == re.findall(r"\w+", line)
