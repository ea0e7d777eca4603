"""The search API the CLI and the web app call: open an index, search, read articles."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from pathlib import Path

from whoosh import query as wq

from .analysis import ANALYZER_VERSION
from .errors import DocumentNotFound
from .generation import Generation
from .querytext import ParsedQuery, parse_query
from .ranking import ALL, ANY, MOST, build_query
from .request import SearchRequest
from .results import hit_dict, result_dict
from .snippets import Highlighter, mark
from .spelling import Spelling, spell, typo_expansions
from .store import current_name

GENERATIONS_KEPT = 2


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
        fields = generation.searcher().document(id=doc_id)
        if fields is None:
            raise DocumentNotFound(doc_id)
        highlighter = _highlighter(parse_query(q, self.max_query_length)) if q else Highlighter()
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
        searcher = generation.searcher()
        spelling = spell(parsed, generation.accent_model)
        matched, query, corrected, expansions = self._match(
            searcher, parsed, request, spelling, generation.accent_model)
        sort = "timestamp" if request.sort == "date" or parsed.is_empty else None
        results = searcher.search(query, limit=request.offset + request.hits_per_page,
                                  filter=_filter(request), sortedby=sort, reverse=bool(sort))
        highlighter = _highlighter(parsed, expansions, spelling)
        hits = [hit_dict(hit, highlighter, scored=not sort)
                for hit in list(results)[request.offset:]]
        return result_dict(request, hits, len(matched), generation.count_facets(matched),
                           spelling.suggestion, corrected)

    def _match(self, searcher, parsed: ParsedQuery, request: SearchRequest,
               spelling: Spelling, model) -> tuple[list[int], wq.Query, str | None, dict]:
        """Find the matching documents, relaxing the query until something matches."""
        if parsed.is_empty:
            query = wq.Every()
            return _docnums(searcher, query, request), query, None, {}
        reader = searcher.reader()
        expansions, corrected = {}, None
        for mode in _modes(len(parsed.groups)):
            built = build_query(parsed, reader, spelling.restored, mode, expansions)
            matched = _docnums(searcher, built.required, request, built.excluded)
            if matched:
                return matched, built.ranked, corrected, expansions
            if mode == ALL and model is not None:
                # A typo is likelier than a page with fewer words: retry corrected first.
                expansions, corrected = typo_expansions(parsed, model)
                if expansions:
                    built = build_query(parsed, reader, spelling.restored, ALL, expansions)
                    matched = _docnums(searcher, built.required, request, built.excluded)
                    if matched:
                        return matched, built.ranked, corrected, expansions
        return [], built.ranked, None, {}

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


def _filter(request: SearchRequest) -> wq.Query | None:
    """Return the facet filter of a request, if any."""
    terms = [wq.Term(name, value) for name, value in
             (("locality", request.locality), ("year", request.year)) if value]
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else wq.And(terms)


def _docnums(searcher, query: wq.Query, request: SearchRequest,
             excluded: wq.Query | None = None) -> list[int]:
    """Return every matching document number, filters applied, exclusions removed."""
    facet_filter = _filter(request)
    if facet_filter is not None:
        query = wq.And([query, facet_filter])
    matched = set(searcher.docs_for_query(query))
    if excluded is not None and matched:
        # Whoosh 2.7.4's AndNot matcher lists excluded documents in docs_for_query.
        matched.difference_update(searcher.docs_for_query(excluded))
    return sorted(matched)


def _modes(groups: int) -> list[str]:
    """Return the ways to relax a query of some groups: all, all but one, any."""
    return [ALL, MOST, ANY][:groups]


def _highlighter(parsed: ParsedQuery, expansions: dict | None = None,
                 spelling: Spelling | None = None) -> Highlighter:
    """Return the highlighter marking the query's words (and typo alternatives)."""
    words = {w.folded for w in parsed.words}
    for alternatives in (expansions or {}).values():
        words.update(alternatives)
    preferred = {w.normalized for w in parsed.words if w.accented}
    preferred.update(spelling.restored.values() if spelling else ())
    prefix = parsed.words[-1].folded if parsed.open_ended and parsed.words else None
    return Highlighter(frozenset(words), prefix if prefix and len(prefix) >= 2 else None,
                       frozenset(preferred))
