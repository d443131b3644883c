"""Links that mean what queries read them as: who takes part or leads apart
from where the work happens, roles tied to a program only where their quote
is, an agency's parts, and the facts the text states only in words, through
the CLI as people read it and through verify with mutated models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import SOURCE_TEXT, Invoke
from test_verify import mutate

FOLDED = " ".join(SOURCE_TEXT.read_text(encoding="utf-8").split())


def _json(invoke: Invoke, *args: str) -> Any:
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in rows}


def test_us_funding_leaves_out_the_group_of_friends_and_says_why(invoke: Invoke) -> None:
    """`funding --country "United States"`: the multilateral $650 million is not U.S. money, and the view says so."""
    assert "group-of-friends-commitments" not in _by_id(_json(invoke, "funding", "--country", "United States"))
    assert {f["id"] for f in _json(invoke, "funding", "--country", "United States")} == {
        "drug-treatment-prevention-fy2009-2011",
        "drug-programs-fy2012",
    }
    result = invoke("funding", "--country", "United States")
    told = " ".join((result.stdout + result.stderr).split())
    assert "group-of-friends-commitments: not shown for United States" in told
    assert "takes part in Group of Friends of Central America" in told


def test_programs_of_the_us_say_which_came_through_participation(invoke: Invoke) -> None:
    """`programs list --country "United States"`: Martillo is there because the U.S. leads it, and its note says so."""
    rows = _by_id(_json(invoke, "programs", "list", "--country", "United States"))
    assert rows["operation-martillo"]["notes"] == [
        "Through participation: the United States leads Operation Martillo; "
        "the fact sheet does not say the work happens there."
    ]
    assert "takes part in Group of Friends" in rows["group-of-friends"]["notes"][0]
    assert rows["hidta"]["notes"] == []  # its work is in the United States
    assert rows["operation-martillo"]["countries"] == [] and rows["operation-martillo"]["participants"] == [
        "united-states"
    ]


def test_martillos_place_is_the_texts_words(invoke: Invoke) -> None:
    """Martillo's work is "along the Central American coast", in the text's words, not a country."""
    martillo = _json(invoke, "programs", "show", "martillo")
    assert martillo["where"]["words"] == "along the Central American coast"
    assert martillo["where"]["words"] in martillo["where"]["quote"]


def test_the_partnership_has_no_dominican_republic(invoke: Invoke) -> None:
    """`programs show cacsp`: the meeting's attendees are not Partnership countries; the U.S. takes part."""
    result = invoke("programs", "show", "cacsp")
    assert result.exit_code == 0
    assert "dominican-republic" not in result.stdout and "Dominican Republic\n" not in result.stdout
    lines = result.stdout.splitlines()
    assert "countries\tel-salvador\tEl Salvador" in lines
    assert "taking part\tunited-states\tUnited States" in lines
    assert "countries\tunited-states\tUnited States" not in lines


def test_a_programs_countries_show_their_role_in_it(invoke: Invoke) -> None:
    """`countries list --program specialized-units`: each country's role in the units, not its meeting role."""
    rows = _json(invoke, "countries", "list", "--program", "specialized-units")
    assert [r["id"] for r in rows] == ["honduras", "guatemala", "el-salvador", "costa-rica", "panama"]
    for row in rows:
        assert [role["program"] for role in row["roles"]] == ["specialized-units"]
        assert row["notes"] == []
    piped = invoke("countries", "list", "--program", "specialized-units").stdout
    assert "met Vice President Biden" not in piped and "aviation program" not in piped
    assert "U.S. law enforcement agencies vet, train and equip specialized units there" in piped


def test_countries_of_martillo_note_the_leader(invoke: Invoke) -> None:
    """`countries list --program martillo`: the United States, noted as leading it."""
    (row,) = _json(invoke, "countries", "list", "--program", "martillo")
    assert row["id"] == "united-states"
    assert [role["part"] for role in row["roles"]] == ["leader"]
    assert row["notes"][0].startswith("Through participation: the United States leads Operation Martillo")


def test_dhs_reaches_tocumen_through_cbp_and_ice(invoke: Invoke) -> None:
    """`programs list --agency dhs` finds the Tocumen program, noting it came through CBP and ICE."""
    rows = _by_id(_json(invoke, "programs", "list", "--agency", "dhs"))
    assert rows["joint-security-program-tocumen"]["notes"] == [
        "Through CBP and ICE, parts of DHS (inferred: the fact sheet does not say they are)."
    ]
    assert rows["law-enforcement-cooperation"]["notes"] == []  # it names DHS itself
    piped = invoke("programs", "list", "--agency", "dhs").stdout
    assert "Through CBP and ICE, parts of DHS" in piped


def test_the_agencies_list_names_programs_reached_through_parts(invoke: Invoke) -> None:
    """The agencies list gives DHS the program that names only CBP and ICE, saying through which;
    the programs that name DHS itself are listed plainly, and CBP's row is unchanged."""
    programs = _json(invoke, "programs", "list")
    rows = {line.split("\t")[0]: line.split("\t")[3] for line in invoke("agencies", "list").stdout.splitlines()[1:]}
    through = [p["name"] for p in programs if {"cbp", "ice"} <= set(p["agencies"]) and "dhs" not in p["agencies"]]
    assert through and all(f"{name} (through CBP and ICE)" in rows["dhs"] for name in through)
    assert all(p["name"] in rows["dhs"] for p in programs if "dhs" in p["agencies"])
    assert "(through" not in rows["cbp"]


def test_doj_and_dod_reach_their_parts(invoke: Invoke) -> None:
    """DEA's programs are DOJ's; JIATF-South's event is DOD's, through SOUTHCOM."""
    dod = _json(invoke, "agencies", "show", "dod")
    assert "martillo-begins" in dod["events"]
    assert any(n.startswith("martillo-begins: Through JIATF-South and SOUTHCOM, parts of DOD") for n in dod["notes"])
    cbp = invoke("agencies", "show", "cbp").stdout
    assert "part of\tDepartment of Homeland Security (dhs)" in cbp
    assert "inferred part_of\t" in cbp


def test_stated_facts_are_fields(invoke: Invoke) -> None:
    """CARSI's funding "has remained stable"; Martillo's scale and "not a training exercise"; each with its sentence."""
    carsi = _json(invoke, "programs", "show", "carsi")
    assert carsi["funding_trend"]["words"] == "has remained stable"
    assert "budget cuts" in carsi["funding_trend"]["quote"] and carsi["funding_trend"]["quote"] in FOLDED
    martillo = _json(invoke, "programs", "show", "martillo")
    assert martillo["scale"]["words"].startswith("the largest coordinated multinational")
    assert martillo["training_exercise"]["words"] == "is not a training exercise"
    assert "funding trend\t“has remained stable”" in invoke("programs", "show", "carsi").stdout.splitlines()


def test_to_date_and_next_few_months_are_fields(invoke: Invoke) -> None:
    """The $361 million runs "to date" to 2012-03-06 (inferred); the eight programs are "in the next few months"."""
    figure = _json(invoke, "funding", "show", "carsi-fy2008-2011")
    assert figure["as_of"] == "2012-03-06" and "to date" in figure["inferred"]["as_of"]
    (stat,) = [s for s in _json(invoke, "stats") if s["id"] == "group-of-friends-priority-programs"]
    assert stat["period"] == "in the next few months"


MISTAKES = [
    # CBP's department no longer marked inferred: the text never says CBP is DHS's
    pytest.param("cbp", "      part_of: ", "      x_part_of: ", "agency", "part_of", id="part-of"),
    # the meeting's attendee tied to the Partnership again, through the event only
    pytest.param("honduras", "        part: participant\n", "        program: cacsp\n", "country", "roles[0].program",
                 id="role-through-event"),
    # a leader whose quote does not say it leads
    pytest.param("united-states", "        part: participant\n", "        part: leader\n", "country", "roles[0].part",
                 id="leader"),
    # stated words that are not in their quote
    pytest.param("carsi", "words: has remained stable", "words: has grown", "program", "funding_trend.words",
                 id="stated-words"),
    # "to date" moved to another day
    pytest.param("carsi-fy2008-2011", 'as_of: "2012-03-06"', 'as_of: "2011-09-30"', "funding", "as_of",
                 id="as-of"),
    # a period the quote does not write
    pytest.param("group-of-friends-priority-programs", "period: in the next few months", "period: next year",
                 "statistic", "period", id="period"),
]  # fmt: skip


@pytest.mark.parametrize(("record_id", "old", "new", "kind", "field"), MISTAKES)
def test_verify_catches_each_mistaken_link(
    invoke: Invoke, model_dir: Path, record_id: str, old: str, new: str, kind: str, field: str
) -> None:
    """`carsi --data mutated.yaml verify` exits 1 and names the record and field; every command refuses the model."""
    path = model_dir / "factsheet.yaml"
    if field == "part_of":  # drop the reason: the inferred key becomes an unknown field otherwise
        text = path.read_text(encoding="utf-8")
        start = text.index("  - id: cbp\n")
        at = text.index("      part_of: ", start)
        end = text.index("\n", at)
        path.write_text(text[:at] + text[end + 1 :], encoding="utf-8")
    else:
        mutate(path, record_id, old, new)
    result = invoke("--data", str(path), "verify", "--format", "json")
    assert result.exit_code == 1, result.stdout
    found = {(p["type"], p["id"], p["field"]) for p in json.loads(result.stdout)}
    assert (kind, record_id, field) in found, found
    refused = invoke("--data", str(path), "programs", "list")
    assert refused.exit_code == 1 and refused.stdout == ""
    assert f"{record_id}': {field}: " in refused.stderr and "run `carsi verify`" in refused.stderr
