"""The reindex manifest, and the one place that decides what is new, changed, unchanged or
deleted since the last reindex.

A generation's manifest maps each indexed id to the fingerprint of the input it was
extracted from; an input whose fingerprint the last manifest holds is claimed by its id
and never even parsed.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

from search.store import MANIFEST_FILE

# Ends the fingerprint of an article whose id was renamed ("x~2"): the name depends on the
# pages before it, so such an input is always extracted again, never claimed unread.
RENAMED = "~"


class Change(Enum):
    """What one input is to the index, next to the last reindex."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"  # its id was already given to another input of this run


class Manifest:
    """The ids and input fingerprints of one reindex, decided against the last one's."""

    def __init__(self, previous: dict[str, str] | None = None) -> None:
        self.previous = previous or {}
        self.current: dict[str, str] = {}
        self._claimable = {fingerprint: doc_id for doc_id, fingerprint in self.previous.items()
                           if not fingerprint.endswith(RENAMED)}
        self._asked: dict[str, int] = {}  # id -> how many inputs of this run asked for it

    @classmethod
    def load(cls, generation: Path | None) -> Manifest:
        """Return a manifest to decide against the one a generation was written with."""
        if generation is None:
            return cls()
        return cls(json.loads((generation / MANIFEST_FILE).read_text(encoding="utf-8")))

    def save(self, folder: Path) -> None:
        """Write this run's manifest into a generation folder."""
        (folder / MANIFEST_FILE).write_text(json.dumps(self.current), encoding="utf-8")

    @property
    def can_claim(self) -> bool:
        """Tell whether any input may be found unchanged without being read."""
        return bool(self._claimable)

    def claim(self, fingerprint: str) -> str | None:
        """Return the id last indexed from an input's fingerprint, if no input took it yet."""
        doc_id = self._claimable.get(fingerprint)
        if doc_id is None or doc_id in self._asked:
            return None  # a repeated id is renamed ("x~2"): extract the page again
        self._asked[doc_id] = 1
        return doc_id

    def name(self, doc_id: str, fingerprint: str) -> tuple[str, str]:
        """Return the id an extracted article is indexed under and the fingerprint recorded
        for it: a repeated id is suffixed ("x", "x~2") so ids stay unique within a run."""
        count = self._asked.get(doc_id, 0) + 1
        self._asked[doc_id] = count
        if count == 1:
            return doc_id, fingerprint
        renamed = f"{doc_id}{RENAMED}{count}"
        self._asked.setdefault(renamed, 1)
        return renamed, fingerprint + RENAMED

    def decide(self, doc_id: str, fingerprint: str, claimed: bool = False) -> Change:
        """Record an input of this run and return what it is next to the last reindex."""
        if doc_id in self.current:
            return Change.DUPLICATE
        self.current[doc_id] = fingerprint
        previous = self.previous.get(doc_id)
        if claimed or previous == fingerprint:
            return Change.UNCHANGED
        return Change.NEW if previous is None else Change.CHANGED

    def deleted(self) -> list[str]:
        """Return the ids the last reindex indexed and this one did not find."""
        return sorted(self.previous.keys() - self.current.keys())
