"""Response headers: security rules, CORS for the API, caching with ETags."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from flask import Flask, Response, make_response, request

from .index import opened_generation

# Paths other sites may read from their own pages (fetch, script tags, browser search bars).
CORS_PREFIXES = ("/api/", "/healthz", "/embed.js", "/opensearch.xml", "/search.atom")
FRAMEABLE = ("/embed",)
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors {ancestors}")
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Type, If-None-Match",
    "Access-Control-Max-Age": "86400",
}
MAX_AGE = 60
# What every response that is not a page carries, gunicorn's own 400s included (web/server.py).
PLAIN_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}


def init_app(app: Flask) -> None:
    """Register the header hooks on the app."""
    app.before_request(answer_preflight)
    app.after_request(add_headers)


def is_cors_path(path: str) -> bool:
    """Tell whether other origins may read the resource at path."""
    return path.startswith(CORS_PREFIXES)


def answer_preflight() -> Response | None:
    """Answer a CORS preflight for the API with 204 and the allowed methods."""
    if request.method != "OPTIONS" or not is_cors_path(request.path):
        return None
    response = Response(status=204, headers=PREFLIGHT_HEADERS, mimetype="text/plain")
    response.headers["Allow"] = PREFLIGHT_HEADERS["Access-Control-Allow-Methods"]
    return response


def add_headers(response: Response) -> Response:
    """Add security, CORS and cache headers, and answer If-None-Match with 304."""
    add_security_headers(response)
    if is_cors_path(request.path):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "ETag"
    if response.status_code >= 400:
        response.headers["Cache-Control"] = "no-store"
    return response


def cached_per_generation(view: Callable) -> Callable:
    """Give the responses of a view that reads the index a short max-age and an ETag that
    changes with the served generation."""
    @functools.wraps(view)
    def cached(*args, **kwargs) -> Response:
        response = make_response(view(*args, **kwargs))
        generation = opened_generation()
        if generation is None or request.method not in ("GET", "HEAD"):
            return response
        return add_cache_headers(response, generation)
    return cached


def add_security_headers(response: Response) -> None:
    """Forbid sniffing and framing, except for the embeddable results page."""
    for name in ("X-Content-Type-Options", "Referrer-Policy"):
        response.headers[name] = PLAIN_SECURITY_HEADERS[name]
    frameable = request.path in FRAMEABLE
    if not frameable:
        response.headers["X-Frame-Options"] = PLAIN_SECURITY_HEADERS["X-Frame-Options"]
    if response.mimetype == "text/html":
        response.headers["Content-Security-Policy"] = CSP.format(
            ancestors="*" if frameable else "'none'")
    else:
        response.headers.setdefault("Content-Security-Policy",
                                    PLAIN_SECURITY_HEADERS["Content-Security-Policy"])


def etag_for(generation: str, full_path: str) -> str:
    """Return an ETag that changes when the index or the request changes."""
    return hashlib.sha256(f"{generation}\0{full_path}".encode()).hexdigest()[:32]


def add_cache_headers(response: Response, generation: str) -> Response:
    """Set Cache-Control and ETag, then turn the response into 304 when it matches."""
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    if response.status_code == 200 and not response.headers.get("ETag"):
        response.set_etag(etag_for(generation, request.full_path))
        response.make_conditional(request)
    return response
