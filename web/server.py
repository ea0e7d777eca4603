"""Run the app under gunicorn: asyncio workers read requests, a thread pool runs Flask."""

from __future__ import annotations

from pathlib import Path

from gunicorn.app.base import BaseApplication
from gunicorn.asgi.protocol import ASGIProtocol
from gunicorn.workers import gasgi

from .bridge import ThreadedWSGI
from .headers import PLAIN_SECURITY_HEADERS

HEADER_SECONDS = 10  # a connection that has not sent a whole request by then is closed


class Protocol(ASGIProtocol):
    """gunicorn's HTTP/1 protocol with a deadline for the request and our headers on its 400s."""

    def connection_made(self, transport) -> None:
        """Start the connection and its deadline for a first request."""
        super().connection_made(transport)
        self.worker.loop.call_later(HEADER_SECONDS, self._close_if_no_request)

    def _close_if_no_request(self) -> None:
        """Close a connection that has not sent a whole request in HEADER_SECONDS."""
        if not self._closed and self.req_count <= 1 and self._current_request is None:
            self.transport.close()

    def _send_error_response(self, status, message, extra_headers=()) -> None:
        """Answer a request gunicorn refused (400, 414, 431) with our security headers."""
        super()._send_error_response(status, message,
                                     (*extra_headers, *PLAIN_SECURITY_HEADERS.items()))


class Worker(gasgi.ASGIWorker):
    """gunicorn's asyncio worker: it reads and parses each request on its event loop and only
    then hands it to a thread, so a client that sends half its headers and waits holds a
    socket, not a thread. With the threaded worker ("gthread"), 4 such sockets left 12 of 16
    concurrent /healthz unanswered after 25 s and 8 left all 16; with this one, 16 of 16
    answered in 0.2 s."""

    def init_process(self) -> None:
        """Serve connections with Protocol: _serve() builds the module's ASGIProtocol."""
        gasgi.ASGIProtocol = Protocol  # this worker process only
        super().init_process()


WORKER_CLASS = f"{__name__}.Worker"


class WebServer(BaseApplication):
    """Gunicorn application that serves create_app() in each worker."""

    def __init__(self, options: dict, threads: int, index_dir: Path | None = None) -> None:
        self.options = options
        self.threads = threads
        self.index_dir = index_dir
        super().__init__()

    def load_config(self) -> None:
        """Copy our options into gunicorn's settings."""
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> ThreadedWSGI:
        """Create the app in the worker, warm its index, and run it on `threads` threads."""
        from . import create_app
        from .index import warm_index

        app = create_app({"INDEX_DIR": self.index_dir} if self.index_dir else None)
        warm_index(app)
        return ThreadedWSGI(app, self.threads)


def server_options(host: str, port: int, workers: int) -> dict:
    """Return gunicorn settings for the given address and worker processes."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": WORKER_CLASS,
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


def serve(host: str, port: int, workers: int, threads: int, index_dir: Path | None = None) -> None:
    """Serve the app until interrupted; each worker runs Flask on `threads` threads, on the
    index in index_dir (default: the index_dir setting)."""
    WebServer(server_options(host, port, workers), threads, index_dir).run()
