"""Writing files and folders people name (exports): the whole thing or
nothing, nothing replaced unasked, and nothing left behind.

What is written goes first to a hidden temporary name beside its target
(``.carsi-XXXXXXXX.part``: its length does not depend on the target's, so any
name the file system takes can be written), and takes the target's name only
once complete, so that a failed or interrupted export leaves no half-written
file. Without ``force`` an existing target is left alone, even one that
appears while the export is written (a file is linked into place, which fails
if the name is taken). With ``force``, only what an export may replace is
replaced: a regular file (or a symbolic link straight to one: the link itself
is replaced, the file it points to is left as it was); a folder only if
``replaceable`` says so, asked again at the moment of the swap.

A signal that ends carsi at once (Ctrl-C, SIGTERM, SIGHUP) cannot unwind the
code that writes; the temporaries under way are listed here, and the signal's
handler removes them (``remove_unfinished``). Those signals are held while a
temporary is created or renamed, so that none is ever unlisted.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from carsi_cli.errors import CarsiError

# What link(2) answers on a file system without hard links (FAT, some network and FUSE file systems).
_NO_HARD_LINKS = frozenset({errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV, errno.EMLINK})
_PREFIX = ".carsi-"  # then mkstemp's eight characters and a suffix: 20 characters whatever the target
_HELD = ("SIGINT", "SIGTERM", "SIGHUP")
# The temporary files (False) and folders (True) of writes under way, for remove_unfinished.
_UNFINISHED: dict[Path, bool] = {}
_ONLY = "--force replaces only a regular file (or a link straight to one)"
_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


def remove_unfinished() -> None:
    """Remove the temporary file or folder of every write under way: what the
    handler of a signal that ends carsi at once calls. Quiet: it is the last
    thing carsi does."""
    for path, folder in list(_UNFINISHED.items()):
        if folder:
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(path)
    _UNFINISHED.clear()


@contextmanager
def _held() -> Iterator[None]:
    """Signals that end carsi wait until the block ends (then they are delivered)."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows: nothing to hold them with
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {getattr(signal, name) for name in _HELD})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


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


def _check_file(target: Path) -> bool:
    """Whether ``target`` exists; refused if it is anything but a regular file
    or a symbolic link straight to one: a folder, a named pipe, a device, a
    socket, a link to nothing or to another link (``/dev/stdout`` is a link to
    ``/proc/self/fd/1``, itself a link: replacing it would replace a system's link)."""
    try:
        info = os.lstat(target)
        if stat.S_ISLNK(info.st_mode):
            try:
                info = os.lstat(target.parent / os.readlink(target))
            except FileNotFoundError:
                raise CarsiError(f"{target} is a link to nothing; {_ONLY}") from None
            if stat.S_ISLNK(info.st_mode):
                raise CarsiError(f"{target} is a link to another link; {_ONLY}")
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise CarsiError(f"cannot write {target}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise CarsiError(f"{target} is a folder; give the name of a file to write")
    if not stat.S_ISREG(info.st_mode):
        raise CarsiError(f"{target} is {_KINDS.get(stat.S_IFMT(info.st_mode), 'not a regular file')}; {_ONLY}")
    return True


@contextmanager
def new_file(target: Path, *, force: bool) -> Iterator[Path]:
    """A temporary path beside ``target`` to write; it takes ``target``'s name
    when the block ends without an error, and is removed otherwise."""
    if _check_file(target) and not force:
        raise CarsiError(f"{target} exists; use --force to replace it")
    parent = _parent(target)
    with _as_carsi_error(target), _held():
        handle, name = tempfile.mkstemp(prefix=_PREFIX, suffix=".part", dir=parent)
        temporary = Path(name)
        _UNFINISHED[temporary] = False
    os.close(handle)
    try:
        with _as_carsi_error(target):
            yield temporary
        with _as_carsi_error(target):
            os.chmod(temporary, 0o666 & ~_umask())  # as a file the user created: mkstemp's is private
            with _held():
                if force:
                    _check_file(target)  # again: it may have been replaced meanwhile
                    os.replace(temporary, target)
                else:
                    _link_new(temporary, target)
    finally:
        with _held():
            temporary.unlink(missing_ok=True)
            _UNFINISHED.pop(temporary, None)


def _link_new(temporary: Path, target: Path) -> None:
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise CarsiError(f"{target} exists; use --force to replace it") from None
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        if os.path.lexists(target):
            raise CarsiError(f"{target} exists; use --force to replace it") from None
        os.replace(temporary, target)


def write_whole(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` (see ``new_file``), flushed to the disk first."""
    with new_file(path, force=force) as temporary, temporary.open("wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _holds_working_folder(target: Path) -> bool:
    try:
        here, there = Path.cwd().resolve(), target.resolve()
    except (OSError, RuntimeError):  # the working folder is gone; a loop of links
        return False
    return here == there or there in here.parents


def _check_folder(target: Path, *, force: bool, replaceable: Callable[[Path], bool]) -> bool:
    """Whether ``target`` exists; refused unless ``force`` may replace it."""
    if not os.path.lexists(target):
        return False
    if not target.is_dir() or target.is_symlink():
        raise CarsiError(f"{target} exists and is not a folder; give the name of a folder to write")
    if not force:
        raise CarsiError(f"{target} exists; use --force to replace it")
    if not replaceable(target):
        raise CarsiError(f"{target} holds files this export did not write; not replaced, even with --force")
    return True


@contextmanager
def new_folder(target: Path, *, force: bool, replaceable: Callable[[Path], bool]) -> Iterator[Path]:
    """A temporary folder beside ``target`` to fill; it takes ``target``'s name
    when the block ends without an error, and is removed otherwise. An existing
    folder is replaced only with ``force``, and only if ``replaceable`` says it
    holds nothing but what the export writes, both before the folder is written
    and at the moment it is swapped in. The working folder (or one that holds
    it) is never replaced."""
    if _holds_working_folder(target):
        raise CarsiError(f"{target} is the working folder or holds it; give the name of another folder to write")
    _check_folder(target, force=force, replaceable=replaceable)
    parent = _parent(target)
    with _as_carsi_error(target), _held():
        temporary = Path(tempfile.mkdtemp(prefix=_PREFIX, suffix=".part", dir=parent))
        _UNFINISHED[temporary] = True
    try:
        with _as_carsi_error(target):
            yield temporary
        with _as_carsi_error(target):
            os.chmod(temporary, 0o777 & ~_umask())
            _swap_in(temporary, target, force=force, replaceable=replaceable)
    finally:
        with _held():
            if temporary.exists():
                with contextlib.suppress(OSError):
                    shutil.rmtree(temporary)
            _UNFINISHED.pop(temporary, None)


def _swap_in(temporary: Path, target: Path, *, force: bool, replaceable: Callable[[Path], bool]) -> None:
    """Give the finished ``temporary`` folder ``target``'s name. A folder there
    is moved aside first and asked about again where it lies then (a file added
    meanwhile is in it): if it is no longer replaceable, or the rename fails,
    it is put back as it was."""
    with _held():
        if not _check_folder(target, force=force, replaceable=replaceable):
            os.replace(temporary, target)
            return
        old = Path(tempfile.mkdtemp(prefix=_PREFIX, suffix=".old", dir=target.parent))
        aside = old / "replaced"
        try:
            os.replace(target, aside)
        except BaseException:
            old.rmdir()
            raise
        try:
            if not replaceable(aside):
                raise CarsiError(
                    f"{target} changed while the export was written and holds files it did not write; "
                    "not replaced, even with --force"
                )
            os.replace(temporary, target)
        except BaseException:
            _put_back(aside, target)
            raise
        _UNFINISHED[old] = True  # from here on it is only what was replaced
    shutil.rmtree(old, ignore_errors=True)
    with _held():
        _UNFINISHED.pop(old, None)


def _put_back(aside: Path, target: Path) -> None:
    try:
        os.rename(aside, target)
    except OSError as exc:
        raise CarsiError(f"cannot put {target} back as it was: {exc.strerror or exc}; it is now {aside}") from None
    aside.parent.rmdir()
