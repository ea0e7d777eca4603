"""vpsearch's search library: Vietnamese analysis, ranking, snippets and the search API."""

from .config import Settings, load_settings, setting_help
from .engine import SearchIndex, open_index
from .errors import (
                     BadParameter,
                     DocumentNotFound,
                     IndexBusy,
                     IndexMissing,
                     IndexOutdated,
                     QuerySyntaxError,
                     SearchError,
)
from .request import NO_YEAR, SearchRequest

__all__ = [
    "NO_YEAR", "BadParameter", "DocumentNotFound", "IndexBusy", "IndexMissing", "IndexOutdated",
    "QuerySyntaxError", "SearchError", "SearchIndex", "SearchRequest", "Settings",
    "load_settings", "open_index", "setting_help",
]
