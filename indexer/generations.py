"""Write index generations safely: one writer at a time, atomic switch, old ones removed."""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import functools
import os
import shutil
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from search.errors import IndexBusy, IndexMissing, SearchError
from search.store import (
    CURRENT_FILE,
    GENERATION_PREFIX,
    MANIFEST_FILE,
    META_FILE,
    MODEL_FILE,
    current_generation,
)

from .files import display_path
from .manifestfile import KEYS_FILE

LOCK_FILE = "reindex.lock"
TEMP_PREFIX = "tmp-"
GENERATIONS_ON_DISK = 2  # the served one and the one before, for readers still on it


class IndexUnwritable(SearchError):
    """The index folder cannot be created or written."""

    def __init__(self, index_dir: Path, error: OSError) -> None:
        reason = error.strerror or str(error)
        super().__init__(f"Cannot write the index folder {display_path(index_dir)} ({reason}). "
                         "Choose a folder you can write with --index or the index_dir setting.")


@contextmanager
def reindex_lock(index_dir: Path) -> Iterator[None]:
    """Hold the reindex lock; raise IndexBusy at once if another reindex holds it."""
    index_dir.mkdir(parents=True, exist_ok=True)
    _release_in_children()
    descriptor = os.open(index_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexBusy(index_dir) from None
        # The OS frees the lock when the process dies, even by kill -9, unless a forked
        # child still shares it: _release_in_child keeps Whoosh's sub-writers from doing so.
        os.ftruncate(descriptor, 0)
        os.write(descriptor, str(os.getpid()).encode("ascii"))
        _held[descriptor] = os.getpid()
        try:
            yield
        finally:
            _held.pop(descriptor, None)
    finally:
        os.close(descriptor)


_held: dict[int, int] = {}  # lock descriptor -> pid of the reindex holding it


def _release_in_child() -> None:
    """In a child forked during a reindex, drop the lock and die with the parent."""
    if not _held:
        return
    parents = set(_held.values())
    for descriptor in list(_held):
        os.close(descriptor)  # a flock lives as long as any process shares it
    _held.clear()
    # Linux: a parent killed by kill -9 takes its sub-writers with it
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() not in parents:  # the parent died before prctl
        os._exit(1)


PR_SET_PDEATHSIG = 1


@functools.cache
def _release_in_children() -> None:
    """Make every child this process forks drop the locks it holds (registered once)."""
    os.register_at_fork(after_in_child=_release_in_child)


def served_generation(index_dir: Path) -> Path | None:
    """Return the served generation folder, or None when there is none."""
    try:
        return current_generation(index_dir)
    except IndexMissing:
        return None


def new_workspace(index_dir: Path) -> Path:
    """Create an empty folder for a generation being built; remove crashed leftovers."""
    for leftover in index_dir.glob(TEMP_PREFIX + "*"):
        shutil.rmtree(leftover, ignore_errors=True)
    served = served_generation(index_dir)
    for generation in index_dir.glob(GENERATION_PREFIX + "*"):
        # Newer than the served one: renamed by a reindex killed before it switched CURRENT.
        if served is not None and generation.name > served.name:
            shutil.rmtree(generation, ignore_errors=True)
    name = time.strftime("%Y%m%dT%H%M%S") + f".{time.time_ns() % 10**9:09d}"
    workspace = index_dir / (TEMP_PREFIX + name)
    workspace.mkdir()
    return workspace


def link_files(source: Path, target: Path) -> None:
    """Hard-link a generation's Whoosh files into a new folder (Whoosh never rewrites one)."""
    side_files = {MANIFEST_FILE, KEYS_FILE, META_FILE, MODEL_FILE}
    for entry in source.iterdir():
        if entry.is_file() and not entry.name.endswith("LOCK") and entry.name not in side_files:
            os.link(entry, target / entry.name)


def publish(workspace: Path, index_dir: Path) -> Path:
    """Make a finished workspace the served generation in one atomic step."""
    _fsync_folder(workspace, files=True)
    generation = index_dir / (GENERATION_PREFIX + workspace.name[len(TEMP_PREFIX):])
    os.rename(workspace, generation)
    pointer = index_dir / (CURRENT_FILE + ".tmp")
    with open(pointer, "w", encoding="ascii") as handle:
        handle.write(generation.name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(pointer, index_dir / CURRENT_FILE)
    _fsync_folder(index_dir)
    _remove_old_generations(index_dir, generation)
    return generation


def _remove_old_generations(index_dir: Path, served: Path) -> None:
    """Delete generations older than the last GENERATIONS_ON_DISK."""
    generations = sorted(index_dir.glob(GENERATION_PREFIX + "*"), key=lambda p: p.name)
    for old in generations[:-GENERATIONS_ON_DISK]:
        if old != served:
            shutil.rmtree(old, ignore_errors=True)


def _fsync_folder(folder: Path, files: bool = False) -> None:
    """Flush a folder's entries (and, if asked, its files) to disk."""
    if files:
        for entry in folder.iterdir():
            if entry.is_file():
                with open(entry, "rb") as handle:
                    os.fsync(handle.fileno())
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
