"""Ranking beyond title fragments, on real articles (tests/fixtures/understanding.jsonl)."""

import pytest


def titles(result: dict) -> list[str]:
    return [hit["title"] for hit in result["hits"]]


def test_pages_holding_the_words_together_rank_before_pages_holding_them_apart(understand):
    found = titles(understand("nha o xa hoi"))
    together = [i for i, t in enumerate(found) if "nhà ở xã hội" in t.lower()]
    assert together == [0, 1]


def test_relaxed_pages_come_after_every_all_words_page_and_are_counted(understand):
    result = understand("nha o xa hoi")
    assert result["allWordsHits"] < result["totalHits"]
    assert all(hit["score"] >= result["hits"][-1]["score"] for hit in result["hits"][:2])


def test_question_words_neither_exclude_nor_outrank_the_answer(understand):
    found = titles(understand("vì sao Đinh La Thăng bị bắt?"))
    assert "Đinh La Thăng" in found[0]
    assert found.index("Vì sao ông Lê Tấn Hùng bị bắt?") > 1


def test_exact_role_ranks_before_the_same_words_after_a_modifier(understand):
    found = titles(understand("chu tich UBND Da Nang"))
    assert found[0] == "Ông Huỳnh Đức Thơ làm Chủ tịch Đà Nẵng"


@pytest.mark.parametrize("query", ["thanh tr dau khi", "thanh tra dau khj"],
                         ids=["fragment", "non-word"])
def test_phone_typos_are_read_from_context(understand, query):
    assert titles(understand(query))[0] == "Cả đoàn thanh tra dầu khí phải làm kiểm điểm"


def test_fragment_is_not_marked_as_an_abbreviation(understand):
    snippet = understand("thanh tr dau khi")["hits"][0]["snippet"]
    assert "<mark>Tr" not in snippet.replace("<mark>Trước", "")


@pytest.mark.parametrize("query", ["3800 ti", "3 800 ti", "3.800 tỉ"], ids=["joined", "spaced", "dotted"])
def test_numbers_find_each_other_however_grouped(understand, query):
    assert titles(understand(query))[0].startswith("Khởi công dự án chăn nuôi bò sữa")


@pytest.mark.parametrize("query", ["5,6 tỉ hỗ trợ", "5.6 ti ho tro", "5 6 ti ho tro"],
                         ids=["comma", "dot", "space"])
def test_decimal_numbers_find_each_other(understand, query):
    assert "5,6 tỉ" in titles(understand(query))[0]


def test_abbreviation_finds_the_spelled_out_name_and_marks_it(understand):
    result = understand("ubkt trung uong")
    assert result["totalHits"] > 0
    marked = " ".join(h["snippet"] for h in result["hits"])
    assert "<mark>Uỷ ban Kiểm tra Trung ương</mark>" in marked or \
        "<mark>Ủy ban Kiểm tra Trung ương</mark>" in marked


def test_spelled_out_name_finds_the_abbreviation(understand):
    ids = {h["id"] for h in understand("chanh van phong uy ban nhan dan")["hits"]}
    plain = {h["id"] for h in understand("chanh van phong ubnd")["hits"]}
    assert plain and plain <= ids


def test_a_named_place_ranks_its_pages_first_among_equals(understand):
    hits = understand("kỷ luật cảnh cáo Quảng Trị")["hits"]
    assert hits[0]["locality"] == "Quảng Trị"


def test_same_story_twice_is_one_hit_that_names_the_other(understand):
    result = understand("Cả đoàn thanh tra dầu khí phải làm kiểm điểm")
    ids = [h["id"] for h in result["hits"]]
    first = result["hits"][0]
    assert len([i for i in ids if i.startswith("vntc:test:PL_VNE_T_(2468)")]) == 1
    assert [copy["id"] for copy in first["similar"]] and result["foldedHits"] == 1
    assert {copy["id"] for copy in first["similar"]} | {first["id"]} == {
        "vntc:test:PL_VNE_T_(2468)", "vntc:test:PL_VNE_T_(2468)-ban-sao"}


def test_different_pages_sharing_a_title_are_not_folded(understand):
    ids = {h["id"] for h in understand("thông báo")["hits"]}
    assert {"thong-bao-1", "thong-bao-2"} <= ids


def test_suggestion_fixes_accents_and_typos_in_one_line_with_place_capitals(understand):
    assert understand("dang bo ha noi")["suggestion"] == "đảng bộ Hà Nội"
    assert understand("nuoc gnoai khong xin")["suggestion"] == "nước ngoài không xin"


def test_banner_and_suggestion_never_disagree(understand):
    result = understand("van phng tinh uy")
    assert result["correctedQuery"] == "văn phòng tỉnh ủy" and result["suggestion"] is None


def test_long_pasted_question_is_answered_not_refused(understand):
    question = ("Xin hỏi trong vụ việc cả đoàn thanh tra của Thanh tra Chính phủ phải làm kiểm "
                "điểm vì liên quan đến sai phạm ở Tổng công ty dầu khí thì ai chịu trách nhiệm "
                "và hình thức xử lý kỷ luật như thế nào theo quy định của pháp luật hiện hành "
                "về thanh tra và phòng chống tham nhũng năm 2005 là gì vậy?")
    assert len(question.split()) > 40
    assert titles(understand(question))[0] == "Cả đoàn thanh tra dầu khí phải làm kiểm điểm"


def test_a_query_of_only_exclusions_excludes(understand):
    everything = understand("")["totalHits"]
    with_word = understand("thanh")["totalHits"]
    assert understand("-thanh")["totalHits"] == everything - with_word


@pytest.fixture(scope="module")
def dated(tmp_path_factory):
    """A small dump of dated articles on one topic, and its index."""
    import json

    from indexer.build import build_index
    from search import SearchRequest, open_index

    folder = tmp_path_factory.mktemp("dated")
    records = [
        {"id": "old", "date": "2012-03-01", "title": "Kỷ luật cán bộ vi phạm quy định",
         "text": "Ủy ban Kiểm tra quyết định kỷ luật cán bộ vi phạm quy định về đất đai."},
        {"id": "mid", "date": "2016-05-02", "title": "Kỷ luật cán bộ sai phạm ở xã",
         "text": "Huyện ủy kỷ luật cán bộ sai phạm trong quản lý đất đai năm 2016."},
        {"id": "new", "date": "2019-09-09", "title": "Kỷ luật cán bộ lãnh đạo sở",
         "text": "Tỉnh ủy thi hành kỷ luật cán bộ lãnh đạo sở vì buông lỏng quản lý."},
        {"id": "news", "date": "2011-01-01", "title": "Tin mới nhất về vụ kỷ luật cán bộ",
         "text": "Bản tin tổng hợp những diễn biến về việc kỷ luật cán bộ ở nhiều địa phương."},
        {"id": "undated", "title": "Kỷ luật cán bộ và trách nhiệm người đứng đầu",
         "text": "Bàn về kỷ luật cán bộ và trách nhiệm người đứng đầu."},
    ]
    dump = folder / "dated.jsonl"
    dump.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    build_index([dump], folder / "index", full=True)
    index = open_index(folder / "index", cache_size=0)
    return lambda q: [h["id"] for h in index.search(SearchRequest(q=q, hits_per_page=10))["hits"]]


def test_intent_words_ask_for_the_newest_good_matches(dated):
    found = dated("kỷ luật cán bộ mới nhất")
    assert found[:3] == ["new", "mid", "old"]


def test_a_year_in_the_query_puts_that_years_pages_first_without_dropping_others(dated):
    found = dated("kỷ luật cán bộ 2016")
    assert found[0] == "mid" and len(found) == 5
