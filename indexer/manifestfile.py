"""A manifest on disk: manifest.json (id -> fingerprint, as json.dumps writes it) and beside it
manifest.keys, the fixed-width keys of its records and their sorted indexes, mapped rather
than read, so that a reindex holds no Python object per article of the last manifest.

Ids and fingerprints are held as 128-bit keys: a fingerprint's own 16 bytes (it is a blake2b
digest), any other string's blake2b-128. Two strings are confused only if their 128-bit
digests are equal, the bet every fingerprint already makes. The indexes search the first 64
bits and compare the whole key, so a 64-bit collision confuses nothing.
"""

from __future__ import annotations

import hashlib
import json
import struct

import numpy as np

KEYS_FILE = "manifest.keys"
MAGIC = b"vpsearch manifest keys 1\n"
HEADER = 1024  # bytes: MAGIC, then the JSON of the sizes, padded with spaces
RENAMED = 1  # the fingerprint ends with "~": the input is never claimed unread
SHADOWED = 2  # a later record has the same fingerprint: claims find that one, as a dict would
ESCAPED = 4  # the id's JSON string holds escapes: decoded by json, not as plain ASCII
# A record of the spool of new records: keys, where its JSON is in the spool, id length.
SPOOL = np.dtype([("fp", "u1", 16), ("id", "u1", 16), ("offset", "<u8"), ("size", "<u4"),
                  ("length", "<u4"), ("flags", "u1")])
RECORD = struct.Struct("<16s16sQIIB")  # SPOOL's layout
FLUSH = 1 << 20  # bytes of new records' JSON buffered before they go to the spool files


def id_key(doc_id: str) -> bytes:
    """Return the 128-bit key of an id."""
    return hashlib.blake2b(doc_id.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def fingerprint_key(fingerprint: str) -> bytes:
    """Return the 128-bit key of a fingerprint: its own bytes if it is a blake2b-128
    hexdigest(), else the blake2b-128 of the string."""
    if len(fingerprint) == 32:
        try:
            key = bytes.fromhex(fingerprint)
        except ValueError:
            pass
        else:
            if key.hex() == fingerprint:  # not "AB..." (a hand edit), nor spaces fromhex skips
                return key
    return id_key(fingerprint)  # tests' "f1"; equal to a digest's bytes only by a collision


def prefix(key: bytes) -> int:
    """Return the first 64 bits of a key, as the sorted indexes hold them."""
    return int.from_bytes(key[:8], "little")


def prefixes(keys: np.ndarray) -> np.ndarray:
    """Return the first 64 bits of 16-byte keys (rows of a uint8 array) as integers."""
    return np.ascontiguousarray(keys[:, :8]).view("<u8").ravel()


def write_keys(handle, columns: dict[str, np.ndarray], digest: bytes) -> None:
    """Write the keys file: the records' columns (fp and id keys as rows of 16 bytes, start,
    length, flags), then the rows sorted by id prefix and by the prefix of the claimable
    fingerprints."""
    fps, ids = prefixes(columns["fp"]), prefixes(columns["id"])
    by_id = np.argsort(ids, kind="stable").astype("<u4")
    by_fp = np.argsort(fps, kind="stable")
    flags = columns["flags"] & np.uint8(0xFF ^ SHADOWED)
    flags[repeated(columns["fp"], fps, by_fp)] |= SHADOWED
    by_fp = by_fp[(flags[by_fp] & (RENAMED | SHADOWED)) == 0].astype("<u4")
    arrays = {"fp": columns["fp"], "id": columns["id"],
              "start": columns["start"].astype("<u8", copy=False),
              "length": columns["length"].astype("<u4", copy=False), "flags": flags,
              "id_prefix": ids[by_id], "id_row": by_id, "fp_prefix": fps[by_fp], "fp_row": by_fp}
    layout, offset = {}, HEADER
    for name, array in arrays.items():
        layout[name] = [offset, len(array)]
        offset += -(-array.nbytes // 8) * 8
    sizes = json.dumps({"rows": len(flags), "digest": digest.hex(), "layout": layout})
    header = MAGIC + sizes.encode("ascii")
    assert len(header) <= HEADER, "the keys file header outgrew its room"
    handle.write(header.ljust(HEADER))
    for array in arrays.values():
        if array.size:  # written from its memory, not copied into bytes first
            handle.write(memoryview(np.ascontiguousarray(array)).cast("B"))
        handle.write(b"\0" * (-array.nbytes % 8))
    handle.flush()


def repeated(keys: np.ndarray, firsts: np.ndarray, order: np.ndarray) -> list[int]:
    """Return the rows whose key a later row repeats, given the keys' prefixes and the
    order that sorts them."""
    ties = np.flatnonzero(firsts[order[1:]] == firsts[order[:-1]])  # none, or a few
    rows, last_of = [], {}
    for row in sorted({int(order[at]) for at in ties} | {int(order[at + 1]) for at in ties}):
        key = keys[row].tobytes()
        if key in last_of:
            rows.append(last_of[key])
        last_of[key] = row
    return rows
