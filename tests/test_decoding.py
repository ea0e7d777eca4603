"""Decoding page bytes: every encoding seen in the wild, and refusing what is not text."""

import codecs
import os
import unicodedata

import pytest

from indexer.decoding import (
    BINARY,
    UNDECODABLE,
    DecodeError,
    clean_text,
    declared_charset,
    decode_bytes,
    decode_counting,
    encode_cp1258,
)

TEXT = "Văn phòng Tỉnh ủy Khánh Hòa tổ chức hội nghị. Đảng bộ thành phố Hồ Chí Minh."
@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    TEXT.encode("utf-16"),
    codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    encode_cp1258(TEXT),
    unicodedata.normalize("NFD", TEXT).encode("utf-8"),
], ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "windows-1258", "utf8-nfd"])
def test_each_encoding_decodes_to_the_same_nfc_text(data):
    assert decode_bytes(data) == TEXT


def test_meta_charset_names_the_legacy_codec():
    page = b'<html><head><meta charset="windows-1258"></head><body>' + encode_cp1258(TEXT) + b"</body>"
    assert TEXT in decode_bytes(page, html=True)


def test_meta_charset_is_found_in_http_equiv():
    head = b'<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
    assert declared_charset(head) == "utf-8"


def test_utf8_wins_over_a_wrong_declaration():
    page = b'<meta charset="windows-1258"><p>' + TEXT.encode("utf-8")
    assert TEXT in decode_bytes(page, html=True)


def test_mojibake_in_utf8_is_repaired():
    garbled = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b)
                      for b in TEXT.encode("utf-8")).encode("utf-8")
    repaired = decode_bytes(garbled)
    assert "Tỉnh ủy" in repaired and "Ã" not in repaired


@pytest.mark.parametrize("data, reason", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(200), BINARY),
    (bytes(range(128, 256)) * 20, UNDECODABLE),
    ("Привет, как дела? Это русский текст.".encode("cp1251"), UNDECODABLE),
    ("中文字符测试内容，这不是越南语。".encode("gbk"), UNDECODABLE),
], ids=["png", "high-bytes", "cyrillic-cp1251", "chinese-gbk"])
def test_what_is_not_vietnamese_text_is_refused_with_a_reason(data, reason):
    with pytest.raises(DecodeError) as error:
        decode_bytes(data)
    assert str(error.value) == reason


def test_nul_controls_and_lone_surrogates_are_dropped_and_lines_kept():
    assert clean_text("văn\x00phòng \ud800galah\x0bmột\x1fhai\udfff\ufffe") == \
        "văn phòng galah\nmột hai"


def test_clean_text_returns_valid_text_unchanged():
    assert clean_text(TEXT) is TEXT


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read_not_called_binary(codec):
    assert decode_bytes(TEXT.encode(codec)) == TEXT


def test_one_bad_utf8_sequence_is_replaced_and_counted():
    data = TEXT.encode("utf-8").replace("Khánh".encode(), b"Kh\xe1nh")
    assert decode_counting(data) == (TEXT.replace("Khánh", "Kh\ufffdnh"), 1)


def test_a_decoded_page_holds_no_control_character():
    assert decode_bytes(TEXT.encode() + b"\x01\x02 \xc2\x85") == TEXT + "   \n"
