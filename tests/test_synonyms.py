"""Abbreviations and synonyms: the built-in list, the user's file, pairs the corpus defines."""

from collections import Counter

import pytest

from search import BadParameter, SearchRequest, open_index
from search.synonyms import (
    built_in,
    defined_pairs,
    learn,
    parse_groups,
    read_file,
    read_learned,
    save_learned,
)


@pytest.mark.parametrize("form, other", [
    (("ubnd",), ("uy", "ban", "nhan", "dan")),
    (("tp", "hcm"), ("thanh", "pho", "ho", "chi", "minh")),
    (("tphcm",), ("sai", "gon")),
    (("t", "u"), ("trung", "uong")),
    (("hdnd",), ("hoi", "dong", "nhan", "dan")),
], ids=["ubnd", "tp-hcm", "tphcm-saigon", "t-u", "hdnd"])
def test_built_in_forms_find_each_other_both_ways(form, other):
    table = built_in()
    assert other in table.forms_of(form) and form in table.forms_of(other)


def test_one_way_group_finds_only_rightwards():
    table = built_in()
    table.add(*next(parse_groups(["sg => Sài Gòn"])))
    assert ("sai", "gon") in table.forms_of(("sg",))
    assert ("sg",) not in table.forms_of(("sai", "gon"))


def test_corpus_defined_abbreviation_is_read_from_brackets():
    text = "Ủy ban Kiểm tra (UBKT) Tỉnh ủy và Ban Tuyên giáo (BTG); ông Nam (SN 1970)"
    assert list(defined_pairs(text)) == [(("ubkt",), ("uy", "ban", "kiem", "tra")),
                                         (("btg",), ("ban", "tuyen", "giao"))]


def test_learned_pairs_count_only_when_defined_twice(tmp_path):
    counts = Counter()
    learn(["Ban Dân vận (BDV) họp", "Ban Dân vận (BDV) làm việc", "Hội Nông dân (HND) họp"], counts)
    save_learned(tmp_path, counts)
    groups = read_learned(tmp_path)
    assert ([("bdv",)], [("ban", "dan", "van")]) in groups
    assert all(("hnd",) not in sources for sources, _ in groups)


def test_unreadable_user_file_names_the_setting(tmp_path):
    with pytest.raises(BadParameter, match="Fix the `synonyms` setting"):
        read_file(tmp_path / "missing.txt")


def test_user_synonyms_file_extends_search(ranking_index_dir, tmp_path):
    path = tmp_path / "synonyms.txt"
    path.write_text("# nicknames\nxứ trầm hương => khánh hòa\n", encoding="utf-8")
    plain = open_index(ranking_index_dir, cache_size=0)
    extended = open_index(ranking_index_dir, cache_size=0, synonyms_file=path)
    request = SearchRequest(q="xu tram huong")
    assert plain.search(request)["allWordsHits"] == 0
    found = extended.search(request)
    assert found["allWordsHits"] > 0 and found["hits"][0]["id"] == "van-phong-kinh-te"


def test_reindex_learns_the_abbreviations_the_corpus_defines(tmp_path):
    import json

    from indexer.build import build_index

    records = [{"id": f"a{n}", "title": f"Hội nghị Ban Dân vận lần {n}",
                "text": f"Sáng nay, Ban Dân vận (BDV) Tỉnh ủy tổ chức hội nghị lần thứ {n} về "
                        "công tác dân vận năm nay, với sự tham dự của các đồng chí lãnh đạo."}
               for n in range(3)]
    dump = tmp_path / "d.jsonl"
    dump.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    build_index([dump], tmp_path / "index", full=True)
    index = open_index(tmp_path / "index", cache_size=0)
    result = index.search(SearchRequest(q="bdv tinh uy"))
    assert result["allWordsHits"] == 3
    assert "<mark>Ban Dân vận</mark>" in result["hits"][0]["snippet"]
