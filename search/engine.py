"""The search API the CLI and the web app call: open an index, search, read articles."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import replace
from functools import reduce
from pathlib import Path

import numpy as np

from .analysis import ANALYZER_VERSION
from .errors import DocumentNotFound
from .generation import Generation
from .postings import Postings, union
from .querytext import ParsedQuery, parse_query
from .request import SearchRequest
from .results import hit_dict, result_dict
from .scoring import ALL, ANY, MOST, SCORED_FIELDS, Plan, match, rerank, score
from .snippets import Highlighter, mark
from .spelling import Spelling, spell, typo_expansions
from .store import current_name

GENERATIONS_KEPT = 2
MIN_PREFIX_LENGTH = 2
MAX_COMPLETIONS = 6


class SearchIndex:
    """A searchable index folder; safe to share between threads; follows new generations."""

    def __init__(self, index_dir: str | Path, max_query_length: int = 500,
                 cache_size: int = 1024) -> None:
        self.index_dir = Path(index_dir)
        self.max_query_length = max_query_length
        self._generations: OrderedDict[str, Generation] = OrderedDict()
        self._cache: OrderedDict[tuple, dict] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._current()

    @property
    def generation(self) -> str:
        """Return the name of the generation now served."""
        return self._current().name

    def search(self, request: SearchRequest) -> dict:
        """Return one page of results with total, facets, suggestion and timing."""
        started = time.perf_counter()
        generation = self._current()
        key = (generation.name, request)
        cached = self._cache_get(key)
        if cached is None:
            cached = self._search(generation, request)
            self._cache_put(key, cached)
        elapsed = int((time.perf_counter() - started) * 1000)
        return {**cached, "processingTimeMs": elapsed}

    def article(self, doc_id: str, q: str | None = None) -> dict:
        """Return one stored article, the query's words marked in title and body."""
        generation = self._current()
        docnum = generation.postings.find("id", doc_id)
        if docnum is None:
            raise DocumentNotFound(doc_id)
        fields = generation.postings.stored(docnum)
        highlighter = Highlighter()
        if q:
            parsed = parse_query(q, self.max_query_length)
            highlighter = _highlighter(parsed, Plan(parsed), spell(parsed, generation.accent_model))
        body = fields.get("body", "")
        paragraphs = [p for p in body.split("\n") if p.strip()]
        article = {name: fields.get(name) for name in
                   ("id", "title", "url", "date", "author", "locality", "source")}
        article["body"] = body
        article["title_html"] = mark(fields.get("title", ""), highlighter)
        article["body_html"] = "".join(f"<p>{mark(p, highlighter)}</p>" for p in paragraphs)
        return article

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Return titles of the best matches for what has been typed so far."""
        if not prefix.strip():
            return []
        result = self.search(SearchRequest(q=prefix, hits_per_page=limit))
        return [hit["title"] for hit in result["hits"]]

    def warm(self) -> None:
        """Load the served generation's per-document arrays now rather than on a first query.

        At 100k articles they take seconds to read; a web worker warms before serving.
        """
        self._current().warm(SCORED_FIELDS)

    def stats(self) -> dict:
        """Return document count, generation, update time, analyzer version and size."""
        generation = self._current()
        return {
            "documents": generation.documents,
            "generation": generation.name,
            "updated": generation.meta.get("created"),
            "analyzerVersion": generation.meta.get("analyzer", ANALYZER_VERSION),
            "sizeBytes": generation.size_bytes,
        }

    def _current(self) -> Generation:
        """Return the served generation, opening it when CURRENT has moved."""
        name = current_name(self.index_dir)
        generation = self._generations.get(name)
        if generation is None:
            with self._lock:
                generation = self._generations.get(name)
                if generation is None:
                    generation = Generation(self.index_dir / name, self.index_dir)
                    self._generations[name] = generation
                    while len(self._generations) > GENERATIONS_KEPT:
                        self._generations.popitem(last=False)
        return generation

    def _search(self, generation: Generation, request: SearchRequest) -> dict:
        """Run a request against one generation."""
        parsed = parse_query(request.q, self.max_query_length)
        allowed = generation.allowed(request.locality, request.year)
        spelling = spell(parsed, generation.accent_model)
        if parsed.is_empty:
            matched, scores, plan, corrected = np.flatnonzero(allowed), None, Plan(parsed), None
        else:
            matched, plan, corrected = self._match(generation, parsed, spelling, allowed)
            scores = score(generation.postings, plan, matched)
            rerank(generation.postings, plan, matched, scores)
        order = _order(matched, scores, generation.timestamps, request.sort,
                       request.offset + request.hits_per_page)
        page = order[request.offset:request.offset + request.hits_per_page]
        highlighter = _highlighter(parsed, plan, spelling)
        hits = [hit_dict(generation.postings.stored(int(matched[i])), highlighter,
                         None if scores is None or request.sort == "date" else float(scores[i]))
                for i in page]
        return result_dict(request, hits, len(matched), generation.count_facets(matched),
                           spelling.suggestion, corrected)

    def _match(self, generation: Generation, parsed: ParsedQuery, spelling: Spelling,
               allowed: np.ndarray) -> tuple[np.ndarray, Plan, str | None]:
        """Find the matching documents, relaxing the query until something matches."""
        postings = generation.postings
        completions, in_body = _completions(postings, parsed, generation.accent_model)
        plan = Plan(parsed, spelling.restored, completions=completions,
                    completions_in_body=in_body,
                    phrase_docs=lambda clause: _phrase_docs(postings, clause))
        for mode in _modes(len(parsed.groups)):
            matched = match(postings, plan, mode, allowed)
            if mode == ALL:
                # A typo is likelier than a page with fewer words: try corrections first,
                # and beside literal matches of a word the corpus hardly knows.
                expansions, corrected = typo_expansions(parsed, generation.accent_model)
                if expansions:
                    fuzzy = replace(plan, expansions=expansions)
                    found = match(postings, fuzzy, ALL, allowed)
                    if len(found):
                        return (union(postings.size, [matched, found]), fuzzy,
                                None if len(matched) else corrected)
            if len(matched):
                return matched, plan, None
        return matched, plan, None

    def _cache_get(self, key: tuple) -> dict | None:
        """Return a cached result, freshening its place."""
        with self._lock:
            result = self._cache.get(key)
            if result is not None:
                self._cache.move_to_end(key)
            return result

    def _cache_put(self, key: tuple, result: dict) -> None:
        """Remember a result, forgetting the oldest beyond the cache size."""
        with self._lock:
            self._cache[key] = result
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)


def open_index(index_dir: str | Path, **options) -> SearchIndex:
    """Open an index folder for searching; raise IndexMissing when there is none."""
    return SearchIndex(index_dir, **options)


def _order(matched: np.ndarray, scores: np.ndarray | None, timestamps: np.ndarray,
           sort: str, needed: int) -> np.ndarray:
    """Return positions into matched of the first `needed`, best (or newest) first.

    By date (and always without scores, for an empty query), dated pages come first,
    newest first, then undated ones by relevance: an unknown date is not "oldest".
    """
    if scores is None:
        scores, sort = np.zeros(len(matched)), "date"
    if sort != "date":
        return _top(matched, -scores.astype(np.float64), np.arange(len(matched)), needed)
    stamps = timestamps[matched]
    dated = np.flatnonzero(stamps != 0)
    first = _top(matched, -stamps[dated].astype(np.float64), dated, needed)
    if len(first) == needed:
        return first
    undated = np.flatnonzero(stamps == 0)
    rest = _top(matched, -scores[undated].astype(np.float64), undated, needed - len(first))
    return np.concatenate([first, rest])


def _top(matched: np.ndarray, keys: np.ndarray, positions: np.ndarray,
         needed: int) -> np.ndarray:
    """Return the `needed` positions with the smallest keys, ties by document number.

    Only the values that can reach the page are sorted, but every tie at the cut is kept
    so pages never depend on the cut.
    """
    if needed <= 0 or not len(positions):
        return positions[:0]
    candidates = np.arange(len(positions))
    if len(positions) > 4 * needed:
        cut = np.partition(keys, needed - 1)[needed - 1]
        candidates = np.flatnonzero(keys <= cut)
    order = np.lexsort((matched[positions[candidates]], keys[candidates]))
    return positions[candidates[order][:needed]]


def _completions(postings: Postings, parsed: ParsedQuery, model) -> tuple[list[str], bool]:
    """Return the commonest words the last word may be the start of, while typing, and
    whether to look for them in bodies too.

    An accented word is taken as typed. A word the corpus knows ("tra" of "Nha Trang") is
    completed in titles only: completing it in bodies too cost a dozen long posting reads
    per query at 100k articles.
    """
    if not parsed.open_ended or not parsed.words or parsed.words[-1].accented:
        return [], False
    prefix = parsed.words[-1].folded
    in_body = model is None or not model.knows(prefix)
    if len(prefix) < MIN_PREFIX_LENGTH:
        return [], False
    field = "body_f" if in_body else "title_f"
    found = [(count, text) for count, text in postings.expand(field, prefix) if text != prefix]
    found.sort(key=lambda pair: (-pair[0], pair[1]))
    if not found:
        return [], False
    return [text for _, text in found[:MAX_COMPLETIONS]], in_body


def _phrase_docs(postings: Postings, clause) -> np.ndarray:
    """Return the documents holding a quoted phrase in the clause's fields.

    Every page holding all the words is checked: with positions as arrays, the thousands
    of pages holding "hà nội" cost milliseconds, so totals and facets are exact.
    """
    words = [w.folded for w in clause.words]
    fields = ["title_f"] if clause.field == "title" else ["title_f", "body_f"]
    found = []
    for field in fields:
        candidates = reduce(lambda a, b: np.intersect1d(a, b, assume_unique=True),
                            [postings.term(field, w)[0] for w in words])
        if len(words) > 1 and len(candidates):
            candidates = candidates[postings.in_sequence(field, words, candidates)]
        found.append(candidates)
    return union(postings.size, found)


def _modes(groups: int) -> list[str]:
    """Return the ways to relax a query of some groups: all, all but one, any."""
    return [ALL, MOST, ANY][:min(groups, 3)] if groups > 2 else [ALL, ANY][:groups]


def _highlighter(parsed: ParsedQuery, plan: Plan, spelling: Spelling | None) -> Highlighter:
    """Return the highlighter marking the query's words, completions and typo alternatives."""
    words = {w.folded for w in parsed.words} | set(plan.completions)
    for alternatives in plan.expansions.values():
        words.update(alternatives)
    preferred = {w.normalized for w in parsed.words if w.accented}
    preferred.update(spelling.restored.values() if spelling else ())
    return Highlighter(frozenset(words), None, frozenset(preferred))
