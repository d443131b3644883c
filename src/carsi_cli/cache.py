"""A cache of validated models, keyed by the data file's content.

Parsing and validating YAML is most of the cost of a command on a large model,
and all of the cost of importing PyYAML. A validated model is stored, in the
user's cache directory, under a digest of carsi's model and loader code and
the data file's bytes (SHA-256 or BLAKE2b). A later run on the same bytes reads it back instead.

The cache can never change an answer or fail a command: an entry is used only
if its CRC-32 matches and its shape is right, and anything unexpected in reading or writing it
(missing, truncated, corrupted, unwritable, from another version) counts as a
miss and the file is parsed as usual. Bad data files are never cached.

``CARSI_CACHE_DIR`` moves it (default ``$XDG_CACHE_HOME/carsi`` or
``~/.cache/carsi``); ``CARSI_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import marshal
import os
import zlib
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any

from .model import (
    NO_INFERENCE,
    Agency,
    AgencyKind,
    Basis,
    Country,
    Event,
    FactSheet,
    Funding,
    FundingKind,
    Program,
    ProgramKind,
    Qualifier,
    Role,
    Source,
    Statistic,
    Unit,
)

try:  # CPython's own BLAKE2: importing hashlib would first initialise OpenSSL (2.5 ms)
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b as _blake2b

# Layout of an entry: magic, the CRC-32 of the rest, a marshal-ed header (the
# source, the digest of the source text checked against, and the length of each
# collection's blob), then one marshal blob per collection.
_MAGIC = b"carsi-cache\x03"
_BIG = 4_000_000  # above this, OpenSSL's SHA-256 is worth its import: twice BLAKE2b's speed
_KEEP = 16  # entries kept; older ones are removed when a new one is written
_CODE = ("model.py", "load.py", "cache.py", "checks.py", "money.py", "query.py", "text.py")


def directory() -> Path | None:
    """Where entries live, or None when the cache is turned off."""
    if os.environ.get("CARSI_NO_CACHE", "") not in ("", "0"):
        return None
    configured = os.environ.get("CARSI_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "carsi"


def digest(data: bytes) -> str:
    """A content digest: BLAKE2b for small data, SHA-256 for large."""
    if len(data) > _BIG:
        import hashlib

        return "s" + hashlib.sha256(data).hexdigest()
    return "b" + _blake2b(data, digest_size=32).hexdigest()


def _code_fingerprint() -> bytes:
    """A digest of the code that decides what a validated model is."""
    code = _blake2b(digest_size=32)
    here = Path(__file__).parent
    for name in _CODE:
        code.update((here / name).read_bytes())
    return code.digest()


def entry_name(content: str) -> str:
    """The entry for data of this ``digest`` under this version of carsi's code."""
    return _blake2b(_code_fingerprint() + content.encode(), digest_size=32).hexdigest()


def key(data: bytes) -> str:
    """The entry name for a data file's bytes (and carsi's code)."""
    return entry_name(digest(data))


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
        table = marshal.loads(_unframe((folder / _STATUSES).read_bytes()))
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
        _write(folder / _STATUSES, _frame(marshal.dumps(table)))
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
    env: dict[str, Any] = {"new": tuple.__new__, "cls": cls, "NO_INFERENCE": NO_INFERENCE, "Role": Role}
    parts = []
    for i, name in enumerate(fields):
        if name in enums:
            env[f"m{i}"] = {member.value: member for member in enums[name]}
            parts.append(f"m{i}[r[{i}]]")
        elif name == "inferred":
            parts.append(f"(r[{i}] or NO_INFERENCE)")
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


_COLLECTIONS = (
    ("programs", _unpacker(Program, {"kind": ProgramKind})),
    ("funding", _unpacker(Funding, {"qualifier": Qualifier, "basis": Basis, "kind": FundingKind})),
    ("agencies", _unpacker(Agency, {"kind": AgencyKind})),
    ("countries", _unpacker(Country, {})),
    ("statistics", _unpacker(Statistic, {"unit": Unit, "qualifier": Qualifier})),
    ("events", _unpacker(Event, {})),
)


def _dumps(sheet: FactSheet, text_digest: str | None) -> bytes:
    blobs = [marshal.dumps(_pack(getattr(sheet, name))) for name, _ in _COLLECTIONS]
    header = marshal.dumps((tuple(sheet.source), text_digest, tuple(len(b) for b in blobs)))
    return _frame(len(header).to_bytes(4, "big") + header + b"".join(blobs))


def _frame(body: bytes) -> bytes:
    """What carsi writes to its cache: a magic string, the body's CRC-32, the body."""
    return _MAGIC + zlib.crc32(body).to_bytes(4, "big") + body


def _unframe(blob: bytes) -> memoryview:
    """The body of a framed blob, or ValueError if it is not one this carsi wrote whole."""
    start = len(_MAGIC) + 4
    body = memoryview(blob)[start:]
    if blob[: len(_MAGIC)] != _MAGIC or zlib.crc32(body) != int.from_bytes(blob[len(_MAGIC) : start], "big"):
        raise ValueError("not a whole carsi cache entry of this version")
    return body


def _loads(blob: bytes) -> tuple[FactSheet, str | None]:
    body = _unframe(blob)
    size = int.from_bytes(body[:4], "big")
    source, text_digest, lengths = marshal.loads(body[4 : 4 + size])
    if len(lengths) != len(_COLLECTIONS):
        raise ValueError("shape")
    at = 4 + size
    collections = []
    for (_, unpack), length in zip(_COLLECTIONS, lengths, strict=True):
        collections.append(_later(unpack, body[at : at + length]))
        at += length
    if at != len(body):
        raise ValueError("length")
    return FactSheet(Source._make(source), *collections), text_digest


def _later(unpack: Any, blob: memoryview) -> Any:
    """A collection read from its blob on first use. The whole entry's CRC-32
    has been checked and its name includes a digest of this code, so the blob
    is what this carsi wrote."""
    return lambda: unpack(marshal.loads(blob))


# ---------------------------------------------------------------------------
# Entries


def get(entry: str) -> tuple[FactSheet, str | None] | None:
    """The model stored under ``entry`` and the digest of the source text it was
    checked against, or None on any kind of miss."""
    folder = directory()
    if folder is None:
        return None
    try:
        return _loads((folder / entry).read_bytes())
    except Exception:  # any unreadable entry is a miss, never a failure
        return None


def put(entry: str, sheet: FactSheet, text_digest: str | None) -> None:
    """Store a validated model; silently does nothing if the cache cannot be written."""
    folder = directory()
    if folder is None:
        return
    try:
        _write(folder / entry, _dumps(sheet, text_digest))
        _prune(folder)
    except Exception:  # a cache that cannot be written only costs time
        return


def get_extra(entry: str, name: str) -> Any:
    """Data derived from the model stored under ``entry`` (see ``put_extra``), or None."""
    folder = directory()
    if folder is None:
        return None
    try:
        return marshal.loads(_unframe((folder / f"{entry}.{name}").read_bytes()))
    except Exception:  # a miss, never a failure
        return None


def put_extra(entry: str, name: str, value: Any) -> None:
    """Keep marshal-able data derived from a model beside its entry (removed with it)."""
    folder = directory()
    if folder is None or not (folder / entry).exists():
        return
    try:
        _write(folder / f"{entry}.{name}", _frame(marshal.dumps(value)))
    except Exception:  # derived data that cannot be kept is computed again next time
        return


def _write(path: Path, blob: bytes) -> None:
    """Write atomically: a reader sees the old file or the new one, never half of one."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(blob)
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


def _prune(folder: Path) -> None:
    entries = [p for p in folder.iterdir() if len(p.name) == 64 and not p.name.startswith(".")]
    if len(entries) > _KEEP:
        entries.sort(key=lambda p: p.stat().st_mtime)
        stale = {old.name for old in entries[: len(entries) - _KEEP]}
        for path in folder.iterdir():
            if path.name[:64] in stale:
                path.unlink(missing_ok=True)
