"""Output formats are contracts: parse them, never compare strings."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest

from carsi_cli.model.formats import OutputFormat
from carsi_cli.model.money import amounts_in, describe, dollars
from carsi_cli.model.records import FactSheet, Funding, Program
from carsi_cli.query.records import agency_detail, country_detail, program_detail
from carsi_cli.query.search import search
from carsi_cli.views.columns import COLUMNS, agency_view, country_view, program_view
from carsi_cli.views.render import Output, emit, emit_detail
from hostile import HOSTILE_TEXT, strip_styles

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def render(
    records: list[Any],
    fmt: OutputFormat,
    sheet: FactSheet,
    *,
    terminal: bool = False,
    width: int = 100,
    kind: type | None = None,
) -> str:
    buf = io.StringIO()
    emit(
        records,
        kind or type(records[0]),
        fmt,
        Output(buf, terminal=terminal, width=width),
        sheet,
    )
    return buf.getvalue()


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (361_000_000, "$361 million"),
        (10_000_000_000, "$10 billion"),
        (1_250_000, "$1.25 million"),
        (12_500, "$12,500"),
        (1_234_567, "$1,234,567"),
    ],
)
def test_dollars_in_words(amount: int, expected: str) -> None:
    assert dollars(amount) == expected
    assert amount in amounts_in(expected)


def test_money_says_qualifier_basis_and_span(sheet: FactSheet) -> None:
    by_id = {f.id: f for f in sheet.funding}
    assert describe(by_id["carsi-fy2008-2011"]) == "$361 million in total over FY2008-FY2011"
    assert describe(by_id["drug-treatment-prevention-fy2009-2011"]) == "more than $10 billion per year, FY2009-FY2011"
    assert describe(by_id["carsi-fy2012"]) == "$105 million in FY2012"
    assert describe(by_id["group-of-friends-commitments"]) == "more than $650 million in total (no fiscal year given)"


def test_json_is_a_list_of_model_records(sheet: FactSheet) -> None:
    data = json.loads(render(list(sheet.funding), OutputFormat.JSON, sheet))
    assert isinstance(data, list) and len(data) == len(sheet.funding)
    first = data[0]
    for key in ("id", "program", "amount_usd", "qualifier", "fy_start", "fy_end", "basis", "kind", "purpose", "quote"):
        assert key in first
    assert isinstance(first["amount_usd"], int)
    assert data[-1]["fy_start"] is None


def test_json_keeps_non_ascii_readable(sheet: FactSheet) -> None:
    text = render(list(sheet.countries), OutputFormat.JSON, sheet)
    assert "Panamá" in text and "\\u00e1" not in text


def test_empty_json_is_an_empty_list(sheet: FactSheet) -> None:
    assert json.loads(render([], OutputFormat.JSON, sheet, kind=Funding)) == []
    assert render([], OutputFormat.CSV, sheet, kind=Funding).splitlines() == [
        ",".join([*Funding._fields, "carsi_wording"])
    ]
    assert render([], OutputFormat.TABLE, sheet, kind=Funding) == ""


def test_csv_has_the_json_fields(sheet: FactSheet) -> None:
    rows = list(csv.DictReader(io.StringIO(render(list(sheet.funding), OutputFormat.CSV, sheet))))
    assert len(rows) == len(sheet.funding)
    assert rows[0]["amount_usd"] == "361000000"
    assert rows[0]["fy_start"] == "2008"
    assert rows[-1]["fy_start"] == ""


def test_csv_joins_lists(sheet: FactSheet) -> None:
    rows = list(csv.DictReader(io.StringIO(render(list(sheet.programs), OutputFormat.CSV, sheet))))
    martillo = next(r for r in rows if r["id"] == "operation-martillo")
    assert martillo["agencies"].split("; ")[:2] == ["jiatf-south", "southcom"]


def test_piped_table_is_tab_separated_and_never_cut(sheet: FactSheet) -> None:
    """Not a terminal: a header and one tab-separated line per record, each value whole, no ANSI."""
    text = render(list(sheet.programs), OutputFormat.TABLE, sheet, width=40)
    lines = text.splitlines()
    assert lines[0].split("\t") == [c.header for c in COLUMNS[Program]]
    assert len(lines) == len(sheet.programs) + 1
    longest_quote = max(sheet.programs, key=lambda p: len(p.quote))
    assert any(longest_quote.quote in line for line in lines)
    assert not ANSI.search(text)


def test_terminal_table_fits_the_width(sheet: FactSheet) -> None:
    """No line wider than the terminal but the source's URL, which is never folded."""
    url = sheet.source.url
    assert url is not None
    for width in (60, 80, 120):
        text = strip_styles(render(list(sheet.funding), OutputFormat.TABLE, sheet, terminal=True, width=width))
        assert all(len(line) <= width or line == url for line in text.splitlines())
        assert url in text.splitlines()
        assert all(f.id in text.split() for f in sheet.funding)
        if width >= 80:
            assert all(header in text for header in ("ID", "Amount", "Kind", "Quote"))


def test_terminal_table_right_aligns_money(sheet: FactSheet) -> None:
    """Amounts end where their header ends."""
    text = strip_styles(render([sheet.funding[1]], OutputFormat.TABLE, sheet, terminal=True, width=200))
    row = next(line for line in text.splitlines() if "carsi-fy2012" in line)
    header = next(line for line in text.splitlines() if "Amount" in line)
    assert row.index("$105 million in FY2012") + len("$105 million in FY2012") == header.index("Amount") + len("Amount")


def test_markdown_table(sheet: FactSheet) -> None:
    text = render(list(sheet.funding), OutputFormat.MARKDOWN, sheet)
    lines = text.splitlines()
    assert lines[0] == "| ID | Amount | Kind | Program | For (carsi's words) | Quote |"
    assert "---:" in lines[1]
    assert all(line.count(" | ") == 5 for line in lines[2 : 2 + len(sheet.funding)])
    assert "Source: " in text


def test_search_highlight_in_terminal_and_markdown(sheet: FactSheet) -> None:
    hits = list(search(sheet, "hidta").hits[:1])
    term = render(hits, OutputFormat.TABLE, sheet, terminal=True, width=200)
    assert "\x1b[1;4mHIDTAs\x1b[0m" in term
    assert "**HIDTAs**" in render(hits, OutputFormat.MARKDOWN, sheet)


def hostile(sheet: FactSheet) -> FactSheet:
    program = sheet.programs[0]._replace(name=HOSTILE_TEXT, quote=HOSTILE_TEXT, aliases=(HOSTILE_TEXT,))
    return sheet._replace(programs=(program, *sheet.programs[1:]))


@pytest.mark.parametrize("fmt", list(OutputFormat))
@pytest.mark.parametrize("terminal", [False, True], ids=["piped", "terminal"])
def test_hostile_text_prints_inert(sheet: FactSheet, fmt: OutputFormat, terminal: bool) -> None:
    """Markup, emoji codes, escape sequences, C1 controls and bidi overrides print as inert text."""
    bad = hostile(sheet)
    text = render([bad.programs[0]], fmt, bad, terminal=terminal)
    styling = ANSI.findall(text) if terminal and fmt is OutputFormat.TABLE else []
    stripped = strip_styles(text) if styling else text
    assert "\x1b" not in stripped and "\x07" not in stripped and "\x9b" not in stripped
    assert "\u202e" not in stripped and "\u200b" not in stripped
    assert all(code in ("\x1b[1m", "\x1b[0m", "\x1b[2m") for code in styling)
    if fmt is OutputFormat.JSON:
        assert json.loads(text)[0]["name"] == HOSTILE_TEXT  # lossless
    else:
        unescaped = stripped.replace("\\", "")  # markdown escapes its own metacharacters
        assert "[red]" in unescaped
        assert ":flag_for_honduras:" in unescaped
        assert "🇭🇳" not in stripped


@pytest.mark.parametrize("lead", ["", " ", "\n", "\t ", "\u00a0", "\u2028"], ids=repr)
def test_csv_formulas_are_caught_after_leading_white_space(sheet: FactSheet, lead: str) -> None:
    """Spreadsheets skip leading white space: so does the check."""
    program = sheet.programs[0]._replace(
        name=lead + '=HYPERLINK("https://e.vil","x")', aliases=(lead + "=1+2", "@SUM(1)")
    )
    header, row = list(csv.reader(io.StringIO(render([program], OutputFormat.CSV, sheet))))
    cells = dict(zip(header, row, strict=True))
    for cell in (cells["name"], cells["aliases"]):
        assert cell.startswith("'")  # a spreadsheet shows it as text
        assert cell[1:].lstrip().startswith("=")


def test_inferred_keys_print_inert_in_show_views(sheet: FactSheet) -> None:
    """Even a key that validation would refuse cannot drive the terminal or forge a line."""
    from types import MappingProxyType

    from hostile import assert_inert

    program = sheet.programs[0]._replace(inferred=MappingProxyType({"\x1b]0;t\x07\nfunding\tfake": "x\u202e"}))
    view = program_view(program_detail(sheet._replace(programs=(program, *sheet.programs[1:])), "cacsp"))
    for terminal in (False, True):
        buf = io.StringIO()
        emit_detail(view, OutputFormat.TABLE, Output(buf, terminal=terminal, width=100), sheet)
        text = strip_styles(buf.getvalue()) if terminal else buf.getvalue()
        assert_inert(text.replace("\n", " ").replace("\t", " "))
        assert not any(line.startswith("funding\tfake") for line in text.splitlines())


def test_csv_cells_never_run_as_formulas(sheet: FactSheet) -> None:
    program = sheet.programs[0]._replace(
        name='=HYPERLINK("https://e.vil")', description="+1", quote="@SUM(A1)", aliases=("-2",)
    )
    rows = list(csv.reader(io.StringIO(render([program], OutputFormat.CSV, sheet))))
    header, row = rows
    cells = dict(zip(header, row, strict=True))
    assert cells["name"].startswith("'=")
    assert cells["description"] == "'+1"
    assert cells["quote"] == "'@SUM(A1)"
    assert cells["aliases"] == "'-2"
    funding = list(csv.DictReader(io.StringIO(render(list(sheet.funding), OutputFormat.CSV, sheet))))
    assert funding[0]["amount_usd"] == "361000000"


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_show_views_in_every_format(sheet: FactSheet, fmt: OutputFormat) -> None:
    views = [
        program_view(program_detail(sheet, "carsi")),
        agency_view(agency_detail(sheet, "dea")),
        country_view(country_detail(sheet, "panama")),
    ]
    for view in views:
        buf = io.StringIO()
        emit_detail(view, fmt, Output(buf, terminal=False), sheet)
        text = buf.getvalue()
        if fmt is OutputFormat.JSON:
            data = json.loads(text)
            assert isinstance(data, dict) and data["id"] == view.record.id
        elif fmt is OutputFormat.CSV:
            rows = list(csv.DictReader(io.StringIO(text)))
            assert [r["id"] for r in rows] == [view.record.id]
        else:
            assert view.quotes[0] in text.replace("\\", "")


def test_json_is_indented_for_a_terminal_and_compact_for_a_pipe(sheet: FactSheet) -> None:
    piped = render(list(sheet.funding), OutputFormat.JSON, sheet, terminal=False)
    shown = render(list(sheet.funding), OutputFormat.JSON, sheet, terminal=True)
    assert piped.count("\n") == 1
    assert shown.count("\n") > len(sheet.funding)
    assert json.loads(piped) == json.loads(shown)


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        "Panamá 😀",
        "\x1b[31m",
        "\u202eevil",
        "zero\u200bwidth",
        "del\x7f",
        "c1\x85\x9b",
        "line\u2028sep",
        "\ud7ff",
    ],
)
def test_json_escapes_non_printables_losslessly(value: str) -> None:
    from carsi_cli.views.plain import dumps

    for pretty in (False, True):
        text = dumps({"v": value}, pretty=pretty)
        assert json.loads(text)["v"] == value
        assert all(char.isprintable() or char == "\n" for char in text)
        if value.isprintable():
            assert value in text  # readable, not escaped


def test_a_kind_of_record_without_its_own_columns_is_shown_by_its_fields(sheet: FactSheet) -> None:
    """A new collection (say, organizations) reads in every format before it has columns of its own."""
    from typing import NamedTuple

    class Organization(NamedTuple):
        id: str
        name: str
        quote: str
        source: str

    records = [Organization("sica", "Central American Integration System", "the SICA Security Strategy", "s")]
    piped = render(records, OutputFormat.TABLE, sheet).splitlines()
    assert piped[0].split("\t") == ["ID", "Name", "Quote"] and piped[1].startswith("sica\t")
    shown = strip_styles(render(records, OutputFormat.TABLE, sheet, terminal=True, width=80))
    assert "sica" in shown.split() and "Central American Integration System" in shown
    assert render(records, OutputFormat.MARKDOWN, sheet).startswith("| ID | Name | Quote |")
