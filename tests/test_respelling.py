"""The suggestion spelt as the found pages spell the query: names with their capitals."""

from pathlib import Path

import pytest

from indexer.build import build_index
from search import SearchRequest, open_index
from search.respelling import page_spellings

FIXTURES = Path(__file__).parent / "fixtures"
NHAN_TITLE = "Tân Bí thư TP.HCM Nguyễn Thiện Nhân thăm Bến Nhà Rồng"


def folds(query: str) -> list[str]:
    """Return the words of an unaccented query, as the query parser folds them."""
    return query.split()


@pytest.fixture(scope="module")
def respelling_index(tmp_path_factory):
    """Real party_all articles (first 1 500 characters): the visit to Bến Nhà Rồng, three
    more on Nguyễn Thiện Nhân, four saying "nền nhà"."""
    index_dir = tmp_path_factory.mktemp("respelling-index")
    build_index([FIXTURES / "respelling.jsonl"], index_dir, full=True)
    return open_index(index_dir, cache_size=0)


def test_a_title_lends_its_spelling_and_fixes_a_typo_between_agreeing_words():
    spelt = page_spellings(folds("nguyen thien nhan than ben nha rong"), [NHAN_TITLE])
    assert " ".join(spelt[i] for i in sorted(spelt)) == "Nguyễn Thiện Nhân thăm Bến Nhà Rồng"


def test_only_names_keep_capitals_and_tone_marks_are_normalized():
    spelt = page_spellings(folds("pho quang nghi phu trach dang bo ha noi"),
                           ["Ông Phạm Quang Nghị phụ trách Đảng bộ Hà Nội"])
    assert [spelt[i] for i in (1, 2, 7, 8)] == ["Quang", "Nghị", "Hà", "Nội"]
    assert [spelt[i] for i in range(3, 7)] == ["phụ", "trách", "đảng", "bộ"]
    assert page_spellings(["tinh", "uy"], ["Văn phòng Tỉnh uỷ"]) == {0: "tỉnh", 1: "ủy"}
    assert page_spellings(["ubnd", "tp"], ["UBND TP Hà Nội"]) == {0: "UBND", 1: "TP"}


def test_a_single_agreeing_word_or_a_headline_in_capitals_lends_nothing():
    assert page_spellings(["nha", "rong"], ["Nhà ở xã hội"]) == {}
    assert page_spellings(["ben", "nha", "rong"], ["THĂM BẾN NHÀ RỒNG"]) == {}


def test_the_passage_holding_most_words_wins_the_earliest_on_a_tie():
    texts = ["Hà Nội mở", "hôm nay hà nội mở cửa", "Hà Nội mở cửa"]
    assert page_spellings(folds("ha noi mo cua"), texts) == {0: "hà", 1: "nội", 2: "mở",
                                                               3: "cửa"}


def test_the_suggestion_takes_the_first_hits_spelling_of_names_and_typos(respelling_index):
    result = respelling_index.search(SearchRequest(q="nguyen thien nhan than ben nha rong"))
    assert result["hits"][0]["title"] == NHAN_TITLE
    assert result["suggestion"] == "Nguyễn Thiện Nhân thăm Bến Nhà Rồng"


def test_words_typed_with_accents_stay_as_typed(respelling_index):
    result = respelling_index.search(SearchRequest(q="nguyễn thiện nhân thân bến nhà rồng"))
    assert result["suggestion"] is None or "thân" in result["suggestion"]
