"""Any data file, any argument: carsi answers or explains, never crashes, hangs,
loses a record, or lets the data drive the terminal.

The property-based tests run a quick profile by default (CI); a longer one is
selected with `pytest --hypothesis-profile=long` (see conftest.py).
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carsi_cli.model.records import COLLECTIONS as MODEL_COLLECTIONS
from conftest import DATA_DIR, SAMPLE_COMMANDS, Invoke, carsi_process, run_carsi
from hostile import HOSTILE, assert_inert, assert_parses, strip_styles

BUNDLED_TEXT = (DATA_DIR / "factsheet.yaml").read_text(encoding="utf-8")
SOURCE_TEXT = (DATA_DIR / "factsheet.txt").read_text(encoding="utf-8")
BUNDLED: dict[str, Any] = yaml.safe_load(BUNDLED_TEXT)
COLLECTIONS = tuple(c.key for c in MODEL_COLLECTIONS)
FORMATS = ("table", "json", "csv", "markdown")
# Every data command, searching for a word that is everywhere
COMMANDS = [
    (["search", "a", "--limit", "0"] if args[0] == "search" else args, listing) for args, listing in SAMPLE_COMMANDS
]


def run(args: list[str], env: dict[str, str | None] | None = None) -> Any:
    return run_carsi(*args, env=env)


def dump(doc: Any) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10**9)


def check(result: Any, fmt: str, listing: bool) -> None:
    """The run ended as documented: 0, 1 or 2, no traceback, inert output that parses."""
    output = result.stdout + result.stderr
    assert result.exit_code in (0, 1, 2), output[-2000:]
    assert "Traceback" not in output
    assert_inert(result.stdout.replace("\t", " ").replace("\n", " "))
    assert_inert(result.stderr.replace("\n", " "))
    if result.exit_code == 0:
        assert_parses(result, fmt, listing=listing)
    else:  # a failure says why: on stderr, or as verify's list of problems
        assert result.stderr.strip() or result.stdout.strip()


# ---------------------------------------------------------------------------
# Hostile data files, as a user meets them: through the command line


@pytest.mark.slow  # a sweep: the quick tier leaves it to --slow and CI
def test_a_100_mb_file_is_refused_at_once(tmp_path: Path) -> None:
    """Over the size limit: refused from its size, before reading; the limit is adjustable."""
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    result = carsi_process(["--data", str(big), "funding"])
    assert result.returncode == 1
    assert "is 104.9 MB, over the limit of 50 MB; set CARSI_MAX_DATA_MB to raise it" in result.stderr
    raised = carsi_process(["--data", str(big), "funding"], env={"CARSI_MAX_DATA_MB": "200"})
    assert raised.returncode == 1
    assert "character U+0000 is not allowed in YAML" in raised.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
            + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 12)),
            "YAML aliases (*a0) are not supported",
        ),
        ("[" * 200_000 + "]" * 200_000, "nesting deeper than 32 levels"),
        ("- " * 200_000 + "x\n", "nesting deeper than 32 levels"),
        ("a: !!python/object/apply:os.system [touch /tmp/carsi-pwned]\n", "unsupported YAML tag"),
    ],
    ids=["billion-laughs", "deep-flow", "deep-block", "python-tag"],
)
def test_hostile_yaml_ends_promptly_with_one_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    result = carsi_process(["--data", str(path), "programs", "list"])
    assert result.returncode == 1
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not Path("/tmp/carsi-pwned").exists()


@pytest.mark.slow  # a sweep: the quick tier leaves it to --slow and CI
def test_quotes_of_one_repeated_word_end_promptly(tmp_path: Path) -> None:
    """300 quotes of one word repeated, against a 20 MB text of that word: checked, not ground through."""
    doc = copy.deepcopy(BUNDLED)
    doc["source"]["text_file"] = "big.txt"
    for i in range(300):
        quote = "a " * 2000 + ("b" if i % 2 else f"b{i}")
        doc["programs"].append({"id": f"x{i}", "name": "X", "kind": "program", "description": "d", "quote": quote,
                                "source": doc["source"]["id"]})  # fmt: skip
    (tmp_path / "big.txt").write_text("a " * 10_000_000, encoding="utf-8")
    path = tmp_path / "model.yaml"
    path.write_text(dump(doc), encoding="utf-8")
    result = carsi_process(["--data", str(path), "funding"], env={"CARSI_NO_CACHE": "1"})
    assert result.returncode == 1
    assert "does not occur in the source text big.txt; run `carsi verify`" in result.stderr


def test_source_text_on_a_terminal_is_shown_not_obeyed(invoke: Invoke, model_dir: Path) -> None:
    """`carsi source --text` copies the text exactly into a file, but cannot drive a terminal."""
    text = model_dir / "factsheet.txt"
    text.write_text("\x1b]0;title\x07\x1b[2J\u202e" + text.read_text(encoding="utf-8"), encoding="utf-8")
    path = str(model_dir / "factsheet.yaml")
    piped = invoke("--data", path, "source", "--text", env={"CARSI_NO_CACHE": "1"})
    assert piped.stdout.startswith("\x1b]0;title")  # a faithful copy
    shown = invoke("--data", path, "source", "--text", env={"CARSI_NO_CACHE": "1", "FORCE_COLOR": "1"})
    assert_inert(shown.stdout.replace("\n", " "))


def test_a_byte_order_mark_is_accepted(invoke: Invoke, model_dir: Path) -> None:
    path = model_dir / "factsheet.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = invoke("--data", str(path), "funding", "--fy", "2012", "--format", "json")
    assert result.exit_code == 0
    assert len(result.stdout) > 2


# ---------------------------------------------------------------------------
# Hostile text in a valid file


def hostile_model(folder: Path) -> Path:
    """The bundled model with hostile text in every name, alias, description,
    purpose, role, title and quote, and a source text holding the new quotes."""
    doc = copy.deepcopy(BUNDLED)
    quotes: list[str] = []

    def taint(text: str, i: int, limit: int | None = None) -> str:
        value = HOSTILE[i % len(HOSTILE)] + " " + text
        return value[:limit] if limit else value

    def taint_quote(record: dict[str, Any], i: int) -> None:
        record["quote"] = taint(record["quote"], i)
        quotes.append(record["quote"])

    for key in COLLECTIONS:
        for i, record in enumerate(doc[key]):
            for field in ("name", "title", "purpose", "description", "period"):
                if field in record:
                    record[field] = taint(record[field], i + 1, 500 if field == "name" else None)
            if "aliases" in record:
                record["aliases"] = [*record["aliases"], taint("alias", i + 2, 500)]
            for role in record.get("roles", []):
                role["role"] = taint(role["role"], i + 3)
                role["quote"] = taint(role["quote"], i + 4)
                quotes.append(role["quote"])
            taint_quote(record, i)
            if record.get("other_quotes"):
                record["other_quotes"] = [taint(q, i + 5) for q in record["other_quotes"]]
                quotes.extend(record["other_quotes"])
            if "inferred" in record:
                record["inferred"] = {k: taint(v, i + 6, 500) for k, v in record["inferred"].items()}
    doc["source"]["citation"] = taint(doc["source"]["citation"], 5)
    doc["source"]["publisher"] = taint(doc["source"]["publisher"], 7, 500)
    (folder / "factsheet.txt").write_text(SOURCE_TEXT + "\n\n" + "\n\n".join(quotes) + "\n", encoding="utf-8")
    path = folder / "factsheet.yaml"
    path.write_text(dump(doc), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_model(tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize(("args", "listing"), COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_text_prints_inert_in_every_command_and_format(
    hostile_path: Path, args: list[str], listing: bool, fmt: str
) -> None:
    # Its tainted names are not in its quotes: a model being written, looked at unverified.
    result = run(["--data", str(hostile_path), "--unverified", *args, "--format", fmt])
    # verify finds the hostile names unwritten in the text, and lists them (status 1)
    assert result.exit_code == (1 if args == ["verify"] else 0), result.stderr
    check(result, fmt, listing)


@pytest.mark.parametrize(("args", "listing"), COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_hostile_text_in_a_terminal_table_keeps_the_layout(hostile_path: Path, args: list[str], listing: bool) -> None:
    """Drawn for a terminal: only styling escapes and honest links, and no line
    wider than the terminal but one that is a single URL."""
    from carsi_cli.views.layout import cell_width, is_url

    result = run(
        ["--data", str(hostile_path), "--unverified", *args], env={"FORCE_COLOR": "1", "COLUMNS": "80", "TERM": "xterm"}
    )
    assert result.exit_code == (1 if args == ["verify"] else 0), result.stderr
    assert_inert(result.stdout.replace("\n", " "), styled=True)
    plain = strip_styles(result.stdout)
    assert all(cell_width(line) <= 80 or is_url(line.strip()) for line in plain.splitlines())


def test_hostile_text_is_kept_exactly_in_json(hostile_path: Path) -> None:
    """JSON carries the data losslessly (escaped, never interpreted)."""
    import json

    records = json.loads(
        run(["--data", str(hostile_path), "--unverified", "programs", "list", "--format", "json"]).stdout
    )
    expected = yaml.safe_load(hostile_path.read_text(encoding="utf-8"))["programs"]
    assert [r["name"] for r in records] == [p["name"] for p in expected]
    assert [r["quote"] for r in records] == [p["quote"] for p in expected]


# ---------------------------------------------------------------------------
# Generated models: mutations of the bundled one


TEXTS = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE), st.text(max_size=10)),
)
VALUES = st.one_of(
    TEXTS,
    st.integers(),
    st.integers(min_value=10**15, max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.lists(TEXTS, max_size=3),
    st.dictionaries(st.text(max_size=8), TEXTS, max_size=2),
)


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    """The bundled document after a few random edits: fields deleted, retyped,
    garbled or filled with hostile text; records deleted or duplicated; keys renamed."""
    doc = copy.deepcopy(BUNDLED)
    if draw(st.booleans()):
        del doc["source"]["text_file"]  # so that hostile quotes are not refused for their source
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        key = draw(st.sampled_from(("source", *COLLECTIONS)))
        target = doc[key] if key == "source" else draw(st.sampled_from(doc[key])) if doc[key] else None
        if target is None:
            continue
        action = draw(st.sampled_from(("set", "delete", "rename", "drop-record", "copy-record", "hostile")))
        field = draw(st.sampled_from(sorted(target)))
        if action == "set":
            target[field] = draw(VALUES)
        elif action == "delete":
            del target[field]
        elif action == "rename":
            target[field + draw(st.sampled_from(("_", "s", "x")))] = target.pop(field)
        elif action == "hostile" and isinstance(target.get(field), str):
            target[field] = draw(st.sampled_from(HOSTILE)) + target[field]
        elif action == "drop-record" and key != "source":
            doc[key].remove(target)
        elif action == "copy-record" and key != "source":
            doc[key].append(copy.deepcopy(target))
    return doc


PROFILE = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _write(doc_text: str | bytes) -> tuple[tempfile.TemporaryDirectory[str], Path]:
    folder = tempfile.TemporaryDirectory()
    path = Path(folder.name) / "model.yaml"
    if isinstance(doc_text, bytes):
        path.write_bytes(doc_text)
    else:
        path.write_text(doc_text, encoding="utf-8")
    (Path(folder.name) / "factsheet.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    return folder, path


@PROFILE
@given(doc=mutated_documents(), command=st.sampled_from(COMMANDS), fmt=st.sampled_from(FORMATS))
@pytest.mark.slow  # a sweep: the quick tier leaves it to --slow and CI
def test_any_mutation_of_the_model_is_answered_or_explained(
    doc: Any, command: tuple[list[str], bool], fmt: str
) -> None:
    folder, path = _write(dump(doc))
    with folder:
        args, listing = command
        check(run(["--data", str(path), *args, "--format", fmt]), fmt, listing)


@st.composite
def garbled_bytes(draw: st.DrawFn) -> bytes:
    """The bundled file with bytes inserted, deleted or replaced at random places,
    including YAML's own punctuation, tabs and bytes that are not UTF-8."""
    data = bytearray(BUNDLED_TEXT.encode("utf-8"))
    pieces = st.sampled_from(
        [b"\t", b":", b"- ", b"[", b"{", b"&a", b"*a", b"!!", b"'", b'"', b"\n  ", b"\xff", b"\xc3", b"\x00", b"<<: "]
    )
    for _ in range(draw(st.integers(min_value=1, max_value=5))):
        at = draw(st.integers(min_value=0, max_value=len(data)))
        action = draw(st.sampled_from(("insert", "delete", "replace")))
        if action == "insert":
            data[at:at] = draw(st.one_of(pieces, st.binary(max_size=8)))
        elif action == "delete":
            del data[at : at + draw(st.integers(min_value=1, max_value=40))]
        else:
            data[at : at + 1] = draw(pieces)
    return bytes(data)


@PROFILE
@given(data=garbled_bytes(), command=st.sampled_from(COMMANDS), fmt=st.sampled_from(FORMATS))
@pytest.mark.slow  # a sweep: the quick tier leaves it to --slow and CI
def test_any_garbled_file_is_answered_or_explained(data: bytes, command: tuple[list[str], bool], fmt: str) -> None:
    folder, path = _write(data)
    with folder:
        args, listing = command
        check(run(["--data", str(path), *args, "--format", fmt]), fmt, listing)


# ---------------------------------------------------------------------------
# Generated arguments

WORDS = st.one_of(
    st.sampled_from(
        ["carsi", "martillo", "Panamá", "DEA", "", " ", "-", "--", "[", "(", "*", "\\", ".*", "[red]", "%s", "0"]
    ),
    st.sampled_from(HOSTILE),
    st.text(max_size=30).filter(lambda s: "\x00" not in s),
    st.integers().map(str),
    st.floats().map(str),
)
OPTIONS = [
    "--fy", "--from", "--to", "--program", "--country", "--agency", "--kind", "--type", "--limit",
    "--format", "-f", "-t", "--text", "--data", "--help", "--version", "--nope", "-x", "--annotate", "--record",
]  # fmt: skip
PATHS = [["programs", "list"], ["programs", "show"], ["funding"], ["agencies", "list"], ["agencies", "show"],
         ["countries", "list"], ["countries", "show"], ["search"], ["stats"], ["timeline"], ["source"], ["verify"],
         ["programs"], [], ["nonsense"]]  # fmt: skip


@st.composite
def argument_vectors(draw: st.DrawFn) -> list[str]:
    args = list(draw(st.sampled_from(PATHS)))
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        if draw(st.booleans()):
            option = draw(st.sampled_from(OPTIONS))
            args += [option] if option in ("--text", "--help", "--version", "--annotate") else [option, draw(WORDS)]
        else:
            args.append(draw(WORDS))
    return [a for a in args if a != "--data"]  # a file path would be another test


@PROFILE
@given(args=argument_vectors())
@pytest.mark.slow  # a sweep: the quick tier leaves it to --slow and CI
def test_any_arguments_are_answered_or_explained(args: list[str]) -> None:
    result = run(args)
    output = result.stdout + result.stderr
    assert result.exit_code in (0, 1, 2), f"{args!r}: {output[-2000:]}"
    assert "Traceback" not in output
    assert_inert(result.stdout.replace("\t", " ").replace("\n", " "))
    assert_inert(result.stderr.replace("\n", " "))
    if result.exit_code == 0 and "--help" not in args:
        fmt = next((args[i + 1] for i, a in enumerate(args[:-1]) if a in ("--format", "-f")), "table")
        if fmt.lower() == "json":
            import json

            json.loads(result.stdout)


# ---------------------------------------------------------------------------
# Generated valid models: nothing is dropped

SLUGS = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
NAMES = st.one_of(st.sampled_from(HOSTILE[:-1]), st.text(min_size=1, max_size=30)).filter(
    lambda s: bool(s.strip()) and "\x00" not in s
)


@st.composite
def valid_models(draw: st.DrawFn) -> dict[str, Any]:
    ids = draw(st.lists(SLUGS, min_size=4, max_size=24, unique=True))
    cut = sorted(draw(st.lists(st.integers(min_value=1, max_value=len(ids)), min_size=3, max_size=3)))
    programs, funding, agencies, countries = ids[: cut[0]], ids[cut[0] : cut[1]], ids[cut[1] : cut[2]], ids[cut[2] :]
    program_ids = programs

    def record(rid: str) -> dict[str, Any]:
        return {"id": rid, "quote": draw(NAMES), "source": "s"}

    doc: dict[str, Any] = {
        "carsi_schema": 1,
        "source": {"id": "s", "title": draw(NAMES), "date": "2012", "publisher": draw(NAMES), "citation": draw(NAMES)},
        "programs": [
            {**record(p), "name": draw(NAMES), "kind": draw(st.sampled_from(["program", "operation", "strategy"])),
             "description": draw(NAMES), "aliases": draw(st.lists(NAMES, max_size=2)), "agencies": [],
             "countries": draw(st.lists(st.sampled_from(countries), max_size=2, unique=True)) if countries else []}
            for p in programs
        ],
        "funding": [
            {**record(f), "program": draw(st.sampled_from(program_ids)), "amount_usd": draw(st.integers(1, 10**12)),
             "qualifier": draw(st.sampled_from(["exact", "more_than"])),
             "basis": draw(st.sampled_from(["total", "per_year"])), "kind": "allocated", "purpose": draw(NAMES),
             **draw(st.sampled_from([{}, {"fy_start": 2010, "fy_end": 2012}, {"fy_start": 2008, "fy_end": 2008}]))}
            for f in funding
        ],
        "agencies": [{**record(a), "name": draw(NAMES), "kind": "agency"} for a in agencies],
        "countries": [{**record(c), "name": draw(NAMES)} for c in countries],
    }  # fmt: skip
    return doc


LISTINGS = {
    "programs": ["programs", "list"],
    "funding": ["funding"],
    "agencies": ["agencies", "list"],
    "countries": ["countries", "list"],
}


@PROFILE
@given(doc=valid_models())
@pytest.mark.slow  # a sweep: the quick tier leaves it to --slow and CI
def test_every_record_of_a_valid_file_is_in_the_json(doc: dict[str, Any]) -> None:
    import json

    folder, path = _write(dump(doc))
    with folder:
        for key, args in LISTINGS.items():
            # valid, but its quotes are random: looked at unverified
            result = run(["--data", str(path), "--unverified", *args, "--format", "json"])
            assert result.exit_code == 0, result.stderr
            assert [r["id"] for r in json.loads(result.stdout)] == [r["id"] for r in doc[key]]
            csv_result = run(["--data", str(path), "--unverified", *args, "--format", "csv"])
            assert csv_result.stdout.count("\n") >= len(doc[key]) + 1


def test_hostile_text_in_the_workbook_is_text(hostile_path: Path, tmp_path: Path) -> None:
    """`export xlsx` of the hostile model: every cell a plain value, no formula among them, every text inert."""
    from openpyxl import load_workbook

    book = tmp_path / "hostile.xlsx"
    result = run(["--data", str(hostile_path), "--unverified", "export", "xlsx", str(book)])
    assert result.exit_code == 0, result.stderr
    workbook = load_workbook(book)
    texts = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert_inert(cell.value)
                    texts += 1
    assert texts > 100
