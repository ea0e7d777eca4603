"""Match and rank with numpy over posting arrays: BM25 on folded fields, boosts, proximity tiers.

Every content word must match one of its forms in title or body (all but one word, or
any word, when too few pages have them all; a share of the weight of a long query). Pages
then gain for the accents typed or restored and for title matches. Last, over every
matched page, the tiers of Meilisearch's rules: all words before some, the whole query
in order before the words close together before the rest, a title about what the query
names (aboutness.py) between the last two; BM25 orders each tier.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise

import numpy as np

from .aboutness import aboutness
from .bm25 import LONG_TITLE_BOOST, TITLE_BOOST, Totals, add_field_scores, add_form_scores, bm25, idf
from .expansion import PREFIX_WEIGHT, TYPO_WEIGHT, Form, Stretch, units, word_forms
from .postings import Postings, mark, union
from .proximityrank import PAIR_BOOST, TIER_GAP, Nearness, add_proximity, final_keys
from .querytext import Clause, ParsedQuery
from .querywords import FILLER_WEIGHT, Roles
from .toprank import best_positions

TYPED_ACCENT_BOOST = 2.0     # the user typed these accents: respect them
RESTORED_ACCENT_BOOST = 1.0  # accents the corpus model restored for an unaccented word
# Meilisearch's rules, with proximity before typo: a correction that makes the words stand
# together ("ong truong tan sang thoc": "thôi") beats the typed words scattered about.
ALL_WORDS_TIER, YEAR_TIER, AS_TYPED_TIER = 64, 32, 1  # proximity's tiers: proximityrank.py
# A title about what the query names (aboutness.py) beats words close in some body; with
# them close too it ties the whole query in a body (BM25, which favours titles, decides);
# holding every content word as well, it beats a body that holds the whole query in
# passing ("Cách chức Bí thư … Nguyễn Xuân Anh" over a page on another man whose body says
# "Nguyễn Xuân Anh bị cách chức"). Judged set 0.836 -> 0.852, every other set unchanged.
ABOUT_TIER, WHOLE_TITLE_TIER = 6, 3
LONG_QUERY = 8               # more content words: a page needs a share of their weight
BAG_SHARE = 0.4              # of a long query's weight a page must hold
LONG_PROXIMITY_DEPTH = 300   # pages of a long query whose word pairs are checked
PLACE_FACTOR = 1.3           # pages of the place a query names, first among equals
RECENT_SHARE = 0.5           # of the best score a page needs to count among the newest

ALL, MOST, ANY, BAG = "all", "most", "any", "bag"
SCORED_FIELDS = ("title", "title_f", "title_p", "body", "body_f")  # whose lengths BM25 reads


@dataclass
class Plan:
    """Everything the scorer needs besides the index: the query and its word variants."""

    parsed: ParsedQuery
    restored: dict[int, str] = field(default_factory=dict)
    expansions: dict[str, list[str]] = field(default_factory=dict)
    completions: list[str] = field(default_factory=list)
    completions_in_body: bool = True
    phrase_docs: Callable[[tuple[str, ...], str | None], np.ndarray] | None = None
    stretches: list[Stretch] = field(default_factory=list)
    roles: Roles = field(default_factory=Roles)
    modifiers: list[str] = field(default_factory=list)
    repaired: frozenset[str] = frozenset()  # words whose variants the pages confirmed

    def forms(self, index: int) -> list[Form]:
        """Return the one-word forms of query word index, itself first."""
        word = self.parsed.words[index]
        last = index == len(self.parsed.words) - 1 and self.parsed.open_ended
        return word_forms(word.folded, self.expansions.get(word.folded, []),
                          self.completions if last else [])

    def weight(self, index: int) -> float:
        """Return how much word index counts: content 1, filler little, intent nothing."""
        if index in self.roles.recent:
            return 0.0
        return FILLER_WEIGHT if index in self.roles.filler else 1.0


def match(postings: Postings, plan: Plan, mode: str, allowed: np.ndarray) -> np.ndarray:
    """Return the sorted document numbers matching the query in a mode, within allowed."""
    hits = group_hits(postings, plan)
    required = [k for k in range(len(hits)) if required_group(plan, k)]
    if mode == BAG:
        weights = np.array([_group_weight(postings, plan, k) for k in required])
        held = sum(w * hits[k] for w, k in zip(weights, required))
        keep = (held >= BAG_SHARE * weights.sum()) & allowed
    elif mode == ALL:  # one pass per group: no counts widened to int16
        keep = allowed.copy()
        for k in required:
            keep &= hits[k]
    else:
        counts = sum((hits[k].astype(np.int16) for k in required), np.zeros(postings.size, np.int16))
        keep = (counts >= {MOST: max(1, len(required) - 1), ANY: 1}[mode]) & allowed
    for clause in plan.parsed.excluded:
        keep[_excluded_ids(postings, plan, clause)] = False
    return np.flatnonzero(keep)


def group_hits(postings: Postings, plan: Plan) -> list[np.ndarray]:
    """Return, per group, which documents hold one of its clauses (in one of their forms)."""
    groups, starts = plan.parsed.groups, _group_starts(plan.parsed)
    hits = []
    for group, first in zip(groups, starts):
        hit = np.zeros(postings.size, dtype=bool)
        index = first
        for clause in group:
            _mark_clause(hit, postings, plan, clause, index)
            index += len(clause.words)
        hits.append(hit)
    simple = [len(g) == 1 and not g[0].phrase for g in groups]
    for stretch in plan.stretches:
        covered = [k for k, s in enumerate(starts) if stretch.start <= s < stretch.end]
        if covered and all(simple[k] for k in covered):
            holders = _forms_docs(postings, plan, groups[covered[0]][0], stretch.forms)
            for k in covered:
                hits[k][holders] = True
    return hits


def score(postings: Postings, plan: Plan, docnums: np.ndarray) -> np.ndarray:
    """Return the relevance score of each matched document (tiers not included)."""
    total = Totals(postings.size, docnums)
    title_boost = LONG_TITLE_BOOST if long_query(plan) else TITLE_BOOST
    for position, (word, clause) in enumerate(_words_with_clauses(plan.parsed)):
        weight = plan.weight(position)
        if not weight:
            continue
        fields = _fields(clause)
        for form in plan.forms(position):
            names = fields if form.weight != PREFIX_WEIGHT else _completion_fields(plan, clause)
            add_field_scores(postings, total, names, "_f", form.words[0], weight * form.weight,
                             title_boost)
        accented, boost = _accent(word, position, plan.restored)
        if accented:
            add_field_scores(postings, total, fields, "", accented, boost * weight, title_boost)
    for stretch in plan.stretches:
        stands_for = [w.folded for w in plan.parsed.words[stretch.start:stretch.end]]
        for form in stretch.forms:
            add_form_scores(postings, total, form, stands_for, title_boost)
    words = plan.parsed.words
    for k, (first, second) in enumerate(pairwise(words)):
        if plan.weight(k) < 1 or plan.weight(k + 1) < 1:
            continue
        for a, b, weight in _pair_variants(plan, first.folded, second.folded):
            slots, values = bm25(postings, "title_p", f"{a}_{b}", total)
            total.add(slots, weight * PAIR_BOOST * title_boost * values)
    return total.values


def rank(postings: Postings, plan: Plan, docnums: np.ndarray, scores: np.ndarray,
         all_words: np.ndarray | None = None, years: np.ndarray | None = None,
         needed: int | None = None, stories: np.ndarray | None = None) -> np.ndarray:
    """Add proximity bonuses and tiers to the scores of every matched document, in place.

    all_words marks the pages holding every content word (None: all of them do); years
    marks the pages of the year the query names. With needed, only the pages that can
    reach the first `needed` stories (stories: each page's) are sure to be exact.
    Returns each page's tier.
    """
    tiers = np.full(len(docnums), ALL_WORDS_TIER, dtype=np.int16)
    if all_words is not None:
        tiers *= all_words
    if years is not None:
        tiers += YEAR_TIER * years
    tiers += AS_TYPED_TIER * _as_typed(postings, plan, docnums)
    is_about, whole = aboutness(postings, plan, docnums, long_query(plan))
    tiers += ABOUT_TIER * is_about + WHOLE_TITLE_TIER * whole
    if len(docnums) and _proximity_applies(plan):
        near = _nearness(postings, plan)
        if long_query(plan):
            # A long pasted question is never a phrase of the page: its pairs only add a
            # bonus, checked on the pages BM25 puts first.
            best = np.sort(best_positions(scores, LONG_PROXIMITY_DEPTH))
            part_scores, part_tiers = scores[best], tiers[best]
            add_proximity(postings, near, docnums[best], part_scores, part_tiers)
            scores[best], tiers[best] = part_scores, part_tiers
        else:
            add_proximity(postings, near, docnums, scores, tiers, needed, stories)
    scores[:] = final_keys(scores, tiers)
    return tiers


def prefer_recent(scores: np.ndarray, tiers: np.ndarray, timestamps: np.ndarray) -> None:
    """Put the good matches of the best tier newest first ("… mới nhất"), in place.

    Good: at least half the best score of that tier. Undated pages keep their place.
    """
    if not len(scores):
        return
    best = tiers == tiers.max()
    within = scores - TIER_GAP * tiers
    good = best & (within >= RECENT_SHARE * within[best].max()) & (timestamps > 0)
    if good.any():
        order = np.argsort(np.argsort(timestamps[good], kind="stable"), kind="stable")
        scores[good] = TIER_GAP * (tiers[good] + 0.5 + 0.4 * (order + 1) / good.sum())


def _as_typed(postings: Postings, plan: Plan, docnums: np.ndarray) -> np.ndarray:
    """Tell which documents hold every required word without a typo correction."""
    if not plan.expansions:
        return np.ones(len(docnums), dtype=bool)
    hits = group_hits(postings, replace(plan, expansions={}))
    held = np.ones(len(docnums), dtype=bool)
    for k, hit in enumerate(hits):
        if required_group(plan, k):
            held &= hit[docnums]
    return held


def long_query(plan: Plan) -> bool:
    """Tell whether a query is pasted text with too many content words for every one to
    be required (typed keywords keep all words, relaxation and proximity)."""
    return plan.roles.pasted and \
        sum(required_group(plan, k) for k in range(len(plan.parsed.groups))) > LONG_QUERY


def _proximity_applies(plan: Plan) -> bool:
    """Tell whether the query is a row of words (no OR) of which two or more count."""
    groups = plan.parsed.groups
    content = [k for k in range(len(plan.parsed.words)) if k not in plan.roles.optional]
    return all(len(g) == 1 for g in groups) and len(content) >= 2


def _nearness(postings: Postings, plan: Plan) -> Nearness:
    """Return what proximity measures of the query: its units (one per word, one per
    longer stretch), skippable words, modifiers and pair weights."""
    words = plan.parsed.words
    single, longer = units([w.folded for w in words], [plan.forms(k) for k in range(len(words))],
                           plan.stretches)
    pairs = max(len(words) - len(plan.roles.optional) - 1, 0)
    return Nearness(single, longer, plan.roles.optional,
                    plan.modifiers if plan.roles.role_first else [],
                    [PAIR_BOOST * _pair_idf(postings, plan, k) for k in range(pairs)])


def _pair_idf(postings: Postings, plan: Plan, k: int) -> float:
    """Return the mean body IDF of the k-th pair of counted words."""
    counted = [i for i in range(len(plan.parsed.words)) if i not in plan.roles.optional]
    a, b = (plan.parsed.words[i].folded for i in counted[k:k + 2])
    return (idf(postings, "body_f", a) + idf(postings, "body_f", b)) / 2


def required_group(plan: Plan, group: int) -> bool:
    """Tell whether a page must hold the group: it has a content word, or nothing has."""
    start = _group_starts(plan.parsed)[group]
    size = sum(len(c.words) for c in plan.parsed.groups[group])
    return any(i not in plan.roles.optional for i in range(start, start + size))


def _group_weight(postings: Postings, plan: Plan, group: int) -> float:
    """Return a group's share of a long query: the IDF of its first word in bodies."""
    clause = plan.parsed.groups[group][0]
    return idf(postings, "body_f", clause.words[0].folded)


def _group_starts(parsed: ParsedQuery) -> list[int]:
    """Return the index of each group's first word among the query's words."""
    starts, index = [], 0
    for group in parsed.groups:
        starts.append(index)
        index += sum(len(c.words) for c in group)
    return starts


def _pair_variants(plan: Plan, first: str, second: str) -> list[tuple[str, str, float]]:
    """Return the pairs to reward for two adjacent words, corrections weighted down."""
    firsts = [(first, 1.0)] + [(a, TYPO_WEIGHT) for a in plan.expansions.get(first, [])]
    seconds = [(second, 1.0)] + [(b, TYPO_WEIGHT) for b in plan.expansions.get(second, [])]
    return [(a, b, min(wa, wb)) for a, wa in firsts for b, wb in seconds]


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


def _mark_clause(hit: np.ndarray, postings: Postings, plan: Plan, clause: Clause,
                 index: int) -> None:
    """Set hit for the documents matching one clause (its word at index) in the folded fields."""
    if clause.phrase and plan.phrase_docs is not None:
        hit[plan.phrase_docs(tuple(w.folded for w in clause.words), clause.field)] = True
        return
    for form in plan.forms(index):
        names = _fields(clause) if form.weight != PREFIX_WEIGHT else _completion_fields(plan, clause)
        for name in names:
            mark(hit, postings.term(name + "_f", form.words[0])[0])


def _forms_docs(postings: Postings, plan: Plan, clause: Clause, forms) -> np.ndarray:
    """Return the documents holding any of the forms (phrases of folded words)."""
    return union(postings.size, [plan.phrase_docs(f.words, clause.field) for f in forms])


def _completion_fields(plan: Plan, clause: Clause) -> list[str]:
    """Return the fields where completions of the last word are looked for."""
    return _fields(clause) if plan.completions_in_body else ["title"]


def _excluded_ids(postings: Postings, plan: Plan, clause: Clause) -> np.ndarray:
    """Return the documents an excluded clause removes ("-đường" only that spelling)."""
    if clause.phrase and plan.phrase_docs is not None:
        return plan.phrase_docs(tuple(w.folded for w in clause.words), clause.field)
    word = clause.words[0]
    if word.accented:
        return _union(postings, [(name, word.normalized) for name in _fields(clause)])
    return _union(postings, [(name + "_f", word.folded) for name in _fields(clause)])


def _union(postings: Postings, terms: list[tuple[str, str]]) -> np.ndarray:
    """Return the documents holding any of the terms."""
    return union(postings.size, [postings.term(f, t)[0] for f, t in terms])
