"""Reading, parsing and validating data files: every bad input gets one clear message."""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from carsi_cli.errors import DataFileError, ValidationError
from carsi_cli.loading import bundled_data_path, load
from carsi_cli.loading.files import decode, max_bytes, read_bytes
from carsi_cli.loading.schema import validate
from carsi_cli.loading.yamlread import parse_yaml
from carsi_cli.model.records import Basis, Qualifier
from conftest import DATA_DIR

BUNDLED = yaml.safe_load((DATA_DIR / "factsheet.yaml").read_text(encoding="utf-8"))


def minimal() -> dict[str, Any]:
    """A small valid document, as dict literals."""
    return {
        "carsi_schema": 1,
        "source": {"id": "s", "title": "T", "date": "2012-03-06", "publisher": "P", "citation": "C"},
        "programs": [{"id": "p", "name": "P", "kind": "program", "description": "D", "quote": "Q", "source": "s"}],
        "funding": [
            {
                "id": "f",
                "program": "p",
                "amount_usd": 5,
                "qualifier": "exact",
                "fy_start": 2010,
                "fy_end": 2011,
                "basis": "total",
                "kind": "allocated",
                "purpose": "U",
                "quote": "$5",
                "source": "s",
            }
        ],
    }


def parse(text: str) -> Any:
    return parse_yaml(text, "f.yaml")[0]


# --- parsing ---------------------------------------------------------------


def test_parser_agrees_with_safe_load_on_the_bundled_model() -> None:
    """carsi's event-built document equals yaml.safe_load's for the bundled file."""
    text = bundled_data_path().read_text(encoding="utf-8")
    assert parse(text) == yaml.safe_load(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: no", {"a": "no"}),
        ("a: yes", {"a": "yes"}),
        ("a: true", {"a": True}),
        ("a: 2012-03-06", {"a": "2012-03-06"}),
        ("a: 010", {"a": 10}),
        ("a: 1e3", {"a": "1e3"}),
        ("a: 1.5e+3", {"a": 1500.0}),
        ("a: 2012.5", {"a": 2012.5}),
        ("a: ~", {"a": None}),
        ("a:", {"a": None}),
        ("a: '12'", {"a": "12"}),
        ("a: !!str 12", {"a": "12"}),
        ("a: 1:20", {"a": "1:20"}),
    ],
    ids=[
        "no",
        "yes",
        "true",
        "date",
        "leading-zero",
        "exponent-unsigned",
        "exponent-signed",
        "float",
        "tilde",
        "empty",
        "quoted",
        "str-tag",
        "sexagesimal",
    ],
)
def test_scalars_read_as_yaml_1_2(text: str, expected: Any) -> None:
    """Only true/false are booleans, dates stay text, no octal or base-60 surprises."""
    assert parse(text) == expected


def test_lines_of_mappings_are_recorded() -> None:
    """Each mapping's starting line is known, for messages."""
    doc, lines = parse_yaml("a:\n  - x: 1\n  - y: 2\n", "f.yaml")
    assert lines[id(doc["a"][1])] == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", "f.yaml:3: key 'a' appears twice in one mapping, on lines 1 and 3"),
        ("x:\n  - id: a\n    id: b\n", "f.yaml:3: key 'id' appears twice in one mapping, on lines 2 and 3"),
        ("a: &x 1\nb: *x\n", "f.yaml:2:4: YAML aliases (*x) are not supported"),
        ("base: &b {x: 1}\nc:\n  <<: *b\n", "f.yaml:3:3: YAML merge keys (<<) are not supported"),
        ("c:\n  <<: {x: 1}\n", "f.yaml:2:3: YAML merge keys (<<) are not supported"),
        (
            "a: !!python/object:os.system ls\n",
            "f.yaml:1:4: unsupported YAML tag 'tag:yaml.org,2002:python/object:os.system'",
        ),
        ("a: !!python/name:os.system\n", "unsupported YAML tag 'tag:yaml.org,2002:python/name:os.system'"),
        ("a: !!binary aGVsbG8=\n", "unsupported YAML tag 'tag:yaml.org,2002:binary'"),
        ("a: !!set {x}\n", "unsupported YAML tag 'tag:yaml.org,2002:set'"),
        ("a: !custom 1\n", "unsupported YAML tag '!custom'"),
        ("a: !!int twelve\n", "'twelve' is not a valid int"),
        ("---\na: 1\n---\nb: 2\n", "f.yaml:3:1: more than one YAML document"),
        ("a:\n\t- b\n", "f.yaml:2:1: found character that cannot start any token (a tab: YAML does not allow tabs"),
        ("a: [1, 2\n", "f.yaml:2:1: YAML syntax error"),
        ("? [a, b]\n: c\n", "a mapping key must be a plain value"),
        ('a: "\x1b[31m"\n', "f.yaml:1:5: character U+001B is not allowed in YAML"),
    ],
    ids=[
        "duplicate-top",
        "duplicate-in-record",
        "alias",
        "merge-with-alias",
        "merge",
        "python-object",
        "python-name",
        "binary",
        "set",
        "custom-tag",
        "bad-int",
        "two-documents",
        "tab",
        "unclosed",
        "complex-key",
        "raw-escape",
    ],
)
def test_hostile_yaml_gets_one_clear_message(text: str, message: str) -> None:
    """Duplicates, aliases, merge keys, tags, documents, tabs, syntax: a DataFileError naming the place."""
    with pytest.raises(DataFileError) as info:
        parse(text)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_billion_laughs_is_refused_at_the_first_alias() -> None:
    """An alias-expansion bomb is refused, not expanded."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    with pytest.raises(DataFileError, match=r"f.yaml:2:\d+: YAML aliases \(\*a0\)"):
        parse("\n".join(lines))


@pytest.mark.parametrize("opener", ["[", "{a: ", "- "], ids=["flow-list", "flow-map", "block-list"])
def test_deep_nesting_is_refused_without_exhausting_the_stack(opener: str) -> None:
    """100,000 levels of nesting (which crash libyaml's composer) are refused at level 33."""
    with pytest.raises(DataFileError, match=r"f.yaml:1:\d+: nesting deeper than 32 levels"):
        parse(opener * 100_000 + "x")


def test_utf8_bom_is_accepted() -> None:
    """A byte order mark at the start is not part of the data."""
    assert decode("\ufeffa: 1".encode(), "f.yaml") == "a: 1"


def test_non_utf8_bytes_are_reported_with_their_place() -> None:
    """Latin-1 bytes get the line and column, and what to do."""
    with pytest.raises(DataFileError, match=r"f.yaml:2:9: not UTF-8 text \(byte 0xe1\); save the file as UTF-8"):
        decode("a: 1\nb: Panam\xe1\n".encode("latin-1"), "f.yaml")


# --- reading ---------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"data file .*nope.yaml does not exist"):
        read_bytes(tmp_path / "nope.yaml", 100)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="is a directory"):
        read_bytes(tmp_path, 100)


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    """A named pipe would block a read forever; it is refused before opening."""
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(DataFileError, match="is not a regular file"):
        read_bytes(fifo, 100)


def test_size_limit_names_the_setting(tmp_path: Path) -> None:
    """A file over the limit is refused before reading, naming CARSI_MAX_DATA_MB."""
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(3_000_000)
    with pytest.raises(DataFileError, match=r"is 3.0 MB, over the limit of 2 MB; set CARSI_MAX_DATA_MB to raise it"):
        read_bytes(big, 2_000_000)


@pytest.mark.parametrize(("value", "expected"), [(None, 50_000_000), ("1", 1_000_000), ("0.5", 500_000)])
def test_max_bytes_setting(monkeypatch: pytest.MonkeyPatch, value: str | None, expected: int) -> None:
    if value is None:
        monkeypatch.delenv("CARSI_MAX_DATA_MB", raising=False)
    else:
        monkeypatch.setenv("CARSI_MAX_DATA_MB", value)
    assert max_bytes() == expected


@pytest.mark.parametrize("value", ["lots", "-1", "0", "nan", "inf"])
def test_bad_max_bytes_setting(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CARSI_MAX_DATA_MB", value)
    with pytest.raises(DataFileError, match="CARSI_MAX_DATA_MB must be a positive number of megabytes"):
        max_bytes()


@pytest.mark.parametrize("value", ["1e-300", "0.0000001", "5e-324"])
def test_a_limit_under_one_byte_is_refused_plainly(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    """A limit that rounds to nothing is refused as such, not as "0.0 MB, over the limit of 0 MB"."""
    monkeypatch.setenv("CARSI_MAX_DATA_MB", value)
    with pytest.raises(DataFileError, match=r"CARSI_MAX_DATA_MB must be at least 0\.000001 \(one byte\)"):
        max_bytes()


@pytest.mark.parametrize(
    ("size", "limit", "message"),
    [
        (3_000, 1_000, "is 3,000 bytes, over the limit of 1,000 bytes"),
        (50_040_000, 50_000_000, "is 50,040,000 bytes, over the limit of 50,000,000 bytes"),
        (3_000_000, 2_000_000, "is 3.0 MB, over the limit of 2 MB"),
    ],
    ids=["small", "close", "megabytes"],
)
def test_sizes_over_the_limit_are_told_apart(tmp_path: Path, size: int, limit: int, message: str) -> None:
    """A file over the limit and the limit are never written alike: bytes where megabytes would round them together."""
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(size)
    with pytest.raises(DataFileError, match=re.escape(message)):
        read_bytes(big, limit)


# --- validation (pure: dict literals in) -------------------------------------


def test_minimal_document_validates() -> None:
    sheet = validate(minimal(), "f.yaml")
    assert sheet.funding[0].amount_usd == 5
    assert sheet.funding[0].qualifier is Qualifier.EXACT
    assert sheet.funding[0].basis is Basis.TOTAL


def test_bundled_model_validates() -> None:
    sheet = validate(copy.deepcopy(BUNDLED), "factsheet.yaml")
    assert len(sheet.programs) == len(BUNDLED["programs"])
    assert len(sheet.funding) == len(BUNDLED["funding"])


def _set(doc: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    target: Any = doc
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is KeyError:
        del target[int(last) if last.isdigit() else last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("funding.0.amount_usd", "lots", "funding[0] 'f': amount_usd must be a whole number of dollars, got 'lots'"),
        ("funding.0.amount_usd", 361.5, "amount_usd must be a whole number of dollars, got 361.5"),
        ("funding.0.amount_usd", -5, "amount_usd must be a positive number of dollars, got -5"),
        ("funding.0.amount_usd", 10**15, "more than the $10,000,000,000,000 carsi accepts"),
        ("funding.0.amount_usd", True, "amount_usd must be a whole number of dollars, got boolean true"),
        ("funding.0.fy_end", 2009, "fy_end (2009) is before fy_start (2010)"),
        ("funding.0.fy_end", None, "fy_start and fy_end go together"),
        ("funding.0.fy_start", 1066, "fy_start must be a fiscal year between 1900 and 2100, got 1066"),
        ("funding.0.fy_start", "2010", "fy_start must be a fiscal year such as 2012, got '2010'"),
        ("funding.0.qualifier", "more-than", "qualifier must be one of exact, more_than"),
        ("funding.0.qualifier", "more-than", "did you mean 'more_than'?"),
        ("funding.0.basis", "yearly", "basis must be one of per_year, total; got 'yearly'"),
        ("funding.0.program", "q", "funding[0] 'f': program refers to 'q', which is not the id of any program"),
        ("funding.0.amount", 5, "unknown field 'amount' (did you mean 'amount_usd'?)"),
        ("funding.0.quote", KeyError, "funding[0] 'f': quote is required"),
        ("programs.0.name", "", "programs[0] 'p': name must not be empty"),
        ("programs.0.name", "   ", "name must not be empty"),
        ("programs.0.name", False, "name must be text, got boolean false; put it in quotes if it is meant as text"),
        ("programs.0.name", "x" * 501, "name is 501 characters long; the limit is 500"),
        ("programs.0.aliases", "CARSI", "aliases must be a list, got 'CARSI'"),
        ("programs.0.aliases", ["ok", None], "aliases item 2 must be text, got nothing (null)"),
        ("programs.0.id", "Bad Id", "id must be a slug like 'operation-martillo'"),
        ("programs.0.kind", "programme", "did you mean 'program'?"),
        ("programs.0.listed_under", "p", "listed_under forms a cycle: p -> p"),
        ("programs.0.agencies", ["dos"], "agencies refers to 'dos', which is not the id of any agency"),
        ("programs.0.source", "other", "source refers to 'other', but the file's source is 's'"),
        (
            "programs.0.inferred",
            {"nmae": "typo"},
            "inferred key 'nmae' is not a field of this record (did you mean 'name'?)",
        ),
        ("programs.0.inferred", {"\x1b]0;t\x07": "x"}, "inferred key '\\x1b]0;t\\x07' is not a field of this record"),
        ("programs.0", "just text", "programs[0] must be a mapping of fields, got 'just text'"),
        ("programs", {"id": "p"}, "programs must be a list of records, got a mapping"),
        ("source.date", "March 2012", "source: date must be a date written YYYY, YYYY-MM or YYYY-MM-DD"),
        ("source.date", "2012-02-30", "date is not a real date: '2012-02-30'"),
        ("source.url", "javascript:alert(1)", "url must be an http(s) address"),
        ("carsi_schema", 2, "not a carsi data file of schema 1 (carsi_schema 2)"),
        ("carsi_schema", KeyError, "not a carsi data file of schema 1 (no carsi_schema key)"),
        ("programz", [], "unknown key 'programz' (did you mean 'programs'?)"),
    ],
    ids=lambda v: str(v)[:30],
)
def test_schema_errors_name_the_record_and_field(path: str, value: Any, message: str) -> None:
    """Each schema error is one ValidationError naming file, record and field."""
    doc = minimal()
    _set(doc, path, value)
    with pytest.raises(ValidationError) as info:
        validate(doc, "f.yaml")
    assert message in str(info.value)
    assert str(info.value).startswith("f.yaml")


def test_duplicate_ids_across_collections_name_both_records() -> None:
    doc = minimal()
    doc["agencies"] = [{"id": "p", "name": "A", "kind": "agency", "quote": "Q", "source": "s"}]
    with pytest.raises(ValidationError, match=r"agencies\[0\]: id 'p' is already used by f.yaml: programs\[0\]"):
        validate(doc, "f.yaml")


def test_schema_errors_carry_the_line() -> None:
    """Parsed from a file, the message names the record's line."""
    text = (
        "carsi_schema: 1\nsource: {id: s, title: T, date: '2012', publisher: P, citation: C}\n"
        "funding:\n  - id: f\n    program: p\n"
    )
    doc, lines = parse_yaml(text, "f.yaml")
    with pytest.raises(ValidationError, match=r"^f.yaml:4: funding\[0\] 'f': amount_usd is required$"):
        validate(doc, "f.yaml", lines)


@pytest.mark.parametrize("doc", [None, [], "text", 5], ids=["empty", "list", "text", "number"])
def test_top_level_must_be_a_mapping(doc: Any) -> None:
    with pytest.raises(ValidationError, match=r"f\.yaml: "):
        validate(doc, "f.yaml")


# --- whole loads ---------------------------------------------------------------


def test_load_checks_quotes_against_the_source_text(model_dir: Path) -> None:
    """A quote that is not in the source text stops the load, pointing at carsi verify."""
    path = model_dir / "factsheet.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "funding for CARSI totaled $361 million.", "funding for CARSI totaled $362 million."
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(
        ValidationError,
        match=r"funding 'carsi-fy2008-2011': quote does not occur in the source text factsheet.txt; run `carsi verify`",
    ):
        load(path)
    assert load(path, check_quotes=False).funding[0].quote.endswith("$362 million.")


def test_missing_source_text_says_what_to_do(model_dir: Path) -> None:
    (model_dir / "factsheet.txt").unlink()
    with pytest.raises(
        DataFileError,
        match=r"source text .*factsheet.txt does not exist .*copy it beside the data file or remove text_file",
    ):
        load(model_dir / "factsheet.yaml")


def test_quote_finder_agrees_with_plain_search() -> None:
    """The word-indexed search used for large texts answers as `in` does."""
    import random

    from carsi_cli.loading.checks import QuoteFinder

    text = " ".join((DATA_DIR / "factsheet.txt").read_text(encoding="utf-8").split())
    indexed = QuoteFinder(text)
    indexed.LONG = 0  # index even this short text, after the first direct searches
    for _ in range(QuoteFinder.DIRECT + 1):
        assert "FACT SHEET" in indexed
    assert indexed.index is not None
    rng = random.Random(3)
    for _ in range(3000):
        start = rng.randrange(len(text) - 2)
        passage = text[start : start + rng.randint(1, 120)]
        assert passage in indexed
        altered = passage[:-1] + ("#" if passage[-1] != "#" else "%")
        assert (altered in indexed) == (altered in text)
    for passage in ["", " ", "x", "Operation Martillo began", "28 HIDTAs across 47 States"]:
        assert (passage in indexed) == (passage in text)
