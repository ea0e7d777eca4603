"""Metadata from text: datelines, bylines, headlines."""

import pytest

from indexer.metadata import (
    byline,
    dateline,
    is_headline,
    lead_date,
    parse_date,
    split_glued_byline,
    split_title_dateline,
    title_from_lead,
)


@pytest.mark.parametrize("value, expected", [
    ("2025-10-22T19:25:52+07:00", "2025-10-22T19:25:52+07:00"),
    ("2025-02-02T05:01:08.000+07:00", "2025-02-02T05:01:08+07:00"),
    ("2020-10-29T08:10:00Z", "2020-10-29T15:10:00+07:00"),
    ("2019-10-18", "2019-10-18T00:00:00+07:00"),
    ("3/24/2024 7:12:35 AM", "2024-03-24T07:12:35+07:00"),
    ("3/4/2024 1:05:00 PM", "2024-03-04T13:05:00+07:00"),
    ("07/10/2019 12:50", "2019-10-07T12:50:00+07:00"),
    ("07:12 ngày 24/03/2024", "2024-03-24T07:12:00+07:00"),
    ("None", None), ("", None), ("31/02/2020", None), ("không có ngày", None),
], ids=["iso", "iso-millis", "utc", "day-only", "us-am", "us-pm", "vn", "vn-words",
        "none-string", "empty", "impossible", "no-date"])
def test_dates_become_iso_with_the_vietnam_offset(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("line, expected", [
    ("12:50 - Thứ Hai, 07/10/2019 Lượt xem: 12091 In bài viết", "2019-10-07T12:50:00+07:00"),
    ("Cập nhật: 10:20 07/10/2019", "2019-10-07T10:20:00+07:00"),
    ("Thứ sáu, 15/3/2019", "2019-03-15T00:00:00+07:00"),
    ("(18/10/1930 - 18/10/2019)", None),
    ("Đảng bộ Hà Nội được thành lập ngày 17/3/1930 tại số nhà 5D phố Hàm Long, là Đảng bộ sớm nhất", None),
], ids=["dateline-with-counter", "updated", "weekday", "anniversary-span", "date-in-running-text"])
def test_only_datelines_give_a_publication_date(line, expected):
    assert dateline(line) == expected


def test_title_dateline_is_split_off():
    title, date = split_title_dateline("Văn phòng Thành ủy Hà Nội: Phát huy (15:10 29/10/2020)")
    assert (title, date) == ("Văn phòng Thành ủy Hà Nội: Phát huy", "2020-10-29T15:10:00+07:00")


@pytest.mark.parametrize("line, author", [
    ("Tin, ảnh: Quang Long", "Quang Long"), ("Bài và ảnh: Hoàng Anh", "Hoàng Anh"),
    ("Tấn Quang", "Tấn Quang"), ("Nguyễn Văn", "Nguyễn Văn"), ("TRẦN VĂN AN", "TRẦN VĂN AN"),
    ("Huyền Lê (Theo CNN)", "Huyền Lê"), ("Theo TTXVN", "TTXVN"),
    ("Bình luận", None), ("Back To Top", None), ("Truyền thống vẻ vang", None),
], ids=["credit", "credit-and", "name", "surname-name", "upper-name", "name-with-source",
        "theo", "comment-link", "english-link", "heading"])
def test_bylines_name_the_author(line, author):
    assert byline(line) == author


def test_a_byline_glued_to_the_last_paragraph_is_split_off():
    text, name = split_glued_byline("... đã xác định. Nguyễn Khánh Vũ, TUV, Chánh Văn phòng Tỉnh ủy")
    assert (text, name) == ("... đã xác định.", "Nguyễn Khánh Vũ")


def test_a_last_sentence_with_a_comma_is_not_a_byline():
    paragraph = "Hội nghị kết thúc. Sau đó, các đại biểu đi thăm khu di tích"
    assert split_glued_byline(paragraph) == (paragraph, None)


@pytest.mark.parametrize("line, expected", [
    ("TIẾP TỤC PHÁT HUY TRUYỀN THỐNG, NỖ LỰC HOÀN THÀNH TỐT NHIỆM VỤ THAM MƯU", True),
    ("Xây dựng Văn phòng Tỉnh ủy xứng đáng là cơ quan tham mưu", True),
    ("Kỷ niệm 89 năm Ngày truyền thống văn phòng cấp ủy, một chặng đường hoạt động.", False),
], ids=["upper-case", "headline", "lead-sentence"])
def test_first_line_headline_detection(line, expected):
    assert is_headline(line) is expected


def test_a_title_is_made_from_a_long_lead():
    title = title_from_lead("Kỷ niệm 89 năm " + "rất dài " * 60 + ". Câu hai.")
    assert title.endswith("…") and len(title) <= 121


# Leads and texts as party_all.jsonl.gz holds them (cut short).
@pytest.mark.parametrize("lines, rest, expected", [
    (["Sáng 7/7/2017, Tập đoàn Dầu khí Việt Nam đã tổ chức cuộc họp bàn giải pháp."],
     "trình Thủ tướng Chính phủ trước ngày 15/7/2017.", "2017-07-07T00:00:00+07:00"),
    (["Thứ trưởng Đỗ Đức Duy nhận nhiệm vụ mới tại Yên Bái.",
      "Ngày 6/2, thay mặt Ban Bí thư Trung ương Đảng, đồng chí Đinh Thế Huynh trao quyết định."],
     "Quyết định số 1234-QĐ/TW ngày 6/2/2017 của Ban Bí thư.", "2017-02-06T00:00:00+07:00"),
], ids=["year-in-dateline", "same-day-with-year"])
def test_a_lead_dateline_dates_the_article(lines, rest, expected):
    assert lead_date(lines, "\n".join(lines) + "\n" + rest) == expected


@pytest.mark.parametrize("lead, rest", [
    ("(NLĐ)- Sáng 20-1, ông Nguyễn Minh Triết đã đến thăm Bệnh viện Ung bướu TPHCM.",
     "Giáo sư Nguyễn Chấn Hùng cho biết năm 2005, bệnh viện đã khám cho 1,1 triệu lượt."),
    ("Sáng 11/3, hàng nghìn người về dự lễ kỷ niệm 70 năm ngày khởi nghĩa Ba Tơ.",
     "Ngày 11/3/1945, khởi nghĩa Ba Tơ nổ ra."),
    ("Chiều 14/9, Hội nghị ban chấp hành Đảng bộ tỉnh Yên Bái đã bầu bà Phạm Thị Thanh Trà.",
     "Tháng 9/2015, Hội nghị đã bầu. Ngày 18/8/2016, xảy ra vụ nổ súng."),
    ("Ngày 1/3, phường Đ. đưa ông Thường vào quy hoạch.", "Tháng 3/2015, rồi tháng 11/2015."),
    ("Sáng 31/8, UBND tỉnh công bố quyết định bổ nhiệm.",
     "Thời hạn kể từ ngày 1/9/2019 đến ngày 31/8/2024."),
    ("Chiều 5/9, Bộ Chính trị đồng ý để ông Lê Phước Thanh thôi giữ chức.",
     "Ông Thanh sinh ngày 5/9/1956 tại Quảng Nam."),
    ("Sáng 20-1, Thành ủy họp.", ""),
    ("(NLĐ)- Chiều 26-1, Thành ủy, UBND, Ủy ban MTTQ, LĐLĐ TPHCM đã đến thăm công nhân.",
     "Tết Bính Tuất, tháng 1/2006, công nhân nhận quà."),
], ids=["year-without-month", "anniversary", "same-month-of-an-older-year",
        "a-later-month-is-named", "end-of-a-term", "birthday", "no-year", "month-alone"])
def test_an_ambiguous_lead_dateline_gives_no_date(lead, rest):
    assert lead_date([lead], lead + "\n" + rest) is None
