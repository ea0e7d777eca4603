"""Use the corpus accent model on a query: restored accents, suggestions, typo variants."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from .analysis import normalize_word, tokenize
from .expansion import is_fragment
from .querytext import ParsedQuery
from .typos import known_edits

MIN_CONTEXT_PAIRS = 3     # times a correction must stand beside the query's words
FORMS_COMPARED = 4        # accented forms of each word compared, commonest first
MAX_FRAGMENT_WORDS = 400  # known words scanned for the completions of a fragment


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


def context_typos(parsed: ParsedQuery, model, limit: int = 2) -> dict[str, list[str]]:
    """Return likelier neighbours of known words that never stand beside the words around them.

    "thanh tr dau khi": "tr" never follows "thanh", "tra" often does. A word that fits its
    context stays as typed: "tinh uy" never expands "tinh".
    """
    words = [w.folded for w in parsed.words]
    if model is None or len(words) < 2:
        return {}
    tables, found = model.tables, {}
    for i, word in enumerate(words):
        left = words[i - 1] if i else None
        right = words[i + 1] if i + 1 < len(words) else None
        if not model.knows(word) or parsed.words[i].accented or _fit(tables, word, left, right):
            continue
        candidates = _completions(tables, word) if is_fragment(word) \
            else known_edits(word, tables.fold_ids)
        fits = sorted(((_fit(tables, c, left, right), c) for c in candidates), reverse=True)
        chosen = [c for fit, c in fits if fit >= MIN_CONTEXT_PAIRS][:limit]
        if chosen:
            found[word] = chosen
    return found


def _fit(tables, word: str, left: str | None, right: str | None) -> int:
    """Return how often a folded word's commonest forms follow left and precede right."""
    forms = _ids(tables, word)
    total = 0
    for other, before in ((left, True), (right, False)):
        if other is None:
            continue
        pairs = [tables.pair(a, b) if before else tables.pair(b, a)
                 for a in _ids(tables, other) for b in forms]
        total += max(pairs, default=0)
    return total


def _ids(tables, fold: str) -> list[int]:
    """Return the word ids of a folded word's commonest accented forms."""
    return [tables.ids[f] for f in tables.forms(fold)[:FORMS_COMPARED]]


def _completions(tables, fragment: str) -> list[str]:
    """Return the known folded words that begin with a fragment ("tr": tra, trong...)."""
    start = bisect_left(tables.folds, fragment)
    found = []
    for fold in tables.folds[start:start + MAX_FRAGMENT_WORDS]:
        if not fold.startswith(fragment):
            break
        if fold != fragment:
            found.append(fold)
    return found
