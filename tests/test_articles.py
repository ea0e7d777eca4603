"""iter_articles end to end: seeds against the gold, pages, dumps, skips, ids, speed."""

import gzip
import json
import time
import unicodedata
from dataclasses import fields
from pathlib import Path

import pytest

from indexer.articles import Article, Skipped, iter_articles
from indexer.decoding import encode_cp1258

SHARED = Path(__file__).resolve().parents[2] / "shared"
PARA = ("Văn phòng Tỉnh ủy đã tham mưu cho Ban Thường vụ Tỉnh ủy lãnh đạo, chỉ đạo thực hiện "
        "thắng lợi các nhiệm vụ chính trị, phát triển kinh tế - xã hội của địa phương {}.")
needs_shared = pytest.mark.skipif(not (SHARED / "gold" / "seeds.json").is_file(),
                                  reason="../shared is absent")


def norm(text):
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def gold_pages():
    if not (SHARED / "gold" / "seeds.json").is_file():
        return []
    return json.loads((SHARED / "gold" / "seeds.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seeds():
    return {Path(a.path).name: a for a in iter_articles([SHARED / "seeds"])}


@needs_shared
@pytest.mark.parametrize("gold", gold_pages(), ids=lambda g: g["file"][:3])
def test_seed_body_keeps_every_article_line(seeds, gold):
    body = norm(seeds[gold["file"]].body)
    assert [line for line in gold["body"] if norm(line) not in body] == []


@needs_shared
@pytest.mark.parametrize("gold", gold_pages(), ids=lambda g: g["file"][:3])
def test_seed_body_has_no_boilerplate(seeds, gold):
    lines = {norm(line) for line in seeds[gold["file"]].body.splitlines()}
    assert [b for b in gold["boilerplate"] if norm(b) in lines] == []


@needs_shared
@pytest.mark.parametrize("gold", gold_pages(), ids=lambda g: g["file"][:3])
def test_seed_metadata_matches_the_gold(seeds, gold):
    article = seeds[gold["file"]]
    if gold["title"]:
        assert norm(article.title) == norm(gold["title"])
    assert (article.date or "")[:16] == (gold["date"] or "")[:16]
    assert article.author == gold["author"]
    if gold["locality"]:
        assert article.locality == gold["locality"]


@needs_shared
def test_saved_pages_give_three_articles_and_skip_the_home_page():
    items = list(iter_articles([SHARED / "data" / "pages"]))
    articles = [i for i in items if isinstance(i, Article)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert len(articles) == 3 and all(a.title and a.date for a in articles)
    assert [Path(s.path).name for s in skipped] == ["dantri_homepage_2019.html"]
    assert skipped[0].reason.startswith("not an article")


def test_extract_prints_the_declared_fields_in_order_without_the_fingerprint(tmp_path):
    (tmp_path / "a.txt").write_text("Tiêu đề bài viết\n\n" + PARA.format("một"), "utf-8")
    article = next(iter_articles([tmp_path]))
    declared = [f.name for f in fields(Article) if f.name != "fingerprint"]
    assert list(article.to_dict()) == declared and declared[:3] == ["id", "path", "title"]
    assert article.title == "Tiêu đề bài viết"


def test_dates_are_always_datetimes_with_the_vietnam_offset(tmp_path):
    (tmp_path / "a.txt").write_text(PARA.format("một"), "utf-8")
    (tmp_path / "a.json").write_text('{"date": "2019-10-18", "locality": "Sài Gòn"}', "utf-8")
    article = next(iter_articles([tmp_path]))
    assert (article.date, article.locality) == ("2019-10-18T00:00:00+07:00", "TP. Hồ Chí Minh")


def test_json_lines_records_keep_their_id_title_and_metadata(tmp_path):
    dump = tmp_path / "d.jsonl.gz"
    with gzip.open(dump, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "x1", "title": "Tin Đà Nẵng", "text": PARA.format("một"),
                                 "url": "None", "date": "None", "source": "tuoitre.vn"}) + "\n")
        handle.write("{broken\n")
    items = list(iter_articles([dump]))
    assert (items[0].id, items[0].title, items[0].url, items[0].date, items[0].source) == (
        "x1", "Tin Đà Nẵng", None, None, "tuoitre.vn")
    assert items[0].locality == "Đà Nẵng"
    assert items[1] == Skipped(f"{dump}:2", "invalid JSON on line 2")


def test_ids_stay_unique_within_a_run(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.txt").write_text(PARA.format(folder), "utf-8")
    assert [a.id for a in iter_articles([tmp_path])] == ["same", "same~2"]


def test_a_bad_file_does_not_stop_the_run(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "b.txt").write_text(PARA.format("b"), "utf-8")
    (tmp_path / "c.txt").write_bytes(b"")
    items = list(iter_articles([tmp_path, tmp_path / "missing"]))
    assert [type(i).__name__ for i in items] == ["Skipped", "Article", "Skipped", "Skipped"]


def test_windows_1258_page_with_meta_charset_is_extracted(tmp_path):
    html = (f'<html><head><meta charset="windows-1258"><title>Hội nghị | Báo</title></head>'
            f'<body><div class="content"><p>{PARA.format("một")}</p><p>{PARA.format("hai")}</p>'
            f'</div></body></html>')
    data = encode_cp1258(html)
    (tmp_path / "p.html").write_bytes(data)
    article = next(iter_articles([tmp_path]))
    assert isinstance(article, Article) and "Văn phòng Tỉnh ủy" in article.body


def test_furniture_repeated_across_pages_of_a_folder_is_learned(tmp_path):
    for n in range(4):
        (tmp_path / f"{n}.txt").write_text(
            f"Tiêu đề {n}\n{PARA.format(n)}\nCổng thông tin Đảng bộ tỉnh\n{PARA.format(n + 10)}",
            "utf-8")
    bodies = [a.body for a in iter_articles([tmp_path])]
    assert not any("Cổng thông tin" in body for body in bodies)


def test_plain_text_records_extract_in_well_under_a_millisecond(tmp_path):
    text = "\n".join(PARA.format(i) for i in range(12))
    dump = tmp_path / "d.jsonl"
    dump.write_text("".join(json.dumps({"id": str(i), "title": "Tin", "text": text}) + "\n"
                            for i in range(2000)), "utf-8")
    start = time.perf_counter()
    count = sum(1 for _ in iter_articles([dump]))
    assert count == 2000
    assert (time.perf_counter() - start) / count < 0.002


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "metadata"


@pytest.fixture(scope="module")
def party_lines():
    """Real party_all.jsonl.gz records (texts cut short), extracted, by the case they show."""
    path = FIXTURES / "party_lines.jsonl"
    cases = [json.loads(line)["case"] for line in path.read_text("utf-8").splitlines()]
    return dict(zip(cases, iter_articles([path])))


@pytest.mark.parametrize("case, title, first_words", [
    ("agency-run-on", "Lãnh đạo TPHCM tiếp xã giao đại diện Quỹ Từ thiện Ford, Mỹ", "Ngày 23-2, tại"),
    ("caption-agency-run-on", "Xây dựng thủ đô ngày càng phồn vinh, hạnh phúc", "Sáng 9-10, tại"),
    ("exclamation-run-on", "Phải xem là bài học để đời!", "Ông Đào Đình Bình tiếp tục"),
    ("lead-as-title", "Sáng qua 28.3, Đại hội đại đoàn kết các dân tộc Tây Nguyên đã chính thức "
     "khai mạc tại TP Pleiku (Gia Lai)", "Sáng qua 28.3, Đại hội"),
    ("markup-title", "Rà soát lại quy chế quản lý cán bộ", "Phóng viên: Thưa ông"),
    ("entity-title", "Phê chuẩn bổ nhiệm ông Cao Đức Phát làm Bộ trưởng Bộ NN&PTNT", "Theo tờ trình"),
    ("link-list-title", "Thủ tướng đồng ý đơn từ chức của Bộ trưởng Đào Đình Bình", "Khoảng 17h30"),
], ids=["agency-code", "caption", "exclamation", "lead-as-title", "markup", "entity", "link-list"])
def test_dump_titles_are_headlines_and_what_ran_on_opens_the_body(party_lines, case, title,
                                                                  first_words):
    article = party_lines[case]
    assert article.title == title
    assert article.body.startswith(first_words)


def test_a_dump_text_with_markup_is_read_as_html(party_lines):
    article = party_lines["markup-title"]
    assert "<" not in article.body and "&nbsp;" not in article.body
    assert "- Ông Phạm Tăng Lộc: Anh Bùi Tiến Dũng đã vào ngành giao thông" in article.body
    assert article.date == "2006-01-24T00:46:33+07:00"


def test_entities_in_a_dump_text_are_decoded(party_lines):
    body = party_lines["entity-title"].body
    assert "Bộ NN&PTNT" in body and "&amp;" not in body


def test_a_party_article_on_uncle_hos_testament_is_placed_where_it_happened(party_lines):
    assert party_lines["uncle-ho"].locality == "Hà Nội"


@pytest.mark.parametrize("case, date", [
    ("dateline-full", "2017-07-07T00:00:00+07:00"),
    ("markup-title", "2006-01-24T00:46:33+07:00"),
    ("dateline-no-year", None),
    ("dateline-older-year-same-month", None),
], ids=["sang-7-7-2017", "title-markup-dateline", "sang-20-1-and-nam-2005", "thang-9-2015"])
def test_dump_lines_without_a_date_are_dated_by_their_dateline_unless_ambiguous(party_lines, case,
                                                                                date):
    assert party_lines[case].date == date
