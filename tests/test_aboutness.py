"""Pages about what a query names, on real party_all articles (tests/fixtures/aboutness.jsonl)."""

from pathlib import Path

import numpy as np
import pytest

from indexer.build import build_index
from search import SearchRequest, open_index
from search.aboutness import ABOUT_SHARE, SERIES_OR_PLACE_SHARE, about, aboutness, title_share
from search.names import name_pairs
from search.planning import make_plan
from search.querytext import parse_query
from search.spelling import spell

FIXTURE = Path(__file__).parent / "fixtures" / "aboutness.jsonl"


@pytest.fixture(scope="module")
def about_index(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("aboutness-index")
    build_index([FIXTURE], index_dir, full=True)
    return open_index(index_dir, cache_size=0)


def titles(index, q: str) -> list[str]:
    return [hit["title"] for hit in index.search(SearchRequest(q=q, hits_per_page=10))["hits"]]


def first_title(index, q: str) -> str:
    return titles(index, q)[0]


def test_titles_tell_a_name_from_ordinary_words(about_index):
    postings = about_index._current().postings
    found = name_pairs(postings, ["nguyen", "xuan", "anh", "bi", "cach", "chuc"])
    assert found == [True, True, False, False, False]


def test_pages_about_the_person_beat_a_body_naming_him_in_passing(about_index):
    # "Ông Tất Thành Cang bị cách chức…" says "Nguyễn Xuân Anh bị cách chức" in its body;
    # the pages about him that also hold the words close together come first.
    found = titles(about_index, "nguyen xuan anh bi cach chuc")
    assert "Nguyễn Xuân Anh" in found[0]
    assert found.index("Ông Nguyễn Xuân Anh bị bãi nhiệm chức Chủ tịch HĐND Đà Nẵng") < \
        found.index("Ông Tất Thành Cang bị cách chức Phó bí thư Thành uỷ TP HCM")


def test_a_title_holding_every_content_word_beats_the_query_said_in_passing(about_index):
    # The title lacks only "bị", which headlines leave out; "Ông Tất Thành Cang bị cách
    # chức…" holds the whole query once in its body.
    found = titles(about_index, "nguyen xuan anh bi cach chuc")
    assert found[0] == "Cách chức Bí thư Thành uỷ Đà Nẵng Nguyễn Xuân Anh"


def test_a_title_holding_the_name_and_half_the_weight_is_about_it(about_index):
    # "Ông Đinh La Thăng liên quan thế nào vụ PVN…" lacks "bị bắt" but is about him.
    postings = about_index._current().postings
    plan = plan_of(about_index, "vì sao Đinh La Thăng bị bắt?")
    page = np.array([postings.find("id", "vietnews:train:011534")])
    assert ABOUT_SHARE <= title_share(postings, plan, page)[0] < SERIES_OR_PLACE_SHARE
    assert about(postings, plan, page).all()


def test_a_long_pasted_text_needs_more_of_its_weight_in_a_title(about_index):
    # Pasted text is a body's sentence more than a subject (bench/longq.py lost a rank
    # to a title holding 0.59 of one).
    postings = about_index._current().postings
    plan = plan_of(about_index, "vì sao Đinh La Thăng bị bắt?")
    page = np.array([postings.find("id", "vietnews:train:011534")])
    assert aboutness(postings, plan, page)[0].all()
    assert not aboutness(postings, plan, page, pasted=True)[0].any()


def test_a_title_holding_only_the_place_needs_more_of_the_query(about_index):
    # "Đà Nẵng sẽ mở đường ra biển…" names where, not the chairman asked about.
    postings = about_index._current().postings
    plan = plan_of(about_index, "chu tich Da Nang")
    page = np.array([postings.find("id", "vietnews:train:089557")])
    assert ABOUT_SHARE <= title_share(postings, plan, page)[0] < SERIES_OR_PLACE_SHARE
    assert not about(postings, plan, page).any()


def test_two_initials_name_a_body_its_titles_spell_out(about_index):
    # "Uỷ ban Kiểm tra Trung ương" in the title is the "UBKT TW" asked.
    postings = about_index._current().postings
    plan = plan_of(about_index, "UBKT TW vụ Mobifone AVG")
    page = np.array([postings.find("id", "vietnews:train:009731")])
    assert about(postings, plan, page).all()
    assert first_title(about_index, "UBKT TW vụ Mobifone AVG") == \
        "Vụ Mobifone mua AVG: Uỷ ban Kiểm tra Trung ương sẽ xử lý"


def test_a_title_holding_the_names_beats_bodies_holding_the_words_close(about_index):
    assert first_title(about_index, "HĐND Đà Nẵng bãi nhiệm Nguyễn Xuân Anh") == \
        "Ông Nguyễn Xuân Anh bị bãi nhiệm chức Chủ tịch HĐND Đà Nẵng"


def test_a_query_naming_nothing_keeps_the_body_holding_it_first(about_index):
    # "Dịch vụ TP HCM tăng trưởng cao nhất trong 5 năm" holds most of the words in its title.
    assert first_title(about_index, "muc tang truong cao trong") == \
        "Sabeco tăng trưởng nhờ Vũ Quang Hải hay nhờ người Việt?"


def plan_of(index, q: str):
    generation = index._current()
    parsed = parse_query(q)
    plan, _, _ = make_plan(generation.postings, generation.accent_model, generation.synonyms,
                           parsed, spell(parsed, generation.accent_model))
    return plan


def test_a_title_holding_a_fragments_words_is_not_about_it(about_index):
    postings = about_index._current().postings
    plan = plan_of(about_index, "muc tang truong cao trong")
    page = np.array([postings.find("id", "vntc:test:KD_VNE_T_(4393)")])  # "…tăng trưởng cao nhất trong…"
    assert title_share(postings, plan, page)[0] >= ABOUT_SHARE
    assert not about(postings, plan, page).any()


def test_a_modified_role_in_the_title_is_not_the_role_asked(about_index):
    generation = about_index._current()
    plan = plan_of(about_index, "pho chu tich Da Nang")
    role = plan_of(about_index, "chu tich Da Nang")
    vice = np.array([generation.postings.find("id", doc) for doc in _vice_ids(about_index)])
    assert len(vice) == 2
    assert about(generation.postings, plan, vice).all()
    assert not about(generation.postings, role, vice).any()


def _vice_ids(index) -> list[str]:
    hits = index.search(SearchRequest(q="Đặng Việt Dũng Phó chủ tịch", hits_per_page=10))["hits"]
    return [h["id"] for h in hits if h["title"].startswith(("Ông Đặng Việt Dũng quay lại",
                                                            "Đà Nẵng giới thiệu ông Đặng"))]


PLENUM_8 = ("vietnews:train:070945", "vietnews:train:090017", "vietnews:train:020443")
PLENUM_10 = ("vietnews:test:014729", "vietnews:test:003742")  # "… lần thứ mười … khoá XII"


def test_a_number_after_a_word_is_part_of_the_name_a_title_must_hold(keywords_index):
    # "Sáng nay khai mạc Hội nghị Trung ương 8" is about the 8th plenum though it lacks
    # "khoá XII"; "Khai mạc Hội nghị lần thứ mười … khoá XII" is about another plenum.
    postings = keywords_index._current().postings
    plan = plan_of(keywords_index, "Hội nghị Trung ương 8 khóa XII")
    eighth = np.array(sorted(postings.find("id", doc) for doc in PLENUM_8))
    tenth = np.array(sorted(postings.find("id", doc) for doc in PLENUM_10))
    assert about(postings, plan, eighth).all()
    assert not about(postings, plan, tenth).any()


def test_a_title_writing_another_numeral_is_about_another_one(keywords_index):
    # "Khai mạc Hội nghị Trung ương 8, khoá XII" holds "khoá XII" but not plenum 4.
    postings = keywords_index._current().postings
    plan = plan_of(keywords_index, "Nghị quyết Trung ương 4 khóa XII")
    eighth = np.array([postings.find("id", "vietnews:train:070945")])
    assert title_share(postings, plan, eighth)[0] == 0.0
    assert not about(postings, plan, eighth).any()


def test_initials_written_with_a_dot_are_side_by_side_in_a_title(keywords_index):
    # "TP. HCM đối thoại với dân Thủ Thiêm…" holds "TP HCM" as much as "TP HCM truy thu…".
    postings = keywords_index._current().postings
    plan = plan_of(keywords_index, "UBND TP.HCM Thủ Thiêm")
    pages = np.array(sorted(postings.find("id", doc) for doc in
                            ("vietnews:test:003599", "vietnews:val:020344")))
    shares = title_share(postings, plan, pages)
    assert shares[0] == shares[1]
    assert about(postings, plan, pages).all()
