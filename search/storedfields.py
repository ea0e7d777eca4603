"""Each document's stored fields, read straight from the segments' stored columns.

Whoosh's reader.stored_fields(docnum) passes a read through five layers (the multi-reader,
the segment reader checking each field against the schema, the per-document reader, the
pickle column, the compressed column): 75 µs a read at 100k articles, 45 of them the
read, inflating and unpickling. A results page reads about 13 documents.
"""

from __future__ import annotations

import pickle
from bisect import bisect_right

from whoosh.codec.whoosh3 import STORED_COLUMN
from whoosh.columns import CompressedBytesColumn, PickleColumn


class StoredFields:
    """Read stored fields through a Whoosh reader's segments; share between threads."""

    def __init__(self, reader, lock) -> None:
        self.leaves = reader.leaf_readers()
        self.starts = [offset for _, offset in self.leaves]
        self.schema = reader.schema
        # Whoosh readers are not thread-safe: the file reads go through the index's lock.
        self.lock = lock
        with lock:
            self.columns = [_compressed_column(leaf) for leaf, _ in self.leaves]
        self._kept: dict[str, bool] = {}

    def get(self, docnum: int) -> dict:
        """Return the stored fields of a document, as reader.stored_fields gives them."""
        segment = bisect_right(self.starts, docnum) - 1
        leaf, offset = self.leaves[segment]
        column = self.columns[segment]
        if column is None:  # not the layout this reads: ask Whoosh
            with self.lock:
                return leaf.stored_fields(docnum - offset)
        docnum -= offset
        length = column._lengths[docnum]
        if not length:
            return {}
        with self.lock:
            data = column._dbfile.get(column._basepos + column._offsets[docnum], length)
        data = column._decompress(data) if data else data
        fields = pickle.loads(data) if data else None
        if not fields:
            return {}
        # Whoosh drops stored values of fields the schema no longer has.
        return {name: value for name, value in fields.items() if self._in_schema(name)}

    def _in_schema(self, name: str) -> bool:
        """Tell whether the schema has a field (remembered per name)."""
        kept = self._kept.get(name)
        if kept is None:
            kept = self._kept[name] = name in self.schema
        return kept


def _compressed_column(leaf) -> CompressedBytesColumn.Reader | None:
    """Return the compressed-bytes reader under a segment's pickled stored column, or None
    when the segment keeps them otherwise."""
    perdoc = getattr(leaf, "_perdoc", None)
    cached = getattr(perdoc, "_cached_reader", None)
    column = cached("_stored", STORED_COLUMN) if cached else None
    child = getattr(column, "_child", None)
    if isinstance(column, PickleColumn.Reader) and isinstance(child, CompressedBytesColumn.Reader):
        return child
    return None
