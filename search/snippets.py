"""Snippets and highlights: escaped original text with matched words in <mark>."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from .analysis import fold_word, normalize_word, tokenize

SNIPPET_WORDS = 32
MAX_SCAN_CHARS = 40_000


@dataclass(frozen=True)
class Highlighter:
    """Which folded words (and which prefix) count as a match, and which spellings win.

    preferred holds accented spellings (typed or restored): where a text has one, other
    words that only fold the same are not marked ("văn" marks "văn", not "vấn").
    """

    words: frozenset[str] = field(default_factory=frozenset)
    prefix: str | None = None
    preferred: frozenset[str] = field(default_factory=frozenset)

    def flags(self, words: list[str]) -> list[bool]:
        """Tell, for each word of a text, whether it is to be marked."""
        forms = [(folded_form := fold_word(normalized := normalize_word(w)), normalized)
                 for w in words]
        present = {folded for folded, normalized in forms if normalized in self.preferred}
        return [(folded in self.words
                 or bool(self.prefix and folded.startswith(self.prefix)))
                and (folded not in present or normalized in self.preferred)
                for folded, normalized in forms]


def mark(text: str, highlighter: Highlighter) -> str:
    """Return the whole text escaped, matched words marked.

    >>> mark("Hà Nội <b>", Highlighter(frozenset({"ha", "noi"})))
    '<mark>Hà Nội</mark> &lt;b&gt;'
    """
    spans = _matched_spans(text, highlighter)
    return _render(text, 0, len(text), spans)


def snippet(text: str, highlighter: Highlighter, size: int = SNIPPET_WORDS) -> str:
    """Return the best passage of a text, escaped, with matched words marked.

    >>> snippet("Một. Hai ba bốn năm sáu.", Highlighter(frozenset({"bon"})), size=4)
    '… Hai ba <mark>bốn</mark> năm sáu.'
    """
    scanned = text[:MAX_SCAN_CHARS]
    words = list(tokenize(scanned))
    if not words:
        return escape(text[:200])
    flags = highlighter.flags([w for _, _, w in words])
    hits = [i for i, flag in enumerate(flags) if flag]
    first = _best_window(words, hits, size)
    last = min(first + size, len(words)) - 1
    start, end = words[first][0], words[last][1]
    start = _sentence_start(scanned, start) if first else 0
    if last == len(words) - 1 and len(scanned) == len(text):
        end = len(text.rstrip())
    spans = [(words[i][0], words[i][1]) for i in hits if first <= i <= last]
    passage = _render(text, start, end, _merge(text, spans))
    head = "… " if start > 0 else ""
    tail = " …" if end < len(text.rstrip()) else ""
    return head + passage + tail


def _best_window(words: list, hits: list[int], size: int) -> int:
    """Return the first word index of the window holding the most distinct matches."""
    if not hits:
        return 0
    best, best_score = hits[0], -1
    for i, first_hit in enumerate(hits):
        inside = [h for h in hits[i:] if h < first_hit + size]
        distinct = len({fold_word(normalize_word(words[h][2])) for h in inside})
        adjacent = sum(1 for a, b in zip(inside, inside[1:]) if b == a + 1)
        score = distinct * 100 + adjacent * 30 + len(inside)
        if score > best_score:
            best, best_score = first_hit, score
    return max(0, min(best - size // 4, len(words) - size))


def _sentence_start(text: str, start: int) -> int:
    """Move a start offset back to a sentence start if one is close."""
    window = text[max(0, start - 60):start]
    for stop in (". ", "? ", "! ", "\n"):
        index = window.rfind(stop)
        if index >= 0:
            return start - len(window) + index + len(stop)
    return start


def _matched_spans(text: str, highlighter: Highlighter) -> list[tuple[int, int]]:
    """Return merged (start, end) offsets of matched words."""
    words = list(tokenize(text))
    flags = highlighter.flags([w for _, _, w in words])
    return _merge(text, [(s, e) for (s, e, _), flag in zip(words, flags) if flag])


def _merge(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join spans separated only by whitespace: "Hà Nội" is one mark."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and text[merged[-1][1]:start].isspace():
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _render(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """Escape text[start:end], wrapping each span in <mark>."""
    out, position = [], start
    for span_start, span_end in spans:
        out.append(escape(text[position:span_start]))
        out.append("<mark>" + escape(text[span_start:span_end]) + "</mark>")
        position = span_end
    out.append(escape(text[position:end]))
    return "".join(out)
