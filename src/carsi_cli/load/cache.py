"""A cache of validated models, keyed by the data file's content.

Parsing and validating YAML is most of the cost of a command on a large model,
and all of the cost of importing PyYAML. A validated model is stored, in the
user's cache directory, under a digest of the data file's bytes (SHA-256 or
BLAKE2b) and of what decides what a valid model is: carsi's code, the YAML
parser (libyaml or pure Python) and the Python version. A later run on the same
bytes reads it back instead.

The cache never changes an answer and never fails a command:
* carsi reads back only regular files, of bounded size, that carry their own
  name and a CRC-32 of it and their contents, from a directory that belongs to
  the user and that no one else can write to;
* anything else (missing, truncated, corrupted, copied under another name,
  from another version, unreadable, unwritable) counts as a miss, and the
  data file is parsed as usual; a collection that cannot be rebuilt from an
  entry is taken from the data file instead;
* bad data files are never cached.

The cache touches only its own files: it prunes old entries and removes the
temporary files of writes that were killed only when a file carries carsi's
magic and its own name, and a write cannot be cut short by Ctrl-C (or SIGTERM,
SIGHUP) into a temporary file left behind.

``CARSI_CACHE_DIR`` moves it (default ``$XDG_CACHE_HOME/carsi`` or
``~/.cache/carsi``); ``CARSI_NO_CACHE=1`` turns it off. The cache is never
under the working directory, where a cloned repository could have planted
entries: a relative ``CARSI_CACHE_DIR`` means no cache, and, as the XDG
specification says, a relative ``XDG_CACHE_HOME`` is ignored; without a home
directory that is an absolute path (``HOME`` unset and no password entry, as in
some containers), there is no cache rather than one under the working directory.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any, cast

from carsi_cli.load.cachefile import prune, read, write
from carsi_cli.model import records as model
from carsi_cli.model.records import COLLECTIONS, NO_INFERENCE, NO_TRANSLATIONS, FactSheet, Role, Source

try:  # CPython's own BLAKE2: importing hashlib would first initialise OpenSSL (2.5 ms)
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b as _blake2b

# An entry's body (framed as every cache file is, see ``cachefile``): a
# marshal-ed header (the source, the digest of the source text checked
# against, the length of each collection's blob), then one marshal blob per
# collection.
_BIG = 4_000_000  # above this, OpenSSL's SHA-256 is worth its import: twice BLAKE2b's speed
_KEEP = 16  # entries kept; older ones are removed when a new one is written
# The modules whose code decides what a valid model is, or what is kept beside it.
_MODULES = (
    "model.records",
    "load.files",
    "load.yamlread",
    "load.values",
    "load.schema",
    "load",
    "load.cache",
    "load.cachefile",
    "load.checks",
    "model.money",
    "model.text",
    "query.search",
    "query.ftsindex",
)


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
        base = _cache_home()
        if base is None:
            return None
        folder = base / "carsi"
    if _code_fingerprint() is None or not _trusted(folder):
        return None
    return folder


def _cache_home() -> Path | None:
    """The user's cache directory: ``$XDG_CACHE_HOME`` if it is an absolute path
    (the XDG specification says to ignore a relative one), else ``~/.cache``;
    None if the home directory is not an absolute path (``~`` does not expand
    without ``HOME`` or a password entry): never the working directory."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg)
    home = os.path.expanduser("~")
    return Path(home, ".cache") if os.path.isabs(home) else None


def _trusted(folder: Path) -> bool:
    """A directory carsi may read its own files back from: this user's, and
    writable by no one else (or not there yet: carsi creates it so)."""
    try:
        info = folder.stat()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    owner = getattr(os, "geteuid", None)
    mine = owner is None or info.st_uid == owner()
    return stat.S_ISDIR(info.st_mode) and mine and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def digest(data: bytes) -> str:
    """A content digest: BLAKE2b for small data, SHA-256 for large."""
    if len(data) > _BIG:
        import hashlib

        return "s" + hashlib.sha256(data).hexdigest()
    return "b" + _blake2b(data, digest_size=32).hexdigest()


@cache
def _code_fingerprint() -> bytes | None:
    """A digest of what decides what a validated model is: carsi's model and
    loader code (its .py or, in a source-less install, its .pyc files), the
    YAML parser that will be used, and the Python version. None if the code
    cannot be read (then nothing is cached)."""
    import importlib.util

    code = _blake2b(digest_size=32)
    code.update(f"{sys.implementation.cache_tag} marshal {marshal.version} yaml {_yaml_parser()}".encode())
    try:
        for name in _MODULES:
            spec = importlib.util.find_spec(f"carsi_cli.{name}")
            if spec is None or spec.origin is None:
                return None
            code.update(Path(spec.origin).read_bytes())
    except (OSError, ImportError, ValueError):
        return None
    return code.digest()


def _yaml_parser() -> str:
    """Which parser ``yaml.parse`` will use (libyaml accepts a few things the pure
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


def entry_name(content: str) -> str:
    """The entry for data of this ``digest`` under this version of carsi's code."""
    return _blake2b((_code_fingerprint() or b"") + content.encode(), digest_size=32).hexdigest()


# ---------------------------------------------------------------------------
# Digests by file status: a file is read and hashed again only when its status
# (size, modification and change times, inode, device) differs from when its
# digest was recorded, as git's index does. A status recorded within two
# seconds of the file's last change is never trusted: the clock may be too
# coarse to show a second change in that time.

_STATUSES = "statuses"
_RACY_SECONDS = 2.0
_KEEP_STATUSES = 64


def _status_key(path: Path, status: os.stat_result) -> tuple[Any, ...]:
    return (
        os.path.abspath(path),
        status.st_size,
        status.st_mtime_ns,
        status.st_ctime_ns,
        status.st_ino,
        status.st_dev,
    )


def _statuses(folder: Path) -> dict[tuple[Any, ...], str]:
    try:
        table = marshal.loads(read(folder / _STATUSES))
        return table if isinstance(table, dict) else {}
    except Exception:  # a missing or damaged table only costs a read
        return {}


def known_digest(path: Path, status: os.stat_result) -> str | None:
    """The digest recorded for this file in exactly this status, if any."""
    folder = directory()
    if folder is None:
        return None
    found = _statuses(folder).get(_status_key(path, status))
    return found if isinstance(found, str) else None


def remember_digest(path: Path, status: os.stat_result, content: str) -> None:
    """Record a file's digest under its status, unless it changed too recently to trust."""
    import time

    folder = directory()
    changed = max(status.st_mtime_ns, status.st_ctime_ns) / 1e9
    if folder is None or time.time() - changed < _RACY_SECONDS:
        return
    try:
        table = _statuses(folder)
        where = os.path.abspath(path)
        table = {k: v for k, v in table.items() if k[0] != where}  # one status per file
        table[_status_key(path, status)] = content
        if len(table) > _KEEP_STATUSES:
            table = dict(list(table.items())[-_KEEP_STATUSES:])
        write(folder / _STATUSES, marshal.dumps(table))
    except Exception:
        return


# ---------------------------------------------------------------------------
# Packing: records to marshal-able tuples and back


def _pack_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Role):
        return tuple(value)
    if isinstance(value, tuple):
        return tuple(_pack_value(v) for v in value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


def _pack(records: tuple[Any, ...]) -> tuple[tuple[Any, ...], ...]:
    return tuple(tuple(_pack_value(v) for v in record) for record in records)


def _unpacker(cls: Any, enums: Mapping[str, type[Enum]]) -> Any:
    """Rebuild records of ``cls`` from packed tuples, enums and mappings restored.

    The per-record constructor is generated from the field list, as
    collections.namedtuple generates its own: it rebuilds 30,000 funding records
    in 10 ms where a generic loop takes 19 ms. Only field positions go into it.
    """
    fields = cls._fields
    env: dict[str, Any] = {
        "new": tuple.__new__,
        "cls": cls,
        "NO_INFERENCE": NO_INFERENCE,
        "NO_TRANSLATIONS": NO_TRANSLATIONS,
        "Role": Role,
    }
    parts = []
    for i, name in enumerate(fields):
        if name in enums:
            env[f"m{i}"] = {member.value: member for member in enums[name]}
            parts.append(f"m{i}[r[{i}]]")
        elif name == "inferred":
            parts.append(f"(r[{i}] or NO_INFERENCE)")
        elif name == "translations":
            parts.append(f"(r[{i}] or NO_TRANSLATIONS)")
        elif name == "roles":
            parts.append(f"tuple([new(Role, x) for x in r[{i}]])")
        else:
            parts.append(f"r[{i}]")
    build = eval(f"lambda r: new(cls, ({', '.join(parts)},))", env)  # code from field positions only, no data

    def unpack(rows: tuple[tuple[Any, ...], ...]) -> tuple[Any, ...]:
        if {len(row) for row in rows} - {len(fields)}:
            raise ValueError(cls.__name__)
        return tuple(map(build, rows))

    return unpack


def _enums(cls: Any) -> dict[str, type[Enum]]:
    """The fields of a record class whose values are one of the model's enums."""
    found = {}
    for name, annotation in cls.__annotations__.items():  # ForwardRef('ProgramKind'): model names, unevaluated
        enum = getattr(model, str(getattr(annotation, "__forward_arg__", annotation)), None)
        if isinstance(enum, type) and issubclass(enum, Enum):
            found[name] = enum
    return found


# Each collection's name and record class; its unpacker is generated on first use.
_COLLECTIONS = tuple((c.key, c.record) for c in COLLECTIONS)


@cache
def _unpacker_of(cls: Any) -> Any:
    return _unpacker(cls, _enums(cls))


def _dumps(sheet: FactSheet, text_digest: str | None) -> bytes:
    blobs = [marshal.dumps(_pack(getattr(sheet, name))) for name, _ in _COLLECTIONS]
    header = marshal.dumps((tuple(sheet.source), text_digest, tuple(len(b) for b in blobs)))
    return len(header).to_bytes(4, "big") + header + b"".join(blobs)


Rescue = Callable[[], FactSheet]


def _loads(body: memoryview, rescue: Rescue) -> tuple[FactSheet, str | None]:
    size = int.from_bytes(body[:4], "big")
    source, text_digest, lengths = marshal.loads(body[4 : 4 + size])
    if len(lengths) != len(_COLLECTIONS):
        raise ValueError("shape")
    at = 4 + size
    collections = {}
    for (name, cls), length in zip(_COLLECTIONS, lengths, strict=True):
        collections[name] = _Later(name, cls, body[at : at + length], rescue)
        at += length
    if at != len(body):
        raise ValueError("length")
    return FactSheet(Source._make(source), **collections), text_digest


class _Later(Sequence[Any]):
    """A collection read from its blob on first use, so that a command pays
    only for the collections it reads. If the blob cannot be read back (an
    entry forged with a valid checksum), the collection is taken from the data
    file instead."""

    __slots__ = ("_blob", "_cls", "_items", "_name", "_rescue")

    def __init__(self, name: str, cls: Any, blob: memoryview, rescue: Rescue) -> None:
        self._name, self._cls, self._blob, self._rescue = name, cls, blob, rescue
        self._items: tuple[Any, ...] | None = None

    def _all(self) -> tuple[Any, ...]:
        if self._items is None:
            try:
                self._items = cast(tuple[Any, ...], _unpacker_of(self._cls)(marshal.loads(self._blob)))
            except Exception:
                self._items = tuple(getattr(self._rescue(), self._name))
        return self._items

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[Any]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and self._all() == tuple(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._all())


# ---------------------------------------------------------------------------
# Entries


def get(entry: str, rescue: Rescue) -> tuple[FactSheet, str | None] | None:
    """The model stored under ``entry`` and the digest of the source text it was
    checked against, or None on any kind of miss. ``rescue`` parses the data
    file, should a collection of the entry prove unreadable."""
    folder = directory()
    if folder is None:
        return None
    try:
        return _loads(read(folder / entry), rescue)
    except Exception:  # any unreadable entry is a miss, never a failure
        return None


def put(entry: str, sheet: FactSheet, text_digest: str | None) -> None:
    """Store a validated model; silently does nothing if the cache cannot be written."""
    folder = directory()
    if folder is None:
        return
    try:
        write(folder / entry, _dumps(sheet, text_digest))
        prune(folder, _KEEP)
    except Exception:  # a cache that cannot be written only costs time
        return


def get_extra(entry: str, name: str) -> Any:
    """Data derived from the model stored under ``entry`` (see ``put_extra``), or None."""
    folder = directory()
    if folder is None:
        return None
    try:
        return marshal.loads(read(folder / f"{entry}.{name}"))
    except Exception:  # a miss, never a failure
        return None


def put_extra(entry: str, name: str, value: Any) -> None:
    """Keep marshal-able data derived from a model beside its entry (removed with it)."""
    folder = directory()
    if folder is None or not (folder / entry).exists():
        return
    try:
        write(folder / f"{entry}.{name}", marshal.dumps(value))
    except Exception:  # derived data that cannot be kept is computed again next time
        return
