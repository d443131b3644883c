"""``carsi source --annotate`` in each format: the fact sheet's text with every
passage a record quotes marked, and the records it supports.

* table, piped: the text as shipped, with ``[id, id]`` after each passage;
* table, on a terminal: passages highlighted, wrapped to the width, a number
  after each passage and the numbers' records beneath each paragraph (Rich,
  imported only here and only then);
* markdown: passages in bold, each followed by a footnote naming its records;
* json: one object (the contract is ``to_json``'s docstring); ndjson: that
  object on one line;
* csv: one row per span: start, end, passage, records, text; csv-excel: the
  same rows with a byte order mark and CRLF line ends.

Text from the source and the model is shown inert: no control character, escape
sequence or bidirectional override reaches the terminal (``text.inert``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from carsi_cli.model.records import RECORD_TYPE, FactSheet, record_name
from carsi_cli.model.text import inert
from carsi_cli.onward.marks import Annotation, Coverage, lines
from carsi_cli.views.plain import to_data


def shown(text: str) -> str:
    """One line of text, inert: tabs and spaces (non-breaking ones too) kept,
    other white space (line and paragraph separators, controls) a space, other
    non-printable characters visible escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c in _SPACES else " " if c.isspace() else inert(c) for c in text)


# Spaces that cannot drive a terminal: the tab and the Unicode space separators (Zs).
_SPACES = frozenset("\t\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B))))


def marker_ids(annotation: Annotation, passage: int) -> list[str]:
    """The ids of the records a passage supports, in model order."""
    return [annotation.records[i].id for i in annotation.passages[passage - 1].records]


def coverage_line(coverage: Coverage, focus: str | None = None) -> str:
    """What share of the sentences and dollar figures the records quote, in words."""

    def share(part: int, whole: int, what: str) -> str:
        return f"{part} of {whole} {what}" + (f" ({part * 100 // whole}%)" if whole else "")

    who = f"the records of {focus} quote" if focus else "at least one record quotes"
    sentences = share(coverage.sentences_quoted, coverage.sentences, "sentences")
    figures = share(coverage.figures_quoted, coverage.figures, "dollar figures")
    return f"Coverage: {who} {sentences}, {coverage.sentences_whole} of them wholly, and {figures}."


# ---------------------------------------------------------------------------
# Plain text and markdown


def plain(annotation: Annotation) -> str:
    """The text as shipped (made inert), each passage followed by ``[id, id]``."""
    text = annotation.text
    out = []
    for _, _, pieces in lines(annotation):
        parts = []
        at = None
        for piece in pieces:
            parts.append(shown(text[piece.start : piece.end]))
            if piece.closes and piece.passage is not None:
                parts.append("[" + ", ".join(marker_ids(annotation, piece.passage)) + "]")
            at = piece.end
        out.append("".join(parts) if at is not None else "")
    return "\n".join(out) + "\n"


def markdown(annotation: Annotation, citation: str) -> str:
    """Each line of the text a paragraph; passages in bold with a footnote of their records.

    A passage's pieces are one bold run (not ``citizens**.**``: GitHub renders
    bold that starts at a full stop as asterisks), white space between
    sentences is kept as one space, and a run of punctuation alone is not bold."""
    import re

    from carsi_cli.views.markdown_text import escape as _md  # markdown that renders exactly as the text

    text = annotation.text
    space = re.compile(r"\s+")

    def written(raw: str) -> str:
        return _md(space.sub(" ", raw)) if raw.strip() else (" " if raw else "")

    def bold(raw: str) -> str:
        raw = space.sub(" ", raw)
        lead, body, trail = _split_space(raw)
        if not any(c.isalnum() for c in body):
            return written(raw)
        return f"{lead}**{_md(body)}**{trail}"

    paragraphs = []
    for _, _, pieces in lines(annotation):
        parts: list[str] = []
        run = ""  # the bold text not yet written: consecutive pieces that records quote
        for piece in pieces:
            raw = text[piece.start : piece.end]
            if piece.records:
                run += raw
            else:
                parts.append(bold(run) + written(raw) if run else written(raw))
                run = ""
            if piece.closes and piece.passage is not None:
                parts.append(bold(run) + f"[^{piece.passage}]")
                run = ""
        if run:
            parts.append(bold(run))
        line = "".join(parts).strip()
        if line:
            paragraphs.append(line)
    notes = [
        f"[^{p.number}]: " + "; ".join(_md(_describe(annotation, i)) for i in p.records) for p in annotation.passages
    ]
    body = "\n\n".join(paragraphs)
    return body + "\n\n" + ("\n".join(notes) + "\n\n" if notes else "") + _md("Source: " + citation) + "\n"


def _split_space(text: str) -> tuple[str, str, str]:
    body = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    return lead, body, text[len(lead) + len(body) :]


def _describe(annotation: Annotation, index: int) -> str:
    record = annotation.records[index]
    return f"{record.id} ({RECORD_TYPE[type(record)].value}: {record_name(record)})"


# ---------------------------------------------------------------------------
# JSON and CSV


def to_json(annotation: Annotation, sheet: FactSheet, focus: str | None) -> dict[str, Any]:
    """The JSON contract of ``carsi source --annotate --format json``: one object,

    * ``source``: the source record (as ``carsi source --format json``);
    * ``focus``: null, or what ``--record``/``--program``/``--country`` chose
      ("program carsi"): then only the quotes that concern it are marked;
    * ``spans``: the whole text, cut into consecutive pieces, as objects
      ``{start, end, text, records, passage}``: offsets into the source text as
      shipped (``text`` is exactly ``source_text[start:end]``, and the spans'
      texts joined are the source text), the ids of the records whose quotes
      cover all of the piece (``[]`` where no record quotes it), and the number
      of the passage it lies in (null outside every passage);
    * ``passages``: ``{number, start, end, records}`` for each run of
      overlapping quotes, numbered from 1 in reading order;
    * ``marks``: ``{record, type, field, start, end}`` for each place a quote of
      a record occurs (``field`` is "quote", "other_quotes[0]" or "roles[1].quote");
    * ``gaps``: ``{start, end, text}`` for each sentence no record quotes;
    * ``coverage``: ``{sentences, sentences_quoted, sentences_whole,
      dollar_figures, dollar_figures_quoted}``: a sentence is quoted when a
      record quotes a word of it, whole when records quote every word of it.
    """
    text, records = annotation.text, annotation.records
    coverage = annotation.coverage

    def ids(indices: tuple[int, ...]) -> list[str]:
        return [records[i].id for i in indices]

    return {
        "source": to_data(sheet.source),
        "focus": focus,
        "spans": [
            {"start": s.start, "end": s.end, "text": text[s.start : s.end], "records": ids(s.records),
             "passage": s.passage}
            for s in annotation.spans
        ],
        "passages": [
            {"number": p.number, "start": p.start, "end": p.end, "records": ids(p.records)}
            for p in annotation.passages
        ],
        "marks": [
            {"record": records[m.record].id, "type": RECORD_TYPE[type(records[m.record])].value, "field": m.field,
             "start": m.start, "end": m.end}
            for m in annotation.marks
        ],
        "gaps": [{"start": s.start, "end": s.end, "text": text[s.start : s.end]} for s in annotation.sentences
                 if not s.quoted],
        "coverage": {
            "sentences": coverage.sentences,
            "sentences_quoted": coverage.sentences_quoted,
            "sentences_whole": coverage.sentences_whole,
            "dollar_figures": coverage.figures,
            "dollar_figures_quoted": coverage.figures_quoted,
        },
    }  # fmt: skip


CSV_HEADER = ["start", "end", "passage", "records", "text"]


def csv_rows(annotation: Annotation) -> Iterator[dict[str, Any]]:
    """One row per span (see ``to_json``); records joined by "; "."""
    records = annotation.records
    for s in annotation.spans:
        yield {
            "start": s.start,
            "end": s.end,
            "passage": s.passage,
            "records": [records[i].id for i in s.records],
            "text": annotation.text[s.start : s.end],
        }


# ---------------------------------------------------------------------------
# A terminal


def print_terminal(stream: IO[str], width: int, annotation: Annotation, citation: str, focus: bool) -> None:
    """Passages highlighted, a number after each, the numbers' records beneath
    each paragraph; with a ``focus``, everything but its passages dimmed. Laid
    out here, line by line, and written by Rich (``views.console``)."""
    from rich.text import Text

    from carsi_cli.views.console import BOLD, DIM, PLAIN, UNDERLINE, console, write

    # No colour (carsi uses none): passages underlined, their numbers bold.
    marked = UNDERLINE
    rest = DIM if focus else PLAIN
    number = BOLD
    text = annotation.text
    rows: list[Text] = []

    wrapper = console(stream, width)

    def hanging(first: Text, body: Text, indent: int) -> None:
        """``body`` wrapped by Rich after ``first``, its later lines ``indent`` in."""
        for i, row in enumerate(body.wrap(wrapper, max(width - indent, 20), overflow="fold")):
            row.rstrip()
            rows.append((first.copy() if i == 0 else Text(" " * indent)).append(row))

    for _, _, pieces in lines(annotation):
        if not pieces or not text[pieces[0].start : pieces[-1].end].strip():
            if rows and rows[-1].plain:
                rows.append(Text())
            continue
        line = Text()
        numbers = []
        for piece in pieces:
            line.append(shown(text[piece.start : piece.end]), marked if piece.records else rest)
            if piece.closes and piece.passage is not None:
                line.append(f"[{piece.passage}]", number)
                numbers.append(piece.passage)
        prefix, body = _bullet(line)
        hanging(prefix, body, len(prefix.plain))
        for n in numbers:
            note = Text(" " * (len(prefix.plain) + 2)).append(f"[{n}] ", number)
            hanging(note, Text(", ".join(marker_ids(annotation, n)), DIM), len(note.plain))
    rows.append(Text())
    hanging(Text(), Text(shown("Source: " + citation), DIM), 0)
    write(stream, width, rows)


def _bullet(line: Any) -> tuple[Any, Any]:
    """A line's indent and bullet ("  • "), apart from its text, for a hanging indent."""
    plain_text = line.plain
    stripped = plain_text.lstrip()
    cut = len(plain_text) - len(stripped)
    if stripped[:1] in ("•", "·", "▪", "◦", "-", "*") and stripped[1:2] == " ":
        cut += 2
    if not cut:
        return type(line)(), line
    head, tail = line.divide([cut])
    return head, tail
