"""iter_articles end to end: seeds against the gold, pages, dumps, skips, ids, speed."""

import gzip
import json
import os
import unicodedata
from dataclasses import fields
from pathlib import Path

import pytest
from support import SHARED, needs_shared

from indexer.articles import Article, Skipped, iter_articles
from indexer.decoding import encode_cp1258

PARA = ("Văn phòng Tỉnh ủy đã tham mưu cho Ban Thường vụ Tỉnh ủy lãnh đạo, chỉ đạo thực hiện "
        "thắng lợi các nhiệm vụ chính trị, phát triển kinh tế - xã hội của địa phương {}.")
needs_seeds = needs_shared("gold/seeds.json", "seeds")


def norm(text):
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def gold_pages():
    if not (SHARED / "gold" / "seeds.json").is_file() and not os.environ.get("CI"):
        return []  # skipped (needs_seeds); in CI reading the file fails the collection
    return json.loads((SHARED / "gold" / "seeds.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seeds():
    return {Path(a.path).name: a for a in iter_articles([SHARED / "seeds"])}


@needs_seeds
@pytest.mark.parametrize("gold", gold_pages(), ids=lambda g: g["file"][:3])
def test_seed_body_keeps_every_article_line(seeds, gold):
    body = norm(seeds[gold["file"]].body)
    assert [line for line in gold["body"] if norm(line) not in body] == []


@needs_seeds
@pytest.mark.parametrize("gold", gold_pages(), ids=lambda g: g["file"][:3])
def test_seed_body_has_no_boilerplate(seeds, gold):
    lines = {norm(line) for line in seeds[gold["file"]].body.splitlines()}
    assert [b for b in gold["boilerplate"] if norm(b) in lines] == []


@needs_seeds
@pytest.mark.parametrize("gold", gold_pages(), ids=lambda g: g["file"][:3])
def test_seed_metadata_matches_the_gold(seeds, gold):
    article = seeds[gold["file"]]
    if gold["title"]:
        assert norm(article.title) == norm(gold["title"])
    assert (article.date or "")[:16] == (gold["date"] or "")[:16]
    assert article.author == gold["author"]
    if gold["locality"]:
        assert article.locality == gold["locality"]


@needs_shared("data/pages")
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


def test_plain_text_records_are_never_parsed_as_html(tmp_path, monkeypatch):
    # Their speed counts in the indexing rate bench/performance.py measures.
    def no_html(*args, **kwargs):
        raise AssertionError("a plain-text record went through the HTML parser")
    monkeypatch.setattr("indexer.articles.parse_html", no_html)
    monkeypatch.setattr("indexer.articles.markup_lines", no_html)
    text = "\n".join(PARA.format(i) for i in range(12))
    dump = tmp_path / "d.jsonl"
    dump.write_text("".join(json.dumps({"id": str(i), "title": "Tin", "text": text}) + "\n"
                            for i in range(20)), "utf-8")
    assert sum(1 for item in iter_articles([dump]) if isinstance(item, Article)) == 20
