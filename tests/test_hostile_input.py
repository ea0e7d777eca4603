"""Hostile dump records and file names go through a real reindex; then every route answers."""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from indexer.build import build_index
from indexer.cli import cli
from indexer.files import display_path
from search import open_index
from search.store import MANIFEST_FILE, current_generation
from web import create_app

REPO = Path(__file__).resolve().parent.parent
PAGE = (REPO / "tests/fixtures/build/pages/nong-thon-moi.txt").read_text(encoding="utf-8")
GALAH_PAGE = PAGE.replace("Mộc Châu", "Mộc Châu galah")
BODY = "Văn phòng Tỉnh ủy tổ chức hội nghị galah tổng kết công tác năm 2023 tại hội trường."
SURROGATE_RECORD = '{"id":"s1","title":"x \\ud800 galah","text":"văn phòng \\udfff galah"}'
HOSTILE_VALUES = ["\x00", "\x01\x02\x1f", "\ud800", "\udfff\ud800", "\ufffe\uffff", "\x7f\x85\x9f",
                  "\u202e\u200b\ufeff", "&#x1;&#0;&#xd800;", "<script>alert(1)</script>",
                  "]]><!--", "\r\n\r\n", "\u0301\u0323", "x" * 3000, "%2F..%2F", "/../../etc"]


def hostile_records(rng: random.Random, count: int) -> list[str]:
    """Return dump lines whose ids, titles, bodies and metadata carry hostile characters."""
    lines = [SURROGATE_RECORD,
             json.dumps({"id": "c1", "title": "ctrl galah", "text": f"nul \x00 here {BODY}"}),
             json.dumps({"id": "h1", "html": "<html><body><h1>Tiêu đề galah &#x1;</h1>"
                                             + f"<p>{BODY} &#x1; &#0; &#xb; &#xd800;</p>" * 4
                                             + "</body></html>"})]
    fields = ("id", "title", "text", "date", "locality", "source", "author", "url")
    for n in range(count):
        record = {"id": f"f{n}", "title": f"galah {n}", "text": f"{BODY} số {n}"}
        for name in rng.sample(fields, 3):
            record[name] = str(record.get(name, "")) + rng.choice(HOSTILE_VALUES)
        lines.append(json.dumps(record, ensure_ascii=rng.random() < 0.5))
    lines += ['{"id": "bad-json"', "[1, 2]", '{"id": 5, "text": {"a": 1}}', "\x00\x00"]
    return lines


def hostile_folder(folder: Path, rng: random.Random) -> dict[str, str]:
    """Write pages with hostile names and special files; return the bad ones' names."""
    folder.mkdir()
    (folder / "good.txt").write_text(PAGE, encoding="utf-8")
    bad_name = os.fsdecode(b"bad_name_\xff\xfe.txt")
    (folder / bad_name).write_text(GALAH_PAGE, encoding="utf-8")
    (folder / "utf16.txt").write_bytes(GALAH_PAGE.encode("utf-16-le"))
    (folder / "one-bad-byte.txt").write_bytes(GALAH_PAGE.encode().replace(b"galah", b"\xff galah"))
    (folder / "nested.jsonl").write_text("\n".join(hostile_records(rng, 5)) + "\n", "utf-8",
                                       "surrogatepass")
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "zero.jsonl").symlink_to("/dev/zero")
    (folder / "dangling.html").symlink_to(folder / "nowhere")
    full = gzip.compress("\n".join(hostile_records(rng, 40)).encode("utf-8", "surrogatepass"))
    (folder / "truncated.jsonl.gz").write_bytes(full[: len(full) // 2])
    return {name: str(folder / name) for name in ("pipe.txt", "zero.txt", "zero.jsonl",
                                                  "dangling.html", "truncated.jsonl.gz")}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Build a hostile corpus with the real CLI; return its index, output and bad files."""
    rng = random.Random(12)
    root = tmp_path_factory.mktemp("hostile")
    bad = hostile_folder(root / "pages", rng)
    dump = root / "dump.jsonl"
    dump.write_text("\n".join(hostile_records(rng, 200)) + "\n", "utf-8", "surrogatepass")
    result = CliRunner().invoke(cli, ["reindex", "--corpus", str(root / "pages"), "--corpus",
                                      str(dump), "--index", str(root / "index")])
    assert result.exit_code == 0, result.output
    return root / "index", result.output, bad


def test_every_bad_file_is_named_in_the_summary(hostile):
    _, output, bad = hostile
    for path in bad.values():
        assert f"skipped {path}: " in output
    assert "pipe.txt: not a regular file (a named pipe)" in output
    assert "zero.txt: not a regular file (a character device)" in output
    assert re.search(r"repaired \S+one-bad-byte.txt: \d invalid UTF-8 sequence\(s\) replaced", output)


def all_ids(index_dir: Path) -> list[str]:
    """Return the id of every indexed article (search would fold near-duplicates)."""
    manifest = current_generation(index_dir) / MANIFEST_FILE
    return sorted(json.loads(manifest.read_text(encoding="utf-8")))


def assert_valid_text(value) -> None:
    """Fail on a lone surrogate or a control character anywhere in a JSON-able value."""
    text = json.dumps(value, ensure_ascii=False)
    text.encode("utf-8")  # raises on a lone surrogate
    assert not [c for c in text if ord(c) < 32 and c not in "\t\n\r"], text[:200]


def test_hostile_pages_and_records_are_indexed_as_valid_text(hostile):
    index_dir, _, _ = hostile
    ids = all_ids(index_dir)
    assert {"s1", "c1", "h1", "bad_name_\\xff\\xfe", "utf16", "one-bad-byte", "f0"} <= set(ids)
    index = open_index(index_dir)
    for doc_id in ids:
        assert_valid_text(index.article(doc_id, q="galah"))
    assert "galah" in index.article("h1")["body"]


def routes_for(doc_ids: list[str]) -> list[str]:
    """Return the addresses of every route, for searches and each document."""
    urls = ["/", "/healthz", "/opensearch.xml", "/embed.js"]
    for q in ("galah", "van phong", "x \ud800", "\x00", "&#x1;", "<script>"):
        q = quote(q.encode("utf-8", "surrogatepass"))
        urls += [f"/search?q={q}", f"/embed?q={q}", f"/search.atom?q={q}",
                 f"/api/search?q={q}", f"/api/suggest?q={q}", f"/search?q={q}&sort=date"]
    for doc_id in doc_ids:
        quoted = quote(doc_id.encode("utf-8", "surrogatepass"), safe="")
        urls += [f"/article/{quoted}?q=galah", f"/api/article/{quoted}?q=galah"]
    return urls


def test_every_route_answers_without_a_server_error(hostile):
    index_dir, _, _ = hostile
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    failures = []
    for url in routes_for(all_ids(index_dir)):
        response = client.get(url)
        if response.status_code >= 500:
            failures.append((url, response.status_code))
        elif url.startswith("/search.atom") or url == "/opensearch.xml":
            ET.fromstring(response.get_data())  # well-formed XML
    assert failures == []


def test_the_cli_search_shows_a_record_that_held_a_surrogate(hostile):
    index_dir, _, _ = hostile
    result = CliRunner().invoke(cli, ["search", "x galah", "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert "[s1]" in result.output


def test_an_incremental_reindex_of_the_same_hostile_corpus_changes_nothing(hostile, tmp_path):
    index_dir, _, bad = hostile
    pages = Path(bad["pipe.txt"]).parent
    report = build_index([pages, pages.parent / "dump.jsonl"], index_dir, procs=1)
    assert (report.added, report.updated, report.deleted) == (0, 0, 0)
    assert display_path(pages / os.fsdecode(b"bad_name_\xff\xfe.txt")).endswith("\\xff\\xfe.txt")
