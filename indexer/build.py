"""Build or update the index from corpus paths into a new generation."""

from __future__ import annotations

import json
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from search.accents import AccentModel, count_texts, is_current_model
from search.analysis import ANALYZER_VERSION
from search.config import Settings
from search.errors import IndexUnreadable, SearchError
from search.schema import build_schema
from search.store import MANIFEST_FILE, META_FILE, MODEL_FILE, read_meta
from search.synonyms import learn, read_learned_counts, save_learned
from search.tablemerge import merge_counts
from search.termarrays import is_whole, segment_file

from .articles import Article, Skipped, Unchanged, iter_articles
from .decoding import clean_text
from .generations import (
    IndexUnwritable,
    link_files,
    new_workspace,
    publish,
    reindex_lock,
    served_generation,
)
from .manifest import Change, Manifest
from .progress import estimate_pages
from .segmentpool import SegmentPool
from .segments import ArraySegmentWriter
from .sources import Repaired


class EmptyCorpus(SearchError):
    """The corpus gave no article to index."""


class IncompleteIndex(SearchError):
    """A new generation lost documents while it was written; it is not served."""


@dataclass
class BuildReport:
    """What a reindex did."""

    generation: str = ""
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    documents: int = 0
    dated: int = 0  # documents with a publication date
    skipped: list[Skipped] = field(default_factory=list)
    repaired: list[Repaired] = field(default_factory=list)  # indexed after a repair
    seconds: float = 0.0

    def count(self, item: Article | Skipped | Unchanged, change: Change | None) -> bool:
        """Count one input the manifest decided on; tell whether it is to be (re)indexed."""
        if isinstance(item, Repaired):
            self.repaired.append(item)
        elif change is Change.DUPLICATE or isinstance(item, Skipped):
            self.skipped.append(item if change is None else
                                Skipped(item.path, f"duplicate id {item.id!r}"))
        elif change is Change.UNCHANGED:
            self.unchanged += 1
        else:
            self.added += change is Change.NEW
            self.updated += change is Change.CHANGED
            return True
        return False


def build_index(corpus: Iterable[str | Path], index_dir: str | Path, full: bool = False,
                progress: bool = False, procs: int = 2,
                memory_mb: float = Settings.build_memory_mb) -> BuildReport:
    """Index the corpus into a new generation and serve it; incremental unless full.

    A full build writes a segment per writer process, its postings to temporary runs whenever
    they reach their share of memory_mb, and the accent model's pair counts whenever they
    reach theirs.
    """
    index_dir = Path(index_dir)
    started = time.perf_counter()
    corpus = [Path(p) for p in corpus]
    try:
        report = _build(corpus, index_dir, full, progress, (procs, memory_mb))
    except OSError as error:  # reading the corpus never raises: its errors are skips
        raise IndexUnwritable(index_dir, error) from error
    report.seconds = time.perf_counter() - started
    return report


def _build(corpus: list[Path], index_dir: Path, full: bool, progress: bool,
           procs: tuple[int, int]) -> BuildReport:
    """Hold the lock, write a generation and publish it, unless nothing changed."""
    with reindex_lock(index_dir):
        base = None if full else _reusable(served_generation(index_dir))
        try:
            report, workspace = _written(corpus, index_dir, base, progress, procs)
        except IndexUnreadable:  # its manifest is damaged: only the corpus can rebuild it
            base = None
            report, workspace = _written(corpus, index_dir, base, progress, procs)
        if base is not None and not (report.added or report.updated or report.deleted):
            shutil.rmtree(workspace, ignore_errors=True)  # nothing changed: keep serving base
            report.generation = base.name
        else:
            report.generation = publish(workspace, index_dir).name
    return report


def _written(corpus: list[Path], index_dir: Path, base: Path | None, progress: bool,
             procs: tuple[int, int]) -> tuple[BuildReport, Path]:
    """Write a generation into a new workspace; return its report and the workspace (on
    failure, the workspace is removed)."""
    workspace = new_workspace(index_dir)
    try:
        return _write(corpus, workspace, base, progress, procs), workspace
    except BaseException:
        shutil.rmtree(workspace, ignore_errors=True)
        raise


def _reusable(generation: Path | None) -> Path | None:
    """Return the served generation if an incremental update can start from it.

    Whoosh does not hold the postings of the posting arrays: a damaged arrays file can
    only be rebuilt from the corpus, by a full build.
    """
    if generation is None or read_meta(generation).get("analyzer") != ANALYZER_VERSION:
        return None
    if not (generation / MANIFEST_FILE).is_file() or \
            not is_current_model(generation / MODEL_FILE):
        return None
    try:
        segments = _open(generation)._segments()
    except Exception:  # any unreadable index is rebuilt in full
        return None
    whole = all(is_whole(segment_file(generation, segment)) for segment in segments)
    return generation if whole else None


def _write(corpus: list[Path], workspace: Path, base: Path | None, progress: bool,
           procs: tuple[int, int]) -> BuildReport:
    """Write the generation's index, manifest, accent model and metadata."""
    if base is not None:
        link_files(base, workspace)
        index = whoosh_index.open_dir(str(workspace))
    else:
        index = whoosh_index.create_in(str(workspace), build_schema())
    manifest = Manifest.load(base, workspace)
    unigrams, bigrams = Counter(), Counter()  # of the new and changed articles only
    defined = read_learned_counts(base) if base is not None else Counter()
    report = BuildReport()
    changes = _changes(corpus, manifest, progress)
    # One searcher finds the old versions: Whoosh's update_document opens one per call.
    lookup = _open(workspace).searcher() if base is not None else None
    writer = None
    try:
        for article, change in changes:
            if not report.count(article, change):
                continue
            writer = writer or _writer(index, base, procs)
            if change is Change.CHANGED:
                _delete(writer, lookup, article.id)
            writer.add_article(_document(article))
            if base is not None:  # a full build's writer processes count them
                count_texts([article.title, article.body], unigrams, bigrams)
            learn([article.body], defined)
        for doc_id in manifest.deleted():
            writer = writer or _writer(index, base, procs)
            _delete(writer, lookup, doc_id)
            report.deleted += 1
        if writer is not None:
            writer.commit()
    except BaseException:
        if writer is not None and not getattr(writer, "is_closed", False):
            writer.cancel()
        raise
    finally:
        if lookup is not None:
            lookup.close()
    # Every Whoosh writer makes this folder; none uses it (segments.py gives each its own).
    shutil.rmtree(workspace / f"{index.indexname}.tmp", ignore_errors=True)
    if not manifest.count:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in report.skipped[:3])
        raise EmptyCorpus(f"The corpus gave no article to index ({reasons or 'no pages found'}); "
                          "the served index is unchanged. Check the --corpus paths.")
    _check_count(index, manifest.count, base is not None)
    report.documents = manifest.count
    report.dated = _dated(workspace)
    manifest.save(workspace)
    model = AccentModel(writer.accent_tables) if base is None else \
        _accent_model(base, unigrams, bigrams)
    _save_side_files(workspace, model, report)
    save_learned(workspace, defined)
    return report


def _changes(corpus, manifest: Manifest, progress: bool):
    """Yield every input with what the manifest decides it is (skips and repairs as None).

    Inputs whose fingerprint is in the last manifest are not even parsed.
    """
    bar = tqdm(total=estimate_pages(corpus) if progress else None, unit="page",
               disable=not progress, file=sys.stderr, dynamic_ncols=True)
    with bar:
        for item in iter_articles(corpus, manifest):
            bar.update(1)
            if isinstance(item, Skipped):  # a Repaired too
                yield item, None
            else:
                yield item, manifest.decide(item.id, item.fingerprint,
                                            isinstance(item, Unchanged))


def _delete(writer, lookup, doc_id: str) -> None:
    """Delete the indexed version of a document, if there is one."""
    docnum = lookup.document_number(id=doc_id)
    if docnum is not None:
        writer.delete_document(docnum)


def _writer(index, base: Path | None, procs: tuple[int, int]):
    """Return a writer: one segment a process for full builds, one segment for updates."""
    count, memory_mb = procs
    if base is None:
        return SegmentPool(index, count, memory_mb)
    return ArraySegmentWriter(index)


def _document(article: Article) -> dict:
    """Return the stored document of an article, every field valid text.

    Text was made valid when it was read, but extraction decodes HTML character
    references: "&#x1;" in a page would otherwise store a control character.
    """
    return {name: clean_text(value) if value else value
            for name, value in article.document().items()}


def _open(folder: Path):
    """Open an index to read without mmap: Whoosh copies a mapped segment's terms into memory."""
    return FileStorage(str(folder), supports_mmap=False).open_index()


def _check_count(index, expected: int, incremental: bool) -> None:
    """Refuse to publish an index whose document count is not what was written."""
    found = _open(Path(index.storage.folder)).doc_count()
    if found != expected:
        # An update can inherit a damaged index, which a full build replaces; a full build
        # that loses documents had a writer process fail, and would fail the same way again.
        advice = ("Run `vpsearch reindex --full`." if incremental else
                  "A writer process failed: report the errors printed above.")
        raise IncompleteIndex(f"The new index holds {found} documents instead of {expected}; "
                              f"the served index is unchanged. {advice}")


def _dated(folder: Path) -> int:
    """Count the documents of an index that have a publication date (a year)."""
    with _open(folder).searcher() as searcher:
        reader = searcher.reader()
        years = reader.column_reader("year")
        return sum(1 for docnum in reader.all_doc_ids() if years[docnum])


def _accent_model(base: Path, unigrams: Counter, bigrams: Counter) -> AccentModel:
    """Return the last generation's accent model with the counts of new and changed articles."""
    return AccentModel(merge_counts(AccentModel.load(base / MODEL_FILE).tables, unigrams, bigrams))


def _save_side_files(workspace: Path, model, report: BuildReport) -> None:
    """Write the accent model and the metadata of a generation."""
    model.save(workspace / MODEL_FILE)
    meta = {"analyzer": ANALYZER_VERSION, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "documents": report.documents, "added": report.added, "updated": report.updated,
            "deleted": report.deleted, "skipped": len(report.skipped)}
    (workspace / META_FILE).write_text(json.dumps(meta, indent=1), encoding="utf-8")
