"""A manifest's records (id, fingerprint) kept in its file, found by id or fingerprint.

manifest.json is one JSON object, {"id": "fingerprint", ...}, as json.dumps writes it. Held
as a dict, 100k news articles' ids and fingerprints took about 250 bytes an article of the
build's parent, growing with the corpus; here a record costs where it starts in the file
(8 bytes) and its key's hash in an index (16 bytes). A record is read back from the file,
and its key compared, only when the hash matches.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from array import array
from collections.abc import Iterator
from pathlib import Path

import numpy as np

# One record, after the "{" or ", " before it; strings as json.dumps writes them (ASCII).
RECORD_RE = re.compile(rb'[{, ]*"((?:[^"\\]|\\.)*)": "((?:[^"\\]|\\.)*)"')
READ_PIECE = 1 << 20  # bytes of a manifest read at a time
LATEST = 1 << 15  # hashes held in a dict before they join the sorted arrays
key_hash = hash  # a str's hash, cached in the str: 64 bits, this process only


class HashIndex:
    """Record numbers by the hash of their key: sorted arrays, and a dict of the latest."""

    def __init__(self) -> None:
        self._hashes = np.zeros(0, dtype=np.int64)
        self._records = np.zeros(0, dtype=np.int64)
        self._latest: dict[int, int] = {}

    def add(self, key: str, record: int) -> None:
        """Index a record under its key."""
        code = key_hash(key)
        if code in self._latest:  # another key of the same hash: the sorted arrays hold both
            self._settle()
        self._latest[code] = record
        if len(self._latest) >= LATEST:
            self._settle()

    def candidates(self, key: str) -> list[int]:
        """Return the records, in order, whose key has the hash of this key."""
        code = key_hash(key)
        start = int(np.searchsorted(self._hashes, code))
        end = int(np.searchsorted(self._hashes, code, side="right"))
        found = self._records[start:end].tolist()
        return [*found, self._latest[code]] if code in self._latest else found

    def _settle(self) -> None:
        """Move the latest hashes into the sorted arrays (records stay in order within a hash)."""
        count = len(self._latest)
        hashes = np.concatenate([self._hashes, np.fromiter(self._latest, np.int64, count)])
        records = np.concatenate([self._records,
                                  np.fromiter(self._latest.values(), np.int64, count)])
        order = np.argsort(hashes, kind="stable")
        self._hashes, self._records, self._latest = hashes[order], records[order], {}


class ManifestFile:
    """The records of one manifest file, indexed by id (and by fingerprint if asked)."""

    def __init__(self, handle, path: Path | None, claimable=None) -> None:
        self._handle, self.path = handle, path
        self._starts = array("q")
        self._end = 0  # where the last record ends
        self._ids = HashIndex()
        self._claimable, self._fingerprints = claimable, HashIndex()
        self.claimable = 0  # records indexed by fingerprint
        self._unflushed = self._writing = False

    @classmethod
    def create(cls, path: Path | None, claimable=None) -> ManifestFile:
        """Start writing a manifest file (an anonymous temporary file if path is None),
        its records indexed by fingerprint too where claimable(fingerprint)."""
        # the file stays open as long as the records: close() or finish() closes it
        handle = tempfile.TemporaryFile() if path is None else open(path, "w+b")  # noqa: SIM115
        handle.write(b"{")
        records = cls(handle, path, claimable)
        records._end, records._writing = 1, True
        return records

    @classmethod
    def read(cls, path: Path, claimable) -> ManifestFile:
        """Index a manifest file's records, by fingerprint too where claimable(fingerprint).

        :raises ValueError: when the file is not a manifest.
        """
        records = cls(open(path, "rb"), path, claimable)  # noqa: SIM115 (close() closes it)
        try:
            for start, end, doc_id, fingerprint in _scan(records._handle.fileno()):
                records._index(start, doc_id, fingerprint)
                records._end = end
        except BaseException:
            records.close()
            raise
        return records

    def _index(self, start: int, doc_id: str, fingerprint: str) -> None:
        """Index the record that starts at start as the next one."""
        number = len(self._starts)
        self._starts.append(start)
        self._ids.add(doc_id, number)
        if self._claimable is not None and self._claimable(fingerprint):
            self._fingerprints.add(fingerprint, number)
            self.claimable += 1

    def __len__(self) -> int:
        return len(self._starts)

    def __contains__(self, doc_id: str) -> bool:
        return self.get(doc_id) is not None

    def add(self, doc_id: str, fingerprint: str) -> None:
        """Append a record (its id not yet in the file)."""
        text = f'{", " if self._starts else ""}{json.dumps(doc_id)}: {json.dumps(fingerprint)}'
        self._index(self._end, doc_id, fingerprint)
        self._handle.write(text.encode("ascii"))
        self._end += len(text)
        self._unflushed = True

    def get(self, doc_id: str) -> str | None:
        """Return the fingerprint recorded for an id, or None."""
        for number in self._ids.candidates(doc_id):
            found, fingerprint = self._record(number)
            if found == doc_id:
                return fingerprint
        return None

    def id_of(self, fingerprint: str) -> str | None:
        """Return the id of the last record of a fingerprint indexed as claimable, or None."""
        for number in reversed(self._fingerprints.candidates(fingerprint)):
            doc_id, found = self._record(number)
            if found == fingerprint:
                return doc_id
        return None

    def items(self) -> Iterator[tuple[str, str]]:
        """Yield every (id, fingerprint) in the order recorded."""
        self._flush()
        for _, _, doc_id, fingerprint in _scan(self._handle.fileno(), self._end):
            yield doc_id, fingerprint

    def finish(self, target: Path) -> None:
        """End the file and move it to target (on the same file system)."""
        self._handle.write(b"}")
        self._handle.flush()
        self._handle.close()
        self._writing = False
        os.replace(self.path, target)

    def close(self) -> None:
        """Close the file; a file being written is removed."""
        self._handle.close()
        if self._writing and self.path is not None:
            Path(self.path).unlink(missing_ok=True)

    def _record(self, number: int) -> tuple[str, str]:
        """Read one record back from the file."""
        self._flush()
        start = self._starts[number]
        end = self._starts[number + 1] if number + 1 < len(self._starts) else self._end
        match = RECORD_RE.match(os.pread(self._handle.fileno(), end - start, start))
        return _text(match[1]), _text(match[2])

    def _flush(self) -> None:
        """Write out what was appended, before reading the file."""
        if self._unflushed:
            self._handle.flush()
            self._unflushed = False


def _text(raw: bytes) -> str:
    """Return the string a JSON string's inside (without its quotes) stands for."""
    return json.loads(b'"' + raw + b'"') if b"\\" in raw else raw.decode("ascii")


def _scan(descriptor: int, limit: int | None = None) -> Iterator[tuple[int, int, str, str]]:
    """Yield (start, end, id, fingerprint) of each record of a manifest file, read a piece
    at a time (up to limit bytes, or all of a finished file).

    :raises ValueError: when what follows the records of a finished file is not its end.
    """
    buffer, base, offset = b"", 0, 0
    while True:
        size = READ_PIECE if limit is None else min(READ_PIECE, limit - offset)
        piece = os.pread(descriptor, size, offset) if size > 0 else b""
        offset += len(piece)
        buffer += piece
        position = 0
        while (match := RECORD_RE.match(buffer, position)) and \
                (match.end() < len(buffer) or not piece):
            yield base + match.start(), base + match.end(), _text(match[1]), _text(match[2])
            position = match.end()
        buffer, base = buffer[position:], base + position
        if not piece:
            break
    if limit is None and buffer.strip() not in (b"}", b"{}"):
        raise ValueError("Not a manifest: it does not end as a JSON object of strings.")
