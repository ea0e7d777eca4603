"""Real-word typos repaired by the pages: whether a phrase stands in some page at all."""

import pytest

from search import repair
from search.proximity import phrase_counts
from search.repair import _bounds, phrase_held

PHRASES = [("tinh", "uy"), ("uy", "tinh"), ("van", "phong", "tinh", "uy"), ("phong", "van"),
           ("kinh", "te"), ("te", "kinh")]


def _postings(ranking_index):
    return ranking_index._current().postings


@pytest.mark.parametrize("field", ["title_f", "body_f"])
def test_a_phrase_is_held_where_some_page_counts_it(ranking_index, field):
    postings = _postings(ranking_index)
    for words in PHRASES:
        assert phrase_held(postings, field, words) == bool(len(phrase_counts(postings, field, words)[0]))


@pytest.mark.parametrize("words", [("dang", "khan"), ("ve", "tu")])
def test_a_phrase_beyond_the_first_pages_looked_at_is_found(ranking_index, monkeypatch, words):
    monkeypatch.setattr(repair, "FIRST_PAGES", 1)
    postings = _postings(ranking_index)
    lead = min((postings.term("body_f", w)[0] for w in words), key=len)
    assert lead[0] not in phrase_counts(postings, "body_f", words)[0]  # not in the first part
    assert repair._phrase_held(postings, "body_f", words)[0]


def test_parts_grow_eightfold_and_cover_every_page():
    assert _bounds(0) == [0, 0]
    assert _bounds(100) == [0, 100]
    assert _bounds(30_000) == [0, 128, 1024, 8192, 30_000]
