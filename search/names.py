"""Names in a query: neighbouring words the corpus's titles write capitalised together.

"nguyen xuan anh bi cach chuc" names someone: titles write "Nguyễn Xuân Anh" with
capitals, while "bị cách chức" stays lower case. A name is what a page is about; a
fragment of a sentence ("người dân đề nghị các") names nothing.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from .analysis import fold_word, normalize_word, tokenize

SAMPLE = 4  # titles read to tell how a pair of words is written


def name_pairs(postings, folded: list[str]) -> list[bool]:
    """Tell, for each two neighbouring query words, whether titles write them as a name."""
    return [_written_as_name(postings, a, b) for a, b in pairwise(folded)]


def _written_as_name(postings, first: str, second: str) -> bool:
    """Tell whether most titles holding the two words side by side capitalise both (cached)."""
    (found,) = postings.cached(("name", first, second),
                               lambda a, b: (np.array([_read(postings, a, b)]),))
    return bool(found[0])


def _read(postings, first: str, second: str) -> bool:
    """Read a few titles holding "first second" and tell whether most capitalise both words."""
    seen = capitalised = 0
    for docnum in postings.term("title_p", f"{first}_{second}")[0][:SAMPLE]:
        title = postings.stored(int(docnum)).get("title") or ""
        if title.isupper():  # a headline in capitals tells nothing
            continue
        for (_, end, a), (start, _, b) in pairwise(tokenize(title)):
            if _fold(a) == first and _fold(b) == second and title[end:start].isspace():
                seen += 1
                capitalised += a[:1].isupper() and b[:1].isupper()
                break
    return seen > 0 and 2 * capitalised > seen


def _fold(word: str) -> str:
    """Return a title word as the index folds it."""
    return fold_word(normalize_word(word))
