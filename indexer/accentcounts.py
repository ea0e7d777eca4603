"""The accent model's counts of one writer process's articles, as numbers, merged at the end.

count_texts counted words and word pairs of every article into Counters of strings and
tuples in the build's parent: 0.74 ms an article (news_100k), a sixth of the build's CPU.
Here each writer process numbers the words of its own articles (one dictionary lookup a
spelling) and numpy counts the pairs. The counts are exact, never pruned before the end,
so the model does not depend on how the corpus was dealt to the processes.
"""

from __future__ import annotations

import unicodedata
from array import array
from dataclasses import dataclass

import numpy as np

from search.accents import MAX_CHARS, Tables
from search.analysis import WORD_RE, normalize_word
from search.tablemerge import run_starts, summed_by_key

from .wordsplit import words_and_breaks

SETTLE_WORDS = 1 << 21  # words held as numbers before their pairs are counted
BREAK = -1


class _Spellings(dict):
    """Each word or break as found in text -> the number of its normalized word (BREAK)."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self._numbers: dict[str, int] = {}

    def __missing__(self, spelling: str) -> int:
        if not WORD_RE.match(spelling):
            number = BREAK
        else:
            word = normalize_word(spelling)
            number = self._numbers.setdefault(word, len(self.words))
            if number == len(self.words):
                self.words.append(word)
        self[spelling] = number
        return number


@dataclass
class Shard:
    """Exact counts of some articles: words, how often each, and each pair's count."""

    words: list[str]
    counts: np.ndarray  # int64, one per word
    pairs: np.ndarray  # int64 keys first << 32 | second, ascending, each once
    pair_counts: np.ndarray  # int64


class AccentCounts:
    """Count the words and in-sentence word pairs of the start of texts, as count_texts does."""

    def __init__(self) -> None:
        self._spellings = _Spellings()
        self._pending = array("i")
        self._counts = np.zeros(0, dtype=np.int64)
        self._pairs = np.zeros(0, dtype=np.int64)
        self._pair_counts = np.zeros(0, dtype=np.int64)

    def add(self, text: str) -> None:
        """Count the words of the start of a text."""
        found = words_and_breaks(unicodedata.normalize("NFC", text[:MAX_CHARS]))
        self._pending.extend(map(self._spellings.__getitem__, found))
        self._pending.append(BREAK)  # no pair across texts
        if len(self._pending) > SETTLE_WORDS:
            self._settle()

    def shard(self) -> Shard:
        """Return the counts of every text added."""
        self._settle()
        return Shard(self._spellings.words, self._counts, self._pairs, self._pair_counts)

    def _settle(self) -> None:
        """Count the pending words and pairs into the totals."""
        numbers = np.frombuffer(self._pending, dtype=np.int32)
        size = len(self._spellings.words)
        counts = np.bincount(numbers[numbers >= 0], minlength=size)
        counts[:len(self._counts)] += self._counts
        self._counts = counts
        first, second = numbers[:-1], numbers[1:]
        both = (first >= 0) & (second >= 0)
        keys = first[both].astype(np.int64) << 32 | second[both]
        keys.sort()
        self._pairs, self._pair_counts = _counted_in(self._pairs, self._pair_counts, keys)
        self._pending = array("i")


def _counted_in(pairs: np.ndarray, counts: np.ndarray, keys: np.ndarray) -> tuple:
    """Return distinct ascending pairs and their counts with sorted keys counted in.

    The counted pairs are already sorted: the new ones are sorted alone (values, with SIMD)
    and merged in, 3x faster than a stable argsort of all of them together.
    """
    starts = run_starts(keys)
    distinct, found = keys[starts], np.diff(np.append(starts, len(keys)))
    at = np.searchsorted(pairs, distinct)
    known = at < len(pairs)
    known[known] = pairs[at[known]] == distinct[known]
    counts[at[known]] += found[known]
    fresh = ~known
    return np.insert(pairs, at[fresh], distinct[fresh]), np.insert(counts, at[fresh], found[fresh])


def merged_tables(shards: list[Shard]) -> Tables:
    """Return the accent tables of every shard's counts together (Tables.freeze of the sums)."""
    words = list(dict.fromkeys(word for shard in shards for word in shard.words))
    numbers = {word: number for number, word in enumerate(words)}
    counts = np.zeros(len(words), dtype=np.int64)
    width = max(len(words), 1)
    keys, pair_counts = [], []
    for shard in shards:
        renumber = np.fromiter(map(numbers.__getitem__, shard.words), dtype=np.int64,
                               count=len(shard.words))
        counts[renumber] += shard.counts[:len(renumber)]
        keys.append(renumber[shard.pairs >> 32] * width + renumber[shard.pairs & 0xFFFFFFFF])
        pair_counts.append(shard.pair_counts)
    pairs, pair_counts = summed_by_key(np.concatenate(keys or [np.zeros(0, np.int64)]),
                                 np.concatenate(pair_counts or [np.zeros(0, np.int64)]))
    return Tables.from_counts(words, counts, pairs // width, pairs % width, pair_counts)
