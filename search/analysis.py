"""Vietnamese text analysis: NFC tokens with original offsets, tone placement, folding."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import Token, Tokenizer

from .folding import DD_LOOKALIKES, WORD_RE, fold_word

# Bump when analysis changes what is indexed, or the index layout changes (vi-4: posting
# arrays beside each segment; vi-5: one folded body field; vi-6: title key and MinHash
# columns for near-duplicates; vi-7: the posting arrays are the only copy of the matched
# fields' postings, in a new layout): the index must then be rebuilt.
ANALYZER_VERSION = "vi-7"

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_VOWELS = set("aăâeêioôơuưy")
_HAT_VOWELS = set("ăâêôơư")
# Spelling variants that are one word; proper names are not touched by this list.
_SPELLING_VARIANTS = {
    "kĩ": "kỹ", "kí": "ký", "kì": "kỳ", "lí": "lý", "mĩ": "mỹ",
    "quí": "quý", "quì": "quỳ", "qui": "quy", "tỉ": "tỷ",
}


def tokenize(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, NFC word) for each word, offsets into the text as given.

    >>> [t for _, _, t in tokenize("Thành uỷ, TP.HCM")]
    ['Thành', 'uỷ', 'TP', 'HCM']
    """
    for match in WORD_RE.finditer(text):
        word = match.group(0)
        if not word.isascii():
            word = unicodedata.normalize("NFC", word)
        yield match.start(), match.end(), word


def _tone_position(base: str) -> int | None:
    """Return the index of the vowel that carries the tone in a toneless syllable."""
    start = 0
    while start < len(base) and base[start] not in _VOWELS:
        start += 1
    after_qu = base[start:start + 1] == "u" and base[start - 1:start] == "q"
    after_gi = (base[start:start + 1] == "i" and base[start - 1:start] == "g"
                and base[start + 1:start + 2] in _VOWELS)
    if after_qu or after_gi:  # "quý", "giá": the u/i belongs to the initial consonant
        start += 1
    end = start
    while end < len(base) and base[end] in _VOWELS:
        end += 1
    if start == end or any(c in _VOWELS for c in base[end:]):
        return None
    cluster = base[start:end]
    hats = [i for i, c in enumerate(cluster) if c in _HAT_VOWELS]
    if hats:
        return start + hats[-1]
    if end < len(base):
        return end - 1
    if len(cluster) == 3:
        return start + 1
    return start


@lru_cache(maxsize=50_000)
def place_tone(syllable: str) -> str:
    """Move the tone mark of a lower-case syllable to its canonical vowel.

    >>> place_tone("uỷ"), place_tone("hoà"), place_tone("hoá"), place_tone("qúy")
    ('ủy', 'hòa', 'hóa', 'quý')
    >>> place_tone("người"), place_tone("thuở"), place_tone("gì")
    ('người', 'thuở', 'gì')
    """
    nfd = unicodedata.normalize("NFD", syllable)
    tones = [c for c in nfd if c in _TONES]
    if len(tones) != 1:
        return syllable
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
    index = _tone_position(base)
    if index is None:
        return syllable
    marked = unicodedata.normalize("NFC", base[index] + tones[0])
    return base[:index] + marked + base[index + 1:]


@lru_cache(maxsize=200_000)
def normalize_word(word: str) -> str:
    """Lower-case an NFC word, unify đ look-alikes, tone placement and i/y variants.

    >>> normalize_word("Uỷ"), normalize_word("KHÁNH"), normalize_word("Ðà"), normalize_word("kĩ")
    ('ủy', 'khánh', 'đà', 'kỹ')
    """
    word = word.lower()
    if word.isascii():
        return _SPELLING_VARIANTS.get(word, word)
    word = place_tone(word.translate(DD_LOOKALIKES))
    return _SPELLING_VARIANTS.get(word, word)


def fold_text(text: str) -> str:
    """Return the folded words of a text joined by spaces.

    >>> fold_text("Văn phòng Tỉnh uỷ")
    'van phong tinh uy'
    """
    return " ".join(fold_word(normalize_word(w)) for _, _, w in tokenize(text))


def normalize_text(text: str) -> str:
    """Return the normalized (accented) words of a text joined by spaces.

    >>> normalize_text("Thành uỷ Khánh Hoà")
    'thành ủy khánh hòa'
    """
    return " ".join(normalize_word(w) for _, _, w in tokenize(text))


def has_accents(word: str) -> bool:
    """Tell whether a word carries any Vietnamese diacritic (đ included)."""
    return not word.isascii()


class VietnameseTokenizer(Tokenizer):
    """Split text into NFC words whose offsets point into the original text.

    form "normalized", "folded" or "accented" turns each word into that form in the
    tokenizer itself: the index writer analyzes every text three times, and a chain of
    Whoosh filters per form cost a generator layer per token each.

    >>> [(t.text, t.startchar) for t in VietnameseTokenizer()("Đảng bộ", chars=True)]
    [('Đảng', 0), ('bộ', 5)]
    >>> [t.text for t in VietnameseTokenizer("folded")("Đảng bộ")]
    ['dang', 'bo']
    """

    def __init__(self, form: str | None = None) -> None:
        self.form = form

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        convert = _FORMS[getattr(self, "form", None)]
        words = _split(value) if tokenize else ((0, len(value), unicodedata.normalize("NFC", value)),)
        for pos, (start, end, word) in enumerate(words):
            word = convert(word)
            if word is None:
                continue
            token.text = word
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


@lru_cache(maxsize=1)
def _split(value: str) -> tuple[tuple[int, int, str], ...]:
    """Return the words of a value; the writer passes the same text for each form."""
    return tuple(tokenize(value))


@lru_cache(maxsize=200_000)
def _accented_only(word: str) -> str | None:
    """Return the normalized word if it has diacritics, else None."""
    normalized = normalize_word(word)
    return None if normalized.isascii() else normalized


_FORMS = {
    None: lambda word: word,
    "normalized": normalize_word,
    "folded": lambda word: fold_word(normalize_word(word)),
    "accented": _accented_only,
}


class SyllablePairTokenizer(Tokenizer):
    """Emit folded pairs of adjacent words not split by punctuation.

    >>> [t.text for t in SyllablePairTokenizer()("Văn phòng Tỉnh ủy. Hà Nội")]
    ['van_phong', 'phong_tinh', 'tinh_uy', 'ha_noi']
    """

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, pair in enumerate(folded_pairs(value)):
            token.text = pair
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + pos
            yield token


def folded_pairs(text: str) -> Iterator[str]:
    """Yield "a_b" for each two folded words separated by whitespace only."""
    previous_end, previous_word = None, None
    for start, end, word in tokenize(text):
        folded = fold_word(normalize_word(word))
        if previous_word is not None and text[previous_end:start].isspace():
            yield previous_word + "_" + folded
        previous_end, previous_word = end, folded


def accent_analyzer():
    """Analyzer for accent-preserving text.

    >>> [t.text for t in accent_analyzer()("Thành Uỷ Khánh Hoà")]
    ['thành', 'ủy', 'khánh', 'hòa']
    """
    return VietnameseTokenizer("normalized")


def accented_field_analyzer():
    """Analyzer for the accent-preserving fields, which index accented words only.

    Their plain words would repeat the folded field's postings and roughly double the
    cost of indexing; an accent boost only ever looks up words with diacritics.

    >>> [t.text for t in accented_field_analyzer()("Ban Thường vụ")]
    ['thường', 'vụ']
    """
    return VietnameseTokenizer("accented")


def folded_analyzer():
    """Analyzer for the diacritic-free fields.

    >>> [t.text for t in folded_analyzer()("Đà Nẵng")]
    ['da', 'nang']
    """
    return VietnameseTokenizer("folded")


def pair_analyzer():
    """Analyzer for the folded adjacent-pair fields."""
    return SyllablePairTokenizer()
