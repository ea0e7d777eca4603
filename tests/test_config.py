"""Settings: defaults, then the config file, then VPSEARCH_* environment variables."""

import re
from pathlib import Path

import pytest

from search import BadParameter, load_settings, setting_help

README = Path(__file__).resolve().parent.parent / "README.md"


def test_defaults_apply_without_file_or_environment(tmp_path):
    settings = load_settings(tmp_path / "absent.toml", environ={})
    assert settings.index_dir == Path("var/index") and settings.port == 8000


def test_config_file_overrides_defaults_and_environment_overrides_file(tmp_path):
    config = tmp_path / "vpsearch.toml"
    config.write_text('[vpsearch]\nport = 9000\nindex_dir = "/srv/a"\n', encoding="utf-8")
    settings = load_settings(config, environ={"VPSEARCH_PORT": "9100"})
    assert settings.port == 9100 and settings.index_dir == Path("/srv/a")


def test_corpus_list_comes_from_the_environment_split_on_colons(tmp_path):
    settings = load_settings(tmp_path / "none", environ={"VPSEARCH_CORPUS": "a:b.jsonl"})
    assert settings.corpus == ("a", "b.jsonl")


@pytest.mark.parametrize("content, message", [
    ("colour = 1", "Unknown setting 'colour'"),
    ("port = -3", "Setting 'port' in the config file"),
    ("port = [", "Cannot read config file"),
    ("corpus = 5", "Setting 'corpus' in the config file {config} must be a list of paths such as "
                   '["corpus", "more.jsonl.gz"], not 5.'),
    ("index_dir = 5", "Setting 'index_dir' in the config file {config} must be text in quotes, "
                      'such as "var/index", not 5.'),
    ("cache_size = -1", "Setting 'cache_size' in the config file {config} must be a whole number, "
                        "0 or more, such as 1024, not -1."),
], ids=["unknown", "negative", "broken-toml", "corpus-not-a-list", "folder-not-text",
        "cache-below-zero"])
def test_bad_config_file_names_the_problem(tmp_path, content, message):
    config = tmp_path / "vpsearch.toml"
    config.write_text(content, encoding="utf-8")
    with pytest.raises(BadParameter, match=re.escape(message.format(config=config))):
        load_settings(config, environ={})


def test_every_setting_is_documented_in_the_readme():
    readme = README.read_text(encoding="utf-8")
    for name, help_text in setting_help().items():
        assert f"| `{name}` |" in readme and help_text in readme, name
