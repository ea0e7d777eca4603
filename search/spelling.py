"""Use the corpus accent model on a query: restored accents, suggestions, typo variants."""

from __future__ import annotations

from dataclasses import dataclass, field

from .analysis import normalize_word, tokenize
from .querytext import ParsedQuery


@dataclass
class Spelling:
    """What the accent model says about a query."""

    restored: dict[int, str] = field(default_factory=dict)
    suggestion: str | None = None


def spell(parsed: ParsedQuery, model) -> Spelling:
    """Restore the accents of unaccented words and find a "did you mean" text."""
    words = parsed.words
    if model is None or not words:
        return Spelling()
    typed = " ".join(w.typed for w in words)
    restored = _aligned(model.restore(typed), len(words))
    positions = {i: form for i, form in enumerate(restored or [])
                 if not words[i].accented and form != words[i].normalized}
    suggestion = None
    if positions:
        suggestion = " ".join(form if i in positions else words[i].normalized
                              for i, form in enumerate(restored))
    else:
        suggestion = model.suggest(typed)
    if suggestion and suggestion == " ".join(w.normalized for w in words):
        suggestion = None
    return Spelling(positions, suggestion)


def typo_expansions(parsed: ParsedQuery, model) -> tuple[dict[str, list[str]], str | None]:
    """Return known alternatives for words the corpus does not know, and the text searched.

    Known words are never expanded; the text shown ("Đang hiển thị kết quả cho ...") is
    the query with each unknown word replaced by its likeliest alternative, accented.
    """
    if model is None:
        return {}, None
    expansions = {}
    for word in parsed.words:
        alternatives = [a for a in model.expand_typo(word.folded) if a != word.folded]
        if alternatives:
            expansions[word.folded] = alternatives
    if not expansions:
        return {}, None
    searched = " ".join(expansions[w.folded][0] if w.folded in expansions else w.typed
                        for w in parsed.words)
    return expansions, model.restore(searched) or searched


def _aligned(text: str | None, count: int) -> list[str] | None:
    """Return the normalized words of a model answer if they line up with the query."""
    if not text:
        return None
    words = [normalize_word(w) for _, _, w in tokenize(text)]
    return words if len(words) == count else None
