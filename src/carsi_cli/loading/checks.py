"""Checks of a model against its source text: pure, used by loading and ``carsi verify``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from carsi_cli.loading.check_claims import alias_problems, link_problems, unsupported
from carsi_cli.loading.check_figures import figure_problems, own_quotes, written
from carsi_cli.model.records import (
    COLLECTIONS,
    RECORD_TYPE,
    FactSheet,
    Funding,
    Organization,
    Program,
    Record,
    Statistic,
    quotes,
)
from carsi_cli.model.results import Problem
from carsi_cli.model.text import fold_space


class QuoteFinder:
    """Whether passages occur in a text, fast for many passages in a long text.

    The first passages are searched for directly. When more keep coming and
    the text is long, its words are indexed once, and each passage is tried
    only where its rarest interior word occurs: an interior word is bounded by
    non-word characters inside the passage itself, so it is a whole word of the
    text wherever the passage occurs. That keeps checking every quote of a
    large model linear instead of quadratic. When even the rarest word is
    everywhere (a hostile text of one word repeated), one direct search is
    cheaper than trying every place.
    """

    DIRECT = 8  # passages searched for directly before a long text is indexed
    LONG = 200_000  # characters: a shorter text is always searched directly
    MAX_TRIES = 64  # places of the anchor worth trying before searching the text once

    def __init__(self, text: str) -> None:
        self.text = text
        self.searches = 0
        self.index: dict[str, list[int]] | None = None

    def __contains__(self, passage: str) -> bool:
        self.searches += 1
        if self.index is None:
            if self.searches <= self.DIRECT or len(self.text) < self.LONG:
                return passage in self.text
            index: dict[str, list[int]] = {}
            for match in re.finditer(r"\w+", self.text):
                index.setdefault(match.group(), []).append(match.start())
            self.index = index
        words = [m for m in re.finditer(r"\w+", passage) if m.start() > 0 and m.end() < len(passage)]
        if not words:
            return passage in self.text
        found = self.index
        anchor = min(words, key=lambda m: len(found.get(m.group(), ())))
        places = found.get(anchor.group(), [])
        if len(places) > self.MAX_TRIES:  # even the rarest word is everywhere
            return passage in self.text
        offset = anchor.start()
        return any(self.text.startswith(passage, at - offset) for at in places if at >= offset)


def quote_problems(sheet: FactSheet, source_text: str, *, first_only: bool = False) -> list[Problem]:
    """Quotes that do not occur in the source text (compared after folding white
    space); with ``first_only``, the first one (a load stops there)."""
    haystack = QuoteFinder(fold_space(source_text))
    verdicts: dict[str, bool] = {}  # a quote repeated a thousand times is searched for once
    problems = []
    for record in sheet.all_records():
        for field, quote in quotes(record):
            folded = fold_space(quote)
            if folded not in verdicts:
                verdicts[folded] = folded in haystack
            if not verdicts[folded]:
                problems.append(
                    Problem(RECORD_TYPE[type(record)].value, record.id, field, "does not occur in the source text")
                )
                if first_only:
                    return problems
    return problems


def _problems(sheet: FactSheet, source_text: str | None) -> Iterator[Problem]:
    texts: tuple[str, ...] = ()
    if source_text is not None:
        folded = fold_space(source_text)
        texts = (folded, re.sub(r" \([A-Z][A-Za-z]*\)", "", folded))
    for record in sheet.all_records():
        kind = RECORD_TYPE[type(record)].value

        def problem(field: str, message: str, record: Record = record, kind: str = kind) -> Problem:
            return Problem(kind, record.id, field, message)

        if texts:
            name: str = "" if isinstance(record, Statistic) else getattr(record, "name", "")
            if name and "name" not in record.inferred and not any(written(name, text) for text in texts):
                yield problem("name", f"{name!r} is not written in the source text; mark it inferred")
            reason = record.inferred.get("aliases", "")
            for alias in getattr(record, "aliases", ()):
                if not any(written(alias, text) for text in texts) and not written(alias, reason):
                    yield problem(
                        "aliases", f"{alias!r} is not written in the source text; name it in inferred.aliases"
                    )
        quotes = own_quotes(record)
        for field in _worded_fields(record):
            if field not in record.inferred:
                missing = unsupported(getattr(record, field), quotes)
                if missing:
                    words = ", ".join(repr(w) for w in missing[:5]) + (" ..." if len(missing) > 5 else "")
                    yield problem(field, f"{words} not in the record's quotes; reword it or mark it inferred")
        names = {n.casefold() for n in (getattr(record, "name", ""), *getattr(record, "aliases", ())) if n}
        seen: set[str] = set()
        for term in record.search_terms:
            folded_term = term.casefold()
            if folded_term in names:
                yield problem("search_terms", f"{term!r} is a name of the record; keep it in name or aliases")
            elif folded_term in seen:
                yield problem("search_terms", f"{term!r} is listed twice")
            seen.add(folded_term)
        for language, translated in getattr(record, "translations", {}).items():
            listed: set[str] = set()
            for name in translated:
                folded_name = name.casefold()
                if folded_name in names:
                    yield problem("translations", f"{name!r} is a name the record has already; keep it there")
                elif folded_name in seen:
                    yield problem("translations", f"{name!r} is also a search term of the record")
                elif folded_name in listed:
                    yield problem("translations", f"{name!r} is listed twice under {language!r}")
                listed.add(folded_name)


def claim_problems(sheet: FactSheet, source_text: str | None) -> list[Problem]:
    """Every record's names, links, words and search terms that reach past what
    its quotes and the source text support without being marked; names are
    checked only against a source text."""
    return [*_problems(sheet, source_text), *alias_problems(sheet), *link_problems(sheet)]


def _worded_fields(record: Record) -> tuple[str, ...]:
    if isinstance(record, Program | Organization):
        return ("description",)
    if isinstance(record, Funding):
        return ("purpose",)
    return ()


def model_problems(sheet: FactSheet) -> list[Problem]:
    """The checks every load makes before a model is believed (and cached):
    figures, fiscal years, dates, money's program and verb, links and roles,
    each against the record's own quotes. Names and wording, which only
    ``carsi verify`` judges, are not among them."""
    return figure_problems(sheet) + link_problems(sheet)


def locate(problems: list[Problem], text: str, origin: str) -> list[Problem]:
    """The problems placed in the data file ``origin`` whose text is ``text``:
    each with the line of its field, or of its record where the field is not
    written there (a default left out)."""
    from carsi_cli.loading.yamlread import parse_yaml

    doc, lines = parse_yaml(text, origin)
    raws: dict[tuple[str, str], Any] = {}
    if isinstance(doc, dict):
        source = doc.get("source")
        if isinstance(source, dict):
            raws["source", str(source.get("id"))] = source
        for collection in COLLECTIONS:
            items = doc.get(collection.key)
            for raw in items if isinstance(items, list) else ():
                if isinstance(raw, dict):
                    raws.setdefault((collection.rtype.value, str(raw.get("id"))), raw)
    text_lines = text.split("\n")
    placed = []
    for problem in problems:
        raw = raws.get((problem.type, problem.id))
        line = _field_line(raw, problem.field, lines, text_lines) if raw is not None else None
        placed.append(problem._replace(file=origin, line=line))
    return placed


def _field_line(raw: dict[Any, Any], field: str, lines: dict[int, int], text: list[str]) -> int | None:
    """The line of ``field`` ("fy_start", "roles[2].quote", "inferred.date") in
    the record mapping ``raw``: each key found below its mapping's first line,
    at the column of that mapping's keys."""
    container: Any = raw
    line = lines.get(id(raw))
    for part in re.findall(r"\w+|\[\d+\]", field):
        if line is None:
            return None
        if part.startswith("["):
            index = int(part[1:-1])
            if not isinstance(container, list) or index >= len(container):
                return line
            container = container[index]
            line = lines.get(id(container), line)
            continue
        if not isinstance(container, dict) or part not in container:
            return line
        found = _key_line(text, line, part)
        if found is None:
            return line
        container = container[part]
        line = lines.get(id(container), found)  # a mapping's line is that of its first key
    return line


def _key_line(text: list[str], start: int, key: str) -> int | None:
    """The line of ``key`` in the block mapping whose first key is on line ``start``."""
    first = text[start - 1] if 0 < start <= len(text) else ""
    column = len(first) - len(first.lstrip(" -"))
    pattern = re.compile(rf"(?:{re.escape(key)}|[\"']{re.escape(key)}[\"'])\s*:")
    for number in range(start - 1, len(text)):
        row = text[number]
        body = row.lstrip(" -") if number == start - 1 else row.lstrip(" ")
        indent = len(row) - len(body)
        if not body or body.startswith("#"):
            continue
        if number > start - 1 and indent < column:
            return None
        if indent == column and pattern.match(body):
            return number + 1
    return None


def verify(sheet: FactSheet, source_text: str | None) -> list[Problem]:
    """Every problem ``carsi verify`` reports: quotes missing from the source
    text, then figures not written in their own quotes, then names, links and
    words that reach past the quotes (see ``claim_problems``); without a
    source text, those and that no quote could be checked."""
    figures = figure_problems(sheet) + claim_problems(sheet, source_text)
    if source_text is None:
        return [*figures, Problem("source", sheet.source.id, "text_file", "not set: no quote could be checked")]
    return quote_problems(sheet, source_text) + figures
