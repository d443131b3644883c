"""The prose citation styles, pure: APA, Chicago, MLA and AP, as Markdown.

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
* AP, which has no reference list: news copy attributes in the running text
  (``“…,” according to a March 6, 2012, fact sheet from the White House.``), AP's date
  form (``Sept. 30, 2012``; a month alone spelt out) with the comma after the
  year inside a sentence, and "the" lower-cased before the source's name; then
  a line with the facts an editor checks: ``Author, “Title,” date, URL``.

Italics are written as Markdown does (``*Title*``): pasted into Markdown,
pandoc or a notes app it renders; elsewhere the asterisks show where to
italicise. Titles keep the case the source gives them. What these styles take
from the data file (title, publisher, URL, a record's quote) has what makes
markup inside a sentence escaped (``markdown_text.escape_prose``): a title
holding ``<script>`` or ``![](…)`` reads as those characters, never as HTML or
an image, while the fact sheet's "$" and parentheses are pasted as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from carsi_cli.model.text import MONTHS
from carsi_cli.views.markdown_text import escape_prose as md

if TYPE_CHECKING:
    from carsi_cli.model.records import Source

# MLA 9 abbreviates the months of more than four letters.
_MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
# AP abbreviates these seven with a day, and spells every month out without one.
_AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


def date_parts(date: str) -> list[int]:
    """'2012-03-06' -> [2012, 3, 6]; '2012-03' -> [2012, 3]; '2012' -> [2012]."""
    return [int(part) for part in date.split("-")]


def one_line(text: str) -> str:
    return " ".join(text.split())


def _month_day_year(date: str, day_months: Sequence[str] = MONTHS) -> str:
    """Chicago and APA: 'March 6, 2012', 'March 2012', '2012'; with a day, the month
    as ``day_months`` names it (AP abbreviates some)."""
    parts = date_parts(date)
    if len(parts) == 3:
        return f"{day_months[parts[1] - 1]} {parts[2]}, {parts[0]}"
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


def ap_date(date: str) -> str:
    """AP: 'March 6, 2012', 'Sept. 30, 2012', 'March 2012' (no abbreviation without a day), '2012'."""
    return _month_day_year(date, _AP_MONTHS)


def sentence(text: str) -> str:
    """Text that ends a sentence: a period added unless it ends with one (or ? or !)."""
    return text if text.endswith((".", "?", "!")) else text + "."


def quoted(quote: str) -> str:
    """A quote's words for a paste inside double quotation marks: quotation marks
    inside become single ones, and a closing comma, colon or semicolon (the text's,
    not the writer's) is dropped; the writer's sentence supplies its own ending."""
    inner = one_line(quote).replace("“", "‘").replace("”", "’").replace('"', "'")
    return inner.rstrip(" ,;:.")


def _short_title(title: str) -> str:
    """MLA's in-text title: the main title, before a colon (raw text: escape it after)."""
    head, colon, _ = title.partition(":")
    return head.strip() if colon and head.strip() else title


def _bare_url(url: str) -> str:
    """MLA 9 leaves out http:// and https://."""
    return url.split("://", 1)[1] if "://" in url else url


def apa(source: Source) -> str:
    """The APA 7 reference-list entry (Markdown)."""
    parts = [sentence(md(source.publisher)), f"({_apa_date(source.date)}).", sentence(f"*{md(source.title)}*")]
    if source.url:
        parts.append(md(source.url))
    return " ".join(parts)


def apa_in_text(source: Source) -> str:
    """APA's parenthetical citation: (Author, Year) (Markdown)."""
    return f"({md(source.publisher)}, {date_parts(source.date)[0]})"


def chicago(source: Source) -> str:
    """The Chicago bibliography entry (notes and bibliography) (Markdown)."""
    parts = [
        sentence(md(source.publisher)),
        f"“{sentence(md(source.title))}”",
        sentence(_month_day_year(source.date)),
    ]
    if source.accessed:
        parts.append(f"Accessed {_month_day_year(source.accessed)}.")
    if source.url:
        parts.append(sentence(md(source.url)))
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
    return f"{number}. {sentence(note)}"


def mla(source: Source) -> str:
    """The MLA 9 works-cited entry (organization as author and publisher: title first) (Markdown)."""
    container = f"*{md(source.publisher)}*,"
    date = _day_month_year(source.date)
    entry = f"“{sentence(md(source.title))}” {container} {date}"
    entry += f", {sentence(md(_bare_url(source.url)))}" if source.url else "."
    if source.accessed:
        entry += f" Accessed {_day_month_year(source.accessed)}."
    return entry


def mla_in_text(source: Source) -> str:
    """MLA's parenthetical citation of a work that begins with its title (Markdown)."""
    return f"(“{md(_short_title(source.title))}”)"


def _ap_name(publisher: str) -> str:
    """A name inside an AP sentence: 'The White House' -> 'the White House'."""
    return "the" + publisher[3:] if publisher.startswith("The ") else publisher


def ap(source: Source) -> str:
    """The facts of an AP attribution on one line: author, title, date, URL (Markdown)."""
    title = md(source.title)
    title = title if title.endswith(("?", "!")) else title + ","
    line = f"{md(source.publisher)}, “{title}” {ap_date(source.date)}"
    return line + (f", {md(source.url)}" if source.url else "")


def _article(word: str) -> str:
    """'a' or 'an' as the word is said: 'an April', 'an Aug. 1', 'an 1812' (eighteen), 'a 2012'."""
    spoken_vowel = word[:1] in "AEIOUaeiou8" or (len(word) >= 4 and word[:2] in ("11", "18") and word[:4].isdigit())
    return "an" if spoken_vowel else "a"


def ap_attribution(source: Source, words: str) -> str:
    """A quote attributed as AP copy attributes a document:
    '“…,” according to a March 6, 2012, fact sheet from the White House.'

    "According to", not "said": a fact sheet also quotes others (the President
    in Santiago), and the words are the document's to attribute, not always its
    publisher's. ``words`` is the quote already made ready (``quoted``) and
    escaped. A source whose title calls it a fact sheet is named so; any other
    by its title. A date with a day takes AP's commas ("March 6, 2012,").
    """
    comma = "" if words.endswith(("?", "!")) else ","
    date = ap_date(source.date)
    dated = f"{date}," if len(date_parts(source.date)) == 3 else date
    who = md(_ap_name(source.publisher))
    if source.title.casefold().startswith("fact sheet"):
        where = f"{_article(dated)} {dated} fact sheet from {who}"
    else:
        where = f"“{md(source.title)},” published {dated} by {who}"
    return f"“{words}{comma}” according to {where}."
