"""BM25 sums over the matched pages only."""

import numpy as np

from search.bm25 import Totals


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
