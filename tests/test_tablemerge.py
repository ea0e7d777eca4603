"""Merging new word counts into frozen accent tables equals thawing and freezing again."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from search import accents
from search.accents import AccentModel, Tables, count_texts
from search.tablemerge import merge_counts, summed_streams

TEXTS = ["Văn phòng Tỉnh ủy Hà Nội tổ chức hội nghị", "Văn phòng Thành ủy Đà Nẵng",
         "Hà Nội, ngày 5 tháng 3", "hội nghị tổng kết công tác văn phòng cấp ủy Hà Nội Đà Nẵng"]


def thaw(tables: Tables) -> tuple[Counter, Counter]:
    """Return the counts frozen tables kept, as Counters (the slow way merge_counts avoids)."""
    size, vocab = len(tables.vocab), tables.vocab
    unigrams = Counter(dict(zip(vocab, tables.counts)))
    bigrams = Counter({(vocab[k // size], vocab[k % size]): c
                       for k, c in zip(tables.keys, tables.pairs)})
    return unigrams, bigrams


@pytest.mark.parametrize("first_cut, cut", [(1, 1), (2, 2), (1, 2)],
                         ids=["nothing-pruned", "singletons-pruned", "cut-rises"])
def test_merging_counts_equals_thawing_and_freezing_again(monkeypatch, first_cut, cut):
    monkeypatch.setattr(accents, "min_count", lambda tokens: first_cut)
    old = AccentModel.train(TEXTS[:2] * 2 + TEXTS[2:3]).tables
    monkeypatch.setattr(accents, "min_count", lambda tokens: cut)
    unigrams, bigrams = thaw(old)
    count_texts(TEXTS[1:], unigrams, bigrams)
    new_unigrams, new_bigrams = Counter(), Counter()
    count_texts(TEXTS[1:], new_unigrams, new_bigrams)
    merged = merge_counts(old, new_unigrams, new_bigrams)
    assert merged.dump() == Tables.freeze(unigrams, bigrams).dump()


def _chunks(keys: list[int], size: int):
    """Yield sorted keys, each counted once, in chunks of a size (an empty one first)."""
    yield np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    for start in range(0, len(keys), size):
        part = np.array(keys[start:start + size], dtype=np.int64)
        yield part, np.ones(len(part), dtype=np.int64)


@pytest.mark.parametrize("size", [1, 2, 3, 100])
def test_streams_merge_into_each_key_once_with_its_summed_count(size):
    runs = [[1, 4, 5, 9], [2, 4, 9, 10, 11], [], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [4]]
    merged = list(summed_streams([_chunks(run, size) for run in runs]))
    keys = np.concatenate([chunk[0] for chunk in merged])
    counts = np.concatenate([chunk[1] for chunk in merged])
    expected = Counter(key for run in runs for key in run)
    assert keys.tolist() == sorted(expected)
    assert counts.tolist() == [expected[key] for key in sorted(expected)]


def test_no_streams_merge_into_nothing():
    assert list(summed_streams([])) == []


def test_streams_are_read_one_chunk_at_a_time():
    read = []

    def counted(name, keys):
        for chunk in _chunks(keys, 2):
            read.append(name)
            yield chunk

    merged = summed_streams([counted("a", [1, 2, 3, 4, 5, 6]), counted("b", [2, 3, 7, 8])])
    assert next(merged)[0].tolist() == [1, 2]
    # each stream's empty chunk and first keys, then a's next keys in place of the merged ones
    assert read == ["a", "a", "b", "b", "a"]
