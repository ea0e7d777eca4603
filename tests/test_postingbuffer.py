"""A segment's buffered postings are the analysis of each field's text, however gathered."""

from __future__ import annotations

import unicodedata
from collections import defaultdict

import numpy as np
import pytest

from indexer.postingbuffer import PostingBuffer, stable_order
from search.schema import build_schema
from search.termarrays import ARRAY_FIELDS, POSITION_FIELDS

TEXTS = [
    "Văn phòng Tỉnh uỷ Khánh Hoà, ngày 3/2: Hội nghị tổng kết (năm 2019).",
    "Thành ủy Hà Nội – Ban  Thường vụ\nThành uỷ họp; TP.HCM bàn việc_khác __ a_b_",
    unicodedata.normalize("NFD", "Đảng bộ tỉnh Quảng Bình lãnh đạo\tĐảng bộ tỉnh"),
    "Ðà Nẵng kĩ thuật, KỸ THUẬT Đà Nẵng... hoà bình \u0301 hòa bình",
    "",
    "một",
    "Straße Łódź 東京 x² 5G-Wi‑Fi",
]


def _expected(schema, documents: list[tuple[str, str]]) -> dict:
    """Return {field: {term: {doc: positions}}} as each field's analyzer gives them."""
    found = defaultdict(lambda: defaultdict(dict))
    for doc, (title, body) in enumerate(documents):
        for name in ARRAY_FIELDS:
            text = title if name.startswith("title") else body
            for token in schema[name].analyzer(text, positions=True):
                found[name][token.text].setdefault(doc, []).append(token.pos)
    return found


def _buffered(buffer: PostingBuffer, name: str) -> dict:
    """Return {term: {doc: positions (or a count)}} of a field's buffered postings."""
    arrays = buffer.field_arrays(name)
    ends = np.cumsum(arrays.frequencies)
    found = {}
    for number, term in enumerate(arrays.terms):
        postings = range(arrays.starts[number], arrays.starts[number + 1])
        found[term] = {int(arrays.ids[p]): arrays.positions[ends[p] - arrays.frequencies[p]:ends[p]]
                       .tolist() if arrays.positions is not None else int(arrays.frequencies[p])
                       for p in postings}
    return found


@pytest.mark.parametrize("settle", [1 << 20, 3], ids=["one-settle", "settled-often"])
def test_every_field_holds_what_its_analyzer_gives(monkeypatch, settle):
    monkeypatch.setattr("indexer.postingbuffer.SETTLE_TOKENS", settle)
    schema, buffer = build_schema(), PostingBuffer(build_schema())
    documents = [(title, body) for title in TEXTS for body in TEXTS[::-1]][:30]
    lengths = {}
    for doc, (title, body) in enumerate(documents):
        for name in sorted(ARRAY_FIELDS):  # the order the writer adds fields in
            lengths[doc, name] = buffer.add(doc, name, title if name.startswith("title") else body)
    expected = _expected(schema, documents)
    for name in ARRAY_FIELDS:
        want = {term: {doc: (p if name in POSITION_FIELDS else len(p)) for doc, p in docs.items()}
                for term, docs in expected[name].items()}
        assert _buffered(buffer, name) == want, name
    for (doc, name), length in lengths.items():
        assert length == sum(len(docs.get(doc, ())) for docs in expected[name].values())


def test_title_pairs_join_only_words_that_whitespace_separates():
    buffer = PostingBuffer(build_schema())
    buffer.add(0, "title_p", "Văn phòng, Tỉnh  uỷ.Hà\nNội TP_HCM")
    assert sorted(_buffered(buffer, "title_p")) == ["ha_noi", "noi_tp", "tinh_uy", "van_phong"]


@pytest.mark.parametrize("piece", [1 << 20, 7], ids=["one-piece", "many-pieces"])
def test_stable_order_is_a_stable_argsort(monkeypatch, piece):
    monkeypatch.setattr("indexer.postingbuffer.ORDER_PIECE", piece)
    keys = np.random.default_rng(5).integers(0, 9, size=100).astype(np.int32)
    keys[:3] = [2**31 - 1, 0, 2**31 - 1]
    assert stable_order(keys).tolist() == np.argsort(keys, kind="stable").tolist()
    assert stable_order(np.zeros(0, np.int32)).tolist() == []
