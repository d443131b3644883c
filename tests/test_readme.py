"""The README shows what carsi prints."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "readme_tour.py"


def test_the_readme_tour_is_what_carsi_prints() -> None:
    """The tour's output is carsi's own at 80 columns; after a change, run scripts/readme_tour.py."""
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
