"""Whoosh segments whose matched fields' postings go to posting arrays, not to Whoosh.

Whoosh stays the index of record: stored fields, ids, columns, field lengths, deletions,
the title pairs and merges. The fields that queries read from the arrays (termarrays)
skip Whoosh's posting pool: ArraySegmentWriter gathers their postings in a PostingBuffer
and writes the arrays beside the segment when it finishes it. A merge adds the merged
segments' arrays, documents renumbered and deleted ones dropped, with no re-analysis.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from whoosh.util import random_name
from whoosh.writing import PostingPool, SegmentWriter

from search.schema import index_fields
from search.termarrays import ARRAY_FIELDS, TermArrays, segment_file, write_arrays

from .arrayruns import merge_runs, run_file
from .postingbuffer import PostingBuffer

POOL_MEMORY_MB = 32  # Whoosh's pool now holds the few small fields left to it


class ArraySegmentWriter(SegmentWriter):
    """A Whoosh segment writer that writes the array fields' postings as posting arrays."""

    def __init__(self, index, **kwargs) -> None:
        kwargs.setdefault("limitmb", POOL_MEMORY_MB)
        super().__init__(index, **kwargs)
        # Writers of one index share Whoosh's temporary folder, and each removes it when it
        # finishes: a worker's pool would lose its runs to another's end. Give each its own.
        self._tempstorage = self.storage.temp_storage(f"pool-{random_name()}.tmp")
        self.pool = PostingPool(self._tempstorage, self.newsegment, limitmb=kwargs["limitmb"])
        self.buffer = PostingBuffer(self.schema)
        self.folder = Path(self.storage.folder)
        self.runs: list[Path] = []  # the buffer's postings written so far (arrayruns)

    def add_article(self, document: dict) -> None:
        """Add a document given as DOCUMENT_FIELDS; its search fields are derived here."""
        self.add_document(**index_fields(document))

    def add_document(self, **fields) -> None:
        """Add a document: array fields to the buffer, the rest as Whoosh does."""
        self._check_state()
        perdoc, docnum = self.perdocwriter, self.docnum
        perdoc.start_doc(docnum)
        for name in sorted(fields):
            value = fields[name]
            if value is None or name.startswith("_"):
                continue
            field = self.schema[name]
            length = 0
            if name in ARRAY_FIELDS:
                length = self.buffer.add(docnum, name, value)
            elif field.indexed:
                for text, frequency, weight, encoded in field.index(value):
                    length += frequency if field.scorable else 0
                    self.pool.add((name, text, docnum, weight, encoded))
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def add_reader(self, reader) -> None:
        """Merge a segment: Whoosh copies its documents, the buffer takes its arrays."""
        first = self.docnum
        super().add_reader(reader)
        live = np.zeros(reader.doc_count_all(), dtype=bool)
        live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True  # deleted ones left out
        renumber = np.where(live, np.cumsum(live) - 1 + first, -1)
        arrays = TermArrays(segment_file(self.folder, reader.segment()))
        for name in ARRAY_FIELDS:
            self.buffer.add_arrays(name, arrays.field_arrays(name), renumber)

    def write_run(self) -> None:
        """Write the buffered postings to a run beside the segment; empty the buffer."""
        path = run_file(segment_file(self.folder, self.newsegment), len(self.runs))
        buffer, self.buffer = self.buffer, PostingBuffer(self.schema)
        self.runs.append(path)
        _write_buffer(path, buffer)

    def cancel(self) -> None:
        """Drop the segment and its runs."""
        super().cancel()
        self._remove_runs()

    def _remove_runs(self) -> None:
        """Remove the runs written so far."""
        for path in self.runs:
            path.unlink(missing_ok=True)
        self.runs = []

    def _flush_segment(self) -> None:
        """Write the pool's postings without their documents' lengths.

        Whoosh reads each posting's field length back to keep per-block length bounds
        (a column lookup and a stat call per posting); nothing reads those bounds here.
        """
        self.perdocwriter.close()
        self.fieldwriter.add_postings(self.schema, None, self.pool.iter_postings())
        self.fieldwriter.close()

    def _finalize_segment(self):
        """Finish the Whoosh segment, then write its posting arrays beside it."""
        segment = super()._finalize_segment()
        if not self.runs:
            _write_buffer(segment_file(self.folder, segment), self.buffer)
            return segment
        self.write_run()
        try:
            merge_runs(self.runs, segment_file(self.folder, segment))
        finally:
            self._remove_runs()
        return segment


def _write_buffer(path: Path, buffer: PostingBuffer) -> None:
    """Write a buffer's postings, every array field, as an arrays file (consumes them)."""
    write_arrays(path, ((name, buffer.field_arrays(name)) for name in ARRAY_FIELDS))
