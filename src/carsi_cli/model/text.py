"""Pure text helpers: folding for matching, and making data text inert for display."""

from __future__ import annotations

import re
from functools import cache

# The month names, for dates written in words (checks, citations).
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Typographic punctuation the fact sheet uses, folded to what people type.
_PUNCT = {ord("’"): "'", ord("‘"): "'", ord("“"): '"', ord("”"): '"', ord("–"): "-", ord("—"): "-"}
# Folding drops the combining marks NFKD splits off letters: the Combining
# Diacritical Marks blocks, which hold every accent of the Latin script.
_MARKS = (
    range(0x0300, 0x0370),
    range(0x1AB0, 0x1B00),
    range(0x1DC0, 0x1E00),
    range(0x20D0, 0x2100),
    range(0xFE20, 0xFE30),
)
_FOLD = {**_PUNCT, **{code: None for block in _MARKS for code in block}}


def fold_space(text: str) -> str:
    """Collapse every run of white space (non-breaking spaces included) to one space."""
    return " ".join(text.split())


def fold(text: str) -> str:
    """Case-, accent- and typography-insensitive form for matching ("Panamá" -> "panama")."""
    if text.isascii():
        return " ".join(text.lower().split())
    import unicodedata

    return fold_space(unicodedata.normalize("NFKD", text).translate(_FOLD).casefold())


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


@cache
def _beyond_ascii() -> re.Pattern[str]:
    """Characters other than printable ASCII and the newline: the only ones to examine."""
    return re.compile(r"[^ -~\n]")


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    if char.isprintable():
        return char
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a surrogate pair, as JSON spells characters beyond the BMP
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def inert_lines(text: str) -> str:
    """Like ``inert``, but keeps line breaks and tabs: for messages of several lines."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() or char in "\n\t" else _escape(char) for char in text)


def escape_nonprintable_json(text: str) -> str:
    """JSON text with every non-printable character written as a \\u escape.

    Applied to the output of ``json.dumps(..., ensure_ascii=False)``: JSON's
    structure is ASCII, so this only touches string contents, losslessly.
    """
    if text.isascii():  # json has escaped the controls below 0x20 already
        return text if "\x7f" not in text else text.replace("\x7f", "\\u007f")
    if text.isprintable():  # compact JSON: one line, usually nothing to do
        return text
    return _beyond_ascii().sub(_json_escape, text)


@cache
def _name_words() -> re.Pattern[str]:
    return re.compile(r"[^\W_]+")


def name_key(text: str) -> str:
    """``text`` folded, with punctuation as spaces: how names are compared
    ("Joint Interagency Task Force-South" -> "joint interagency task force south")."""
    return " ".join(_name_words().findall(fold(text)))
