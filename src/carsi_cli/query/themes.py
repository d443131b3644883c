"""Words people search with that the fact sheet does not write, read as words it does.

Two small vocabularies, each entry pointing at words the text writes
(tests/test_search_themes.py checks every target against the source text):

* ``SPANISH``: the text's themes in Spanish, matched through Snowball's Spanish
  stemmer (``snowballstemmer``) after accents are folded, so "narcotráfico",
  "narcotraficantes" and "pandilla" are read as "drug trafficking", "drug
  trafficking" and "gangs". Record names in Spanish are the model's own
  ``translations``; these are the themes between them.
* ``EVERYDAY``: English words for the same things ("guns", "kids", "cartels"),
  matched as written, singular or plural.

Written from the themes the fact sheet names (drugs, trafficking of people and
arms, money, gangs, customs, coast guards, youth at risk, police, borders), not
from any query set. The stemmer is imported only when a query has a word that
may be one of these.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

SPANISH: dict[str, str] = {
    "narcotrafico": "drug trafficking",
    "trafico de drogas": "drug trafficking",
    "trafico de armas": "weapons trafficking",
    "armas de fuego": "firearms",
    "trata de personas": "human trafficking",
    "trafico de personas": "human smuggling",
    "contrabando de efectivo": "bulk cash smuggling",
    "pandilla": "gangs",
    "mara": "gangs",
    "crimen organizado": "organized crime",
    "delincuencia organizada": "organized crime",
    "aduana": "customs",
    "guardacostas": "coast guards",
    "guardia costera": "coast guards",
    "jovenes en riesgo": "at-risk youth",
    "juventud en riesgo": "at-risk youth",
    "policia": "police",
    "frontera": "border",
    "aeropuerto": "airport",
    "embajada": "embassies",
    "consumo de drogas": "drug use",
    "prevencion": "prevention",
    "decomiso de bienes": "asset forfeiture",
    "estado de derecho": "rule of law",
}
EVERYDAY: dict[str, str] = {
    "cartel": "criminal organizations",
    "cartels": "criminal organizations",
    "kids": "youth",
    "teenagers": "youth",
    "young people": "youth",
    "gun": "firearms",
    "guns": "firearms",
    "boat": "vessels",
    "boats": "vessels",
    "plane": "aircraft",
    "planes": "aircraft",
    "cops": "police",
    "meth": "methamphetamine",
    "airports": "airport",
}


@cache
def _stemmer() -> object:
    from snowballstemmer.spanish_stemmer import SpanishStemmer

    return SpanishStemmer()


def _stem(words: Sequence[str]) -> tuple[str, ...]:
    stemmer = _stemmer()
    return tuple(stemmer.stemWord(w) for w in words)  # type: ignore[attr-defined]


@cache
def _heads() -> frozenset[str]:
    """The first four letters of each Spanish entry's first word: a query with none of them is not stemmed."""
    return frozenset(key.split()[0][:4] for key in SPANISH)


@cache
def _spanish() -> tuple[tuple[tuple[str, ...], str], ...]:
    """The Spanish entries as stems, longest first."""
    entries = [(_stem(key.split()), words) for key, words in SPANISH.items()]
    return tuple(sorted(entries, key=lambda e: -len(e[0])))


@cache
def _everyday() -> tuple[tuple[tuple[str, ...], str], ...]:
    return tuple(sorted(((tuple(k.split()), v) for k, v in EVERYDAY.items()), key=lambda e: -len(e[0])))


def read(tokens: Sequence[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """``tokens`` (folded) with each theme word or phrase replaced by the text's words,
    and (phrase as typed, words read) for each replacement."""
    out = list(tokens)
    done: list[tuple[str, str]] = []
    for table, stemmed in ((_everyday, False), (_spanish, True)):
        if stemmed and not any(t[:4] in _heads() for t in out):
            continue  # no word that may be Spanish for a theme: the stemmer is not imported
        entries = table()
        seen = _stem(out) if stemmed else tuple(out)
        i = 0
        result: list[str] = []
        while i < len(out):
            for key, words in entries:
                if tuple(seen[i : i + len(key)]) == key:
                    done.append((" ".join(out[i : i + len(key)]), words))
                    result += words.split()
                    i += len(key)
                    break
            else:
                result.append(out[i])
                i += 1
        out = result
    return out, done
