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

import numpy as np

KEYS_FILE = "manifest.keys"
MAGIC = b"vpsearch manifest keys 1\n"
HEADER = 1024  # bytes: MAGIC, then the JSON of the sizes, padded with spaces
# The keys file's arrays after its header, in this order: name, dtype, values a row.
COLUMNS = (("fp", "u1", 16), ("id", "u1", 16), ("start", "<u8", 1), ("length", "<u4", 1),
           ("flags", "u1", 1), ("id_prefix", "<u8", 1), ("id_row", "<u4", 1),
           ("fp_prefix", "<u8", 1), ("fp_row", "<u4", 1))
# Ends the fingerprint of an article whose id was renamed ("x~2"): the name depends on the
# pages before it, so such an input is always extracted again, never claimed unread.
RENAMED = "~"
# A row's flags:
FLAG_RENAMED = 1  # the fingerprint ends with RENAMED
FLAG_SHADOWED = 2  # a later record has the same fingerprint: claims find that one, as a dict would
FLAG_ESCAPED = 4  # the id's JSON string holds escapes: decoded by json, not as plain ASCII


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
    by_id = np.argsort(ids, kind="stable").astype("<u4")  # narrowed at once: a smaller peak
    by_fp = np.argsort(fps, kind="stable")
    flags = columns["flags"] & np.uint8(0xFF ^ FLAG_SHADOWED)
    flags[repeated(columns["fp"], fps, by_fp)] |= FLAG_SHADOWED
    by_fp = by_fp[(flags[by_fp] & (FLAG_RENAMED | FLAG_SHADOWED)) == 0].astype("<u4")
    arrays = {"fp": columns["fp"], "id": columns["id"], "start": columns["start"],
              "length": columns["length"], "flags": flags, "id_prefix": ids[by_id],
              "id_row": by_id, "fp_prefix": fps[by_fp], "fp_row": by_fp}
    layout, offset = {}, HEADER
    for name, dtype, _ in COLUMNS:
        arrays[name] = np.ascontiguousarray(arrays[name], dtype)
        layout[name] = [offset, len(arrays[name])]
        offset += -(-arrays[name].nbytes // 8) * 8
    sizes = json.dumps({"rows": len(flags), "digest": digest.hex(), "layout": layout})
    header = MAGIC + sizes.encode("ascii")
    assert len(header) <= HEADER, "the keys file header outgrew its room"
    handle.write(header.ljust(HEADER))
    for array in arrays.values():
        if array.size:  # written from its memory, not copied into bytes first
            handle.write(memoryview(array).cast("B"))
        handle.write(b"\0" * (-array.nbytes % 8))
    handle.flush()


def read_keys(keys, layout: dict) -> dict[str, np.ndarray]:
    """Return the arrays of a keys file where its header's layout puts them, not copied."""
    arrays = {}
    for name, dtype, width in COLUMNS:
        offset, count = layout[name]
        array = np.frombuffer(keys, dtype, count * width, offset)
        arrays[name] = array.reshape(-1, width) if width > 1 else array
    return arrays


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
