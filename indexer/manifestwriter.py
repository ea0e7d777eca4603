"""This run's manifest, written without a Python object per article: a record kept from the
last manifest is its row number (4 bytes), a new or changed one goes to a spool file; the
JSON and keys files are assembled in bulk when the run ends, the kept rows copied as runs
of the last manifest's bytes."""

from __future__ import annotations

import hashlib
import itertools
import mmap
import os
import shutil
import struct
import tempfile
from array import array
from json.encoder import encode_basestring_ascii
from pathlib import Path

import numpy as np

from indexer.manifestfile import (
    FLAG_ESCAPED,
    FLAG_RENAMED,
    KEYS_FILE,
    RENAMED,
    fingerprint_key,
    id_key,
    write_keys,
)
from search.store import MANIFEST_FILE

BATCH = 1024  # new records encoded together
FLUSH = 1 << 20  # bytes of new records' JSON buffered before they go to the spool files
# A record of the spool of new records: keys, where its JSON is in the spool, id length.
SPOOL = np.dtype([("fp", "u1", 16), ("id", "u1", 16), ("offset", "<u8"), ("size", "<u4"),
                  ("length", "<u4"), ("flags", "u1")])
RECORD = struct.Struct("<16s16sQIIB")  # SPOOL's layout, to pack one record


def _temporary(folder: Path | None):
    """Open an unlinked temporary file, kept open for the run: closed by close()."""
    return tempfile.TemporaryFile(dir=folder)


class ManifestWriter:
    """Write a manifest record by record, in the order the inputs were decided."""

    def __init__(self, folder: Path | None = None, last=None) -> None:
        self._folder, self._last = folder, last
        self._ops = array("i")  # a row of the last manifest kept as it was, or -1 - new record
        self.keep = self._ops.append  # write a record of the last manifest as it was
        self._batch: list[tuple] = []  # new records not yet encoded: at most BATCH
        self._text, self._records = bytearray(), bytearray()
        self._spool_text = self._spool = self.json = self.keys = None
        self._offset = 0  # of the next new record's JSON in the spool
        self._new = 0

    @property
    def count(self) -> int:
        """Return how many records were written."""
        return len(self._ops)

    def add(self, doc_id: str | bytes, fingerprint: str, id_digest: bytes | None = None
            ) -> None:
        """Write a new record from an id string, or from the id's JSON string content (no
        quotes) and its key."""
        self._batch.append((doc_id, fingerprint, id_digest))
        self._ops.append(-1)  # new records are spooled in the order they come
        if len(self._batch) >= BATCH:
            self._encode()

    def _encode(self) -> None:
        """Encode the batched new records into the buffers: in one loop, whose code and data
        stay in the caches, where one record at a time between two extractions cost ~50 µs."""
        for name, fingerprint, digest in self._batch:
            if digest is None:
                digest, name = id_key(name), encode_basestring_ascii(name)[1:-1].encode("ascii")
            segment = b', "%s": %s' % (name, encode_basestring_ascii(fingerprint).encode("ascii"))
            flags = (FLAG_RENAMED if fingerprint.endswith(RENAMED) else 0) | \
                (FLAG_ESCAPED if b"\\" in name else 0)
            self._records += RECORD.pack(fingerprint_key(fingerprint), digest, self._offset,
                                         len(segment), len(name), flags)
            self._text += segment
            self._offset += len(segment)
        self._new += len(self._batch)
        self._batch.clear()
        if len(self._text) >= FLUSH:
            self._flush()

    def _flush(self) -> None:
        """Move the buffered new records to the spool files."""
        if self._spool is None:
            # unlinked temporary files: nothing is left behind if the run fails
            self._spool_text = _temporary(self._folder)
            self._spool = _temporary(self._folder)
        self._spool_text.write(self._text)
        self._spool.write(self._records)
        self._text.clear()
        self._records.clear()

    def finish(self) -> None:
        """Write the JSON and keys files into temporary files."""
        columns = self._columns()
        self.json = _temporary(self._folder)
        digest = self._write_json(self.json, columns)
        for name in ("source", "size", "kept", "ops", "spool"):
            del columns[name]  # a smaller peak for write_keys
        self.keys = _temporary(self._folder)
        write_keys(self.keys, columns, digest)
        self.json.flush()

    def save(self, folder: Path) -> None:
        """Copy the finished manifest into a generation folder."""
        for source, name in ((self.json, MANIFEST_FILE), (self.keys, KEYS_FILE)):
            source.seek(0)
            temporary = folder / (name + ".part")
            with open(temporary, "wb") as target:
                shutil.copyfileobj(source, target, 1 << 20)
            os.replace(temporary, folder / name)

    def close(self) -> None:
        """Drop the temporary files."""
        for handle in (self._spool_text, self._spool, self.json, self.keys):
            if handle is not None:
                handle.close()

    def _new_records(self) -> tuple[np.ndarray, mmap.mmap | None]:
        """Map the spooled new records and their JSON."""
        self._encode()
        if not self._new:
            return np.zeros(0, SPOOL), None
        self._flush()
        self._spool.flush()
        self._spool_text.flush()
        records = np.memmap(self._spool, SPOOL, mode="r", shape=(self._new,))
        return records, mmap.mmap(self._spool_text.fileno(), 0, access=mmap.ACCESS_READ)

    def _columns(self) -> dict[str, np.ndarray]:
        """Return every record's columns, in order, with where its JSON comes from."""
        ops = np.frombuffer(self._ops, "i4")  # not copied: no record comes after finish()
        kept = ops >= 0
        columns = {"fp": np.empty((len(ops), 16), "u1"), "id": np.empty((len(ops), 16), "u1"),
                   "length": np.empty(len(ops), "u4"), "flags": np.empty(len(ops), "u1"),
                   "source": np.empty(len(ops), "u8"), "size": np.empty(len(ops), "u4")}
        if kept.any():
            self._last.fill(columns, kept, ops[kept])
        records, columns["spool"] = self._new_records()
        if len(records):
            added = ~kept  # new records come in the order they were spooled in
            for name in ("fp", "id", "length", "flags"):
                columns[name][added] = records[name]
            columns["source"][added] = records["offset"] + 2  # after ", "
            columns["size"][added] = records["size"] - 2
        columns["kept"], columns["ops"] = kept, ops
        # {"a": "f1", "b": "f2"}: a record's JSON starts 2 bytes after the last one's end
        ends = np.cumsum(columns["size"] + 2, dtype="u8")
        ends -= columns["size"]
        columns["start"] = ends  # the id's first byte, after its quote
        return columns

    def _write_json(self, handle, columns: dict[str, np.ndarray]) -> bytes:
        """Write the JSON, copying runs of consecutive records from where they come from;
        return its blake2b-128."""
        digest = hashlib.blake2b(digest_size=16)
        kept, ops, source, size = columns["kept"], columns["ops"], columns["source"], \
            columns["size"]
        follows = np.zeros(len(ops), bool)
        follows[1:] = (kept[1:] == kept[:-1]) & (~kept[1:] | (ops[1:] == ops[:-1] + 1))
        starts = [*np.flatnonzero(~follows).tolist(), len(ops)]
        texts = (self._last.text if self._last else None, columns["spool"])
        handle.write(b"{")
        digest.update(b"{")
        for first, end in itertools.pairwise(starts):
            text = memoryview(texts[0] if kept[first] else texts[1])
            part = text[int(source[first]):int(source[end - 1] + size[end - 1])]
            for piece in ((b", " if first else b""), part):
                handle.write(piece)
                digest.update(piece)
        handle.write(b"}")
        digest.update(b"}")
        return digest.digest()
