"""Shared fixtures: the bundled model, an in-process runner with a pinned environment."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

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
