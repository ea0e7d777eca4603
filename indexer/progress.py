"""Cheap page counts for the progress bar's ETA."""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from pathlib import Path

from .sources import DUMP_SUFFIXES, PAGE_SUFFIXES


def estimate_pages(paths: Iterable[Path]) -> int | None:
    """Return how many pages the corpus paths hold, or None when it cannot tell."""
    total = 0
    try:
        for path in paths:
            total += _count(Path(path))
    except OSError:
        return None
    return total


def _count(path: Path) -> int:
    """Count the pages of one corpus path."""
    if path.is_dir():
        return sum(1 for p in path.rglob("*") if p.name.lower().endswith(PAGE_SUFFIXES))
    if not path.name.lower().endswith(DUMP_SUFFIXES):
        return 1
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
