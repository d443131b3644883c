"""The reference managers' formats, pure: BibTeX, RIS and CSL-JSON.

Each is written to be read alike by every reader that matters, so each field is
one that all of them keep:

* BibTeX: ``@misc``, the one type that classic BibTeX (plain.bst), biber and
  bibtexparser (1 and 2) all read without loss: ``howpublished =
  {\\url{…}}`` and ``year``/``month`` for classic BibTeX, which knows neither
  ``url`` nor ``date``; ``url``, ``urldate`` and ``date`` for biblatex (biber
  takes ``date`` over ``year`` and ``month``, which say the same); no
  ``location``, which biber's data model has no place for in a web page. The
  corporate author is in double braces so that it is one name, not a first and
  last name; the title braced so that no style changes its case.
* RIS: ``TY  - ELEC`` (a web page), like CSL's ``webpage``: the fact sheet is
  cited from its address, and ``GOVDOC`` would make reference managers format
  it as a report with a document number it does not have.
* CSL-JSON: one item of type ``webpage``, as a list (the form Zotero and
  pandoc read), with ``citation-key`` beside ``id`` (CSL 1.0.2's field for the
  key people cite by). It has no ``publisher``: the publisher is the author,
  and CSL styles print a web page's publisher as a site name after the title
  (APA, citeproc and pandoc: "*Title*. The White House. URL") or before the
  date (Chicago); nor ``publisher-place``, which Chicago and MLA print before
  the date and their manuals leave out of a web page. So the item renders as
  ``carsi cite`` writes APA and Chicago.

A record's quote goes in every field that a reference manager keeps as a note
with the item: Zotero's CSL-JSON importer maps ``note`` (and nothing to
``annote``), its BibTeX importer ``note`` and ``annote`` (and nothing to
biblatex's ``annotation``), RIS ``N1``. BibTeX's ``note`` is printed in a
bibliography; that is the price of a quote that survives the import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from carsi_cli.onward.cite_prose import date_parts, one_line

if TYPE_CHECKING:
    from carsi_cli.model.records import Record, Source

# BibTeX's month macros, which classic styles print as the month's name.
_BIB_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

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
    return "".join(_BIBTEX_SPECIAL.get(char, char) for char in one_line(text))


def _tex_url(url: str) -> str:
    """A URL for biblatex's verbatim url field and ``\\url``: braces, backslashes and spaces percent-encoded."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def _noted(record: Record) -> str:
    """A record's quote as the note fields carry it: verbatim, then the record's id."""
    return f"“{one_line(record.quote)}” ({record.id})"


def bibtex(source: Source, record: Record | None = None) -> str:
    """A ``@misc`` entry keyed by the source's id."""
    parts = date_parts(source.date)
    fields = [
        ("author", "{{" + _tex(source.publisher) + "}}"),
        ("title", "{{" + _tex(source.title) + "}}"),
    ]
    if source.url:
        fields.append(("howpublished", "{\\url{" + _tex_url(source.url) + "}}"))
    fields.append(("year", f"{{{parts[0]}}}"))
    if len(parts) >= 2:
        fields.append(("month", _BIB_MONTHS[parts[1] - 1]))  # a macro: unbraced
    fields += [("date", f"{{{source.date}}}"), ("organization", "{" + _tex(source.publisher) + "}")]
    if source.url:
        fields.append(("url", "{" + _tex_url(source.url) + "}"))
    if source.accessed:
        fields.append(("urldate", f"{{{source.accessed}}}"))
    if record is not None:
        note = "{" + _tex(_noted(record)) + "}"
        fields += [("note", note), ("annote", note), ("annotation", note)]
    body = "".join(f"  {name} = {value},\n" for name, value in fields)
    return f"@misc{{{source.id},\n{body}}}"


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
        tags.append(("N1", _noted(record)))
    tags.append(("ER", ""))
    return "\n".join(f"{tag}  - {one_line(value)}".rstrip(" ") + (" " if tag == "ER" else "") for tag, value in tags)


def csl_item(source: Source, record: Record | None = None) -> dict[str, Any]:
    """One CSL-JSON item of type ``webpage``."""
    item: dict[str, Any] = {
        "id": source.id,
        "citation-key": source.id,
        "type": "webpage",
        "title": source.title,
        "author": [{"literal": source.publisher}],
        "issued": {"date-parts": [date_parts(source.date)]},
    }
    if source.url:
        item["URL"] = source.url
    if source.accessed:
        item["accessed"] = {"date-parts": [date_parts(source.accessed)]}
    if record is not None:
        item["note"] = item["annote"] = _noted(record)
    return item


def csl_json(source: Source, record: Record | None = None) -> str:
    from carsi_cli.views.plain import dumps

    return dumps([csl_item(source, record)], pretty=True)
