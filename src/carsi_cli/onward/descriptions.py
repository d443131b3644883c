"""What each table and column of the exports holds, in plain English: the one
source of the descriptions in ``datapackage.json`` and in the SQLite export's
Datasette metadata. Pure.

A column is described by its table and name where the same name means
something else elsewhere (``name``, ``kind``), else by its name alone.
"""

from __future__ import annotations

from enum import StrEnum

from carsi_cli.model.records import AgencyKind, FundingKind, OrganizationKind, ProgramKind
from carsi_cli.query.funding import Reading

_JSON_LIST = "as a JSON array"
_NOT_QUOTED = "in carsi's own words, not a quote"


def _one_of(vocabulary: type[StrEnum]) -> str:
    values = [member.value for member in vocabulary]
    return ", ".join(values[:-1]) + " or " + values[-1]


def _stated(what: str) -> str:
    return (
        f"{what}, in the text's words: a JSON object of words (the text's own) and quote (the sentence that "
        "says it); empty when the text says nothing of it."
    )


_BY_NAME = {
    "id": "The record's id, unique in its table: how the other tables and carsi's commands refer to it.",
    "name": "The record's name, as the fact sheet writes it.",
    "description": f"What the record is, {_NOT_QUOTED}: a summary of its quote.",
    "quote": "The passage of the fact sheet that supports the record, verbatim.",
    "source": "The id of the document the record cites (sources.id).",
    "aliases": f"Other names of the record (abbreviations, short forms), {_JSON_LIST}; "
    "one the text does not write is explained in inferred.",
    "other_quotes": f"Further passages of the fact sheet about the record, verbatim, {_JSON_LIST}.",
    "inferred": "Which values are carsi's reading of the text rather than what it states: a JSON object from a "
    "column's name to the reason; empty when the text states every value.",
    "search_terms": f"Words a reader may search with that are not names the text gives the record (not from the "
    f"fact sheet), {_JSON_LIST}.",
    "translations": "The record's names in other languages (not from the fact sheet): a JSON object from a "
    'language code ("es" for Spanish) to an array of names.',
    "qualifier": "How the text qualifies the figure: exact, more_than, at_least, approximately, up_to or less_than.",
    "position": "The place of the entry in its record's list, from 0, in the order the record names them.",
    "program_id": "The program's id (programs.id).",
    "event_id": "The event's id (events.id).",
    "agency_id": "An agency the record names (agencies.id).",
    "country_id": "A country the record names (countries.id).",
    "organization_id": "An organization the program names (organizations.id).",
}

_BY_TABLE = {
    ("sources", "id"): "The document's id, which every record's source column holds.",
    ("sources", "title"): "The document's title.",
    ("sources", "date"): "The day the document was issued (YYYY-MM-DD).",
    ("sources", "publisher"): "Who issued the document.",
    ("sources", "citation"): "A reference to the document, ready to cite.",
    ("sources", "url"): "Where the document is published.",
    ("sources", "text_url"): "Where the text the model was checked against can be read.",
    ("sources", "text_file"): "The file of the document's text shipped with the model, relative to the data file.",
    ("sources", "place"): "Where the document was issued (its dateline).",
    ("sources", "accessed"): "The day the document was last read at url (YYYY-MM-DD); empty when not known.",
    ("programs", "kind"): f"What the program is: {_one_of(ProgramKind)}.",
    ("programs", "listed_under"): "The id of the program the fact sheet lists this one under (programs.id): "
    "one of the Partnership's investments, or a program of a background section; empty for none.",
    ("programs", "where"): _stated("Where the program's work happens, when the text names no country there"),
    ("programs", "funding_trend"): _stated("How the program's funding has gone"),
    ("programs", "scale"): _stated("How the text ranks the program's size"),
    ("programs", "training_exercise"): _stated("Whether the text says the program is a training exercise"),
    ("funding", "program"): "The id of the program the money is for (programs.id).",
    ("funding", "amount_usd"): "The amount in whole U.S. dollars, as the text states it ($361 million is "
    "361000000). Not every row adds up with another: see reading, lower_bound and caveats before a SUM.",
    ("funding", "qualifier"): 'How the text qualifies the amount: exact, more_than ("more than $650 million"), '
    "at_least, approximately, up_to or less_than.",
    ("funding", "fy_start"): "The first U.S. fiscal year the amount covers; empty when the text gives none.",
    ("funding", "fy_end"): "The last fiscal year the amount covers (fy_start for one year); empty when the text "
    "gives none.",
    ("funding", "basis"): "total: the amount is the whole over fy_start to fy_end; per_year: the amount is for "
    "each of those years.",
    ("funding", "kind"): f"The verb the text uses for the money: {_one_of(FundingKind)}. Money of different "
    "kinds is not the same money.",
    ("funding", "purpose"): f"What the money is for, {_NOT_QUOTED}.",
    ("funding", "as_of"): 'The day (YYYY-MM-DD) a figure "to date" runs to; empty when the text gives none.',
    ("funding", "reading"): (
        "How the amount adds up, and so which rows a SUM may add: "
        f"{Reading.ONE_YEAR} (one fiscal year's money) and {Reading.SEVERAL_YEARS} (a total over fy_start to "
        "fy_end) may be summed with rows whose fiscal years they do not overlap; "
        f"{Reading.PER_YEAR} (an amount for each of its years) and {Reading.NO_YEAR} (the text gives no year) "
        "must not be added to them."
    ),
    ("funding", "lower_bound"): '1 when the text gives the amount as a floor ("more than", "at least"), else 0: '
    "a sum that includes such a row is itself only a lower bound.",
    ("funding", "caveats"): "What a reader of this figure alone must know, in carsi's sentences: how its years "
    "add up, a lower bound, money that is not the United States' alone, a value the text only implies; empty when "
    "there is none.",
    ("agencies", "kind"): f"What the agency is: {_one_of(AgencyKind)}.",
    ("agencies", "part_of"): "The id of the department or command the agency belongs to (agencies.id), where a "
    "reader would expect it; explained in inferred where the text does not say it.",
    ("organizations", "kind"): f"What the organization is: {_one_of(OrganizationKind)}.",
    ("statistics", "name"): f"A short name for the figure, {_NOT_QUOTED}.",
    ("statistics", "value"): "The figure as a number: a count, or a percentage (50 is 50%).",
    ("statistics", "unit"): "count or percent.",
    ("statistics", "phrase"): 'How the text states the figure, verbatim ("28 HIDTAs").',
    ("statistics", "period"): "The time the figure covers, as the text gives it; empty when it gives none.",
    ("statistics", "program"): "The id of the program the figure is about, where its quote says so (programs.id).",
    ("statistics", "listed_under"): "The id of the program in whose section of the fact sheet the figure stands "
    "(programs.id): not a claim that the program caused or owns it.",
    ("events", "date"): "The event's date, ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD, as precise as the text allows "
    "(a date the text only implies is explained in inferred).",
    ("events", "title"): f"What happened, {_NOT_QUOTED}.",
    ("program_countries", "country_id"): "A country where the program's work happens (countries.id).",
    ("program_participants", "country_id"): "A country that takes part in the program or leads it, where the text "
    "does not put the program's work there (countries.id).",
    ("country_roles", "country_id"): "The country's id (countries.id).",
    ("country_roles", "role"): f"The part the country plays, {_NOT_QUOTED}.",
    ("country_roles", "quote"): "The passage of the fact sheet that states the role, verbatim.",
    ("country_roles", "program"): "The program the role is in (programs.id); empty for none.",
    ("country_roles", "event"): "The event the role is in (events.id); empty for none.",
    ("country_roles", "part"): "location: the program's work happens in the country; participant: the country "
    "takes part in it; leader: the country leads it.",
}

_TABLES = {
    "sources": "The document every record cites, with its citation.",
    "programs": "One row per program, initiative, operation, strategy or coalition the fact sheet names.",
    "funding": (
        "One row per figure of money, exactly as the fact sheet qualifies and spans it. Do not add up "
        "amount_usd over all rows: per-year rates, multi-year totals, lower bounds and different kinds of money "
        f"are mixed. Sum only rows whose reading is {Reading.ONE_YEAR} or {Reading.SEVERAL_YEARS} and whose "
        "years do not overlap, and read their caveats."
    ),
    "agencies": "One row per U.S. department, agency, command or task force the fact sheet names.",
    "countries": "One row per country the fact sheet names; their roles are in country_roles.",
    "organizations": "One row per body that is neither a country nor a U.S. agency.",
    "statistics": "The fact sheet's figures other than money: counts and percentages.",
    "events": "One row per dated event.",
    "country_roles": "One row per part a country plays in the fact sheet, with its quote.",
    "program_countries": "The countries where each program's work happens, in the order the program names them.",
    "program_participants": "The countries that take part in each program or lead it, where the text does not put "
    "its work there, in the order the program names them.",
}


def column(table: str, name: str) -> str:
    """What the column ``name`` of ``table`` holds; KeyError if carsi does not say."""
    return _BY_TABLE.get((table, name)) or _BY_NAME[name]


def table(name: str, owner: str = "", target: str = "") -> str:
    """What the table holds: a join table's from the names of its owner and the table it refers to."""
    if name in _TABLES:
        return _TABLES[name]
    return f"The {target} each of the {owner} names, one a row, in the order it names them."
