"""Use the corpus accent model on a query: restored accents, suggestions, typo variants."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from .analysis import fold_word, normalize_word, tokenize
from .expansion import I_Y_VARIANTS, is_fragment
from .places import places_in
from .querytext import ParsedQuery
from .typos import known_edits

MIN_CONTEXT_PAIRS = 3     # times a correction must stand beside the query's words
CONTEXT_FACTOR = 3        # how much more often it must stand there than the typed word
FORMS_COMPARED = 4        # accented forms of each word compared, commonest first
MAX_FRAGMENT_WORDS = 400  # known words scanned for the completions of a fragment


@dataclass
class Spelling:
    """What the accent model says about a query."""

    restored: dict[int, str] = field(default_factory=dict)
    suggestion: str | None = None


def spell(parsed: ParsedQuery, model) -> Spelling:
    """Restore the accents of unaccented words (the suggestion comes later, see suggest)."""
    words = parsed.words
    if model is None or not words:
        return Spelling()
    restored = _aligned(model.restore(" ".join(w.typed for w in words)), len(words))
    positions = {i: form for i, form in enumerate(restored or [])
                 if not words[i].accented and form != words[i].normalized}
    return Spelling(positions)


def suggest(parsed: ParsedQuery, model, expansions: dict[str, list[str]],
            repaired: frozenset[str] = frozenset(), spelt: dict[int, str] | None = None
            ) -> str | None:
    """Return the query as the corpus would spell it: accents restored and typos fixed in
    one line, with the corrections the search itself tried; None when it is the query.

    spelt gives the found pages' own spelling of some words (respelling.py): it wins over
    the model for words typed without accents or with a typo, and lends its capitals.
    Place names take the capitals of their canonical spelling ("đảng bộ Hà Nội"); words the
    user typed in capitals stay so ("UBND").
    """
    words = parsed.words
    if model is None or not words:
        return None
    spelt = spelt or {}
    columns = [_spellings(model, w, expansions, w.folded in repaired) for w in words]
    for i, form in spelt.items():
        if not words[i].accented or fold_word(normalize_word(form)) != words[i].folded:
            columns[i] = [normalize_word(form)]
    best = model.best_spelling([w.typed for w in words], columns)
    unchanged = [fold_word(b) for b in best or []] == [w.folded for w in words] and \
        all(w.accented or b == w.normalized for w, b in zip(words, best))
    if best is None or unchanged:
        return None
    return " ".join(_capitalised(best, words, spelt))


def _spellings(model, word, expansions: dict[str, list[str]], repaired: bool) -> list[str]:
    """Return the spellings a typed word may stand for, its own first (none when the
    pages confirmed a repair of it)."""
    if word.accented or not word.folded.isalpha():
        return [word.normalized]
    own = [] if repaired else [f for fold in (word.folded, I_Y_VARIANTS.get(word.folded))
                               if fold for f in model.tables.forms(fold)]
    others = [f for alt in expansions.get(word.folded, []) for f in model.tables.forms(alt)[:3]]
    if not own and not others:
        others = model.corrections(word.normalized)
    return (own + others) or [word.normalized]


def _capitalised(best: list[str], words, spelt: dict[int, str]) -> list[str]:
    """Return the chosen words with the capitals of the pages' spelling, of place names
    and of the typed words."""
    shown = [spelt[i] if i in spelt and normalize_word(spelt[i]) == b else b
             for i, b in enumerate(best)]
    shown = [w.typed if w.typed != w.typed.lower() and fold_word(b) == w.folded else s
             for b, s, w in zip(best, shown, words)]
    for start, end, _ in places_in([fold_word(b) for b in best]):
        shown[start:end] = [b.upper() if is_fragment(fold_word(b)) else b[:1].upper() + b[1:]
                            for b in best[start:end]]  # "TP HCM", "Sài Gòn", "Hà Nội"
    return shown


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

    "thanh tr dau khi": "tr" never follows "thanh", "tra" often does; "10 can nga o":
    "nga" stands beside neither "căn" nor "ở", "nhà" beside both. A word that stands beside
    each of its neighbours somewhere in the corpus stays as typed ("tinh uy": "tinh").
    """
    words = [w.folded for w in parsed.words]
    if model is None or len(words) < 2:
        return {}
    tables, found = model.tables, {}
    for i, word in enumerate(words):
        left = words[i - 1] if i else None
        right = words[i + 1] if i + 1 < len(words) else None
        known, fragment = model.knows(word), is_fragment(word)
        sides = _sides(tables, word, left, right) if known else []
        # A fragment is completed only where it stands beside neither neighbour ("thanh tr
        # dau"), never where it may be a unit or an initial ("4,3 m anh"); a known word
        # where it misses either. Unknown words are typo_expansions' business.
        fits = any(sides) if fragment else all(sides)
        if parsed.words[i].accented or (known and fits) or not (known or fragment):
            continue
        candidates = set(known_edits(word, tables.fold_ids))
        if is_fragment(word):
            candidates.update(words_beginning(tables, word))
        typed = sum(sides)
        fits = sorted(((sum(beside), c) for c in candidates
                       if _better(beside := _sides(tables, c, left, right), sides, typed)),
                      reverse=True)
        chosen = [c for fit, c in fits if fit >= MIN_CONTEXT_PAIRS][:limit]
        if chosen:
            found[word] = chosen
    return found


def _better(found: list[int], typed_sides: list[int], typed: int) -> bool:
    """Tell whether a candidate fits its context better than the typed word: beside every
    neighbour, or beside as many as the typed word and CONTEXT_FACTOR times as often.

    The bigram model sees the first ~200 words of each article, so a fitting pair is often
    missing ("xem kịch"): "khi xet kich" keeps "xem" (85 times after "khi"; "xét" 6).
    """
    if found and all(found):
        return True
    beside = sum(map(bool, found)) >= max(sum(map(bool, typed_sides)), 1)
    return beside and sum(found) >= CONTEXT_FACTOR * max(typed, 1)


def _sides(tables, word: str, left: str | None, right: str | None) -> list[int]:
    """Return how often a folded word's commonest forms follow left and precede right."""
    forms = _ids(tables, word)
    counts = []
    for other, before in ((left, True), (right, False)):
        if other is not None:
            counts.append(max((tables.pair(a, b) if before else tables.pair(b, a)
                               for a in _ids(tables, other) for b in forms), default=0))
    return counts


def _ids(tables, fold: str) -> list[int]:
    """Return the word ids of a folded word's commonest accented forms."""
    return [tables.ids[f] for f in tables.forms(fold)[:FORMS_COMPARED]]


def words_beginning(tables, fragment: str) -> list[str]:
    """Return the known folded words that begin with a fragment ("tr": tra, trong...)."""
    start = bisect_left(tables.folds, fragment)
    found = []
    for fold in tables.folds[start:start + MAX_FRAGMENT_WORDS]:
        if not fold.startswith(fragment):
            break
        if fold != fragment:
            found.append(fold)
    return found
