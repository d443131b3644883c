"""Cache files: framed with carsi's magic, their own name and a checksum;
written atomically; read back only when whole; and recognised as carsi's own
before anything removes them.

Every cache file is: magic, a CRC-32 of its name and body, its name, its body.
A cache file is written to a temporary file in the same directory and renamed,
with the signals that end carsi held meanwhile, so that no temporary file is
left behind by Ctrl-C (or SIGTERM, SIGHUP, SIGQUIT); temporary files of writes
that were killed outright are removed later, once they are an hour old and
only if they begin with carsi's magic.
"""

from __future__ import annotations

import os
import stat
import zlib
from pathlib import Path
from typing import Any

MAGIC = b"carsi-cache\x04"
MAX_FILE = 512 * 1024 * 1024  # bytes: no cache file of carsi's is larger
_TEMP_PREFIX = ".tmp-"  # then mkstemp's eight characters
_STALE_SECONDS = 3600  # a temporary file this old was left by a write that was killed
_HELD = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")


def read(path: Path) -> memoryview:
    """The body of one of carsi's cache files, or ValueError/OSError. Opened
    without blocking (a named pipe) and read only if a regular file of bounded
    size (not a device); its name and checksum must match."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE:
            raise ValueError("not a cache file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            blob = handle.read(info.st_size + 1)  # its size: asking for the limit would allocate it
    finally:
        os.close(fd)
    label = path.name.encode()
    start = len(MAGIC) + 4 + 2 + len(label)
    head = MAGIC, len(label).to_bytes(2, "big"), label
    found = blob[: len(MAGIC)], blob[len(MAGIC) + 4 : len(MAGIC) + 6], blob[len(MAGIC) + 6 : start]
    body = memoryview(blob)[start:]
    if found != head or zlib.crc32(body, zlib.crc32(label)) != int.from_bytes(blob[len(MAGIC) : len(MAGIC) + 4], "big"):
        raise ValueError("not a whole carsi cache file of this name and version")
    return body


def write(path: Path, body: bytes) -> None:
    """Write a cache file atomically (a reader sees the old file or the new one,
    never half of one), framed with its name and checksum. Signals that end
    carsi wait until the temporary file is renamed or removed."""
    import tempfile

    label = path.name.encode()
    blob = MAGIC + zlib.crc32(body, zlib.crc32(label)).to_bytes(4, "big") + len(label).to_bytes(2, "big") + label + body
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    held = _hold_signals()
    try:
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=_TEMP_PREFIX)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(blob)
            os.replace(temp, path)
        except BaseException:
            os.unlink(temp)
            raise
    finally:
        _release_signals(held)


def _hold_signals() -> Any:
    """Block the signals that end carsi; the ones blocked before, to restore."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows: nothing to hold them with
        return None
    held = {getattr(signal, name) for name in _HELD if hasattr(signal, name)}
    return signal.pthread_sigmask(signal.SIG_BLOCK, held)


def _release_signals(before: Any) -> None:
    """Deliver what came meanwhile: Ctrl-C now interrupts carsi, with no temporary file."""
    if before is not None:
        import signal

        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _own(path: Path, name: str) -> bool:
    """Whether ``path`` is a file carsi wrote under ``name``: a regular file
    (not a link) that begins with carsi's magic (of any version) and that name."""
    label = name.encode()
    head = len(MAGIC) + 4 + 2 + len(label)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        blob = os.read(fd, head)
    except OSError:
        return False
    finally:
        os.close(fd)
    version = len(MAGIC) - 1
    return (
        blob[:version] == MAGIC[:version]
        and blob[len(MAGIC) + 4 : len(MAGIC) + 6] == len(label).to_bytes(2, "big")
        and blob[len(MAGIC) + 6 :] == label
    )


def _own_temporary(path: Path) -> bool:
    """Whether ``path`` is a temporary file of carsi's: its name, and the start
    of a cache file (a write writes the whole frame at once)."""
    name = path.name
    if len(name) != len(_TEMP_PREFIX) + 8 or not name.startswith(_TEMP_PREFIX):
        return False
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        return stat.S_ISREG(os.fstat(fd).st_mode) and os.read(fd, len(MAGIC) - 1) == MAGIC[:-1]
    except OSError:
        return False
    finally:
        os.close(fd)


def _is_entry_name(name: str) -> bool:
    return len(name) == 64 and all(c in "0123456789abcdef" for c in name)


def prune(folder: Path, keep: int) -> None:
    """Remove the oldest entries beyond the ones kept (each with its derived
    data), and temporary files left by killed writes: only files carsi can
    show it wrote."""
    import time

    now = time.time()
    entries: list[tuple[float, str]] = []
    derived: dict[str, list[str]] = {}
    with os.scandir(folder) as found:
        for item in found:
            name = item.name
            try:
                info = item.stat(follow_symlinks=False)
            except OSError:
                continue
            if _is_entry_name(name):
                entries.append((info.st_mtime, name))
            elif len(name) > 65 and name[64] == "." and _is_entry_name(name[:64]):
                derived.setdefault(name[:64], []).append(name)
            elif name.startswith(_TEMP_PREFIX) and now - info.st_mtime > _STALE_SECONDS:
                path = folder / name
                if _own_temporary(path):
                    path.unlink(missing_ok=True)
    if len(entries) <= keep:
        return
    own = sorted(entry for entry in entries if _own(folder / entry[1], entry[1]))
    for _, name in own[: max(0, len(own) - keep)]:
        (folder / name).unlink(missing_ok=True)
        for file_name in derived.get(name, ()):
            if _own(folder / file_name, file_name):
                (folder / file_name).unlink(missing_ok=True)
