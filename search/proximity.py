"""How close the query's words stand on every matched page: whole phrase, pairs, distances.

Every place a word stands is a key (index of the page among the candidates << 32 | word
position), so a field's keys are one sorted int64 array and "b right after a" is a
membership test of a + 1 among b's keys: array work over every candidate, no loop per page.

A query is a row of units: each covers some query words and lists the forms they may take
on a page ("ubnd" or "uy ban nhan dan"; "3800" or "3 800"; a typo or its correction).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from .postings import mark, slot_table

FIELDS = ("title_f", "body_f")
NEAR, CLOSE = 3, 8        # words between a pair: near, close; further counts as apart
APART = 3                 # the class of a pair that is not within CLOSE words
_SHIFT = 32
EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
MANY_CANDIDATES = 4096    # above, candidates are found through a table of every document
MERGE_RATIO = 4           # more keys than this many per value: each value is searched for
_FAR = 1 << 62  # beyond any key
# The class of a distance up to CLOSE + 1 (standing in for all beyond): near, close, apart.
_CLASS_OF = np.array([1] * (NEAR + 1) + [2] * (CLOSE - NEAR) + [APART], dtype=np.int8)
_ANY = object()  # a run that has not started: the next unit may stand anywhere


@dataclass(frozen=True)
class Unit:
    """Query words start..end-1 and the folded word sequences they may stand for."""

    start: int
    end: int
    forms: tuple[tuple[str, ...], ...]


@dataclass
class Closeness:
    """Per candidate page: the whole query stands in order, and each pair's distance class."""

    phrase: np.ndarray   # bool
    pairs: np.ndarray    # int8, (pairs, candidates): 0 in order side by side, 1 near, 2 close, 3 apart
    modified: np.ndarray  # bool: holds the whole query only right after a modifier
    in_title: np.ndarray  # bool: holds the whole query in its title

    def take(self, positions: np.ndarray) -> Closeness:
        """Return the closeness of some of the candidates."""
        return Closeness(self.phrase[positions], self.pairs[:, positions],
                         self.modified[positions], self.in_title[positions])

    def join(self, other: Closeness) -> Closeness:
        """Return the closeness over both fields, given this and the other field's on the
        same candidates."""
        phrase = self.phrase | other.phrase
        return Closeness(phrase, np.minimum(self.pairs, other.pairs),
                         (self.modified | other.modified) & ~phrase,
                         self.in_title | other.in_title)


def closeness(postings, words: list[Unit], longer: list[Unit], skippable: set[int],
              docnums: np.ndarray, modifiers: list[str] = (),
              fields: tuple[str, ...] = FIELDS) -> Closeness:
    """Measure, for the candidate documents, how close the query's units stand in title or body.

    words holds one unit per query word, longer the units of longer stretches; skippable
    the words a phrase may leave out (question words). Pairs are the consecutive words
    that are not skippable. A whole-query match preceded by a modifier ("phó" before
    "chủ tịch") does not count as the phrase. docnums are sorted.
    """
    docnums = np.asarray(docnums, dtype=np.int64)
    counted = [u for u in words if u.start not in skippable]
    phrase = np.zeros(len(docnums), dtype=bool)
    modified = np.zeros(len(docnums), dtype=bool)
    in_title = np.zeros(len(docnums), dtype=bool)
    pairs = np.full((max(len(counted) - 1, 0), len(docnums)), APART, dtype=np.int8)
    if not len(docnums) or len(counted) < 2:
        return Closeness(phrase, pairs, modified, in_title)
    for field in fields:
        keys_of = keys_reader(postings, field, docnums)
        places = {u: _unit_places(keys_of, u) for u in words + longer}
        whole = _phrase_pages(words + longer, places, skippable, len(words), len(docnums))
        if modifiers and whole.any():
            first = _unmodified(keys_of, places[counted[0]], modifiers)
            plain = _phrase_pages(words + longer, {**places, counted[0]: first}, skippable,
                                  len(words), len(docnums))
            modified |= whole & ~plain
            whole = plain
        phrase |= whole
        if field == "title_f":
            in_title = whole.copy()
        for k, (a, b) in enumerate(pairwise(counted)):
            np.minimum(pairs[k], _pair_classes(places[a], places[b], len(docnums)), out=pairs[k])
    return Closeness(phrase, pairs, modified & ~phrase, in_title)


def pair_bounds(postings, field: str, first: Unit, second: Unit,
                docnums: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Tell which (sorted) candidates hold the second unit right after the first in a
    field, and which hold them near (the first pair classes, 0 and up to 1).

    The first unit's forms are single words: they are looked up around each place of
    the second, not gathered.
    """
    keys_of = keys_reader(postings, field, np.asarray(docnums, dtype=np.int64))
    starts, _ = _unit_places(keys_of, second)
    pages, at = starts >> _SHIFT, starts & ((1 << _SHIFT) - 1)
    after = np.zeros(len(starts), dtype=bool)
    near = np.zeros(len(starts), dtype=bool)
    for (word,) in first.forms:
        # positions are distinct: the one right before is among the NEAR from at - NEAR
        found = postings.places_from(field, word, docnums[pages], at - NEAR, NEAR)
        after |= (found == at - 1).any(axis=0)
        near |= found[0] <= at + NEAR
    side = np.zeros(len(docnums), dtype=bool)
    side[pages[after]] = True
    close = np.zeros(len(docnums), dtype=bool)
    close[pages[near]] = True
    return side, close


def keys_reader(postings, field: str, docnums: np.ndarray):
    """Return a function giving a word's keys among the candidates, each read once."""
    found: dict[str, np.ndarray] = {}
    slots = None
    if len(docnums) > MANY_CANDIDATES:
        # each title holding a word finds its candidate in one step, not a binary search
        # (the titles of "de co" among 81 000 candidates at 100k articles)
        slots = slot_table(postings.size, docnums)
    docnums = docnums.astype(np.int32, copy=False)  # the postings' type: searched uncopied

    def keys_of(word: str) -> np.ndarray:
        if word not in found:
            found[word] = word_keys(postings, field, word, docnums, slots)
        return found[word]
    return keys_of


def _unmodified(keys_of, unit_places, modifiers):
    """Return a unit's places without those right after one of the modifier words."""
    if not modifiers:
        return unit_places
    starts, ends = unit_places
    before = starts - 1
    keep = np.ones(len(starts), dtype=bool)
    for word in modifiers:
        keep &= ~member(before, keys_of(word))
    return starts[keep], ends[keep]


def _unit_places(keys_of, unit: Unit):
    """Return (start keys, end keys) of every place one of the unit's forms stands, by start."""
    starts, ends = [], []
    for form in unit.forms:
        found = sequence_starts(keys_of, form)
        starts.append(found)
        ends.append(found + (len(form) - 1))
    if len(starts) == 1:
        return starts[0], ends[0]
    start, end = np.concatenate(starts), np.concatenate(ends)
    order = np.argsort(start, kind="stable")
    return start[order], end[order]


def sequence_starts(keys_of, words: tuple[str, ...]) -> np.ndarray:
    """Return the sorted keys where the words stand side by side, in order (keys_of gives
    a word's keys in one field).

    The rarest word leads: each other word is a lookup of its few places, not a pass
    over "là"'s thousands.
    """
    places = [keys_of(word) for word in words]
    lead = min(range(len(words)), key=lambda k: len(places[k]))
    # A lead place too near its page's start to begin the phrase borrows from the key's
    # page bits and then matches no other word's key.
    found = places[lead] - lead
    for shift, keys in enumerate(places):
        if shift != lead and len(found):
            found = held(found + shift, keys) - shift
    return found


def phrase_counts(postings, field: str, words: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Return the documents holding the words side by side in a field, and how many times.

    Every page holding all the words is checked: with positions as arrays, the thousands
    of pages holding "hà nội" cost milliseconds, so totals and facets are exact. The
    answer is kept in the postings cache: a query asks for the same phrase to match, to
    score and to relax ("tp hcm chuan": 20 of its 35 ms at 30 000 articles).
    """
    if len(words) == 1:
        return postings.term(field, words[0])
    return postings.cached(("phrase", field, tuple(words)),
                           lambda name, phrase: _phrase_counts(postings, name, phrase))


def _phrase_counts(postings, field: str, words: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Return phrase_counts' answer, computed."""
    candidates = common_pages(postings.size, [postings.term(field, word)[0] for word in words])
    if not len(candidates):
        return EMPTY
    pages = sequence_starts(keys_reader(postings, field, candidates), words) >> _SHIFT
    counts = np.bincount(pages, minlength=len(candidates))
    held = np.flatnonzero(counts)
    return candidates[held], counts[held].astype(np.float32)


def common_pages(size: int, parts: list[np.ndarray]) -> np.ndarray:
    """Return the pages found in every part (each sorted and distinct), sorted.

    The shortest part is kept where a mask of each other marks it: np.intersect1d sorted
    both (1.6 vs 0.7 ms for 60 000 and 40 000 pages).
    """
    found, *others = sorted(parts, key=len)
    for part in others:
        mask = np.zeros(size, dtype=bool)
        mark(mask, part)
        found = found[mask.take(found)]
    return found


def word_keys(postings, field: str, word: str, docnums: np.ndarray,
              slots: np.ndarray | None = None) -> np.ndarray:
    """Return the sorted keys of every occurrence of a word in the candidate documents
    (slots, if given, each document's index among them or -1)."""
    where, positions = postings.positions_in(field, word, docnums, slots)
    keys = where.astype(np.int64, copy=False) << _SHIFT  # a shift makes its own array
    keys |= positions
    return keys


def held(values: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Return the values found among the keys (both sorted and distinct), sorted."""
    if len(keys) > MERGE_RATIO * len(values):
        return values[member(values, keys)]
    # Both sorted: a stable sort of the two merges two runs, and a value held meets its
    # key. 50 000 values among 50 000 keys: 0.69 ms where 50 000 binary searches took 1.6.
    merged = np.sort(np.concatenate((values, keys)), kind="stable")
    after = merged[1:]
    return after[after == merged[:-1]]


def member(values: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """Tell for each value whether it is in a sorted array."""
    if not len(sorted_keys):
        return np.zeros(len(values), dtype=bool)
    index = np.minimum(np.searchsorted(sorted_keys, values), len(sorted_keys) - 1)
    return sorted_keys[index] == values


def _phrase_pages(units: list[Unit], places: dict, skippable: set[int], count: int,
                  size: int) -> np.ndarray:
    """Tell which candidates hold the query's units one after another (skippable words aside)."""
    # reach[k]: end keys of the runs over words [0, k); ANY before the first word is placed.
    reach: list = [_ANY] + [None] * count
    for k in range(1, count + 1):
        found = [_extend(places[u], reach[u.start]) for u in units
                 if u.end == k and reach[u.start] is not None]
        if k - 1 in skippable and reach[k - 1] is not None:
            found.append(reach[k - 1])
        if any(f is _ANY for f in found):
            reach[k] = _ANY
        elif found:
            joined = found[0] if len(found) == 1 else _sorted_unique(np.concatenate(found))
            reach[k] = joined if len(joined) else None
    pages = np.zeros(size, dtype=bool)
    if reach[count] is not None and reach[count] is not _ANY:
        pages[reach[count] >> _SHIFT] = True
    return pages


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """Return the distinct values sorted (a sort beats numpy's hash-based unique here)."""
    values = np.sort(values)
    keep = np.ones(len(values), dtype=bool)
    keep[1:] = values[1:] != values[:-1]
    return values[keep]


def _extend(unit_places, before: np.ndarray | None) -> np.ndarray | None:
    """Return the end keys of the unit's places that start right after a run ending in before."""
    starts, ends = unit_places
    if before is _ANY:
        return ends
    return ends[member(starts - 1, before)]


def _pair_classes(first, second, size: int) -> np.ndarray:
    """Return each candidate's best distance class between two units' places."""
    ends, starts = first[1], second[0]  # both sorted (_unit_places)
    classes = np.full(size, APART, dtype=np.int8)
    if not len(ends) or not len(starts):
        return classes
    # Far keys around the second's places stand for "none after" and "none before": no
    # clipping, and both distances are positive (searchsorted puts ends <= the next start).
    around = np.concatenate(([-_FAR], starts, [_FAR]))
    index = np.searchsorted(starts, ends)
    after = around.take(index + 1) - ends
    before = ends - around.take(index)
    each = _CLASS_OF.take(np.minimum(np.minimum(after, before), CLOSE + 1))
    each[after == 1] = 0
    np.minimum.at(classes, ends >> _SHIFT, each)
    return classes
