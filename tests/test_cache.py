"""The cache of validated models never changes an answer or fails a command."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from carsi_cli.loading import bundled_data_path, cache, load
from conftest import Invoke, carsi_command, carsi_process, process_env


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


def _typed(sheet: Any) -> list[Any]:
    """Every value of every record with its type: a str enum equals its text, so compare types too."""
    from carsi_cli.model.records import RecordType

    return [[(type(v), v) for v in record] for rtype in RecordType for record in sheet.records(rtype)]


def test_a_cached_model_equals_a_parsed_one(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load()  # parsed, then stored
    assert len(entries(cache_dir)) == 1
    second = load()  # read back
    monkeypatch.setenv("CARSI_NO_CACHE", "1")
    third = load()
    assert first == second == third
    assert _typed(second) == _typed(third)


def test_the_second_run_does_not_parse(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a hit, carsi does not parse YAML at all."""
    load()
    from carsi_cli.loading import yamlread

    def refuse(*args: object) -> None:
        raise AssertionError("parsed despite the cache")

    monkeypatch.setattr(yamlread, "parse_yaml", refuse)
    assert load().programs


@pytest.mark.parametrize(
    "damage",
    ["truncate", "corrupt", "garbage", "empty", "other-version", "renamed", "directory", "unreadable"],
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
        entry.write_bytes(b"carsi-cache\x00" + blob[len(cache.MAGIC) :])
    elif damage == "renamed":  # as if another entry were copied here: the name inside differs
        entry.write_bytes(blob.replace(entry.name.encode(), b"f" * 64))
    elif damage == "directory":
        entry.unlink()
        entry.mkdir()
    elif damage == "unreadable":
        if os.geteuid() == 0:
            pytest.skip("root reads any file")
        entry.chmod(0)
    assert answer(invoke, "funding", "--fy", "2010") == expected
    assert answer(invoke, "search", "martillo") == answer(invoke, "search", "martillo", env={"CARSI_NO_CACHE": "1"})


def test_a_framed_entry_that_is_not_a_model_is_a_miss(invoke: Invoke, cache_dir: Path) -> None:
    """An entry whose name and checksum are right but whose body is no model is not trusted blindly."""
    import marshal

    expected = answer(invoke, "programs", "list")
    (entry,) = entries(cache_dir)
    cache.write(entry, marshal.dumps(("not", "a", "model")))
    assert answer(invoke, "programs", "list") == expected


def test_an_entry_whose_records_do_not_fit_the_model_is_a_miss(invoke: Invoke, cache_dir: Path) -> None:
    """A stored collection whose records do not fit the model (a field short): the file is parsed instead."""
    expected = answer(invoke, "funding", "--fy", "2012")
    (entry,) = entries(cache_dir)
    hit = cache.get(entry.name)
    assert hit is not None
    sheet, text_digest = hit
    short: Any = tuple(tuple(record)[:-1] for record in sheet.funding)  # not Funding records: that is the point
    cache.put(entry.name, sheet._replace(funding=short), text_digest)
    assert entry.exists() and cache.get(entry.name) is None  # a miss at once: nothing is left to rebuild later
    result = invoke("funding", "--fy", "2012", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == expected
    assert cache.get(entry.name) is not None  # the entry was rewritten from the parsed file


def test_an_entry_copied_under_another_name_is_a_miss(invoke: Invoke, cache_dir: Path, model_dir: Path) -> None:
    """Each cache file carries its own name: another model's entry never answers for this one."""
    bundled = answer(invoke, "funding", "--fy", "2012")
    (bundled_entry,) = entries(cache_dir)
    path = model_dir / "factsheet.yaml"
    # another model that passes the checks of figures against quotes: a purpose reworded
    path.write_text(path.read_text(encoding="utf-8").replace("      A broad range", "      A wide range", 1))
    answer(invoke, "--data", str(path), "funding", "--format", "json", env={"CARSI_NO_CACHE": None})
    other = next(p for p in entries(cache_dir) if p != bundled_entry)
    bundled_entry.write_bytes(other.read_bytes())
    assert answer(invoke, "funding", "--fy", "2012") == bundled


@pytest.mark.parametrize("kind", ["fifo", "device", "directory"])
@pytest.mark.slow  # a whole process
def test_a_cache_file_that_is_not_a_file_is_a_miss(invoke: Invoke, cache_dir: Path, kind: str) -> None:
    """A named pipe would block a read, a device would never end: neither is read."""

    assert invoke("funding").exit_code == 0  # an entry and its search data
    assert invoke("search", "x").exit_code == 0
    names = [p.name for p in cache_dir.iterdir()]
    assert len(names) == 2
    for name in names:
        target = cache_dir / name
        target.unlink()
        if kind == "fifo":
            os.mkfifo(target)
        elif kind == "device":
            target.symlink_to("/dev/zero")
        else:
            target.mkdir()
    result = carsi_process(
        ["funding", "--fy", "2012", "--format", "json"], env={"CARSI_CACHE_DIR": str(cache_dir)}, timeout=30
    )
    assert result.returncode == 0, result.stderr
    assert {r["id"] for r in json.loads(result.stdout)} == {"carsi-fy2012", "drug-programs-fy2012"}


@pytest.mark.parametrize("mode", [0o777, 0o775])
def test_a_cache_directory_others_can_write_is_not_used(invoke: Invoke, tmp_path: Path, mode: int) -> None:
    """Entries in a directory someone else could write to are never read back."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(mode)
    assert invoke("funding", "--fy", "2012", env={"CARSI_CACHE_DIR": str(shared)}).exit_code == 0
    assert list(shared.iterdir()) == []


@pytest.mark.parametrize("damage", ["another-model", "not-a-database", "not-bytes"])
def test_damaged_search_data_never_changes_an_answer(invoke: Invoke, cache_dir: Path, damage: str) -> None:
    """A kept search index that is another model's, or no index at all, is built again."""
    from carsi_cli.query import ftsindex

    expected = answer(invoke, "search", "martillo", "--limit", "0")
    (entry,) = entries(cache_dir)
    kept = cache.get_extra(entry.name, "fts")
    assert ftsindex.valid(kept)
    sheet = load()
    if damage == "another-model":  # the same records in another order: every row id points elsewhere
        damaged: object = ftsindex.build(sheet._replace(programs=tuple(reversed(sheet.programs))))
    elif damage == "not-a-database":
        damaged = kept[:100] + b"\x00" * (len(kept) - 100)
    else:
        damaged = ("martillo",) * 6
    cache.put_extra(entry.name, "fts", damaged)
    assert answer(invoke, "search", "martillo", "--limit", "0") == expected


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
    for i in range(cache.KEEP + 4):
        copy = tmp_path / f"m{i}.yaml"
        copy.write_text(source.replace("carsi_schema: 1", f"# copy {i}\ncarsi_schema: 1"), encoding="utf-8")
        (tmp_path / "factsheet.txt").write_text((bundled_data_path().parent / "factsheet.txt").read_text("utf-8"))
        load(copy)
    assert len(entries(cache_dir)) == cache.KEEP


def _age(path: Path, seconds: float = 60) -> None:
    """Make a file look unchanged for a while (its status may then be trusted)."""
    past = path.stat().st_mtime - seconds
    os.utime(path, (past, past))


def test_a_rewrite_that_keeps_size_and_time_is_still_seen(invoke: Invoke, cache_dir: Path, model_dir: Path) -> None:
    """Entries are found by the file's content, not its status: same size and time, new content, new answer."""
    import time

    path = model_dir / "factsheet.yaml"
    _age(path)
    assert answer(invoke, "--data", str(path), "programs", "show", "martillo")["name"] == "Operation Martillo"
    before = path.stat()
    time.sleep(0.1)
    path.write_text(path.read_text(encoding="utf-8").replace("name: Operation Martillo", "name: Operation Martillx"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same modification time
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert answer(invoke, "--data", str(path), "programs", "show", "martillo")["name"] == "Operation Martillx"


def test_the_entry_depends_on_the_yaml_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml accepts a few things the pure Python parser refuses: their models are not shared."""
    data = bundled_data_path().read_bytes()
    cache._code.cache_clear()
    monkeypatch.setattr(cache, "_yaml_parser", lambda: "libyaml")
    with_libyaml = cache.key(data)
    cache._code.cache_clear()
    monkeypatch.setattr(cache, "_yaml_parser", lambda: "python")
    assert cache.key(data) != with_libyaml
    cache._code.cache_clear()


def test_the_cache_never_calls_into_the_loader() -> None:
    """Imports run one way: the loader uses the cache; the cache uses the model only, nothing of the loader's."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(cache))
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    modules |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    carsis = {name for name in modules if name.startswith("carsi_cli")}
    assert carsis and all(name.startswith("carsi_cli.model") for name in carsis), carsis


@pytest.mark.slow  # a whole process
def test_a_change_to_carsis_code_makes_a_new_entry(tmp_path: Path) -> None:
    """An entry stored by other code is stale: after a change to the loader, the file is parsed and stored anew."""
    import carsi_cli

    package = tmp_path / "site" / "carsi_cli"
    shutil.copytree(Path(carsi_cli.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    env = {"PYTHONPATH": str(tmp_path / "site"), "CARSI_CACHE_DIR": str(tmp_path / "cache")}
    answers = []
    for run in range(3):
        if run == 2:  # a change to validation: its models may differ, so the old entry is not read
            schema = package / "loading" / "schema.py"
            schema.write_text(schema.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
        result = carsi_process(["funding", "--fy", "2012", "--format", "json"], env=env)
        assert result.returncode == 0, result.stderr
        answers.append(json.loads(result.stdout))
        assert len(entries(tmp_path / "cache")) == (1 if run < 2 else 2)
    assert answers[0] == answers[1] == answers[2]


@pytest.mark.slow  # a whole process
def test_a_sourceless_install_works_and_caches(tmp_path: Path) -> None:
    """Installed as .pyc files only (no .py to fingerprint), carsi still answers, and caches."""
    import compileall
    import shutil

    import carsi_cli

    package = tmp_path / "site" / "carsi_cli"
    shutil.copytree(Path(carsi_cli.__file__).parent, package, symlinks=False)
    assert compileall.compile_dir(package, legacy=True, quiet=1)
    for source in package.rglob("*.py"):
        source.unlink()
    env = {"PYTHONPATH": str(tmp_path / "site"), "CARSI_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):
        result = carsi_process(["funding", "--fy", "2012"], env=env)
        assert result.returncode == 0, result.stderr
        assert "$105 million in FY2012" in result.stdout
    assert entries(tmp_path / "cache")


# ---------------------------------------------------------------------------
# The cache touches only its own files, in a directory that is the user's own


def test_pruning_touches_only_carsis_own_files(cache_dir: Path, tmp_path: Path) -> None:
    """Files with an entry's name that carsi did not write (or wrote under another name) outlive pruning."""
    cache_dir.mkdir(mode=0o700)
    (tmp_path / "target").write_bytes(b"a file a link points at")
    foreign: dict[str, bytes] = {}
    for i in range(20):
        name = f"{i:064x}"
        if i == 0:  # carsi's frame, under another name: not provably this file
            cache.write(cache_dir / name, b"body")
            blob = (cache_dir / name).read_bytes().replace(name.encode(), f"{99:064x}".encode())
        elif i == 1:
            blob = b""
        elif i == 2:
            (cache_dir / name).symlink_to(tmp_path / "target")
            foreign[name] = b"link"
            continue
        else:
            blob = os.urandom(200)
        (cache_dir / name).write_bytes(blob)
        (cache_dir / f"{name}.search").write_bytes(b"data of someone else's")
        foreign[name] = blob
    for path in cache_dir.iterdir():
        _age(path, 86400)  # older than anything carsi writes: first in line
    source = bundled_data_path().read_text(encoding="utf-8")
    (tmp_path / "factsheet.txt").write_bytes(bundled_data_path().with_name("factsheet.txt").read_bytes())
    for i in range(cache.KEEP + 2):
        copy = tmp_path / f"m{i}.yaml"
        copy.write_text(source.replace("carsi_schema: 1", f"# copy {i}\ncarsi_schema: 1"), encoding="utf-8")
        load(copy)
    for name, blob in foreign.items():
        path = cache_dir / name
        assert path.is_symlink() if blob == b"link" else path.read_bytes() == blob
        if blob != b"link":
            assert (cache_dir / f"{name}.search").exists()
    assert (tmp_path / "target").exists()
    assert len([p for p in entries(cache_dir) if p.name not in foreign]) == cache.KEEP


def test_pruning_removes_entries_of_an_older_layout(cache_dir: Path, tmp_path: Path) -> None:
    """Entries an earlier carsi wrote (its magic, another layout version, their own names) are pruned like today's."""
    cache_dir.mkdir(mode=0o700)
    name = f"{7:064x}"
    label = name.encode()
    older = cache_dir / name
    older.write_bytes(cache.MAGIC[:-1] + b"\x04" + b"\0" * 4 + len(label).to_bytes(2, "big") + label + b"an old body")
    (cache_dir / f"{name}.fts").write_bytes(cache.MAGIC[:-1] + b"\x04" + b"\0" * 4 + b"\0\x44" + f"{name}.fts".encode())
    for path in cache_dir.iterdir():
        _age(path, 86400)
    source = bundled_data_path().read_text(encoding="utf-8")
    (tmp_path / "factsheet.txt").write_bytes(bundled_data_path().with_name("factsheet.txt").read_bytes())
    for i in range(cache.KEEP):
        copy = tmp_path / f"m{i}.yaml"
        copy.write_text(source.replace("carsi_schema: 1", f"# copy {i}\ncarsi_schema: 1"), encoding="utf-8")
        load(copy)
    assert not older.exists() and not (cache_dir / f"{name}.fts").exists()
    assert len(entries(cache_dir)) == cache.KEEP


@pytest.mark.slow  # a whole process
def test_temporary_files_of_killed_writes_are_removed(cache_dir: Path) -> None:
    """A temporary file carsi began and never finished is removed once it is an hour old; no other file is."""
    cache_dir.mkdir(mode=0o700)
    stale = cache_dir / ".tmp-abcd1234"
    stale.write_bytes(cache.MAGIC + b"the first part of an entry")
    fresh = cache_dir / ".tmp-efgh5678"  # a write going on now, in another carsi
    fresh.write_bytes(cache.MAGIC + b"the first part of an entry")
    not_carsis = cache_dir / ".tmp-ijkl9012"
    not_carsis.write_bytes(b"someone else's temporary file")
    other_name = cache_dir / ".tmp-another-program"
    other_name.write_bytes(cache.MAGIC)
    for path in (stale, not_carsis, other_name):
        _age(path, 2 * 3600)
    load()  # a miss: an entry is written, and old files are looked at
    assert entries(cache_dir)
    assert not stale.exists()
    assert fresh.exists() and not_carsis.exists() and other_name.exists()


def plant(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A forged entry for the bundled model in ``folder``, framed as carsi's own,
    that says the FY2012 CARSI commitment is $999 million."""
    sheet = load()
    forged = tuple(f._replace(amount_usd=999_000_000) if f.id == "carsi-fy2012" else f for f in sheet.funding)
    entry = cache.key(bundled_data_path().read_bytes())
    text = cache.digest(bundled_data_path().with_name("factsheet.txt").read_bytes())
    with monkeypatch.context() as patch:
        patch.setenv("CARSI_CACHE_DIR", str(folder))
        cache.put(entry, sheet._replace(funding=forged), text)
    assert (folder / entry).exists()
    return folder / entry


def fy2012(env: dict[str, str | None], cwd: Path) -> Any:
    """The FY2012 amounts `carsi funding --fy 2012 --format json` gives, run in ``cwd``."""
    result = carsi_process(["funding", "--fy", "2012", "--format", "json"], env=env, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return sorted(record["amount_usd"] for record in json.loads(result.stdout))


ANSWER_2012 = [105_000_000, 10_000_000_000]  # "FY 2012's $105 million", "More than $10 billion" (the source text)
NO_SETTING: dict[str, str | None] = {"CARSI_CACHE_DIR": None, "XDG_CACHE_HOME": None, "CARSI_NO_CACHE": None}


def test_a_planted_entry_is_read_from_the_cache_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control for the tests below: in the cache directory itself, carsi trusts the files it wrote."""
    planted = plant(tmp_path / "cache", monkeypatch)
    assert fy2012({"CARSI_CACHE_DIR": str(planted.parent)}, tmp_path) == sorted([999_000_000, 10_000_000_000])


@pytest.mark.parametrize("home", ["home", "./home", "~"])
def test_a_home_that_is_not_an_absolute_path_means_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: str
) -> None:
    """With HOME relative, carsi runs without a cache, not in ./home/.cache/carsi, where an entry was planted."""
    planted = plant(tmp_path / home / ".cache" / "carsi", monkeypatch)
    before = sorted(planted.parent.iterdir())
    assert fy2012({**NO_SETTING, "HOME": home}, tmp_path) == ANSWER_2012
    assert sorted(planted.parent.iterdir()) == before


def test_a_relative_xdg_cache_home_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A relative XDG_CACHE_HOME is ignored, as the XDG specification says: the cache is ~/.cache/carsi."""
    planted = plant(tmp_path / "xdg" / "carsi", monkeypatch)
    home = tmp_path / "home"
    assert fy2012({**NO_SETTING, "HOME": str(home), "XDG_CACHE_HOME": "xdg"}, tmp_path) == ANSWER_2012
    assert entries(home / ".cache" / "carsi")
    assert sorted(p.name for p in planted.parent.iterdir()) == [planted.name]


@pytest.mark.parametrize("setting", ["cache", "./cache", "cache/carsi", "~/cache"])
def test_a_relative_cache_dir_setting_means_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    """A relative CARSI_CACHE_DIR names a folder under the working directory, where a cloned
    repository can plant an entry: carsi runs without a cache, reading and writing nothing there."""
    planted = plant(tmp_path / setting, monkeypatch)
    before = sorted(tmp_path.rglob("*"))
    home = tmp_path / "home"
    env = {**NO_SETTING, "HOME": str(home), "CARSI_CACHE_DIR": setting}
    assert fy2012(env, tmp_path) == ANSWER_2012
    assert fy2012(env, tmp_path) == ANSWER_2012  # a second run reads nothing the first could have left
    assert sorted(tmp_path.rglob("*")) == before
    assert sorted(p.name for p in planted.parent.iterdir()) == [planted.name]


def test_a_relative_cache_dir_setting_creates_nothing(tmp_path: Path) -> None:
    """With a relative CARSI_CACHE_DIR and no such folder, none is made in the working directory."""
    assert fy2012({**NO_SETTING, "HOME": str(tmp_path / "home"), "CARSI_CACHE_DIR": "cache"}, tmp_path) == ANSWER_2012
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_an_absolute_xdg_cache_home_is_used(tmp_path: Path) -> None:
    """An absolute XDG_CACHE_HOME holds the cache."""
    env = {**NO_SETTING, "HOME": str(tmp_path / "home"), "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    assert fy2012(env, tmp_path) == ANSWER_2012
    assert entries(tmp_path / "xdg" / "carsi")


def test_without_a_password_entry_or_home_there_is_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A user with no password entry and no HOME (containers): no cache, not one in ./~/.cache/carsi.
    Run as root in a mount namespace whose password database lacks root; skipped where that is not possible."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("needs root and unshare, to hide the user's password entry")
    planted = plant(tmp_path / "~" / ".cache" / "carsi", monkeypatch)
    uid = os.getuid()
    passwd = tmp_path / "passwd"
    lines = Path("/etc/passwd").read_text(encoding="utf-8").splitlines(keepends=True)
    passwd.write_text("".join(line for line in lines if line.split(":")[2:3] != [str(uid)]), encoding="utf-8")
    nsswitch = tmp_path / "nsswitch.conf"
    nsswitch.write_text("passwd: files\ngroup: files\n", encoding="utf-8")
    script = (
        f"mount --bind {passwd} /etc/passwd && mount --bind {nsswitch} /etc/nsswitch.conf && "
        f'cd {shlex.quote(str(tmp_path))} && exec env -u HOME -u CARSI_CACHE_DIR -u XDG_CACHE_HOME "$@"'
    )

    def run(*command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["unshare", "--mount", "sh", "-c", script, "sh", *command],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env=process_env(),
        )

    home = run(sys.executable, "-c", "import os; print(os.path.expanduser('~'))")
    if home.returncode != 0 or home.stdout.strip() != "~":
        pytest.skip(f"cannot hide the password entry here: {home.stderr.strip() or home.stdout.strip()}")
    result = run(*carsi_command(["funding", "--fy", "2012", "--format", "json"]))
    assert result.returncode == 0, result.stderr
    assert sorted(record["amount_usd"] for record in json.loads(result.stdout)) == ANSWER_2012
    assert sorted(p.name for p in planted.parent.iterdir()) == [planted.name]


def test_a_full_disk_under_the_cache_costs_only_time(full_disk: Path) -> None:
    """With no space left for the cache, carsi answers, and leaves no temporary file behind."""
    folder = full_disk / "cache"
    assert fy2012({"CARSI_CACHE_DIR": str(folder)}, full_disk) == ANSWER_2012
    assert sorted(p.name for p in folder.iterdir()) == []


def test_every_module_that_decides_a_valid_model_is_in_the_code_digest() -> None:
    """Each module of loading/ (reading, validating, checking, caching) is part of the digest an entry is
    keyed by: a change to any of them, a new check included, makes old entries stale."""
    from carsi_cli.loading import cache as cache_module

    folder = Path(cache_module.__file__).parent
    assert {path.stem for path in folder.glob("*.py")} <= set(cache_module._LOAD)
