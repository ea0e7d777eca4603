"""Web front end of vpsearch: HTML pages, a JSON API, feeds and an embeddable widget."""

from __future__ import annotations

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure the vpsearch web application."""
    app = Flask(__name__)
    app.config.from_mapping(INDEX_DIR=None)
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    from . import api, errors, feeds, headers, index, views, widget

    index.init_app(app)
    headers.init_app(app)
    errors.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(widget.bp)
    return app
