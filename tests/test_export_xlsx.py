"""export xlsx: the workbook holds what the JSON of the same model holds, with
numbers as numbers, fiscal years as integers or empty, every figure's notes in
its row, a first sheet that cites the source, and text that is never a formula;
LibreOffice reads it without a character lost."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from carsi_cli.errors import CarsiError
from carsi_cli.model.records import FactSheet
from carsi_cli.onward import xlsx
from carsi_cli.onward.tables import Field, Table, tables
from conftest import SOURCE_TEXT, Invoke
from test_export import LISTS  # each collection and the list command whose JSON holds the same records

# Join sheets: sheet -> (collection, field of the JSON record).
JOINS = {
    "program_agencies": ("programs", "agencies"),
    "program_countries": ("programs", "countries"),
    "program_organizations": ("programs", "organizations"),
    "event_programs": ("events", "programs"),
    "event_countries": ("events", "countries"),
    "event_agencies": ("events", "agencies"),
}
TEXT = SOURCE_TEXT.read_text(encoding="utf-8")


def _json(invoke: Invoke, *args: str) -> list[dict[str, Any]]:
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    records: list[dict[str, Any]] = json.loads(result.stdout)
    return records


def _rows(book: Any, name: str) -> list[dict[str, Any]]:
    """A sheet's rows as dicts keyed by its header."""
    values = list(book[name].iter_rows(values_only=True))
    header = values[0]
    return [dict(zip(header, row, strict=True)) for row in values[1:]]


def _cell(value: Any) -> Any:
    """What the workbook holds for a JSON value: lists one item per line, mappings as JSON, nothing as empty."""
    if isinstance(value, list):
        return "\n".join(value) if value else None
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False) if value else None
    return value


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The bundled model exported once, opened with openpyxl."""
    from conftest import run_carsi

    path = tmp_path_factory.mktemp("xlsx") / "carsi.xlsx"
    result = run_carsi("export", "xlsx", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and result.stderr == f"Wrote {path}.\n"
    return openpyxl.load_workbook(path)


def test_the_first_sheet_is_about_then_one_sheet_per_table(workbook: Any, sheet: FactSheet) -> None:
    """Sheets: about first, then every table of the SQLite export, in its order."""
    assert workbook.sheetnames == ["about", *(table.name for table in tables(sheet))]


def test_about_says_what_the_workbook_is_and_cites_the_source(workbook: Any, sheet: FactSheet) -> None:
    """The about sheet: the title, the citation and URL, the licenses, how to read the figures, every sheet."""
    rows = {key: text for key, text in workbook["about"].iter_rows(min_row=2, values_only=True) if key}
    assert workbook["about"]["A1"].value == sheet.source.title
    assert rows["Source"] == sheet.source.citation and rows["Source URL"] == sheet.source.url
    assert rows["Funding figures"].startswith("Do not add up the amount_usd column")
    licenses = [text for key, text in workbook["about"].iter_rows(values_only=True) if key == "License"]
    assert len(licenses) == 2 and any("17 U.S.C. § 105" in text for text in licenses)
    for table in tables(sheet):
        assert rows[table.name].endswith(f"({len(table.rows)})")


EXPORT_ONLY = {"reading", "lower_bound", "caveats"}


@pytest.mark.parametrize("name", list(LISTS), ids=str)
def test_each_sheet_holds_what_the_json_holds(invoke: Invoke, workbook: Any, name: str) -> None:
    """Every record of the list command's JSON is a row, each field its value (join fields aside)."""
    expected = sorted(_json(invoke, *LISTS[name]), key=lambda r: r["id"])
    rows = sorted(_rows(workbook, name), key=lambda r: r["id"])
    assert [r["id"] for r in rows] == [r["id"] for r in expected]
    for row, record in zip(rows, expected, strict=True):
        for field, value in row.items():
            if field in EXPORT_ONLY and field not in record:
                continue  # how to read each figure, in every export (tests/test_export_caveats.py)
            if field == "notes":
                assert value.split("\n") == record["notes"], record["id"]
            elif field in ("inferred", "translations") and value is not None:
                assert json.loads(value) == record[field], (record["id"], field)
            else:
                assert value == _cell(record.get(field)), (record["id"], field)


@pytest.mark.parametrize("name", list(JOINS), ids=str)
def test_each_join_sheet_lists_the_references_in_order(invoke: Invoke, workbook: Any, name: str) -> None:
    """A join sheet: for each record, the ids its JSON lists, in order, positions as integers."""
    collection, field = JOINS[name]
    expected = {r["id"]: r[field] for r in _json(invoke, *LISTS[collection]) if r[field]}
    listed: dict[str, list[str]] = {}
    for owner, position, target in sorted(workbook[name].iter_rows(min_row=2, values_only=True)):
        assert isinstance(position, int)
        listed.setdefault(owner, []).append(target)
    assert listed == expected


def test_amounts_are_numbers_and_fiscal_years_integers_or_empty(workbook: Any, sheet: FactSheet) -> None:
    """Dollars and fiscal years are numeric cells holding ints; an undated figure's years are empty, never 0."""
    cells = {row[0].value: row for row in workbook["funding"].iter_rows(min_row=2)}
    header = [cell.value for cell in workbook["funding"][1]]
    at = {name: header.index(name) for name in ("amount_usd", "fy_start", "fy_end", "basis", "notes")}
    undated = 0
    for figure in sheet.funding:
        row = cells[figure.id]
        amount = row[at["amount_usd"]]
        assert amount.data_type == "n" and type(amount.value) is int and amount.value == figure.amount_usd
        for name, year in (("fy_start", figure.fy_start), ("fy_end", figure.fy_end)):
            cell = row[at[name]]
            if year is None:
                undated += 1
                assert cell.value is None
            else:
                assert cell.data_type == "n" and type(cell.value) is int and cell.value == year
        assert row[at["basis"]].value == figure.basis.value
    assert undated  # the bundled model has an undated figure: the case is exercised


def test_each_figures_notes_say_how_to_read_it(workbook: Any, sheet: FactSheet) -> None:
    """The per-year rate and the undated figure carry their notes in their own rows."""
    rows = {r["id"]: r for r in _rows(workbook, "funding")}
    rates = [f for f in sheet.funding if f.basis.value == "per_year"]
    undated = [f for f in sheet.funding if not f.dated]
    assert rates and undated
    assert all("rate for each of those years, not a sum" in rows[f.id]["notes"] for f in rates)
    assert all("gives no fiscal year" in rows[f.id]["notes"] for f in undated)


def test_quotes_in_the_workbook_are_the_source_texts_own(workbook: Any) -> None:
    """Every quote cell is a passage of the fact sheet, accents, curly quotes and dashes as written."""
    quotes = [r["quote"] for name in LISTS for r in _rows(workbook, name)]
    assert quotes and all(quote in TEXT for quote in quotes)
    assert any("–" in q for q in quotes) and any("’" in q or "“" in q for q in quotes)


HOSTILE_CELLS = ['=HYPERLINK("https://e.vil","x")', "+1+1", "-2", "@SUM(A1)", " =1+1", "0012", "https://e.vil"]


def test_text_from_the_data_file_is_never_a_formula(invoke: Invoke, model_dir: Path) -> None:
    """Names and aliases that look like formulas, numbers or links are text cells holding exactly that text;
    control characters show as their escapes, as in the CSV."""
    path = model_dir / "factsheet.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["programs"][0]["name"] = HOSTILE_CELLS[0]
    doc["programs"][0]["aliases"] = HOSTILE_CELLS[1:]
    doc["programs"][1]["description"] = "\x1b[31mred\x07 next\x85line"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    target = model_dir / "out.xlsx"
    # The Partnership renamed, its roles' quotes no longer name it: a model being written, looked at unverified.
    result = invoke("--data", str(path), "--unverified", "export", "xlsx", str(target))
    assert result.exit_code == 0, result.stderr
    page = openpyxl.load_workbook(target)["programs"]
    header = [cell.value for cell in page[1]]
    first, second = page[2], page[3]
    name, aliases = first[header.index("name")], first[header.index("aliases")]
    assert name.data_type == "s" and name.value == HOSTILE_CELLS[0]
    assert aliases.data_type == "s" and aliases.value.split("\n") == HOSTILE_CELLS[1:]
    assert second[header.index("description")].value == "\\x1b[31mred\\x07 next\\x85line"  # shown, not obeyed
    formulas = [c for row in page.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_a_cell_too_long_for_a_spreadsheet_is_refused(tmp_path: Path, sheet: FactSheet) -> None:
    """More than 32,767 characters in one cell: a clear error naming the table and record, never a cut value."""
    table = Table("programs", "Programs", (Field("id", "string", True), Field("quote", "string")), ("id",),
                  (("long-one", "x" * 32768),))  # fmt: skip
    with pytest.raises(CarsiError, match=r"a cell of programs \(record long-one\) holds more than 32,767 characters"):
        xlsx.write(sheet, (table,), tmp_path / "out.xlsx")


def test_an_existing_workbook_is_replaced_only_with_force(invoke: Invoke, tmp_path: Path) -> None:
    """An existing file: refused with status 1 and left as it was; replaced with --force."""
    target = tmp_path / "carsi.xlsx"
    target.write_text("mine", encoding="utf-8")
    result = invoke("export", "xlsx", str(target))
    assert result.exit_code == 1 and result.stderr == f"Error: {target} exists; use --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "mine"
    assert invoke("export", "xlsx", str(target), "--force").exit_code == 0
    assert openpyxl.load_workbook(target).sheetnames[0] == "about"
    assert [p.name for p in tmp_path.iterdir()] == ["carsi.xlsx"]


def test_the_spreadsheet_library_is_imported_only_by_the_export() -> None:
    """No other command pays for XlsxWriter: a data command's process never imports it."""
    code = (
        "import sys; from carsi_cli.cli import app; from typer.testing import CliRunner;"
        "CliRunner().invoke(app, ['funding', '--format', 'json']); print('xlsxwriter' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.strip() == "False", done.stderr


# ---------------------------------------------------------------------------
# LibreOffice


def _libreoffice_csv(workbook: Path, folder: Path) -> dict[str, list[list[str]]]:
    """Every sheet of the workbook as LibreOffice headless converts it to CSV (UTF-8, values not as shown)."""
    soffice = shutil.which("soffice")
    assert soffice is not None
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    profile = (folder / "profile").as_uri()  # its own profile: a user's LibreOffice is not touched
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", options, "--outdir", str(folder),
         str(workbook)],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    sheets = {}
    for path in folder.glob(f"{workbook.stem}-*.csv"):
        with path.open(encoding="utf-8", newline="") as stream:
            sheets[path.stem.removeprefix(f"{workbook.stem}-")] = list(csv.reader(stream))
    return sheets


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_every_character(invoke: Invoke, tmp_path: Path, sheet: FactSheet) -> None:
    """Converted back to CSV by LibreOffice, every sheet holds the model's text exactly (Panamá, curly quotes,
    en dashes) and its numbers and years as plain integers, the undated figure's years empty."""
    target = tmp_path / "carsi.xlsx"
    assert invoke("export", "xlsx", str(target)).exit_code == 0
    sheets = _libreoffice_csv(target, tmp_path)
    assert set(sheets) == {"about", *(table.name for table in tables(sheet))}
    read = {name: [dict(zip(rows[0], row, strict=True)) for row in rows[1:]] for name, rows in sheets.items()}
    exported = {
        table.name: {row[0]: dict(zip((f.name for f in table.fields), row, strict=True)) for row in table.rows}
        for table in tables(sheet)
    }
    for name in LISTS:
        expected = {r["id"]: r for r in _json(invoke, *LISTS[name])}
        assert sorted(row["id"] for row in read[name]) == sorted(expected)
        for row in read[name]:
            record = expected[row["id"]]
            for field, value in row.items():
                if field in EXPORT_ONLY and field not in record:  # how to read a figure: as the export table has it
                    want = exported[name][row["id"]][field]
                    assert value == ("" if want is None else str(want)), (name, row["id"], field)
                elif field == "notes":
                    assert value.split("\n") == record["notes"]
                elif field in ("inferred", "translations") and value:
                    assert json.loads(value) == record[field], (name, row["id"], field)
                else:
                    want = _cell(record.get(field))
                    assert value == ("" if want is None else str(want)), (name, row["id"], field)
    countries = {row["id"]: row for row in read["countries"]}
    assert json.loads(countries["panama"]["translations"]) == {"es": ["Panamá"]}
    assert any("“" in row["quote"] or "’" in row["quote"] for rows in read.values() for row in rows if "quote" in row)
    funding = {row["id"]: row for row in read["funding"]}
    assert any("–" in row["quote"] for row in funding.values())
    assert all(row["amount_usd"].isdigit() for row in funding.values())
    undated = [f.id for f in sheet.funding if not f.dated]
    assert undated and all(funding[i]["fy_start"] == funding[i]["fy_end"] == "" for i in undated)
    assert ["Source", sheet.source.citation] in sheets["about"]
