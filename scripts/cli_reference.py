#!/usr/bin/env python3
"""Write docs/commands.md, the command reference, from each command's own `--help`.

    .venv/bin/python scripts/cli_reference.py           # write it anew
    .venv/bin/python scripts/cli_reference.py --check   # exit 1 if it is not what carsi prints

The help texts are the one source: a command, option or example changed in
the code changes the reference, and a test fails until it is written anew (as
sqlite-utils keeps its CLI reference with cog).
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

from carsi_cli.cli import app

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "commands.md"
ENV = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "CARSI_DATA": None}
HEAD = """\
# Command reference

Every command of carsi with its own `--help`, as carsi prints it at 80 columns.
This page is written by `scripts/cli_reference.py` from the help texts in the
code; a test fails when it no longer matches.

"""


def commands(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command path of the app, parents before their subcommands, in the order --help lists them."""
    yield path
    if hasattr(group, "list_commands"):  # a group (Typer's Click is vendored: no import of click)
        context = typer.Context(group)
        for name in group.list_commands(context):
            sub = group.get_command(context, name)
            if sub is not None and not sub.hidden:
                yield from commands(sub, (*path, name))


def help_text(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], env=ENV)
    if result.exit_code != 0:
        raise SystemExit(f"carsi {' '.join(path)} --help exited {result.exit_code}: {result.output}")
    return "\n".join(line.rstrip() for line in result.stdout.strip("\n").splitlines())


def reference() -> str:
    parts = [HEAD]
    for path in commands(typer.main.get_command(app)):
        title = " ".join(("carsi", *path))
        parts.append(f"## `{title}`\n\n```text\n{help_text(path)}\n```\n\n")
    return "".join(parts).rstrip("\n") + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the reference is up to date")
    check = parser.parse_args().check
    fresh = reference()
    current = REFERENCE.read_text(encoding="utf-8") if REFERENCE.exists() else ""
    if check:
        if fresh != current:
            sys.stdout.writelines(
                difflib.unified_diff(
                    current.splitlines(keepends=True), fresh.splitlines(keepends=True), "docs/commands.md", "--help"
                )
            )
            print("\ndocs/commands.md is not what carsi's --help says: run scripts/cli_reference.py", file=sys.stderr)
            raise SystemExit(1)
        return
    REFERENCE.write_text(fresh, encoding="utf-8")
    print(f"{REFERENCE.relative_to(REFERENCE.parents[1])}: written", file=sys.stderr)


if __name__ == "__main__":
    main()
