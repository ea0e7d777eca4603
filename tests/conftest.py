"""Shared fixtures: the ranking fixture corpus, an index built from it, a search helper."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.build import build_index
from search import SearchRequest, open_index

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
SHARED = REPO.parent / "shared"


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
