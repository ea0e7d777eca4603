"""The `vpsearch` command line: reindex, search, stats, extract, serve."""

from __future__ import annotations

import json
import os
import re
import sys
from html import unescape
from pathlib import Path

import click

from search import (
    MAX_PAGE,
    RELEVANCE,
    SORTS,
    IndexMissing,
    SearchError,
    SearchRequest,
    load_settings,
    open_index,
)

from .articles import Skipped, iter_articles
from .build import build_index
from .sources import Repaired

MARK_RE = re.compile(r"<mark>(.*?)</mark>", re.S)


def _settings():
    """Return the settings, turning a bad config into a one-line message."""
    try:
        return load_settings()
    except SearchError as error:
        raise click.ClickException(str(error)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vpsearch")
def cli() -> None:
    """vpsearch: Vietnamese search for party committee office articles."""


@cli.command()
@click.option("--corpus", "corpus", multiple=True, type=click.Path(exists=True),
              help="Folder, .jsonl or .jsonl.gz to index; repeat for several. Default: corpus/.")
@click.option("--index", "index_dir", type=click.Path(file_okay=False),
              help="Index folder. Default: var/index (setting index_dir).")
@click.option("--full", is_flag=True, help="Rebuild everything instead of updating changes.")
@click.option("--quiet", is_flag=True, help="No progress bar; print only the summary line.")
def reindex(corpus, index_dir, full, quiet) -> None:
    """Index the corpus into a new index generation and serve it.

    Example: vpsearch reindex --corpus corpus --corpus ../shared/data/party_all.jsonl.gz
    """
    settings = _settings()
    corpus = corpus or settings.corpus
    try:
        report = build_index(corpus, index_dir or settings.index_dir, full=full,
                             progress=not quiet, memory_mb=settings.build_memory_mb)
    except SearchError as error:
        raise click.ClickException(str(error)) from None
    for skipped in report.skipped if not quiet else []:
        click.echo(f"skipped {skipped.path}: {skipped.reason}", err=True)
    for repaired in report.repaired if not quiet else []:
        click.echo(f"repaired {repaired.path}: {repaired.reason}", err=True)
    repairs = f", {len(report.repaired)} repaired" if report.repaired else ""
    click.echo(f"Indexed {report.added} new, {report.updated} updated, {report.deleted} deleted, "
               f"{report.unchanged} unchanged, {len(report.skipped)} skipped{repairs}: "
               f"{report.documents} documents in {report.seconds:.1f} s "
               f"(generation {report.generation}); {report.dated} have a date.")


@cli.command()
@click.argument("query")
@click.option("--index", "index_dir", type=click.Path(file_okay=False), help="Index folder.")
@click.option("--limit", type=click.IntRange(1),
              help="Results per page. Default: the setting hits_per_page; at most the "
                   "setting max_hits_per_page.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(1, MAX_PAGE),
              help="Page of results.")
@click.option("--locality", help="Only articles about this province or city.")
@click.option("--province", help="Only articles about this province as merged in 2025, "
                                 "the provinces it absorbed included.")
@click.option("--year", help="Only articles of this year.")
@click.option("--sort", type=click.Choice(SORTS), default=RELEVANCE, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the JSON object /api/search serves.")
def search(query, index_dir, limit, page, locality, province, year, sort, as_json) -> None:
    """Search the index.

    Example: vpsearch search "van phong tinh uy" --limit 5
    """
    settings = _settings()
    if limit is not None and limit > settings.max_hits_per_page:
        raise click.BadParameter(f"{limit} is more than the setting max_hits_per_page "
                                 f"({settings.max_hits_per_page}).", param_hint="'--limit'")
    params = {"q": query, "page": str(page), "hitsPerPage": str(limit or ""), "sort": sort,
              "locality": locality or "", "province": province or "", "year": year or ""}
    try:
        index = open_index(index_dir or settings.index_dir,
                           max_query_length=settings.max_query_length,
                           synonyms_file=settings.synonyms or None)
        result = index.search(SearchRequest.from_params(
            params, default_hits=settings.hits_per_page, max_hits=settings.max_hits_per_page))
    except SearchError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        _print_results(result)


def _print_results(result: dict) -> None:
    """Print results for a reader in a terminal."""
    click.echo(f"{result['totalHits']} kết quả ({result['processingTimeMs']} ms)")
    if result.get("correctedQuery"):
        click.echo(f"Đang hiện kết quả cho: {result['correctedQuery']}")
    elif result.get("suggestion"):
        click.echo(f"Có phải bạn muốn tìm: {result['suggestion']}")
    for rank, hit in enumerate(result["hits"], start=(result["page"] - 1) * result["hitsPerPage"] + 1):
        meta = " · ".join(x for x in (hit["date"] and hit["date"][:10], hit["locality"],
                                       hit["source"]) if x)
        click.echo(f"\n{rank}. {click.style(hit['title'], bold=True)}  [{hit['id']}]")
        if meta:
            click.echo(f"   {meta}")
        click.echo(f"   {_terminal_marks(hit['snippet'])}")


def _terminal_marks(snippet: str) -> str:
    """Show <mark>ed words in colour on a terminal, in «» elsewhere."""
    if sys.stdout.isatty():
        text = MARK_RE.sub(lambda m: click.style(m.group(1), fg="yellow", bold=True), snippet)
    else:
        text = MARK_RE.sub(r"«\1»", snippet)
    return unescape(text)


@cli.command()
@click.option("--index", "index_dir", type=click.Path(file_okay=False), help="Index folder.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats(index_dir, as_json) -> None:
    """Show documents, size on disk, last reindex time and analyzer version.

    Example: vpsearch stats
    """
    settings = _settings()
    try:
        info = open_index(index_dir or settings.index_dir).stats()
    except SearchError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False))
        return
    click.echo(f"documents:  {info['documents']}\nsize:       {info['sizeBytes'] / 1e6:.1f} MB\n"
               f"updated:    {info['updated']}\ngeneration: {info['generation']}\n"
               f"analyzer:   {info['analyzerVersion']}")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per page.")
def extract(paths, as_json) -> None:
    """Show what the indexer would index for each page.

    Example: vpsearch extract corpus/002_7a96384e6b83945f.txt --json
    """
    for item in iter_articles(paths):
        if isinstance(item, Skipped):
            kind = "repaired" if isinstance(item, Repaired) else "skipped"
            click.echo(f"{kind} {item.path}: {item.reason}", err=True)
        elif as_json:
            click.echo(json.dumps(item.to_dict(), ensure_ascii=False))
        else:
            click.echo(f"== {item.path}\ntitle:    {item.title}\ndate:     {item.date}\n"
                       f"author:   {item.author}\nlocality: {item.locality}\n\n{item.body}\n")


@cli.command()
@click.option("--host", help="Address to listen on. Default: 127.0.0.1 (setting host).")
@click.option("--port", type=click.IntRange(1, 65535), help="Port. Default: 8000.")
@click.option("--index", "index_dir", type=click.Path(file_okay=False), help="Index folder.")
@click.option("--workers", type=click.IntRange(1, 64), help="Worker processes. Default: 2.")
def serve(host, port, index_dir, workers) -> None:
    """Serve the search site; build the index from the corpus first if there is none.

    Example: vpsearch serve --port 8000
    """
    settings = _settings()
    index_dir = Path(index_dir or settings.index_dir)
    try:
        open_index(index_dir)
    except SearchError as error:
        # Missing, outdated or damaged: a reindex builds, rebuilds or repairs it.
        why = f"No index at {index_dir} yet" if type(error) is IndexMissing else str(error)
        click.echo(f"{why.rstrip('.')}: indexing {', '.join(settings.corpus)} first.", err=True)
        missing = [p for p in settings.corpus if not Path(p).exists()]
        if missing:
            raise click.ClickException(
                f"The corpus path {missing[0]} does not exist. Run `vpsearch serve` from the "
                "project folder, or set VPSEARCH_CORPUS to your corpus.") from None
        try:
            report = build_index(settings.corpus, index_dir, progress=True,
                                 memory_mb=settings.build_memory_mb)
        except SearchError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Indexed {report.documents} documents.", err=True)
    args = [sys.executable, "-m", "web", "--host", host or settings.host,
            "--port", str(port or settings.port), "--index", str(index_dir),
            "--workers", str(workers or settings.workers)]
    # web/ is started as its own program: the indexer never imports the web app.
    os.execv(sys.executable, args)


if __name__ == "__main__":
    cli()
