"""Every command through Typer's runner: exit statuses, streams, messages."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from carsi_cli.cli import app
from conftest import OTHER_COMMANDS, SAMPLE_COMMANDS, Invoke, carsi_process

README = Path(__file__).resolve().parents[1] / "README.md"


def command_paths() -> list[list[str]]:
    """Every leaf command, as argument lists ("programs list", "funding", ...)."""
    root = typer.main.get_command(app)
    paths: list[list[str]] = []

    def walk(cmd: object, prefix: list[str]) -> None:
        sub = getattr(cmd, "commands", None)
        if getattr(cmd, "invoke_without_command", False) and prefix:  # `carsi funding` lists, `funding show` shows
            paths.append(prefix)
        if sub:
            for name, child in sub.items():
                if not child.hidden:  # an alias (`initiatives`) is tested with what it stands for
                    walk(child, [*prefix, name])
        else:
            paths.append(prefix)

    walk(root, [])
    return paths


COMMANDS = command_paths()
DATA_COMMANDS = [args for args, _ in SAMPLE_COMMANDS]


def test_every_command_is_covered() -> None:
    assert sorted(" ".join(p) for p in COMMANDS) == sorted(
        {" ".join(c[:2]) if c[:2] in COMMANDS else c[0] for c in DATA_COMMANDS} | {" ".join(c) for c in OTHER_COMMANDS}
    )


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(invoke: Invoke, path: list[str]) -> None:
    result = invoke(*path, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert f"carsi {' '.join(path)}" in result.stdout


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_is_in_the_readme(path: list[str]) -> None:
    assert f"carsi {' '.join(path)}" in README.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_takes_no_pager(invoke: Invoke, path: list[str]) -> None:
    """`carsi COMMAND --no-pager` is no usage error for any command, as the README promises."""
    result = invoke(*path, "--no-pager", "--help")
    assert result.exit_code == 0, result.output
    assert "--no-pager" in result.stdout


@pytest.mark.parametrize(
    "args",
    [["cite"], ["export", "sqlite", "out.db"], ["export", "datapackage", "out"], ["export", "html", "out.html"]],
    ids=" ".join,
)
def test_no_pager_changes_nothing_where_nothing_is_paged(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """A citation or an export with --no-pager: the same output, the same files, status 0."""
    monkeypatch.chdir(tmp_path)
    plain = invoke(*args)
    (tmp_path / "again").mkdir()
    monkeypatch.chdir(tmp_path / "again")
    result = invoke(*args, "--no-pager")
    assert result.exit_code == plain.exit_code == 0, result.output
    assert result.stdout == plain.stdout
    assert sorted(p.name for p in (tmp_path / "again").iterdir()) == sorted(
        p.name for p in tmp_path.iterdir() if p.name != "again"
    )


@pytest.mark.parametrize("args", [["list"], ["list", "--kind", "operation"], ["show", "carsi"]], ids=" ".join)
def test_initiatives_is_the_programs_commands(invoke: Invoke, args: list[str]) -> None:
    """`carsi initiatives list` ("list initiatives", in the design's words) is `carsi programs list`."""
    alias = invoke("initiatives", *args, "--format", "json")
    assert (alias.exit_code, alias.stderr) == (0, "")
    assert json.loads(alias.stdout) == json.loads(invoke("programs", *args, "--format", "json").stdout)


def test_initiatives_is_one_name_in_help_and_a_near_miss_is_suggested(invoke: Invoke) -> None:
    """The root help shows `programs` only; the programs help names the alias; `initiative` suggests it."""
    shown = invoke("--help").stdout
    assert re.search(r"^  programs ", shown, re.MULTILINE) and "initiatives " not in shown
    assert "`carsi initiatives` is the same" in " ".join(invoke("programs", "--help").stdout.split())
    near = invoke("initiative", "list")
    assert near.exit_code == 2 and "Did you mean 'initiatives'?" in near.stderr


def test_version(invoke: Invoke) -> None:
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.startswith("carsi ")


def test_no_arguments_shows_help(invoke: Invoke) -> None:
    result = invoke()
    assert "Usage: carsi" in result.stdout + result.stderr
    assert result.exit_code in (0, 2)


@pytest.mark.parametrize("args", DATA_COMMANDS, ids=" ".join)
def test_json_is_parseable_and_stderr_empty(invoke: Invoke, args: list[str]) -> None:
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    json.loads(result.stdout)


@pytest.mark.parametrize("args", DATA_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "JSON", "Markdown"])
@pytest.mark.slow  # a sweep: the quick tier leaves it to --slow and CI
def test_every_format_of_every_command(invoke: Invoke, args: list[str], fmt: str) -> None:
    result = invoke(*args, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert rows[0][0] == "id" or rows[0][:2] in (["type", "id"], ["start", "end"])  # a header, even for no rows


def test_funding_fy_2012(invoke: Invoke) -> None:
    result = invoke("funding", "--fy", "2012", "--format", "json")
    records = json.loads(result.stdout)
    assert {(r["id"], r["amount_usd"], r["fy_start"], r["fy_end"]) for r in records} == {
        ("carsi-fy2012", 105_000_000, 2012, 2012),
        ("drug-programs-fy2012", 10_000_000_000, 2012, 2012),
    }


def test_funding_fy_2010_table_says_total_and_rate(invoke: Invoke) -> None:
    """The CARSI figure is a FY2008-FY2011 total, the drug figure a per-year rate; stderr says why no total."""
    result = invoke("funding", "--fy", "2010")
    assert result.exit_code == 0
    assert "$361 million in total over FY2008-FY2011" in result.stdout
    assert "more than $10 billion per year, FY2009-FY2011" in result.stdout
    assert "not money for FY2010 alone" in result.stderr
    assert "No total:" in result.stderr


def test_empty_result_is_success(invoke: Invoke) -> None:
    result = invoke("funding", "--fy", "1999", "--format", "json")
    assert (result.exit_code, json.loads(result.stdout), result.stderr) == (0, [], "")
    result = invoke("funding", "--fy", "1999")
    assert result.exit_code == 0 and result.stdout == "" and "No funding figure" in result.stderr


def test_search_martillo(invoke: Invoke) -> None:
    result = invoke("search", "martillo")
    assert result.exit_code == 0
    first = result.stdout.splitlines()[1].split("\t")
    assert first[:2] == ["program", "operation-martillo"]
    assert "Operation Martillo, a U.S.-led" in first[3]


def test_search_without_match_suggests(invoke: Invoke) -> None:
    """A word too far from any to be read as a misspelling matches nothing, and the close names are offered."""
    result = invoke("search", "marrtiyo")
    assert result.exit_code == 0 and result.stdout == ""
    assert "No record matches 'marrtiyo'. Did you mean: Martillo?" in result.stderr
    assert invoke("search", "marrtiyo", "--format", "json").stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["programs", "show", "martilo"],
            "Error: no program matches 'martilo'; did you mean 'Martillo' (operation-martillo)?",
        ),
        (["agencies", "show", "FBI"], "Error: no agency matches 'FBI'"),
        (["countries", "show", "Mexico"], "Error: no country matches 'Mexico'"),
        (["programs", "list", "--country", "Narnia"], "Error: no country matches 'Narnia'"),
        (["funding", "--program", "nope"], "Error: no program matches 'nope'"),
    ],
)
def test_unknown_ids_exit_1_with_one_line(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "args",
    [
        ["funding", "--fy", "0"],
        ["funding", "--fy", "-1"],
        ["funding", "--fy", "99999"],
        ["funding", "--fy", "2012.5"],
        ["funding", "--fy", "2012", "--from", "2010"],
        ["funding", "--from", "2012", "--to", "2010"],
        ["programs", "list", "--format", "yaml"],
        ["programs", "list", "--kind", "party"],
        ["search"],
        ["search", "x", "--type", "planet"],
        ["search", "x", "--limit", "-1"],
        ["nonsense"],
        ["programs", "show"],
    ],
    ids=" ".join,
)
def test_usage_errors_exit_2(invoke: Invoke, args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_data_option_and_environment(invoke: Invoke, model_dir: Path) -> None:
    """--data and CARSI_DATA point carsi at another file; --data wins."""
    path = model_dir / "factsheet.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("name: Operation Martillo", "name: Operation Hammer"), encoding="utf-8"
    )
    assert "Operation Hammer" in invoke("--data", str(path), "programs", "show", "martillo").stdout
    assert "Operation Hammer" in invoke("programs", "show", "martillo", env={"CARSI_DATA": str(path)}).stdout
    assert "Operation Hammer" not in invoke("programs", "show", "martillo").stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("carsi_schema: 1\nsource: [\n", "YAML syntax error"),
        ("carsi_schema: 1\nfunding: 5\n", "source must be a mapping"),
        ("", "the file is empty"),
        ("just: text\n", "unknown key 'just'"),
        ("a: 1\na: 2\n", "key 'a' appears twice in one mapping, on lines 1 and 2"),
        ("x: !!python/object/apply:os.system [echo pwned]\n", "unsupported YAML tag"),
    ],
    ids=["syntax", "schema", "empty", "unknown", "duplicate", "python-tag"],
)
def test_bad_data_file_exits_1_with_one_line(invoke: Invoke, tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    result = invoke("--data", str(path), "funding")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and message in result.stderr and str(path) in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_missing_data_file(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("--data", str(tmp_path / "none.yaml"), "programs", "list")
    assert result.exit_code == 1
    assert "does not exist" in result.stderr


def test_verify_passes_on_the_bundled_model(invoke: Invoke) -> None:
    result = invoke("verify")
    assert result.exit_code == 0
    assert result.stderr.startswith("OK: ")


def test_verify_lists_every_failure(invoke: Invoke, model_dir: Path) -> None:
    """A changed quote and a changed amount are both listed; exit status 1."""
    path = model_dir / "factsheet.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("amount_usd: 105000000", "amount_usd: 150000000")
    text = text.replace('quote: "28 HIDTAs across', 'quote: "29 HIDTAs across', 1)  # the hidta program's quote
    path.write_text(text, encoding="utf-8")
    result = invoke("--data", str(path), "verify", "--format", "json")
    assert result.exit_code == 1
    problems = {(p["id"], p["field"]) for p in json.loads(result.stdout)}
    assert ("carsi-fy2012", "amount_usd") in problems
    assert ("hidta", "quote") in problems
    # other commands refuse the file, pointing at verify
    other = invoke("--data", str(path), "funding")
    assert other.exit_code == 1 and "run `carsi verify`" in other.stderr


def test_source_text_round_trip(invoke: Invoke, tmp_path: Path) -> None:
    """`carsi source --text` prints the shipped text, which `--data` copies can sit beside."""
    result = invoke("source", "--text")
    assert result.stdout.startswith("FACT SHEET: The Central American Citizen Security Partnership")
    assert json.loads(invoke("source", "--format", "json").stdout)["date"] == "2012-03-06"


def test_internal_errors_are_reported_without_traceback(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected exception is one line naming it as a bug, with exit status 70."""
    import carsi_cli.query.records

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(carsi_cli.query.records, "timeline", boom)
    result = invoke("timeline")
    assert result.exit_code == 70
    assert "internal error (RuntimeError: boom)" in result.stderr and "Traceback" not in result.stderr


def test_forced_terminal_draws_the_terminal_view_without_colour_under_no_color(invoke: Invoke) -> None:
    """FORCE_COLOR draws the terminal view even into a pipe; NO_COLOR keeps colour codes out of it."""
    result = invoke(
        "funding", "--fy", "2012", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "120", "TERM": "xterm"}
    )
    assert result.exit_code == 0
    assert "─" in result.stdout  # the table rule
    assert not re.search(r"\x1b\[(?:\d+;)*(?:3\d|4\d|9\d|10\d)m", result.stdout)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert "$105 million" in plain
    assert "carsi-fy2012" in plain


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('date: "2011-03-21"', 'date: "2011-03-22"', ("santiago-remarks", "date")),
        ("value: 28\n", "value: 29\n", ("hidta-count", "value")),
        (
            "amount_usd: 105000000\n    qualifier: exact",
            "amount_usd: 105000000\n    qualifier: more_than",
            ("carsi-fy2012", "qualifier"),
        ),
        ("basis: per_year", "basis: total", ("drug-treatment-prevention-fy2009-2011", "basis")),
        ("fy_start: 2008", "fy_start: 2007", ("carsi-fy2008-2011", "fy_start")),
    ],
    ids=["day", "statistic-value", "qualifier", "basis", "fiscal-year"],
)
def test_verify_catches_a_figure_that_disagrees_with_its_quote(
    invoke: Invoke, model_dir: Path, old: str, new: str, problem: tuple[str, str]
) -> None:
    path = model_dir / "factsheet.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = invoke("--data", str(path), "verify", "--format", "json")
    assert result.exit_code == 1
    assert problem in {(p["id"], p["field"]) for p in json.loads(result.stdout)}


def test_verify_without_source_text_still_checks_figures(invoke: Invoke, model_dir: Path) -> None:
    """No text_file: the figures are still checked against their quotes, and the missing text is a problem."""
    path = model_dir / "factsheet.yaml"
    text = path.read_text(encoding="utf-8").replace("  text_file: factsheet.txt\n", "")
    path.write_text(text.replace("amount_usd: 105000000", "amount_usd: 999"), encoding="utf-8")
    result = invoke("--data", str(path), "verify", "--format", "json")
    assert result.exit_code == 1
    problems = {(p["type"], p["id"], p["field"]) for p in json.loads(result.stdout)}
    assert ("funding", "carsi-fy2012", "amount_usd") in problems
    assert ("source", "wh-2012-03-06", "text_file") in problems


def test_a_number_too_long_to_convert_is_bad_data(invoke: Invoke, model_dir: Path) -> None:
    path = model_dir / "factsheet.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("amount_usd: 105000000", "amount_usd: " + "9" * 5001))
    result = invoke("--data", str(path), "funding")
    assert result.exit_code == 1
    assert "amount_usd must be a whole number of dollars" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--data", "", "funding"], "must not be empty"),
        (["programs", "show", ""], "must not be empty"),
        (["programs", "show", "   "], "must not be empty"),
        (["programs", "list", "--agency", ""], "Invalid value for '--agency': must not be empty"),
        (["search", ""], "must not be empty"),
        (["funding", "--fy", "0"], "0 is not a fiscal year carsi knows; give one from 1900 to 2100"),
        (["funding", "--fy", "2012.5"], "'2012.5' is not a fiscal year; write one as 2012, FY2012 or FY12"),
    ],
    ids=["data", "id", "blank-id", "agency", "query", "fy-0", "fy-fraction"],
)
def test_blank_and_odd_values_are_usage_errors(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_suggestions_name_each_record_once(invoke: Invoke) -> None:
    result = invoke("programs", "show", "Operación Martilo")
    assert result.exit_code == 1 and result.stderr.count("operation-martillo") == 1


def test_timeline_says_where_order_is_unknown(invoke: Invoke) -> None:
    result = invoke("timeline")
    assert "partnership-launch is dated only to 2011-03" in result.stderr
    assert "santiago-remarks" in result.stderr


def test_show_lists_funding_with_its_quote(invoke: Invoke) -> None:
    """Every figure a `show` view lists carries its quote."""
    for fmt in ("table", "markdown"):
        out = invoke("programs", "show", "carsi", "--format", fmt).stdout.replace("\\", "")
        assert "From FY 2008 – 2011, funding for CARSI totaled $361 million." in out


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_an_error_not_a_bug() -> None:
    with open("/dev/full", "w") as full:
        result = carsi_process(["programs", "list"], stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: cannot write the output: No space left on device")
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr


def test_a_closed_pipe_ends_carsi_quietly() -> None:
    """`carsi search the --limit 0 | head -n 1`: no traceback, no error message."""
    command = f"{shlex.quote(sys.executable)} -m carsi_cli search the --limit 0 --format csv | head -n 1"
    result = subprocess.run(command, shell=True, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert result.stdout.startswith("type,id,")
    assert result.stderr == ""


@pytest.mark.parametrize("argument", ["\u202eevil", "\x1b]0;title\x07", "\x1b[2J", "[red]x[/red]"])
def test_arguments_echoed_in_usage_errors_are_inert(invoke: Invoke, argument: str) -> None:
    """Click repeats what the user typed in its errors; carsi makes that text inert too."""
    result = invoke("programs", "list", argument)
    assert result.exit_code == 2
    assert "Got unexpected extra argument" in result.stderr
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr and "\x07" not in result.stderr
