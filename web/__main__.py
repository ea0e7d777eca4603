"""`python -m web --host 127.0.0.1 --port 8000 --index DIR --workers N`: serve the search site."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from search import SearchError, load_settings


def parse_args(argv: list[str] | None, settings) -> argparse.Namespace:
    """Parse the command line, with defaults from the settings."""
    parser = argparse.ArgumentParser(
        prog="python -m web", description="Serve vpsearch's web pages and JSON API with gunicorn.",
        epilog="Example: python -m web --host 127.0.0.1 --port 8000 --index var/index --workers 2")
    parser.add_argument("--host", default=settings.host, help="Address to listen on.")
    parser.add_argument("--port", type=int, default=settings.port, help="Port to listen on.")
    parser.add_argument("--index", default=None, help="Folder holding the index.")
    parser.add_argument("--workers", type=int, default=settings.workers,
                        help="Worker processes.")
    parser.add_argument("--threads", type=int, default=settings.threads,
                        help="Threads per worker.")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Read settings and options, then run the server."""
    try:
        settings = load_settings()
    except SearchError as error:
        sys.exit(f"Error: {error}")
    args = parse_args(argv, settings)
    from .server import serve

    index_dir = Path(os.path.abspath(args.index)) if args.index else None
    serve(args.host, args.port, args.workers, args.threads, index_dir)


if __name__ == "__main__":
    main()
