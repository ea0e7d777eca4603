"""A full build's documents written by worker processes, each into one segment.

Batches of documents are dealt to the workers in turn (so a corpus always gives the
same segments); a worker writes its segment's postings to a run (arrayruns) whenever its
posting buffer passes its share of the memory setting, and counts the accent model's words
of its documents (their pair counts written to run files past another share). The parent
commits every segment at once and merges the counts, the runs a chunk at a time.
"""

from __future__ import annotations

import multiprocessing
import queue
import traceback
from pathlib import Path

from search.errors import SearchError

from .accentcounts import AccentCounts, merged_tables
from .segments import ArraySegmentWriter

BATCH = 100        # documents sent to a worker at a time
QUEUED_BATCHES = 4  # batches waiting for each worker
WORKING_SHARE = 4   # a worker peaks at about this many times its postings while writing them
ACCENT_SHARE = 16   # of a worker's memory, for its accent pair counts (held ~3x while counted)
# of the memory setting, for the parent's merge of the accent counts: at 8 (96 MB) the
# merge of 30k news articles' runs (17 MB) fitted whole and 100k's grew past it
MERGE_SHARE = 32


class WriterFailed(SearchError):
    """A worker process of the index writer failed or died; nothing was published."""


class SegmentPool:
    """Worker processes writing segments of an index; use like a Whoosh writer for additions."""

    def __init__(self, index, procs: int, memory_mb: float) -> None:
        context = multiprocessing.get_context("fork")
        self._batch, self._dealt = [], 0
        self.accent_tables = None  # the accent model's counts of every document, once committed
        self._lock = index.writer()  # Whoosh's write lock, and the TOC committed at the end
        self._results = context.Queue()
        self._memory = int(memory_mb * (1 << 20))
        budget = self._memory // procs // WORKING_SHARE
        self._own = ProcessSegment(index, budget) if procs == 1 else None
        procs = 0 if procs == 1 else procs
        self._queues = [context.Queue(QUEUED_BATCHES) for _ in range(procs)]
        self._workers = [context.Process(target=_work, daemon=True,
                                         args=(index, jobs, self._results, number, budget))
                         for number, jobs in enumerate(self._queues)]
        for worker in self._workers:
            worker.start()

    def add_article(self, document: dict) -> None:
        """Queue a document (DOCUMENT_FIELDS) for the next worker, which derives its fields."""
        if self._own is not None:
            self._own.add_article(document)
            return
        self._batch.append(document)
        if len(self._batch) >= BATCH:
            self._deal()

    def commit(self) -> None:
        """Wait for the workers' segments and commit them all."""
        if self._own is not None:
            self._commit(self._own.finish())
            self.accent_tables = merged_tables([self._own.counts.shard()],
                                               self._memory // MERGE_SHARE)
            return
        if self._batch:
            self._deal()
        for jobs in self._queues:
            self._put(jobs, None)
        found = {}
        while len(found) < len(self._workers):
            try:
                number, segments, counts, failure = self._results.get(timeout=1)
            except queue.Empty:
                self._check_alive(found)
                continue
            if failure:
                raise WriterFailed(f"An index writer process failed; the served index is "
                                   f"unchanged. Report this error:\n{failure}")
            found[number] = segments, counts
        for worker in self._workers:
            worker.join()
        self.accent_tables = merged_tables([found[number][1] for number in sorted(found)],
                                           self._memory // MERGE_SHARE)
        self._commit([s for number in sorted(found) for s in found[number][0]])

    def _commit(self, segments: list) -> None:
        """Write the table of contents listing the new segments; release the lock."""
        self._lock._close_segment()
        self._lock._commit_toc(segments)
        self._lock._finish()

    def cancel(self) -> None:
        """Stop the workers and release the lock; nothing is committed."""
        if self._own is not None:
            self._own.cancel()
        for worker in self._workers:
            if worker.is_alive():
                worker.kill()
            worker.join()
        if not self._lock.is_closed:
            self._lock.cancel()

    def _deal(self) -> None:
        """Send the batch to the next worker in turn."""
        self._put(self._queues[self._dealt % len(self._queues)], self._batch)
        self._batch, self._dealt = [], self._dealt + 1

    def _put(self, jobs, item) -> None:
        """Put an item on a worker's queue, checking the workers live while it is full."""
        while True:
            try:
                jobs.put(item, timeout=1)
                return
            except queue.Full:
                self._check_alive({})

    def _check_alive(self, finished: dict) -> None:
        """Raise WriterFailed if a worker that has not reported died."""
        for number, worker in enumerate(self._workers):
            if number not in finished and not worker.is_alive() and worker.exitcode:
                raise WriterFailed(f"An index writer process died (exit code {worker.exitcode}); "
                                   "the served index is unchanged. If memory ran out, lower "
                                   "the build_memory_mb setting.")


class ProcessSegment:
    """The segment written in this process, its postings to a run whenever they pass a budget."""

    def __init__(self, index, budget: int) -> None:
        self.index, self.budget, self.writer = index, budget, None
        # of the accent model: a worker's share of memory is budget * WORKING_SHARE
        self.counts = AccentCounts(Path(index.storage.folder),
                                   budget * WORKING_SHARE // ACCENT_SHARE)

    def add_article(self, document: dict) -> None:
        """Add a document to the segment; write its postings to a run past the budget."""
        self.writer = self.writer or ArraySegmentWriter(self.index, _lk=False)
        self.writer.add_article(document)
        self.counts.add(document.get("title") or "")
        self.counts.add(document.get("body") or "")
        if self.writer.buffer.nbytes > self.budget:
            self.writer.write_run()

    def finish(self) -> list:
        """Finish the segment; return it in a list (empty: no document came), uncommitted."""
        if self.writer is None:
            return []
        writer, self.writer = self.writer, None
        return [_close(writer)]

    def cancel(self) -> None:
        """Drop the segment being written."""
        if self.writer is not None and not self.writer.is_closed:
            self.writer.cancel()


def _work(index, jobs, results, number: int, budget: int) -> None:
    """Write the documents of every batch dealt to this worker; report the segments."""
    try:
        segment = ProcessSegment(index, budget)
        while (batch := jobs.get()) is not None:
            for document in batch:
                segment.add_article(document)
        results.put((number, segment.finish(), segment.counts.shard(), None))
    except BaseException:  # the parent reports it
        results.put((number, None, None, traceback.format_exc()))


def _close(writer: ArraySegmentWriter):
    """Finish a segment and return it, uncommitted."""
    segment = writer._finalize_segment()
    writer._finish()
    return segment
