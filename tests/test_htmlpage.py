"""HTML pages: metadata from the head, the main text block, not-an-article pages."""

from pathlib import Path

import pytest
from support import SHARED, needs_shared

from indexer.htmlpage import parse_html
from indexer.pagehead import clean_title

PAGES = SHARED / "data" / "pages"
PARA = ("Văn phòng Tỉnh ủy đã tham mưu cho Ban Thường vụ Tỉnh ủy lãnh đạo, chỉ đạo thực hiện "
        "thắng lợi các nhiệm vụ chính trị, phát triển kinh tế - xã hội của địa phương {}.")
ARTICLE = f"""<!DOCTYPE html><html><head>
<title>Hội nghị Tỉnh ủy - Báo Điện Biên Phủ</title>
<meta property="og:title" content="Hội nghị Tỉnh ủy lần thứ 15">
<meta property="og:site_name" content="Báo Điện Biên Phủ">
<meta property="og:url" content="https://baodienbienphu.info.vn/tin-tuc/123">
<meta property="article:published_time" content="2019-10-07T12:50:00+07:00">
<script>var ads = "Đây là quảng cáo";</script><style>p {{ color: red }}</style>
</head><body>
<header><nav><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a></nav></header>
<div class="container">
 <h1>Hội nghị Tỉnh ủy lần thứ 15</h1>
 <p class="sapo">ĐBP - Sáng nay, Tỉnh ủy tổ chức hội nghị lần thứ 15 để đánh giá tình hình.</p>
 <div class="detail-content">
  <p>{PARA.format("một")}</p>
  <h2>Nhiều kết quả nổi bật</h2>
  <p>{PARA.format("hai")}</p>
  <figure><img src="a.jpg"><figcaption>Quang cảnh hội nghị.</figcaption></figure>
  <div class="share-buttons"><a href="#">Facebook</a> <a href="#">Zalo</a></div>
  <p>{PARA.format("ba")}</p>
  <!-- Gửi góp ý: a comment node -->
  <ul><li><a href="/a">Tin liên quan một</a></li><li><a href="/b">Tin liên quan hai</a></li></ul>
  <p style="text-align:right"><strong>Quang Long</strong></p>
 </div>
 <div class="comment-box"><form><input name="ho-ten"> Viết bình luận</form></div>
</div>
<aside class="sidebar"><h3>Đọc nhiều</h3><a href="/x">Bài khác rất dài {"x " * 50}</a></aside>
<footer>Bản quyền thuộc về Báo Điện Biên Phủ</footer>
</body></html>"""


@pytest.fixture(scope="module")
def article():
    return parse_html(ARTICLE)


def test_metadata_comes_from_the_head(article):
    assert (article.head.title, article.head.date, article.head.source) == (
        "Hội nghị Tỉnh ủy lần thứ 15", "2019-10-07T12:50:00+07:00", "Báo Điện Biên Phủ")
    assert article.head.url == "https://baodienbienphu.info.vn/tin-tuc/123"


def test_main_text_keeps_lead_headings_paragraphs_and_captions(article):
    assert article.lines[0].startswith("ĐBP - Sáng nay")
    for kept in ("Nhiều kết quả nổi bật", PARA.format("hai"), "Quang cảnh hội nghị.", "Quang Long"):
        assert kept in article.lines


@pytest.mark.parametrize("furniture", [
    "Trang chủ", "Facebook", "Tin liên quan một", "Viết bình luận", "Đọc nhiều", "Bản quyền",
    "quảng cáo", "color: red", "Gửi góp ý",
], ids=["nav", "share", "related-links", "comments", "sidebar", "footer", "script", "style",
        "html-comment"])
def test_page_furniture_is_not_in_the_main_text(article, furniture):
    assert not any(furniture in line for line in article.lines)


def test_a_truncated_page_still_gives_its_text():
    cut = ARTICLE[:ARTICLE.index(PARA.format("ba")) + 40]
    page = parse_html(cut)
    assert page.not_article is None
    assert PARA.format("hai") in page.lines


def test_a_page_of_links_is_not_an_article():
    links = "".join(f'<li><a href="/t{i}">Tiêu đề bài viết số {i} trên trang chủ</a></li>'
                    for i in range(80))
    page = parse_html(f"<html><head><title>Báo</title></head><body><ul>{links}</ul></body></html>")
    assert page.not_article == "not an article (a home page with 80 links)"


@pytest.mark.parametrize("title, expected", [
    ("Apple hủy bỏ dự án quan trọng | Znews.vn ", "Apple hủy bỏ dự án quan trọng"),
    ("Đau bụng kéo dài - Báo VnExpress Sức khỏe", "Đau bụng kéo dài"),
    ("Đà Nẵng - Hội An: hành trình di sản miền Trung của du khách",
     "Đà Nẵng - Hội An: hành trình di sản miền Trung của du khách"),
], ids=["pipe-site", "dash-site", "dash-in-title"])
def test_site_name_suffix_is_dropped_from_title(title, expected):
    assert clean_title(title) == expected


needs_pages = needs_shared("data/pages")


@needs_pages
@pytest.mark.parametrize("name, title, date, first_words", [
    ("vnexpress_2025_10_22.html", "Đau bụng kéo dài, phát hiện ung thư lymphoma ruột non",
     "2025-10-22T19:25:52+07:00", "Người đàn ông 63 tuổi"),
    ("znews_post1528657.html", "Apple hủy bỏ dự án quan trọng", "2025-02-02T05:01:08+07:00",
     "Việc Apple tiếp tục hủy bỏ"),
    ("bongdaplus_var_brazil.html", "Vì sao VAR công nhận bàn của Brazil dù việt vị?",
     "2024-03-24T07:12:35+07:00", "Pha lập công duy nhất"),
], ids=["vnexpress", "znews", "bongdaplus"])
def test_saved_article_pages_give_story_title_and_date(name, title, date, first_words):
    page = parse_html((PAGES / name).read_text(encoding="utf-8"))
    assert (page.head.title, page.head.date) == (title, date)
    assert page.lines[0].startswith(first_words)
    assert len(page.lines) >= 6


@needs_pages
def test_saved_home_page_is_not_an_article():
    page = parse_html((PAGES / "dantri_homepage_2019.html").read_text(encoding="utf-8"))
    assert page.not_article.startswith("not an article (a home page with")


# Small pages written after the markup of the sites named (tests/fixtures/pages).
FIXTURE_PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"


def fixture_page(name):
    return parse_html((FIXTURE_PAGES / name).read_text(encoding="utf-8"))


def test_the_headline_wins_over_an_og_title_that_keeps_the_section():
    page = fixture_page("tuoitre_2015_txt_head.html")
    assert page.head.title == "Thanh tra vụ chặt cây xanh Hà Nội trong 30 ngày"


def test_a_logo_h1_and_a_file_name_title_give_way_to_a_classed_heading():
    page = fixture_page("portal_logo_h1_document.html")
    assert page.head.title == "Hội nghị tổng kết công tác văn phòng cấp ủy năm 2023"


def test_a_lead_between_the_headline_and_the_body_opens_the_text_whatever_its_class():
    page = fixture_page("tuoitre_2015_txt_head.html")
    assert page.lines[0].startswith("TT - Trao đổi với Tuổi Trẻ, ông Hoàng Nam Sơn")
    assert page.lines[1].startswith("Theo ông Sơn")
    assert not any("Ảnh: Nguyễn Khánh" in line for line in page.lines)


@pytest.mark.parametrize("name, author", [
    ("vnexpress_like_site_author.html", "Võ Hải"),
    ("tuoitre_2015_txt_head.html", None),
], ids=["json-ld-person-over-site-meta", "site-meta-is-no-author"])
def test_an_author_meta_naming_the_site_is_not_the_author(name, author):
    assert fixture_page(name).head.author == author


def test_a_discussion_thread_gives_its_posts_and_its_title():
    page = fixture_page("forum_thread_xenforo.html")
    assert page.not_article is None
    assert page.head.title == "Thủ tục chuyển sinh hoạt Đảng chính thức khi chuyển công tác"
    assert page.lines[0].startswith("Chào mọi người, em là đảng viên dự bị")
    assert len(page.lines) == 4
    assert not any(word in line for line in page.lines for word in ("Thích", "Báo cáo", "#2"))


@needs_pages
def test_a_home_page_with_lists_of_teasers_is_still_not_a_discussion():
    page = parse_html((PAGES / "dantri_homepage_2019.html").read_text(encoding="utf-8"))
    assert page.not_article is not None and page.lines == []


def test_prose_after_a_headline_printed_below_the_text_is_no_lead():
    html = (f"<html><head><title>Hội nghị Tỉnh ủy lần thứ 15 | Báo</title></head><body>"
            f"<div class='content'><p>{PARA.format('một')}</p><p>{PARA.format('hai')}</p></div>"
            f"<h1>Hội nghị Tỉnh ủy lần thứ 15</h1>"
            f"<p>Bạn đọc viết rằng hội nghị lần này đã bàn rất kỹ những việc cần làm ngay.</p>"
            f"</body></html>")
    page = parse_html(html)
    assert page.lines == [PARA.format("một"), PARA.format("hai")]


def test_a_one_word_headline_is_a_headline():
    html = (f"<html><head><title>Chuyển đổi số - Báo Quảng Trị</title></head><body>"
            f"<h1>Chuyển đổi số</h1><div class='content'><p>{PARA.format('một')}</p>"
            f"<p>{PARA.format('hai')}</p></div></body></html>")
    assert parse_html(html.replace("Chuyển đổi số", "Tết")).head.title == "Tết"
