"""Proximity's share of the ranking: the tier each matched page earns for how its words
stand, and the bonus of each close pair, exact on every page that can reach the results.

Titles are short, so every candidate's title is measured; bodies are long, so a body is
measured only when it could still lift its page onto the results page (toprank.py): on
"bí thư tỉnh ủy" at 100 000 articles that is a few hundred of ~10 000 candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from .proximity import Closeness, Unit, closeness, pair_bounds
from .toprank import evaluate_top

# Scores stay far below one tier gap, so a tier always outranks any score below it.
TIER_GAP = 10_000.0
# The whole query in the title, in the body, after a modifier ("phó chủ tịch" asked as
# "chủ tịch"), every pair close: Meilisearch's proximity, then attribute, rules.
TITLE_PHRASE_TIER, PHRASE_TIER, MODIFIED_PHRASE_TIER, CLOSE_TIER = 12, 8, 6, 2
PAIR_BOOST = 1.5             # adjacent words in order
PAIR_CLASS_SHARE = (1.0, 0.5, 0.25, 0.0)  # of PAIR_BOOST by distance class (proximity.py)
_SHARE = np.array(PAIR_CLASS_SHARE, dtype=np.float32)
# float32 keys near a million round to 1/8: a left-out page must fall clearly below.
ROUNDING_MARGIN = 1.0


@dataclass(frozen=True)
class Nearness:
    """What proximity looks at: the query's units, the words a phrase may skip, the words
    that demote a phrase they precede, and each counted pair's bonus (PAIR_BOOST × IDF)."""

    words: list[Unit]
    longer: list[Unit]
    skippable: set[int]
    modifiers: list[str] = field(default_factory=list)
    pair_weights: list[float] = field(default_factory=list)

    def measure(self, postings, docnums: np.ndarray,
                fields: tuple[str, ...] = ("title_f", "body_f")) -> Closeness:
        """Return how close the units stand on the (sorted) candidate documents."""
        return closeness(postings, self.words, self.longer, self.skippable, docnums,
                         self.modifiers, fields)


def final_keys(scores: np.ndarray, tiers: np.ndarray) -> np.ndarray:
    """Return the keys pages are ordered by: the tier, then the score."""
    return scores + (TIER_GAP * tiers).astype(scores.dtype)


def add_proximity(postings, near: Nearness, docnums: np.ndarray, scores: np.ndarray,
                  tiers: np.ndarray, needed: int | None = None,
                  groups: np.ndarray | None = None) -> None:
    """Add proximity tiers and pair bonuses to the candidates' scores and tiers, in place.

    needed: the number of groups (a story and its copies, per groups) whose pages must be
    exact, best first; None: every page. Pages left out keep their title-only values,
    which are below the needed-th group.
    """
    if needed is None:
        _apply(near.measure(postings, docnums), near, scores, tiers, slice(None))
        return
    title = near.measure(postings, docnums, ("title_f",))
    base_scores, base_tiers = scores.copy(), tiers.copy()
    title_tier = _tier(title)
    _apply(title, near, scores, tiers, slice(None), title_tier)

    def evaluate(positions: np.ndarray) -> None:
        body = near.measure(postings, docnums[positions], ("body_f",))
        scores[positions], tiers[positions] = base_scores[positions], base_tiers[positions]
        _apply(title.take(positions).join(body), near, scores, tiers, positions)

    evaluate_top(evaluate, lambda at: final_keys(scores[at], tiers[at]),
                 _headroom(title, near, title_tier), groups, needed,
                 lambda positions: _tightened(postings, near, title, docnums, positions))


def _apply(found: Closeness, near: Nearness, scores: np.ndarray, tiers: np.ndarray,
           subset, tier: np.ndarray | None = None) -> None:
    """Add the pair bonuses and the tier of a closeness (tier: _tier's answer, if known)
    to the pages of subset."""
    for weight, classes in zip(near.pair_weights, found.pairs):
        scores[subset] += (weight * _SHARE).take(classes)  # the bonus of each class
    tiers[subset] += _tier(found) if tier is None else tier


def _tier(found: Closeness) -> np.ndarray:
    """Return each page's proximity tier: title phrase, phrase, modified phrase, close."""
    close = (found.pairs.max(axis=0) <= 1) if len(found.pairs) else found.phrase
    tier = np.zeros(len(close), dtype=np.int16)
    # the best tier a page earns is set last (np.select's first true condition)
    for earns, value in ((close, CLOSE_TIER), (found.modified, MODIFIED_PHRASE_TIER),
                         (found.phrase, PHRASE_TIER), (found.in_title, TITLE_PHRASE_TIER)):
        tier[earns] = value
    return tier


def _tightened(postings, near: Nearness, title: Closeness, docnums: np.ndarray,
               positions: np.ndarray) -> np.ndarray | None:
    """Return a smaller headroom for the candidates at positions, from one pair of
    query words looked up in their bodies (None when no pair tells anything).

    The whole query stands in a body only where each two consecutive words (none
    skippable between, no longer unit over them) stand side by side, and every pair is
    close only where this one is ("la day tu" at 100k articles: 54 000 bodies were
    measured whole to find the few holding the phrase).
    """
    found = _cheapest_pair(postings, near)
    if found is None:
        return None
    k, first, second = found
    side, close = pair_bounds(postings, "body_f", first, second, docnums[positions])
    title = title.take(positions)
    reached = np.minimum(title.pairs[k], np.where(side, 0, np.where(close, 1, 2)))
    best = np.where(side, PHRASE_TIER, np.where(reached <= 1, CLOSE_TIER, 0))
    tier = np.where(title.in_title, 0, np.maximum(best - _tier(title), 0))
    gain = TIER_GAP * tier.astype(np.float64) + ROUNDING_MARGIN
    for index, (weight, classes) in enumerate(zip(near.pair_weights, title.pairs)):
        gain += weight * (_SHARE[reached if index == k else 0] - _SHARE[classes])
    return gain


def _cheapest_pair(postings, near: Nearness) -> tuple[int, Unit, Unit] | None:
    """Return (index among the counted pairs, first unit, second unit) of the pair that
    must stand side by side in a phrase, the first of single words, whose second holds
    the fewest body postings (None if no pair qualifies)."""
    if near.longer:
        return None
    counted = [u for u in near.words if u.start not in near.skippable]
    pairs = [(k, a, b) for k, (a, b) in enumerate(pairwise(counted))
             if b.start == a.end and all(len(form) == 1 for form in a.forms)]
    if not pairs:
        return None
    return min(pairs, key=lambda pair: sum(len(postings.term("body_f", word)[0])
                                           for form in pair[2].forms for word in form))


def _headroom(title: Closeness, near: Nearness, title_tier: np.ndarray) -> np.ndarray:
    """Return the most a page's key can still gain from its body, given its title and
    the title's tier."""
    tier = np.maximum(PHRASE_TIER - title_tier, 0)
    tier[title.in_title] = 0
    gain = TIER_GAP * tier + ROUNDING_MARGIN  # float64, exact: a few tiers of 10 000
    for weight, classes in zip(near.pair_weights, title.pairs):
        gain += (weight * (_SHARE[0] - _SHARE)).take(classes)
    return gain
