"""Repair a real-word typo by the pages themselves: the one-edit variant that makes the words
a phrase of some page.

"mong manh lanh" holds known words only, but no page has them side by side; "mỏng manh
làng" stands in a title. Each word is tried in turn as each of its known one-edit
neighbours (a fragment such as "cp" also as the words it begins), and a variant is kept
when the query then stands as a phrase in some title or body. A query that some page
already holds as typed is never repaired.
"""

from __future__ import annotations

from functools import reduce

import numpy as np

from .expansion import is_fragment
from .proximity import keys_reader, phrase_counts, sequence_starts
from .spelling import words_beginning
from .typos import known_edits

MIN_WORDS, MAX_WORDS = 2, 5   # queries repaired: a phrase of two to five words
MAX_VARIANTS = 15             # of a word tried, the commonest first (each costs a posting read)
FIELDS = ("title_f", "body_f")


def phrase_repairs(postings, words: list[str], model) -> dict[str, list[str]]:
    """Return, per typed word, the variants that make the words a phrase of some page."""
    if model is None or not MIN_WORDS <= len(words) <= MAX_WORDS or len(set(words)) < len(words):
        return {}
    if not all(w.isalnum() for w in words) or \
            any(len(phrase_counts(postings, f, tuple(words))[0]) for f in FIELDS):
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


def _variants(word: str, model) -> list[str]:
    """Return the known words one edit away (and those a fragment begins), commonest first."""
    tables = model.tables
    candidates = set(known_edits(word, tables.fold_ids))
    if is_fragment(word):
        candidates.update(f for f in words_beginning(tables, word) if len(f) <= len(word) + 3)
    return sorted(candidates, key=lambda c: (-tables.fold_count(c), c))[:MAX_VARIANTS]


def _common(postings, field: str, words: list[str]) -> np.ndarray:
    """Return the documents holding every word in a field."""
    return reduce(lambda a, b: np.intersect1d(a, b, assume_unique=True),
                  [postings.term(field, w)[0] for w in words])
