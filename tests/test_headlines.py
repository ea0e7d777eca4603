"""Crawled titles: markup and entities removed, run-on leads and captions split off."""

import pytest

from indexer.headlines import has_markup, read_title, split_run_on, unescape_once

# Titles as party_all.jsonl.gz holds them.
NLD_FORD = ("Lãnh đạo TPHCM tiếp xã giao đại diện Quỹ Từ thiện Ford, Mỹ (NLĐ) – Ngày 23-2, tại "
            "Văn phòng Thành ủy TPHCM, đồng chí Nguyễn Minh Triết, Bí thư Thành ủy TPHCM, đã có "
            "buổi tiếp thân mật ông Charles Bailey, đại diện Quỹ Ford tại VN.")
NLD_CAPTION = ("Xây dựng thủ đô ngày càng phồn vinh, hạnh phúc Lãnh đạo TP Hà Nội dâng hương tại "
               "Tượng đài Lý Thái Tổ Ảnh: H.L.A (NLĐ)- Sáng 9-10, tại Cung Văn hóa Hữu nghị, Thành "
               "ủy, HĐND, UBND và MTTQ TP Hà Nội đã long trọng tổ chức lễ kỷ niệm 995 năm Thăng Long")
NLD_CREDIT = ("Tự hào về quá khứ, vững tin vào tương lai Bà Phạm Phương Thảo. Chủ tịch HĐND TPHCM, "
              "trao giải nhất tập thể cho đại diện Thành đoàn TPHCM. Ảnh: Q. Liêm Tối 24-3, tại Nhà "
              "Văn hóa Thanh niên, ban tổ chức cuộc thi đã trao giải")
NLD_BANG = ("Phải xem là bài học để đời! Ông Đào Đình Bình tiếp tục đảm nhiệm chức bộ trưởng đến "
            "khi có người thay thế giờ hôm qua, 5-4, Thủ tướng Phan Văn Khải có cuộc họp đột xuất.")
NLD_DATELINE = ("Sớm đưa nghị quyết Đại hội Đảng vào cuộc sống Chiều 24-1, Ban Tư tưởng - Văn hóa "
                "Thành ủy TPHCM tổ chức hội nghị tổng kết công tác Tư tưởng - Văn hóa năm 2005.")
NLD_OPENER = ("Xây dựng sân bay quốc tế Phú Quốc Ông Trương Quốc Tuấn, Bí thư Tỉnh ủy Kiên Giang cho "
              "biết: Sau khi được Chính phủ cho phép xây dựng sân bay quốc tế mới ở xã đảo Dương Tơ")
NLD_NO_DASH = ("Phát động cuộc thi tìm hiểu: “60 năm nước Cộng hòa xã hội chủ nghĩa Việt Nam” (NLĐ) "
               "Ngày 24-3, tại Hà Nội, Ban Tư tưởng Văn hóa Trung ương đã phát động cuộc thi")
NLD_CU = ("TPHCM:Hơn 10.000 người đi bộ ủng hộ người nghèo Cụ Võ An Ninh (ngồi xe lăn) tích cực tham "
          "gia chương trình ủng hộ người nghè (NLĐ)- Sáng 13-11, trước Hội trường Thống Nhất, hơn "
          "10.000 dân của các quận, huyện đã tham dự chương trình đi bộ")
TN_LEAD = ("Sáng qua 28.3, Đại hội đại đoàn kết các dân tộc Tây Nguyên đã chính thức khai mạc tại TP "
           "Pleiku (Gia Lai). Đến dự có Chủ tịch nước Trần Đức Lương; Bí thư T.Ư Đảng, Trưởng ban "
           "Dân vận T.Ư Tòng Thị Phóng; Chủ tịch Ủy ban T.Ư MTTQ VN Phạm Thế Duyệt... cùng 500 đại biểu")


@pytest.mark.parametrize("raw, title, first_line", [
    (NLD_FORD, "Lãnh đạo TPHCM tiếp xã giao đại diện Quỹ Từ thiện Ford, Mỹ", "Ngày 23-2, tại"),
    (NLD_CAPTION, "Xây dựng thủ đô ngày càng phồn vinh, hạnh phúc", "Sáng 9-10, tại Cung"),
    (NLD_CREDIT, "Tự hào về quá khứ, vững tin vào tương lai", "Tối 24-3, tại Nhà"),
    (NLD_BANG, "Phải xem là bài học để đời!", "Ông Đào Đình Bình tiếp tục"),
    (NLD_DATELINE, "Sớm đưa nghị quyết Đại hội Đảng vào cuộc sống", "Chiều 24-1, Ban Tư tưởng"),
    (NLD_OPENER, "Xây dựng sân bay quốc tế Phú Quốc", "Ông Trương Quốc Tuấn, Bí thư"),
    (NLD_NO_DASH, "Phát động cuộc thi tìm hiểu: “60 năm nước Cộng hòa xã hội chủ nghĩa Việt Nam”",
     "Ngày 24-3, tại Hà Nội"),
    (NLD_CU, "TPHCM:Hơn 10.000 người đi bộ ủng hộ người nghèo", "Sáng 13-11, trước"),
], ids=["agency-code", "caption-credit-agency", "caption-credit", "exclamation", "dateline",
        "opener-word", "agency-code-without-dash", "caption-of-an-elder"])
def test_a_run_on_title_keeps_the_headline_and_gives_the_lead_to_the_body(raw, title, first_line):
    head = read_title(raw)
    assert head.title == title
    assert head.lines[0].startswith(first_line)


def test_the_caption_goes_to_the_body_after_the_lead():
    head = read_title(NLD_CAPTION)
    assert head.lines[1] == "Lãnh đạo TP Hà Nội dâng hương tại Tượng đài Lý Thái Tổ."
    assert not any("H.L.A" in line for line in head.lines)


def test_a_title_that_is_a_whole_lead_moves_to_the_body_and_a_sentence_is_the_title():
    head = read_title(TN_LEAD)
    assert head.title == ("Sáng qua 28.3, Đại hội đại đoàn kết các dân tộc Tây Nguyên đã chính thức"
                          " khai mạc tại TP Pleiku (Gia Lai)")
    assert head.lines == [TN_LEAD]


@pytest.mark.parametrize("raw", [
    "Bố cháu bé tử vong ở trường Gateway nói trong nước mắt: \" Mong công an sớm có kết quả cuối "
    "cùng, công lý được thực thi \"",
    "An ninh hình sự 24 h: Khởi tố nguyên Phó chủ tịch TP. Đà Nẵng Nguyễn Ngọc Tuấn; Phát hiện "
    "thi thể người phụ nữ chết cháy chỉ còn phần đầu",
    "Nhìn lại 50 năm thực hiện Di chúc của Chủ tịch Hồ Chí Minh",
    "Đà Nẵng - Hội An: hành trình di sản miền Trung (Kỳ 2) - Bài cuối",
], ids=["long-quote", "abbreviation", "plain", "dashes"])
def test_a_long_headline_is_left_whole(raw):
    assert read_title(raw).title == " ".join(raw.split())
    assert read_title(raw).lines == []


def test_markup_in_a_title_is_read_as_html_and_its_dateline_becomes_the_date():
    head = read_title("<p class=title>Rà soát lại quy chế quản lý cán bộ</p><p class=ngay>24-01-2006"
                      " 00:46:33 GMT +7</p><EM>. Phóng viên: Thưa ông, nhân thân ông Bùi Tiến Dũng"
                      " bộ nắm được như thế nào?</EM>")
    assert (head.title, head.date) == ("Rà soát lại quy chế quản lý cán bộ",
                                       "2006-01-24T00:46:33+07:00")
    assert head.lines == ["Phóng viên: Thưa ông, nhân thân ông Bùi Tiến Dũng bộ nắm được như thế nào?"]


@pytest.mark.parametrize("raw, title", [
    ("Phê chuẩn bổ nhiệm ông Cao Đức Phát làm Bộ trưởng Bộ NN&amp;PTNT",
     "Phê chuẩn bổ nhiệm ông Cao Đức Phát làm Bộ trưởng Bộ NN&PTNT"),
    ("&gt;&gt; Thủ tướng đồng ý đơn từ chức của Bộ trưởng Đào Đình Bình&gt;&gt; Quá trình công tác"
     " của ông Nguyễn Việt Tiến", "Thủ tướng đồng ý đơn từ chức của Bộ trưởng Đào Đình Bình"),
    ("Cushman &amp;amp; Wakefield", "Cushman &amp; Wakefield"),
], ids=["amp", "link-list", "decoded-once"])
def test_entities_in_a_title_are_decoded_once(raw, title):
    assert read_title(raw).title == title


@pytest.mark.parametrize("text, expected", [
    ("<P align=justify>- Tổng Bí thư", True), ("lãi suất < 5% và > 3%", False),
    ("a<br>b", True), ("<3 Hà Nội", False), ("<!-- x -->", True),
], ids=["p", "comparison", "br", "heart", "comment"])
def test_markup_is_told_by_known_tags(text, expected):
    assert has_markup(text) is expected


def test_entities_are_decoded_once():
    assert unescape_once("&quot;Đổi mới&quot; &amp;amp;") == '"Đổi mới" &amp;'


def test_a_short_title_with_an_agency_code_is_left_alone():
    assert split_run_on("Đại hội (NLĐ) - ngắn") == ("Đại hội (NLĐ) - ngắn", [])


def test_an_agency_code_ending_a_title_is_dropped():
    assert read_title("HLV Lê Thụy Hải xin từ chức (NLĐ)").title == "HLV Lê Thụy Hải xin từ chức"
    head = read_title("HLV Lê Thụy Hải xin từ chức (NLĐ).- Chiều qua, 27-6, trao đổi với phóng viên "
                      "Báo Người Lao Động, HLV đội Đà Nẵng Lê Thụy Hải cho biết")
    assert (head.title, head.lines[0][:14]) == ("HLV Lê Thụy Hải xin từ chức", "Chiều qua, 27-")
