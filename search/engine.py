"""The search API the CLI and the web app call: open an index, search, read articles."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path

import numpy as np

from .analysis import ANALYZER_VERSION
from .errors import DocumentNotFound
from .expansion import stretches
from .generation import Generation
from .postings import Postings, union
from .proximity import phrase_counts
from .querytext import ParsedQuery, parse_query
from .querywords import modifier_words, read_roles
from .request import SearchRequest
from .results import hit_dict, result_dict
from .scoring import (
    ALL,
    ANY,
    BAG,
    MOST,
    SCORED_FIELDS,
    Plan,
    match,
    prefer_recent,
    rank,
    required_group,
    score,
)
from .snippets import Highlighter, mark
from .spelling import Spelling, context_typos, spell, typo_expansions
from .store import current_name

GENERATIONS_KEPT = 2
MIN_PREFIX_LENGTH = 2
MAX_COMPLETIONS = 6
RELAX_BELOW = 10   # fewer pages with every word: pages missing one word follow them
LONG_QUERY = 8     # more content words: a page needs a share of their weight, not all


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
        plan, corrected, all_words = Plan(parsed), None, None
        if parsed.is_empty:
            matched, scores = match(generation.postings, plan, ALL, allowed), None
        else:
            matched, plan, corrected, all_words = self._match(generation, parsed, spelling,
                                                              allowed)
            scores = score(generation.postings, plan, matched)
            tiers = rank(generation.postings, plan, matched, scores, all_words,
                         generation.year_mask(plan.roles.year, matched))
            if plan.roles.recent:
                prefer_recent(scores, tiers, generation.timestamps[matched])
        order = _order(matched, scores, generation.timestamps, request.sort,
                       request.offset + request.hits_per_page)
        page = order[request.offset:request.offset + request.hits_per_page]
        highlighter = _highlighter(parsed, plan, spelling)
        hits = [hit_dict(generation.postings.stored(int(matched[i])), highlighter,
                         None if scores is None or request.sort == "date" else float(scores[i]))
                for i in page]
        result = result_dict(request, hits, len(matched), generation.count_facets(matched),
                             spelling.suggestion, corrected)
        result["allWordsHits"] = len(matched) if all_words is None else int(all_words.sum())
        return result

    def _match(self, generation: Generation, parsed: ParsedQuery, spelling: Spelling,
               allowed: np.ndarray):
        """Find the matching documents, relaxing the query when few or none match all words.

        Returns (documents, plan, corrected text, which documents hold every content word
        or None when all do).
        """
        postings, model = generation.postings, generation.accent_model
        completions, in_body = _completions(postings, parsed, model)
        folded = [w.folded for w in parsed.words]
        plan = Plan(parsed, spelling.restored, completions=completions,
                    completions_in_body=in_body,
                    phrase_docs=lambda words, field: _phrase_docs(postings, words, field),
                    stretches=stretches(folded, generation.synonyms),
                    roles=read_roles(parsed.words, spelling.restored), modifiers=modifier_words())
        expansions, corrected = typo_expansions(parsed, model)
        expansions.update(context_typos(parsed, model))
        if _long(plan):
            return match(postings, replace(plan, expansions=expansions), BAG, allowed), \
                replace(plan, expansions=expansions), None, None
        literal = match(postings, plan, ALL, allowed)
        fuzzy = replace(plan, expansions=expansions)
        matched = match(postings, fuzzy, ALL, allowed) if expansions else literal
        corrected = corrected if len(matched) and not len(literal) else None
        required = sum(required_group(plan, k) for k in range(len(parsed.groups)))
        if len(matched) >= RELAX_BELOW or (len(matched) and required < 3) or required < 2:
            return matched, fuzzy, corrected, None
        relaxed = union(postings.size, [matched, match(postings, fuzzy, MOST, allowed)])
        if not len(relaxed):
            relaxed = match(postings, fuzzy, ANY, allowed)
        return relaxed, fuzzy, corrected, np.isin(relaxed, matched, assume_unique=True)

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


def _phrase_docs(postings: Postings, words: tuple[str, ...], field: str | None) -> np.ndarray:
    """Return the documents holding words side by side in the title (or in title or body)."""
    fields = ["title_f"] if field == "title" else ["title_f", "body_f"]
    return union(postings.size, [phrase_counts(postings, name, words)[0] for name in fields])


def _long(plan: Plan) -> bool:
    """Tell whether a query has too many content words for every one to be required."""
    return sum(required_group(plan, k) for k in range(len(plan.parsed.groups))) > LONG_QUERY


def _highlighter(parsed: ParsedQuery, plan: Plan, spelling: Spelling | None) -> Highlighter:
    """Return the highlighter marking the query's words in each of their forms.

    Question and intent words are not marked; other forms of a name ("ủy ban nhân dân"
    for "ubnd") are marked as the whole form.
    """
    words = set()
    for index in range(len(parsed.words)):
        if index not in plan.roles.optional or index == plan.roles.year_word:
            words.update(" ".join(form.words) for form in plan.forms(index))
    for stretch in plan.stretches:
        words.update(" ".join(form.words) for form in stretch.forms)
    preferred = {w.normalized for w in parsed.words if w.accented}
    preferred.update(spelling.restored.values() if spelling else ())
    return Highlighter(frozenset(words), None, frozenset(preferred))
