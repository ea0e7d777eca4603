"""Shared fixtures: the ranking fixture corpus, an index built from it, a search helper."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.build import build_index
from search import SearchRequest, open_index

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def ranking_index_dir(tmp_path_factory) -> Path:
    """Return an index folder built from tests/fixtures/ranking.jsonl."""
    index_dir = tmp_path_factory.mktemp("ranking-index")
    build_index([FIXTURES / "ranking.jsonl"], index_dir, full=True)
    return index_dir


@pytest.fixture(scope="session")
def ranking_index(ranking_index_dir):
    """Return the search API opened on the ranking fixture index."""
    return open_index(ranking_index_dir, cache_size=0)


@pytest.fixture(scope="session")
def search_ids(ranking_index):
    """Return a function giving the ids of the hits of a query, best first."""
    def ids(q: str, **params) -> list[str]:
        result = ranking_index.search(SearchRequest(q=q, hits_per_page=50, **params))
        return [hit["id"] for hit in result["hits"]]
    return ids


@pytest.fixture(scope="session")
def understanding_index(tmp_path_factory):
    """Return the search API over tests/fixtures/understanding.jsonl: real party_all articles
    (first 1 500 characters) chosen for phrases, abbreviations, numbers, places, questions,
    role modifiers and typos, plus one near-copy and two different pages sharing a title."""
    index_dir = tmp_path_factory.mktemp("understanding-index")
    build_index([FIXTURES / "understanding.jsonl"], index_dir, full=True)
    return open_index(index_dir, cache_size=0)


@pytest.fixture(scope="session")
def understand(understanding_index):
    """Return a function giving the whole result of a query over the understanding fixture."""
    def result(q: str, **params) -> dict:
        return understanding_index.search(SearchRequest(q=q, hits_per_page=20, **params))
    return result


@pytest.fixture(scope="session")
def keywords_index(tmp_path_factory):
    """Return the search API over tests/fixtures/keywords.jsonl: real party_all articles
    on PMU 18 and the transport ministry (codes written "PMU18", "PMU 18", "GT-VT",
    "GTVT"), on the Central Committee's plenums (numbered names: "Trung ương 8", "khoá
    XII") and on the 12th Party Congress (a long keyword query)."""
    index_dir = tmp_path_factory.mktemp("keywords-index")
    build_index([FIXTURES / "keywords.jsonl"], index_dir, full=True)
    return open_index(index_dir, cache_size=0)
