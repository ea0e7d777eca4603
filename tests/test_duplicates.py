"""Near-duplicate stories: signatures at reindex, grouping per generation, folding in results."""

import re

import numpy as np

from search.duplicates import (
    _ascii_words,
    fold_copies,
    repeated_stories,
    signature,
    signatures,
    story_of,
    title_key,
)
from search.folding import fold_chars

STORY = ("Sáng 12-3, Ban Thường vụ Tỉnh ủy Quảng Trị đã họp phiên thường kỳ để cho ý kiến về "
         "công tác cán bộ, về kế hoạch tổ chức đại hội đảng bộ các cấp và về việc xử lý kỷ "
         "luật một số đảng viên vi phạm quy định về kê khai tài sản, thu nhập. ") * 3


def _jaccard(a, b):
    first, second = signatures([signature(a)]), signatures([signature(b)])
    return float((first == second).mean())


def test_a_copy_with_a_credit_added_keeps_nearly_the_same_signature():
    assert _jaccard(STORY, STORY + " (Theo Báo Quảng Trị)") >= 0.8


def test_different_stories_share_few_signature_values():
    other = "Hội nghị bàn về chuyển đổi số trong các cơ quan đảng, xây dựng chính quyền số. " * 3
    assert _jaccard(STORY, other) < 0.3


def test_copies_with_a_paragraph_changed_are_one_story():
    edited = STORY.replace("kê khai tài sản, thu nhập", "kê khai tài sản và thu nhập cá nhân", 1)
    keys = np.array([title_key("Tin A"), title_key("Tin B")], dtype=np.int64)
    assert list(story_of(keys, signatures([signature(STORY), signature(edited)]))) == [0, 0]


OTHER = "Hội nghị bàn về chuyển đổi số trong các cơ quan đảng, xây dựng chính quyền số. " * 3
THIRD = "Đoàn công tác kiểm tra tiến độ xây dựng nông thôn mới ở các xã vùng sâu, vùng xa. " * 3


def test_near_identical_texts_are_one_story_whatever_their_headlines():
    keys = np.array([title_key("Họp Ban Thường vụ Tỉnh ủy Quảng Trị"),
                     title_key("Quảng Trị: cho ý kiến về công tác cán bộ"), title_key("Tin khác")])
    texts = signatures([signature(t) for t in (STORY, STORY + " Nguồn: TTXVN", OTHER)])
    assert list(story_of(keys, texts)) == [0, 0, 2]


def test_one_long_headline_within_a_week_is_one_story_short_ones_are_not():
    long = title_key("Ông Nguyễn Bá Cảnh xin thôi đại biểu HĐND TP Đà Nẵng")
    short = title_key("Thông báo")
    keys = np.array([long, long, long, short, short], dtype=np.int64)
    notices = ["Văn phòng Tỉnh ủy thông báo lịch tiếp công dân của Bí thư trong tháng mười. " * 2,
               "Ban Tổ chức Thành ủy thông báo tuyển dụng công chức năm nay, mười hai chỉ tiêu. " * 2]
    texts = signatures([signature(t) for t in (STORY, OTHER, THIRD, *notices)])
    day = 86_400
    stamps = np.array([100 * day, 102 * day, 300 * day, 0, 0], dtype=np.int64)
    assert list(story_of(keys, texts, stamps)) == [0, 0, 2, 3, 4]


def test_folding_keeps_the_best_scored_copy_of_each_story():
    story = np.array([0, 0, 2, 3])
    matched = np.array([0, 1, 2, 3])
    keep = fold_copies(matched, np.array([1.0, 5.0, 2.0, 2.0]), story, np.zeros(4))
    assert list(keep) == [False, True, True, True]


def test_a_signature_is_the_one_earlier_builds_gave():
    text = ("Đà Nẵng, ngày 3/2: Hội nghị Ban Thường vụ Tỉnh uỷ Khánh Hoà tổng kết năm 2019 — "
            "Straße Łódź x² 東京 việc_khác ") * 3
    assert signature(text).hex() == (  # computed by the code of 87d4da8
        "6b90c705315d8d177dc49400300ebb27ad983d193e09ed007301df0fbefe7a1103f2dd0146ddc109"
        "f8b43013bd811408a0147403f936d8098f10a80fd360471ed87543067caf930586da2d0220ddad00"
        "d18f0f026edcb6249350be03b68a061586d5da02dde9c80264580b07764b9c001fadff15c670880b"
        "82d1df03920aeb00")


def test_signature_words_are_the_ascii_runs_of_the_folded_text():
    everything = "".join(chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000)
    folded = fold_chars(everything)
    for text in (folded, " a".join(folded) + "\U0001F600z"):
        assert _ascii_words(text) == re.findall("[a-z0-9]+", text)


def test_folding_looks_only_at_repeated_stories_and_keeps_the_same_pages():
    story = np.array([0, 0, 2, 3, 2, 5, 6, 6])
    ties = np.array([5, 4, 3, 2, 1, 0, 7, 7])
    matched = np.array([0, 1, 2, 4, 5, 6, 7])
    scores = np.array([2.0, 2.0, 1.0, 3.0, 1.0, 4.0, 4.0])
    repeated = repeated_stories(story)
    assert list(repeated) == [True, True, True, False, True, False, True, True]
    keep = fold_copies(matched, scores, story, ties, repeated)
    assert list(keep) == list(fold_copies(matched, scores, story, ties))
    assert list(keep) == [False, True, False, True, True, True, False]


def test_folding_keeps_one_page_of_a_story_matched_three_times():
    story = np.array([0, 1, 0, 3, 0, 1])
    matched = np.array([0, 2, 3, 4, 5])
    keep = fold_copies(matched, np.array([1.0, 3.0, 9.0, 2.0, 9.0]), story, np.zeros(6),
                       repeated_stories(story))
    assert list(keep) == [False, True, True, False, True]
