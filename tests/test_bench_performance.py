"""The HTTP load of bench/performance.py: throughput, and CPU a request of server and client."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import performance  # noqa: E402


class Answer(http.server.BaseHTTPRequestHandler):
    """Answer every GET as /api/search would, with a small JSON body."""

    def do_GET(self) -> None:
        body = b'{"totalHits": 1}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def port():
    """Serve Answer on a loopback port in a thread; yield the port."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_load_counts_answers_and_the_client_cpu_a_request(port):
    figures = performance.load_http(port, ["van phong"], clients=2, seconds=5, requests=20)
    assert (figures["requests"], figures["errors"]) == (20, 0)
    assert figures["client_cpu_ms"] > 0 and "server_cpu_ms" not in figures


def test_load_reports_the_server_cpu_when_given_its_pid(port):
    # The server here is this very process (/proc counts in 10 ms ticks: 200 requests).
    figures = performance.load_http(port, ["a"], clients=2, seconds=20, requests=200,
                                    server=os.getpid())
    assert figures["requests"] == 200 and figures["server_cpu_ms"] > 0


def test_children_of_a_process_are_found():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert child.pid in performance.children(os.getpid())
    finally:
        child.kill()
        child.wait()


def test_cpu_seconds_of_processes_grow_with_work():
    before = performance.processes_cpu_s([os.getpid()])
    sum(i * i for i in range(3_000_000))
    assert performance.processes_cpu_s([os.getpid()]) > before
    assert performance.processes_cpu_s([2 ** 22 + 12345]) == 0  # a pid that does not exist
