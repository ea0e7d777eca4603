"""HTML pages: home, search results, article, and the iframe-able results page."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from search import DATE, NO_YEAR

from . import facets, results
from .headers import cached_per_generation
from .index import get_index

bp = Blueprint("views", __name__)


@bp.app_template_filter("vn_date")
def vn_date_filter(value: str | None) -> str:
    """Format an ISO date the Vietnamese way."""
    return results.vn_date(value)


@bp.app_template_filter("vn_number")
def vn_number_filter(value: int) -> str:
    """Format a count the Vietnamese way."""
    return results.vn_number(value)


@bp.get("/")
@cached_per_generation
def home() -> str:
    """Show the search box and how many articles it searches."""
    return render_template("home.html", stats=get_index().stats(), q="")


def results_context(endpoint: str) -> dict:
    """Run the search of the current request and return everything its page shows."""
    params = results.read_params(request.args)
    result = results.run_search(params)
    chips = facets.active_filters(params, endpoint)
    undated = result.get("facetDistribution", {}).get("year", {}).get(NO_YEAR, 0)
    return {"q": params.get("q", ""), "params": params, "result": result,
            "facets": facets.facet_groups(result, params, endpoint),
            "chips": chips, "clear_all_url": facets.clear_all(params, endpoint),
            "return_params": {k: params[k] for k in results.RETURN_PARAMS if params.get(k)},
            "sorts": results.sort_links(result, params, endpoint),
            "pages": results.pagination(result, params, endpoint),
            "first_url": results.link(endpoint, params, page=None),
            "last_url": results.link(endpoint, params, page=result.get("totalPages") or None),
            "filtered": bool(chips), "kept_params": (*facets.FACET_LABELS, "sort"),
            "undated_last": undated if params.get("sort") == DATE else 0,
            "suggestion_url": results.link(endpoint, params, q=result.get("suggestion"),
                                           page=None)}


@bp.get("/search")
@cached_per_generation
def search() -> str:
    """Show one page of results with facets, sorting and pagination."""
    if not request.args.get("q", "").strip() and \
            not any(request.args.get(name) for name in facets.FACET_LABELS):
        return render_template("home.html", stats=get_index().stats(), q="")
    return render_template("search.html", **results_context("views.search"))


@bp.get("/article/<path:doc_id>")
@cached_per_generation
def article(doc_id: str) -> str:
    """Show one article with the query's words highlighted."""
    came_from = results.read_params(request.args, results.RETURN_PARAMS)
    q = came_from.get("q", "")
    doc = results.read_article(doc_id, q)
    back = results.link("views.search", came_from) if any(came_from.values()) else None
    return render_template("article.html", doc=doc, q=q,
                           original=results.safe_url(doc.get("url")), back=back)


@bp.get("/embed")
@cached_per_generation
def embed() -> str:
    """Show results with minimal chrome for other sites to put in an iframe."""
    target = "_blank" if request.args.get("target") == "blank" else "_top"
    if not request.args.get("q", "").strip():
        return render_template("embed.html", q="", result=None, target=target, pages=None)
    context = {**results_context("views.embed"), "facets": None}
    return render_template("embed.html", target=target, **context)
