"""Posting lists, positions, field lengths and facet columns of one generation as numpy arrays.

Whoosh's matchers walk postings one document at a time in Python, which costs seconds
per query at 10k articles. The postings of the matched and scored fields come from the
flat arrays written beside each segment at reindex (termarrays), cached per term, so
numpy does the matching, scoring, phrase checks and counting.
"""

from __future__ import annotations

import threading
from functools import cached_property, partial
from pathlib import Path

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.util.numeric import byte_to_length

from .lexicon import Lexicon
from .lru import LRU
from .storedfields import StoredFields
from .termarrays import (
    ARRAY_FIELDS,
    TermArrays,
    posting_blocks,
    raw_postings,
    segment_file,
)

EMPTY = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
_BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
# The 300-query mix reads 244 MB of postings at 100k articles: with 96 MB a first pass read
# 852 evicted entries again, 0.95 ms a query more than with 192 MB (paired CPU). The
# lexicon freed 88 MB for it: a worker holds 332 MB after a pass, as with 96 MB before.
CACHE_BYTES = 192 << 20


def union(size: int, parts: list[np.ndarray]) -> np.ndarray:
    """Return the sorted distinct document numbers found in any of the parts.

    A mask over every document is cheaper than numpy's hash-based unique here.
    """
    mask = np.zeros(size, dtype=bool)
    for part in parts:
        mark(mask, part)
    return np.flatnonzero(mask)


def mark(mask: np.ndarray, docnums: np.ndarray) -> None:
    """Set a mask over every document True at some document numbers, in place."""
    # numpy scatters through an int32 index at 260 µs for 60 000 pages, through an intp
    # one at 165 (widening included); gathers with take are 2-2.5x faster too.
    mask[docnums.astype(np.intp, copy=False)] = True


def slot_table(size: int, docnums: np.ndarray) -> np.ndarray:
    """Return, for every document number, its index among docnums (-1: not among them)."""
    slots = np.full(size, -1, dtype=np.int32)
    slots[docnums.astype(np.intp, copy=False)] = np.arange(len(docnums), dtype=np.int32)
    return slots


def _lower_bound(values: np.ndarray, low: np.ndarray, end: np.ndarray,
                 targets: np.ndarray) -> np.ndarray:
    """Return, for each sorted range values[low:end], the index of its first value not
    below its target (end if none).

    Halving power-of-two steps over every range at once: 8 numpy calls on int32 a step
    where a bisection's low/high bookkeeping made 12 on int64 (places_from over the 44
    calls of the mix at 100k, 2.2 million ranges: 377 -> 286 ms CPU, load ~6).
    """
    found = low.copy()
    most = int((end - low).max()) if len(low) else 0
    step = 1 << (most.bit_length() - 1) if most else 0
    last = end - 1  # an empty range probes anywhere (last may be -1) and never moves
    while step:
        probe = found + (step - 1)
        move = probe < end
        np.minimum(probe, last, out=probe)
        move &= values.take(probe) < targets
        found += move * found.dtype.type(step)
        step >>= 1
    return found


def _whoosh_stored(reader, lock: threading.RLock, docnum: int) -> dict:
    """Return a document's stored fields read through Whoosh (its readers are not
    thread-safe: under the lock)."""
    with lock:
        return reader.stored_fields(docnum)


def _nbytes(arrays: tuple[np.ndarray, ...]) -> int:
    """Return the memory a cached entry holds."""
    return sum(part.nbytes for part in arrays)


class Postings:
    """Array views of a Whoosh index reader, cached per term; share between threads."""

    def __init__(self, reader, folder: Path, cache_bytes: int = CACHE_BYTES) -> None:
        self.reader = reader
        self.leaves = reader.leaf_readers()
        self.arrays = [TermArrays(segment_file(folder, leaf.segment())) for leaf, _ in self.leaves]
        self.lexicons = {field: Lexicon(field, self.arrays) for field in ARRAY_FIELDS}
        self.size = reader.doc_count_all()
        self.live = self._live_mask()
        self.live_count = int(self.live.sum())
        self._all_live = self.live_count == self.size
        self._cache: LRU[tuple[np.ndarray, ...]] = LRU(cache_bytes, _nbytes)
        self._lengths: dict[str, tuple[np.ndarray, float]] = {}
        # Whoosh readers are not thread-safe: every read of the index goes through this.
        self.read_lock = threading.RLock()

    def term(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Return (document numbers, term frequencies) of a term, deleted documents removed
        (frequencies unsigned as narrow as stored, or float32 from Whoosh's blocks)."""
        return self.cached(("term", field, text), self._read_term)

    @cached_property
    def stored(self) -> StoredFields:
        """Return the reader of documents' stored fields: stored(docnum) gives a dict."""
        # Ten or more a query: at 100k articles 43.8 instead of 55.0 µs a document read again
        # (alternating, minima of 10), 0.97 instead of 1.39 ms a query of first reads.
        with self.read_lock:  # it reads the column's offsets through Whoosh's shared file
            return StoredFields(self.reader, partial(_whoosh_stored, self.reader,
                                                     self.read_lock))

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
                if field in leaf.schema and leaf.has_column(field):
                    values.extend(leaf.column_reader(field, translate=True))
                else:
                    values.extend([None] * leaf.doc_count_all())
        return values

    def expand(self, field: str, prefix: str) -> list[tuple[int, str]]:
        """Return (document count, term) of the field's terms that start with a prefix."""
        found = []
        for text, held in self.lexicons[field].starting_with(prefix):
            spans = [self.arrays[segment].span(field, number) for segment, number in held]
            found.append((sum(end - start for start, end in spans), text))
        return found

    def positions(self, field: str, word: str) -> tuple[np.ndarray, np.ndarray]:
        """Return where each of a word's postings (the term's) starts among its positions,
        and the positions, posting after posting."""
        return self.cached(("positions", field, word), self._read_positions)

    def positions_in(self, field: str, word: str, docnums: np.ndarray,
                     slots: np.ndarray | None = None):
        """Return (index into docnums, position) of every occurrence of a word in those
        documents (docnums sorted; slots, if given, each document's index into them or -1)."""
        ids, _ = self.term(field, word)
        docnums = docnums.astype(np.int32, copy=False)  # as ids: no copy of either to search
        # Look the shorter list up in the longer: a title word among 30 000 candidates
        # costs a search per title holding it, not one per candidate.
        if slots is not None and len(ids) < len(docnums):
            where = slots.take(ids)
            chosen = np.flatnonzero(where >= 0)
            index = where.take(chosen)
        elif len(ids) < len(docnums):
            where = np.searchsorted(docnums, ids)
            np.minimum(where, len(docnums) - 1, out=where)  # one past: compared unequal
            chosen = np.flatnonzero(docnums.take(where) == ids)
            index = where.take(chosen)
        else:
            where = np.searchsorted(ids, docnums)
            np.minimum(where, len(ids) - 1, out=where)
            index = np.flatnonzero(ids.take(where) == docnums)
            chosen = where.take(index)
        if not len(chosen):  # most completions of a word stand in none of a batch's bodies:
            return chosen.astype(np.int64), np.zeros(0, dtype=np.int64)  # positions unread
        starts, positions = self.positions(field, word)
        first = starts.take(chosen)
        counts = starts.take(chosen + 1) - first
        gathered = np.repeat(first - (np.cumsum(counts) - counts), counts)
        gathered += np.arange(len(gathered), dtype=np.int64)
        return np.repeat(index, counts), positions.take(gathered).astype(np.int64)

    def places_from(self, field: str, word: str, docnums: np.ndarray, targets: np.ndarray,
                    count: int) -> np.ndarray:
        """Return, for each document, the word's first `count` positions at or after its
        target (count rows; 1 << 40 past the document's last).

        A binary search in each document's own positions: a common word's thousands of
        places are searched, not gathered ("quán có chủ" at 100k articles).
        """
        ids, _ = self.term(field, word)
        starts, positions = self.positions(field, word)
        if not len(ids) or not len(docnums):
            return np.full((count, len(docnums)), 1 << 40, dtype=np.int64)
        # Each run of one document is searched for once: a page's places come together.
        first = np.ones(len(docnums), dtype=bool)
        np.not_equal(docnums[1:], docnums[:-1], out=first[1:])
        run = np.cumsum(first) - 1
        pages = docnums[first].astype(np.int32, copy=False)
        index = np.minimum(np.searchsorted(ids, pages), len(ids) - 1)
        held = ids.take(index) == pages
        low = np.where(held, starts.take(index), 0).take(run)  # as narrow as starts
        end = np.where(held, starts.take(index + 1), 0).take(run)
        low = _lower_bound(positions, low, end, targets.astype(low.dtype))
        at = low + np.arange(count, dtype=low.dtype)[:, None]
        return np.where(at < end, positions.take(np.minimum(at, len(positions) - 1)),
                        np.int64(1 << 40))

    def cached(self, key: tuple, read) -> tuple[np.ndarray, ...]:
        """Return arrays from the LRU cache, computing them as read(*key[1:]) when absent;
        read-only: callers share them (a write would change every later query's answer)."""
        found = self._cache.get(key)
        if found is None:
            found = read(*key[1:])
            for part in found:
                part.flags.writeable = False
            self._cache.put(key, found)
        return found

    def _read_term(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Read a term's postings from every segment: its arrays, or Whoosh's blocks."""
        all_ids, all_weights = self._gather(field, text)
        if self._all_live:
            return all_ids, all_weights
        keep = self.live.take(all_ids)
        return all_ids[keep], all_weights[keep]

    def _gather(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Return a term's postings in every segment, deleted documents included."""
        parts = self._segment_postings(field, text)
        if not parts:
            return EMPTY
        # Filled in place: a common word's 100 000 postings were copied six times
        # (conversions, offsets, joins, the live filter), 2 ms of a cold query at 100k.
        all_ids = np.empty(sum(len(ids) for _, (ids, _) in parts), dtype=np.int32)
        # Frequencies keep the width they were stored in (most fit a byte): the cache then
        # holds more of a mixed query set's terms; scoring widens what it scores.
        all_weights = np.empty(len(all_ids), dtype=np.result_type(*(w for _, (_, w) in parts)))
        at = 0
        for offset, (ids, weights) in parts:
            np.add(ids, offset, out=all_ids[at:at + len(ids)])
            all_weights[at:at + len(ids)] = weights
            at += len(ids)
        return all_ids, all_weights

    def _segment_postings(self, field: str, text: str) -> list:
        """Return (first document number, (ids, weights)) of a term in each segment holding
        it: its arrays, or Whoosh's blocks."""
        if field in ARRAY_FIELDS:
            return [(self.leaves[segment][1], self.arrays[segment].postings(field, number))
                    for segment, number in self.lexicons[field].find(text)]
        with self.read_lock:
            return [(offset, block[:2]) for leaf, offset in self.leaves if (field, text) in leaf
                    for block in posting_blocks(raw_postings(leaf, field, text))]

    def _read_positions(self, field: str, word: str) -> tuple[np.ndarray, np.ndarray]:
        """Read where each of a word's postings (the term's, deleted documents removed)
        starts among its positions, and the positions, from every segment.

        The term's document numbers and frequencies are not kept twice: at 100k articles
        positions twice as small kept more of a mixed query set in the cache, and reading
        only the positions is one read per segment where three were.
        """
        positions = [found for segment, number in self.lexicons[field].find(word)
                     if len(found := self.arrays[segment].positions(field, number))]
        # Positions keep the width they were stored in (most bodies fit 16 bits): half
        # the memory in the postings cache, and gathering widens only what is gathered.
        positions = np.concatenate(positions) if positions else np.zeros(0, np.uint16)
        if not self._all_live:
            ids, frequencies = self._gather(field, word)
            positions = positions[np.repeat(self.live.take(ids), frequencies.astype(np.int64))]
        _, frequencies = self.term(field, word)
        starts = np.zeros(len(frequencies) + 1,
                          dtype=np.int32 if len(positions) < 1 << 31 else np.int64)
        np.cumsum(frequencies.astype(starts.dtype), out=starts[1:])
        return starts, positions

    def _live_mask(self) -> np.ndarray:
        """Return True for every document number that is not deleted."""
        live = np.ones(self.size, dtype=bool)
        for leaf, offset in self.leaves:
            if leaf.has_deletions():
                deleted = np.fromiter(leaf.segment().deleted_docs(), dtype=np.int64)
                live[deleted + offset] = False
        return live

    @staticmethod
    def _leaf_lengths(leaf, field: str) -> np.ndarray:
        """Return one segment's field lengths, decoded from Whoosh's length bytes."""
        count = leaf.doc_count_all()
        column = leaf._perdoc._cached_reader(f"_{field}_len", LENGTHS_COLUMN)
        if column is None:
            return np.zeros(count, dtype=np.float32)
        return _BYTE_LENGTHS[np.fromiter(column, dtype=np.uint8, count=count)]
