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
* ``ALSO``: the text's own words that also find its other words for the same
  thing ("police" finds "law enforcement" too); the word is kept, not replaced.

Written from the themes the fact sheet names (drugs, trafficking of people and
arms, money, gangs, customs, coast guards, youth at risk, police, borders, courts), not
from any query set. The stemmer is imported only when a query has a word that
may be one of these.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    # The text's own nouns for drugs, their use and treatment, and the means of
    # interdiction (ports, vessels, aircraft, navies, immigration), in Spanish.
    "droga": "drugs",
    "estupefaciente": "drugs",
    "cocaina": "cocaine",
    "metanfetamina": "methamphetamine",
    "tratamiento": "treatment",
    "rehabilitacion": "rehabilitation",
    "educacion": "education",
    "reduccion": "reducing",
    "demanda": "demand",
    "violencia": "violence",
    "delito": "crime",
    "crimen": "crime",
    "migracion": "immigration",
    "inmigracion": "immigration",
    "marina": "navies",
    "armada": "navies",
    "buque": "vessels",
    "embarcacion": "vessels",
    "lancha": "vessels",
    "aeronave": "aircraft",
    "pasajero": "passengers",
    "puerto": "ports",
    "inteligencia": "intelligence",
    "seguridad ciudadana": "citizen security",
    "comunidades marginadas": "marginalized communities",
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
    "drug smuggling": "drug trafficking",
    "meth": "methamphetamine",
    "airports": "airport",
    # the justice system: the text writes of "judicial" and "prosecutorial" capacity
    "judge": "judicial",
    "judges": "judicial",
    "court": "judicial",
    "courts": "judicial",
    "prosecutor": "prosecutorial",
    "prosecutors": "prosecutorial",
    "prosecution": "prosecutorial",
}

ALSO: dict[str, tuple[str, ...]] = {
    "police": ("law enforcement",),
    "vessels": ("ships",),
    "ships": ("vessels",),
}
"""Words the text writes that also find its other words for the same thing: it says
"law enforcement" where people say "police" (its one "police" is "national police
forces"), and both "vessels" and "ships". Found either way, as irregular forms are."""


def also(word: str) -> tuple[str, ...]:
    """The text's other words for ``word`` (folded), if it has some."""
    return ALSO.get(word, ())


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
def _spanish() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """The Spanish entries as stems, by the stem of their first word, longest first."""
    return _by_first([(_stem(key.split()), words) for key, words in SPANISH.items()])


@cache
def _everyday() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    return _by_first([(tuple(key.split()), words) for key, words in EVERYDAY.items()])


def _by_first(entries: list[tuple[tuple[str, ...], str]]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for key, words in sorted(entries, key=lambda e: -len(e[0])):
        table.setdefault(key[0], []).append((key, words))
    return table


def read(tokens: Sequence[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """``tokens`` (folded) with each theme word or phrase replaced by the text's words,
    and (phrase as typed, words read) for each replacement.

    Only a word that may begin an entry is stemmed, each distinct word once: a
    query of 16,000 words stemmed whole took 2.6 s."""
    out = _replace(list(tokens), _everyday(), lambda word: word, lambda word: True)
    if not any(word[:4] in _heads() for word in out[0]):
        return out  # no word that may be Spanish for a theme: the stemmer is not imported
    stems: dict[str, str] = {}

    def stem(word: str) -> str:
        if word not in stems:
            stems[word] = _stem([word])[0]
        return stems[word]

    return _replace(out[0], _spanish(), stem, lambda word: word[:4] in _heads(), out[1])


def _replace(
    tokens: list[str],
    table: dict[str, list[tuple[tuple[str, ...], str]]],
    form: Callable[[str], str],
    may_begin: Callable[[str], bool],
    done: list[tuple[str, str]] | None = None,
) -> tuple[list[str], list[tuple[str, str]]]:
    done = [] if done is None else done
    result: list[str] = []
    i = 0
    while i < len(tokens):
        for key, words in table.get(form(tokens[i]), []) if may_begin(tokens[i]) else []:
            following = tokens[i : i + len(key)]
            same = " ".join(following) == words  # "crime" stems as Spanish "crimen": it is the text's word already
            whole = len(following) == len(key) and all(form(t) == k for t, k in zip(following, key, strict=True))
            if whole and not same:
                done.append((" ".join(following), words))
                result += words.split()
                i += len(key)
                break
        else:
            result.append(tokens[i])
            i += 1
    return result, done
