"""Completion by a real TAB in zsh, bash and fish: names from a hostile data
file never run as commands, and the shell lives on.

Each shell runs in a tmux pane of its own, with carsi's completion installed
as `carsi --install-completion` installs it. Skipped where tmux or the shell
is not installed, except in CI (CI=true), which installs them (see .ci/run).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from conftest import DATA_DIR, carsi_process
from shell_session import ShellSession

pytestmark = pytest.mark.slow
SHELLS = ["zsh", "bash", "fish"]

# Names that would run `touch MARKER` if a shell evaluated them. Each group
# goes into a data file of its own, because one name that breaks a shell's
# quoting stops every other from being evaluated: "escapes" keeps zsh's old
# quoting balanced (its backslash and backquote names ran on TAB), "breakers"
# tries to unbalance it.
PAYLOADS = {
    "escapes": [
        r"\$(touch {})",
        "$(touch {})",
        "`touch {}`",
        "x; touch {}; y",
        "a\n$(touch {})\nb",
        '"\'"$(touch {})"\'',
        r"x\`touch {}\`",
        "'$(touch {})'",
        r"a:b\\:$(touch {})",
        r"Evil \\\$(touch {}) name",
    ],
    "breakers": [
        "\\\\\\$(touch {})\\",
        r"\"$(touch {})\"",
        '"; touch {}; "',
        "'; touch {}; '",
        "$(touch {})\\",
        "))' ; touch {} ; '((",
        "\\\n$(touch {})",
    ],
}


def hostile_model(folder: Path, group: str) -> Path:
    """A valid model whose names (programs first, then an agency, a country and an
    organization) each hold one payload of ``group``, touching its own file in the
    folder "m" of the shell's working directory (a short path: descriptions are cut)."""
    doc = yaml.safe_load((DATA_DIR / "factsheet.yaml").read_text(encoding="utf-8"))
    records = [*doc["programs"], doc["agencies"][0], doc["countries"][0], doc["organizations"][0]]
    payloads = PAYLOADS[group]
    for number, record in enumerate(records):
        record["name"] = payloads[number % len(payloads)].format(f"m/{group[0]}{number}")
    folder.mkdir()
    shutil.copy(DATA_DIR / "factsheet.txt", folder / "factsheet.txt")
    path = folder / "factsheet.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def skip_unless_installed(*programs: str) -> None:
    for program in programs:
        if shutil.which(program) is None:
            if os.environ.get("CI") == "true":
                pytest.fail(f"CI must install {program} (.ci/run)")
            pytest.skip(f"{program} is not installed (CI installs it)")


@pytest.fixture(params=SHELLS)
def shell(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ShellSession]:
    """An interactive shell, in a home of its own where carsi's completion is installed."""
    name = str(request.param)
    skip_unless_installed("tmux", name)
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    carsi = bin_dir / "carsi"  # the carsi under test, whatever the environment's PATH holds
    carsi.write_text(f"#!/bin/sh\nexec '{sys.executable}' -m carsi_cli \"$@\"\n", encoding="utf-8")
    carsi.chmod(0o755)
    env = {
        "HOME": str(home),
        "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin",
        "TERM": "screen",
        "LANG": "C.UTF-8",
        "CARSI_CACHE_DIR": os.environ["CARSI_CACHE_DIR"],
    }
    installed = carsi_process(["--install-completion", name], env=env)
    assert installed.returncode == 0, installed.stderr
    session = ShellSession([name, "-i"], env, cwd=tmp_path)
    try:
        session.run('echo ready-"now"', "ready-now", timeout=60)
        yield session
    finally:
        session.close()


def tab(shell: ShellSession, line: str, shown: str) -> str:
    """Type ``line`` on a cleared screen and press TAB until ``shown`` appears,
    which proves completion has run (bash lists only on the second TAB)."""
    shell.clear()
    shell.type(line)
    for presses in range(1, 5):
        shell.press("Tab")
        try:
            return shell.wait_for(lambda screen: shown in screen, repr(shown), timeout=5 * presses)
        except AssertionError:
            if presses == 4:
                raise
    raise AssertionError("not reached")


@pytest.mark.parametrize("group", list(PAYLOADS))
def test_tab_never_runs_a_name(shell: ShellSession, tmp_path: Path, group: str) -> None:
    """TAB after `programs show ` and `cite ` lists the ids; no name runs as a command."""
    marks = tmp_path / "m"
    marks.mkdir()
    path = hostile_model(tmp_path / "model", group)
    warm = carsi_process(
        ["--data", str(path), "--unverified", "programs", "list", "--format", "json"]
    )  # as the user has run it
    assert warm.returncode == 0, warm.stderr
    for line in (f"carsi --data {path} programs show ", f"carsi --data {path} cite "):
        tab(shell, line, "group-of-friends")
        ran = sorted(mark.name for mark in marks.iterdir())
        assert ran == [], f"TAB after {line!r} ran the names of {ran}"
        assert shell.alive()
    shell.clear()
    shell.run('echo still-"alive"', "still-alive")
    screen = tab(shell, f"carsi --data {path} programs show operation-m", "operation-martillo")
    assert "programs show operation-martillo" in screen
    assert list(marks.iterdir()) == []
