"""Bounded evaluation: the first pages are those of a full evaluation, with far fewer evaluated."""

import numpy as np
import pytest

from search.toprank import evaluate_top


def _run(lower, gain, headroom, groups, needed):
    """Evaluate lazily; return the final keys and how many candidates were evaluated."""
    keys = lower.copy()

    def evaluate(positions):
        keys[positions] = lower[positions] + gain[positions]

    evaluated = evaluate_top(evaluate, lambda at: keys[at], headroom, groups, needed)
    return keys, evaluated


def _first_groups(keys, groups, needed):
    """Return the best member of each of the needed best groups, best first."""
    order = np.lexsort((np.arange(len(keys)), -keys))
    shown, seen = [], set()
    for i in order:
        if groups[i] not in seen:
            seen.add(groups[i])
            shown.append(int(i))
    return shown[:needed]


@pytest.mark.parametrize("seed", range(20))
def test_first_groups_match_a_full_evaluation(seed):
    rng = np.random.default_rng(seed)
    count = int(rng.integers(50, 20_000))
    lower = rng.exponential(10, count).astype(np.float64)
    headroom = rng.choice([0.0, 5.0, 100.0], count)
    gain = headroom * rng.random(count) * (rng.random(count) < 0.05)
    groups = rng.integers(0, count // 2 + 1, count)
    needed = int(rng.integers(1, 60))
    keys, _ = _run(lower, gain, headroom, groups, needed)
    assert _first_groups(keys, groups, needed) == _first_groups(lower + gain, groups, needed)


def test_a_rare_high_gain_far_down_still_reaches_the_page():
    lower = np.linspace(100, 1, 10_000)
    gain = np.zeros(10_000)
    gain[9_000] = 1_000  # the only page holding the phrase, with the lowest base score
    keys, _ = _run(lower, gain, np.full(10_000, 1_000.0), np.arange(10_000), 10)
    assert _first_groups(keys, np.arange(10_000), 1) == [9_000]


def test_evaluation_stops_once_nothing_left_out_can_reach_the_page():
    lower = np.linspace(1_000, 1, 50_000)
    gain = np.full(50_000, 5.0)
    _, evaluated = _run(lower, gain, np.full(50_000, 5.0), np.arange(50_000), 10)
    assert evaluated < 1_000


def test_a_story_is_evaluated_with_all_its_copies():
    lower = np.array([100.0] + [1.0] * 999)
    gain = np.zeros(1_000)
    gain[999] = 500.0               # a copy of the best story, far down, scores higher
    groups = np.arange(1_000)
    groups[999] = 0
    keys, _ = _run(lower, gain, np.full(1_000, 0.5), groups, 1)
    assert keys[999] == 501.0


def _tightening_run(lower, gain, headroom, groups, needed, known):
    """Evaluate lazily with a tightening that knows the headroom `known`."""
    keys = lower.copy()

    def evaluate(positions):
        keys[positions] = lower[positions] + gain[positions]

    evaluated = evaluate_top(evaluate, lambda at: keys[at], headroom.copy(), groups, needed,
                             lambda positions: known[positions])
    return keys, evaluated


@pytest.mark.parametrize("seed", range(10))
def test_a_tightened_headroom_keeps_the_first_groups_and_evaluates_fewer(seed, monkeypatch):
    monkeypatch.setattr("search.toprank.TIGHTEN_ABOVE", 100)
    rng = np.random.default_rng(seed)
    count = 20_000
    lower = rng.exponential(10, count)
    gain = np.where(rng.random(count) < 0.002, 1_000.0, 5.0 * rng.random(count))
    headroom = np.full(count, 1_000.0)  # what is known before tightening: any page may gain
    known = np.where(gain > 5.0, 1_000.0, 5.0)  # tightening tells the few that may
    groups = np.arange(count)
    keys, evaluated = _tightening_run(lower, gain, headroom, groups, 10, known)
    assert _first_groups(keys, groups, 10) == _first_groups(lower + gain, groups, 10)
    _, untightened = _run(lower, gain, headroom, groups, 10)
    assert evaluated <= untightened // 4


def test_a_tightening_that_knows_nothing_changes_nothing(monkeypatch):
    monkeypatch.setattr("search.toprank.TIGHTEN_ABOVE", 100)
    lower = np.linspace(100, 1, 10_000)
    gain = np.zeros(10_000)
    gain[9_000] = 1_000
    groups = np.arange(10_000)
    keys = lower.copy()

    def evaluate(positions):
        keys[positions] = lower[positions] + gain[positions]

    evaluate_top(evaluate, lambda at: keys[at], np.full(10_000, 1_000.0), groups, 10,
                 lambda positions: None)
    assert _first_groups(keys, groups, 1) == [9_000]
