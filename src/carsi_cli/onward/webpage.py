"""``carsi export html``: the annotated fact sheet as one self-contained web page.

Pure: a FactSheet and its source text in, the page's text out. The page
loads nothing from elsewhere and runs no script: its style is inline, allowed
by its hash in a Content-Security-Policy that forbids everything else. Hovering
or focusing a passage shows its records (CSS only); anchors link each passage
to its records and back, so it reads the same without CSS, on paper and with
a keyboard.

Every string from the data file or the source text is escaped for HTML
(``html.escape``, quotes included), its non-printable characters shown as
visible escapes (``text.inert``); a link is made only of an http(s) URL.
"""

from __future__ import annotations

import base64
import hashlib
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import cache
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from carsi_cli.model.money import amount, basis_words, describe, qualifier_words, span
from carsi_cli.model.records import (
    RECORD_TYPE,
    Agency,
    Country,
    Event,
    FactSheet,
    Funding,
    Organization,
    Program,
    Qualifier,
    Record,
    Statistic,
    Unit,
    record_name,
)
from carsi_cli.model.text import inert
from carsi_cli.onward.annotated import coverage_line
from carsi_cli.onward.marks import Annotation, Piece, annotate, lines
from carsi_cli.query.funding import figure_caveats, inferred_sentence

SECTIONS = (
    ("funding", "Funding figures"),
    ("programs", "Programs"),
    ("agencies", "Agencies"),
    ("countries", "Countries"),
    ("organizations", "Organizations"),
    ("statistics", "Statistics"),
    ("events", "Events"),
)


@cache
def style() -> str:
    """The page's style sheet (page.css beside this module)."""
    return (Path(__file__).parent / "page.css").read_text(encoding="utf-8")


def csp(css: str) -> str:
    """A Content-Security-Policy that allows this style sheet and nothing else."""
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"


def h(text: str) -> str:
    """Text for HTML, in content or a quoted attribute: escaped, and non-printable
    characters other than white space shown as escapes (``\\u202e``)."""
    if not text.isprintable():
        text = "".join(c if c.isprintable() or c.isspace() else inert(c) for c in text)
    return escape(text, quote=True)


def link(url: str | None) -> str:
    """A link to an http(s) URL; any other URL (javascript:, data:) only as text."""
    if not url:
        return ""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme in ("http", "https"):
        return f'<a href="{h(url)}" rel="noreferrer noopener">{h(url)}</a>'
    return h(url)


def page(sheet: FactSheet, text: str) -> str:
    """The whole page."""
    from carsi_cli import __version__

    annotation = annotate(sheet, text)
    css = style()
    source = sheet.source
    quoted_at = _quoted_at(annotation)
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{h(csp(css))}">\n',
        '<meta name="referrer" content="no-referrer">\n',
        f'<meta name="generator" content="carsi {h(__version__)}">\n',
        f"<title>{h(source.title)} (annotated)</title>\n<style>{css}</style>\n</head>\n<body>\n",
        '<a class="skip" href="#text">Skip to the text</a>\n',
        _header(sheet, annotation),
        f'<figure class="chart" id="chart">{chart_svg(sheet)}</figure>\n' if sheet.funding else "",
        '<div class="layout">\n<main id="text" aria-label="The fact sheet">\n',
        *_text(annotation),
        "</main>\n",
        _records(sheet, annotation, quoted_at),
        "</div>\n",
        f'<footer><p>Made with carsi {h(__version__)}. Source: {h(source.citation)}</p></footer>\n',
        "</body>\n</html>\n",
    ]  # fmt: skip
    return "".join(parts)


# ---------------------------------------------------------------------------
# The header: what the document is, how to cite it, what the model covers


def _header(sheet: FactSheet, annotation: Annotation) -> str:
    source = sheet.source
    meta = " · ".join(h(v) for v in (source.publisher, source.date, source.place or "") if v)
    out = [
        "<header>\n",
        '<p class="kicker">The fact sheet annotated with its records</p>\n',
        f"<h1>{h(source.title)}</h1>\n",
        f'<p class="meta">{meta}</p>\n',
        f'<p class="cite"><b>Cite as:</b> {h(source.citation)}</p>\n',
    ]
    links = [f"<b>Original:</b> {link(source.url)}"] if source.url else []
    if source.text_url:
        links.append(f"<b>Text from:</b> {link(source.text_url)}")
    if links:
        out.append(f'<p class="links">{" · ".join(links)}</p>\n')
    out.append(f'<p class="coverage">{h(coverage_line(annotation.coverage))}</p>\n')
    gaps = [s for s in annotation.sentences if not s.quoted]
    if gaps:
        items = "".join(
            f'<li><a href="#g{n}">{h(annotation.text[s.start : s.end])}</a></li>\n' for n, s in enumerate(gaps, 1)
        )
        out.append(
            f'<details class="gaps"><summary>Sentences no record quotes ({len(gaps)})</summary>\n'
            f"<ol>\n{items}</ol>\n</details>\n"
        )
    out.append(
        '<details class="help"><summary>How to read this page</summary>\n'
        "<p>Every passage of the fact sheet that a record of the model quotes is highlighted; the deeper the colour, "
        "the more records quote it, and the small number after it is the passage's number. Hover over a passage, or "
        "focus it with Tab (or a tap), to see its records; each links to its entry below, whose “Quoted at” numbers "
        "lead back to the passages. Sentences that no record quotes are underlined with dots.</p>\n</details>\n"
    )
    out.append("</header>\n")
    return "".join(out)


# ---------------------------------------------------------------------------
# The text


def _text(annotation: Annotation) -> Iterator[str]:
    """Each line of the text a paragraph (the first, if short and not a sentence, the title); passages as
    focusable spans with their records' card."""
    text = annotation.text
    gaps = [(s.start, s.end) for s in annotation.sentences if not s.quoted]
    gap_starts = [start for start, _ in gaps]
    opened: set[int] = set()
    first_line = True
    for _, _, pieces in lines(annotation):
        if not pieces or not text[pieces[0].start : pieces[-1].end].strip():
            continue
        body = "".join(_pieces(annotation, pieces, gaps, gap_starts, opened)).strip()
        stripped = text[pieces[0].start : pieces[-1].end].lstrip()
        title = first_line and len(stripped) < 160 and not stripped.rstrip().endswith((".", ";", ","))
        cls = ' class="title"' if title else ' class="bullet"' if stripped[:1] in "•·▪◦" else ""
        first_line = False
        yield f"<p{cls}>{body}</p>\n"


def _pieces(
    annotation: Annotation, pieces: Sequence[Piece], gaps: Sequence[tuple[int, int]], gap_starts: Sequence[int],
    opened: set[int],
) -> Iterator[str]:  # fmt: skip
    """One line: each passage's pieces in one focusable span; the first span of
    a passage carries its id and its card, the last its number."""
    text = annotation.text
    current: int | None = None
    first = closes = False
    for piece in pieces:
        if piece.passage != current:
            if current is not None:
                yield _close(annotation, current, first, closes)
            current = piece.passage
            if current is not None:
                first = current not in opened
                opened.add(current)
                yield (
                    f'<span class="passage" id="p{current}" tabindex="0" aria-describedby="c{current}">'
                    if first
                    else '<span class="passage">'
                )
        if piece.passage is None:
            yield from _unquoted(text, piece.start, piece.end, gaps, gap_starts)
        else:
            yield f'<mark class="d{min(len(piece.records), 3)}">{h(text[piece.start : piece.end])}</mark>'
            closes = piece.closes
    if current is not None:
        yield _close(annotation, current, first, closes)


def _close(annotation: Annotation, passage: int, first: bool, closes: bool) -> str:
    card = _card(annotation, passage) if first else ""
    number = f'<sup class="ref" aria-hidden="true">{passage}</sup>' if closes else ""
    return f"{card}</span>{number}"


def _unquoted(
    text: str, start: int, end: int, gaps: Sequence[tuple[int, int]], gap_starts: Sequence[int]
) -> Iterator[str]:
    """Text no record quotes; the sentences of it that no record quotes at all marked as gaps."""
    at = start
    i = max(0, bisect_right(gap_starts, start) - 1)
    while i < len(gaps) and gaps[i][0] < end:
        gstart, gend = max(gaps[i][0], start), min(gaps[i][1], end)
        if gstart < gend:
            yield h(text[at:gstart])
            yield f'<span class="gap" id="g{i + 1}">{h(text[gstart:gend])}</span>'
            at = gend
        i += 1
    yield h(text[at:end])


def _card(annotation: Annotation, passage: int) -> str:
    """The records of one passage, shown while it is hovered or focused."""
    records = [annotation.records[i] for i in annotation.passages[passage - 1].records]
    items = "".join(
        f'<span class="rec"><a href="#r-{h(r.id)}"><b>{h(_type(r))}</b> {h(record_name(r))}</a>'
        f" <code>{h(r.id)}</code>{_fact(r)}{_inferred(r)}</span>"
        for r in records
    )
    n = len(records)
    return (
        f'<span class="card" id="c{passage}"><span class="head">Passage {passage}: '
        f"{n} record{'s' if n != 1 else ''}</span>{items}</span>"
    )


def _type(record: Record) -> str:
    return RECORD_TYPE[type(record)].value


def _fact(record: Record) -> str:
    """The one line that says what a record claims: an amount, a value, a date, a kind."""
    if isinstance(record, Funding):
        return f'<span class="fact">{h(describe(record))}, {h(record.kind.value)}</span>'
    if isinstance(record, Statistic):
        value = f"{record.value:g}" + ("%" if record.unit is Unit.PERCENT else "")
        return f'<span class="fact">{h(record.phrase)} ({h(value)})</span>'
    if isinstance(record, Event):
        return f'<span class="fact">{h(record.date)}</span>'
    if isinstance(record, Program | Agency | Organization):
        return f'<span class="fact">{h(record.kind.value)}</span>'
    return ""


def _inferred(record: Record) -> str:
    if not record.inferred:
        return ""
    return "".join(
        f'<span class="inferred"><b>Inferred {h(field)}:</b> {h(reason)}</span>'
        for field, reason in record.inferred.items()
    )


# ---------------------------------------------------------------------------
# The records


def chart_svg(sheet: FactSheet) -> str:
    """The funding chart, the SVG `carsi funding --chart --format svg` prints."""
    from carsi_cli.query.funding import report
    from carsi_cli.views.chart_svg import svg

    return svg(sheet, report(sheet).records)


def _quoted_at(annotation: Annotation) -> dict[int, list[int]]:
    """For each record (by model position), the passages its quotes lie in."""
    starts = [p.start for p in annotation.passages]
    found: dict[int, list[int]] = {}
    for mark in annotation.marks:
        number = annotation.passages[bisect_right(starts, mark.start) - 1].number
        places = found.setdefault(mark.record, [])
        if number not in places:
            places.append(number)
    return found


def _records(sheet: FactSheet, annotation: Annotation, quoted_at: dict[int, list[int]]) -> str:
    position = {id(record): i for i, record in enumerate(annotation.records)}
    names = {r.id: record_name(r) for r in annotation.records}
    out = ['<aside aria-label="The records">\n<nav class="toc" aria-label="Sections"><b>Records:</b> ']
    out.append(" · ".join(f'<a href="#s-{key}">{title}</a> ({len(getattr(sheet, key))})' for key, title in SECTIONS))
    out.append("</nav>\n")
    for key, title in SECTIONS:
        records: Sequence[Record] = getattr(sheet, key)
        out.append(f'<section id="s-{key}">\n<h2>{title}</h2>\n')
        for record in records:
            notes = figure_caveats(sheet, record) if isinstance(record, Funding) else ()
            out.append(_article(record, quoted_at.get(position[id(record)], []), names, notes))
        if not records:
            out.append('<p class="none">None.</p>\n')
        out.append("</section>\n")
    out.append("</aside>\n")
    return "".join(out)


def _article(record: Record, passages: Sequence[int], names: dict[str, str], notes: Sequence[str] = ()) -> str:
    """A record's fields in words; a figure's caveats (its inferences among them), or why a value is inferred."""
    rows = [("ID", f"<code>{h(record.id)}</code>")]
    rows += _rows(record, names)
    heading = describe(record) if isinstance(record, Funding) else record_name(record)
    where = ", ".join(f'<a href="#p{n}">{n}</a>' for n in passages) or "not found in the text"
    rows.append(("Quoted at", where))
    if isinstance(record, Funding):
        rows += [("Note", h(note)) for note in notes]
    else:
        rows += [("Inferred", h(inferred_sentence(field, reason))) for field, reason in record.inferred.items()]
    items = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return (
        f'<article id="r-{h(record.id)}">\n<h3><span class="type">{h(_type(record))}</span> {h(heading)}</h3>\n'
        f"<dl>{items}</dl>\n</article>\n"
    )


def _refs(ids: Sequence[str], names: dict[str, str]) -> str:
    return ", ".join(f'<a href="#r-{h(i)}">{h(names.get(i, i))}</a>' for i in ids)


def _rows(record: Record, names: dict[str, str]) -> list[tuple[str, str]]:
    """The fields of a record worth reading, as (label, HTML)."""
    rows: list[tuple[str, str]] = []
    if isinstance(record, Funding):
        rows += [("Purpose", h(record.purpose)), ("Program", _refs([record.program], names))]
        rows += [("Amount", h(amount(record))), ("Kind", h(record.kind.value))]
        rows += [("Basis", h(basis_words(record.basis)))]
        rows.append(("Fiscal years", h(span(record.fy_start, record.fy_end) or "none given")))
    elif isinstance(record, Program):
        rows.append(("Kind", h(record.kind.value)))
        if record.listed_under:
            rows.append(("Listed under", _refs([record.listed_under], names)))
        rows.append(("Description", h(record.description)))
        for label, ids in (("Agencies", record.agencies), ("Countries", record.countries),
                           ("Taking part", record.participants),
                           ("Organizations", record.organizations)):  # fmt: skip
            if ids:
                rows.append((label, _refs(ids, names)))
    elif isinstance(record, Agency | Organization):
        rows.append(("Kind", h(record.kind.value)))
        if isinstance(record, Organization):
            rows.append(("Description", h(record.description)))
        elif record.part_of:
            rows.append(("Part of", _refs([record.part_of], names)))
    elif isinstance(record, Country):
        for role in record.roles:
            where = f" ({_refs([role.program], names)})" if role.program else ""
            rows.append(("Role", h(role.role) + where))
    elif isinstance(record, Statistic):
        value = f"{record.value:g}" + ("%" if record.unit is Unit.PERCENT else "")
        rows.append(("Value", h(f"{record.phrase} ({value})")))
        if record.qualifier is not Qualifier.EXACT:
            rows.append(("Qualifier", h(qualifier_words(record.qualifier))))
        if record.period:
            rows.append(("Period", h(record.period)))
        for label, target in (("About", record.program), ("Listed under", record.listed_under)):
            if target:
                rows.append((label, _refs([target], names)))
    elif isinstance(record, Event):
        rows.append(("Date", h(record.date)))
        for label, ids in (("Programs", record.programs), ("Countries", record.countries),
                           ("Agencies", record.agencies)):  # fmt: skip
            if ids:
                rows.append((label, _refs(ids, names)))
    aliases = getattr(record, "aliases", ())
    if aliases:
        rows.insert(0, ("Also called", h(", ".join(aliases))))
    return rows
