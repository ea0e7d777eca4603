"""Adding a few articles' word counts to frozen accent tables, without thawing them.

Thawing every word and word pair of a 100k-article model into Counters, adding 100
articles and freezing again took 2.8 s of an incremental reindex; numpy merges the
new counts into the sorted arrays and gives the same tables, byte for byte.
"""

from __future__ import annotations

from array import array
from collections import Counter

import numpy as np

from . import accents
from .accents import Tables
from .analysis import fold_word


def _int64(values) -> np.ndarray:
    """Return an int64 numpy copy of an array('q') or a sequence."""
    return np.array(values, dtype=np.int64)


def _summed_pairs(old: Tables, ids: dict, bigrams: Counter) -> tuple[np.ndarray, np.ndarray]:
    """Return every bigram, old and new, keyed first * len(ids) + second, with summed counts."""
    size, width = max(len(old.vocab), 1), max(len(ids), 1)
    keys = _int64(old.keys)
    new = np.array([(ids[a], ids[b], c) for (a, b), c in bigrams.items()],
                   dtype=np.int64).reshape(-1, 3)
    merged = np.concatenate([keys // size * width + keys % size, new[:, 0] * width + new[:, 1]])
    unique, inverse = np.unique(merged, return_inverse=True)
    counts = np.zeros(len(unique), dtype=np.int64)
    np.add.at(counts, inverse, np.concatenate([_int64(old.pairs), new[:, 2]]))
    return unique, counts


def _to_array(values: np.ndarray) -> array:
    """Return a numpy integer array as array('q')."""
    result = array("q")
    result.frombytes(values.astype(np.int64).tobytes())
    return result


def merge_counts(old: Tables, unigrams: Counter, bigrams: Counter) -> Tables:
    """Return what Tables.freeze gives for old's counts plus these, without thawing them."""
    words = list(old.vocab) + [w for w in unigrams if w not in old.ids]
    ids = {w: i for i, w in enumerate(words)}
    counts = np.zeros(len(words), dtype=np.int64)
    counts[:len(old.vocab)] = _int64(old.counts)
    for word, count in unigrams.items():
        counts[ids[word]] += count
    cut = accents.min_count(int(counts.sum()))
    folded = {i: fold_word(words[i]) for i in np.flatnonzero(counts >= cut).tolist()}
    order = sorted(folded, key=lambda i: (folded[i], -counts[i], words[i]))
    renumber = np.full(len(words), -1, dtype=np.int64)
    renumber[order] = np.arange(len(order))
    folds, starts = [], array("q")
    for position, i in enumerate(order):
        if not folds or folds[-1] != folded[i]:
            folds.append(folded[i])
            starts.append(position)
    starts.append(len(order))
    pair_keys, pair_counts = _summed_pairs(old, ids, bigrams)
    width = max(len(words), 1)
    first, second = renumber[pair_keys // width], renumber[pair_keys % width]
    known = (first >= 0) & (second >= 0)
    kept = known & (pair_counts >= cut)
    keys = first[kept] * len(order) + second[kept]
    by_key = np.argsort(keys, kind="stable")
    return Tables([words[i] for i in order], folds, counts=_to_array(counts[order]),
                  starts=starts,
                  followers=_to_array(np.bincount(first[known], minlength=len(order))),
                  keys=_to_array(keys[by_key]), pairs=_to_array(pair_counts[kept][by_key]))
