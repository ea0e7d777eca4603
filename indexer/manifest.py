"""The reindex manifest, and the one place that decides what is new, changed, unchanged or
deleted since the last reindex.

A generation's manifest maps each indexed id to the fingerprint of the input it was
extracted from; an input whose fingerprint the last manifest holds is claimed by its id
and never even parsed.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from search.store import MANIFEST_FILE

from .manifestfile import ManifestFile

# Ends the fingerprint of an article whose id was renamed ("x~2"): the name depends on the
# pages before it, so such an input is always extracted again, never claimed unread.
RENAMED = "~"
WRITING_FILE = f"{MANIFEST_FILE}.writing"  # this run's manifest until it is saved


class Change(Enum):
    """What one input is to the index, next to the last reindex."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"  # its id was already given to another input of this run


class Manifest:
    """The ids and input fingerprints of one reindex, decided against the last one's.

    Both manifests stay in their files (manifestfile): this run's is written as it is
    decided, into the folder of the generation being built.
    """

    def __init__(self, previous: dict[str, str] | ManifestFile | None = None,
                 folder: Path | None = None) -> None:
        if not isinstance(previous, ManifestFile):
            given, previous = previous or {}, ManifestFile.create(None, _claimable)
            for doc_id, fingerprint in given.items():
                previous.add(doc_id, fingerprint)
        self.previous = previous
        self.current = ManifestFile.create(None if folder is None else folder / WRITING_FILE)
        # Ids asked for by claim or name and not yet decided; every id decided was asked.
        self._pending: set[str] = set()
        self._repeats: dict[str, int] = {}  # id -> how many inputs asked for it, past one

    @classmethod
    def load(cls, generation: Path | None, folder: Path | None = None) -> Manifest:
        """Return a manifest to decide against the one a generation was written with,
        this run's written into folder (a temporary file if None)."""
        if generation is None:
            return cls(folder=folder)
        return cls(ManifestFile.read(generation / MANIFEST_FILE, _claimable), folder)

    def save(self, folder: Path) -> None:
        """Write this run's manifest into a generation folder."""
        if self.current.path == folder / WRITING_FILE:
            self.current.finish(folder / MANIFEST_FILE)
            return
        copy = ManifestFile.create(folder / WRITING_FILE)
        for doc_id, fingerprint in self.current.items():
            copy.add(doc_id, fingerprint)
        copy.finish(folder / MANIFEST_FILE)

    def close(self) -> None:
        """Close both manifests' files; this run's is removed unless saved."""
        self.previous.close()
        self.current.close()

    @property
    def can_claim(self) -> bool:
        """Tell whether any input may be found unchanged without being read."""
        return self.previous.claimable > 0

    def claim(self, fingerprint: str) -> str | None:
        """Return the id last indexed from an input's fingerprint, if no input took it yet."""
        doc_id = self.previous.id_of(fingerprint)
        if doc_id is None or self._asks(doc_id):
            return None  # a repeated id is renamed ("x~2"): extract the page again
        self._pending.add(doc_id)
        return doc_id

    def name(self, doc_id: str, fingerprint: str) -> tuple[str, str]:
        """Return the id an extracted article is indexed under and the fingerprint recorded
        for it: a repeated id is suffixed ("x", "x~2") so ids stay unique within a run."""
        count = self._asks(doc_id) + 1
        if count == 1:
            self._pending.add(doc_id)
            return doc_id, fingerprint
        self._repeats[doc_id] = count
        renamed = f"{doc_id}{RENAMED}{count}"
        if not self._asks(renamed):
            self._pending.add(renamed)
        return renamed, fingerprint + RENAMED

    def decide(self, doc_id: str, fingerprint: str, claimed: bool = False) -> Change:
        """Record an input of this run and return what it is next to the last reindex."""
        if doc_id in self.current:
            return Change.DUPLICATE
        self._pending.discard(doc_id)
        self.current.add(doc_id, fingerprint)
        if claimed:
            return Change.UNCHANGED
        previous = self.previous.get(doc_id)
        if previous == fingerprint:
            return Change.UNCHANGED
        return Change.NEW if previous is None else Change.CHANGED

    def deleted(self) -> list[str]:
        """Return the ids the last reindex indexed and this one did not find."""
        return sorted(doc_id for doc_id, _ in self.previous.items() if doc_id not in self.current)

    def _asks(self, doc_id: str) -> int:
        """Return how many inputs of this run asked for an id."""
        if doc_id in self._repeats:
            return self._repeats[doc_id]
        return int(doc_id in self._pending or doc_id in self.current)


def _claimable(fingerprint: str) -> bool:
    """Tell whether an input of this fingerprint may be claimed unread (its id not renamed)."""
    return not fingerprint.endswith(RENAMED)
