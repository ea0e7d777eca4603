"""The posting arrays written beside each segment hold exactly what Whoosh holds."""

from __future__ import annotations

import json
import pickle
from itertools import accumulate
from pathlib import Path

import numpy as np
import pytest
from whoosh.filedb.filestore import FileStorage

from indexer.build import build_index
from search import SearchRequest, open_index
from search.errors import IndexMissing
from search.store import current_generation
from search.termarrays import (
    ARRAY_FIELDS,
    POSITION_FIELDS,
    SUFFIX,
    TermArrays,
    decode_positions,
    segment_file,
    write_term_arrays,
)

FIXTURES = Path(__file__).parent / "fixtures"


def _whoosh_postings(leaf, field: str, text: str):
    """Return (ids, frequencies, positions per posting) of a term as Whoosh reads them."""
    matcher = leaf.postings(field, text)
    ids, frequencies, positions = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        frequencies.append(matcher.weight())
        if field in POSITION_FIELDS:
            positions.append(matcher.value_as("positions"))
        matcher.next()
    return ids, frequencies, positions


@pytest.fixture(scope="module")
def generation(tmp_path_factory):
    """Return the generation folder of an index of the ranking fixtures."""
    index_dir = tmp_path_factory.mktemp("arrays")
    build_index([FIXTURES / "ranking.jsonl"], index_dir, full=True)
    return current_generation(index_dir)


def test_every_term_of_every_array_field_matches_whoosh(generation):
    index = FileStorage(str(generation)).open_index()
    with index.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            arrays = TermArrays(segment_file(generation, leaf.segment()))
            for field in ARRAY_FIELDS:
                for raw in leaf.lexicon(field):
                    text = raw.decode("utf-8")
                    ids, frequencies, positions = _whoosh_postings(leaf, field, text)
                    found_ids, found_frequencies = arrays.postings(field, text)
                    assert found_ids.tolist() == ids, (field, text)
                    assert found_frequencies.tolist() == frequencies, (field, text)
                    if field in POSITION_FIELDS:
                        flat = [p for posting in positions for p in posting]
                        assert arrays.positions(field, text).tolist() == flat, (field, text)


def test_an_unknown_term_has_no_postings(generation):
    arrays = TermArrays(next(generation.glob("*" + SUFFIX)))
    assert arrays.postings("body_f", "khongcotu") is None
    assert arrays.positions("body_f", "khongcotu").tolist() == []


def test_prefix_expansion_lists_terms_with_document_counts(generation):
    arrays = TermArrays(next(generation.glob("*" + SUFFIX)))
    found = dict(arrays.expand("title_f", "th"))
    assert found and all(term.startswith("th") for term in found)
    assert all(count == len(arrays.postings("title_f", term)[0]) for term, count in found.items())


def test_writing_again_writes_only_segments_that_lack_arrays(generation):
    assert write_term_arrays(generation) == 0


def test_incremental_reindex_gives_the_new_segment_arrays_and_search_finds_it(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text((FIXTURES / "ranking.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    index_dir = tmp_path / "index"
    build_index([corpus], index_dir, full=True)
    new = {"id": "moi-1", "title": "Chợ nổi Cái Răng đón khách quốc tế",
           "text": "Chợ nổi Cái Răng ở Cần Thơ đón hàng nghìn khách quốc tế mỗi sáng."}
    with corpus.open("a", encoding="utf-8") as out:
        out.write(json.dumps(new, ensure_ascii=False) + "\n")
    build_index([corpus], index_dir)
    folder = current_generation(index_dir)
    segments = FileStorage(str(folder)).open_index().reader().leaf_readers()
    assert all(segment_file(folder, leaf.segment()).is_file() for leaf, _ in segments)
    assert len(list(folder.glob("*" + SUFFIX))) == len(segments)  # none left for merged ones
    hits = open_index(index_dir, cache_size=0).search(SearchRequest(q='"cho noi cai rang"'))["hits"]
    assert [hit["id"] for hit in hits] == ["moi-1"]


def test_missing_arrays_ask_for_a_reindex(tmp_path):
    index_dir = tmp_path / "index"
    build_index([FIXTURES / "ranking.jsonl"], index_dir, full=True)
    for path in current_generation(index_dir).glob("*" + SUFFIX):
        path.unlink()
    with pytest.raises(IndexMissing, match="Run `vpsearch reindex` to rewrite what is damaged"):
        open_index(index_dir, cache_size=0).search(SearchRequest(q="hà nội"))


def test_positions_decode_large_gaps_long_lists_and_odd_encodings_alike():
    lists = [[0], [255, 256], [65535, 65536, 1], list(range(1, 1500)), [7] * 3]
    encoded = [len(gaps).to_bytes(4, "big") + pickle.dumps(gaps, 2) for gaps in lists]
    encoded[-1] = encoded[-1][:-1]  # Whoosh may drop pickle's final STOP
    counts, positions = decode_positions(b"".join(encoded), np.array([len(e) for e in encoded]))
    assert counts.tolist() == [len(gaps) for gaps in lists]
    assert positions.tolist() == [p for gaps in lists for p in accumulate(gaps)]


def test_a_damaged_arrays_file_asks_for_a_reindex_which_rewrites_it(tmp_path):
    index_dir = tmp_path / "index"
    build_index([FIXTURES / "ranking.jsonl"], index_dir, full=True)
    damaged = next(current_generation(index_dir).glob("*" + SUFFIX))
    damaged.write_bytes(damaged.read_bytes()[:-100])
    with pytest.raises(IndexMissing, match="Run `vpsearch reindex` to rewrite what is damaged"):
        open_index(index_dir, cache_size=0).search(SearchRequest(q="hà nội"))
    assert build_index([FIXTURES / "ranking.jsonl"], index_dir).arrays_written == 1
    assert open_index(index_dir, cache_size=0).search(SearchRequest(q="hà nội"))["totalHits"]
