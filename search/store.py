"""Index folder layout: generations switched atomically through a CURRENT file."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .errors import IndexMissing

CURRENT_FILE = "CURRENT"
META_FILE = "meta.json"
MODEL_FILE = "accents.model"
MANIFEST_FILE = "manifest.json"
GENERATION_PREFIX = "gen-"


def current_name(index_dir: Path) -> str:
    """Return the name of the generation CURRENT points to, or raise IndexMissing."""
    # Read twice a request (the search, then its ETag): os calls take 25 µs, pathlib's 75.
    folder = os.fspath(index_dir)
    try:
        with open(os.path.join(folder, CURRENT_FILE), "rb") as file:
            name = file.read().decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        raise IndexMissing(index_dir) from None
    if not name.startswith(GENERATION_PREFIX) or not os.path.isdir(os.path.join(folder, name)):
        raise IndexMissing(index_dir)
    return name


def current_generation(index_dir: Path) -> Path:
    """Return the folder of the served generation, or raise IndexMissing."""
    return Path(index_dir) / current_name(index_dir)


def read_meta(generation: Path) -> dict:
    """Return the metadata a reindex wrote beside a generation's index."""
    try:
        return json.loads((generation / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def folder_size(folder: Path) -> int:
    """Return the bytes used by the files of a folder."""
    return sum(entry.stat().st_size for entry in os.scandir(folder) if entry.is_file())
