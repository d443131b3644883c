"""search: every kind of record, ranked, with the passage that matched."""

from __future__ import annotations

from typing import Annotated

import typer

from ..formats import OutputFormat
from ..model import RecordType
from .app import app
from .common import FormatOption, NoPagerOption, WideOption, for_people, load_sheet, not_blank, note, output


@app.command("search")
def search_command(
    ctx: typer.Context,
    text: Annotated[
        str,
        typer.Argument(
            metavar="QUERY",
            help="Words to find; case and accents are ignored.",
            callback=not_blank,
            show_default=False,
        ),
    ],
    types: Annotated[
        list[RecordType] | None,
        typer.Option("--type", "-t", case_sensitive=False, help="Only records of this type (repeatable)."),
    ] = None,
    limit: Annotated[int, typer.Option(metavar="N", min=0, help="Show at most this many results; 0 shows all.")] = 20,
    fmt: FormatOption = OutputFormat.TABLE,
    wide: WideOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Search every record: names, abbreviations, descriptions and quotes.

    Results are ranked (names before passages) and show the matching passage.

    \b
    Examples:
      carsi search martillo
      carsi search hidta
      carsi search "rule of law" --type funding --format json
    """
    from .. import render, search
    from ..load import kept

    sheet = load_sheet(ctx)
    folded = kept(
        sheet,
        "search",
        search.haystacks,
        lambda kept: (
            isinstance(kept, tuple)
            and all(isinstance(hays, tuple) and all(isinstance(hay, str) for hay in hays) for hays in kept)
        ),
    )
    result = search.search(sheet, text, types or (), limit or None, folded)
    with output(wide=wide, pager=not no_pager) as out:
        render.emit(result.hits, search.SearchHit, fmt, out, sheet)
    if for_people(fmt):
        if not result.hits:
            hint = f" Did you mean: {', '.join(result.suggestions)}?" if result.suggestions else ""
            note(f"No record matches {text!r}.{hint}")
        elif result.total > len(result.hits):
            note(f"Showing {len(result.hits)} of {result.total} matches; use --limit 0 to see all.")
