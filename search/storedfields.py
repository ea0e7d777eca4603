"""A document's stored fields read straight from its segment file: one pread, one inflate,
one unpickle.

Whoosh reads them through five layers of readers and a seek and a read of a shared file
object under a lock; the bytes, their place and their decoding are the same, so the fields
are too.
"""

from __future__ import annotations

import os
import pickle
import weakref
import zlib
from bisect import bisect_right
from dataclasses import dataclass

from whoosh.codec.whoosh3 import STORED_COLUMN
from whoosh.columns import CompressedBytesColumn, PickleColumn
from whoosh.filedb.compound import SubFile
from whoosh.filedb.structfile import StructFile


@dataclass(frozen=True)
class _Segment:
    """Where one segment keeps its documents' stored fields."""

    fd: int          # our own descriptor of the segment's file
    base: int        # where the column's data starts in that file
    offsets: object  # each document's offset from base (an array.array)
    lengths: object  # each document's compressed length
    names: object    # the schema's fields (a frozenset, or the schema if it has dynamic
                     # ones): stored fields of removed ones are dropped, as Whoosh drops them


class StoredFields:
    """Stored fields by document number; safe to share between threads (no file position)."""

    def __init__(self, reader, fallback) -> None:
        """reader: the generation's Whoosh reader; fallback(docnum) reads through Whoosh,
        for a layout this does not know (then every read goes there)."""
        self._fallback = fallback
        leaves = getattr(reader, "readers", None) or [reader]
        self._starts = list(getattr(reader, "doc_offsets", None) or [0])
        self._segments = None
        segments = [_segment(leaf) for leaf in leaves]
        if len(self._starts) == len(segments) and all(segments):
            self._segments = segments
            weakref.finalize(self, _close, [s.fd for s in segments])
        else:
            _close([s.fd for s in segments if s])

    def __call__(self, docnum: int) -> dict:
        """Return the stored fields of a document."""
        if self._segments is None:
            return self._fallback(docnum)
        index = bisect_right(self._starts, docnum) - 1
        segment, local = self._segments[index], docnum - self._starts[index]
        length = segment.lengths[local]
        if not length:
            return {}
        data = os.pread(segment.fd, length, segment.base + segment.offsets[local])
        if len(data) != length:  # a file cut short: let Whoosh say what is wrong
            return self._fallback(docnum)
        fields = pickle.loads(zlib.decompress(data))
        return {name: value for name, value in fields.items() if name in segment.names}


def _segment(leaf) -> _Segment | None:
    """Return where a segment reader's stored fields lie, or None for another layout."""
    try:
        column = leaf._perdoc._cached_reader("_stored", STORED_COLUMN)
        inner = column._child
        dbfile = inner._dbfile
        if not (isinstance(column, PickleColumn.Reader)
                and type(inner) is CompressedBytesColumn.Reader
                and type(dbfile) is StructFile and inner._decompress is zlib.decompress):
            return None
        start, file = 0, dbfile.file
        if type(file) is SubFile:
            start, file = file._offset, file._file
        fd = os.dup(file.fileno())
    except (AttributeError, OSError, ValueError):
        return None
    schema = leaf.schema
    names = schema if getattr(schema, "_dyn_fields", True) else frozenset(schema.names())
    return _Segment(fd, start + inner._basepos, inner._offsets, inner._lengths, names)


def _close(fds: list[int]) -> None:
    """Close our descriptors of the segment files."""
    for fd in fds:
        os.close(fd)
