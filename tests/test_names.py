"""Names in a query: numbered names ("Trung ương 8", "khóa XII") and their numerals."""

from itertools import product

import numpy as np
import pytest

from search.names import is_numeral, name_pairs, numbered_pairs
from search.querytext import parse_query


@pytest.mark.parametrize("typed, expected", [
    ("8", True), ("XII", True), ("xii", True), ("XI", True), ("xi", False), ("vi", False),
    ("X", True), ("khóa", False), ("PMU18", False), ("IIII", False),
], ids=["digits", "roman", "roman-lower", "xi-upper", "xi-syllable", "vi-syllable", "x-upper",
        "word", "code", "not-roman"])
def test_numerals_are_digits_or_roman_numerals_that_are_no_syllable(typed, expected):
    assert is_numeral(parse_query(typed).words[0]) is expected


@pytest.mark.parametrize("query, expected", [
    ("Nghị quyết Trung ương 4 khóa XII", {3, 5}),
    ("Nghị quyết 18", {1}),
    ("bộ trưởng Đào Đình Bình chịu trách nhiệm gì trong vụ PMU 18", {11}),
    ("3 800 tỉ", set()),
    ("tăng 6,5 tỷ đồng", set()),
    ("kỷ luật cán bộ", set()),
], ids=["plenum-and-term", "resolution", "code", "number-after-number", "amount", "no-numeral"])
def test_a_numeral_binds_to_the_word_before_it(query, expected):
    assert numbered_pairs(parse_query(query).words) == expected


TITLES = {"name": "Ông Nguyễn Xuân Anh nhận quyết định", "lower": "Người dân nguyễn xuân anh",
          "capitals": "NGUYỄN XUÂN ANH NHẬN QUYẾT ĐỊNH", "apart": "Nguyễn, Xuân Anh về quê"}


class Titles:
    """Postings of titles holding "nguyen xuan", counting the titles read."""

    def __init__(self, kinds: tuple[str, ...]) -> None:
        self.kinds, self.read = kinds, 0

    def term(self, field: str, text: str):
        assert (field, text) == ("title_p", "nguyen_xuan")
        return np.arange(len(self.kinds)), None

    def stored(self, docnum: int) -> dict:
        self.read += 1
        return {"title": TITLES[self.kinds[docnum]]}

    def cached(self, key: tuple, read):
        return read(*key[1:])


def _written_as_name_reading_all(kinds: tuple[str, ...]) -> bool:
    """Return the answer from every title of a sample: most titles saying something
    capitalise both words."""
    said = [kind == "name" for kind in kinds[:4] if kind in ("name", "lower")]
    return bool(said) and 2 * sum(said) > len(said)


def test_a_pair_is_a_name_when_most_titles_saying_something_capitalise_it():
    for kinds in (kinds for count in range(5) for kinds in product(TITLES, repeat=count)):
        found = name_pairs(Titles(kinds), ["nguyen", "xuan"])
        assert found == [_written_as_name_reading_all(kinds)], kinds


@pytest.mark.parametrize("kinds, read", [
    (("lower", "lower", "name", "name"), 2), (("name", "name", "name", "lower"), 3),
    (("name", "lower", "name", "lower"), 4), (("capitals", "capitals", "lower", "lower"), 3),
], ids=["two-lower-settle-it", "three-names-settle-it", "undecided", "capitals-say-nothing"])
def test_titles_are_read_until_the_rest_cannot_change_the_answer(kinds, read):
    postings = Titles(kinds)
    name_pairs(postings, ["nguyen", "xuan"])
    assert postings.read == read
