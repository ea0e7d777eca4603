"""Benchmark accent restoration: train on 90% of a corpus, restore folded held-out sentences.

Usage: .venv/bin/python bench/restoration.py [--data PATH] [--limit N] [--no-write]
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.accents import AccentModel  # noqa: E402 (after the path is set)
from search.analysis import fold_word, normalize_word, tokenize  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "party_all.jsonl.gz"
RESULTS = ROOT / "bench" / "results" / "restoration.md"
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+|\n+")
SYLLABLE_RE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
                         r"[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?$")


def is_held_out(article_id: str) -> bool:
    """Put one article in ten aside, by a stable hash of its id."""
    return zlib.crc32(article_id.encode()) % 10 == 0


def read_articles(path: Path, limit: int | None) -> list[dict]:
    """Read up to `limit` articles from a JSON-lines file, gzipped or not."""
    opener = gzip.open if path.suffix == ".gz" else open
    articles = []
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if limit is not None and len(articles) >= limit:
                break
            article = json.loads(line)
            articles.append({"id": str(article["id"]), "title": article.get("title") or "",
                             "text": article.get("text") or ""})
    return articles


def is_syllable(word: str) -> bool:
    """Tell whether a normalized word looks like a Vietnamese syllable."""
    return word.isalpha() and bool(SYLLABLE_RE.match(fold_word(word)))


def fold_sentence(sentence: str) -> str:
    """Strip the accents of every word, keeping punctuation and spacing."""
    pieces, end = [], 0
    for start, stop, word in tokenize(sentence):
        pieces += [sentence[end:start], fold_word(normalize_word(word))]
        end = stop
    return "".join(pieces) + sentence[end:]


def held_out_sentences(articles: list[dict], cap: int) -> list[str]:
    """Return up to `cap` sentences of 4+ syllables from the held-out articles."""
    found = []
    for article in articles:
        for sentence in SENTENCE_RE.split(article["title"] + "\n" + article["text"])[:8]:
            words = [normalize_word(w) for _, _, w in tokenize(sentence)]
            if sum(map(is_syllable, words)) >= 4 and len(words) <= 60:
                found.append(sentence.strip())
    random.Random(5).shuffle(found)
    return found[:cap]


def score(model: AccentModel, sentences: list[str]) -> dict:
    """Restore folded sentences; return syllable and sentence accuracy and timings."""
    right = total = whole = baseline = 0
    for sentence in sentences:
        expected = [normalize_word(w) for _, _, w in tokenize(sentence)]
        folded = fold_sentence(sentence)
        restored = model.restore(folded) or folded
        got = [normalize_word(w) for _, _, w in tokenize(restored)]
        marks = [is_syllable(w) for w in expected]
        hits = [g == e for g, e, m in zip(got, expected, marks) if m]
        first = [(model.tables.forms(fold_word(e)) or [fold_word(e)])[0] == e
                 for e, m in zip(expected, marks) if m]
        right, total, baseline = right + sum(hits), total + len(hits), baseline + sum(first)
        whole += len(got) == len(expected) and all(hits)
    return {"syllable_accuracy": right / max(total, 1), "sentence_accuracy": whole / max(len(sentences), 1),
            "most_frequent_form_accuracy": baseline / max(total, 1), "syllables": total,
            "sentences": len(sentences)}


def latency(model: AccentModel, articles: list[dict], count: int = 500) -> dict:
    """Time restore() and suggest() on 3-6 word folded queries cut from held-out titles."""
    rng, queries = random.Random(7), []
    for article in articles:
        words = [fold_word(normalize_word(w)) for _, _, w in tokenize(article["title"])]
        if len(words) >= 3:
            size = rng.randint(3, min(6, len(words)))
            start = rng.randint(0, len(words) - size)
            queries.append(" ".join(words[start:start + size]))
    queries = queries[:count] or ["van phong tinh uy"]
    timings = {}
    for name in ("restore", "suggest"):
        method, spent = getattr(model, name), []
        for query in queries:
            typo = query[:-1] if name == "suggest" else query
            began = time.perf_counter()
            method(typo)
            spent.append((time.perf_counter() - began) * 1000)
        spent.sort()
        timings[name] = {"median_ms": statistics.median(spent),
                         "p99_ms": spent[int(len(spent) * 0.99) - 1], "max_ms": spent[-1]}
    return timings


def measure(path: Path, limit: int | None, cap: int) -> dict:
    """Train on the training split, then score restoration, size, load time and latency."""
    articles = read_articles(path, limit)
    train = [a for a in articles if not is_held_out(a["id"])]
    held = [a for a in articles if is_held_out(a["id"])]
    began = time.perf_counter()
    model = AccentModel.train(text for a in train for text in (a["title"], a["text"]))
    training = time.perf_counter() - began
    with tempfile.TemporaryDirectory() as folder:
        saved = Path(folder) / "accents.bin"
        model.save(saved)
        size = saved.stat().st_size
        began = time.perf_counter()
        model = AccentModel.load(saved)
        loading = time.perf_counter() - began
    figures = {"data": path.name, "articles_train": len(train), "articles_held_out": len(held),
               "training_seconds": training, "training_articles_per_s": len(train) / training,
               "model_mb": size / 1e6, "load_seconds": loading, "vocabulary": len(model.tables.vocab),
               "bigrams": len(model.tables.keys)}
    figures.update(score(model, held_out_sentences(held, cap)))
    figures["latency"] = latency(model, held)
    return figures


def report(figures: dict) -> str:
    """Format the figures as a Markdown section."""
    lat = figures["latency"]
    rows = [("Syllable accuracy (held-out sentences)", f"{figures['syllable_accuracy']:.2%}"),
            ("Sentence accuracy", f"{figures['sentence_accuracy']:.2%}"),
            ("Most-frequent-form baseline", f"{figures['most_frequent_form_accuracy']:.2%}"),
            ("Held-out sentences / syllables", f"{figures['sentences']} / {figures['syllables']}"),
            ("Articles trained / held out", f"{figures['articles_train']} / {figures['articles_held_out']}"),
            ("Training speed", _speed(figures["training_articles_per_s"])),
            ("Model size", _size(figures)),
            ("Load time", f"{figures['load_seconds'] * 1000:.0f} ms"),
            ("restore() latency median / p99 / max", _ms(lat["restore"])),
            ("suggest() latency median / p99 / max", _ms(lat["suggest"]))]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    lines = [f"## {figures['data']}", "", f"{datetime.date.today()} · {machine}", "",
             "| Figure | Value |", "| --- | --- |"]
    return "\n".join(lines + [f"| {name} | {value} |" for name, value in rows]) + "\n"


def _speed(per_second: float) -> str:
    """Format the training speed."""
    return f"{per_second:.0f} articles/s ({1000 / per_second:.2f} ms/article)"


def _size(figures: dict) -> str:
    """Format the model size."""
    return f"{figures['model_mb']:.2f} MB ({figures['vocabulary']} words, {figures['bigrams']} bigrams)"


def _ms(timing: dict) -> str:
    """Format one latency triple."""
    return " / ".join(f"{timing[k]:.2f}" for k in ("median_ms", "p99_ms", "max_ms")) + " ms"


def write_section(section: str, data_name: str, path: Path = RESULTS) -> None:
    """Replace (or add) the results section of one data file in the results file."""
    title = "# Accent restoration benchmark\n\nWritten by `bench/restoration.py`.\n\n"
    text = path.read_text(encoding="utf-8") if path.exists() else title
    parts = re.split(r"(?m)^(?=## )", text)
    parts = [p for p in parts if not p.startswith(f"## {data_name}\n")] + [section + "\n"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(parts), encoding="utf-8")


def main() -> int:
    """Parse arguments, run the benchmark, print and record the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="JSON-lines corpus")
    parser.add_argument("--limit", type=int, default=None, help="read only the first N articles")
    parser.add_argument("--sentences", type=int, default=3000, help="held-out sentences to score")
    parser.add_argument("--no-write", action="store_true", help="do not update the results file")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"Skipped: data file {args.data} not found; pass --data PATH.", file=sys.stderr)
        return 0
    figures = measure(args.data, args.limit, args.sentences)
    section = report(figures)
    print(section)
    if not args.no_write and args.limit is None:
        write_section(section, figures["data"])
        print(f"Recorded in {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
