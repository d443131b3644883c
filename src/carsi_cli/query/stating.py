"""Which of a record's quotes states its fact, pure: what ``carsi cite`` quotes.

A record's ``quote`` is where the text names it; where its evidence is several
passages, the one that states the fact may be another: Santiago's event is
quoted by its attribution line ("– President Barack Obama, Santiago, ..."),
and what the President said is in its other quotes.
"""

from __future__ import annotations

from carsi_cli.model.money import amounts_in
from carsi_cli.model.records import Funding, Record, Statistic

_DASHES = ("–", "—", "-")


def is_attribution(quote: str) -> bool:
    """Whether a passage only says who spoke, where and when ("– President Barack Obama, Santiago, ...")."""
    return quote.lstrip().startswith(_DASHES)


def _states_figure(record: Record, quote: str) -> bool:
    """Whether a passage holds the record's figure: its amount, or its statistic's phrase."""
    if isinstance(record, Funding):
        return record.amount_usd in amounts_in(quote)
    if isinstance(record, Statistic):
        return record.phrase.casefold() in quote.casefold()
    return True


def stating_quote(record: Record) -> str:
    """The passage that states the record's fact: the first of its quotes (its
    ``quote``, then its other quotes) that is not an attribution line and, for a
    figure, holds the figure; the record's ``quote`` when none does."""
    passages = [record.quote, *record.other_quotes]
    stating = [q for q in passages if not is_attribution(q)]
    return next((q for q in stating if _states_figure(record, q)), stating[0] if stating else record.quote)


def as_cited(record: Record) -> Record:
    """The record with the passage that states its fact as its ``quote`` (and
    the quote it replaces first among its other quotes): what a citation of it quotes."""
    stating = stating_quote(record)
    if stating == record.quote:
        return record
    others = (record.quote, *(q for q in record.other_quotes if q != stating))
    return record._replace(quote=stating, other_quotes=others)
