"""What records claim beyond their figures: verify's checks, the fields the
fidelity work added (search terms, translations, organizations, listed_under),
and where they show."""

from __future__ import annotations

import json
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from carsi_cli.loading.check_claims import unsupported
from carsi_cli.loading.checks import claim_problems
from carsi_cli.model.records import FactSheet, Record
from carsi_cli.query.funding import report
from conftest import SOURCE_TEXT, Invoke

TEXT = SOURCE_TEXT.read_text(encoding="utf-8")


def replaced(sheet: FactSheet, record_id: str, **changes: Any) -> FactSheet:
    """The sheet with one record's fields changed."""
    for key in sheet._fields[1:]:
        records: tuple[Record, ...] = tuple(getattr(sheet, key))
        for i, record in enumerate(records):
            if record.id == record_id:
                changed = record._replace(**changes)
                collection: Any = (*records[:i], changed, *records[i + 1 :])
                return sheet._replace(**{key: collection})
    raise KeyError(record_id)


def fields(sheet: FactSheet) -> set[tuple[str, str]]:
    return {(p.id, p.field) for p in claim_problems(sheet, TEXT)}


def test_the_bundled_model_claims_only_what_it_quotes(sheet: FactSheet) -> None:
    """No name, link, word or search term of the bundled model reaches past its quotes unmarked."""
    assert claim_problems(sheet, TEXT) == []


@pytest.mark.parametrize(
    ("record_id", "changes", "field"),
    [
        ("cbp", {"inferred": MappingProxyType({})}, "aliases"),  # CBP: not in the text, no longer explained
        ("dea", {"aliases": ("DEA", "Drug Police")}, "aliases"),
        ("specialized-units", {"inferred": MappingProxyType({})}, "name"),  # a coined name, unmarked
        ("hidta", {"name": "Heavy Drug Trafficking Areas"}, "name"),
        ("operation-martillo", {"agencies": ("jiatf-south", "treasury")}, "agencies"),  # no quote names Treasury
        ("domestic-law-enforcement", {"other_quotes": ()}, "agencies"),  # its Treasury quote removed
        ("asset-forfeiture", {"description": "Seizing yachts from cartels."}, "description"),
        ("carsi-fy2012", {"purpose": "Helicopters for the region"}, "purpose"),
        ("group-of-friends-commitments", {"inferred": MappingProxyType({})}, "purpose"),  # "not U.S. money alone"
        ("hidta-states", {"program": "operation-martillo"}, "program"),
        ("panama", {"search_terms": ("Panama",)}, "search_terms"),  # its own name
        ("guatemala", {"search_terms": ("Guatemalan", "guatemalan")}, "search_terms"),  # twice
        ("guatemala", {"translations": MappingProxyType({"es": ("Guatemala",)})}, "translations"),  # its name
        ("dea", {"translations": MappingProxyType({"es": ("DEA",)})}, "translations"),  # an alias
        ("panama", {"translations": MappingProxyType({"es": ("Panamanian",)})}, "translations"),  # a search term
        ("sica", {"translations": MappingProxyType({"es": ("SICA ES", "sica es")})}, "translations"),  # twice
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_each_claim_past_the_quotes_is_a_problem(
    sheet: FactSheet, record_id: str, changes: dict[str, Any], field: str
) -> None:
    """Breaking one rule in one record is reported against that record and field."""
    assert (record_id, field) in fields(replaced(sheet, record_id, **changes))


def test_marking_a_field_inferred_accepts_it(sheet: FactSheet) -> None:
    """A reading the quotes do not state is fine once the record says it is one, and why."""
    broken = replaced(sheet, "asset-forfeiture", description="Seizing yachts from cartels.")
    marked = replaced(broken, "asset-forfeiture", inferred=MappingProxyType({"description": "a paraphrase"}))
    assert ("asset-forfeiture", "description") in fields(broken)
    assert ("asset-forfeiture", "description") not in fields(marked)


def test_without_a_source_text_names_are_not_judged(sheet: FactSheet) -> None:
    """Names and aliases need the text; links and words are checked against the record's own quotes."""
    broken = replaced(sheet, "dea", aliases=("Drug Police",))
    broken = replaced(broken, "asset-forfeiture", description="Seizing yachts.")
    found = {(p.id, p.field) for p in claim_problems(broken, None)}
    assert ("dea", "aliases") not in found and ("asset-forfeiture", "description") in found


@pytest.mark.parametrize(
    ("field", "quotes", "expected"),
    [
        ("agencies vet and equip units", ["agencies are vetting, training and equipping units"], []),
        ("brings nations together", ["bring the nations of the region together"], []),
        ("about the region", ["the region"], []),  # "about" is a function word
        ("money for helicopters", ["funding for CARSI"], ["money", "helicopters"]),
    ],
    ids=["stems", "ending-s", "function-word", "unsupported"],
)
def test_unsupported_words(field: str, quotes: list[str], expected: list[str]) -> None:
    """Content words count as supported through stems and shared five-letter beginnings."""
    assert unsupported(field, quotes) == expected


def test_verify_reports_the_claims_of_a_model_that_breaks_them(invoke: Invoke, model_dir: Path) -> None:
    """`carsi verify` lists an unexplained alias, a coined name and an unnamed link, and exits 1."""
    path = model_dir / "factsheet.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("aliases: [DEA]", "aliases: [DEA, Drug Police]")
    text = text.replace("name: Drug Enforcement Administration", "name: Drug Enforcement Agency")
    text = text.replace("agencies: [cbp, ice]", "agencies: [cbp, ice, dea]")
    path.write_text(text, encoding="utf-8")
    result = invoke("--data", str(path), "verify", "--format", "json")
    assert result.exit_code == 1
    found = {(p["id"], p["field"]) for p in json.loads(result.stdout)}
    assert {("dea", "aliases"), ("dea", "name"), ("joint-security-program-tocumen", "agencies")} <= found


def test_the_note_on_kinds_of_money_says_which_kind_is_inferred(sheet: FactSheet) -> None:
    """No total of CARSI's figures: different kinds of money, and "allocated" is itself a reading."""
    notes = " ".join(note.text for note in report(sheet, 2008, 2012, "carsi").notes)
    assert "different kinds of money (allocated, committed)" in notes
    assert "the kind of carsi-fy2008-2011 is itself inferred" in notes


def test_a_spanish_name_that_differs_only_by_its_accent_is_a_translation(sheet: FactSheet) -> None:
    """Panamá is not Panama: the bundled model's translations pass verify's checks."""
    assert ("panama", "translations") not in fields(sheet)
    assert sheet.countries[[c.id for c in sheet.countries].index("panama")].translations == {"es": ("Panamá",)}


def test_search_terms_and_translations_show_as_not_from_the_text(invoke: Invoke) -> None:
    """A show view lists search terms apart from aliases, marked as not the fact sheet's words."""
    out = invoke("countries", "show", "panama").stdout
    assert "search terms (not from the text)\tPanamanian" in out
    assert "names in spanish (not from the text)\tPanamá" in out
    assert "aliases" not in out and "Panamanian" not in out.split("search terms")[0]


def test_sica_is_an_organization_that_its_strategy_names(invoke: Invoke) -> None:
    """SICA is shown as an organization, with the strategy that names it, and the strategy shows it back."""
    shown = json.loads(invoke("organizations", "show", "SICA", "--format", "json").stdout)
    assert shown["name"] == "Central American Integration System"
    assert shown["programs"] == ["sica-security-strategy"]
    strategy = invoke("programs", "show", "sica-security-strategy").stdout
    assert "organizations\tsica\tCentral American Integration System" in strategy


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{Spanish: [Panamá]}", "keys must be language codes such as 'es'"),
        ("{es: Panamá}", "'es' must be a list"),
        ("[Panamá]", "must map language codes such as 'es' to lists of names"),
    ],
    ids=["long-key", "not-a-list", "not-a-mapping"],
)
def test_translations_are_checked_for_their_form(invoke: Invoke, model_dir: Path, value: str, message: str) -> None:
    """A translations field that is not a mapping of language codes to names is bad data, with the place."""
    path = model_dir / "factsheet.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  - id: honduras\n", f"  - id: honduras\n    translations: {value}\n"
    )
    path.write_text(text, encoding="utf-8")
    result = invoke("--data", str(path), "countries", "show", "honduras")
    assert result.exit_code == 1
    assert "countries[0] 'honduras': translations" in result.stderr and message in result.stderr


def test_a_statistic_listed_under_an_unknown_program_is_bad_data(invoke: Invoke, model_dir: Path) -> None:
    """listed_under refers to a program, like program does."""
    path = model_dir / "factsheet.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    listed_under: group-of-friends\n", "    listed_under: friends-group\n", 1)
    path.write_text(text, encoding="utf-8")
    result = invoke("--data", str(path), "stats")
    assert result.exit_code == 1
    assert "listed_under refers to 'friends-group', which is not the id of any program" in result.stderr
