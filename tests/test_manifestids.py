"""IdCounts counts ids in a bounded dict and sorted arrays of keys, as a dict would."""

from __future__ import annotations

import hashlib

import indexer.manifestids
from indexer.manifestids import IdCounts


def test_counts_survive_merges_into_the_sorted_arrays(monkeypatch):
    monkeypatch.setattr(indexer.manifestids, "RECENT", 3)
    counts, expected = IdCounts(), {}
    for number in range(200):
        counts.set(f"id{number}", number + 1)
        expected[f"id{number}"] = number + 1
    counts.set("id4", 999)  # now in the arrays: updated in place
    expected["id4"] = 999
    assert [counts.get(doc_id) for doc_id in expected] == list(expected.values())
    assert (len(counts), [counts.get(f"other{n}") for n in range(200)]) == (200, [0] * 200)


def test_ids_whose_first_64_key_bits_and_str_hashes_are_equal_keep_their_own_counts(
        monkeypatch):
    monkeypatch.setattr(indexer.manifestids, "RECENT", 2)
    monkeypatch.setattr(indexer.manifestids, "id_key", lambda doc_id: b"\x07" * 8 + hashlib.blake2b(
        doc_id.encode(), digest_size=8).digest())
    monkeypatch.setattr(indexer.manifestids, "hash", lambda doc_id: 5, raising=False)
    counts = IdCounts()
    for count, doc_id in enumerate("abcde", 1):
        counts.set(doc_id, count)
    assert [counts.get(doc_id) for doc_id in "abcdef"] == [1, 2, 3, 4, 5, 0]
