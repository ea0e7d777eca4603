"""Helpers the tests share: a corpus of made-up articles, index look-ups, ports, waiting,
and the shared data beside the repository (not a test module: nothing here is collected)."""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from pathlib import Path

import pytest

from indexer.build import build_index
from search import SearchRequest, open_index

SHARED = Path(__file__).resolve().parents[2] / "shared"
VPSEARCH = Path(sys.executable).with_name("vpsearch")
LOCALITIES = ["Hà Nội", "Quảng Ngãi", "Đà Nẵng", "Sơn La"]


def needs_shared(*relative: str) -> pytest.MarkDecorator:
    """Skip a test whose data under ../shared is absent, except in CI (CI=1), where it must
    run and so fails."""
    missing = [name for name in relative if not (SHARED / name).exists()]
    return pytest.mark.skipif(bool(missing) and not os.environ.get("CI"),
                              reason=f"../shared/{missing[0] if missing else ''} is absent")


def make_article(i: int, **fields) -> dict:
    """Return a JSON-lines article about a party office; every one mentions "hải đăng"."""
    article = {
        "id": f"bai-{i:04d}",
        "title": f"Văn phòng Tỉnh ủy {LOCALITIES[i % 4]} triển khai nhiệm vụ số {i}",
        "text": f"Ngọn hải đăng của công tác văn phòng cấp ủy năm {2018 + i % 6}. "
                f"Văn phòng Tỉnh ủy {LOCALITIES[i % 4]} làm tốt công tác tham mưu, tổng hợp, "
                f"phục vụ Ban Thường vụ trong đợt kiểm tra số {i}.\n"
                "Cán bộ, đảng viên được quán triệt nghị quyết và kế hoạch hành động.",
        "date": f"{2018 + i % 6}-0{1 + i % 9}-1{i % 10}",
        "locality": LOCALITIES[i % 4],
        "source": "Báo Thử nghiệm",
        "url": f"https://example.org/bai-viet/{i}",
    }
    article.update(fields)
    return article


def write_jsonl(path: Path, articles: list[dict]) -> Path:
    """Write articles as one JSON object a line; return the path."""
    with path.open("w", encoding="utf-8") as out:
        for article in articles:
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return path


def hit_ids(index_dir: Path, q: str, **request) -> list[str]:
    """Return the ids of every hit (up to 50) a fresh SearchIndex finds for q."""
    result = open_index(index_dir, cache_size=0).search(
        SearchRequest(q=q, hits_per_page=50, **request))
    return [hit["id"] for hit in result["hits"]]


def documents(index_dir: Path) -> int:
    """Return the document count `stats` reports."""
    return open_index(index_dir).stats()["documents"]


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Return a JSON-lines corpus of twelve articles."""
    return write_jsonl(tmp_path / "articles.jsonl", [make_article(i) for i in range(12)])


@pytest.fixture
def index_dir(tmp_path, corpus) -> Path:
    """Return an index folder built once from the corpus."""
    folder = tmp_path / "index"
    build_index([corpus], folder, procs=1)
    return folder


def free_port() -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, message: str, timeout: float = 10) -> None:
    """Poll condition until it holds, failing with message after timeout seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.05)
