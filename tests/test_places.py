"""Provinces and cities in queries and filters, before and after the 2025 merger."""

import pytest

from search import SearchRequest
from search.places import places_in, with_absorbed


@pytest.mark.parametrize("words, name", [
    (["tinh", "uy", "quang", "tri"], "Quảng Trị"), (["sai", "gon"], "TP. Hồ Chí Minh"),
    (["tphcm"], "TP. Hồ Chí Minh"), (["ba", "ria", "vung", "tau"], "Bà Rịa - Vũng Tàu"),
    (["thanh", "pho", "ho", "chi", "minh"], "TP. Hồ Chí Minh"), (["hue"], "Thừa Thiên Huế"),
], ids=["two-words", "alias", "one-word", "four-words", "five-words", "short"])
def test_places_named_in_a_query_are_found_unaccented(words, name):
    assert [found for _, _, found in places_in(words)] == [name]


def test_words_that_name_no_place_find_none():
    assert places_in(["van", "phong", "tinh", "uy"]) == []


def test_province_filter_takes_in_the_provinces_it_absorbed(understanding_index):
    def localities(**filters):
        result = understanding_index.search(SearchRequest(hits_per_page=50, **filters))
        return {hit["locality"] for hit in result["hits"]}
    assert with_absorbed("Quảng Trị") == ("Quảng Trị", "Quảng Bình")
    assert localities(locality="Quảng Trị") == {"Quảng Trị"}
    assert localities(province="Quảng Trị") == {"Quảng Trị", "Quảng Bình"}
