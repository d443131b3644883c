"""What the exports say about themselves: every field and table described (the
same words in datapackage.json and in the SQLite export's Datasette metadata),
the licenses and the source; and the SQLite full text finding records by their
Spanish names and search terms, as ``carsi search`` does."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import frictionless
import pytest

from carsi_cli.model.records import FactSheet
from carsi_cli.model.text import fold
from carsi_cli.query.funding import Reading
from conftest import Invoke

SOURCE_URL = "https://obamawhitehouse.archives.gov/the-press-office/2012/03/06/fact-sheet-central-american-citizen-security-partnership"


@pytest.fixture
def package(invoke: Invoke, tmp_path: Path) -> dict[str, Any]:
    """The bundled model's datapackage.json, read by frictionless (which validates it)."""
    folder = tmp_path / "carsi-data"
    result = invoke("export", "datapackage", str(folder))
    assert result.exit_code == 0, result.stderr
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert isinstance(descriptor, dict)
    return descriptor


@pytest.fixture
def database(invoke: Invoke, tmp_path: Path) -> sqlite3.Connection:
    """The bundled model exported to SQLite (as carsi.db) and opened."""
    path = tmp_path / "carsi.db"
    result = invoke("export", "sqlite", str(path))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["carsi.db"]  # the metadata is inside, no file beside it
    return sqlite3.connect(path)


def _metadata(database: sqlite3.Connection) -> dict[str, Any]:
    (row,) = database.execute("SELECT json FROM _metadata").fetchall()
    metadata = json.loads(row[0])
    assert isinstance(metadata, dict)
    return metadata


def _frictionless_fields(descriptor: dict[str, Any], resource: str) -> dict[str, str]:
    """A resource's field descriptions, as frictionless reads them."""
    found = frictionless.Package(descriptor).get_resource(resource)
    return {field.name: field.description or "" for field in found.schema.fields}


def test_every_field_and_resource_is_described(package: dict[str, Any]) -> None:
    """Each resource and each of its fields has a description of its own, read by frictionless."""
    for resource in package["resources"]:
        assert len(resource["description"]) > 20, resource["name"]
        described = _frictionless_fields(package, resource["name"])
        assert described == {f["name"]: f["description"] for f in resource["schema"]["fields"]}
        assert all(len(text) > 10 for text in described.values()), (resource["name"], described)


def test_funding_descriptions_say_which_rows_add_up(package: dict[str, Any]) -> None:
    """The funding resource and its reading field name the readings a SUM may add and those it may not."""
    (funding,) = [r for r in package["resources"] if r["name"] == "funding"]
    fields = {f["name"]: f["description"] for f in funding["schema"]["fields"]}
    assert all(reading.value in fields["reading"] for reading in Reading)
    assert "must not be added" in fields["reading"]
    assert "lower bound" in fields["lower_bound"]
    assert "reading" in fields["amount_usd"] and "caveats" in fields["amount_usd"]
    assert Reading.PER_YEAR.value not in funding["description"]  # only the rows that may be summed are named
    assert f"{Reading.ONE_YEAR.value} or {Reading.SEVERAL_YEARS.value}" in funding["description"]


def test_package_names_its_title_public_domain_licence_and_source(package: dict[str, Any]) -> None:
    """Title, the fact sheet as a U.S. Government work in the public domain, and the fact sheet's URL."""
    assert "The Central American Citizen Security Partnership" in package["title"]
    public = [item for item in package["licenses"] if item.get("name") == "other-pd"]
    assert len(public) == 1 and public[0]["title"].startswith("U.S. Government Work (public domain)")
    assert [source["path"] for source in package["sources"]] == [SOURCE_URL]


def test_datasette_metadata_is_held_in_the_database(database: sqlite3.Connection) -> None:
    """_metadata holds Datasette's metadata: title, license, source and its URL, under the file's name."""
    metadata = _metadata(database)
    assert "The Central American Citizen Security Partnership" in metadata["title"]
    assert "U.S. Government Work (public domain)" in metadata["license"] and metadata["license_url"]
    assert metadata["source_url"] == SOURCE_URL and "The White House" in metadata["source"]
    assert list(metadata["databases"]) == ["carsi"]  # Datasette names a database by its file's name
    assert metadata["databases"]["carsi"]["tables"]["_metadata"] == {"hidden": True}


def test_datasette_metadata_describes_every_column_as_the_package_does(
    database: sqlite3.Connection, package: dict[str, Any]
) -> None:
    """Every column of every table has the description the data package gives its field: one source for both."""
    tables = _metadata(database)["databases"]["carsi"]["tables"]
    names = {row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage")}
    data_tables = {name for name in names if not name.endswith(("_fts", "_data", "_idx", "_docsize", "_config"))}
    assert data_tables - {"_metadata"} == {r["name"] for r in package["resources"]}
    for resource in package["resources"]:
        columns = [row[1] for row in database.execute(f"PRAGMA table_info([{resource['name']}])")]
        table = tables[resource["name"]]
        assert list(table["columns"]) == columns
        assert table["columns"] == {f["name"]: f["description"] for f in resource["schema"]["fields"]}
        assert table["description"] == resource["description"]


def test_a_users_own_model_claims_no_license(invoke: Invoke, model_dir: Path, tmp_path: Path) -> None:
    """--data: the metadata names no license, as the data package names none."""
    db = tmp_path / "mine.db"
    assert invoke("--data", str(model_dir / "factsheet.yaml"), "export", "sqlite", str(db)).exit_code == 0
    metadata = _metadata(sqlite3.connect(db))
    assert "license" not in metadata and "license_url" not in metadata
    assert list(metadata["databases"]) == ["mine"]


def _matches(database: sqlite3.Connection, table: str, words: str) -> set[str]:
    query = f"SELECT id FROM [{table}] WHERE rowid IN (SELECT rowid FROM [{table}_fts] WHERE [{table}_fts] MATCH ?)"
    return {row[0] for row in database.execute(query, (words,))}


@pytest.mark.parametrize(
    ("table", "words", "found", "field"),
    [
        ("countries", "Panamá", "panama", "translations"),
        ("programs", "Operación", "operation-martillo", "translations"),
        ("programs", "Operacion", "operation-martillo", "translations"),
        ("programs", "Iniciativa", "carsi", "translations"),
        ("agencies", "Departamento", "dod", "translations"),
        ("countries", "Panamanian", "panama", "search_terms"),
        ("agencies", "Pentagon", "dod", "search_terms"),
        ("programs", "donors", "group-of-friends", "search_terms"),
    ],
    ids=[
        "accented",
        "spanish",
        "spanish-unaccented",
        "spanish-program",
        "spanish-agency",
        "term",
        "term-agency",
        "term-program",
    ],
)
def test_sqlite_full_text_finds_spanish_names_and_search_terms(
    database: sqlite3.Connection, table: str, words: str, found: str, field: str
) -> None:
    """The FTS index holds translations and search terms: a word found only there finds its record."""
    database.row_factory = sqlite3.Row
    record = dict(database.execute(f"SELECT * FROM [{table}] WHERE id = ?", (found,)).fetchone())
    database.row_factory = None
    assert fold(words.split()[0][:6]) in fold(record[field])
    assert found in _matches(database, table, words)


@pytest.mark.parametrize(
    ("words", "found"), [("Iniciativa", "carsi"), ("Pentagon", "dod")], ids=["translation", "search-term"]
)
def test_carsi_search_finds_the_same_records(invoke: Invoke, words: str, found: str) -> None:
    """What the FTS index now finds by a Spanish name or a search term, carsi search finds too."""
    result = invoke("search", words, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert found in {hit["id"] for hit in json.loads(result.stdout)}


@pytest.mark.slow  # starts Datasette's application in-process
def test_datasette_serves_the_database_with_its_metadata(invoke: Invoke, tmp_path: Path, sheet: FactSheet) -> None:
    """The real client: Datasette, given the metadata as the README says to extract it, shows the
    column descriptions and the licence, and its full-text search finds a record by its Spanish name."""
    import asyncio

    datasette_app = pytest.importorskip("datasette.app")
    path = tmp_path / "carsi.db"
    assert invoke("export", "sqlite", str(path)).exit_code == 0
    with sqlite3.connect(path) as db:
        metadata = json.loads(db.execute("SELECT json FROM _metadata").fetchone()[0])
    described = metadata["databases"]["carsi"]["tables"]["funding"]["columns"]["reading"]

    async def read() -> tuple[str, list[str], list[str]]:
        ds = datasette_app.Datasette(files=[str(path)], metadata=metadata)
        page = await ds.client.get("/carsi/funding")
        rows = await ds.client.get("/carsi/funding.json?_shape=array&program=carsi")
        found = await ds.client.get("/carsi/programs.json?_search=Operación&_shape=array")
        return page.text, [r["id"] for r in rows.json()], [r["id"] for r in found.json()]

    page, carsi_rows, found = asyncio.run(read())
    import html

    assert described and html.escape(described, quote=False)[:60] in page
    assert "public domain" in page.lower()
    assert carsi_rows == [f.id for f in sheet.funding if f.program == "carsi"]
    assert "operation-martillo" in found
