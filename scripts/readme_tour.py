#!/usr/bin/env python3
"""Write the README's tour from carsi's own output, as a terminal 80 columns wide shows it.

The tour is the part of README.md between the two markers below. In each
```console block there, every line starting with "$ carsi " is a command; the
lines after it are replaced by what that command prints (stdout, then stderr)
when stdout counts as a terminal (TTY_COMPATIBLE=1) 80 columns wide, without
styles (TERM=dumb). Edit the commands, then run:

    .venv/bin/python scripts/readme_tour.py          # rewrite the tour
    .venv/bin/python scripts/readme_tour.py --check  # exit 1, with a diff, if it is out of date

tests/test_readme.py runs the check.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
START = (
    "<!-- tour: written by scripts/readme_tour.py from carsi's output at 80 columns; edit the commands, then run it -->"
)
END = "<!-- end of tour -->"
WIDTH = 80
_BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)


def run(command: str) -> str:
    """What ``command`` (a `carsi ...` command line) prints on an 80-column terminal."""
    argv = shlex.split(command)
    if argv[:1] != ["carsi"]:
        raise SystemExit(f"not a carsi command: {command!r}")
    env = {key: value for key, value in os.environ.items() if not key.startswith("CARSI_")}
    env.update({"TTY_COMPATIBLE": "1", "TERM": "dumb", "COLUMNS": str(WIDTH), "NO_COLOR": "1"})
    env.pop("FORCE_COLOR", None)
    result = subprocess.run(
        [sys.executable, "-m", "carsi_cli", *argv[1:]], capture_output=True, text=True, env=env, check=False
    )
    if result.returncode not in (0, 1):
        raise SystemExit(f"{command!r} exited with status {result.returncode}:\n{result.stderr}")
    return result.stdout + result.stderr


def block(body: str) -> str:
    """A console block with each command's output written anew."""
    commands = [line[2:] for line in body.splitlines() if line.startswith("$ carsi ")]
    return "".join(f"$ {command}\n{run(command)}" for command in commands)


def tour(text: str) -> str:
    """README text with the tour written anew."""
    try:
        head, rest = text.split(START + "\n", 1)
        middle, tail = rest.split(END, 1)
    except ValueError:
        raise SystemExit(f"{README.name} has no tour between {START!r} and {END!r}") from None
    middle = _BLOCK.sub(lambda m: f"```console\n{block(m.group(1))}```", middle)
    return f"{head}{START}\n{middle}{END}{tail}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="only check: exit 1 with a diff if the tour is stale")
    args = parser.parse_args()
    text = README.read_text(encoding="utf-8")
    fresh = tour(text)
    if args.check:
        if fresh != text:
            diff = difflib.unified_diff(
                text.splitlines(keepends=True), fresh.splitlines(keepends=True), "README.md", "carsi's output"
            )
            sys.stdout.writelines(diff)
            print("\nThe README's tour is not what carsi prints: run scripts/readme_tour.py", file=sys.stderr)
            return 1
        return 0
    if fresh != text:
        README.write_text(fresh, encoding="utf-8")
        print(f"{README.name}: tour written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
