"""A cache of validated models, keyed by the data file's content.

Parsing and validating YAML is most of the cost of a command on a large model.
A validated model is stored in the user's cache directory under a SHA-256 of
the data file's bytes and of what decides what a valid model is (carsi's model
and loader code, the YAML parser, the Python version); a later run on the same
bytes reads it back instead. Only ``carsi_cli.load`` calls this module, and
this module calls nothing of the loader's.

The cache never changes an answer and never fails a command. An entry is read
back only from a regular file of bounded size, in a directory that is the
user's and that no one else can write to, and only if it carries its own name
and a CRC-32 of its body and rebuilds into records of today's model; anything
else (missing, truncated, corrupted, copied under another name, from another
version, not a model, unreadable, unwritable) is a miss, and the data file is
parsed as usual. Bad data files are never cached (``load`` stores only models
that passed validation).

The cache touches only its own files: pruning removes old entries, and the
temporary files of writes that were killed, only when a file begins with
carsi's magic and its own name; a write holds Ctrl-C (and SIGTERM, SIGHUP,
SIGQUIT) back until its temporary file is renamed or removed.

``CARSI_CACHE_DIR`` moves it (default ``$XDG_CACHE_HOME/carsi`` or
``~/.cache/carsi``); ``CARSI_NO_CACHE=1`` turns it off. It is never under the
working directory, where a cloned repository could have planted entries: a
relative ``CARSI_CACHE_DIR`` means no cache, a relative ``XDG_CACHE_HOME`` is
ignored (as the XDG specification says), and without a home directory that is
an absolute path (``HOME`` unset and no password entry) there is no cache.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
import zlib
from collections.abc import Mapping
from enum import Enum
from functools import cache, partial
from pathlib import Path
from typing import Any

from carsi_cli.model import records as model
from carsi_cli.model.records import COLLECTIONS, NO_INFERENCE, NO_TRANSLATIONS, FactSheet, Role, Source

# A cache file: MAGIC (its last byte the layout's version), a CRC-32 of its
# name and body, the length of its name, its name, its body (marshal data).
MAGIC = b"carsi-cache\x05"
MAX_FILE = 512 * 1024 * 1024  # bytes: no cache file of carsi's is larger
KEEP = 16  # entries kept; the oldest beyond these are removed when one is written
_TEMP_PREFIX = ".tmp-"  # then mkstemp's eight characters
_STALE_SECONDS = 3600  # a temporary file this old was left by a write that was killed
# The code that decides what a validated model is, or what is kept beside it.
_MODEL_CODE = ("records", "money", "text")
_LOAD_CODE = ("__init__", "files", "yamlread", "values", "schema", "checks", "cache")
_CODE = (*(f"model/{n}" for n in _MODEL_CODE), *(f"load/{n}" for n in _LOAD_CODE), "query/search", "query/ftsindex")


def directory() -> Path | None:
    """Where entries live, or None when the cache is off or cannot be trusted."""
    if os.environ.get("CARSI_NO_CACHE", "") not in ("", "0"):
        return None
    configured = os.environ.get("CARSI_CACHE_DIR")
    if configured:
        if not os.path.isabs(configured):  # under the working directory: no cache rather than a planted one
            return None
        folder = Path(configured)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        home = os.path.expanduser("~")  # "~" itself without HOME or a password entry
        if os.path.isabs(xdg):
            folder = Path(xdg, "carsi")
        elif os.path.isabs(home):
            folder = Path(home, ".cache", "carsi")
        else:
            return None
    return folder if _trusted(folder) and _code() is not None else None


def _trusted(folder: Path) -> bool:
    """A directory this user owns and no one else can write to (or not there yet: carsi creates it so)."""
    try:
        info = folder.stat()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    mine = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
    return stat.S_ISDIR(info.st_mode) and mine and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


@cache
def _code() -> bytes | None:
    """What decides a valid model besides the data: carsi's code (its .py files, or
    the .pyc files of a source-less install), the YAML parser and the Python
    version. None if the code cannot be read (then nothing is cached)."""
    package = Path(__file__).parent.parent
    parts = [f"{sys.implementation.cache_tag} marshal {marshal.version} yaml {_yaml_parser()}".encode()]
    try:
        for name in _CODE:
            source = package / f"{name}.py"
            parts.append(source.read_bytes() if source.exists() else source.with_suffix(".pyc").read_bytes())
    except OSError:
        return None
    return b"\0".join(parts)


def _yaml_parser() -> str:
    """Which parser carsi's YAML reading uses (libyaml accepts a few things the pure
    Python one refuses), found without importing PyYAML."""
    import importlib.util

    spec = importlib.util.find_spec("yaml")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        try:
            if any(entry.startswith("_yaml") for entry in os.listdir(folder)):
                return "libyaml"
        except OSError:
            continue
    return "python"


def digest(data: bytes) -> str:
    """A file's content digest."""
    return hashlib.sha256(data).hexdigest()


def key(data: bytes) -> str:
    """The name of the entry for a data file of these bytes, under this code."""
    return hashlib.sha256((_code() or b"") + b"\0" + data).hexdigest()


# ---------------------------------------------------------------------------
# Models to marshal data and back: records as columns of plain values


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):  # a Role is a tuple too
        return tuple(_plain(v) for v in value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


def _dumps(sheet: FactSheet, text_digest: str | None) -> bytes:
    collections = [getattr(sheet, collection.key) for collection in COLLECTIONS]
    columns = [(len(rows), tuple(zip(*[_plain(tuple(r)) for r in rows], strict=True))) for rows in collections]
    return marshal.dumps((tuple(sheet.source), text_digest, tuple(columns)))


def _roles(value: tuple[tuple[Any, ...], ...]) -> tuple[Role, ...]:
    return tuple(Role(*role) for role in value)


def _rebuilders(cls: Any) -> tuple[Any, ...]:
    """How to rebuild each field of a record class from its plain value (None: as it is)."""
    fixes: list[Any] = []
    for name, annotation in cls.__annotations__.items():  # ForwardRef('ProgramKind'): names in records.py
        enum = getattr(model, annotation.__forward_arg__, None)
        if isinstance(enum, type) and issubclass(enum, Enum):
            fixes.append({member.value: member for member in enum}.__getitem__)
        elif name in ("inferred", "translations"):
            fixes.append(partial(_or, NO_INFERENCE if name == "inferred" else NO_TRANSLATIONS))
        else:
            fixes.append(_roles if name == "roles" else None)
    return tuple(fixes)


def _or(empty: Any, value: Any) -> Any:
    return value or empty


_REBUILDERS = {collection.key: _rebuilders(collection.record) for collection in COLLECTIONS}


def _loads(body: bytes) -> tuple[FactSheet, str | None]:
    source, text_digest, stored = marshal.loads(body)
    if len(source) != len(Source._fields) or len(stored) != len(COLLECTIONS):
        raise ValueError("not a model of this shape")
    if not (text_digest is None or isinstance(text_digest, str)):
        raise ValueError("not a model of this shape")
    collections: dict[str, Any] = {}
    for collection, (count, columns) in zip(COLLECTIONS, stored, strict=True):
        fixes = _REBUILDERS[collection.key]
        if len(columns) != (len(fixes) if count else 0):
            raise ValueError(f"{collection.key}: not records of this model")
        fixed = [column if fix is None else map(fix, column) for fix, column in zip(fixes, columns, strict=False)]
        rows = tuple(map(partial(tuple.__new__, collection.record), zip(*fixed, strict=True)))
        if len(rows) != count:
            raise ValueError(f"{collection.key}: records missing")
        collections[collection.key] = rows
    return FactSheet(Source(*source), **collections), text_digest


def get(entry: str) -> tuple[FactSheet, str | None] | None:
    """The model stored under ``entry`` and the digest of the source text its quotes
    were checked against, or None on any kind of miss."""
    folder = directory()
    try:
        return None if folder is None else _loads(read(folder / entry))
    except Exception:  # any entry that cannot be read back is a miss, never a failure
        return None


def put(entry: str, sheet: FactSheet, text_digest: str | None) -> None:
    """Store a validated model; silently does nothing if the cache cannot be written."""
    folder = directory()
    try:
        if folder is not None:
            write(folder / entry, _dumps(sheet, text_digest))
            _prune(folder)
    except Exception:  # a cache that cannot be written only costs time
        return


def get_extra(entry: str, name: str) -> Any:
    """Data derived from the model stored under ``entry`` (see ``put_extra``), or None."""
    folder = directory()
    try:
        return None if folder is None else marshal.loads(read(folder / f"{entry}.{name}"))
    except Exception:  # a miss, never a failure
        return None


def put_extra(entry: str, name: str, value: Any) -> None:
    """Keep marshal-able data derived from a model beside its entry (pruned with it)."""
    folder = directory()
    try:
        if folder is not None and (folder / entry).is_file():
            write(folder / f"{entry}.{name}", marshal.dumps(value))
    except Exception:  # derived data that cannot be kept is computed again next time
        return


# ---------------------------------------------------------------------------
# Cache files: framed, written atomically, read only when whole and carsi's own


def _frame(name: str, body: bytes) -> bytes:
    label = name.encode()
    return MAGIC + zlib.crc32(body, zlib.crc32(label)).to_bytes(4, "big") + len(label).to_bytes(2, "big") + label


def read(path: Path) -> bytes:
    """The body of one of carsi's cache files, or ValueError/OSError: opened without
    blocking (a named pipe), read only if a regular file of bounded size."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE:
            raise ValueError("not a cache file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            blob = handle.read(info.st_size + 1)
    finally:
        os.close(fd)
    start = len(MAGIC) + 6 + len(path.name.encode())
    body = blob[start:]
    if blob[:start] != _frame(path.name, body):
        raise ValueError("not a whole carsi cache file of this name and version")
    return body


def write(path: Path, body: bytes) -> None:
    """Write a cache file atomically (a reader sees the old file or the new one), with
    the signals that end carsi held until the temporary file is renamed or removed."""
    import signal
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    held = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT") if hasattr(signal, name)}
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held) if hasattr(signal, "pthread_sigmask") else None
    try:
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=_TEMP_PREFIX)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(_frame(path.name, body) + body)
            os.replace(temp, path)
        except BaseException:
            os.unlink(temp)
            raise
    finally:
        if before is not None:  # what came meanwhile is delivered now, with no temporary file left
            signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _head(path: Path, size: int) -> bytes | None:
    """The first ``size`` bytes of ``path`` if it is a regular file (not a link), else None."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        return os.read(fd, size) if stat.S_ISREG(os.fstat(fd).st_mode) else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _own(path: Path) -> bool:
    """Whether carsi wrote ``path`` under its name: its magic (of any version) and that name."""
    label = path.name.encode()
    head = _head(path, len(MAGIC) + 6 + len(label)) or b""
    return head[: len(MAGIC) - 1] == MAGIC[:-1] and head[len(MAGIC) + 4 :] == len(label).to_bytes(2, "big") + label


def _is_entry_name(name: str) -> bool:
    return len(name) == 64 and all(c in "0123456789abcdef" for c in name)


def _is_temporary(name: str) -> bool:
    return len(name) == len(_TEMP_PREFIX) + 8 and name.startswith(_TEMP_PREFIX)


def _prune(folder: Path) -> None:
    """Remove the oldest entries beyond ``KEEP`` (each with its derived data), and
    temporary files left by killed writes: only files carsi can show it wrote."""
    import time

    now = time.time()
    entries: list[tuple[float, str]] = []
    derived: dict[str, list[str]] = {}
    with os.scandir(folder) as found:
        for item in found:
            name = item.name
            try:
                changed = item.stat(follow_symlinks=False).st_mtime
            except OSError:
                continue
            if _is_entry_name(name):
                entries.append((changed, name))
            elif name[64:65] == "." and _is_entry_name(name[:64]):
                derived.setdefault(name[:64], []).append(name)
            elif _is_temporary(name) and now - changed > _STALE_SECONDS and _head(folder / name, 11) == MAGIC[:-1]:
                (folder / name).unlink(missing_ok=True)
    own = sorted(entry for entry in entries if len(entries) > KEEP and _own(folder / entry[1]))
    for _, name in own[: max(0, len(own) - KEEP)]:
        for file_name in [name, *derived.get(name, ())]:
            if _own(folder / file_name):
                (folder / file_name).unlink(missing_ok=True)
