"""Vietnamese analysis: NFC, folding, tone placement, i/y variants, no stop words."""

import unicodedata

import pytest

from search.analysis import accent_analyzer, fold_text, folded_analyzer, normalize_text, tokenize


def folded(text):
    return [t.text for t in folded_analyzer()(text)]


def accented(text):
    return [t.text for t in accent_analyzer()(text)]


def test_nfd_text_tokenizes_like_nfc():
    text = "Văn phòng Tỉnh ủy tướng"
    nfd = unicodedata.normalize("NFD", text)
    assert accented(nfd) == accented(text) == ["văn", "phòng", "tỉnh", "ủy", "tướng"]


def test_nfd_offsets_point_into_the_text_as_stored():
    nfd = unicodedata.normalize("NFD", "Đà Nẵng")
    spans = [(start, end) for start, end, _ in tokenize(nfd)]
    assert [nfd[s:e] for s, e in spans] == nfd.split(" ")


@pytest.mark.parametrize("text, expected", [
    ("Đảng bộ", "dang bo"),
    ("ĐÀ NẴNG", "da nang"),
    ("\u00d0à Nẵng", "da nang"),
    ("\u0189à Nẵng", "da nang"),
    ("Nguyễn Thị Ánh Tuyết", "nguyen thi anh tuyet"),
    ("ươ ưu ữ ặ ậ ể ộ ớ ự ỵ", "uo uu u a a e o o u y"),
], ids=["dang-bo", "upper", "eth-lookalike", "african-d-lookalike", "name", "all-marks"])
def test_folding_maps_every_vietnamese_letter_to_its_base(text, expected):
    assert fold_text(text) == expected


@pytest.mark.parametrize("old, new", [
    ("Thành uỷ", "Thành ủy"), ("Khánh Hoà", "Khánh Hòa"), ("Thanh Hoá", "Thanh Hóa"),
    ("khoẻ mạnh", "khỏe mạnh"), ("thuỷ lợi", "thủy lợi"), ("qúy", "quý"),
], ids=["uy", "hoa-grave", "hoa-acute", "khoe", "thuy", "misplaced-quy"])
def test_old_tone_placement_matches_new(old, new):
    assert normalize_text(old) == normalize_text(new)


@pytest.mark.parametrize("variant, standard", [
    ("kĩ thuật", "kỹ thuật"), ("lí luận", "lý luận"), ("quí", "quý"), ("mĩ thuật", "mỹ thuật"),
], ids=["ki", "li", "qui", "mi"])
def test_i_and_y_spellings_are_one_word(variant, standard):
    assert normalize_text(variant) == normalize_text(standard)
    assert fold_text(variant) == fold_text(standard)


def test_proper_names_keep_their_i_or_y():
    assert normalize_text("Nguyễn Văn Sỹ") != normalize_text("Nguyễn Văn Sĩ")


@pytest.mark.parametrize("text, expected", [
    ("ý kiến", ["ý", "kiến"]), ("ở", ["ở"]), ("a và the of", ["a", "và", "the", "of"]),
], ids=["y-kien", "o", "english-stop-words"])
def test_no_stop_words_and_no_minimum_length(text, expected):
    assert accented(text) == expected


def test_unaccented_words_survive_analysis():
    assert folded("can bo to chuc") == ["can", "bo", "to", "chuc"]


@pytest.mark.parametrize("text", ["VAN PHONG TINH UY", "văn phòng tỉnh ủy", "van phòng Tỉnh UY"],
                         ids=["upper", "accented", "mixed"])
def test_case_and_accents_fold_to_the_same_words(text):
    assert folded(text) == ["van", "phong", "tinh", "uy"]


def test_upper_case_accented_word_keeps_its_accents_in_the_accent_field():
    assert accented("ĐẢNG") == ["đảng"]
