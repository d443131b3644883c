"""Long output on a terminal goes through a pager, as git and gh do.

The pager is ``CARSI_PAGER``, else ``PAGER``, else ``less``; an empty value or
``cat`` means none. ``less`` gets ``LESS=FRX`` unless ``LESS`` is set: quit if
the text fits one screen, keep colours, leave the text on the screen. Output
that fits the terminal is printed directly, without starting a pager.
Imported only when stdout is a terminal.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
from collections.abc import Mapping
from typing import IO

_ESCAPES = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\")


def pager_command(environ: Mapping[str, str]) -> list[str] | None:
    """The pager to run, as an argument list; None for no pager."""
    value = environ.get("CARSI_PAGER")
    if value is None:
        value = environ.get("PAGER")
    if value is None:
        value = "less"
    try:
        argv = shlex.split(value)
    except ValueError:
        return None
    if not argv or argv == ["cat"]:
        return None
    return argv


def rows(text: str, width: int) -> int:
    """How many terminal rows ``text`` takes at ``width`` columns (a line wider than that takes several)."""
    from carsi_cli.views.layout import cell_width

    plain = _ESCAPES.sub("", text)
    return sum(max(1, -(-cell_width(line) // max(width, 1))) for line in plain.splitlines())


def page(text: str, stream: IO[str], environ: Mapping[str, str]) -> None:
    """Write ``text`` to the terminal ``stream``: through the pager when it is
    longer than the screen and a pager is set and can be found, else directly."""
    argv = pager_command(environ)
    if argv is not None:
        try:
            size = os.get_terminal_size(stream.fileno())
        except (AttributeError, ValueError, OSError):
            argv = None
        else:
            if rows(text, size.columns) < size.lines:
                argv = None
    executable = shutil.which(argv[0]) if argv is not None else None
    if argv is None or executable is None:
        stream.write(text)
        return
    env = dict(environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    stream.flush()
    # The pager owns the terminal until it ends: Ctrl-C is for it, and a pager
    # quit before it has read everything is not an error.
    interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
    pipe = signal.signal(signal.SIGPIPE, signal.SIG_IGN) if hasattr(signal, "SIGPIPE") else None
    try:
        process = subprocess.Popen(
            [executable, *argv[1:]],
            stdin=subprocess.PIPE,
            env=env,
            encoding=getattr(stream, "encoding", None) or "utf-8",
            errors="replace",
        )
        assert process.stdin is not None
        try:
            process.stdin.write(text)
            process.stdin.close()
        except BrokenPipeError:
            pass
        process.wait()
    finally:
        signal.signal(signal.SIGINT, interrupt)
        if pipe is not None:
            signal.signal(signal.SIGPIPE, pipe)
