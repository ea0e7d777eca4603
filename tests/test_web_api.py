"""JSON API: search, article, suggestions, health; one error shape; no input yields a 500."""

from __future__ import annotations

import pytest
import web_fixtures
from bs4 import BeautifulSoup

from search import SearchError
from web.messages import SENTENCES

# pytest finds fixtures by name in the test module.
app = web_fixtures.app
client = web_fixtures.client
missing_client = web_fixtures.missing_client
web_index_dir = web_fixtures.web_index_dir


HIT_KEYS = {"id", "title", "url", "date", "locality", "source", "snippet", "score"}
RESULT_KEYS = {"query", "hits", "totalHits", "page", "hitsPerPage", "totalPages",
               "facetDistribution", "suggestion", "processingTimeMs"}


class TestSearch:
    def test_search_returns_the_result_object(self, client):
        data = client.get("/api/search?q=van+phong+tinh+uy").get_json()
        assert data.keys() >= RESULT_KEYS
        assert data["hits"][0].keys() >= HIT_KEYS
        assert "Văn phòng Tỉnh ủy" in data["hits"][0]["title"]
        assert "<mark>" in data["hits"][0]["snippet"]
        assert set(data["facetDistribution"]) == {"locality", "province", "year"}

    def test_hits_per_page_and_page(self, client):
        data = client.get("/api/search?q=van+phong&hitsPerPage=3&page=2").get_json()
        assert (data["page"], data["hitsPerPage"], len(data["hits"])) == (2, 3, 3)
        assert data["totalPages"] == -(-data["totalHits"] // 3)

    def test_filters_apply(self, client):
        data = client.get("/api/search", query_string={"q": "thanh uy", "locality": "Đà Nẵng",
                                                       "year": "2021"}).get_json()
        assert data["hits"] and {(h["locality"], h["date"][:4]) for h in data["hits"]} == \
            {("Đà Nẵng", "2021")}

    def test_json_keeps_vietnamese_letters(self, client):
        assert "Văn phòng" in client.get("/api/search?q=van+phong").get_data(as_text=True)


BAD_PARAMS = [
    ("page=-1", "page must be a whole number from 1 to 10000, not '-1'.",
     "Số trang phải là số nguyên từ 1 đến 10.000, không phải “-1”."),
    ("page=abc", "page must be a whole number from 1 to 10000, not 'abc'.",
     "Số trang phải là số nguyên từ 1 đến 10.000, không phải “abc”."),
    ("hitsPerPage=1000000000", "hitsPerPage must be a whole number from 1 to 50, not '1000000000'.",
     "Số kết quả mỗi trang phải là số nguyên từ 1 đến 50, không phải “1000000000”."),
    ("sort=bogus", "sort must be one of relevance, date, not 'bogus'.",
     "Chỉ có thể sắp xếp theo “relevance” (liên quan nhất) hoặc “date” (mới nhất), "
     "không phải “bogus”."),
    ("year=abc", "year must be a four-digit year such as 2020, or none, not 'abc'.",
     "Năm phải gồm bốn chữ số, ví dụ 2020, không phải “abc”."),
]
BAD_IDS = [query for query, _, _ in BAD_PARAMS]


class TestErrors:
    @pytest.mark.parametrize("query, sentence, _", BAD_PARAMS, ids=BAD_IDS)
    def test_bad_parameter_is_a_400_sentence_with_a_code(self, client, query, sentence, _):
        response = client.get(f"/api/search?q=van&{query}")
        assert response.status_code == 400
        assert response.get_json() == {"ok": False, "error": sentence, "status": 400,
                                       "code": "invalid_parameter",
                                       "parameter": query.split("=")[0]}

    @pytest.mark.parametrize("query, _, sentence", BAD_PARAMS, ids=BAD_IDS)
    def test_html_page_says_it_in_vietnamese(self, client, query, _, sentence):
        response = client.get(f"/search?q=van&{query}")
        assert response.status_code == 400
        page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        assert page.select_one(".error-message").get_text() == sentence

    def test_a_long_bad_value_is_cut_short_in_the_page(self, client):
        page = BeautifulSoup(client.get("/search?q=van&page=" + "9" * 200).get_data(as_text=True),
                             "html.parser")
        assert page.select_one(".error-message").get_text().endswith("“" + "9" * 40 + "…”.")

    @pytest.mark.parametrize("q", [
        "văn " * 2500, "van\x00phong\x07\x1b[31m", '"van phong', "van phong\"\"\"", "(((", ")",
        "AND OR NOT", "*", "?", "title:van", "văn~2", "\u202e\u200b", "🙂" * 50, "-",
        "phòng\ufffd",
    ], ids=["10000-chars", "controls", "open-quote", "three-quotes", "parens", "close-paren",
            "operators", "star", "question", "field", "fuzzy", "bidi", "emoji", "dash", "ufffd"])
    @pytest.mark.parametrize("path", ["/api/search", "/search", "/search.atom", "/embed",
                                      "/api/suggest"])
    def test_no_query_yields_a_500(self, client, path, q):
        response = client.get(path, query_string={"q": q})
        assert response.status_code in (200, 400), response.get_data(as_text=True)[:300]
        assert "Traceback" not in response.get_data(as_text=True)
        if path.startswith("/api/") and response.status_code == 400:
            assert response.get_json()["ok"] is False

    def test_a_control_character_between_words_separates_them(self, client):
        spaced = client.get("/api/search?q=van+phong+tinh+uy").get_json()
        joined = client.get("/api/search?q=van%00phong%07tinh%1Buy").get_json()
        assert joined["totalHits"] == spaced["totalHits"] > 0
        assert [h["id"] for h in joined["hits"]] == [h["id"] for h in spaced["hits"]]

    def test_unknown_article_is_a_404_sentence(self, client):
        response = client.get("/api/article/missing")
        assert response.status_code == 404
        assert response.get_json() == {
            "ok": False, "status": 404, "code": "article_not_found",
            "error": "No article has the id 'missing'. Check the link or search again."}

    def test_unknown_api_path_is_json_404(self, client):
        response = client.get("/api/nothing")
        assert response.status_code == 404 and response.get_json()["ok"] is False
        assert response.get_json()["code"] == "not_found"

    def test_post_is_a_405_with_allow(self, client):
        response = client.post("/api/search")
        assert response.status_code == 405 and "GET" in response.headers["Allow"]
        assert response.get_json()["error"].endswith("Open it as a link instead.")
        assert response.get_json()["code"] == "method_not_allowed"

    def test_unexpected_errors_are_a_500_sentence_without_trace(self, app):
        @app.get("/api/boom")
        def boom():
            raise RuntimeError("secret internals")

        response = app.test_client().get("/api/boom")
        assert response.status_code == 500
        assert response.get_json()["error"] == \
            "Something went wrong on our side. Try again in a moment."
        assert response.get_json()["code"] == "internal_error"
        assert "secret" not in response.get_data(as_text=True)

    @pytest.mark.parametrize("path", ["/api/search?q=a", "/healthz"])
    def test_missing_index_names_the_fix(self, missing_client, path):
        response = missing_client.get(path)
        assert response.status_code == 503
        assert response.get_json()["error"].startswith("No index at ")
        assert response.get_json()["error"].endswith("Run `vpsearch reindex` first.")
        assert response.get_json()["code"] == "index_missing"

    @pytest.mark.parametrize("path", ["/", "/search?q=a"])
    def test_missing_index_page_names_the_fix_in_vietnamese(self, missing_client, path):
        response = missing_client.get(path)
        assert response.status_code == 503
        page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        assert page.select_one(".error-message").get_text() == (
            "Chưa có chỉ mục tìm kiếm. Người quản trị cần chạy lệnh “vpsearch reindex” "
            "rồi thử lại.")


class TestArticle:
    def test_article_json_has_marked_body(self, client):
        data = client.get("/api/article/gen-01?q=tham+muu").get_json()
        assert data["id"] == "gen-01" and data["locality"] == "Quảng Ngãi"
        assert "<mark>tham mưu</mark>" in data["bodyHtml"]

    def test_article_json_keeps_the_snake_case_keys_for_one_release(self, client):
        data = client.get("/api/article/gen-01?q=tham+muu").get_json()
        assert (data["title_html"], data["body_html"]) == (data["titleHtml"], data["bodyHtml"])

    @pytest.mark.parametrize("path", ["/api/article/gen-01", "/article/gen-01"])
    def test_article_with_an_unusable_query_is_shown_unmarked(self, client, path):
        response = client.get(path, query_string={"q": "văn " * 300})
        assert response.status_code == 200 and "<mark>" not in response.get_data(as_text=True)

    @pytest.mark.parametrize("path", ["/article/%00", "/article/..%2F..%2Fetc", "/article/" + "a" * 5000,
                                      "/api/article/%FF", "/api/article/%E2%80%AE"],
                             ids=["nul", "dots", "long", "ff", "bidi"])
    def test_odd_article_ids_are_404(self, client, path):
        assert client.get(path).status_code == 404

    def test_article_json_escapes_payloads(self, client):
        data = client.get("/api/article/xss-1").get_json()
        assert data["title"] == "<script>alert(1)</script> Văn phòng bảo mật"
        assert "<script>" not in data["titleHtml"] and "<img" not in data["bodyHtml"]


class TestSuggestAndHealth:
    def test_suggest_uses_the_opensearch_format(self, client):
        response = client.get("/api/suggest?q=van+phong+tinh")
        data = response.get_json()
        assert response.mimetype == "application/x-suggestions+json"
        assert data[0] == "van phong tinh" and isinstance(data[1], list) and data[1]
        assert all(isinstance(item, str) for item in data[1])

    def test_empty_suggest_is_empty(self, client):
        assert client.get("/api/suggest?q=").get_json() == ["", []]

    def test_healthz_reports_the_index(self, client):
        data = client.get("/healthz").get_json()
        documents = 31 + web_fixtures.ROADS + len(web_fixtures.story_copies())
        assert data["ok"] is True and data["documents"] == documents
        assert data["generation"] and data["updated"]


def test_app_serves_an_index_built_after_it_started(tmp_path):
    app = web_fixtures.create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")})
    client = app.test_client()
    assert client.get("/api/search?q=van").status_code == 503
    web_fixtures.build_index(web_fixtures.write_corpus(tmp_path), tmp_path / "index")
    assert client.get("/api/search?q=van").get_json()["totalHits"] > 0


def test_every_error_of_the_library_has_a_vietnamese_sentence():
    codes = {cls.code for cls in all_subclasses(SearchError)} - {"search_error"}
    assert sorted(code for code in codes
                  if code not in SENTENCES and code != "invalid_parameter") == []


def all_subclasses(cls):
    return [cls, *(sub for child in cls.__subclasses__() for sub in all_subclasses(child))]
