"""Generations: atomic switch, old ones removed, kill -9 safety, searches during reindex."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from support import VPSEARCH, documents, free_port, hit_ids, make_article, wait_until, write_jsonl

import indexer.build
from indexer.accentcounts import RUN_PREFIX
from indexer.build import build_index
from indexer.generations import reindex_lock
from search import IndexBusy, SearchRequest, open_index
from search.store import CURRENT_FILE, current_generation

ANCHORS = 30  # articles present, unchanged, in every generation; all say "hải đăng"
CHURN = 10  # articles replaced by every other generation; all say "bông sen"


def churn_article(i: int) -> dict:
    """Return an article that exists in only one of the two alternating corpora."""
    return {"id": f"sen-{i:03d}", "title": f"Lễ hội bông sen lần thứ {i}",
            "text": f"Đầm bông sen Tháp Mười mùa thứ {i} thu hút du khách.",
            "date": "2023-06-01", "locality": "Đồng Tháp", "source": "Báo Thử nghiệm"}


def corpus_variant(path: Path, variant: int) -> Path:
    """Write the anchors plus churn set 0 (ids 0..9) or 1 (ids 10..19)."""
    churn = [churn_article(variant * CHURN + i) for i in range(CHURN)]
    return write_jsonl(path, [make_article(i) for i in range(ANCHORS)] + churn)


ANCHOR_IDS = sorted(f"bai-{i:04d}" for i in range(ANCHORS))
CHURN_IDS = [sorted(f"sen-{v * CHURN + i:03d}" for i in range(CHURN)) for v in (0, 1)]


def check_answers(anchor: dict, churn: dict) -> None:
    """Raise AssertionError unless both results are right for one whole generation."""
    assert anchor["totalHits"] == ANCHORS, anchor["totalHits"]
    assert sorted(h["id"] for h in anchor["hits"]) == ANCHOR_IDS
    assert churn["totalHits"] == CHURN, churn["totalHits"]
    assert sorted(h["id"] for h in churn["hits"]) in CHURN_IDS


@pytest.fixture
def served(tmp_path) -> Path:
    """Return an index folder serving corpus variant 0."""
    index_dir = tmp_path / "index"
    build_index([corpus_variant(tmp_path / "v0.jsonl", 0)], index_dir, procs=1)
    return index_dir


def test_publish_points_current_at_the_new_generation_without_leftovers(served, tmp_path):
    before = current_generation(served)
    report = build_index([corpus_variant(tmp_path / "v1.jsonl", 1)], served, procs=1)
    assert (served / CURRENT_FILE).read_text().strip() == report.generation != before.name
    assert sorted(p.name for p in served.iterdir()) == sorted(
        [CURRENT_FILE, "reindex.lock", before.name, report.generation])
    assert all(entry.is_file() for entry in (served / report.generation).iterdir())


def test_only_the_last_two_generations_are_kept(served, tmp_path):
    names = [current_generation(served).name]
    for variant in (1, 0, 1):
        names.append(build_index([corpus_variant(tmp_path / f"v{variant}.jsonl", variant)],
                                 served, procs=1).generation)
    assert sorted(p.name for p in served.glob("gen-*")) == names[-2:]


def test_search_index_opened_before_a_reindex_sees_the_new_generation(served, tmp_path):
    index = open_index(served)  # cache on: the cache is keyed by generation
    request = SearchRequest(q="bông sen", hits_per_page=50)
    assert sorted(h["id"] for h in index.search(request)["hits"]) == CHURN_IDS[0]
    report = build_index([corpus_variant(tmp_path / "v1.jsonl", 1)], served, procs=1)
    assert index.generation == report.generation
    assert sorted(h["id"] for h in index.search(request)["hits"]) == CHURN_IDS[1]
    assert index.stats()["generation"] == report.generation


def test_failed_build_leaves_the_served_generation_and_is_cleaned_up_next_time(
        served, tmp_path, monkeypatch):
    before = current_generation(served)

    def refuse(index, expected, incremental):
        raise RuntimeError("simulated failure before publishing")

    monkeypatch.setattr(indexer.build, "_check_count", refuse)
    with pytest.raises(RuntimeError):
        build_index([corpus_variant(tmp_path / "v1.jsonl", 1)], served, procs=1)
    assert current_generation(served) == before
    assert hit_ids(served, "bông sen") and sorted(hit_ids(served, "bông sen")) == CHURN_IDS[0]
    monkeypatch.undo()
    build_index([corpus_variant(tmp_path / "v1.jsonl", 1)], served, procs=1)
    assert not list(served.glob("tmp-*"))
    assert sorted(hit_ids(served, "bông sen")) == CHURN_IDS[1]


def test_generation_a_killed_reindex_never_switched_to_is_removed_next_time(served, tmp_path):
    previous = current_generation(served)
    # A reindex killed between renaming its workspace and replacing CURRENT leaves this.
    unpublished = served / "gen-99991231T235959.000000000"
    unpublished.mkdir()
    report = build_index([corpus_variant(tmp_path / "v1.jsonl", 1)], served, procs=1)
    assert sorted(p.name for p in served.glob("gen-*")) == [previous.name, report.generation]


def test_forked_child_does_not_keep_the_reindex_lock(tmp_path):
    # Whoosh's multi-process writer forks sub-writers while the lock is held; after a
    # kill -9 of the reindex they must not keep the lock (or live on) without it.
    ready, tell = os.pipe()
    with reindex_lock(tmp_path):
        child = os.fork()
        if child == 0:  # pragma: no cover - runs in the child, after the fork handlers
            os.write(tell, b"up")
            time.sleep(5)
            os._exit(0)
    assert os.read(ready, 2) == b"up"
    try:
        with reindex_lock(tmp_path):
            pass
    except IndexBusy:
        pytest.fail("a forked child kept the reindex lock")
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        os.close(ready)
        os.close(tell)


def processes_mentioning(text: str) -> list[int]:
    """Return the ids of live processes whose command line contains text."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and text in (entry / "cmdline").read_bytes().decode(
                    errors="replace") and (entry / "stat").read_text().split()[2] != "Z":
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def new_toc(index_dir: Path, served_files: set[str]) -> bool:
    """Tell whether a reindex's workspace holds a table of contents it committed itself."""
    # create_in writes the empty _MAIN_0.toc at once; a commit writes the next one.
    return any(p.name not in served_files | {"_MAIN_0.toc"}
               for p in index_dir.glob("tmp-*/*.toc"))


@pytest.mark.slow
@pytest.mark.parametrize("moment, full", [
    (0.2, False), (0.5, True), (1.0, False), (1.0, True), ("commit", True), ("runs", True),
], ids=["0.2s", "0.5s-full", "1s", "1s-full", "at-commit-full", "at-accent-runs-full"])
def test_kill_9_mid_reindex_leaves_the_served_index_intact(served, tmp_path, moment, full):
    size = 800 if moment in ("commit", "runs") else 2000  # a few seconds of work either way
    big = write_jsonl(tmp_path / "big.jsonl", [make_article(i) for i in range(size)])
    before, count = current_generation(served), documents(served)
    served_files = {p.name for p in before.iterdir()}
    command = [str(VPSEARCH), "reindex", "--quiet", "--corpus", str(big), "--index", str(served)]
    reindex = subprocess.Popen(command + (["--full"] if full else []),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    if moment in ("commit", "runs"):
        while not (new_toc(served, served_files) if moment == "commit" else
                   list(served.glob(f"tmp-*/{RUN_PREFIX}*"))) and reindex.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.005)
    else:
        time.sleep(moment)
    reindex.send_signal(signal.SIGKILL)
    reindex.wait()
    assert reindex.returncode in (-signal.SIGKILL, 0)

    if current_generation(served) == before:
        assert documents(served) == count
        assert sorted(hit_ids(served, "bông sen")) == CHURN_IDS[0]
    else:  # killed after the atomic switch: the new generation is whole
        assert moment in ("commit", "runs") and documents(served) == size
    assert len(hit_ids(served, "hải đăng")) == (ANCHORS if documents(served) == count else 50)

    wait_until(lambda: not processes_mentioning(str(served)), "sub-writers outlived the kill")
    variant = corpus_variant(tmp_path / "v1.jsonl", 1)
    rerun = subprocess.run([*command[:4], str(variant), "--index", str(served)],
                           capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert not list(served.glob("tmp-*")) and not list(served.rglob(f"{RUN_PREFIX}*"))
    assert documents(served) == ANCHORS + CHURN
    assert sorted(hit_ids(served, "bông sen")) == CHURN_IDS[1]


@pytest.mark.slow
def test_concurrent_searches_during_reindexes_get_no_errors_and_no_wrong_answers(
        served, tmp_path):
    index = open_index(served, cache_size=0)  # one SearchIndex shared by every thread
    corpora = [corpus_variant(tmp_path / f"v{v}.jsonl", v) for v in (0, 1)]
    stop, failures, searches = threading.Event(), [], [0]

    def search_forever():
        while not stop.is_set():
            try:
                check_answers(index.search(SearchRequest(q="hải đăng", hits_per_page=50)),
                              index.search(SearchRequest(q="bong sen", hits_per_page=50)))
                searches[0] += 1
            except Exception as error:  # every failure counts
                failures.append(repr(error))

    threads = [threading.Thread(target=search_forever) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        generations = {index.generation}
        for round_ in range(4):
            generations.add(build_index([corpora[(round_ + 1) % 2]], served, procs=1).generation)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert failures == []
    assert searches[0] > 20 and len(generations) == 5


def get_json(url: str) -> dict:
    """GET a URL and return its JSON body, raising on any status but 200."""
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        return json.loads(response.read())


@pytest.fixture
def server(served, tmp_path):
    """Run `python -m web` with two gunicorn workers on the served index; yield its URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "web", "--host", "127.0.0.1", "--port", str(port), "--index",
         str(served), "--workers", "2"], cwd=tmp_path,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        try:
            return get_json(url + "/healthz")["ok"]
        except OSError:
            assert process.poll() is None, "the web server exited"
            return False

    try:
        wait_until(ready, "the web server never answered", timeout=30)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)


def search_url(base: str, q: str) -> str:
    """Return the /api/search URL of q with every hit on one page."""
    return f"{base}/api/search?" + urllib.parse.urlencode({"q": q, "hitsPerPage": 50})


@pytest.mark.slow
def test_running_server_switches_generation_and_answers_right_during_reindexes(
        server, served, tmp_path):
    corpora = [corpus_variant(tmp_path / f"v{v}.jsonl", v) for v in (0, 1)]
    stop, failures, requests = threading.Event(), [], [0]

    def client():
        while not stop.is_set():
            try:
                check_answers(get_json(search_url(server, "hải đăng")),
                              get_json(search_url(server, "bông sen")))
                requests[0] += 2
            except Exception as error:  # every failure counts
                failures.append(repr(error))

    threads = [threading.Thread(target=client) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        for round_ in range(3):
            variant = (round_ + 1) % 2
            result = subprocess.run([str(VPSEARCH), "reindex", "--quiet", "--corpus",
                                     str(corpora[variant]), "--index", str(served)],
                                    capture_output=True, text=True, cwd=tmp_path,
                                    check=False)
            assert result.returncode == 0, result.stderr
            generation = current_generation(served).name
            # Both workers serve the new generation on their next request, no restart.
            for _ in range(6):
                assert get_json(server + "/healthz")["generation"] == generation
                ids = sorted(h["id"] for h in get_json(search_url(server, "bông sen"))["hits"])
                assert ids == CHURN_IDS[variant]
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert failures == []
    assert requests[0] > 20
