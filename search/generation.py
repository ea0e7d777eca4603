"""One opened index generation: its Whoosh index, metadata, facet columns and accent model."""

from __future__ import annotations

import threading
from collections import Counter
from functools import cached_property
from pathlib import Path

from whoosh import index as whoosh_index

from .analysis import ANALYZER_VERSION
from .errors import IndexMissing, IndexOutdated
from .store import MODEL_FILE, folder_size, read_meta

FACETS = ("locality", "year")


class Generation:
    """Read-only state of one generation, shared by the threads of a process."""

    def __init__(self, folder: Path, index_dir: Path) -> None:
        self.folder = folder
        self.name = folder.name
        self.meta = read_meta(folder)
        found = self.meta.get("analyzer", "unknown")
        if found != ANALYZER_VERSION:
            raise IndexOutdated(index_dir, found, ANALYZER_VERSION)
        try:
            self.index = whoosh_index.open_dir(str(folder))
        except (OSError, whoosh_index.EmptyIndexError) as error:
            raise IndexMissing(index_dir) from error
        self._local = threading.local()
        self._lock = threading.Lock()

    def searcher(self):
        """Return this thread's own Whoosh searcher (they are not thread-safe)."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self.index.searcher()
        return searcher

    @cached_property
    def documents(self) -> int:
        """Return the number of documents."""
        return self.index.doc_count()

    @cached_property
    def size_bytes(self) -> int:
        """Return the bytes the generation's files use."""
        return folder_size(self.folder)

    @cached_property
    def facet_columns(self) -> dict[str, list[str]]:
        """Return, per facet, the value of every document number."""
        with self._lock:
            leaves = [leaf for leaf, _ in self.searcher().reader().leaf_readers()]
            return {name: [value for leaf in leaves for value in _column(leaf, name)]
                    for name in FACETS}

    @cached_property
    def accent_model(self):
        """Return the accent model learned at reindex, or None if there is none."""
        path = self.folder / MODEL_FILE
        if not path.is_file():
            return None
        from .accents import AccentModel

        return AccentModel.load(path)

    def count_facets(self, docnums: list[int]) -> dict[str, dict[str, int]]:
        """Return facet value counts over some documents, largest first."""
        distribution = {}
        for name, column in self.facet_columns.items():
            counts = Counter(column[d] for d in docnums)
            counts.pop("", None)
            ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            if name == "year":
                ordered = sorted(counts.items(), reverse=True)
            distribution[name] = dict(ordered)
        return distribution


def _column(leaf, name: str) -> list[str]:
    """Return one segment's column values; a segment without the column gives blanks."""
    if not leaf.has_column(name):
        return [""] * leaf.doc_count_all()
    return list(leaf.column_reader(name, translate=True))
