"""Shell completion of ids, names, kinds, types and fiscal years, from the model
the global options name; nothing, and no traceback, on a bad data file."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, ClassVar

import pytest

from carsi_cli.cli import completion
from carsi_cli.model.records import FactSheet, RecordType
from carsi_cli.query import complete
from conftest import SOURCE_TEXT, carsi_process

# The sub-package that reads data files: `carsi_cli.loading` itself is the Python API's function.
load = importlib.import_module("carsi_cli.loading")


def bash(words: str, **env: str) -> list[str]:
    """What bash is offered for ``words`` (the last one being completed), as Typer's bash script asks."""
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    result = carsi_process(
        [], env={"_CARSI_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword), **env}
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return str(result.stdout).split()


def zsh(words: str, **env: str) -> str:
    """What zsh is given for ``words``: values with their descriptions."""
    result = carsi_process([], env={"_CARSI_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words, **env})
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return str(result.stdout)


def test_country_ids_complete(sheet: FactSheet) -> None:
    """'pa' offers Panama's id with its name; an accented alias is not offered twice."""
    assert complete.records(sheet, RecordType.COUNTRY, "pa") == [("panama", "Panama")]


def test_nothing_typed_offers_every_id(sheet: FactSheet) -> None:
    """An empty word offers every program's id, and no names beside them."""
    assert [value for value, _ in complete.records(sheet, RecordType.PROGRAM, "")] == [p.id for p in sheet.programs]


@pytest.mark.parametrize(
    ("rtype", "typed", "offered"),
    [
        (RecordType.PROGRAM, "mart", "martillo"),
        (RecordType.PROGRAM, "CA", "CARSI"),
        (RecordType.AGENCY, "DE", "DEA"),
        (RecordType.ORGANIZATION, "si", "sica"),
    ],
    ids=["lower-case name", "abbreviation", "agency", "organization"],
)
def test_one_word_names_complete(sheet: FactSheet, rtype: RecordType, typed: str, offered: str) -> None:
    """Names and abbreviations of one word are offered as typed, and the command accepts them."""
    from carsi_cli.query.lookup import lookup

    values = [value for value, _ in complete.records(sheet, rtype, typed)]
    assert offered in values
    lookup(sheet, rtype, offered)


def test_names_with_spaces_are_not_offered(sheet: FactSheet) -> None:
    """A name of several words would be split by the shell: its id is offered instead."""
    values = [value for value, _ in complete.records(sheet, RecordType.PROGRAM, "Op")]
    assert all(" " not in value for value in values)


def test_years_are_those_the_figures_cover(sheet: FactSheet) -> None:
    """FY2008-FY2012: the years of "From FY 2008 – 2011" and "FY 2012", each described by its figures."""
    text = SOURCE_TEXT.read_text(encoding="utf-8")
    assert "From FY 2008 – 2011" in text and "FY 2012" in text and "FY 2007" not in text and "FY 2013" not in text
    items = dict(complete.years(sheet, ""))
    assert list(items) == ["2008", "2009", "2010", "2011", "2012"]
    assert "$361 million in total over FY2008-FY2011" in items["2010"]
    assert [value for value, _ in complete.years(sheet, "201")] == ["2010", "2011", "2012"]


def test_kinds_and_types_carry_counts(sheet: FactSheet) -> None:
    """Every kind and type is offered, with how many records the model has of it."""
    kinds = dict(complete.program_kinds(sheet, ""))
    assert kinds["operation"] == f"{sum(p.kind.value == 'operation' for p in sheet.programs)} program in the model"
    assert dict(complete.record_types(sheet, "fu")) == {"funding": f"{len(sheet.funding)} records in the model"}


def test_long_descriptions_are_cut() -> None:
    """zsh shows a description on one line: past the limit it is cut with an ellipsis."""
    assert complete.short("x" * 100) == "x" * (complete.DESCRIPTION - 1) + "…"
    assert complete.short("Panama") == "Panama"


def test_bash_completes_countries_show_pa() -> None:
    """As Typer's bash script runs carsi: 'carsi countries show pa' offers panama."""
    assert bash("carsi countries show pa") == ["panama"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("carsi programs show ", "operation-martillo"),
        ("carsi agencies show jia", "jiatf-south"),
        ("carsi organizations show s", "sica"),
        ("carsi programs list --country el", "el-salvador"),
        ("carsi programs list --agency so", "southcom"),
        ("carsi programs list --kind op", "operation"),
        ("carsi funding --fy 20", "2012"),
        ("carsi funding --from 200", "2008"),
        ("carsi funding --to 201", "2011"),
        ("carsi funding --program hi", "hidta"),
        ("carsi stats --program hi", "hidta"),
        ("carsi search x --type ev", "event"),
        ("carsi cite carsi-fy", "carsi-fy2012"),
    ],
    ids=lambda v: v if isinstance(v, str) and v.startswith("carsi ") else "",
)
def test_every_id_option_completes(words: str, expected: str) -> None:
    """Each argument and option that takes an id, name, kind, type or year completes from the model."""
    assert expected in bash(words)


def test_zsh_shows_names_as_descriptions() -> None:
    """zsh is given each id with the record's name."""
    out = zsh("carsi countries show pa")
    assert '"panama":"Panama"' in out
    assert '"2008":"\\$361 million in total over FY2008-FY2011"' in zsh("carsi funding --fy 200")


def test_fish_shows_names_as_descriptions() -> None:
    """fish is given 'value<TAB>description' lines."""
    result = carsi_process(
        [],
        env={
            "_CARSI_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_ARGS": "carsi agencies show de",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        },
    )
    assert result.stdout.splitlines() == ["dea\tDrug Enforcement Administration"]


@pytest.mark.parametrize("shell", ["complete_bash", "complete_zsh", "complete_fish"])
def test_completion_does_not_import_rich(shell: str) -> None:
    """Descriptions are printed as they are: completing a value never pays for Rich."""
    code = (
        "import sys\nfrom carsi_cli.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(str(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'sqlite3', 'csv'))))"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("_CARSI")},
        "_CARSI_COMPLETE": shell,
        "_TYPER_COMPLETE_ARGS": "carsi programs show ",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        "COMP_WORDS": "carsi programs show ",
        "COMP_CWORD": "3",
        "CARSI_DATA": "",
    }
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert "carsi" in result.stdout
    assert result.stderr == "[]"


def test_completion_reads_the_data_option(model_dir: Path) -> None:
    """--data and CARSI_DATA name the model completion reads, as they do for commands."""
    path = model_dir / "factsheet.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("name: Operation Martillo", "name: Operation Hammer"), encoding="utf-8"
    )
    assert '"operation-martillo":"Operation Hammer"' in zsh(f"carsi --data {path} programs show op")
    assert '"operation-martillo":"Operation Hammer"' in zsh("carsi programs show op", CARSI_DATA=str(path))
    assert '"operation-martillo":"Operation Martillo"' in zsh("carsi programs show op")


@pytest.mark.parametrize("bad", ["missing", "folder", "garbage", "not-a-model", "binary"])
def test_a_bad_data_file_offers_nothing(tmp_path: Path, bad: str) -> None:
    """A missing, unreadable or invalid --data file: no value, nothing on stderr, status 0."""
    path = tmp_path / "model.yaml"
    if bad == "folder":
        path.mkdir()
    elif bad == "garbage":
        path.write_text("carsi_schema: 1\nsource: [\n", encoding="utf-8")
    elif bad == "not-a-model":
        path.write_text("just: text\n", encoding="utf-8")
    elif bad == "binary":
        path.write_bytes(b"\xff\xfe\x00" * 1000)
    assert bash(f"carsi --data {path} programs show ") == []


def test_completion_does_not_wait_for_a_slow_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """A model that does not come within the budget (a large file not yet cached) gives nothing."""
    never = threading.Event()

    def stuck(*args: Any, **kwargs: Any) -> FactSheet:
        never.wait(60)
        raise AssertionError("not reached")

    class Root:
        params: ClassVar[dict[str, Any]] = {"data": None}

        def find_root(self) -> Root:
            return self

    monkeypatch.setattr(load, "load", stuck)
    monkeypatch.setattr(completion, "BUDGET", 0.05)
    try:
        assert completion.programs(Root(), "") == []
    finally:
        never.set()


def test_hostile_names_are_inert_in_descriptions(sheet: FactSheet, monkeypatch: pytest.MonkeyPatch) -> None:
    """Descriptions cannot drive the terminal, nor open Rich markup when zsh's help is rendered."""
    program = sheet.programs[0]._replace(name="\x1b]0;x\x07[/]bad [red]")
    hostile = sheet._replace(programs=(program, *sheet.programs[1:]))

    class Root:
        params: ClassVar[dict[str, Any]] = {"data": None}

        def find_root(self) -> Root:
            return self

    monkeypatch.setattr(load, "load", lambda *a, **k: hostile)
    ((value, description),) = completion.programs(Root(), "cac")
    assert value == "cacsp" and "\x1b" not in description and "\x07" not in description
    assert "[/]bad [red]" in description
