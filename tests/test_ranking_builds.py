"""The same corpus ranks alike however its index was built: full, or in increments."""

import json
from pathlib import Path

import pytest

from indexer.build import build_index
from search import SearchRequest, open_index

FIXTURES = Path(__file__).parent / "fixtures"
QUERIES = ["thanh tra", "dinh la thang", "title:dang", "uy ban nhan dan", "kinh te xa hoi",
           "chu tich", "ky luat canh cao", "nha o", "3800 ti", "vì sao bị bắt"]


def _ranking(index_dir) -> dict[str, list[tuple[str, float]]]:
    index = open_index(index_dir, cache_size=0)
    return {q: [(h["id"], round(h["score"], 3))
                for h in index.search(SearchRequest(q=q, hits_per_page=20))["hits"]]
            for q in QUERIES}


@pytest.fixture(scope="module")
def records():
    return (FIXTURES / "understanding.jsonl").read_text(encoding="utf-8").splitlines()


def test_incremental_build_ranks_like_a_full_build(tmp_path, records):
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(records) + "\n", encoding="utf-8")
    build_index([dump], tmp_path / "full", full=True)
    changed = json.loads(records[3])
    steps = [records[:12], [*records[:12], json.dumps({**changed, "text": "tạm"}), *records[4:20]],
             records]
    for step in steps:
        dump.write_text("\n".join(step) + "\n", encoding="utf-8")
        build_index([dump], tmp_path / "incremental")
    assert _ranking(tmp_path / "incremental") == _ranking(tmp_path / "full")
