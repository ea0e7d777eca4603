"""The last generation's manifest, mapped from its files: rows found by fingerprint or id
without a Python object per row, the id string made only for the rows asked for."""

from __future__ import annotations

import bisect
import hashlib
import json
import mmap
from json.decoder import scanstring
from pathlib import Path

import numpy as np

from indexer.manifestfile import (
    FLAG_ESCAPED,
    FLAG_RENAMED,
    FLAG_SHADOWED,
    HEADER,
    KEYS_FILE,
    MAGIC,
    fingerprint_key,
    prefix,
    prefixes,
    read_keys,
    repeated,
)
from indexer.manifestwriter import ManifestWriter
from search.errors import IndexUnreadable
from search.store import MANIFEST_FILE


class LastManifest:
    """The rows of a written manifest: fingerprint and id keys, ids read from its JSON."""

    def __init__(self, text: mmap.mmap, keys: mmap.mmap, layout: dict) -> None:
        self.text, self._keys = text, keys
        self.columns = read_keys(keys, layout)
        self.rows, self.claimable = len(self.columns["flags"]), len(self.columns["fp_row"])
        self._fp, self._id = layout["fp"][0], layout["id"][0]
        # memoryviews: bisect and indexing on them give Python ints, ~10x faster than numpy's
        # scalar searchsorted and item access (which convert their argument)
        self._start, self._length, self._flags, self._id_prefix, self._id_row, \
            self._fp_prefix, self._fp_row = (memoryview(self.columns[name]) for name in (
                "start", "length", "flags", "id_prefix", "id_row", "fp_prefix", "fp_row"))

    def fill(self, columns: dict[str, np.ndarray], at: np.ndarray, rows: np.ndarray) -> None:
        """Fill the columns of the records at `at` from rows kept as they were: keys, id
        length, flags, and where their JSON ("id": "fp") is in this manifest's."""
        for name in ("fp", "id", "length", "flags"):
            columns[name][at] = self.columns[name][rows]
        start = self.columns["start"]
        ends = np.empty(self.rows, "u8")  # {"a": "f1", "b": "f2"}: a record's JSON ends 3
        ends[:-1] = start[1:] - 3  # bytes before the next id, or before the closing brace
        ends[-1] = len(self.text) - 1
        columns["source"][at] = start[rows] - 1
        columns["size"][at] = ends[rows] - (start[rows] - 1)

    def fingerprint_key(self, row: int) -> bytes:
        """Return a row's fingerprint key."""
        return self._keys[self._fp + 16 * row:self._fp + 16 * row + 16]

    def id_key(self, row: int) -> bytes:
        """Return a row's id key."""
        return self._keys[self._id + 16 * row:self._id + 16 * row + 16]

    def id_json(self, row: int) -> bytes:
        """Return a row's id as the content of its JSON string."""
        start = self._start[row]
        return self.text[start:start + self._length[row]]

    def id_of(self, row: int) -> str:
        """Return a row's id."""
        raw = self.id_json(row)
        return json.loads(b'"%s"' % raw) if self._flags[row] & FLAG_ESCAPED else \
            raw.decode("ascii")

    def claim_row(self, fingerprint: str, hint: int) -> int:
        """Return the row a claimable fingerprint is on (-1 if none); `hint` is tried first:
        an unchanged corpus is read in the order its manifest was written."""
        key = fingerprint_key(fingerprint)
        if hint < self.rows and self.fingerprint_key(hint) == key and \
                not self._flags[hint] & (FLAG_RENAMED | FLAG_SHADOWED):
            return hint
        return self._search(self._fp_prefix, self._fp_row, key, self.fingerprint_key)

    def id_row(self, key: bytes) -> int:
        """Return the row of an id key (-1 if none)."""
        return self._search(self._id_prefix, self._id_row, key, self.id_key)

    @staticmethod
    def _search(firsts: memoryview, rows: memoryview, key: bytes, key_of) -> int:
        """Find a key through a sorted index of 64-bit prefixes, comparing whole keys."""
        first = prefix(key)
        at = bisect.bisect_left(firsts, first)
        while at < len(firsts) and firsts[at] == first:
            if key_of(rows[at]) == key:
                return rows[at]
            at += 1
        return -1

    def repeats_ids(self) -> bool:
        """Tell whether two rows have the same id (a JSON edited by hand can)."""
        ids = self.columns["id"]
        return bool(repeated(ids, prefixes(ids), self.columns["id_row"]))

    def unmarked_ids(self, marked: np.ndarray) -> list[str]:
        """Return the ids of the rows not marked, in row order."""
        return [self.id_of(row) for row in np.flatnonzero(marked == 0).tolist()]


def open_last(generation: Path, folder: Path | None = None) -> LastManifest:
    """Map a generation's manifest; one without a keys file that matches its JSON (written
    before there were keys files, or edited since) is converted once, into `folder`.

    :raises IndexUnreadable: the JSON is not a manifest (a full reindex rewrites it).
    """
    try:
        text = _map(generation / MANIFEST_FILE)
    except ValueError:  # mmap refuses an empty file
        raise _damaged(generation, "it is empty") from None
    try:
        keys = _map(generation / KEYS_FILE)
        layout = _layout(keys, text)
        if layout is not None:
            return LastManifest(text, keys, layout)
    except (OSError, ValueError, KeyError, TypeError):
        pass  # missing or damaged: the JSON is the manifest of record, the keys derived
    return _convert(text[:], generation, folder)


def converted(pairs, folder: Path | None = None) -> LastManifest:
    """Write (id, fingerprint) pairs as a manifest in temporary files and map it."""
    writer = ManifestWriter(folder)
    try:
        for doc_id, fingerprint in pairs:
            writer.add(doc_id, fingerprint)
        writer.finish()
        keys = _map_handle(writer.keys)
        return LastManifest(_map_handle(writer.json), keys, _layout(keys, None))
    finally:
        writer.close()  # the maps outlive the files


def _convert(data: bytes, generation: Path, folder: Path | None) -> LastManifest:
    """Convert a manifest JSON: scanned if json.dumps wrote it, else read by json.loads,
    which also keeps one record of an id repeated by hand, as the dict did."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _damaged(generation, error) from None
    try:
        last = converted(_scan(text), folder)
    except ValueError:
        last = None
    if last is None or last.repeats_ids():
        last = converted(_loaded(text, generation), folder)
    return last


def _loaded(text: str, generation: Path):
    """Return the (id, fingerprint) pairs json.loads reads in a manifest JSON."""
    try:
        manifest = json.loads(text)
    except ValueError as error:
        raise _damaged(generation, error) from None
    if not isinstance(manifest, dict) or \
            not all(isinstance(fingerprint, str) for fingerprint in manifest.values()):
        raise _damaged(generation, "not an object of strings")
    return manifest.items()


def _damaged(generation: Path, reason) -> IndexUnreadable:
    """Return the error that a generation's manifest JSON is not one."""
    return IndexUnreadable(generation.parent, f"its {MANIFEST_FILE} is damaged ({reason})",
                           full=True)


def _layout(keys: mmap.mmap, text: mmap.mmap | None) -> dict | None:
    """Return a keys file's layout if it is one and was written with this JSON."""
    if keys[:len(MAGIC)] != MAGIC:
        return None
    header = json.loads(keys[len(MAGIC):HEADER])
    if text is not None and hashlib.blake2b(text, digest_size=16).hexdigest() != header["digest"]:
        return None  # the JSON was written by another version, or edited
    return header["layout"]


def _map(path: Path) -> mmap.mmap:
    """Map a file to read."""
    with open(path, "rb") as handle:
        return _map_handle(handle)


def _map_handle(handle) -> mmap.mmap:
    """Map an open file to read."""
    handle.flush()
    return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def _scan(text: str):
    """Yield the (id, fingerprint) pairs of a manifest JSON in json.dumps' layout, in order,
    string by string; raise ValueError on any other layout."""
    if not text.startswith("{"):
        raise ValueError("not a JSON object")
    at = 1
    while text[at:at + 1] == '"':
        doc_id, at = scanstring(text, at + 1)
        if text[at:at + 3] != ': "':
            raise ValueError(f"not json.dumps' layout at {at}")
        fingerprint, at = scanstring(text, at + 3)
        yield doc_id, fingerprint
        if text[at:at + 3] != ', "':
            break
        at += 2
    if text[at:at + 1] != "}" or text[at + 1:].strip():
        raise ValueError("text after the JSON object")
