"""Posting lists, field lengths and facet columns of one generation as numpy arrays.

Whoosh's matchers walk postings one document at a time in Python, which costs seconds
per query at 10k articles; reading each term's postings once, block by block, into
arrays (cached) lets numpy do the matching, scoring and counting.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import OrderedDict

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.util.numeric import byte_to_length

EMPTY = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
_BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)


class Postings:
    """Array views of a Whoosh index reader, cached per term; share between threads."""

    def __init__(self, reader, cache_bytes: int = 96 << 20) -> None:
        self.reader = reader
        self.leaves = reader.leaf_readers()
        self.size = reader.doc_count_all()
        self.live = self._live_mask()
        self._cache: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._cache_bytes = cache_bytes
        self._cached_bytes = 0
        self._lengths: dict[str, tuple[np.ndarray, float]] = {}
        self._lock = threading.Lock()
        # Whoosh readers are not thread-safe: every read of the index goes through this.
        self.read_lock = threading.RLock()

    def term(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Return (document numbers, term frequencies) of a term, deleted documents removed."""
        key = (field, text)
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        with self.read_lock:
            found = self._read_term(field, text)
        with self._lock:
            if key not in self._cache:
                self._cache[key] = found
                self._cached_bytes += found[0].nbytes + found[1].nbytes
            while self._cached_bytes > self._cache_bytes and len(self._cache) > 1:
                _, (ids, weights) = self._cache.popitem(last=False)
                self._cached_bytes -= ids.nbytes + weights.nbytes
        return found

    def stored(self, docnum: int) -> dict:
        """Return the stored fields of a document."""
        with self.read_lock:
            return self.reader.stored_fields(docnum)

    def find(self, field: str, text: str) -> int | None:
        """Return the number of the live document whose field holds the term, if any."""
        ids, _ = self.term(field, text)
        return int(ids[0]) if len(ids) else None

    def lengths(self, field: str) -> tuple[np.ndarray, float]:
        """Return every document's length in a field and the average length."""
        found = self._lengths.get(field)
        if found is None:
            with self.read_lock:
                parts = [self._leaf_lengths(leaf, field) for leaf, _ in self.leaves]
            lengths = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
            live = lengths[self.live]
            found = self._lengths[field] = (lengths, float(live.mean()) if live.size else 1.0)
        return found

    def column(self, field: str) -> list:
        """Return a sortable column's value for every document number."""
        values: list = []
        with self.read_lock:
            for leaf, _ in self.leaves:
                if leaf.has_column(field):
                    values.extend(leaf.column_reader(field, translate=True))
                else:
                    values.extend([None] * leaf.doc_count_all())
        return values

    def in_sequence(self, field: str, words: list[str], docnums: np.ndarray) -> np.ndarray:
        """Tell, for each document, whether the words stand side by side, in order, in the field."""
        found = np.zeros(len(docnums), dtype=bool)
        with self.read_lock:
            for leaf, offset in self.leaves:
                local = sorted((int(d) - offset, i) for i, d in enumerate(docnums)
                               if offset <= d < offset + leaf.doc_count_all())
                if local and all((field, w) in leaf for w in words):
                    matchers = [_raw_postings(leaf, field, w) for w in words]
                    for docnum, index in local:
                        found[index] = _in_sequence(matchers, docnum)
        return found

    def _read_term(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Read a term's postings from every segment."""
        ids, weights = [], []
        for leaf, offset in self.leaves:
            if (field, text) not in leaf:
                continue
            for block_ids, block_weights in _blocks(_raw_postings(leaf, field, text)):
                ids.append(block_ids + offset)
                weights.append(block_weights)
        if not ids:
            return EMPTY
        all_ids, all_weights = np.concatenate(ids), np.concatenate(weights)
        keep = self.live[all_ids]
        return all_ids[keep], all_weights[keep]

    def _live_mask(self) -> np.ndarray:
        """Return True for every document number that is not deleted."""
        live = np.ones(self.size, dtype=bool)
        for leaf, offset in self.leaves:
            if leaf.has_deletions():
                for docnum in range(leaf.doc_count_all()):
                    if leaf.is_deleted(docnum):
                        live[offset + docnum] = False
        return live

    @staticmethod
    def _leaf_lengths(leaf, field: str) -> np.ndarray:
        """Return one segment's field lengths, decoded from Whoosh's length bytes."""
        count = leaf.doc_count_all()
        column = leaf._perdoc._cached_reader(f"_{field}_len", LENGTHS_COLUMN)
        if column is None:
            return np.zeros(count, dtype=np.float32)
        return _BYTE_LENGTHS[np.fromiter(column, dtype=np.uint8, count=count)]


def _raw_postings(leaf, field: str, text: str):
    """Return a segment's leaf matcher for a term, without Whoosh's deletion filter.

    Deleted documents are dropped through the live mask instead.
    """
    matcher = leaf.postings(field, text)
    return getattr(matcher, "child", matcher)


def _blocks(matcher):
    """Yield (ids, weights) arrays of each posting block of a Whoosh leaf matcher."""
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        yield (np.asarray(matcher._ids, dtype=np.int32),
               np.asarray(matcher._weights, dtype=np.float32))
        matcher._next_block()


def _in_sequence(matchers: list, docnum: int) -> bool:
    """Tell whether the matchers' words follow each other somewhere in one document."""
    positions = []
    for matcher in matchers:
        if not _seek(matcher, docnum):
            return False
        positions.append(set(matcher.value_as("positions")))
    return any(all(start + k in later for k, later in enumerate(positions[1:], 1))
               for start in positions[0])


def _seek(matcher, target: int) -> bool:
    """Move a Whoosh leaf matcher to a document by bisecting its block; tell if it is there.

    Whoosh's own skip_to steps through a block one posting at a time.
    """
    if not matcher.is_active():
        return False
    if matcher.block_max_id() < target:
        matcher._skip_to_block(lambda: matcher.block_max_id() < target)
        if not matcher.is_active():
            return False
    if matcher._ids is None:
        matcher._read_ids()
    matcher._i = bisect_left(matcher._ids, target, matcher._i)
    return matcher._ids[matcher._i] == target
