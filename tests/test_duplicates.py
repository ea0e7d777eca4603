"""Near-duplicate stories: signatures at reindex, grouping per generation, folding in results."""

import numpy as np

from search.duplicates import fold_copies, simhash, story_of, title_key

STORY = ("Sáng 12-3, Ban Thường vụ Tỉnh ủy Quảng Trị đã họp phiên thường kỳ để cho ý kiến về "
         "công tác cán bộ, về kế hoạch tổ chức đại hội đảng bộ các cấp và về việc xử lý kỷ "
         "luật một số đảng viên vi phạm quy định về kê khai tài sản, thu nhập. ") * 3


def _bits(a, b):
    return bin((a ^ b) & (2**64 - 1)).count("1")


def test_a_copy_with_a_credit_added_keeps_nearly_the_same_simhash():
    assert _bits(simhash(STORY), simhash(STORY + " (Theo Báo Quảng Trị)")) <= 3


def test_different_stories_differ_in_many_bits():
    other = "Hội nghị bàn về chuyển đổi số trong các cơ quan đảng, xây dựng chính quyền số. " * 3
    assert _bits(simhash(STORY), simhash(other)) > 10


def test_stories_group_copies_with_the_same_title_only():
    keys = np.array([title_key("Họp Ban Thường vụ"), title_key("HỌP BAN THƯỜNG VỤ"),
                     title_key("Tin khác")], dtype=np.int64)
    hashes = np.array([simhash(STORY), simhash(STORY + " Nguồn: TTXVN"), simhash(STORY)],
                      dtype=np.int64)
    assert list(story_of(keys, hashes)) == [0, 0, 2]


def test_folding_keeps_the_best_scored_copy_of_each_story():
    story = np.array([0, 0, 2, 3])
    matched = np.array([0, 1, 2, 3])
    keep = fold_copies(matched, np.array([1.0, 5.0, 2.0, 2.0]), story, np.zeros(4))
    assert list(keep) == [False, True, True, True]
