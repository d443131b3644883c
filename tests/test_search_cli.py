"""The search command: a query of several words without quotes, and what it
says about misspelt words it read as the model's, in every format."""

from __future__ import annotations

import json

import pytest

from conftest import Invoke


@pytest.mark.parametrize(
    "words", [["vetted", "units"], ["cocaine", "methamphetamine"], ["when", "did", "martillo", "begin"]], ids=str
)
def test_several_words_without_quotes_are_one_query(invoke: Invoke, words: list[str]) -> None:
    """`carsi search vetted units` answers as `carsi search "vetted units"` does."""
    apart = invoke("search", *words, "--format", "json")
    quoted = invoke("search", " ".join(words), "--format", "json")
    assert apart.exit_code == 0, apart.stderr
    assert json.loads(apart.stdout) == json.loads(quoted.stdout) != []


def test_blank_words_are_still_a_usage_error(invoke: Invoke) -> None:
    """Words that are all blank are a usage error, as one blank word is."""
    result = invoke("search", " ", "")
    assert result.exit_code == 2 and "must not be empty" in result.stderr


def test_a_misspelt_word_is_said_on_stderr_for_a_table(invoke: Invoke) -> None:
    """The table shows Honduras for "Hondoras" and stderr says what was read."""
    result = invoke("search", "Hondoras")
    assert result.exit_code == 0
    assert "honduras" in result.stdout
    assert "Showing results for Honduras (read 'hondoras' as 'Honduras')." in result.stderr


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_json_stays_a_list_and_the_reading_goes_to_stderr(invoke: Invoke, fmt: str) -> None:
    """A corrected query keeps JSON a list of hits (no extra field) and says on stderr what it read."""
    result = invoke("search", "Hondoras", "--format", fmt)
    assert result.exit_code == 0
    if fmt == "json":
        hits = json.loads(result.stdout)
        assert isinstance(hits, list) and hits[0]["id"] == "honduras"
        assert set(hits[0]) == set(json.loads(invoke("search", "Honduras", "--format", "json").stdout)[0])
    assert result.stderr.startswith("Showing results for Honduras")


def test_an_exact_query_says_nothing_on_stderr_in_json(invoke: Invoke) -> None:
    """No misspelling, no note: stderr stays empty for JSON."""
    assert invoke("search", "Honduras", "--format", "json").stderr == ""
