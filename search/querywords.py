"""What each query word is for: content, a question or filler word, an intent, a year.

Question and filler words ("vì sao", "là gì", "bao nhiêu") never exclude a page and weigh
little; intent words ("mới nhất") ask for the newest good matches and are not searched; a
year ("2016") is a hint for the year facet. Each is matched on the accented words, typed or
restored from the corpus: "ha noi" is "hà nội", not the question word "hả". A word with no
accents typed nor restored matches a phrase of two or more words only ("vi sao").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .analysis import fold_text, normalize_text
from .expansion import is_year

QUESTION = ("vì sao", "tại sao", "là ai", "ai", "là gì", "gì", "như thế nào", "thế nào",
            "ra sao", "làm sao", "bao giờ", "khi nào", "lúc nào", "ở đâu", "đâu", "có phải",
            "bao nhiêu", "mấy", "nào", "những gì", "được không", "hay không", "chưa", "vậy",
            "nhỉ", "hả", "ạ", "xin hỏi", "cho hỏi", "cho biết")
# Only the question's last word: elsewhere they are content ("không quân", "có thể").
QUESTION_TAIL = ("không", "à", "chứ")
RECENT = ("mới nhất", "gần đây", "hôm nay", "mới đây", "vừa qua")
# Roles a modifier turns into another role: "phó chủ tịch" is not the "chủ tịch".
ROLES = ("chủ tịch", "bí thư", "giám đốc", "trưởng ban", "trưởng phòng", "bộ trưởng",
         "thủ tướng", "tổng bí thư", "chánh văn phòng", "chánh án", "viện trưởng",
         "chủ nhiệm", "tổng giám đốc", "thứ trưởng", "cục trưởng", "hiệu trưởng")
MODIFIERS = ("phó", "nguyên", "cựu", "quyền")
# Grammar words a headline leaves out ("Cách chức Bí thư ... Nguyễn Xuân Anh" for "Nguyễn
# Xuân Anh bị cách chức"): voice, tense, possession, plural, address, linking prepositions.
HEADLINE_DROPS = ("bị", "được", "đã", "đang", "sẽ", "vừa", "là", "của", "và", "với", "cho",
                  "các", "những", "một", "ông", "bà", "về", "tại", "ở", "trong", "vì", "do",
                  "để", "thì", "mà", "này", "đó")
FILLER_WEIGHT = 0.1
# Typed keywords run to about a dozen words ("dai hoi dang toan quoc bau BCH TW khoa XII");
# more content words than this is text pasted from somewhere.
LONG_KEYWORDS = 16
# A sentence's marks inside a query: commas, semicolons, a question or exclamation mark,
# a full stop or colon before a space not after a capital ("TP. HCM" is a name); "5,6" is
# a number.
_SENTENCE_RE = re.compile(r"[;?!…]|,(?!\d)|(?<![A-ZĐ])[.:](?:\s|$)")


@dataclass
class Roles:
    """Which query words are filler, which ask for recency, and the year named, if any."""

    filler: set[int] = field(default_factory=set)
    recent: set[int] = field(default_factory=set)
    droppable: set[int] = field(default_factory=set)  # grammar words headlines leave out
    year: str | None = None
    year_word: int | None = None
    role_first: bool = False  # the query opens with a role a modifier would change
    pasted: bool = False      # text or a question pasted, not keywords typed (reads_as_pasted)

    @property
    def optional(self) -> set[int]:
        """Return the words a page need not hold."""
        return self.filler | self.recent | ({self.year_word} if self.year_word is not None else set())


def read_roles(words: list, spelt: list[str | None] | None = None) -> Roles:
    """Return the role of each query word (Word objects), given how the corpus spells each
    unaccented one (None where it cannot tell)."""
    roles = Roles()
    spelt = [w.normalized if w.accented else (spelt[i] if spelt else None)
             for i, w in enumerate(words)]
    _mark(words, spelt, RECENT, roles.recent)
    _mark(words, spelt, QUESTION, roles.filler, taken=roles.recent)
    if len(words) > 1:
        _mark(words[-1:], spelt[-1:], QUESTION_TAIL, roles.filler, offset=len(words) - 1)
    for index, word in enumerate(words):
        if is_year(word.folded):
            roles.year, roles.year_word = word.folded, index
    if not set(range(len(words))) - roles.optional:  # nothing but filler: search it all
        return Roles(year=roles.year)
    _mark(words, spelt, HEADLINE_DROPS, roles.droppable, taken=roles.optional)
    content = [w for i, w in enumerate(words) if i not in roles.optional]
    opening = " ".join(w.folded for w in content[:3])
    roles.role_first = opening.startswith(_folded(ROLES))
    return roles


def reads_as_pasted(text: str, roles: Roles, content: int) -> bool:
    """Tell whether a query is pasted text or a question rather than typed keywords: it
    asks (question words), is written as a sentence (commas, a question mark), or holds
    more content words than people type.

    >>> plain = Roles()
    >>> reads_as_pasted("dai hoi dang toan quoc bau BCH TW khoa XII", plain, 10)
    False
    >>> reads_as_pasted("HĐND TP. HCM họp về Thủ Thiêm", plain, 7)
    False
    >>> reads_as_pasted("Bình Phước có dự án điện mặt trời, tổng công suất 3.506 MWp", plain, 14)
    True
    """
    return bool(roles.filler) or bool(_SENTENCE_RE.search(text)) or content > LONG_KEYWORDS


def modifier_words() -> list[str]:
    """Return the folded modifiers that change a role."""
    return list(_folded(MODIFIERS))


@lru_cache(maxsize=4)
def _folded(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """Return the folded phrases (computed once: 17 folds a query cost 0.15 ms)."""
    return tuple(fold_text(p) for p in phrases)


@lru_cache(maxsize=8)
def _spellings(phrases: tuple[str, ...]) -> list[tuple[int, str, str, frozenset[str]]]:
    """Return (words, accented, folded, folded words) of each phrase, longest first
    (computed once)."""
    found = [(len(p.split()), normalize_text(p), fold_text(p), frozenset(fold_text(p).split()))
             for p in phrases]
    return sorted(found, key=lambda item: -item[0])


def _mark(words: list, spelt: list[str | None], phrases: tuple[str, ...], into: set[int],
          taken: set[int] = frozenset(), offset: int = 0) -> None:
    """Add the indexes of the words that form one of the phrases."""
    folded_words = {w.folded for w in words}
    for size, accented, folded, needed in _spellings(phrases):
        if not needed <= folded_words:  # most phrases share no word: skip
            continue
        for start in range(len(words) - size + 1):
            span = range(start, start + size)
            if any(offset + i in into or offset + i in taken for i in span):
                continue
            forms = spelt[start:start + size]
            if all(forms):
                found = " ".join(forms) == accented
            else:
                found = size > 1 and " ".join(w.folded for w in words[start:start + size]) == folded
            if found:
                into.update(offset + i for i in span)
