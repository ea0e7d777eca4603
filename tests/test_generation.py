"""One opened generation: facet counts over matched pages."""

from __future__ import annotations

import numpy as np


def test_facets_are_counted_each_over_the_matched_pages(ranking_index):
    generation = ranking_index._current()
    docnums = np.arange(generation.documents)[::2]
    facets = generation.count_facets(docnums)
    for name in ("locality", "year"):
        codes, names = generation.facets[name]
        counts = np.bincount(codes[docnums], minlength=len(names))
        expected = {names[c]: int(n) for c, n in enumerate(counts) if n and names[c]}
        assert {k: v for k, v in facets[name].items() if k in names} == expected


def test_no_pages_count_nothing(ranking_index):
    facets = ranking_index._current().count_facets(np.zeros(0, dtype=np.intp))
    assert facets["locality"] == facets["year"] == {}
