"""A build held to a small memory setting writes more segments, and the same index."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_ranking_builds import _ranking
from test_termarrays import array_postings
from whoosh.filedb.filestore import FileStorage

from indexer.build import build_index
from search.store import current_generation

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = [FIXTURES / "understanding.jsonl", FIXTURES / "ranking.jsonl"]


def _stored(folder: Path) -> dict[str, dict]:
    """Return every stored document by id."""
    with FileStorage(str(folder)).open_index().searcher() as searcher:
        return {fields["id"]: fields for fields in searcher.all_stored_fields()}


def _segments(folder: Path) -> int:
    return len(FileStorage(str(folder)).open_index()._segments())


@pytest.fixture(scope="module")
def unbounded(tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("unbounded") / "index"
    build_index(CORPUS, index_dir, full=True, procs=1, memory_mb=1024)
    return index_dir


@pytest.mark.parametrize("procs", [1, 2], ids=["one-process", "two-processes"])
def test_a_small_memory_setting_gives_the_same_index_in_more_segments(tmp_path, unbounded, procs):
    bounded = tmp_path / "index"
    build_index(CORPUS, bounded, full=True, procs=procs, memory_mb=0.05)  # ~9 kB a worker
    small, large = current_generation(bounded), current_generation(unbounded)
    assert _segments(large) == 1 and _segments(small) > 4
    assert _stored(small) == _stored(large)
    assert array_postings(small) == array_postings(large)
    assert _ranking(bounded) == _ranking(unbounded)
