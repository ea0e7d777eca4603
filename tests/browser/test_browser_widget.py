"""The <vp-search> widget on a page of another origin, and the iframe-able results page."""

from __future__ import annotations

import re

import pytest

from .browsing import type_query

pytestmark = pytest.mark.browser

FRAMES = """<iframe title="Kết quả tìm kiếm" src="{server}/embed?q=van+phong" width="400"
  height="300"></iframe>
<iframe title="Trang bị chặn" src="{server}/search?q=van+phong" width="400" height="300"></iframe>
"""


def test_widget_shows_results_across_origins_and_navigates_by_keyboard(
        server, partner_page, watched):
    page = watched.page
    page.goto(partner_page("partner.html"))
    box = type_query(page, "van phong tinh uy")
    first = page.locator("vp-search [role=option][part=option]").first
    assert "Văn phòng Tỉnh ủy" in first.inner_text()
    assert first.locator("mark").count() > 0
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")  # the "Có phải bạn muốn tìm" line comes first, as on the page
    assert box.get_attribute("aria-activedescendant") == "vp-opt-suggestion"
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "vp-opt-0"
    box.press("ArrowDown")
    box.press("ArrowUp")
    assert first.get_attribute("aria-selected") == "true"
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press("ArrowDown")
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "vp-opt-0"
    box.press("Enter")
    page.wait_for_url(re.compile(re.escape(server) + r"/article/.+\?q=van"))
    assert "Văn phòng Tỉnh ủy" in page.locator("h1").inner_text()
    assert watched.dialogs == []


def test_widget_locality_attribute_filters(partner_page, watched):
    page = watched.page
    page.goto(partner_page("hanoi.html", extra='locality="Hà Nội" '))
    type_query(page, "thanh uy")
    metas = page.locator("vp-search [part=option] .meta").all_inner_texts()
    assert metas and all("Hà Nội" in m for m in metas)


def test_widget_renders_payloads_as_text(partner_page, watched):
    page = watched.page
    page.goto(partner_page("xss.html"))
    type_query(page, "bao mat")
    texts = " ".join(page.locator("vp-search [role=option]").all_inner_texts())
    assert "<script>alert(1)</script>" in texts
    assert page.locator("vp-search img, vp-search script, vp-search svg").count() == 0
    assert watched.dialogs == []


def test_widget_fallback_form_works_without_javascript(server, partner_page, no_js_page):
    page = no_js_page
    page.goto(partner_page("nojs.html"))
    page.get_by_label("Tìm bài viết").fill("van phong tinh uy")
    page.get_by_label("Tìm bài viết").press("Enter")
    page.wait_for_url(re.compile(re.escape(server) + r"/search\?q="))
    assert "Văn phòng Tỉnh ủy" in page.locator(".hit-title a").first.inner_text()


def test_only_the_embed_page_can_be_framed(partner_page, watched):
    page = watched.page
    page.goto(partner_page("frames.html", body=FRAMES))
    embed = page.frame_locator("iframe[title='Kết quả tìm kiếm']")
    assert embed.locator(".hit").first.inner_text()
    page.wait_for_timeout(300)
    blocked = [f for f in page.frames if "/search?q=" in f.url]
    assert all(f.locator(".hit").count() == 0 for f in blocked)


THEMED = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Theme</title>
<style>vp-search {{ --vp-accent: rgb(0, 90, 156); --vp-font: Georgia, serif; }}</style></head>
<body><script src="{server}/embed.js" defer></script><vp-search></vp-search></body></html>
"""


def test_widget_defaults_to_its_script_origin_and_takes_css_variables(
        server, other_origin, watched):
    base, folder = other_origin
    (folder / "themed.html").write_text(THEMED.format(server=server), encoding="utf-8")
    page = watched.page
    page.goto(f"{base}/themed.html")
    type_query(page, "van phong")
    link = page.locator("vp-search [part=option] a").first.get_attribute("href")
    assert link.startswith(server + "/article/")
    button = page.locator("vp-search button")
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(0, 90, 156)"
    assert "Georgia" in button.evaluate("b => getComputedStyle(b.getRootNode().host).fontFamily")


def test_widget_says_how_many_copies_of_a_story_it_folded(partner_page, watched):
    page = watched.page
    page.goto(partner_page("story.html"))
    type_query(page, "hoa sen da tay ho")
    options = page.locator("vp-search [part=option]")
    assert options.count() == 1
    assert "2 bài tương tự" in options.first.locator(".meta").inner_text()
