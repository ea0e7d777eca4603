"""Incremental reindex of dumps: unchanged lines are not parsed; the result is a full build's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import support
from support import hit_ids, make_article, write_jsonl
from whoosh import index as whoosh_index

import indexer.build
import indexer.sources
from indexer.build import IncompleteIndex, build_index
from search.accents import AccentModel
from search.store import MODEL_FILE, current_generation

corpus = support.corpus  # twelve articles, the same fixtures as the build tests
index_dir = support.index_dir


def stored(index_dir: Path) -> dict[str, str]:
    """Return the title of every indexed article by id.

    Bodies may differ from a full build's: furniture is learned from the pages extracted
    together, and an incremental reindex extracts only the changed ones.
    """
    with whoosh_index.open_dir(str(current_generation(index_dir))).searcher() as searcher:
        return {fields["id"]: fields["title"] for fields in searcher.all_stored_fields()}


def full_build(tmp_path: Path, *dumps: Path) -> dict[str, str]:
    """Return what a full build of the dumps indexes."""
    folder = tmp_path / f"full-{len(list(tmp_path.glob('full-*')))}"
    build_index(dumps, folder, full=True, procs=1)
    return stored(folder)


def counts(report) -> tuple[int, int, int, int]:
    """Return a report's (added, updated, deleted, unchanged)."""
    return report.added, report.updated, report.deleted, report.unchanged


@pytest.fixture
def parsed(index_dir, monkeypatch) -> list[int]:
    """Return the numbers of the dump lines parsed from JSON after the first build."""
    numbers: list[int] = []
    record = indexer.sources._record
    monkeypatch.setattr(indexer.sources, "_record", lambda raw, path, lineno, stem: (
        numbers.append(lineno) or record(raw, path, lineno, stem)))
    return numbers


def test_unchanged_lines_are_not_even_parsed(index_dir, corpus, parsed):
    report = build_index([corpus], index_dir, procs=1)
    assert counts(report) == (0, 0, 0, 12) and parsed == []


def test_only_the_changed_line_is_parsed_and_reindexed(tmp_path, index_dir, corpus, parsed):
    articles = [make_article(i) for i in range(12)]
    articles[3] = make_article(3, text="Mùa lúa chín vàng trên cánh đồng Mường Thanh.")
    write_jsonl(corpus, articles)
    report = build_index([corpus], index_dir, procs=1)
    assert counts(report) == (0, 1, 0, 11) and parsed == [4]
    assert hit_ids(index_dir, "Mường Thanh") == ["bai-0003"]
    assert stored(index_dir) == full_build(tmp_path, corpus)


def test_a_deleted_line_deletes_its_article_and_the_lines_after_it_stay(tmp_path, index_dir,
                                                                         corpus, parsed):
    write_jsonl(corpus, [make_article(i) for i in range(12) if i != 5])
    report = build_index([corpus], index_dir, procs=1)
    assert counts(report) == (0, 0, 1, 11) and parsed == []
    assert "bai-0005" not in stored(index_dir)
    assert stored(index_dir) == full_build(tmp_path, corpus)


def test_reordered_lines_are_neither_parsed_nor_deleted(index_dir, corpus, parsed):
    before = stored(index_dir)
    write_jsonl(corpus, [make_article(i) for i in reversed(range(12))])
    report = build_index([corpus], index_dir, procs=1)
    assert counts(report) == (0, 0, 0, 12) and parsed == []
    assert stored(index_dir) == before


def test_an_article_moved_to_another_dump_is_updated_not_deleted(tmp_path, index_dir, corpus):
    other = write_jsonl(tmp_path / "other.jsonl", [make_article(7)])
    write_jsonl(corpus, [make_article(i) for i in range(12) if i != 7])
    report = build_index([corpus, other], index_dir, procs=1)
    assert counts(report) == (0, 1, 0, 11)
    assert stored(index_dir) == full_build(tmp_path, corpus, other)


def test_a_record_without_id_takes_the_id_of_its_new_line(tmp_path, index_dir, corpus):
    nameless = make_article(20, title="Khánh thành cầu Mỹ Thuận mới")
    del nameless["id"]
    write_jsonl(corpus, [make_article(0), nameless])
    build_index([corpus], index_dir, procs=1)
    write_jsonl(corpus, [nameless])
    report = build_index([corpus], index_dir, procs=1)
    assert counts(report) == (1, 0, 2, 0)
    assert list(stored(index_dir)) == ["articles:1"] == list(full_build(tmp_path, corpus))


def test_repeated_ids_keep_the_names_a_full_build_gives(tmp_path, index_dir, corpus):
    twin = make_article(4, title="Một bài khác cùng mã", text="Nội dung khác hẳn bài đầu.")
    write_jsonl(corpus, [make_article(4), twin])
    build_index([corpus], index_dir, procs=1)
    assert counts(build_index([corpus], index_dir, procs=1)) == (0, 0, 0, 2)
    assert stored(index_dir) == full_build(tmp_path, corpus)
    assert set(stored(index_dir)) == {"bai-0004", "bai-0004~2"}
    write_jsonl(corpus, [twin])
    report = build_index([corpus], index_dir, procs=1)
    assert counts(report) == (0, 1, 1, 0)
    assert stored(index_dir) == full_build(tmp_path, corpus)


def test_accent_model_learns_the_words_of_a_changed_article(index_dir, corpus):
    articles = [make_article(i) for i in range(12)]
    articles[2] = make_article(2, text="Mùa lúa chín vàng trên cánh đồng Mường Thanh.")
    write_jsonl(corpus, articles)
    build_index([corpus], index_dir, procs=1)
    model = AccentModel.load(current_generation(index_dir) / MODEL_FILE)
    assert model.restore("canh dong muong thanh") == "cánh đồng mường thanh"


def test_an_accent_model_of_another_format_means_a_full_build_not_a_traceback(index_dir,
                                                                            corpus):
    (current_generation(index_dir) / MODEL_FILE).write_bytes(b'{"format": "old"}\nxyz')
    report = build_index([corpus], index_dir, procs=1)
    assert counts(report) == (12, 0, 0, 0) and len(stored(index_dir)) == 12
    AccentModel.load(current_generation(index_dir) / MODEL_FILE)  # the new one reads


def test_an_old_manifest_is_read_as_unknown_lines_not_as_deletions(index_dir, corpus):
    manifest = current_generation(index_dir) / "manifest.json"
    ids = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps(dict.fromkeys(ids, "0" * 32)), encoding="utf-8")
    report = build_index([corpus], index_dir, procs=1)
    assert counts(report) == (0, 12, 0, 0) and len(stored(index_dir)) == 12


def test_an_update_whose_count_is_wrong_is_not_published(index_dir, corpus, monkeypatch):
    served = current_generation(index_dir)
    monkeypatch.setattr(indexer.build, "_delete", lambda writer, lookup, doc_id: None)
    write_jsonl(corpus, [make_article(i) for i in range(11)])
    with pytest.raises(IncompleteIndex) as raised:
        build_index([corpus], index_dir, procs=1)
    assert str(raised.value) == ("The new index holds 12 documents instead of 11; the served "
                                 "index is unchanged. Run `vpsearch reindex --full`.")
    assert current_generation(index_dir) == served
