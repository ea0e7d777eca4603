"""A counter of ids that holds no Python object per id: the ids a reindex asks for that the
last manifest does not hold, each with how many inputs asked for it."""

from __future__ import annotations

import bisect

import numpy as np

from indexer.manifestfile import id_key, prefix

RECENT = 1 << 14  # ids held in a dict (~1.5 MB) before they are merged into the arrays
DECIDED = 1 << 31  # in an id's count: an input of this run was decided under it
BLOOM_BITS = 8  # bits of the filter an id, at least (8 to 16): 2 probes, 1.4-5% false "maybe"


class IdCounts:
    """Map ids to small counts: recent ones in a bounded dict, the rest as 128-bit keys in
    sorted numpy arrays (20 bytes an id) behind a Bloom filter of their str hashes (8 + 1
    to 2 bytes), so that an id never seen costs two bit tests, not a blake2b and a binary search:
    between two articles of a full build the extraction evicts the caches, and that search
    cost ~40 µs an article there (5% of the build's parent CPU at 100k)."""

    def __init__(self) -> None:
        self._recent: dict[str, int] = {}
        self._first = np.zeros(0, "u8")  # sorted
        self._second = np.zeros(0, "u8")
        self._counts = np.zeros(0, "u4")
        self._hashes = np.zeros(0, "u8")  # hash() of the merged ids, to resize the filter
        self._bloom, self._mask = bytearray(1), 0
        self._views()

    def _views(self) -> None:
        # memoryviews: bisect and indexing on them give Python ints, ~10x faster than
        # numpy's scalar searchsorted and item access, which convert their argument
        self._first_view, self._second_view, self._count_view = (
            memoryview(self._first), memoryview(self._second), memoryview(self._counts))

    def __len__(self) -> int:
        return len(self._recent) + len(self._counts)

    def get(self, doc_id: str) -> int:
        """Return an id's count (0 for an id never set)."""
        count = self._recent.get(doc_id)
        if count is not None or not self._maybe(doc_id):
            return count or 0
        at = self._find(id_key(doc_id))
        return 0 if at < 0 else self._count_view[at]

    def set(self, doc_id: str, count: int) -> None:
        """Set an id's count."""
        if doc_id not in self._recent and self._maybe(doc_id):
            at = self._find(id_key(doc_id))
            if at >= 0:
                self._count_view[at] = count
                return
        self._recent[doc_id] = count
        if len(self._recent) >= RECENT:
            self._merge()

    def ask(self, doc_id: str) -> int:
        """Count one more input asking for an id; return how many did. Written inline: between
        two extractions each Python call costs microseconds of cache misses."""
        recent = self._recent
        state = recent.get(doc_id)
        if state is None:
            state = 0
            if self._mask:
                code, mask, bloom = hash(doc_id), self._mask, self._bloom
                first, second = code & mask, (code >> 32) & mask
                if bloom[first >> 3] >> (first & 7) & 1 and bloom[second >> 3] >> (second & 7) & 1:
                    state = self.get(doc_id)  # maybe merged: look
        count = (state & ~DECIDED) + 1
        if state:
            self.set(doc_id, state & DECIDED | count)
        else:
            recent[doc_id] = count
            if len(recent) >= RECENT:
                self._merge()
        return count

    def decide(self, doc_id: str) -> bool:
        """Mark an id decided; tell whether it already was."""
        state = self._recent.get(doc_id)
        if state is None:
            state = self.get(doc_id)
        elif not state & DECIDED:
            self._recent[doc_id] = state | DECIDED
            return False
        if state & DECIDED:
            return True
        self.set(doc_id, state | DECIDED)
        return False

    def _maybe(self, doc_id: str) -> bool:
        """Tell whether an id may be in the arrays (False: it is not)."""
        code = hash(doc_id)
        first, second = code & self._mask, (code >> 32) & self._mask
        return bool(self._bloom[first >> 3] >> (first & 7) & 1 and
                    self._bloom[second >> 3] >> (second & 7) & 1)

    def _find(self, key: bytes) -> int:
        """Return where a key is in the sorted arrays, or -1."""
        first, second = prefix(key), int.from_bytes(key[8:], "little")
        firsts = self._first_view
        at = bisect.bisect_left(firsts, first)
        while at < len(firsts) and firsts[at] == first:
            if self._second_view[at] == second:
                return at
            at += 1
        return -1

    def _merge(self) -> None:
        """Move the recent ids into the sorted arrays and the filter."""
        keys = np.frombuffer(b"".join(map(id_key, self._recent)), "u8").reshape(-1, 2)
        counts = np.fromiter(self._recent.values(), "u4", len(self._recent))
        hashes = np.fromiter((hash(doc_id) for doc_id in self._recent), "i8",
                             len(self._recent)).view("u8")
        order = np.argsort(keys[:, 0], kind="stable")
        at = self._first.searchsorted(keys[order, 0], side="right")
        self._first = np.insert(self._first, at, keys[order, 0])
        self._second = np.insert(self._second, at, keys[order, 1])
        self._counts = np.insert(self._counts, at, counts[order])
        self._hashes = np.concatenate([self._hashes, hashes])
        self._recent.clear()
        self._views()
        self._filter(self._hashes if len(self._counts) * BLOOM_BITS > 8 * len(self._bloom)
                     else hashes)

    def _filter(self, hashes: np.ndarray) -> None:
        """Add hashes to the Bloom filter, first made twice as large if they are all of them."""
        if len(hashes) == len(self._hashes):
            bits = 1 << max(6, (len(hashes) * BLOOM_BITS * 2 - 1).bit_length())
            self._bloom, self._mask = bytearray(bits // 8), bits - 1
        bloom, mask = np.frombuffer(self._bloom, "u1"), np.uint64(self._mask)
        for probe in (hashes & mask, (hashes >> np.uint64(32)) & mask):
            np.bitwise_or.at(bloom, (probe >> np.uint64(3)).astype(np.intp),
                             np.left_shift(1, probe & np.uint64(7)).astype(np.uint8))
