"""Codes and initials written joined, spaced or hyphenated, on real party_all articles
(tests/fixtures/keywords.jsonl)."""

import pytest

from search import SearchRequest
from search.codes import code_spellings, is_initials


@pytest.fixture(scope="module")
def codes_index(keywords_index):
    return keywords_index


def titles(index, q: str) -> list[str]:
    return [hit["title"] for hit in index.search(SearchRequest(q=q, hits_per_page=20))["hits"]]


def test_a_code_stands_for_its_other_spellings_only_where_the_corpus_has_them():
    known = {"pmu", "18", "pmu18", "gt", "vt"}.__contains__
    assert code_spellings(["pmu18"], known) == [(0, 1, ("pmu", "18"))]
    assert code_spellings(["gtvt"], known) == [(0, 1, ("gt", "vt"))]
    assert code_spellings(["khoa", "18"], known) == []  # "khoa18" is no word of the corpus


def test_initials_have_no_vowel():
    assert is_initials("gtvt") and is_initials("tphcm")
    assert not is_initials("pmu") and not is_initials("đt") and not is_initials("18")


@pytest.mark.parametrize("query", ["PMU18", "PMU 18", "PMU-18"], ids=["joined", "spaced", "hyphen"])
def test_each_spelling_of_a_code_finds_the_others(codes_index, query):
    found = titles(codes_index, query)
    assert "Lại thêm một số bê bối ở PMU18" in found
    assert "Vụ PMU 18: cơ hội cải cách và thanh lọc" in found


@pytest.mark.parametrize("query", ["Bộ GTVT kiểm điểm", "Bộ GT-VT kiểm điểm", "Bộ GT VT kiểm điểm"],
                         ids=["joined", "hyphen", "spaced"])
def test_hyphenated_initials_find_the_joined_ones_and_their_names(codes_index, query):
    found = titles(codes_index, query)
    assert found[0].startswith("Bộ GT-VT phải hoàn thành kiểm điểm")
    assert any(t.startswith("Bộ GTVT huỷ 2 văn bản") for t in found)
