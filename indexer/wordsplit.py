"""The words of a text (WORD_RE) and the accent model's words and breaks, found faster.

sre tries WORD_RE's alternation `(?:[^\\W_]|[\\u0300-\\u036f])+` at every character. In a
text without "_", `[\\w\\u0300-\\u036f]+` finds the same words with one class test a
character: 0.24 against 0.38 ms for a news article's body. A text with "_" (11 of 5 000
news articles) is read with the pattern itself.
"""

from __future__ import annotations

import re

import numpy as np

from search.accents import BREAK_RE
from search.analysis import WORD_RE

# A word or a break, left to right: the words of accents.segments() with a break between
# two segments (a word and a break never share a character, see test_accentcounts).
TOKEN_RE = re.compile(f"{WORD_RE.pattern}|{BREAK_RE.pattern}")
# The same patterns for a text without "_": [^\W_] is \w there, and [\n_] is \n.
_WORD_RE = re.compile(r"[\w\u0300-\u036f]+")
_TOKEN_RE = re.compile(r"[\w\u0300-\u036f]+|[^\w\s\u0300-\u036f]+|\n")
# Each UTF-16 unit: itself if _WORD_RE matches it, else a space (surrogates: spaces). A long
# text's units mapped through it then split() give its words: 0.11-0.18 against 0.22-0.40
# us a word for news bodies; shorter texts (titles: 4 against 6 us) are read with the pattern.
_UNITS = np.frombuffer(re.sub(r"[^\w\u0300-\u036f]", " ", "".join(map(chr, range(1 << 16))))
                       .encode("utf-16-le", "surrogatepass"), dtype="<u2").copy()
TABLE_CHARS = 256  # of a text read through _UNITS


def words(text: str) -> list[str]:
    """Return WORD_RE.findall(text).

    >>> words("Thành uỷ, TP.HCM_2")
    ['Thành', 'uỷ', 'TP', 'HCM', '2']
    """
    if "_" in text:
        return WORD_RE.findall(text)
    if len(text) < TABLE_CHARS:
        return _WORD_RE.findall(text)
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype="<u2")
    if len(units) != len(text):  # characters past U+FFFF, two units each
        return _WORD_RE.findall(text)
    return _UNITS[units].tobytes().decode("utf-16-le").split()


def words_and_breaks(text: str) -> list[str]:
    """Return TOKEN_RE.findall(text): words, and runs of break characters between them.

    >>> words_and_breaks("Hà Nội, ngày 3/2\\n")
    ['Hà', 'Nội', ',', 'ngày', '3', '/', '2', '\\n']
    """
    return (TOKEN_RE if "_" in text else _TOKEN_RE).findall(text)
