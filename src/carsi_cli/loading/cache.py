"""A cache of validated models, keyed by content, that never changes an answer.

A model that passed validation is stored in the user's cache directory under a
BLAKE2b digest of the data file's bytes and of what decides a valid model
(carsi's code, the YAML parser, the Python version), and read back by a later
run on the same bytes instead of parsing YAML. ``carsi_cli.loading`` calls this
module; it calls nothing of the loader's. An entry counts only if it is a
regular file of bounded size, in a directory that is the user's and writable by
no one else, that carries its own name, a CRC-32 of its body, and records that
fit today's model: anything else is a miss, and the file is parsed as usual.
See ``directory`` for where it lies, ``write`` and ``_prune`` for the files it
touches (its own only).
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
import zlib
from collections.abc import Callable, Mapping
from enum import Enum
from functools import cache, partial
from pathlib import Path
from typing import Any, TypeVar

from carsi_cli.model.records import (
    COLLECTIONS,
    NO_INFERENCE,
    NO_TRANSLATIONS,
    STATED_FIELDS,
    FactSheet,
    Part,
    Role,
    Source,
    Stated,
)

try:  # hashlib's BLAKE2b, without importing hashlib: its OpenSSL costs 2.4-3.5 ms and 3.5 MiB on every run
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - Pythons without CPython's _blake2
    from hashlib import blake2b

# A cache file: MAGIC (its last byte the layout's version), a CRC-32 of its
# name and body, the length of its name, its name, its body (marshal data).
MAGIC = b"carsi-cache\x05"
MAX_FILE = 512 * 1024 * 1024  # bytes: no cache file of carsi's is larger
KEEP = 16  # entries kept; the oldest beyond these are removed when one is written
_TEMP = ".tmp-"  # then mkstemp's eight characters
_STALE_SECONDS = 3600  # a temporary file this old was left by a write that was killed
# The code that decides what a validated model is, or what is kept beside it (the search index).
_LOAD = ("__init__", "files", "yamlread", "values", "schema", "checks", "check_figures", "check_claims", "cache")
_CODE = (
    "model/records",
    "model/kinds",
    "model/money",
    "model/text",
    *(f"loading/{n}" for n in _LOAD),
    "query/search",
    "query/ftsindex",
)


def directory() -> Path | None:
    """Where entries live, or None when the cache is off or cannot be trusted."""
    if os.environ.get("CARSI_NO_CACHE", "") not in ("", "0"):
        return None
    configured, xdg = os.environ.get("CARSI_CACHE_DIR"), os.environ.get("XDG_CACHE_HOME", "")
    if configured:
        folder = Path(configured)
    elif os.path.isabs(xdg):
        folder = Path(xdg, "carsi")
    else:  # "~" stays "~" without HOME or a password entry: not absolute either
        folder = Path(os.path.expanduser("~"), ".cache", "carsi")
    if not folder.is_absolute() or _code() is None:  # never under the working directory
        return None
    try:
        info = folder.stat()
    except FileNotFoundError:
        return folder  # made by the first write, as only this user can write to it
    except OSError:
        return None
    mine = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
    trusted = stat.S_ISDIR(info.st_mode) and mine and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return folder if trusted else None


@cache
def _code() -> bytes | None:
    """A digest of carsi's code (its .py files, or the .pyc files of a source-less
    install), the YAML parser and the Python version; None if the code cannot be read."""
    package = Path(__file__).parent.parent
    try:
        parts = [f"{sys.implementation.cache_tag} marshal {marshal.version} yaml {_yaml_parser()}".encode()]
        for name in _CODE:
            source = package / f"{name}.py"
            parts.append(source.read_bytes() if source.exists() else source.with_suffix(".pyc").read_bytes())
    except OSError:
        return None
    return blake2b(b"\0".join(parts), digest_size=32).digest()


def _yaml_parser() -> str:
    """Which parser carsi's YAML reading uses (libyaml accepts a few things the pure
    Python one refuses), found without importing PyYAML; OSError if it cannot tell."""
    import importlib.util

    spec = importlib.util.find_spec("yaml")
    folders = (spec.submodule_search_locations or []) if spec else []
    return "libyaml" if any(f.name.startswith("_yaml") for d in folders for f in Path(d).iterdir()) else "python"


def digest(data: bytes) -> str:
    """A file's content digest."""
    return blake2b(data, digest_size=32).hexdigest()


def key(data: bytes) -> str:
    """The name of the entry for a data file of these bytes, under this code."""
    entry = blake2b(_code() or b"", digest_size=32)  # a digest of fixed length, then the data
    entry.update(data)
    return entry.hexdigest()


# Models as marshal data: each collection a count and columns of plain values.


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):  # a record's values, a list of names, or a country's roles
        return tuple(_plain(v) for v in value)
    return dict(value) if isinstance(value, Mapping) else value


def _dumps(sheet: FactSheet, text_digest: str | None) -> bytes:
    stored = [getattr(sheet, collection.key) for collection in COLLECTIONS]
    columns = tuple((len(rows), tuple(zip(*map(_plain, rows), strict=True))) for rows in stored)
    return marshal.dumps((tuple(sheet.source), text_digest, columns))


def _rebuilders(cls: Any) -> tuple[Any, ...]:
    """How to rebuild each field of a record class from its plain value (None: as it is)."""
    fixes: list[Any] = []
    for name, annotation in cls.__annotations__.items():  # the types themselves: records.py evaluates them
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            fixes.append({member.value: member for member in annotation}.__getitem__)
        elif name in ("inferred", "translations"):
            fixes.append(lambda value, empty=NO_INFERENCE if name == "inferred" else NO_TRANSLATIONS: value or empty)
        elif name == "roles":
            fixes.append(_roles)
        elif name in STATED_FIELDS:
            fixes.append(lambda value: None if value is None else Stated(*value))
        else:
            fixes.append(None)
    return tuple(fixes)


def _roles(roles: tuple[tuple[Any, ...], ...]) -> tuple[Role, ...]:
    """A country's roles from their plain values (the last, ``part``, an enum)."""
    return tuple(Role(*role)._replace(part=Part(role[-1])) for role in roles)


T = TypeVar("T")
_REBUILDERS = {collection.key: _rebuilders(collection.record) for collection in COLLECTIONS}


def _loads(body: bytes) -> tuple[FactSheet, str | None]:
    source, text_digest, stored = marshal.loads(body)
    if len(source) != len(Source._fields) or len(stored) != len(COLLECTIONS) or not isinstance(text_digest, str | None):
        raise ValueError("not a model of this shape")
    collections: dict[str, Any] = {}
    for collection, (count, columns) in zip(COLLECTIONS, stored, strict=True):
        fixes = _REBUILDERS[collection.key]
        if len(columns) != (len(fixes) if count else 0):
            raise ValueError(f"{collection.key}: not records of this model")
        fixed = [column if fix is None else map(fix, column) for fix, column in zip(fixes, columns, strict=False)]
        collections[collection.key] = tuple(map(partial(tuple.__new__, collection.record), zip(*fixed, strict=True)))
        if len(collections[collection.key]) != count:
            raise ValueError(f"{collection.key}: records missing")
    return FactSheet(Source(*source), **collections), text_digest


def get(entry: str) -> tuple[FactSheet, str | None] | None:
    """The model stored under ``entry`` and the digest of the source text its quotes
    were checked against, or None on any kind of miss."""
    return _read_back(entry, _loads)


def get_extra(entry: str, name: str) -> Any:
    """Data derived from the model stored under ``entry`` (see ``put_extra``), or None."""
    return _read_back(f"{entry}.{name}", marshal.loads)


def _read_back(name: str, loads: Callable[[bytes], T]) -> T | None:
    folder = directory()
    try:
        return None if folder is None else loads(read(folder / name))
    except Exception:  # a file that cannot be read back whole is a miss, never a failure
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


def put_extra(entry: str, name: str, value: Any) -> None:
    """Keep marshal-able data derived from a model beside its entry (pruned with it)."""
    folder = directory()
    try:
        if folder is not None and (folder / entry).is_file():
            write(folder / f"{entry}.{name}", marshal.dumps(value))
    except Exception:  # derived data that cannot be kept is computed again next time
        return


# Cache files: framed, written atomically, read only when whole, removed only when carsi's own.


def _frame(name: str, body: bytes) -> bytes:
    label = name.encode()
    return MAGIC + zlib.crc32(body, zlib.crc32(label)).to_bytes(4, "big") + len(label).to_bytes(2, "big") + label


def _bytes(path: Path, size: int | None = None) -> bytes:
    """The first ``size`` bytes (or all) of a regular file of bounded size: not a link,
    a device or a named pipe (opened without blocking, so as not to wait on one)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE:
            raise ValueError("not a cache file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(info.st_size + 1 if size is None else size)
    finally:
        os.close(fd)


def read(path: Path) -> bytes:
    """The body of one of carsi's cache files, or ValueError/OSError."""
    blob = _bytes(path)
    start = len(MAGIC) + 6 + len(path.name.encode())
    if blob[:start] != _frame(path.name, blob[start:]):
        raise ValueError("not a whole carsi cache file of this name and version")
    return blob[start:]


def write(path: Path, body: bytes) -> None:
    """Write a cache file atomically (a reader sees the old file or the new one), with
    the signals that end carsi held until the temporary file is renamed or removed."""
    import signal
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    held = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT") if hasattr(signal, name)}
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held) if hasattr(signal, "pthread_sigmask") else None
    try:
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=_TEMP)
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


def _own(path: Path, start: bytes = b"") -> bool:
    """Whether carsi wrote ``path`` under its name: its magic (of any version) and that
    name; or, with ``start``, whether it begins so."""
    label = path.name.encode()
    try:
        head = _bytes(path, len(start) or len(MAGIC) + 6 + len(label))
    except (OSError, ValueError):
        return False
    if start:
        return head == start
    return head[: len(MAGIC) - 1] == MAGIC[:-1] and head[len(MAGIC) + 4 :] == len(label).to_bytes(2, "big") + label


def _stale(name: str, written: float) -> bool:
    """Whether ``name`` is a temporary file of carsi's kind, left long enough ago that no write is under way."""
    import time

    return name.startswith(_TEMP) and len(name) == len(_TEMP) + 8 and time.time() - written > _STALE_SECONDS


def _prune(folder: Path) -> None:
    """Remove the oldest entries beyond ``KEEP`` (each with its derived data), and
    temporary files left by killed writes: only files carsi can show it wrote."""
    entries: list[tuple[float, str]] = []
    with os.scandir(folder) as found:
        for item in found:
            name, path = item.name, folder / item.name
            try:
                written = item.stat(follow_symlinks=False).st_mtime
            except OSError:
                continue
            if len(name) == 64 and all(c in "0123456789abcdef" for c in name):
                entries.append((written, name))
            elif _stale(name, written) and _own(path, MAGIC[:-1]):  # begun by carsi (frame first), then killed
                path.unlink(missing_ok=True)
    if len(entries) > KEEP:
        own = [name for _, name in sorted(entries) if _own(folder / name)]
        for name in own[: max(0, len(own) - KEEP)]:
            for path in (folder / name, *folder.glob(name + ".*")):
                if _own(path):
                    path.unlink(missing_ok=True)
