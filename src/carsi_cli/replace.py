"""Writing an export in place of a file or folder, all or nothing: the export
is written beside its target under a hidden temporary name, then renamed over
it, so that a failed or interrupted export leaves no half-written file, and an
existing one is replaced only when asked (``force``)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import CarsiError


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
def new_file(target: Path, *, force: bool) -> Iterator[Path]:
    """A temporary path beside ``target`` to write; renamed to ``target`` when
    the block ends without an error, removed otherwise."""
    if target.is_dir():
        raise CarsiError(f"{target} is a folder; give the name of a file to write")
    if target.exists() and not force:
        raise CarsiError(f"{target} exists; use --force to replace it")
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=_parent(target))
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


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
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=_parent(target)))
    try:
        yield temporary
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
            shutil.rmtree(temporary, ignore_errors=True)
