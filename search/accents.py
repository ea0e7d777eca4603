"""Accent restoration learned from the indexed text: syllable bigrams decoded by Viterbi."""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import pairwise
from math import log

import numpy as np

from .analysis import WORD_RE, fold_word, has_accents, normalize_word, tokenize
from .typos import known_edits, syllable_typos

FORMAT = "vpsearch-accents-1"
# Learn from the first ~200 words of each text: enough for the model, cheap for reindex.
MAX_CHARS = 1200
# Keep the most frequent accented forms of a folded syllable ("ma" has more than six).
MAX_FORMS = 12
# Absolute discount of the interpolated bigram model.
DISCOUNT = 0.75
# Bigrams do not cross punctuation: "Hà Nội, ngày" gives (hà, nội) but not (nội, ngày).
BREAK_RE = re.compile(r"[^\w\s\u0300-\u036f]+|[\n_]")
# Bigram counts kept in memory while training before singletons are dropped.
MAX_PENDING_PAIRS = 3_000_000


def segments(text: str) -> Iterator[list[str]]:
    """Yield the normalized words of each punctuation-free stretch of a text.

    >>> list(segments("Văn phòng Tỉnh uỷ, Hà Nội"))
    [['văn', 'phòng', 'tỉnh', 'ủy'], ['hà', 'nội']]
    """
    for part in BREAK_RE.split(unicodedata.normalize("NFC", text)):
        words = WORD_RE.findall(part)
        if words:
            yield list(map(normalize_word, words))


def min_count(tokens: int) -> int:
    """Return the count below which n-grams are pruned for a corpus of this many tokens.

    >>> min_count(50_000), min_count(5_000_000), min_count(50_000_000)
    (1, 2, 3)
    """
    return 1 if tokens < 1_000_000 else 2 if tokens < 10_000_000 else 3


class Tables:
    """Frozen counts: words grouped by fold, unigram counts and sorted bigram keys."""

    ARRAYS = ("counts", "starts", "followers", "keys", "pairs")

    def __init__(self, vocab: list[str], folds: list[str], **arrays: array) -> None:
        self.vocab, self.folds = vocab, folds
        for name in self.ARRAYS:
            setattr(self, name, arrays[name])
        self.ids = {w: i for i, w in enumerate(vocab)}
        self.fold_ids = {f: i for i, f in enumerate(folds)}
        self.total = sum(self.counts)
        self.denominator = self.total + 0.5 * len(vocab) + 1

    @classmethod
    def freeze(cls, unigrams: Counter, bigrams: Counter) -> Tables:
        """Prune rare counts and pack the rest into sorted arrays."""
        words = list(unigrams)
        ids = {w: i for i, w in enumerate(words)}
        pairs = [(ids[a], ids[b], c) for (a, b), c in bigrams.items() if a in ids and b in ids]
        pairs = np.array(pairs, dtype=np.int64).reshape(-1, 3)
        return cls.from_counts(words, np.fromiter(unigrams.values(), np.int64, len(words)),
                               pairs[:, 0], pairs[:, 1], pairs[:, 2])

    @classmethod
    def from_counts(cls, words: list[str], counts: np.ndarray, firsts: np.ndarray,
                    seconds: np.ndarray, pair_counts: np.ndarray,
                    followers: np.ndarray | None = None, cut: int | None = None) -> Tables:
        """Prune rare counts and pack the rest: words[i] seen counts[i] times, the pair
        (words[firsts[k]], words[seconds[k]]) pair_counts[k] times, each pair once.

        followers[i], if given, is how many distinct kept words follow words[i]: counted
        by a caller that prunes the pairs before handing them over (else from the pairs).
        cut, if given, is min_count of every word counted: given by a caller that hands
        over only the words it keeps (else from counts).
        """
        cut = min_count(int(counts.sum())) if cut is None else cut
        folded = {i: fold_word(words[i]) for i in np.flatnonzero(counts >= cut).tolist()}
        seen = counts.tolist()
        order = sorted(folded, key=lambda i: (folded[i], -seen[i], words[i]))
        renumber = np.full(len(words), -1, dtype=np.int64)
        renumber[order] = np.arange(len(order))
        folds, starts = [], array("q")
        for position, i in enumerate(order):
            if not folds or folds[-1] != folded[i]:
                folds.append(folded[i])
                starts.append(position)
        starts.append(len(order))
        first, second = renumber[firsts], renumber[seconds]
        known = (first >= 0) & (second >= 0)
        kept = known & (pair_counts >= cut)
        keys = first[kept] * len(order) + second[kept]
        by_key = np.argsort(keys, kind="stable")
        return cls([words[i] for i in order], folds, counts=_int_array(counts[order]),
                   starts=starts,
                   followers=_int_array(np.bincount(first[known], minlength=len(order))
                                        if followers is None else followers[order]),
                   keys=_int_array(keys[by_key]), pairs=_int_array(pair_counts[kept][by_key]))

    def forms(self, fold: str) -> list[str]:
        """Return the accented forms of a folded word, most frequent first."""
        index = self.fold_ids.get(fold)
        if index is None:
            return []
        return self.vocab[self.starts[index]:self.starts[index + 1]][:MAX_FORMS]

    def fold_count(self, fold: str) -> int:
        """Return how often any form of a folded word was seen."""
        index = self.fold_ids.get(fold)
        if index is None:
            return 0
        return sum(self.counts[self.starts[index]:self.starts[index + 1]])

    def logp(self, previous: int | None, word: int | None) -> float:
        """Return log P(word | previous), interpolating bigram and unigram estimates."""
        seen = 0 if word is None else self.counts[word]
        unigram = (seen + 0.5) / self.denominator
        if previous is None:
            return log(unigram)
        pair = 0 if word is None else self.pair(previous, word)
        backoff = DISCOUNT * max(self.followers[previous], 1) * unigram
        return log((max(pair - DISCOUNT, 0) + backoff) / self.counts[previous])

    def pair(self, first: int, second: int) -> int:
        """Return the kept count of a bigram of word ids."""
        key = first * len(self.vocab) + second
        index = bisect_left(self.keys, key)
        return self.pairs[index] if index < len(self.keys) and self.keys[index] == key else 0

    def dump(self) -> bytes:
        """Serialize the tables: a JSON header line, then the words, then raw arrays."""
        texts = ["\n".join(self.vocab).encode(), "\n".join(self.folds).encode()]
        blobs = [getattr(self, name).tobytes() for name in self.ARRAYS]
        header = {"format": FORMAT, "byteorder": sys.byteorder,
                  "sizes": [len(b) for b in texts + blobs]}
        return json.dumps(header).encode() + b"\n" + b"".join(texts + blobs)

    @classmethod
    def parse(cls, data: bytes) -> Tables:
        """Rebuild tables from the bytes written by dump()."""
        newline = data.index(b"\n")
        header = json.loads(data[:newline])
        if header.get("format") != FORMAT:
            raise ValueError(f"Not an accent model of format {FORMAT}; rebuild it with reindex.")
        view, offset, parts = memoryview(data), newline + 1, []
        for size in header["sizes"]:
            parts.append(view[offset:offset + size])
            offset += size
        vocab, folds = (bytes(p).decode().split("\n") if len(p) else [] for p in parts[:2])
        arrays = {}
        for name, blob in zip(cls.ARRAYS, parts[2:]):
            arrays[name] = array("q")
            arrays[name].frombytes(blob)
            if header["byteorder"] != sys.byteorder:
                arrays[name].byteswap()
        return cls(vocab, folds, **arrays)


def _int_array(values: np.ndarray) -> array:
    """Return a numpy integer array as array('q'), copied once."""
    result = array("q")
    result.frombytes(memoryview(np.ascontiguousarray(values, dtype=np.int64)).cast("B"))
    return result


def count_texts(texts: Iterable[str], unigrams: Counter, bigrams: Counter) -> None:
    """Add the words and in-sentence word pairs of the start of each text to the counters."""
    for text in texts:
        words, pairs = [], []
        for segment in segments(text[:MAX_CHARS]):  # one update a text: a third of the time
            words += segment
            pairs += pairwise(segment)
        unigrams.update(words)
        bigrams.update(pairs)
        if len(bigrams) > MAX_PENDING_PAIRS:
            # Rare pairs would be pruned anyway; dropping them early bounds memory.
            for pair in [p for p, c in bigrams.items() if c == 1]:
                del bigrams[pair]


def is_current_model(path: os.PathLike) -> bool:
    """Tell whether a file holds an accent model of this format (its first line says)."""
    try:
        with open(path, "rb") as handle:
            return json.loads(handle.readline()).get("format") == FORMAT
    except (OSError, ValueError, AttributeError):
        return False


class AccentModel:
    """Restore the diacritics of folded queries and suggest spellings from corpus counts."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    @classmethod
    def train(cls, texts: Iterable[str]) -> AccentModel:
        """Learn a model from titles and bodies of articles."""
        unigrams, bigrams = Counter(), Counter()
        count_texts(texts, unigrams, bigrams)
        return cls(Tables.freeze(unigrams, bigrams))

    def save(self, path: os.PathLike) -> None:
        """Write the model to one file atomically."""
        temporary = f"{os.fspath(path)}.tmp{os.getpid()}"
        try:
            with open(temporary, "wb") as handle:
                handle.write(self.tables.dump())
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.remove(temporary)

    @classmethod
    def load(cls, path: os.PathLike) -> AccentModel:
        """Read a model written by save()."""
        with open(path, "rb") as handle:
            return cls(Tables.parse(handle.read()))

    def restore(self, query: str) -> str | None:
        """Return the query with its most likely accents, or None if nothing changes."""
        words = list(tokenize(query))
        typed = [normalize_word(w) for _, _, w in words]
        if not any(self._known(w) for w in typed):
            return None
        return self._respell(query, words, [self._candidates(w) for w in typed])

    def best_spelling(self, typed: list[str], columns: list[list[str]]) -> list[str] | None:
        """Return the likeliest sequence taking one spelling from each column, or None."""
        if not typed or len(columns) != len(typed):
            return None
        return self._decode(columns, [k > 0 for k in range(len(typed))])

    def corrections(self, word: str) -> list[str]:
        """Return the accented forms of known words one edit away from an unknown word."""
        return self._corrections(word)

    def expand_typo(self, folded_syllable: str, limit: int = 5) -> list[str]:
        """Return known folded syllables one typo away from an unknown one; known ones never expand."""
        t = self.tables
        return syllable_typos(folded_syllable, t.fold_ids, t.fold_count, limit)

    def knows(self, folded: str) -> bool:
        """Tell whether a folded word was seen as a word in the corpus."""
        return folded in self.tables.fold_ids

    def _known(self, word: str) -> bool:
        """Tell whether a normalized word (or its folded form, if unaccented) was seen."""
        if has_accents(word):
            return word in self.tables.ids
        return word in self.tables.fold_ids

    def _candidates(self, word: str) -> list[str]:
        """Return the spellings a typed normalized word may stand for."""
        if has_accents(word):
            return [word]
        return self.tables.forms(word) or [word]

    def _corrections(self, word: str) -> list[str]:
        """Return the accented forms of known words one edit away from an unknown word."""
        t = self.tables
        forms = [f for fold in known_edits(fold_word(word), t.fold_ids) for f in t.forms(fold)]
        # Keep the decoding small: only the most frequent neighbours compete.
        forms.sort(key=lambda f: -t.counts[t.ids[f]])
        return forms[:MAX_FORMS] or [word]

    def _respell(self, query: str, words: list, columns: list[list[str]]) -> str | None:
        """Decode the best spelling and splice it into the query, None if unchanged."""
        joined = [k > 0 and query[words[k - 1][1]:words[k][0]].isspace()
                  for k in range(len(words))]
        best = self._decode(columns, joined)
        if best == [normalize_word(w) for _, _, w in words]:
            return None
        pieces, end = [], 0
        for (start, stop, _), word in zip(words, best):
            pieces += [query[end:start], word]
            end = stop
        return ("".join(pieces) + query[end:]).strip()

    def _decode(self, columns: list[list[str]], joined: list[bool]) -> list[str]:
        """Return the most likely word sequence, one word from each column (Viterbi)."""
        t = self.tables
        ids = [[t.ids.get(w) for w in column] for column in columns]
        scores, back = [], []
        for k, column in enumerate(ids):
            if k == 0 or not joined[k]:
                previous = max(range(len(scores)), key=scores.__getitem__) if scores else None
                scores = [(max(scores) if scores else 0.0) + t.logp(None, w) for w in column]
                back.append([previous] * len(column))
                continue
            row, pointers = [], []
            for word in column:
                options = [s + t.logp(p, word) for s, p in zip(scores, ids[k - 1])]
                best = max(range(len(options)), key=options.__getitem__)
                row.append(options[best])
                pointers.append(best)
            scores = row
            back.append(pointers)
        index = max(range(len(scores)), key=scores.__getitem__) if scores else None
        path = []
        for k in range(len(columns) - 1, -1, -1):
            path.append(columns[k][index])
            index = back[k][index]
        return path[::-1]
