"""Whole words found by str.find or by their own pattern: the same places either way."""

import random

import pytest

from search import wholewords
from search.wholewords import single_words, whole_word_starts


def _by_definition(folded, word):
    """Return each place the word stands with no letter or digit just before or after it."""
    return [at for at in range(len(folded)) if folded.startswith(word, at)
            and (at == 0 or not folded[at - 1].isalnum())
            and (at + len(word) == len(folded) or not folded[at + len(word)].isalnum())]


def _random_folded(rng):
    pieces = ["ha", "hah", "aha", "haha", "noi", "ha2", "2ha", "ha_", "_ha", "hà", "xa", "a"]
    breaks = [" ", "", "", ", ", "-", "_", "\n", "…", "2"]
    return "".join(rng.choice(pieces) + rng.choice(breaks) for _ in range(rng.randint(0, 120)))


@pytest.mark.parametrize("tries", [0, 3, 1000], ids=["pattern", "find-then-pattern", "find"])
@pytest.mark.parametrize("seed", range(40))
def test_whole_word_starts_are_the_places_the_word_stands_whole(seed, tries, monkeypatch):
    rng = random.Random(seed)
    folded, word = _random_folded(rng), rng.choice(["ha", "a", "haha", "noi", "ha2", "2"])
    monkeypatch.setattr(wholewords, "FIND_TRIES", tries)
    assert whole_word_starts(folded, word) == _by_definition(folded, word)


def test_words_with_a_space_or_a_mark_are_not_single_words():
    assert single_words(frozenset({"noi", "ha"})) == ("ha", "noi")
    assert single_words(frozenset({"ha noi", "ha"})) is None
    assert single_words(frozenset({"covid-19"})) is None
    assert single_words(frozenset({""})) is None
