"""Writing files and folders people name (exports): the whole thing or
nothing, and nothing replaced unasked.

What is written goes first to a hidden temporary name beside its target, and
takes the target's name only once complete, so that a failed or interrupted
export leaves no half-written file. Without ``force`` an existing target is
left alone, even one that appears while the export is written (a file is
linked into place, which fails if the name is taken).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from carsi_cli.errors import CarsiError

# What link(2) answers on a file system without hard links (FAT, some network and FUSE file systems).
_NO_HARD_LINKS = frozenset({errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV, errno.EMLINK})


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _parent(target: Path) -> Path:
    parent = target.parent
    if not parent.is_dir():
        raise CarsiError(f"cannot write {target}: there is no folder {parent}")
    return parent


@contextmanager
def _as_carsi_error(target: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise CarsiError(f"cannot write {target}: {exc.strerror or exc}") from None


@contextmanager
def new_file(target: Path, *, force: bool) -> Iterator[Path]:
    """A temporary path beside ``target`` to write; it takes ``target``'s name
    when the block ends without an error, and is removed otherwise."""
    if target.is_dir():
        raise CarsiError(f"{target} is a folder; give the name of a file to write")
    if not force and (target.exists() or target.is_symlink()):
        raise CarsiError(f"{target} exists; use --force to replace it")
    with _as_carsi_error(target):
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=_parent(target))
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with _as_carsi_error(target):
            os.chmod(temporary, 0o666 & ~_umask())  # as a file the user created: mkstemp's is private
            if force:
                os.replace(temporary, target)
            else:
                _link_new(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _link_new(temporary: Path, target: Path) -> None:
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise CarsiError(f"{target} exists; use --force to replace it") from None
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        if target.exists():
            raise CarsiError(f"{target} exists; use --force to replace it") from None
        os.replace(temporary, target)


def write_whole(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` (see ``new_file``), flushed to the disk first."""
    with new_file(path, force=force) as temporary, _as_carsi_error(path), temporary.open("wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


@contextmanager
def new_folder(target: Path, *, force: bool, replaceable: Callable[[Path], bool]) -> Iterator[Path]:
    """A temporary folder beside ``target`` to fill; it takes ``target``'s name
    when the block ends without an error, and is removed otherwise. An existing
    folder is replaced only with ``force``, and only if ``replaceable`` says it
    holds nothing but what the export writes."""
    if target.exists() or target.is_symlink():
        if not target.is_dir() or target.is_symlink():
            raise CarsiError(f"{target} exists and is not a folder; give the name of a folder to write")
        if not force:
            raise CarsiError(f"{target} exists; use --force to replace it")
        if not replaceable(target):
            raise CarsiError(f"{target} holds files this export did not write; not replaced, even with --force")
    with _as_carsi_error(target):
        temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=_parent(target)))
    try:
        yield temporary
        with _as_carsi_error(target):
            os.chmod(temporary, 0o777 & ~_umask())
            if target.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
                os.replace(target, old / target.name)
                os.replace(temporary, target)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(temporary, target)
    finally:
        if temporary.exists():
            with contextlib.suppress(OSError):
                shutil.rmtree(temporary)
