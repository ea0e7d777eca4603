"""XML for browsers and feed readers: the OpenSearch description and an Atom feed of matches."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, g, render_template, request, url_for

from search import DATE

from . import results
from .headers import cached_per_generation
from .index import get_index, get_settings

bp = Blueprint("feeds", __name__)
FEED_SIZE = 20


def absolute(path: str) -> str:
    """Return a path of this site as an absolute URL: under the public_url setting when set.

    Without it the URL names the Host the request gave, so the response must vary on Host:
    a shared cache would otherwise serve one client's Host to every other.
    """
    public = get_settings().public_url.rstrip("/")
    if public:
        return public + path[len(request.script_root):]
    g.varies_on_host = True
    return request.host_url.rstrip("/") + path


@bp.after_request
def vary_on_host(response: Response) -> Response:
    """Add Vary: Host to a feed built from the request's own address."""
    if g.get("varies_on_host"):
        response.vary.add("Host")
    return response


@bp.get("/opensearch.xml")
def opensearch() -> Response:
    """Describe the search for browsers' search bars."""
    xml = render_template("opensearch.xml", root=absolute(url_for("views.home")))
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
@cached_per_generation
def atom() -> Response:
    """Return the newest matches of q as an Atom feed."""
    params = results.read_params(request.args)
    params.update(sort=DATE, hitsPerPage=str(FEED_SIZE))
    params.pop("page", None)
    result = results.run_search(params)
    updated = atom_time(get_index().stats().get("updated"),
                        datetime.now(UTC).isoformat(timespec="seconds"))
    entries = [{**hit, "updated": atom_time(hit.get("date"), updated),
                "entry_id": absolute(url_for("views.article", doc_id=hit["id"])),
                "link": absolute(url_for("views.article", doc_id=hit["id"],
                                         q=params.get("q") or None))}
               for hit in result["hits"]]
    xml = render_template("atom.xml", q=params.get("q", ""), entries=entries, updated=updated,
                          self_url=absolute(request.script_root + request.full_path.rstrip("?")),
                          html_url=absolute(results.link("views.search", params, sort=DATE,
                                                         hitsPerPage=None)))
    return Response(xml, mimetype="application/atom+xml")
