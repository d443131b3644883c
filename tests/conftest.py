"""Shared fixtures: the bundled model, an in-process runner with a pinned environment."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from carsi_cli.cli import app
from carsi_cli.load import bundled_data_path, load
from carsi_cli.model import FactSheet

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


@pytest.fixture(scope="session")
def sheet() -> FactSheet:
    """The bundled model, loaded and validated once."""
    return load()


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
    args: list[str], *, env: dict[str, str] | None = None, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    """carsi as a whole process (``python -m carsi_cli``), with a deadline, so
    that a hang fails the test instead of stalling it. Output is captured
    unless ``stdout`` or ``stderr`` is given."""
    if "stdout" not in kwargs and "stderr" not in kwargs:
        kwargs["capture_output"] = True
    kwargs.setdefault("timeout", 60)
    full_env = {**os.environ, "NO_COLOR": "1", "CARSI_DATA": "", **(env or {})}
    command = [sys.executable, "-m", "carsi_cli", *args]
    return subprocess.run(command, env=full_env, text=True, check=False, **kwargs)


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
    (["search", "martillo"], True),
    (["stats"], True),
    (["timeline"], True),
    (["source"], False),
    (["verify"], True),
]


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


# Property-based tests: a quick profile by default (CI, well under a minute);
# `pytest --hypothesis-profile=long` for a thorough run.
from hypothesis import settings  # noqa: E402

settings.register_profile("default", max_examples=100)
settings.register_profile("long", max_examples=2000)
settings.load_profile("default")
