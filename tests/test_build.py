"""Building the index: incremental add/change/delete, full rebuilds, skip reports, the CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import support
from click.testing import CliRunner
from support import VPSEARCH, documents, hit_ids, make_article, wait_until, write_jsonl

from indexer.build import build_index
from indexer.cli import cli
from indexer.generations import reindex_lock
from search import DocumentNotFound, IndexBusy, open_index
from search.store import MANIFEST_FILE, current_generation

PAGES = Path(__file__).parent / "fixtures" / "build" / "pages"
corpus = support.corpus  # twelve articles
index_dir = support.index_dir


def test_first_reindex_adds_every_article(tmp_path, corpus):
    report = build_index([corpus], tmp_path / "index", procs=1)
    assert (report.added, report.updated, report.deleted, report.unchanged) == (12, 0, 0, 0)
    assert report.documents == documents(tmp_path / "index") == 12
    assert report.generation == current_generation(tmp_path / "index").name


def test_reindex_adds_a_new_page(index_dir, corpus):
    write_jsonl(corpus, [make_article(i) for i in range(12)] + [make_article(
        12, title="Khánh thành cầu Mỹ Thuận mới", text="Cây cầu dây văng vượt sông Tiền.")])
    report = build_index([corpus], index_dir, procs=1)
    assert (report.added, report.updated, report.deleted, report.unchanged) == (1, 0, 0, 12)
    assert hit_ids(index_dir, "cầu dây văng") == ["bai-0012"]
    assert documents(index_dir) == 13


def test_reindex_updates_a_changed_page_so_search_finds_new_words_not_old(index_dir, corpus):
    articles = [make_article(i) for i in range(12)]
    articles[3] = make_article(3, text="Mùa lúa chín vàng trên cánh đồng Mường Thanh.")
    assert "bai-0003" in hit_ids(index_dir, '"đợt kiểm tra số 3"')
    write_jsonl(corpus, articles)
    report = build_index([corpus], index_dir, procs=1)
    assert (report.added, report.updated, report.deleted, report.unchanged) == (0, 1, 0, 11)
    assert hit_ids(index_dir, "Mường Thanh") == ["bai-0003"]
    assert "bai-0003" not in hit_ids(index_dir, '"đợt kiểm tra số 3"')
    assert documents(index_dir) == 12


def test_reindex_deletes_a_removed_page(index_dir, corpus):
    assert "bai-0005" in hit_ids(index_dir, "hải đăng")
    write_jsonl(corpus, [make_article(i) for i in range(12) if i != 5])
    report = build_index([corpus], index_dir, procs=1)
    assert (report.added, report.updated, report.deleted, report.unchanged) == (0, 0, 1, 11)
    assert "bai-0005" not in hit_ids(index_dir, "hải đăng")
    assert len(hit_ids(index_dir, "hải đăng")) == 11
    assert documents(index_dir) == 11
    with pytest.raises(DocumentNotFound):
        open_index(index_dir).article("bai-0005")


def test_unchanged_pages_are_left_untouched(index_dir, corpus):
    corpus.write_text(corpus.read_text(encoding="utf-8") + json.dumps(
        {"id": "them-1", "title": "Bài mới", "text": "Một bài mới về hội nghị."},
        ensure_ascii=False) + "\n", encoding="utf-8")
    before = current_generation(index_dir)
    segments = {p.name: p.stat().st_ino for p in before.iterdir() if p.suffix == ".seg"}
    report = build_index([corpus], index_dir, procs=1)
    after = current_generation(index_dir)
    assert (report.added, report.updated, report.deleted, report.unchanged) == (1, 0, 0, 12)
    # The new generation hard-links the old segment files instead of rewriting them.
    assert segments and {p.name: p.stat().st_ino for p in after.iterdir()
                         if p.name in segments} == segments


def test_reindex_with_nothing_changed_keeps_serving_the_same_generation(index_dir, corpus):
    before = current_generation(index_dir)
    report = build_index([corpus], index_dir, procs=1)
    assert (report.added, report.updated, report.deleted, report.unchanged) == (0, 0, 0, 12)
    assert report.generation == before.name == current_generation(index_dir).name
    assert [p.name for p in index_dir.iterdir() if p.name.startswith("gen-")] == [before.name]


def test_unchanged_pages_are_not_even_extracted(index_dir, corpus, monkeypatch):
    import indexer.articles

    extracted = []
    draft = indexer.articles._draft
    monkeypatch.setattr(indexer.articles, "_draft", lambda doc: extracted.append(doc.id) or draft(doc))
    report = build_index([corpus], index_dir)
    assert extracted == [] and report.unchanged == report.documents > 0


def test_full_rebuild_reindexes_everything(index_dir, corpus):
    report = build_index([corpus], index_dir, full=True, procs=2)
    assert (report.added, report.updated, report.deleted, report.unchanged) == (12, 0, 0, 0)
    assert len(hit_ids(index_dir, "hải đăng")) == documents(index_dir) == 12


def test_a_reindex_over_a_damaged_manifest_rebuilds_in_full_instead_of_failing(
        index_dir, corpus):
    manifest = current_generation(index_dir) / MANIFEST_FILE
    manifest.write_bytes(manifest.read_bytes()[:40])  # cut short: no longer JSON
    write_jsonl(corpus, [make_article(i) for i in range(13)])
    report = build_index([corpus], index_dir, procs=1)
    assert (report.added, report.unchanged, report.documents) == (13, 0, 13)
    assert len(hit_ids(index_dir, "hải đăng")) == 13
    assert build_index([corpus], index_dir, procs=1).unchanged == 13  # mended


def test_full_rebuild_drops_pages_no_longer_in_the_corpus(index_dir, corpus):
    write_jsonl(corpus, [make_article(i) for i in range(4)])
    report = build_index([corpus], index_dir, full=True, procs=1)
    assert (report.added, report.deleted, report.documents) == (4, 0, 4)
    assert sorted(hit_ids(index_dir, "hải đăng")) == [f"bai-{i:04d}" for i in range(4)]


def test_folder_of_text_pages_is_indexed_and_changes_are_seen(tmp_path):
    pages = tmp_path / "pages"
    shutil.copytree(PAGES, pages)
    index_dir = tmp_path / "index"
    assert build_index([pages], index_dir, procs=1).added == 3
    assert hit_ids(index_dir, "nong thon moi Moc Chau")[:1] == ["nong-thon-moi"]
    (pages / "nong-thon-moi.txt").unlink()
    page = pages / "van-phong-thanh-uy.txt"
    page.write_text(page.read_text(encoding="utf-8") + "\nThành ủy phát động phong trào "
                    "trồng cây xanh ven sông Hàn.\n", encoding="utf-8")
    report = build_index([pages], index_dir, procs=1)
    assert (report.updated, report.deleted, report.unchanged) == (1, 1, 1)
    assert hit_ids(index_dir, "trồng cây xanh ven sông Hàn")[:1] == ["van-phong-thanh-uy"]
    assert "nong-thon-moi" not in hit_ids(index_dir, "Mộc Châu")


def test_report_names_skipped_pages_with_reasons(tmp_path):
    pages = tmp_path / "pages"
    shutil.copytree(PAGES, pages)
    (pages / "trang-trong.txt").write_text("  \n", encoding="utf-8")
    lines = tmp_path / "dump.jsonl"
    lines.write_text(json.dumps(make_article(1), ensure_ascii=False) + "\n{not json\n"
                     + json.dumps({"id": "no-text", "title": "Chỉ có tiêu đề"}) + "\n",
                     encoding="utf-8")
    report = build_index([pages, lines], tmp_path / "index", procs=1)
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert reasons == {"trang-trong.txt": "empty file",
                       "dump.jsonl:2": "invalid JSON on line 2",
                       "dump.jsonl:3": "no text or html on line 3"}
    assert report.documents == 4


def test_cli_reindex_prints_skipped_pages_and_a_summary(tmp_path, corpus):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "rong.txt").write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["reindex", "--corpus", str(corpus), "--corpus",
                                      str(tmp_path / "pages"), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    assert f"skipped {tmp_path / 'pages' / 'rong.txt'}: empty file" in result.stderr
    assert result.stdout.startswith("Indexed 12 new, 0 updated, 0 deleted, 0 unchanged, "
                                    "1 skipped: 12 documents in ")


def test_build_refuses_while_another_reindex_holds_the_lock(index_dir, corpus):
    with reindex_lock(index_dir), pytest.raises(IndexBusy) as raised:
        build_index([corpus], index_dir, procs=1)
    assert str(raised.value) == (f"Another reindex of {index_dir} is running. "
                                 "Wait for it to finish, then try again.")
    assert build_index([corpus], index_dir, procs=1).unchanged == 12


@pytest.mark.slow
def test_second_cli_reindex_exits_at_once_while_one_runs(tmp_path, index_dir):
    # big enough that the first is still writing when the second starts (800 took 0.2 s)
    big = write_jsonl(tmp_path / "big.jsonl", [make_article(i) for i in range(5000)])
    first = subprocess.Popen([str(VPSEARCH), "reindex", "--quiet", "--full", "--corpus",
                              str(big), "--index", str(index_dir)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for_workspace(index_dir, first)
        # One that waited for the lock would succeed once the first is done, not say it is busy.
        second = subprocess.run([str(VPSEARCH), "reindex", "--quiet", "--corpus", str(big),
                                 "--index", str(index_dir)], capture_output=True, text=True, check=False)
        assert second.returncode == 1
        assert second.stderr == (f"Error: Another reindex of {index_dir} is running. "
                                 "Wait for it to finish, then try again.\n")
        assert first.wait(timeout=120) == 0
    finally:
        first.kill()
        first.wait()
    assert documents(index_dir) == 5000


def wait_for_workspace(index_dir: Path, process: subprocess.Popen, timeout: float = 30) -> None:
    """Wait until a reindex subprocess has taken the lock and started its workspace."""
    def started() -> bool:
        assert process.poll() is None, process.communicate()
        return any(index_dir.glob("tmp-*"))
    wait_until(started, "the reindex never started", timeout)


def test_module_never_loads_the_web_app():
    code = "import sys, indexer.build, indexer.cli; print('web' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONWARNINGS": "ignore"}, check=False)
    assert out.stdout.strip() == "False", out.stderr
