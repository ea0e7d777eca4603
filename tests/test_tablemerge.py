"""Merging new word counts into frozen accent tables equals thawing and freezing again."""

from __future__ import annotations

from collections import Counter

import pytest

from search import accents
from search.accents import AccentModel, Tables, count_texts
from search.tablemerge import merge_counts

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
