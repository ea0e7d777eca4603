"""Stored fields read straight from the segments' columns are Whoosh's own, document by document."""

from __future__ import annotations

import threading

import support
from support import make_article, write_jsonl

from indexer.build import build_index
from search.generation import Generation
from search.store import current_generation
from search.storedfields import StoredFields

corpus = support.corpus  # twelve articles
index_dir = support.index_dir


def generation_of(index_dir) -> Generation:
    """Return the served generation of an index folder."""
    return Generation(current_generation(index_dir), index_dir)


def whoosh_and_ours(generation: Generation) -> tuple[list[dict], list[dict]]:
    """Return every document's stored fields as Whoosh reads them and as StoredFields does."""
    reader, size = generation.postings.reader, generation.postings.size
    return ([reader.stored_fields(d) for d in range(size)],
            [generation.stored.get(d) for d in range(size)])


def test_every_document_reads_as_whoosh_reads_it(index_dir):
    theirs, ours = whoosh_and_ours(generation_of(index_dir))
    assert ours == theirs and ours[0]["id"] == "bai-0000"
    assert [list(fields) for fields in ours] == [list(fields) for fields in theirs]


def test_documents_of_later_segments_and_replaced_ones_read_as_whoosh_reads_them(index_dir, corpus):
    articles = [make_article(i) for i in range(14)]
    articles[3] = make_article(3, text="Mùa lúa chín vàng trên cánh đồng Mường Thanh.")
    write_jsonl(corpus, articles)
    build_index([corpus], index_dir, procs=1)
    generation = generation_of(index_dir)
    assert len(generation.stored.leaves) > 1
    theirs, ours = whoosh_and_ours(generation)
    assert ours == theirs
    assert any("Mường Thanh" in fields["body"] for fields in ours)


def test_segments_of_another_layout_are_read_through_whoosh(index_dir):
    generation = generation_of(index_dir)
    stored = StoredFields(generation.postings.reader, threading.RLock())
    stored.columns = [None] * len(stored.columns)
    assert [stored.get(d) for d in range(3)] == whoosh_and_ours(generation)[0][:3]


def test_fields_the_schema_no_longer_has_are_left_out(index_dir):
    generation = generation_of(index_dir)
    stored = StoredFields(generation.postings.reader, threading.RLock())
    stored._kept["title"] = False
    assert "title" not in stored.get(0) and stored.get(0)["id"] == "bai-0000"
