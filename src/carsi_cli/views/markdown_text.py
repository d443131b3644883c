"""Text as Markdown that renders exactly as written: every metacharacter that
would make markup (emphasis, links, images, raw HTML, code, headings, tables,
pandoc's math and footnotes) and the colon of an emoji code escaped with a
backslash, on a text made inert first (``text.inert``). Shared by every
Markdown carsi writes: the list and show views, the annotated text and the
prose citations. Small and free of the renderers, so that `cite` does not pay
for importing them."""

from __future__ import annotations

import re
from functools import cache

from carsi_cli.model.text import inert


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Markdown's metacharacters; those that make markup inside a running
    sentence; and the colon that starts an emoji code."""
    return (
        re.compile(r"([\\`*_{}\[\]<>()#+!|~&^$])"),
        re.compile(r"([\\`*_\[\]<>~&^])"),
        re.compile(r":(?=[A-Za-z0-9_+-]+:)"),
    )


def escape(text: str) -> str:
    """Markdown that renders exactly as ``text`` (markup, links, emoji codes escaped)."""
    special, _, emoji_code = _patterns()
    return emoji_code.sub(r"\\:", special.sub(r"\\\1", inert(text)))


def escape_prose(text: str) -> str:
    """``escape`` for text inside a sentence, as a citation pastes it: only what
    makes markup there (emphasis, code, links and images, raw HTML, entities,
    strike-through, superscript, emoji codes) is escaped, so that the fact
    sheet's dollar signs and parentheses are pasted as written ("$105 million",
    not "\\$105 million")."""
    _, inline, emoji_code = _patterns()
    return emoji_code.sub(r"\\:", inline.sub(r"\\\1", inert(text)))
