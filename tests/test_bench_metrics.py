"""The metric functions of bench/judged.py and bench/longq.py on toy rankings."""

import math
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import judged  # noqa: E402
import longq  # noqa: E402
import longq_rules  # noqa: E402

from indexer.articles import Article  # noqa: E402

GRADES = {"a": 2, "b": 1, "c": 0, "d": 2}


def article(doc_id: str, title: str, body: str) -> Article:
    """Return an article with just the fields the benchmarks read."""
    return Article(id=doc_id, title=title, body=body, path=f"{doc_id}.txt")


def test_ideal_ranking_has_ndcg_one():
    assert judged.ndcg(["a", "d", "b", "c"], GRADES) == pytest.approx(1.0)


def test_ndcg_of_a_known_ranking():
    # DCG = 1/log2(2) + 3/log2(3) + 3/log2(4); the ideal puts both grade-2 articles first.
    ideal = 3 + 3 / math.log2(3) + 1 / math.log2(4)
    actual = 1 + 3 / math.log2(3) + 3 / math.log2(4)
    assert judged.ndcg(["b", "a", "d"], GRADES) == pytest.approx(actual / ideal)


def test_unjudged_articles_count_as_not_relevant():
    assert judged.ndcg(["x", "y"], GRADES) == 0.0
    assert judged.precision(["x", "a", "b", "y", "c"], GRADES) == pytest.approx(2 / 5)


def test_success_at_one_needs_a_grade_two_first():
    assert judged.success_at_1(["a", "b"], GRADES) == 1.0
    assert judged.success_at_1(["b", "a"], GRADES) == 0.0
    assert judged.success_at_1([], GRADES) == 0.0


def test_same_folded_title_is_a_near_duplicate():
    first = article("1", "Khởi tố ông Đinh La Thăng", "Một câu chuyện dài về vụ án.")
    second = article("2", "khoi to ong dinh la thang", "Bài viết hoàn toàn khác hẳn nội dung.")
    assert judged.near_duplicate(first, second)


def test_near_identical_bodies_are_near_duplicates_but_different_ones_are_not():
    body = " ".join(f"từ{i}" for i in range(60))
    copy = article("2", "Tiêu đề khác", body + " thêm")
    other = article("3", "Tiêu đề thứ ba", " ".join(f"chữ{i}" for i in range(60)))
    original = article("1", "Tiêu đề", body)
    assert judged.near_duplicate(original, copy)
    assert not judged.near_duplicate(original, other)
    assert judged.duplicate_pairs(["1", "2", "3"], {a.id: a for a in (original, copy, other)}) \
        == [("1", "2")]


def test_recall_and_mrr_at_ten():
    ranks = [1, 2, None, 11]
    assert longq.recall(ranks) == pytest.approx(2 / 4)
    assert longq.mrr(ranks) == pytest.approx((1 + 1 / 2) / 4)


def test_rank_of_is_one_based():
    assert longq.rank_of("b", ["a", "b"]) == 2
    assert longq.rank_of("z", ["a", "b"]) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("chi 500 triệu đồng", "chi 500.000.000 đồng"),
    ("gần 3,8 nghìn người", "gần 3.800 người"),
    ("năm 2018 có 12500 hộ", "năm 2018 có 12.500 hộ"),
    ("nhiệm kỳ 2011-2016", "nhiệm kỳ 2011-2016"),
], ids=["millions", "decimal thousands", "plain number not year", "range untouched"])
def test_amounts_are_written_in_digits_with_dots(text, expected):
    assert longq_rules.write_numbers(text) == expected


def test_a_question_is_kept_only_when_its_words_name_one_article():
    shared = "Ủy ban nhân dân tỉnh Quảng Ngãi quyết định thu hồi dự án khu du lịch ven biển " \
             "sau nhiều năm chậm triển khai và gây lãng phí đất đai của người dân."
    articles = [article("1", "Quảng Ngãi thu hồi dự án", shared),
                article("2", "Bản sao cùng câu chuyện", shared)]
    assert longq_rules.make_questions(articles, 5, seed=1) == []
    articles[1] = article("2", "Chuyện khác", "Hà Nội mở thêm tuyến xe buýt mới cho học sinh.")
    questions = longq_rules.make_questions(articles, 5, seed=1)
    assert [q["doc_id"] for q in questions] == ["1"]
    assert questions[0]["question"].endswith("?")


def test_fts_any_matches_any_word():
    from relevance import fts_table

    db = fts_table([article("1", "Thủ Thiêm", "bồi thường"), article("2", "Sơn Trà", "dự án")])
    assert set(longq.fts_any(db, "Thủ Thiêm dự án")) == {"1", "2"}
