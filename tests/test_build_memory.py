"""A full build's writer processes: a small memory setting writes postings in runs and gives
the same index, byte for byte in its arrays; a failed or dead writer process publishes
nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_ranking_builds import _ranking
from test_termarrays import array_postings
from whoosh.filedb.filestore import FileStorage

import indexer.segmentpool
import indexer.segments
from indexer.accentcounts import RUN_PREFIX, merged_tables
from indexer.arrayruns import RUN_PREFIX as POSTINGS_RUN_PREFIX
from indexer.arrayruns import merge_runs
from indexer.build import build_index
from indexer.segmentpool import WriterFailed
from search.schema import index_fields
from search.store import MODEL_FILE, current_generation
from search.termarrays import SUFFIX

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = [FIXTURES / "understanding.jsonl", FIXTURES / "ranking.jsonl"]


def _stored(folder: Path) -> dict[str, dict]:
    """Return every stored document by id."""
    with FileStorage(str(folder)).open_index().searcher() as searcher:
        return {fields["id"]: fields for fields in searcher.all_stored_fields()}


def _segments(folder: Path) -> int:
    return len(FileStorage(str(folder)).open_index()._segments())


def _arrays_files(folder: Path) -> list[bytes]:
    """Return the bytes of every segment's arrays file, sorted."""
    return sorted(path.read_bytes() for path in folder.glob(f"*{SUFFIX}"))


@pytest.fixture(scope="module")
def unbounded(tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("unbounded") / "index"
    build_index(CORPUS, index_dir, full=True, procs=1, memory_mb=1024)
    return index_dir


@pytest.mark.parametrize("procs", [1, 2], ids=["one-process", "two-processes"])
def test_a_small_memory_setting_writes_runs_and_gives_the_same_index(tmp_path, unbounded, procs,
                                                                     monkeypatch):
    runs, merges = [], tmp_path / "merges"  # a file: the workers are other processes

    def merged(shards, budget):
        runs.append(sum(len(shard.runs) for shard in shards))
        return merged_tables(shards, budget)

    def merged_runs(paths, arrays_file):
        with merges.open("a") as record:
            record.write(f"{len(paths)}\n")
        return merge_runs(paths, arrays_file)

    monkeypatch.setattr(indexer.segmentpool, "merged_tables", merged)
    monkeypatch.setattr(indexer.segments, "merge_runs", merged_runs)
    bounded = tmp_path / "index"
    build_index(CORPUS, bounded, full=True, procs=procs, memory_mb=0.05)  # ~9 kB a worker
    small, large = current_generation(bounded), current_generation(unbounded)
    assert _segments(large) == 1 and _segments(small) == 1  # the corpus fits one batch
    merged_counts = [int(line) for line in merges.read_text().split()]
    assert len(merged_counts) == 1 and merged_counts[0] > 4  # postings written to runs, merged
    assert runs[0] > 8 * procs  # the accent counts were written to runs and merged
    assert (small / MODEL_FILE).read_bytes() == (large / MODEL_FILE).read_bytes()
    assert _arrays_files(small) == _arrays_files(large)
    assert _stored(small) == _stored(large)
    assert array_postings(small) == array_postings(large)
    assert _ranking(bounded) == _ranking(unbounded)
    assert list(bounded.rglob(f"{POSTINGS_RUN_PREFIX}*")) == []


def test_each_writer_process_writes_one_segment_whatever_the_memory_setting(tmp_path,
                                                                          monkeypatch):
    monkeypatch.setattr(indexer.segmentpool, "BATCH", 10)  # both workers get batches
    index_dir = tmp_path / "index"
    build_index(CORPUS, index_dir, full=True, procs=2, memory_mb=0.05)
    assert _segments(current_generation(index_dir)) == 2


def test_a_build_leaves_no_run_of_accent_counts(unbounded):
    assert list(unbounded.rglob(f"{RUN_PREFIX}*")) == []


def _failing(document):
    """Stand in for index_fields: fail on one article, in the worker process."""
    if document["id"] == "vietnews:test:014422":
        raise ValueError("boom")
    return index_fields(document)


def _dying(document):
    """Stand in for index_fields: end the worker process at one article, as the OOM killer would."""
    if document["id"] == "vietnews:test:014422":
        os._exit(9)
    return index_fields(document)


@pytest.mark.parametrize("stand_in, message", [
    (_failing, "An index writer process failed; the served index is unchanged. Report this "
               "error:\nTraceback"),
    (_dying, "An index writer process died (exit code 9); the served index is unchanged. If "
             "memory ran out, lower the build_memory_mb setting."),
], ids=["raises", "dies"])
def test_a_failed_writer_process_leaves_the_served_index_alone(tmp_path, monkeypatch, stand_in,
                                                                message):
    index_dir = tmp_path / "index"
    build_index(CORPUS[1:], index_dir, full=True)
    served = current_generation(index_dir)
    monkeypatch.setattr(indexer.segments, "index_fields", stand_in)  # forked workers inherit it
    with pytest.raises(WriterFailed) as failure:
        build_index(CORPUS, index_dir, full=True, procs=2)
    assert str(failure.value).startswith(message)
    assert current_generation(index_dir) == served
    assert [p.name for p in index_dir.iterdir() if p.name.startswith("tmp-")] == []
