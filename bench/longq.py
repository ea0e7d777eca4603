"""Benchmark long pasted questions: vpsearch beside rank_bm25 and SQLite FTS5.

Usage: .venv/bin/python bench/longq.py [--data PATH] [--index DIR] [--regenerate]
       [--questions 160] [--seed 16] [--misses N] [--no-write]

bench/longq.json holds the questions, each with the one article that answers it. They
were generated once by rules from a seed (bench/longq_rules.py; `--regenerate` writes them
again): a sampled article's body sentence of 15-45 words (a long one 15% of the time, one
with a number 40%) becomes a question the way people paste one. Its lead clause ("Chiều
12/3, ...") and asides in brackets may go, half its function words (và, của, đã...) go,
some phrases become abbreviations (UBND, HĐND, TP.HCM, BCH TW...) or plainer words ("cho
biết" -> "nói"), amounts are written in digits ("500 triệu" -> "500.000.000") 60% of the
time, and a question frame is added ("xin hỏi ... là gì?", "tại sao ...?", "... như thế
nào?", "có phải ... không?", "cho tôi hỏi ... có đúng không?", or a number replaced by
"bao nhiêu"); a quarter are typed without accents. A question is kept only when its
article is distinguishable: no other article holds all the content words it kept from the
sentence (near-duplicate stories are left out that way). None was written by hand.

Figures: Recall@10 (the article in the top 10) and MRR@10 for vpsearch, BM25Okapi of
rank_bm25 over the folded syllables of title and body, FTS5 as bench/relevance.py asks
it (all words ANDed, ORed when nothing has them all) and FTS5 with the words ORed only;
vpsearch's refused queries (SearchError) count as misses and are counted apart.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from longq_rules import make_questions, syllables  # noqa: E402
from relevance import (  # noqa: E402
    DEFAULT_DATA,
    FTS_WEIGHTS,
    ROOT,
    code_version,
    ensure_index,
    fts_search,
    fts_table,
    load,
)

from indexer.articles import Article, iter_articles  # noqa: E402
from search import SearchError, SearchRequest, open_index  # noqa: E402
from search.analysis import tokenize  # noqa: E402

QUESTIONS = BENCH / "longq.json"
RESULTS = BENCH / "results" / "longq.md"
ENGINES = ("vpsearch", "rank_bm25", "fts5", "fts5 OR")


def recall(ranks: list[int | None]) -> float:
    """Return the share of questions whose article ranks in the top 10."""
    return sum(r is not None and r <= 10 for r in ranks) / max(len(ranks), 1)


def mrr(ranks: list[int | None]) -> float:
    """Return the mean reciprocal rank, 0 beyond rank 10."""
    return sum(1 / r for r in ranks if r is not None and r <= 10) / max(len(ranks), 1)


def rank_of(doc_id: str, ids: list[str]) -> int | None:
    """Return the 1-based rank of an id in a ranking, or None."""
    return ids.index(doc_id) + 1 if doc_id in ids else None


class Bm25:
    """BM25Okapi of rank_bm25 over the folded syllables of title and body."""

    def __init__(self, articles: list[Article]) -> None:
        from rank_bm25 import BM25Okapi

        self.ids = [a.id for a in articles]
        self.model = BM25Okapi([syllables(f"{a.title} {a.body}") for a in articles])

    def search(self, text: str) -> list[str]:
        """Return the ids of the 10 best scores."""
        scores = self.model.get_scores(syllables(text))
        best = sorted(range(len(scores)), key=lambda i: -scores[i])[:10]
        return [self.ids[i] for i in best if scores[i] > 0]


def fts_any(db, text: str) -> list[str]:
    """Return the ids of the 10 best FTS5 matches of any of the words."""
    words = ['"' + w.replace('"', '""') + '"' for _, _, w in tokenize(text)]
    sql = "SELECT doc_id FROM t WHERE t MATCH ? ORDER BY bm25(t, 0.0, ?, ?) LIMIT 10"
    return [r[0] for r in db.execute(sql, (" OR ".join(words), *FTS_WEIGHTS))] if words else []


def vpsearch_ids(engine, text: str) -> list[str] | None:
    """Return vpsearch's top 10 ids, or None when it refuses the query."""
    try:
        result = engine.search(SearchRequest(q=text, hits_per_page=10))
    except SearchError:
        return None
    return [hit["id"] for hit in result["hits"]]


def evaluate(questions: list[dict], searchers: dict) -> dict[str, dict]:
    """Ask every question of every engine; return ranks, refusals and misses by engine."""
    outcome = {name: {"ranks": [], "refused": 0, "misses": []} for name in searchers}
    for question in questions:
        for name, search in searchers.items():
            ids = search(question["question"])
            if ids is None:
                outcome[name]["refused"] += 1
                ids = []
            rank = rank_of(question["doc_id"], ids)
            outcome[name]["ranks"].append(rank)
            if rank is None:
                outcome[name]["misses"].append(question["id"])
    return outcome


def table(outcome: dict[str, dict]) -> list[str]:
    """Return the Markdown rows comparing the engines."""
    rows = ["| Engine | Recall@10 | MRR@10 | refused |", "| --- | --- | --- | --- |"]
    for name, found in outcome.items():
        rows.append(f"| {name} | {recall(found['ranks']):.3f} | {mrr(found['ranks']):.3f} "
                    f"| {found['refused']} |")
    return rows


def by_kind(questions: list[dict], outcome: dict[str, dict]) -> list[str]:
    """Return Recall@10 rows split by length, accents, rewritten digits and question frame."""
    kinds = {"over 32 words": lambda q: q["words"] > 32,
             "32 words or fewer": lambda q: q["words"] <= 32,
             "unaccented": lambda q: q["unaccented"], "with digits rewritten": lambda q: q["digits"]}
    for name in sorted({q["frame"] for q in questions}):
        kinds[f"frame: {name}"] = lambda q, name=name: q["frame"] == name
    rows = ["| Questions | count | " + " | ".join(f"{e} R@10" for e in outcome) + " |",
            "| --- | --- |" + " --- |" * len(outcome)]
    for kind, test in kinds.items():
        keep = [test(q) for q in questions]
        cells = [recall([r for r, k in zip(o["ranks"], keep) if k]) for o in outcome.values()]
        rows.append(f"| {kind} | {sum(keep)} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")
    return rows


def report(questions: list[dict], outcome: dict, info: dict) -> str:
    """Return the results file: date, load, code and the tables."""
    words = sorted(q["words"] for q in questions)
    lines = ["# Long-question benchmark (issue #16)", "",
             "Written by `bench/longq.py`; overwritten by each run.", "",
             f"- Date: {info['date']}; load average at start / end: "
             f"{info['load_start']} / {info['load_end']}",
             f"- Corpus: `{info['data']}`, {info['documents']} articles; {len(questions)} "
             f"questions in `bench/longq.json` (seed {info['seed']}), {words[0]}-{words[-1]} "
             f"words, median {words[len(words) // 2]}",
             f"- Code: {info['code']}", "", *table(outcome), "", *by_kind(questions, outcome), "",
             "Recall@10: the one right article in the top 10; MRR@10: mean reciprocal rank, 0 "
             "beyond 10; refused: vpsearch raised SearchError (ranked nothing). rank_bm25: "
             "BM25Okapi (k1 1.5, b 0.75) over folded syllables of title and body. FTS5: "
             "`unicode61 remove_diacritics 2`, `bm25(t, 3.0, 1.0)`; \"fts5\" ANDs the words and "
             "ORs them when nothing has them all, \"fts5 OR\" always ORs them."]
    return "\n".join(lines) + "\n"


def load_questions(articles: list[Article], args) -> list[dict]:
    """Return the saved questions, generating and saving them first when asked or absent."""
    if args.regenerate or not QUESTIONS.exists():
        questions = make_questions(articles, args.questions, args.seed)
        QUESTIONS.write_text(json.dumps({"seed": args.seed, "questions": questions},
                                        ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"Wrote {len(questions)} questions to {QUESTIONS.relative_to(ROOT)}", file=sys.stderr)
    saved = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    args.seed = saved["seed"]
    return saved["questions"]


def print_misses(questions: list[dict], outcome: dict, count: int) -> None:
    """Print vpsearch's first misses that BM25 found."""
    by_id = {q["id"]: q for q in questions}
    bm25_missed = set(outcome["rank_bm25"]["misses"])
    misses = [i for i in outcome["vpsearch"]["misses"] if i not in bm25_missed]
    print(f"\n## vpsearch misses that rank_bm25 found: {len(misses)} (first {count})")
    for question_id in misses[:count]:
        print(json.dumps({k: by_id[question_id][k] for k in ("id", "doc_id", "words", "question")},
                         ensure_ascii=False))


def main() -> int:
    """Parse arguments, ask every engine every question, print and record the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="JSON-lines corpus")
    parser.add_argument("--index", type=Path, default=Path("/tmp/vpsearch-judged-index"),
                        help="index folder to reuse (built if incomplete)")
    parser.add_argument("--regenerate", action="store_true", help="write bench/longq.json again")
    parser.add_argument("--questions", type=int, default=160, help="questions to generate")
    parser.add_argument("--seed", type=int, default=16, help="seed of the generation")
    parser.add_argument("--misses", type=int, default=10, help="vpsearch misses to print")
    parser.add_argument("--no-write", action="store_true", help="do not update the results file")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"Skipped: data file {args.data} not found; pass --data PATH.", file=sys.stderr)
        return 0
    try:
        import rank_bm25  # noqa: F401
    except ImportError:
        print("Skipped: rank_bm25 is not installed; run `pip install -e '.[bench]'`.",
              file=sys.stderr)
        return 0
    info = {"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), "load_start": load(),
            "data": args.data.name, "code": code_version()}
    articles = [a for a in iter_articles([args.data]) if isinstance(a, Article)]
    questions = load_questions(articles, args)
    ensure_index(args.data, args.index, len(articles))
    engine, db, bm25 = open_index(args.index, cache_size=0), fts_table(articles), Bm25(articles)
    searchers = {"vpsearch": lambda t: vpsearch_ids(engine, t), "rank_bm25": bm25.search,
                 "fts5": lambda t: fts_search(db, t), "fts5 OR": lambda t: fts_any(db, t)}
    outcome = evaluate(questions, searchers)
    info.update(documents=len(articles), load_end=load(), seed=args.seed)
    text = report(questions, outcome, info)
    print(text)
    print_misses(questions, outcome, args.misses)
    if not args.no_write:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"Recorded in {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
