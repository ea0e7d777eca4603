"""One opened index generation: its Whoosh index, metadata, postings, columns, accent model."""

from __future__ import annotations

from functools import cached_property
from math import prod
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from .analysis import ANALYZER_VERSION
from .duplicates import repeated_stories, signatures, story_of
from .errors import IndexMissing, IndexOutdated, IndexUnreadable
from .places import unit_counts, with_absorbed
from .postings import Postings
from .request import NO_YEAR
from .store import MODEL_FILE, folder_size, read_meta
from .synonyms import Synonyms, built_in, read_learned

FACETS = ("locality", "year")


class Generation:
    """Read-only state of one generation, shared by the threads of a process."""

    def __init__(self, folder: Path, index_dir: Path, user_synonyms: list = ()) -> None:
        self.folder = folder
        self.user_synonyms = user_synonyms
        self.index_dir = index_dir
        self.name = folder.name
        self.meta = read_meta(folder)
        found = self.meta.get("analyzer", "unknown")
        if found != ANALYZER_VERSION:
            raise IndexOutdated(index_dir, found, ANALYZER_VERSION)
        try:
            # Mapped segment files count in a worker's resident memory as they are touched
            # (1.5 GB per worker at 100k articles); plain reads keep memory to what is used.
            self.index = FileStorage(str(folder), supports_mmap=False).open_index()
        except (OSError, whoosh_index.EmptyIndexError) as error:
            raise IndexMissing(index_dir) from error

    @cached_property
    def postings(self) -> Postings:
        """Return the array view of the index: the generation's one reader, behind a lock.

        One Whoosh reader maps and touches its segment files (136 MB at 10k articles);
        a searcher per thread multiplied that by the threads of a worker.
        """
        try:
            return Postings(self.index.reader(), self.folder)
        except (OSError, ValueError) as error:  # posting arrays missing, damaged or old
            reason = f"{error.filename} is missing" if isinstance(error, OSError) else str(error)
            raise IndexUnreadable(self.index_dir, reason) from error

    @cached_property
    def documents(self) -> int:
        """Return the number of documents."""
        return self.index.doc_count()

    @cached_property
    def size_bytes(self) -> int:
        """Return the bytes the generation's files use."""
        return folder_size(self.folder)

    @cached_property
    def facets(self) -> dict[str, tuple[np.ndarray, list[str]]]:
        """Return, per facet, each document's value code and the values by code."""
        coded = {}
        for name in FACETS:
            values = [v or "" for v in self.postings.column(name)]
            names = sorted(set(values))
            lookup = {value: code for code, value in enumerate(names)}
            # intp: np.bincount takes them without a cast (0.07 of 0.19 ms over 20 000 pages).
            coded[name] = (np.array([lookup[v] for v in values], dtype=np.intp), names)
        return coded

    @cached_property
    def facet_cells(self) -> np.ndarray:
        """Return each document's facet values as one code: its cell in the table of every
        facet's values (FACETS order, the last varying fastest)."""
        columns = self.facets.values()
        shape = [len(names) for _, names in columns]
        if not all(shape):  # no documents, so no values
            return np.zeros(0, dtype=np.intp)
        return np.ravel_multi_index([codes for codes, _ in columns], shape).astype(np.intp)

    @cached_property
    def timestamps(self) -> np.ndarray:
        """Return each document's publication time in epoch seconds (0 when unknown)."""
        return np.array([v or 0 for v in self.postings.column("timestamp")], dtype=np.int64)

    @cached_property
    def accent_model(self):
        """Return the accent model learned at reindex, or None if there is none."""
        path = self.folder / MODEL_FILE
        if not path.is_file():
            return None
        from .accents import AccentModel

        try:
            return AccentModel.load(path)
        except ValueError as error:  # a model of another format: incremental updates merge it
            raise IndexUnreadable(self.index_dir, f"{path.name} is an accent model of another "
                                  "format", full=True) from error

    @cached_property
    def ties(self) -> np.ndarray:
        """Return each document's tie-break key: a hash of its id, the same in every build."""
        return np.array([v or 0 for v in self.postings.column("idkey")], dtype=np.int64)

    @cached_property
    def story(self) -> np.ndarray:
        """Return for each document the first document telling the same story."""
        keys = np.array([v or 0 for v in self.postings.column("titlekey")], dtype=np.int64)
        return story_of(keys, signatures(self.postings.column("minhash")), self.timestamps)

    @cached_property
    def repeated(self) -> np.ndarray:
        """Return True for each document whose story other documents tell too."""
        return repeated_stories(self.story)

    @cached_property
    def synonyms(self) -> Synonyms:
        """Return the built-in abbreviations, those the corpus defines and the user's."""
        table = built_in()
        for sources, targets in [*read_learned(self.folder), *self.user_synonyms]:
            table.add(sources, targets)
        return table

    def year_mask(self, year: str | None, docnums: np.ndarray) -> np.ndarray | None:
        """Return which of the documents are of a year (None when no year is asked)."""
        if year is None:
            return None
        codes, names = self.facets["year"]
        return codes[docnums] == (names.index(year) if year in names else -1)

    def locality_mask(self, places: tuple[str, ...], docnums: np.ndarray) -> np.ndarray:
        """Return which of the documents have one of the places as their locality."""
        codes, names = self.facets["locality"]
        wanted = [names.index(p) for p in places if p in names]
        return np.isin(codes[docnums], wanted)

    def warm(self, fields: tuple[str, ...]) -> None:
        """Load what every query needs: field lengths, facet, date and story columns, accent
        model, the stored-field reader."""
        for name in fields:
            self.postings.lengths(name)
        _ = self.facets, self.facet_cells, self.timestamps, self.accent_model, self.repeated, self.ties
        _ = self.postings.stored  # its segments' offsets

    def allowed(self, locality: str | None, year: str | None,
                province: str | None = None) -> np.ndarray:
        """Return True for live documents that pass the facet filters (year NO_YEAR: undated;
        province: a 2025 unit with the provinces it absorbed)."""
        allowed = self.postings.live.copy()
        if province:
            allowed &= self.locality_mask(with_absorbed(province), np.arange(len(allowed)))
        wanted = {"locality": locality or None, "year": "" if year == NO_YEAR else year or None}
        for name, value in wanted.items():
            if value is not None:
                codes, names = self.facets[name]
                code = names.index(value) if value in names else -1
                allowed &= codes == code
        return allowed

    def count_facets(self, docnums: np.ndarray) -> dict[str, dict[str, int]]:
        """Return facet value counts over some documents: localities by count, years newest
        first, then the undated pages as NO_YEAR; provinces (the 34 units of 2025, each
        with the provinces it absorbed) by count."""
        # One gather and one count for every facet: 0.19 of 0.31 ms went to a gather and
        # a count per facet, over 15 000 pages (the median of the mix at 100k articles).
        shape = tuple(len(names) for _, names in self.facets.values())
        table = np.bincount(self.facet_cells[docnums], minlength=prod(shape)).reshape(shape)
        distribution = {}
        for axis, (name, (_, names)) in enumerate(self.facets.items()):
            others = tuple(a for a in range(len(shape)) if a != axis)
            counts = table.sum(axis=others).tolist()
            pairs = [(names[c], n) for c, n in enumerate(counts) if n and names[c]]
            if name == "year":
                pairs.sort(reverse=True)
                undated = sum(n for c, n in enumerate(counts) if not names[c])
                pairs += [(NO_YEAR, undated)] if undated else []
            else:
                pairs.sort(key=lambda kv: (-kv[1], kv[0]))
            distribution[name] = dict(pairs)
        distribution["province"] = unit_counts(distribution["locality"])
        return distribution
