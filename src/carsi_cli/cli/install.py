"""Installing shell completion: ``carsi --install-completion [SHELL]`` writes
only that shell's own files and reports each, with a zsh script that completes
on the first TAB; ``--show-completion [SHELL]`` prints the script. (What is
offered on TAB, and how it is kept plain text, is ``cli/completion.py``'s.)
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

import typer


class Shell(StrEnum):
    """The shells carsi can complete in."""

    BASH = "bash"
    ZSH = "zsh"
    FISH = "fish"
    POWERSHELL = "powershell"
    PWSH = "pwsh"


OPTIONS = ("--install-completion", "--show-completion")

# Typer's zsh script ends with `compdef`: loaded from fpath by compinit on the
# first TAB, it only registers itself, and that TAB completes nothing (the bell);
# the second completes. This one, like Click's own, completes at once when it is
# autoloaded and registers itself when it is sourced (`eval "$(carsi
# --show-completion zsh)"`). The completing line is Typer's.
ZSH_SCRIPT = """\
#compdef %(prog_name)s

%(complete_func)s() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" %(autocomplete_var)s=complete_zsh %(prog_name)s)
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  %(complete_func)s "$@"
else
  compdef %(complete_func)s %(prog_name)s
fi
"""

# What the shells' own files gain: the lines of Typer's installer (so that a
# line another Typer tool added is not added again), and no zstyle: carsi does
# not change how the user's zsh completes.
ZSHRC_LINE = "fpath+=~/.zfunc; autoload -Uz compinit; compinit"


def _names(prog_name: str) -> dict[str, str]:
    ident = re.sub(r"[^a-zA-Z0-9_]", "", prog_name.replace("-", "_"))
    return {
        "complete_func": f"_{ident}_completion",
        "prog_name": prog_name,
        "autocomplete_var": f"_{prog_name}_COMPLETE".replace("-", "_").upper(),
    }


def script(shell: Shell, prog_name: str) -> str:
    """The completion script for ``shell``, as ``--show-completion`` prints it."""
    if shell is Shell.ZSH:
        return ZSH_SCRIPT % _names(prog_name)
    from typer._completion_shared import get_completion_script

    names = _names(prog_name)
    return get_completion_script(prog_name=prog_name, complete_var=names["autocomplete_var"], shell=shell.value) + "\n"


def current_shell() -> Shell | None:
    """The shell carsi runs in (its nearest parent shell), if it is one carsi completes in."""
    try:
        import shellingham  # type: ignore[import-untyped]  # Typer's shell detection; it has no type hints

        name, _ = shellingham.detect_shell()
    except Exception:  # shellingham.ShellDetectionFailure, or a process table it cannot read
        return None
    try:
        return Shell(str(name).lower())
    except ValueError:
        return None


def shell_named(args: list[str], commands: set[str]) -> list[str]:
    """``args`` with the current shell named after a bare ``--install-completion`` or
    ``--show-completion`` (one followed by nothing, an option or a command).
    ``typer.BadParameter`` if carsi cannot tell which shell it runs in."""
    named = list(args)
    for index, arg in enumerate(named):
        if arg == "--":
            break
        following = named[index + 1] if index + 1 < len(named) else None
        if arg in OPTIONS and (following is None or following.startswith("-") or following in commands):
            shell = current_shell()
            if shell is None:
                msg = f"cannot tell which shell this is: name it, as in `carsi {arg} zsh`"
                raise typer.BadParameter(msg, param_hint=f"'{arg}'")
            named[index] = f"{arg}={shell.value}"
    return named


def _append(path: Path, addition: str, done: Callable[[str], bool], what: str) -> str:
    """Add ``addition`` (``what``, for the report), under a comment saying why, to
    the end of ``path`` (made if missing) unless ``done`` holds of its text; what
    happened, for the report."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if done(text):
        return "unchanged: it already loads carsi's completion"
    start = "" if not text else "\n" if text.endswith("\n") else "\n\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(f"{start}# carsi shell completion (carsi --install-completion)\n{addition}\n")
    return f"{'added' if text else 'created, with'} {what}"


def _holds(line: str) -> Callable[[str], bool]:
    return lambda text: line in text.splitlines()


def _sources_bashrc(home: Path) -> Callable[[str], bool]:
    """Whether a login file's text sources ~/.bashrc (as Debian's ~/.profile does)."""
    places = "|".join(re.escape(place) for place in ("~", "$HOME", "${HOME}", str(home)))
    sourcing = re.compile(rf"""(?:^|[\s;&|])(?:\.|source)\s+["']?(?:{places})["']?/\.bashrc\b""")
    return lambda text: any(sourcing.search(line) for line in text.splitlines() if not line.lstrip().startswith("#"))


def _powershell_profile(shell: Shell) -> Path:
    """The current user's profile script, as PowerShell (``shell``) names it."""
    import subprocess

    try:
        done = subprocess.run(
            [shell.value, "-NoProfile", "-Command", "$PROFILE"], capture_output=True, text=True, timeout=60, check=False
        )
    except subprocess.TimeoutExpired:
        raise OSError(0, "PowerShell did not answer within a minute", shell.value) from None
    path = done.stdout.strip()
    if done.returncode != 0 or not path:
        raise OSError(0, "PowerShell did not say where its profile is", shell.value)
    return Path(path)


def _zsh_dotdir(home: Path) -> Path:
    """The folder zsh reads .zshrc from: $ZDOTDIR as zsh itself sees it (it is
    often set in ~/.zshenv, which carsi's own environment has not read), or as
    this environment has it when zsh cannot be asked; else the home."""
    import subprocess

    try:
        done = subprocess.run(
            ["zsh", "-c", "print -r -- ${ZDOTDIR:-$HOME}"], capture_output=True, text=True, timeout=10, check=False
        )
        lines = done.stdout.splitlines()
        if done.returncode == 0 and lines and lines[-1].startswith("/"):
            return Path(lines[-1])
    except (OSError, subprocess.SubprocessError):  # zsh not installed, or it hangs
        pass
    return Path(os.environ.get("ZDOTDIR") or home)


def install(shell: Shell, prog_name: str) -> list[tuple[Path, str]]:
    """Install completion for ``shell`` in the current user's home: the files
    written or changed, each with what happened to it. Only that shell's own files."""
    home = Path.home()
    text = script(shell, prog_name)
    if shell is Shell.ZSH:
        # Typer's place, which zsh finds through fpath: ~/.zfunc/_carsi.
        function = home / ".zfunc" / f"_{prog_name}"
        rc = _zsh_dotdir(home) / ".zshrc"
        written = [(function, text)]
        edits = [(rc, ZSHRC_LINE, _holds(ZSHRC_LINE))]
    elif shell is Shell.BASH:
        # Typer's place, sourced from ~/.bashrc (interactive shells) and from the
        # file bash reads at login, unless that file sources ~/.bashrc already.
        sourced = home / ".bash_completions" / f"{prog_name}.sh"
        line = f"source '{sourced}'"
        login = next(
            (home / name for name in (".bash_profile", ".bash_login") if (home / name).exists()), home / ".profile"
        )
        # ~/.profile is also read by sh, which has neither `source` nor `complete`.
        login_line = f"if [ -n \"$BASH_VERSION\" ]; then . '{sourced}'; fi"
        written = [(sourced, text)]
        edits = [
            (home / ".bashrc", line, _holds(line)),
            (login, login_line, lambda t: _holds(login_line)(t) or _sources_bashrc(home)(t)),
        ]
    elif shell is Shell.FISH:
        # fish loads it on the first TAB after `carsi`: no configuration file changes.
        config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
        written = [(config / "fish" / "completions" / f"{prog_name}.fish", text)]
        edits = []
    else:
        # The script goes into the profile PowerShell names. Unlike Typer's installer,
        # carsi does not set the execution policy to Unrestricted: that is the user's.
        profile = _powershell_profile(shell)
        addition = text.rstrip("\n")
        what = "the completion script (PowerShell runs it if its execution policy allows profile scripts)"
        return [(profile, _append(profile, addition, lambda t: addition in t, what))]
    report: list[tuple[Path, str]] = []
    for path, content in written:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        report.append((path, "wrote the completion script"))
    report.extend((path, _append(path, line, done, f"the line: {line}")) for path, line, done in edits)
    return report


def _prog_name(ctx: typer.Context) -> str:
    return ctx.find_root().info_name or "carsi"


def show_callback(ctx: typer.Context, value: Shell | None) -> None:
    """`--show-completion SHELL`: print the script for that shell."""
    if value is None or ctx.resilient_parsing:
        return
    typer.echo(script(value, _prog_name(ctx)), nl=False)
    raise typer.Exit()


def install_callback(ctx: typer.Context, value: Shell | None) -> None:
    """`--install-completion SHELL`: install it and say what was written where."""
    if value is None or ctx.resilient_parsing:
        return
    from carsi_cli.cli.streams import EXIT_FAILURE, report

    try:
        changes = install(value, _prog_name(ctx))
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        report(f"cannot install {value.value} completion: {where}{exc.strerror or exc}")
        raise typer.Exit(EXIT_FAILURE) from None
    lines = [f"{value.value} completion for {_prog_name(ctx)} installed:"]
    lines += [f"  {path}: {what}" for path, what in changes]
    lines.append(f"It takes effect in a new {value.value} (or run: exec {value.value}).")
    typer.echo("\n".join(lines))
    raise typer.Exit()
