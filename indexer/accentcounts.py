"""The accent model's counts of one writer process's articles, as numbers, merged at the end.

count_texts counted words and word pairs of every article into Counters of strings and
tuples in the build's parent: 0.74 ms an article (news_100k), a sixth of the build's CPU.
Here each writer process numbers the words of its own articles (one dictionary lookup a
spelling) and numpy counts the pairs. The counts are exact, never pruned before the end,
so the model does not depend on how the corpus was dealt to the processes.

Memory stays bounded whatever the corpus: a process writes its pair counts to a run file
in the build's folder whenever they pass its budget, and at the end its vocabulary; the
parent merges the vocabularies a word at a time, holding only the words the model keeps,
then the runs a chunk at a time, pruning as it goes, and removes them.
"""

from __future__ import annotations

import heapq
import unicodedata
import uuid
from array import array
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from search import accents
from search.accents import MAX_CHARS, Tables
from search.analysis import WORD_RE, normalize_word
from search.tablemerge import run_starts, summed_streams

from .wordsplit import words_and_breaks

SETTLE_WORDS = 1 << 21  # words held as numbers before their pairs are counted
BREAK = -1
RUN_PREFIX, RUN_SUFFIX = "accents-", ".run"  # a run file of pair counts in the build's folder
VOCABULARY_SUFFIX = ".words"  # a process's words in text order: "word\tnumber\tcount" lines
RECORD = np.dtype([("key", "<i8"), ("count", "<i8")])
LOW = 0xFFFFFFFF
MERGE_COPIES = 4  # a merged chunk is held about this many times: read, renumbered, summed
MIN_CHUNK = 1024  # records read from a run at a time, however many runs
WRITE_PIECE = 1 << 16  # records written to a run at a time (1 MB)
WORDS_PIECE = 1 << 16  # words written to a vocabulary file at a time


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
    """Exact counts of some articles: a file of words and their counts, and run files of
    pair counts.

    The vocabulary file lists each word once, in text order, with its number and count. A
    run holds each pair once, keyed first << 32 | second (the words' numbers), in the order
    of the pairs' words as text: any numbering of words in text order keeps it.
    """

    vocabulary: Path
    size: int  # words numbered
    tokens: int  # words counted
    runs: list[Path]


class AccentCounts:
    """Count the words and in-sentence word pairs of the start of texts, as count_texts does."""

    def __init__(self, folder: Path, budget: int) -> None:
        """Write pair counts to run files in a folder whenever they pass budget bytes."""
        self._folder, self._budget, self._runs = Path(folder), budget, []
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
        if len(self._pending) > min(SETTLE_WORDS, self._budget // self._pending.itemsize):
            self._settle()

    def shard(self) -> Shard:
        """Return the counts of every text added, written to a vocabulary file and runs."""
        self._settle()
        words = self._spellings.words
        order = _sorted_numbers(words)
        self._write_run(order)
        counts = self._counts.tolist() + [0] * (len(words) - len(self._counts))
        path = self._folder / f"{RUN_PREFIX}{uuid.uuid4().hex}{VOCABULARY_SUFFIX}"
        with open(path, "wb") as handle:
            for start in range(0, len(order), WORDS_PIECE):
                handle.write(b"".join(b"%s\t%d\t%d\n" % (_utf8(words[i]), i, counts[i])
                                      for i in order[start:start + WORDS_PIECE]))
        return Shard(path, len(words), sum(counts), self._runs)

    def _settle(self) -> None:
        """Count the pending words and pairs into the totals; write them past the budget."""
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
        if self._pairs.nbytes + self._pair_counts.nbytes > self._budget:
            self._write_run()

    def _write_run(self, order: list[int] | None = None) -> None:
        """Write the pairs counted since the last run to a new run file, in text order.

        order, if given, is _sorted_numbers of the words, already computed. The pairs are
        ranked in place: the write holds one array of the pairs' size beside them, not two.
        """
        if not len(self._pairs):
            return
        words = self._spellings.words
        numbers = np.array(_sorted_numbers(words) if order is None else order, dtype=np.int64)
        rank = np.empty(len(words), dtype=np.int64)
        rank[numbers] = np.arange(len(words))
        ranked = _ranked_in_place(self._pairs, rank)
        self._pairs = np.zeros(0, dtype=np.int64)
        by_text = np.argsort(ranked)
        path = self._folder / f"{RUN_PREFIX}{uuid.uuid4().hex}{RUN_SUFFIX}"
        self._runs.append(path)
        with open(path, "wb") as handle:
            for start in range(0, len(by_text), WRITE_PIECE):  # no second copy of the pairs
                piece = by_text[start:start + WRITE_PIECE]
                records = np.empty(len(piece), dtype=RECORD)
                records["key"] = _numbered(ranked[piece], numbers)
                records["count"] = self._pair_counts[piece]
                records.tofile(handle)
        self._pair_counts = np.zeros(0, dtype=np.int64)


def _numbered(ranked: np.ndarray, numbers: np.ndarray) -> np.ndarray:
    """Turn ranked pairs back into the words' numbers (numbers[rank]), in place."""
    firsts = ranked >> 32
    np.take(numbers, firsts, out=firsts, mode="clip")
    firsts <<= 32
    ranked &= LOW
    np.take(numbers, ranked, out=ranked, mode="clip")
    firsts |= ranked
    return firsts


def _utf8(word: str) -> bytes:
    """Return a word's UTF-8 bytes, which sort as the word does."""
    return word.encode("utf-8", "surrogatepass")


def _sorted_numbers(words: list[str]) -> list[int]:
    """Return the numbers of words in the words' text order."""
    return sorted(range(len(words)), key=words.__getitem__)


def _ranked_in_place(pairs: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """Turn pairs (first << 32 | second) into rank[first] << 32 | rank[second], in place.

    take's default mode copies its output first (tracemalloc: a second array of the pairs'
    size); "clip" writes in place, and every number is in range.
    """
    seconds = pairs & LOW
    pairs >>= 32
    np.take(rank, pairs, out=pairs, mode="clip")
    pairs <<= 32
    np.take(rank, seconds, out=seconds, mode="clip")
    pairs |= seconds
    return pairs


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


def merged_tables(shards: list[Shard], budget: int) -> Tables:
    """Return the accent tables of every shard's counts together (Tables.freeze of the sums).

    The runs are read about budget bytes at a time in all, and removed, whatever happens.
    """
    try:
        cut = accents.min_count(sum(shard.tokens for shard in shards))
        words, counts, renumbers = _kept_vocabulary(shards, cut)
        width = max(len(words), 1)
        renumbered = [(path, renumber) for shard, renumber in zip(shards, renumbers)
                      for path in shard.runs]
        size = max(budget // RECORD.itemsize // MERGE_COPIES // max(len(renumbered), 1),
                   MIN_CHUNK)
        streams = [_run_chunks(path, renumber, width, size) for path, renumber in renumbered]
        return _pruned_tables(words, np.array(counts, dtype=np.int64), cut,
                              summed_streams(streams))
    finally:
        for shard in shards:
            for path in [shard.vocabulary, *shard.runs]:
                path.unlink(missing_ok=True)


def _kept_vocabulary(shards: list[Shard], cut: int) -> tuple[list[str], array, list]:
    """Return the words seen at least cut times in all (text order), their counts, and for
    each shard its words' numbers among them (-1: a word not kept).

    Only the kept words are held as text: the vocabularies are merged a word at a time.
    """
    words, counts = [], array("q")
    renumbers = [np.full(shard.size, -1, dtype=np.int64) for shard in shards]
    merged = heapq.merge(*(_vocabulary(shard.vocabulary, number)
                           for number, shard in enumerate(shards)))
    last, total, places = None, 0, []
    for word, shard, number, count in merged:
        if word != last:
            _keep_word(last, total, places, cut, (words, counts, renumbers))
            last, total, places = word, 0, []
        total += count
        places.append((shard, number))
    _keep_word(last, total, places, cut, (words, counts, renumbers))
    return words, counts, renumbers


def _keep_word(word: bytes | None, total: int, places: list, cut: int, kept: tuple) -> None:
    """Add a merged word to the kept words if it was seen at least cut times."""
    words, counts, renumbers = kept
    if word is None or total < cut:
        return
    for shard, number in places:
        renumbers[shard][number] = len(words)
    words.append(word.decode("utf-8", "surrogatepass"))
    counts.append(total)


def _vocabulary(path: Path, shard: int):
    """Yield (word as UTF-8, shard, number, count) for each line of a vocabulary file."""
    with open(path, "rb") as handle:
        for line in handle:
            word, number, count = line.split(b"\t")
            yield word, shard, int(number), int(count)


def _run_chunks(path: Path, renumber: np.ndarray, width: int, size: int):
    """Yield a run's pairs of kept words as (first * width + second, count) in the kept
    words' numbering, which keeps the runs' order.

    The file is opened for each chunk: a small memory setting may give more runs than a
    process may hold files open.
    """
    offset = 0
    while len(records := np.fromfile(path, dtype=RECORD, count=size, offset=offset)):
        offset += records.nbytes
        keys = records["key"]
        first, second = renumber[keys >> 32], renumber[keys & LOW]
        known = (first >= 0) & (second >= 0)
        yield first[known] * width + second[known], records["count"][known]


def _pruned_tables(words: list[str], counts: np.ndarray, cut: int, pairs) -> Tables:
    """Return Tables.from_counts of the kept words, numbered in text order, and the summed
    pairs of kept words.

    The pairs come as ascending (key, count) chunks; only the pairs from_counts keeps are
    held, so each word's followers (among every pair of kept words, pruned or not) are
    counted here and handed to from_counts.
    """
    width = max(len(words), 1)
    followers = np.zeros(len(words), dtype=np.int64)
    kept = []
    for keys, found in pairs:
        first, second = keys // width, keys % width
        followers += np.bincount(first, minlength=len(words))
        keep = found >= cut
        kept.append([first[keep].astype(np.int32), second[keep].astype(np.int32), found[keep]])
    parts = [_concatenated(kept, part) for part in range(3)]
    return Tables.from_counts(words, counts, *parts, followers=followers, cut=cut)


def _concatenated(chunks: list[list], part: int) -> np.ndarray:
    """Concatenate one part of every chunk, letting each chunk's copy go."""
    joined = np.concatenate([chunk[part] for chunk in chunks] or [np.zeros(0, np.int64)])
    for chunk in chunks:
        chunk[part] = None
    return joined
