"""One lexicon per field over a generation's segments: which segments hold a term, as what."""

import numpy as np

from search import lexicon
from search.lexicon import Lexicon
from search.termarrays import FieldArrays, TermArrays, write_arrays


def _segment(path, terms: list[str]) -> TermArrays:
    """Write and open a segment whose term i has a posting in document i."""
    count = len(terms)
    arrays = FieldArrays(terms, np.arange(count + 1), np.arange(count), np.ones(count),
                         np.zeros(count))
    write_arrays(path, [("body_f", arrays)])
    return TermArrays(path)


def test_a_term_is_found_in_each_segment_holding_it_with_its_number_there(tmp_path):
    segments = [_segment(tmp_path / "a.vpt", ["an", "ba", "co"]),
                _segment(tmp_path / "b.vpt", ["ba", "da"]),
                _segment(tmp_path / "c.vpt", ["an", "ba", "bo", "da"])]
    lexicon = Lexicon("body_f", segments)
    assert [lexicon.term(row) for row in range(len(lexicon))] == ["an", "ba", "bo", "co", "da"]
    assert lexicon.find("ba") == [(0, 1), (1, 0), (2, 1)]
    assert lexicon.find("da") == [(1, 1), (2, 3)]
    assert lexicon.find("co") == [(0, 2)]


def test_an_unknown_term_is_in_no_segment(tmp_path):
    lexicon = Lexicon("body_f", [_segment(tmp_path / "a.vpt", ["an", "co"])])
    assert lexicon.find("ba") == [] and lexicon.find("zz") == [] and lexicon.find("") == []


def test_a_field_without_terms_finds_nothing(tmp_path):
    for segments in ([_segment(tmp_path / "a.vpt", [])], []):
        lexicon = Lexicon("body_f", segments)
        assert len(lexicon) == 0 and lexicon.find("an") == [] and lexicon.starting_with("a") == []


def test_terms_starting_with_a_prefix_come_sorted_with_their_segments(tmp_path):
    segments = [_segment(tmp_path / "a.vpt", ["tha", "thu", "to"]),
                _segment(tmp_path / "b.vpt", ["tan", "thi", "thu"])]
    found = Lexicon("body_f", segments).starting_with("th")
    assert found == [("tha", [(0, 0)]), ("thi", [(1, 1)]), ("thu", [(0, 1), (1, 2)])]


def test_terms_sharing_a_hash_are_told_apart(tmp_path, monkeypatch):
    monkeypatch.setattr(lexicon, "hash", lambda term: 7, raising=False)
    found = Lexicon("body_f", [_segment(tmp_path / "a.vpt", ["an", "ba", "co"])])
    assert (found.find("an"), found.find("ba"), found.find("co")) == ([(0, 0)], [(0, 1)], [(0, 2)])
    assert found.find("da") == []
