"""Turn page bytes into text: BOMs, UTF-8, declared charsets, Windows-1258; refuse mojibake."""

from __future__ import annotations

import codecs
import re
import unicodedata

UNDECODABLE = "undecodable text (not UTF-8/UTF-16/Windows-1258)"
BINARY = "binary file"
REPAIRED_NOTE = "{count} invalid UTF-8 sequence(s) replaced"
MAX_REPAIRS = 8  # a page with more bad sequences than this is another encoding or garbage

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.IGNORECASE)
_VI_LETTERS = {unicodedata.normalize("NFC", base + tone) for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
               for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")} | set("đĐ")
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_PUNCT = set("“”‘’–—…•·«»°×\u00a0\u200b©®™€½")
# UTF-8 read as Windows-1252: "Ã " for "à", "Ä‘" for "đ", "á»§" for "ủ", "Æ°" for "ư".
_MOJIBAKE_RE = re.compile("Ã[\u0080-\u00bf\u0152-\u2122]|Ä[‘’\u0080-\u00bf]|á[º»]|Æ[°¡]")
# What XML 1.0 and UTF-8 cannot carry: C0/C1 controls but tab and newlines, lone
# surrogates (from "\ud800" in JSON or an undecodable file name), U+FFFE and U+FFFF.
_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85"  # str.splitlines() breaks lines at these


def clean_text(text: str) -> str:
    """Drop what no page, feed or encoder can carry: controls become spaces, surrogates go.

    >>> clean_text("văn\\x00phòng \\ud800galah\\x0bx")
    'văn phòng galah\\nx'
    """
    if _INVALID_RE.search(text) is None:
        return text
    return _INVALID_RE.sub(_replacement, text)


def _replacement(match: re.Match) -> str:
    """Return what replaces one invalid character."""
    char = match.group()
    if char in _LINE_BREAKS:
        return "\n"
    return "" if char >= "\ud800" else " "


class DecodeError(ValueError):
    """Bytes that are not text in an encoding we read; the message is the skip reason."""


class UndecodableText(DecodeError):
    """Bytes that decode to nothing readable."""


def declared_charset(head: bytes) -> str | None:
    """Return the codec named by a <meta charset> in the first bytes of a page.

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">')
    'cp1258'
    >>> declared_charset(b'<meta charset="x-unknown">') is None
    True
    """
    match = _CHARSET_RE.search(head[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def is_binary(data: bytes) -> bool:
    """Tell binary data from text by NUL and control bytes in its first 8 KB.

    >>> is_binary(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00"), is_binary("Hà Nội".encode())
    (True, False)
    """
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(head) * 0.05


def looks_vietnamese(text: str) -> bool:
    """Tell whether decoded text holds no mojibake, stray symbols or loose tone marks.

    >>> looks_vietnamese("Thành ủy Hà Nội"), looks_vietnamese("ThÃ nh á»§y HÃ  Ná»™i")
    (True, False)
    """
    if len(_MOJIBAKE_RE.findall(text, 0, 65536)) >= 2:
        return False
    odd = other = 0
    for char in text:
        if char < "\x80":
            continue
        if char in _VI_LETTERS or char in _PUNCT:
            other += 1
        else:
            odd += 1
    return odd <= max(2, (odd + other) * 0.02)


def repair_mojibake(text: str) -> str | None:
    """Undo UTF-8 read as Windows-1252 ("Ä‘áº£ng" -> "đảng"), or return None.

    >>> repair_mojibake("Ä‘áº£ng")
    'đảng'
    """
    raw = bytearray()
    for char in text:
        try:  # bytes 0x81, 0x8D... have no cp1252 letter and come through as latin-1 controls
            raw += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 255:
                return None
            raw.append(ord(char))
    try:
        fixed = unicodedata.normalize("NFC", raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None
    return fixed if looks_vietnamese(fixed) else None


def encode_cp1258(text: str) -> bytes:
    """Encode text as Windows-1258 does: base letters precomposed, tone marks combining.

    >>> encode_cp1258("ủy")
    b'u\\xd2y'
    """
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _TONES)
        out += unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES)).encode(
            "cp1258") + tones.encode("cp1258")
    return bytes(out)


def _attempt(data: bytes, codec: str, errors: str = "strict") -> str | None:
    """Decode and NFC-normalise, or return None."""
    try:
        text = data.decode(codec, errors)
    except (UnicodeDecodeError, LookupError):
        return None
    return unicodedata.normalize("NFC", text)


def utf16_codec(data: bytes) -> str | None:
    """Name the byte order of UTF-16 text without a BOM, told by where its zero bytes fall.

    >>> utf16_codec("Văn phòng".encode("utf-16-le")), utf16_codec("Văn phòng".encode())
    ('utf-16-le', None)
    """
    head = data[:8192]
    if len(head) < 8 or len(data) % 2:
        return None
    evens, odds = head[0::2].count(0), head[1::2].count(0)
    # ASCII and "à" (U+00E0) have a zero high byte; few Vietnamese letters a zero low byte.
    if odds > len(head) * 0.15 and evens <= len(head) * 0.01:
        return "utf-16-le"
    if evens > len(head) * 0.15 and odds <= len(head) * 0.01:
        return "utf-16-be"
    return None


def _repaired_utf8(data: bytes) -> tuple[str, int] | None:
    """Decode UTF-8 with a few bad sequences replaced by U+FFFD, if the rest is clean text.

    Windows-1258 bytes are also bad UTF-8: the valid multi-byte letters must outnumber them.
    """
    text = _attempt(data, "utf-8", "replace")
    # a U+FFFD the page itself holds is b"\xef\xbf\xbd"; every other one is a repair
    repairs = text.count("\ufffd") - data.count(b"\xef\xbf\xbd") if text else 0
    if not 0 < repairs <= MAX_REPAIRS:
        return None
    rest = text.replace("\ufffd", "")
    letters = sum(1 for char in rest if char >= "\x80")
    return (text, repairs) if letters >= 3 * repairs and looks_vietnamese(rest) else None


def decode_bytes(data: bytes, html: bool = False) -> str:
    """Decode page bytes to NFC text; raise DecodeError with a skip reason when that is unsafe.

    >>> decode_bytes("Thành ủy".encode("utf-16")), decode_bytes(b"Th\\xe0nh \\xf4y")
    ('Thành ủy', 'Thành ôy')
    """
    return decode_counting(data, html)[0]


def decode_counting(data: bytes, html: bool = False) -> tuple[str, int]:
    """Decode page bytes like decode_bytes; also return how many bad UTF-8 sequences were replaced.

    >>> decode_counting("Thành ủy Hà Nội".encode() + b"\\xff")
    ('Thành ủy Hà Nội\\ufffd', 1)
    """
    text, repairs = _decode(data, html)
    valid = clean_text(text)  # after repair_mojibake, which reads C1 controls as bytes
    return (text if valid is text else unicodedata.normalize("NFC", valid)), repairs


def _decode(data: bytes, html: bool) -> tuple[str, int]:
    """Decode page bytes, trying each encoding we read in turn."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _attempt(data, codec)
            if text is None:
                raise UndecodableText(UNDECODABLE)
            return text.lstrip("\ufeff"), 0
    wide = utf16_codec(data)
    text = _attempt(data, wide) if wide else None
    if text is not None and looks_vietnamese(text):
        return text, 0
    if is_binary(data):
        raise DecodeError(BINARY)
    text = _attempt(data, "utf-8")
    if text is not None:
        if _MOJIBAKE_RE.search(text) and not looks_vietnamese(text):
            text = repair_mojibake(text)
            if text is None:
                raise UndecodableText(UNDECODABLE)
        return text, 0
    repaired = _repaired_utf8(data)
    if repaired is not None:
        return repaired
    declared = declared_charset(data) if html else None
    for codec in dict.fromkeys(c for c in (declared, "cp1258") if c and c != "utf-8"):
        text = _attempt(data, codec)
        if text is not None and looks_vietnamese(text):
            return text, 0
    raise UndecodableText(UNDECODABLE)
