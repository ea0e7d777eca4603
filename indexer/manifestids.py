"""A counter of 128-bit id keys that holds no Python object per key: the ids a reindex asks
for that the last manifest does not hold, each with how many inputs asked for it."""

from __future__ import annotations

import bisect

import numpy as np

from indexer.manifestfile import prefix

RECENT = 1 << 14  # keys held in a dict (~1.5 MB) before they are merged into the arrays


class KeyCounts:
    """Map 128-bit keys to small counts: recent ones in a bounded dict, the rest in sorted
    numpy arrays (20 bytes a key), so a lookup is a dict get or one binary search."""

    def __init__(self) -> None:
        self._recent: dict[bytes, int] = {}
        self._first = np.zeros(0, "u8")  # sorted
        self._second = np.zeros(0, "u8")
        self._counts = np.zeros(0, "u4")
        self._missed: bytes | None = None
        self._views()

    def _views(self) -> None:
        # memoryviews: bisect and indexing on them give Python ints, ~10x faster than
        # numpy's scalar searchsorted and item access, which convert their argument
        self._first_view, self._second_view, self._count_view = (
            memoryview(self._first), memoryview(self._second), memoryview(self._counts))

    def __len__(self) -> int:
        return len(self._recent) + len(self._counts)

    def get(self, key: bytes) -> int:
        """Return a key's count (0 for a key never set)."""
        count = self._recent.get(key)
        if count is not None:
            return count
        at = self._find(key)
        self._missed = key if at < 0 else None  # set() after a get() need not search again
        return 0 if at < 0 else self._count_view[at]

    def set(self, key: bytes, count: int) -> None:
        """Set a key's count."""
        if key not in self._recent and key is not self._missed:
            at = self._find(key)
            if at >= 0:
                self._count_view[at] = count
                return
        self._recent[key] = count
        if len(self._recent) >= RECENT:
            self._merge()

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
        """Move the recent keys into the sorted arrays."""
        keys = np.frombuffer(b"".join(self._recent), "u8").reshape(-1, 2)
        counts = np.fromiter(self._recent.values(), "u4", len(self._recent))
        order = np.argsort(keys[:, 0], kind="stable")
        at = self._first.searchsorted(keys[order, 0], side="right")
        self._first = np.insert(self._first, at, keys[order, 0])
        self._second = np.insert(self._second, at, keys[order, 1])
        self._counts = np.insert(self._counts, at, counts[order])
        self._recent.clear()
        self._missed = None
        self._views()
