"""The manifest decides, as values, what each input of a reindex is next to the last one."""

from __future__ import annotations

import json

import pytest

import indexer.manifestfile
from indexer.manifest import Change, Manifest
from search.store import MANIFEST_FILE

ODD_IDS = ["plain", "dấu: Thành ủy", 'quote " and \\ backslash', "x~2", "", "tab\tnew\nline",
           "emoji 🙂", "a, \"b\": \"c"]


def test_each_input_is_new_changed_or_unchanged_and_the_rest_deleted():
    manifest = Manifest({"kept": "f1", "edited": "f2", "gone": "f3"})
    decisions = [manifest.decide("kept", "f1"), manifest.decide("edited", "f2b"),
                 manifest.decide("added", "f4")]
    assert decisions == [Change.UNCHANGED, Change.CHANGED, Change.NEW]
    assert manifest.deleted() == ["gone"]
    assert dict(manifest.current.items()) == {"kept": "f1", "edited": "f2b", "added": "f4"}


def test_a_second_input_with_an_id_already_decided_is_a_duplicate():
    manifest = Manifest()
    assert [manifest.decide("a", "f1"), manifest.decide("a", "f2")] == \
        [Change.NEW, Change.DUPLICATE]
    assert dict(manifest.current.items()) == {"a": "f1"}


def test_a_claimed_input_is_unchanged_and_takes_its_id_once():
    manifest = Manifest({"a": "f1"})
    assert (manifest.claim("f1"), manifest.claim("f1"), manifest.claim("nope")) == ("a", None, None)
    assert manifest.decide("a", "f1", claimed=True) is Change.UNCHANGED


def test_a_repeated_id_is_renamed_and_its_input_never_claimed_unread():
    manifest = Manifest()
    assert [manifest.name("x", "f1"), manifest.name("x", "f2"), manifest.name("x~2", "f3")] == \
        [("x", "f1"), ("x~2", "f2~"), ("x~2~2", "f3~")]
    assert Manifest({"x~2": "f2~"}).can_claim is False


def test_an_id_claimed_unread_is_renamed_when_a_page_asks_for_it_again():
    manifest = Manifest({"x": "f1"})
    assert manifest.claim("f1") == "x"
    assert manifest.name("x", "f9") == ("x~2", "f9~")


def _written(folder, previous=None) -> Manifest:
    manifest = Manifest(previous, folder)
    for number, doc_id in enumerate(ODD_IDS):
        manifest.decide(doc_id, f"{number:032x}")
    return manifest


def test_a_saved_manifest_is_the_json_of_its_ids_and_fingerprints(tmp_path):
    _written(tmp_path).save(tmp_path)
    expected = {doc_id: f"{number:032x}" for number, doc_id in enumerate(ODD_IDS)}
    assert (tmp_path / MANIFEST_FILE).read_text() == json.dumps(expected)
    assert [p.name for p in tmp_path.iterdir()] == [MANIFEST_FILE]


@pytest.mark.parametrize("latest", [1, 3, 1 << 15], ids=lambda n: f"latest-{n}")
def test_a_manifest_written_by_json_dumps_is_read_back_whatever_the_hashes(tmp_path, monkeypatch,
                                                                         latest):
    monkeypatch.setattr(indexer.manifestfile, "LATEST", latest)
    monkeypatch.setattr(indexer.manifestfile, "READ_PIECE", 7)  # records cut across pieces
    monkeypatch.setattr(indexer.manifestfile, "key_hash", lambda key: len(key) % 2)  # collide
    old = {doc_id: f"{number:032x}" for number, doc_id in enumerate(ODD_IDS)}
    old["renamed~2"] = "f" * 32 + "~"
    generation = tmp_path / "gen"
    generation.mkdir()
    (generation / MANIFEST_FILE).write_text(json.dumps(old))
    manifest = Manifest.load(generation, tmp_path)
    assert [manifest.previous.get(doc_id) for doc_id in old] == list(old.values())
    assert manifest.previous.get("absent") is None
    assert [manifest.claim(fingerprint) for fingerprint in old.values()] == [*ODD_IDS, None]
    assert manifest.decide("plain", f"{0:032x}", claimed=True) is Change.UNCHANGED
    assert manifest.decide("dấu: Thành ủy", "changed") is Change.CHANGED
    assert manifest.deleted() == sorted(set(old) - {"plain", "dấu: Thành ủy"})


def test_a_damaged_manifest_is_refused(tmp_path):
    (tmp_path / MANIFEST_FILE).write_text('{"a": "f1", "b": ')
    with pytest.raises(ValueError):
        Manifest.load(tmp_path)


def test_an_unsaved_manifest_leaves_no_file(tmp_path):
    _written(tmp_path).close()
    assert list(tmp_path.iterdir()) == []
