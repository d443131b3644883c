"""Writing files people name: the whole file or nothing, and nothing replaced unasked."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from .errors import CarsiError


def write_whole(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it, renamed
    into place once complete, so that a failure leaves no half-written file.
    An existing file is replaced only with ``force`` (without it, a file that
    appears meanwhile is not replaced either: the new one is linked into place,
    which fails if the name is taken)."""
    if path.is_dir():
        raise CarsiError(f"{path} is a directory; name the file to write")
    if not force and (path.exists() or path.is_symlink()):
        raise CarsiError(f"{path} exists; use --force to replace it")
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise CarsiError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)  # as a file the user created: mkstemp's is private
        if force:
            os.replace(temporary, path)
        else:
            _link_new(temporary, path)
    except OSError as exc:
        raise CarsiError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


# What link(2) answers on a file system without hard links (FAT, some network and FUSE file systems).
_NO_HARD_LINKS = frozenset({errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV, errno.EMLINK})


def _link_new(temporary: str, path: Path) -> None:
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise CarsiError(f"{path} exists; use --force to replace it") from None
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        if path.exists():
            raise CarsiError(f"{path} exists; use --force to replace it") from None
        os.replace(temporary, path)
