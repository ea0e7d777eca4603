"""The index writer changed how postings are written, not what is found: rankings are pinned.

tests/fixtures/rankings_vi6.json holds the ids (in order) that the writer before posting
arrays were written straight from the analysis (vi-6) gave for each query.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.build import build_index
from search import SearchRequest, open_index

FIXTURES = Path(__file__).parent / "fixtures"
PINNED = json.loads((FIXTURES / "rankings_vi6.json").read_text(encoding="utf-8"))["rankings"]


@pytest.fixture(scope="module", params=[1, 2], ids=["one-process", "two-processes"])
def index(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("rankings") / "index"
    build_index([FIXTURES / "understanding.jsonl", FIXTURES / "ranking.jsonl"], folder,
                full=True, procs=request.param, memory_mb=0.05 * request.param)
    return open_index(folder, cache_size=0)


@pytest.mark.parametrize("query", list(PINNED))
def test_every_query_finds_what_the_earlier_writer_found(index, query):
    hits = index.search(SearchRequest(q=query, hits_per_page=20))["hits"]
    assert [hit["id"] for hit in hits] == PINNED[query]
