"""Closeness of the query's words on every candidate page, from the posting arrays."""

import numpy as np
import pytest

from search.proximity import (
    MERGE_RATIO,
    Unit,
    closeness,
    common_pages,
    held,
    member,
    pair_bounds,
    phrase_counts,
    sequence_starts,
)


def _units(*words):
    return [Unit(i, i + 1, ((w,),)) for i, w in enumerate(words)]


def _postings(ranking_index):
    return ranking_index._current().postings


def _docnum(postings, doc_id):
    return postings.find("id", doc_id)


def test_whole_phrase_and_pair_classes_are_measured_per_page(ranking_index):
    postings = _postings(ranking_index)
    office, zone = (_docnum(postings, d) for d in ("van-phong-tinh-uy", "van-phong-kinh-te"))
    docnums = np.array(sorted([office, zone]))
    found = closeness(postings, _units("van", "phong", "tinh", "uy"), [], set(), docnums)
    by_doc = dict(zip(docnums.tolist(), found.phrase.tolist()))
    assert by_doc[office] and not by_doc[zone]
    assert found.pairs[:, list(docnums).index(office)].tolist() == [0, 0, 0]


def test_a_longer_unit_joins_the_phrase(ranking_index):
    postings = _postings(ranking_index)
    office = _docnum(postings, "van-phong-tinh-uy")
    words = _units("vp", "tinh", "uy")
    longer = [Unit(0, 1, (("van", "phong"),))]
    found = closeness(postings, words, longer, set(), np.array([office]))
    assert found.phrase.tolist() == [True]


def test_skippable_words_may_be_missing_from_the_phrase(ranking_index):
    postings = _postings(ranking_index)
    office = _docnum(postings, "van-phong-tinh-uy")
    found = closeness(postings, _units("gi", "van", "phong", "tinh", "uy"), [], {0},
                      np.array([office]))
    assert found.phrase.tolist() == [True]


def test_phrase_counts_count_each_page_once_per_occurrence(ranking_index):
    postings = _postings(ranking_index)
    ids, counts = phrase_counts(postings, "body_f", ("tinh", "uy"))
    assert len(ids) == len(counts) and (counts >= 1).all()
    assert _docnum(postings, "van-phong-tinh-uy") in ids.tolist()


def test_pair_bounds_tell_the_pages_holding_a_pair_side_by_side_or_near(ranking_index):
    postings = _postings(ranking_index)
    office, zone = (_docnum(postings, d) for d in ("van-phong-tinh-uy", "van-phong-kinh-te"))
    docnums = np.array(sorted([office, zone]))
    at = docnums.tolist().index(office)
    tinh, uy, van = (Unit(0, 1, ((w,),)) for w in ("tinh", "uy", "van"))
    side, near = pair_bounds(postings, "body_f", tinh, uy, docnums)
    assert side[at] and near[at]
    side, near = pair_bounds(postings, "body_f", uy, tinh, docnums)
    assert not side.any() and near[at]
    full = closeness(postings, [van, Unit(1, 2, (("uy",),))], [], set(), docnums, fields=("body_f",))
    side, near = pair_bounds(postings, "body_f", van, uy, docnums)
    assert side.tolist() == (full.pairs[0] == 0).tolist()
    assert near.tolist() == (full.pairs[0] <= 1).tolist()


def test_common_pages_are_those_of_every_part_in_order():
    parts = [np.array([1, 4, 6, 9], dtype=np.int32), np.array([0, 4, 6, 7, 9], dtype=np.int32),
             np.array([4, 9], dtype=np.int32)]
    found = common_pages(10, parts)
    assert found.tolist() == [4, 9] and found.dtype == np.int32
    assert common_pages(10, [parts[0], np.zeros(0, dtype=np.int32)]).tolist() == []


@pytest.mark.parametrize("values, keys", [(50, 50), (50, 50 * MERGE_RATIO), (10, 1000), (30, 0)])
def test_held_values_are_those_found_among_the_keys_merged_or_searched(values, keys):
    rng = np.random.default_rng(values + keys)
    pool = np.sort(rng.choice(1 << 40, values + keys, replace=False)).astype(np.int64)
    keys = np.sort(rng.choice(pool, keys, replace=False))
    values = np.sort(np.concatenate([rng.choice(keys, min(len(keys), values // 2), replace=False),
                                     np.setdiff1d(pool, keys)[:values - min(len(keys), values // 2)]]))
    expected = values[member(values, keys)]
    assert held(values, keys).tolist() == expected.tolist()
    assert 0 < len(expected) < len(values) or not len(keys)


def test_sequence_starts_finds_a_phrase_whose_lead_place_is_at_a_page_start():
    keys = {"a": np.array([0, 5, 1 << 32], dtype=np.int64),
            "b": np.array([1, 2, (1 << 32) + 1], dtype=np.int64),
            "c": np.array([2, 7, (2 << 32)], dtype=np.int64)}
    assert sequence_starts(keys.__getitem__, ("a", "b", "c")).tolist() == [0]
    assert sequence_starts(keys.__getitem__, ("b", "c")).tolist() == [1]
