"""Locality canonicalisation: old provinces, post-2025 units, aliases, agency prefixes."""

import pytest

from indexer.localities import (
    agency_prefix,
    canonical_locality,
    guess_locality,
    mentions,
    unit_2025,
)
from search.places import MERGED_2025, PROVINCES_63

UNITS_34 = tuple(MERGED_2025)  # the units of 2025 are the keys of the merge table


def test_there_are_63_old_provinces_and_34_new_units():
    assert len(set(PROVINCES_63)) == 63
    assert len(set(UNITS_34)) == 34
    assert set(UNITS_34) <= set(PROVINCES_63)


def test_every_old_province_belongs_to_exactly_one_new_unit():
    absorbed = [old for olds in MERGED_2025.values() for old in olds]
    assert sorted(absorbed + list(UNITS_34)) == sorted(PROVINCES_63)


@pytest.mark.parametrize("name", PROVINCES_63)
def test_each_canonical_name_maps_to_itself(name):
    assert canonical_locality(name) == name


@pytest.mark.parametrize("alias, expected", [
    ("TPHCM", "TP. Hồ Chí Minh"), ("TP.HCM", "TP. Hồ Chí Minh"), ("TP HCM", "TP. Hồ Chí Minh"),
    ("Sài Gòn", "TP. Hồ Chí Minh"), ("Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh"),
    ("Huế", "Thừa Thiên Huế"), ("Thừa Thiên - Huế", "Thừa Thiên Huế"),
    ("Khánh Hoà", "Khánh Hòa"), ("tỉnh Thanh Hoá", "Thanh Hóa"), ("thành phố Đà Nẵng", "Đà Nẵng"),
    ("Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"), ("Đắc Lắc", "Đắk Lắk"), ("ha noi", "Hà Nội"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_aliases_and_spellings_map_to_one_canonical_name(alias, expected):
    assert canonical_locality(alias) == expected


@pytest.mark.parametrize("name", [None, "", "Paris", "Văn phòng"], ids=["none", "empty", "foreign", "word"])
def test_unknown_names_have_no_locality(name):
    assert canonical_locality(name) is None


@pytest.mark.parametrize("old, unit", [
    ("Hà Giang", "Tuyên Quang"), ("Quảng Nam", "Đà Nẵng"), ("Bình Dương", "TP. Hồ Chí Minh"),
    ("Huế", "Thừa Thiên Huế"), ("Hà Nội", "Hà Nội"), ("Bạc Liêu", "Cà Mau"),
], ids=["ha-giang", "quang-nam", "binh-duong", "hue", "ha-noi", "bac-lieu"])
def test_old_provinces_map_to_their_2025_unit(old, unit):
    assert unit_2025(old) == unit


@pytest.mark.parametrize("lead, locality", [
    ("HNP - Cùng với truyền thống 90 năm", "Hà Nội"),
    ("ĐBP - Đó là phát biểu chỉ đạo", "Điện Biên"),
    ("ÐBP - Đó là phát biểu (Ð look-alike)", "Điện Biên"),
], ids=["HNP", "DBP", "DBP-lookalike"])
def test_agency_prefix_gives_the_locality(lead, locality):
    assert agency_prefix(lead)[1] == locality


def test_a_word_that_is_not_a_prefix_is_ignored():
    assert agency_prefix("HN - không phải mã") is None


def test_common_words_that_spell_a_province_are_not_mentions():
    assert mentions("vì hòa bình và thái bình, qua Thái Bình Dương") == []


def test_upper_case_headlines_mention_places():
    assert mentions("VĂN PHÒNG TỈNH ỦY QUẢNG TRỊ") == ["Quảng Trị"]


@pytest.mark.parametrize("title, lead, body, expected", [
    ("Văn phòng Thành ủy TP.HCM cần đột phá", "Văn phòng Quận ủy...", "", "TP. Hồ Chí Minh"),
    ("Xây dựng Văn phòng", "ĐBP - Đó là phát biểu", "Hà Nội", "Điện Biên"),
    ("Tin", "Lead", "thành phố Quảng Ngãi ... Hà Nội ... thành phố Quảng Ngãi", "Quảng Ngãi"),
    ("Tin", "Lead", "không có địa danh", None),
], ids=["title", "agency-prefix-wins", "commonest-in-body", "none"])
def test_guess_locality_prefers_prefix_then_title_then_commonest(title, lead, body, expected):
    assert guess_locality(title, lead, body) == expected


@pytest.mark.parametrize("text", [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Lăng Chủ tịch Hồ Chí Minh", "Đoàn TNCS Hồ Chí Minh", "Học viện Chính trị quốc gia Hồ Chí Minh",
    "phía Tây đường Hồ Chí Minh", "noi gương Bác Hồ", "HỌC TẬP TƯ TƯỞNG HỒ CHÍ MINH",
], ids=["thought", "mausoleum", "youth-union", "academy", "highway", "uncle-ho", "capitals"])
def test_the_person_ho_chi_minh_is_not_the_city(text):
    assert mentions(text) == []


@pytest.mark.parametrize("text", [
    "Thành phố Hồ Chí Minh", "nhân dân thành phố Hồ Chí Minh", "UBND TP. Hồ Chí Minh",
    "Thành ủy TPHCM", "xây dựng thành phố mang tên Bác văn minh",
    "thành phố mang tên Chủ tịch Hồ Chí Minh",
], ids=["city", "city-lower", "tp", "tphcm", "named-after-bac", "named-after-chu-tich"])
def test_the_city_of_ho_chi_minh_is_a_mention(text):
    assert mentions(text) == ["TP. Hồ Chí Minh"]


@pytest.mark.parametrize("text, expected", [
    ("đoạn đường sắt bắc ngang đường Điện Biên Phủ, Hà Nội", ["Hà Nội"]),
    ("hướng về xa lộ Hà Nội", []),
    ("cựu chiến binh tham gia chiến dịch Điện Biên Phủ", []),
    ("Đại hội Đảng bộ thành phố Điện Biên Phủ", ["Điện Biên"]),
    ("Công viên Hoà Bình; Vườn hoa", []),
    ("các đường phố Hà Nội", ["Hà Nội"]),
    ("Chủ tịch UBND thành phố Đà Nẵng", ["Đà Nẵng"]),
], ids=["street-then-city", "highway", "battle", "city-of-dien-bien-phu", "park", "streets-of",
        "city-of"])
def test_streets_and_venues_named_after_places_are_not_mentions(text, expected):
    assert mentions(text) == expected


def test_an_article_about_uncle_ho_in_ha_noi_is_about_ha_noi():
    body = ("Sáng 2-9, tại Lăng Chủ tịch Hồ Chí Minh, đoàn đại biểu Thành ủy Hà Nội vào Lăng viếng"
            " Chủ tịch Hồ Chí Minh. Học tập tư tưởng Hồ Chí Minh là việc thường xuyên.")
    assert guess_locality("Học tập và làm theo Bác Hồ", body, body) == "Hà Nội"


@pytest.mark.parametrize("text, expected", [
    ("Hà Nội", ["Hà Nội"]),                      # at the very start
    ("(Hà Nội)\nĐà Nẵng.", ["Hà Nội", "Đà Nẵng"]),  # after a bracket, after a line break
    ("XHà Nội, 3Hà Nội, Hà Nộii", []),            # inside a word
    ("Thái Hà Nội, Thái\nHà Nội", ["Hà Nội"]),    # "Thái " before a name, not a line break
], ids=["start", "after-punctuation", "inside-words", "after-thai"])
def test_a_mention_starts_and_ends_a_word(text, expected):
    assert mentions(text) == expected
