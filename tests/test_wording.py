"""carsi's own wording is marked as carsi's, and what it shows as the fact sheet's is verbatim."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from carsi_cli.model.records import CARSI_WORDING, FactSheet, Role, quotes
from conftest import DATA_DIR, Invoke, run_carsi
from hostile import strip_styles


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def source_text() -> str:
    """The fact sheet's text, its white space folded."""
    return _folded((DATA_DIR / "factsheet.txt").read_text(encoding="utf-8"))


def _records(sheet: FactSheet) -> list[object]:
    records: list[object] = list(sheet.all_records())
    records += [role for country in sheet.countries for role in country.roles]
    return records


@pytest.mark.parametrize(("kind", "field"), [(k, f) for k, fs in CARSI_WORDING.items() for f in fs], ids=str)
def test_each_field_marked_as_carsi_wording_is_not_the_texts(
    kind: type, field: str, sheet: FactSheet, source_text: str
) -> None:
    """A field marked as carsi's wording is not the text's own words, in at least one record."""
    values = [getattr(r, field) for r in _records(sheet) if type(r) is kind]
    assert values, f"no {kind.__name__} records"
    assert any(_folded(v) not in source_text for v in values if v)


def test_every_quote_is_verbatim(sheet: FactSheet, source_text: str) -> None:
    """Every field shown as a quote (never one marked as carsi's) is verbatim in factsheet.txt."""
    for record in sheet.all_records():
        for field, quote in quotes(record):
            assert field.rsplit(".", 1)[-1] not in CARSI_WORDING.get(type(record), ())
            assert _folded(quote) in source_text, f"{record.id}: {field}"
    assert "quote" not in CARSI_WORDING[Role]


def test_countries_show_labels_the_role_on_a_terminal() -> None:
    """`countries show panama` on a terminal marks each role as carsi's words, not the quote."""
    result = run_carsi("countries", "show", "panama", env={"TTY_COMPATIBLE": "1", "TERM": "dumb", "COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    text = " ".join(strip_styles(result.stdout).split())
    assert "specialized units there (carsi's words)" in text
    assert "“U.S. law enforcement agencies are vetting, training and equipping" in text


def test_json_carries_the_marker(invoke: Invoke) -> None:
    """JSON names, on each record and each role, the fields in carsi's words."""
    data = json.loads(invoke("countries", "show", "panama", "--format", "json").stdout)
    assert {tuple(role["carsi_wording"]) for role in data["roles"]} == {("role",)}
    programs = json.loads(invoke("programs", "list", "--format", "json").stdout)
    assert all(p["carsi_wording"] == ["description"] for p in programs)


def test_csv_carries_the_marker(invoke: Invoke) -> None:
    """CSV has a carsi_wording column naming the fields in carsi's words."""
    rows = list(csv.DictReader(io.StringIO(invoke("funding", "--format", "csv").stdout)))
    assert rows
    assert {row["carsi_wording"] for row in rows} == {"purpose"}


@pytest.mark.parametrize(
    ("args", "marked"),
    [
        (["stats"], "Statistic (carsi's words)"),
        (["timeline"], "Event (carsi's words)"),
        (["countries", "list", "--program", "specialized-units"], "Roles (carsi's words)"),
        (["timeline", "show", "santiago-remarks"], "President Obama's remarks in Santiago, Chile (carsi's words)"),
        (["stats", "show", "cocaine-use-decline"], "Drop in cocaine use (carsi's words)"),
        (["timeline", "show", "santiago-remarks", "--format", "markdown"], "Chile (carsi's words)"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_statistic_names_and_event_titles_are_labelled_where_people_read_them(args: list[str], marked: str) -> None:
    """A statistic's name and an event's title are carsi's summary: the terminal and Markdown say so
    beside them, and the words so marked are not the fact sheet's."""
    result = run_carsi(*args, env={"TTY_COMPATIBLE": "1", "TERM": "dumb", "COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    shown = strip_styles(result.stdout).replace("\\(", "(").replace("\\)", ")")  # Markdown's escapes, as rendered
    assert marked in " ".join(shown.split())
    source = _folded((DATA_DIR / "factsheet.txt").read_text(encoding="utf-8"))
    title = marked.removesuffix(" (carsi's words)")
    assert title in ("Statistic", "Event", "Roles", "Chile") or title not in source


def test_the_piped_table_keeps_its_headers() -> None:
    """Piped, the headers are a contract for scripts (cut -f, a header row): unchanged."""
    assert run_carsi("stats").stdout.splitlines()[0] == "ID\tValue\tStatistic\tQuote"
    assert run_carsi("timeline").stdout.splitlines()[0].split("\t")[:2] == ["Date", "Event"]


def test_a_search_hit_named_by_carsi_is_marked_as_such(sheet: FactSheet) -> None:
    """A hit whose record has a name carsi coined (the text gives it none) is marked and footnoted
    on a terminal, says why in JSON, and ends "(inferred)" piped; a name the text gives is not marked."""
    coined = {r.id: r.inferred["name"] for r in sheet.all_records() if "name" in getattr(r, "inferred", {})}
    hits = json.loads(run_carsi("search", "vetted units", "--format", "json").stdout)
    assert hits[0]["id"] in coined and hits[0]["inferred"] == {"name": coined[hits[0]["id"]]}
    assert all(hit["inferred"] == {} for hit in hits if hit["id"] not in coined)
    screen = run_carsi("search", "vetted", "units", env={"TTY_COMPATIBLE": "1", "TERM": "dumb", "COLUMNS": "100"})
    text = " ".join(strip_styles(screen.stdout).split())
    assert f"{hits[0]['id']} name (inferred): {' '.join(coined[hits[0]['id']].split())}" in text
    piped = run_carsi("search", "vetted units").stdout.splitlines()[1].split("\t")
    assert piped[2].endswith(" (inferred)")
