"""Irregular English forms of a word, for reading a query: "met" finds "meeting".

The index stems with Porter's algorithm, which finds "trained" from "training"
but cannot know that "met" is a form of "meet", "led" of "lead" or "sought" of
"seek". This table holds the common irregular verbs of English, each lemma
with its irregular past and participle, written from a grammar's list, not
from any query set; a query word that is one of these forms is read as any of
them (``forms``), whichever the text writes. Left out are the forms that are
also other common words, which would find the wrong thing: "found" (to found),
"bound", "left" (a side), "saw" and "felt" (nouns), "lay", "lit", "rose", "ground",
"bore", "fell", "wound", "spoke" and "might". A form that Porter already gives
the lemma's stem ("hidden" is not one: "hid", "hide") is not listed.

No library does this cheaply: lemminflect needs NumPy and simplemma loads a
dictionary of every English word on first use, for what this table does for
the few words that need it. Pure; a dictionary lookup per query word.
"""

from __future__ import annotations

from functools import cache

IRREGULAR: dict[str, tuple[str, ...]] = {
    "arise": ("arose", "arisen"),
    "be": ("was", "were", "been"),
    "become": ("became",),
    "begin": ("began", "begun"),
    "break": ("broke", "broken"),
    "bring": ("brought",),
    "build": ("built",),
    "buy": ("bought",),
    "catch": ("caught",),
    "choose": ("chose", "chosen"),
    "come": ("came",),
    "deal": ("dealt",),
    "do": ("did", "done"),
    "draw": ("drew", "drawn"),
    "drive": ("drove", "driven"),
    "eat": ("ate", "eaten"),
    "fight": ("fought",),
    "fly": ("flew", "flown"),
    "forbid": ("forbade", "forbidden"),
    "forget": ("forgot", "forgotten"),
    "freeze": ("froze", "frozen"),
    "get": ("got", "gotten"),
    "give": ("gave", "given"),
    "go": ("went", "gone"),
    "grow": ("grew", "grown"),
    "have": ("had",),
    "hear": ("heard",),
    "hide": ("hid", "hidden"),
    "hold": ("held",),
    "keep": ("kept",),
    "know": ("knew", "known"),
    "lead": ("led",),
    "lend": ("lent",),
    "lose": ("lost",),
    "make": ("made",),
    "mean": ("meant",),
    "meet": ("met",),
    "oversee": ("oversaw", "overseen"),
    "pay": ("paid",),
    "ride": ("rode", "ridden"),
    "rise": ("risen",),
    "run": ("ran",),
    "say": ("said",),
    "see": ("seen",),
    "seek": ("sought",),
    "sell": ("sold",),
    "send": ("sent",),
    "shake": ("shook", "shaken"),
    "shoot": ("shot",),
    "sit": ("sat",),
    "speak": ("spoken",),
    "spend": ("spent",),
    "stand": ("stood",),
    "steal": ("stole", "stolen"),
    "strike": ("struck",),
    "swear": ("swore", "sworn"),
    "take": ("took", "taken"),
    "teach": ("taught",),
    "tell": ("told",),
    "think": ("thought",),
    "throw": ("threw", "thrown"),
    "undergo": ("underwent", "undergone"),
    "understand": ("understood",),
    "undertake": ("undertook", "undertaken"),
    "win": ("won",),
    "withdraw": ("withdrew", "withdrawn"),
    "write": ("wrote", "written"),
}
"""Each lemma and its irregular forms (those Porter's stemmer does not bring to the lemma)."""


@cache
def _groups() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for lemma, irregular in IRREGULAR.items():
        group = (lemma, *irregular)
        for word in group:
            table[word] = group
    return table


def forms(word: str) -> tuple[str, ...]:
    """``word`` (folded) and its other forms, if it is an irregular one: "met" -> ("met", "meet")."""
    group = _groups().get(word)
    if group is None:
        return (word,)
    return (word, *(other for other in group if other != word))
