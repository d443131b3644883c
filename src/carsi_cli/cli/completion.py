"""Shell completion of ids, names, kinds and fiscal years from the model.

The model is the one the global options name (``--data`` or ``CARSI_DATA``,
which Click has parsed into the root's parameters by the time it completes),
read through the cache as every command reads it. Completion never fails and
never waits: on any error, or when reading the model takes longer than
``BUDGET`` seconds (a large file not yet cached, a file that is not a model),
it offers nothing. Nothing is imported here until a value is completed.

It also installs completion (``--install-completion [SHELL]``) for the shell
asked, writing only that shell's own files and reporting each, with a zsh
script that completes on the first TAB; ``--show-completion [SHELL]`` prints
the script.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from carsi_cli.model.records import FactSheet

BUDGET = 0.5
"""Seconds to wait for the model before offering nothing."""


def _model(ctx: Any) -> FactSheet | None:
    import threading

    from carsi_cli.load import bundled_data_path, load

    data = ctx.find_root().params.get("data")
    path = Path(data) if isinstance(data, str) and data.strip() else bundled_data_path()
    found: list[FactSheet] = []

    def read() -> None:
        try:
            found.append(load(path, check_quotes=False))
        except Exception:  # a bad data file: offer nothing
            return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(BUDGET)
    return found[0] if found else None


def _offer(ctx: Any, items: Callable[[FactSheet], list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """The items for the model, descriptions made inert (zsh and fish show them);
    nothing on any error."""
    try:
        sheet = _model(ctx)
        if sheet is None:
            return []
        from carsi_cli.model.text import inert
        from carsi_cli.query.complete import short

        return [(value, short(inert(description))) for value, description in items(sheet)]
    except Exception:
        return []


# What reaches a shell is reduced to characters no shell gives a meaning to, in
# any quoting Typer's completion scripts use (zsh evaluates the list it is given;
# bash word-splits and globs it; fish splits it at tabs and newlines): letters and
# digits of any script, and a few marks. A value (inserted as it is) may hold
# only "-", "." and "_" besides; a description also spaces and the marks below,
# of which zsh needs "$" escaped (inside double quotes, nothing else in the set is
# special to it). Anything else in a description becomes a space; a value with
# anything else is not offered. Kept here, not imported: this runs on every TAB.
_VALUE_MARKS = frozenset("-._")
_TEXT_MARKS = frozenset(" -._,()/+$’…")


def offerable(value: str) -> bool:
    """Whether a shell can be given ``value`` and insert it as it is."""
    return bool(value) and all(char.isalnum() or char in _VALUE_MARKS for char in value)


def plain(text: str) -> str:
    """``text`` with nothing a shell could act on: an apostrophe becomes ’, any other
    character but letters, digits and the marks of ``_TEXT_MARKS`` a space, and runs
    of spaces one."""
    text = text.replace("'", "’")
    return " ".join("".join(char if char.isalnum() or char in _TEXT_MARKS else " " for char in text).split())


def plain_descriptions() -> None:
    """Have every shell given only plain values and descriptions (see ``plain``),
    and zsh, fish and PowerShell print descriptions as they are: Typer renders
    each through Rich to strip markup, which imports Rich on every TAB (measured:
    250 ms against 163 ms for completing `carsi programs show ` in zsh on a loaded
    machine); carsi's help texts are plain."""
    from typer import _completion_classes as typer_classes
    from typer._click.shell_completion import CompletionItem, ShellComplete, add_completion_class

    class Plain(ShellComplete):
        """Gives the shell only offerable values, with plain descriptions."""

        def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
            return [
                CompletionItem(item.value, type=item.type, help=plain(item.help) if item.help else None)
                for item in super().get_completions(args, incomplete)
                if isinstance(item.value, str) and offerable(item.value)
            ]

    class Bash(Plain, typer_classes.BashComplete):
        pass

    class Zsh(Plain, typer_classes.ZshComplete):
        source_template = ZSH_SCRIPT

        def format_completion(self, item: CompletionItem) -> str:
            if item.help:
                help = item.help.replace("$", r"\$")
                return f'"{item.value}":"{help}"'
            return f'"{item.value}"'

    class Fish(Plain, typer_classes.FishComplete):
        def format_completion(self, item: CompletionItem) -> str:
            return f"{item.value}\t{item.help}" if item.help else item.value

    class PowerShell(Plain, typer_classes.PowerShellComplete):
        def format_completion(self, item: CompletionItem) -> str:
            return f"{item.value}:::{item.help or ' '}"

    for shell, cls in (
        ("bash", Bash),
        ("zsh", Zsh),
        ("fish", Fish),
        ("powershell", PowerShell),
        ("pwsh", PowerShell),
    ):
        add_completion_class(cls, shell)


def _records(rtype_name: str) -> Callable[[Any, str], list[tuple[str, str]]]:
    def complete(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
        from carsi_cli.model.records import RecordType
        from carsi_cli.query import complete as c

        return _offer(ctx, lambda sheet: c.records(sheet, RecordType(rtype_name), incomplete))

    return complete


programs = _records("program")
agencies = _records("agency")
countries = _records("country")
organizations = _records("organization")
funding = _records("funding")
statistics = _records("statistic")
events = _records("event")


def records(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Any record's id (`carsi cite ID`)."""
    from carsi_cli.model.records import RecordType
    from carsi_cli.query import complete as c

    return _offer(
        ctx, lambda sheet: [item for rtype in RecordType for item in c.records(sheet, rtype, incomplete, names=False)]
    )


def years(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    from carsi_cli.query import complete as c

    return _offer(ctx, lambda sheet: c.years(sheet, incomplete))


def program_kinds(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    from carsi_cli.query import complete as c

    return _offer(ctx, lambda sheet: c.program_kinds(sheet, incomplete))


def record_types(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    from carsi_cli.query import complete as c

    return _offer(ctx, lambda sheet: c.record_types(sheet, incomplete))


# Installing completion: `carsi --install-completion [SHELL]` and `--show-completion [SHELL]`.


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
