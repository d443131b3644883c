"""What the robustness tests throw at carsi, and how they judge what comes back."""

from __future__ import annotations

import csv
import io
import json
import re

from typer.testing import Result

# Strings that would do something if carsi let them: Rich markup, emoji codes,
# terminal escapes (colour, clear screen, window title, OSC 8 links), other C0
# and C1 controls, bidirectional overrides, zero-width characters, spreadsheet
# formulas, YAML 1.1 booleans and dates, and sheer length.
HOSTILE = [
    "[red]x[/red]",
    "[link=https://e.vil]y[/link]",
    "[bold blink]z",
    ":flag_for_honduras: :smile:",
    "\x1b[31mred\x1b[0m",
    "\x1b[2J\x1b[H",
    "\x1b]0;window title\x07",
    "\x1b]8;;https://e.vil\x1b\\link\x1b]8;;\x1b\\",
    "\x07bell\x08back\x0bvt\x0cff",
    "\x9b31mC1 CSI\x9d0;t\x9c",
    "next\x85line",
    "\u202eevil\u202c",
    "\u2066isolate\u2069",
    "zero\u200bwidth\u200dz\ufeff",
    "line\u2028separator",
    '=HYPERLINK("https://e.vil","x")',
    "+1+1",
    "-2",
    "@SUM(A1)",
    "\tTAB",
    "\rCR",
    "no",
    "2012-03-06",
    "Panamá 🇭🇳",
    "|pipe|",
    "*star* _under_ `tick`",
    "<b>html</b>",
    "\\back\\slash",
    "x" * 3000,
]

# Every way to drive a terminal (markup, emoji codes, escape sequences, C1
# controls, bidirectional and zero-width characters) in one string.
HOSTILE_TEXT = " ".join(HOSTILE[:14])

# C0 and C1 controls, DEL, bidi controls, zero-width and separator characters.
_DRIVING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_SGR = re.compile(r"\x1b\[[0-9;]*m")
_OSC8 = re.compile(r"\x1b\]8;([^;\x1b\x07]*);([^\x1b\x07]*)(?:\x1b\\|\x07)")


def links(output: str) -> list[tuple[str, str]]:
    """Every OSC 8 link in ``output``: (its target, the text a terminal shows
    for it, SGR styling aside). Parts of one link drawn apart (the same
    target, nothing shown between them: Rich gives each differently styled
    part of a link its own id) count as one link."""
    found: list[tuple[str, str, str]] = []  # (params, target, text)
    at, target, params, text = 0, "", "", ""
    closed_at = -1
    for match in _OSC8.finditer(output):
        between = _SGR.sub("", output[at : match.start()])
        at = match.end()
        if target:
            text += between
        new_params, new_target = match.groups()
        if new_target:  # an opening
            if found and closed_at >= 0 and not between and found[-1][1] == new_target:
                params, target, text = found.pop()
            else:
                params, target, text = new_params, new_target, ""
            closed_at = -1
        elif target:  # a close
            found.append((params, target, text))
            target, closed_at = "", match.start()
    assert not target, f"a link to {target!r} is never closed"
    return [(t, shown) for _, t, shown in found]


def strip_styles(text: str) -> str:
    """Text as a terminal shows it: SGR styling and OSC 8 links taken out (the
    link's text kept), each link checked to lead where its text says."""
    for target, shown in links(text):
        assert target == shown, f"a link to {target!r} reads {shown!r}"
    return _OSC8.sub("", _SGR.sub("", text))


def assert_inert(text: str, *, styled: bool = False) -> None:
    """No character that could drive a terminal. A view on a terminal may carry
    SGR styling (bold, dim, underline) and links that read as their own
    address, and nothing else."""
    if styled:
        text = strip_styles(text)
    found = _DRIVING.search(text)
    assert found is None, (
        f"{found.group()!r} at {found.start()} in {text[max(0, found.start() - 40) : found.start() + 40]!r}"
    )


def assert_parses(result: Result, fmt: str, *, listing: bool) -> None:
    """Output of a successful run parses in its format."""
    out = result.stdout
    if fmt == "json":
        json.loads(out)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert rows, "a CSV has at least its header"
        assert all(len(row) == len(rows[0]) for row in rows)
    elif fmt == "table" and listing and out:
        lines = out.splitlines()
        width = lines[0].count("\t")
        assert all(line.count("\t") == width for line in lines)
    elif fmt == "markdown" and listing and out:
        cells = [len(re.split(r"(?<!\\)\|", line)) for line in out.splitlines() if line.startswith("| ")]
        assert len(set(cells)) == 1, "every row of the table has the same cells"
