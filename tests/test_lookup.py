"""Lookups by what people type, fiscal years as people write them, and the filters
of list commands: core functions directly, then the command line's exit statuses."""

from __future__ import annotations

import json

import pytest

from carsi_cli.errors import AmbiguousError, NotFoundError
from carsi_cli.model.records import FactSheet, RecordType
from carsi_cli.model.years import fiscal_year, spell_out
from carsi_cli.query.funding import report
from carsi_cli.query.lookup import NOT_NAMED, lookup, not_named
from carsi_cli.query.records import agencies, countries, program_detail
from conftest import SOURCE_TEXT, Invoke

TEXT = " ".join(SOURCE_TEXT.read_text(encoding="utf-8").split())
P, A, C, ORG = RecordType.PROGRAM, RecordType.AGENCY, RecordType.COUNTRY, RecordType.ORGANIZATION


@pytest.mark.parametrize(
    ("rtype", "text", "expected"),
    [
        (P, "operation-martillo", "operation-martillo"),
        (P, "OPERATION MARTILLO", "operation-martillo"),
        (P, "Martillo operation", "operation-martillo"),
        (P, "tocumen", "joint-security-program-tocumen"),
        (P, "Tocumen airport", "joint-security-program-tocumen"),
        (P, "friends", "group-of-friends"),
        (P, "Iniciativa Regional de Seguridad para América Central", "carsi"),
        (P, "Operacion Martillo", "operation-martillo"),
        (P, "vetted units", "specialized-units"),
        (A, "JIATF South", "jiatf-south"),
        (A, "southern command", "southcom"),
        (A, "Comando Sur", "southcom"),
        (A, "homeland", "dhs"),
        (A, "Departamento de Justicia", "doj"),
        (C, "Estados Unidos", "united-states"),
        (C, "US", "united-states"),
        (C, "EEUU", "united-states"),
        (C, "República Dominicana", "dominican-republic"),
        (C, "dominicana", "dominican-republic"),
        (C, "Panamá", "panama"),
        (C, "Panamanian", "panama"),
        (C, "salvador", "el-salvador"),
        (ORG, "Sistema de la Integración Centroamericana", "sica"),
    ],
    ids=lambda value: str(value),
)
def test_a_lookup_resolves_ids_names_translations_and_words(
    sheet: FactSheet, rtype: RecordType, text: str, expected: str
) -> None:
    """Ids, names, aliases, Spanish names, search terms and unambiguous words of a name, in any order."""
    assert lookup(sheet, rtype, text).id == expected


@pytest.mark.parametrize(
    ("rtype", "text", "candidates"),
    [
        (A, "customs", {"cbp", "ice"}),
        (P, "drug", {"drug-demand-reduction", "national-drug-control-strategy", "ocdetf", "hidta"}),
        (P, "money laundering", {"domestic-law-enforcement", "asset-forfeiture", "specialized-units"}),
    ],
    ids=["two-agencies", "four-programs", "a-search-term-of-three"],
)
def test_ambiguous_input_lists_the_candidates(
    sheet: FactSheet, rtype: RecordType, text: str, candidates: set[str]
) -> None:
    """Input that fits several records names each of them, with its name, and asks for an id."""
    with pytest.raises(AmbiguousError) as caught:
        lookup(sheet, rtype, text)
    message = str(caught.value)
    assert message.startswith(f"{text!r} could be {len(candidates)} ") and message.endswith("give one of these ids")
    assert all(f"{c} (" in message for c in candidates)


@pytest.mark.parametrize(
    ("rtype", "text", "named"),
    [
        (A, "USAID", "the U.S. Agency for International Development (USAID)"),
        (A, "State Department", "the Department of State"),
        (A, "the Department of State", "the Department of State"),
        (A, "Departamento de Estado", "the Department of State"),
        (A, "FBI", "the Federal Bureau of Investigation (FBI)"),
        (A, "the U.S. ATF", "the Bureau of Alcohol, Tobacco, Firearms and Explosives (ATF)"),
        (P, "Mérida Initiative", "the Mérida Initiative"),
        (P, "Merida", "the Mérida Initiative"),
    ],
    ids=lambda value: str(value),
)
def test_a_well_known_name_the_fact_sheet_does_not_give_says_so(
    sheet: FactSheet, rtype: RecordType, text: str, named: str
) -> None:
    """USAID, the State Department, the FBI, Mérida: not found, and the message says the fact sheet does not
    name them."""
    with pytest.raises(NotFoundError) as caught:
        lookup(sheet, rtype, text)
    assert f"the fact sheet does not name {named}" in str(caught.value)


def test_the_names_said_to_be_absent_are_absent(sheet: FactSheet) -> None:
    """No well-known agency or program carsi says the fact sheet does not name is written in it, or names
    a program, agency or organization."""
    for key in NOT_NAMED:
        if len(key) > 5:  # "state", "dos", "inl" ... are ordinary words or parts of words
            assert key not in TEXT.lower(), key
        for rtype in (P, A, ORG):
            with pytest.raises(NotFoundError):
                lookup(sheet, rtype, key)
    assert not_named("DEA") is None and not_named("Agency for International Development")


def test_an_unknown_name_gives_the_closest(sheet: FactSheet) -> None:
    """A near miss is answered with the closest names, and no claim about what the fact sheet names."""
    with pytest.raises(NotFoundError) as caught:
        lookup(sheet, P, "martilo")
    assert "did you mean 'Martillo' (operation-martillo)?" in str(caught.value)
    assert "does not name" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2012", 2012),
        ("FY2012", 2012),
        ("fy2012", 2012),
        ("FY 2012", 2012),
        ("FY-2012", 2012),
        ("FY12", 2012),
        ("FY'12", 2012),
        ("12", 2012),
        ("FY08", 2008),
        ("FY99", 1999),
        (" 1900 ", 1900),
        ("2100", 2100),
    ],
    ids=lambda value: str(value),
)
def test_fiscal_years_as_people_write_them(text: str, year: int) -> None:
    """Four digits, or two (as strptime's %y reads them), with or without FY."""
    assert fiscal_year(text) == year


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0", "0 is not a fiscal year carsi knows; give one from 1900 to 2100"),
        ("1899", "1899 is not a fiscal year carsi knows"),
        ("FY2101", "2101 is not a fiscal year carsi knows"),
        ("-1", "-1 is not a fiscal year carsi knows"),
        ("2012.5", "'2012.5' is not a fiscal year; write one as 2012, FY2012 or FY12"),
        ("FY", "'FY' is not a fiscal year"),
        ("twenty twelve", "'twenty twelve' is not a fiscal year"),
    ],
    ids=lambda value: str(value),
)
def test_bad_fiscal_years_say_what_is_wrong(text: str, message: str) -> None:
    """A value that is no year, or a year outside 1900-2100, is refused with a message."""
    with pytest.raises(ValueError, match="is not a fiscal year") as caught:
        fiscal_year(text)
    assert str(caught.value).startswith(message)


def test_fiscal_years_in_a_query_are_spelled_out() -> None:
    """A search for "FY12" looks for the "2012" the text writes ("FY 2012")."""
    assert spell_out("CARSI FY12 budget, fy 2011 and FY2008") == "CARSI 2012 budget, 2011 and 2008"
    assert spell_out("fyi 12") == "fyi 12"


def test_agencies_of_a_program_are_the_ones_its_show_lists(sheet: FactSheet) -> None:
    """`agencies list --program martillo`: all seven, each named in the text's Martillo section."""
    found = agencies(sheet, "martillo")
    assert [a.id for a in found] == [a.id for a in program_detail(sheet, "operation-martillo").agencies]
    section = TEXT[TEXT.index("Joint and Combined Operations.") : TEXT.index("Group of Friends of Central America.")]
    assert len(found) == 7
    assert all(any(n in section for n in (a.name, *a.aliases)) for a in found)


def test_countries_of_a_program(sheet: FactSheet) -> None:
    """`countries list --program "vetted units"`: the five countries the text lists for the units."""
    found = {c.id for c in countries(sheet, "vetted units")}
    assert found == {"guatemala", "honduras", "el-salvador", "costa-rica", "panama"}
    assert "specialized units in Guatemala, Honduras, El Salvador, Costa Rica, and Panama" in TEXT
    assert [c.id for c in countries(sheet, "tocumen")] == ["panama"]


def test_funding_of_a_country_is_that_of_the_programs_there(sheet: FactSheet) -> None:
    """`funding --country "United States"`: the figures of the programs there; CARSI's regional money and
    the Group of Friends' (which the U.S. only takes part in) are left out, and said so."""
    found = report(sheet, country="Estados Unidos")
    assert {f.id for f in found.records} == {"drug-treatment-prevention-fy2009-2011", "drug-programs-fy2012"}
    assert any(
        n.text.startswith("group-of-friends-commitments: not shown for United States: the United States takes part in")
        for n in found.notes
    )
    assert any(
        n.text.startswith("carsi-fy2008-2011 and carsi-fy2012: not shown for United States") for n in found.notes
    )
    assert [n.text for n in report(sheet, 2005, 2005, country="US").notes] == [
        "No funding figure for a program in United States covers FY2005; those figures cover FY2009-FY2011 and FY2012.",
    ]
    empty = report(sheet, country="guatemala")
    assert empty.records == ()
    assert empty.notes[0].text.startswith("The fact sheet gives no funding figure for a program in Guatemala;")


# ---------------------------------------------------------------------------
# The command line


@pytest.mark.parametrize(
    "args",
    [
        ["funding", "--fy", "FY2012"],
        ["funding", "--fy", "fy12"],
        ["funding", "--fy", "FY 2012"],
        ["funding", "--from", "FY12", "--to", "2012"],
    ],
    ids=" ".join,
)
def test_fiscal_years_on_the_command_line(invoke: Invoke, args: list[str]) -> None:
    """Every spelling answers as `--fy 2012` does."""
    expected = json.loads(invoke("funding", "--fy", "2012", "--format", "json").stdout)
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["funding", "--fy", "FY20x"], "Invalid value for '--fy': 'FY20x' is not a fiscal year"),
        (["funding", "--from", "FY1850"], "Invalid value for '--from': 1850 is not a fiscal year carsi knows"),
        (["funding", "--to", "next year"], "Invalid value for '--to': 'next year' is not a fiscal year"),
        (["funding", "--from", "FY12", "--to", "FY10"], "--from 2012 is after --to 2010"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_bad_fiscal_years_are_usage_errors(invoke: Invoke, args: list[str], message: str) -> None:
    """Exit status 2, with the message."""
    result = invoke(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert message in result.stderr


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["programs", "show", "tocumen"], 0, ""),
        (["agencies", "show", "Comando Sur"], 0, ""),
        (["countries", "show", "República Dominicana"], 0, ""),
        (["organizations", "show", "Sistema de la Integración Centroamericana"], 0, ""),
        (["agencies", "show", "USAID"], 1, "Error: no agency matches 'USAID': the fact sheet does not name"),
        (["agencies", "show", "customs"], 1, "Error: 'customs' could be 2 agencies: cbp (U.S. Customs"),
        (["programs", "list", "--agency", "FBI"], 1, "the fact sheet does not name the Federal Bureau"),
        (["funding", "--program", "Merida Initiative"], 1, "the fact sheet does not name the Mérida Initiative"),
        (["agencies", "list", "--program", "nope"], 1, "Error: no program matches 'nope'"),
        (["countries", "list", "--program", "drug"], 1, "Error: 'drug' could be 4 programs"),
        (["funding", "--country", "Narnia"], 1, "Error: no country matches 'Narnia'"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else str(value),
)
def test_lookups_on_the_command_line(invoke: Invoke, args: list[str], status: int, message: str) -> None:
    """Found: status 0. Unknown, not named, or ambiguous: status 1 and one line on stderr."""
    result = invoke(*args)
    assert result.exit_code == status, result.stderr
    if status:
        assert result.stdout == ""
        assert message in result.stderr
        assert result.stderr.count("\n") == 1


def test_list_filters_on_the_command_line(invoke: Invoke) -> None:
    """agencies list --program, countries list --program, funding --country."""
    listed = json.loads(invoke("agencies", "list", "--program", "martillo", "--format", "json").stdout)
    assert len(listed) == 7
    there = json.loads(invoke("countries", "list", "--program", "tocumen", "--format", "json").stdout)
    assert [c["id"] for c in there] == ["panama"]
    result = invoke("funding", "--country", "guatemala")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.startswith("The fact sheet gives no funding figure for a program in Guatemala;")
    assert "No funding figure covers those fiscal years" not in result.stderr
