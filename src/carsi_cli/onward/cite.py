"""Citations, pure: the source as a reference in each style, and a record's
quote ready to paste with its citation.

The prose styles (APA, Chicago, MLA, AP) are in ``cite_prose``, Markdown; the
reference managers' formats (BibTeX, RIS, CSL-JSON) in ``cite_files``. Each
module says what each style's manual, or each reader, asks of it. Rendered by
citeproc (Zotero, pandoc) in APA and Chicago, the CSL-JSON item gives the
reference that ``carsi cite`` writes in that style.

A record's quote goes where reference managers keep a note with the item:
BibTeX ``note`` and ``annote`` (and biblatex ``annotation``), RIS ``N1``, CSL
``note`` (and ``annote``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from carsi_cli.model.formats import CitationStyle
from carsi_cli.onward.cite_files import bibtex, csl_item, csl_json, ris
from carsi_cli.onward.cite_prose import (
    ap,
    ap_attribution,
    apa,
    apa_in_text,
    chicago,
    chicago_note,
    mla,
    mla_in_text,
    quoted,
    sentence,
)
from carsi_cli.views.markdown_text import escape_prose as md

if TYPE_CHECKING:
    from carsi_cli.model.records import Record, Source

__all__ = ["cite", "csl_item"]


def cite(source: Source, style: CitationStyle, record: Record | None = None) -> str:
    """The source in one style; with a record, its quote ready to paste too.

    For the prose styles, a record gives its quote with the in-text citation
    (Chicago: a note number and the note; AP: the attribution), a blank line,
    then the entry of the reference list; the reference managers' formats
    carry the quote in their note fields.
    """
    if style is CitationStyle.BIBTEX:
        return bibtex(source, record) + "\n"
    if style is CitationStyle.RIS:
        return ris(source, record) + "\n"
    if style is CitationStyle.CSL_JSON:
        return csl_json(source, record) + "\n"
    styles = {CitationStyle.APA: apa, CitationStyle.CHICAGO: chicago, CitationStyle.MLA: mla, CitationStyle.AP: ap}
    entry = styles[style](source)
    if record is None:
        return entry + "\n"
    words = md(quoted(record.quote))  # the prose styles are Markdown: the quote renders as written
    if style is CitationStyle.APA:  # the period after the parenthesis
        paste = f"“{words}” {apa_in_text(source)}."
    elif style is CitationStyle.MLA:
        paste = f"“{words}” {mla_in_text(source)}."
    elif style is CitationStyle.AP:
        paste = ap_attribution(source, words)
    else:  # Chicago: the period inside the quotation marks, the note number after them
        paste = f"“{sentence(words)}”¹\n\n{chicago_note(source)}"
    return f"{paste}\n\n{entry}\n"
