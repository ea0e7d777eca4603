"""Query sets beyond title fragments, drawn from the corpus with a seed: each query has its answers.

- body: 5 consecutive words of a body sentence, unaccented; the answers are the 1-3 pages
  holding them in that order (sets with more holders are not drawn).
- short: 2-3 consecutive headline words, unaccented; no other title holds them.
- abbreviation: 3-6 headline words holding a name with another form in search.synonyms
  ("Ủy ban nhân dân" / "UBND", "TP.HCM" / "Thành phố Hồ Chí Minh"), typed in that other form,
  accented or not; kept only when no title holds the words as typed.
- real-word typo: 3-5 headline words, unaccented, one word turned by one edit into another
  word of the corpus ("phia" for "phai").
- number: 3-6 words of a sentence around a number written "3.800" or "5,6", the number typed
  another way ("3800", "3 800", "5.6", "5 6"); the answers are the pages holding the words.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from search.analysis import fold_text, fold_word, normalize_word, tokenize
from search.expansion import reads_as_syllable
from search.synonyms import built_in
from search.typos import edits1

SETS = ("body", "short", "abbreviation", "real-word typo", "number")
TARGETS = {"body": 0.95, "short": 0.92, "abbreviation": 0.90, "real-word typo": 0.80}
MAX_HOLDERS = 3
SENTENCE_RE = re.compile(r"(?<=[.!?;:])\s+|\n")
NUMBER_RE = re.compile(r"(?<![\d.,])(\d{1,3})([.,])(\d{1,3})(?![\d]|[.,]\d)")


@dataclass
class Case:
    """One query of a set and the ids of the pages that answer it."""

    kind: str
    text: str
    answers: frozenset[str]
    expected: str  # the title of the page the query was drawn from


class Corpus:
    """Folded titles and texts of the articles, to count which pages hold a phrase."""

    def __init__(self, articles: list) -> None:
        self.articles = articles
        self.titles = [f" {fold_text(a.title)} " for a in articles]
        self.texts = [f"{t}{fold_text(a.body)} " for t, a in zip(self.titles, articles)]
        self.vocabulary = {w for text in self.texts for w in text.split()}

    def holders(self, phrase: str, limit: int = MAX_HOLDERS + 1) -> list[str]:
        """Return the ids of (up to limit) pages holding a folded phrase in title or body."""
        found, needle = [], f" {phrase} "
        for article, text in zip(self.articles, self.texts):
            if needle in text:
                found.append(article.id)
                if len(found) >= limit:
                    break
        return found

    def titles_with(self, phrase: str) -> int:
        """Return how many titles hold a folded phrase."""
        needle = f" {phrase} "
        return sum(needle in t for t in self.titles)


def headline_words(title: str) -> list[str]:
    """Return the words of a title's first clause of 3+ words (as bench/relevance.py cuts it)."""
    from relevance import headline

    return [w for _, _, w in tokenize(headline(title))]


def draw(corpus: Corpus, kind: str, count: int, seed: int) -> list[Case]:
    """Return up to count cases of one set, drawn from seeded shuffled articles."""
    rng = random.Random(f"{kind}:{seed}")
    order = list(range(len(corpus.articles)))
    rng.shuffle(order)
    make = MAKERS[kind]
    cases = []
    for index in order:
        case = make(corpus, corpus.articles[index], rng)
        if case is not None:
            cases.append(case)
            if len(cases) == count:
                break
    return cases


def _body(corpus: Corpus, article, rng: random.Random) -> Case | None:
    """Five words of a body sentence, unaccented; answered by the pages holding them."""
    sentences = [s for s in SENTENCE_RE.split(article.body) if len(s) > 40]
    if not sentences:
        return None
    words = fold_text(rng.choice(sentences)).split()
    if len(words) < 5:
        return None
    start = rng.randrange(len(words) - 4)
    phrase = " ".join(words[start:start + 5])
    holders = corpus.holders(phrase)
    if not 1 <= len(holders) <= MAX_HOLDERS or article.id not in holders:
        return None
    return Case("body", phrase, frozenset(holders), article.title)


def _short(corpus: Corpus, article, rng: random.Random) -> Case | None:
    """Two or three headline words, unaccented, that no other title holds."""
    words = [fold_word(normalize_word(w)) for w in headline_words(article.title)]
    if len(words) < 3:
        return None
    size = rng.choice((2, 3))
    start = rng.randrange(len(words) - size + 1)
    phrase = " ".join(words[start:start + size])
    if not any(len(w) >= 3 for w in words[start:start + size]) or corpus.titles_with(phrase) != 1:
        return None
    return Case("short", phrase, frozenset([article.id]), article.title)


def _abbreviation(corpus: Corpus, article, rng: random.Random) -> Case | None:
    """Headline words around a name, the name typed in another of its forms."""
    words = headline_words(article.title)
    folded = [fold_word(normalize_word(w)) for w in words]
    synonyms = built_in()
    spots = [(i, form) for i in range(len(folded)) for size in range(1, synonyms.longest + 1)
             if (form := tuple(folded[i:i + size])) in synonyms.table and len(form) == size
             and synonyms.forms_of(form) and form not in (("tp",), ("vn",))
             and not (size == 1 and reads_as_syllable(form[0]) and not words[i].isupper())]
    if not spots:
        return None
    i, form = rng.choice(spots)
    start = max(0, i - rng.randint(1, 2))
    end = min(len(words), i + len(form) + rng.randint(1, 2))
    if end - start - len(form) < 2 or corpus.titles_with(" ".join(folded[start:end])) != 1:
        return None
    other = " ".join(rng.choice(synonyms.forms_of(form)))
    if reads_as_syllable(other):  # "TU" is typed in capitals: "tu" is tư, từ, tự...
        other = other.upper()
    accented = rng.random() < 0.5
    side = (lambda ws: " ".join(ws)) if accented else (lambda ws: fold_text(" ".join(ws)))
    text = " ".join(f"{side(words[start:i])} {other} {side(words[i + len(form):end])}".split())
    if corpus.titles_with(fold_text(text)):  # another title holds it as typed: as good an answer
        return None
    return Case("abbreviation", text, frozenset([article.id]), article.title)


def _real_word_typo(corpus: Corpus, article, rng: random.Random) -> Case | None:
    """Headline words, unaccented, one of them one edit away as another corpus word."""
    folded = [fold_word(normalize_word(w)) for w in headline_words(article.title)]
    if len(folded) < 3:
        return None
    size = rng.randint(3, min(5, len(folded)))
    start = rng.randrange(len(folded) - size + 1)
    window = folded[start:start + size]
    if corpus.titles_with(" ".join(window)) != 1:
        return None
    spots = [k for k, w in enumerate(window) if len(w) >= 3 and w.isalpha()]
    rng.shuffle(spots)
    for k in spots:
        typos = sorted(w for w in edits1(window[k]) if w in corpus.vocabulary and w.isalpha())
        if typos:
            window[k] = rng.choice(typos)
            return Case("real-word typo", " ".join(window), frozenset([article.id]), article.title)
    return None


def _number(corpus: Corpus, article, rng: random.Random) -> Case | None:
    """Words around a number such as "3.800" or "5,6", the number written another way."""
    text = f"{article.title}\n{article.body}"
    sentences = [s for s in SENTENCE_RE.split(text) if NUMBER_RE.search(s)]
    if not sentences:
        return None
    sentence = rng.choice(sentences)
    match = rng.choice(list(NUMBER_RE.finditer(sentence)))
    head, mark, tail = match.groups()
    grouping = mark == "." and len(tail) == 3  # "3.800": thousands, else a decimal "5,6"
    typed = rng.choice([head + tail, f"{head} {tail}"] if grouping else
                       [f"{head}.{tail}" if mark == "," else f"{head},{tail}", f"{head} {tail}"])
    before = fold_text(sentence[:match.start()]).split()[-rng.randint(1, 3):]
    after = fold_text(sentence[match.end():]).split()[:rng.randint(1, 3)]
    if len(before) + len(after) < 2:
        return None
    phrase = " ".join([*before, head, tail, *after])
    holders = corpus.holders(phrase)
    if not 1 <= len(holders) <= MAX_HOLDERS or article.id not in holders:
        return None
    return Case("number", " ".join([*before, typed, *after]), frozenset(holders), article.title)


MAKERS: dict[str, Callable] = {"body": _body, "short": _short, "abbreviation": _abbreviation,
                               "real-word typo": _real_word_typo, "number": _number}


def evaluate_sets(engine, db, articles: list, count: int, seed: int, search, fts_search,
                  misses: int = 0) -> list[str]:
    """Ask every set's queries of both engines; return Markdown rows and print the misses."""
    corpus = Corpus(articles)
    rows = ["| Set | queries | Target s@1 | vpsearch s@1 | s@10 | FTS5 s@1 | s@10 |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for kind in SETS:
        cases = draw(corpus, kind, count, seed)
        ours = [_rank(search(case.text), case.answers) for case in cases]
        theirs = [_rank(fts_search(db, case.text), case.answers) for case in cases]
        target = TARGETS.get(kind)
        s1 = _share(ours, 1)
        goal = f"≥ {target:.2f} {'✅' if s1 >= target else '❌'}" if target else ""
        rows.append(f"| {kind} | {len(cases)} | {goal} | {s1:.3f} | {_share(ours, 10):.3f} "
                    f"| {_share(theirs, 1):.3f} | {_share(theirs, 10):.3f} |")
        for case, rank in [(c, r) for c, r in zip(cases, ours) if r != 1][:misses]:
            print(f"MISS {kind} rank={rank} q={case.text!r} expected={case.expected[:80]!r}")
    return rows


def _rank(ids: list[str], answers: frozenset[str]) -> int | None:
    """Return the rank of the first answer among the ids, None beyond them."""
    return next((k + 1 for k, i in enumerate(ids) if i in answers), None)


def _share(ranks: list[int | None], k: int) -> float:
    """Return the share of ranks within k."""
    return sum(r is not None and r <= k for r in ranks) / max(len(ranks), 1)
