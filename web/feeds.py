"""XML for browsers and feed readers: the OpenSearch description and an Atom feed of matches."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, render_template, request, url_for

from . import results
from .index import get_index

bp = Blueprint("feeds", __name__)
FEED_SIZE = 20


@bp.get("/opensearch.xml")
def opensearch() -> Response:
    """Describe the search for browsers' search bars."""
    xml = render_template("opensearch.xml", root=url_for("views.home", _external=True))
    return Response(xml, mimetype="application/opensearchdescription+xml")


def atom_time(value: str | None, fallback: str) -> str:
    """Return an RFC 3339 time for an ISO date or date-time, or fallback."""
    try:
        moment = datetime.fromisoformat(value or "")
    except ValueError:
        return fallback
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


@bp.get("/search.atom")
def atom() -> Response:
    """Return the newest matches of q as an Atom feed."""
    params = results.read_params(request.args)
    params.update(sort="date", hitsPerPage=str(FEED_SIZE))
    params.pop("page", None)
    result = results.run_search(params)
    updated = atom_time(get_index().stats().get("updated"),
                        datetime.now(UTC).isoformat(timespec="seconds"))
    entries = [{**hit, "updated": atom_time(hit.get("date"), updated),
                "entry_id": url_for("views.article", doc_id=hit["id"], _external=True),
                "link": url_for("views.article", doc_id=hit["id"], q=params.get("q") or None,
                                _external=True)}
               for hit in result["hits"]]
    xml = render_template("atom.xml", q=params.get("q", ""), entries=entries, updated=updated,
                          self_url=request.url,
                          html_url=results.link("views.search", params, sort="date",
                                                hitsPerPage=None, _external=True))
    return Response(xml, mimetype="application/atom+xml")
