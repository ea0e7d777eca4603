"""The same story listed twice: near-duplicate articles found at reindex, folded in results.

Two articles are one story when their texts are nearly the same (the simhashes of their
word 3-shingles differ in at most MAX_BITS of 64 bits), whatever their headlines, or when
they carry the same specific headline (six words or more) within a week: two outlets'
reports of one event. A short headline shared by different texts ("Thông báo") is not a
story. Each article gets a title key and a simhash at reindex; each generation groups
them once when opened.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from itertools import pairwise

import numpy as np

from .analysis import fold_text
from .snippets import fold_chars

MAX_BITS = 3              # of 64 simhash bits two copies of one story may differ in
MIN_TITLE_WORDS = 6       # a headline this long names one story
SAME_STORY_SECONDS = 7 * 86_400
BAND_NEIGHBOURS = 4       # documents sharing a band compared with each other, in order
MIN_WORDS = 40            # of a text given a simhash
MAX_CHARS = 12_000        # of a body hashed (~2 000 words): enough to tell stories apart
_MULTIPLIERS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9],
                        dtype=np.uint64)
_ASCII_WORD_RE = re.compile(r"[a-z0-9]+")
_BITS = np.uint64(1) << np.arange(64, dtype=np.uint64)


@lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    """Return a stable 64-bit hash of a folded word (Python's hash() changes per process)."""
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


def title_key(title: str) -> int:
    """Return a signed 63-bit key of a folded headline (0 for one too short to name a story).

    >>> title_key("Văn phòng Tỉnh uỷ tổng kết năm 2019") == title_key("VAN PHONG TINH ỦY TONG KET NAM 2019")
    True
    >>> title_key("Thông báo"), title_key("")
    (0, 0)
    """
    folded = fold_text(title)
    return stable_key(folded) if len(folded.split()) >= MIN_TITLE_WORDS else 0


def stable_key(text: str) -> int:
    """Return a signed 63-bit hash of a text, the same in every process and build."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little") >> 1


def simhash(text: str) -> int:
    """Return the signed 64-bit simhash of a text's word 3-shingles (0 for a short text).

    >>> simhash("Hội nghị của Văn phòng Tỉnh ủy bàn việc 5.")
    0
    """
    # fold_chars folds with one numpy table lookup: 6x faster than fold_text with its
    # tokenizer, and an ASCII pattern finds the words 5x faster than the Unicode one.
    words = _ASCII_WORD_RE.findall(fold_chars(text[:MAX_CHARS]))
    if len(words) < MIN_WORDS:  # too short to tell a copy from a text that differs in a number
        return 0
    hashes = np.fromiter((_word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    with np.errstate(over="ignore"):
        shingles = hashes[:-2] * _MULTIPLIERS[0] ^ hashes[1:-1] * _MULTIPLIERS[1] ^ \
            hashes[2:] * _MULTIPLIERS[2]
    ones = np.unpackbits(shingles.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little").sum(axis=0)
    value = int(((ones * 2 > len(shingles)).astype(np.uint64) * _BITS).sum())
    return value - (1 << 64) if value >= 1 << 63 else value


def story_of(title_keys: np.ndarray, hashes: np.ndarray,
             timestamps: np.ndarray | None = None) -> np.ndarray:
    """Return for each document the first document of its story (itself when it has no copy).

    One story: the same headline of MIN_TITLE_WORDS or more words published within
    SAME_STORY_SECONDS (or undated), or near-identical text whatever the headline.
    """
    size = len(title_keys)
    timestamps = np.zeros(size, dtype=np.int64) if timestamps is None else timestamps
    parent = np.arange(size, dtype=np.int64)
    for a, b in _same_headline(title_keys, timestamps) + _same_text(hashes):
        root_a, root_b = _root(parent, a), _root(parent, b)
        parent[max(root_a, root_b)] = min(root_a, root_b)
    return np.array([_root(parent, d) for d in range(size)], dtype=np.int64) if size else parent


def _same_headline(title_keys: np.ndarray, timestamps: np.ndarray) -> list[tuple[int, int]]:
    """Return pairs of documents with the same long headline, published close together."""
    pairs = []
    for group in _groups(title_keys):
        for a, b in pairwise(group):
            apart = abs(int(timestamps[a]) - int(timestamps[b]))
            if not timestamps[a] or not timestamps[b] or apart <= SAME_STORY_SECONDS:
                pairs.append((int(a), int(b)))
    return pairs


def _same_text(hashes: np.ndarray) -> list[tuple[int, int]]:
    """Return pairs of documents whose simhashes differ in MAX_BITS bits or fewer.

    Two such hashes agree on at least one of MAX_BITS + 1 bands of bits: per band the
    documents are sorted by that band and each is compared with the next few.
    """
    unsigned = hashes.astype(np.uint64)
    texts = np.flatnonzero(hashes != 0)
    width = 64 // (MAX_BITS + 1)
    pairs = set()
    for band in range(MAX_BITS + 1):
        keys = (unsigned[texts] >> np.uint64(band * width)) & np.uint64((1 << width) - 1)
        order = texts[np.argsort(keys, kind="stable")]
        ordered = keys[np.argsort(keys, kind="stable")]
        for step in range(1, BAND_NEIGHBOURS + 1):
            same = ordered[step:] == ordered[:-step]
            first, second = order[:-step][same], order[step:][same]
            close = _popcount(unsigned[first] ^ unsigned[second]) <= MAX_BITS
            pairs.update(zip(np.minimum(first, second)[close].tolist(),
                             np.maximum(first, second)[close].tolist()))
    return sorted(pairs)


def _groups(keys: np.ndarray, skip: int | None = 0) -> list[np.ndarray]:
    """Return the documents of each key held by two or more, by document number."""
    order = np.lexsort((np.arange(len(keys)), keys))
    bounds = np.flatnonzero(np.diff(keys[order])) + 1
    return [g for g in np.split(order, bounds) if len(g) > 1 and keys[g[0]] != skip]


def _root(parent: np.ndarray, doc: int) -> int:
    """Return the first document of a document's story (union-find with path halving)."""
    while parent[doc] != doc:
        parent[doc] = parent[parent[doc]]
        doc = parent[doc]
    return int(doc)


def fold_copies(matched: np.ndarray, scores: np.ndarray | None, story: np.ndarray,
                ties: np.ndarray) -> np.ndarray:
    """Return which matched documents to show: the best-scored of each story (ties: the
    smallest tie key, given per matched document)."""
    stories = story[matched]
    keep = np.ones(len(matched), dtype=bool)
    shared = np.flatnonzero(np.bincount(stories, minlength=len(story))[stories] > 1)
    if not len(shared):
        return keep
    rank = -scores[shared] if scores is not None else np.zeros(len(shared))
    order = shared[np.lexsort((ties[shared], rank, stories[shared]))]
    first = np.ones(len(order), dtype=bool)
    first[1:] = stories[order][1:] != stories[order][:-1]
    keep[order[~first]] = False
    return keep


def _popcount(values: np.ndarray) -> np.ndarray:
    """Return the number of set bits of each uint64."""
    return np.unpackbits(values.view(np.uint8).reshape(-1, 8), axis=1).sum(axis=1)
