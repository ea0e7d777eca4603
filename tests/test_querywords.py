"""Question, filler, intent and year words of a query."""

import pytest

from search.querytext import parse_query
from search.querywords import read_roles


def roles(text, spelt=None):
    return read_roles(parse_query(text).words, spelt)


@pytest.mark.parametrize("query, filler", [
    ("vì sao Đinh La Thăng bị bắt", {0, 1}),
    ("Trịnh Xuân Thanh bị khai trừ khi nào", {6, 7}),
    ("ai thay ông Nguyễn Xuân Ánh", set()),
    ("vi sao dinh la thang bi bat", {0, 1}),
    ("có phải ông Thăng bị bắt không", {0, 1, 6}),
], ids=["vi-sao", "khi-nao", "ai-needs-the-corpus", "unaccented-two-words", "co-phai-khong"])
def test_question_words_are_filler(query, filler):
    assert roles(query).filler == filler


def test_an_unaccented_word_is_filler_only_where_the_corpus_spells_it_so():
    assert roles("ha noi", ["hà", "nội"]).filler == set()         # not "hả"
    assert roles("ha noi", ["hả", "nội"]).filler == {0}
    assert roles("ai thay ong", ["ai", "thay", "ông"]).filler == {0}
    assert roles("thanh tra dau khi", ["thanh", "tra", "dầu", "khí"]).filler == set()
    assert roles("ai thay").filler == set()                      # the corpus was not asked


def test_intent_words_ask_for_recency_and_a_year_is_a_hint():
    found = roles("kỷ luật cán bộ mới nhất 2016")
    assert found.recent == {4, 5} and found.year == "2016" and found.optional == {4, 5, 6}


def test_a_query_of_only_filler_keeps_its_words():
    assert roles("là gì").optional == set()


def test_a_role_at_the_start_is_noticed():
    assert roles("chu tich UBND Da Nang").role_first
    assert not roles("UBND Da Nang").role_first
