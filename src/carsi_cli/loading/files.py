"""Reading files that users name: bounded, without blocking, never a traceback.

Every problem is a ``DataFileError`` whose message names the file.
"""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path

from carsi_cli.errors import DataFileError

DEFAULT_MAX_MB = 50
MAX_MB_ENV = "CARSI_MAX_DATA_MB"


def max_bytes() -> int:
    """The size limit for data files: CARSI_MAX_DATA_MB megabytes, 50 by default."""
    raw = os.environ.get(MAX_MB_ENV, "")
    try:
        megabytes = float(raw) if raw.strip() else DEFAULT_MAX_MB
    except ValueError:
        megabytes = math.nan
    if not math.isfinite(megabytes) or megabytes <= 0:
        msg = f"{MAX_MB_ENV} must be a positive number of megabytes, got {raw!r}"
        raise DataFileError(msg)
    if megabytes * 1_000_000 < 1:
        msg = f"{MAX_MB_ENV} must be at least 0.000001 (one byte), got {raw!r}"
        raise DataFileError(msg)
    return int(megabytes * 1_000_000)


def _over_limit(size: int, limit: int) -> str:
    """'SIZE, over the limit of LIMIT', in megabytes, or in bytes where
    megabytes would round them alike (or to nothing)."""
    if limit >= 100_000 and f"{size / 1e6:.1f}" != f"{limit / 1e6:.1f}":
        return f"{size / 1e6:.1f} MB, over the limit of {_limit(limit)}"
    return f"{size:,} bytes, over the limit of {limit:,} bytes"


def _limit(limit: int) -> str:
    return f"{limit / 1e6:g} MB" if limit >= 100_000 else f"{limit:,} bytes"


def read_bytes(path: Path, limit: int, what: str = "data file") -> bytes:
    """The bytes of a regular file no larger than ``limit``. Opened without
    blocking, and checked once open: a named pipe or device is refused, not waited on."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise _unreadable(exc, path, what) from None
    try:
        info = os.fstat(fd)
        _require_readable(info, path, limit, what)
        with os.fdopen(fd, "rb", closefd=False) as handle:  # its size, and a byte more to see it grow
            data = handle.read(min(info.st_size, limit) + 1)
    except OSError as exc:
        raise _unreadable(exc, path, what) from None
    finally:
        os.close(fd)
    if len(data) > limit:  # grew since fstat
        msg = f"{what} {path} is over the limit of {_limit(limit)}; set {MAX_MB_ENV} to raise it"
        raise DataFileError(msg)
    return data


def check_file(path: Path, limit: int, what: str = "data file") -> os.stat_result:
    """The status of a regular file no larger than ``limit``, or a DataFileError."""
    try:
        info = path.stat()
    except OSError as exc:
        raise _unreadable(exc, path, what) from None
    _require_readable(info, path, limit, what)
    return info


def _require_readable(info: os.stat_result, path: Path, limit: int, what: str) -> None:
    if not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        msg = f"{what} {path} is {kind}"
        raise DataFileError(msg)
    if info.st_size > limit:
        msg = f"{what} {path} is {_over_limit(info.st_size, limit)}; set {MAX_MB_ENV} to raise it"
        raise DataFileError(msg)


def _unreadable(exc: OSError, path: Path, what: str) -> DataFileError:
    if isinstance(exc, FileNotFoundError):
        return DataFileError(f"{what} {path} does not exist")
    return DataFileError(f"cannot read {what} {path}: {exc.strerror or exc}")


def decode(data: bytes, origin: str) -> str:
    """UTF-8 text (a byte order mark is accepted), or an error naming the place."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        msg = f"{origin}:{line}:{column}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        raise DataFileError(msg) from None
