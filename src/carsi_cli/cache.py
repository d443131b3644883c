"""A cache of validated models, keyed by the data file's content.

Parsing and validating YAML is most of the cost of a command on a large model,
and all of the cost of importing PyYAML. A validated model is stored, in the
user's cache directory, under a BLAKE2b digest of (carsi's model and loader
code, the data file's bytes). A later run on the same bytes reads it back instead.

The cache can never change an answer or fail a command: an entry is used only
if its checksum matches, and anything unexpected in reading or writing it
(missing, truncated, corrupted, unwritable, from another version) counts as a
miss and the file is parsed as usual. Bad data files are never cached.

``CARSI_CACHE_DIR`` moves it (default ``$XDG_CACHE_HOME/carsi`` or
``~/.cache/carsi``); ``CARSI_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import marshal
import os
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
    from _blake2 import blake2b as _hash
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b as _hash

_MAGIC = b"carsi-cache\x02"
_DIGEST = 32
_KEEP = 16  # entries kept; older ones are removed when a new one is written
_CODE = ("model.py", "load.py", "cache.py", "checks.py", "money.py")


def directory() -> Path | None:
    """Where entries live, or None when the cache is turned off."""
    if os.environ.get("CARSI_NO_CACHE", "") not in ("", "0"):
        return None
    configured = os.environ.get("CARSI_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "carsi"


def _code_fingerprint() -> bytes:
    """A digest of the code that decides what a validated model is."""
    digest = _hash(digest_size=_DIGEST)
    here = Path(__file__).parent
    for name in _CODE:
        digest.update((here / name).read_bytes())
    return digest.digest()


def key(data: bytes) -> str:
    """The entry name for a data file's bytes."""
    return _hash(_code_fingerprint() + data, digest_size=_DIGEST).hexdigest()


def digest(data: bytes) -> str:
    """A content digest (used for the source text a model was checked against)."""
    return _hash(data, digest_size=_DIGEST).hexdigest()


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
    """Rebuild records of ``cls`` from packed tuples, enums and mappings restored."""
    fields = cls._fields
    enum_at = [(fields.index(name), enum) for name, enum in enums.items()]
    inferred_at = fields.index("inferred") if "inferred" in fields else None
    roles_at = fields.index("roles") if "roles" in fields else None

    def unpack(rows: tuple[tuple[Any, ...], ...]) -> tuple[Any, ...]:
        out = []
        for row in rows:
            if len(row) != len(fields):
                raise ValueError(cls.__name__)
            values = list(row)
            for at, enum in enum_at:
                values[at] = enum(values[at])
            if inferred_at is not None and not values[inferred_at]:
                values[inferred_at] = NO_INFERENCE
            if roles_at is not None:
                values[roles_at] = tuple(Role._make(r) for r in values[roles_at])
            out.append(cls._make(values))
        return tuple(out)

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
    payload = (tuple(sheet.source), text_digest, *(_pack(getattr(sheet, name)) for name, _ in _COLLECTIONS))
    return marshal.dumps(payload)


def _loads(blob: bytes) -> tuple[FactSheet, str | None]:
    payload = marshal.loads(blob)
    source, text_digest, *collections = payload
    if len(collections) != len(_COLLECTIONS):
        raise ValueError("shape")
    sheet = FactSheet(
        Source._make(source),
        *(unpack(rows) for (_, unpack), rows in zip(_COLLECTIONS, collections, strict=True)),
    )
    return sheet, text_digest


# ---------------------------------------------------------------------------
# Entries


def get(entry: str) -> tuple[FactSheet, str | None] | None:
    """The model stored under ``entry`` and the digest of the source text it was
    checked against, or None on any kind of miss."""
    folder = directory()
    if folder is None:
        return None
    try:
        blob = (folder / entry).read_bytes()
        start = len(_MAGIC) + _DIGEST
        head, check, body = blob[: len(_MAGIC)], blob[len(_MAGIC) : start], blob[start:]
        if head != _MAGIC or _hash(body, digest_size=_DIGEST).digest() != check:
            return None
        return _loads(body)
    except Exception:  # any unreadable entry is a miss, never a failure
        return None


def put(entry: str, sheet: FactSheet, text_digest: str | None) -> None:
    """Store a validated model; silently does nothing if the cache cannot be written."""
    folder = directory()
    if folder is None:
        return
    try:
        import tempfile

        body = _dumps(sheet, text_digest)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(_MAGIC + _hash(body, digest_size=_DIGEST).digest() + body)
            os.replace(temp, folder / entry)
        except BaseException:
            os.unlink(temp)
            raise
        _prune(folder)
    except Exception:  # a cache that cannot be written only costs time
        return


def _prune(folder: Path) -> None:
    entries = [p for p in folder.iterdir() if len(p.name) == 64 and not p.name.startswith(".")]
    if len(entries) > _KEEP:
        entries.sort(key=lambda p: p.stat().st_mtime)
        for old in entries[: len(entries) - _KEEP]:
            old.unlink(missing_ok=True)
