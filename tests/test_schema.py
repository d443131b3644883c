"""carsi schema COMMAND: a valid draft 2020-12 JSON Schema that every command's
--format json (and ndjson) output satisfies, and that refuses what the
contract rules out (a fiscal year as a float, a field more, a field less)."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest

from carsi_cli.views.schema import COMMANDS
from conftest import SAMPLE_COMMANDS, Invoke

GROUPS = {"programs", "agencies", "countries", "organizations"}
# Every data command's JSON but the annotated source text's, whose schema is not written yet.
RUNS = [args for args, _ in SAMPLE_COMMANDS if "--annotate" not in args] + [
    ["funding", "--fy", "2012"],
    ["funding", "--country", "United States"],
    ["search", "money", "--type", "funding"],
    ["search", "16 countries"],
]


def _name(args: list[str]) -> str:
    return " ".join(args[:2]) if args[0] in GROUPS or args[1:2] == ["show"] else args[0]


def _schema(invoke: Invoke, command: str) -> dict[str, Any]:
    result = invoke("schema", *command.split())
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


@pytest.mark.parametrize("command", COMMANDS, ids=str)
def test_each_schema_is_a_valid_draft_2020_12_schema(invoke: Invoke, command: str) -> None:
    """The schema itself checks against the draft 2020-12 meta-schema and names it."""
    schema = _schema(invoke, command)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("args", RUNS, ids=" ".join)
@pytest.mark.slow  # a sweep: the quick tier leaves it to --slow and CI
def test_every_commands_json_satisfies_its_schema(invoke: Invoke, args: list[str]) -> None:
    """The command's --format json output validates against `carsi schema` of that command; so does each
    line of --format ndjson, against the schema of one item."""
    schema = _schema(invoke, _name(args))
    result = invoke(*args, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr  # verify: status 1 when it finds a problem
    data = json.loads(result.stdout)
    jsonschema.Draft202012Validator(schema).validate(data)
    if schema["type"] == "array":
        assert data or args == ["verify"], "an empty list would satisfy any schema of a list"
        lines = invoke(*args, "--format", "ndjson").stdout.splitlines()
        item = {"$schema": schema["$schema"], **schema["items"]}
        for line in lines:
            jsonschema.Draft202012Validator(item).validate(json.loads(line))


def test_verify_problems_satisfy_the_schema(invoke: Invoke, model_dir: Any) -> None:
    """verify's JSON when it finds problems (a quote not in the text) validates too (the bundled model has none)."""
    text = model_dir / "factsheet.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("Martillo", "Hammer"), encoding="utf-8")
    result = invoke("--data", str(model_dir / "factsheet.yaml"), "verify", "--format", "json")
    problems = json.loads(result.stdout)
    assert result.exit_code == 1 and problems
    jsonschema.Draft202012Validator(_schema(invoke, "verify")).validate(problems)


def _funding(invoke: Invoke) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return _schema(invoke, "funding"), json.loads(invoke("funding", "--format", "json").stdout)


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda rows: rows[0].update(fy_start=2008.5), id="fiscal-year-with-a-fraction"),
        pytest.param(lambda rows: rows[0].update(fy_start="2008"), id="fiscal-year-as-text"),
        pytest.param(lambda rows: rows[0].update(amount_usd="361000000"), id="amount-as-text"),
        pytest.param(lambda rows: rows[0].update(basis="yearly"), id="basis-outside-its-vocabulary"),
        pytest.param(lambda rows: rows[0].pop("notes"), id="notes-left-out"),
        pytest.param(lambda rows: rows[0].update(total=1), id="a-field-more"),
        pytest.param(lambda rows: rows[0].update(notes="one note"), id="notes-not-a-list"),
    ],
)
def test_the_schema_refuses_what_the_contract_rules_out(invoke: Invoke, spoil: Any) -> None:
    """A spoiled copy of funding's JSON fails the schema: it says more than 'some JSON'."""
    schema, rows = _funding(invoke)
    spoiled = copy.deepcopy(rows)
    spoil(spoiled)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(spoiled)


def test_an_unknown_command_is_a_usage_error(invoke: Invoke) -> None:
    """A command with no JSON described: status 2, naming the ones there are."""
    result = invoke("schema", "cite")
    assert result.exit_code == 2
    assert "no JSON output described for 'cite'; choose one of: programs list" in result.stderr


def test_every_command_with_json_has_a_schema() -> None:
    """Each data command that prints JSON has its schema (source --annotate aside)."""
    assert {_name(args) for args, _ in SAMPLE_COMMANDS} == set(COMMANDS)
