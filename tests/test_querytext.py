"""Parsing what users type: words, phrases, exclusions, OR, title:, bad syntax."""

import pytest

from search.querytext import parse_query


def shape(text):
    query = parse_query(text)
    groups = [[(c.field, c.phrase, [w.folded for w in c.words]) for c in g] for g in query.groups]
    return groups, [[w.folded for w in c.words] for c in query.excluded]


def test_plain_words_are_each_required():
    assert shape("Văn phòng")[0] == [[(None, False, ["van"])], [(None, False, ["phong"])]]


def test_quoted_words_form_one_phrase():
    assert shape('"tỉnh ủy" x')[0][0] == [(None, True, ["tinh", "uy"])]


def test_or_joins_the_words_beside_it():
    assert shape("a OR b c")[0] == [[(None, False, ["a"]), (None, False, ["b"])],
                                    [(None, False, ["c"])]]


def test_minus_excludes_words_and_phrases():
    assert shape('x -y -"z w"')[1] == [["y"], ["z", "w"]]


def test_title_prefix_limits_a_word_or_phrase_to_titles():
    assert shape('title:"hà nội" title:huế')[0] == [[("title", True, ["ha", "noi"])],
                                                   [("title", False, ["hue"])]]


@pytest.mark.parametrize("text, words", [
    ('"unbalanced', ["unbalanced"]), ("((x)", ["x"]), ("OR", ["or"]), ("a OR", ["a", "or"]),
    ("-", []), ("x\x00y\x1f", ["x", "y"]), ("http://a.b", ["http", "a", "b"]),
], ids=["quote", "parens", "lone-or", "trailing-or", "lone-minus", "control", "url"])
def test_malformed_syntax_is_read_as_plain_words(text, words):
    assert [w.folded for w in parse_query(text).words] == words


def test_last_word_is_open_ended_unless_quoted_or_excluded():
    assert parse_query("tinh u").open_ended
    assert not parse_query('"tinh uy"').open_ended
    assert not parse_query("tinh -uy").open_ended


def test_a_query_of_any_word_count_within_the_length_limit_parses():
    assert len(parse_query("a " * 240).words) == 240


def test_words_are_listed_once_a_query():
    parsed = parse_query('van phong OR "ha noi" -hue')
    assert parsed.words is parsed.words
    assert [w.folded for w in parsed.words] == ["van", "phong", "ha", "noi"]
