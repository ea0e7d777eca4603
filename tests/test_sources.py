"""Corpus sources: folders, single pages, JSON-lines dumps, sidecars, and files that are skipped."""

import codecs
import gzip
import json
import os
import threading

import pytest

from indexer import sources
from indexer.sources import Document, Repaired, Skipped, Unchanged, iter_documents, read_dump

TEXT = "Văn phòng Tỉnh ủy tổ chức hội nghị tổng kết công tác năm 2023.\n"


def docs(*paths):
    return list(iter_documents(paths))


def write_jsonl(path, records, gz=False):
    lines = "".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) + "\n"
                    for r in records)
    opener = gzip.open if gz else open
    with opener(path, "wt", encoding="utf-8") as handle:
        handle.write(lines)
    return path


def test_a_folder_is_walked_recursively_for_pages_only(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    for name in ("a.txt", "sub/b.html", "sub/deeper/c.htm"):
        (tmp_path / name).write_text(TEXT if name.endswith("txt") else f"<p>{TEXT}</p>", "utf-8")
    (tmp_path / "a.json").write_text("{}", "utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\x00")
    found = docs(tmp_path)
    assert [d.id for d in found] == ["a", "b", "c"]
    assert found[0].text and found[1].html and found[2].html


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"), codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT.encode("utf-16"),
], ids=["utf8", "utf8-bom", "utf16-bom"])
def test_text_files_in_each_encoding_are_read(tmp_path, data):
    (tmp_path / "page.txt").write_bytes(data)
    assert docs(tmp_path / "page.txt")[0].text == TEXT


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"  \n\n \t", "empty file"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)), "binary file"),
    (bytes(range(128, 256)) * 8, "undecodable text (not UTF-8/UTF-16/Windows-1258)"),
], ids=["empty", "blank", "binary", "undecodable"])
def test_bad_files_are_skipped_with_a_reason(tmp_path, content, reason):
    (tmp_path / "bad.txt").write_bytes(content)
    assert docs(tmp_path / "bad.txt") == [Skipped(str(tmp_path / "bad.txt"), reason)]


def test_a_huge_file_is_skipped_as_too_large(tmp_path):
    huge = tmp_path / "huge.html"
    huge.write_bytes(b"<p>" + b"a" * (12 * 1024 * 1024) + b"</p>")
    assert docs(huge) == [Skipped(str(huge), "too large (12 MB > 5 MB)")]


def test_a_missing_path_is_skipped(tmp_path):
    assert docs(tmp_path / "nope")[0].reason == "no such file or folder"


def test_a_sidecar_supplies_metadata(tmp_path):
    (tmp_path / "page.html").write_text(f"<p>{TEXT}</p>", "utf-8")
    (tmp_path / "page.json").write_text(json.dumps(
        {"url": "https://example.vn/a", "date": "2020-10-29", "locality": "Huế",
         "source": "Báo X", "other": 1}), "utf-8")
    meta = docs(tmp_path)[0].meta
    assert meta == {"url": "https://example.vn/a", "date": "2020-10-29", "locality": "Huế",
                    "source": "Báo X"}


def test_a_broken_sidecar_is_ignored(tmp_path):
    (tmp_path / "page.txt").write_text(TEXT, "utf-8")
    (tmp_path / "page.json").write_text("{not json", "utf-8")
    assert docs(tmp_path)[0].meta == {}


RECORDS = [
    {"id": "r1", "title": "Tin một", "text": TEXT, "url": "None", "date": "None",
     "source": "nld.com.vn", "category": "x"},
    {"id": "r2", "title": "Tin hai", "html": f"<p>{TEXT}</p>", "locality": "TPHCM"},
]


@pytest.mark.parametrize("name, gz", [("dump.jsonl", False), ("dump.jsonl.gz", True)],
                         ids=["plain", "gzipped"])
def test_json_lines_records_become_documents(tmp_path, name, gz):
    found = docs(write_jsonl(tmp_path / name, RECORDS, gz))
    assert [(d.id, d.path) for d in found] == [
        ("r1", f"{tmp_path / name}:1"), ("r2", f"{tmp_path / name}:2")]
    assert found[0].text == TEXT.strip() and found[0].meta == {"source": "nld.com.vn", "title": "Tin một"}
    assert found[1].html and found[1].meta["locality"] == "TPHCM"


def test_bad_json_lines_are_skipped_and_the_rest_read(tmp_path):
    dump = write_jsonl(tmp_path / "d.jsonl", [
        RECORDS[0], "{broken\n", "\n", "[1, 2]\n", {"id": "x", "title": "no text"},
        {"title": "no id", "text": TEXT}])
    found = docs(dump)
    assert [d.reason if isinstance(d, Skipped) else d.id for d in found] == [
        "r1", "invalid JSON on line 2", "not a JSON object on line 4", "no text or html on line 5",
        "d:6"]


def test_a_truncated_gzip_dump_keeps_what_was_read(tmp_path):
    dump = write_jsonl(tmp_path / "d.jsonl.gz", RECORDS * 200, gz=True)
    data = dump.read_bytes()
    dump.write_bytes(data[:len(data) // 2])
    found = docs(dump)
    assert isinstance(found[0], Document)
    assert found[-1].reason.startswith("truncated or corrupt gzip after line")


def test_dumps_are_streamed_one_record_at_a_time(tmp_path, monkeypatch):
    dump = write_jsonl(tmp_path / "d.jsonl.gz", RECORDS * 1000, gz=True)
    seen = []
    original = sources._record
    monkeypatch.setattr(sources, "_record", lambda *a: seen.append(1) or original(*a))
    first = next(read_dump(dump))
    assert first.id == "r1" and len(seen) == 1


def test_an_empty_dump_is_skipped(tmp_path):
    (tmp_path / "e.jsonl").write_bytes(b"")
    assert docs(tmp_path / "e.jsonl")[0].reason == "empty file"


def test_a_line_fingerprint_holds_its_number_only_when_the_id_comes_from_it(tmp_path):
    records = [{"id": "r1", "text": TEXT}, {"text": TEXT}]
    before = docs(write_jsonl(tmp_path / "d.jsonl", records))
    after = docs(write_jsonl(tmp_path / "d.jsonl", ["\n", *records]))
    elsewhere = docs(write_jsonl(tmp_path / "e.jsonl", records))
    assert [d.id for d in after] == ["r1", "d:3"]
    assert after[0].fingerprint == before[0].fingerprint != elsewhere[0].fingerprint
    assert after[1].fingerprint != before[1].fingerprint


def test_a_claimed_line_comes_unchanged_without_being_parsed(tmp_path, monkeypatch):
    dump = write_jsonl(tmp_path / "d.jsonl", RECORDS)
    fingerprint = docs(dump)[1].fingerprint
    parsed = []
    original = sources._record
    monkeypatch.setattr(sources, "_record", lambda *a: parsed.append(a[2]) or original(*a))
    found = list(read_dump(dump, {fingerprint: "r2"}.get))
    assert found[1] == Unchanged("r2", f"{dump}:2", fingerprint)
    assert found[0].id == "r1" and parsed == [1]


def test_a_claimed_page_comes_unchanged(tmp_path):
    (tmp_path / "page.txt").write_text(TEXT, "utf-8")
    fingerprint = docs(tmp_path)[0].fingerprint
    found = list(iter_documents([tmp_path], {fingerprint: "page"}.get))
    assert found == [Unchanged("page", str(tmp_path / "page.txt"), fingerprint)]


def test_a_lone_surrogate_in_a_dump_record_is_dropped_when_read(tmp_path):
    dump = tmp_path / "d.jsonl"
    dump.write_text('{"id":"s1","title":"x \\ud800 galah","text":"văn phòng \\udfff galah"}\n')
    [doc] = docs(dump)
    assert (doc.id, doc.meta["title"], doc.text) == ("s1", "x  galah", "văn phòng  galah")


def test_nul_and_control_characters_in_records_are_dropped_when_read(tmp_path):
    dump = write_jsonl(tmp_path / "d.jsonl", [{"id": "c\x001", "title": "a\x01b", "text": "x\x00y",
                                              "source": "\x7f\x9fBáo"}])
    [doc] = docs(dump)
    assert (doc.id, doc.meta["title"], doc.text, doc.meta["source"]) == ("c 1", "a b", "x y", "Báo")


def test_a_file_name_that_is_not_utf8_is_read_under_an_escaped_name(tmp_path):
    page = tmp_path / os.fsdecode(b"bad_name_\xff\xfe.txt")
    page.write_text(TEXT, encoding="utf-8")
    [doc] = docs(tmp_path)
    assert (doc.id, doc.path, doc.text) == ("bad_name_\\xff\\xfe",
                                            f"{tmp_path}/bad_name_\\xff\\xfe.txt", TEXT)
    assert doc.path.encode("utf-8")


def in_thread(function, seconds=20):
    """Run a function in a thread; return its result, or fail if it has not ended in time."""
    box = []
    thread = threading.Thread(target=lambda: box.append(function()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still reading after {seconds} s"
    return box[0]


@pytest.mark.parametrize("name", ["pipe.txt", "pipe.jsonl", "pipe.jsonl.gz"])
def test_a_named_pipe_in_a_folder_is_skipped_without_blocking(tmp_path, name):
    os.mkfifo(tmp_path / name)
    found = in_thread(lambda: docs(tmp_path))
    assert found == [Skipped(str(tmp_path / name), "not a regular file (a named pipe)")]


@pytest.mark.parametrize("name", ["zero.txt", "zero.jsonl"])
def test_a_symlink_to_dev_zero_is_skipped_without_reading_it(tmp_path, name):
    (tmp_path / name).symlink_to("/dev/zero")
    found = in_thread(lambda: docs(tmp_path / name))
    assert found == [Skipped(str(tmp_path / name), "not a regular file (a character device)")]


def test_a_dump_line_longer_than_the_limit_is_skipped_and_never_held_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_PAGE_BYTES", 1000)
    dump = tmp_path / "d.jsonl"
    dump.write_bytes(b"\x00" * 50_000 + b"\n" + json.dumps(RECORDS[0]).encode() + b"\n")
    found = docs(dump)
    assert found[0] == Skipped(f"{dump}:1", "too large (1 MB > 1 MB)")
    assert found[1].id == "r1"


def test_a_dump_inside_a_folder_is_read(tmp_path):
    (tmp_path / "sub").mkdir()
    write_jsonl(tmp_path / "sub" / "d.jsonl", RECORDS)
    (tmp_path / "a.txt").write_text(TEXT, "utf-8")
    assert [d.id for d in docs(tmp_path)] == ["a", "r1", "r2"]


def test_a_page_with_one_bad_byte_is_read_and_the_repair_named(tmp_path):
    page = tmp_path / "p.txt"
    page.write_bytes(TEXT.encode().replace(b"2023", b"\xff2023"))
    repaired, doc = docs(page)
    assert repaired == Repaired(str(page), "1 invalid UTF-8 sequence(s) replaced")
    assert doc.text == TEXT.replace("2023", "\ufffd2023")


def test_a_corpus_path_that_cannot_be_looked_at_is_skipped_not_fatal(tmp_path, monkeypatch):
    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(sources.Path, "is_dir", refuse)  # root may look anywhere
    assert docs(tmp_path / "locked") == [Skipped(str(tmp_path / "locked"),
                                                 "unreadable (Permission denied)")]
