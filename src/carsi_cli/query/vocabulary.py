"""The words a model names things by, for "did you mean": built once per search.

A search whose words no record holds suggests the names and search terms
closest to them ("martilo" -> "Martillo"). The vocabulary is collected from the
records once, however many words are unknown: building it again for each word
made a query of many unknown words take time in words times records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from carsi_cli.model.records import Record, names
from carsi_cli.model.text import fold

SUGGESTED_WORDS = 20
"""At most this many unknown words of one query get suggestions: a person reads a
few, and a query of thousands of unknown words should not cost thousands of looks."""


@cache
def _word() -> re.Pattern[str]:
    return re.compile(r"\w[\w'’.-]*\w|\w")


class Vocabulary:
    """Folded names, search terms and their words of 4+ letters, each with how it is written."""

    def __init__(self, records: Iterable[Record]) -> None:
        spelled: dict[str, str] = {}
        for record in records:
            known = [*names(record), *record.search_terms]
            for translated in getattr(record, "translations", {}).values():
                known += translated
            for name in known:
                spelled.setdefault(fold(name), name)
                for word in _word().findall(name):
                    if len(word) >= 4:
                        spelled.setdefault(fold(word), word)
        self.spelled = spelled
        self._keys = list(spelled)

    def close(self, needle: str, n: int = 5) -> tuple[str, ...]:
        """The names closest to ``needle``, as written, best first."""
        import difflib

        found = difflib.get_close_matches(fold(needle), self._keys, n=n, cutoff=0.7)
        return tuple(dict.fromkeys(self.spelled[c] for c in found))

    def suggest(self, words: Sequence[str]) -> tuple[str, ...]:
        """The names close to any of the first ``SUGGESTED_WORDS`` distinct ``words``."""
        wanted = list(dict.fromkeys(words))[:SUGGESTED_WORDS]
        return tuple(dict.fromkeys(s for word in wanted for s in self.close(word)))
