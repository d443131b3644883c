"""Pure text helpers: folding for matching, and making data text inert for display."""

from __future__ import annotations

import unicodedata

# Typographic punctuation the fact sheet uses, folded to what people type.
_PUNCT = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def fold_space(text: str) -> str:
    """Collapse every run of white space (non-breaking spaces included) to one space."""
    return " ".join(text.split())


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.translate(_PUNCT).casefold()


def fold(text: str) -> str:
    """Case-, accent- and typography-insensitive form for matching ("Panamá" -> "panama")."""
    if text.isascii():
        return " ".join(text.lower().split())
    return fold_space("".join(_fold_char(c) for c in text))


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` plus, for each folded character, the index of the original one."""
    out: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        if char.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                index.append(i)
            continue
        for folded in _fold_char(char):
            out.append(folded)
            index.append(i)
    while out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def inert(text: str) -> str:
    """Text that cannot drive a terminal: one line, with every control, format
    (bidirectional override, zero-width) or separator character shown as an escape.

    White space of any kind becomes a single space.
    """
    if text.isprintable():
        return text
    out: list[str] = []
    for char in text:
        if char.isprintable():
            out.append(char)
        elif char.isspace():
            out.append(" ")
        else:
            out.append(_escape(char))
    return fold_space("".join(out))


def escape_nonprintable_json(text: str) -> str:
    """JSON text with every non-printable character written as a \\u escape.

    Applied to the output of ``json.dumps(..., ensure_ascii=False)``: JSON's
    structure is ASCII, so this only touches string contents, losslessly.
    """
    if text.isprintable():
        return text
    out: list[str] = []
    for char in text:
        if char.isprintable() or char in "\n ":
            out.append(char)
        else:
            code = ord(char)
            if code < 0x10000:
                out.append(f"\\u{code:04x}")
            else:  # a surrogate pair, as JSON spells characters beyond the BMP
                code -= 0x10000
                out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
    return "".join(out)
