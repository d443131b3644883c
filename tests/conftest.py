"""Shared fixtures: the bundled model, an in-process runner with a pinned environment."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from hypothesis import settings
from typer.testing import CliRunner, Result

from carsi_cli.cli import app
from carsi_cli.loading import bundled_data_path, load
from carsi_cli.model.records import Basis, FactSheet, Funding, FundingKind, Qualifier

DATA_DIR = bundled_data_path().parent
SOURCE_TEXT = DATA_DIR / "factsheet.txt"
ENV = {
    "NO_COLOR": "1",
    "TERM": "dumb",
    "COLUMNS": "100",
    "CARSI_DATA": None,
    "CARSI_MAX_DATA_MB": None,
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "CARSI_DEBUG": None,
}

Invoke = Callable[..., Result]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots", action="store_true", help="write the terminal views' snapshots (tests/snapshots) anew"
    )
    parser.addoption(
        "--slow",
        action="store_true",
        help="run the slow tier too (real shells, Chromium, pseudo-terminals, signals, whole-process streams) "
        "and the property tests with 100 examples each: everything CI runs",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--slow") and config.getoption("hypothesis_profile", None) is None:
        settings.load_profile("ci")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without --slow (or a -m expression of one's own), the slow tier is left out."""
    if config.getoption("--slow") or config.getoption("markexpr"):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


@pytest.fixture(scope="session")
def sheet() -> FactSheet:
    """The bundled model, loaded and validated once."""
    return load()


@pytest.fixture(scope="session", autouse=True)
def _command_built_once() -> Iterator[None]:
    """Typer's test runner builds carsi's whole command tree from the functions'
    signatures at every call (about 35 ms, most of an in-process test's time);
    the tree depends on nothing but the code, so the session builds it once."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", functools.cache(typer.main.get_command))
        yield


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The tests never touch the user's cache directory."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CARSI_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        patch.delenv("CARSI_NO_CACHE", raising=False)
        yield


def run_carsi(*args: str, env: dict[str, str | None] | None = None) -> Result:
    """carsi in-process, with a pinned environment."""
    return CliRunner().invoke(app, list(args), env={**ENV, **(env or {})})


def carsi_process(
    args: list[str], *, env: Mapping[str, str | None] | None = None, **kwargs: Any
) -> subprocess.CompletedProcess[Any]:
    """carsi as a whole process (``python -m carsi_cli``), with a deadline, so
    that a hang fails the test instead of stalling it. Output is captured
    unless ``stdout`` or ``stderr`` is given, as text unless ``text=False``.
    A variable given as None in ``env`` is removed."""
    if "stdout" not in kwargs and "stderr" not in kwargs:
        kwargs["capture_output"] = True
    kwargs.setdefault("timeout", 60)
    kwargs.setdefault("text", True)
    return subprocess.run(carsi_command(args), env=process_env(env), check=False, **kwargs)


def carsi_command(args: list[str]) -> list[str]:
    """The command line that runs carsi as a whole process."""
    return [sys.executable, "-m", "carsi_cli", *args]


def process_env(env: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """The environment of a whole-process run: this one, no colour, the bundled
    model, and ``env`` (None removes a variable)."""
    full: dict[str, str | None] = {**os.environ, "NO_COLOR": "1", "CARSI_DATA": "", **(env or {})}
    return {name: value for name, value in full.items() if value is not None}


def fig(
    fid: str,
    amount: int,
    start: int | None,
    end: int | None,
    *,
    basis: Basis = Basis.TOTAL,
    kind: FundingKind = FundingKind.ALLOCATED,
    qualifier: Qualifier = Qualifier.EXACT,
) -> Funding:
    """A funding figure of program "p" for the tests of funding and totals."""
    return Funding(fid, "p", amount, qualifier, start, end, basis, kind, "purpose", "quote", "s")


# A run of every data command: (arguments, whether it prints a list of records).
SAMPLE_COMMANDS: list[tuple[list[str], bool]] = [
    (["programs", "list"], True),
    (["programs", "show", "carsi"], False),
    (["funding"], True),
    (["funding", "--fy", "2010"], True),
    (["agencies", "list"], True),
    (["agencies", "show", "dea"], False),
    (["countries", "list"], True),
    (["countries", "show", "panama"], False),
    (["organizations", "list"], True),
    (["organizations", "show", "sica"], False),
    (["search", "martillo"], True),
    (["stats"], True),
    (["timeline"], True),
    (["funding", "show", "carsi-fy2012"], False),
    (["stats", "show", "cocaine-use-decline"], False),
    (["timeline", "show", "biden-meeting"], False),
    (["source"], False),
    (["source", "--annotate"], False),
    (["source", "--annotate", "--program", "carsi"], False),
    (["verify"], True),
]
# Commands with no --format (they write a citation, files or a schema): tested in test_cite.py, test_export*.py
# and test_schema.py.
OTHER_COMMANDS: list[list[str]] = [
    ["cite"],
    ["export", "sqlite"],
    ["export", "datapackage"],
    ["export", "html"],
    ["export", "xlsx"],
    ["schema"],
]
# Commands that write a file rather than print records: (arguments before the file name).
FILE_COMMANDS: list[list[str]] = [["export", "html"]]


@pytest.fixture
def invoke() -> Invoke:
    """Run carsi in-process with a pinned environment."""
    return run_carsi


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    """A writable copy of the bundled model and its source text."""
    for name in ("factsheet.yaml", "factsheet.txt"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A directory on a file system with no space left: a tiny tmpfs, filled.
    Mounting needs root (CI runs as root); elsewhere the test is skipped."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        (disk / "cache").mkdir(mode=0o700)
        with (disk / "filler").open("wb", buffering=0) as filler, contextlib.suppress(OSError):
            while True:  # until ENOSPC
                filler.write(b"x" * 4096)
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=True)


# Property-based tests: 20 examples each in the quick default run, 100 with
# --slow (as CI runs them), 2,000 with `pytest --hypothesis-profile=long`.
settings.register_profile("default", max_examples=20)
settings.register_profile("ci", max_examples=100)
settings.register_profile("long", max_examples=2000)
settings.load_profile("default")
