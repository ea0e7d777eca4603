"""Search requests parsed from web or CLI parameters, with sentences for bad values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .errors import BadParameter

# The limits and names of a request, said once for the library, the CLI and the web app.
RELEVANCE, DATE = SORTS = ("relevance", "date")
HITS_PER_PAGE = 10
MAX_HITS_PER_PAGE = 50
MAX_PAGE = 10_000
MAX_QUERY_LENGTH = 500  # characters
NO_YEAR = "none"  # the year facet's bucket, and filter, for pages without a date


@dataclass(frozen=True)
class SearchRequest:
    """What to search for and which page of results to return."""

    q: str = ""
    page: int = 1
    hits_per_page: int = HITS_PER_PAGE
    locality: str | None = None
    province: str | None = None  # a 2025 unit: its pages and those of the provinces it absorbed
    year: str | None = None
    sort: str = RELEVANCE

    @classmethod
    def from_params(cls, params: Mapping[str, str], default_hits: int = HITS_PER_PAGE,
                    max_hits: int = MAX_HITS_PER_PAGE) -> SearchRequest:
        """Build a request from string parameters, raising BadParameter with a sentence."""
        sort = params.get("sort") or RELEVANCE
        if sort not in SORTS:
            raise BadParameter(f"sort must be one of {', '.join(SORTS)}, not {sort!r}.",
                               parameter="sort", value=sort)
        year = params.get("year") or None
        if year not in (None, NO_YEAR) and not (year.isascii() and year.isdigit()
                                                and len(year) == 4):
            raise BadParameter(f"year must be a four-digit year such as 2020, or {NO_YEAR}, "
                               f"not {year!r}.", parameter="year", value=year)
        return cls(
            q=params.get("q") or "",
            page=_positive(params, "page", 1, MAX_PAGE),
            hits_per_page=_positive(params, "hitsPerPage", default_hits, max_hits),
            locality=params.get("locality") or None,
            province=params.get("province") or None,
            year=year,
            sort=sort,
        )

    @property
    def offset(self) -> int:
        """Return how many hits come before this page."""
        return (self.page - 1) * self.hits_per_page


def _positive(params: Mapping[str, str], name: str, default: int, largest: int) -> int:
    """Read a whole number between 1 and largest, or raise BadParameter."""
    raw = params.get(name)
    if raw in (None, ""):
        return default
    text = str(raw).strip()
    if not (text.isascii() and text.isdigit() and len(text) < 10) or not 1 <= int(text) <= largest:
        raise BadParameter(f"{name} must be a whole number from 1 to {largest}, not {raw!r}.",
                           parameter=name, value=str(raw), largest=largest)
    return int(text)
