"""Cheap page counts for the progress bar's ETA."""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from pathlib import Path

from .files import is_regular, open_unzipped
from .sources import DUMP_SUFFIXES, Skipped, walk_corpus


def estimate_pages(paths: Iterable[Path]) -> int | None:
    """Return how many pages the corpus paths hold, or None when it cannot tell.

    Only a guess: a truncated dump counts the lines before the damage, a pipe counts one.
    """
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
        return sum(_count(found) for found in walk_corpus(path) if not isinstance(found, Skipped))
    if not path.name.lower().endswith(DUMP_SUFFIXES) or not is_regular(path):
        return 1
    lines = 0
    try:
        with open_unzipped(path) as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                lines += chunk.count(b"\n")
    except (OSError, EOFError, zlib.error):
        pass  # the reindex names the damaged file; the estimate keeps what it counted
    return lines
