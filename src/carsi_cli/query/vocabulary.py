"""The words of a model, for reading a misspelt query and for "did you mean".

The index keeps every word of four or more letters its records write (folded,
with how it is written, and whether it is part of a name or search term); see
``ftsindex.record_words``. A search reads that table once, however many of
its words are unknown (building a vocabulary for each unknown word made a long
query take time in words times records), and compares with RapidFuzz, whose
edit distances run in C: 200 words against the 70,000 of a 10,000-program model
take milliseconds where difflib took 15 s. RapidFuzz is imported only when a
word has no exact hit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from carsi_cli.model.text import fold

if TYPE_CHECKING:
    import sqlite3

SUGGESTED_WORDS = 5
"""At most this many unknown words of one query get suggestions: a person reads a
few, and a query of thousands of unknown words should not cost thousands of looks."""
CORRECTED_WORDS = 10
"""At most this many words of one query are read as misspellings; the others with no
hit are unknown. A person misspells a few words; a query of 200 unknown words on a
10,000-program model took 6 s when every one was compared with its 70,000 words."""
SHORTEST = 4
"""A word shorter than this is never read as another: too many words are one letter apart."""
COMMON = 3.0
"""A word at least this common in English (on wordfreq's Zipf scale: once per
million words) is a word of its own, never read as a misspelling of the model's
word it is close to ("abroad" is not "broad")."""


def english(word: str) -> bool:
    """Whether ``word`` (folded) is a common English word (wordfreq's small list, Zipf ``COMMON`` or more).

    Asked only of a word that has no hit and is close to a word of the model:
    wordfreq's import and its list cost about 190 ms, on that path only.
    """
    from wordfreq import zipf_frequency

    return bool(zipf_frequency(word, "en", wordlist="small") >= COMMON)


class Vocabulary:
    """A model's words (folded), those that are parts of names, and how each is written."""

    def __init__(self, rows: Iterable[tuple[str, int]], spell: Callable[[str], str]) -> None:
        """``rows``: (folded, whether part of a name), in order; ``spell``: how a folded word is written."""
        self.spelled = spell
        self.named: set[str] = set()
        self._words: list[str] = []
        # by length: a word is compared only with those it could be within reach of
        self._names_by_length: dict[int, list[str]] = {}
        self._words_by_length: dict[int, list[str]] = {}
        for key, named in rows:
            if named:
                self.named.add(key)
                self._names_by_length.setdefault(len(key), []).append(key)
            if " " not in key:
                self._words.append(key)
                self._words_by_length.setdefault(len(key), []).append(key)

    @classmethod
    def read(cls, db: sqlite3.Connection, types: Sequence[int]) -> Vocabulary:
        """The vocabulary of the records of these types (their places in ``RecordType``).

        Only the folded words are read whole (SQLite groups and sorts them); how
        one is written is looked up when it is shown.
        """
        marks = ", ".join("?" * len(types))
        rows = db.execute(
            f"select key, max(named) from words where type in ({marks}) group by key order by key", list(types)
        )

        def spell(key: str) -> str:
            found = db.execute(
                f"select written from words where key = ? and type in ({marks}) order by named desc limit 1",
                [key, *types],
            ).fetchone()
            return str(found[0]) if found else key

        return cls(rows, spell)

    def _of_length(self, table: dict[int, list[str]], low: float, high: float) -> list[str]:
        return [key for length, keys in table.items() if low <= length <= high for key in keys]

    def close(self, needle: str, n: int = 5) -> tuple[str, ...]:
        """The names closest to ``needle``, as written, best first (difflib's ratio, 0.7 or more)."""
        from rapidfuzz import fuzz, process

        folded = fold(needle)
        # a ratio of 0.7 (2 * common / total length) needs lengths within 0.7/1.3 of each other
        near = self._of_length(self._names_by_length, len(folded) * 0.7 / 1.3, len(folded) * 1.3 / 0.7)
        found = process.extract(folded, near, scorer=fuzz.ratio, score_cutoff=70, limit=n)
        return tuple(dict.fromkeys(self.spelled(key) for key, _, _ in found))

    def suggest(self, words: Sequence[str]) -> tuple[str, ...]:
        """The names close to any of the first ``SUGGESTED_WORDS`` distinct ``words``."""
        wanted = list(dict.fromkeys(words))[:SUGGESTED_WORDS]
        return tuple(dict.fromkeys(s for word in wanted for s in self.close(word)))

    def begins(self, start: str) -> bool:
        """Whether a word of the model begins with ``start`` (folded)."""
        import bisect

        at = bisect.bisect_left(self._words, start)
        return at < len(self._words) and self._words[at].startswith(start)

    def correct(self, word: str) -> str | None:
        """The word of the model ``word`` is most likely a misspelling of: one edit
        away (a letter wrong, missing, doubled or two swapped) for words of 4 or 5
        letters, two for longer ones; a name's word before another, then the
        first in order. None if there is none, or ``word`` is too short."""
        if len(word) < SHORTEST:
            return None
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        most = 1 if len(word) <= 5 else 2
        near = self._of_length(self._words_by_length, len(word) - most, len(word) + most)
        found = process.extract(word, near, scorer=OSA.distance, score_cutoff=most, limit=20)
        if not found:
            return None
        best = min(found, key=lambda f: (f[1], f[0] not in self.named, f[0]))
        return str(best[0])
