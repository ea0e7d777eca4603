"""The real `vpsearch serve` on loopback: idle and slow clients never block other requests."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from support import VPSEARCH, free_port

from indexer.build import build_index
from web.server import HEADER_SECONDS

REPO = Path(__file__).resolve().parent.parent
PARTIAL = b"GET / HTTP/1.1\r\nHost: x\r\n"  # headers never finished

pytestmark = pytest.mark.slow


def get(port: int, path: str, timeout: float = 10) -> http.client.HTTPResponse:
    """GET a path from the server; return the response with its body read."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request("GET", path)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


@pytest.fixture(scope="module")
def port(tmp_path_factory):
    """Run `vpsearch serve` (two workers, as shipped) on a free port; yield the port."""
    index_dir = tmp_path_factory.mktemp("serve") / "index"
    build_index([REPO / "corpus"], index_dir, procs=1)
    port = free_port()
    process = subprocess.Popen([str(VPSEARCH), "serve", "--host", "127.0.0.1", "--port",
                                str(port), "--index", str(index_dir)], cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if get(port, "/healthz", timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("vpsearch serve did not answer /healthz within 30 s")
    yield port
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=15)


def idle_sockets(port: int, count: int) -> list[socket.socket]:
    """Open sockets that send half a request and then nothing."""
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(PARTIAL)
        sockets.append(sock)
    time.sleep(0.5)  # let the server take them up before other requests come
    return sockets


def concurrent_healthz(port: int, count: int) -> list[float]:
    """Send count /healthz at once; return the seconds each that answered 200 took."""
    took = []

    def one() -> None:
        started = time.monotonic()
        try:
            if get(port, "/healthz", timeout=8).status == 200:
                took.append(time.monotonic() - started)
        except OSError:
            pass

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return took


@pytest.mark.parametrize("idle", [4, 8, 64])
def test_idle_clients_do_not_delay_other_requests(port, idle):
    sockets = idle_sockets(port, idle)
    try:
        took = concurrent_healthz(port, 16)
    finally:
        for sock in sockets:
            sock.close()
    assert len(took) == 16 and max(took) < 3, took


def test_a_client_that_never_finishes_its_request_is_disconnected(port):
    [sock] = idle_sockets(port, 1)
    sock.settimeout(HEADER_SECONDS + 10)
    started = time.monotonic()
    assert sock.recv(100) == b""
    assert HEADER_SECONDS - 1 < time.monotonic() - started < HEADER_SECONDS + 5
    sock.close()


def test_a_request_the_server_refuses_carries_the_security_headers(port):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n")
    head = sock.recv(4096).decode("latin-1").lower()
    sock.close()
    assert head.startswith("http/1.1 400")
    assert "x-content-type-options: nosniff" in head and "x-frame-options: deny" in head
