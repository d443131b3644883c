"""What people type, read as a record: ids, names, aliases, Spanish names, search
terms, words of a name in any order, a figure a record holds; and the well-known
names the fact sheet never gives, said to be absent. Pure."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from carsi_cli.errors import AmbiguousError, NotFoundError
from carsi_cli.model.records import (
    RECORD_TYPE,
    FactSheet,
    Record,
    RecordType,
    Unit,
    names,
    record_name,
)
from carsi_cli.model.text import fold, name_key

_LIST_COMMAND = {
    RecordType.PROGRAM: "carsi programs list",
    RecordType.AGENCY: "carsi agencies list",
    RecordType.COUNTRY: "carsi countries list",
    RecordType.ORGANIZATION: "carsi organizations list",
    RecordType.FUNDING: "carsi funding",
    RecordType.STATISTIC: "carsi stats",
    RecordType.EVENT: "carsi timeline",
}


# Well-known U.S. agencies and programs that the fact sheet does not name. People
# look for them here (USAID and the State Department carry out much of CARSI), and
# "no agency matches 'USAID'" alone would read as a gap in carsi rather than in the
# fact sheet. This is product knowledge, not data from the text: keep it short,
# and only names a reader of this fact sheet is likely to try. Keys are written
# as ``_key`` folds them; a leading "the", "U.S." or "United States" is ignored.
NOT_NAMED = {
    "usaid": "the U.S. Agency for International Development (USAID)",
    "agency for international development": "the U.S. Agency for International Development (USAID)",
    "state department": "the Department of State",
    "department of state": "the Department of State",
    "state": "the Department of State",
    "dos": "the Department of State",
    "departamento de estado": "the Department of State",
    "inl": "the Bureau of International Narcotics and Law Enforcement Affairs (INL)",
    "bureau of international narcotics and law enforcement affairs": (
        "the Bureau of International Narcotics and Law Enforcement Affairs (INL)"
    ),
    "fbi": "the Federal Bureau of Investigation (FBI)",
    "federal bureau of investigation": "the Federal Bureau of Investigation (FBI)",
    "atf": "the Bureau of Alcohol, Tobacco, Firearms and Explosives (ATF)",
    "ondcp": "the Office of National Drug Control Policy (ONDCP)",
    "office of national drug control policy": "the Office of National Drug Control Policy (ONDCP)",
    "merida initiative": "the Mérida Initiative",
    "merida": "the Mérida Initiative",
    "iniciativa merida": "the Mérida Initiative",
    "cbsi": "the Caribbean Basin Security Initiative (CBSI)",
    "caribbean basin security initiative": "the Caribbean Basin Security Initiative (CBSI)",
    # Countries of the region the fact sheet never names ("the seven countries of
    # Central America" leaves Belize unnamed; Mexico and Colombia are not mentioned).
    "mexico": "Mexico",
    "mexican": "Mexico",
    "belize": "Belize",
    "colombia": "Colombia",
    "colombian": "Colombia",
    "venezuela": "Venezuela",
    "cuba": "Cuba",
    "haiti": "Haiti",
    "jamaica": "Jamaica",
}
# Keys that are also ordinary words ("state and local police", Spanish "dos"):
# they name an agency only as a whole query, never as a word inside a longer one.
_WHOLE_ONLY = frozenset({"state", "dos"})
_PREFIXES = ("the ", "u s ", "us ", "united states ")

# Words that do not tell one name from another ("the", "of"; "program" is kept).
_FILLER = frozenset("a an and at de del el for in la las los of on the to u s us y".split())  # noqa: SIM905


def not_named(text: str) -> str | None:
    """What ``text`` names, if it is a well-known agency or program the fact sheet does not name."""
    key = name_key(text)
    for _ in range(2):  # "the U.S. ATF"
        for prefix in _PREFIXES:
            key = key.removeprefix(prefix)
    return NOT_NAMED.get(key)


def named_in(text: str) -> str | None:
    """The first well-known agency, program or country the fact sheet does not
    name that ``text`` mentions, as a whole query or as words within one
    ("cocaine seizures in Mexico"): the longest such name wins."""
    key = absent_key(text)
    return None if key is None else NOT_NAMED[key]


def absent_key(text: str) -> str | None:
    """The key of ``NOT_NAMED`` that ``text`` mentions (see ``named_in``): its words
    are read as typed, never as a misspelling of a word the fact sheet writes."""
    whole = name_key(text)
    for _ in range(2):
        for prefix in _PREFIXES:
            whole = whole.removeprefix(prefix)
    if whole in NOT_NAMED:
        return whole
    words = name_key(text).split()
    longest = max(len(key.split()) for key in NOT_NAMED)  # a long query costs its length, not its square
    for n in range(min(len(words), longest), 0, -1):
        for i in range(len(words) - n + 1):
            key = " ".join(words[i : i + n])
            if key in NOT_NAMED and key not in _WHOLE_ONLY:
                return key
    return None


def _names(record: Record) -> list[str]:
    """What identifies a record on the command line: id, name, aliases, and its names in other languages."""
    found = names(record)
    for translated in getattr(record, "translations", {}).values():
        found += translated
    return found


def _words(name: str) -> set[str]:
    return {w for w in name_key(name).split() if w not in _FILLER}


def _plural_free(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def lookup(sheet: FactSheet, rtype: RecordType, text: str) -> Record:
    """The one record of a collection that ``text`` names, ignoring case, accents
    and punctuation: by id, name, alias or name in another language; then by a
    search term; then by words of its names ("tocumen", "southern command"),
    in any order. AmbiguousError lists the candidates when several fit;
    NotFoundError gives the closest names otherwise, and says so plainly when
    ``text`` is a well-known name the fact sheet does not give."""
    records = sheet.records(rtype)
    exact = [r for r in records if r.id == text]  # what scripts pass: no folding needed
    if len(exact) == 1:
        return exact[0]
    found = _fitting(records, text)[1]
    if found:
        return _one(found, rtype, text)
    absent = not_named(text)
    if absent is not None:
        msg = f"no {rtype.value} matches {text!r}: the fact sheet does not name {absent} (see `{_LIST_COMMAND[rtype]}`)"
        raise NotFoundError(msg)
    import difflib

    vocabulary = {fold(name): (name, r.id) for r in records for name in _names(r)}
    close = difflib.get_close_matches(fold(text), list(vocabulary), n=6, cutoff=0.6)
    by_record = {vocabulary[c][1]: vocabulary[c] for c in reversed(close)}  # the closest name of each record
    best = sorted(by_record.values(), key=lambda match: close.index(fold(match[0])))[:3]
    hint = "; did you mean " + " or ".join(_describe_match(*m) for m in best) + "?" if best else ""
    msg = f"no {rtype.value} matches {text!r}{hint} (see `{_LIST_COMMAND[rtype]}`)"
    raise NotFoundError(msg)


def _fitting(records: Sequence[Record], text: str) -> tuple[int, list[Record]]:
    """The records ``text`` names at the first of ``lookup``'s tiers where any
    does, with that tier: 0 a name (id, name, alias, translation), 1 a search
    term, 2 words of the names; (3, []) when none does."""
    key = name_key(text)
    solid = key.replace(" ", "")  # "US" is "U.S.", "JIATF South" is "JIATF-South"
    tiers: tuple[Callable[[Record], bool], ...] = (
        lambda r: any(name_key(name).replace(" ", "") == solid for name in _names(r)),
        lambda r: any(name_key(term) == key for term in r.search_terms),
    )
    for tier, fits in enumerate(tiers):
        found = [r for r in records if fits(r)]
        if found:
            return tier, found
    wanted = {_plural_free(w) for w in _words(text)}
    if wanted and key:
        found = [r for r in records if wanted <= {_plural_free(w) for name in _names(r) for w in _words(name)}]
        if found:
            return 2, found
    return 3, []


def _by_figure(sheet: FactSheet, text: str) -> list[Record]:
    """The records holding a figure ``text`` writes with its scale or unit: funding
    of that amount ("105 million", "$361 million"), statistics of that percentage."""
    from carsi_cli.query.reading import parse

    found: list[Record] = []
    for figure in parse(text).figures:
        if figure.unit == "usd" or (figure.unit is None and not figure.values):  # "105 million", "$105,000,000"
            amounts = figure.dollars if figure.unit == "usd" else figure.dollars[:1]
            found += [f for f in sheet.funding if f.amount_usd in amounts]
        elif figure.unit == "percent":
            found += [s for s in sheet.statistics if s.unit is Unit.PERCENT and s.value in figure.values]
    return list({id(r): r for r in found}.values())  # each once (records are not hashable)


def lookup_any(sheet: FactSheet, text: str) -> Record:
    """The one record of any collection that ``text`` names, the way ``lookup``
    finds one in a collection: its id; a figure it holds ("105 million", "39
    percent"); then its names, a search term or words of its names, the
    collections compared tier by tier (a name in one beats words in another).
    AmbiguousError lists the candidates; NotFoundError the closest names."""
    everything = list(sheet.all_records())
    exact = [r for r in everything if r.id == text]
    if len(exact) == 1:
        return exact[0]
    found = _by_figure(sheet, text)
    if not found:
        fits = [_fitting(sheet.records(rtype), text) for rtype in RecordType]
        best = min(tier for tier, _ in fits)
        found = [r for tier, records in fits if tier == best for r in records]
    if len(found) == 1:
        return found[0]
    if found:
        shown = ", ".join(f"{r.id} ({RECORD_TYPE[type(r)].value}: {record_name(r)})" for r in found[:6])
        more = f" and {len(found) - 6} more" if len(found) > 6 else ""
        msg = f"{text!r} could be {len(found)} records: {shown}{more}; give one of these ids"
        raise AmbiguousError(msg)
    absent = not_named(text)
    if absent is not None:
        msg = f"no record matches {text!r}: the fact sheet does not name {absent}"
        raise NotFoundError(msg)
    import difflib

    vocabulary = {fold(name): (name, r.id) for r in everything for name in _names(r)}
    close = difflib.get_close_matches(fold(text), list(vocabulary), n=6, cutoff=0.6)
    by_record = {vocabulary[c][1]: vocabulary[c] for c in reversed(close)}
    best_matches = sorted(by_record.values(), key=lambda match: close.index(fold(match[0])))[:3]
    hint = "; did you mean " + " or ".join(_describe_match(*m) for m in best_matches) + "?" if best_matches else ""
    msg = f"no record matches {text!r}{hint} (see `carsi search WORDS`)"
    raise NotFoundError(msg)


def lookup_held(sheet: FactSheet, rtype: RecordType, text: str) -> Record:
    """The one record of a collection that ``text`` names, as ``lookup_any``
    takes one: its id, then a figure it holds ("105 million", "39 percent"),
    then the ways ``lookup`` has (names, a search term, words of its names)."""
    exact = [r for r in sheet.records(rtype) if r.id == text]
    if len(exact) == 1:
        return exact[0]
    held = [r for r in _by_figure(sheet, text) if RECORD_TYPE[type(r)] is rtype]
    if not held and rtype is RecordType.STATISTIC:  # a count: "16 partner nations", "22"
        from carsi_cli.query.reading import parse

        values = {value for figure in parse(text).figures if figure.unit is None for value in figure.values}
        held = [s for s in sheet.statistics if s.unit is Unit.COUNT and s.value in values]
    if held:
        return _one(held, rtype, text)
    return lookup(sheet, rtype, text)


_PLURAL = {
    RecordType.PROGRAM: "programs",
    RecordType.AGENCY: "agencies",
    RecordType.COUNTRY: "countries",
    RecordType.ORGANIZATION: "organizations",
    RecordType.FUNDING: "funding records",
    RecordType.STATISTIC: "statistics",
    RecordType.EVENT: "events",
}


def _one(found: list[Record], rtype: RecordType, text: str) -> Record:
    if len(found) == 1:
        return found[0]
    shown = ", ".join(f"{r.id} ({record_name(r)})" for r in found[:6])
    more = f" and {len(found) - 6} more" if len(found) > 6 else ""
    msg = f"{text!r} could be {len(found)} {_PLURAL[rtype]}: {shown}{more}; give one of these ids"
    raise AmbiguousError(msg)


def _describe_match(name: str, record_id: str) -> str:
    return repr(name) if name == record_id else f"{name!r} ({record_id})"


# ---------------------------------------------------------------------------
# Programs, agencies, countries
