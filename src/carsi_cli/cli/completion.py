"""Shell completion of ids, names, kinds and fiscal years from the model.

The model is the one the global options name (``--data`` or ``CARSI_DATA``,
which Click has parsed into the root's parameters by the time it completes),
read through the cache as every command reads it. Completion never fails and
never waits: on any error, or when reading the model takes longer than
``BUDGET`` seconds (a large file not yet cached, a file that is not a model),
it offers nothing. Nothing is imported here until a value is completed.

Installing it for a shell is ``cli/install.py``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from carsi_cli.model.records import FactSheet

BUDGET = 0.5
"""Seconds to wait for the model before offering nothing."""


def _model(ctx: Any) -> FactSheet | None:
    import threading

    from carsi_cli.loading import bundled_data_path, load

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

    from carsi_cli.cli.install import ZSH_SCRIPT

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
