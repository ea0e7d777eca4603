"""The vpsearch command line: reindex, search, stats, extract, and its error messages."""

import errno
import gzip
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import make_article, write_jsonl

import indexer.generations
from indexer.cli import cli

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def built(runner, tmp_path):
    index_dir = tmp_path / "index"
    result = runner.invoke(cli, ["reindex", "--corpus", str(REPO / "corpus"), "--corpus",
                                 str(FIXTURES / "ranking.jsonl"), "--index", str(index_dir),
                                 "--quiet"])
    assert result.exit_code == 0, result.output
    return index_dir, result


def test_reindex_prints_a_summary(built):
    _, result = built
    assert result.output.startswith("Indexed 16 new, 0 updated, 0 deleted, 0 unchanged, 0 skipped: "
                                    "16 documents")


def test_reindex_says_how_many_articles_have_a_date(built):
    _, result = built
    assert result.output.rstrip().endswith("; 13 have a date.")


def test_reindex_names_each_skipped_page_with_its_reason(runner, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text((REPO / "corpus" / "003_8fb29ca72316e1b2.txt").read_text())
    (corpus / "empty.txt").write_text("")
    (corpus / "binary.html").write_bytes(b"\x00\x01\x02\xff" * 100)
    result = runner.invoke(cli, ["reindex", "--corpus", str(corpus), "--index",
                                 str(tmp_path / "index")])
    assert result.exit_code == 0
    assert "Indexed 1 new" in result.output and "2 skipped" in result.output
    assert f"skipped {corpus / 'empty.txt'}: " in result.output
    assert f"skipped {corpus / 'binary.html'}: " in result.output


def test_search_prints_readable_results_with_marks(runner, built):
    index_dir, _ = built
    result = runner.invoke(cli, ["search", "van phong tinh uy", "--index", str(index_dir)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].endswith("ms)") and "kết quả" in lines[0]
    assert "Có phải bạn muốn tìm: văn phòng tỉnh ủy" in result.output
    assert "«Văn phòng Tỉnh ủy»" in result.output


def test_search_json_is_the_api_object(runner, built):
    index_dir, _ = built
    result = runner.invoke(cli, ["search", "dang bo da nang", "--index", str(index_dir),
                                 "--json", "--limit", "3"])
    data = json.loads(result.output)
    assert data["hits"][0]["id"] == "da-nang-dang-bo"
    assert data["hitsPerPage"] == 3
    assert {"query", "hits", "totalHits", "page", "processingTimeMs"} <= set(data)


def test_stats_show_documents_size_time_and_analyzer(runner, built):
    index_dir, _ = built
    result = runner.invoke(cli, ["stats", "--index", str(index_dir)])
    assert result.exit_code == 0
    assert "documents:  16" in result.output
    for label in ("size:", "updated:", "analyzer:"):
        assert label in result.output


@pytest.mark.parametrize("command", [["search", "x"], ["stats"]], ids=["search", "stats"])
def test_missing_index_is_one_sentence_with_exit_code_1(runner, tmp_path, command):
    result = runner.invoke(cli, [*command, "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert result.output == (f"Error: No index at {tmp_path / 'none'}. "
                             "Run `vpsearch reindex` first.\n")


def test_overlong_query_is_a_message_not_a_trace(runner, built):
    index_dir, _ = built
    result = runner.invoke(cli, ["search", "a" * 600, "--index", str(index_dir)])
    assert result.exit_code == 1
    assert "shorten it to at most 500 characters" in result.output


def test_search_limit_follows_the_max_hits_per_page_setting(runner, built, monkeypatch):
    index_dir, _ = built
    too_many = runner.invoke(cli, ["search", "tinh", "--limit", "60", "--index", str(index_dir)])
    assert too_many.exit_code == 2
    assert "Invalid value for '--limit': 60 is more than the setting max_hits_per_page (50)." \
        in too_many.output
    monkeypatch.setenv("VPSEARCH_MAX_HITS_PER_PAGE", "60")
    allowed = runner.invoke(cli, ["search", "tinh", "--limit", "60", "--json", "--index",
                                  str(index_dir)])
    assert allowed.exit_code == 0 and json.loads(allowed.output)["hitsPerPage"] == 60


def test_search_page_size_defaults_to_the_hits_per_page_setting(runner, built, monkeypatch):
    monkeypatch.setenv("VPSEARCH_HITS_PER_PAGE", "3")
    result = runner.invoke(cli, ["search", "tinh", "--json", "--index", str(built[0])])
    assert json.loads(result.output)["hitsPerPage"] == 3


def test_an_accent_model_of_another_format_is_one_sentence_naming_the_fix(runner, built):
    index_dir, _ = built
    generation = next(index_dir.glob("gen-*"))
    (generation / "accents.model").write_text('{"format": "old"}\n', encoding="utf-8")
    result = runner.invoke(cli, ["search", "tinh", "--index", str(index_dir)])
    assert result.exit_code == 1
    assert result.output == (f"Error: The index at {index_dir} cannot be read: accents.model is "
                             "an accent model of another format. Run `vpsearch reindex --full` "
                             "to rebuild it.\n")


def test_bad_config_setting_is_reported(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("VPSEARCH_PORT", "eighty")
    result = runner.invoke(cli, ["stats"])
    assert result.exit_code == 1
    assert "Setting 'port' in the environment must be a positive whole number" in result.output


def test_extract_json_prints_one_object_per_page(runner):
    result = runner.invoke(cli, ["extract", "--json", str(REPO / "corpus")])
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 5
    assert {"path", "title", "date", "author", "locality", "source", "body", "removed"} <= set(rows[0])


def test_every_command_has_help_with_an_example(runner):
    for name in cli.commands:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Example: vpsearch" in result.output, name


def test_serve_without_index_or_corpus_says_what_to_do(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["serve", "--index", str(tmp_path / "index")])
    assert result.exit_code == 1
    assert "The corpus path corpus does not exist." in result.output


def truncated_dump(folder: Path) -> Path:
    """Write a .jsonl.gz of 300 articles cut off in the middle."""
    dump = write_jsonl(folder / "party.jsonl.gz", [make_article(i) for i in range(300)])
    data = gzip.compress(dump.read_bytes())
    dump.write_bytes(data[: len(data) // 2])
    return dump


def test_a_truncated_dump_gives_the_same_articles_with_or_without_progress(runner, tmp_path):
    dump = truncated_dump(tmp_path)
    plain, quiet = (runner.invoke(cli, ["reindex", "--corpus", str(dump), "--index",
                                        str(tmp_path / name), *flags])
                    for name, flags in (("plain", []), ("quiet", ["--quiet"])))
    assert plain.exit_code == quiet.exit_code == 0, plain.output
    summary = re.search(r"Indexed (\d+) new", quiet.output).group(0)
    assert summary in plain.output and summary != "Indexed 0 new"
    assert f"skipped {dump}: truncated or corrupt gzip after line" in plain.output
    assert "1 skipped" in quiet.output


def test_an_index_path_under_a_regular_file_is_one_sentence(runner, tmp_path):
    (tmp_path / "afile").write_text("x")
    index_dir = tmp_path / "afile" / "index"
    result = runner.invoke(cli, ["reindex", "--corpus", str(REPO / "corpus"), "--index",
                                 str(index_dir), "--quiet"])
    assert result.exit_code == 1
    assert result.output == (f"Error: Cannot write the index folder {index_dir} (Not a "
                             "directory). Choose a folder you can write with --index or the "
                             "index_dir setting.\n")


def test_a_read_only_index_folder_is_one_sentence(runner, tmp_path, monkeypatch):
    def refuse(path, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(indexer.generations.os, "open", refuse)  # root may write anywhere
    result = runner.invoke(cli, ["reindex", "--corpus", str(REPO / "corpus"), "--index",
                                 str(tmp_path / "ro"), "--quiet"])
    assert result.exit_code == 1
    assert result.output == (f"Error: Cannot write the index folder {tmp_path / 'ro'} "
                             "(Permission denied). Choose a folder you can write with --index "
                             "or the index_dir setting.\n")
