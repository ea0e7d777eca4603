"""Flat posting arrays of a Whoosh segment, written once at reindex, read with pread.

Reading a common term from Whoosh unpickles hundreds of compressed blocks in Python
(several ms each time a worker first meets the term: most of a query at 100k articles).
The same postings laid out as an int32 array of document numbers and a float32 array of
frequencies (plus, for phrase fields, each posting's encoded positions) are two reads.
The file is named after its segment, so Whoosh removes it with the segment when segments
merge, and hard-linked segments of an incremental reindex keep theirs.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
from bisect import bisect_left
from concurrent.futures import ProcessPoolExecutor
from itertools import accumulate
from pathlib import Path

import numpy as np
from whoosh.filedb.filestore import FileStorage

# Fields read to match, score and check word order; title_p (many tiny terms) and id stay
# with Whoosh. Positions are kept for the fields phrases and adjacency are checked in.
ARRAY_FIELDS = ("title", "title_f", "body", "body_f")
POSITION_FIELDS = ("title_f", "body_f")
SUFFIX = ".vpt"
MAGIC = b"VPTERMS3"


def segment_file(folder: Path, leaf) -> Path:
    """Return the path of a segment's posting arrays."""
    return Path(folder) / (leaf.segment().segment_id() + SUFFIX)


def write_term_arrays(folder: str | Path, procs: int = 1) -> int:
    """Write the posting arrays of every segment of an index folder that lacks them.

    Return the number of segments written, in up to procs processes. Segments kept from
    an earlier generation (hard-linked) already have theirs.
    """
    missing = [segment for segment, path in _segment_paths(folder) if not path.exists()]
    if procs > 1 and len(missing) > 1:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(procs, len(missing)), mp_context=context) as pool:
            list(pool.map(_write_one, [folder] * len(missing), missing))
    else:
        for segment in missing:
            _write_one(folder, segment)
    return len(missing)


def _segment_paths(folder: str | Path) -> list[tuple[str, Path]]:
    """Return (segment id, arrays path) of each segment of an index folder."""
    index = FileStorage(str(folder), supports_mmap=False).open_index()
    with index.reader() as reader:
        return [(leaf.segment().segment_id(), segment_file(folder, leaf))
                for leaf, _ in reader.leaf_readers()]


def _write_one(folder: str | Path, segment: str) -> None:
    """Write the arrays of one segment of an index folder."""
    # Mapped files make Whoosh's block reads several times faster; this process is short-lived.
    index = FileStorage(str(folder)).open_index()
    with index.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            if leaf.segment().segment_id() == segment:
                _write_segment(leaf, segment_file(folder, leaf))


def _write_segment(leaf, path: Path) -> None:
    """Write one segment's arrays: a JSON header of terms and offsets, then the arrays.

    Positions stay in Whoosh's encoding (a pickle per posting), copied as bytes with each
    posting's length: decoding every one at reindex took longer than writing the index,
    while a query decodes at most a few hundred.
    """
    header, parts = {}, {"ids": [], "frequencies": [], "lengths": [], "values": []}
    counts = {"postings": 0, "lengths": 0, "values": 0}
    for field in ARRAY_FIELDS:
        spec = header[field] = {"terms": [], "starts": [counts["postings"]]}
        if field in POSITION_FIELDS:
            spec["lengths"], spec["values"] = [counts["lengths"]], [counts["values"]]
        for text, ids, frequencies, lengths, values in _field_postings(leaf, field):
            spec["terms"].append(text)
            for name, part in (("ids", ids), ("frequencies", frequencies)):
                parts[name].append(part)
            counts["postings"] += len(ids)
            spec["starts"].append(counts["postings"])
            if lengths is not None:
                parts["lengths"].append(lengths)
                parts["values"].append(values)
                counts["lengths"] += len(lengths)
                counts["values"] += len(values)
                spec["lengths"].append(counts["lengths"])
                spec["values"].append(counts["values"])
    encoded = json.dumps({"fields": header, **counts}).encode("utf-8")
    partial = path.with_suffix(".partial")
    with partial.open("wb") as out:
        out.write(MAGIC + len(encoded).to_bytes(8, "little") + encoded)
        for name, dtype in (("ids", "<i4"), ("frequencies", "<f4"), ("lengths", "<u4")):
            for part in parts[name]:
                out.write(part.astype(dtype).tobytes())
        out.writelines(parts["values"])
    os.replace(partial, path)


def _field_postings(leaf, field: str):
    """Yield (term, ids, frequencies, value lengths, values) for each term of a segment's field.

    Lengths and values are None in fields without positions.
    """
    with_positions = field in POSITION_FIELDS
    for raw in leaf.lexicon(field):
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        ids, frequencies, values = [], [], []
        for block in posting_blocks(raw_postings(leaf, field, text), with_positions):
            ids.append(block[0])
            frequencies.append(block[1])
            values.extend(block[2] or ())
        lengths = np.fromiter(map(len, values), dtype=np.uint32, count=len(values)) \
            if with_positions else None
        yield (text, np.concatenate(ids), np.concatenate(frequencies), lengths,
               b"".join(values) if with_positions else None)


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


def decode_positions(value: bytes) -> list[int]:
    """Return the positions of one posting from Whoosh's encoding: a count, pickled gaps.

    >>> decode_positions(b"\\x00\\x00\\x00\\x02" + pickle.dumps([3, 2], 2))
    [3, 5]
    """
    gaps = pickle.loads(value[4:] if value.endswith(b".") else value[4:] + b".")
    return list(accumulate(gaps))


class TermArrays:
    """The posting arrays of one segment, opened for reading; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_RDONLY)
        head = os.pread(self._fd, 16, 0)
        if head[:8] != MAGIC:
            os.close(self._fd)
            raise ValueError(f"{path} is not a posting arrays file of this version")
        length = int.from_bytes(head[8:], "little")
        header = json.loads(os.pread(self._fd, length, 16))
        fields = header["fields"]
        self._ids_at = 16 + length
        self._frequencies_at = self._ids_at + 4 * header["postings"]
        self._lengths_at = self._frequencies_at + 4 * header["postings"]
        self._values_at = self._lengths_at + 4 * header["lengths"]
        self._specs = fields
        self._numbers = {field: {t: i for i, t in enumerate(spec["terms"])}
                         for field, spec in fields.items()}

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)

    def postings(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Return a term's segment-local document numbers and frequencies, None if absent."""
        number = self._numbers[field].get(text)
        if number is None:
            return None
        start, end = self._specs[field]["starts"][number:number + 2]
        return (self._read(self._ids_at + 4 * start, end - start, "<i4").astype(np.int32),
                self._read(self._frequencies_at + 4 * start, end - start, "<f4").astype(np.float32))

    def values(self, field: str, text: str) -> tuple[np.ndarray, bytes]:
        """Return the byte length of each posting's encoded positions, and those bytes."""
        number = self._numbers[field].get(text)
        if number is None:
            return np.zeros(0, dtype=np.uint32), b""
        spec = self._specs[field]
        first, last = spec["lengths"][number:number + 2]
        start, end = spec["values"][number:number + 2]
        lengths = self._read(self._lengths_at + 4 * first, last - first, "<u4").astype(np.uint32)
        return lengths, os.pread(self._fd, end - start, self._values_at + start)

    def expand(self, field: str, prefix: str) -> list[tuple[str, int]]:
        """Return the field's terms starting with a prefix, with their document counts."""
        terms, starts = self._specs[field]["terms"], self._specs[field]["starts"]
        found = []
        for number in range(bisect_left(terms, prefix), len(terms)):
            if not terms[number].startswith(prefix):
                break
            found.append((terms[number], starts[number + 1] - starts[number]))
        return found

    def _read(self, offset: int, count: int, dtype: str) -> np.ndarray:
        """Read count values of a type from the file."""
        size = np.dtype(dtype).itemsize
        return np.frombuffer(os.pread(self._fd, size * count, offset), dtype=dtype)
