"""The standard streams as carsi writes them, from the first line of
``process.run`` on:

* Text is written in the stream's own encoding. A character the encoding
  cannot show is written as an ASCII look-alike (``'`` for ’, ``"`` for “ ”,
  ``-`` for –, ``...`` for …) or else as a backslash escape (``\\u0141`` for
  Ł): never an error. JSON and CSV are UTF-8 whatever the locale
  (``utf8_stdout``): their bytes never depend on it.
* A stdout that cannot be written (closed, a full disk, a file gone) ends carsi
  with status 1 and one line on stderr. A stderr that cannot be written is
  given up quietly: it never changes stdout or the exit status.
* A stdout or stderr that another program left non-blocking is waited on when
  it is full, not given up after 64 KiB.

Importing this module is cheap, and it does nothing until ``install`` is
called: tests that run commands in-process keep their own streams.
"""

from __future__ import annotations

import io
import os
import sys
from typing import TYPE_CHECKING, Any

from carsi_cli.errors import CarsiError

if TYPE_CHECKING:
    from types import TracebackType

EXIT_FAILURE, EXIT_INTERNAL = 1, 70  # and 0 for success, 2 (Click's) for usage errors
ERRORS = "carsi-lookalike"  # the codec error handler of both streams
# Typographic characters and their ASCII look-alikes, for encodings without them.
_LOOKALIKES = {
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "′": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
    "″": '"',
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "--",
    "―": "--",
    "−": "-",
    "…": "...",
    "•": "*",
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
}


class OutputError(CarsiError):
    """stdout cannot be written."""


def _lookalike(error: UnicodeError) -> tuple[str, int]:
    """The codec error handler: look-alikes, else backslash escapes."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    shown = [_LOOKALIKES.get(char) or char.encode("ascii", "backslashreplace").decode("ascii") for char in text]
    return "".join(shown), error.end


class _Standard:
    """What stdout and stderr as carsi writes them share: a text stream, or
    None when it was closed at start (or, for stderr, once it failed)."""

    _closed = "closed"

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    @property
    def encoding(self) -> str:
        return str(getattr(self._stream, "encoding", None) or "utf-8")

    @property
    def errors(self) -> str:
        return str(getattr(self._stream, "errors", None) or ERRORS)

    def isatty(self) -> bool:
        try:
            return bool(self._stream is not None and self._stream.isatty())
        except (OSError, ValueError):
            return False

    def fileno(self) -> int:
        if self._stream is None:
            raise OSError(self._closed)
        return int(self._stream.fileno())

    def writable(self) -> bool:
        return True


class _Stdout(_Standard):
    """stdout as carsi writes it: a write or flush that fails is an OutputError
    (once; later flushes do nothing), and the failed stream is pointed at
    /dev/null so that what it still holds goes nowhere, not into a traceback at exit."""

    _closed = "standard output is closed"

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.failed: OutputError | None = None

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if not text:
            return 0
        if self.failed is not None:
            raise OutputError(str(self.failed))
        if self._stream is None:
            raise self._fail("standard output is closed")
        try:
            return int(self._stream.write(text))
        except UnicodeError:
            raise  # a bug: the error handler shows every character
        except (OSError, ValueError) as exc:
            raise self._fail(_reason(exc)) from None

    def flush(self) -> None:
        if self._stream is None or self.failed is not None:
            return
        try:
            self._stream.flush()
        except (OSError, ValueError) as exc:
            raise self._fail(_reason(exc)) from None

    def _fail(self, reason: str) -> OutputError:
        self.failed = OutputError(f"cannot write the output: {reason}")
        _discard(1)
        return self.failed

    def use_utf8(self) -> None:
        """Write UTF-8 from here on, whatever the locale (JSON, CSV, a copy of the source text)."""
        reconfigure = getattr(self._stream, "reconfigure", None)
        if reconfigure is not None and self.encoding.replace("_", "-").lower() not in ("utf-8", "utf8"):
            try:
                reconfigure(encoding="utf-8", errors=ERRORS)  # lone surrogates, from arguments: escaped
            except (OSError, ValueError) as exc:
                raise self._fail(_reason(exc)) from None


class _Stderr(_Standard):
    """stderr as carsi writes it: a write that fails gives the stream up quietly."""

    _closed = "standard error is closed"

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if self._stream is not None:
            try:
                self._stream.write(text)
            except UnicodeError:
                raise
            except (OSError, ValueError):
                self._give_up()
        return len(text)

    def flush(self) -> None:
        if self._stream is not None:
            try:
                self._stream.flush()
            except (OSError, ValueError):
                self._give_up()

    def _give_up(self) -> None:
        self._stream = None
        _discard(2)


class _InertStream:
    """A text stream that writes everything as inert text (see ``text.inert_lines``)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, data: Any) -> Any:
        from carsi_cli.model.text import inert_lines

        return self._stream.write(inert_lines(data) if isinstance(data, str) else data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class InertStderr:
    """While inside, everything written to stderr is made inert (Click's own
    messages repeat what the user typed). A class, not contextlib's decorator:
    this module imports only what Python's start-up has imported."""

    def __enter__(self) -> None:
        self._stderr = sys.stderr
        sys.stderr = _InertStream(self._stderr)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        sys.stderr = self._stderr


def _reason(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc) or type(exc).__name__


def _discard(fd: int) -> None:
    """Point a standard file descriptor at /dev/null: what a failed stream
    still holds is then written nowhere, and no later open takes its number."""
    try:
        null = os.open(os.devnull, os.O_RDWR)
    except OSError:
        return
    if null != fd:
        try:
            os.dup2(null, fd)
        except OSError:
            return  # then the stream stays as it is
        finally:
            if null > 2:
                os.close(null)


class _PatientFile(io.RawIOBase):
    """A raw writer for a non-blocking file descriptor: when the pipe is full,
    it waits until it can write instead of failing with EAGAIN."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def write(self, data: Any) -> int:
        import select

        while True:
            try:
                return os.write(self._fd, data)
            except BlockingIOError:
                select.select([], [self._fd], [])


def _prepare(stream: Any, fd: int) -> Any:
    """A standard text stream with carsi's error handler, waiting when its
    file descriptor is non-blocking and full."""
    try:
        blocking = os.get_blocking(fd)
    except (OSError, AttributeError):  # not a file descriptor carsi can ask about
        blocking = True
    if not blocking:
        stream.flush()
        stream = io.TextIOWrapper(
            io.BufferedWriter(_PatientFile(fd)),
            encoding=stream.encoding,
            errors=ERRORS,
            line_buffering=stream.line_buffering,
        )
    elif hasattr(stream, "reconfigure"):
        stream.reconfigure(errors=ERRORS)
    return stream


def install() -> _Stdout:
    """Take over stdout and stderr (see the module's docstring)."""
    import codecs

    codecs.register_error(ERRORS, _lookalike)
    if sys.stdout is None:  # closed: keep the number from the next file opened
        _discard(1)
    if sys.stderr is None:
        _discard(2)
    stderr = _Stderr(None if sys.stderr is None else _prepare(sys.stderr, 2))
    stdout = _Stdout(None if sys.stdout is None else _prepare(sys.stdout, 1))
    sys.stdout, sys.stderr = stdout, stderr
    return stdout


def utf8_stdout() -> Any:
    """stdout, writing UTF-8 from here on whatever the locale."""
    if isinstance(sys.stdout, _Stdout):
        sys.stdout.use_utf8()
    return sys.stdout


def report(message: str) -> None:
    """One line on stderr: an error for the user."""
    from carsi_cli.model.text import inert

    sys.stderr.write(f"Error: {inert(message)}\n")
    sys.stderr.flush()
