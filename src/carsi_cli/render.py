"""Records in, text out: one OutputFormat, one ``emit`` per shape of result.

Output formats are contracts:

* ``json``: a list of records with the model's own field names (a ``show``
  command prints one object); integers stay integers; non-ASCII text stays
  readable; non-printable characters are ``\\u`` escapes.
* ``csv``: the same fields as JSON, one row per record, lists joined by "; ";
  cells that a spreadsheet would run as a formula are prefixed with "'".
* ``table``: for people. On a terminal, a Rich table; piped, tab-separated
  lines with a header, never cut or wrapped.
* ``markdown``: a pipe table, text escaped so that it renders as written.

Text from the data file is always printed as text: no Rich markup, emoji codes,
highlighting or terminal escape sequences take effect (see ``text.inert``).
Rich is imported only when a terminal table is drawn.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from functools import cache
from types import MappingProxyType
from typing import IO, TYPE_CHECKING, Any, Literal, NamedTuple

from .checks import Problem
from .formats import OutputFormat
from .model import Agency, Country, Event, FactSheet, Funding, Program, Record, Role, Source, Statistic, Unit
from .money import describe
from .query import AgencyDetail, CountryDetail, ProgramDetail, SearchHit
from .text import escape_nonprintable_json, inert

if TYPE_CHECKING:
    from rich.console import Console


class Output(NamedTuple):
    """Where and how to write: the stream, and whether it is a terminal."""

    stream: IO[str]
    terminal: bool = False
    width: int | None = None
    """Terminal width; None lets Rich ask the terminal."""


# ---------------------------------------------------------------------------
# JSON-ready values


_SCALARS = (str, int, float, type(None))  # str enums and bools included: json writes them as they are
_CONVERTED = frozenset({"inferred", "roles"})  # record fields json cannot write as they are: mappings, records
_CONVERTED_BY_TYPE: dict[type, tuple[str, ...]] = {}


def to_data(value: Any) -> Any:
    """Model objects as JSON-ready values, with the model's own field names.

    Tuples stay tuples (json writes them as arrays); mappings and records
    inside records become dicts.
    """
    if isinstance(value, tuple):
        fields = getattr(value, "_fields", None)
        if fields is not None:  # a record
            data = dict(zip(fields, value, strict=True))
            converted = _CONVERTED_BY_TYPE.get(value.__class__)
            if converted is None:
                converted = _CONVERTED_BY_TYPE[value.__class__] = tuple(f for f in fields if f in _CONVERTED)
            for name in converted:
                item = data[name]
                data[name] = dict(item) if name == "inferred" else to_data(item)  # a mapping of text
            return data
        return [item if isinstance(item, _SCALARS) else to_data(item) for item in value]
    if isinstance(value, list):
        return [to_data(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, Enum):
        return value.value
    return value


def dumps(data: Any, *, pretty: bool) -> str:
    """JSON: indented for a person at a terminal, compact (one C-encoded line)
    for a pipe, as gh does; non-ASCII stays readable, non-printables are escaped."""
    import json  # here, not at the top: only the JSON and CSV paths pay for it

    return escape_nonprintable_json(json.dumps(data, ensure_ascii=False, indent=2 if pretty else None))


# ---------------------------------------------------------------------------
# Columns for people


class Context:
    """What cells need to name related records."""

    def __init__(self, sheet: FactSheet) -> None:
        self.sheet = sheet
        self._programs: dict[str, str] | None = None

    def program_name(self, program_id: str | None) -> str:
        if program_id is None:
            return ""
        if self._programs is None:
            self._programs = {p.id: p.name for p in self.sheet.programs}
        return self._programs.get(program_id, program_id)


class Column(NamedTuple):
    header: str
    cell: Callable[[Any, Context], str]
    justify: Literal["left", "right"] = "left"
    wide: bool = False
    """Long prose that should take the spare width."""
    whole: bool = False
    """Short codes (ids, dates) that should never be folded."""


def _date(event: Event) -> str:
    return f"{event.date} (inferred)" if "date" in event.inferred else event.date


def _value(statistic: Statistic) -> str:
    number = f"{statistic.value:g}" + ("%" if statistic.unit is Unit.PERCENT else "")
    return f"{statistic.phrase} ({number})"


_QUOTE = Column("Quote", lambda r, c: f"“{r.quote}”", wide=True)

# The columns people see (terminal, piped table, markdown). JSON and CSV carry
# every field; `show` views carry the related records.
COLUMNS: dict[type, list[Column]] = {
    Program: [
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Name", lambda r, c: r.name),
        Column("Kind", lambda r, c: r.kind.value, whole=True),
        _QUOTE,
    ],
    Funding: [
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Program", lambda r, c: c.program_name(r.program)),
        Column("Amount", lambda r, c: describe(r), justify="right"),
        Column("Kind", lambda r, c: r.kind.value, whole=True),
        _QUOTE,
    ],
    Agency: [
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Name", lambda r, c: r.name),
        Column("Kind", lambda r, c: r.kind.value, whole=True),
        Column("Programs", lambda r, c: ", ".join(p.name for p in c.sheet.programs if r.id in p.agencies), wide=True),
    ],
    Country: [
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Name", lambda r, c: r.name),
        Column("Roles", lambda r, c: "; ".join(role.role for role in r.roles), wide=True),
    ],
    Statistic: [
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Value", lambda r, c: _value(r), justify="right"),
        Column("Statistic", lambda r, c: r.name),
        _QUOTE,
    ],
    Event: [
        Column("Date", lambda r, c: _date(r), whole=True),
        Column("Event", lambda r, c: r.title),
        _QUOTE,
    ],
    SearchHit: [
        Column("Type", lambda r, c: r.type.value, whole=True),
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Name", lambda r, c: r.name),
        Column("Passage", lambda r, c: r.snippet, wide=True),
    ],
    Problem: [
        Column("Type", lambda r, c: r.type, whole=True),
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Field", lambda r, c: r.field, whole=True),
        Column("Problem", lambda r, c: r.problem, wide=True),
    ],
}

# Shorter columns for the related records inside a `show` view.
COMPACT: dict[type, list[Column]] = {
    Program: [
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Name", lambda r, c: r.name),
        Column("Kind", lambda r, c: r.kind.value),
    ],
    Funding: [
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Amount", lambda r, c: describe(r), justify="right"),
        Column("Kind", lambda r, c: r.kind.value),
        _QUOTE,
    ],
    Agency: [
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Name", lambda r, c: r.name),
        Column("Kind", lambda r, c: r.kind.value),
    ],
    Country: [Column("ID", lambda r, c: r.id, whole=True), Column("Name", lambda r, c: r.name)],
    Statistic: [
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Value", lambda r, c: _value(r), justify="right"),
        _QUOTE,
    ],
    Event: [
        Column("Date", lambda r, c: _date(r), whole=True),
        Column("ID", lambda r, c: r.id, whole=True),
        Column("Event", lambda r, c: r.title, wide=True),
    ],
}


# ---------------------------------------------------------------------------
# Cells


_FORMULA_START = ("=", "+", "-", "@")  # and tab or CR, which inert() has made spaces


def _csvinert(value: Any) -> Any:
    """A CSV cell: numbers stay numbers; text is inert and never a spreadsheet formula."""
    import json

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple):
        strings = all(isinstance(v, str) for v in value)
        value = "; ".join(value) if strings else json.dumps(value, ensure_ascii=False)
    elif isinstance(value, Mapping):
        value = json.dumps(dict(value), ensure_ascii=False) if value else ""
    text = inert(str(value))
    # Some importers trim white space before they look for a formula: so does this.
    return "'" + text if text.lstrip().startswith(_FORMULA_START) else text


@cache
def _md_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Markdown's metacharacters, and the colon that starts an emoji code."""
    return re.compile(r"([\\`*_{}\[\]<>()#+!|~&^$])"), re.compile(r":(?=[A-Za-z0-9_+-]+:)")


def _md(text: str) -> str:
    """Markdown that renders exactly as ``text`` (markup, links, emoji codes escaped)."""
    special, emoji_code = _md_patterns()
    return emoji_code.sub(r"\\:", special.sub(r"\\\1", inert(text)))


def _md_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Like ``_md``, with each span in bold."""
    out, at = [], 0
    for start, end in spans:
        if start < at:
            continue
        out.append(_md(text[at:start]))
        out.append("**" + _md(text[start:end]) + "**")
        at = end
    out.append(_md(text[at:]))
    return "".join(out)


# ---------------------------------------------------------------------------
# Lists of records


def emit(records: Sequence[Any], kind: type, fmt: OutputFormat, out: Output, sheet: FactSheet) -> None:
    """Print a list of records of one ``kind`` in the chosen format. An empty list
    prints ``[]`` as JSON, only the header line as CSV, and nothing as a table.
    People's formats end with the sheet's citation."""
    if fmt is OutputFormat.JSON:
        out.stream.write(dumps([to_data(r) for r in records], pretty=out.terminal) + "\n")
        return
    if fmt is OutputFormat.CSV:
        _write_csv([to_data(r) for r in records], list(getattr(kind, "_fields", ())), out.stream)
        return
    if not records:
        return
    columns = COLUMNS[kind]
    ctx = Context(sheet)
    caption = sheet.source.citation
    if fmt is OutputFormat.MARKDOWN:
        out.stream.write(_markdown_table(records, columns, ctx))
        out.stream.write(f"\n{_md('Source: ' + caption)}\n")
    elif out.terminal:
        console = _console(out)
        console.print(_rich_table(records, columns, ctx, console.width, caption=caption))
    else:
        _write_tsv(records, columns, ctx, out.stream)


def _write_csv(rows: list[dict[str, Any]], header: list[str], stream: IO[str]) -> None:
    import csv

    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csvinert(row.get(name)) for name in header])


def _write_tsv(records: Sequence[Any], columns: list[Column], ctx: Context, stream: IO[str]) -> None:
    cells = [column.cell for column in columns]
    lines = ["\t".join(column.header for column in columns)]
    lines += ["\t".join([inert(cell(record, ctx)) for cell in cells]) for record in records]
    stream.write("\n".join(lines) + "\n")  # one write: thousands of small ones cost more than the text


def _markdown_table(records: Sequence[Any], columns: list[Column], ctx: Context) -> str:
    lines = ["| " + " | ".join(c.header for c in columns) + " |"]
    lines.append("| " + " | ".join("---:" if c.justify == "right" else "---" for c in columns) + " |")
    for record in records:
        cells = []
        for column in columns:
            if isinstance(record, SearchHit) and column.header == "Passage":
                cells.append(_md_spans(record.snippet, record.spans))
            else:
                cells.append(_md(column.cell(record, ctx)))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def layout(columns: Sequence[Column], naturals: Sequence[int], words: Sequence[int], width: int) -> list[int]:
    """Column widths that fit ``width``: every column whole when that fits.
    Otherwise prose keeps two fifths of the room; ids and dates take up to half
    of the rest (short ones first), other fields share what remains, and prose
    gets everything left over."""
    overhead = 3 * len(columns) + 1  # padding and separators
    room = max(width - overhead, 4 * len(columns))
    if sum(naturals) <= room:
        return list(naturals)
    widths = list(naturals)
    whole = sorted((i for i, c in enumerate(columns) if c.whole), key=lambda i: naturals[i])
    wide = [i for i, c in enumerate(columns) if c.wide]
    other = sorted((i for i in range(len(columns)) if i not in whole and i not in wide), key=lambda i: naturals[i])
    rest = room - (room * 2 // 5 if wide else 0)
    budget = rest // 2
    for n, i in enumerate(whole):
        widths[i] = min(naturals[i], max(6, budget // (len(whole) - n)))
        budget -= widths[i]
    left = rest - sum(widths[i] for i in whole)
    for n, i in enumerate(other):  # a short field is not folded inside a word if its share allows
        share = max(8, left // (len(other) - n))
        widths[i] = min(naturals[i], max(share, min(words[i], share * 3 // 2)))
        left -= widths[i]
    if wide:
        left = room - sum(widths[i] for i in whole + other)
        total = sum(naturals[i] for i in wide)
        for i in wide:
            widths[i] = max(12, left * naturals[i] // total)
    while sum(widths) > room:  # narrow: take from the widest column
        widest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[widest] <= 4:
            break
        widths[widest] -= 1
    return widths


def _console(out: Output) -> Console:
    from rich.console import Console

    return Console(
        file=out.stream,
        width=out.width,
        markup=False,
        emoji=False,
        highlight=False,
        force_terminal=True,
        soft_wrap=False,
    )


def _rich_table(
    records: Sequence[Any],
    columns: list[Column],
    ctx: Context,
    width: int,
    *,
    caption: str | None = None,
    title: str | None = None,
) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        box=box.SIMPLE_HEAD,
        show_lines=False,
        header_style="bold",
        caption=Text(inert("Source: " + caption), style="dim") if caption else None,
        caption_justify="left",
        title=Text(inert(title), style="bold") if title else None,
        title_justify="left",
        expand=False,
    )
    rows = []
    for record in records:
        cells = []
        for column in columns:
            text = Text(inert(column.cell(record, ctx)))
            if isinstance(record, SearchHit) and column.header == "Passage" and text.plain == record.snippet:
                for start, end in record.spans:
                    text.stylize("bold underline", start, end)
            cells.append(text)
        rows.append(cells)
    naturals = [max([len(column.header)] + [len(row[i].plain) for row in rows]) for i, column in enumerate(columns)]
    words = [
        max([len(column.header)] + [len(w) for row in rows for w in row[i].plain.split()])
        for i, column in enumerate(columns)
    ]
    for column, width_ in zip(columns, layout(columns, naturals, words, width), strict=True):
        table.add_column(column.header, justify=column.justify, overflow="fold", width=width_)
    for cells in rows:
        table.add_row(*cells)
    return table


# ---------------------------------------------------------------------------
# One record with what refers to it (`show` commands)


class Detail(NamedTuple):
    """A `show` view: the record's fields, related records, and its quotes."""

    title: str
    record: Record | Source
    fields: list[tuple[str, str]]
    sections: Sequence[tuple[str, Sequence[Any]]] = ()
    quotes: Sequence[str] = ()
    extra: Mapping[str, Any] = MappingProxyType({})
    """Related records for JSON, under these keys."""


def _quotes(record: Record) -> list[str]:
    return [record.quote, *record.other_quotes]


def _inferred(record: Record) -> list[tuple[str, str]]:
    return [(f"Inferred {name}", reason) for name, reason in record.inferred.items()]


def program_view(d: ProgramDetail) -> Detail:
    p = d.program
    fields_ = [("ID", p.id), ("Kind", p.kind.value)]
    if p.aliases:
        fields_.append(("Aliases", ", ".join(p.aliases)))
    if d.listed_under:
        fields_.append(("Listed under", f"{d.listed_under.name} ({d.listed_under.id})"))
    fields_.append(("Description", p.description))
    fields_ += _inferred(p)
    sections: list[tuple[str, Sequence[Any]]] = [
        ("Funding", d.funding),
        ("Listed here", d.listed_here),
        ("Agencies", d.agencies),
        ("Countries", d.countries),
        ("Statistics", d.statistics),
        ("Events", d.events),
    ]
    extra = {
        "funding": to_data(d.funding),
        "listed_here": [c.id for c in d.listed_here],
        "statistics": to_data(d.statistics),
        "events": [e.id for e in d.events],
    }
    return Detail(p.name, p, fields_, sections, _quotes(p), extra)


def agency_view(d: AgencyDetail) -> Detail:
    a = d.agency
    fields_ = [("ID", a.id), ("Kind", a.kind.value)]
    if a.aliases:
        fields_.append(("Aliases", ", ".join(a.aliases)))
    fields_ += _inferred(a)
    sections: list[tuple[str, Sequence[Any]]] = [("Programs", d.programs), ("Events", d.events)]
    extra = {"programs": [p.id for p in d.programs], "events": [e.id for e in d.events]}
    return Detail(a.name, a, fields_, sections, _quotes(a), extra)


COMPACT[Role] = [
    Column("Role", lambda r, c: r.role, wide=True),
    Column("Program", lambda r, c: c.program_name(r.program)),
    Column("Quote", lambda r, c: f"“{r.quote}”", wide=True),
]


def country_view(d: CountryDetail) -> Detail:
    c = d.country
    fields_ = [("ID", c.id)]
    if c.aliases:
        fields_.append(("Aliases", ", ".join(c.aliases)))
    fields_ += _inferred(c)
    sections: list[tuple[str, Sequence[Any]]] = [("Roles", c.roles), ("Programs", d.programs), ("Events", d.events)]
    extra = {"programs": [p.id for p in d.programs], "events": [e.id for e in d.events]}
    return Detail(c.name, c, fields_, sections, _quotes(c), extra)


def source_view(source: Source) -> Detail:
    fields_ = [("ID", source.id), ("Title", source.title), ("Date", source.date), ("Publisher", source.publisher)]
    for label, value in (("URL", source.url), ("Text from", source.text_url), ("Text file", source.text_file)):
        if value:
            fields_.append((label, value))
    fields_.append(("Citation", source.citation))
    return Detail(source.title, source, fields_)


def emit_detail(detail: Detail, fmt: OutputFormat, out: Output, sheet: FactSheet) -> None:
    """Print a `show` view in the chosen format."""
    ctx = Context(sheet)
    if fmt is OutputFormat.JSON:
        data = {**to_data(detail.record), **detail.extra}
        out.stream.write(dumps(data, pretty=out.terminal) + "\n")
    elif fmt is OutputFormat.CSV:
        _write_csv([to_data(detail.record)], list(detail.record._fields), out.stream)
    elif fmt is OutputFormat.MARKDOWN:
        out.stream.write(_markdown_detail(detail, ctx))
    elif out.terminal:
        _rich_detail(detail, ctx, _console(out))
    else:
        _plain_detail(detail, ctx, out.stream)


def _plain_detail(detail: Detail, ctx: Context, stream: IO[str]) -> None:
    """gh-style: 'field<TAB>value' lines, then one line per related record."""
    stream.write(f"name\t{inert(detail.title)}\n")
    for key, value in detail.fields:
        stream.write(f"{inert(key.lower())}\t{inert(value)}\n")
    for i, quote in enumerate(detail.quotes):
        stream.write(f"{'quote' if i == 0 else 'other quote'}\t{inert(quote)}\n")
    for heading, records in detail.sections:
        for record in records:
            columns = COMPACT[type(record)]
            cells = [inert(c.cell(record, ctx)) for c in columns]
            stream.write(heading.lower() + "\t" + "\t".join(cells) + "\n")


def _markdown_detail(detail: Detail, ctx: Context) -> str:
    parts = [f"## {_md(detail.title)}\n"]
    parts.append("\n".join(f"- **{_md(key)}:** {_md(value)}" for key, value in detail.fields) + "\n")
    for heading, records in detail.sections:
        if records:
            parts.append(f"### {_md(heading)}\n\n" + _markdown_table(records, COMPACT[type(records[0])], ctx))
    if detail.quotes:
        parts.append("### Quotes\n\n" + "\n\n".join(f"> {_md(q)}" for q in detail.quotes) + "\n")
    if not isinstance(detail.record, Source):
        parts.append(_md("Source: " + ctx.sheet.source.citation) + "\n")
    return "\n".join(parts)


def _rich_detail(detail: Detail, ctx: Context, console: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    console.print(Text(inert(detail.title), style="bold"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for key, value in detail.fields:
        grid.add_row(Text(inert(key)), Text(inert(value)))
    console.print(grid)
    for heading, records in detail.sections:
        if records:
            console.print()
            console.print(_rich_table(records, COMPACT[type(records[0])], ctx, console.width, title=heading))
    if detail.quotes:
        from rich.padding import Padding

        console.print()
        console.print(Text("Quotes", style="bold"))
        for quote in detail.quotes:
            console.print(Padding(Text(f"“{inert(quote)}”"), (0, 0, 0, 2)))
    if not isinstance(detail.record, Source):
        console.print()
        console.print(Text(inert("Source: " + ctx.sheet.source.citation), style="dim"))
