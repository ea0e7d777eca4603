"""Spelling helpers on folded syllables: one-edit neighbours, bounded typo expansion."""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable

LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Shorter strings have too many one-edit neighbours to guess from.
MIN_TYPO_LENGTH = 3


def edits1(word: str) -> set[str]:
    """Return the strings one deletion, transposition, substitution or insertion away.

    >>> sorted(w for w in edits1("phng") if w.startswith("pho"))
    ['phog', 'phong']
    >>> "tinh" in edits1("tinh")
    False
    """
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in LETTERS]
    inserts = [a + c + b for a, b in splits for c in LETTERS]
    found = set(deletes + transposes + replaces + inserts)
    found.discard(word)
    return found


def known_edits(word: str, known: Container[str]) -> list[str]:
    """Return the one-edit neighbours of a word that are in `known`, sorted.

    >>> known_edits("phng", {"phong", "phung", "tinh"})
    ['phong', 'phung']
    """
    return sorted(w for w in edits1(word) if w in known)


def syllable_typos(syllable: str, known: Container[str], frequency: Callable[[str], int],
                    limit: int = 5) -> list[str]:
    """Return at most `limit` known neighbours of an unknown folded syllable, most frequent first.

    A syllable the corpus knows is never expanded: "tinh" never floods into linh, minh,
    kinh. An edit may be anywhere: typos in the first letters are common on phones.

    >>> counts = {"tinh": 9, "tich": 5, "linh": 8, "minh": 7}
    >>> syllable_typos("tinh", counts, counts.get)
    []
    >>> syllable_typos("tnh", counts, counts.get)
    ['tinh']
    >>> syllable_typos("xinhh", counts, counts.get), syllable_typos("ab", counts, counts.get)
    ([], [])
    """
    syllable = syllable.lower()
    if len(syllable) < MIN_TYPO_LENGTH or not syllable.isalpha() or syllable in known:
        return []
    return _most_frequent(known_edits(syllable, known), frequency)[:max(limit, 0)]


def _most_frequent(words: Iterable[str], frequency: Callable[[str], int]) -> list[str]:
    """Sort words by descending frequency, then alphabetically."""
    return sorted(words, key=lambda w: (-frequency(w), w))
