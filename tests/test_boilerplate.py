"""The line classifier: each kind of page furniture goes, the article stays."""

import pytest

from indexer.boilerplate import (
    BODY,
    BYLINE,
    FURNITURE,
    SiteLearner,
    classify,
    is_furniture,
)

PARA = ("Văn phòng Tỉnh ủy đã tham mưu cho Ban Thường vụ Tỉnh ủy lãnh đạo, chỉ đạo thực hiện "
        "thắng lợi các nhiệm vụ chính trị, phát triển kinh tế - xã hội của địa phương {}.")


def page(*middle, tail=()):
    """Build a page: two paragraphs, the given lines, a last paragraph, then the tail."""
    return [PARA.format("một"), PARA.format("hai"), *middle, PARA.format("ba"), *tail]


def labels_of(lines, learned=None):
    return dict(zip(lines, classify(lines, learned)))


@pytest.mark.parametrize("line", [
    "Thống kê truy cập", "Người trực tuyến", "Tổng lượt truy cập: 81571042",
    "• Người trực tuyến Người trực tuyến", "• Khách Khách 903", "Đang truy cập: 12",
], ids=["visitor-heading", "online-now", "total-visits", "doubled-label", "guest-counter",
        "online-counter"])
def test_visitor_counters_are_furniture(line):
    assert is_furniture(line)


@pytest.mark.parametrize("line", [
    "Lượt xem: 12091 In bài viết", "506 Go top", "In bài viết", "Back To Top", "Lên đầu trang",
    "Chia sẻ", "Gửi email",
], ids=["views-print", "count-go-top", "print", "back-to-top", "up", "share", "email"])
def test_view_counters_print_and_share_links_are_furniture(line):
    assert is_furniture(line)


@pytest.mark.parametrize("line", [
    "Viết bình luận", "Họ tên:(*)", "Số điện thoại:", "Tiêu đề:(*)", "Nội dung:(*)",
    "Mã xác nhận: Lấy lại mã bảo mật", "Gửi bình luận", "Ý kiến bạn đọc",
], ids=["write", "name", "phone", "subject", "content", "captcha", "send", "reader-opinions"])
def test_comment_form_lines_are_furniture(line):
    assert is_furniture(line)


@pytest.mark.parametrize("line", [
    "Hiện tại không có bình chọn nào đang hoạt động.", "Thăm dò ý kiến", "Kết quả bình chọn",
], ids=["no-poll", "poll", "poll-results"])
def test_polls_are_furniture(line):
    assert is_furniture(line)


@pytest.mark.parametrize("line", [
    "Tin đã đưa", "Các bài mới đăng", "Các bài đã đăng :", "Tin liên quan", "Thời sự xem nhiều",
    "Đọc nhiều nhất", "Xem thêm: Một bài khác của trang",
], ids=["sent", "newest", "posted", "related", "most-viewed", "most-read", "see-also"])
def test_list_headings_are_furniture(line):
    assert is_furniture(line)


@pytest.mark.parametrize("line", ["Ảnh minh họa.", "Ảnh minh hoạ", "Ảnh: Internet", "Hình minh họa"],
                         ids=["caption", "old-tone", "internet", "picture"])
def test_placeholder_captions_are_furniture(line):
    assert is_furniture(line)


def test_calls_to_readers_are_furniture():
    call = ("Mời bạn đọc cùng làm báo với Nguoiduatin.vn, viết tin bài, bày tỏ quan điểm về mọi "
            "mặt của cuộc sống gửi về hộp thư [email protected]")
    assert is_furniture(call)


@pytest.mark.parametrize("line, furniture", [
    ("Xem thêm tại www.baomoi.com", True),
    ("• Liên hệ: www.vpdang.vn", True),
    ("Theo số liệu công bố trên trang www.gso.gov.vn, kinh tế tỉnh năm nay tăng trưởng khá "
     "so với cùng kỳ", False),
    ("Mọi ý kiến xin gửi về đường dây nóng 0912 345 678 hoặc trang www.baodang.vn của cơ "
     "quan", True),
    ("Mời bạn đọc gửi ý kiến " + "về nội dung bài viết này " * 16, False),  # past 80 words
], ids=["short-link", "bulleted-link", "long-line-citing-a-site", "long-call", "very-long-call"])
def test_links_make_short_lines_furniture_and_long_ones_only_with_a_call(line, furniture):
    assert is_furniture(line) is furniture


@pytest.mark.parametrize("line", [
    "Truyền thống vẻ vang", "Tham mưu giỏi, phục vụ tốt", PARA.format("bốn"),
    "HNP - Cùng với truyền thống 90 năm Văn phòng cấp ủy của cả nước, các thế hệ cán bộ.",
    "Kỷ niệm 70 năm",
], ids=["heading", "heading-with-comma", "paragraph", "agency-lead", "anniversary-heading"])
def test_article_lines_are_not_furniture_on_their_own(line):
    assert not is_furniture(line)


def test_section_headings_inside_the_article_stay():
    lines = page("Truyền thống vẻ vang", PARA.format("giữa"))
    assert labels_of(lines)["Truyền thống vẻ vang"] == BODY


def test_a_run_of_short_lines_after_the_last_paragraph_goes():
    lines = page(tail=["Chuyên mục", "Giới thiệu chung", "Liên hệ tòa soạn"])
    labels = labels_of(lines)
    assert [labels[x] for x in lines[-3:]] == [FURNITURE] * 3


def test_the_byline_after_the_last_paragraph_is_marked_as_byline():
    lines = page(tail=["Tấn Quang", "Tin đã đưa"])
    assert classify(lines)[-2:] == [BYLINE, FURNITURE]


def test_items_under_a_most_read_heading_go_with_their_repeats():
    items = ["• Video: Bức xúc cảnh tài xế xe khách vừa lái xe vừa ăn mì",
             "Video: Bức xúc cảnh tài xế xe khách vừa lái xe vừa ăn mì",
             "• Clip: Phát hiện loài chim cổ rắn siêu lạ nặng hơn 1kg ở Hậu Giang",
             "Clip: Phát hiện loài chim cổ rắn siêu lạ nặng hơn 1kg ở Hậu Giang"]
    lines = page(tail=["Thời sự xem nhiều", *items])
    assert set(classify(lines)[-5:]) == {FURNITURE}


def test_a_repeated_sentence_keeps_its_first_copy():
    caption = "Ông Phạm Văn Bên phát biểu tại hội nghị tổng kết năm."
    lines = page(caption, PARA.format("bốn"), caption)
    labels = classify(lines)
    assert labels[2] == BODY and labels[lines.index(caption, 3)] == FURNITURE


def test_a_cut_off_last_paragraph_stays():
    cut = "Văn phòng Quận ủy đã thực hiện được chức năng, nhiệm vụ của mình, nhất là về tham mưu,"
    lines = page(tail=[cut, "Thời sự xem nhiều"])
    assert classify(lines)[-2:] == [BODY, FURNITURE]


def test_a_menu_before_the_first_paragraph_goes():
    lines = ["Trang chủ", "Tin tức", "Sự kiện", *page()]
    assert classify(lines)[:3] == [FURNITURE] * 3


def test_lines_repeated_across_pages_of_a_source_are_learned():
    learner = SiteLearner()
    for n in range(5):
        learner.observe("site", ["Cổng thông tin điện tử Đảng bộ tỉnh", f"Tin số {n}"])
    assert learner.is_furniture("site", "Cổng thông tin điện tử Đảng bộ tỉnh")
    assert not learner.is_furniture("site", "Tin số 1")
    assert not learner.is_furniture("other", "Cổng thông tin điện tử Đảng bộ tỉnh")


def test_learned_site_furniture_is_removed_mid_page():
    lines = page("Cổng thông tin điện tử Đảng bộ tỉnh", PARA.format("bốn"))
    labels = labels_of(lines, learned=lambda line: line.startswith("Cổng thông tin"))
    assert labels["Cổng thông tin điện tử Đảng bộ tỉnh"] == FURNITURE
