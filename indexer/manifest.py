"""The reindex manifest, and the one place that decides what is new, changed, unchanged or
deleted since the last reindex.

A generation's manifest maps each indexed id to the fingerprint of the input it was
extracted from; an input whose fingerprint the last manifest holds is claimed by its id
and never even parsed.

Neither manifest is held as Python objects: the last one is mapped from its files
(manifestlast), this run's records are the rows of the last one they keep (4 bytes each)
or spooled to temporary files (manifestwriter), and the ids this run asked are counted
by row of the last manifest or by 128-bit id key (manifestids). At 100k articles that is
8 bytes an article held for an unchanged corpus and 35 for a full build, against 306 and
78 for the dicts of strings they replace (tracemalloc).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import numpy as np

from indexer.manifestfile import RENAMED, fingerprint_key, id_key
from indexer.manifestids import DECIDED, IdCounts
from indexer.manifestlast import LastManifest, converted, open_last
from indexer.manifestwriter import ManifestWriter


class Change(Enum):
    """What one input is to the index, next to the last reindex."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"  # its id was already given to another input of this run


class Manifest:
    """The ids and input fingerprints of one reindex, decided against the last one's.

    An id is found by its row in the last manifest if it has one: the counts of ids asked
    ("x", "x~2") and decided live in an array by row, and in IdCounts for the other ids.
    """

    def __init__(self, previous: dict[str, str] | None = None, folder: Path | None = None,
                 last: LastManifest | None = None) -> None:
        if last is None and previous:
            last = converted(previous.items(), folder)
        self._last = last
        self._state = np.zeros(last.rows if last else 0, "<u4")
        self._rows = memoryview(self._state)  # count | DECIDED by row of the last manifest
        self._new = IdCounts()  # count | DECIDED of the ids the last manifest lacks
        self._pending: dict[str, int | str] = {}  # asked, not yet decided: a few hundred
        self._hint = 0  # the row after the last one claimed
        self._writer = ManifestWriter(folder, last)
        self._keep = self._writer.keep

    @classmethod
    def load(cls, generation: Path | None, folder: Path | None = None) -> Manifest:
        """Return a manifest to decide against the one a generation was written with;
        this run's is spooled into `folder` until it is saved."""
        return cls(folder=folder, last=open_last(generation, folder) if generation else None)

    def save(self, folder: Path) -> None:
        """Write this run's manifest into a generation folder; its temporary files are
        closed, whether it could or not."""
        try:
            self._writer.finish()
            self._writer.save(folder)
        finally:
            self._writer.close()

    @property
    def count(self) -> int:
        """Return how many inputs this run decided under an id of their own."""
        return self._writer.count

    @property
    def can_claim(self) -> bool:
        """Tell whether any input may be found unchanged without being read."""
        return bool(self._last and self._last.claimable)

    def claim(self, fingerprint: str) -> str | None:
        """Return the id last indexed from an input's fingerprint, if no input took it yet."""
        last = self._last
        row = last.claim_row(fingerprint, self._hint) if last else -1
        if row < 0 or self._rows[row] & ~DECIDED:
            return None  # a repeated id is renamed ("x~2"): extract the page again
        self._hint = row + 1
        self._rows[row] |= 1
        doc_id = last.id_of(row)
        self._pending[doc_id] = row
        return doc_id

    def name(self, doc_id: str, fingerprint: str) -> tuple[str, str]:
        """Return the id an extracted article is indexed under and the fingerprint recorded
        for it: a repeated id is suffixed ("x", "x~2") so ids stay unique within a run."""
        where = self._where(doc_id) if self._last else doc_id
        if isinstance(where, str):
            count = self._new.ask(doc_id)
        else:
            state = self._rows[where]
            count = (state & ~DECIDED) + 1
            self._rows[where] = state & DECIDED | count
        if count == 1:
            self._pending[doc_id] = where
            return doc_id, fingerprint
        renamed = f"{doc_id}{RENAMED}{count}"
        there = self._where(renamed)
        state = self._get(there)
        if not state & ~DECIDED:  # counted once: an input named "x~2" itself is not counted again
            self._put(there, state | 1)
        self._pending[renamed] = there
        return renamed, fingerprint + RENAMED

    def decide(self, doc_id: str, fingerprint: str, claimed: bool = False) -> Change:
        """Record an input of this run and return what it is next to the last reindex."""
        where = self._pending.pop(doc_id, None)
        if where is None:
            where = self._where(doc_id)
        if isinstance(where, str):
            if self._new.decide(doc_id):
                return Change.DUPLICATE
            self._writer.add(doc_id, fingerprint)
            return Change.UNCHANGED if claimed else Change.NEW
        state = self._rows[where]
        if state & DECIDED:
            return Change.DUPLICATE
        self._rows[where] = state | DECIDED
        last = self._last  # claimed: the input has the fingerprint of the row claim() found
        if claimed or last.fingerprint_key(where) == fingerprint_key(fingerprint):
            self._keep(where)
            return Change.UNCHANGED
        self._writer.add(last.id_json(where), fingerprint, last.id_key(where))
        return Change.CHANGED

    def deleted(self) -> list[str]:
        """Return the ids the last reindex indexed and this one did not find."""
        if self._last is None:
            return []
        return sorted(self._last.unmarked_ids(self._state & DECIDED))

    def _where(self, doc_id: str) -> int | str:
        """Return an id's row in the last manifest, or the id if it has none."""
        if self._last is None:
            return doc_id
        row = self._last.id_row(id_key(doc_id))
        return doc_id if row < 0 else row

    def _get(self, where: int | str) -> int:
        """Return the count | DECIDED of an id, found by its row or by itself."""
        return self._new.get(where) if isinstance(where, str) else self._rows[where]

    def _put(self, where: int | str, state: int) -> None:
        """Set the count | DECIDED of an id, found by its row or by itself."""
        if isinstance(where, str):
            self._new.set(where, state)
        else:
            self._rows[where] = state
