"""The docs say what carsi does: the README's tour and the command reference are carsi's own output."""

from __future__ import annotations

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
