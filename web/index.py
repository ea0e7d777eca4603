"""The one SearchIndex of this worker process, opened on first use."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import replace
from pathlib import Path

from flask import Flask, current_app

from search import SearchError, SearchIndex, Settings, load_settings, open_index

_EXTENSION = "vpsearch"


def init_app(app: Flask) -> None:
    """Attach the settings and an empty index slot to the app."""
    settings = load_settings()
    if app.config.get("INDEX_DIR"):
        settings = replace(settings, index_dir=Path(app.config["INDEX_DIR"]))
    app.extensions[_EXTENSION] = {"settings": settings, "index": None, "lock": threading.Lock()}


def get_settings() -> Settings:
    """Return the settings the app was created with."""
    return current_app.extensions[_EXTENSION]["settings"]


def get_index() -> SearchIndex:
    """Return this process's SearchIndex, opening it on first use.

    :raises IndexMissing: when no index has been built yet; the next call tries again.
    """
    slot = current_app.extensions[_EXTENSION]
    if slot["index"] is None:
        with slot["lock"]:
            if slot["index"] is None:
                settings = slot["settings"]
                slot["index"] = open_index(settings.index_dir, cache_size=settings.cache_size,
                                           max_query_length=settings.max_query_length,
                                           synonyms_file=settings.synonyms or None)
    return slot["index"]


def opened_generation() -> str | None:
    """Return the generation the open index serves, or None before it is first opened."""
    index = current_app.extensions[_EXTENSION]["index"]
    return None if index is None else index.generation


def warm_index(app: Flask) -> None:
    """Open and warm the index now, if there is one; a missing index is reported on requests."""
    with app.app_context(), contextlib.suppress(SearchError):
        get_index().warm()
