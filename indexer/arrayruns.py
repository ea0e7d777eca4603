"""A segment's posting arrays written in runs, then merged in bounded memory.

A worker's segment used to end whenever its postings passed its share of build_memory_mb:
the 100k-article build wrote 8 segments (a million articles would write ~80), and a query
reads each of its terms from every segment. Now the writer writes its postings to a run
file beside the segment and starts its buffer again; when the segment ends, its arrays are
merged from the runs, and each worker writes one segment whatever the corpus. The runs of
one segment hold consecutive documents, so a term's postings are its runs' postings one
after the other. The merge holds a piece of each run's terms and a chunk of postings, and
merges the runs' terms a window at a time with numpy (a loop over each term of each run
took 0.84 of 1.05 s for a worker's runs at 30k articles).
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from search.termarrays import (
    ARRAY_FIELDS,
    FIXED_TYPES,
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
# Values a stretch of entries of one run must average to be sliced whole rather than taken
# value by value: 0.6-0.8 us a slice against 7-19 ns a value taken, crossing near 80.
SLICE_VALUES = 80


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

    def pieces(self, field: str) -> Iterator[tuple]:
        """Yield the field's terms a piece at a time, in order, as (terms as UTF-8, their
        first postings and the end, their first positions and the end (zeros without),
        whether the piece is the last)."""
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
            starts = self.values(field, "starts", done, len(terms) + 1).astype(np.int64)
            pstarts = (self.values(field, "pstarts", done, len(terms) + 1).astype(np.int64)
                       if field in POSITION_FIELDS else np.zeros(len(terms) + 1, np.int64))
            done += len(terms)
            yield terms, starts, pstarts, done == count

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
        cursors = [_Cursor(number, run.pieces(field)) for number, run in enumerate(runs)]
        while any(cursor.terms for cursor in cursors):
            merged.add(*_merged_window(cursors))
        merged.finish()
    except BaseException:
        merged.remove()
        raise
    return merged


class _Cursor:
    """A run's terms of a field, the piece read last held, the ones before it merged."""

    def __init__(self, number: int, pieces: Iterator[tuple]) -> None:
        self.number, self._pieces = number, pieces
        self.terms: list[bytes] = []
        self.next()

    def next(self) -> None:
        """Hold the next piece of terms (none when the run has no more)."""
        self.terms, self.starts, self.pstarts, self.last = next(self._pieces,
                                                                ([], None, None, True))
        self.done = 0  # terms of the piece merged

    def take(self, bound: bytes | None) -> tuple:
        """Return (terms, 5 arrays: run, first posting, postings, first position, positions)
        of the held terms up to bound (None: all), and let them go."""
        low = self.done
        high = len(self.terms) if bound is None else bisect_right(self.terms, bound, low)
        starts, pstarts = self.starts[low:high + 1], self.pstarts[low:high + 1]
        entries = (np.full(high - low, self.number, np.int64), starts[:-1], np.diff(starts),
                   pstarts[:-1], np.diff(pstarts))
        terms, self.done = self.terms[low:high], high
        if high == len(self.terms):
            self.next()
        return terms, entries


def _merged_window(cursors: list[_Cursor]) -> tuple:
    """Merge the held terms of every run up to the first term some run's held piece ends
    with (every run's terms up to it are held); return (terms, each term's postings, each
    term's positions, its runs' entries in order: 5 arrays as _Cursor.take gives them)."""
    bound = min((cursor.terms[-1] for cursor in cursors if not cursor.last), default=None)
    taken = [cursor.take(bound) for cursor in cursors if cursor.terms]
    words = []
    for terms, _ in taken:
        words += terms
    # bytes sort as str (UTF-8); sorted() merges the runs' sorted terms, dict.fromkeys
    # drops repeats (8.3 ms against 12 for sorted(set()), 30k terms)
    terms = list(dict.fromkeys(sorted(words)))
    rank = dict(zip(terms, range(len(terms))))
    ranks = np.fromiter(map(rank.__getitem__, words), dtype=np.int64, count=len(words))
    order = np.argsort(ranks, kind="stable")  # a term's runs stay in order
    entries = [np.concatenate(column)[order] for column in zip(*(e for _, e in taken))]
    firsts = np.flatnonzero(np.diff(ranks[order], prepend=-1))  # each term's first entry
    return (terms, np.add.reduceat(entries[2], firsts) if len(firsts) else firsts,
            np.add.reduceat(entries[4], firsts) if len(firsts) else firsts, entries)


class _MergedField:
    """One field's merged arrays, written to a file per part as chunks fill."""

    def __init__(self, field: str, runs: list[_Run], stem: Path) -> None:
        self.field, self.runs = field, runs
        self.paths = {part: stem.with_suffix(f"{stem.suffix}-{part}")
                      for part in (*part_order(field), "words")}
        self.files = {part: path.open("wb") for part, path in self.paths.items()}
        self.types = {**FIXED_TYPES, "freqs": _widest(runs, field, "freqs")}
        if field in POSITION_FIELDS:
            self.types["positions"] = _widest(runs, field, "positions")
        self.count, self.postings, self.positions = 0, 0, 0
        self.held: list[tuple] = []  # entries (5 arrays) not yet gathered
        self.holding = [0, 0]  # their postings and positions

    def add(self, terms: list[bytes], postings: np.ndarray, positions: np.ndarray,
            entries: list[np.ndarray]) -> None:
        """Add terms (in order, after those added before), each term's postings and
        positions, and the runs' entries of them in order."""
        if not terms:
            return
        self._write("starts", self.postings + np.cumsum(postings) - postings)
        if self.field in POSITION_FIELDS:
            self._write("pstarts", self.positions + np.cumsum(positions) - positions)
        self.files["words"].write((b"\n" if self.count else b"") + b"\n".join(terms))
        self.count += len(terms)
        self.postings += int(postings.sum())
        self.positions += int(positions.sum())
        self._hold(entries)

    def _hold(self, entries: list[np.ndarray]) -> None:
        """Hold entries, gathering them a chunk at a time: the entries up to the first that
        brings the postings or positions held to CHUNK, then the next ones."""
        reach = np.maximum(np.cumsum(entries[2]) + self.holding[0],
                           np.cumsum(entries[4]) + self.holding[1])
        done = 0
        while done < len(reach):
            cut = min(int(np.searchsorted(reach, CHUNK)) + 1, len(reach))
            self.held.append(tuple(column[done:cut] for column in entries))
            self.holding = [self.holding[0] + int(entries[2][done:cut].sum()),
                            self.holding[1] + int(entries[4][done:cut].sum())]
            if max(self.holding) >= CHUNK:
                self.flush()
                reach -= reach[cut - 1]
            done = cut

    def flush(self) -> None:
        """Write the postings and positions of the entries held, in order."""
        if not self.held:
            return
        runs, firsts, counts, pfirsts, pcounts = (np.concatenate(column)
                                                  for column in zip(*self.held))
        self._write("ids", self._gather("ids", runs, firsts, counts))
        self._write("freqs", self._gather("freqs", runs, firsts, counts))
        if self.field in POSITION_FIELDS:
            self._write("positions", self._gather("positions", runs, pfirsts, pcounts))
        self.held, self.holding = [], [0, 0]

    def finish(self) -> None:
        """Write what is held and the ends of the last term's postings and positions."""
        self.flush()
        self._write("starts", np.array([self.postings]))
        if self.field in POSITION_FIELDS:
            self._write("pstarts", np.array([self.positions]))
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
                counts: np.ndarray) -> np.ndarray | bytes:
        """Return the values of a part of entries, entry after entry, in the part's type. A
        run's entries among them are consecutive terms of it: its span of values is read at
        once, and each stretch of its entries is one piece of the span."""
        heads = np.flatnonzero(np.diff(runs, prepend=-1))
        tails = np.append(heads[1:], len(runs)) - 1
        owners, lows, highs = runs[heads], firsts[heads], firsts[tails] + counts[tails]
        spans, bases, at = [], np.zeros(len(self.runs), dtype=np.int64), 0
        for run in np.unique(owners).tolist():
            mine = owners == run
            low = int(lows[mine][0])
            spans.append(self.runs[run].values(self.field, part, low, int(highs[mine][-1]) - low)
                         .astype(self.types[part], copy=False))
            bases[run], at = at - low, at + len(spans[-1])
        lows += bases[owners]  # now where each stretch starts in the spans one after the other
        highs += bases[owners]
        whole = spans[0] if len(spans) == 1 else np.concatenate(spans or [np.zeros(0, np.int8)])
        if len(heads) * SLICE_VALUES < at:  # few long stretches: copy each at once
            size, values = self.types[part].itemsize, memoryview(whole).cast("B")
            return b"".join([values[low * size:high * size]
                             for low, high in zip(lows.tolist(), highs.tolist())])
        lengths = highs - lows
        index = np.repeat(lows - (np.cumsum(lengths) - lengths), lengths)
        index += np.arange(len(index), dtype=np.int64)
        return whole.take(index)

    def _write(self, part: str, values: np.ndarray | bytes) -> None:
        """Append values to a part's file in the part's type (bytes: already in it)."""
        self.files[part].write(values if isinstance(values, bytes)
                               else np.ascontiguousarray(values, dtype=self.types[part]))


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
