"""The search pages in headless Chromium: as-you-type, facets, pagination, no-JS, XSS."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def titles(page) -> list[str]:
    """Return the result titles shown on the page."""
    return page.locator(".hit-title a").all_inner_texts()


def test_typing_unaccented_query_shows_tinh_uy_article_first(server, watched):
    page = watched.page
    page.goto(server + "/")
    page.locator("#q").press_sequentially("van phong tinh uy", delay=20)
    page.wait_for_url(re.compile(r"/search\?q=van\+phong\+tinh\+uy"))
    first = page.locator(".hit").first
    assert "Văn phòng Tỉnh ủy" in first.locator(".hit-title").inner_text()
    assert "Văn phòng Tỉnh ủy" in " ".join(first.locator("mark").all_inner_texts())
    assert page.locator("#result-count").inner_text().startswith("Tìm thấy")
    assert watched.errors == [] and watched.dialogs == []


def test_facet_links_filter(server, watched):
    page = watched.page
    page.goto(server + "/search?q=thanh+uy")
    page.locator("a[data-facet=locality]", has_text="Hà Nội").click()
    page.wait_for_url(re.compile("locality="))
    assert set(page.locator(".hit .locality").all_inner_texts()) == {"Hà Nội"}
    page.locator("a[data-facet=year]").first.click()
    page.wait_for_url(re.compile("year="))
    year = re.search(r"year=(\d{4})", page.url)[1]
    assert {d[:4] for d in page.locator(".hit time").evaluate_all(
        "ts => ts.map(t => t.getAttribute('datetime'))")} == {year}


def test_pagination_walks_pages(server, watched):
    page = watched.page
    page.goto(server + "/search?q=van+phong+thanh+uy")
    first_page = titles(page)
    page.locator("a[rel=next]").click()
    page.wait_for_url(re.compile("page=2"))
    assert page.locator("[aria-current=page]").inner_text() == "2"
    assert set(titles(page)).isdisjoint(first_page)
    assert page.locator("ol.hits").get_attribute("start") == "11"
    page.locator(".pagination a", has_text="1").click()
    page.wait_for_url(re.compile(r"/search\?q=van\+phong\+thanh\+uy$"))
    assert titles(page) == first_page


def test_search_works_without_javascript(server, no_js_page):
    page = no_js_page
    page.goto(server + "/")
    page.get_by_label("Từ khóa tìm kiếm").fill("van phong tinh uy")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    assert "Văn phòng Tỉnh ủy" in titles(page)[0]
    page.locator(".hit-title a").first.click()
    page.wait_for_url(re.compile("/article/"))
    assert page.locator(".article-body mark").count() > 0


@pytest.mark.parametrize("path", [
    "/search?q=" + quote("<script>alert(1)</script>"),
    "/search?q=" + quote('"><img src=x onerror=alert(1)>'),
    "/search?q=bao+mat",
    "/article/xss-1?q=" + quote('bảo mật "><img src=x onerror=alert(1)>'),
    "/embed?q=bao+mat",
], ids=["script-query", "img-query", "payload-documents", "payload-article", "embed"])
def test_xss_payloads_stay_inert(server, watched, path):
    page = watched.page
    page.goto(server + path)
    page.wait_for_load_state("load")
    assert watched.dialogs == []
    assert page.locator("img, svg, iframe, object").count() == 0
    scripts = page.locator("script").evaluate_all("ss => ss.map(s => s.src)")
    assert all(src.startswith(server + "/static/") for src in scripts)
    assert page.locator("[onerror], [onload], [onmouseover]").count() == 0


def test_results_page_screenshots_fit_a_phone(server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    for width, name in ((1280, "search-results.png"), (360, "search-results-360.png")):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(server + "/search?q=van+phong+tinh+uy")
        page.screenshot(path=str(ARTIFACTS / name), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth")
        context.close()
        assert overflow <= width, f"page is {overflow} px wide at {width} px"
    assert (ARTIFACTS / "search-results.png").stat().st_size > 10_000


def test_keyboard_focus_is_visible(server, watched):
    page = watched.page
    page.goto(server + "/search?q=van+phong")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
