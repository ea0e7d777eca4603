"""Question, filler, intent and year words of a query."""

import pytest

from search import SearchRequest
from search.querytext import parse_query
from search.querywords import read_roles, reads_as_pasted


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


def test_grammar_words_headlines_leave_out_are_marked_as_such():
    # "Cách chức Bí thư … Nguyễn Xuân Anh" is the headline of "Nguyễn Xuân Anh bị cách chức".
    assert roles("nguyen xuan anh bi cach chuc",
                 ["nguyễn", "xuân", "anh", "bị", "cách", "chức"]).droppable == {3}
    assert roles("tại sao ông Võ Kim Cự bị cách chức").droppable == {2, 6}
    assert roles("ai thay ông Nguyễn Xuân Anh").droppable == {2}  # "thay" is the need
    assert roles("bi cach chuc").droppable == set()               # the corpus was not asked


def test_a_query_of_only_filler_keeps_its_words():
    assert roles("là gì").optional == set()


def test_a_role_at_the_start_is_noticed():
    assert roles("chu tich UBND Da Nang").role_first
    assert not roles("UBND Da Nang").role_first


def pasted(text):
    found = roles(text)
    content = len(parse_query(text).words) - len(found.optional)
    return reads_as_pasted(parse_query(text).text, found, content)


@pytest.mark.parametrize("query, expected", [
    ("dai hoi dang toan quoc bau BCH TW khoa XII", False),
    ("HĐND TP. HCM họp về Thủ Thiêm 2019", False),
    ("5,6 tỉ hỗ trợ xây dựng nông thôn mới ở huyện Củ Chi TP.HCM", False),
    ("bộ trưởng Đào Đình Bình chịu trách nhiệm gì trong vụ PMU 18?", True),
    ("Hiện, Thanh tra Chính phủ và TP HCM nỗ lực giải quyết vướng mắc", True),
    ("cong ty co phan dau tu xay dung ha tang giao thong thanh pho ho chi minh "
     "ky hop dong voi ngan hang", True),
], ids=["keywords", "tp-dot-hcm", "decimal-comma", "question", "sentence", "over-16-words"])
def test_only_pasted_text_or_a_question_reads_as_pasted(query, expected):
    assert pasted(query) is expected


def test_a_long_keyword_query_keeps_every_word_then_relaxes(keywords_index):
    result = keywords_index.search(SearchRequest(q="dai hoi dang toan quoc bau BCH TW khoa XII",
                                                 hits_per_page=10))
    assert result["hits"][0]["title"] == "1.510 đại biểu bầu Ban chấp hành trung ương khoá XII"
    assert 0 < result["allWordsHits"] < result["totalHits"]
