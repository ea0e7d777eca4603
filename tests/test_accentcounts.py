"""The writer processes' accent counts give the tables count_texts and Tables.freeze give."""

from __future__ import annotations

import os
import random
import resource
import tracemalloc
import unicodedata
from collections import Counter
from pathlib import Path
from unittest.mock import Mock

import pytest

from indexer.accentcounts import AccentCounts, merged_tables
from search import accents
from search.accents import BREAK_RE, MAX_CHARS, Tables, count_texts
from search.analysis import WORD_RE

TEXTS = [
    "Văn phòng Tỉnh uỷ Khánh Hoà, ngày 3/2: Hội nghị tổng kết công tác năm 2019.",
    "Thành ủy Hà Nội – Ban Thường vụ Thành uỷ họp; HĐND TP.HCM (Sài Gòn) bàn việc_khác",
    unicodedata.normalize("NFD", "Đảng bộ tỉnh Quảng Bình lãnh đạo toàn diện\nĐảng bộ tỉnh"),
    "văn phòng " * (MAX_CHARS // 10) + "tỉnh ủy",  # cut inside a word at MAX_CHARS
    "",
    "Ðà Nẵng kĩ thuật, KỸ THUẬT Đà Nẵng... hoà bình hòa bình",
]


def _reference(texts: list[str]) -> bytes:
    unigrams, bigrams = Counter(), Counter()
    count_texts(texts, unigrams, bigrams)
    return Tables.freeze(unigrams, bigrams).dump()


def _shards(folder: Path, *groups: list[str], budget: int = 1 << 30) -> list:
    shards = []
    for texts in groups:
        counts = AccentCounts(folder, budget)
        for text in texts:
            counts.add(text)
        shards.append(counts.shard())
    return shards


def _counted(folder: Path, *groups: list[str], budget: int = 1 << 30) -> bytes:
    return merged_tables(_shards(folder, *groups, budget=budget), 1 << 30).dump()


def test_one_process_counts_what_count_texts_counts(tmp_path):
    assert _counted(tmp_path, TEXTS) == _reference(TEXTS)


@pytest.mark.parametrize("split", [1, 2, 4, 5], ids=lambda s: f"first-{s}")
def test_the_tables_do_not_depend_on_how_texts_are_dealt(tmp_path, split):
    texts = TEXTS * 3
    assert _counted(tmp_path, texts[:split * 3], texts[split * 3:]) == _reference(texts)


def test_counts_settled_midway_add_up(tmp_path, monkeypatch):
    monkeypatch.setattr("indexer.accentcounts.SETTLE_WORDS", 5)
    assert _counted(tmp_path, TEXTS) == _reference(TEXTS)


@pytest.mark.parametrize("cut", [1, 2, 3], ids=lambda c: f"cut-{c}")
def test_counts_written_to_many_runs_and_merged_a_record_at_a_time_give_the_same_tables(
        tmp_path, monkeypatch, cut):
    monkeypatch.setattr(accents, "min_count", lambda tokens: cut)
    monkeypatch.setattr("indexer.accentcounts.SETTLE_WORDS", 7)
    monkeypatch.setattr("indexer.accentcounts.MIN_CHUNK", 1)
    monkeypatch.setattr("indexer.accentcounts.WRITE_PIECE", 2)
    texts = TEXTS + TEXTS[:3] + TEXTS[1:2]
    shards = _shards(tmp_path, texts[:4], texts[4:], budget=0)
    assert min(len(shard.runs) for shard in shards) > 3
    assert merged_tables(shards, 0).dump() == _reference(texts)


def test_the_runs_are_removed_once_merged(tmp_path):
    _counted(tmp_path, TEXTS, TEXTS[:2], budget=100)
    assert list(tmp_path.iterdir()) == []


def test_the_runs_are_removed_when_the_merge_fails(tmp_path, monkeypatch):
    shards = _shards(tmp_path, TEXTS, TEXTS[:2], budget=100)
    monkeypatch.setattr(Tables, "from_counts", Mock(side_effect=MemoryError))
    with pytest.raises(MemoryError):
        merged_tables(shards, 1 << 30)
    assert list(tmp_path.iterdir()) == []


def test_no_counts_give_empty_tables(tmp_path):
    tables = merged_tables([AccentCounts(tmp_path, 0).shard()], 0)
    assert tables.vocab == [] and len(tables.keys) == 0


def test_a_word_and_a_break_never_share_a_character():
    both = [chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000
            and WORD_RE.fullmatch(chr(code)) and BREAK_RE.fullmatch(chr(code))]
    assert both == []


def test_more_runs_than_files_a_process_may_open_are_merged(tmp_path, monkeypatch):
    monkeypatch.setattr("indexer.accentcounts.SETTLE_WORDS", 7)
    shards = _shards(tmp_path, TEXTS * 4, budget=0)  # a run a text
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    spare = 8
    assert len(shards[0].runs) > 2 * spare
    resource.setrlimit(resource.RLIMIT_NOFILE, (len(os.listdir("/proc/self/fd")) + spare, hard))
    try:
        merged = merged_tables(shards, 0).dump()
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert merged == _reference(TEXTS * 4)


def test_the_merge_holds_only_the_words_it_keeps(tmp_path, monkeypatch):
    monkeypatch.setattr(accents, "min_count", lambda tokens: 2)
    texts = [" ".join(f"w{number}" for number in range(start, start + 100))  # each seen once
             for start in range(0, 60_000, 100)]
    shards = _shards(tmp_path, texts + TEXTS * 2)
    tracemalloc.start()
    try:
        tables = merged_tables(shards, 1 << 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert tables.vocab and not any(word.startswith("w") for word in tables.vocab)
    assert peak < 32 * 60_000  # bytes a pruned word (128 when the merge held every word)


def test_writing_a_run_holds_one_array_of_the_pairs_size_beside_them(tmp_path):
    counts, draw = AccentCounts(tmp_path, 1 << 30), random.Random(0)
    for _ in range(4000):  # ~600 000 distinct pairs of 1 000 words
        counts.add(" ".join(f"w{draw.randrange(1000)}" for _ in range(240)))
    counts._settle()
    pairs = len(counts._pairs)
    tracemalloc.start()
    try:
        counts._write_run()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert pairs > 500_000 and peak < 8 * pairs + (4 << 20)  # their order, and pieces of 1 MB
