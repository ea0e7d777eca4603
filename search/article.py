"""An article's fields, declared once: extraction fills them, the schema, the stored
document, the metadata a page may be given with, and the JSON keys all come from here.

To add a field, declare it below with how it is kept, and fill it in extraction
(indexer/articles.py); the index then needs `vpsearch reindex --full` (bump
ANALYZER_VERSION).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields


@dataclass(frozen=True)
class Kept:
    """How the index and the API keep one article field.

    index: "id" (the unique key), "text" (searched and stored), "facet" (filtered, counted
    and stored), "stored", or None (never indexed). given: a page may come with it (a
    sidecar NAME.json, a key of a dump record). shown: "hit" (in each search hit and in the
    article), "article" (in the article only) or None (in neither).
    """

    index: str | None = "stored"
    given: bool = True
    shown: str | None = "hit"


def _kept(default=None, **how) -> field:
    """Return a dataclass field that says how it is kept."""
    return field(default=default, metadata={"kept": Kept(**how)})


@dataclass
class Article:
    """One article ready for indexing, fields in the order `vpsearch extract --json` prints."""

    id: str = _kept("", index="id", given=False)
    path: str = _kept("", given=False, shown=None)
    title: str = _kept("", index="text")
    date: str | None = _kept()
    author: str | None = _kept(shown="article")
    locality: str | None = _kept(index="facet")
    source: str | None = _kept()
    url: str | None = _kept()
    body: str = _kept("", index="text", given=False, shown="article")
    # What extraction took out of the page, shown by `vpsearch extract` only.
    removed: list[str] = field(default_factory=list, metadata={"kept": Kept(None, False, None)})
    # Of the input the article was extracted from; the reindex manifest keeps it.
    fingerprint: str = field(default="", metadata={"kept": Kept(None, False, None)})

    def to_dict(self) -> dict:
        """Return the fields `vpsearch extract --json` prints."""
        data = asdict(self)
        del data["fingerprint"]
        return data

    def document(self) -> dict:
        """Return the fields the index keeps, by name."""
        return {name: getattr(self, name) for name in DOCUMENT_FIELDS}


def _names(wanted) -> tuple[str, ...]:
    """Return the names of the article fields whose Kept passes a test, in order."""
    return tuple(f.name for f in fields(Article) if wanted(f.metadata["kept"]))


FIELD_KEPT = {f.name: f.metadata["kept"] for f in fields(Article)}
# Document fields a caller supplies; the derived search fields are filled from them.
DOCUMENT_FIELDS = _names(lambda kept: kept.index is not None)
GIVEN_FIELDS = _names(lambda kept: kept.given)
HIT_FIELDS = _names(lambda kept: kept.shown == "hit")
ARTICLE_FIELDS = _names(lambda kept: kept.shown is not None)


def shown_values(stored: dict, names: tuple[str, ...]) -> dict:
    """Return stored values as the API shows them: text fields as text, others None if empty.

    >>> shown_values({"id": "a", "locality": ""}, ("id", "title", "locality"))
    {'id': 'a', 'title': '', 'locality': None}
    """
    return {name: stored.get(name) or ("" if FIELD_KEPT[name].index in ("id", "text") else None)
            for name in names}
