"""`carsi --install-completion [SHELL]` and `--show-completion [SHELL]`: the shell
asked for, only that shell's own files, a report of what was written where, and
completion on the FIRST TAB in a new shell (zsh, bash, a bash login shell, fish).

Each install runs in a fresh home, from a bash parent (the shell carsi would
detect), as a whole process. The TAB tests start the shell in tmux with that
home; they are in the slow tier, and skipped where tmux or the shell is missing
(except in CI, see test_completion_shells).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carsi_cli.cli import install as installer
from conftest import carsi_command, carsi_process, process_env
from shell_session import ShellSession
from test_completion_shells import skip_unless_installed

pytestmark = pytest.mark.slow  # whole processes: installs run from a bash parent, in a home of their own


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty home of its own."""
    folder = tmp_path / "home"
    folder.mkdir(mode=0o700)
    return folder


def from_bash(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``carsi ARGS`` run by a bash (not exec'd by it, so that bash is carsi's
    parent shell), with HOME set to ``home``."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    line = " ".join(f"'{word}'" for word in carsi_command(list(args)))
    return subprocess.run(
        [bash, "--norc", "--noprofile", "-c", f"{line}; status=$?; exit $status"],
        env=process_env({"HOME": str(home), "ZDOTDIR": None, "XDG_CONFIG_HOME": None, **env}),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def files(home: Path) -> dict[str, str]:
    """Every file under ``home``, by its path relative to it, with its text."""
    return {
        path.relative_to(home).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(home.rglob("*"))
        if path.is_file()
    }


def install(home: Path, shell: str, **env: str) -> tuple[dict[str, str], list[str]]:
    """Install ``shell``'s completion from bash: the files of the home after it, and the report's lines."""
    done = from_bash(home, "--install-completion", shell, **env)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return files(home), done.stdout.splitlines()


def reported(lines: list[str], path: Path) -> str:
    """What the report says happened to ``path``."""
    (what,) = [line.split(": ", 1)[1] for line in lines if line.strip().startswith(f"{path}: ")]
    return what


def test_zsh_from_bash_writes_zsh_files_only(home: Path) -> None:
    """Asked for zsh in bash: ~/.zfunc/_carsi and one line in ~/.zshrc, no zstyle, nothing of bash's."""
    written, lines = install(home, "zsh")
    assert sorted(written) == [".zfunc/_carsi", ".zshrc"]
    assert written[".zfunc/_carsi"] == installer.script(installer.Shell.ZSH, "carsi")
    assert written[".zfunc/_carsi"].startswith("#compdef carsi\n")
    rc = [line for line in written[".zshrc"].splitlines() if line and not line.startswith("#")]
    assert rc == ["fpath+=~/.zfunc; autoload -Uz compinit; compinit"]
    assert "zstyle" not in written[".zshrc"]
    assert lines[0] == "zsh completion for carsi installed:"
    assert reported(lines, home / ".zfunc" / "_carsi") == "wrote the completion script"
    assert reported(lines, home / ".zshrc").endswith("fpath+=~/.zfunc; autoload -Uz compinit; compinit")


def test_zsh_keeps_the_users_zshrc_and_settings(home: Path) -> None:
    """A ~/.zshrc of the user's own is kept byte for byte, its zstyle untouched; a second install adds nothing."""
    mine = "  # my zsh\nzstyle ':completion:*' menu no\nsetopt autocd"  # no final newline, leading spaces
    (home / ".zshrc").write_text(mine, encoding="utf-8")
    written, _ = install(home, "zsh")
    assert written[".zshrc"].startswith(mine + "\n")
    assert written[".zshrc"].count("zstyle") == 1
    again, lines = install(home, "zsh")
    assert again == written
    assert reported(lines, home / ".zshrc").startswith("unchanged")


def test_zsh_honours_zdotdir(home: Path, tmp_path: Path) -> None:
    """With ZDOTDIR set, zsh reads $ZDOTDIR/.zshrc: that is the file edited, not ~/.zshrc."""
    zdotdir = tmp_path / "zdot"
    zdotdir.mkdir()
    install(home, "zsh", ZDOTDIR=str(zdotdir))
    assert not (home / ".zshrc").exists()
    assert "fpath+=~/.zfunc" in (zdotdir / ".zshrc").read_text(encoding="utf-8")


def test_zsh_finds_zdotdir_set_in_zshenv(home: Path, tmp_path: Path) -> None:
    """ZDOTDIR set in ~/.zshenv (not in carsi's environment): zsh is asked, and $ZDOTDIR/.zshrc is edited."""
    skip_unless_installed("zsh")
    zdotdir = tmp_path / "zdot"
    zdotdir.mkdir()
    (home / ".zshenv").write_text(f"ZDOTDIR='{zdotdir}'\n", encoding="utf-8")
    written, lines = install(home, "zsh")
    assert ".zshrc" not in written
    assert reported(lines, zdotdir / ".zshrc").endswith("fpath+=~/.zfunc; autoload -Uz compinit; compinit")


def test_bash_writes_bashrc_and_the_login_file(home: Path) -> None:
    """Asked for bash: the script, a line in ~/.bashrc, and (no login file yet) a guarded line in ~/.profile."""
    written, lines = install(home, "bash")
    script = home / ".bash_completions" / "carsi.sh"
    assert sorted(written) == [".bash_completions/carsi.sh", ".bashrc", ".profile"]
    assert written[".bash_completions/carsi.sh"] == installer.script(installer.Shell.BASH, "carsi")
    assert f"source '{script}'" in written[".bashrc"].splitlines()
    assert f"if [ -n \"$BASH_VERSION\" ]; then . '{script}'; fi" in written[".profile"].splitlines()
    assert {reported(lines, home / name).split(" ")[0] for name in (".bashrc", ".profile")} == {"created,"}


def test_bash_profile_sourcing_bashrc_is_left_alone(home: Path) -> None:
    """A ~/.profile that sources ~/.bashrc (Debian's) already gives login shells completion: unchanged."""
    debian = 'if [ -n "$BASH_VERSION" ]; then\n    if [ -f "$HOME/.bashrc" ]; then\n\t. "$HOME/.bashrc"\n    fi\nfi\n'
    (home / ".profile").write_text(debian, encoding="utf-8")
    written, lines = install(home, "bash")
    assert written[".profile"] == debian
    assert reported(lines, home / ".profile").startswith("unchanged")


@pytest.mark.parametrize(
    ("profile", "sources"),
    [
        ("source ~/.bashrc\n", True),
        ("[ -f ~/.bashrc ] && . ~/.bashrc\n", True),
        ('test -r "${HOME}/.bashrc" && source "${HOME}/.bashrc"\n', True),
        ("# . ~/.bashrc\n", False),
        ("echo ~/.bashrc\n", False),
        (". ~/.bashrc_local\n", False),
    ],
    ids=["source", "test-and-dot", "braced-home", "commented-out", "not-sourced", "another-file"],
)
def test_bash_login_file_is_edited_unless_it_sources_bashrc(home: Path, profile: str, sources: bool) -> None:
    """~/.profile gains carsi's line exactly when it does not source ~/.bashrc itself."""
    (home / ".profile").write_text(profile, encoding="utf-8")
    written, _ = install(home, "bash")
    assert (written[".profile"] == profile) is sources
    assert written[".profile"].startswith(profile)


def test_bash_edits_the_login_file_bash_reads(home: Path) -> None:
    """With a ~/.bash_profile (bash then never reads ~/.profile), that is the file edited."""
    (home / ".bash_profile").write_text("export EDITOR=vi\n", encoding="utf-8")
    written, _ = install(home, "bash")
    assert ".profile" not in written
    assert written[".bash_profile"].startswith("export EDITOR=vi\n")
    assert ".bash_completions/carsi.sh'; fi" in written[".bash_profile"]


def test_fish_writes_its_completions_file_only(home: Path, tmp_path: Path) -> None:
    """Asked for fish: one file in fish's completions folder (under XDG_CONFIG_HOME when set), no rc file."""
    written, _ = install(home, "fish")
    assert sorted(written) == [".config/fish/completions/carsi.fish"]
    assert written[".config/fish/completions/carsi.fish"].startswith("complete --command carsi ")
    config = tmp_path / "xdg"
    install(home, "fish", XDG_CONFIG_HOME=str(config))
    assert (config / "fish" / "completions" / "carsi.fish").is_file()


def test_bare_install_uses_the_current_shell(home: Path) -> None:
    """`--install-completion` alone, run from bash, installs bash's."""
    done = from_bash(home, "--install-completion")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("bash completion for carsi installed:")
    assert (home / ".bash_completions" / "carsi.sh").is_file()


def test_powershell_appends_to_its_profile_and_keeps_the_policy(home: Path, tmp_path: Path) -> None:
    """PowerShell: the script is added once to the profile it names; its execution policy is not touched."""
    bin_dir = tmp_path / "fake"
    bin_dir.mkdir()
    calls = tmp_path / "calls"
    pwsh = bin_dir / "pwsh"  # a stand-in that records how it is called and names a profile, as PowerShell does
    pwsh.write_text(f'#!/bin/sh\necho "$*" >> \'{calls}\'\necho "$HOME/Documents/PowerShell/profile.ps1"\n')
    pwsh.chmod(0o755)
    path = f"{bin_dir}:{os.environ['PATH']}"
    written, lines = install(home, "pwsh", PATH=path)
    assert sorted(written) == ["Documents/PowerShell/profile.ps1"]
    assert installer.script(installer.Shell.PWSH, "carsi").rstrip("\n") in written["Documents/PowerShell/profile.ps1"]
    assert calls.read_text().splitlines() == ["-NoProfile -Command $PROFILE"]
    assert reported(lines, home / "Documents" / "PowerShell" / "profile.ps1").startswith("created, with the completion")
    again, lines = install(home, "pwsh", PATH=path)
    assert again == written
    assert reported(lines, home / "Documents" / "PowerShell" / "profile.ps1").startswith("unchanged")


def test_powershell_missing_is_one_line(home: Path, tmp_path: Path) -> None:
    """Asked for PowerShell where it is not installed: one line naming it, status 1."""
    done = from_bash(home, "--install-completion", "pwsh", PATH=str(tmp_path))
    assert done.returncode == 1
    assert done.stderr == "Error: cannot install pwsh completion: pwsh: No such file or directory\n"


@pytest.mark.parametrize(
    ("shell", "start"),
    [
        ("zsh", "#compdef carsi\n"),
        ("bash", "_carsi_completion() {\n"),
        ("fish", "complete --command carsi --no-files"),
        ("powershell", "Import-Module PSReadLine"),
    ],
    ids=["zsh", "bash", "fish", "powershell"],
)
def test_show_prints_the_script_of_the_shell_asked(home: Path, shell: str, start: str) -> None:
    """`--show-completion SHELL` from bash prints SHELL's script, the one install writes."""
    done = from_bash(home, "--show-completion", shell.upper() if shell == "zsh" else shell)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout.startswith(start)
    assert done.stdout == installer.script(installer.Shell(shell), "carsi")
    assert files(home) == {}


def test_zsh_script_completes_when_autoloaded_and_registers_when_sourced() -> None:
    """zsh's script calls the completer when compinit autoloads it (the first TAB), compdef when sourced."""
    text = installer.script(installer.Shell.ZSH, "carsi")
    autoloaded, sourced = text.split("if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n")[1].split("else\n")
    assert autoloaded.strip() == '_carsi_completion "$@"'
    assert sourced.split("\n")[0].strip() == "compdef _carsi_completion carsi"


def test_an_unknown_shell_is_a_usage_error(home: Path) -> None:
    """A shell carsi does not complete in is refused with status 2, and nothing is written."""
    done = from_bash(home, "--install-completion", "tcsh")
    assert done.returncode == 2
    assert "'tcsh' is not one of 'bash', 'zsh', 'fish', 'powershell', 'pwsh'" in done.stderr
    assert files(home) == {}


def test_an_unknown_current_shell_asks_for_a_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bare `--install-completion` where carsi cannot tell the shell: status 2, and how to name it."""
    from carsi_cli.cli import _app

    monkeypatch.setattr(installer, "current_shell", lambda: None)
    result = CliRunner().invoke(_app(), ["--install-completion"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 2
    assert "cannot tell which shell this is: name it, as in `carsi --install-completion zsh`" in result.output


def test_an_unwritable_home_is_one_line(home: Path) -> None:
    """A home where the files cannot be written: one line on stderr, status 1, no traceback."""
    (home / ".zfunc").write_text("not a folder", encoding="utf-8")
    done = from_bash(home, "--install-completion", "zsh")
    assert done.returncode == 1
    assert done.stderr.startswith("Error: cannot install zsh completion: ") and len(done.stderr.splitlines()) == 1


# The first TAB in a new shell, by a real TAB in tmux.

FIRST_TAB = [
    pytest.param("zsh", ["zsh", "-i"], {}, id="zsh"),
    pytest.param("bash", ["bash", "-i"], {}, id="bash"),
    # A login shell whose ~/.profile (read by bash at login) does not source ~/.bashrc,
    # and sets PATH, as /etc/profile resets it.
    pytest.param("bash", ["bash", "--login", "-i"], {".profile": 'PATH="{bin}:$PATH"\n'}, id="bash-login"),
    # Debian's ~/.profile, which sources ~/.bashrc: left as it is, and completion still works.
    pytest.param(
        "bash",
        ["bash", "--login", "-i"],
        {".profile": 'PATH="{bin}:$PATH"\nif [ -n "$BASH_VERSION" ]; then\n  . "$HOME/.bashrc"\nfi\n'},
        id="bash-login-sourcing-bashrc",
    ),
    # A ~/.zshrc that runs compinit itself, before carsi's line adds ~/.zfunc.
    pytest.param("zsh", ["zsh", "-i"], {".zshrc": "autoload -Uz compinit\ncompinit\n"}, id="zsh-own-compinit"),
    pytest.param("fish", ["fish", "-i"], {}, id="fish"),
]


@pytest.fixture
def first_tab_env(home: Path, tmp_path: Path) -> dict[str, str]:
    """The environment of a shell started in tmux: the fresh home, and the carsi under test first on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    carsi = bin_dir / "carsi"
    carsi.write_text(f"#!/bin/sh\nexec '{sys.executable}' -m carsi_cli \"$@\"\n", encoding="utf-8")
    carsi.chmod(0o755)
    return {
        "HOME": str(home),
        "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin",
        "TERM": "screen",
        "LANG": "C.UTF-8",
        "CARSI_CACHE_DIR": os.environ["CARSI_CACHE_DIR"],
    }


@pytest.mark.slow
@pytest.mark.parametrize(("shell", "argv", "before"), FIRST_TAB)
def test_the_first_tab_completes(
    home: Path, tmp_path: Path, first_tab_env: dict[str, str], shell: str, argv: list[str], before: dict[str, str]
) -> None:
    """Installed from bash in a fresh home, a new shell completes `carsi countries show pa` to panama on ONE TAB."""
    skip_unless_installed("tmux", argv[0])
    bin_dir = first_tab_env["PATH"].split(":")[0]
    for name, text in before.items():
        (home / name).write_text(text.format(bin=bin_dir), encoding="utf-8")
    install(home, shell)
    session = ShellSession(argv, first_tab_env, cwd=tmp_path)
    try:
        session.run('echo ready-"now"', "ready-now", timeout=60)
        session.clear()
        session.type("carsi countries show pa")
        session.press("Tab")  # once
        session.wait_for(lambda screen: "carsi countries show panama" in screen, "panama after one TAB", timeout=20)
        assert session.alive()
    finally:
        session.close()


def test_the_shell_names_complete() -> None:
    """TAB after `--install-completion ` offers the shells carsi installs for."""
    done = carsi_process(
        [], env={"_CARSI_COMPLETE": "complete_bash", "COMP_WORDS": "carsi --install-completion ", "COMP_CWORD": "2"}
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [shell.value for shell in installer.Shell]
