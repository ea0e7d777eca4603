"""Codes and initials written joined, spaced or hyphenated: "PMU18", "PMU 18" and "PMU-18";
"GTVT", "GT VT" and "GT-VT".

The tokenizer splits at a hyphen or a space and keeps a join of letters and digits as one
word, so each spelling is other words on the page: "PMU18" is the word pmu18, "PMU-18" the
words pmu, 18. A query's code stands for its other spellings that the corpus holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_LETTERS_DIGITS_RE = re.compile(r"([a-z]+)(\d+)")
_VOWELS = set("aeiouy")
MAX_INITIALS = 6  # letters of a run of initials split in two ("GTVT": "GT-VT")


def is_initials(folded: str) -> bool:
    """Tell whether a folded word is letters without a vowel: initials ("gt", "tphcm")."""
    return folded.isalpha() and folded.isascii() and not _VOWELS & set(folded)


def code_spellings(folded: list[str],
                   known: Callable[[str], bool]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Return (start, end, words) for each stretch of the query (folded words) that the
    corpus also writes another way; known tells whether a word is in the corpus.

    >>> words = {"pmu", "18", "pmu18", "gt", "vt", "gtvt"}.__contains__
    >>> code_spellings(["bo", "gtvt", "pmu18"], words)
    [(1, 2, ('gt', 'vt')), (2, 3, ('pmu', '18'))]
    >>> code_spellings(["gt", "vt", "pmu", "18"], words)
    [(0, 2, ('gtvt',)), (2, 4, ('pmu18',))]
    """
    found = []
    for i, word in enumerate(folded):
        found += [(i, i + 1, parts) for parts in _splits(word) if all(map(known, parts))]
        if i + 1 < len(folded) and _joinable(word, folded[i + 1]) and known(word + folded[i + 1]):
            found.append((i, i + 2, (word + folded[i + 1],)))
    return found


def _splits(word: str) -> list[tuple[str, str]]:
    """Return the ways a word may be written as two: letters then digits, or two runs of
    two or more initials."""
    joined = _LETTERS_DIGITS_RE.fullmatch(word)
    if joined:
        return [(joined.group(1), joined.group(2))]
    if is_initials(word) and 4 <= len(word) <= MAX_INITIALS:
        return [(word[:cut], word[cut:]) for cut in range(2, len(word) - 1)]
    return []


def _joinable(first: str, second: str) -> bool:
    """Tell whether two neighbouring words may be one code: letters then digits ("pmu 18"),
    or initials then initials ("gt vt")."""
    if first.isalpha() and first.isascii() and second.isdigit():
        return True
    return is_initials(first) and is_initials(second)
