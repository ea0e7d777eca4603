"""Match and rank with numpy over posting arrays: BM25 on folded fields plus boosts.

Every query word must match its folded form in title or body (or all but one word, or
any word, when nothing matches them all). Pages then gain for the accents typed or
restored, for title and body matches of adjacent words, and title matches weigh more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from .postings import Postings, union
from .querytext import Clause, ParsedQuery

K1 = 1.2
B = 0.75        # body length normalization
TITLE_B = 0.3   # titles that run on into the lead must not lose to short ones
TITLE_BOOST = 3.0
TYPED_ACCENT_BOOST = 2.0     # the user typed these accents: respect them
RESTORED_ACCENT_BOOST = 1.0  # accents the corpus model restored for an unaccented word
PAIR_BOOST = 1.5             # adjacent words in order
PREFIX_BOOST = 0.3           # completions of a word still being typed
TYPO_BOOST = 0.8             # corrections of a misspelt word
RERANK_DEPTH = 20            # pages checked for adjacent words in the body

ALL, MOST, ANY = "all", "most", "any"
SCORED_FIELDS = ("title", "title_f", "title_p", "body", "body_f")  # whose lengths BM25 reads


@dataclass
class Plan:
    """Everything the scorer needs besides the index: the query and its word variants."""

    parsed: ParsedQuery
    restored: dict[int, str] = field(default_factory=dict)
    expansions: dict[str, list[str]] = field(default_factory=dict)
    completions: list[str] = field(default_factory=list)
    completions_in_body: bool = True
    phrase_docs: Callable[[Clause], np.ndarray] | None = None


def match(postings: Postings, plan: Plan, mode: str, allowed: np.ndarray) -> np.ndarray:
    """Return the sorted document numbers matching the query in a mode, within allowed."""
    groups = plan.parsed.groups
    counts = np.zeros(postings.size, dtype=np.int16)
    for group in groups:
        hit = np.zeros(postings.size, dtype=bool)
        for clause in group:
            _mark_clause(hit, postings, plan, clause)
        counts += hit
    needed = {ALL: len(groups), MOST: max(1, len(groups) - 1), ANY: 1}[mode]
    keep = (counts >= needed) & allowed
    for clause in plan.parsed.excluded:
        keep[_excluded_ids(postings, plan, clause)] = False
    return np.flatnonzero(keep)


def score(postings: Postings, plan: Plan, docnums: np.ndarray) -> np.ndarray:
    """Return the relevance score of each matched document."""
    total = np.zeros(postings.size, dtype=np.float32)
    words = plan.parsed.words
    last = len(words) - 1
    for position, (word, clause) in enumerate(_words_with_clauses(plan.parsed)):
        fields = _fields(clause)
        variants = [(word.folded, 1.0)]
        variants += [(alt, TYPO_BOOST) for alt in plan.expansions.get(word.folded, [])]
        for text, weight in variants:
            _add_field_scores(postings, total, fields, "_f", text, weight)
        if position == last and plan.parsed.open_ended:
            for text in plan.completions:
                _add_field_scores(postings, total, _completion_fields(plan, clause), "_f",
                                  text, PREFIX_BOOST)
        accented, boost = _accent(word, position, plan.restored)
        if accented:
            _add_field_scores(postings, total, fields, "", accented, boost)
    for first, second in pairwise(words):
        for a, b, weight in _pair_variants(plan, first.folded, second.folded):
            ids, values = _bm25(postings, "title_p", f"{a}_{b}")
            total[ids] += weight * PAIR_BOOST * TITLE_BOOST * values
    return total[docnums]


def _pair_variants(plan: Plan, first: str, second: str) -> list[tuple[str, str, float]]:
    """Return the pairs to reward for two adjacent words, corrections weighted down."""
    firsts = [(first, 1.0)] + [(a, TYPO_BOOST) for a in plan.expansions.get(first, [])]
    seconds = [(second, 1.0)] + [(b, TYPO_BOOST) for b in plan.expansions.get(second, [])]
    return [(a, b, min(wa, wb)) for a, wa in firsts for b, wb in seconds]


def rerank(postings: Postings, plan: Plan, docnums: np.ndarray, scores: np.ndarray) -> None:
    """Add the body adjacency bonus to the best-scored documents, in place."""
    words = plan.parsed.words
    if len(words) < 2 or not len(docnums):
        return
    top = _best(scores, RERANK_DEPTH)
    folded = [plan.expansions.get(w.folded, [w.folded])[0] for w in words]
    for first, second in pairwise(folded):
        together = postings.in_sequence("body_f", [first, second], docnums[top])
        bonus = PAIR_BOOST * (_idf(postings, "body_f", first) + _idf(postings, "body_f", second)) / 2
        scores[top[together]] += bonus


def _best(scores: np.ndarray, count: int) -> np.ndarray:
    """Return the positions of the count best scores, best first, ties by position.

    The same as a stable argsort cut to count, without sorting every matched page.
    """
    candidates = np.arange(len(scores))
    if len(scores) > 4 * count:
        cut = np.partition(-scores, count - 1)[count - 1]
        candidates = np.flatnonzero(-scores <= cut)
    return candidates[np.lexsort((candidates, -scores[candidates]))][:count]


def _words_with_clauses(parsed: ParsedQuery):
    """Yield each query word with the clause it belongs to, in typed order."""
    for group in parsed.groups:
        for clause in group:
            for word in clause.words:
                yield word, clause


def _fields(clause: Clause) -> list[str]:
    """Return the fields a clause searches."""
    return ["title"] if clause.field == "title" else ["title", "body"]


def _accent(word, position: int, restored: dict[int, str]) -> tuple[str | None, float]:
    """Return the accented form to reward and its boost, if any."""
    if word.accented:
        return word.normalized, TYPED_ACCENT_BOOST
    if position in restored:
        return restored[position], RESTORED_ACCENT_BOOST
    return None, 0.0


def _add_field_scores(postings, total, fields, suffix, text, weight) -> None:
    """Add a term's BM25 score in each field (title boosted) to the totals."""
    for name in fields:
        ids, values = _bm25(postings, name + suffix, text)
        total[ids] += weight * (TITLE_BOOST if name == "title" else 1.0) * values


def _bm25(postings: Postings, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """Return the documents holding a term and their BM25 scores for it."""
    ids, frequencies = postings.term(field, text)
    if not len(ids):
        return ids, frequencies
    (norms,) = postings.cached(("norms", field), lambda name: (_norms(postings, name),))
    return ids, _idf(postings, field, text) * frequencies * (K1 + 1) / (frequencies + norms[ids])


def _norms(postings: Postings, field: str) -> np.ndarray:
    """Return every document's BM25 length normalization in a field."""
    lengths, average = postings.lengths(field)
    b = TITLE_B if field.startswith("title") else B
    return K1 * (1 - b + b * lengths / average)


def _idf(postings: Postings, field: str, text: str) -> float:
    """Return the inverse document frequency of a term."""
    frequency = len(postings.term(field, text)[0])
    return float(np.log(1 + (postings.size - frequency + 0.5) / (frequency + 0.5)))


def _mark_clause(hit: np.ndarray, postings: Postings, plan: Plan, clause: Clause) -> None:
    """Set hit for the documents matching one clause in the folded fields."""
    if clause.phrase and plan.phrase_docs is not None:
        hit[plan.phrase_docs(clause)] = True
        return
    word = clause.words[0]
    texts = [word.folded, *plan.expansions.get(word.folded, [])]
    for name in _fields(clause):
        for text in texts:
            hit[postings.term(name + "_f", text)[0]] = True
    if clause is plan.parsed.groups[-1][-1] and plan.parsed.open_ended:
        for name in _completion_fields(plan, clause):
            for text in plan.completions:
                hit[postings.term(name + "_f", text)[0]] = True


def _completion_fields(plan: Plan, clause: Clause) -> list[str]:
    """Return the fields where completions of the last word are looked for."""
    return _fields(clause) if plan.completions_in_body else ["title"]


def _excluded_ids(postings: Postings, plan: Plan, clause: Clause) -> np.ndarray:
    """Return the documents an excluded clause removes ("-đường" only that spelling)."""
    if clause.phrase and plan.phrase_docs is not None:
        return plan.phrase_docs(clause)
    word = clause.words[0]
    if word.accented:
        return _union(postings, [(name, word.normalized) for name in _fields(clause)])
    return _union(postings, [(name + "_f", word.folded) for name in _fields(clause)])


def _union(postings: Postings, terms: list[tuple[str, str]]) -> np.ndarray:
    """Return the documents holding any of the terms."""
    return union(postings.size, [postings.term(f, t)[0] for f, t in terms])
