"""The index, the query and the highlighter fold every character the corpus holds alike."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from support import SHARED, needs_shared

from indexer.build import build_index
from search import SearchRequest, open_index
from search.analysis import fold_text, tokenize
from search.folding import DD_LOOKALIKES, fold_chars
from search.querytext import parse_query

REPO = Path(__file__).resolve().parent.parent


def word_characters(text: str) -> set[str]:
    """Return the characters of a text that are words on their own."""
    return {c for c in set(text) if [w for _, _, w in tokenize(c)] == [c]}


def disagreements(characters: set[str]) -> list[tuple[str, str, str, str]]:
    """Return (character, index fold, query fold, highlight fold) where the three differ."""
    found = []
    for char in sorted(characters):
        index = fold_text(char)
        query = " ".join(w.folded for w in parse_query(char).words)
        if not index == query == fold_chars(char):
            found.append((char, index, query, fold_chars(char)))
    return found


def test_bundled_corpus_folds_alike_in_index_query_and_highlight():
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus").iterdir()))
    assert disagreements(word_characters(text) | set("ŁłßǅÐðƉɖ")) == []


@pytest.mark.slow
@needs_shared("data/party_all.jsonl.gz")
def test_party_corpus_folds_alike_in_index_query_and_highlight():
    with gzip.open(SHARED / "data" / "party_all.jsonl.gz", "rt", encoding="utf-8") as handle:
        assert disagreements(word_characters(handle.read())) == []


def test_dd_lookalikes_fold_as_dd():
    assert {fold_chars(c) for c in "ĐđÐðƉɖ"} == {"d"}
    assert "ÐðƉɖ".translate(DD_LOOKALIKES) == "ĐđĐđ"


def test_a_foreign_name_is_found_and_marked(tmp_path):
    (tmp_path / "lodz.txt").write_text(
        "Đoàn công tác thăm thành phố Łódź\n\nĐoàn công tác của Văn phòng Tỉnh ủy đã thăm "
        "thành phố Łódź của Ba Lan và làm việc với chính quyền thành phố về hợp tác.\n",
        encoding="utf-8")
    build_index([tmp_path / "lodz.txt"], tmp_path / "index", full=True)
    for q in ("Łódź", "lodz"):
        hits = open_index(tmp_path / "index", cache_size=0).search(SearchRequest(q=q))["hits"]
        assert [h["id"] for h in hits] == ["lodz"]
        assert "<mark>Łódź</mark>" in hits[0]["titleHtml"]
        assert "<mark>Łódź</mark>" in hits[0]["snippet"]
