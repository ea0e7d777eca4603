"""BM25 sums over the matched pages only."""

import numpy as np

from search.bm25 import K1, Totals, _norms_of, bm25, idf


def test_place_keeps_the_postings_of_matched_pages_and_their_places():
    total = Totals(10, np.array([2, 5, 7]))
    chosen, slots = total.place(np.array([1, 2, 7, 9]))
    assert chosen.tolist() == [1, 2] and slots.tolist() == [0, 2]
    chosen, slots = total.place(np.array([5, 7]))
    assert np.arange(2)[chosen].tolist() == [0, 1] and slots.tolist() == [1, 2]


def test_add_sums_into_the_totals_of_the_places_given():
    total = Totals(10, np.array([2, 5, 7]))
    total.add(np.array([0, 2]), np.array([1.5, 2.0], dtype=np.float32))
    total.add(np.array([2]), np.array([0.25], dtype=np.float32))
    assert total.values.tolist() == [1.5, 0.0, 2.25]


def test_bm25_scores_only_the_matched_pages_holding_the_term(ranking_index):
    postings = ranking_index._current().postings
    ids, frequencies = postings.term("body_f", "tinh")
    total = Totals(postings.size, ids[::2])
    slots, values = bm25(postings, "body_f", "tinh", total)
    norms = _norms_of(postings, "body_f")[ids[::2]]
    f = frequencies[::2].astype(np.float32)
    expected = idf(postings, "body_f", "tinh") * f * (K1 + 1) / (f + norms)
    assert slots.tolist() == list(range(len(ids[::2])))
    assert values.tolist() == expected.tolist()
