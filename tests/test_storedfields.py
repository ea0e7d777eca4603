"""Stored fields read straight from the segment files: the same dicts Whoosh reads."""

import gc
import weakref

from support import make_article, write_jsonl

from indexer.build import build_index
from search import SearchRequest, open_index, storedfields
from search.storedfields import StoredFields


def _both(index_dir):
    """Return the postings of an index, their direct reader and Whoosh's."""
    postings = open_index(index_dir, cache_size=0)._current().postings
    return postings, postings.stored, postings.reader.stored_fields


def test_every_document_reads_as_whoosh_reads_it(ranking_index_dir):
    postings, stored, whoosh = _both(ranking_index_dir)
    assert stored._segments is not None  # the direct path, not the fallback
    docnums = range(postings.size)
    assert [stored(d) for d in docnums] == [whoosh(d) for d in docnums]
    assert all(list(stored(d)) == list(whoosh(d)) for d in docnums)


def test_documents_of_a_later_segment_are_read_from_it(tmp_path):
    corpus = write_jsonl(tmp_path / "a.jsonl", [make_article(i) for i in range(6)])
    index_dir = tmp_path / "index"
    build_index([corpus], index_dir, full=True, procs=1)
    write_jsonl(corpus, [make_article(i) for i in range(12)])
    build_index([corpus], index_dir, procs=1)
    postings, stored, whoosh = _both(index_dir)
    assert len(postings.reader.readers) > 1 and stored._segments is not None
    docnums = range(postings.size)
    assert [stored(d) for d in docnums] == [whoosh(d) for d in docnums]
    assert sorted(stored(d)["id"] for d in docnums) == [f"bai-{i:04d}" for i in range(12)]


def test_a_reader_of_another_layout_reads_through_the_fallback():
    class Unknown:
        schema = None

    read = StoredFields(Unknown(), lambda docnum: {"id": f"doc-{docnum}"})
    assert read(3) == {"id": "doc-3"}


def test_the_search_api_shows_the_same_results_with_either_reader(ranking_index_dir):
    direct, whoosh = (open_index(ranking_index_dir, cache_size=0) for _ in range(2))
    postings = whoosh._current().postings
    postings.__dict__["stored"] = postings.reader.stored_fields  # the cached property's slot
    for q in ("văn phòng", "hai dang", "tỉnh ủy quảng ngãi"):
        found, expected = (index.search(SearchRequest(q=q)) for index in (direct, whoosh))
        assert {**found, "processingTimeMs": 0} == {**expected, "processingTimeMs": 0}


def test_the_reader_of_a_postings_is_made_once_and_does_not_outlive_it(ranking_index_dir):
    index = open_index(ranking_index_dir, cache_size=0)
    postings = index._current().postings
    assert postings.stored is postings.stored
    assert postings.stored(0) == postings.reader.stored_fields(0)
    gone = weakref.ref(postings)
    del postings, index
    gc.collect()
    assert gone() is None


def test_the_reader_is_made_under_the_read_lock_as_it_reads_through_whoosh(
        ranking_index_dir, monkeypatch):
    # Made unlocked, it moved Whoosh's shared file while another thread read a column: the
    # reads got other bytes ("incorrect header check"), one reindex-time search in ~50.
    postings = open_index(ranking_index_dir, cache_size=0)._current().postings
    locked = []

    def segment(leaf):
        locked.append(postings.read_lock._is_owned())
        return real_segment(leaf)

    real_segment = storedfields._segment
    monkeypatch.setattr(storedfields, "_segment", segment)
    assert postings.stored(0) == postings.reader.stored_fields(0)
    assert locked and all(locked)
