"""How search ranks the records for a query (read by ``reading``), pure but for SQLite.

The engine is SQLite's FTS5 (see ``ftsindex``): words are stemmed (trained
finds training), folded (Panamá finds Panama) and weighted by where they
occur. On top of it, the ranking here:

* question and function words ("when did", "how many", "the") do not count;
* a record may match most rather than all of the words, and ranks by how many
  (coverage), where (a name before a quote) and how often (bm25), so word
  order never hides a match;
* the whole phrase, or its words close together, rank higher, and so does a
  record one of whose names (or search terms) the query is;
* a number ("650", "$650 million", "39 percent", "16 countries") ranks the
  record that holds that figure first; a fiscal year ("FY2012"), the funding
  that covers it; "how many" leans to statistics, "how much" to funding;
* a record that belongs to a program whose name the query gives (an agency
  of Operation Martillo, a figure of CARSI) is found through it, below
  records that match themselves.

A word of four or more letters that no record holds is read as begun ("hidt",
"martil") only if a word of the model begins with it as typed: the index holds
stems, and "joining" begun as "join" would find "Joint".
Else it is read as the
model's word one or two edits away ("hondoras" as "honduras"), and the answer
says so; records found through such a word rank below those holding the words
as typed. A word that is not even that matches nothing (it is reported, with
the names it is closest to).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from carsi_cli.model.records import RecordType
from carsi_cli.query import ftsindex, themes
from carsi_cli.query.forms import forms
from carsi_cli.query.reading import UNITS, Query
from carsi_cli.query.vocabulary import CORRECTED_WORDS, english

if TYPE_CHECKING:
    import sqlite3

    from carsi_cli.query.vocabulary import Vocabulary


# Points a record earns: the share of the query's words it holds is worth up to
# COVERAGE; where it holds them (in a name rather than a quote: the index's
# column weights) up to PLACE; how often, in how short a text (bm25, relative
# to the best record) up to BM25.
COVERAGE, PLACE, BM25 = 100.0, 25.0, 5.0
PHRASE, NEAR = 15.0, 8.0  # the whole phrase as written; the words close together
NAME, TERM = 30.0, 20.0  # the query is a name of the record (its id, an alias ...); one of its search terms
BEGUN = 10.0  # a name of the record begins with the query ("hidt", "operation mart")
YEAR, INTENT = 15.0, 25.0  # funding that covers a year asked for; the kind a question asks for
DATED = 40.0  # an event of the month and year the query names ("March 2011")
LINKED = 70.0  # found only through a program whose name the query gives
THROUGH = 60.0  # a word a record holds only through a record it links to (instead of COVERAGE)
CORRECTED = 10.0  # taken off for each word a record holds only as the query's word misspelt
OWN_LINK = 100.0  # a program linked to the country, agency ... the query names, shared among its links of that type
PART = 10.0  # taken off for each word a record holds only as a part of a compound ("risk" in "high-risk")


class Ranked(NamedTuple):
    row: int
    score: float
    via: int | None
    """The row of the record (a program, or an agency, country ... a program links to)
    a record was found through, when it matched only that way."""
    extra: tuple[str, ...]
    """Fields matched outside the text: the figure, the fiscal years."""


def _rows(db: sqlite3.Connection, sql: str, *args: object) -> set[int]:
    return {row for (row,) in db.execute(sql, args)}


def _match(db: sqlite3.Connection, expr: str) -> set[int]:
    return _rows(db, "select rowid from idx where idx match ?", expr)


class Reading(NamedTuple):
    """How a query was read, and the records it ranks."""

    exprs: list[str]
    """The FTS expression of each word found."""
    unknown: tuple[str, ...]
    """The words found nowhere, not even as a misspelling."""
    corrected: tuple[tuple[str, str], ...]
    """(word as typed, word of the model it was read as), for misspelt words."""
    ranked: list[Ranked]


def rank(
    db: sqlite3.Connection,
    query: Query,
    wanted: Sequence[RecordType],
    words: Callable[[], Vocabulary],
    as_typed: Collection[str] = (),
) -> Reading:
    """Read each word of the query in the index and rank the records that hold them.

    A word of 4+ letters that no record writes, nor begins, is read as the
    model's word it is a likely misspelling of (``words().correct``); the records
    found only through such a word rank below those that hold the words as typed.
    Words in ``as_typed`` (a name the fact sheet does not write) are never corrected.
    """
    allowed = set(wanted)

    def keep(rows: Iterable[int]) -> set[int]:
        return {row for row in rows if ftsindex.record_type(row) in allowed}

    exprs: list[str] = []
    exact: list[str] = []
    unknown: list[str] = []
    corrected: list[tuple[str, str]] = []
    counts: Counter[int] = Counter()
    guessed: Counter[int] = Counter()
    held: list[set[int]] = []  # the records that hold each word found
    tried = 0  # words looked up as misspellings
    for word in query.words:
        expr = _either((*forms(word), *themes.also(word)))
        rows = _match(db, expr)
        if rows:
            exact.append(expr)
        elif len(word) >= 4 and not word.isdigit():
            # a word begun ("hidt", "martil"), if a word of the model begins so: the index
            # holds stems, and "joining" begun would find "joint"
            if words().begins(word):
                expr += "*"
                rows = _match(db, expr)
            misspelt = not rows and word not in UNITS and word not in as_typed
            if misspelt and tried < CORRECTED_WORDS:  # a misspelling: "hondoras"
                tried += 1
                read = words().correct(word)
                if read is not None and english(word):  # a word of its own ("abroad"), not a misspelling
                    read = None
                if read is not None:
                    expr = f'"{read}"'
                    rows = _match(db, expr)
                    if rows:
                        corrected.append((word, read))
                        guessed.update(keep(rows))
        if not rows:
            unknown.append(word)
            continue
        exprs.append(expr)
        held.append(keep(rows))
        counts.update(held[-1])
    need = _need(len(exprs), counts)  # of the words some record holds: the others are said unknown
    scores: dict[int, float] = {
        row: COVERAGE * n / len(query.words) - CORRECTED * guessed[row] for row, n in counts.items() if n >= need
    }
    extra: dict[int, list[str]] = {}

    for figure in query.figures:
        found: set[int] = set()
        if figure.spread:  # rounded as written: "$0.36 billion" is the $361 million
            for dollars in figure.dollars:
                found |= _rows(
                    db,
                    "select row from figures where unit = 'usd' and abs(value - ?) <= ?",
                    dollars,
                    figure.spread,
                )
        elif figure.dollars:
            marks = ", ".join("?" * len(figure.dollars))
            found |= _rows(db, f"select row from figures where unit = 'usd' and value in ({marks})", *figure.dollars)
        for value in figure.values:
            unit = figure.unit or ""
            found |= _rows(
                db,
                "select row from figures where unit != 'usd' and (? = '' or unit = ?) and abs(value - ?) < 1e-9",
                unit,
                unit,
                value,
            )
        for row in keep(found):
            scores[row] = scores.get(row, 0.0) + figure.points
            extra.setdefault(row, []).append(
                "amount_usd" if ftsindex.record_type(row) is RecordType.FUNDING else "value"
            )
    if extra:  # a number that is a figure is found, though no text writes it so ("650,000,000")
        unknown = [word for word in unknown if not word.isdigit()]
    for month in query.months:  # events of that month, found by their date though no text says it so
        for row in keep(_rows(db, "select row from dates where substr(date, 1, 7) = ?", month)):
            scores[row] = scores.get(row, 0.0) + DATED
            extra.setdefault(row, []).append("date")

    via: dict[int, int] = {}
    if exprs:
        low, high = ftsindex.type_range(RecordType.PROGRAM)
        named = _rows(
            db,
            "select rowid from idx where idx match ? and rowid >= ? and rowid < ?",
            f"names : ({' AND '.join(exprs)})",
            low,
            high,
        )
        if named:
            marks = ", ".join("?" * len(named))
            for program, row in db.execute(f"select program, row from links where program in ({marks})", sorted(named)):
                if ftsindex.record_type(row) in allowed and row not in scores:
                    scores[row] = LINKED
                    via.setdefault(row, program)

    if exprs:
        _through_links(db, exprs, held, len(query.words), need, keep, scores, via, extra)

    for year in query.years:  # after the links: a program's figure for the year is found through it
        for row in keep(_rows(db, "select row from years where fy_start <= ? and ? <= fy_end", year, year)):
            if row in scores:
                scores[row] += YEAR
                extra.setdefault(row, []).append("fiscal years")

    if not scores:
        return Reading(exprs, tuple(unknown), tuple(corrected), [])
    if exprs:
        for row, value in _quality(db, exprs, scores.keys() - via.keys()).items():
            scores[row] += value
        if len(query.phrase) > 1:
            for row in _match(db, '"' + " ".join(query.phrase) + '"'):
                if row in scores and row not in via:
                    scores[row] += PHRASE
        single = [expr for expr in exact if not expr.startswith("(")]  # NEAR takes phrases, not ORs
        if len(single) > 1:
            for row in _match(db, f"NEAR({' '.join(single)}, {2 * len(single)})"):
                if row in scores and row not in via:
                    scores[row] += NEAR
    whole = {" ".join(query.phrase), " ".join(query.words)}
    called: dict[int, float] = {}
    for key in whole - {""}:
        for row, kind, begun in db.execute(
            "select row, kind, key != ? from keys where key >= ? and key < ?", (key, key, key + "\uffff")
        ):
            points = (BEGUN if kind == "name" else 0.0) if begun else TERM if kind == "term" else NAME
            called[row] = max(called.get(row, 0.0), points)
    for row, points in called.items():
        if row in scores and row not in via:
            scores[row] += points
    _linked_to_the_name(db, [row for row, points in called.items() if points == NAME], scores)
    _part_of_compounds(db, exact, query.phrase, scores)
    if query.intent is not None:
        for row in scores:
            if ftsindex.record_type(row) is query.intent and row not in via:
                scores[row] += INTENT
    ranked = sorted(
        (Ranked(row, score, via.get(row), tuple(extra.get(row, ()))) for row, score in scores.items()),
        key=lambda r: (-r.score, r.row),
    )
    return Reading(exprs, tuple(unknown), tuple(corrected), ranked)


def _through_links(
    db: sqlite3.Connection,
    exprs: Sequence[str],
    held: Sequence[set[int]],
    words: int,
    need: int,
    keep: Callable[[Iterable[int]], set[int]],
    scores: dict[int, float],
    via: dict[int, int],
    extra: dict[int, list[str]],
) -> None:
    """Records found through the records they link to (``ftsindex`` links, both ways).

    A word counts for a record that holds it, or that links to a record one of
    whose names holds it: a program by the names of its agencies and countries
    ("CBP ICE Panama" finds the program at Tocumen airport, whose text writes
    none of them), a country or a figure by its program's. A word held through a
    link is worth THROUGH, less than COVERAGE, so a record that holds the words
    itself ranks first. A record found only so is shown with the record it was
    found through (``via``).
    """
    reached: Counter[int] = Counter()
    through: dict[int, int] = {}
    for expr, rows in zip(exprs, held, strict=True):
        named = sorted(_match(db, f"names : {expr}"))
        if not named:
            continue
        marks = ", ".join("?" * len(named))
        neighbours: dict[int, int] = {}
        for program, row in db.execute(
            f"select program, row from links where program in ({marks}) or row in ({marks})", named + named
        ):
            for near, far in ((row, program), (program, row)):
                if far in named:
                    neighbours.setdefault(near, far)
        for row in keep(neighbours.keys() - rows):
            reached[row] += 1
            through.setdefault(row, neighbours[row])
    for row, n in reached.items():
        own = sum(1 for rows in held if row in rows)
        if own + n < need:
            continue
        points = (COVERAGE * own + THROUGH * n) / words
        if row in scores:
            if row not in via:
                scores[row] += THROUGH * n / words
                extra.setdefault(row, []).append(ftsindex.record_type(through[row]).value)
        elif own == 0:
            scores[row] = points
            via[row] = through[row]
        else:
            scores[row] = points
            extra.setdefault(row, []).append(ftsindex.record_type(through[row]).value)


_LINKED_BY_NAME = (RecordType.COUNTRY, RecordType.AGENCY, RecordType.ORGANIZATION)


def _linked_to_the_name(db: sqlite3.Connection, named: Sequence[int], scores: dict[int, float]) -> None:
    """When the query is the name of a country, agency or organization, give each
    program that links to it OWN_LINK, shared among the records of that type the
    program links to: the program at Tocumen airport, in Panama alone, ranks
    above records whose quotes list Panama among other countries, and above a
    program in five countries; never above the record named."""
    for row in named:
        rtype = ftsindex.record_type(row)
        if rtype not in _LINKED_BY_NAME:
            continue
        low, high = ftsindex.type_range(rtype)
        for program, shared in db.execute(
            "select program, (select count(*) from links as l where l.program = links.program"
            " and l.row >= ? and l.row < ?) from links where row = ?",
            (low, high, row),
        ):
            if program in scores and row in scores:  # never above the record the query names
                raised = min(scores[program] + OWN_LINK / max(1, shared), scores[row] - 1.0)
                scores[program] = max(scores[program], raised)


def _part_of_compounds(
    db: sqlite3.Connection, exprs: Sequence[str], phrase: Sequence[str], scores: dict[int, float]
) -> None:
    """Take PART off a record for each word of the query it holds only as a part
    of a hyphenated compound whose other parts the query does not write ("risk"
    in "high-risk passengers", not in "at-risk youth" for "youth at risk")."""
    written = set(phrase)
    for expr in exprs:
        whole: dict[int, bool] = {}
        for row, others in db.execute("select row, others from parts where part match ?", (f"part : {expr}",)):
            whole[row] = whole.get(row, False) or set(others.split()) <= written
        for row, complete in whole.items():
            if row in scores and not complete:
                scores[row] -= PART


def _either(words: Sequence[str]) -> str:
    """The FTS expression of a word, or of any of its forms: '"led"', '("met" OR "meet")'."""
    phrases = [f'"{word}"' for word in words]
    return phrases[0] if len(phrases) == 1 else f"({' OR '.join(phrases)})"


def _need(words: int, counts: Counter[int]) -> int:
    """How many of the query's words a record must hold: most of them (more than
    half) when some record does, else half of them, rounded up."""
    most, half = words // 2 + 1, max(1, -(-words // 2))
    return most if any(n >= most for n in counts.values()) else half


def _quality(db: sqlite3.Connection, exprs: Sequence[str], rows: set[int]) -> dict[int, float]:
    """How well each of ``rows`` holds the words: the best place of each word, and bm25.

    FTS5's bm25 weighs columns but normalizes by the length of the whole row,
    so a record with many quotes would rank below a short one that names the
    word only in passing; the place of each word is counted apart for that.
    """
    quality = dict.fromkeys(rows, 0.0)
    top = max(ftsindex.WEIGHTS)
    for expr in exprs:
        best: dict[int, float] = {}
        for column, weight in zip(ftsindex.COLUMNS, ftsindex.WEIGHTS, strict=True):
            for row in _match(db, f"{column} : {expr}"):
                if row in quality and weight > best.get(row, 0.0):
                    best[row] = weight
        for row, weight in best.items():
            quality[row] += PLACE * weight / top / len(exprs)
    weights = ", ".join(str(w) for w in ftsindex.WEIGHTS)
    ranks = {
        row: -rank
        for row, rank in db.execute(
            f"select rowid, bm25(idx, {weights}) from idx where idx match ?", (" OR ".join(exprs),)
        )
        if row in quality
    }
    most = max(ranks.values(), default=0.0)
    if most > 0:
        for row, rank in ranks.items():
            quality[row] += BM25 * rank / most
    return quality
