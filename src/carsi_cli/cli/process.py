"""The end of a run: the one place that owns Ctrl-C, the other signals that
end carsi, and the exit status.

* Ctrl-C ends carsi at any moment with one line ("Interrupted") and no
  traceback. carsi then ends by SIGINT itself, as the shell expects (status 130
  there), so that a shell loop around carsi stops too.
* Ctrl-C, SIGTERM and SIGHUP (unless it was started with them ignored) first
  remove the temporary file or folder of an export under way; SIGTERM and
  SIGHUP then end carsi by that signal, silently, as they did.
* The exit status is what the command and its output decide (see ``streams``).

Importing this module runs before Typer is imported, and does nothing until
``run`` is called.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn

from carsi_cli.cli.streams import EXIT_FAILURE, EXIT_INTERNAL, OutputError, install, report

if TYPE_CHECKING:
    from collections.abc import Callable

# The C module: `signal` would import `enum` first, time in which Ctrl-C would
# still be Python's traceback.
_signal: Any = __import__("_signal")


def internal_error(exc: BaseException) -> str:
    """The message for a bug in carsi."""
    return (
        f"internal error ({type(exc).__name__}: {exc}); this is a bug in carsi, please report it "
        "with the command you ran (CARSI_DEBUG=1 shows the traceback)"
    )


def _remove_unfinished() -> None:
    """Remove the temporaries of an export under way (see ``writing``), with
    the signals that end carsi held meanwhile. Looked up, not imported: if no
    export has begun, ``writing`` is not loaded and there is nothing to remove."""
    writing = sys.modules.get("carsi_cli.onward.writing")
    if writing is None:
        return
    held = {getattr(_signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(_signal, name)}
    if hasattr(_signal, "pthread_sigmask"):
        _signal.pthread_sigmask(_signal.SIG_BLOCK, held)  # a second Ctrl-C must not cut this short
    writing.remove_unfinished()


def _terminate(signum: int, frame: Any) -> None:
    """The SIGTERM and SIGHUP handler: an export's temporaries removed, then
    the end that signal gives, as if carsi had no handler for it."""
    _remove_unfinished()
    _signal.signal(signum, _signal.SIG_DFL)
    _die(signum, 128 + signum)


def _die(signum: int, status: int) -> NoReturn:
    """End by ``signum``: sent to itself, and delivered once nothing holds it."""
    os.kill(os.getpid(), signum)
    if hasattr(_signal, "pthread_sigmask"):
        _signal.pthread_sigmask(_signal.SIG_UNBLOCK, {signum})
    os._exit(status)


def _interrupt(signum: int, frame: Any) -> None:
    """The SIGINT handler: one line, then end at once, as a process interrupted
    by SIGINT does. Nothing needs unwinding: the cache holds SIGINT back while
    it has a temporary file, and an export's temporaries are removed here
    (``_remove_unfinished``). (An exception raised from here could land in a
    weakref callback or a ``__del__``, where Python prints it and goes on.)"""
    _interrupted()


def _exit_status(code: Any) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    report(str(code))
    return EXIT_FAILURE


def run(start: Callable[[], object]) -> NoReturn:
    """Run ``start`` (the Typer app) with the streams and Ctrl-C taken over,
    and exit with the status the run and its output decide."""
    try:
        _signal.signal(_signal.SIGINT, _interrupt)
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(_signal, name, None)
            if number is not None and _signal.getsignal(number) != _signal.SIG_IGN:  # nohup's stays ignored
                _signal.signal(number, _terminate)
        if hasattr(_signal, "SIGPIPE"):
            # A reader that goes away (`carsi ... | head -1`) ends carsi quietly,
            # as it does other Unix tools, instead of a write error.
            _signal.signal(_signal.SIGPIPE, _signal.SIG_DFL)
        stdout = install()
        try:
            start()
            status = 0
        except SystemExit as exc:
            status = _exit_status(exc.code)
        except OutputError as exc:  # outside a command: --help, --version, completion
            report(str(exc))
            status = EXIT_FAILURE
        except Exception as exc:  # a bug outside a command
            if os.environ.get("CARSI_DEBUG"):
                raise
            report(internal_error(exc))
            status = EXIT_INTERNAL
        try:
            stdout.flush()
        except OutputError as exc:  # the last of the output
            report(str(exc))
            status = status or EXIT_FAILURE
        else:
            if stdout.failed is not None and status == 0:  # failed, and not reported
                report(str(stdout.failed))
                status = EXIT_FAILURE
        sys.stderr.flush()
        _signal.signal(_signal.SIGINT, _signal.SIG_DFL)  # from here on, Ctrl-C ends carsi at once
    except KeyboardInterrupt:  # Ctrl-C before the handler above was in place
        _interrupted()
    sys.exit(status)


def _interrupted() -> NoReturn:
    """Ctrl-C: one line on stderr, then end as a process interrupted by SIGINT
    does (130 in the shell), so that a shell loop around carsi stops too."""
    _remove_unfinished()
    _signal.signal(_signal.SIGINT, _signal.SIG_DFL)
    from contextlib import suppress

    with suppress(OSError):  # stderr closed or full; straight to the file: the interrupted code may be writing
        os.write(2, b"Interrupted\n")
    if os.name == "posix":
        _die(_signal.SIGINT, 130)
    os._exit(130)
