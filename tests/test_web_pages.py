"""HTML pages: home, search results, article, embed; all escaped and usable without JavaScript."""

from __future__ import annotations

import re

import pytest
import web_fixtures
from bs4 import BeautifulSoup

from indexer.build import build_index
from web import create_app

# pytest finds fixtures by name in the test module.
app = web_fixtures.app
client = web_fixtures.client
web_index_dir = web_fixtures.web_index_dir


def soup(response) -> BeautifulSoup:
    """Parse an HTML response."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def hit_titles(page: BeautifulSoup) -> list[str]:
    """Return the result titles of a search page."""
    return [a.get_text(" ", strip=True) for a in page.select(".hit-title a")]


class TestHome:
    def test_home_has_a_labelled_search_landmark(self, client):
        page = soup(client.get("/"))
        form = page.find("form", attrs={"role": "search"})
        assert form["action"] == "/search" and form["method"] == "get"
        field = form.find("input", attrs={"name": "q"})
        assert page.find("label", attrs={"for": field["id"]}).get_text(strip=True)
        assert page.find("h1")

    def test_home_focuses_the_search_box(self, client):
        assert soup(client.get("/")).find("input", attrs={"name": "q"}).has_attr("autofocus")
        assert not soup(client.get("/search?q=van")).find("input", attrs={"name": "q"}) \
            .has_attr("autofocus")

    def test_every_page_links_the_opensearch_description(self, client):
        for path in ("/", "/search?q=van+phong", "/article/gen-01", "/embed?q=a",
                     "/search?page=-1&q=x", "/nowhere"):
            link = soup(client.get(path)).find("link", attrs={"rel": "search"})
            assert link["type"] == "application/opensearchdescription+xml", path
            assert link["href"] == "/opensearch.xml"

    def test_home_uses_only_local_assets(self, client):
        html = client.get("/").get_data(as_text=True)
        assert not re.search(r'(src|href)="(https?:)?//', html)


class TestSearchPage:
    def test_unaccented_query_finds_tinh_uy_article_first_with_accented_marks(self, client):
        page = soup(client.get("/search?q=van+phong+tinh+uy"))
        first = page.select_one(".hit")
        assert "Văn phòng Tỉnh ủy" in first.select_one(".hit-title").get_text()
        marks = " ".join(m.get_text() for m in first.select("mark"))
        assert "Văn phòng Tỉnh ủy" in marks

    def test_result_count_is_a_polite_live_region(self, client):
        count = soup(client.get("/search?q=van+phong")).find(id="result-count")
        assert count["role"] == "status" and count["aria-live"] == "polite"
        assert re.match(r"Tìm thấy \d+ kết quả cho van phong, trang 1/\d+\.$",
                        count.get_text())
        assert count.select_one("strong.query").get_text() == "van phong"

    def test_hit_shows_link_date_locality_and_source(self, client):
        page = soup(client.get("/search?q=tong+ket&hitsPerPage=50"))
        link = page.select_one('.hit-title a[href^="/article/gen-05?q=tong+ket"]')
        hit = link.find_parent(class_="hit")
        assert re.fullmatch(r"\d\d/\d\d/\d{4}", hit.find("time").get_text())
        assert hit.select_one(".locality").get_text() == "Quảng Ngãi"
        assert hit.select_one(".source").get_text() == "Báo Thử nghiệm"

    def test_facet_links_filter_and_keep_the_query(self, client):
        page = soup(client.get("/search?q=thanh+uy"))
        link = next(a for a in page.select("a[data-facet=locality]") if "Hà Nội" in a.get_text())
        assert "q=thanh+uy" in link["href"] and "locality=" in link["href"]
        filtered = soup(client.get(link["href"]))
        localities = {s.get_text() for s in filtered.select(".hit .locality")}
        assert localities == {"Hà Nội"}
        selected = filtered.find("a", attrs={"data-facet": "locality", "aria-current": "true"})
        assert "Hà Nội" in selected.get_text()

    def test_year_facet_filters(self, client):
        page = soup(client.get("/search?q=thanh+uy&year=2019"))
        assert {t["datetime"][:4] for t in page.select(".hit time")} == {"2019"}

    def test_pagination_links_walk_the_pages(self, client):
        page = soup(client.get("/search?q=van+phong+thanh+uy"))
        nav = page.find("nav", attrs={"aria-label": "Phân trang"})
        assert nav.find("a", attrs={"aria-current": "page"}).get_text() == "1"
        second = soup(client.get(nav.find("a", rel="next")["href"]))
        assert second.find("ol", class_="hits")["start"] == "11"
        assert second.find("a", attrs={"aria-current": "page"}).get_text() == "2"
        assert second.find("a", rel="prev")["href"] == "/search?q=van+phong+thanh+uy"

    def test_pages_do_not_repeat_hits(self, client):
        first = hit_titles(soup(client.get("/search?q=van+phong+thanh+uy")))
        second = hit_titles(soup(client.get("/search?q=van+phong+thanh+uy&page=2")))
        assert set(second).isdisjoint(first)

    def test_sort_switch_orders_by_date(self, client):
        page = soup(client.get("/search?q=van+phong&sort=date"))
        assert page.find("a", attrs={"aria-current": "true"}, string="Mới nhất")
        dates = [t["datetime"] for t in page.select(".hit time")]
        assert dates == sorted(dates, reverse=True)

    def test_page_past_the_end_offers_the_first_and_last_pages(self, client):
        page = soup(client.get("/search?q=van+phong&page=999"))
        assert page.find(id="no-results-heading").get_text() == "Trang 999 không có kết quả"
        assert page.find(id="result-count").get_text() == "Tìm thấy 30 kết quả cho van phong."
        assert page.find("a", string="Đến trang cuối")["href"] == "/search?q=van+phong&page=3"

    def test_zero_results_page_says_so_once_and_helps(self, client):
        page = soup(client.get("/search?q=zzqxw+kkjjhh"))
        assert page.find(id="result-count").get_text() == \
            "Không tìm thấy bài viết nào cho zzqxw kkjjhh."
        assert page.find("main").get_text().count("Không tìm thấy") == 1
        assert "gõ không dấu" in page.get_text()
        assert "ngoặc kép" not in page.get_text()

    def test_zero_results_page_advises_on_quotes_only_when_there_are_some(self, client):
        page = soup(client.get('/search?q="zzqxw+kkjjhh"'))
        assert "Bỏ dấu ngoặc kép" in page.find(class_="no-results").get_text()

    def test_count_line_does_not_double_a_phrase_quotes(self, client):
        count = soup(client.get('/search?q="van+phong"')).find(id="result-count").get_text()
        assert count.startswith('Tìm thấy 30 kết quả cho "van phong", trang 1/3')
        assert "“" not in count

    def test_count_has_dots_between_thousands(self, app):
        with app.test_request_context():
            html = app.jinja_env.get_template("_count.html").render(
                result={"totalHits": 3785, "page": 2, "totalPages": 379}, q="x")
        assert html.startswith("Tìm thấy 3.785 kết quả") and "trang 2/379" in html

    def test_suggestion_links_to_the_accented_query(self, client):
        page = soup(client.get("/search?q=van+phong+tinh+uy"))
        suggestion = page.select_one(".suggestion a")
        assert suggestion is not None, "the fixture index offers an accented form of this query"
        assert suggestion["href"].startswith("/search?q=")

    def test_empty_query_shows_the_search_box(self, client):
        page = soup(client.get("/search?q=+"))
        assert page.find("form", attrs={"role": "search"}) and not page.select(".hit")


XSS_QUERIES = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
               "javascript:alert(1)", "bảo mật <svg onload=alert(1)>"]


class TestEscaping:
    @pytest.mark.parametrize("q", XSS_QUERIES, ids=["script", "img", "js-url", "svg"])
    def test_echoed_query_is_escaped(self, client, q):
        html = client.get("/search", query_string={"q": q}).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "<svg" not in html

    def test_document_payloads_render_as_text(self, client):
        html = client.get("/search?q=bao+mat").get_data(as_text=True)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "<svg onload" not in html and "<b onmouseover" not in html

    def test_article_page_escapes_and_drops_javascript_urls(self, client):
        response = client.get("/article/xss-1?q=bao+mat")
        html = response.get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "javascript:alert(4)" not in html
        assert soup(response).find("a", string="Xem bài gốc") is None


class TestArticle:
    def test_article_shows_metadata_original_link_and_marks(self, client):
        page = soup(client.get("/article/gen-03?q=tham+muu"))
        assert "Văn phòng Thành ủy" in page.find("h1").get_text()
        assert page.find("a", string="Xem bài gốc")["href"] == "https://example.org/bai-viet/3"
        assert page.select_one(".article-body mark").get_text() == "tham mưu"
        assert page.find("a", string=re.compile("Quay lại"))["href"] == "/search?q=tham+muu"

    def test_unknown_article_is_a_friendly_404(self, client):
        response = client.get("/article/nope")
        assert response.status_code == 404
        assert soup(response).select_one(".error-message").get_text() == \
            "Không có bài viết nào mang mã “nope”. Hãy kiểm tra lại đường dẫn hoặc tìm kiếm lại."


class TestEmbedPage:
    def test_embed_page_links_open_outside_the_frame(self, client):
        page = soup(client.get("/embed?q=van+phong"))
        links = page.select(".hit-title a")
        assert links and {a["target"] for a in links} == {"_top"}
        assert page.find("form")["action"] == "/embed"
        assert page.find("script") is None

    def test_embed_page_can_open_links_in_a_new_tab(self, client):
        link = soup(client.get("/embed?q=van+phong&target=blank")).select_one(".hit-title a")
        assert link["target"] == "_blank" and link["rel"] == ["noopener"]


def test_facets_offer_to_clear_only_a_chosen_filter(client):
    page = soup(client.get("/search?q=thanh+uy&locality=H%C3%A0+N%E1%BB%99i"))
    clears = [a.get_text(strip=True) for a in page.select(".facet a.clear")]
    assert clears == ["Bỏ lọc địa phương"]
    assert page.select_one(".facet a.clear")["href"] == "/search?q=thanh+uy"


@pytest.mark.parametrize("path", ["/", "/search?q=van+phong", "/search?q=zzqxw",
                                  "/article/gen-01", "/embed?q=van", "/nowhere",
                                  "/search?q=a&page=abc"])
def test_pages_have_one_h1_a_main_landmark_and_vietnamese_lang(client, path):
    page = soup(client.get(path))
    assert page.html["lang"] == "vi"
    assert len(page.find_all("h1")) == 1 and len(page.find_all("main")) == 1
    assert page.find("meta", attrs={"name": "viewport"})
    for field in page.find_all("input", attrs={"type": "search"}):
        assert page.find("label", attrs={"for": field["id"]})


@pytest.fixture(scope="module")
def story_client(tmp_path_factory):
    """A client over the understanding fixture: one story listed twice, relaxed matches."""
    from pathlib import Path

    index_dir = tmp_path_factory.mktemp("stories") / "index"
    build_index([Path(__file__).parent / "fixtures" / "understanding.jsonl"], index_dir, full=True)
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def test_a_story_listed_twice_shows_once_with_its_copy_under_bai_tuong_tu(story_client):
    page = story_client.get("/search?q=thanh+tra+dau+khi").get_data(as_text=True)
    assert page.count(">Cả đoàn <mark>") == 1
    assert "1 bài tương tự</summary>" in page
    assert "/article/vntc:test:PL_VNE_T_(2468)-ban-sao" in page
    assert "Đã gộp 1 bài trùng nội dung." in page


def test_the_count_line_says_how_many_pages_hold_every_word(story_client):
    page = story_client.get("/search?q=nha+o+xa+hoi").get_data(as_text=True)
    assert re.search(r"\d+ bài có đủ các từ, \d+ bài sau thiếu một từ\.", page)
