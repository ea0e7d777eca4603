"""The forms a query's words and stretches may take on a page."""

from search.expansion import stretches, units, word_forms
from search.synonyms import built_in


def words_of(forms):
    return [f.words for f in forms]


def test_a_word_stands_for_itself_its_typos_and_its_completions():
    assert words_of(word_forms("vna", ["van"], [])) == [("vna",), ("van",)]
    assert words_of(word_forms("tra", [], ["tran"])) == [("tra",), ("tran",)]
    assert words_of(word_forms("tr", ["tra"], [])) == [("tra",)]  # a fragment: never "Tr."
    assert words_of(word_forms("ky", [], [])) == [("ky",), ("ki",)]


def test_grouped_and_joined_numbers_stand_for_each_other():
    found = {(s.start, s.end): words_of(s.forms) for s in stretches(["3", "800", "ti"], None)}
    assert found == {(0, 2): [("3800",)]}
    joined = {(s.start, s.end): words_of(s.forms) for s in stretches(["12500000"], None)}
    assert joined == {(0, 1): [("12", "500", "000")]}


def test_a_year_is_not_a_grouped_number():
    assert stretches(["nam", "2019"], None) == []


def test_names_stand_for_their_other_forms_both_ways():
    table = built_in()
    found = {(s.start, s.end): words_of(s.forms) for s in stretches(["uy", "ban", "nhan", "dan"], table)}
    assert ("ubnd",) in found[(0, 4)]


def test_one_word_stretches_join_the_words_unit():
    word_units, longer = units(["ubnd", "hn"], [word_forms("ubnd", [], []), word_forms("hn", [], [])],
                               stretches(["ubnd", "hn"], built_in()))
    assert ("uy", "ban", "nhan", "dan") in word_units[0].forms and longer == []
