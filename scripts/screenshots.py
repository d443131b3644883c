#!/usr/bin/env python3
"""Screenshots of the exported page for the README, from the real export.

    .venv/bin/python scripts/screenshots.py            # writes docs/annotated-desktop.png and docs/annotated-phone.png

It runs `carsi export html` on the bundled model, opens the page in headless
Chromium (tests/browser.py drives it over the DevTools protocol), focuses the
CARSI bullet's passage as a reader would with Tab, and captures the screen at
a desktop width and at a phone width.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import Browser, Page, find_chromium  # noqa: E402

SHOTS = (
    # (file, width, height, mobile, the passage to focus: the first that starts with this text, scroll to it)
    ("annotated-desktop.png", 1280, 900, False, "The Partnership seeks", False),
    ("annotated-phone.png", 390, 844, True, "From FY 2008", True),
)


def focus(page: Page, start: str, scroll: bool) -> None:
    """Focus the passage that starts with ``start``; with ``scroll``, bring it to a fifth of the screen."""
    page.evaluate(
        "((start, scroll) => { const p = [...document.querySelectorAll('.passage[id]')]"
        ".find(p => p.textContent.startsWith(start)); p.focus({preventScroll: true});"
        " if (scroll) window.scrollTo(0, p.getBoundingClientRect().top + window.scrollY - innerHeight / 5); })"
        f"({start!r}, {'true' if scroll else 'false'})"
    )


def main() -> None:
    chromium = find_chromium()
    if chromium is None:
        sys.exit("Chromium is not installed (apt-get install chromium)")
    out = ROOT / "docs"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        page_path = Path(folder) / "factsheet.html"
        command = [sys.executable, "-m", "carsi_cli", "export", "html", str(page_path)]
        subprocess.run(command, check=True, env={"CARSI_NO_CACHE": "1", "PATH": "/usr/bin:/bin"})
        with Browser(chromium) as browser:
            for name, width, height, mobile, start, scroll in SHOTS:
                page = browser.page(page_path.as_uri(), width=width, height=height, mobile=mobile)
                focus(page, start, scroll)
                page.screenshot(out / name)
                problems = page.problems()
                if problems:
                    sys.exit(f"the page reported: {problems}")
                print(f"{out / name}: {(out / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
