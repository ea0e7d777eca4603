"""Open corpus files safely: regular files only, reads bounded in size, names shown as text."""

from __future__ import annotations

import gzip
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISDIR, "a folder"))


class NotRegularFile(OSError):
    """A path that is a pipe, device, socket or folder: reading it could block or never end."""


def display_path(path: str | os.PathLike) -> str:
    r"""Return a path as valid text: bytes that are not UTF-8 are shown as \xNN escapes.

    >>> display_path(os.fsdecode(b"bad_name_\xff\xfe.txt"))
    'bad_name_\\xff\\xfe.txt'
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def open_regular(path: str | os.PathLike) -> BinaryIO:
    """Open a regular file for reading, following symlinks, without blocking on a pipe.

    :raises NotRegularFile: for a named pipe, device, socket or folder.
    :raises OSError: when the file cannot be opened.
    """
    # O_NONBLOCK: opening a named pipe with no writer returns at once instead of waiting.
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
            raise NotRegularFile(f"not a regular file ({kind})")
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


@contextmanager
def open_unzipped(path: Path) -> Iterator[BinaryIO]:
    """Open a regular file to read its bytes, through gzip when its name ends in .gz.

    :raises NotRegularFile: for a named pipe, device, socket or folder.
    """
    with open_regular(path) as handle:
        if not path.name.lower().endswith(".gz"):
            yield handle
            return
        with gzip.GzipFile(fileobj=handle, mode="rb") as unzipped:
            yield unzipped


def read_bounded(path: str | os.PathLike, limit: int) -> bytes:
    """Return a regular file's bytes, or limit + 1 of them when it is larger than limit.

    :raises NotRegularFile: for a named pipe, device, socket or folder.
    """
    with open_regular(path) as handle:
        return handle.read(limit + 1)


def bounded_lines(handle: BinaryIO, limit: int) -> Iterator[bytes]:
    """Yield the lines of a binary stream; a line longer than limit is cut to limit + 1 bytes.

    The rest of a long line is read and dropped in chunks: a dump of zeros without a
    newline costs no more memory than one line of limit bytes.
    """
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = handle.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
        yield line


def is_regular(path: Path) -> bool:
    """Tell whether a path is a regular file (after symlinks), without opening it."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False
