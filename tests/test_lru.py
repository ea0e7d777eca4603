"""The one LRU cache: bounded by total size, least recently used out first."""

import numpy as np

from search.lru import LRU


def test_the_least_recently_used_value_goes_first():
    cache = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the most recent
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)


def test_capacity_zero_keeps_nothing():
    cache = LRU(0)
    cache.put("a", 1)
    assert cache.get("a") is None and len(cache) == 0


def test_sizes_are_counted_by_the_given_measure():
    cache = LRU(1000, lambda arrays: sum(a.nbytes for a in arrays))
    cache.put("small", (np.zeros(100, np.int32),))     # 400 bytes
    cache.put("large", (np.zeros(150, np.int32),))     # 600 bytes: still fits
    cache.put("more", (np.zeros(10, np.int32),))       # 40 bytes: "small" must go
    assert cache.get("small") is None
    assert cache.get("large") is not None and cache.get("more") is not None
