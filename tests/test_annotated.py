"""`carsi source --annotate` in every format, through the command line."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml
from rich.cells import cell_len

from carsi_cli.model.records import FactSheet
from conftest import SOURCE_TEXT, Invoke
from hostile import assert_inert

TEXT = SOURCE_TEXT.read_text(encoding="utf-8")
MARKER = re.compile(r"\[([a-z0-9-]+(?:, [a-z0-9-]+)*)\]")
SGR = re.compile(r"\x1b\[[0-9;]*m")


def test_piped_text_is_the_source_with_markers(invoke: Invoke) -> None:
    """Piped: the text as shipped, each passage followed by its records' ids in brackets."""
    result = invoke("source", "--annotate")
    assert result.exit_code == 0, result.stderr
    assert "funding for CARSI totaled $361 million.[carsi-fy2008-2011]" in result.stdout
    assert "Source: whitehouse.gov\n" in result.stdout  # no record quotes the footer: no marker
    assert MARKER.sub("", result.stdout) == TEXT


def test_markers_name_every_record(invoke: Invoke, sheet: FactSheet) -> None:
    """Every record of the bundled model is named by some marker."""
    named = {i for found in MARKER.findall(invoke("source", "--annotate").stdout) for i in found.split(", ")}
    assert named == {r.id for r in sheet.all_records()}


def test_coverage_line_goes_to_stderr(invoke: Invoke) -> None:
    """The coverage line is a note for people: on stderr, with the table and markdown formats."""
    for fmt in ("table", "markdown"):
        result = invoke("source", "--annotate", "--format", fmt)
        assert result.stderr == (
            "Coverage: at least one record quotes 44 of 49 sentences (89%), 43 of them wholly, "
            "and 7 of 7 dollar figures (100%).\n"
        )


def test_json_contract(invoke: Invoke) -> None:
    """JSON: spans that join into the text, passages, marks, gaps and coverage; nothing on stderr."""
    result = invoke("source", "--annotate", "--format", "json")
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert set(data) == {"source", "focus", "spans", "passages", "marks", "gaps", "coverage"}
    assert "".join(span["text"] for span in data["spans"]) == TEXT
    for span in data["spans"]:
        assert TEXT[span["start"] : span["end"]] == span["text"]
        assert (span["passage"] is None) == (span["records"] == [])
    for mark in data["marks"]:
        span_ids = [s["records"] for s in data["spans"] if mark["start"] <= s["start"] < mark["end"]]
        assert all(mark["record"] in ids for ids in span_ids)
    assert data["focus"] is None
    assert data["source"]["id"] == "wh-2012-03-06"
    assert [gap["text"] for gap in data["gaps"]][-1] == "Source: whitehouse.gov"
    assert data["coverage"] == {
        "sentences": 49,
        "sentences_quoted": 44,
        "sentences_whole": 43,
        "dollar_figures": 7,
        "dollar_figures_quoted": 7,
    }


def test_csv_is_one_row_per_span(invoke: Invoke) -> None:
    """CSV: consecutive spans with their records joined by '; '."""
    rows = list(csv.DictReader(io.StringIO(invoke("source", "--annotate", "--format", "csv").stdout)))
    assert [int(r["start"]) for r in rows[1:]] == [int(r["end"]) for r in rows[:-1]]
    assert int(rows[-1]["end"]) == len(TEXT)
    total = next(r for r in rows if r["text"].startswith("From FY 2008 – 2011"))
    assert total["records"] == "carsi-fy2008-2011"


def test_ndjson_is_the_json_object_on_one_line(invoke: Invoke) -> None:
    """NDJSON: the JSON's one object, compact, on one line (as a `show` view's); nothing on stderr."""
    result = invoke("source", "--annotate", "--format", "ndjson")
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert data == json.loads(invoke("source", "--annotate", "--format", "json").stdout)
    assert "".join(span["text"] for span in data["spans"]) == TEXT


def test_csv_excel_is_the_csv_with_a_byte_order_mark_and_crlf(invoke: Invoke) -> None:
    """csv-excel: the CSV's rows, as UTF-8 with a BOM and CRLF line ends; the spans still cover the text."""
    excel = invoke("source", "--annotate", "--format", "csv-excel").stdout_bytes
    assert excel.startswith(b"\xef\xbb\xbf")
    body = excel[3:].decode("utf-8")
    assert all(line.endswith("\r\n") for line in body.splitlines(keepends=True))
    rows = list(csv.DictReader(io.StringIO(body, newline="")))
    plain = list(csv.DictReader(io.StringIO(invoke("source", "--annotate", "--format", "csv").stdout, newline="")))
    assert rows == plain
    assert int(rows[0]["start"]) == 0 and int(rows[-1]["end"]) == len(TEXT)


def test_markdown_footnotes(invoke: Invoke) -> None:
    """Markdown: passages in bold, each with a footnote defined once; a source line."""
    out = invoke("source", "--annotate", "--format", "markdown").stdout
    refs = re.findall(r"\[\^(\d+)\](?!:)", out)
    notes = re.findall(r"^\[\^(\d+)\]: ", out, re.MULTILINE)
    assert refs == notes == [str(n) for n in range(1, len(notes) + 1)]
    assert "**From FY 2008 – 2011, funding for CARSI totaled \\$361 million.**[^30]" in out
    assert "[^30]: carsi-fy2008-2011 \\(funding: Prevention, law enforcement" in out
    assert out.rstrip().endswith(
        "https://obamawhitehouse.archives.gov/the-press-office/2012/03/06/fact-sheet-central-american-citizen-security-partnership"
    )


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_terminal_view_fits_and_numbers_its_passages(invoke: Invoke, columns: int) -> None:
    """On a terminal: highlighted passages, numbered, wrapped to the width, their records beneath."""
    env = {"FORCE_COLOR": "1", "NO_COLOR": None, "TERM": "xterm-256color", "COLUMNS": str(columns)}
    result = invoke("source", "--annotate", env=env)
    assert result.exit_code == 0
    plain = SGR.sub("", result.stdout)
    assert max(cell_len(line) for line in plain.splitlines()) <= columns
    assert "[30] carsi-fy2008-2011" in plain
    assert "\x1b[4m" in result.stdout  # passages underlined, no colour
    body = SGR.sub("", re.sub(r"\x1b\[(?:1|2)m.*?\x1b\[0m", "", result.stdout))  # no numbers, no legends
    expected = re.findall(r"\w+", TEXT)
    assert re.findall(r"\w+", body)[: len(expected)] == expected  # the whole text, in order, then the source line


def test_terminal_without_colour_has_no_styling_but_keeps_the_numbers(invoke: Invoke) -> None:
    """NO_COLOR: no escape sequence at all; each passage still ends with its number."""
    result = invoke("source", "--annotate", env={"TTY_COMPATIBLE": "1", "NO_COLOR": "1", "TERM": "xterm"})
    assert "\x1b" not in result.stdout
    assert "[30] carsi-fy2008-2011" in result.stdout


def test_focus_dims_the_rest(invoke: Invoke) -> None:
    """--program carsi: only CARSI's passages are numbered, the rest is dim."""
    env = {"FORCE_COLOR": "1", "NO_COLOR": None, "TERM": "xterm-256color", "COLUMNS": "100"}
    result = invoke("source", "--annotate", "--program", "carsi", env=env)
    plain = SGR.sub("", result.stdout)
    legends = re.findall(r"^\s*\[\d+\] (.*)$", plain, re.MULTILINE)
    assert {i for line in legends for i in line.split(", ")} == {"carsi", "carsi-fy2008-2011", "carsi-fy2012"}
    assert "\x1b[2m" in result.stdout
    assert "Coverage: the records of program carsi quote" in result.stderr


def test_focus_in_json(invoke: Invoke) -> None:
    """--record: the JSON names the focus and marks that record's quotes alone."""
    data = json.loads(invoke("source", "--annotate", "--record", "carsi-fy2012", "--format", "json").stdout)
    assert data["focus"] == "funding carsi-fy2012"
    assert {m["record"] for m in data["marks"]} == {"carsi-fy2012"}
    assert data["coverage"]["dollar_figures_quoted"] == 1


def test_focus_implies_annotate(invoke: Invoke) -> None:
    """--country alone annotates, for the country's passages."""
    result = invoke("source", "--country", "Panamá")
    assert result.exit_code == 0
    assert "Panama and the Foreign Minister of the Dominican Republic" in result.stdout
    assert {i for f in MARKER.findall(result.stdout) for i in f.split(", ")} == {"panama", "biden-meeting"}


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["--text", "--annotate"], 2, "use either --text or --annotate"),
        (["--program", "carsi", "--country", "panama"], 2, "give one of --record, --program and --country"),
        (["--annotate", "--program", "nope"], 1, "no program matches 'nope'"),
        (["--annotate", "--record", "carsi-fy2013"], 1, "did you mean 'carsi-fy2012'"),
        (["--annotate", "--record", " "], 2, "must not be empty"),
    ],
    ids=["text-and-annotate", "two-focuses", "unknown-program", "unknown-record", "blank-record"],
)
def test_bad_options(invoke: Invoke, args: list[str], status: int, message: str) -> None:
    """Conflicting or unknown options: a usage error or a not-found, with the reason."""
    result = invoke("source", *args)
    assert result.exit_code == status
    assert message in result.stderr


def test_a_model_without_its_text_cannot_be_annotated(invoke: Invoke, model_dir: Path) -> None:
    """No source.text_file: a clear error, status 1."""
    path = model_dir / "factsheet.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    del doc["source"]["text_file"]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    result = invoke("--data", str(path), "source", "--annotate")
    assert result.exit_code == 1
    assert "names no source text (source.text_file)" in result.stderr


def test_hostile_source_text_is_shown_not_obeyed(invoke: Invoke, model_dir: Path) -> None:
    """Escape sequences and bidirectional overrides in the text are shown as escapes, in every view."""
    text = model_dir / "factsheet.txt"
    text.write_text("\x1b]0;title\x07\x1b[2J\u202e " + text.read_text(encoding="utf-8"), encoding="utf-8")
    path = str(model_dir / "factsheet.yaml")
    for env in ({}, {"FORCE_COLOR": "1", "TERM": "xterm"}):
        result = invoke("--data", path, "source", "--annotate", env={"CARSI_NO_CACHE": "1", **env})
        assert result.exit_code == 0
        assert "\\x1b]0;title\\x07" in result.stdout
        assert_inert(result.stdout.replace("\n", " ").replace("\t", " "), styled=bool(env))
    data = json.loads(invoke("--data", path, "source", "--annotate", "--format", "json").stdout)
    assert data["spans"][0]["text"].startswith("\x1b]0;title\x07")  # JSON keeps the text exactly
