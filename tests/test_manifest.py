"""The manifest decides, as values, what each input of a reindex is next to the last one."""

from __future__ import annotations

import json

from indexer.manifest import Change, Manifest
from search.store import MANIFEST_FILE


def _written(manifest: Manifest, folder) -> dict[str, str]:
    """Save a manifest into folder and return what its JSON holds."""
    manifest.save(folder)
    return json.loads((folder / MANIFEST_FILE).read_text())


def test_each_input_is_new_changed_or_unchanged_and_the_rest_deleted(tmp_path):
    manifest = Manifest({"kept": "f1", "edited": "f2", "gone": "f3"})
    decisions = [manifest.decide("kept", "f1"), manifest.decide("edited", "f2b"),
                 manifest.decide("added", "f4")]
    assert decisions == [Change.UNCHANGED, Change.CHANGED, Change.NEW]
    assert manifest.deleted() == ["gone"]
    assert _written(manifest, tmp_path) == {"kept": "f1", "edited": "f2b", "added": "f4"}


def test_a_second_input_with_an_id_already_decided_is_a_duplicate(tmp_path):
    manifest = Manifest()
    assert [manifest.decide("a", "f1"), manifest.decide("a", "f2")] == \
        [Change.NEW, Change.DUPLICATE]
    assert _written(manifest, tmp_path) == {"a": "f1"}


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


def test_fingerprints_that_differ_only_in_case_are_different_inputs():
    manifest = Manifest({"a": "AB" * 16})
    assert (manifest.claim("ab" * 16), manifest.decide("a", "ab" * 16)) == (None, Change.CHANGED)
