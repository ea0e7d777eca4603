"""Walk corpus paths: folders of pages, single files, JSON-lines dumps; yield raw documents."""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from indexer.decoding import REPAIRED_NOTE, DecodeError, clean_text, decode_counting
from indexer.files import (
    NotRegularFile,
    bounded_lines,
    display_path,
    open_regular,
    open_unzipped,
    read_bounded,
)
from search.article import GIVEN_FIELDS

PAGE_SUFFIXES = (".html", ".htm", ".txt")
DUMP_SUFFIXES = (".jsonl", ".jsonl.gz")
MAX_PAGE_BYTES = 5 * 1024 * 1024
MAX_SIDECAR_BYTES = 64 * 1024


@dataclass
class Skipped:
    """A file or record that holds no article, with the reason in a short sentence."""

    path: str
    reason: str


@dataclass
class Repaired(Skipped):
    """A page that is indexed after a repair the reindex summary names (bad bytes replaced).

    A kind of Skipped only so that extraction passes it through to the build untouched.
    """


@dataclass
class Document:
    """One page or record before extraction: its text or HTML and any metadata given with it."""

    id: str
    path: str
    text: str | None = None
    html: str | None = None
    meta: dict = field(default_factory=dict)
    group: str = ""
    fingerprint: str = ""  # of the input, see page_fingerprint and line_fingerprint
    repairs: int = 0  # bad UTF-8 sequences replaced while decoding


@dataclass
class Unchanged:
    """A page or record whose input is what was last indexed under this id: not read further."""

    id: str
    path: str
    fingerprint: str


# Given an input fingerprint, return the id last indexed from it (once), or None to read it.
Claim = Callable[[str], str | None]


def page_fingerprint(doc: Document) -> str:
    """Return a digest of everything extraction reads from a page."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (doc.id, doc.path, doc.text or "", doc.html or "",
                 json.dumps(doc.meta, sort_keys=True, ensure_ascii=False)):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def line_fingerprint(path: str, raw: bytes, lineno: int | None = None) -> str:
    """Return a digest of a dump line's bytes and file, and of its number if it names the id.

    Deleting line 1 of a dump must not make lines 2..n look changed, unless their ids
    ("dump:2") come from their line numbers.
    """
    digest = hashlib.blake2b(path.encode("utf-8", "surrogatepass") + b"\0", digest_size=16)
    if lineno is not None:
        digest.update(b"%d\0" % lineno)
    digest.update(raw.rstrip(b"\r\n"))
    return digest.hexdigest()


def _megabytes(size: int) -> str:
    """Format a byte count as whole megabytes.

    >>> _megabytes(12 * 1024 * 1024 + 5)
    '12 MB'
    """
    return f"{max(1, round(size / 1024 / 1024))} MB"


def clean_value(value) -> str | None:
    """Return a metadata value as valid text, with "None", "null" and blanks as missing.

    >>> clean_value("None"), clean_value(" Hà Nội "), clean_value(None), clean_value(42)
    (None, 'Hà Nội', None, '42')
    """
    if value is None or isinstance(value, (dict, list)):
        return None
    text = clean_text(str(value)).strip()
    return None if text in ("", "None", "null", "none", "NaN") else text


def sidecar_meta(page: Path) -> dict:
    """Read NAME.json (or NAME.html.json) beside a page; a bad sidecar counts as none."""
    for candidate in (page.with_suffix(".json"), page.with_name(page.name + ".json")):
        if candidate.is_file():
            try:
                data = json.loads(read_bounded(candidate, MAX_SIDECAR_BYTES).decode("utf-8-sig"))
            except (OSError, ValueError):
                return {}
            if isinstance(data, dict):
                return {k: clean_value(data.get(k)) for k in GIVEN_FIELDS if clean_value(data.get(k))}
    return {}


def _looks_like_html(text: str) -> bool:
    """Tell an HTML page from a text dump by its opening.

    >>> _looks_like_html("<!DOCTYPE html><html>"), _looks_like_html("Tin tức <b>")
    (True, False)
    """
    head = text[:2048].lstrip().lower()
    return head.startswith("<") and any(tag in head for tag in ("<html", "<!doctype", "<head",
                                                                 "<body", "<meta", "<div", "<p"))


def _too_large(where: str, size: int) -> Skipped:
    """Say that an input is over the size limit."""
    return Skipped(where, f"too large ({_megabytes(size)} > {_megabytes(MAX_PAGE_BYTES)})")


def read_page(path: Path) -> Document | Skipped:
    """Read one page file into a Document, or say why it is skipped.

    Only regular files are read, never more than MAX_PAGE_BYTES; a name that is not
    UTF-8 is kept as text with \\xNN escapes (display_path).
    """
    where = display_path(path)
    try:
        with open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            data = b"" if size > MAX_PAGE_BYTES else handle.read(MAX_PAGE_BYTES + 1)
    except NotRegularFile as error:
        return Skipped(where, str(error))
    except OSError as error:
        return Skipped(where, f"unreadable file ({error.strerror or error})")
    if max(size, len(data)) > MAX_PAGE_BYTES:
        return _too_large(where, max(size, len(data)))
    if not data.strip():
        return Skipped(where, "empty file")
    is_html = path.suffix.lower() in (".html", ".htm")
    try:
        text, repairs = decode_counting(data, html=is_html or data.lstrip()[:1] == b"<")
    except DecodeError as error:
        return Skipped(where, str(error))
    if not text.strip():
        return Skipped(where, "empty file")
    doc = Document(id=Path(where).stem, path=where, meta=sidecar_meta(path),
                   group=display_path(path.parent), repairs=repairs)
    if is_html or _looks_like_html(text):
        doc.html = text
    else:
        doc.text = text
    doc.fingerprint = page_fingerprint(doc)
    return doc


def _nfc(text: str | None) -> str | None:
    """NFC-normalise text from a dump (cheap when it already is); clean_value made it valid."""
    return unicodedata.normalize("NFC", text) if text else text


def _record(raw: bytes, path: str, lineno: int, stem: str) -> Document | Skipped | None:
    """Turn one JSON line into a Document; blank lines give None."""
    where = f"{path}:{lineno}"
    if not raw.strip():
        return None
    if len(raw) > MAX_PAGE_BYTES:
        return _too_large(where, len(raw))
    try:
        record = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return Skipped(where, f"invalid JSON on line {lineno}")
    if not isinstance(record, dict):
        return Skipped(where, f"not a JSON object on line {lineno}")
    text, html = (_nfc(clean_value(record.get(k))) for k in ("text", "html"))
    if not text and not html:
        return Skipped(where, f"no text or html on line {lineno}")
    meta = {k: _nfc(clean_value(record.get(k))) for k in GIVEN_FIELDS if clean_value(record.get(k))}
    given = clean_value(record.get("id"))
    return Document(id=given or f"{stem}:{lineno}", path=where,
                    text=None if html and not text else text, html=None if text else html,
                    meta=meta, group=meta.get("source") or path,
                    fingerprint=line_fingerprint(path, raw, None if given else lineno))


def _claimed(claim: Claim, path: str, raw: bytes, lineno: int) -> Unchanged | None:
    """Return the line as Unchanged if its bytes are those last indexed, without parsing it."""
    for number in (None, lineno):  # most lines name their id: try their digest first
        fingerprint = line_fingerprint(path, raw, number)
        doc_id = claim(fingerprint)
        if doc_id is not None:
            return Unchanged(doc_id, f"{path}:{lineno}", fingerprint)
    return None


def read_dump(path: Path, claim: Claim | None = None) -> Iterator[Document | Skipped | Unchanged]:
    """Stream the records of a .jsonl or .jsonl.gz dump, one line at a time.

    Lines whose fingerprint claim() knows are yielded as Unchanged without being parsed.
    """
    where = display_path(path)
    stem = Path(where).name.split(".")[0]
    lineno = 0
    try:
        with open_unzipped(path) as handle:
            for lineno, raw in enumerate(bounded_lines(handle, MAX_PAGE_BYTES), 1):
                item = claim and _claimed(claim, where, raw, lineno)
                item = item or _record(raw, where, lineno, stem)
                if item is not None:
                    yield item
    except NotRegularFile as error:
        yield Skipped(where, str(error))
        return
    except (OSError, EOFError, zlib.error) as error:
        reason = "truncated or corrupt gzip" if lineno or "gzip" in str(error).lower() \
            else "unreadable file"
        yield Skipped(where, f"{reason} after line {lineno}")
        return
    if lineno == 0:
        yield Skipped(where, "empty file")


def walk_corpus(folder: Path) -> Iterator[Path | Skipped]:
    """Yield the page and dump files under a folder, recursively, in a stable order.

    A subfolder that cannot be listed is yielded as Skipped.
    """
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        while errors:
            error = errors.pop(0)
            yield Skipped(display_path(error.filename or root),
                          f"unreadable folder ({error.strerror or error})")
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(PAGE_SUFFIXES + DUMP_SUFFIXES) and not name.startswith("."):
                yield Path(root) / name
    for error in errors:  # the folder itself, or the last subfolder listed
        yield Skipped(display_path(error.filename or folder),
                      f"unreadable folder ({error.strerror or error})")


def _is_dump(path: Path) -> bool:
    """Tell a JSON-lines dump by its name."""
    return path.name.lower().endswith(DUMP_SUFFIXES)


def _page(page: Path, claim: Claim | None) -> Iterator[Document | Skipped | Unchanged]:
    """Read a page; yield it as Unchanged if claim() knows its fingerprint.

    A page decoded with bad bytes replaced comes after a Repaired that says so.
    """
    doc = read_page(page)
    doc_id = claim(doc.fingerprint) if claim and isinstance(doc, Document) else None
    if doc_id is not None:
        yield Unchanged(doc_id, doc.path, doc.fingerprint)
        return
    if isinstance(doc, Document) and doc.repairs:
        yield Repaired(doc.path, REPAIRED_NOTE.format(count=doc.repairs))
    yield doc


def _file(path: Path, claim: Claim | None) -> Iterator[Document | Skipped | Unchanged]:
    """Yield the documents of one page or dump file."""
    if _is_dump(path):
        yield from read_dump(path, claim)
    else:
        yield from _page(path, claim)


def iter_documents(paths: Iterable[str | os.PathLike], claim: Claim | None = None
                   ) -> Iterator[Document | Skipped | Unchanged]:
    """Yield a Document or Skipped for every page and record under the given paths.

    Inputs whose fingerprint claim() knows come as Unchanged, read as little as possible.
    """
    for given in paths:
        path = Path(given)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as error:  # a folder on the way we may not enter
            yield Skipped(display_path(path), f"unreadable ({error.strerror or error})")
            continue
        if is_dir:
            for found in walk_corpus(path):
                yield from [found] if isinstance(found, Skipped) else _file(found, claim)
        elif not exists:
            yield Skipped(display_path(path), "no such file or folder")
        elif path.suffix.lower() == ".json":
            yield Skipped(display_path(path), "a JSON metadata file, not a page")
        else:
            yield from _file(path, claim)
