"""The results page as a Vietnamese reader meets it: undated pages, the way back, Vietnamese
errors, long facet lists, phones, history, and the small things."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from .browsing import ARTIFACTS, open_context

pytestmark = pytest.mark.browser
HANOI = "locality=H%C3%A0+N%E1%BB%99i"


@pytest.fixture
def phone(browser):
    """Return a fresh page 360 px wide, as a phone shows it."""
    context = open_context(browser, viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_no_js(browser):
    """Return a fresh page 360 px wide with JavaScript off."""
    context = open_context(browser, viewport={"width": 360, "height": 740},
                           java_script_enabled=False)
    yield context.new_page()
    context.close()


def query_of(url: str) -> dict:
    """Return the parameters of a URL."""
    return parse_qs(urlsplit(url).query)


def test_newest_first_lists_dated_pages_then_undated_ones(server, watched):
    page = watched.page
    page.goto(server + "/search?q=kenh+muong")
    page.get_by_role("link", name="Mới nhất").click()
    page.wait_for_url(re.compile("sort=date"))
    hits = page.locator(".hit")
    assert [hits.nth(i).locator("time").count() for i in range(4)] == [1, 1, 0, 0]
    undated = page.locator("a[data-facet=year][data-value=none]")
    assert undated.inner_text() == "Không rõ năm (10)"
    undated.click()
    page.wait_for_url(re.compile("year=none"))
    assert page.locator(".hit time").count() == 0
    assert page.locator(".chip").inner_text().startswith("Năm: Không rõ năm")


def test_back_link_returns_to_the_filters_sort_and_page(server, watched):
    page = watched.page
    start = f"{server}/search?q=van+phong&{HANOI}&sort=date&page=2&hitsPerPage=2"
    page.goto(start)
    page.locator(".hit-title a").first.click()
    page.wait_for_url(re.compile("/article/"))
    page.get_by_role("link", name="‹ Quay lại kết quả tìm kiếm").click()
    page.wait_for_url(re.compile(r"/search\?"))
    assert query_of(page.url) == query_of(start)
    assert page.locator("[aria-current=page]").inner_text() == "2"


@pytest.mark.parametrize("path, sentence", [
    ("/search?q=van&page=abc", "Số trang phải là số nguyên từ 1 đến 10.000, không phải “abc”."),
    ("/article/nope", "Không có bài viết nào mang mã “nope”. Hãy kiểm tra lại đường dẫn "
                      "hoặc tìm kiếm lại."),
], ids=["page", "article"])
def test_error_pages_speak_vietnamese(server, no_js_page, path, sentence):
    no_js_page.goto(server + path)
    assert no_js_page.locator(".error-message").inner_text() == sentence


def test_long_locality_list_opens_with_xem_them_without_javascript(server, no_js_page):
    page = no_js_page
    page.goto(server + "/search?q=kenh+muong")
    hidden = page.locator("details.more a[data-facet=locality]").first
    assert not hidden.is_visible()
    page.locator("details.more summary").first.click()
    assert hidden.is_visible()


def test_facet_box_filters_localities_without_accents(server, watched):
    page = watched.page
    page.goto(server + "/search?q=kenh+muong")
    page.get_by_label("Lọc địa phương").fill("ninh")
    shown = page.locator("[data-facet-group=locality] a[data-facet]:visible")
    assert sorted(t.split(" (")[0] for t in shown.all_inner_texts()) == ["Bắc Ninh", "Ninh Bình"]
    empty = page.locator("[data-facet-group=locality] .facet-empty")
    page.get_by_label("Lọc địa phương").fill("inh")  # inside words only
    assert empty.is_visible()
    page.get_by_label("Lọc địa phương").fill("zzz")
    assert empty.inner_text() == "Không có giá trị nào khớp."


def test_active_filters_are_chips_that_remove_themselves(server, watched):
    page = watched.page
    page.goto(f"{server}/search?q=thanh+uy&{HANOI}&year=2020")
    chips = page.locator(".chip")
    assert chips.all_inner_texts() == ["Địa phương: Hà Nội\n×", "Năm: 2020\n×"]
    chips.first.click()
    page.wait_for_url(re.compile(r"year=2020$"))
    assert "locality" not in page.url


def test_first_facet_is_a_few_tabs_away(server, watched):
    page = watched.page
    page.goto(server + "/search?q=kenh+muong")
    tabs = 0
    while tabs < 30 and not page.evaluate("document.activeElement.dataset.facet"):
        page.keyboard.press("Tab")
        tabs += 1
    assert tabs <= 8, f"{tabs} Tabs to the first facet"


def test_phone_offers_loc_above_the_results(server, phone):
    phone.goto(server + "/search?q=kenh+muong")
    toggle = phone.locator(".filters-toggle")
    first_hit = phone.locator(".hit").first
    assert toggle.bounding_box()["y"] < first_hit.bounding_box()["y"] < 600
    assert not phone.locator("a[data-facet]").first.is_visible()
    toggle.click()
    assert phone.locator("a[data-facet]").first.is_visible()


def test_phone_without_javascript_has_filters_above_the_results(server, phone_no_js):
    phone_no_js.goto(server + "/search?q=kenh+muong")
    facet = phone_no_js.locator("a[data-facet]").first
    assert facet.is_visible()
    assert facet.bounding_box()["y"] < phone_no_js.locator(".hit").first.bounding_box()["y"]


def test_each_settled_query_gets_its_own_history_entry(server, watched):
    page = watched.page
    page.goto(server + "/")
    box = page.locator("#q")
    box.press_sequentially("van phong", delay=30)
    page.wait_for_url(re.compile(r"q=van\+phong$"))
    page.wait_for_timeout(1300)  # the query settles
    box.press_sequentially(" thanh uy", delay=30)
    page.wait_for_url(re.compile(r"q=van\+phong\+thanh\+uy$"))
    page.go_back()
    page.wait_for_url(re.compile(r"q=van\+phong$"))
    assert box.input_value() == "van phong"
    page.locator("#result-count strong", has_text=re.compile("^van phong$")).wait_for()
    page.go_back()
    page.wait_for_url(server + "/")
    assert box.input_value() == ""


def test_results_update_while_typing_steadily(server, watched):
    page = watched.page
    page.goto(server + "/")
    page.evaluate("""() => new MutationObserver((_, observer) => {
        if (document.querySelector('.hit')) { window.firstShown = performance.now();
                                                observer.disconnect(); }
      }).observe(document.body, {subtree: true, childList: true})""")
    page.locator("#q").press_sequentially("van phong thanh uy", delay=120)
    typed = page.evaluate("performance.now()")
    page.wait_for_function("window.firstShown !== undefined")
    assert page.evaluate("window.firstShown") < typed


def test_count_line_keeps_a_phrase_as_typed(server, watched):
    page = watched.page
    page.goto(server + '/search?q="van+phong"&page=9999')
    assert page.locator("#result-count").inner_text() == 'Tìm thấy 30 kết quả cho "van phong".'
    assert page.locator("#no-results-heading").inner_text() == "Trang 9.999 không có kết quả"


def test_no_results_is_said_once_and_quotes_advice_needs_quotes(server, no_js_page):
    no_js_page.goto(server + "/search?q=zzqxw+kkjjhh")
    main = no_js_page.locator("main").inner_text()
    assert main.count("Không tìm thấy") == 1 and "ngoặc kép" not in main
    no_js_page.goto(server + '/search?q="zzqxw+kkjjhh"')
    assert "Bỏ dấu ngoặc kép" in no_js_page.locator("main").inner_text()


def test_home_focuses_the_search_box(server, watched):
    watched.page.goto(server + "/")
    assert watched.page.evaluate("document.activeElement.id") == "q"


def luminance(rgb: str) -> float:
    """Return the relative luminance of a CSS rgb() colour."""
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_box_border_contrasts_3_to_1(server, browser, scheme):
    context = open_context(browser, color_scheme=scheme)
    page = context.new_page()
    page.goto(server + "/search?q=van")
    border, inside = page.locator("#q").evaluate(
        "q => [getComputedStyle(q).borderTopColor, getComputedStyle(q).backgroundColor]")
    outside = page.locator(".site-header").evaluate("h => getComputedStyle(h).backgroundColor")
    context.close()
    for other in (inside, outside):
        light, dark = sorted((luminance(border), luminance(other)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 3, (scheme, border, other)


def test_dark_mode_follows_the_system(server, browser):
    context = open_context(browser, color_scheme="dark", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(server + "/search?q=van+phong+tinh+uy")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-results-dark.png"), full_page=True)
    context.close()
    assert luminance(background) < 0.05
