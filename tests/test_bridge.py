"""The bridge from gunicorn's asyncio worker to Flask: one thread hand-over per request."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest
import web_fixtures

from web.bridge import ThreadedWSGI

app = web_fixtures.app
web_index_dir = web_fixtures.web_index_dir


def http_scope(path: str = "/", query: bytes = b"", method: str = "GET",
               headers: list | None = None) -> dict:
    """Return the ASGI scope gunicorn builds for a request."""
    return {"type": "http", "http_version": "1.1", "method": method, "scheme": "http",
            "path": path, "root_path": "", "query_string": query,
            "headers": headers or [(b"host", b"127.0.0.1:8000")],
            "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 50000)}


def run(coroutine) -> None:
    """Run a coroutine to its end on a new event loop in its own thread (the browser tests
    leave a loop running in this one)."""
    failure = []

    def target() -> None:
        try:
            asyncio.run(coroutine)
        except BaseException as error:  # re-raised in the test's thread
            failure.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=30)
    if failure:
        raise failure[0]


def serve(wsgi_app, scope: dict, body: bytes = b"") -> list[dict]:
    """Run one request through the bridge; return the messages it sent."""
    sent = []

    async def receive() -> dict:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    run(ThreadedWSGI(wsgi_app, threads=2)(scope, receive, send))
    return sent


def chunked_app(environ, start_response):
    """A WSGI app that writes once, then returns its body in two chunks."""
    write = start_response("201 Created", [("Content-Type", "text/plain"), ("X-Thread", "")])
    write(b"written ")
    return [b"first ", b"second"]


def test_the_response_goes_out_as_one_start_and_one_whole_body():
    sent = serve(chunked_app, http_scope())
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    assert sent[0]["status"] == 201
    assert (b"content-type", b"text/plain") in sent[0]["headers"]
    assert sent[1]["body"] == b"written first second"
    assert not sent[1].get("more_body", False)


def test_the_app_runs_on_a_pool_thread_not_the_event_loop():
    threads = {}

    def app(environ, start_response):
        threads["app"] = threading.current_thread().name
        start_response("200 OK", [])
        return [b""]

    serve(app, http_scope())
    assert threads["app"].startswith("wsgi") and threads["app"] != "MainThread"


def test_the_app_can_read_the_request_body():
    def echo(environ, start_response):
        start_response("200 OK", [])
        return [environ["wsgi.input"].read()]

    assert serve(echo, http_scope(method="POST"), body=b"payload")[1]["body"] == b"payload"


def test_an_app_that_fails_reaches_the_server_and_its_iterable_is_closed():
    closed = []

    class Failing:
        def __iter__(self):
            raise RuntimeError("broken view")

        def close(self):
            closed.append(True)

    def app(environ, start_response):
        start_response("200 OK", [])
        return Failing()

    with pytest.raises(RuntimeError, match="broken view"):
        serve(app, http_scope())
    assert closed == [True]


def test_lifespan_events_are_acknowledged():
    events = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
    sent = []

    async def receive() -> dict:
        return next(events)

    async def send(message: dict) -> None:
        sent.append(message["type"])

    run(ThreadedWSGI(chunked_app, threads=1)({"type": "lifespan"}, receive, send))
    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


def test_flask_search_answers_through_the_bridge_with_its_headers(app):
    sent = serve(app, http_scope("/api/search", b"q=van+phong"))
    headers = dict(sent[0]["headers"])
    assert sent[0]["status"] == 200
    assert headers[b"access-control-allow-origin"] == b"*" and b"etag" in headers
    assert json.loads(sent[1]["body"])["totalHits"] > 0


def test_a_matching_etag_gets_304_through_the_bridge(app):
    first = serve(app, http_scope("/api/search", b"q=van+phong"))
    etag = dict(first[0]["headers"])[b"etag"]
    sent = serve(app, http_scope("/api/search", b"q=van+phong",
                                 headers=[(b"host", b"x"), (b"if-none-match", etag)]))
    assert sent[0]["status"] == 304 and sent[1]["body"] == b""
