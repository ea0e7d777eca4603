"""vpsearch's search library: Vietnamese analysis, ranking, snippets and the search API."""

from .config import Settings, load_settings, setting_help
from .engine import SearchIndex, open_index
from .errors import (
                     BadParameter,
                     DocumentNotFound,
                     IndexBusy,
                     IndexMissing,
                     IndexOutdated,
                     IndexUnreadable,
                     QuerySyntaxError,
                     SearchError,
)
from .request import (
    DATE,
    MAX_PAGE,
    NO_YEAR,
    RELEVANCE,
    SORTS,
    SearchRequest,
)

__all__ = [
    "DATE", "MAX_PAGE", "NO_YEAR", "RELEVANCE", "SORTS", "BadParameter", "DocumentNotFound",
    "IndexBusy", "IndexMissing", "IndexOutdated", "IndexUnreadable", "QuerySyntaxError", "SearchError",
    "SearchIndex", "SearchRequest", "Settings", "load_settings", "open_index", "setting_help",
]
