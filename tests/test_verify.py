"""A model is checked before it is believed: verify's checks of money, dates,
statistics, links, roles and aliases; every command refusing a model that fails
them; and --unverified, which shows such a model and says so."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from carsi_cli.loading import check_claims, check_figures, checks
from carsi_cli.model.records import Event, FactSheet, FundingKind, Qualifier, Record
from carsi_cli.model.results import Problem
from conftest import SOURCE_TEXT, Invoke

TEXT = SOURCE_TEXT.read_text(encoding="utf-8")
FOLDED = " ".join(TEXT.split())


def replaced(sheet: FactSheet, record_id: str, **changes: Any) -> FactSheet:
    """The sheet with one record's fields changed."""
    for key in sheet._fields[1:]:
        records: tuple[Record, ...] = tuple(getattr(sheet, key))
        for i, record in enumerate(records):
            if record.id == record_id:
                collection: Any = (*records[:i], record._replace(**changes), *records[i + 1 :])
                return sheet._replace(**{key: collection})
    raise KeyError(record_id)


def mutate(path: Path, record_id: str, old: str, new: str) -> int:
    """Replace the first ``old`` after the record's ``- id:`` line; the line where it was."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {record_id}\n")
    at = text.index(old, start)
    nxt = text.find("\n  - id: ", start + 1)
    assert nxt == -1 or at < nxt, f"{old!r} is not in {record_id}"
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return text.count("\n", 0, at) + 1


# Each class of curation mistake: the record, what changes in it, and the field
# verify must name. The quote of each is the fact sheet's, checked below.
MISTAKES = [
    # a figure moved to FY2013 against a quote that says "FY 2012"
    pytest.param("carsi-fy2012", "fy_start: 2012\n    fy_end: 2012", "fy_start: 2013\n    fy_end: 2013", "fy_start",
                 "FY 2012", id="fiscal-year"),
    # the Group of Friends' $650 million put on CARSI
    pytest.param("group-of-friends-commitments", "program: group-of-friends", "program: carsi", "program",
                 "Group of Friends commitments", id="program"),
    # committed -> spent: the quote says "commitment"
    pytest.param("carsi-fy2012", "kind: committed", "kind: spent", "kind", "$105 million commitment", id="verb"),
    # "this past January", in a fact sheet dated 2012-03-06, moved to May 2010
    pytest.param("martillo-begins", 'date: "2012-01"', 'date: "2010-05"', "date", "This past January",
                 id="inferred-month"),
    # ... or to January 2011: the month named, but not the latest January before the fact sheet
    pytest.param("martillo-begins", 'date: "2012-01"', 'date: "2011-01"', "date", "This past January",
                 id="inferred-year"),
    # Nicaragua given the specialized units, whose quote does not name it
    pytest.param("nicaragua", "    source: wh-2012-03-06",
                 "      - role: U.S. law enforcement agencies vet, train and equip specialized units there\n"
                 "        program: specialized-units\n"
                 '        quote: "U.S. law enforcement agencies are vetting, training and equipping specialized '
                 'units in Guatemala, Honduras, El Salvador, Costa Rica, and Panama"\n    source: wh-2012-03-06',
                 "roles[1].quote", "vetting, training and equipping specialized units in Guatemala", id="role-country"),
    # a role tied to a program its quote is not about
    pytest.param("honduras", "program: specialized-units", "program: carsi", "roles[1].program",
                 "specialized units in Guatemala, Honduras", id="role-program"),
    # "roughly one-third" recorded as exact
    pytest.param("drug-use-decline", "qualifier: approximately", "qualifier: exact", "qualifier", "roughly one-third",
                 id="statistic-qualifier"),
    # the United States linked by "U.S.-trained" inspectors with "U.S.-funded" technology
    pytest.param("customs-immigration-screening", '    quote: "U.S.-trained',
                 '    countries: [united-states]\n    quote: "U.S.-trained', "countries", "U.S.-trained customs",
                 id="us-link"),
    # an alias that belongs to another record
    pytest.param("dea", "aliases: [DEA]", "aliases: [DEA, HIDTA]", "aliases", "(HIDTA) program", id="alias"),
]  # fmt: skip
LOAD_CHECKED = {"fiscal-year", "program", "verb", "inferred-month", "inferred-year", "role-country", "role-program",
                "statistic-qualifier", "us-link"}  # fmt: skip


def test_the_bundled_model_passes_every_check(sheet: FactSheet) -> None:
    """The shipped model has nothing for a load to refuse, nor verify to list."""
    assert checks.model_problems(sheet) == []
    assert checks.verify(sheet, TEXT) == []


@pytest.mark.parametrize(("record_id", "old", "new", "field", "evidence"), MISTAKES)
def test_verify_names_the_record_field_file_and_line_of_each_mistake(
    invoke: Invoke, model_dir: Path, record_id: str, old: str, new: str, field: str, evidence: str
) -> None:
    """`carsi --data mutated.yaml verify` exits 1 and places the mistake in the file."""
    assert evidence in FOLDED  # what the text says, that the mutation contradicts
    path = model_dir / "factsheet.yaml"
    mutate(path, record_id, old, new)
    result = invoke("--data", str(path), "verify", "--format", "json")
    assert result.exit_code == 1, result.stdout
    found = [p for p in json.loads(result.stdout) if (p["id"], p["field"]) == (record_id, field)]
    assert found, result.stdout
    assert found[0]["file"] == str(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  - id: {record_id}")
    assert start < found[0]["line"] <= len(lines)
    key = re.sub(r"\[\d+\]", "", field.rsplit(".", 1)[-1])
    assert key in lines[found[0]["line"] - 1] or found[0]["line"] == start + 1


@pytest.mark.parametrize(("record_id", "old", "new", "field", "evidence"), MISTAKES)
def test_every_command_refuses_a_model_that_fails_the_load_checks(
    invoke: Invoke,
    model_dir: Path,
    request: pytest.FixtureRequest,
    record_id: str,
    old: str,
    new: str,
    field: str,
    evidence: str,
) -> None:
    """Figures, years, links and roles are checked before anything is shown; wording is verify's alone."""
    path = model_dir / "factsheet.yaml"
    mutate(path, record_id, old, new)
    case = request.node.callspec.id
    for args in (["funding", "--fy", "2012", "--format", "json"], ["programs", "list"], ["search", "martillo"]):
        result = invoke("--data", str(path), *args)
        if case in LOAD_CHECKED:
            assert result.exit_code == 1 and result.stdout == "", result.stdout
            assert f"{record_id}': {field}: " in result.stderr
            assert f"{path}:" in result.stderr and "run `carsi verify`" in result.stderr
        else:
            assert result.exit_code == 0, result.stderr


def test_a_refusal_lists_at_most_ten_problems(invoke: Invoke, model_dir: Path) -> None:
    """Many problems: the first ten, each on its own line, and how many more."""
    path = model_dir / "factsheet.yaml"
    text = path.read_text(encoding="utf-8")
    # every fiscal year and every statistic's value one off
    text = re.sub(r"((?:fy_start|fy_end|value): )(\d+)", lambda m: f"{m.group(1)}{int(m.group(2)) + 1}", text)
    path.write_text(text, encoding="utf-8")
    result = invoke("--data", str(path), "funding")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    expected = len(json.loads(invoke("--data", str(path), "verify", "--format", "json").stdout))
    assert expected > 10
    assert lines[0].startswith("Error: ") and f"{expected} problems" in lines[0]
    assert len(lines) == 12
    assert lines[-1].strip() == f"and {expected - 10} more; run `carsi verify` to list them"
    assert all(re.match(rf"  {re.escape(str(path))}:\d+: (funding|statistic) '", line) for line in lines[1:11])


def test_a_failing_model_is_never_cached(invoke: Invoke, model_dir: Path) -> None:
    """Looked at unverified, a failing model is still refused by the next plain run."""
    path = model_dir / "factsheet.yaml"
    mutate(path, "carsi-fy2012", "kind: committed", "kind: spent")
    assert invoke("--data", str(path), "--unverified", "funding").exit_code == 0
    assert invoke("--data", str(path), "funding").exit_code == 1
    assert invoke("--data", str(path), "funding").exit_code == 1


def test_a_passing_model_is_checked_once(invoke: Invoke, model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks are cached with the model: a warm start does not run them again."""
    path = model_dir / "factsheet.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a fresh cache entry\n", encoding="utf-8")
    assert invoke("--data", str(path), "funding").exit_code == 0

    def never(sheet: FactSheet) -> list[Problem]:
        raise AssertionError("checked again")

    monkeypatch.setattr(checks, "model_problems", never)
    assert invoke("--data", str(path), "funding", "--fy", "2012").exit_code == 0


# ---------------------------------------------------------------------------
# --unverified


def test_unverified_shows_a_failing_model_and_says_so(invoke: Invoke, model_dir: Path) -> None:
    """A JSON list stays a list (stderr says it); a JSON object carries the field; piped tables too."""
    path = model_dir / "factsheet.yaml"
    mutate(path, "carsi-fy2012", "fy_start: 2012\n    fy_end: 2012", "fy_start: 2013\n    fy_end: 2013")
    listed = invoke("--data", str(path), "--unverified", "funding", "--fy", "2013", "--format", "json")
    assert listed.exit_code == 0
    rows = json.loads(listed.stdout)
    assert isinstance(rows, list) and [r["id"] for r in rows] == ["carsi-fy2012"]
    assert "unverified" in listed.stderr and "carsi verify" in listed.stderr
    shown = invoke("--data", str(path), "--unverified", "programs", "show", "carsi", "--format", "json")
    assert shown.exit_code == 0 and json.loads(shown.stdout)["unverified"] is True
    annotated = invoke("--data", str(path), "--unverified", "source", "--annotate", "--format", "json")
    assert json.loads(annotated.stdout)["unverified"] is True
    table = invoke("--data", str(path), "--unverified", "timeline")
    assert table.exit_code == 0 and table.stderr.count("carsi: unverified: ") == 1


def test_the_environment_says_unverified_too(invoke: Invoke, model_dir: Path) -> None:
    """CARSI_UNVERIFIED=1 is --unverified; without either, objects carry no such field."""
    path = model_dir / "factsheet.yaml"
    mutate(path, "carsi-fy2012", "kind: committed", "kind: spent")
    result = invoke("--data", str(path), "funding", "--format", "csv", env={"CARSI_UNVERIFIED": "1"})
    assert result.exit_code == 0 and "unverified" in result.stderr
    plain = invoke("programs", "show", "carsi", "--format", "json")
    assert plain.stderr == "" and "unverified" not in json.loads(plain.stdout)


# ---------------------------------------------------------------------------
# The checks themselves


def test_a_figure_is_checked_against_the_program_its_quotes_name(sheet: FactSheet) -> None:
    """The quotes name the Group of Friends, so the figure cannot be CARSI's, unless marked."""
    moved = replaced(sheet, "group-of-friends-commitments", program="carsi")
    found = [p for p in check_figures.money_problems(moved) if p.field == "program"]
    assert [p.id for p in found] == ["group-of-friends-commitments"] and "group-of-friends" in found[0].problem
    marked = replaced(moved, "group-of-friends-commitments", inferred=MappingProxyType({"program": "a reading"}))
    assert check_figures.money_problems(marked) == []


@pytest.mark.parametrize(("kind", "problem"), [("committed", False), ("spent", True), ("pledged", True)])
def test_the_verb_for_money_is_the_quotes(sheet: FactSheet, kind: str, problem: bool) -> None:
    """ "commitment" supports committed; spent and pledged are not the fact sheet's words."""
    changed = replaced(sheet, "carsi-fy2012", kind=FundingKind(kind))
    assert any(p.field == "kind" for p in check_figures.money_problems(changed)) is problem


@pytest.mark.parametrize(
    ("date", "quote", "reason", "fits"),
    [
        ("2012-01", "This past January, it began", "", True),
        ("2011-01", "This past January, it began", "", False),  # the latest January before 2012-03-06
        ("2012-05", "This past January, it began", "", False),
        ("2011-03", "last March it began", "", True),  # March of the year before: not yet this year's
        ("2012-03-06", "earlier today he met them", "", True),
        ("2012-03-05", "earlier today he met them", "", False),
        ("2012-03", "he met them", "in a fact sheet dated March 6, 2012", True),
        ("2012-04", "he met them", "in a fact sheet dated March 6, 2012", False),
        ("2010", "in 2009 and 2011", "", False),
    ],
)
def test_an_inferred_date_must_fit_what_its_record_says(date: str, quote: str, reason: str, fits: bool) -> None:
    """The month named, and a year that agrees with the fact sheet's date."""
    event = Event("e", date, "t", quote, "s", inferred=MappingProxyType({"date": reason or "inferred"}))
    assert (check_figures.inferred_date(event, "2012-03-06") is None) is fits


@pytest.mark.parametrize(
    ("phrase", "quote", "qualifier"),
    [
        ("roughly one-third", "drug use has dropped roughly one-third", Qualifier.APPROXIMATELY),
        ("28 HIDTAs", "28 HIDTAs across 46 States", Qualifier.EXACT),
        ("46 States", "28 HIDTAs across 46 States", Qualifier.EXACT),
        ("500 officers", "more than 500 officers", Qualifier.MORE_THAN),
        ("at least 12 units", "at least 12 units", Qualifier.AT_LEAST),
    ],
)
def test_a_statistic_qualifier_is_read_from_its_quote(phrase: str, quote: str, qualifier: Qualifier) -> None:
    assert check_figures.stated_qualifier(phrase, quote) is qualifier


def test_a_hyphenated_or_longer_name_does_not_name_a_country(sheet: FactSheet) -> None:
    """ "U.S.-led" and "U.S. Southern Command" do not link the United States; "the United States" does."""
    martillo = next(p for p in sheet.programs if p.id == "operation-martillo")
    only_compounds = replaced(sheet, "operation-martillo", other_quotes=martillo.other_quotes[:1])
    problems = {(p.id, p.field) for p in check_claims.link_problems(only_compounds)}
    assert ("operation-martillo", "participants") in problems
    assert check_claims.link_problems(sheet) == []


def test_an_alias_names_one_record(sheet: FactSheet) -> None:
    """An alias that is another record's name or alias is reported against both records."""
    borrowed = replaced(sheet, "dea", aliases=("DEA", "HIDTA"))
    found = {p.id: p.problem for p in checks.claim_problems(borrowed, TEXT) if p.field == "aliases"}
    assert set(found) == {"dea", "hidta"} and "hidta" in found["dea"] and "dea" in found["hidta"]


def test_a_problem_is_placed_at_its_field(model_dir: Path) -> None:
    """locate finds a nested field's line, and falls back on the record's when the field is not written."""
    path = model_dir / "factsheet.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    problems = [
        Problem("country", "panama", "roles[2].program", "x"),
        Problem("event", "martillo-begins", "inferred.date", "x"),
        Problem("statistic", "hidta-count", "qualifier", "x"),  # a default, not written
    ]
    placed = checks.locate(problems, text, str(path))
    assert lines[placed[0].line - 1].strip() == "program: joint-security-program-tocumen"  # type: ignore[operator]
    assert lines[placed[1].line - 1].strip().startswith("date: ")  # type: ignore[operator]
    assert lines[placed[2].line - 1].strip() == "- id: hidta-count"  # type: ignore[operator]
    assert placed[0].message().startswith(f"{path}:{placed[0].line}: country 'panama': roles[2].program: ")
