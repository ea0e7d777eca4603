"""Run a WSGI app (Flask) on a thread pool under gunicorn's asyncio worker, one hand-over
from the event loop to a thread and one back per request."""

from __future__ import annotations

import asyncio
import contextvars
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from a2wsgi.wsgi import Body, build_environ

Headers = list[tuple[bytes, bytes]]


class ThreadedWSGI:
    """ASGI app that runs a WSGI app on `threads` threads and sends each response whole.

    a2wsgi's WSGIMiddleware, used before, also ran the app on threads, but its thread waited
    for the event loop to take each message (the status and headers, every body chunk, the
    end): three round trips per response. Here the thread builds the whole response and the
    loop sends it, which is all our views need: none of them streams.
    """

    def __init__(self, app, threads: int) -> None:
        self.app = app
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="wsgi")

    async def __call__(self, scope: dict, receive, send) -> None:
        """Serve one HTTP request; accept lifespan events and close websockets."""
        if scope["type"] == "lifespan":
            await lifespan(receive, send)
            return
        if scope["type"] != "http":
            await send({"type": "websocket.close", "code": 1000})
            return
        loop = asyncio.get_running_loop()
        # The body is read from the loop only if the app asks for it (no view does).
        environ = build_environ(scope, Body(loop, receive))
        run = contextvars.copy_context().run
        status, headers, body = await loop.run_in_executor(self.executor, run, self.respond,
                                                           environ)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def respond(self, environ: dict[str, Any]) -> tuple[int, Headers, bytes]:
        """Call the WSGI app in this thread; return its status, headers and whole body."""
        started: list = []
        chunks: list[bytes] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info=None):
            if exc_info is not None and started:
                raise exc_info[1].with_traceback(exc_info[2])
            started[:] = [status, headers]
            return chunks.append  # WSGI's write(): old-style apps write before returning

        iterable = self.app(environ, start_response)
        try:
            chunks.extend(iterable)
        finally:
            if hasattr(iterable, "close"):
                iterable.close()
        status, headers = started
        return (int(status.split(" ", 1)[0]),
                [(name.strip().lower().encode("latin-1"), value.strip().encode("latin-1"))
                 for name, value in headers],
                b"".join(chunks))


async def lifespan(receive, send) -> None:
    """Acknowledge the server's startup and shutdown: the app has nothing to set up."""
    for phase in ("startup", "shutdown"):
        await receive()  # lifespan.startup, then lifespan.shutdown
        await send({"type": f"lifespan.{phase}.complete"})
