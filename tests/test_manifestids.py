"""KeyCounts counts 128-bit keys in a bounded dict and sorted arrays, as a dict would."""

from __future__ import annotations

import hashlib

import indexer.manifestids
from indexer.manifestids import KeyCounts


def _key(number: int, prefix: bytes | None = None) -> bytes:
    key = hashlib.blake2b(b"%d" % number, digest_size=16).digest()
    return key if prefix is None else prefix + key[8:]


def test_counts_survive_merges_into_the_sorted_arrays(monkeypatch):
    monkeypatch.setattr(indexer.manifestids, "RECENT", 3)
    counts, expected = KeyCounts(), {}
    for number in range(20):
        counts.set(_key(number), number + 1)
        expected[_key(number)] = number + 1
    counts.set(_key(4), 99)  # now in the arrays: updated in place
    expected[_key(4)] = 99
    assert [counts.get(key) for key in expected] == list(expected.values())
    assert (len(counts), counts.get(_key(20))) == (20, 0)


def test_keys_whose_first_64_bits_are_equal_keep_their_own_counts(monkeypatch):
    monkeypatch.setattr(indexer.manifestids, "RECENT", 2)
    counts = KeyCounts()
    keys = [_key(number, prefix=b"\x07" * 8) for number in range(5)]
    for count, key in enumerate(keys, 1):
        counts.set(key, count)
    assert [counts.get(key) for key in keys] == [1, 2, 3, 4, 5]
    assert counts.get(_key(9, prefix=b"\x07" * 8)) == 0
