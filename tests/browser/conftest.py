"""Browser test fixtures: a real `python -m web` server, a second origin, headless Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
import web_fixtures
from support import free_port

from .browsing import open_context

web_index_dir = web_fixtures.web_index_dir

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    """Poll url until it answers, failing early if the server process died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not answer {url} within {seconds} s")


@pytest.fixture(scope="session")
def server(web_index_dir, tmp_path_factory) -> str:
    """Run `python -m web` on a free port against the fixture index; return its base URL."""
    port = free_port()
    log = (tmp_path_factory.mktemp("server") / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "web", "--host", "127.0.0.1", "--port", str(port),
         "--index", str(web_index_dir), "--workers", "1"],
        cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/healthz", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static file handler that does not log every request."""

    def log_message(self, *args) -> None:
        """Stay quiet."""


@pytest.fixture(scope="session")
def other_origin(tmp_path_factory) -> tuple[str, Path]:
    """Serve a folder from a second localhost port; return its base URL and the folder."""
    folder = tmp_path_factory.mktemp("other-origin")
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{httpd.server_address[1]}", folder
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    """Launch Debian's headless Chromium once per session."""
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run the browser tests, never skip them
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page with the dialogs and console errors it produced."""

    def __init__(self, page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _dialog(self, dialog) -> None:
        """Record and dismiss a dialog: any alert() means a payload ran."""
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def watched(browser):
    """Return a fresh page in its own context, watching for dialogs and errors."""
    context = open_context(browser, viewport={"width": 1280, "height": 900})
    yield Watched(context.new_page())
    context.close()


@pytest.fixture
def no_js_page(browser):
    """Return a fresh page with JavaScript disabled."""
    context = open_context(browser, java_script_enabled=False)
    yield context.new_page()
    context.close()


README = REPO / "README.md"
README_HOST = "http://127.0.0.1:8000"


def readme_snippet() -> str:
    """Return the embed snippet exactly as README.md gives it, as a format string."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"## Embed this search.*?```html\n(.*?)```", text, re.S).group(1)
    block = block.replace("{", "{{").replace("}", "}}").replace(README_HOST, "{server}")
    return block.replace("<vp-search ", "<vp-search {extra}", 1)


SNIPPET = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Trang của đối tác</title></head>
<body>
<h1>Trang của đối tác</h1>
""" + readme_snippet() + """{body}</body></html>
"""


@pytest.fixture
def partner_page(server, other_origin):
    """Write the README snippet into a page on a second origin; return a URL maker."""
    base, folder = other_origin

    def make(name: str, extra: str = "", body: str = "") -> str:
        html = SNIPPET.format(server=server, extra=extra, body=body.format(server=server))
        (folder / name).write_text(html, encoding="utf-8")
        return f"{base}/{name}"

    return make
