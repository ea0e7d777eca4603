"""Flat posting arrays of a Whoosh segment, written once at reindex, read with pread.

Reading a common term from Whoosh unpickles hundreds of compressed blocks in Python
(several ms each time a worker first meets the term: most of a query at 100k articles).
The same postings laid out as one int32 array of document numbers and one uint16 array
of frequencies are a single read. The file is named after its segment, so Whoosh removes
it with the segment when segments merge.
"""

from __future__ import annotations

import json
import os
import pickle
from bisect import bisect_left
from pathlib import Path

import numpy as np
from whoosh.filedb.filestore import FileStorage

# Fields read to match, score and check word order; title_p (many tiny terms) and id stay
# with Whoosh. Positions are kept for the fields phrases and adjacency are checked in.
ARRAY_FIELDS = ("title", "title_f", "body", "body_f", "body_pos")
POSITION_FIELDS = ("title_f", "body_pos")
SUFFIX = ".vpt"
MAGIC = b"VPTERMS2"


def segment_file(folder: Path, leaf) -> Path:
    """Return the path of a segment's posting arrays."""
    return Path(folder) / (leaf.segment().segment_id() + SUFFIX)


def write_term_arrays(folder: str | Path) -> int:
    """Write the posting arrays of every segment of an index folder that lacks them.

    Return the number of segments written. Segments kept from an earlier generation
    (hard-linked) already have theirs.
    """
    index = FileStorage(str(folder), supports_mmap=False).open_index()
    written = 0
    with index.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            path = segment_file(folder, leaf)
            if not path.exists():
                _write_segment(leaf, path)
                written += 1
    return written


def _write_segment(leaf, path: Path) -> None:
    """Write one segment's arrays: a JSON header of terms and offsets, then the arrays."""
    header, arrays, counts = {}, {"ids": [], "frequencies": [], "positions": []}, [0, 0]
    for field in ARRAY_FIELDS:
        spec = header[field] = {"terms": [], "starts": [counts[0]]}
        if field in POSITION_FIELDS:
            spec["positions"] = [counts[1]]
        for text, ids, frequencies, positions in _field_postings(leaf, field):
            spec["terms"].append(text)
            arrays["ids"].append(ids)
            arrays["frequencies"].append(frequencies)
            counts[0] += len(ids)
            spec["starts"].append(counts[0])
            if positions is not None:
                arrays["positions"].append(positions)
                counts[1] += len(positions)
                spec["positions"].append(counts[1])
    encoded = json.dumps({"fields": header, "postings": counts[0]}).encode("utf-8")
    partial = path.with_suffix(".partial")
    with partial.open("wb") as out:
        out.write(MAGIC + len(encoded).to_bytes(8, "little") + encoded)
        for name, dtype in (("ids", "<i4"), ("frequencies", "<f4"), ("positions", "<u4")):
            for part in arrays[name]:
                out.write(part.astype(dtype).tobytes())
    os.replace(partial, path)


def _field_postings(leaf, field: str):
    """Yield (term, ids, frequencies, positions or None) for each term of a segment's field."""
    with_positions = field in POSITION_FIELDS
    for raw in leaf.lexicon(field):
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        ids, frequencies, deltas = [], [], []
        for block in posting_blocks(raw_postings(leaf, field, text), with_positions):
            ids.append(block[0])
            frequencies.append(block[1])
            deltas.extend(block[2] or ())
        frequencies = np.concatenate(frequencies)
        positions = None
        if with_positions:
            # the position count is the frequency; stored exactly, it locates each posting's
            counts = np.array([len(d) for d in deltas], dtype=np.int64)
            positions, frequencies = _positions(deltas, counts), counts.astype(np.float32)
        yield text, np.concatenate(ids), frequencies, positions


def _positions(deltas: list[list[int]], counts: np.ndarray) -> np.ndarray:
    """Return the absolute positions of postings from Whoosh's per-posting gaps.

    >>> _positions([[3, 2], [0, 4, 1]], np.array([2, 3])).tolist()
    [3, 5, 0, 4, 5]
    """
    flat = np.fromiter((g for d in deltas for g in d), dtype=np.int64, count=int(counts.sum()))
    running = np.cumsum(flat)
    firsts = np.cumsum(counts) - counts
    # each posting's gaps restart from 0: subtract what the earlier postings summed to
    return (running - np.repeat(running[firsts] - flat[firsts], counts)).astype(np.uint32)


def raw_postings(leaf, field: str, text: str):
    """Return a segment's leaf matcher for a term, without Whoosh's deletion filter.

    Deleted documents are dropped through the live mask instead.
    """
    matcher = leaf.postings(field, text)
    return getattr(matcher, "child", matcher)


def posting_blocks(matcher, with_positions: bool = False):
    """Yield (ids, weights, position gaps per posting or None) of each block of a leaf matcher."""
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        gaps = None
        if with_positions:
            matcher._read_values()
            gaps = [_gaps(value) for value in matcher._values]
        yield (np.asarray(matcher._ids, dtype=np.int32),
               np.asarray(matcher._weights, dtype=np.float32), gaps)
        matcher._next_block()


def _gaps(value: bytes) -> list[int]:
    """Return the position gaps Whoosh's Positions format pickles after a 4-byte count."""
    return pickle.loads(value[4:] if value.endswith(b".") else value[4:] + b".")


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
        self._positions_at = self._frequencies_at + 4 * header["postings"]
        self._terms = {field: spec["terms"] for field, spec in fields.items()}
        self._starts = {field: spec["starts"] for field, spec in fields.items()}
        self._position_starts = {field: spec["positions"] for field, spec in fields.items()
                                 if "positions" in spec}
        self._numbers = {field: {t: i for i, t in enumerate(terms)}
                         for field, terms in self._terms.items()}

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)

    def postings(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Return a term's segment-local document numbers and frequencies, None if absent."""
        number = self._numbers[field].get(text)
        if number is None:
            return None
        start, end = self._starts[field][number], self._starts[field][number + 1]
        return (self._read(self._ids_at + 4 * start, end - start, "<i4").astype(np.int32),
                self._read(self._frequencies_at + 4 * start, end - start, "<f4").astype(np.float32))

    def positions(self, field: str, text: str) -> np.ndarray:
        """Return every position of a term, posting after posting (the frequencies say how many)."""
        number = self._numbers[field].get(text)
        if number is None:
            return np.zeros(0, dtype=np.uint32)
        start, end = self._position_starts[field][number], self._position_starts[field][number + 1]
        return self._read(self._positions_at + 4 * start, end - start, "<u4").astype(np.uint32)

    def expand(self, field: str, prefix: str) -> list[tuple[str, int]]:
        """Return the field's terms starting with a prefix, with their document counts."""
        terms, starts = self._terms[field], self._starts[field]
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
