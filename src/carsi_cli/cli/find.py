"""search: every kind of record, ranked, with the passage that matched."""

from __future__ import annotations

from typing import Annotated

import typer

from carsi_cli.cli import completion
from carsi_cli.cli.common import (
    FormatOption,
    NoPagerOption,
    WideOption,
    for_people,
    load_sheet,
    note,
    output,
)
from carsi_cli.cli.root import app
from carsi_cli.model.formats import OutputFormat
from carsi_cli.model.records import RecordType


def _query(words: list[str]) -> list[str]:
    """The words of a query, given as one quoted argument or several: not all blank."""
    if not any(word.strip() for word in words):
        raise typer.BadParameter("must not be empty")
    return words


@app.command("search")
def search_command(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY",
            help="Words, numbers or names, in any order, quoted or not; case, accents and word endings are ignored.",
            callback=_query,
            show_default=False,
        ),
    ],
    types: Annotated[
        list[RecordType] | None,
        typer.Option(
            "--type",
            "-t",
            case_sensitive=False,
            autocompletion=completion.record_types,
            help="Only records of this type (repeatable).",
        ),
    ] = None,
    limit: Annotated[int, typer.Option(metavar="N", min=0, help="Show at most this many results; 0 shows all.")] = 20,
    fmt: FormatOption = OutputFormat.TABLE,
    wide: WideOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Search every record: names, Spanish names, related words, descriptions, quotes, figures.

    A record may hold most rather than all of the words; question words do not
    count. Results are ranked by how many of the words a record holds, then
    where (names before passages) and how often, and show the matching passage.
    A number puts the record holding that figure first ("$361M", "ten billion"
    too). A misspelt word is read as the nearest word of the text, Spanish and
    everyday words for the text's themes as the words it uses, and a record is
    also found through the records it links to; a note on stderr says what was
    read.

    \b
    Examples:
      carsi search martillo
      carsi search vetted units
      carsi search "when did martillo begin"
      carsi search "money laundering"
      carsi search "16 countries"
      carsi search "Estados Unidos"
      carsi search martillo --type agency
      carsi search "rule of law" --type funding --format json
    """
    from carsi_cli.loading import kept
    from carsi_cli.model.results import SearchHit
    from carsi_cli.query import ftsindex, search
    from carsi_cli.views import render

    text = " ".join(words)
    sheet = load_sheet(ctx)
    index = kept(sheet, "fts", ftsindex.build, ftsindex.valid)
    result = search.search(sheet, text, types or (), limit or None, index)
    with output(fmt, wide=wide, pager=not no_pager) as out:
        render.emit(result.hits, SearchHit, fmt, out, sheet)
    if for_people(fmt):
        for line in search.notes(result, text):
            note(line)
        return
    # What changes the answer is said in every format, apart from the data: that
    # the fact sheet does not name what was asked for, then how the query was read.
    if search.not_named(text) is not None:
        note(search.notes(result, text)[0])
    if result.corrected:
        note(search.reading(result, text))
