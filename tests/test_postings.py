"""Posting arrays of a generation: terms and word positions, deleted documents left out."""

import numpy as np
import pytest
import support
from support import make_article, write_jsonl

from indexer.build import build_index
from search import open_index

corpus = support.corpus  # twelve articles
index_dir = support.index_dir


def _postings(index_dir):
    return open_index(index_dir, cache_size=0)._current().postings


def _article(i: int) -> dict:
    """Return an article whose title holds "nhiệm vụ" after i other words."""
    return make_article(i, title=" ".join(["Mới"] * i + ["nhiệm vụ"]))


def test_positions_are_each_documents_own_after_a_deletion(index_dir, corpus):
    write_jsonl(corpus, [_article(i) for i in range(12)])
    build_index([corpus], index_dir, procs=1)
    write_jsonl(corpus, [_article(i) for i in range(12) if i != 5])
    build_index([corpus], index_dir, procs=1)
    postings = _postings(index_dir)
    assert postings.live_count < postings.size  # the deleted article is still in its segment
    docnums = np.flatnonzero(postings.live)
    where, positions = postings.positions_in("title_f", "nhiem", docnums)
    found = {postings.stored(int(docnums[w]))["id"]: int(p) for w, p in zip(where, positions)}
    assert found == {f"bai-{i:04d}": i for i in range(12) if i != 5}


def test_positions_line_up_with_the_terms_documents(index_dir):
    postings = _postings(index_dir)
    ids, frequencies = postings.term("body_f", "van")
    where, _ = postings.positions_in("body_f", "van", ids.astype(np.int64))
    assert np.bincount(where, minlength=len(ids)).tolist() == frequencies.astype(int).tolist()


def test_places_from_gives_a_words_next_positions_in_each_document(index_dir, corpus):
    write_jsonl(corpus, [_article(i) for i in range(12)])
    build_index([corpus], index_dir, procs=1)
    postings = _postings(index_dir)
    docnums = np.array([postings.find("id", f"bai-{i:04d}") for i in (0, 3, 3, 7)])
    targets = np.array([0, 1, 3, 8])
    past = 1 << 40
    assert postings.places_from("title_f", "moi", docnums, targets, 2).tolist() == \
        [[past, 1, past, past], [past, 2, past, past]]
    assert postings.places_from("title_f", "nhiem", docnums, targets, 1).tolist() == \
        [[0, 3, 3, past]]
    assert postings.places_from("title_f", "khongcotu", docnums, targets, 1).tolist() == \
        [[past] * 4]


def test_places_from_agrees_with_reading_each_documents_positions(index_dir):
    postings = _postings(index_dir)
    pages = np.flatnonzero(postings.live)
    docnums = np.repeat(pages, 3)  # several targets in each document
    targets = np.random.default_rng(7).integers(-3, 400, len(docnums))
    past = 1 << 40
    for word in ("van", "phong", "tinh", "uy", "khongcotu"):
        where, positions = postings.positions_in("body_f", word, pages)
        held = [positions[where == k].tolist() for k in range(len(pages))]
        wanted = [[([p for p in held[k // 3] if p >= target] + [past] * 3)[n]
                   for k, target in enumerate(targets)] for n in range(3)]
        assert postings.places_from("body_f", word, docnums, targets, 3).tolist() == wanted


def test_positions_found_through_a_table_of_slots_are_those_searched(index_dir):
    postings = _postings(index_dir)
    docnums = np.flatnonzero(postings.live)[::2]
    slots = np.full(postings.size, -1, dtype=np.int64)
    slots[docnums] = np.arange(len(docnums))
    for word, held in (("2", True), ("3", False), ("khongcotu", False)):  # "số 2", "số 3"
        searched = postings.positions_in("title_f", word, docnums)
        found = postings.positions_in("title_f", word, docnums, slots)
        assert [part.tolist() for part in found] == [part.tolist() for part in searched]
        assert bool(len(found[0])) == held


def test_frequencies_keep_their_narrow_type_and_score_as_before(index_dir):
    postings = _postings(index_dir)
    ids, frequencies = postings.term("body_f", "van")
    assert frequencies.dtype == np.uint8 and len(ids) == 12
    assert (frequencies >= 1).all()


def test_a_term_in_several_segments_gathers_the_postings_of_each(tmp_path):
    corpus, index_dir = tmp_path / "corpus.jsonl", tmp_path / "index"
    write_jsonl(corpus, [make_article(i) for i in range(8)])
    build_index([corpus], index_dir, procs=1)
    write_jsonl(corpus, [make_article(i) for i in range(12)])
    build_index([corpus], index_dir, procs=1)  # the four new articles: a second segment
    postings = _postings(index_dir)
    assert len(postings.leaves) == 2
    ids, _ = postings.term("title_f", "nhiem")
    assert [postings.stored(int(d))["id"] for d in ids] == [f"bai-{i:04d}" for i in range(12)]
    where, _ = postings.positions_in("title_f", "nhiem", ids)
    assert len(where) == 12
    found = {text: count for count, text in postings.expand("title_p", "so_1")}
    assert found == {"so_1": 1, "so_10": 1, "so_11": 1}  # from the first segment, the second


def test_cached_postings_are_read_only_so_no_caller_can_change_later_answers(index_dir):
    postings = _postings(index_dir)
    for arrays in (postings.term("body_f", "van"), postings.positions("body_f", "van")):
        for part in arrays:
            with pytest.raises(ValueError):
                part[:1] = 0
    assert len(postings.term("body_f", "van")[0])  # still served from the cache
