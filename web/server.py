"""Run the app under gunicorn, a production WSGI server, with threaded workers."""

from __future__ import annotations

from flask import Flask
from gunicorn.app.base import BaseApplication


class WebServer(BaseApplication):
    """Gunicorn application that serves create_app() in each worker."""

    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        """Copy our options into gunicorn's settings."""
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        """Create the app in the worker and warm its index before the first request."""
        from . import create_app
        from .index import warm_index

        app = create_app()
        warm_index(app)
        return app


def server_options(host: str, port: int, workers: int, threads: int) -> dict:
    """Return gunicorn settings for the given address and concurrency."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": 30,
        # Each connection stays with the worker that accepted it: with keep-alive, a few
        # busy clients pinned one worker (one core) while the other idled (47 req/s at
        # 100k articles, 115 without). Reverse proxies reconnect to upstreams cheaply.
        "keepalive": 0,
        "graceful_timeout": 5,
        "accesslog": "-",
        "errorlog": "-",
        "proc_name": "vpsearch-web",
    }


def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the app until interrupted."""
    WebServer(server_options(host, port, workers, threads)).run()
