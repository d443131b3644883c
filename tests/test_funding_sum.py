"""`funding --sum`: the sum carsi refuses to state, shown only when asked, with every reason it may mislead."""

from __future__ import annotations

import json

import pytest

from carsi_cli.model.money import dollars
from conftest import run_carsi


def _figures(*args: str) -> list[dict[str, object]]:
    result = run_carsi("funding", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    figures: list[dict[str, object]] = json.loads(result.stdout)
    return figures


@pytest.mark.parametrize("args", [("--program", "carsi"), ("--fy", "2012"), ()], ids=["carsi", "fy2012", "all"])
def test_sum_adds_what_is_shown_and_says_why_it_may_mislead(args: tuple[str, ...]) -> None:
    """Piped, the sum of the figures listed (as their JSON gives them) is on stderr with the reasons
    carsi gives for not totalling them; without --sum it is nowhere."""
    figures = _figures(*args)
    added = dollars(sum(int(f["amount_usd"]) for f in figures))  # type: ignore[call-overload]
    plain = run_carsi("funding", *args)
    asked = run_carsi("funding", *args, "--sum")
    assert asked.exit_code == 0 and asked.stdout == plain.stdout  # the rows are the same
    reasons = next(line for line in plain.stderr.splitlines() if line.startswith("No total: "))
    said = next(line for line in asked.stderr.splitlines() if "added anyway" in line)
    assert f"add up to {added}" in said
    assert said.endswith("This sum may mislead: " + reasons.removeprefix("No total: "))
    assert added not in plain.stderr


def test_a_lower_bound_stays_a_lower_bound() -> None:
    """Adding a "more than" figure gives a floor, and a per-year rate is named as the reason not to add it."""
    said = run_carsi("funding", "--sum").stderr
    assert "(a lower bound)" in said
    assert "a per-year rate is not a sum" in said


def test_json_carries_the_sum_note_on_each_row() -> None:
    rows = _figures("--program", "carsi", "--sum")
    assert rows and all(any("added anyway" in note for note in row["notes"]) for row in rows)  # type: ignore[attr-defined]


def test_a_sound_total_is_the_same_with_or_without_sum() -> None:
    """Where adding is sound (one figure or none to refuse), --sum changes nothing."""
    plain = run_carsi("funding", "--program", "group-of-friends")
    asked = run_carsi("funding", "--program", "group-of-friends", "--sum")
    assert (asked.stdout, asked.stderr) == (plain.stdout, plain.stderr)
