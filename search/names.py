"""Names in a query: neighbouring words the corpus's titles write capitalised together.

"nguyen xuan anh bi cach chuc" names someone: titles write "Nguyễn Xuân Anh" with
capitals, while "bị cách chức" stays lower case. A number or Roman numeral right after a
word names one of a series: "Trung ương 8", "khóa XII", "Nghị quyết 18", "PMU 18". A name
is what a page is about; a fragment of a sentence ("người dân đề nghị các") names nothing.
"""

from __future__ import annotations

import re
from itertools import pairwise

import numpy as np

from .analysis import fold_word, normalize_word, tokenize

SAMPLE = 4  # titles read to tell how a pair of words is written
_ROMAN_RE = re.compile(r"x{0,3}(?:ix|iv|v?i{0,3})")  # I to XXXIX: a party congress or term
# Numerals that are also a syllable or a letter in lower case ("xi": xì, xỉ; "ông x").
_AMBIGUOUS_NUMERALS = {"i", "v", "x", "vi", "xi"}


def is_numeral(word) -> bool:
    """Tell whether a query word (a querytext.Word) is a number or a Roman numeral; a
    lower-case numeral that reads as a syllable ("xi": xì, xỉ) is taken as the syllable.

    >>> from search.querytext import parse_query
    >>> [is_numeral(w) for w in parse_query("khóa XII 8 khoa xii xi XI").words]
    [False, True, True, False, True, False, True]
    """
    folded = word.folded
    if folded.isdigit():
        return True
    roman = bool(folded) and _ROMAN_RE.fullmatch(folded) is not None
    return roman and (word.typed.isupper() or folded not in _AMBIGUOUS_NUMERALS)


def reads_as_numeral(folded: str) -> bool:
    """Tell whether a folded word of a page is a number or a Roman numeral; "vi" (vì, vị)
    and lone "i", "v" are taken as words.

    >>> [reads_as_numeral(w) for w in ("8", "xi", "xiv", "vi", "uy")]
    [True, True, True, False, False]
    """
    if folded.isdigit():
        return True
    return folded not in {"i", "v", "vi"} and bool(folded) and \
        _ROMAN_RE.fullmatch(folded) is not None


def numbered_pairs(words: list) -> set[int]:
    """Return i for each word i followed by a numeral that names one of its series
    ("Trung ương 8": the "ương" before "8"); a numeral after a numeral names nothing, nor
    does the start of an amount ("tăng 6,5", "hơn 1 000").

    >>> from search.querytext import parse_query
    >>> sorted(numbered_pairs(parse_query("Hội nghị Trung ương 8 khóa XII").words))
    [3, 5]
    """
    return {i for i in range(len(words) - 1)
            if is_numeral(words[i + 1]) and not is_numeral(words[i])
            and not _quantity(words[i + 1:i + 3])}


def _quantity(words: list) -> bool:
    """Tell whether a number runs on into the next one: "174,2" or "1 000" is an amount."""
    return len(words) == 2 and words[0].folded.isdigit() and words[1].folded.isdigit()


def name_pairs(postings, folded: list[str]) -> list[bool]:
    """Tell, for each two neighbouring query words, whether titles write them as a name."""
    return [_written_as_name(postings, a, b) for a, b in pairwise(folded)]


def _written_as_name(postings, first: str, second: str) -> bool:
    """Tell whether most titles holding the two words side by side capitalise both (cached)."""
    (found,) = postings.cached(("name", first, second),
                               lambda a, b: (np.array([_read(postings, a, b)]),))
    return bool(found[0])


def _read(postings, first: str, second: str) -> bool:
    """Read a few titles holding "first second" and tell whether most capitalise both words.

    Reading stops once the titles left cannot change the answer: two lower-case titles
    of four settle it, and at 100k articles a title costs a stored-fields read (45 µs).
    """
    seen = capitalised = 0
    docnums = postings.term("title_p", f"{first}_{second}")[0][:SAMPLE]
    for read, docnum in enumerate(docnums, 1):
        written = _capitalised(postings.stored(int(docnum)).get("title") or "", first, second)
        if written is not None:
            seen += 1
            capitalised += written
        margin, unread = 2 * capitalised - seen, len(docnums) - read
        if margin - unread > 0 or margin + unread <= 0:
            break
    return seen > 0 and 2 * capitalised > seen


def _capitalised(title: str, first: str, second: str) -> bool | None:
    """Tell whether a title writes "first second" with both capitalised (None: the title
    tells nothing, in capitals or without the two words side by side)."""
    if title.isupper():  # a headline in capitals tells nothing
        return None
    for (_, end, a), (start, _, b) in pairwise(tokenize(title)):
        if _fold(a) == first and _fold(b) == second and title[end:start].isspace():
            return a[:1].isupper() and b[:1].isupper()
    return None


def _fold(word: str) -> str:
    """Return a title word as the index folds it."""
    return fold_word(normalize_word(word))
