"""Vietnamese provinces and cities: canonical names, aliases, agency prefixes, mentions."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from search.analysis import fold_text
from search.folding import DD_LOOKALIKES
from search.places import ALIASES, MERGED_2025, PROVINCES_63

# Found in running text only: "thành phố mang tên Bác" is the city named after Hồ Chí Minh.
TEXT_ALIASES = {
    "TP. Hồ Chí Minh": ("thành phố Hồ Chí Minh", "Tp. Hồ Chí Minh", "Tp Hồ Chí Minh",
                        "thành phố mang tên Bác", "Thành phố mang tên Bác",
                        "thành phố mang tên Người", "Thành phố mang tên Người",
                        "thành phố mang tên Chủ tịch Hồ Chí Minh",
                        "Thành phố mang tên Chủ tịch Hồ Chí Minh"),
}
# Bare in a text these name a person or what bears his name (Chủ tịch, tư tưởng, Lăng,
# Đoàn TNCS, đường Hồ Chí Minh): 1,293 bare mentions in party_all, every city one after "TP".
PERSON_NAMES = frozenset({"Hồ Chí Minh", "HỒ CHÍ MINH"})

# Agency prefixes that open the lead ("HNP - ..."): code -> (locality, source). Most are a
# province's paper, "Báo <province>".
AGENCY_PREFIXES = {
    "HNP": ("Hà Nội", "Cổng Giao tiếp điện tử Hà Nội"),
    "HNM": ("Hà Nội", "Báo Hànộimới"),
    "ĐBP": ("Điện Biên", "Báo Điện Biên Phủ"),
    **{code: (place, f"Báo {place}") for code, place in (
        ("CTO", "Cần Thơ"), ("QTO", "Quảng Trị"), ("GLO", "Gia Lai"), ("BPO", "Bình Phước"),
        ("BGĐT", "Bắc Giang"), ("QNO", "Quảng Nam"), ("ĐNO", "Đồng Nai"), ("ĐTO", "Đồng Tháp"),
        ("BTNO", "Tây Ninh"), ("TTH", "Thừa Thiên Huế"))},
}
AGENCY_RE = re.compile(r"^\s*\(?(%s)\)?\s*[-–—:]\s+" % "|".join(
    sorted(map(re.escape, AGENCY_PREFIXES), key=len, reverse=True)))


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    """Fold a place name to a lookup key.

    >>> _key("TP.HCM"), _key("Khánh Hoà"), _key("Bà Rịa – Vũng Tàu")
    ('tphcm', 'khanhhoa', 'bariavungtau')
    """
    return fold_text(name).replace(" ", "")


def _build_table() -> dict[str, str]:
    """Map every folded name and alias to its canonical name."""
    table = {_key(name): name for name in PROVINCES_63}
    for aliases in (ALIASES, TEXT_ALIASES):
        for name, names in aliases.items():
            table.update((_key(alias), name) for alias in names)
    return table


_TABLE = _build_table()
_DD_LOOKALIKE_CHARS = [chr(code) for code in DD_LOOKALIKES]
_PREFIX_RE = re.compile(r"^(?:tỉnh|thành phố|tp\.?)\s+", re.IGNORECASE)


def canonical_locality(name: str | None) -> str | None:
    """Return the canonical province/city name for a name or alias, or None.

    >>> canonical_locality("TPHCM"), canonical_locality("tỉnh Khánh Hoà"), canonical_locality("Huế")
    ('TP. Hồ Chí Minh', 'Khánh Hòa', 'Thừa Thiên Huế')
    >>> canonical_locality("Paris") is None
    True
    """
    if not name or not name.strip():
        return None
    name = unicodedata.normalize("NFC", name.strip())
    return _TABLE.get(_key(name)) or _TABLE.get(_key(_PREFIX_RE.sub("", name)))


def unit_2025(name: str | None) -> str | None:
    """Return the post-2025 unit a place belongs to.

    >>> unit_2025("Hà Giang"), unit_2025("Sài Gòn"), unit_2025("Bình Dương")
    ('Tuyên Quang', 'TP. Hồ Chí Minh', 'TP. Hồ Chí Minh')
    """
    place = canonical_locality(name)
    for unit, absorbed in MERGED_2025.items():
        if place == unit or place in absorbed:
            return unit
    return None


def agency_prefix(lead: str) -> tuple[str, str, str] | None:
    """Return (code, locality, source) when a lead opens with a known agency prefix.

    >>> agency_prefix("ĐBP - Đó là phát biểu")
    ('ĐBP', 'Điện Biên', 'Báo Điện Biên Phủ')
    """
    # Translating a whole lead cost 0.1 ms an article; few hold a look-alike of Đ.
    if any(map(lead.__contains__, _DD_LOOKALIKE_CHARS)):
        lead = lead.translate(DD_LOOKALIKES)
    match = AGENCY_RE.match(lead)
    if not match:
        return None
    return (match.group(1), *AGENCY_PREFIXES[match.group(1)])


def _variants(name: str) -> set[str]:
    """Spell a name with old and new tone placement, and in capitals."""
    swapped = re.sub(r"([oOuU])([\u0300\u0301\u0303\u0309\u0323])([aeyAEY])", r"\1\3\2",
                     unicodedata.normalize("NFD", name))
    forms = {name, unicodedata.normalize("NFC", swapped)}
    return forms | {form.upper() for form in forms}


def _mention_regex() -> re.Pattern:
    """Compile one case-sensitive pattern over every spelled name and alias, grouped by letter."""
    by_first: dict[str, set[str]] = {}
    names = PROVINCES_63 + tuple(a for table in (ALIASES, TEXT_ALIASES)
                                 for aliases in table.values() for a in aliases)
    for name in names:
        for form in _variants(name) - {"HCMC"} - PERSON_NAMES:
            by_first.setdefault(form[0], set()).add(form[1:])
    # A name starts a word, not after "Thái " ("Thái Bình Dương" is the Pacific, not a
    # province), and ends at a word boundary. Each alternative opens with its first letter,
    # the look-behinds after it: then the engine skips to those letters without trying the
    # pattern at every position (2x faster on news text than a look-ahead of them).
    alternation = "|".join(
        re.escape(first) + r"(?<![^\W_].)(?<!Thái .)(?:%s)"
        % "|".join(map(re.escape, sorted(rests, key=len, reverse=True)))
        for first, rests in by_first.items())
    return re.compile(r"(?:%s)(?![^\W_])(?! Dương)" % alternation)


_MENTION_RE = _mention_regex()
# A street or venue named after a place is not about it: "đường Điện Biên Phủ" (Hà Nội),
# "xa lộ Hà Nội" (TP.HCM), "Công viên Hoà Bình"; "thành phố Hà Nội" and "đường phố" are kept.
_STREET_BEFORE_RE = re.compile(
    r"(?<!thành )(?<!Thành )(?<!đường )(?<!Đường )\b(?:đường|Đường|phố|Phố|đại lộ|Đại lộ|"
    r"xa lộ|Xa lộ|ngõ|Ngõ|hẻm|Hẻm|công viên|Công viên|khách sạn|Khách sạn|nhà hát|Nhà hát)\s+$")
# "chiến thắng Điện Biên Phủ" is the 1954 victory; only "thành phố Điện Biên Phủ" is a place.
_HISTORY_RE = re.compile(r"(?<!thành phố )(?<!TP\. )(?<!TP )$")


def _is_place(text: str, match: re.Match) -> bool:
    """Tell a mention of a place from a street, venue or battle named after it."""
    before = text[max(0, match.start() - 16):match.start()]
    if _STREET_BEFORE_RE.search(before):
        return False
    if text.startswith(" Phủ", match.end()) and match.group(0).lower() == "điện biên":
        return not _HISTORY_RE.search(before)
    return True


def mentions(text: str) -> list[str]:
    """Return the canonical places named in a text, in order of appearance.

    >>> mentions("Văn phòng Thành ủy TP.HCM và tỉnh Khánh Hoà; hòa bình, Thái Bình Dương")
    ['TP. Hồ Chí Minh', 'Khánh Hòa']
    """
    if "Ð" in text or "Ɖ" in text:
        text = text.translate(DD_LOOKALIKES)
    return [_TABLE[_key(m.group(0))] for m in _MENTION_RE.finditer(text) if _is_place(text, m)]


def guess_locality(title: str, lead: str, body: str) -> str | None:
    """Pick the place an article is about: agency prefix, then title, then the commonest mention."""
    prefix = agency_prefix(lead)
    if prefix:
        return prefix[1]
    in_title = mentions(title)
    if in_title:
        return in_title[0]
    counts = Counter(mentions(body))
    if not counts:
        return None
    return counts.most_common(1)[0][0]
