"""The result objects served as JSON: one hit, one page of results."""

from __future__ import annotations

from math import ceil

from .request import SearchRequest
from .snippets import Highlighter, mark, snippet


def hit_dict(fields: dict, highlighter: Highlighter, score: float | None) -> dict:
    """Return the JSON form of one hit, with its snippet and marked title."""
    return {
        "id": fields["id"],
        "title": fields.get("title", ""),
        "titleHtml": mark(fields.get("title", ""), highlighter),
        "url": fields.get("url"),
        "date": fields.get("date"),
        "locality": fields.get("locality") or None,
        "source": fields.get("source"),
        "snippet": snippet(fields.get("body", ""), highlighter),
        "score": round(score, 4) if score is not None else None,
    }


def result_dict(request: SearchRequest, hits: list[dict], total: int, facets: dict,
                suggestion: str | None, corrected: str | None) -> dict:
    """Return the JSON form of one page of results."""
    return {
        "query": request.q,
        "hits": hits,
        "totalHits": total,
        "page": request.page,
        "hitsPerPage": request.hits_per_page,
        "totalPages": ceil(total / request.hits_per_page),
        "facetDistribution": facets,
        "suggestion": suggestion,
        "correctedQuery": corrected,
        "processingTimeMs": 0,
    }
