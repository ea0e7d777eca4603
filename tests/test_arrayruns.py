"""Runs of a segment's posting arrays merge into the file one write of them all gives."""

from __future__ import annotations

import random
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

import indexer.arrayruns
from indexer.arrayruns import RUN_PREFIX, merge_runs, run_file
from search.termarrays import ARRAY_FIELDS, POSITION_FIELDS, FieldArrays, TermArrays, write_arrays

WORDS = ["của", "và", "đảng", "bộ", "tỉnh", "ủy", "hà_nội", "x" * 70_000, "ánh", "ẩn", "z"]


def _documents(seed: int, count: int) -> list[dict[str, list[str]]]:
    """Return documents as each field's words, drawn with a seed."""
    draw = random.Random(seed)
    return [{field: draw.choices(WORDS, k=draw.randint(0, 40)) for field in ARRAY_FIELDS}
            for _ in range(count)]


def _arrays(documents: list[dict], first: int, field: str) -> FieldArrays:
    """Return a field's postings of documents numbered from first on, as a writer would."""
    held: dict[str, dict[int, list[int]]] = {}
    for number, document in enumerate(documents, first):
        for position, word in enumerate(document[field]):
            held.setdefault(word, {}).setdefault(number, []).append(position * 300)
    terms = sorted(held)
    postings = [(doc, places) for term in terms for doc, places in held[term].items()]
    counts = [len(held[term]) for term in terms]
    positions = np.array([p for _, places in postings for p in places], dtype=np.uint32)
    return FieldArrays(terms, np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
                       np.array([doc for doc, _ in postings], dtype=np.int32),
                       np.array([len(places) for _, places in postings], dtype=np.int64),
                       positions if field in POSITION_FIELDS else None)


def _write(path: Path, documents: list[dict], first: int) -> Path:
    write_arrays(path, [(field, _arrays(documents, first, field)) for field in ARRAY_FIELDS])
    return path


@pytest.mark.parametrize("piece, chunk, slices", [(1 << 16, 1 << 20, 80), (7, 3, 80),
                                                   (1 << 16, 1 << 20, 0), (7, 3, 0),
                                                   (1 << 16, 1 << 20, 1 << 62)],
                         ids=["default-sizes", "tiny-pieces-and-chunks", "every-stretch-sliced",
                              "sliced-in-tiny-pieces-and-chunks", "every-value-taken"])
def test_merged_runs_equal_one_write_of_every_document_byte_for_byte(tmp_path, monkeypatch,
                                                                     piece, chunk, slices):
    monkeypatch.setattr(indexer.arrayruns, "PIECE_BYTES", piece)
    monkeypatch.setattr(indexer.arrayruns, "CHUNK", chunk)
    monkeypatch.setattr(indexer.arrayruns, "SLICE_VALUES", slices)
    documents = _documents(1, 60)
    whole = _write(tmp_path / "whole.vpt", documents, 0)
    target = tmp_path / "MAIN_x.vpt"
    bounds = [0, 5, 5, 31, 60]  # an empty run among them
    runs = [_write(run_file(target, k), documents[low:high], low)
            for k, (low, high) in enumerate(pairwise(bounds))]
    merge_runs(runs, target)
    assert target.read_bytes() == whole.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(RUN_PREFIX)) == \
        sorted(p.name for p in runs)  # the merge's own part files are gone; runs are the caller's


def test_a_merge_widens_frequencies_and_positions_to_the_widest_run(tmp_path):
    small = [{field: ["a"] for field in ARRAY_FIELDS}]
    large = [{field: ["a"] * 300 for field in ARRAY_FIELDS}]
    target = tmp_path / "MAIN_x.vpt"
    runs = [_write(run_file(target, 0), small, 0), _write(run_file(target, 1), large, 1)]
    merge_runs(runs, target)
    merged = TermArrays(target)
    ids, frequencies = merged.postings("body_f", 0)
    assert ids.tolist() == [0, 1] and frequencies.tolist() == [1, 300]
    assert merged.positions("body_f", 0).max() == 299 * 300


def test_a_failed_merge_leaves_no_part_file(tmp_path, monkeypatch):
    target = tmp_path / "MAIN_x.vpt"
    runs = [_write(run_file(target, 0), _documents(2, 5), 0)]

    def failing(*args):
        raise OSError("disk full")

    monkeypatch.setattr(indexer.arrayruns, "write_parts", failing)
    with pytest.raises(OSError):
        merge_runs(runs, target)
    assert [p.name for p in tmp_path.iterdir()] == [runs[0].name]


def test_runs_whose_terms_barely_overlap_merge_as_one_write(tmp_path, monkeypatch):
    monkeypatch.setattr(indexer.arrayruns, "PIECE_BYTES", 40)  # a few terms a piece
    draw = random.Random(3)
    vocabulary = sorted(f"w{n:04d}" for n in range(400))
    documents = []
    for low in (0, 150, 300):  # each run draws mostly from its own part of the vocabulary
        part = vocabulary[low:low + 160] + vocabulary[::97]
        documents += [{field: draw.choices(part, k=draw.randint(0, 30)) for field in ARRAY_FIELDS}
                      for _ in range(20)]
    whole = _write(tmp_path / "whole.vpt", documents, 0)
    target = tmp_path / "MAIN_x.vpt"
    runs = [_write(run_file(target, k), documents[20 * k:20 * k + 20], 20 * k) for k in range(3)]
    merge_runs(runs, target)
    assert target.read_bytes() == whole.read_bytes()
