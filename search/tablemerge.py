"""Adding a few articles' word counts to frozen accent tables, without thawing them.

Thawing every word and word pair of a 100k-article model into Counters, adding 100
articles and freezing again took 2.8 s of an incremental reindex; numpy merges the
new counts into the sorted arrays and gives the same tables, byte for byte.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import numpy as np

from .accents import Tables


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
    return summed_by_key(merged, np.concatenate([_int64(old.pairs), new[:, 2]]))


def run_starts(keys: np.ndarray) -> np.ndarray:
    """Return where each run of equal values starts in sorted keys."""
    if not len(keys):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))


def summed_by_key(keys: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return each distinct key once, ascending, with the sum of its counts."""
    order = np.argsort(keys, kind="stable")
    keys, counts = keys[order], counts[order]
    starts = run_starts(keys)
    return keys[starts], np.add.reduceat(counts, starts) if len(keys) else counts


def summed_streams(streams: list[Iterator[tuple[np.ndarray, np.ndarray]]]
                   ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield each distinct key of the streams once, ascending, with the sum of its counts.

    Each stream yields (keys, counts) chunks, its keys ascending across chunks. Only one
    chunk a stream is held: what is merged at a time is every held key up to the smallest
    last key held, which no later chunk of any stream can hold again.
    """
    held = [_next_chunk(stream) for stream in streams]
    while any(chunk is not None for chunk in held):
        bound = min(chunk[0][-1] for chunk in held if chunk is not None)
        keys, counts = [], []
        for number, chunk in enumerate(held):
            if chunk is None:
                continue
            end = int(np.searchsorted(chunk[0], bound, side="right"))
            keys.append(chunk[0][:end])
            counts.append(chunk[1][:end])
            rest = chunk[0][end:], chunk[1][end:]
            held[number] = rest if len(rest[0]) else _next_chunk(streams[number])
        yield summed_by_key(np.concatenate(keys), np.concatenate(counts))


def _next_chunk(stream: Iterator) -> tuple[np.ndarray, np.ndarray] | None:
    """Return a stream's next chunk that holds a key, or None at its end."""
    return next((chunk for chunk in stream if len(chunk[0])), None)


def merge_counts(old: Tables, unigrams: Counter, bigrams: Counter) -> Tables:
    """Return what Tables.freeze gives for old's counts plus these, without thawing them."""
    words = list(old.vocab) + [w for w in unigrams if w not in old.ids]
    ids = {w: i for i, w in enumerate(words)}
    counts = np.zeros(len(words), dtype=np.int64)
    counts[:len(old.vocab)] = _int64(old.counts)
    for word, count in unigrams.items():
        counts[ids[word]] += count
    pair_keys, pair_counts = _summed_pairs(old, ids, bigrams)
    width = max(len(words), 1)
    return Tables.from_counts(words, counts, pair_keys // width, pair_keys % width, pair_counts)
