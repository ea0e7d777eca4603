"""Flat posting arrays of a Whoosh segment, written once at reindex, read with pread.

Reading a common term from Whoosh unpickles hundreds of compressed blocks in Python
(several ms each time a worker first meets the term: most of a query at 100k articles).
The same postings laid out as an array of document numbers and an array of frequencies
(plus, for phrase fields, each posting's positions) are two reads. Whoosh never holds
these fields' postings: the writer (indexer/segments.py) gathers them from the analysis
and writes this file beside the segment it writes. The file is named after its segment,
so Whoosh removes it with the segment when segments merge, and hard-linked segments of
an incremental reindex keep theirs.

Layout: a preamble (MAGIC, the header's length, the whole file's length), then per field
its document numbers (int32), frequencies and positions (the narrowest unsigned type that
holds them), its terms ("\\n"-joined UTF-8) and each term's first posting (int64), and at
the end a JSON header of every part's offset and type.
"""

from __future__ import annotations

import json
import os
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Fields read to match, score and check word order; id stays with Whoosh. Positions are
# kept for the fields phrases and adjacency are checked in.
ARRAY_FIELDS = ("title", "title_f", "title_p", "body", "body_f")
POSITION_FIELDS = ("title_f", "body_f")
SUFFIX = ".vpt"
MAGIC = b"VPTERMS6"
PREAMBLE = 24  # MAGIC, the header's length, the whole file's length


@dataclass
class FieldArrays:
    """One field's postings, term after term (terms sorted), ready to be written."""

    terms: list[str]
    starts: np.ndarray        # each term's first posting, then the number of postings
    ids: np.ndarray           # segment-local document numbers
    frequencies: np.ndarray   # occurrences of the term in each posting's document
    positions: np.ndarray | None  # every posting's positions, posting after posting


def segment_file(folder: str | Path, segment) -> Path:
    """Return the path of the posting arrays of a Whoosh segment."""
    return Path(folder) / (segment.segment_id() + SUFFIX)


def narrowest(values: np.ndarray) -> str:
    """Return the smallest little-endian unsigned type holding every value."""
    top = int(values.max()) if len(values) else 0
    return "<u1" if top < 1 << 8 else "<u2" if top < 1 << 16 else "<u4"


# The parts stored in one type whatever their values (freqs and positions take the
# narrowest that holds theirs).
FIXED_TYPES = {"ids": np.dtype("<i4"), "starts": np.dtype("<i8"), "pstarts": np.dtype("<i8")}


def part_order(field: str) -> tuple[str, ...]:
    """Return the parts of a field's arrays in the order they are written (pstarts is
    empty for a field without positions)."""
    if field in POSITION_FIELDS:
        return ("pstarts", "ids", "starts", "freqs", "positions")
    return ("ids", "starts", "freqs", "pstarts")


def write_arrays(path: Path, fields: Iterable[tuple[str, FieldArrays]]) -> None:
    """Write the posting arrays of a segment, one field at a time, then rename into place."""
    write_parts(path, (_field_parts(name, arrays) for name, arrays in fields))


def _field_parts(name: str, arrays: FieldArrays) -> tuple:
    """Return a field's (name, term count, parts, words) as write_parts takes them."""
    parts = {"ids": arrays.ids.astype(FIXED_TYPES["ids"]),
             "starts": arrays.starts.astype(FIXED_TYPES["starts"]),
             "freqs": arrays.frequencies.astype(narrowest(arrays.frequencies)),
             "pstarts": np.zeros(0, FIXED_TYPES["pstarts"])}
    if arrays.positions is not None:
        ends = np.concatenate([[0], np.cumsum(arrays.frequencies, dtype=np.int64)])
        parts["pstarts"] = ends[arrays.starts].astype(FIXED_TYPES["pstarts"])
        parts["positions"] = arrays.positions.astype(narrowest(arrays.positions))
    parts = {key: (values.dtype.str, [values.tobytes()]) for key, values in parts.items()}
    return name, len(arrays.terms), parts, ["\n".join(arrays.terms).encode("utf-8")]


def write_parts(path: Path, fields: Iterable[tuple]) -> None:
    """Write an arrays file from each field's (name, term count, {part: (dtype, byte
    chunks)}, words' byte chunks), parts in part_order, then rename it into place."""
    partial = path.with_suffix(".partial")
    header = {}
    with partial.open("wb") as out:
        out.write(bytes(PREAMBLE))
        for name, count, parts, words in fields:
            header[name] = spec = {"terms": count}
            for key in part_order(name):
                dtype, chunks = parts[key]
                spec[key] = [out.tell(), dtype]
                for chunk in chunks:
                    out.write(chunk)
            at = out.tell()
            for chunk in words:
                out.write(chunk)
            spec["words"] = [at, out.tell() - at]
        encoded = json.dumps(header).encode("utf-8")
        out.write(encoded)
        size = out.tell()
        out.seek(0)
        out.write(MAGIC + len(encoded).to_bytes(8, "little") + size.to_bytes(8, "little"))
    os.replace(partial, path)


def is_whole(path: Path) -> bool:
    """Tell whether an arrays file exists, is of this version and is as long as it says."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        return _whole(descriptor)
    finally:
        os.close(descriptor)


def _whole(descriptor: int) -> bool:
    """Tell whether an open arrays file is of this version and as long as its preamble says."""
    head = os.pread(descriptor, PREAMBLE, 0)
    return (len(head) == PREAMBLE and head[:8] == MAGIC
            and int.from_bytes(head[16:], "little") == os.fstat(descriptor).st_size)


def raw_postings(leaf, field: str, text: str):
    """Return a segment's leaf matcher for a term, without Whoosh's deletion filter.

    Deleted documents are dropped through the live mask instead.
    """
    matcher = leaf.postings(field, text)
    return getattr(matcher, "child", matcher)


def posting_blocks(matcher, with_values: bool = False):
    """Yield (ids, weights, encoded values or None) of each block of a leaf matcher."""
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        values = None
        if with_values:
            matcher._read_values()
            values = matcher._values
        yield (np.asarray(matcher._ids, dtype=np.int32),
               np.asarray(matcher._weights, dtype=np.float32), values)
        matcher._next_block()


def read_header(descriptor: int) -> dict:
    """Return the header of an open arrays file: per field, its term count and each part's
    [offset, type] ("words": [offset, length])."""
    length = int.from_bytes(os.pread(descriptor, 8, 8), "little")
    size = os.fstat(descriptor).st_size
    return json.loads(os.pread(descriptor, length, size - length))


class TermArrays:
    """The posting arrays of one segment, opened for reading; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        descriptor = os.open(path, os.O_RDONLY)
        if not _whole(descriptor):
            os.close(descriptor)
            raise ValueError(f"{path} is damaged or of another version")
        self._fd = descriptor
        specs = read_header(descriptor)
        # (offset, dtype) of each part, the dtype made once: a cold query reads ~100 parts.
        self._parts = {(field, part): (value[0], np.dtype(value[1]))
                       for field, spec in specs.items() for part, value in spec.items()
                       if part not in ("terms", "words")}
        # Each field's (offset, type) of its ids, then of its frequencies.
        self._postings_at = {field: (*self._parts[field, "ids"], *self._parts[field, "freqs"])
                             for field in specs}
        # Terms are decoded when asked for, not kept: a generation's lexicon holds them once.
        self._words = {field: spec["words"] for field, spec in specs.items()}
        self._starts, self._pstarts = {}, {}
        for field, spec in specs.items():
            # array('q'): 8 bytes a term where a list of ints takes 36
            self._starts[field] = array("q", self._part(field, "starts", 0, spec["terms"] + 1))
            self._pstarts[field] = array("q", self._part(field, "pstarts", 0, spec["terms"] + 1)) \
                if field in POSITION_FIELDS else array("q")

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)

    def terms(self, field: str) -> list[str]:
        """Return the field's terms, sorted; a term's number is its index here."""
        if not self.term_count(field):
            return []
        at, count = self._words[field]
        return os.pread(self._fd, count, at).decode("utf-8").split("\n")

    def term_count(self, field: str) -> int:
        """Return the number of the field's terms."""
        return len(self._starts[field]) - 1

    def span(self, field: str, number: int, part: str = "ids") -> tuple[int, int]:
        """Return where the field's number-th term's values of a part ("ids", "freqs":
        its postings; "positions") start and end."""
        starts = self._pstarts[field] if part == "positions" else self._starts[field]
        return starts[number], starts[number + 1]

    def postings(self, field: str, number: int) -> tuple[np.ndarray, np.ndarray]:
        """Return the segment-local document numbers (int32) and frequencies (unsigned, as
        narrow as stored) of the field's number-th term, read-only."""
        # Both offsets and types in one lookup: through _part, with a slice of the starts,
        # this was 30% slower, and a cold query at 100k articles makes ~60 of these (8 segments).
        ids_at, ids_type, frequencies_at, frequencies_type = self._postings_at[field]
        starts = self._starts[field]
        start, count = starts[number], starts[number + 1] - starts[number]
        return (read_values(self._fd, ids_at, ids_type, start, count),
                read_values(self._fd, frequencies_at, frequencies_type, start, count))

    def positions(self, field: str, number: int) -> np.ndarray:
        """Return every position of the field's number-th term, posting after posting (the
        frequencies say how many), unsigned as narrow as stored, read-only."""
        start, end = self._pstarts[field][number:number + 2]
        return self._part(field, "positions", start, end - start)

    def field_arrays(self, field: str) -> FieldArrays:
        """Return every posting of a field at once (to merge segments)."""
        starts = np.array(self._starts[field], dtype=np.int64)
        total = int(starts[-1])
        frequencies = self._part(field, "freqs", 0, total).astype(np.int64)
        positions = None
        if field in POSITION_FIELDS:
            positions = self._part(field, "positions", 0, int(frequencies.sum())).astype(np.uint32)
        return FieldArrays(self.terms(field), starts,
                           self._part(field, "ids", 0, total).astype(np.int32),
                           frequencies, positions)

    def _part(self, field: str, part: str, start: int, count: int) -> np.ndarray:
        """Read count values of one part of a field's arrays, from the start-th on."""
        return read_values(self._fd, *self._parts[field, part], start, count)


def read_values(fd: int, at: int, dtype: np.dtype, start: int, count: int) -> np.ndarray:
    """Read count values of a type from the start-th on, of the array at offset at."""
    size = dtype.itemsize
    return np.frombuffer(os.pread(fd, size * count, at + size * start), dtype=dtype)
