"""Turn corpus paths into clean articles: body without furniture, with metadata."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from indexer import metadata
from indexer.boilerplate import (
    BODY,
    BYLINE,
    SiteLearner,
    classify,
    is_furniture,
    is_prose,
)
from indexer.headlines import has_markup, read_title, unescape_once
from indexer.htmlpage import markup_lines, parse_html
from indexer.localities import agency_prefix, canonical_locality, guess_locality
from indexer.manifest import Manifest
from indexer.pagehead import PageHead
from indexer.sources import Document, Skipped, Unchanged, iter_documents
from search.article import Article

__all__ = ["Article", "Skipped", "Unchanged", "extract", "iter_articles"]

BATCH = 256
_DOMAIN_RE = re.compile(r"\b([A-Za-z0-9-]+\.(?:com\.vn|vn|com|net|org))\b")


@dataclass
class _Draft:
    """A page split into lines, with what its head and metadata already told."""

    doc: Document
    lines: list[str]
    head: PageHead = field(default_factory=PageHead)
    removed: list[str] = field(default_factory=list)


def _split_lines(text: str) -> list[str]:
    """Split text into whitespace-collapsed, non-empty lines."""
    return [line for raw in text.splitlines() if (line := " ".join(raw.split()))]


def _take_head(draft: _Draft) -> None:
    """Take the headline and dateline off the top of a text dump."""
    lines, head = draft.lines, draft.head
    if not head.title and lines and metadata.is_headline(lines[0]) and not is_furniture(lines[0]):
        head.title, head.date = metadata.split_title_dateline(lines.pop(0))
        head.date = head.date or None
    for i, line in enumerate(lines[:4]):
        if is_prose(line) and not metadata.dateline(line):
            break
        found = metadata.dateline(line)
        if found:
            head.date = head.date or found
            draft.removed.append(lines.pop(i))
            break


def _text_lines(text: str, removed: list[str]) -> list[str]:
    """Split a text into lines; text with markup is read as HTML, entities are decoded once."""
    if has_markup(text):
        return markup_lines(text, removed)
    return _split_lines(unescape_once(text))


def _draft(doc: Document) -> _Draft | Skipped:
    """Read a document's lines and head metadata."""
    given = read_title(doc.meta["title"]) if doc.meta.get("title") else None
    if doc.html is not None:
        page = parse_html(doc.html)
        if page.not_article:
            return Skipped(doc.path, page.not_article)
        head = replace(page.head, title=given.title if given else page.head.title,
                       date=page.head.date or (given and given.date))
        return _Draft(doc, page.lines, head, list(page.removed))
    draft = _Draft(doc, [], PageHead(title=given.title if given else None,
                                     date=given and given.date))
    draft.lines = (given.lines if given else []) + _text_lines(doc.text or "", draft.removed)
    _take_head(draft)
    return draft


def _author(lines: list[str], labels: list[str]) -> str | None:
    """Return the author from the first byline line, or from one glued to the last paragraph."""
    for line, label in zip(lines, labels):
        if label == BYLINE:
            return metadata.byline(line)
    body = [i for i, label in enumerate(labels) if label == BODY]
    if body:
        text, name = metadata.split_glued_byline(lines[body[-1]])
        if name:
            lines[body[-1]] = text
            return name
    return None


def _source(draft: _Draft, removed: list[str], lead: str) -> str | None:
    """Name the site or agency: metadata, agency prefix, page, or a domain in the furniture."""
    prefix = agency_prefix(lead)
    if draft.doc.meta.get("source") or draft.head.source:
        return draft.doc.meta.get("source") or draft.head.source
    if prefix:
        return prefix[2]
    for line in removed:
        match = _DOMAIN_RE.search(line)
        if match:
            return match.group(1)
    return None


def _finish(draft: _Draft, learned=None) -> Article | Skipped:
    """Classify a draft's lines and assemble the article."""
    doc, meta, lines, head = draft.doc, draft.doc.meta, draft.lines, draft.head
    labels = classify(lines, learned)
    author = _author(lines, labels)
    body = [line for line, label in zip(lines, labels) if label == BODY]
    removed = draft.removed + [line for line, label in zip(lines, labels) if label != BODY]
    if not body:
        return Skipped(doc.path, "not an article (no text left after removing page furniture)")
    title = head.title or metadata.title_from_lead(body[0])
    lead = body[0]
    text = "\n".join(body)
    locality = canonical_locality(meta.get("locality")) or guess_locality(title, lead, text[:3000])
    return Article(
        id=doc.id, title=title, body=text, path=doc.path,
        date=metadata.parse_date(meta.get("date")) or head.date
        or metadata.lead_date(body, f"{title}\n{text}"),
        author=meta.get("author") or author or head.author, locality=locality,
        source=_source(draft, removed, lead), url=meta.get("url") or head.url, removed=removed)


def extract(doc: Document, learned=None) -> Article | Skipped:
    """Extract one document into an Article (or a Skipped when it holds none)."""
    draft = _draft(doc)
    return draft if isinstance(draft, Skipped) else _finish(draft, learned)


def _batches(items: Iterator, size: int) -> Iterator[list]:
    """Group a stream into lists of at most `size` items."""
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def iter_articles(paths: Iterable[str | os.PathLike], manifest: Manifest | None = None
                  ) -> Iterator[Article | Skipped | Unchanged]:
    """Yield every article (or skip record) found in files, folders (recursive: .html .htm .txt),
    .jsonl and .jsonl.gz dumps, under ids the manifest makes unique; inputs the manifest
    claims by their fingerprint are yielded as Unchanged without being parsed or extracted."""
    learner, manifest = SiteLearner(), manifest or Manifest()
    claim = manifest.claim if manifest.can_claim else None
    for batch in _batches(iter_documents(paths, claim), BATCH):
        todo = []
        for item in batch:
            if isinstance(item, Unchanged):
                yield item
            else:
                todo.append(item)
        drafts = [item if isinstance(item, Skipped) else _draft(item) for item in todo]
        for draft in drafts:
            if isinstance(draft, _Draft):
                learner.observe(draft.doc.group, draft.lines)
        for draft in drafts:
            if isinstance(draft, Skipped):
                yield draft
                continue
            group = draft.doc.group
            item = _finish(draft, lambda line, g=group: learner.is_furniture(g, line))
            if isinstance(item, Article):
                item.id, item.fingerprint = manifest.name(item.id, draft.doc.fingerprint)
            yield item
