"""The served generation is the folder CURRENT names; anything else is a missing index."""

from __future__ import annotations

import pytest

from search.errors import IndexMissing
from search.store import CURRENT_FILE, current_name


@pytest.fixture
def index_dir(tmp_path):
    """Return an index folder serving gen-1."""
    (tmp_path / "gen-1").mkdir()
    (tmp_path / CURRENT_FILE).write_text("gen-1\n", encoding="ascii")
    return tmp_path


def test_current_names_the_served_generation(index_dir):
    assert current_name(index_dir) == "gen-1"
    assert current_name(str(index_dir)) == "gen-1"


@pytest.mark.parametrize("content", [b"gen-2\n", b"other\n", b"gen-\xc3\xa9\n", b""],
                         ids=["missing folder", "not a generation", "not ascii", "empty"])
def test_a_current_that_names_no_generation_is_a_missing_index(index_dir, content):
    (index_dir / CURRENT_FILE).write_bytes(content)
    with pytest.raises(IndexMissing):
        current_name(index_dir)


def test_no_current_is_a_missing_index(index_dir):
    (index_dir / CURRENT_FILE).unlink()
    with pytest.raises(IndexMissing):
        current_name(index_dir)
