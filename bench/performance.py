"""Benchmark indexing, queries and HTTP serving against SQLite FTS5 on the first N news articles.

Usage: .venv/bin/python bench/performance.py [--n 10000] [--full-100k] [--data PATH]
                                             [--rates 10000,30000] [--profile] [--no-write]
Writes bench/results/performance.md (overwritten by each run).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime
import gzip
import http.client
import io
import json
import os
import platform
import pstats
import random
import re
import resource
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news_100k.jsonl.gz"
RESULTS = ROOT / "bench" / "results" / "performance.md"
FIGURES = Path(tempfile.gettempdir()) / "vpsearch-performance.json"  # for --render
VPSEARCH = Path(sys.executable).with_name("vpsearch")
WORD_RE = re.compile(r"[^\W\d_]{2,}")
FTS_SCHEMA = ("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, "
              "tokenize = 'unicode61 remove_diacritics 2')")
# The settings refuse cache_size=0; a one-entry cache almost never hits on mixed queries.
HTTP_CACHE_SIZES = (1, 1024)
TARGETS = {"index_rate": 600, "incremental_s": 10, "median_ms": 15, "p95_ms": 50,
           "http_rps": 100, "worker_mb": 500, "build_mb": 1024, "size_ratio": 1.5}


# ---------------------------------------------------------------- children (own peak RSS)

def child_build_ours(corpus: str, index_dir: str) -> dict:
    """Build (or update) our index in this process; return timing and the report."""
    from indexer.build import build_index

    full = not Path(index_dir).exists()
    started = time.perf_counter()
    report = build_index([corpus], index_dir, full=full, procs=2)
    return {"seconds": time.perf_counter() - started, "documents": report.documents,
            "added": report.added, "updated": report.updated, "skipped": len(report.skipped)}


def child_build_fts(corpus: str, db: str) -> dict:
    """Build (or update 'changed' rows of) the FTS5 baseline in this process."""
    started = time.perf_counter()
    exists = Path(db).exists()
    con = sqlite3.connect(db)
    if not exists:
        con.execute(FTS_SCHEMA)
    count = 0
    with con:
        for record in read_records(corpus):
            if exists:
                con.execute("DELETE FROM docs WHERE id = ?", (record["id"],))
            con.execute("INSERT INTO docs (id, title, body) VALUES (?, ?, ?)",
                        (record["id"], record.get("title") or "", record.get("text") or ""))
            count += 1
    con.close()
    return {"seconds": time.perf_counter() - started, "documents": count}


def child_profile_build(corpus: str, index_dir: str, count: str) -> dict:
    """Profile a one-process full build of the first `count` articles."""
    from indexer.build import build_index

    subset = Path(index_dir).with_suffix(".jsonl")
    with open(corpus, encoding="utf-8") as source, subset.open("w", encoding="utf-8") as out:
        for _, line in zip(range(int(count)), source):
            out.write(line)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.runcall(build_index, [subset], index_dir, full=True, procs=1)
    return {"seconds": time.perf_counter() - started, "profile": top_of(profiler, 25)}


def top_of(profiler: cProfile.Profile, lines: int) -> str:
    """Return the top lines of a profile, by own time, paths shortened."""
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(lines)
    text = out.getvalue()
    text = text[text.index("   ncalls"):] if "   ncalls" in text else text
    return text.replace(str(ROOT) + "/", "").replace(
        str(Path(sys.executable).parent.parent) + "/lib/python3.11/site-packages/", "")


def run_child(kind: str, *args: str) -> dict:
    """Run a build in a fresh process so each peak memory is its own."""
    out = subprocess.run([sys.executable, __file__, "--child", kind, *args], check=True,
                         capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def child_main(kind: str, args: list[str]) -> None:
    """Entry of a child process: do one build, print its figures as JSON."""
    result = {"ours": child_build_ours, "fts": child_build_fts,
              "profile-build": child_profile_build}[kind](*args)
    own, children = (resource.getrusage(resource.RUSAGE_SELF),
                     resource.getrusage(resource.RUSAGE_CHILDREN))  # the writer processes
    result["peak_mb"] = max(own.ru_maxrss, children.ru_maxrss) / 1024
    # CPU seconds say more than the wall clock on a shared machine
    result["cpu_s"] = sum(u.ru_utime + u.ru_stime for u in (own, children))
    print(json.dumps(result))


# ---------------------------------------------------------------- corpus and queries

def read_records(path: str):
    """Yield the JSON records of a .jsonl file."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def take_articles(data: Path, n: int, corpus: Path) -> list[str]:
    """Stream the first n records of the gzipped dump into corpus; return their titles."""
    titles = []
    with gzip.open(data, "rt", encoding="utf-8") as source, corpus.open("w",
                                                                       encoding="utf-8") as out:
        for line in source:
            if len(titles) >= n:
                break
            if line.strip():
                out.write(line)
                titles.append(json.loads(line).get("title") or "")
    return titles


def fold(text: str) -> str:
    """Remove Vietnamese diacritics: "Đà Nẵng" -> "Da Nang"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if unicodedata.category(c) != "Mn")


def make_queries(titles: list[str], count: int, seed: int = 42) -> list[str]:
    """Return a fixed mix of 1-3 word queries and quoted phrases, half without accents."""
    rng = random.Random(seed)
    words = [WORD_RE.findall(t) for t in titles]
    words = [w for w in words if len(w) >= 3]
    queries = []
    while len(queries) < count:
        title = rng.choice(words)
        size = rng.choice((1, 2, 3, 2))
        start = rng.randrange(len(title) - size + 1)
        query = " ".join(title[start:start + size]).lower()
        if rng.random() < 0.2 and size > 1:
            query = f'"{query}"'
        if rng.random() < 0.5:
            query = fold(query)
        queries.append(query)
    return queries


def fts_match(query: str) -> str:
    """Translate a query into FTS5 syntax: every word required, phrases kept."""
    if query.startswith('"'):
        return query
    return " ".join(f'"{w}"' for w in query.replace('"', " ").split())


# ---------------------------------------------------------------- measurements

def percentile(values: list[float], share: float) -> float:
    """Return the value below which a share of the values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_queries(run, queries: list[str]) -> dict:
    """Time run(q) for each query; return median and p95 in milliseconds."""
    for q in queries[:10]:
        run(q)  # open searchers, facet columns, page cache
    times = []
    for q in queries:
        started = time.perf_counter()
        run(q)
        times.append((time.perf_counter() - started) * 1000)
    return {"median_ms": statistics.median(times), "p95_ms": percentile(times, 0.95)}


def ours_runner(index_dir: Path, cache_size: int):
    """Return a function searching our index as the web does."""
    from search import SearchRequest, open_index

    index = open_index(index_dir, cache_size=cache_size)
    return lambda q: index.search(SearchRequest(q=q))


def fts_runner(db: Path):
    """Return a function doing FTS5's top 10 with snippet plus the total count."""
    con = sqlite3.connect(db)

    def run(q: str):
        match = fts_match(q)
        hits = con.execute("SELECT id, title, snippet(docs, 2, '<mark>', '</mark>', '…', 24) "
                           "FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10",
                           (match,)).fetchall()
        return hits, con.execute("SELECT count(*) FROM docs WHERE docs MATCH ?",
                                 (match,)).fetchone()[0]
    return run


def popular(queries: list[str], count: int, seed: int = 7) -> list[str]:
    """Return a stream of requests where a few popular queries repeat (Zipf-like)."""
    rng = random.Random(seed)
    top = queries[:20]
    weights = [1 / (rank + 1) for rank in range(len(top))]
    return rng.choices(top, weights, k=count)


def free_port() -> int:
    """Return a loopback port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(index_dir: Path, port: int, workdir: Path, cache_size: int):
    """Start `vpsearch serve` with 2 workers; return the process once it answers."""
    env = {**os.environ, "VPSEARCH_CACHE_SIZE": str(cache_size)}
    process = subprocess.Popen([str(VPSEARCH), "serve", "--index", str(index_dir), "--port",
                                str(port), "--workers", "2"], cwd=workdir, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"The web server did not start (exit code {process.poll()}).")


def load_http(port: int, queries: list[str], clients: int = 8, seconds: float = 20,
              requests: int = 2000, server: int | None = None) -> dict:
    """Hit /api/search from several client threads; return throughput, latency, errors and,
    given the server's master pid, the CPU time a request cost the server and this client."""
    lock, latencies, errors, sent = threading.Lock(), [], [0], [0]
    deadline = time.monotonic() + seconds

    def client(number: int):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        rng = random.Random(number)
        while time.monotonic() < deadline:
            with lock:
                if sent[0] >= requests:
                    return
                sent[0] += 1
            path = "/api/search?" + urllib.parse.urlencode({"q": rng.choice(queries)})
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                ok = response.status == 200 and b'"totalHits"' in body
            except (OSError, http.client.HTTPException):
                ok = False
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                errors[0] += not ok

    pids = [server, *children(server)] if server else []
    cpu_before, client_before = processes_cpu_s(pids), time.process_time()
    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    done = max(len(latencies), 1)
    figures = {"rps": len(latencies) / elapsed, "median_ms": statistics.median(latencies),
               "p95_ms": percentile(latencies, 0.95), "errors": errors[0],
               "requests": len(latencies),
               "client_cpu_ms": (time.process_time() - client_before) * 1000 / done}
    if pids:
        figures["server_cpu_ms"] = (processes_cpu_s(pids) - cpu_before) * 1000 / done
    return figures


def children(parent: int) -> list[int]:
    """Return the pids of a process's children (the gunicorn workers of a master)."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int(proc_stat(entry)[1]) == parent:
                pids.append(int(entry.name))
        except (OSError, ValueError):
            continue
    return pids


def proc_stat(entry: Path) -> list[str]:
    """Return the fields of /proc/PID/stat after the command name (state, ppid, ...)."""
    return (entry / "stat").read_text().rsplit(")", 1)[1].split()


def processes_cpu_s(pids: list[int]) -> float:
    """Return the user + system CPU seconds the processes have used so far."""
    ticks = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = proc_stat(Path(f"/proc/{pid}"))
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def worker_peaks_mb(master: int) -> list[float]:
    """Return VmHWM of the gunicorn workers (children of the master process)."""
    peaks = []
    for pid in children(master):
        with contextlib.suppress(OSError, ValueError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
    return peaks


# Unique per article: a sentence repeated in 100 articles is learned as page furniture.
CHANGE = "Tin cập nhật số {}: đoàn công tác đã kiểm tra thực tế tại {} xã."


def change_articles(corpus: Path, count: int) -> None:
    """Add one sentence to `count` articles spread across the corpus, in place."""
    # split on newlines only: str.splitlines also breaks at U+2028 inside JSON strings
    lines = corpus.read_text(encoding="utf-8").rstrip("\n").split("\n")
    step = max(1, len(lines) // count)
    for i in range(0, min(len(lines), step * count), step):
        record = json.loads(lines[i])
        record["text"] = (record.get("text") or "") + "\n" + CHANGE.format(i, i % 97 + 2)
        lines[i] = json.dumps(record, ensure_ascii=False)
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")


def profile_queries(index_dir: Path, queries: list[str], lines: int = 25) -> str:
    """Return the top of a cProfile of our uncached queries, by own time."""
    run = ours_runner(index_dir, cache_size=0)
    for q in queries[:10]:
        run(q)
    profiler = cProfile.Profile()
    profiler.enable()
    for q in queries:
        run(q)
    profiler.disable()
    return top_of(profiler, lines)


# ---------------------------------------------------------------- the run

def measure_rates(args, workdir: Path) -> list[dict]:
    """Build the first N articles for each N of --rates; return rate, peak and size of each."""
    from search.store import current_generation, folder_size

    rates = []
    for n in args.rates:
        corpus, index = workdir / f"rate-{n}.jsonl", workdir / f"rate-{n}"
        step(f"building the first {n} articles")
        count = len(take_articles(args.data, n, corpus))
        build = run_child("ours", str(corpus), str(index))
        rates.append({"n": count, **build, "size_mb": folder_size(current_generation(index)) / 1e6,
                      "load": os.getloadavg()[0]})
        shutil.rmtree(index, ignore_errors=True)
        corpus.unlink()
    return rates


def measure(args, workdir: Path) -> dict:
    """Run every measurement and return the figures."""
    corpus, ours, db = workdir / "corpus.jsonl", workdir / "index", workdir / "fts.sqlite"
    figures = {"load_start": os.getloadavg(),
               "rates": measure_rates(args, workdir) if args.rates else []}
    titles = take_articles(args.data, args.n, corpus)
    queries = make_queries(titles, args.queries)
    figures.update(n=len(titles), queries=len(queries))
    step("building our index")
    figures["ours_build"] = run_child("ours", str(corpus), str(ours))
    step("building FTS5")
    figures["fts_build"] = run_child("fts", str(corpus), str(db))
    from search.store import current_generation, folder_size

    figures["ours_size_mb"] = folder_size(current_generation(ours)) / 1e6
    figures["fts_size_mb"] = db.stat().st_size / 1e6
    step("timing queries")
    figures["ours_q"] = time_queries(ours_runner(ours, cache_size=0), queries)
    figures["fts_q"] = time_queries(fts_runner(db), queries)
    repeats = popular(queries, args.queries)
    figures["ours_q_cached"] = time_queries(ours_runner(ours, cache_size=1024), repeats)
    figures["fts_q_repeat"] = time_queries(fts_runner(db), repeats)
    for cache_size in HTTP_CACHE_SIZES:
        step(f"loading /api/search (cache_size={cache_size})")
        port = free_port()
        server = start_server(ours, port, workdir, cache_size)
        try:
            figures[f"http_{cache_size}"] = load_http(port, queries, seconds=args.http_seconds,
                                                      requests=args.http_requests,
                                                      server=server.pid)
            figures[f"worker_mb_{cache_size}"] = max(worker_peaks_mb(server.pid) or [0.0])
        finally:
            server.terminate()
            server.wait(timeout=30)
    step("incremental reindex of 100 changed articles")
    change_articles(corpus, 100)  # in place: the dump is updated where it lies
    figures["ours_incremental"] = run_child("ours", str(corpus), str(ours))
    changed_only = workdir / "changed-only.jsonl"
    changed_only.write_text("".join(line + "\n" for line in corpus.read_text(
        encoding="utf-8").split("\n") if "Tin cập nhật số" in line), encoding="utf-8")
    figures["fts_incremental"] = run_child("fts", str(changed_only), str(db))
    figures["load_end"] = os.getloadavg()
    FIGURES.write_text(json.dumps(figures), encoding="utf-8")
    if args.profile:
        try:
            step("profiling uncached queries")
            figures["profile"] = profile_queries(ours, queries)
            step("profiling a one-process build of 1000 articles")
            figures["profile_build"] = run_child("profile-build", str(corpus),
                                                 str(workdir / "profiled"), "1000")
        except Exception as error:
            figures["profile"] = f"Profiling failed: {error!r}"
    FIGURES.write_text(json.dumps(figures), encoding="utf-8")
    return figures


def step(message: str) -> None:
    """Tell the operator what the benchmark is doing."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}…", file=sys.stderr, flush=True)


def ratio(ours: float, fts: float) -> str:
    """Return ours/FTS5 formatted, or a dash."""
    return f"{ours / fts:.2f}" if fts else "–"


def verdict(value: float, target: float, higher_is_better: bool) -> str:
    """Return whether a figure meets its target."""
    met = value >= target if higher_is_better else value <= target
    return "met" if met else "missed"


def table(f: dict) -> str:
    """Return the results as a markdown table."""
    ob, fb = f["ours_build"], f["fts_build"]
    o_rate, f_rate = f["n"] / ob["seconds"], f["n"] / fb["seconds"]
    oi, fi = f["ours_incremental"], f["fts_incremental"]
    size_ratio = f["ours_size_mb"] / f["fts_size_mb"] if f["fts_size_mb"] else 0.0
    rows = [
        ("Full indexing (articles/s)", f"{o_rate:.0f}", f"{f_rate:.0f}", ratio(o_rate, f_rate),
         f"≥ {TARGETS['index_rate']}: {verdict(o_rate, TARGETS['index_rate'], True)}"),
        ("Full indexing time (s)", f"{ob['seconds']:.1f}", f"{fb['seconds']:.1f}",
         ratio(ob["seconds"], fb["seconds"]), ""),
        ("Full indexing CPU (s, every process)", f"{ob.get('cpu_s', 0):.1f}",
         f"{fb.get('cpu_s', 0):.1f}", ratio(ob.get("cpu_s", 0), fb.get("cpu_s", 0)), ""),
        ("Index size on disk (MB)", f"{f['ours_size_mb']:.1f}", f"{f['fts_size_mb']:.1f}",
         ratio(f["ours_size_mb"], f["fts_size_mb"]),
         f"≤ {TARGETS['size_ratio']}× FTS5: {verdict(size_ratio, TARGETS['size_ratio'], False)}"),
        ("Peak memory of the build (MB, ru_maxrss)", f"{ob['peak_mb']:.0f}",
         f"{fb['peak_mb']:.0f}", ratio(ob["peak_mb"], fb["peak_mb"]),
         f"≤ {TARGETS['build_mb']}: {verdict(ob['peak_mb'], TARGETS['build_mb'], False)}"),
    ]
    for key, fkey, label in (("ours_q", "fts_q", "mixed queries, cache off"),
                             ("ours_q_cached", "fts_q_repeat", "popular queries, cache on")):
        for stat, target in (("median_ms", "median_ms"), ("p95_ms", "p95_ms")):
            o, s = f[key][stat], f[fkey][stat]
            note = (f"≤ {TARGETS[target]}: {verdict(o, TARGETS[target], False)}"
                    if key == "ours_q" else "")
            rows.append((f"Query {stat[:-3]} (ms), {label}", f"{o:.1f}", f"{s:.2f}",
                         ratio(o, s), note))
    for cache_size in HTTP_CACHE_SIZES:
        h = f[f"http_{cache_size}"]
        label = f"cache_size={cache_size}"
        met = verdict(h["rps"], TARGETS["http_rps"], True)
        rows.append((f"/api/search req/s, 8 clients, {label}", f"{h['rps']:.0f}", "–", "–",
                     f"≥ {TARGETS['http_rps']}: {met} ({h['requests']} requests, {h['errors']} errors)"))
        rows.append((f"/api/search median / p95 (ms), {label}",
                     f"{h['median_ms']:.0f} / {h['p95_ms']:.0f}", "–", "–", ""))
        if "server_cpu_ms" in h:
            rows.append((f"/api/search CPU a request (ms), server / client, {label}",
                         f"{h['server_cpu_ms']:.1f} / {h['client_cpu_ms']:.1f}", "–", "–", ""))
        mb = f[f"worker_mb_{cache_size}"]
        rows.append((f"Serving worker peak (MB, VmHWM), {label}", f"{mb:.0f}", "–", "–",
                     f"≤ {TARGETS['worker_mb']}: {verdict(mb, TARGETS['worker_mb'], False)}"))
    met = verdict(oi["seconds"], TARGETS["incremental_s"], False)
    rows.append(("Incremental reindex, 100 changed (s)", f"{oi['seconds']:.1f}",
                 f"{fi['seconds']:.2f}", ratio(oi["seconds"], fi["seconds"]),
                 f"< {TARGETS['incremental_s']}: {met} ({oi['updated']} updated)"))
    lines = ["| Figure | vpsearch | FTS5 | ours/FTS5 | target (issues 6, 10 and 15, at 100k) |",
             "| --- | ---: | ---: | ---: | --- |"]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    return "\n".join(lines)


HEADER = """# Performance benchmark

Written by `bench/performance.py` (`.venv/bin/python bench/performance.py --n {n}`).

{date} · {machine} · {load}

N = {count} first articles of `news_100k.jsonl.gz`; {queries} seeded queries drawn from the
titles (1–3 words, 20% quoted phrases, half without accents).
"""

METHOD = """
## How each figure is measured

- Builds run in their own child process (`--full`, 2 processes for vpsearch); peak memory is
  the larger ru_maxrss of the child and of its own children (Whoosh sub-writers). FTS5
  indexes the raw title and text; vpsearch indexes what the extractor keeps.
- vpsearch queries go through `open_index(dir, cache_size=0).search(SearchRequest(q))` (top
  10 with snippets, total count, locality/year facets, spelling), as the web does. FTS5: top
  10 by bm25 with snippet() plus count(*); its query requires every word (vpsearch relaxes
  to most/any words when nothing matches all).
- Popular queries: 300 requests over the first 20 queries, Zipf weights; vpsearch with its
  result cache on, FTS5 as before (SQLite's page cache only).
- HTTP: `vpsearch serve --workers 2` (gunicorn's asyncio worker, Flask on 4 threads) on loopback, 8 client
  threads in the benchmark process, at most {seconds} s or {requests} requests each run; the
  client threads share the 2 cores with the server. The settings refuse cache_size=0, so the
  uncached run uses cache_size=1. VmHWM is read from /proc of each worker after the load.
  CPU a request: user + system time of the gunicorn master and workers (/proc), and of the
  benchmark process (its client threads), over the load, divided by the requests answered.
- Incremental: 100 articles spread over the corpus get one more sentence (the dump is
  rewritten in place); `build_index` rereads, extracts and hashes the whole corpus, then
  rewrites those 100. FTS5: delete and insert the 100 rows.
"""


def code_version() -> str:
    """Return the commit measured, noting uncommitted changes to search/ or indexer/."""
    from relevance import code_version as commit  # bench scripts import each other by path

    return commit()


def report(f: dict, args) -> str:
    """Return the results file."""
    machine = (f"{platform.machine()}, {os.cpu_count()} cores (nproc "
               f"{len(os.sched_getaffinity(0))}), Python {platform.python_version()}, "
               f"SQLite {sqlite3.sqlite_version}")
    load = (f"load average {f['load_start'][0]:.2f} at start, {f['load_end'][0]:.2f} at end "
            "(other processes share the machine)")
    text = [HEADER.format(n=args.n, date=datetime.date.today(), machine=machine, load=load,
                          count=f["n"], queries=f["queries"]),
            f"Code: {code_version()}.", "",
            table(f),
            METHOD.format(seconds=args.http_seconds, requests=args.http_requests)]
    if f.get("rates"):
        text += ["## Full builds of the first N articles (is the rate flat?)", "",
                 "| N | articles/s | CPU (s) | peak (MB) | index (MB) | load average |",
                 "| ---: | ---: | ---: | ---: | ---: | ---: |"]
        text += [f"| {r['n']} | {r['n'] / r['seconds']:.0f} | {r.get('cpu_s', 0):.0f} | "
                 f"{r['peak_mb']:.0f} | {r['size_mb']:.0f} | {r['load']:.2f} |" for r in f["rates"]]
        text += [""]
    if f.get("profile"):
        text += ["## Profile of the uncached queries (cProfile, top by own time)", "",
                 "```", f["profile"].rstrip(), "```", ""]
    if f.get("profile_build"):
        seconds = f["profile_build"]["seconds"]
        text += ["## Profile of a one-process build of 1000 articles (cProfile, by own time)",
                 "", f"{seconds:.1f} s under the profiler.", "",
                 "```", f["profile_build"]["profile"].rstrip(), "```"]
    return "\n".join(text).rstrip() + "\n"


def main() -> None:
    """Parse options, run the benchmark, print and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="Articles to use.")
    parser.add_argument("--full-100k", action="store_true", help="Use all 100 000 articles.")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="news_100k.jsonl.gz.")
    parser.add_argument("--queries", type=int, default=300, help="Queries in the mixed set.")
    parser.add_argument("--http-seconds", type=float, default=20)
    parser.add_argument("--http-requests", type=int, default=2000)
    parser.add_argument("--rates", type=lambda v: [int(n) for n in v.split(",")], default=[],
                        help="Also build the first N articles for each N (e.g. 10000,30000,100000) "
                             "and print each build's rate, CPU, peak memory and size.")
    parser.add_argument("--profile", action="store_true", help="Add a profile of queries.")
    parser.add_argument("--no-write", action="store_true", help=f"Do not write {RESULTS}.")
    parser.add_argument("--render", type=Path, help=f"Print the table of a saved {FIGURES}.")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_main(args.child[0], args.child[1:])
        return
    if args.render:
        print(report(json.loads(args.render.read_text(encoding="utf-8")), args))
        return
    if args.full_100k:
        args.n = 100_000
    if not args.data.is_file():
        print(f"Skipping: {args.data} is absent. Pass --data PATH to news_100k.jsonl.gz.")
        return
    workdir = Path(tempfile.mkdtemp(prefix="vpsearch-bench-"))
    try:
        figures = measure(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    text = report(figures, args)
    print(text)
    if not args.no_write:
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
