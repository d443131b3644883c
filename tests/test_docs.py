"""The docs say what carsi does: the README's tour and the command reference are carsi's own output."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


@pytest.mark.parametrize(
    "script",
    [
        pytest.param("readme_tour.py", id="readme-tour"),
        pytest.param("cli_reference.py", id="command-reference"),
    ],
)
def test_generated_docs_are_what_carsi_prints(script: str) -> None:
    """The README tour (80 columns) and docs/commands.md (every --help) are current; else run the script."""
    result = subprocess.run(
        [sys.executable, str(SCRIPTS / script), "--check"], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


ROOT = SCRIPTS.parent
PACKAGE = ROOT / "src" / "carsi_cli"


def _modules() -> list[str]:
    """Every module of the package, as a path under src/carsi_cli/, but packages'
    ``__init__.py`` files that hold only a docstring."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        only_docstring = len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr)
        if path.name == "__init__.py" and only_docstring:
            continue
        found.append(path.relative_to(PACKAGE).as_posix())
    return found


def test_contributing_maps_every_module() -> None:
    """CONTRIBUTING's module map names every module of the package, as `folder/module.py`."""
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    missing = [module for module in _modules() if f"`{module}`" not in contributing]
    assert not missing, f"CONTRIBUTING.md's module map leaves out {missing}"


def test_contributing_maps_no_module_that_is_gone() -> None:
    """Every module CONTRIBUTING's module map names exists."""
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    table = contributing[contributing.index("| Module | Its one job |") :].split("\n\n", 1)[0]
    named = set(re.findall(r"`((?:[a-z_]+/)*[a-z_]+\.py)`", table))
    gone = sorted(name for name in named if not (PACKAGE / name).exists())
    assert not gone, f"CONTRIBUTING.md names modules that do not exist: {gone}"
