"""The posting arrays written beside each segment hold exactly what the analysis gives."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.util.numeric import byte_to_length, length_to_byte

from indexer.build import build_index
from indexer.segments import ArraySegmentWriter
from search import SearchRequest, open_index
from search.errors import IndexMissing
from search.store import current_generation
from search.termarrays import (
    ARRAY_FIELDS,
    POSITION_FIELDS,
    SUFFIX,
    FieldArrays,
    TermArrays,
    segment_file,
    write_arrays,
)

FIXTURES = Path(__file__).parent / "fixtures"


def analysed_postings(folder: Path) -> dict:
    """Return {(field, term): {id: positions}} from the analysis of every live stored text."""
    expected = defaultdict(dict)
    index = FileStorage(str(folder)).open_index()
    with index.searcher() as searcher:
        for stored in searcher.all_stored_fields():
            for field in ARRAY_FIELDS:
                text = stored.get("title" if field.startswith("title") else "body") or ""
                for token in index.schema[field].analyzer(text, positions=True):
                    expected[field, token.text].setdefault(stored["id"], []).append(token.pos)
    return dict(expected)


def array_postings(folder: Path) -> dict:
    """Return {(field, term): {id: positions}} as the arrays of every segment hold them."""
    found = defaultdict(dict)
    index = FileStorage(str(folder)).open_index()
    with index.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            arrays = TermArrays(segment_file(folder, leaf.segment()))
            ids = [fields["id"] if fields else None for fields in _stored_by_number(leaf)]
            for field in ARRAY_FIELDS:
                whole = arrays.field_arrays(field)
                ends = np.cumsum(whole.frequencies)
                for number, term in enumerate(whole.terms):
                    for posting in range(whole.starts[number], whole.starts[number + 1]):
                        doc, frequency = int(whole.ids[posting]), int(whole.frequencies[posting])
                        if leaf.is_deleted(doc):
                            continue
                        positions = whole.positions[ends[posting] - frequency:ends[posting]] \
                            if field in POSITION_FIELDS else np.zeros(frequency)
                        assert ids[doc] not in found[field, term], (field, term)
                        found[field, term][ids[doc]] = [int(p) for p in positions]
    return dict(found)


def _stored_by_number(leaf) -> list:
    """Return the stored fields of every document of a segment (None for deleted ones)."""
    return [None if leaf.is_deleted(n) else leaf.stored_fields(n)
            for n in range(leaf.doc_count_all())]


def _positions_dropped(postings: dict) -> dict:
    """Keep only each posting's frequency where the field has no positions."""
    return {(field, term): {doc: (p if field in POSITION_FIELDS else len(p))
                            for doc, p in docs.items()}
            for (field, term), docs in postings.items()}


@pytest.fixture(scope="module")
def generation(tmp_path_factory):
    """Return the generation folder of an index of the ranking fixtures."""
    index_dir = tmp_path_factory.mktemp("arrays")
    build_index([FIXTURES / "ranking.jsonl"], index_dir, full=True)
    return current_generation(index_dir)


def test_every_posting_is_the_analysis_of_the_stored_text(generation):
    expected, found = analysed_postings(generation), array_postings(generation)
    assert _positions_dropped(found) == _positions_dropped(expected)


def test_field_lengths_count_the_words_each_field_indexes(generation):
    index = FileStorage(str(generation)).open_index()
    with index.searcher() as searcher:
        reader = searcher.reader()
        for number, stored in enumerate(searcher.all_stored_fields()):
            for field in ARRAY_FIELDS:
                text = stored.get("title" if field.startswith("title") else "body") or ""
                words = len(list(index.schema[field].analyzer(text)))
                assert reader.doc_field_length(number, field) == byte_to_length(length_to_byte(words))


def test_terms_are_numbered_in_sorted_order_with_their_postings(generation):
    arrays = TermArrays(next(generation.glob("*" + SUFFIX)))
    terms = arrays.terms("title_f")
    assert terms == sorted(terms) and len(terms) == arrays.term_count("title_f")
    whole = arrays.field_arrays("title_f")
    for number in (0, len(terms) // 2, len(terms) - 1):
        ids, _ = arrays.postings("title_f", number)
        start, end = arrays.span("title_f", number)
        assert end - start == len(ids)
        assert ids.tolist() == whole.ids[whole.starts[number]:whole.starts[number + 1]].tolist()


def test_arrays_take_the_narrowest_type_of_their_values(tmp_path):
    path = tmp_path / "one.vpt"
    arrays = FieldArrays(["a", "b"], np.array([0, 1, 3]), np.array([4, 1, 9]),
                         np.array([2, 70000, 1]), np.array([0, 300, *range(70000), 5]))
    write_arrays(path, [("body_f", arrays)])
    read = TermArrays(path)
    ids, frequencies = read.postings("body_f", 1)
    assert (ids.dtype, frequencies.dtype) == (np.dtype("<i4"), np.dtype("<u4"))
    assert read.positions("body_f", 0).dtype == np.dtype("<u4")
    assert [x.tolist() for x in read.postings("body_f", 1)] == [[1, 9], [70000.0, 1.0]]
    assert read.positions("body_f", 0).tolist() == [0, 300]
    assert read.positions("body_f", 1)[-1] == 5

    assert read.span("body_f", 1, "positions") == (2, 70003)


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


def test_merged_segments_keep_the_postings_of_live_documents_only(tmp_path):
    records = (FIXTURES / "understanding.jsonl").read_text(encoding="utf-8").splitlines()
    corpus, index_dir = tmp_path / "corpus.jsonl", tmp_path / "index"
    for step in (records[:10], records[5:20], records[:25]):  # add, change, delete
        step = [json.dumps({**json.loads(r), "text": json.loads(r)["text"] + " thêm"})
                if i % 4 == 0 else r for i, r in enumerate(step)]
        corpus.write_text("\n".join(step) + "\n", encoding="utf-8")
        build_index([corpus], index_dir, procs=1)
    folder = current_generation(index_dir)
    index = FileStorage(str(folder)).open_index()
    assert len(index._segments()) > 1 and index.reader().has_deletions()
    writer = ArraySegmentWriter(index)
    writer.commit(optimize=True)  # every segment merged into one, deletions dropped
    assert len(index._segments()) == 1 and not index.reader().has_deletions()
    assert _positions_dropped(array_postings(folder)) == _positions_dropped(analysed_postings(folder))


def test_missing_arrays_ask_for_a_reindex(tmp_path):
    index_dir = tmp_path / "index"
    build_index([FIXTURES / "ranking.jsonl"], index_dir, full=True)
    for path in current_generation(index_dir).glob("*" + SUFFIX):
        path.unlink()
    with pytest.raises(IndexMissing, match="Run `vpsearch reindex` to rewrite what is damaged"):
        open_index(index_dir, cache_size=0).search(SearchRequest(q="hà nội"))


def test_a_damaged_arrays_file_asks_for_a_reindex_which_rebuilds_in_full(tmp_path):
    index_dir = tmp_path / "index"
    build_index([FIXTURES / "ranking.jsonl"], index_dir, full=True)
    damaged = next(current_generation(index_dir).glob("*" + SUFFIX))
    damaged.write_bytes(damaged.read_bytes()[:-100])
    with pytest.raises(IndexMissing, match="Run `vpsearch reindex` to rewrite what is damaged"):
        open_index(index_dir, cache_size=0).search(SearchRequest(q="hà nội"))
    report = build_index([FIXTURES / "ranking.jsonl"], index_dir)
    assert report.added == report.documents  # Whoosh holds no copy to rebuild the file from
    assert open_index(index_dir, cache_size=0).search(SearchRequest(q="hà nội"))["totalHits"]
