"""Turn page bytes into text: BOMs, UTF-8, declared charsets, Windows-1258; refuse mojibake."""

from __future__ import annotations

import codecs
import re
import unicodedata

UNDECODABLE = "undecodable text (not UTF-8/UTF-16/Windows-1258)"
BINARY = "binary file"

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.IGNORECASE)
_VI_LETTERS = {unicodedata.normalize("NFC", base + tone) for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
               for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")} | set("đĐ")
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_PUNCT = set("“”‘’–—…•·«»°×\u00a0\u200b©®™€½")
# UTF-8 read as Windows-1252: "Ã " for "à", "Ä‘" for "đ", "á»§" for "ủ", "Æ°" for "ư".
_MOJIBAKE_RE = re.compile("Ã[\u0080-\u00bf\u0152-\u2122]|Ä[‘’\u0080-\u00bf]|á[º»]|Æ[°¡]")


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


def _attempt(data: bytes, codec: str) -> str | None:
    """Decode strictly and NFC-normalise, or return None."""
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    return unicodedata.normalize("NFC", text)


def decode_bytes(data: bytes, html: bool = False) -> str:
    """Decode page bytes to NFC text; raise DecodeError with a skip reason when that is unsafe.

    >>> decode_bytes("Thành ủy".encode("utf-16")), decode_bytes(b"Th\\xe0nh \\xf4y")
    ('Thành ủy', 'Thành ôy')
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _attempt(data, codec)
            if text is None:
                raise UndecodableText(UNDECODABLE)
            return text.lstrip("\ufeff")
    if is_binary(data):
        raise DecodeError(BINARY)
    text = _attempt(data, "utf-8")
    if text is not None:
        if _MOJIBAKE_RE.search(text) and not looks_vietnamese(text):
            text = repair_mojibake(text)
            if text is None:
                raise UndecodableText(UNDECODABLE)
        return text
    declared = declared_charset(data) if html else None
    for codec in dict.fromkeys(c for c in (declared, "cp1258") if c and c != "utf-8"):
        text = _attempt(data, codec)
        if text is not None and looks_vietnamese(text):
            return text
    raise UndecodableText(UNDECODABLE)
