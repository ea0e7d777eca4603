"""Accent restoration, "did you mean" and bounded typo expansion, on a tiny real corpus."""

from collections import Counter

import pytest

from search.accents import AccentModel, count_texts
from search.querytext import parse_query
from search.spelling import suggest, typo_expansions
from search.tablemerge import merge_counts

SENTENCES = [
    "Văn phòng Tỉnh ủy tổ chức hội nghị tổng kết công tác năm 2023.",
    "Chánh Văn phòng Tỉnh ủy Khánh Hòa chủ trì buổi làm việc.",
    "Ban Thường vụ Tỉnh ủy họp cho ý kiến về công tác cán bộ.",
    "Đồng chí Bí thư Tỉnh ủy phát biểu chỉ đạo hội nghị Ban Thường vụ.",
    "Đảng bộ tỉnh lãnh đạo thực hiện thắng lợi nghị quyết đại hội.",
    "Đại hội Đảng bộ huyện lần thứ XX thành công tốt đẹp.",
    "Văn phòng Thành ủy ban hành kế hoạch tuyên truyền.",
    "Khu kinh tế Vân Phong thu hút nhiều dự án đầu tư.",
    "Vịnh Vân Phong nằm ở phía bắc tỉnh Khánh Hòa.",
    "Tình hình kinh tế xã hội của tỉnh tiếp tục chuyển biến tích cực.",
    "Thông tin về tình hình thực hiện nhiệm vụ chính trị.",
    "Ủy ban nhân dân tỉnh tổng hợp tình hình, tích cực triển khai.",
    "Uy tín của tổ chức đảng được nâng lên.",
    "Đồng chí Nguyễn Văn Linh và đồng chí Hồ Chí Minh.",
    "Lãnh đạo tỉnh Kiên Giang làm việc với ngành kinh tế.",
    "Tinh thần đoàn kết, tinh gọn bộ máy.",
]


@pytest.fixture(scope="module")
def model():
    return AccentModel.train(SENTENCES)


@pytest.mark.parametrize(("query", "expected"), [
    ("van phong tinh uy", "văn phòng tỉnh ủy"),
    ("ban thuong vu", "ban thường vụ"),
    ("dang bo", "đảng bộ"),
    ("tinh hinh kinh te", "tình hình kinh tế"),
], ids=["office", "standing-committee", "party-committee", "situation"])
def test_unaccented_query_is_restored(model, query, expected):
    assert model.restore(query) == expected


def test_upper_case_query_is_restored_in_lower_case(model):
    assert model.restore("VAN PHONG TINH UY") == "văn phòng tỉnh ủy"
    assert model.restore("Dang Bo") == "đảng bộ"


def test_partly_accented_query_keeps_typed_words_and_restores_others(model):
    assert model.restore("van phòng tinh uy") == "văn phòng tỉnh ủy"


def test_accented_word_is_kept_as_typed_and_constrains_neighbours(model):
    assert model.restore("van phong") == "văn phòng"
    assert model.restore("vân phong") is None
    assert model.restore("vịnh vân phong") is None
    assert model.restore("vinh vân phong") == "vịnh vân phong"


def test_accented_query_is_never_changed(model):
    assert model.restore("văn phòng tỉnh ủy") is None
    assert model.restore("Tỉnh uỷ") is None  # old tone placement is only normalized
    assert model.restore("tinh ủy") == "tỉnh ủy"


def test_restore_returns_none_when_nothing_is_known_or_changes(model):
    assert model.restore("xyzzy qwerty") is None
    assert model.restore("ban") is None
    assert model.restore("") is None


def test_punctuation_between_words_is_kept(model):
    assert model.restore('"van phong" tinh uy') == '"văn phòng" tỉnh ủy'


def _suggest(model, text):
    parsed = parse_query(text)
    return suggest(parsed, model, typo_expansions(parsed, model)[0])


def test_misspelt_query_gets_an_accented_suggestion(model):
    assert _suggest(model, "van phng tinh uy") == "văn phòng tỉnh ủy"
    assert _suggest(model, "ban thuongg vu") == "ban thường vụ"


def test_suggest_returns_none_for_what_is_already_spelt_so(model):
    assert _suggest(model, "văn phòng tỉnh ủy") is None
    assert _suggest(model, "vân phong") is None


def test_suggest_returns_none_when_no_known_word_is_near(model):
    assert _suggest(model, "xyzzy") is None


def test_known_syllables_never_expand(model):
    for syllable in ("tinh", "tich", "tin"):
        assert model.expand_typo(syllable) == []


def test_typo_expansion_is_one_edit_away_and_most_frequent_first(model):
    assert model.expand_typo("tinhh") == ["tinh"]
    assert model.expand_typo("tnh") == ["tinh"]
    assert model.expand_typo("tinx") == ["tinh", "tin"]  # "tỉnh" is commoner than "tin"


@pytest.mark.parametrize("syllable", ["uy", "bo", "xy", ""], ids=["uy", "bo", "two", "empty"])
def test_strings_shorter_than_three_letters_never_expand(model, syllable):
    assert model.expand_typo(syllable) == []


def test_typo_expansion_respects_the_limit(model):
    assert len(model.expand_typo("tinx", limit=1)) == 1
    assert model.expand_typo("tinx", limit=0) == []


def test_saved_model_loads_with_the_same_answers(model, tmp_path):
    path = tmp_path / "accents.bin"
    model.save(path)
    loaded = AccentModel.load(path)
    assert [p.name for p in tmp_path.iterdir()] == ["accents.bin"]
    for query in ["van phong tinh uy", "ban thuong vu", "vinh vân phong", "dang bo"]:
        assert loaded.restore(query) == model.restore(query)
    assert _suggest(loaded, "van phng tinh uy") == "văn phòng tỉnh ủy"
    assert loaded.expand_typo("tinh") == model.expand_typo("tinh")


def test_loading_another_file_names_the_fix(tmp_path):
    path = tmp_path / "accents.bin"
    path.write_bytes(b'{"format": "other"}\n')
    with pytest.raises(ValueError, match="rebuild it with reindex"):
        AccentModel.load(path)


def test_merged_counts_teach_the_words_of_new_text(tmp_path):
    model = AccentModel.train(SENTENCES[:3])
    assert model.restore("dang bo") != "đảng bộ"
    unigrams, bigrams = Counter(), Counter()
    count_texts(["Đảng bộ tỉnh lãnh đạo toàn diện."], unigrams, bigrams)
    model = AccentModel(merge_counts(model.tables, unigrams, bigrams))
    assert model.restore("dang bo") == "đảng bộ"
    assert model.restore("van phong tinh uy") == "văn phòng tỉnh ủy"


def test_empty_model_restores_nothing(tmp_path):
    model = AccentModel.train([])
    model.save(tmp_path / "empty.bin")
    assert AccentModel.load(tmp_path / "empty.bin").restore("van phong") is None
