"""The writer processes' accent counts give the tables count_texts and Tables.freeze give."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest

from indexer.accentcounts import AccentCounts, merged_tables
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


def _counted(*groups: list[str]) -> bytes:
    shards = []
    for texts in groups:
        counts = AccentCounts()
        for text in texts:
            counts.add(text)
        shards.append(counts.shard())
    return merged_tables(shards).dump()


def test_one_process_counts_what_count_texts_counts():
    assert _counted(TEXTS) == _reference(TEXTS)


@pytest.mark.parametrize("split", [1, 2, 4, 5], ids=lambda s: f"first-{s}")
def test_the_tables_do_not_depend_on_how_texts_are_dealt(split):
    texts = TEXTS * 3
    assert _counted(texts[:split * 3], texts[split * 3:]) == _reference(texts)


def test_counts_settled_midway_add_up(monkeypatch):
    monkeypatch.setattr("indexer.accentcounts.SETTLE_WORDS", 5)
    assert _counted(TEXTS) == _reference(TEXTS)


def test_no_counts_give_empty_tables():
    tables = merged_tables([AccentCounts().shard()])
    assert tables.vocab == [] and len(tables.keys) == 0


def test_a_word_and_a_break_never_share_a_character():
    both = [chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000
            and WORD_RE.fullmatch(chr(code)) and BREAK_RE.fullmatch(chr(code))]
    assert both == []
