"""The search API: query syntax, snippets, facets, filters, paging, articles, errors."""

import json
import unicodedata

import numpy as np
import pytest

from indexer.build import build_index
from search import BadParameter, DocumentNotFound, IndexMissing, QuerySyntaxError, SearchRequest, open_index
from search.engine import _order


def search(index, q, **params):
    return index.search(SearchRequest(q=q, hits_per_page=params.pop("hits_per_page", 50),
                                      **params))


def test_result_has_the_json_shape_the_web_serves(ranking_index):
    result = search(ranking_index, "van phong tinh uy", hits_per_page=2)
    assert set(result) >= {"query", "hits", "totalHits", "page", "hitsPerPage", "totalPages",
                           "facetDistribution", "suggestion", "processingTimeMs"}
    assert set(result["hits"][0]) >= {"id", "title", "url", "date", "locality", "source",
                                      "snippet", "score"}
    assert result["hitsPerPage"] == 2 and result["totalPages"] == -(-result["totalHits"] // 2)
    json.dumps(result)


def test_unaccented_query_highlights_original_accents(ranking_index):
    hit = search(ranking_index, "ha noi")["hits"][0]
    assert "<mark>Hà Nội</mark>" in hit["snippet"]


def test_quoted_phrase_needs_the_words_together(ranking_index):
    ids = [h["id"] for h in search(ranking_index, '"tinh uy khanh hoa"')["hits"]]
    assert ids == ["van-phong-kinh-te"]


def test_excluded_accented_word_removes_only_that_spelling(ranking_index):
    ids = {h["id"] for h in search(ranking_index, "yen bai -đường")["hits"]}
    assert ids == {"duong-nhan-vat"}


def test_excluded_unaccented_word_removes_every_spelling(ranking_index):
    assert search(ranking_index, "yen bai -duong")["totalHits"] == 0


def test_or_finds_either_word(ranking_index):
    ids = [h["id"] for h in search(ranking_index, "Trang OR Nẵng")["hits"]]
    assert set(ids[:2]) == {"thanh-uy-khanh-hoa", "da-nang-dang-bo"}


def test_or_binds_the_words_beside_it(ranking_index):
    ids = {h["id"] for h in search(ranking_index, "Nha Trang OR Nẵng")["hits"]}
    assert ids == {"thanh-uy-khanh-hoa"}


def test_title_prefix_searches_titles_only(ranking_index):
    ids = [h["id"] for h in search(ranking_index, 'title:"tỉnh ủy"')["hits"]]
    assert ids == ["van-phong-tinh-uy"]  # two more pages have "Tỉnh ủy" in the body only


def test_last_word_matches_as_a_prefix_while_typing(ranking_index):
    ids = [h["id"] for h in search(ranking_index, "Nha Tra")["hits"]]
    assert ids[0] == "thanh-uy-khanh-hoa"


@pytest.mark.parametrize("query", [
    '"unbalanced quote', "((tinh uy", "tinh uy)", "OR", "-", "AND OR NOT", "title:",
    '""', "tinh\x00uy\x07", "<script>alert(1)</script>", "*?~^", "-tinh", "title:\"x",
], ids=["quote", "open-paren", "close-paren", "lone-or", "lone-minus", "operators", "empty-field",
        "empty-quotes", "control-chars", "markup", "wildcards", "only-excluded", "field-quote"])
def test_malformed_query_never_raises(ranking_index, query):
    result = search(ranking_index, query.encode().decode("unicode_escape"))
    assert len(result["hits"]) == min(result["totalHits"], 50)


def test_very_long_query_is_rejected_with_a_sentence(ranking_index):
    with pytest.raises(QuerySyntaxError, match="shorten it to at most 500 characters"):
        search(ranking_index, "tinh " * 2000)


def test_markup_in_query_is_escaped_in_snippets(ranking_index):
    for hit in search(ranking_index, "<b>ha noi</b>")["hits"]:
        assert "<b>" not in hit["snippet"]


def test_nfd_document_is_found_by_nfc_query_with_aligned_marks(tmp_path):
    body = unicodedata.normalize("NFD", "Ban Thường vụ Tỉnh ủy Khánh Hòa họp phiên thường kỳ.")
    corpus = tmp_path / "nfd.jsonl"
    corpus.write_text(json.dumps({"id": "nfd", "title": unicodedata.normalize("NFD", "Họp Tỉnh ủy"),
                                  "text": body}, ensure_ascii=False) + "\n", encoding="utf-8")
    build_index([corpus], tmp_path / "index", full=True)
    index = open_index(tmp_path / "index")
    hit = search(index, "Tỉnh ủy Khánh Hòa")["hits"][0]
    assert hit["id"] == "nfd"
    marked = unicodedata.normalize("NFC", hit["snippet"])
    assert "<mark>Tỉnh ủy Khánh Hòa</mark>" in marked


def test_phrase_total_counts_every_page_holding_it(tmp_path):
    lines = [{"id": f"a{n}", "title": f"Tin số {n}",
              "text": f"Bài {n}: hội nghị của Văn phòng Tỉnh ủy bàn việc {n}."} for n in range(600)]
    lines += [{"id": f"b{n}", "title": f"Bản tin {n}",
               "text": f"Phòng họp của văn thư số {n} mở cửa."} for n in range(50)]
    corpus = tmp_path / "many.jsonl"
    corpus.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines),
                      encoding="utf-8")
    build_index([corpus], tmp_path / "index", full=True)
    result = search(open_index(tmp_path / "index"), '"van phong"')
    assert result["totalHits"] == 600


def test_nfc_document_is_found_by_nfd_query(ranking_index):
    query = unicodedata.normalize("NFD", "Đảng bộ Đà Nẵng")
    assert search(ranking_index, query)["hits"][0]["id"] == "da-nang-dang-bo"


def test_facets_count_localities_and_years(ranking_index):
    facets = search(ranking_index, "tinh")["facetDistribution"]
    assert facets["locality"]["Khánh Hòa"] == 2
    assert facets["year"]["2019"] == 2


def test_locality_and_year_filters_narrow_results(ranking_index):
    result = search(ranking_index, "tinh", locality="Khánh Hòa", year="2019")
    assert [h["id"] for h in result["hits"]] == ["van-phong-kinh-te"]
    assert result["facetDistribution"]["locality"] == {"Khánh Hòa": 1}


def test_pages_do_not_overlap(ranking_index):
    first = search(ranking_index, "tinh", hits_per_page=2)
    second = search(ranking_index, "tinh", hits_per_page=2, page=2)
    assert first["totalHits"] == second["totalHits"] > 4
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}


def test_pages_of_equally_scored_hits_neither_repeat_nor_skip(tmp_path):
    corpus = tmp_path / "same.jsonl"
    corpus.write_text("".join(json.dumps({
        "id": f"same-{i:02d}", "title": f"Văn phòng Thành ủy tổng kết công tác số {i}",
        "text": f"Văn phòng Thành ủy làm tốt công tác tham mưu, tổng hợp, phục vụ cấp ủy trong "
                f"năm {2018 + i % 6}, được Ban Thường vụ đánh giá cao. Báo cáo số {i}.",
    }, ensure_ascii=False) + "\n" for i in range(24)), encoding="utf-8")
    build_index([corpus], tmp_path / "index", full=True)
    index = open_index(tmp_path / "index", cache_size=0)
    pages = [[h["id"] for h in search(index, "van phong thanh uy", hits_per_page=10, page=p)["hits"]]
             for p in (1, 2, 3)]
    seen = [doc_id for page in pages for doc_id in page]
    assert sorted(seen) == [f"same-{i:02d}" for i in range(24)]


def test_date_sort_puts_newest_first(ranking_index):
    dates = [h["date"] for h in search(ranking_index, "tinh", sort="date")["hits"]]
    assert dates == sorted(dates, reverse=True)


def test_empty_query_lists_newest_articles(ranking_index):
    result = search(ranking_index, "")
    assert result["totalHits"] == 11
    assert result["hits"][0]["id"] == "da-nang-dang-bo"


def test_article_marks_query_words_in_title_and_body(ranking_index):
    article = ranking_index.article("ha-noi-can-bo", q="can bo")
    assert "<mark>cán bộ</mark>" in article["bodyHtml"]
    assert article["titleHtml"].startswith("Hà Nội kiện toàn công tác <mark>cán bộ</mark>")


def test_unknown_article_raises_document_not_found(ranking_index):
    with pytest.raises(DocumentNotFound, match="No article has the id 'nope'"):
        ranking_index.article("nope")


def test_suggest_completes_a_typed_prefix(ranking_index):
    assert ranking_index.suggest("nha tr")[0].startswith("Thành uỷ Nha Trang")


def test_stats_report_documents_and_analyzer(ranking_index):
    stats = ranking_index.stats()
    assert stats["documents"] == 11 and stats["analyzerVersion"] and stats["sizeBytes"] > 0


def test_missing_index_names_the_fix(tmp_path):
    with pytest.raises(IndexMissing) as error:
        open_index(tmp_path / "nowhere")
    assert str(error.value) == f"No index at {tmp_path / 'nowhere'}. Run `vpsearch reindex` first."


@pytest.mark.parametrize("params, message", [
    ({"page": "-1"}, "page must be a whole number from 1 to 10000, not '-1'."),
    ({"page": "abc"}, "page must be a whole number from 1 to 10000, not 'abc'."),
    ({"hitsPerPage": str(10**9)}, "hitsPerPage must be a whole number from 1 to 50, not '1000000000'."),
    ({"sort": "bogus"}, "sort must be one of relevance, date, not 'bogus'."),
    ({"year": "20x0"}, "year must be a four-digit year such as 2020, or none, not '20x0'."),
], ids=["negative-page", "text-page", "huge-hits", "sort", "year"])
def test_bad_parameters_raise_a_sentence(params, message):
    with pytest.raises(BadParameter) as error:
        SearchRequest.from_params(params)
    assert str(error.value) == message


def test_misspelt_query_is_retried_and_says_so(ranking_index):
    result = search(ranking_index, "van phng tinh uy")
    assert result["hits"][0]["id"] == "van-phong-tinh-uy"
    assert result["correctedQuery"] == "văn phòng tỉnh ủy"


def test_known_words_are_never_fuzzed(ranking_index):
    result = search(ranking_index, "tinh")
    assert result["correctedQuery"] is None
    for hit in result["hits"]:
        assert "<mark>" in hit["snippet"] + hit["titleHtml"]


def test_unaccented_query_gets_an_accented_suggestion(ranking_index):
    assert search(ranking_index, "van phong tinh uy")["suggestion"] == "văn phòng tỉnh ủy"


def test_accented_query_is_respected_as_typed(ranking_index):
    result = search(ranking_index, "vân phong")
    assert result["suggestion"] is None
    assert result["hits"][0]["id"] == "van-phong-kinh-te"


def test_search_after_an_incremental_update_skips_deleted_versions(tmp_path):
    corpus = tmp_path / "c.jsonl"
    record = {"id": "a", "title": "Hội nghị Ban Chấp hành Đảng bộ tỉnh",
              "text": "Hội nghị lần thứ nhất Ban Chấp hành Đảng bộ tỉnh khóa mới đã bầu Ban Thường vụ "
                      "và các chức danh chủ chốt của Tỉnh ủy nhiệm kỳ 2020-2025."}
    corpus.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    build_index([corpus], tmp_path / "index")
    record["text"] = record["text"].replace("Ban Thường vụ", "Ủy ban Kiểm tra")
    corpus.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    build_index([corpus], tmp_path / "index")
    index = open_index(tmp_path / "index")
    assert search(index, '"ban thuong vu"')["totalHits"] == 0
    assert [h["id"] for h in search(index, "uy ban kiem tra")["hits"]] == ["a"]
    assert search(index, "")["totalHits"] == 1


def test_order_breaks_equal_scores_by_the_tie_keys_of_the_documents():
    matched = np.array([2, 5, 7, 8, 9, 11])
    ties = np.arange(12)[::-1].copy()  # every document's: a later document wins a tie
    scores = np.array([1.0, 3.0, 3.0, 1.0, 0.5, 1.0], dtype=np.float32)
    assert _order(matched, ties, scores, np.zeros(12, np.int64), "relevance", 4).tolist() == \
        [2, 1, 5, 3]
    assert _order(matched, ties, scores, np.zeros(12, np.int64), "relevance", 1).tolist() == [2]
