"""Citations, pure: the source as a reference in each style, and a record's
quote ready to paste with its citation.

The source is cited as a web page whose author is a group (the publisher,
"The White House"), as each style's manual gives that case:

* APA 7 (a web page on a website whose author is the site's owner, so the
  site's name is left out): ``Author. (2012, March 6). *Title*. URL``; in the
  text ``(Author, 2012)``.
* Chicago 17, notes and bibliography: ``Author. “Title.” March 6, 2012. URL.``,
  the note ``1. Author, “Title,” March 6, 2012, URL.``; an access date, where
  the source has one, before the URL.
* MLA 9 (an organization that is both author and publisher: the entry begins
  with the title, and the organization is named once, as the site):
  ``“Title.” *Site*, 6 Mar. 2012, URL without https://. Accessed 1 May 2024.``;
  in the text the title shortened to its part before a colon.
* BibTeX: biblatex's ``@online`` (``date``, ``url``, ``urldate``), which Zotero,
  JabRef and biber read; the corporate author in double braces so that it is
  one name, not a first and last name; the title braced so that no style
  changes its case.
* RIS: ``TY  - ELEC`` (a web page), like CSL's ``webpage``: the fact sheet is
  cited from its address, and ``GOVDOC`` would make reference managers format
  it as a report with a document number it does not have.
* CSL-JSON: one item of type ``webpage``, as a list (the form Zotero and
  pandoc read).

Italics are written as Markdown does (``*Title*``): pasted into Markdown,
pandoc or a notes app it renders; elsewhere the asterisks show where to
italicise. Titles keep the case the source gives them. The prose styles are
Markdown, so what they take from the data file (title, publisher, URL, a
record's quote) has what makes markup inside a sentence escaped
(``markdown_text.escape_prose``): a title holding ``<script>`` or ``![](…)`` reads as
those characters, never as HTML or an image, while the fact sheet's "$" and
parentheses are pasted as written.

A record's quote goes where reference managers keep a note with the item and
styles do not print it: biblatex ``annotation``, RIS ``N1``, CSL ``annote``.
"""

from __future__ import annotations

from typing import Any

from carsi_cli.model.formats import CitationStyle
from carsi_cli.model.records import Record, Source
from carsi_cli.model.text import MONTHS
from carsi_cli.views.markdown_text import escape_prose as md

# MLA 9 abbreviates the months of more than four letters.
_MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


def date_parts(date: str) -> list[int]:
    """'2012-03-06' -> [2012, 3, 6]; '2012-03' -> [2012, 3]; '2012' -> [2012]."""
    return [int(part) for part in date.split("-")]


def _month_day_year(date: str) -> str:
    """Chicago and APA: 'March 6, 2012', 'March 2012', '2012'."""
    parts = date_parts(date)
    if len(parts) == 3:
        return f"{MONTHS[parts[1] - 1]} {parts[2]}, {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def _day_month_year(date: str) -> str:
    """MLA: '6 Mar. 2012', 'Mar. 2012', '2012'."""
    parts = date_parts(date)
    words = [str(parts[2])] if len(parts) == 3 else []
    if len(parts) >= 2:
        words.append(_MLA_MONTHS[parts[1] - 1])
    return " ".join([*words, str(parts[0])])


def _apa_date(date: str) -> str:
    """APA: '2012, March 6', '2012, March', '2012'."""
    parts = date_parts(date)
    if len(parts) == 1:
        return str(parts[0])
    month = MONTHS[parts[1] - 1]
    return f"{parts[0]}, {month} {parts[2]}" if len(parts) == 3 else f"{parts[0]}, {month}"


def _sentence(text: str) -> str:
    """Text that ends a sentence: a period added unless it ends with one (or ? or !)."""
    return text if text.endswith((".", "?", "!")) else text + "."


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _quoted(quote: str) -> str:
    """A quote's words for a paste inside double quotation marks: quotation marks
    inside become single ones, and a closing comma, colon or semicolon (the text's,
    not the writer's) is dropped; the writer's sentence supplies its own ending."""
    inner = _one_line(quote).replace("“", "‘").replace("”", "’").replace('"', "'")
    return inner.rstrip(" ,;:.")


def _short_title(title: str) -> str:
    """MLA's in-text title: the main title, before a colon (raw text: escape it after)."""
    head, colon, _ = title.partition(":")
    return head.strip() if colon and head.strip() else title


def _bare_url(url: str) -> str:
    """MLA 9 leaves out http:// and https://."""
    return url.split("://", 1)[1] if "://" in url else url


# ---------------------------------------------------------------------------
# Prose styles


def apa(source: Source) -> str:
    """The APA 7 reference-list entry (Markdown)."""
    parts = [_sentence(md(source.publisher)), f"({_apa_date(source.date)}).", _sentence(f"*{md(source.title)}*")]
    if source.url:
        parts.append(md(source.url))
    return " ".join(parts)


def apa_in_text(source: Source) -> str:
    """APA's parenthetical citation: (Author, Year) (Markdown)."""
    return f"({md(source.publisher)}, {date_parts(source.date)[0]})"


def chicago(source: Source) -> str:
    """The Chicago bibliography entry (notes and bibliography) (Markdown)."""
    parts = [
        _sentence(md(source.publisher)),
        f"“{_sentence(md(source.title))}”",
        _sentence(_month_day_year(source.date)),
    ]
    if source.accessed:
        parts.append(f"Accessed {_month_day_year(source.accessed)}.")
    if source.url:
        parts.append(_sentence(md(source.url)))
    return " ".join(parts)


def chicago_note(source: Source, number: int = 1) -> str:
    """The Chicago full note (Markdown)."""
    title = md(source.title)
    title = title if title.endswith(("?", "!")) else title + ","
    note = f"{md(source.publisher)}, “{title}” {_month_day_year(source.date)}"
    if source.accessed:
        note += f", accessed {_month_day_year(source.accessed)}"
    if source.url:
        note += f", {md(source.url)}"
    return f"{number}. {_sentence(note)}"


def mla(source: Source) -> str:
    """The MLA 9 works-cited entry (organization as author and publisher: title first) (Markdown)."""
    container = f"*{md(source.publisher)}*,"
    date = _day_month_year(source.date)
    entry = f"“{_sentence(md(source.title))}” {container} {date}"
    entry += f", {_sentence(md(_bare_url(source.url)))}" if source.url else "."
    if source.accessed:
        entry += f" Accessed {_day_month_year(source.accessed)}."
    return entry


def mla_in_text(source: Source) -> str:
    """MLA's parenthetical citation of a work that begins with its title (Markdown)."""
    return f"(“{md(_short_title(source.title))}”)"


# ---------------------------------------------------------------------------
# Reference managers' formats


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _tex(text: str) -> str:
    """Text as a BibTeX field value reads it back (LaTeX's special characters escaped)."""
    return "".join(_BIBTEX_SPECIAL.get(char, char) for char in _one_line(text))


def _tex_url(url: str) -> str:
    """A URL for biblatex's verbatim url field: braces, backslashes and spaces percent-encoded."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def bibtex(source: Source, record: Record | None = None) -> str:
    """A biblatex ``@online`` entry keyed by the source's id."""
    fields = [
        ("author", "{" + _tex(source.publisher) + "}"),
        ("title", "{" + _tex(source.title) + "}"),
        ("date", source.date),
        ("organization", _tex(source.publisher)),
    ]
    if source.place:
        fields.append(("location", _tex(source.place)))
    if source.url:
        fields.append(("url", _tex_url(source.url)))
    if source.accessed:
        fields.append(("urldate", source.accessed))
    if record is not None:
        fields.append(("annotation", _tex(f"“{_one_line(record.quote)}” ({record.id})")))
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@online{{{source.id},\n{body}}}"


def _ris_date(date: str) -> str:
    """RIS dates: YYYY/MM/DD/ with empty parts where the date has none."""
    parts = [f"{part:02d}" for part in date_parts(date)[1:]]
    parts += [""] * (2 - len(parts))
    return f"{date_parts(date)[0]}/{parts[0]}/{parts[1]}/"


def ris(source: Source, record: Record | None = None) -> str:
    """An RIS record of type ELEC (a web page)."""
    tags = [
        ("TY", "ELEC"),
        ("ID", source.id),
        ("TI", source.title),
        ("AU", source.publisher),
        ("PY", str(date_parts(source.date)[0])),
        ("DA", _ris_date(source.date)),
        ("PB", source.publisher),
    ]
    if source.place:
        tags.append(("CY", source.place))
    if source.url:
        tags.append(("UR", source.url))
    if source.accessed:
        tags.append(("Y2", _ris_date(source.accessed)))
    if record is not None:
        tags.append(("N1", f"“{record.quote}” ({record.id})"))
    tags.append(("ER", ""))
    return "\n".join(f"{tag}  - {_one_line(value)}".rstrip(" ") + (" " if tag == "ER" else "") for tag, value in tags)


def csl_item(source: Source, record: Record | None = None) -> dict[str, Any]:
    """One CSL-JSON item of type ``webpage``."""
    item: dict[str, Any] = {
        "id": source.id,
        "type": "webpage",
        "title": source.title,
        "author": [{"literal": source.publisher}],
        "issued": {"date-parts": [date_parts(source.date)]},
        "publisher": source.publisher,
    }
    if source.place:
        item["publisher-place"] = source.place
    if source.url:
        item["URL"] = source.url
    if source.accessed:
        item["accessed"] = {"date-parts": [date_parts(source.accessed)]}
    if record is not None:
        item["annote"] = f"“{_one_line(record.quote)}” ({record.id})"
    return item


def csl_json(source: Source, record: Record | None = None) -> str:
    from carsi_cli.views.plain import dumps

    return dumps([csl_item(source, record)], pretty=True)


# ---------------------------------------------------------------------------
# The command's text


def cite(source: Source, style: CitationStyle, record: Record | None = None) -> str:
    """The source in one style; with a record, its quote ready to paste too.

    For the prose styles, a record gives its quote with the in-text citation
    (Chicago: a note number and the note), a blank line, then the entry of
    the reference list; the reference managers' formats carry the quote in
    their note field.
    """
    if style is CitationStyle.BIBTEX:
        return bibtex(source, record) + "\n"
    if style is CitationStyle.RIS:
        return ris(source, record) + "\n"
    if style is CitationStyle.CSL_JSON:
        return csl_json(source, record) + "\n"
    entry = {CitationStyle.APA: apa, CitationStyle.CHICAGO: chicago, CitationStyle.MLA: mla}[style](source)
    if record is None:
        return entry + "\n"
    words = md(_quoted(record.quote))  # the prose styles are Markdown: the quote renders as written
    if style is CitationStyle.APA:  # the period after the parenthesis
        paste = f"“{words}” {apa_in_text(source)}."
    elif style is CitationStyle.MLA:
        paste = f"“{words}” {mla_in_text(source)}."
    else:  # Chicago: the period inside the quotation marks, the note number after them
        paste = f"“{_sentence(words)}”¹\n\n{chicago_note(source)}"
    return f"{paste}\n\n{entry}\n"
