"""The search API the CLI and the web app call: open an index, search, read articles."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from .analysis import ANALYZER_VERSION
from .duplicates import fold_copies
from .errors import DocumentNotFound
from .generation import Generation
from .lru import LRU
from .places import places_in
from .planning import highlighter_for, make_plan
from .postings import union
from .querytext import ParsedQuery, parse_query
from .request import DATE, MAX_QUERY_LENGTH, SearchRequest
from .respelling import page_spellings
from .results import article_dict, hit_dict, result_dict
from .scoring import (
    ALL,
    ANY,
    BAG,
    MOST,
    PLACE_FACTOR,
    SCORED_FIELDS,
    Plan,
    long_query,
    match,
    prefer_recent,
    rank,
    required_group,
    score,
)
from .snippets import Highlighter
from .spelling import Spelling, spell, suggest
from .store import current_name
from .synonyms import read_file

SUGGEST_LIMIT = 8  # titles offered while typing
GENERATIONS_KEPT = 2
RELAX_BELOW = 10   # fewer pages with every word: pages missing one word follow them
SPELLING_HITS = 3  # hits whose titles lend the suggestion their spelling
SPELLING_BODY_CHARS = 5000  # of the first hit's body, for a phrase pasted from it


class SearchIndex:
    """A searchable index folder; safe to share between threads; follows new generations."""

    def __init__(self, index_dir: str | Path, max_query_length: int = MAX_QUERY_LENGTH,
                 cache_size: int = 1024, synonyms_file: str | Path | None = None) -> None:
        self.index_dir = Path(index_dir)
        self.user_synonyms = read_file(Path(synonyms_file)) if synonyms_file else []
        self.max_query_length = max_query_length
        self._generations: LRU[Generation] = LRU(GENERATIONS_KEPT)
        self._cache: LRU[dict] = LRU(cache_size)
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
        cached = self._cache.get(key)
        if cached is None:
            cached = self._search(generation, request)
            self._cache.put(key, cached)
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
            highlighter = highlighter_for(parsed, Plan(parsed), spell(parsed, generation.accent_model))
        return article_dict(fields, highlighter)

    def suggest(self, prefix: str, limit: int = SUGGEST_LIMIT) -> list[str]:
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
                    generation = Generation(self.index_dir / name, self.index_dir,
                                            self.user_synonyms)
                    self._generations.put(name, generation)
        return generation

    def _search(self, generation: Generation, request: SearchRequest) -> dict:
        """Run a request against one generation."""
        parsed = parse_query(request.q, self.max_query_length)
        allowed = generation.allowed(request.locality, request.year, request.province)
        spelling = spell(parsed, generation.accent_model)
        # Relevance order matters only for the pages shown (a date sort puts undated pages
        # by relevance, so it needs every score).
        needed = request.offset + request.hits_per_page if request.sort != DATE else None
        matched, scores, plan, corrected, all_words = self._ranked(generation, parsed, spelling,
                                                                   allowed, needed)
        shown = fold_copies(matched, scores, generation.story, generation.ties,
                            generation.repeated)
        copies = matched[:0] if shown.all() else matched[~shown]
        if len(copies):  # most queries fold nothing: 80 µs of copies at 20 000 pages
            matched, scores = matched[shown], None if scores is None else scores[shown]
        order = _order(matched, generation.ties, scores, generation.timestamps,
                       request.sort, request.offset + request.hits_per_page)
        page = order[request.offset:request.offset + request.hits_per_page]
        highlighter = highlighter_for(parsed, plan, spelling)
        stored = generation.postings.stored
        shown_docs = [int(matched[i]) for i in page]
        read = {docnum: stored(docnum) for docnum in shown_docs}
        hits = []
        for i, docnum, same in zip(page, shown_docs,
                                   _copies_of(generation.story, copies, shown_docs)):
            hit = hit_dict(read[docnum], highlighter,
                           None if scores is None or request.sort == DATE else float(scores[i]))
            hit["similar"] = [_copy(stored(int(d))) for d in same]
            hits.append(hit)
        first = [int(matched[i]) for i in order[:SPELLING_HITS]]
        suggestion = suggest(parsed, generation.accent_model, plan.expansions,
                             plan.repaired if len(plan.repaired) == 1 else frozenset(),
                             _page_spellings(parsed, first, lambda d: read.get(d) or stored(d)))
        if corrected:  # the results are for the corrected text: say it once, as the banner
            corrected, suggestion = suggestion or corrected, None
        result = result_dict(request, hits, len(matched), generation.count_facets(matched),
                             suggestion, corrected)
        result["allWordsHits"] = len(matched) if all_words is None else int(all_words[shown].sum())
        result["foldedHits"] = len(copies)
        return result

    def _ranked(self, generation: Generation, parsed: ParsedQuery, spelling: Spelling,
                allowed: np.ndarray, needed: int | None):
        """Return the matched documents, their scores (None for no words), the plan, the
        corrected text and which documents hold every content word (None: all).

        The scores are exact for the pages that can be among the first `needed` stories
        (None: all pages)."""
        if parsed.is_empty:
            plan = Plan(parsed)
            return match(generation.postings, plan, ALL, allowed), None, plan, None, None
        matched, plan, corrected, all_words = self._match(generation, parsed, spelling, allowed)
        scores = score(generation.postings, plan, matched)
        named = tuple(name for _, _, name in places_in([w.folded for w in parsed.words]))
        if named:
            scores[generation.locality_mask(named, matched)] *= PLACE_FACTOR
        tiers = rank(generation.postings, plan, matched, scores, all_words,
                     generation.year_mask(plan.roles.year, matched),
                     None if plan.roles.recent else needed, generation.story[matched])
        if plan.roles.recent:
            prefer_recent(scores, tiers, generation.timestamps[matched])
        return matched, scores, plan, corrected, all_words

    def _match(self, generation: Generation, parsed: ParsedQuery, spelling: Spelling,
               allowed: np.ndarray):
        """Find the matching documents, relaxing the query when few or none match all words.

        Returns (documents, plan, corrected text, which documents hold every content word
        or None when all do).
        """
        postings = generation.postings
        plan, expansions, corrected = make_plan(postings, generation.accent_model,
                                                generation.synonyms, parsed, spelling)
        fuzzy = replace(plan, expansions=expansions)
        if long_query(plan):
            return match(postings, fuzzy, BAG, allowed), fuzzy, None, None
        required = sum(required_group(plan, k) for k in range(len(parsed.groups)))
        literal = match(postings, plan, ALL, allowed)
        matched = match(postings, fuzzy, ALL, allowed) if expansions else literal
        corrected = corrected if len(matched) and not len(literal) else None
        if len(matched) >= RELAX_BELOW or (len(matched) and required < 3) or required < 2:
            return matched, fuzzy, corrected, None
        relaxed = union(postings.size, [matched, match(postings, fuzzy, MOST, allowed)])
        if not len(relaxed):
            relaxed = match(postings, fuzzy, ANY, allowed)
        return relaxed, fuzzy, corrected, np.isin(relaxed, matched, assume_unique=True)


def _page_spellings(parsed: ParsedQuery, first: list[int], stored) -> dict[int, str]:
    """Return how the first hits' titles, then the first hit's body, spell the query's
    words (nothing to learn, and nothing read, when every word was typed with its
    accents); stored(docnum) gives a hit's fields."""
    if all(word.accented for word in parsed.words):
        return {}
    first = [stored(docnum) for docnum in first]
    texts = [fields.get("title") or "" for fields in first]
    texts += [(fields.get("body") or "")[:SPELLING_BODY_CHARS] for fields in first[:1]]
    return page_spellings([word.folded for word in parsed.words], texts)


def _copies_of(story: np.ndarray, copies: np.ndarray, docnums: list[int]) -> list[np.ndarray]:
    """Return, for each shown document, the folded copies of its story in document order."""
    if not len(copies):
        return [copies] * len(docnums)
    # A comparison a shown document: at most 285 copies a query of the 100k mix, 20 µs
    # where narrowing them first by np.isin took 66.
    stories = story[copies]
    return [copies[stories == each] for each in story[docnums]]


def _copy(fields: dict) -> dict:
    """Return what a results page shows of another copy of a story: its headline, where
    and when."""
    return {name: fields.get(name) for name in ("id", "title", "url", "source", "date")}


def open_index(index_dir: str | Path, **options) -> SearchIndex:
    """Open an index folder for searching; raise IndexMissing when there is none."""
    return SearchIndex(index_dir, **options)


def _order(matched: np.ndarray, ties: np.ndarray, scores: np.ndarray | None,
           timestamps: np.ndarray, sort: str, needed: int) -> np.ndarray:
    """Return positions into matched of the first `needed`, best (or newest) first, equal
    ones by their tie keys (ties: every document's).

    By date (and always without scores, for an empty query), dated pages come first,
    newest first, then undated ones by relevance: an unknown date is not "oldest".
    """
    def tied(positions: np.ndarray) -> np.ndarray:
        return ties[matched[positions]]  # only the candidates': 20 000 pages match "tp hcm"

    if scores is None:
        scores, sort = np.zeros(len(matched)), DATE
    if sort != DATE:  # negated as they are: a float32 orders as its float64 would
        return _top(tied, -scores, np.arange(len(matched)), needed)
    stamps = timestamps[matched]
    dated = np.flatnonzero(stamps != 0)
    first = _top(tied, -stamps[dated].astype(np.float64), dated, needed)
    if len(first) == needed:
        return first
    undated = np.flatnonzero(stamps == 0)
    rest = _top(tied, -scores[undated].astype(np.float64), undated, needed - len(first))
    return np.concatenate([first, rest])


def _top(tied, keys: np.ndarray, positions: np.ndarray, needed: int) -> np.ndarray:
    """Return the `needed` positions with the smallest keys, equal keys by tie key
    (tied(positions) gives them).

    Only the values that can reach the page are sorted, but every tie at the cut is kept
    so pages never depend on the cut.
    """
    if needed <= 0 or not len(positions):
        return positions[:0]
    candidates = np.arange(len(positions))
    if len(positions) > 4 * needed:
        cut = np.partition(keys, needed - 1)[needed - 1]
        candidates = np.flatnonzero(keys <= cut)
    order = np.lexsort((tied(positions[candidates]), keys[candidates]))
    return positions[candidates[order][:needed]]
