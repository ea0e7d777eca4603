"""The fast word splitters find exactly what the patterns they stand for find."""

from __future__ import annotations

import unicodedata

import pytest

from indexer.wordsplit import TOKEN_RE, words, words_and_breaks
from search.analysis import WORD_RE

TEXTS = [
    "Văn phòng Tỉnh uỷ Khánh Hoà, ngày 3/2: Hội nghị (năm 2019)...",
    "việc_khác __ a_b_ _x\n_\n\nTP.HCM",
    unicodedata.normalize("NFD", "Đảng bộ tỉnh Quảng Bình\tlãnh đạo"),
    "hoà \u0301 bình\u0300\u0301 \u00a0 x² Straße 東京 5G-Wi‑Fi «trích» “dẫn”",
    "",
    " \n ",
    "Đảng bộ 𝐀𝐁 tỉnh 😀 Quảng\U00020000Bình " * 40,  # past U+FFFF, long enough for the table
    "Văn phòng Tỉnh uỷ Khánh Hoà, ngày 3/2: Hội nghị (năm 2019)... " * 10,
]


@pytest.mark.parametrize("text", TEXTS)
def test_words_are_word_re_matches(text):
    assert words(text) == WORD_RE.findall(text)


@pytest.mark.parametrize("text", TEXTS)
def test_words_and_breaks_are_token_re_matches(text):
    assert words_and_breaks(text) == TOKEN_RE.findall(text)


def test_every_character_splits_alike():
    everything = "".join(chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000)
    text = everything.replace("_", " ")
    assert words(text) == WORD_RE.findall(text)
    assert words_and_breaks(text) == TOKEN_RE.findall(text)
    spaced = " a".join(everything.replace("_", ""))  # each character alone between words
    assert words_and_breaks(spaced) == TOKEN_RE.findall(spaced)
    assert words(spaced) == WORD_RE.findall(spaced)
