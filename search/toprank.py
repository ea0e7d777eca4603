"""Exact top-k under a costly bonus: evaluate the candidates best bound first, stop early.

The proximity tiers need every candidate's word positions, yet only the pages that can
still reach the results page matter. Each candidate's final key is its cheap key plus a
bonus of at most `headroom`; candidates are evaluated best cheap key first, in growing
batches, until no candidate left out can reach the `needed`-th best story. Those left
out keep their cheap key, which is below that line, so the page and every score on it
are the same as with every candidate evaluated.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

FIRST_BATCH = 256   # candidates evaluated first; each further batch is GROWTH times larger
GROWTH = 4
# Candidates left after the first batch above which their headroom is tightened first
# (fewer: evaluating them costs less than tightening).
TIGHTEN_ABOVE = 4096


def evaluate_top(evaluate: Callable[[np.ndarray], None], keys: Callable[[object], np.ndarray],
                 headroom: np.ndarray, groups: np.ndarray | None, needed: int,
                 tighten: Callable[[np.ndarray], np.ndarray | None] | None = None) -> int:
    """Evaluate (in place, through evaluate(positions)) the candidates that may reach the
    first `needed` groups; return how many were evaluated.

    keys(at) gives the current keys of the candidates at some positions (a slice or an
    array; exact once evaluated); headroom the most evaluation can add to a candidate's
    key. A group (a story and its copies) is evaluated whole, as only its best member is
    shown. tighten(positions), asked once when more than TIGHTEN_ABOVE candidates are left
    after the first batch, returns a smaller headroom for them (None: none known);
    candidates are then taken best bound first.
    """
    count = len(headroom)
    done = np.zeros(count, dtype=bool)
    evaluated = np.zeros(0, dtype=np.intp)
    size = max(FIRST_BATCH, 2 * needed)
    # Only evaluated keys change: they are refreshed alone, not every candidate's each
    # round (three passes over 30 000 candidates a round).
    current = np.array(keys(slice(None)))
    asked = tightened = False
    width = int(groups.max()) + 1 if groups is not None and count else 0
    while True:
        if size >= count:
            todo = np.flatnonzero(~done)
        else:
            top = best_positions(current + headroom * ~done if tightened else current, size)
            todo = top[~done.take(top)]
        if groups is not None and len(todo):
            chosen = np.zeros(width, dtype=bool)
            chosen[groups.take(todo)] = True
            todo = np.flatnonzero(chosen.take(groups) & ~done)
        if len(todo):
            evaluate(np.sort(todo))
            done[todo] = True
            current[todo] = keys(todo)
            evaluated = np.concatenate((evaluated, todo))
        if len(evaluated) == count:
            return count
        nth = _nth_best(current, evaluated, groups, needed)
        if _best_bound(current, headroom, done) < nth:
            return len(evaluated)
        if tighten is not None and not asked and count - len(evaluated) > TIGHTEN_ABOVE:
            asked, tightened = True, _tighten(tighten, headroom, ~done)
            if tightened and _best_bound(current, headroom, done) < nth:
                return len(evaluated)
        size *= GROWTH


def _best_bound(keys: np.ndarray, headroom: np.ndarray, done: np.ndarray) -> float:
    """Return the most any candidate not evaluated can reach (masked, not gathered: the
    same max)."""
    return float(np.max(np.add(keys, headroom), where=~done, initial=-np.inf))


def _tighten(tighten: Callable[[np.ndarray], np.ndarray | None], headroom: np.ndarray,
             left: np.ndarray) -> bool:
    """Lower the headroom of the candidates left to what tighten() knows, in place; tell
    whether it knew anything."""
    positions = np.flatnonzero(left)
    smaller = tighten(positions)
    if smaller is None:
        return False
    headroom[positions] = np.minimum(headroom[positions], smaller)
    return True


def best_positions(values: np.ndarray, count: int) -> np.ndarray:
    """Return the positions of the count largest values (in no particular order)."""
    if len(values) <= count:
        return np.arange(len(values))
    return np.argpartition(-values, count - 1)[:count]


def _nth_best(keys: np.ndarray, evaluated: np.ndarray, groups: np.ndarray | None,
              needed: int) -> float:
    """Return the key of the needed-th best group among the evaluated candidates (-inf
    when fewer groups were evaluated)."""
    values = keys.take(evaluated)
    if groups is not None:
        held = groups.take(evaluated)
        order = np.lexsort((-values, held))
        first = np.ones(len(order), dtype=bool)
        first[1:] = held[order][1:] != held[order][:-1]
        values = values[order[first]]
    if len(values) < needed:
        return -np.inf
    return -float(np.partition(-values, needed - 1)[needed - 1])
