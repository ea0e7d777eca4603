"""Repair a real-word typo by the pages themselves: the one-edit variant that makes the words
a phrase of some page.

"mong manh lanh" holds known words only, but no page has them side by side; "mỏng manh
làng" stands in a title. Each word is tried in turn as each of its known one-edit
neighbours (a fragment such as "cp" also as the words it begins), and a variant is kept
when the query then stands as a phrase in some title or body. A query that some page
already holds as typed is never repaired.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from .expansion import is_fragment
from .proximity import common_pages, keys_reader, member, sequence_starts
from .spelling import words_beginning
from .typos import known_edits

MIN_WORDS, MAX_WORDS = 2, 5   # queries repaired: a phrase of two to five words
MAX_VARIANTS = 15             # of a word tried, the commonest first (each costs a posting read)
FIELDS = ("title_f", "body_f")
FIRST_PAGES, GROWTH = 128, 8  # of the rarest word's pages, looked at first for the phrase


def phrase_repairs(postings, words: list[str], model) -> dict[str, list[str]]:
    """Return, per typed word, the variants that make the words a phrase of some page."""
    if model is None or not MIN_WORDS <= len(words) <= MAX_WORDS or len(set(words)) < len(words):
        return {}
    if not all(w.isalnum() for w in words) or \
            any(phrase_held(postings, f, tuple(words)) for f in FIELDS):
        return {}
    found: dict[str, list[str]] = {}
    for index, word in enumerate(words):
        if len(word) < 2 or word.isdigit():
            continue
        # The other words' places are read once for all of this word's variants.
        readers = [keys_reader(postings, f, among) for f in FIELDS
                   if len(among := _common(postings, f, words[:index] + words[index + 1:]))]
        for variant in _variants(word, model):
            trial = (*words[:index], variant, *words[index + 1:])
            if any(len(sequence_starts(keys_of, trial)) for keys_of in readers):
                found.setdefault(word, []).append(variant)
    return found


def phrase_held(postings, field: str, words: tuple[str, ...]) -> bool:
    """Tell whether some page holds the words side by side in a field, cached.

    The pages of the rarest word are looked at a few first: where the phrase stands at
    all it mostly stands in some of them, and the rest are never gathered (a count of
    every page gathered the places of "pho" and "co" in all the pages holding both).
    """
    return bool(postings.cached(("phrase held", field, tuple(words)),
                                lambda name, phrase: _phrase_held(postings, name, phrase))[0])


def _phrase_held(postings, field: str, words: tuple[str, ...]) -> tuple[np.ndarray]:
    """Return phrase_held's answer, computed, as the cache keeps it (one value)."""
    if field == "title_f" and _title_pair(postings, words):
        return (np.ones(1, dtype=bool),)
    ids = [postings.term(field, word)[0] for word in words]
    lead = min(range(len(words)), key=lambda k: len(ids[k]))
    for start, end in pairwise(_bounds(len(ids[lead]))):
        part = ids[lead][start:end]
        for k, others in enumerate(ids):
            if k != lead and len(part):
                part = part[member(part, others)]
        if len(part) and len(sequence_starts(keys_reader(postings, field, part), words)):
            return (np.ones(1, dtype=bool),)
    return (np.zeros(1, dtype=bool),)


def _title_pair(postings, words: tuple[str, ...]) -> bool:
    """Tell whether some title holds two words as a pair (title_p: only whitespace between).

    A pair held this way stands side by side in title_f too; its postings are read to score
    the query anyway, where the check by positions cost 0.5 ms of a two-word query at 100k
    articles. A word holding "_" could make another pair's term: not asked.
    """
    if len(words) != 2 or any("_" in word for word in words):
        return False
    return bool(len(postings.term("title_p", "_".join(words))[0]))


def _bounds(count: int) -> list[int]:
    """Return where the parts of count pages start, each eight times the last, and end."""
    bounds, size = [0], FIRST_PAGES
    while size < count:
        bounds.append(size)
        size *= GROWTH
    return [*bounds, count]


def _variants(word: str, model) -> list[str]:
    """Return the known words one edit away (and those a fragment begins), commonest first."""
    tables = model.tables
    candidates = set(known_edits(word, tables.fold_ids))
    if is_fragment(word):
        candidates.update(f for f in words_beginning(tables, word) if len(f) <= len(word) + 3)
    return sorted(candidates, key=lambda c: (-tables.fold_count(c), c))[:MAX_VARIANTS]


def _common(postings, field: str, words: list[str]) -> np.ndarray:
    """Return the documents holding every word in a field."""
    return common_pages(postings.size, [postings.term(field, w)[0] for w in words])
