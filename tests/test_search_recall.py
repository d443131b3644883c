"""Everyday queries (tests/search_queries.yaml) must find what they mean in the
first three results; `pytest tests/test_search_recall.py -s` prints recall at 3."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from carsi_cli.model.records import FactSheet
from carsi_cli.query.search import search

QUERIES: dict[str, list[dict[str, Any]]] = yaml.safe_load(
    (Path(__file__).parent / "search_queries.yaml").read_text(encoding="utf-8")
)
CASES = [(group, item["query"], tuple(item["top3"])) for group, items in QUERIES.items() for item in items]


def top3(sheet: FactSheet, query: str) -> list[str]:
    return [hit.id for hit in search(sheet, query, limit=3).hits]


def test_there_are_at_least_forty_queries_of_every_kind() -> None:
    """Paraphrases, questions, Spanish, numbers and misspellings, forty at least, every record id real."""
    assert len(CASES) >= 40
    assert set(QUERIES) == {"paraphrases", "questions", "spanish", "numbers", "misspellings"}


@pytest.mark.parametrize(("group", "query", "wanted"), CASES, ids=[f"{g}:{q}" for g, q, _ in CASES])
@pytest.mark.slow  # a sweep: the quick tier leaves it to --slow and CI
def test_an_everyday_query_finds_what_it_means(
    sheet: FactSheet, group: str, query: str, wanted: tuple[str, ...]
) -> None:
    """Every record the query means comes in the first three results."""
    known = {record.id for record in sheet.all_records()}
    assert set(wanted) <= known, f"{group}: unknown ids in the test data"
    found = top3(sheet, query)
    assert set(wanted) <= set(found), f"{query!r}: wanted {wanted} in the first three, got {found}"


@pytest.mark.slow  # a sweep: the quick tier leaves it to --slow and CI
def test_recall_at_3(sheet: FactSheet) -> None:
    """Recall at 3 over every query: the share of wanted records found in the first three (printed with -s)."""
    wanted = found = 0
    misses = []
    for _, query, ids in CASES:
        top = top3(sheet, query)
        wanted += len(ids)
        found += sum(1 for i in ids if i in top)
        misses += [f"  {query!r}: {i} not in {top}" for i in ids if i not in top]
    recall = found / wanted
    print(f"\nrecall@3 = {found}/{wanted} = {recall:.3f} over {len(CASES)} queries")
    print("\n".join(misses))
    assert recall >= 0.95
