"""The Python API: each function returns what the matching command prints with
--format json, for the same question; importing carsi_cli stays cheap."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

import carsi_cli
from carsi_cli.errors import NotFoundError
from carsi_cli.model.records import FactSheet
from conftest import Invoke

Model = FactSheet
# (the command's arguments, the same question asked of the API)
QUESTIONS: list[tuple[list[str], Callable[[Model], Any]]] = [
    (["programs", "list"], lambda m: carsi_cli.programs(m)),
    (["programs", "list", "--country", "panama"], lambda m: carsi_cli.programs(m, country="panama")),
    (["programs", "list", "--agency", "DEA"], lambda m: carsi_cli.programs(m, agency="DEA")),
    (["programs", "list", "--kind", "operation"], lambda m: carsi_cli.programs(m, kind="operation")),
    (["programs", "show", "carsi"], lambda m: carsi_cli.program(m, "carsi")),
    (["programs", "show", "Operation Martillo"], lambda m: carsi_cli.program(m, "Operation Martillo")),
    (["agencies", "list"], lambda m: carsi_cli.agencies(m)),
    (["agencies", "list", "--program", "martillo"], lambda m: carsi_cli.agencies(m, program="martillo")),
    (["agencies", "show", "dea"], lambda m: carsi_cli.agency(m, "dea")),
    (["countries", "list"], lambda m: carsi_cli.countries(m)),
    (["countries", "list", "--program", "vetted units"], lambda m: carsi_cli.countries(m, program="vetted units")),
    (["countries", "show", "panama"], lambda m: carsi_cli.country(m, "panama")),
    (["organizations", "list"], lambda m: carsi_cli.organizations(m)),
    (["organizations", "show", "sica"], lambda m: carsi_cli.organization(m, "sica")),
    (["funding"], lambda m: carsi_cli.funding(m)),
    (["funding", "--fy", "2012"], lambda m: carsi_cli.funding(m, fy=2012)),
    (["funding", "--fy", "2010"], lambda m: carsi_cli.funding(m, fy=2010)),
    (["funding", "--from", "2008", "--to", "2011"], lambda m: carsi_cli.funding(m, fy_from=2008, fy_to=2011)),
    (["funding", "--from", "2012"], lambda m: carsi_cli.funding(m, fy_from=2012)),
    (["funding", "--program", "carsi"], lambda m: carsi_cli.funding(m, program="carsi")),
    (["funding", "--country", "United States"], lambda m: carsi_cli.funding(m, country="United States")),
    (["stats"], lambda m: carsi_cli.stats(m)),
    (["stats", "--program", "hidta"], lambda m: carsi_cli.stats(m, program="hidta")),
    (["timeline"], lambda m: carsi_cli.timeline(m)),
    (["search", "martillo"], lambda m: carsi_cli.search(m, "martillo")),
    (["search", "Estados Unidos"], lambda m: carsi_cli.search(m, "Estados Unidos")),
    (["search", "money", "--type", "funding"], lambda m: carsi_cli.search(m, "money", types=["funding"])),
    (["search", "the", "--limit", "0"], lambda m: carsi_cli.search(m, "the", limit=None)),
    (["search", "program", "--limit", "3"], lambda m: carsi_cli.search(m, "program", limit=3)),
]


@pytest.mark.parametrize(("args", "ask"), QUESTIONS, ids=[" ".join(args) for args, _ in QUESTIONS])
def test_the_api_returns_what_the_json_shows(
    invoke: Invoke, sheet: FactSheet, args: list[str], ask: Callable[[Model], Any]
) -> None:
    """The API's answer equals the command's --format json output, parsed."""
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    expected = json.loads(result.stdout)
    assert expected  # a question with an answer: an empty one would prove little
    assert ask(sheet) == expected


def test_load_reads_a_data_file_as_the_command_line_does(invoke: Invoke, model_dir: Path) -> None:
    """load(path) validates a data file of one's own: its records are the ones --data shows."""
    path = model_dir / "factsheet.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["programs"][0]["name"] = "A program of my own"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    model = carsi_cli.load(str(path))
    shown = json.loads(invoke("--data", str(path), "programs", "list", "--format", "json").stdout)
    assert carsi_cli.programs(model) == shown
    assert carsi_cli.programs(model)[0]["name"] == "A program of my own"
    assert carsi_cli.load().programs[0].name != "A program of my own"  # the bundled model by default


def test_a_name_that_matches_nothing_raises_not_found(sheet: FactSheet, invoke: Invoke) -> None:
    """An unknown name: NotFoundError with the command's own message."""
    with pytest.raises(NotFoundError) as raised:
        carsi_cli.program(sheet, "no such program")
    assert f"Error: {raised.value}\n" == invoke("programs", "show", "no such program").stderr


@pytest.mark.parametrize(
    ("filters", "message"),
    [({"fy": 2012, "fy_from": 2010}, "either fy or fy_from/fy_to"), ({"fy_from": 2012, "fy_to": 2010}, "is after")],
    ids=["fy-and-from", "from-after-to"],
)
def test_contradictory_years_raise_value_error(sheet: FactSheet, filters: dict[str, Any], message: str) -> None:
    """Years that contradict each other are a ValueError, as the command refuses them."""
    with pytest.raises(ValueError, match=message):
        carsi_cli.funding(sheet, **filters)


def test_importing_carsi_cli_imports_nothing_else() -> None:
    """`import carsi_cli` loads no other module of carsi's and none of the libraries its commands use (the
    standard library's typing aside, which every command imports anyway): the command line pays nothing
    for the API."""
    code = (
        "import sys, json; before = set(sys.modules); import carsi_cli;"
        "print(json.dumps(sorted(set(sys.modules) - before)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    loaded = set(json.loads(done.stdout))
    assert {name for name in loaded if name.startswith("carsi_cli")} == {"carsi_cli"}, done.stderr
    heavy = {"yaml", "typer", "rich", "sqlite3", "xlsxwriter", "pandas", "importlib.metadata", "carsi_cli.api"}
    assert not loaded & heavy


def test_the_api_is_typed_and_documented() -> None:
    """py.typed ships with the package, and every public function has a docstring and annotations."""
    assert (Path(carsi_cli.__file__).parent / "py.typed").is_file()
    for name in carsi_cli.__all__:
        function = getattr(carsi_cli, name)
        assert function.__doc__ and function.__annotations__.get("return"), name


def test_dataframe_keeps_fiscal_years_as_integers(sheet: FactSheet) -> None:
    """dataframe(model, "funding"): the JSON's records, fiscal years as nullable integers (the undated figure's
    missing), never floats; notes as lists."""
    pandas = pytest.importorskip("pandas")
    frame = carsi_cli.dataframe(sheet, "funding")
    records = carsi_cli.funding(sheet)
    assert list(frame["id"]) == [r["id"] for r in records]
    for column in ("amount_usd", "fy_start", "fy_end"):
        assert str(frame[column].dtype) == "Int64"
        assert [None if v is pandas.NA else int(v) for v in frame[column]] == [r[column] for r in records]
    assert any(r["fy_start"] is None for r in records)
    assert [list(n) for n in frame["notes"]] == [r["notes"] for r in records]
    assert list(carsi_cli.dataframe(sheet, "funding", fy=2012)["id"]) == [
        r["id"] for r in carsi_cli.funding(sheet, fy=2012)
    ]


def test_dataframe_without_pandas_says_what_to_install(sheet: FactSheet, monkeypatch: pytest.MonkeyPatch) -> None:
    """pandas not installed: a ModuleNotFoundError naming pandas and how to install it."""
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if it were not installed
    with pytest.raises(ModuleNotFoundError, match=r"carsi_cli.dataframe needs pandas: pip install pandas"):
        carsi_cli.dataframe(sheet, "funding")


def test_dataframe_names_the_queries_it_knows(sheet: FactSheet) -> None:
    """An unknown query name: a ValueError listing the ones there are."""
    with pytest.raises(ValueError, match=r"no query named 'money'; choose one of programs, agencies"):
        carsi_cli.dataframe(sheet, "money")


def test_the_packages_example_runs_as_written() -> None:
    """The notebook-style example in carsi_cli's docstring gives the answers it shows (doctest)."""
    import doctest

    failed, tried = doctest.testmod(carsi_cli, report=False)
    assert tried >= 4 and failed == 0


def test_the_package_offers_exactly_the_apis_functions() -> None:
    """`carsi_cli.__all__` (kept apart so that importing the package imports nothing) names what `api` defines."""
    from carsi_cli import api

    assert carsi_cli.__all__ == api.__all__
    assert all(callable(getattr(api, name)) for name in api.__all__)
