"""JSON API: search, article, suggestions and health, open to every origin."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from . import results
from .headers import cached_per_generation
from .index import get_index

bp = Blueprint("api", __name__)


@bp.get("/api/search")
@cached_per_generation
def search() -> Response:
    """Return the search result dict for the request parameters."""
    return jsonify(results.run_search(results.read_params(request.args)))


@bp.get("/api/article/<path:doc_id>")
@cached_per_generation
def article(doc_id: str) -> Response:
    """Return one article, highlighted for q when given."""
    q = results.clean(request.args.get("q", ""))
    return jsonify(results.read_article(doc_id, q))


@bp.get("/api/suggest")
@cached_per_generation
def suggest() -> Response:
    """Return completions of q in the OpenSearch suggestions format: [q, [completions]]."""
    q = results.clean(request.args.get("q", ""))
    completions = get_index().suggest(q) if q.strip() else []
    response = jsonify([q, completions])
    response.mimetype = "application/x-suggestions+json"
    return response


@bp.get("/healthz")
@cached_per_generation
def healthz() -> Response:
    """Return the index size, generation and update time."""
    response = jsonify({"ok": True, **get_index().stats()})
    response.headers["Cache-Control"] = "no-store"
    return response
