"""The embeddable widget script, served from a stable address with CORS."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, send_from_directory

bp = Blueprint("widget", __name__)


@bp.get("/embed.js")
def embed_js() -> Response:
    """Serve the <vp-search> custom element script."""
    response = send_from_directory(current_app.static_folder, "embed.js",
                                   mimetype="text/javascript", max_age=300)
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
