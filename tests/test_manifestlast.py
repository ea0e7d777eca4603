"""The last manifest is read from its files as keys, and decides as the dicts it replaced did."""

from __future__ import annotations

import gc
import json
import os
import tracemalloc

import pytest
import support
from support import make_article, write_jsonl

import indexer.manifest
import indexer.manifestids
import indexer.manifestlast
import indexer.manifestwriter
import indexer.sources
from indexer.build import build_index
from indexer.manifest import Change, Manifest
from indexer.manifestfile import KEYS_FILE, id_key
from search.errors import IndexUnreadable
from search.store import MANIFEST_FILE, current_generation

corpus = support.corpus
index_dir = support.index_dir
ODD_IDS = ["plain", "dấu: Thành ủy", 'quote " and \\ backslash', "x~2", "", "tab\tnew\nline",
           "emoji 🙂", "a, \"b\": \"c", "lone \ud800 surrogate"]


def _fingerprint(number: int) -> str:
    return f"{number:032x}"


def _saved(folder, pairs) -> Manifest:
    """Decide the pairs as one run, save it into folder and return a manifest loaded from it."""
    manifest = Manifest(folder=folder)
    for doc_id, fingerprint in pairs:
        manifest.decide(doc_id, fingerprint)
    manifest.save(folder)
    return Manifest.load(folder)


def test_a_saved_manifest_is_the_json_dumps_of_its_ids_and_fingerprints(tmp_path):
    expected = {doc_id: _fingerprint(n) for n, doc_id in enumerate(ODD_IDS)} | {"r~2": "f~"}
    _saved(tmp_path, expected.items())
    assert (tmp_path / MANIFEST_FILE).read_text() == json.dumps(expected)


def test_a_loaded_manifest_claims_decides_and_deletes_every_odd_id(tmp_path):
    manifest = _saved(tmp_path, [(doc_id, _fingerprint(n)) for n, doc_id in enumerate(ODD_IDS)])
    assert [manifest.claim(_fingerprint(n)) for n in range(len(ODD_IDS))] == ODD_IDS
    assert manifest.decide(ODD_IDS[0], _fingerprint(0), claimed=True) is Change.UNCHANGED
    assert manifest.decide(ODD_IDS[1], "changed") is Change.CHANGED
    assert manifest.decide(ODD_IDS[2], _fingerprint(2)) is Change.UNCHANGED
    assert manifest.deleted() == sorted(ODD_IDS[3:])


def test_the_next_manifest_keeps_unchanged_records_and_writes_the_others_in_order(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    manifest = _saved(first, [(f"id{n}", _fingerprint(n)) for n in range(10)])
    for n in (0, 1, 2, 4, 5, 9, 7):  # 3, 6, 8 deleted; 5 changed; 7 read out of order
        if n == 5:
            assert manifest.claim(_fingerprint(50)) is None
            assert manifest.decide(*manifest.name("id5", _fingerprint(50))) is Change.CHANGED
        else:
            assert manifest.decide(manifest.claim(_fingerprint(n)), _fingerprint(n), True) is \
                Change.UNCHANGED
    assert manifest.decide(*manifest.name("new", _fingerprint(99))) is Change.NEW
    manifest.save(second)
    expected = {f"id{n}": _fingerprint(50 if n == 5 else n) for n in (0, 1, 2, 4, 5, 9, 7)}
    assert json.loads((second / MANIFEST_FILE).read_text()) == expected | {"new": _fingerprint(99)}
    assert list(json.loads((second / MANIFEST_FILE).read_text())) == [*expected, "new"]
    again = Manifest.load(second)
    assert [again.claim(fingerprint) for fingerprint in expected.values()] == list(expected)


def test_ids_whose_64_bit_prefixes_collide_are_not_confused(tmp_path, monkeypatch):
    # every key starts with the same 8 bytes: only the other 64 bits tell them apart
    for module in (indexer.manifest, indexer.manifestfile, indexer.manifestids,
                   indexer.manifestwriter):
        monkeypatch.setattr(module, "id_key", lambda doc_id: b"\0" * 8 + id_key(doc_id)[8:])
    monkeypatch.setattr(indexer.manifestids, "RECENT", 2)  # new ids go to the sorted arrays
    monkeypatch.setattr(indexer.manifestids, "hash", lambda doc_id: 0, raising=False)  # "maybe"
    manifest = _saved(tmp_path, [(f"id{n}", _fingerprint(n)) for n in range(6)])
    assert manifest.decide("id3", _fingerprint(3)) is Change.UNCHANGED
    assert manifest.decide("id4", "other") is Change.CHANGED
    assert [manifest.name(f"new{n}", "f") for n in range(4)] == [(f"new{n}", "f") for n in range(4)]
    assert [manifest.decide(f"new{n}", "f") for n in range(4)] == [Change.NEW] * 4
    assert manifest.name("new2", "g") == ("new2~2", "g~")
    assert manifest.deleted() == ["id0", "id1", "id2", "id5"]


def test_fingerprints_whose_64_bit_prefixes_collide_claim_their_own_ids(tmp_path):
    pairs = [(f"id{n}", f"{n:016x}" + "0" * 16) for n in range(3)]  # prefixes: all zero
    pairs = [(doc_id, "0" * 16 + fingerprint[:16]) for doc_id, fingerprint in pairs]
    manifest = _saved(tmp_path, pairs)
    assert [manifest.claim(fingerprint) for _, fingerprint in reversed(pairs)] == \
        ["id2", "id1", "id0"]


def test_a_fingerprint_held_twice_is_claimed_for_the_later_id_as_the_dict_did(tmp_path):
    manifest = Manifest({"a": _fingerprint(1), "b": _fingerprint(1), "c": _fingerprint(2)})
    assert (manifest.claim(_fingerprint(1)), manifest.claim(_fingerprint(1))) == ("b", None)


def test_a_keys_file_not_written_with_the_json_beside_it_is_ignored(tmp_path):
    _saved(tmp_path, [("a", _fingerprint(1)), ("b", _fingerprint(2))])
    (tmp_path / MANIFEST_FILE).write_text(json.dumps({"a": _fingerprint(3), "b": _fingerprint(2)}))
    manifest = Manifest.load(tmp_path)
    assert (manifest.claim(_fingerprint(1)), manifest.claim(_fingerprint(3))) == (None, "a")


@pytest.mark.parametrize("cut", [0, 10, 2000], ids=lambda cut: f"cut-at-{cut}")
def test_a_damaged_keys_file_is_rebuilt_from_the_json(tmp_path, cut):
    _saved(tmp_path, [("a", _fingerprint(1)), ("b", _fingerprint(2))])
    keys = tmp_path / KEYS_FILE
    keys.write_bytes(keys.read_bytes()[:cut])
    manifest = Manifest.load(tmp_path)
    assert (manifest.claim(_fingerprint(2)), manifest.deleted()) == ("b", ["a", "b"])


def test_a_manifest_json_not_in_json_dumps_layout_is_still_read(tmp_path):
    (tmp_path / MANIFEST_FILE).write_text(json.dumps({"a": "f1", "b": "f2"}, indent=2))
    manifest = Manifest.load(tmp_path)
    assert (manifest.claim("f2"), manifest.deleted()) == ("b", ["a", "b"])


def test_an_empty_manifest_is_saved_and_loaded(tmp_path):
    manifest = _saved(tmp_path, [])
    assert (tmp_path / MANIFEST_FILE).read_text() == "{}"
    assert (manifest.can_claim, manifest.deleted(), manifest.decide("a", "f")) == \
        (False, [], Change.NEW)


@pytest.mark.parametrize("text", ['{"a": "f1", "b": ', "", '["a"]', '{"a": 5}', "{\"a\": \"\xff\"}"],
                         ids=["cut", "empty", "list", "number", "not-utf-8"])
def test_a_damaged_manifest_is_refused_with_the_command_that_rebuilds_it(tmp_path, text):
    generation = tmp_path / "gen-1"
    generation.mkdir()
    (generation / MANIFEST_FILE).write_bytes(text.encode("latin-1"))
    with pytest.raises(IndexUnreadable, match=r"manifest\.json is damaged .*"
                       r"Run `vpsearch reindex --full` to rebuild it\.$"):
        Manifest.load(generation)


def test_an_incremental_run_holds_a_few_bytes_an_article_not_python_objects(tmp_path):
    count = 20000
    _saved(tmp_path, [(f"article:{n}", _fingerprint(n)) for n in range(count)])
    tracemalloc.start()
    manifest = Manifest.load(tmp_path)
    for n in range(count):
        manifest.decide(manifest.claim(_fingerprint(n)), _fingerprint(n), claimed=True)
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert held < 16 * count  # dicts of strings held ~300 bytes an article
    assert manifest.deleted() == []


def test_a_generation_with_only_a_manifest_json_reindexes_incrementally(index_dir, corpus,
                                                                       monkeypatch):
    (current_generation(index_dir) / KEYS_FILE).unlink()
    parsed = []
    record = indexer.sources._record
    monkeypatch.setattr(indexer.sources, "_record", lambda raw, path, lineno, stem: (
        parsed.append(lineno) or record(raw, path, lineno, stem)))
    articles = [make_article(i) for i in range(12)]
    articles[3] = make_article(3, text="Mùa lúa chín vàng trên cánh đồng Mường Thanh.")
    write_jsonl(corpus, articles)
    report = build_index([corpus], index_dir, procs=1)
    assert (report.updated, report.unchanged, parsed) == (1, 11, [4])
    assert (current_generation(index_dir) / KEYS_FILE).is_file()


def test_a_manifest_json_edited_to_repeat_an_id_is_read_as_json_loads_reads_it(tmp_path):
    # json.loads keeps the last value, at the first place: {"a": "f3", "b": "f2"}
    (tmp_path / MANIFEST_FILE).write_text('{"a": "f1", "b": "f2", "a": "f3"}')
    manifest = Manifest.load(tmp_path)
    assert (manifest.claim("f1"), manifest.claim("f3")) == (None, "a")
    assert [manifest.decide("a", "f3", claimed=True), manifest.decide("b", "f2")] == \
        [Change.UNCHANGED, Change.UNCHANGED]
    assert manifest.deleted() == []


def _open_files() -> int:
    """Return how many files this process holds open, once garbage is collected."""
    gc.collect()
    return len(os.listdir("/proc/self/fd"))


def test_a_failed_save_closes_its_temporary_files(tmp_path, monkeypatch):
    monkeypatch.setattr(indexer.manifestwriter, "FLUSH", 10)  # spooled to files at once
    opened = _open_files()
    manifest = Manifest(folder=tmp_path)
    for n in range(3):
        manifest.decide(*manifest.name(f"id{n}", _fingerprint(n)))
    with pytest.raises(FileNotFoundError):
        manifest.save(tmp_path / "missing")
    assert _open_files() == opened
