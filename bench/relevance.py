"""Benchmark known-item search: title-word queries against vpsearch and SQLite FTS5.

Usage: .venv/bin/python bench/relevance.py [--data PATH] [--queries 300] [--seed 1]
       [--index DIR] [--misses N] [--set bm25.TITLE_BOOST=4] [--no-write]

Each query is 3-6 consecutive words of one sampled article's headline (the first clause
of its title with 3+ words: cut at " - ", " – ", "(", ")", ":" and at the first ". " not
after an upper-case abbreviation such as "TP."), kept only when no other title holds the
same folded words as a phrase, so that the article is the one right answer. Every query is
asked in three forms: accented as written, folded (no accents), and folded with one typo.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from querysets import evaluate_sets  # noqa: E402

from indexer.articles import Article, iter_articles  # noqa: E402
from indexer.build import build_index  # noqa: E402
from search import SearchError, SearchRequest, open_index  # noqa: E402
from search.analysis import ANALYZER_VERSION, fold_text, fold_word, normalize_word, tokenize  # noqa: E402
from search.store import current_generation, read_meta  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "party_all.jsonl.gz"
RESULTS = ROOT / "bench" / "results" / "relevance.md"
FORMS = ("accented", "unaccented", "one typo")
# The typo form split by whether the misspelling is itself a corpus word ("chat" for "chất").
TYPO_KINDS = ("one typo, non-word", "one typo, real word")
TARGETS = {"accented": 0.95, "unaccented": 0.90, "one typo": 0.75}
FTS_WEIGHTS = (3.0, 1.0)  # title, body: the same title weight as search.bm25.TITLE_BOOST
# Clause breaks of a crawled title; a ". " after an upper-case word ("TP. HCM") is no break.
CLAUSE_RE = re.compile(r"\s[-–—]\s|[():]|(?<![A-ZĐ])\.\s")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
TRIES_PER_ARTICLE = 8


@dataclass
class Query:
    """One known-item query in its three forms."""

    doc_id: str
    title: str
    forms: dict[str, str]
    typo: str = ""          # the misspelt folded word of the "one typo" form
    real_word: bool = False  # whether that misspelling is itself a word of the corpus


@dataclass
class Outcome:
    """How one engine answered the queries of one form."""

    ranks: list[int | None] = field(default_factory=list)
    millis: list[float] = field(default_factory=list)
    misses: list[dict] = field(default_factory=list)

    def figures(self) -> dict:
        """Return success@1, success@10, MRR@10 and latency median and p95."""
        n, ranks = max(len(self.ranks), 1), self.ranks
        spent = sorted(self.millis) or [0.0]
        return {"s1": sum(r == 1 for r in ranks) / n,
                "s10": sum(r is not None for r in ranks) / n,
                "mrr": sum(1 / r for r in ranks if r) / n,
                "median_ms": statistics.median(spent),
                "p95_ms": spent[min(len(spent) - 1, int(len(spent) * 0.95))]}


def headline(title: str) -> str:
    """Return the first clause of 3+ words of a title (crawled titles may run into the lead).

    >>> headline("Quảng Trị: Khánh thành khu lưu niệm. Sáng nay, tỉnh đã...")
    'Khánh thành khu lưu niệm'
    >>> headline("Lãnh đạo TP. HCM chúc mừng Ngày thầy thuốc VN 27 - 2")
    'Lãnh đạo TP. HCM chúc mừng Ngày thầy thuốc VN 27'
    """
    for clause in CLAUSE_RE.split(title):
        if len(list(tokenize(clause))) >= 3:
            return clause.strip()
    return ""


def make_typo(word: str, rng: random.Random) -> str:
    """Return a folded word with one deletion, substitution or adjacent transposition."""
    while True:
        kind, i = rng.choice(("delete", "substitute", "transpose")), rng.randrange(len(word))
        if kind == "delete":
            typo = word[:i] + word[i + 1:]
        elif kind == "substitute":
            typo = word[:i] + rng.choice(LETTERS.replace(word[i], "")) + word[i + 1:]
        elif i + 1 < len(word):
            typo = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        else:
            continue
        if typo != word:
            return typo


def phrase_counter(articles: list[Article]):
    """Return a function counting the titles that hold a folded phrase."""
    titles = [f" {fold_text(a.title)} " for a in articles]
    return lambda phrase: sum(f" {phrase} " in t for t in titles)


def candidate(article: Article, rng: random.Random, titles_with) -> Query | None:
    """Return a query cut from an article's headline, or None if no window is distinctive."""
    words = [w for _, _, w in tokenize(headline(article.title))]
    for _ in range(TRIES_PER_ARTICLE if len(words) >= 3 else 0):
        size = rng.randint(3, min(6, len(words)))
        start = rng.randint(0, len(words) - size)
        chosen = words[start:start + size]
        folded = [fold_word(normalize_word(w)) for w in chosen]
        long_words = [i for i, w in enumerate(folded) if len(w) >= 4 and w.isalpha()]
        if not long_words or titles_with(" ".join(folded)) > 1:
            continue
        typo = list(folded)
        k = rng.choice(long_words)
        typo[k] = make_typo(folded[k], rng)
        forms = {"accented": " ".join(chosen), "unaccented": " ".join(folded),
                 "one typo": " ".join(typo)}
        return Query(article.id, article.title, forms, typo[k])
    return None


def sample_queries(articles: list[Article], count: int, seed: int) -> list[Query]:
    """Return up to `count` known-item queries from seeded randomly drawn articles."""
    rng, titles_with = random.Random(seed), phrase_counter(articles)
    order = list(range(len(articles)))
    rng.shuffle(order)
    queries = []
    for index in order:
        query = candidate(articles[index], rng, titles_with)
        if query is not None:
            queries.append(query)
            if len(queries) == count:
                break
    return queries


def ensure_index(data: Path, index_dir: Path, documents: int) -> float:
    """Build the index unless the folder already serves a complete one; return seconds."""
    try:
        meta = read_meta(current_generation(index_dir))
    except Exception:
        meta = {}
    if meta.get("documents") == documents and meta.get("analyzer") == ANALYZER_VERSION:
        print(f"Reusing the index in {index_dir} ({documents} documents).", file=sys.stderr)
        return 0.0
    print(f"Building the index in {index_dir}...", file=sys.stderr)
    return build_index([data], index_dir, full=True).seconds


def fts_table(articles: list[Article]) -> sqlite3.Connection:
    """Return an in-memory FTS5 table of the same titles and bodies."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(doc_id UNINDEXED, title, body, "
               "tokenize = 'unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO t VALUES (?, ?, ?)",
                   ((a.id, a.title, a.body) for a in articles))
    db.commit()
    return db


def fts_vocabulary(db: sqlite3.Connection) -> set[str]:
    """Return the folded words of the FTS5 table (its own folding keeps đ)."""
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row')")
    return {fold_word(term) for (term,) in db.execute("SELECT term FROM v")}


def fts_search(db: sqlite3.Connection, text: str) -> list[str]:
    """Return the ids of the 10 best FTS5 matches: all words, or any word if none has all."""
    words = ['"' + w.replace('"', '""') + '"' for _, _, w in tokenize(text)]
    sql = ("SELECT doc_id FROM t WHERE t MATCH ? ORDER BY bm25(t, 0.0, ?, ?) LIMIT 10")
    for joiner in (" ", " OR "):
        rows = db.execute(sql, (joiner.join(words), *FTS_WEIGHTS)).fetchall()
        if rows:
            return [r[0] for r in rows]
    return []


def evaluate(engine, db, queries: list[Query]) -> dict[tuple[str, str], Outcome]:
    """Ask every query in every form of both engines; return outcomes by (engine, form)."""
    outcomes = {(e, f): Outcome() for e in ("vpsearch", "fts5") for f in FORMS}
    for form in FORMS:
        for query in queries:
            text = query.forms[form]
            began = time.perf_counter()
            result = engine.search(SearchRequest(q=text, hits_per_page=10))
            spent = (time.perf_counter() - began) * 1000
            ids = [hit["id"] for hit in result["hits"]]
            record(outcomes["vpsearch", form], query, text, ids, spent, result)
            began = time.perf_counter()
            ids = fts_search(db, text)
            record(outcomes["fts5", form], query, text, ids, (time.perf_counter() - began) * 1000)
    return outcomes


def record(outcome: Outcome, query: Query, text: str, ids: list[str], spent: float,
           result: dict | None = None) -> None:
    """Add one answer's rank and time to an outcome; keep the details of a miss at 1."""
    rank = ids.index(query.doc_id) + 1 if query.doc_id in ids else None
    outcome.ranks.append(rank)
    outcome.millis.append(spent)
    if rank != 1:
        miss = {"query": text, "expected": query.title, "rank": rank, "first": None}
        if text == query.forms["one typo"]:
            miss.update(typo=query.typo, real_word=query.real_word)
        if result is not None:
            hits = result["hits"]
            miss.update(first=hits[0]["title"] if hits else None, total=result["totalHits"],
                        suggestion=result["suggestion"], corrected=result["correctedQuery"])
        outcome.misses.append(miss)


def table(outcomes: dict[tuple[str, str], Outcome]) -> list[str]:
    """Return the Markdown rows comparing both engines per form."""
    rows = ["| Form | Target s@1 | vpsearch s@1 | s@10 | MRR@10 | FTS5 s@1 | s@10 | MRR@10 "
            "| s@1 ratio | MRR ratio | vpsearch ms median / p95 | FTS5 ms median / p95 |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for form in FORMS + TYPO_KINDS:
        ours, theirs = outcomes["vpsearch", form].figures(), outcomes["fts5", form].figures()
        target = TARGETS.get(form)
        goal = f"≥ {target:.2f} {_verdict(ours['s1'], target)}" if target else ""
        rows.append(f"| {form} | {goal} "
                    f"| {ours['s1']:.3f} | {ours['s10']:.3f} | {ours['mrr']:.3f} "
                    f"| {theirs['s1']:.3f} | {theirs['s10']:.3f} | {theirs['mrr']:.3f} "
                    f"| {_ratio(ours['s1'], theirs['s1'])} | {_ratio(ours['mrr'], theirs['mrr'])} "
                    f"| {ours['median_ms']:.1f} / {ours['p95_ms']:.1f} "
                    f"| {theirs['median_ms']:.2f} / {theirs['p95_ms']:.2f} |")
    return rows


def split_typos(outcomes: dict, queries: list[Query]) -> None:
    """Add the typo outcomes split into non-word and real-word misspellings."""
    for engine in ("vpsearch", "fts5"):
        whole = outcomes[engine, "one typo"]
        for kind, real in zip(TYPO_KINDS, (False, True)):
            keep = [q.real_word == real for q in queries]
            outcomes[engine, kind] = Outcome(
                [r for r, k in zip(whole.ranks, keep) if k],
                [m for m, k in zip(whole.millis, keep) if k])


def _verdict(value: float, target: float) -> str:
    """Return a mark telling whether a figure meets its target."""
    return "✅" if value >= target else "❌"


def _ratio(ours: float, theirs: float) -> str:
    """Return ours / theirs as a factor."""
    return f"{ours / theirs:.2f}×" if theirs else "∞"


def ids_for(engine, text: str) -> list[str]:
    """Return the ids of vpsearch's first 10 hits; a refused query finds nothing."""
    try:
        return [hit["id"] for hit in engine.search(SearchRequest(q=text, hits_per_page=10))["hits"]]
    except SearchError:
        return []


def report(outcomes, info: dict, set_rows: list[str]) -> str:
    """Return the results file: figures, date, machine, corpus and query count."""
    lines = ["# Relevance benchmark (known-item search)", "",
             "Written by `bench/relevance.py`; overwritten by each run.", "",
             f"- Date: {info['date']}",
             f"- Machine: {info['machine']}; load average at start / end: "
             f"{info['load_start']} / {info['load_end']} (shared machine: latencies are noisy)",
             f"- Corpus: `{info['data']}`, {info['documents']} articles; "
             f"{info['queries']} queries (seed {info['seed']}), each in 3 forms; "
             f"{info['real_words']} of the typos make another corpus word",
             f"- Code: {info['code']}",
             f"- Overrides: {info['overrides'] or 'none (shipped ranking constants)'}", "",
             *table(outcomes), "",
             "s@k: share of queries whose article ranks in the top k; MRR@10: mean reciprocal "
             "rank, 0 beyond 10. Ratios are vpsearch / FTS5. FTS5 runs in-process on an "
             "in-memory table (`unicode61 remove_diacritics 2`, `bm25(t, 3.0, 1.0)` for title, "
             "body; the quoted words ANDed, ORed if nothing has them all); vpsearch through "
             "`SearchIndex.search` with the result cache off (page dict with snippets included).",
             "", "Queries: 3-6 consecutive words of the first clause (3+ words) of the title, "
             "cut at \" - \", \"(\", \":\" and the first \". \"; kept only if no other title holds "
             "the folded words as a phrase. Typo: one deletion, substitution or adjacent "
             "transposition in one folded word of 4+ letters.", "",
             "## Beyond title fragments", "",
             f"{info['set_queries']} queries a set drawn with seed {info['seed']} "
             "(bench/querysets.py says how each set is made); success means the first hit "
             "is one of the set's answers.", "", *set_rows]
    return "\n".join(lines) + "\n"


def apply_overrides(pairs: list[str]) -> list[str]:
    """Set module constants such as bm25.TITLE_BOOST=4 for this run only (no file edits)."""
    import importlib

    applied = []
    for pair in pairs:
        name, _, value = pair.partition("=")
        module_name, _, constant = name.rpartition(".")
        module = importlib.import_module(f"search.{module_name}")
        if not hasattr(module, constant):
            raise SystemExit(f"search.{module_name} has no constant {constant}; check --set {pair}.")
        setattr(module, constant, type(getattr(module, constant))(value))
        applied.append(f"{name}={value}")
    return applied


def print_misses(outcomes, count: int) -> None:
    """Print the first misses of vpsearch per form."""
    for form in FORMS:
        misses = outcomes["vpsearch", form].misses
        print(f"\n## vpsearch misses, {form}: {len(misses)} (first {min(count, len(misses))})")
        for miss in misses[:count]:
            print(json.dumps(miss, ensure_ascii=False))


def code_version() -> str:
    """Return the commit measured, noting uncommitted changes to search/ or indexer/."""
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "search",
                                "indexer"], capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{commit} + uncommitted changes in search/ or indexer/" if dirty else commit


def load() -> str:
    """Return the 1-minute load average."""
    return f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "?"


def run(args, index_dir: Path) -> int:
    """Load the corpus, sample queries, run both engines, print and record the figures."""
    info = {"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), "load_start": load(),
            "machine": f"{platform.machine()}, nproc {os.cpu_count()}, "
                       f"Python {platform.python_version()}", "data": args.data.name,
            "seed": args.seed, "code": code_version(), "overrides": ", ".join(apply_overrides(args.set))}
    articles = [a for a in iter_articles([args.data]) if isinstance(a, Article)]
    seconds = ensure_index(args.data, index_dir, len(articles))
    queries = sample_queries(articles, args.queries, args.seed)
    engine, db = open_index(index_dir, cache_size=0), fts_table(articles)
    for query in queries[:5]:  # warm both engines up: open readers, load the accent model
        engine.search(SearchRequest(q=query.forms["unaccented"]))
        fts_search(db, query.forms["unaccented"])
    vocabulary = fts_vocabulary(db)
    for query in queries:
        query.real_word = query.typo in vocabulary
    outcomes = evaluate(engine, db, queries)
    split_typos(outcomes, queries)
    set_rows = evaluate_sets(engine, db, articles, args.set_queries, args.seed,
                             lambda text: ids_for(engine, text), fts_search, args.misses)
    from judged import judged_rows  # here: judged.py imports this module

    set_rows += ["", "## Needs graded by reading (bench/judged.json)", "",
                 *judged_rows(engine, db, articles)]
    info.update(documents=len(articles), queries=len(queries), load_end=load(),
                real_words=sum(q.real_word for q in queries), set_queries=args.set_queries)
    text = report(outcomes, info, set_rows)
    print(text)
    if seconds:
        print(f"Index built in {seconds:.0f} s.", file=sys.stderr)
    print_misses(outcomes, args.misses)
    if args.dump:
        dump = {f"{e} / {f}": vars(o) for (e, f), o in outcomes.items()}
        dump["queries"] = [vars(q) for q in queries]
        args.dump.write_text(json.dumps(dump, ensure_ascii=False, indent=1), encoding="utf-8")
    if not args.no_write and not args.set:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text, encoding="utf-8")
        print(f"Recorded in {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


def main() -> int:
    """Parse arguments and run the benchmark, in a temporary index unless --index is given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="JSON-lines corpus")
    parser.add_argument("--queries", type=int, default=300, help="known-item queries per form")
    parser.add_argument("--set-queries", type=int, default=200,
                        help="queries per set beyond title fragments (bench/querysets.py)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the query sample and typos")
    parser.add_argument("--index", type=Path, help="index folder to reuse (built if incomplete)")
    parser.add_argument("--misses", type=int, default=10, help="vpsearch misses to print per form")
    parser.add_argument("--set", action="append", default=[], metavar="MODULE.NAME=VALUE",
                        help="override a search constant for this run, e.g. bm25.TITLE_BOOST=4"
                             " (the results file is then not written)")
    parser.add_argument("--dump", type=Path, help="write every rank, time and miss as JSON")
    parser.add_argument("--no-write", action="store_true", help="do not update the results file")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"Skipped: data file {args.data} not found; pass --data PATH.", file=sys.stderr)
        return 0
    if args.index:
        return run(args, args.index)
    with tempfile.TemporaryDirectory(prefix="vpsearch-relevance-") as folder:
        return run(args, Path(folder))


if __name__ == "__main__":
    sys.exit(main())
