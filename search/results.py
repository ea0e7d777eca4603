"""The result objects served as JSON: one hit, one page of results."""

from __future__ import annotations

from math import ceil

from .article import ARTICLE_FIELDS, HIT_FIELDS, shown_values
from .request import SearchRequest
from .snippets import Highlighter, mark, snippet


def hit_dict(fields: dict, highlighter: Highlighter, score: float | None) -> dict:
    """Return the JSON form of one hit, with its snippet and marked title."""
    return {
        **shown_values(fields, HIT_FIELDS),
        "titleHtml": mark(fields.get("title", ""), highlighter),
        "snippet": snippet(fields.get("body", ""), highlighter),
        "score": round(score, 4) if score is not None else None,
    }


def article_dict(fields: dict, highlighter: Highlighter) -> dict:
    """Return the JSON form of one article, its title and paragraphs marked.

    title_html and body_html are the keys of earlier releases, kept for one more.
    """
    paragraphs = [p for p in fields.get("body", "").split("\n") if p.strip()]
    article = shown_values(fields, ARTICLE_FIELDS)
    article["titleHtml"] = mark(fields.get("title", ""), highlighter)
    article["bodyHtml"] = "".join(f"<p>{mark(p, highlighter)}</p>" for p in paragraphs)
    article.update(title_html=article["titleHtml"], body_html=article["bodyHtml"])
    return article


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
