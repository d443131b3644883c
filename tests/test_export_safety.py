"""Exports replace or delete only what the user named, and leave nothing behind:
a full disk, a signal, a folder of the user's own, the working folder, a named
pipe or a device, a long name."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from carsi_cli.errors import CarsiError
from carsi_cli.onward.writing import new_folder
from conftest import Invoke, carsi_command, process_env

pytestmark = pytest.mark.slow  # whole processes: signals during exports, full disks, special files

ROOT = Path(__file__).resolve().parents[1]
# Each export: its arguments before the target, and the target's name.
EXPORTS = {"sqlite": ("carsi.db",), "datapackage": ("carsi-data",), "html": ("page.html",), "xlsx": ("carsi.xlsx",)}
FILE_EXPORTS = ["sqlite", "html", "xlsx"]
ONLY = "--force replaces only a regular file (or a link straight to one)"


def _tree(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` (not following links) and a digest of what it is."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[str(path.relative_to(folder))] = "-> " + os.readlink(path)
        elif path.is_file():
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[str(path.relative_to(folder))] = "folder" if path.is_dir() else "other"
    return found


# ---------------------------------------------------------------------------
# A full disk


@pytest.mark.parametrize("export", list(EXPORTS), ids=str)
def test_an_export_to_a_full_disk_is_one_line_and_status_1(invoke: Invoke, full_disk: Path, export: str) -> None:
    """No space left: one line naming the target, status 1 (not an internal error), nothing left."""
    before = _tree(full_disk)
    target = full_disk / EXPORTS[export][0]
    result = invoke("export", export, str(target))
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith(f"Error: cannot write {target}: ")
    assert result.stderr.count("\n") == 1 and "internal error" not in result.stderr
    assert _tree(full_disk) == before


# ---------------------------------------------------------------------------
# Signals: Ctrl-C, SIGTERM, SIGHUP during an export


@pytest.fixture(scope="session")
def big_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated model of 3000 programs (with its source text): exports that take a while."""
    path = tmp_path_factory.mktemp("big") / "model.yaml"
    made = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "3000", str(path), "--text"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    return path


def _temporaries(folder: Path) -> list[Path]:
    return list(folder.glob(".carsi-*"))


def _start(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        carsi_command(args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=process_env(), text=True
    )


def _stopped_while_writing(process: subprocess.Popen[str], folder: Path) -> bool:
    """Wait until the export has its temporary, then stop the process; whether
    the temporary is still there (the export not yet finished) once it is stopped."""
    while not _temporaries(folder):
        if process.poll() is not None:
            return False
        time.sleep(0.001)
    process.send_signal(signal.SIGSTOP)
    return bool(_temporaries(folder))


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
@pytest.mark.parametrize("export", list(EXPORTS), ids=str)
def test_a_signal_during_an_export_leaves_nothing(
    big_model: Path, tmp_path: Path, export: str, signum: signal.Signals
) -> None:
    """A signal while the export is written: the temporary file or folder removed, and the
    end that signal gives (Ctrl-C: "Interrupted", then ended by SIGINT; the others: ended by them)."""
    folder = tmp_path / "out"
    folder.mkdir()
    for _ in range(5):  # until the signal lands while the export is under way
        process = _start(["--data", str(big_model), "export", export, str(folder / EXPORTS[export][0])])
        caught = _stopped_while_writing(process, folder)
        process.send_signal(signum)
        process.send_signal(signal.SIGCONT)
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == -signum, stderr
        assert _temporaries(folder) == []
        if caught:
            assert stderr == ("Interrupted\n" if signum == signal.SIGINT else "")
            assert list(folder.iterdir()) == []
            return
        for leftover in folder.iterdir():  # finished before the signal: start again
            if leftover.is_dir():
                for path in leftover.iterdir():
                    path.unlink()
                leftover.rmdir()
            else:
                leftover.unlink()
    pytest.fail("every export ended before its temporary was seen")


def test_a_hangup_carsi_was_told_to_ignore_stays_ignored(big_model: Path, tmp_path: Path) -> None:
    """Started with SIGHUP ignored (nohup), an export goes on through a hangup and is written."""
    target = tmp_path / "pkg"
    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # an ignored signal stays ignored in a child
    try:
        process = _start(["--data", str(big_model), "export", "datapackage", str(target)])
    finally:
        signal.signal(signal.SIGHUP, before)
    assert _stopped_while_writing(process, tmp_path)
    process.send_signal(signal.SIGHUP)
    process.send_signal(signal.SIGCONT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert (target / "datapackage.json").is_file() and _temporaries(tmp_path) == []


def test_a_file_added_during_a_forced_export_is_kept(big_model: Path, tmp_path: Path) -> None:
    """--force onto carsi's package: a file the user adds to it while the export is written is
    not deleted; the export is refused and the folder left as it was, with nothing stray."""
    target = tmp_path / "pkg"
    first = _start(["--data", str(big_model), "export", "datapackage", str(target)])
    _, stderr = first.communicate(timeout=120)
    assert first.returncode == 0, stderr
    process = _start(["--data", str(big_model), "export", "datapackage", str(target), "--force"])
    while not _temporaries(tmp_path):
        assert process.poll() is None, process.communicate()
        time.sleep(0.001)
    (target / "budget-2024.csv").write_text("year,amount\n2024,1\n", encoding="utf-8")
    before = _tree(target)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1
    assert stderr.startswith(f"Error: {target} ") and "did not write" in stderr and stderr.count("\n") == 1
    assert _tree(target) == before
    assert [p.name for p in tmp_path.iterdir()] == ["pkg"]


# ---------------------------------------------------------------------------
# What --force replaces: a data package folder


def _users_descriptor(folder: Path) -> None:
    for path in folder.iterdir():
        path.unlink()
    package = {"name": "budget", "resources": [{"name": "budget-2024", "path": "budget-2024.csv"}]}
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    (folder / "budget-2024.csv").write_text("year,amount\n2024,1\n", encoding="utf-8")


def _carsis_with_a_csv(folder: Path) -> None:
    (folder / "budget-2024.csv").write_text("year,amount\n2024,1\n", encoding="utf-8")


def _carsis_with_the_users_descriptor(folder: Path) -> None:
    (folder / "datapackage.json").write_text('{"name": "mine", "resources": []}', encoding="utf-8")


def _carsis_with_a_subfolder(folder: Path) -> None:
    (folder / "notes").mkdir()


def _carsis_with_a_link(folder: Path) -> None:
    (folder / "programs.csv").unlink()
    (folder / "programs.csv").symlink_to(folder / "funding.csv")


@pytest.mark.parametrize(
    "make",
    [
        _users_descriptor,
        _carsis_with_a_csv,
        _carsis_with_the_users_descriptor,
        _carsis_with_a_subfolder,
        _carsis_with_a_link,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
def test_force_never_replaces_a_folder_that_is_not_carsis_package(
    invoke: Invoke, tmp_path: Path, make: Callable[[Path], None]
) -> None:
    """--force replaces a folder only if it holds exactly carsi's own package files:
    the user's CSV files, descriptor, folders and links are kept, with status 1."""
    target = tmp_path / "mydata"
    assert invoke("export", "datapackage", str(target)).exit_code == 0
    make(target)
    before = _tree(target)
    result = invoke("export", "datapackage", str(target), "--force")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {target} holds files this export did not write; not replaced, even with --force\n"
    assert _tree(target) == before
    assert [p.name for p in tmp_path.iterdir()] == ["mydata"]


def test_force_replaces_carsis_own_package_and_an_empty_folder(invoke: Invoke, tmp_path: Path) -> None:
    """--force replaces a package carsi wrote, and an empty folder; nothing stray beside it."""
    target = tmp_path / "pkg"
    target.mkdir()
    assert invoke("export", "datapackage", str(target), "--force").exit_code == 0
    (target / "programs.csv").write_text("id\n", encoding="utf-8")  # carsi's name: replaced
    result = invoke("export", "datapackage", str(target), "--force")
    assert result.exit_code == 0, result.stderr
    assert (target / "programs.csv").read_text(encoding="utf-8") != "id\n"
    assert [p.name for p in tmp_path.iterdir()] == ["pkg"]


@pytest.mark.parametrize("where", [".", "..", "absolute"], ids=str)
def test_the_working_folder_is_never_replaced(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The working folder, or a folder that holds it: refused with a clear message, nothing stray."""
    target = tmp_path / "pkg"
    assert invoke("export", "datapackage", str(target)).exit_code == 0
    inside = target if where != ".." else target / "sub"
    inside.mkdir(exist_ok=True)
    monkeypatch.chdir(inside)
    given = str(target) if where == "absolute" else where
    before = _tree(tmp_path)
    result = invoke("export", "datapackage", given, "--force")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {given} is the working folder or holds it; give the name of another folder to write\n"
    )
    assert _tree(tmp_path) == before


def test_a_failed_swap_leaves_the_old_folder_and_nothing_stray(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old package cannot be moved aside (a busy folder, a mount point): one line, the old
    package as it was, no empty folder left beside it."""
    target = tmp_path / "pkg"
    assert invoke("export", "datapackage", str(target)).exit_code == 0
    before = _tree(tmp_path)
    real = os.replace

    def busy(source: str | os.PathLike[str], destination: str | os.PathLike[str]) -> None:
        if Path(source) == target:
            raise OSError(errno.EBUSY, "Device or resource busy")
        real(source, destination)

    monkeypatch.setattr(os, "replace", busy)
    result = invoke("export", "datapackage", str(target), "--force")
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {target}: Device or resource busy\n"
    assert _tree(tmp_path) == before


def test_a_folder_that_appears_during_an_export_is_kept_without_force(tmp_path: Path) -> None:
    """Without --force, a folder made at the target's name while the export is written is kept."""
    target = tmp_path / "pkg"

    def export() -> None:
        with new_folder(target, force=False, replaceable=lambda found: True) as temporary:
            (temporary / "programs.csv").write_text("id\n", encoding="utf-8")
            target.mkdir()
            (target / "mine.txt").write_text("mine", encoding="utf-8")

    with pytest.raises(CarsiError, match=r"pkg exists; use --force to replace it"):
        export()
    assert _tree(tmp_path) == {"pkg": "folder", "pkg/mine.txt": hashlib.sha256(b"mine").hexdigest()}


# ---------------------------------------------------------------------------
# What --force replaces: a file


@pytest.mark.parametrize("export", FILE_EXPORTS, ids=str)
def test_force_never_replaces_a_named_pipe(invoke: Invoke, tmp_path: Path, export: str) -> None:
    """A named pipe is not a file to replace: refused with status 1, even with --force; it stays a pipe."""
    target = tmp_path / "pipe"
    os.mkfifo(target)
    for force in ([], ["--force"]):
        result = invoke("export", export, str(target), *force)
        assert result.exit_code == 1
        assert result.stderr == f"Error: {target} is a named pipe; {ONLY}\n"
    assert target.is_fifo() and [p.name for p in tmp_path.iterdir()] == ["pipe"]


@pytest.mark.parametrize("export", FILE_EXPORTS, ids=str)
def test_force_never_replaces_a_link_to_a_device(invoke: Invoke, tmp_path: Path, export: str) -> None:
    """A link to a device (here /dev/null) is refused with status 1, even with --force; the link stays."""
    target = tmp_path / "null"
    target.symlink_to(os.devnull)
    result = invoke("export", export, str(target), "--force")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {target} is a device; {ONLY}\n"
    assert os.readlink(target) == os.devnull and [p.name for p in tmp_path.iterdir()] == ["null"]


@pytest.mark.parametrize("export", FILE_EXPORTS, ids=str)
def test_force_never_replaces_a_link_to_a_link(invoke: Invoke, tmp_path: Path, export: str) -> None:
    """A link to another link (as /dev/stdout is, to /proc/self/fd/1): refused with status 1, even
    with --force; both links and the file stay as they were."""
    (tmp_path / "file").write_text("mine", encoding="utf-8")
    (tmp_path / "first").symlink_to("file")
    target = tmp_path / "second"
    target.symlink_to("first")
    before = _tree(tmp_path)
    result = invoke("export", export, str(target), "--force")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {target} is a link to another link; {ONLY}\n"
    assert _tree(tmp_path) == before


def test_force_replaces_a_link_to_a_file_not_the_file(invoke: Invoke, tmp_path: Path) -> None:
    """A link to a regular file: --force replaces the link itself; the file it pointed to is untouched."""
    elsewhere = tmp_path / "elsewhere.html"
    elsewhere.write_text("mine", encoding="utf-8")
    target = tmp_path / "page.html"
    target.symlink_to(elsewhere)
    assert invoke("export", "html", str(target)).exit_code == 1
    assert invoke("export", "html", str(target), "--force").exit_code == 0
    assert not target.is_symlink() and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert elsewhere.read_text(encoding="utf-8") == "mine"


# ---------------------------------------------------------------------------
# Long names


@pytest.mark.parametrize("export", list(EXPORTS), ids=str)
def test_a_name_of_255_characters_is_written(invoke: Invoke, tmp_path: Path, export: str) -> None:
    """The longest name the file system takes (255 bytes) can be exported, with nothing left beside it."""
    name = "n" * (255 - len(EXPORTS[export][0])) + EXPORTS[export][0]
    result = invoke("export", export, str(tmp_path / name))
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == [name]
    if export == "sqlite":
        assert sqlite3.connect(tmp_path / name).execute("SELECT count(*) FROM sources").fetchone() == (1,)
