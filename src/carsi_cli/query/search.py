"""Search, pure: the records a query means, best first, with the passage that
holds its words and where they lie in that passage. How a query is read and
ranked is in ``ranking``; the index, in ``ftsindex``; the passages shown, in
``snippets``. They are imported when a search runs. A hit is a
``model.results.SearchHit``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from carsi_cli.model.records import NO_INFERENCE, Funding, RecordType, names, record_name
from carsi_cli.model.results import SearchHit
from carsi_cli.model.text import fold

if TYPE_CHECKING:
    import sqlite3

    from carsi_cli.model.records import FactSheet, Record
    from carsi_cli.query.ranking import Ranked
    from carsi_cli.query.reading import Query


class SearchResult(NamedTuple):
    hits: tuple[SearchHit, ...]
    total: int
    """How many records matched before ``limit``."""
    suggestions: tuple[str, ...]
    """Close names when nothing matched, or for the words no record holds."""
    unknown: tuple[str, ...] = ()
    """Words of the query that no record holds (they matched nothing)."""
    elsewhere: tuple[tuple[RecordType, int], ...] = ()
    """When nothing of the types asked matched: the other types that hold the
    words, with how many records of each."""
    corrected: tuple[tuple[str, str], ...] = ()
    """(words as typed, the words read instead): Spanish themes and everyday words
    (``themes``), then each misspelt word and the model's word it was read as."""
    also: tuple[tuple[str, str], ...] = ()
    """(a word of the query, the text's other word for it that it also found): ``themes.ALSO``."""


def search(
    sheet: FactSheet,
    text: str,
    types: Sequence[RecordType] = (),
    limit: int | None = None,
    index: bytes | None = None,
) -> SearchResult:
    """Records that hold the words of ``text``, best first (see the module's docstring).

    ``index``, if given, should be ``ftsindex.build(sheet)`` kept from an earlier
    run; one that does not open, or that is not this model's, is built again.
    """
    from carsi_cli.query import ftsindex
    from carsi_cli.query.reading import parse

    query = parse(text)
    if not query.words and not query.figures:
        return SearchResult((), 0, ())
    import sqlite3

    broken = (sqlite3.DatabaseError, MemoryError)  # MemoryError: SQLite's answer to some damage
    wanted = tuple(rtype for rtype in RecordType if not types or rtype in types)
    if index is not None:
        try:
            db = ftsindex.open_index(index)
        except broken:  # not an index: build one
            pass
        else:
            try:
                return _search(sheet, db, query, wanted, limit)
            except (_Stale, *broken):  # not this model's, or damaged: build one
                pass
            finally:
                db.close()
    db = ftsindex.open_index(ftsindex.build(sheet))
    try:
        return _search(sheet, db, query, wanted, limit)
    finally:
        db.close()


class _Stale(Exception):
    """The index is not this model's."""


def _search(
    sheet: FactSheet, db: sqlite3.Connection, query: Query, wanted: Sequence[RecordType], limit: int | None
) -> SearchResult:
    from carsi_cli.query import ftsindex
    from carsi_cli.query.ranking import rank
    from carsi_cli.query.vocabulary import Vocabulary

    @cache
    def vocabulary() -> Vocabulary:  # read once, and only if a word has no exact hit
        return Vocabulary.read(db, [ftsindex.TYPES.index(rtype) for rtype in wanted])

    from carsi_cli.query.lookup import absent_key

    absent = absent_key(" ".join(query.words))  # "merida" is not "America" misspelt
    exprs, unknown, corrected, ranked = rank(db, query, wanted, vocabulary, () if absent is None else absent.split())
    shown = ranked if limit is None else ranked[:limit]
    hits = _hits(sheet, db, shown, exprs)
    suggestions: tuple[str, ...] = ()
    if unknown or not ranked:
        missing = unknown or ((fold(" ".join(query.words)),) if query.words else ())
        if absent is not None:  # no close name for a name the fact sheet does not write
            missing = tuple(word for word in missing if word not in absent.split() and word != absent)
        # a common English word ("abroad") was meant as written: no name is offered for it
        missing = tuple(word for word in missing if " " in word or not _english(word))
        if missing:  # one vocabulary for all the words: built per word, a long query took minutes
            suggestions = vocabulary().suggest(missing)
    read = (*query.read_as, *((word, vocabulary().spelled(key)) for word, key in corrected)) if ranked else ()
    elsewhere: tuple[tuple[RecordType, int], ...] = ()
    others = [rtype for rtype in RecordType if rtype not in wanted]
    if not ranked and others:
        elsewhere_words = cache(lambda: Vocabulary.read(db, [ftsindex.TYPES.index(rtype) for rtype in others]))
        found = [ftsindex.record_type(item.row) for item in rank(db, query, others, elsewhere_words).ranked]
        elsewhere = tuple((rtype, found.count(rtype)) for rtype in RecordType if rtype in found)
        if elsewhere:
            suggestions = ()
    from carsi_cli.query.themes import also

    others_read = tuple((word, other) for word in query.words for other in also(word)) if ranked else ()
    return SearchResult(hits, len(ranked), suggestions, unknown, elsewhere, read, others_read)


def _english(word: str) -> bool:
    from carsi_cli.query.vocabulary import SHORTEST, english

    return len(word) >= SHORTEST and not word.isdigit() and english(word)


def notes(result: SearchResult, text: str) -> list[str]:
    """What a person should know about a result: no match (and the names it is
    close to), words no record holds, results left out by the limit."""
    close = f" Did you mean: {', '.join(result.suggestions)}?" if result.suggestions else ""
    absent = not_named(text)
    if not result.hits:
        if absent is not None:
            return [f"No record matches {text!r}: the fact sheet does not name {absent}."]
        if result.elsewhere:
            counts = ", ".join(_how_many(rtype, n) for rtype, n in result.elsewhere)
            return [f"No record of the types asked matches {text!r}; {counts} do: leave out --type."]
        return [f"No record matches {text!r}.{close}"]
    lines = [] if absent is None else [absence(absent)]
    if result.corrected:
        lines.append(reading(result, text))
    if result.also:
        words = ", ".join(f"{other!r} for {word!r}" for word, other in result.also)
        lines.append(f"Also matching the fact sheet's other words: {words}.")
    if result.unknown:
        words = ", ".join(repr(w) for w in result.unknown)
        lines.append(f"No record holds {words}; these results match the other words.{close}")
    if result.total > len(result.hits):
        lines.append(f"Showing {len(result.hits)} of {result.total} matches; use --limit 0 to see all.")
    return lines


def not_named(text: str) -> str | None:
    """The agency, program or country ``text`` mentions that the fact sheet does not name, if any."""
    from carsi_cli.query.lookup import named_in

    return named_in(text)


def absence(absent: str) -> str:
    """What to say first when a query names something the fact sheet does not."""
    return f"The fact sheet does not name {absent}; these results share a word with it."


def _how_many(rtype: RecordType, n: int) -> str:
    """'1 program', '7 agencies', '2 funding figures'."""
    from carsi_cli.model.records import COLLECTION

    if rtype is RecordType.FUNDING:
        return f"{n} funding figure" + ("s" if n != 1 else "")
    return f"{n} {rtype.value if n == 1 else COLLECTION[rtype].key}"


# The fields a passage is taken from, best first: only the fact sheet's own words.
# A description, purpose, title or role is the model's wording, never shown as a
# passage; a hit matched only there shows its quote (see ``SearchHit.matched``).
_PASSAGES = ("quote", "other_quotes", "roles.quote")


def _hits(
    sheet: FactSheet, db: sqlite3.Connection, ranked: Sequence[Ranked], exprs: Sequence[str]
) -> tuple[SearchHit, ...]:
    """The hits of the ranked records, each with the passage that best shows the query's words."""
    from carsi_cli.model.money import describe
    from carsi_cli.query import ftsindex
    from carsi_cli.query.snippets import highlighted, window

    if not ranked:
        return ()
    marks = ", ".join("?" * len(ranked))
    ids = dict(db.execute(f"select row, id from ids where row in ({marks})", [r.row for r in ranked]))
    records: list[Record] = []
    for item in ranked:
        collection = sheet.records(ftsindex.record_type(item.row))
        at = ftsindex.position(item.row)
        if at >= len(collection) or collection[at].id != ids.get(item.row):
            raise _Stale
        records.append(collection[at])

    def via(row: int) -> Record:
        return sheet.records(ftsindex.record_type(row))[ftsindex.position(row)]

    values: list[tuple[int, str, str]] = []
    for i, (item, record) in enumerate(zip(ranked, records, strict=True)):
        if item.via is not None:  # found through a linked record: its name is the passage
            field, linked = ftsindex.record_type(item.via).value, via(item.via)
            shown = [name for name in dict.fromkeys([record_name(linked), *names(linked)]) if name != linked.id]
            values += [(i, field, name) for name in shown]  # its name first, then the aliases that may match
        else:
            values += [(i, field, value) for field, value in ftsindex.searchable_fields(record) if field != "id"]
    marked = highlighted(db, [value for _, _, value in values], exprs)
    hits = []
    for i, (item, record) in enumerate(zip(ranked, records, strict=True)):
        found = [
            (field, text, spans) for (hit, field, _), (text, spans) in zip(values, marked, strict=True) if hit == i
        ]
        matched = [field for field, _, spans in found if spans]
        passages = [m for m in found if m[2] and (m[0] in _PASSAGES or item.via is not None)]
        if passages:
            field, text, spans = max(passages, key=lambda m: (_words_marked(m[1], m[2]), -_rank_of(m[0])))
        else:
            field, text, spans = "quote", record.quote, []
        snippet, snippet_spans = window(text, spans)
        if item.via is not None and passages:  # the linked record's name, and its id as `show` takes it
            snippet += f" ({via(item.via).id})"
        name = describe(record) if isinstance(record, Funding) else record_name(record)
        hits.append(
            SearchHit(
                ftsindex.record_type(item.row),
                record.id,
                name,
                field,
                snippet,
                snippet_spans,
                round(item.score * 10),
                tuple(dict.fromkeys([*matched, *item.extra])),
                _name_inferred(record),
            )
        )
    return tuple(hits)


def _name_inferred(record: Any) -> Mapping[str, str]:
    """The reason a record's name is carsi's, where the text gives it none; else nothing."""
    reason = None if isinstance(record, Funding) else record.inferred.get("name")
    return NO_INFERENCE if reason is None else MappingProxyType({"name": reason})


def _rank_of(field: str) -> int:
    return _PASSAGES.index(field) if field in _PASSAGES else len(_PASSAGES)


def _words_marked(text: str, spans: Sequence[tuple[int, int]]) -> int:
    return len({fold(text[a:b]) for a, b in spans})


def reading(result: SearchResult, text: str) -> str:
    """How a query with misspelt words was read: "Showing results for Guatemala (read 'guatamala' as ...)"."""
    import re

    shown = fold(text)
    for typed, spelled in result.corrected:
        shown = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", spelled, shown)
    words = ", ".join(f"{word!r} as {spelled!r}" for word, spelled in result.corrected)
    return f"Showing results for {shown} (read {words})."
