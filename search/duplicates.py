"""The same story listed twice: near-duplicate articles found at reindex, folded in results.

Two articles are one story when their texts are nearly the same (the MinHash of their
word 3-shingles estimates a Jaccard similarity of MIN_JACCARD or more), whatever their
headlines, or when they carry the same specific headline (six words or more) within a
week: two outlets' reports of one event. A short headline shared by different texts
("Thông báo") is not a story. Each article gets a title key and a MinHash signature at
reindex; each generation groups them once when opened.

A 64-bit simhash was tried first: two copies of an interview with 0.93 of their shingles
in common differed in 9 of 64 bits, as far apart as many different texts.
"""

from __future__ import annotations

import hashlib
from itertools import pairwise

import numpy as np

from .analysis import fold_text
from .folding import fold_chars

MIN_JACCARD = 0.7         # estimated share of shingles two copies of one story hold
SIGNATURE = 32            # MinHash values a text: the estimate's error is about 0.07
ROWS = 2                  # values a band: texts sharing a whole band are compared
MIN_TITLE_WORDS = 6       # a headline this long names one story
SAME_STORY_SECONDS = 7 * 86_400
BAND_NEIGHBOURS = 4       # documents sharing a band compared with each other, in order
MIN_WORDS = 40            # of a text given a signature
MAX_CHARS = 12_000        # of a body hashed (~2 000 words): enough to tell stories apart
_MULTIPLIERS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9],
                        dtype=np.uint64)
# Each UTF-16 unit of a folded text as itself if it is [a-z0-9], else as a space.
_ASCII_WORD_UNITS = np.full(0x10000, ord(" "), dtype=np.uint8)
_ASCII_WORD_UNITS[list(b"abcdefghijklmnopqrstuvwxyz0123456789")] = list(
    b"abcdefghijklmnopqrstuvwxyz0123456789")
_PERMUTATIONS = np.random.default_rng(2024).integers(1, 2**63, size=(2, SIGNATURE),
                                                    dtype=np.uint64) | np.uint64(1)


class _WordHashes(dict):
    """Each folded word -> a stable 64-bit hash of it (Python's hash() changes per process)."""

    def __missing__(self, word: str) -> int:
        value = self[word] = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8)
                                            .digest(), "little")
        return value


_WORD_HASHES = _WordHashes()
MAX_WORD_HASHES = 200_000  # folded words whose hashes are kept (~25 MB)


def _word_hashes(words: list[str]) -> np.ndarray:
    """Return the stable 64-bit hash of each folded word.

    Words are looked up by map() over a dict, in C, which hashes a word it lacks: a
    generator of cached calls took half of signature()'s time (0.2 of 0.4 ms an article),
    and finding the new words first by a set difference 0.04 ms more.
    """
    if len(_WORD_HASHES) > MAX_WORD_HASHES:
        _WORD_HASHES.clear()
    return np.fromiter(map(_WORD_HASHES.__getitem__, words), dtype=np.uint64, count=len(words))


def _ascii_words(folded: str) -> list[str]:
    """Return the runs of [a-z0-9] of a folded text, in order.

    One table lookup a UTF-16 unit and a split: 0.10 ms for a news article, where the
    pattern [a-z0-9]+ took 0.15.

    >>> _ascii_words("da nang, x2-ok_b đ")
    ['da', 'nang', 'x2', 'ok', 'b']
    """
    units = np.frombuffer(folded.encode("utf-16-le", "surrogatepass"), dtype="<u2")
    return _ASCII_WORD_UNITS[units].tobytes().decode("ascii").split()


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


def signature(text: str) -> bytes:
    """Return the MinHash signature of a text's word 3-shingles (empty for a short text).

    >>> signature("Hội nghị của Văn phòng Tỉnh ủy bàn việc 5.")
    b''
    """
    # fold_chars folds with one numpy table lookup: 6x faster than fold_text with its
    # tokenizer, and _ascii_words finds the words 8x faster than the Unicode pattern.
    words = _ascii_words(fold_chars(text[:MAX_CHARS]))
    if len(words) < MIN_WORDS:  # too short to tell a copy from a text that differs in a number
        return b""
    hashes = _word_hashes(words)
    with np.errstate(over="ignore"):
        shingles = hashes[:-2] * _MULTIPLIERS[0] ^ hashes[1:-1] * _MULTIPLIERS[1] ^ \
            hashes[2:] * _MULTIPLIERS[2]
        # one row a permutation, summed in place; the high half of the least value is the
        # least high half: 50 against 85 µs for a news article
        mixed = _PERMUTATIONS[0][:, None] * shingles
        mixed += _PERMUTATIONS[1][:, None]
    return (mixed.min(axis=1) >> np.uint64(32)).astype("<u4").tobytes()


def signatures(values: list) -> np.ndarray:
    """Return the signatures of a column (bytes or None per document) as rows of uint32."""
    rows = np.zeros((len(values), SIGNATURE), dtype=np.uint32)
    for doc, value in enumerate(values):
        if value:
            rows[doc] = np.frombuffer(value, dtype="<u4")
    return rows


def story_of(title_keys: np.ndarray, texts: np.ndarray,
             timestamps: np.ndarray | None = None) -> np.ndarray:
    """Return for each document the first document of its story (itself when it has no copy).

    One story: the same headline of MIN_TITLE_WORDS or more words published within
    SAME_STORY_SECONDS (or undated), or near-identical text whatever the headline.
    """
    size = len(title_keys)
    timestamps = np.zeros(size, dtype=np.int64) if timestamps is None else timestamps
    parent = np.arange(size, dtype=np.int64)
    for a, b in _same_headline(title_keys, timestamps) + _same_text(texts):
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


def _same_text(texts: np.ndarray) -> list[tuple[int, int]]:
    """Return pairs of documents whose signatures estimate a Jaccard of MIN_JACCARD or more.

    Copies agree on some whole band of ROWS values (at 0.7, on one of 16 bands with a
    chance of 0.9997): per band the documents are sorted and each compared with the next.
    """
    held = np.flatnonzero(texts.any(axis=1))
    pairs = set()
    for band in range(SIGNATURE // ROWS):
        columns = texts[held, band * ROWS:(band + 1) * ROWS].astype(np.uint64)
        keys = (columns[:, 0] << np.uint64(32)) | columns[:, 1]
        order = np.argsort(keys, kind="stable")
        docs, ordered = held[order], keys[order]
        for step in range(1, BAND_NEIGHBOURS + 1):
            same = ordered[step:] == ordered[:-step]
            first, second = docs[:-step][same], docs[step:][same]
            alike = (texts[first] == texts[second]).mean(axis=1) >= MIN_JACCARD
            pairs.update(zip(np.minimum(first, second)[alike].tolist(),
                             np.maximum(first, second)[alike].tolist()))
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
                ties: np.ndarray, repeated: np.ndarray | None = None) -> np.ndarray:
    """Return which matched documents to show: the best-scored of each story (ties: the
    smallest tie key). story, ties and repeated are per document of the index; repeated
    marks the documents whose story the index tells more than once (repeated_stories):
    only those are looked at."""
    keep = np.ones(len(matched), dtype=bool)
    # 621 of 100 000 news articles share a story: the others need no counting.
    maybe = np.arange(len(matched)) if repeated is None else np.flatnonzero(repeated[matched])
    shared = maybe[_held_twice(story[matched[maybe]])]
    if not len(shared):
        return keep
    docs = matched[shared]
    rank = -scores[shared] if scores is not None else np.zeros(len(shared))
    order = np.lexsort((ties[docs], rank, story[docs]))
    stories = story[docs[order]]
    first = np.ones(len(order), dtype=bool)
    first[1:] = stories[1:] != stories[:-1]
    keep[shared[order[~first]]] = False
    return keep


def _held_twice(values: np.ndarray) -> np.ndarray:
    """Return True for each value the array holds more than once.

    Sorting the few hundred values of a query took 0.03 ms where counting them in an array
    as long as the index (np.bincount) took 0.08 at 100k articles.
    """
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    same = ordered[1:] == ordered[:-1]
    twice = np.zeros(len(values), dtype=bool)
    twice[order[1:][same]] = True
    twice[order[:-1][same]] = True
    return twice


def repeated_stories(story: np.ndarray) -> np.ndarray:
    """Return True for each document whose story (story_of) has other documents."""
    return np.bincount(story, minlength=len(story))[story] > 1
