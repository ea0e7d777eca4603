"""Serving: the `python -m web` options, gunicorn settings, and the import direction."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import web_fixtures

from search import Settings
from web import create_app
from web.__main__ import main, parse_args
from web.index import warm_index
from web.server import server_options

app = web_fixtures.app
web_index_dir = web_fixtures.web_index_dir

WEB = Path(__file__).resolve().parents[1] / "web"


def test_module_entry_parses_the_serve_options():
    args = parse_args(["--host", "0.0.0.0", "--port", "9001", "--index", "/tmp/ix",
                       "--workers", "3"], Settings())
    assert (args.host, args.port, args.index, args.workers) == ("0.0.0.0", 9001, "/tmp/ix", 3)


def test_index_option_reaches_the_server_as_an_argument_not_the_environment(monkeypatch):
    served = {}
    monkeypatch.setattr("web.server.serve", lambda *args: served.setdefault("args", args))
    monkeypatch.delenv("VPSEARCH_INDEX_DIR", raising=False)
    main(["--index", "/tmp/ix", "--workers", "1"])
    assert served["args"][-1] == Path("/tmp/ix") and "VPSEARCH_INDEX_DIR" not in os.environ


def test_module_entry_defaults_come_from_settings():
    args = parse_args([], Settings())
    assert (args.host, args.port, args.index, args.workers) == ("127.0.0.1", 8000, None, 2)


def test_server_reads_requests_on_an_event_loop_before_a_thread_runs_them():
    options = server_options("127.0.0.1", 8000, 2)
    assert options["bind"] == "127.0.0.1:8000"
    assert (options["worker_class"], options["workers"]) == ("web.server.Worker", 2)
    assert options["keepalive"] == 0  # connections spread over the workers


def imported_modules(path: Path) -> set[str]:
    """Return the top-level names a module imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_web_imports_search_but_never_indexer_or_whoosh():
    for path in WEB.rglob("*.py"):
        assert not imported_modules(path) & {"indexer", "whoosh"}, path


def test_worker_warms_the_index_before_its_first_request(app):
    warm_index(app)
    generation = app.extensions["vpsearch"]["index"]._current()
    assert {"facets", "timestamps", "accent_model"} <= set(vars(generation))
    assert "body_f" in generation.postings._lengths


def test_worker_starts_without_an_index_and_reports_it_on_requests(tmp_path):
    app = create_app({"INDEX_DIR": str(tmp_path / "none"), "TESTING": True})
    warm_index(app)
    assert app.test_client().get("/api/search?q=a").status_code == 503
