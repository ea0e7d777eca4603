"""Names in a query: numbered names ("Trung ương 8", "khóa XII") and their numerals."""

import pytest

from search.names import is_numeral, numbered_pairs
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
