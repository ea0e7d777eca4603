"""The index schema: accent-preserving and folded forms of title and body, title pairs."""

from __future__ import annotations

from datetime import datetime

from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, STORED, TEXT, Schema

from .analysis import accented_field_analyzer, folded_analyzer, pair_analyzer
from .article import DOCUMENT_FIELDS, FIELD_KEPT
from .duplicates import signature, stable_key, title_key

# How each kind of article field (search/article.py) is kept in the index.
_KINDS = {
    "id": lambda: ID(stored=True, unique=True),
    "text": lambda: TEXT(analyzer=accented_field_analyzer(), stored=True, phrase=False),
    "facet": lambda: ID(stored=True, sortable=True),
    "stored": STORED,
}


def build_schema() -> Schema:
    """Return the schema every index generation is written with."""
    return Schema(
        **{name: _KINDS[FIELD_KEPT[name].index]() for name in DOCUMENT_FIELDS},
        title_f=TEXT(analyzer=folded_analyzer(), phrase=True),
        title_p=TEXT(analyzer=pair_analyzer(), phrase=False),
        # Queries read postings and positions from the arrays written beside each segment
        # (termarrays), never Whoosh's blocks, so one folded field serves scoring and phrases.
        body_f=TEXT(analyzer=folded_analyzer(), phrase=True),
        year=ID(stored=True, sortable=True),
        # A column only: nothing queries dates by term, and NUMERIC's 16 trie terms an
        # article cost ~10% of a writer process's CPU (0.2 ms an article).
        timestamp=COLUMN(NumericColumn("q")),
        # Columns only (no terms): which articles tell the same story (duplicates.py).
        titlekey=COLUMN(NumericColumn("q")),
        # Ties are broken by a hash of the id, not the document number, so that an
        # incremental and a full build of one corpus rank alike.
        idkey=COLUMN(NumericColumn("q")),
        minhash=COLUMN(VarBytesColumn()),
    )


def index_fields(doc: dict) -> dict:
    """Return the Whoosh fields for a document dict of DOCUMENT_FIELDS."""
    title, body = doc.get("title") or "", doc.get("body") or ""
    date = doc.get("date") or None
    fields = {name: doc[name] for name in DOCUMENT_FIELDS if doc.get(name)}
    fields.update(title=title, title_f=title, title_p=title,
                  body=body, body_f=body,
                  year=date[:4] if date and date[:4].isdigit() else "",
                  locality=doc.get("locality") or "",
                  timestamp=_timestamp(date),
                  titlekey=title_key(title), minhash=signature(body),
                  idkey=stable_key(doc.get("id") or ""))
    return fields


def _timestamp(date: str | None) -> int:
    """Return the epoch seconds of an ISO date, or 0 when unknown."""
    if not date:
        return 0
    try:
        return int(datetime.fromisoformat(date).timestamp())
    except ValueError:
        return 0
