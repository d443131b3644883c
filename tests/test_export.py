"""Exports: the SQLite database and the data package hold what the JSON of the
same model holds, with keys that check; nothing half-written; ndjson and
csv-excel for the list commands."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import frictionless
import pytest

from carsi_cli.onward import sqlite as export_sqlite
from carsi_cli.onward.writing import new_file, new_folder
from conftest import Invoke

# Each collection's table and the list command whose JSON holds the same records.
LISTS = {
    "programs": ["programs", "list"],
    "funding": ["funding"],
    "agencies": ["agencies", "list"],
    "countries": ["countries", "list"],
    "organizations": ["organizations", "list"],
    "statistics": ["stats"],
    "events": ["timeline"],
}
# Join tables: (table, owner column, listed column) -> (collection, field of the JSON record).
JOINS = {
    ("program_agencies", "program_id", "agency_id"): ("programs", "agencies"),
    ("program_countries", "program_id", "country_id"): ("programs", "countries"),
    ("program_participants", "program_id", "country_id"): ("programs", "participants"),
    ("program_organizations", "program_id", "organization_id"): ("programs", "organizations"),
    ("event_programs", "event_id", "program_id"): ("events", "programs"),
    ("event_countries", "event_id", "country_id"): ("events", "countries"),
    ("event_agencies", "event_id", "agency_id"): ("events", "agencies"),
}
JSON_COLUMNS = {
    "aliases",
    "other_quotes",
    "search_terms",
    "inferred",
    "translations",
    "where",
    "funding_trend",
    "scale",
    "training_exercise",
}
# carsi's own columns beside each figure in the exports, which no list's JSON has (see test_export_caveats.py).
FIGURE_COLUMNS = {"reading", "lower_bound", "caveats"}


def _own_columns(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row without the export's own columns (a funding row's reading, lower bound and caveats)."""
    if table != "funding":
        return row
    assert set(row) >= FIGURE_COLUMNS, row["id"]
    return {column: value for column, value in row.items() if column not in FIGURE_COLUMNS}


def model_json(invoke: Invoke, *data: str) -> dict[str, list[dict[str, Any]]]:
    """Every collection, as the list commands print it in JSON."""
    out = {}
    for table, args in LISTS.items():
        result = invoke(*data, *args, "--format", "json")
        assert result.exit_code == 0, result.stderr
        out[table] = sorted(json.loads(result.stdout), key=lambda r: r["id"])
    return out


def _from_join(rows: list[tuple[Any, ...]]) -> dict[str, list[str]]:
    listed: dict[str, list[str]] = {}
    for owner, _, target in sorted(rows):
        listed.setdefault(owner, []).append(target)
    return listed


@pytest.fixture
def database(invoke: Invoke, tmp_path: Path) -> sqlite3.Connection:
    """The bundled model exported to SQLite and opened."""
    path = tmp_path / "carsi.db"
    result = invoke("export", "sqlite", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and f"Wrote {path}" in result.stderr
    return sqlite3.connect(path)


def test_sqlite_keys_check(database: sqlite3.Connection) -> None:
    """Every foreign key resolves, and each collection's table is keyed by id."""
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    for table in LISTS:
        keys = [row[1] for row in database.execute(f"PRAGMA table_info([{table}])") if row[5]]
        assert keys == ["id"], table
    targets = {(row[2], row[3]) for row in database.execute("PRAGMA foreign_key_list(funding)")}
    assert ("programs", "program") in targets and ("sources", "source") in targets


def test_sqlite_holds_what_the_json_holds(invoke: Invoke, database: sqlite3.Connection) -> None:
    """Same records, same values, in every collection; lists of references in their join tables."""
    expected = model_json(invoke)
    database.row_factory = sqlite3.Row
    for table, records in expected.items():
        rows = [dict(row) for row in database.execute(f"SELECT * FROM [{table}] ORDER BY id")]
        assert [r["id"] for r in rows] == [r["id"] for r in records], table
        for row, record in zip(rows, records, strict=True):
            for column, value in _own_columns(table, row).items():
                got = json.loads(value) if column in JSON_COLUMNS and value is not None else value
                assert got == record[column], (table, row["id"], column)
    database.row_factory = None
    for (table, owner, target), (collection, field) in JOINS.items():
        listed = _from_join(database.execute(f"SELECT [{owner}], position, [{target}] FROM [{table}]").fetchall())
        assert listed == {r["id"]: r[field] for r in expected[collection] if r[field]}, table
    roles = database.execute("SELECT country_id, role, quote, program, event, part FROM country_roles").fetchall()
    assert sorted(roles) == sorted(
        (c["id"], r["role"], r["quote"], r["program"], r["event"], r["part"])
        for c in expected["countries"]
        for r in c["roles"]
    )


def test_sqlite_amounts_are_integers(database: sqlite3.Connection) -> None:
    """Dollars stay whole numbers: the fact sheet's $361 million is 361000000, an integer."""
    row = database.execute(
        "SELECT amount_usd, typeof(amount_usd), fy_start, fy_end FROM funding WHERE id = ?", ("carsi-fy2008-2011",)
    )
    assert row.fetchone() == (361_000_000, "integer", 2008, 2011)


@pytest.mark.parametrize(
    ("table", "words", "found"),
    [
        ("programs", "martillo", "operation-martillo"),
        ("programs", "trafficking", "hidta"),
        ("funding", "commitment", "carsi-fy2012"),
        ("agencies", "DEA", "dea"),
    ],
    ids=["name", "stemmed", "quote", "alias"],
)
def test_sqlite_full_text_search(database: sqlite3.Connection, table: str, words: str, found: str) -> None:
    """Each collection's FTS5 index finds records by name, alias and quote, as Datasette queries it."""
    query = f"SELECT id FROM [{table}] WHERE rowid IN (SELECT rowid FROM [{table}_fts] WHERE [{table}_fts] MATCH ?)"
    assert found in {row[0] for row in database.execute(query, (words,))}


def test_sqlite_search_indexes_are_found_as_datasette_and_sqlite_utils_look(database: sqlite3.Connection) -> None:
    """Both tools find a table's index by 'content=[table]' in its SQL (their detect_fts query)."""
    for table in LISTS:
        like = f"%VIRTUAL TABLE%USING FTS%content=[{table}]%"
        found = database.execute("SELECT name FROM sqlite_master WHERE rootpage = 0 AND sql LIKE ?", (like,))
        assert found.fetchall() == [(f"{table}_fts",)]


def test_an_existing_file_is_kept_without_force(invoke: Invoke, tmp_path: Path) -> None:
    """Without --force an existing file is left as it was (status 1); with it, replaced."""
    path = tmp_path / "carsi.db"
    path.write_text("mine", encoding="utf-8")
    result = invoke("export", "sqlite", str(path))
    assert result.exit_code == 1 and "exists; use --force" in result.stderr
    assert path.read_text(encoding="utf-8") == "mine"
    assert invoke("export", "sqlite", str(path), "--force").exit_code == 0
    assert sqlite3.connect(path).execute("SELECT count(*) FROM sources").fetchone() == (1,)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["carsi.db"]


@pytest.mark.parametrize(
    ("failure", "status"),
    [(OSError(28, "No space left on device"), 1), (KeyboardInterrupt(), 130)],
    ids=["disk", "ctrl-c"],
)
def test_a_failed_export_leaves_nothing(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException, status: int
) -> None:
    """A write that fails or is interrupted half-way leaves neither the file nor its temporary."""
    real = export_sqlite.write

    def half(tables: Any, path: Path, metadata: Any = None) -> None:
        real(tables[:2], path, metadata)
        raise failure

    monkeypatch.setattr(export_sqlite, "write", half)
    result = invoke("export", "sqlite", str(tmp_path / "carsi.db"))
    assert result.exit_code == status
    assert list(tmp_path.iterdir()) == []


def test_a_failed_folder_export_keeps_the_old_one(tmp_path: Path) -> None:
    """An interrupted replacement of a folder leaves the old folder whole and no temporary."""
    target = tmp_path / "pkg"
    target.mkdir()
    (target / "datapackage.json").write_text("{}", encoding="utf-8")

    def interrupted() -> None:
        with new_folder(target, force=True, replaceable=lambda p: True) as temporary:
            (temporary / "programs.csv").write_text("id\n", encoding="utf-8")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg"]
    assert [p.name for p in target.iterdir()] == ["datapackage.json"]


def test_an_export_file_is_not_a_folder(tmp_path: Path) -> None:
    """A folder given as the database file is refused, even with --force."""
    from carsi_cli.errors import CarsiError

    with pytest.raises(CarsiError, match="is a folder"), new_file(tmp_path, force=True):
        pass


def test_no_folder_to_write_into(invoke: Invoke, tmp_path: Path) -> None:
    """A path in a folder that does not exist is one line on stderr."""
    result = invoke("export", "sqlite", str(tmp_path / "nowhere" / "carsi.db"))
    assert result.exit_code == 1 and "there is no folder" in result.stderr


def test_a_users_own_model_exports_the_same_way(invoke: Invoke, model_dir: Path, tmp_path: Path) -> None:
    """--data exports the user's model: its values in the database, no license claimed for it."""
    path = model_dir / "factsheet.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("name: Operation Martillo", "name: Operation Hammer"), encoding="utf-8"
    )
    db = tmp_path / "mine.db"
    assert invoke("--data", str(path), "export", "sqlite", str(db)).exit_code == 0
    name = sqlite3.connect(db).execute("SELECT name FROM programs WHERE id = 'operation-martillo'").fetchone()
    assert name == ("Operation Hammer",)
    result = invoke("--data", str(path), "export", "datapackage", str(tmp_path / "pkg"))
    assert result.exit_code == 0 and "license is not known" in result.stderr
    package = json.loads((tmp_path / "pkg" / "datapackage.json").read_text(encoding="utf-8"))
    assert "licenses" not in package


# ---------------------------------------------------------------------------
# The data package, read with its own schema


def _typed(cell: str, field: dict[str, Any]) -> Any:
    """A CSV cell as its Table Schema field type reads it."""
    if cell == "":
        assert not field.get("constraints", {}).get("required"), field["name"]
        return None
    kind = field["type"]
    if kind == "integer":
        return int(cell)
    if kind == "number":
        return float(cell)
    if kind in ("array", "object"):
        value = json.loads(cell)
        assert isinstance(value, list if kind == "array" else dict)
        return value
    assert kind == "string"
    assert cell in field.get("constraints", {}).get("enum", [cell])
    return cell


def read_package(folder: Path) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The descriptor, and every resource's rows typed by its schema; keys checked."""
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    tables: dict[str, list[dict[str, Any]]] = {}
    for resource in package["resources"]:
        schema = resource["schema"]
        with (folder / resource["path"]).open(encoding=resource["encoding"], newline="") as handle:
            reader = csv.DictReader(handle)
            assert reader.fieldnames == [f["name"] for f in schema["fields"]]
            fields = {f["name"]: f for f in schema["fields"]}
            rows = [{name: _typed(cell, fields[name]) for name, cell in row.items()} for row in reader]
        keys = [tuple(row[k] for k in schema["primaryKey"]) for row in rows]
        assert len(keys) == len(set(keys)), f"{resource['name']}: primary key not unique"
        tables[resource["name"]] = rows
    for resource in package["resources"]:
        for foreign in resource["schema"].get("foreignKeys", []):
            (column,) = foreign["fields"]
            target = foreign["reference"]["resource"] or resource["name"]
            ids = {row["id"] for row in tables[target]}
            assert all(row[column] in ids for row in tables[resource["name"]] if row[column] is not None)
    return package, tables


@pytest.fixture
def package_dir(invoke: Invoke, tmp_path: Path) -> Path:
    """The bundled model exported as a data package."""
    folder = tmp_path / "carsi-data"
    result = invoke("export", "datapackage", str(folder))
    assert result.exit_code == 0, result.stderr
    return folder


def test_data_package_holds_what_the_json_holds(invoke: Invoke, package_dir: Path) -> None:
    """Read with its own schema (types, keys), every table holds the JSON's records and values."""
    _, tables = read_package(package_dir)
    for name, records in model_json(invoke).items():
        rows = sorted(tables[name], key=lambda r: r["id"])
        assert [r["id"] for r in rows] == [r["id"] for r in records]
        for row, record in zip(rows, records, strict=True):
            for column, value in _own_columns(name, row).items():
                assert value == record[column], (name, record["id"], column)
    expected = model_json(invoke)
    for (table, owner, target), (collection, field) in JOINS.items():
        links = [(r[owner], r["position"], r[target]) for r in tables[table]]
        assert _from_join(links) == {r["id"]: r[field] for r in expected[collection] if r[field]}


def test_data_package_describes_source_and_licenses(package_dir: Path, invoke: Invoke) -> None:
    """The descriptor names the source with its citation and the bundled model's licenses."""
    package, tables = read_package(package_dir)
    source = json.loads(invoke("source", "--format", "json").stdout)
    assert package["sources"] == [{"title": source["title"], "citation": source["citation"], "path": source["url"]}]
    assert {license.get("name") for license in package["licenses"]} == {"MIT", "other-pd"}
    assert any("17 U.S.C. § 105" in license["title"] for license in package["licenses"])
    assert tables["sources"][0]["citation"] == source["citation"]


def test_data_package_is_valid_for_frictionless(package_dir: Path) -> None:
    """Frictionless validates the package: types, constraints, primary and foreign keys."""
    report = frictionless.validate(str(package_dir / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])


def test_data_package_folder_is_replaced_only_with_force(invoke: Invoke, package_dir: Path) -> None:
    """An existing package is kept without --force, replaced with it; a folder of other files never."""
    assert invoke("export", "datapackage", str(package_dir)).exit_code == 1
    assert invoke("export", "datapackage", str(package_dir), "--force").exit_code == 0
    (package_dir / "notes.txt").write_text("mine", encoding="utf-8")
    result = invoke("export", "datapackage", str(package_dir), "--force")
    assert result.exit_code == 1 and "did not write" in result.stderr
    assert (package_dir / "notes.txt").read_text(encoding="utf-8") == "mine"


# ---------------------------------------------------------------------------
# ndjson and csv-excel


@pytest.mark.parametrize("args", list(LISTS.values()), ids=" ".join)
def test_ndjson_is_the_json_one_record_a_line(invoke: Invoke, args: list[str]) -> None:
    """Each line is one record of the JSON list, in order; nothing on stderr."""
    lines = invoke(*args, "--format", "ndjson")
    assert lines.exit_code == 0 and lines.stderr == ""
    records = [json.loads(line) for line in lines.stdout.splitlines()]
    assert records == json.loads(invoke(*args, "--format", "json").stdout)


def test_ndjson_of_nothing_is_empty(invoke: Invoke) -> None:
    """No record: no line."""
    assert invoke("funding", "--fy", "1999", "--format", "ndjson").stdout == ""


def test_ndjson_show_is_one_line(invoke: Invoke) -> None:
    """A show view is one JSON object on one line."""
    result = invoke("countries", "show", "panama", "--format", "ndjson")
    assert result.stdout.count("\n") == 1 and json.loads(result.stdout)["id"] == "panama"


def test_csv_excel_has_a_byte_order_mark_and_keeps_accents(invoke: Invoke) -> None:
    """UTF-8 with a BOM and CRLF, otherwise the CSV: curly quotes and accents intact."""
    excel = invoke("funding", "--format", "csv-excel").stdout_bytes
    assert excel.startswith(b"\xef\xbb\xbf") and b"\r\n" in excel
    text = excel.decode("utf-8-sig")
    assert "FY 2012’s $105 million" in text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    plain = list(csv.reader(io.StringIO(invoke("funding", "--format", "csv").stdout)))
    assert rows == plain
    assert "Panamá" in invoke("countries", "show", "panama", "--format", "csv-excel").stdout
