"""Benchmark query understanding on needs graded by reading, vpsearch beside SQLite FTS5.

Usage: .venv/bin/python bench/judged.py [--data PATH] [--index DIR] [--pool] [--no-write]

bench/judged.json holds the needs: realistic searches over party_all (people, discipline
cases, congresses, resolutions, places) as staff, journalists and researchers type them,
each with a type (accented, unaccented, abbreviation, typo, question), optional tags
("intent", "year", "look-alike"...), the query, the need in one sentence and grades
{doc_id: 0|1|2} given by reading title and lead of the pooled articles: 2 answers the
need, 1 is related or answers part of it, 0 is not relevant. The pool was the top 10 of
vpsearch and of FTS5 for each query (for unaccented and typo queries also FTS5 on the
accented form). Seven needs also grade articles found by searching the dump by hand that
neither engine returned (e.g. "Bộ GT-VT phải hoàn thành kiểm điểm" for "Bộ GTVT kiểm điểm
PMU18"), so the ideal ranking is not limited to what the engines found. When the ranking
changes, `--pool` lists the unjudged articles of the current top 10s so their grades can
be added to the file.

Figures: nDCG@10 (gain 2^g - 1, unjudged counts as 0, ideal from every grade of the
need), P@5 (share of the first 5 graded 1 or 2), success@1 (first hit graded 2).
Near-duplicates: two articles with the same folded title, or whose bodies share at
least 80% of their word 3-shingles (Jaccard); every pair in a vpsearch top 10 is counted.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from relevance import (  # noqa: E402
    DEFAULT_DATA,
    ROOT,
    code_version,
    ensure_index,
    fts_search,
    fts_table,
    load,
)

from indexer.articles import Article, iter_articles  # noqa: E402
from search import SearchError, SearchRequest, open_index  # noqa: E402
from search.analysis import fold_text  # noqa: E402

NEEDS = BENCH / "judged.json"
RESULTS = BENCH / "results" / "judged.md"
TYPES = ("accented", "unaccented", "abbreviation", "typo", "question")
TARGETS = {"overall": 0.85, "question": 0.70}  # nDCG@10, from issue #16
SHINGLE = 3
NEAR_DUPLICATE_JACCARD = 0.8
LEAD_CHARS = 600


def load_needs(path: Path = NEEDS) -> list[dict]:
    """Return the graded needs of the judged set."""
    return json.loads(path.read_text(encoding="utf-8"))["needs"]


def dcg(grades: list[int]) -> float:
    """Return the discounted cumulative gain of grades in rank order (gain 2^g - 1).

    >>> round(dcg([2, 0, 1]), 3)
    3.5
    """
    return sum((2 ** g - 1) / math.log2(rank + 2) for rank, g in enumerate(grades))


def ndcg(ids: list[str], judgments: dict[str, int], k: int = 10) -> float:
    """Return nDCG@k of a ranking; unjudged articles count as grade 0."""
    ideal = dcg(sorted(judgments.values(), reverse=True)[:k])
    return dcg([judgments.get(i, 0) for i in ids[:k]]) / ideal if ideal else 0.0


def precision(ids: list[str], judgments: dict[str, int], k: int = 5) -> float:
    """Return the share of the first k ranks holding an article graded 1 or 2."""
    return sum(judgments.get(i, 0) >= 1 for i in ids[:k]) / k


def success_at_1(ids: list[str], judgments: dict[str, int]) -> float:
    """Return 1.0 when the first article answers the need (grade 2), else 0.0."""
    return float(bool(ids) and judgments.get(ids[0], 0) == 2)


def shingles(text: str, size: int = SHINGLE) -> set[tuple[str, ...]]:
    """Return the folded word shingles of a text."""
    words = fold_text(text).split()
    return {tuple(words[i:i + size]) for i in range(max(len(words) - size + 1, 1))}


def near_duplicate(a: Article, b: Article) -> bool:
    """Tell whether two articles tell the same story: same folded title or near-equal body."""
    if fold_text(a.title).strip() == fold_text(b.title).strip():
        return True
    first, second = shingles(a.body), shingles(b.body)
    union = len(first | second)
    return bool(union) and len(first & second) / union >= NEAR_DUPLICATE_JACCARD


def duplicate_pairs(ids: list[str], by_id: dict[str, Article]) -> list[tuple[str, str]]:
    """Return the near-duplicate pairs among a ranking's articles."""
    found = [by_id[i] for i in ids if i in by_id]
    return [(a.id, b.id) for n, a in enumerate(found) for b in found[n + 1:]
            if near_duplicate(a, b)]


def vpsearch_ids(engine, text: str) -> list[str]:
    """Return vpsearch's top 10 ids; a refused query ranks nothing."""
    try:
        result = engine.search(SearchRequest(q=text, hits_per_page=10))
    except SearchError:
        return []
    return [hit["id"] for hit in result["hits"]]


def rankings(engine, db, needs: list[dict]) -> dict[str, dict[str, list[str]]]:
    """Return each engine's top 10 per need id."""
    return {"vpsearch": {n["id"]: vpsearch_ids(engine, n["query"]) for n in needs},
            "fts5": {n["id"]: fts_search(db, n["query"]) for n in needs}}


def figures(needs: list[dict], ranked: dict[str, list[str]]) -> dict[str, float]:
    """Return mean nDCG@10, P@5, success@1 and the unjudged count in the top 10s."""
    count = max(len(needs), 1)
    rows = [(ranked[n["id"]], n["judgments"]) for n in needs]
    return {"ndcg": sum(ndcg(i, j) for i, j in rows) / count,
            "p5": sum(precision(i, j) for i, j in rows) / count,
            "s1": sum(success_at_1(i, j) for i, j in rows) / count,
            "unjudged": sum(sum(x not in j for x in i) for i, j in rows)}


def groups(needs: list[dict]) -> list[tuple[str, list[dict]]]:
    """Return the needs by type, then all of them."""
    return ([(t, [n for n in needs if n["type"] == t]) for t in TYPES]
            + [("overall", needs)])


def _mark(name: str, value: float) -> str:
    """Return the nDCG target of a group and whether it is met."""
    target = TARGETS.get(name)
    return f"≥ {target:.2f} {'✅' if value >= target else '❌'}" if target else ""


def table(needs: list[dict], ranked: dict, by_id: dict[str, Article]) -> list[str]:
    """Return the Markdown rows comparing both engines per query type."""
    rows = ["| Type | Needs | Target nDCG@10 | vpsearch nDCG@10 | P@5 | s@1 | unjudged "
            "| FTS5 nDCG@10 | P@5 | s@1 | unjudged | vpsearch near-dup pairs |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, members in groups(needs):
        ours, theirs = figures(members, ranked["vpsearch"]), figures(members, ranked["fts5"])
        pairs = sum(len(duplicate_pairs(ranked["vpsearch"][n["id"]], by_id)) for n in members)
        rows.append(f"| {name} | {len(members)} | {_mark(name, ours['ndcg'])} "
                    f"| {ours['ndcg']:.3f} | {ours['p5']:.3f} | {ours['s1']:.3f} "
                    f"| {ours['unjudged']} | {theirs['ndcg']:.3f} | {theirs['p5']:.3f} "
                    f"| {theirs['s1']:.3f} | {theirs['unjudged']} | {pairs} |")
    return rows


def judged_rows(engine, db, articles: list[Article]) -> list[str]:
    """Return the Markdown table of the judged set for the open engine and FTS5 table."""
    needs = load_needs()
    by_id = {a.id: a for a in articles}
    return table(needs, rankings(engine, db, needs), by_id)


def per_need(needs: list[dict], ranked: dict, by_id: dict[str, Article]) -> list[str]:
    """Return one line per need: nDCG@10 of both engines and vpsearch's first title."""
    lines = []
    for need in sorted(needs, key=lambda n: ndcg(ranked["vpsearch"][n["id"]], n["judgments"])):
        ids = ranked["vpsearch"][need["id"]]
        first = by_id[ids[0]].title[:70] if ids and ids[0] in by_id else "(nothing)"
        dups = len(duplicate_pairs(ids, by_id))
        lines.append(f"{need['id']} {need['type']:<12} "
                     f"{ndcg(ids, need['judgments']):.2f} / "
                     f"{ndcg(ranked['fts5'][need['id']], need['judgments']):.2f} "
                     f"{'dup' * bool(dups)} {need['query']!r} -> {first}")
    return lines


def pool(needs: list[dict], engine, db, by_id: dict[str, Article]) -> None:
    """Print the unjudged articles of every top 10 as JSON lines, for grading."""
    for need in needs:
        lists = [vpsearch_ids(engine, need["query"]), fts_search(db, need["query"])]
        if need.get("accented"):
            lists.append(fts_search(db, need["accented"]))
        seen = set(need["judgments"])
        for doc_id in (i for ids in lists for i in ids):
            if doc_id in seen:
                continue
            seen.add(doc_id)
            article = by_id[doc_id]
            print(json.dumps({"need": need["id"], "query": need["query"], "doc_id": doc_id,
                              "title": article.title[:200],
                              "lead": article.body[:LEAD_CHARS]}, ensure_ascii=False))


def report(rows: list[str], info: dict) -> str:
    """Return the results file: date, load, code and the table."""
    lines = ["# Judged relevance benchmark (query understanding, issue #16)", "",
             "Written by `bench/judged.py`; overwritten by each run.", "",
             f"- Date: {info['date']}; load average at start / end: "
             f"{info['load_start']} / {info['load_end']}",
             f"- Corpus: `{info['data']}`, {info['documents']} articles; "
             f"{info['needs']} needs, {info['grades']} grades in `bench/judged.json`",
             f"- Code: {info['code']}", "", *rows, "",
             "nDCG@10: gain 2^g - 1, unjudged = 0, ideal from all grades of the need. "
             "P@5: share of the first 5 graded ≥ 1. s@1: first hit graded 2. Unjudged: "
             "top-10 articles without a grade (re-pool with `--pool` when it grows). "
             "Near-dup pairs: pairs in vpsearch's top 10s with the same folded title or "
             f"body word-{SHINGLE}-shingle Jaccard ≥ {NEAR_DUPLICATE_JACCARD}. "
             "FTS5 as in `bench/relevance.py` (all words ANDed, ORed if none has them all)."]
    return "\n".join(lines) + "\n"


def main() -> int:
    """Parse arguments, then print the figures or the pool to grade."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="JSON-lines corpus")
    parser.add_argument("--index", type=Path, default=Path("/tmp/vpsearch-judged-index"),
                        help="index folder to reuse (built if incomplete)")
    parser.add_argument("--pool", action="store_true", help="list unjudged top-10 articles")
    parser.add_argument("--no-write", action="store_true", help="do not update the results file")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"Skipped: data file {args.data} not found; pass --data PATH.", file=sys.stderr)
        return 0
    info = {"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), "load_start": load(),
            "data": args.data.name, "code": code_version()}
    articles = [a for a in iter_articles([args.data]) if isinstance(a, Article)]
    ensure_index(args.data, args.index, len(articles))
    engine, db, needs = open_index(args.index, cache_size=0), fts_table(articles), load_needs()
    by_id = {a.id: a for a in articles}
    if args.pool:
        pool(needs, engine, db, by_id)
        return 0
    ranked = rankings(engine, db, needs)
    info.update(documents=len(articles), needs=len(needs), load_end=load(),
                grades=sum(len(n["judgments"]) for n in needs))
    text = report(table(needs, ranked, by_id), info)
    print(text)
    print("\n".join(["## Per need, worst first: nDCG@10 vpsearch / FTS5", "",
                     *per_need(needs, ranked, by_id)]))
    if not args.no_write:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"Recorded in {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
