"""Snippets and highlights: escaped original text with matched words in <mark>.

Matching runs one regular expression over a folded copy of the text (search/folding.py,
the fold the index and the query use) whose offsets lead back to the text ("Hà Nội" folds
to "ha noi"), so marks land on the original accented words and no text is tokenized word
by word.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from itertools import accumulate, islice, repeat
from operator import add, itemgetter, or_

from .analysis import normalize_word
from .folding import fold_chars, fold_offsets
from .wholewords import single_words, whole_word_starts

SNIPPET_CHARS = 220
LEAD_CHARS = 40
MAX_SCAN_CHARS = 60_000
_START_OF, _END, _WORD = itemgetter(0), itemgetter(1), itemgetter(2)
# Stand for the marks while a passage is escaped in one piece: no text of a hit holds them.
_OPEN, _CLOSE = "\x00", "\x01"
# The matched spelling of a word: the same few words recur in every hit of a query.
_spelling = lru_cache(maxsize=16_384)(normalize_word)


@dataclass(frozen=True)
class Highlighter:
    """Which folded words count as a match, and which spellings win.

    preferred holds accented spellings (typed or restored): where a text has one, other
    words that only fold the same are not marked ("văn" marks "văn", not "vấn").
    """

    words: frozenset[str] = field(default_factory=frozenset)
    preferred: frozenset[str] = field(default_factory=frozenset)

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """Return (start, end, folded word) of each word of the text to be marked."""
        return _matches_and_gaps(self, text)[0]


def _matches_and_gaps(highlighter: Highlighter, text: str) -> tuple[list, list[bool] | None]:
    """Return the matches to mark, and _side_by_side of them when it was worked out."""
    if not highlighter.words:
        return [], None
    folded, origin = fold_offsets(text)
    words = single_words(highlighter.words)
    if words is not None and origin is None:
        return _prefer_groups(text, _each_word(text, folded, words, highlighter.preferred))
    found = _whole_words(_pattern(highlighter.words), folded)
    if origin is not None:  # "ß" folds to "ss", a lone accent to nothing
        found = [(origin[start], origin[end], word) for start, end, word in found]
    if highlighter.preferred and found:
        found = _preferred_spellings(text, found, highlighter.preferred)
    return _prefer_groups(text, found)


def _each_word(text: str, folded: str, words: tuple, preferred: frozenset[str]) -> list:
    """Return what _whole_words and _preferred_spellings keep, found word by word.

    Where every word is one run of letters and digits, a match can hold no word start
    but its own: the pattern's matches that start a word are then each word's matches
    that start one, and at most one word matches at a place. Over the hits of the mix an
    article's matches take 0.84 of the time the one pattern (tried at each letter) took.
    """
    chosen = _preferred_folds(preferred) if preferred else frozenset()
    found: list[tuple[int, int, str]] = []
    for word in words:
        if starts := whole_word_starts(folded, word):
            spans = list(zip(starts, map(add, starts, repeat(len(word))), repeat(word)))
            found += _preferred_only(text, spans, preferred) if word in chosen else spans
    found.sort()
    return found


def _preferred_only(text: str, spans: list, preferred: frozenset[str]) -> list:
    """Return the matches of one word spelt as preferred, or all of them if none is."""
    kept = [m for m in spans if _spelling(text[m[0]:m[1]]) in preferred]
    return kept or spans


def _preferred_spellings(text: str, found: list, preferred: frozenset[str]) -> list:
    """Drop the matches of a word spelt otherwise where the text also spells it as preferred."""
    # Only words with a preferred spelling need their own spelling looked at.
    chosen = _preferred_folds(preferred)
    forms = [_spelling(text[s:e]) if w in chosen else None for s, e, w in found]
    present = {w for (_, _, w), form in zip(found, forms) if form in preferred}
    if not present:
        return found
    return [m for m, form in zip(found, forms) if m[2] not in present or form in preferred]


@lru_cache(maxsize=512)
def _preferred_folds(preferred: frozenset[str]) -> frozenset[str]:
    """Return the folded forms of the preferred spellings."""
    return frozenset(fold_chars(p) for p in preferred)


def _prefer_groups(text: str, found: list) -> tuple[list, list[bool] | None]:
    """Drop the lone matches of words the text also shows inside a group of matched words;
    return the matches kept and, if none was dropped, _side_by_side of them.

    "van phong tinh uy": where "Văn phòng Tỉnh ủy" stands, the "Văn" of "Nguyễn Văn An"
    is not marked; a word that stands in no group is.

    >>> text = "Nguyễn Văn An, Văn phòng Tỉnh ủy"
    >>> [text[s:e] for s, e, _ in Highlighter(frozenset({"van", "phong"})).matches(text)]
    ['Văn', 'phòng']
    """
    gaps = _side_by_side(text, found)
    if not any(gaps):
        return found, gaps
    # in_group[i]: match i stands right after match i - 1 or right before match i + 1.
    in_group = list(map(or_, [False, *gaps], [*gaps, False]))
    grouped = {m[2] for m, joined in zip(found, in_group) if joined}
    kept = [m for m, joined in zip(found, in_group) if joined or m[2] not in grouped]
    return kept, gaps if len(kept) == len(found) else None


def _side_by_side(text: str, found: list) -> list[bool]:
    """Return, for each match but the first, whether only whitespace parts it from the one
    before."""
    gaps, end = [], found[0][1] if found else 0
    for start, next_end, _ in islice(found, 1, None):
        gaps.append(text[end:start].isspace())
        end = next_end
    return gaps


def _whole_words(pattern: re.Pattern, folded: str) -> list[tuple[int, int, str]]:
    """Return the pattern's matches that start a word (the pattern checks where they end).

    A look-behind in the pattern made the regex engine test it at every character.
    """
    # [^\W_] is what str.isalnum() tells of one character.
    return [(start, match.end(), match.group()) for match in pattern.finditer(folded)
            if not (start := match.start()) or not folded[start - 1].isalnum()]


@lru_cache(maxsize=512)
def _pattern(words: frozenset[str]) -> re.Pattern | None:
    """Return the regular expression matching the words, up to a word's end."""
    # A form of several words ("uy ban nhan dan") matches across any run of spaces.
    parts = sorted((r"\s+".join(map(re.escape, w.split())) for w in words), key=len, reverse=True)
    if not parts:
        return None
    return re.compile(r"(?:" + "|".join(parts) + r")(?![^\W_])")


def mark(text: str, highlighter: Highlighter) -> str:
    """Return the whole text escaped, matched words marked.

    >>> mark("Hà Nội <b>", Highlighter(frozenset({"ha", "noi"})))
    '<mark>Hà Nội</mark> &lt;b&gt;'
    """
    spans = _merge(text, highlighter.matches(text))
    return _render(text, 0, len(text), spans)


def snippet(text: str, highlighter: Highlighter, size: int = SNIPPET_CHARS) -> str:
    """Return the best passage of a text, escaped, with matched words marked.

    >>> snippet("Một. Hai ba bốn năm sáu.", Highlighter(frozenset({"bon"})), size=14)
    '… Hai ba <mark>bốn</mark> năm sáu.'
    """
    scanned = text[:MAX_SCAN_CHARS]
    found, gaps = _matches_and_gaps(highlighter, scanned)
    if not found:
        end = _word_end(text, min(len(text), size))
        return escape(text[:end]) + (" …" if end < len(text.rstrip()) else "")
    window = _best_start(scanned, found, size, gaps)
    start = _sentence_start(scanned, window) if window else 0
    end = _word_end(text, min(len(text), window + size))
    if not text[end:].strip():
        end = len(text.rstrip())
    # Starts and ends both rise along the matches: those in the window are one run of them.
    spans = _merge(text, found[bisect_left(found, start, key=_START_OF):
                               bisect_right(found, end, key=_END)])
    head = "… " if start > 0 else ""
    tail = " …" if end < len(text.rstrip()) else ""
    return head + _render(text, start, end, spans) + tail


def _best_start(text: str, found: list, size: int, gaps: list[bool] | None = None) -> int:
    """Return where the window holding the most distinct matched words begins.

    Each window starts at a match and holds the matches ending within size - lead of it;
    it scores its distinct words, then its side-by-side pairs, then its matches. One
    pass: the window's end only moves forward.
    """
    lead = min(LEAD_CHARS, size // 4)
    reach = size - lead
    if found[-1][1] <= found[0][0] + reach:  # the first window holds every match
        return _word_start(text, max(0, found[0][0] - lead))
    side_by_side = [0, *accumulate(_side_by_side(text, found) if gaps is None else gaps)]
    ends, words = list(map(_END, found)), list(map(_WORD, found))
    held: dict[str, int] = {}
    best, best_score, end = found[0][0], -1, 0
    for i, (start, _, word) in enumerate(found):
        if end < i:
            end = i
        while end < len(ends) and ends[end] <= start + reach:
            held[words[end]] = held.get(words[end], 0) + 1
            end += 1
        pairs = side_by_side[max(end - 1, i)] - side_by_side[i]
        score = len(held) * 100 + pairs * 30 + (end - i)
        if score > best_score:
            best, best_score = start, score
        if end > i:
            held[word] -= 1
            if not held[word]:
                del held[word]
    return _word_start(text, max(0, best - lead))


def _word_start(text: str, offset: int) -> int:
    """Move an offset forward to the start of a word."""
    if offset == 0:
        return 0
    space = text.find(" ", offset)
    return space + 1 if space != -1 else offset


def _word_end(text: str, offset: int) -> int:
    """Move an offset back to the end of a word."""
    if offset >= len(text):
        return len(text)
    space = text.rfind(" ", 0, offset)
    return space if space > 0 else offset


def _sentence_start(text: str, start: int) -> int:
    """Move a start offset back to a sentence start if one is close."""
    window = text[max(0, start - 60):start]
    for stop in (". ", "? ", "! ", "\n"):
        index = window.rfind(stop)
        if index >= 0:
            return start - len(window) + index + len(stop)
    return start


def _merge(text: str, found: list) -> list[tuple[int, int]]:
    """Join matches separated only by whitespace: "Hà Nội" is one mark."""
    merged: list[tuple[int, int]] = []
    for start, end, _ in found:
        if merged and text[merged[-1][1]:start].isspace():
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _render(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """Escape text[start:end], wrapping each span in <mark>."""
    if not spans:
        return escape(text[start:end])
    if text.find(_OPEN, start, end) != -1 or text.find(_CLOSE, start, end) != -1:
        return _render_each(text, start, end, spans)
    out, position = [], start
    for span_start, span_end in spans:
        out += (text[position:span_start], _OPEN, text[span_start:span_end], _CLOSE)
        position = span_end
    out.append(text[position:end])
    # One escape for the passage, not one a piece: escape works character by character.
    return escape("".join(out)).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")


def _render_each(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """Escape text[start:end] piece by piece, wrapping each span in <mark>."""
    out, position = [], start
    for span_start, span_end in spans:
        out.append(escape(text[position:span_start]))
        out.append("<mark>" + escape(text[span_start:span_end]) + "</mark>")
        position = span_end
    out.append(escape(text[position:end]))
    return "".join(out)
