"""The whole load: a data file (and its source text) in, a validated FactSheet out.

Reading is in ``files``, YAML in ``yamlread``, validation in ``schema``. A
validated model is kept in a cache (``cache``) under a digest of the file's
content, so an unchanged file is neither parsed nor validated again: this
module is the only one that knows the cache exists.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from carsi_cli.errors import DataFileError, ModelCheckError, ValidationError
from carsi_cli.loading.files import decode, max_bytes, read_bytes
from carsi_cli.model.records import FactSheet

if TYPE_CHECKING:
    from carsi_cli.model.results import Problem


def bundled_data_path() -> Path:
    """The model shipped inside the package."""
    return Path(__file__).parent.parent / "data" / "factsheet.yaml"


def source_text_path(sheet: FactSheet, data_path: Path) -> Path | None:
    """Where the source text named by ``source.text_file`` lies, relative to the data file.

    A data file is untrusted, and the source text ends up on stdout and in the
    web page ``export html`` writes: so it must lie inside the data file's
    folder, symbolic links followed (the folder's own too, as the bundled
    model's folder is a link), or the data file could name any of the user's files.
    """
    from . import values

    name = sheet.source.text_file
    if name is None:
        return None
    try:
        values.relative_file(name)
    except values.Bad as exc:
        raise ValidationError(f"{data_path}: source: text_file {exc}") from None
    folder = data_path.parent
    if not _inside(folder, folder / name):
        msg = (
            f"{data_path}: source: text_file {name!r} leads out of the data file's folder through a symbolic link; "
            "the source text must lie in that folder"
        )
        raise ValidationError(msg)
    return folder / name


def _inside(folder: Path, path: Path) -> bool:
    """Whether ``path`` lies in ``folder``, both with every symbolic link followed."""
    home = os.path.realpath(folder)
    try:
        return os.path.commonpath([home, os.path.realpath(path)]) == home
    except ValueError:  # on another drive
        return False


def read_source_text(sheet: FactSheet, data_path: Path) -> str | None:
    """The source text the model's quotes are checked against, if the file names one."""
    path = source_text_path(sheet, data_path)
    return None if path is None else decode(_read_source(path, data_path, max_bytes()), str(path))


def _read_source(path: Path, data_path: Path, limit: int) -> bytes:
    try:
        return read_bytes(path, limit, what="source text")
    except DataFileError as exc:
        raise DataFileError(_source_hint(exc, data_path)) from None


def _source_hint(exc: DataFileError, data_path: Path) -> str:
    return f"{exc} (named by source.text_file in {data_path}; copy it beside the data file or remove text_file)"


# The cache entry of each model ``load`` returned in this process, by the
# model's identity (the model is kept too, so that its identity stays unique).
_ENTRIES: dict[int, tuple[FactSheet, str]] = {}


def load(path: Path | None = None, *, check_quotes: bool = True) -> FactSheet:
    """Read, parse and validate a data file (the bundled model by default).

    With ``check_quotes``, the model is checked before it is believed: its
    figures, years, links and roles against its quotes (``checks.model_problems``;
    a ModelCheckError lists what fails), and every quote must occur in the
    source text when the file names one. ``carsi verify`` loads without it to
    list every failure, and ``--unverified`` to look at a model being written.
    A validated model that passes those checks is cached by content, so an
    unchanged file is neither parsed, validated nor checked again; one that
    fails is never cached.
    """
    from carsi_cli.loading import cache

    path = path if path is not None else bundled_data_path()
    origin = str(path)
    limit = max_bytes()
    data = read_bytes(path, limit)
    entry = cache.key(data)
    hit = cache.get(entry)
    if hit is not None:
        sheet, checked_against = hit
    else:
        from carsi_cli.loading.schema import validate
        from carsi_cli.loading.yamlread import parse_yaml

        doc, lines = parse_yaml(decode(data, origin), origin)
        sheet, checked_against = validate(doc, origin, lines), None
    text_digest = checked_against
    text_path = source_text_path(sheet, path) if check_quotes else None
    if text_path is not None:
        text = _read_source(text_path, path, limit)
        text_digest = cache.digest(text)
        if text_digest != checked_against:  # quotes not yet checked against this text
            _require_quotes(sheet, decode(text, str(text_path)), origin)
    if hit is None and not _passes(sheet, path, origin, refuse=check_quotes):
        return sheet  # looked at unchecked (--unverified, verify), and never cached
    if hit is None or text_digest != checked_against:
        cache.put(entry, sheet, text_digest)
    _ENTRIES[id(sheet)] = (sheet, entry)
    return sheet


T = TypeVar("T")


def kept(sheet: FactSheet, name: str, compute: Callable[[FactSheet], T], valid: Callable[[Any], bool]) -> T:
    """``compute(sheet)``: data derived from a model that ``load`` returned,
    kept with the model between runs (marshal-able values only). Read back
    when it is there and ``valid``, else computed and kept."""
    from carsi_cli.loading import cache

    found = _ENTRIES.get(id(sheet))
    if found is None or found[0] is not sheet:  # not a model load returned: nothing to keep it with
        return compute(sheet)
    entry = found[1]
    value = cache.get_extra(entry, name)
    if value is not None and valid(value):
        return cast(T, value)
    value = compute(sheet)
    cache.put_extra(entry, name, value)
    return value


MAX_LISTED = 10  # problems listed when a load refuses a model; verify lists them all


def _passes(sheet: FactSheet, path: Path, origin: str, *, refuse: bool) -> bool:
    """Whether a model just parsed passes the checks of its records against
    their quotes; if it does not, with ``refuse``, a ModelCheckError listing
    the first problems, each with its file and line."""
    from carsi_cli.loading.checks import model_problems

    problems = model_problems(sheet)
    if not problems:
        return True
    if not refuse:
        return False
    listed = [p.message() for p in locate_problems(problems[:MAX_LISTED], path)]
    if len(problems) > MAX_LISTED:
        listed.append(f"and {len(problems) - MAX_LISTED} more; run `carsi verify` to list them")
    else:
        listed.append("run `carsi verify` to check the whole model")
    count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
    msg = (
        f"{origin}: the model is not shown: {count} with its figures, years, links or roles "
        "against its quotes (--unverified shows it anyway):"
    )
    raise ModelCheckError(msg, tuple(listed))


def locate_problems(problems: list[Problem], path: Path) -> list[Problem]:
    """``problems`` of the model in the data file ``path``, each with the file and line of its field."""
    from carsi_cli.loading.checks import locate

    origin = str(path)
    return locate(problems, decode(read_bytes(path, max_bytes()), origin), origin)


def _require_quotes(sheet: FactSheet, source_text: str, origin: str) -> None:
    from carsi_cli.loading.checks import quote_problems

    problems = quote_problems(sheet, source_text, first_only=True)
    if problems:
        first = problems[0]
        msg = (
            f"{origin}: {first.type} {first.id!r}: {first.field} does not occur in the source text "
            f"{sheet.source.text_file}; run `carsi verify` to list every problem"
        )
        raise ValidationError(msg)
