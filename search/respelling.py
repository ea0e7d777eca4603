"""The found pages' own spelling of a query: the corpus writes the names it means.

"nguyen thien nhan than ben nha rong" stands, but for accents and one typo, in the first
hit's title "Tân Bí thư TP.HCM Nguyễn Thiện Nhân thăm Bến Nhà Rồng": the suggestion takes
"Nguyễn Thiện Nhân thăm Bến Nhà Rồng" from it, capitals of names included, where the accent
model alone reads "nhận nền nhà rồng".
"""

from __future__ import annotations

import unicodedata

from .analysis import normalize_word
from .folding import WORD_RE, fold_offsets

MIN_AGREEING = 2   # query words a passage must hold as typed (but for accents), in a row


def page_spellings(typed_folds: list[str], texts: list[str]) -> dict[int, str]:
    """Return, for the query words one passage of the texts holds in order, that passage's
    spelling of them; the passage holding most of them wins, the earliest text on a tie
    (the texts after one holding every word are not read).

    A word between two that agree may differ by one typo ("than" for "thăm"). Only names
    keep their capitals (see _as_written).

    >>> page_spellings(["ha", "noi", "mo"], ["Hôm nay Hà Nội mở cửa"])
    {0: 'Hà', 1: 'Nội', 2: 'mở'}
    """
    best: dict[int, str] = {}
    best_agreeing = MIN_AGREEING - 1
    for text in texts:
        if text.isupper():
            continue  # a headline in capitals says nothing of names
        # Words are read from the folded text (one table lookup a character, 26 µs for a
        # body): normalizing each word of a 5 000-character body cost 3 ms a query.
        folded, origin = fold_offsets(text)
        found = [(m.start(), m.end()) for m in WORD_RE.finditer(folded)]
        run, agreeing = _best_run(typed_folds, [folded[a:b] for a, b in found])
        if agreeing > best_agreeing:
            spans = found if origin is None else [(origin[a], origin[b]) for a, b in found]
            best, best_agreeing = {i: _as_written(text, spans, j) for i, j in run}, agreeing
        if best_agreeing == len(typed_folds):
            break
    return best


def _best_run(query: list[str], folds: list[str]) -> tuple[list[tuple[int, int]], int]:
    """Return the aligned (query word, text word) run agreeing on most words, and how many."""
    wanted = set(query)
    # Only where a query word stands can a run agree: a body's thousand words cost their
    # few matches, not a pass each.
    shifts = sorted({j - i for j, fold in enumerate(folds) if fold in wanted
                     for i, word in enumerate(query) if word == fold})
    best, best_agreeing = [], 0
    for shift in shifts:
        pairs = [(i, i + shift) for i in range(len(query)) if 0 <= i + shift < len(folds)]
        for run in _runs(query, folds, pairs):
            agreeing = sum(query[i] == folds[j] for i, j in run)
            if agreeing > best_agreeing:
                best, best_agreeing = run, agreeing
    return best, best_agreeing
def _runs(query: list[str], folds: list[str], pairs: list[tuple[int, int]]):
    """Yield the runs of aligned words that agree, a lone typo allowed between two that do."""
    run: list[tuple[int, int]] = []
    for k, (i, j) in enumerate(pairs):
        same = query[i] == folds[j]
        flanked = (0 < k < len(pairs) - 1 and query[pairs[k - 1][0]] == folds[pairs[k - 1][1]]
                   and query[pairs[k + 1][0]] == folds[pairs[k + 1][1]])
        if same or (flanked and _one_typo(query[i], folds[j])):
            run.append((i, j))
            continue
        if run:
            yield run
        run = []
    if run:
        yield run


def _one_typo(typed: str, written: str) -> bool:
    """Tell whether two folded words differ by one letter replaced, added or dropped."""
    if typed == written or abs(len(typed) - len(written)) > 1 or not typed.isalpha():
        return False
    if len(typed) == len(written):
        return sum(a != b for a, b in zip(typed, written)) == 1
    short, long = sorted((typed, written), key=len)
    return any(long[:k] + long[k + 1:] == short for k in range(len(long)))


def _as_written(text: str, spans: list[tuple[int, int]], index: int) -> str:
    """Return a word normalized ("uỷ": "ủy"), with the capitals of a name: an abbreviation
    ("UBND") or a word beside another capitalised one ("Hà Nội", "Nguyễn Thiện Nhân"), not
    the lone capital of a headline's institution or a sentence start ("Đảng bộ": "đảng bộ")."""
    word = _word(text, spans[index])
    plain = normalize_word(word)
    if len(word) > 1 and word.isupper():
        return plain.upper()
    if word[:1].isupper() and any(_capital_beside(text, spans, index, other)
                                  for other in (index - 1, index + 1)):
        return plain[:1].upper() + plain[1:]
    return plain


def _word(text: str, span: tuple[int, int]) -> str:
    """Return the word of a text at a span, composed (NFC)."""
    word = text[span[0]:span[1]]
    return word if word.isascii() else unicodedata.normalize("NFC", word)


def _capital_beside(text: str, spans: list[tuple[int, int]], index: int, other: int) -> bool:
    """Tell whether the other word stands right beside this one, capitalised (not in
    capitals)."""
    if not 0 <= other < len(spans):
        return False
    first, second = sorted((index, other))
    word = _word(text, spans[other])
    return (text[spans[first][1]:spans[second][0]].isspace() and word[:1].isupper()
            and not word.isupper())
