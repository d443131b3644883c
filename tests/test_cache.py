"""The cache of validated models never changes an answer or fails a command."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from carsi_cli import cache
from carsi_cli.load import bundled_data_path, load
from conftest import Invoke


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CARSI_CACHE_DIR", str(folder))
    return folder


def entries(folder: Path) -> list[Path]:
    """The cached models (not their derived data or the table of file statuses)."""
    return [p for p in folder.iterdir() if len(p.name) == 64] if folder.exists() else []


def answer(invoke: Invoke, *args: str, env: dict[str, str | None] | None = None) -> Any:
    result = invoke(*args, "--format", "json", env=env)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_a_cached_model_equals_a_parsed_one(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load()  # parsed, then stored
    assert len(entries(cache_dir)) == 1
    second = load()  # read back
    monkeypatch.setenv("CARSI_NO_CACHE", "1")
    assert first == second == load()


def test_the_second_run_does_not_parse(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a hit, carsi does not parse YAML at all."""
    load()
    import carsi_cli.load as loader

    def refuse(*args: object) -> None:
        raise AssertionError("parsed despite the cache")

    monkeypatch.setattr(loader, "parse_yaml", refuse)
    assert load().programs


@pytest.mark.parametrize(
    "damage",
    ["truncate", "corrupt", "garbage", "empty", "other-version", "directory", "unreadable"],
)
def test_a_damaged_entry_is_a_miss(invoke: Invoke, cache_dir: Path, damage: str) -> None:
    """Whatever happened to an entry, commands answer as without a cache."""
    expected = answer(invoke, "funding", "--fy", "2010")
    (entry,) = entries(cache_dir)
    blob = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(blob[: len(blob) // 2])
    elif damage == "corrupt":
        middle = len(blob) // 2
        entry.write_bytes(blob[:middle] + bytes([blob[middle] ^ 0xFF]) + blob[middle + 1 :])
    elif damage == "garbage":
        entry.write_bytes(os.urandom(len(blob)))
    elif damage == "empty":
        entry.write_bytes(b"")
    elif damage == "other-version":
        entry.write_bytes(b"carsi-cache\x00" + blob[len(cache._MAGIC) :])
    elif damage == "directory":
        entry.unlink()
        entry.mkdir()
    elif damage == "unreadable":
        if os.geteuid() == 0:
            pytest.skip("root reads any file")
        entry.chmod(0)
    assert answer(invoke, "funding", "--fy", "2010") == expected
    assert answer(invoke, "search", "martillo") == answer(invoke, "search", "martillo", env={"CARSI_NO_CACHE": "1"})


def test_a_well_formed_entry_of_the_wrong_shape_is_a_miss(invoke: Invoke, cache_dir: Path) -> None:
    """Even an entry with a correct checksum holding something else is not trusted blindly."""
    import marshal
    import zlib

    expected = answer(invoke, "programs", "list")
    (entry,) = entries(cache_dir)
    header = marshal.dumps((("s",), None, (3, 3)))
    body = len(header).to_bytes(4, "big") + header + marshal.dumps(()) + marshal.dumps(())
    entry.write_bytes(cache._MAGIC + zlib.crc32(body).to_bytes(4, "big") + body)
    assert answer(invoke, "programs", "list") == expected


def test_an_unwritable_cache_costs_only_time(invoke: Invoke, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        blocked = tmp_path / "file-not-dir"
        blocked.write_text("x")  # a file where the directory should be: unwritable even for root
        folder = blocked / "cache"
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    result = invoke("funding", "--fy", "2012", "--format", "json", env={"CARSI_CACHE_DIR": str(folder)})
    assert result.exit_code == 0 and result.stderr == ""
    assert {r["id"] for r in json.loads(result.stdout)} == {"carsi-fy2012", "drug-programs-fy2012"}


def test_a_changed_data_file_is_parsed_again(invoke: Invoke, cache_dir: Path, model_dir: Path) -> None:
    path = model_dir / "factsheet.yaml"
    assert answer(invoke, "--data", str(path), "programs", "show", "martillo")["name"] == "Operation Martillo"
    path.write_text(path.read_text(encoding="utf-8").replace("name: Operation Martillo", "name: Operation Hammer"))
    assert answer(invoke, "--data", str(path), "programs", "show", "martillo")["name"] == "Operation Hammer"


def test_a_changed_source_text_is_checked_again(invoke: Invoke, cache_dir: Path, model_dir: Path) -> None:
    """The cache remembers which source text the quotes were checked against."""
    path = model_dir / "factsheet.yaml"
    assert invoke("--data", str(path), "funding").exit_code == 0
    text = model_dir / "factsheet.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("totaled $361 million", "totaled $362 million"))
    result = invoke("--data", str(path), "funding")
    assert result.exit_code == 1
    assert "carsi-fy2008-2011" in result.stderr and "does not occur in the source text" in result.stderr


def test_bad_files_are_never_cached(invoke: Invoke, cache_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("carsi_schema: 1\nsource: {}\n")
    assert invoke("--data", str(bad), "funding").exit_code == 1
    assert entries(cache_dir) == []


def test_no_cache_setting(invoke: Invoke, cache_dir: Path) -> None:
    assert invoke("stats", env={"CARSI_NO_CACHE": "1"}).exit_code == 0
    assert entries(cache_dir) == []


def test_old_entries_are_pruned(cache_dir: Path, tmp_path: Path) -> None:
    source = bundled_data_path().read_text(encoding="utf-8")
    for i in range(cache._KEEP + 4):
        copy = tmp_path / f"m{i}.yaml"
        copy.write_text(source.replace("carsi_schema: 1", f"# copy {i}\ncarsi_schema: 1"), encoding="utf-8")
        (tmp_path / "factsheet.txt").write_text((bundled_data_path().parent / "factsheet.txt").read_text("utf-8"))
        load(copy)
    assert len(entries(cache_dir)) == cache._KEEP


def _age(path: Path, seconds: float = 60) -> None:
    """Make a file look unchanged for a while (its status may then be trusted)."""
    past = path.stat().st_mtime - seconds
    os.utime(path, (past, past))


def test_a_rewrite_that_keeps_size_and_time_is_still_seen(
    invoke: Invoke, cache_dir: Path, model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The status fast path compares the change time too, which no tool can set back."""
    import time

    monkeypatch.setattr(cache, "_RACY_SECONDS", 0.0)  # trust statuses at once (the tests cannot wait)
    path = model_dir / "factsheet.yaml"
    _age(path)
    assert answer(invoke, "--data", str(path), "programs", "show", "martillo")["name"] == "Operation Martillo"
    assert (cache_dir / "statuses").exists()
    before = path.stat()
    time.sleep(0.1)  # past the kernel clock's granularity: the change time will differ
    path.write_text(path.read_text(encoding="utf-8").replace("name: Operation Martillo", "name: Operation Martillx"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same modification time
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert answer(invoke, "--data", str(path), "programs", "show", "martillo")["name"] == "Operation Martillx"


def test_a_file_changed_just_now_is_not_trusted_by_status(
    cache_dir: Path, model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = model_dir / "factsheet.yaml"
    path.write_text(path.read_text(encoding="utf-8"))  # changed now
    load(path)
    assert cache.known_digest(path, path.stat()) is None
    monkeypatch.setattr(cache, "_RACY_SECONDS", 0.0)
    load(path)
    assert cache.known_digest(path, path.stat()) == cache.digest(path.read_bytes())


@pytest.mark.parametrize("damage", ["garbage", "empty", "wrong-type"])
def test_a_damaged_status_table_only_costs_a_read(
    invoke: Invoke, cache_dir: Path, model_dir: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import marshal
    import zlib

    monkeypatch.setattr(cache, "_RACY_SECONDS", 0.0)  # trust statuses at once (the tests cannot wait)
    path = model_dir / "factsheet.yaml"
    _age(path)
    expected = answer(invoke, "--data", str(path), "funding")
    table = cache_dir / "statuses"
    if damage == "garbage":
        table.write_bytes(os.urandom(200))
    elif damage == "empty":
        table.write_bytes(b"")
    else:
        body = marshal.dumps(["not", "a", "table"])
        table.write_bytes(cache._MAGIC + zlib.crc32(body).to_bytes(4, "big") + body)
    assert answer(invoke, "--data", str(path), "funding") == expected
    assert cache.known_digest(path, path.stat()) is not None  # and the table is whole again
