"""A segment's posting arrays written in runs, then merged term by term in bounded memory.

A worker's segment used to end whenever its postings passed its share of build_memory_mb:
the 100k-article build wrote 8 segments (a million articles would write ~80), and a query
reads each of its terms from every segment. Now the writer writes its postings to a run
file beside the segment and starts its buffer again; when the segment ends, its arrays are
merged from the runs, and each worker writes one segment whatever the corpus. The runs of
one segment hold consecutive documents, so a term's postings are its runs' postings one
after the other. The merge holds a piece of each run's terms and a chunk of postings.
"""

from __future__ import annotations

import heapq
import os
from array import array
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from search.termarrays import (
    ARRAY_FIELDS,
    POSITION_FIELDS,
    SUFFIX,
    part_order,
    read_header,
    read_values,
    write_parts,
)

RUN_PREFIX = "postings-"  # of run files and of the parts of a merge, in the build's folder
PIECE_BYTES = 1 << 16  # of a run's terms read at a time
CHUNK = 1 << 20  # postings, or positions, gathered before they are written
COPY_BYTES = 1 << 22  # read at a time when the merged parts are put together


def run_file(arrays_file: Path, number: int) -> Path:
    """Return the path of a segment's number-th run, in the segment's folder (not named
    after the segment: Whoosh would pack it into the segment's compound file)."""
    return arrays_file.with_name(f"{RUN_PREFIX}{arrays_file.stem}-{number}{SUFFIX}")


class _Run:
    """A run file opened to be merged."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_RDONLY)
        self.spec = read_header(self.fd)

    def values(self, field: str, part: str, start: int, count: int) -> np.ndarray:
        """Read count values of a part of a field's arrays, from the start-th on."""
        at, dtype = self.spec[field][part]
        return read_values(self.fd, at, np.dtype(dtype), start, count)

    def entries(self, number: int, field: str) -> Iterator[tuple]:
        """Yield (term as UTF-8, number, first posting, postings, first position, positions)
        of each of the field's terms in order (UTF-8 sorts as the writer's str order)."""
        count, (at, length) = self.spec[field]["terms"], self.spec[field]["words"]
        done, read, carry = 0, 0, b""
        while done < count:
            piece = carry + os.pread(self.fd, min(PIECE_BYTES, length - read), at + read)
            read += len(piece) - len(carry)
            cut = len(piece) if read >= length else piece.rfind(b"\n")
            if cut < 0:  # one term longer than a piece
                carry = piece
                continue
            terms, carry = piece[:cut].split(b"\n"), piece[cut + 1:]
            starts = self.values(field, "starts", done, len(terms) + 1).tolist()
            pstarts = (self.values(field, "pstarts", done, len(terms) + 1).tolist()
                       if field in POSITION_FIELDS else [0] * (len(terms) + 1))
            for k, term in enumerate(terms):
                yield (term, number, starts[k], starts[k + 1] - starts[k],
                       pstarts[k], pstarts[k + 1] - pstarts[k])
            done += len(terms)

    def close(self) -> None:
        """Close the run's file."""
        os.close(self.fd)


def merge_runs(runs: list[Path], arrays_file: Path) -> None:
    """Write a segment's arrays file from its runs (in document order), field by field."""
    opened = [_Run(path) for path in runs]
    merged = []
    try:
        for field in ARRAY_FIELDS:
            stem = arrays_file.with_name(f"{RUN_PREFIX}{arrays_file.stem}.{field}")
            merged.append(_merged_field(opened, field, stem))
        write_parts(arrays_file, (field.parts() for field in merged))
    finally:
        for run in opened:
            run.close()
        for field in merged:
            field.remove()


def _merged_field(runs: list[_Run], field: str, stem: Path) -> _MergedField:
    """Merge one field's postings of every run into part files."""
    merged = _MergedField(field, runs, stem)
    try:
        for entry in heapq.merge(*(run.entries(number, field) for number, run in enumerate(runs))):
            merged.add(*entry)
        merged.finish()
    except BaseException:
        merged.remove()
        raise
    return merged


class _MergedField:
    """One field's merged arrays, written to a file per part as chunks fill."""

    def __init__(self, field: str, runs: list[_Run], stem: Path) -> None:
        self.field, self.runs = field, runs
        self.paths = {part: stem.with_suffix(f"{stem.suffix}-{part}")
                      for part in (*part_order(field), "words")}
        self.files = {part: path.open("wb") for part, path in self.paths.items()}
        self.types = {"ids": np.dtype("<i4"), "starts": np.dtype("<i8"),
                      "pstarts": np.dtype("<i8"), "freqs": _widest(runs, field, "freqs")}
        if field in POSITION_FIELDS:
            self.types["positions"] = _widest(runs, field, "positions")
        self.count, self.postings, self.positions = 0, 0, 0
        self.last, self.terms, self.wrote_words = None, [], False
        self.starts, self.pstarts = array("q"), array("q")
        # run, first posting, postings, first position, positions of each piece held
        self.pieces = [array("q") for _ in range(5)]
        self.held = [0, 0]  # postings and positions held

    def add(self, term: bytes, run: int, first: int, count: int, first_position: int,
            positions: int) -> None:
        """Add a run's postings of a term (terms in order, a term's runs in order)."""
        if term != self.last:
            self.last = term
            self.terms.append(term)
            self.count += 1
            self.starts.append(self.postings)
            self.pstarts.append(self.positions)
        for values, value in zip(self.pieces, (run, first, count, first_position, positions)):
            values.append(value)
        self.postings += count
        self.positions += positions
        self.held[0] += count
        self.held[1] += positions
        if max(self.held) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        """Write the pieces held, in order, and the terms and starts met so far."""
        runs, firsts, counts, pfirsts, pcounts = (np.frombuffer(values, dtype=np.int64)
                                                  for values in self.pieces)
        self._write("ids", self._gather("ids", runs, firsts, counts))
        self._write("freqs", self._gather("freqs", runs, firsts, counts))
        if self.field in POSITION_FIELDS:
            self._write("positions", self._gather("positions", runs, pfirsts, pcounts))
            self._write("pstarts", np.frombuffer(self.pstarts, dtype=np.int64))
        self._write("starts", np.frombuffer(self.starts, dtype=np.int64))
        if self.terms:
            if self.wrote_words:
                self.files["words"].write(b"\n")
            self.files["words"].write(b"\n".join(self.terms))
            self.wrote_words = True
        self.terms, self.starts, self.pstarts = [], array("q"), array("q")
        self.pieces = [array("q") for _ in range(5)]
        self.held = [0, 0]

    def finish(self) -> None:
        """Write what is held and the ends of the last term's postings and positions."""
        self.starts.append(self.postings)
        if self.field in POSITION_FIELDS:
            self.pstarts.append(self.positions)
        self.flush()
        for file in self.files.values():
            file.close()

    def parts(self) -> tuple:
        """Return (name, term count, parts, words) as write_parts takes them."""
        parts = {part: (self.types[part].str, _chunks(self.paths[part]))
                 for part in part_order(self.field)}
        return self.field, self.count, parts, _chunks(self.paths["words"])

    def remove(self) -> None:
        """Close and remove the part files."""
        for part, file in self.files.items():
            file.close()
            self.paths[part].unlink(missing_ok=True)

    def _gather(self, part: str, runs: np.ndarray, firsts: np.ndarray,
                counts: np.ndarray) -> np.ndarray:
        """Return the values of the pieces of a part, piece after piece: each run's span of
        them read at once, then taken in the pieces' order."""
        blocks, offsets, at = [], np.zeros(len(self.runs), dtype=np.int64), 0
        for run in np.unique(runs).tolist():
            mine = runs == run
            low = int(firsts[mine][0])
            high = int(firsts[mine][-1] + counts[mine][-1])
            blocks.append(self.runs[run].values(self.field, part, low, high - low))
            offsets[run] = at - low
            at += high - low
        if not blocks:
            return np.zeros(0, self.types[part])
        source = firsts + offsets.take(runs)
        index = np.repeat(source - (np.cumsum(counts) - counts), counts)
        index += np.arange(len(index), dtype=np.int64)
        return np.concatenate(blocks).take(index)

    def _write(self, part: str, values: np.ndarray) -> None:
        """Append values to a part's file in the part's type."""
        self.files[part].write(values.astype(self.types[part]).tobytes())


def _widest(runs: list[_Run], field: str, part: str) -> np.dtype:
    """Return the widest type any run stores a part in: each run's is the narrowest holding
    its values, so this is the narrowest holding all of them."""
    return max((np.dtype(run.spec[field][part][1]) for run in runs),
               key=lambda dtype: dtype.itemsize, default=np.dtype("<u1"))


def _chunks(path: Path) -> Iterator[bytes]:
    """Yield a file's bytes a piece at a time."""
    with path.open("rb") as file:
        while chunk := file.read(COPY_BYTES):
            yield chunk
