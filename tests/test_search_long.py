"""Long queries: a search's cost must not grow with unknown words times records."""

from __future__ import annotations

import random
import string
import time

import pytest

from carsi_cli.model.records import FactSheet
from carsi_cli.query import vocabulary
from carsi_cli.query.search import search
from conftest import carsi_process


def unknown_words(count: int, seed: int = 7) -> list[str]:
    """Made-up words of eight letters that no record holds."""
    rng = random.Random(seed)
    return ["".join(rng.choice(string.ascii_lowercase) for _ in range(8)) + "q" for _ in range(count)]


def test_the_did_you_mean_vocabulary_is_built_once_per_search(
    sheet: FactSheet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """200 unknown words (and one known) build the vocabulary of names once, not once a word."""
    builds = []
    real = vocabulary.Vocabulary.__init__

    def counting(self: vocabulary.Vocabulary, *args: object) -> None:
        builds.append(1)
        real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(vocabulary.Vocabulary, "__init__", counting)
    words = unknown_words(200)
    result = search(sheet, " ".join(["martillo", *words]))
    assert set(words) <= set(result.unknown)
    assert len(builds) == 1


def test_a_128_kb_query_on_the_bundled_model_finishes_in_seconds() -> None:
    """A query of 128 KB of unknown words ends (no match, exit 0) well under ten seconds."""
    text = " ".join(unknown_words(15000))[:128_000]  # 128 kB: one argument may hold at most 128 KiB
    started = time.monotonic()
    done = carsi_process(["search", text], timeout=30)
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-500:]
    assert "No record matches" in done.stderr
    assert elapsed < 10, f"took {elapsed:.1f} s"


def test_only_the_first_few_unknown_words_are_looked_up_as_misspellings(
    sheet: FactSheet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """200 unknown words cost CORRECTED_WORDS edit-distance look-ups, not 200."""
    looked: list[str] = []
    real = vocabulary.Vocabulary.correct

    def counting(self: vocabulary.Vocabulary, word: str) -> str | None:
        looked.append(word)
        return real(self, word)

    monkeypatch.setattr(vocabulary.Vocabulary, "correct", counting)
    search(sheet, " ".join(unknown_words(200)))
    assert len(looked) == vocabulary.CORRECTED_WORDS
