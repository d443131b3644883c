"""What people see on a terminal: every view at several widths, read back as
text, from snapshots and through a real pseudo-terminal; the pager; the
notes and marks that travel with the records in every format."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from fcntl import ioctl
from pathlib import Path
from typing import Any

import pytest

from carsi_cli.loading import load
from carsi_cli.views.layout import is_url
from conftest import SAMPLE_COMMANDS, Invoke, run_carsi
from hostile import strip_styles

SNAPSHOTS = Path(__file__).parent / "snapshots"
URL = load().source.url or ""

# Every list and show view (the commands people read on a terminal).
LISTS = [
    ["programs", "list"],
    ["programs", "list", "--wide"],
    ["funding"],
    ["funding", "--fy", "2010"],
    ["funding", "--fy", "2012"],
    ["agencies", "list"],
    ["countries", "list"],
    ["search", "martillo"],
    ["stats"],
    ["timeline"],
    ["verify"],
]
SHOWS = [
    ["programs", "show", "carsi"],
    ["programs", "show", "group-of-friends"],
    ["agencies", "show", "dea"],
    ["countries", "show", "panama"],
    ["source"],
]
VIEWS = LISTS + SHOWS


def ids(args: list[str]) -> str:
    return " ".join(args)


def terminal_view(args: list[str], width: int, **env: str) -> tuple[str, str]:
    """A view as drawn for a terminal ``width`` columns wide (in-process, no
    styling: TERM=dumb): stdout and stderr."""
    result = run_carsi(*args, env={"TTY_COMPATIBLE": "1", "TERM": "dumb", "COLUMNS": str(width), **env})
    assert result.exit_code == 0, result.stderr
    return result.stdout, result.stderr


def too_wide(text: str, width: int) -> list[str]:
    """Lines wider than ``width``, but for a line that is one URL."""
    from carsi_cli.views.layout import cell_width

    return [line for line in text.splitlines() if cell_width(line) > width and not is_url(line.strip())]


# ---------------------------------------------------------------------------
# Snapshots: every view at 40 columns, stacked; at 60 columns and more the
# views are read back by test_a_view_reads_whole and test_a_screen_reads_whole


@pytest.mark.parametrize("width", [40])
@pytest.mark.parametrize("args", VIEWS, ids=ids)
def test_snapshot(args: list[str], width: int, request: pytest.FixtureRequest) -> None:
    """The view as printed; `pytest --update-snapshots` writes them again after a deliberate change."""
    stdout, stderr = terminal_view(args, width)
    text = stdout + (f"--- stderr ---\n{stderr}" if stderr else "")
    path = SNAPSHOTS / f"{'-'.join(a.strip('-') for a in args)}@{width}.txt"
    if request.config.getoption("--update-snapshots"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run pytest --update-snapshots"
    assert text == path.read_text(encoding="utf-8"), f"{path.name} differs: review, then pytest --update-snapshots"


@pytest.mark.parametrize("width", [12, 20, 30, 40, 59, 60, 61, 79, 80, 100, 120, 200])
@pytest.mark.parametrize("args", VIEWS, ids=ids)
@pytest.mark.slow  # a sweep: the quick tier leaves it to --slow and CI
def test_no_line_is_wider_than_the_terminal(args: list[str], width: int) -> None:
    """At every width, no line is wider than the terminal but a URL on a line of its own."""
    stdout, stderr = terminal_view(args, width)
    assert (stdout + stderr).strip()
    assert too_wide(stdout, width) == []  # stderr: see test_a_screen_reads_whole, on a terminal


# ---------------------------------------------------------------------------
# Reading the screen: ids whole, words whole, the URL whole

_EDGE = "“”\"'‘’()[]{},.;:*!?─"
# Words of the views themselves, beside the data's.
_UI = """ID Name Kind Quote Quotes Amount Program Programs For Notes Roles Statistic Value Date Event Events
Type Passage Field Problem Aliases Listed under Description Title Publisher URL Text from file Citation Funding
Listed here Agencies Countries Statistics Source: --wide shows the column columns and text cut at in full.
- * (inferred) … OK records; every quote occurs figure its problem(s)""".split()  # noqa: SIM905 (prose reads better)


def vocabulary(args: list[str]) -> set[str]:
    """Every word the view may print: those of its records in JSON, Markdown and
    the piped table (amounts in words, notes), and the view's own words."""
    words = set(_UI)
    for fmt in ("json", "markdown", "table"):
        result = run_carsi(*[a for a in args if a != "--wide"], "--format", fmt)
        words.update((result.stdout + result.stderr).replace("\\", "").split())
    return {_bare(w) for w in words} | {p for w in words for p in _bare(w).split("-")}


def _known(token: str, known: set[str]) -> bool:
    """Whether ``token`` is a word of the view (or a citation number, or punctuation)."""
    bare = _bare(token)
    return not bare or bare in known or re.fullmatch(r"\[\d+\]", token) is not None


def _bare(token: str) -> str:
    return token.strip(_EDGE).rstrip("…").strip(_EDGE).casefold()


def record_ids(args: list[str]) -> list[str]:
    """The ids the view shows: its records', and for a show view the related records'."""
    data = json.loads(run_carsi(*[a for a in args if a != "--wide"], "--format", "json").stdout)
    if isinstance(data, list):
        return [r["id"] for r in data if "id" in r]
    found = [data["id"]]
    for key in ("funding", "statistics"):
        found += [r["id"] for r in data.get(key, [])]
    for key in ("listed_here", "programs", "events"):
        found += data.get(key, [])
    return found


def screen(args: list[str], width: int, *, rows: int = 50, env: dict[str, str | None] | None = None) -> str:
    """What carsi writes to a pseudo-terminal of ``width`` columns (the size
    set on the terminal, not in COLUMNS), escapes included. No pager unless
    ``env`` names one; a variable set to None in ``env`` is unset."""
    master, slave = pty.openpty()
    ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, width, 0, 0))
    wanted: dict[str, str | None] = {"TERM": "xterm-256color", "CARSI_DATA": "", "CARSI_PAGER": "", **(env or {})}
    full_env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR")}
    full_env.update({k: v for k, v in wanted.items() if v is not None})
    for key in [k for k, v in wanted.items() if v is None]:
        full_env.pop(key, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "carsi_cli", *args], stdin=slave, stdout=slave, stderr=slave, env=full_env
    )
    os.close(slave)
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 30)
            if not ready:
                raise AssertionError("carsi did not finish writing")
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other side is closed
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(master)
        assert process.wait(timeout=30) == 0
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.fixture(scope="module", params=[60, 80, 120], ids=lambda w: f"{w}-columns")
def width(request: pytest.FixtureRequest) -> int:
    return int(request.param)


def assert_reads_whole(text: str, args: list[str], width: int) -> None:
    """Every record's id whole, no fragment of a word at a line's edge, no line
    wider than the terminal, the source URL whole."""
    assert too_wide(text, width) == []
    tokens = text.split()
    for record_id in record_ids(args):
        assert record_id in {t.strip(_EDGE) for t in tokens}, f"{record_id} is not whole"
    known = vocabulary(args)
    for line in text.splitlines():
        words = line.split()
        for edge in words[:1] + words[-1:]:
            assert is_url(edge) or _known(edge, known), f"{edge!r} in {line!r}"
    if args != ["verify"]:  # verify prints nothing on stdout when all is well
        assert URL in {t.strip(_EDGE) for t in tokens}


@pytest.mark.parametrize("columns", [60, 80, 120, 200])
@pytest.mark.parametrize("args", VIEWS, ids=ids)
@pytest.mark.slow  # a sweep: the quick tier leaves it to --slow and CI
def test_a_view_reads_whole(args: list[str], columns: int) -> None:
    """Drawn for 60 to 200 columns (in-process): ids whole, words whole at the edges, the URL whole."""
    stdout, _ = terminal_view(args, columns)
    assert_reads_whole(stdout, args, columns)


@pytest.mark.slow
@pytest.mark.parametrize("args", VIEWS, ids=ids)
def test_a_screen_reads_whole(args: list[str], width: int) -> None:
    """On a pseudo-terminal 60, 80 or 120 columns wide, as in-process, and the URL a link."""
    raw = screen(args, width)
    assert_reads_whole(strip_styles(raw), args, width)
    if args != ["verify"]:
        assert URL in strip_styles(raw).splitlines()  # on a line of its own
        assert f";{URL}\x1b\\" in raw  # a link, which strip_styles found to read as its own address


@pytest.mark.slow
@pytest.mark.parametrize("args", VIEWS, ids=ids)
def test_thirty_columns_read_as_words(args: list[str]) -> None:
    """Stacked at 30 columns: every word on the screen is a word of the view,
    or a piece of a long id broken after a hyphen; never a letter per line."""
    text = strip_styles(screen(args, 30))
    known = vocabulary(args)
    for line in text.splitlines():
        for word in line.split():
            bare = _bare(word)
            pieces = [p for p in bare.split("-") if p]
            assert is_url(word) or _known(word, known) or all(p in known for p in pieces), f"{word!r}"
    lines = [line for line in text.splitlines() if line.strip()]
    assert sum(len(line.strip()) <= 2 for line in lines) <= len(lines) // 20


@pytest.mark.slow
@pytest.mark.parametrize("columns", ["0", "-5", "abc", ""])
def test_a_senseless_columns_value_is_ignored(columns: str) -> None:
    """COLUMNS=0 (or not a number) is not a width: the terminal's own is used."""
    text = strip_styles(screen(["programs", "list"], 100, env={"COLUMNS": columns}))
    assert too_wide(text, 100) == []
    assert max(len(line) for line in text.splitlines() if not is_url(line)) > 80


# Every view that lays itself out for a width: the data commands on a terminal, and the chart.
WIDTH_VIEWS = [[*args] for args, _ in SAMPLE_COMMANDS] + [["funding", "--chart"]]
HUGE_COLUMNS = ["99999999999999999999999999", "100000000", "9" * 5000]


@pytest.mark.parametrize("columns", HUGE_COLUMNS, ids=["26-digits", "100-million", "5000-digits"])
@pytest.mark.parametrize("args", WIDTH_VIEWS, ids=ids)
@pytest.mark.slow  # a sweep: the quick tier leaves it to --slow and CI
def test_a_huge_columns_value_is_a_thousand(args: list[str], columns: str) -> None:
    """COLUMNS past 1,000 (or LINES) is taken as 1,000: status 0, no line wider than that."""
    result = run_carsi(*args, env={"TTY_COMPATIBLE": "1", "COLUMNS": columns, "LINES": columns, "TERM": "xterm"})
    assert result.exit_code == 0, result.output
    assert too_wide(strip_styles(result.stdout), 1000) == []
    assert too_wide(result.stderr, 1000) == []


@pytest.mark.slow
@pytest.mark.parametrize("columns", HUGE_COLUMNS[:2], ids=["26-digits", "100-million"])
def test_a_huge_columns_value_on_a_real_terminal(columns: str) -> None:
    """On a pseudo-terminal, the chart and the notes wrapped on stderr: status 0, no line past 1,000."""
    for args in (["funding", "--chart"], ["funding", "--fy", "2012"]):
        text = strip_styles(screen(args, 80, env={"COLUMNS": columns}))
        assert too_wide(text, 1000) == [] and "carsi-fy2012" in text


# ---------------------------------------------------------------------------
# The pager

_PAGER = """import os, sys
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write("LESS=" + os.environ.get("LESS", "") + "\\n" + sys.stdin.read())
"""


@pytest.fixture
def pager(tmp_path: Path) -> tuple[str, Path]:
    """A pager command that records what it was given, and where."""
    script = tmp_path / "pager.py"
    script.write_text(_PAGER, encoding="utf-8")
    return f"{sys.executable} {script} {tmp_path / 'paged.txt'}", tmp_path / "paged.txt"


@pytest.mark.slow
def test_long_output_on_a_terminal_goes_through_the_pager(pager: tuple[str, Path]) -> None:
    """Longer than the screen: CARSI_PAGER gets it, with LESS=FRX; nothing is written directly."""
    command, paged = pager
    direct = screen(["programs", "list"], 80, rows=20, env={"CARSI_PAGER": command})
    assert direct == ""
    written = paged.read_text(encoding="utf-8")
    assert written.startswith("LESS=FRX\n") and "strategy-to-combat-transnational-organized-crime" in written


@pytest.mark.slow
def test_annotate_on_a_terminal_is_paged_and_no_pager_prints_it(pager: tuple[str, Path]) -> None:
    """`carsi source --annotate` (170 lines) on a 20-row terminal goes through CARSI_PAGER; with --no-pager
    it is printed on the terminal and the pager never starts."""
    command, paged = pager
    direct = strip_styles(screen(["source", "--annotate", "--no-pager"], 80, rows=20, env={"CARSI_PAGER": command}))
    assert "FACT SHEET" in direct and not paged.exists()
    direct = strip_styles(screen(["source", "--annotate"], 80, rows=20, env={"CARSI_PAGER": command}))
    assert "FACT SHEET" not in direct and direct.startswith("Coverage:")  # only the note, on stderr
    written = paged.read_text(encoding="utf-8")
    assert written.startswith("LESS=FRX\n") and "FACT SHEET" in written and "carsi-fy2008-2011" in written


@pytest.mark.slow
def test_pager_falls_back_to_pager(pager: tuple[str, Path]) -> None:
    """PAGER is used when CARSI_PAGER is not set; a LESS the user set is kept."""
    command, paged = pager
    assert screen(["programs", "list"], 80, rows=20, env={"CARSI_PAGER": None, "PAGER": command, "LESS": "-S"}) == ""
    assert paged.read_text(encoding="utf-8").startswith("LESS=-S\n")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["funding", "--fy", "2012"], {}),
        (["programs", "list", "--no-pager"], {}),
        (["programs", "list"], {"CARSI_PAGER": "cat"}),
        (["programs", "list"], {"CARSI_PAGER": ""}),
    ],
    ids=["fits-the-screen", "no-pager", "cat", "empty"],
)
def test_no_pager_when_output_fits_or_it_is_turned_off(
    pager: tuple[str, Path], args: list[str], env: dict[str, str]
) -> None:
    """Short output, --no-pager, and a pager of `cat` or nothing print directly."""
    command, paged = pager
    rows = 60 if args[0] == "funding" else 20
    direct = strip_styles(screen(args, 80, rows=rows, env={"CARSI_PAGER": command, **env}))
    assert "ID" in direct and not paged.exists()


@pytest.mark.slow
def test_never_a_pager_when_piped(pager: tuple[str, Path]) -> None:
    """Into a pipe, even a forced terminal view is printed directly."""
    command, paged = pager
    result = subprocess.run(
        [sys.executable, "-m", "carsi_cli", "programs", "list"],
        env={**os.environ, "CARSI_PAGER": command, "FORCE_COLOR": "1", "COLUMNS": "80", "CARSI_DATA": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "strategy-to-combat-transnational-organized-crime" in result.stdout and not paged.exists()


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, ["less"]),
        ({"PAGER": "more -d"}, ["more", "-d"]),
        ({"PAGER": "more", "CARSI_PAGER": "less -S"}, ["less", "-S"]),
        ({"CARSI_PAGER": "cat"}, None),
        ({"CARSI_PAGER": ""}, None),
        ({"PAGER": ""}, None),
        ({"CARSI_PAGER": "'unbalanced"}, None),
    ],
    ids=["default", "pager", "carsi-pager-wins", "cat", "empty", "empty-pager", "unparsable"],
)
def test_which_pager(environ: dict[str, str], expected: list[str] | None) -> None:
    from carsi_cli.views.pager import pager_command

    assert pager_command(environ) == expected


# ---------------------------------------------------------------------------
# Caveats in sight, in every format


def test_group_of_friends_row_says_it_is_not_us_money_alone() -> None:
    """The funding view says what each figure's money is for, beside the figure, at 80 columns."""
    stdout, _ = terminal_view(["funding"], 80)
    block = stdout.split("group-of-friends-commitments", 1)[1].split("\nQuotes", 1)[0]
    assert "not U.S. money alone" in " ".join(block.split())


def test_inferred_fields_are_marked_with_their_reason() -> None:
    """A mark on the cell, and a footnote naming the record, the field and why."""
    stdout, _ = terminal_view(["funding", "--fy", "2010"], 80)
    assert "allocated*" in stdout
    footnote = " ".join(stdout.split("* carsi-fy2008-2011 kind (inferred):", 1)[1].split())
    assert footnote.startswith("“allocated” is from the bullet")
    timeline, _ = terminal_view(["timeline"], 80)
    assert "2012-03-06*" in timeline and "* biden-meeting date (inferred): “earlier today”" in timeline


def test_notes_are_under_the_table_not_on_stderr(invoke: Invoke) -> None:
    """On a terminal and in Markdown the notes follow the figures on stdout; piped, stderr has them too."""
    stdout, stderr = terminal_view(["funding", "--fy", "2010"], 80)
    flat = " ".join(stdout.split())
    assert "not money for FY2010 alone" in flat and "No total:" in flat and stderr == ""
    assert flat.index("Notes") > flat.index("carsi-fy2008-2011")
    markdown = invoke("funding", "--fy", "2010", "--format", "markdown")
    assert markdown.stderr == ""
    assert markdown.stdout.index("not money for FY2010 alone") > markdown.stdout.index("| carsi-fy2008-2011")
    piped = invoke("funding", "--fy", "2010")
    assert "No total:" in piped.stderr


def _by_id(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {row["id"]: row for row in rows}


def test_notes_travel_with_each_record_in_json_csv_and_the_piped_table(invoke: Invoke) -> None:
    """Each record carries the notes that concern it; the JSON stays a list of records. Piped,
    a note about the whole result is said once, on stderr, not on every line."""
    data = json.loads(invoke("funding", "--fy", "2010", "--format", "json").stdout)
    assert isinstance(data, list) and all(isinstance(r["notes"], list) for r in data)
    carsi = _by_id(data)["carsi-fy2008-2011"]["notes"]
    assert any("not money for FY2010 alone" in n for n in carsi) and any(n.startswith("No total:") for n in carsi)
    rate = _by_id(data)["drug-treatment-prevention-fy2009-2011"]["notes"]
    assert not any("not money for FY2010 alone" in n for n in rate) and any("not a sum" in n for n in rate)
    everything = _by_id(json.loads(invoke("funding", "--format", "json").stdout))
    assert everything["group-of-friends-commitments"]["notes"][0].endswith("gives no fiscal year for this figure.")
    rows = list(csv.DictReader(io.StringIO(invoke("funding", "--fy", "2010", "--format", "csv").stdout)))
    assert "not money for FY2010 alone" in _by_id(rows)["carsi-fy2008-2011"]["notes"]
    piped = invoke("funding", "--fy", "2010")
    lines = [line.split("\t") for line in piped.stdout.splitlines()]
    assert lines[0][-1] == "Notes" and "not money for FY2010 alone" in lines[1][-1]
    assert "No total:" not in piped.stdout and "No total:" in piped.stderr  # about the whole result
    events = _by_id(json.loads(invoke("timeline", "--format", "json").stdout))
    assert events["partnership-launch"]["notes"] and events["santiago-remarks"]["notes"]
    assert events["biden-meeting"]["notes"] == []
    assert json.loads(invoke("programs", "list", "--format", "json").stdout)[0]["notes"] == []


def test_the_piped_table_marks_inferred_values(invoke: Invoke) -> None:
    """Piped, a value the text only implies ends in ' (inferred)'."""
    rows = {line.split("\t")[0]: line.split("\t") for line in invoke("funding").stdout.splitlines()}
    assert rows["carsi-fy2008-2011"][3] == "allocated (inferred)" and rows["carsi-fy2012"][3] == "committed"
    events = invoke("timeline").stdout.splitlines()
    assert any(line.startswith("2012-03-06 (inferred)\t") for line in events)


def test_the_funding_view_quotes_every_figure_in_full() -> None:
    """However wide or narrow, every figure's quote is printed whole."""
    figures = json.loads(run_carsi("funding", "--format", "json").stdout)
    for width in (40, 80, 100, 120, 200):
        stdout, _ = terminal_view(["funding"], width)
        flat = " ".join(stdout.split())
        assert all(f"“{figure['quote']}”" in flat for figure in figures), width


@pytest.mark.slow
def test_styles_and_links_on_a_real_terminal() -> None:
    """Headers in bold, the search match underlined, the URL a link; nothing else."""
    raw = screen(["search", "martillo"], 100)
    assert "\x1b[1mID" in raw
    assert re.search(r"\x1b\[1;4mMartillo\x1b\[0m", raw)
    assert strip_styles(raw).count(URL) == 1


def _written(*lines: Any, env: dict[str, str] | None = None) -> str:
    """Lines as Rich writes them for a terminal (``views.console``)."""
    from carsi_cli.views.console import write

    stream = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        for name in ("NO_COLOR", "COLORTERM"):
            patch.delenv(name, raising=False)
        patch.setenv("TERM", "xterm-256color")
        for name, value in (env or {}).items():
            patch.setenv(name, value)
        write(stream, 80, lines)
    return stream.getvalue()


def test_styles_nest_and_links_close() -> None:
    """A link inside dim text keeps the dim; every link is closed and reads as its address."""
    from rich.text import Text

    from carsi_cli.views.console import DIM, MATCH, link

    line = Text("Source: x https://a.example/b", DIM)
    line.stylize(link("https://a.example/b"), 10, 29)
    raw = _written(line)
    assert strip_styles(raw) == "Source: x https://a.example/b\n"
    assert raw.count("\x1b]8;;\x1b\\") == 1 and "\x1b[2mhttps://a.example/b" in raw
    match = Text("Operation Martillo")
    match.stylize(MATCH, 10, 18)
    assert _written(match) == "Operation \x1b[1;4mMartillo\x1b[0m\n"


def test_a_link_styled_in_parts_is_one_link() -> None:
    """A match inside a URL: every part of the link opens the address, and the parts read as it."""
    from rich.text import Text

    from carsi_cli.views.console import MATCH, link

    url = "https://a.example/martillo"
    line = Text(url)
    line.stylize(MATCH, 18, 26)
    line.stylize(link(url))
    raw = _written(line)
    assert set(re.findall(r"\x1b\]8;[^;]*;([^\x1b]*)\x1b", raw)) == {url, ""}  # parts open the one address
    assert strip_styles(raw) == url + "\n"  # and read as it, together


def test_no_color_writes_no_escape_sequence() -> None:
    """NO_COLOR: Rich writes the line with no styling at all, not even bold."""
    from rich.text import Text

    from carsi_cli.views.console import BOLD

    assert _written(Text("Quotes", BOLD), env={"NO_COLOR": "1"}) == "Quotes\n"


@pytest.mark.slow
def test_a_dumb_terminal_gets_no_escape_sequences() -> None:
    """TERM=dumb: the same layout, without styles or links."""
    raw = screen(["funding", "--fy", "2012"], 80, env={"TERM": "dumb"})
    assert "\x1b" not in raw and URL in raw.splitlines()
