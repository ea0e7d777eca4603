"""Real-word typos repaired by the pages: whether a phrase stands in some page at all."""

import pytest
from support import make_article, write_jsonl

from indexer.build import build_index
from search import open_index, repair
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


def test_a_two_word_title_phrase_is_held_by_its_pair_without_reading_positions(
        ranking_index, monkeypatch):
    postings = _postings(ranking_index)
    words = next(w for w in PHRASES if len(w) == 2 and len(phrase_counts(postings, "title_f", w)[0]))
    monkeypatch.setattr(repair, "keys_reader", lambda *args: pytest.fail("positions read"))
    assert repair._phrase_held(postings, "title_f", words)[0]


def test_a_pair_split_by_punctuation_is_still_found_by_positions(tmp_path):
    corpus = write_jsonl(tmp_path / "a.jsonl", [make_article(1, title="Kinh tế. Chính trị")])
    build_index([corpus], tmp_path / "index", procs=1)
    postings = open_index(tmp_path / "index", cache_size=0)._current().postings
    assert not len(postings.term("title_p", "te_chinh")[0])
    assert phrase_held(postings, "title_f", ("te", "chinh"))
