"""Settings: defaults, then a TOML config file, then VPSEARCH_* environment variables."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .errors import BadParameter
from .request import HITS_PER_PAGE, MAX_HITS_PER_PAGE, MAX_QUERY_LENGTH

CONFIG_FILE = "vpsearch.toml"


@dataclass(frozen=True)
class Settings:
    """Every setting of vpsearch, with its default and help text."""

    index_dir: Path = field(default=Path("var/index"),
                            metadata={"help": "Folder holding the index generations."})
    corpus: tuple[str, ...] = field(default=("corpus",),
                                    metadata={"help": "Corpus paths to index (folders, .jsonl, .jsonl.gz); "
                                                      "in the environment separated by ':'."})
    host: str = field(default="127.0.0.1", metadata={"help": "Address `vpsearch serve` listens on."})
    port: int = field(default=8000, metadata={"help": "Port `vpsearch serve` listens on."})
    workers: int = field(default=2, metadata={"help": "Web server worker processes."})
    threads: int = field(default=4, metadata={"help": "Threads per web server worker."})
    hits_per_page: int = field(default=HITS_PER_PAGE,
                               metadata={"help": "Results per page by default."})
    max_hits_per_page: int = field(default=MAX_HITS_PER_PAGE,
                                   metadata={"help": "Largest hitsPerPage a request may ask for."})
    max_query_length: int = field(default=MAX_QUERY_LENGTH,
                                  metadata={"help": "Longest query accepted, in characters."})
    synonyms: str = field(default="", metadata={"help": "A UTF-8 file of synonyms added to the "
                                                        "built-in abbreviations, one group a line: "
                                                        "'a, b, c' or 'a => b'."})
    cache_size: int = field(default=1024, metadata={"help": "Search results kept in each worker's "
                                                             "cache (0 turns it off)."})
    build_memory_mb: int = field(default=768, metadata={"help": "Memory a full reindex keeps its "
                                                                 "postings in, in MB, whatever the "
                                                                 "corpus size: less writes them to "
                                                                 "disk in more, smaller runs."})
    public_url: str = field(default="", metadata={"help": "Address of the site as its users "
                                                         "see it (https://example.org/tim-kiem), "
                                                         "used in feeds; empty: the address each "
                                                         "request names."})


def setting_help() -> dict[str, str]:
    """Return each setting's name with its help text."""
    return {f.name: f.metadata["help"] for f in fields(Settings)}


def load_settings(config_file: str | os.PathLike | None = None,
                  environ: dict[str, str] | None = None) -> Settings:
    """Read settings from defaults, the config file and the environment, in that order."""
    environ = os.environ if environ is None else environ
    settings = Settings()
    path = Path(config_file or environ.get("VPSEARCH_CONFIG") or CONFIG_FILE)
    if path.is_file():
        settings = _apply(settings, _read_toml(path), f"config file {path}")
    env_values = {f.name: environ[f"VPSEARCH_{f.name.upper()}"] for f in fields(Settings)
                  if f"VPSEARCH_{f.name.upper()}" in environ}
    return _apply(settings, env_values, "environment")


def _read_toml(path: Path) -> dict:
    """Return the settings table of a TOML file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise BadParameter(f"Cannot read config file {path}: {error}. Fix or remove it.") from error
    return data.get("vpsearch", data)


def _apply(settings: Settings, values: dict, origin: str) -> Settings:
    """Return settings with values (strings or TOML values) converted and applied."""
    known = {f.name: f for f in fields(Settings)}
    changes = {}
    for name, value in values.items():
        if name not in known:
            raise BadParameter(f"Unknown setting {name!r} in the {origin}; known settings: "
                               f"{', '.join(known)}.")
        changes[name] = _convert(name, known[name].default, value, origin)
    return replace(settings, **changes)


def _convert(name: str, default, value, origin: str):
    """Convert one raw value (a string, or a TOML value) to the type of its default."""
    where = f"Setting {name!r} in the {origin}"
    if isinstance(default, tuple):
        if isinstance(value, str):
            return tuple(value.split(os.pathsep))
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise BadParameter(f"{where} must be a list of paths such as [\"corpus\", "
                           f"\"more.jsonl.gz\"], not {value!r}.")
    if isinstance(default, int):
        least = 0 if name == "cache_size" else 1
        try:
            number = int(value) if not isinstance(value, (bool, float)) else None
        except (TypeError, ValueError):
            number = None
        if number is None or number < least:
            kind = "a whole number, 0 or more," if least == 0 else "a positive whole number"
            raise BadParameter(f"{where} must be {kind} such as {default}, not {value!r}.")
        return number
    if not isinstance(value, str):
        example = f", such as \"{default}\"" if default else ""
        raise BadParameter(f"{where} must be text in quotes{example}, not {value!r}.")
    return Path(value) if isinstance(default, Path) else value
