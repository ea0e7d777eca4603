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
from pathlib import Path

import numpy as np
from whoosh.filedb.filestore import FileStorage
from whoosh.index import _DEF_INDEX_NAME, TOC
from whoosh.reading import SegmentReader

# Fields read to match, score and check word order; title_p (many tiny terms) and id stay
# with Whoosh. Positions are kept for the fields phrases and adjacency are checked in.
ARRAY_FIELDS = ("title", "title_f", "body", "body_f")
POSITION_FIELDS = ("title_f", "body_f")
SUFFIX = ".vpt"
MAGIC = b"VPTERMS5"
PREAMBLE = 24  # MAGIC, the header's length, the whole file's length


def segment_file(folder: str | Path, segment) -> Path:
    """Return the path of the posting arrays of a Whoosh segment."""
    return Path(folder) / (segment.segment_id() + SUFFIX)


def write_term_arrays(folder: str | Path, procs: int = 1) -> int:
    """Write the posting arrays of every segment of an index folder that lacks them.

    Return the number of segments written, in up to procs processes. Segments kept from
    an earlier generation (hard-linked) already have theirs.
    """
    missing = [segment.segment_id() for segment in _segments(folder)
               if not is_whole(segment_file(folder, segment))]
    if procs > 1 and len(missing) > 1:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(procs, len(missing)), mp_context=context) as pool:
            list(pool.map(_write_one, [folder] * len(missing), missing))
    else:
        for segment in missing:
            _write_one(folder, segment)
    return len(missing)


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


def _segments(folder: str | Path) -> list:
    """Return the Whoosh segments an index folder's table of contents lists."""
    return TOC.read(FileStorage(str(folder)), _DEF_INDEX_NAME).segments


def _write_one(folder: str | Path, segment_id: str) -> None:
    """Write the arrays of one segment of an index folder, opening only that segment."""
    # Mapped files make Whoosh's block reads several times faster; this process is short-lived.
    storage = FileStorage(str(folder))
    toc = TOC.read(storage, _DEF_INDEX_NAME)
    for segment in toc.segments:
        if segment.segment_id() == segment_id:
            with SegmentReader(storage, toc.schema, segment) as leaf:
                _write_segment(leaf, segment_file(folder, segment))


def _write_segment(leaf, path: Path) -> None:
    """Write one segment's arrays: a JSON header of terms and offsets, then the arrays."""
    header, parts = {}, {"ids": [], "frequencies": [], "positions": []}
    counts = {"postings": 0, "positions": 0}
    for field in ARRAY_FIELDS:
        spec = header[field] = {"terms": [], "starts": [counts["postings"]]}
        values, lengths = [], []
        for text, ids, frequencies, value_lengths, encoded in _field_postings(leaf, field):
            spec["terms"].append(text)
            parts["ids"].append(ids)
            counts["postings"] += len(ids)
            spec["starts"].append(counts["postings"])
            if encoded is None:
                parts["frequencies"].append(frequencies)
            else:
                values.append(encoded)
                lengths.append(value_lengths)
        if field in POSITION_FIELDS:
            frequencies, positions = decode_positions(b"".join(values), np.concatenate(
                lengths) if lengths else np.zeros(0, np.int64))
            parts["frequencies"].append(frequencies.astype(np.float32))
            parts["positions"].append(positions)
            # each term's first position: its postings' counts summed, term by term
            ends = np.concatenate([[0], np.cumsum(frequencies)])
            firsts = np.array(spec["starts"]) - spec["starts"][0]
            spec["positions"] = (ends[firsts] + counts["positions"]).tolist()
            counts["positions"] += len(positions)
    encoded = json.dumps({"fields": header, **counts}).encode("utf-8")
    partial = path.with_suffix(".partial")
    with partial.open("wb") as out:
        size = PREAMBLE + len(encoded) + 8 * counts["postings"] + 4 * counts["positions"]
        out.write(MAGIC + len(encoded).to_bytes(8, "little") + size.to_bytes(8, "little"))
        out.write(encoded)
        for name, dtype in (("ids", "<i4"), ("frequencies", "<f4"), ("positions", "<u4")):
            for part in parts[name]:
                out.write(part.astype(dtype).tobytes())
    os.replace(partial, path)


def _field_postings(leaf, field: str):
    """Yield (term, ids, frequencies, value lengths, encoded values) for each term of a field.

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
        lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values)) \
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


_K, _M, _J = ord("K"), ord("M"), ord("J")
_ARGUMENT_BYTES = np.zeros(256, dtype=np.int64)
_ARGUMENT_BYTES[[_K, _M, _J]] = [1, 2, 4]
_BATCH = 1000  # pickle splits longer lists into several batches: left to pickle.loads


def decode_positions(values: bytes, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return each posting's position count and all positions, from Whoosh's encodings.

    Whoosh stores a posting's positions as a 4-byte count and the pickled list of gaps
    (opcodes K, M, J for 1-, 2-, 4-byte integers). Unpickling one posting at a time took
    longer than writing the index, so every posting's n-th gap is read at once.

    >>> one, two = b"\\0\\0\\0\\1" + pickle.dumps([300], 2), b"\\0\\0\\0\\3" + pickle.dumps([5, 70000, 2], 2)
    >>> counts, positions = decode_positions(one + two, np.array([len(one), len(two)]))
    >>> counts.tolist(), positions.tolist()
    ([1, 3], [300, 5, 70005, 70007])
    """
    raw = np.frombuffer(values, dtype=np.uint8)
    starts = np.cumsum(lengths, dtype=np.int64) - lengths
    counts = _big_endian(raw, starts)
    firsts = np.cumsum(counts) - counts
    gaps = np.zeros(int(counts.sum()), dtype=np.int64)
    # after the count: PROTO 2, EMPTY_LIST, BINPUT 0, then MARK when there are several
    pointers = starts + 9 + (counts > 1)
    failed = _read_gaps(raw, pointers, counts, firsts, gaps)
    for posting in np.flatnonzero(failed | (counts > _BATCH)).tolist():
        value = values[starts[posting]:starts[posting] + lengths[posting]]
        gaps[firsts[posting]:firsts[posting] + counts[posting]] = _unpickled_gaps(value)
    running = np.cumsum(gaps)
    # each posting's gaps restart from 0: subtract what the earlier postings summed to
    base = np.repeat(running[firsts] - gaps[firsts], counts) if len(gaps) else gaps
    return counts, (running - base).astype(np.uint32)


def _read_gaps(raw, pointers, counts, firsts, gaps) -> np.ndarray:
    """Read the gaps of every posting in step, the k-th of each at once; return failures."""
    failed = np.zeros(len(counts), dtype=bool)
    active = np.flatnonzero((counts > 0) & (counts <= _BATCH))
    last = len(raw) - 1
    step = 0
    while active.size:
        at = pointers[active]
        opcode = raw[np.minimum(at, last)]
        failed[active[_ARGUMENT_BYTES[opcode] == 0]] = True
        value = sum(raw[np.minimum(at + 1 + i, last)].astype(np.int64) << (8 * i)
                    for i in range(4))
        width = _ARGUMENT_BYTES[opcode]
        value &= (np.int64(1) << (8 * np.maximum(width, 1))) - 1
        gaps[firsts[active] + step] = value
        pointers[active] = at + 1 + width
        step += 1
        active = active[counts[active] > step]
    return failed


def _big_endian(raw: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Return the 4-byte big-endian unsigned integers at some offsets."""
    return sum(raw[starts + i].astype(np.int64) << (8 * (3 - i)) for i in range(4)) \
        if len(starts) else np.zeros(0, dtype=np.int64)


def _unpickled_gaps(value: bytes) -> list[int]:
    """Return one posting's gaps the slow way, with pickle."""
    return pickle.loads(value[4:] if value.endswith(b".") else value[4:] + b".")


class TermArrays:
    """The posting arrays of one segment, opened for reading; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        descriptor = os.open(path, os.O_RDONLY)
        if not _whole(descriptor):
            os.close(descriptor)
            raise ValueError(f"{path} is damaged or of another version")
        self._fd = descriptor
        length = int.from_bytes(os.pread(self._fd, 8, 8), "little")
        header = json.loads(os.pread(self._fd, length, PREAMBLE))
        self._ids_at = PREAMBLE + length
        self._frequencies_at = self._ids_at + 4 * header["postings"]
        self._positions_at = self._frequencies_at + 4 * header["postings"]
        self._specs = header["fields"]
        self._numbers = {field: {t: i for i, t in enumerate(spec["terms"])}
                         for field, spec in self._specs.items()}

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

    def positions(self, field: str, text: str) -> np.ndarray:
        """Return every position of a term, posting after posting (the frequencies say how many)."""
        number = self._numbers[field].get(text)
        if number is None:
            return np.zeros(0, dtype=np.uint32)
        start, end = self._specs[field]["positions"][number:number + 2]
        return self._read(self._positions_at + 4 * start, end - start, "<u4").astype(np.uint32)

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
