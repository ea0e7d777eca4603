"""Cheap page counts for the progress bar's ETA."""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from pathlib import Path

from .sources import PAGE_SUFFIXES


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
    if path.name.endswith(".jsonl.gz"):
        with gzip.open(path, "rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    if path.suffix == ".jsonl":
        with open(path, "rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    return 1
