"""The one function that runs a search for HTML and JSON alike, and helpers to present it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from flask import url_for

from search import DATE, RELEVANCE, SORTS, BadParameter, QuerySyntaxError, SearchRequest

from .index import get_index, get_settings

PARAMS = ("q", "page", "locality", "province", "year", "sort", "hitsPerPage")
# What an article link carries so that "Quay lại kết quả" returns to the same page of results.
RETURN_PARAMS = ("q", "locality", "province", "year", "sort", "page", "hitsPerPage")
SORT_LABELS = {RELEVANCE: "Liên quan nhất", DATE: "Mới nhất"}
# Control characters break XML and terminals; tabs and newlines become spaces.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(value: str) -> str:
    """Return value with each control character read as a space (as search.querytext does)."""
    return _CONTROL.sub(" ", value)


def read_params(args: Mapping[str, str], names: tuple[str, ...] = PARAMS) -> dict[str, str]:
    """Return the named request parameters that are present, without control characters."""
    return {name: clean(args[name]) for name in names if args.get(name) is not None}


def run_search(params: Mapping[str, str]) -> dict:
    """Search the index with request parameters and return the result dict of /api/search."""
    settings = get_settings()
    request = SearchRequest.from_params(params, default_hits=settings.hits_per_page,
                                        max_hits=settings.max_hits_per_page)
    return get_index().search(request)


def read_article(doc_id: str, q: str) -> dict:
    """Return one article with q's words marked; a q that cannot be parsed marks nothing."""
    index = get_index()
    try:
        return index.article(doc_id, q=q or None)
    except (BadParameter, QuerySyntaxError):
        return index.article(doc_id)


def link(endpoint: str, params: Mapping[str, str], **changes: str | int | None) -> str:
    """Return the URL of endpoint with params updated by changes, dropping empty values."""
    merged = {**params, **changes}
    return url_for(endpoint, **{k: v for k, v in merged.items() if v not in (None, "")})


def sort_links(result: dict, params: Mapping[str, str], endpoint: str) -> list[dict]:
    """Return the sort switch as links, marking the current order."""
    current = params.get("sort") or RELEVANCE
    return [{"label": SORT_LABELS[key], "current": key == current,
             "url": link(endpoint, params, page=None, sort=None if key == RELEVANCE else key)}
            for key in SORTS]


def pagination(result: dict, params: Mapping[str, str], endpoint: str) -> dict | None:
    """Return previous/next links and a window of page numbers, or None for one page."""
    page, total = result.get("page", 1), result.get("totalPages", 0)
    if total <= 1:
        return None
    numbers = sorted({1, total, *range(max(1, page - 2), min(total, page + 2) + 1)})
    items, last = [], 0
    for number in numbers:
        if number - last > 1:
            items.append(None)  # an ellipsis between distant pages
        items.append({"number": number, "current": number == page,
                      "url": link(endpoint, params, page=None if number == 1 else number)})
        last = number
    return {"links": items, "page": page, "total": total,
            "prev": link(endpoint, params, page=page - 1 if page > 2 else None) if page > 1 else None,
            "next": link(endpoint, params, page=page + 1) if page < total else None}


def safe_url(url: str | None) -> str | None:
    """Return url when it is http(s), else None, so javascript: links never render."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def vn_date(value: str | None) -> str:
    """Format an ISO date as dd/mm/yyyy; leave other text as it is."""
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value or "")
    return f"{match[3]}/{match[2]}/{match[1]}" if match else (value or "")


def vn_number(value: int) -> str:
    """Format a whole number with dots between thousands, as Vietnamese does."""
    return f"{value:,}".replace(",", ".")
