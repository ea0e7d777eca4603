"""The results page's filters: undated pages, long facet lists, chips, and the way back."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import web_fixtures
from bs4 import BeautifulSoup

from web.facets import SHOWN

# pytest finds fixtures by name in the test module.
app = web_fixtures.app
client = web_fixtures.client
web_index_dir = web_fixtures.web_index_dir


def soup(response) -> BeautifulSoup:
    """Parse an HTML response."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def facet_labels(page: BeautifulSoup, name: str) -> list[str]:
    """Return the facet values as listed, with their counts."""
    return [a.get_text(" ", strip=True) for a in page.select(f"a[data-facet={name}]")]


class TestUndated:
    def test_year_facet_counts_undated_pages_last(self, client):
        years = facet_labels(soup(client.get("/search?q=kenh+muong")), "year")
        undated = web_fixtures.ROADS - web_fixtures.DATED_ROADS
        assert years == ["2021 (1)", "2020 (1)", f"Không rõ năm ({undated})"]

    def test_no_year_facet_keeps_only_undated_pages(self, client):
        page = soup(client.get("/search?q=kenh+muong"))
        link = page.find("a", attrs={"data-facet": "year", "data-value": "none"})
        filtered = soup(client.get(link["href"]))
        assert "year=none" in link["href"] and not filtered.select(".hit time")
        assert [c.get_text(" ", strip=True) for c in filtered.select(".chip")] == \
            ["Năm: Không rõ năm ×"]

    def test_newest_first_lists_dated_pages_then_undated_by_relevance(self, client):
        page = soup(client.get("/search?q=kenh+muong&sort=date&hitsPerPage=50"))
        ids = [urlsplit(a["href"]).path.split("/")[-1] for a in page.select(".hit-title a")]
        by_relevance = [hit["id"] for hit in client.get(
            "/api/search?q=kenh+muong&hitsPerPage=50").get_json()["hits"]]
        undated = [i for i in by_relevance if i not in ("road-00", "road-01")]
        assert ids == ["road-01", "road-00", *undated]
        assert undated[0] != "road-02"  # relevance, not document order

    def test_newest_first_says_where_undated_pages_go(self, client):
        note = soup(client.get("/search?q=kenh+muong&sort=date")).select_one(".sort-note")
        assert note.get_text() == ("10 bài không rõ ngày đăng được xếp sau các bài có ngày, "
                                   "theo mức liên quan.")
        assert not soup(client.get("/search?q=kenh+muong")).select(".sort-note")

    def test_undated_hit_and_article_show_no_date(self, client):
        page = soup(client.get("/search?q=kenh+muong+son+la"))
        assert page.select(".hit") and not page.select(".hit time")
        article = soup(client.get("/article/road-09"))
        assert "Ngày đăng" not in article.get_text() and not article.find("time")


class TestLongFacets:
    def test_top_localities_are_listed_and_the_rest_sit_behind_xem_them(self, client):
        page = soup(client.get("/search?q=kenh+muong"))
        group = page.find(attrs={"data-facet-group": "locality"})
        assert len(group.find("ul").find_all("li")) == SHOWN
        more = group.select_one("details.more")
        assert more.summary.get_text() == f"Xem thêm {web_fixtures.ROADS - SHOWN} địa phương"
        assert len(more.find_all("a")) == web_fixtures.ROADS - SHOWN

    def test_a_chosen_locality_from_the_rest_stays_in_view(self, client):
        page = soup(client.get("/search?q=kenh+muong&locality=V%C4%A9nh+Long"))
        group = page.find(attrs={"data-facet-group": "locality"})
        assert "Vĩnh Long" in group.find("ul").get_text()

    def test_short_lists_have_no_xem_them(self, client):
        page = soup(client.get("/search?q=thanh+uy"))
        assert not page.find(attrs={"data-facet-group": "year"}).select("details.more")

    def test_facets_come_before_the_results_for_keyboard_and_phones(self, client):
        page = soup(client.get("/search?q=kenh+muong"))
        filters = page.select_one("details.filters")
        assert filters.has_attr("open") and filters.summary.get_text(strip=True) == "Lọc kết quả"
        assert filters.find_next(class_="hits") is not None


class TestChips:
    def test_active_filters_are_chips_that_remove_themselves(self, client):
        page = soup(client.get("/search?q=thanh+uy&locality=H%C3%A0+N%E1%BB%99i&year=2019"
                               "&sort=date"))
        chips = {c.get_text(" ", strip=True): c["href"] for c in page.select(".chip")}
        assert chips == {"Địa phương: Hà Nội ×": "/search?q=thanh+uy&year=2019&sort=date",
                         "Năm: 2019 ×": "/search?q=thanh+uy&locality=H%C3%A0+N%E1%BB%99i"
                                        "&sort=date"}
        assert page.find("a", string="Xóa mọi bộ lọc")["href"] == "/search?q=thanh+uy&sort=date"

    def test_no_chips_without_filters(self, client):
        assert not soup(client.get("/search?q=thanh+uy")).select(".chips")

    def test_chips_stay_when_the_filters_leave_nothing(self, client):
        page = soup(client.get("/search?q=kenh+muong&locality=H%C3%A0+N%E1%BB%99i"))
        assert page.select_one(".no-results .chip")
        assert "với bộ lọc đang chọn" in page.find(id="result-count").get_text()


class TestWayBack:
    SEARCH = "/search?q=van+phong&locality=H%C3%A0+N%E1%BB%99i&year=2020&sort=date&page=2" \
             "&hitsPerPage=1"

    def test_article_links_carry_the_search_state(self, client):
        link = soup(client.get(self.SEARCH)).select_one(".hit-title a")["href"]
        assert parse_qs(urlsplit(link).query) == {
            "q": ["van phong"], "locality": ["Hà Nội"], "year": ["2020"], "sort": ["date"],
            "page": ["2"], "hitsPerPage": ["1"]}

    def test_back_link_returns_to_the_same_filters_sort_and_page(self, client):
        link = soup(client.get(self.SEARCH)).select_one(".hit-title a")["href"]
        back = soup(client.get(link)).find("a", string="‹ Quay lại kết quả tìm kiếm")["href"]
        assert parse_qs(urlsplit(back).query) == {
            "q": ["van phong"], "locality": ["Hà Nội"], "year": ["2020"], "sort": ["date"],
            "page": ["2"], "hitsPerPage": ["1"]}

    def test_no_back_link_without_a_search(self, client):
        assert not soup(client.get("/article/gen-01")).find("a", string="‹ Quay lại kết quả tìm kiếm")


class TestProvinces:
    """The 2025 units: a merged province counts and keeps the pages of those it absorbed."""

    def test_province_facet_counts_absorbed_provinces_under_their_new_unit(self, client):
        provinces = facet_labels(soup(client.get("/search?q=kenh+muong")), "province")
        assert "Hưng Yên (1)" in provinces            # Thái Bình's page
        assert not any(p.startswith("Thái Bình") for p in provinces)
        assert len(provinces) == len(set(provinces))

    def test_province_filter_keeps_the_absorbed_provinces_pages(self, client):
        page = soup(client.get("/search?q=kenh+muong"))
        link = page.find("a", attrs={"data-facet": "province", "data-value": "Hưng Yên"})
        filtered = soup(client.get(link["href"]))
        titles = [a.get_text(" ", strip=True) for a in filtered.select(".hit-title a")]
        assert titles == ["Kênh mương nội đồng ở Thái Bình"]
        assert [c.get_text(" ", strip=True) for c in filtered.select(".chip")] == \
            ["Tỉnh, thành mới: Hưng Yên ×"]
        assert filtered.select_one('form input[name="province"]')["value"] == "Hưng Yên"

    def test_province_alone_lists_its_pages(self, client):
        page = soup(client.get("/search?province=H%C6%B0ng+Y%C3%AAn"))
        assert [a.get_text(" ", strip=True) for a in page.select(".hit-title a")] == \
            ["Kênh mương nội đồng ở Thái Bình"]
