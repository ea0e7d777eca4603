"""One least-recently-used cache, bounded by a total size, safe to share between threads."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class LRU(Generic[V]):
    """Keep values up to a total size (each value's size by `size_of`, 1 by default),
    forgetting the least recently used first."""

    def __init__(self, capacity: int, size_of: Callable[[V], int] = lambda value: 1) -> None:
        self.capacity = capacity
        self._size_of = size_of
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        """Return the value kept for a key (freshening it), or None."""
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key: Hashable, value: V) -> None:
        """Keep a value, forgetting the oldest ones beyond the capacity."""
        with self._lock:
            if key in self._values:
                return
            self._values[key] = value
            self._total += self._size_of(value)
            while self._total > self.capacity and self._values:
                _, evicted = self._values.popitem(last=False)
                self._total -= self._size_of(evicted)

    def __len__(self) -> int:
        return len(self._values)
