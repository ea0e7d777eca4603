"""Abbreviations and synonyms: forms of one name that find each other, as folded word tuples.

Three sources, merged into one table: the built-in Vietnamese list below, pairs the corpus
defines itself ("Ủy ban Kiểm tra (UBKT)", learned at reindex) and a user file named by the
`synonyms` setting, one group a line in Elasticsearch's format: "ubnd, ủy ban nhân dân"
(every form finds every other) or "sg => sài gòn" (the left finds the right only).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from .analysis import fold_text
from .errors import BadParameter

# Each line is one group of forms that name the same thing. Forms are written as people
# write them; they are folded when read, so "TP.HCM" is the words (tp, hcm).
BUILT_IN = """
UBND, Ủy ban nhân dân
HĐND, Hội đồng nhân dân
MTTQ, Mặt trận Tổ quốc
UBMTTQ, Ủy ban Mặt trận Tổ quốc
TPHCM, TP.HCM, TP Hồ Chí Minh, Thành phố Hồ Chí Minh, Sài Gòn
TP, Thành phố
BCH, Ban Chấp hành
BTV, Ban Thường vụ
BCT, Bộ Chính trị
UBKT, Ủy ban Kiểm tra
TW, T.Ư, Trung ương
TU => Tỉnh ủy, Thành ủy
HU => Huyện ủy
QU => Quận ủy
ĐU => Đảng ủy
BCHTW, BCH TW, Ban Chấp hành Trung ương
TBT, Tổng Bí thư
ĐBQH, Đại biểu Quốc hội
UBTVQH, Ủy ban Thường vụ Quốc hội
BHXH, Bảo hiểm xã hội
BHYT, Bảo hiểm y tế
THPT, Trung học phổ thông
THCS, Trung học cơ sở
CSGT, Cảnh sát giao thông
CAND, Công an nhân dân
QĐND, Quân đội nhân dân
KT-XH, KTXH, Kinh tế - xã hội
XHCN, Xã hội chủ nghĩa
CNXH, Chủ nghĩa xã hội
PCTN, Phòng chống tham nhũng
CCHC, Cải cách hành chính
NTM, Nông thôn mới
NN&PTNT, Nông nghiệp và Phát triển nông thôn
GTVT, Giao thông vận tải
TN&MT, TNMT, Tài nguyên và Môi trường
LĐ-TB&XH, Lao động - Thương binh và Xã hội
GD&ĐT, GDĐT, Giáo dục và Đào tạo
KH&CN, KHCN, Khoa học và Công nghệ
ATGT, An toàn giao thông
CCB, Cựu chiến binh
LĐLĐ, Liên đoàn Lao động
LHPN, Liên hiệp Phụ nữ
TNCS, Thanh niên Cộng sản
VN, Việt Nam
VKSND, Viện Kiểm sát nhân dân
TAND, Tòa án nhân dân
"""

Form = tuple[str, ...]
LEARNED_FILE = "synonyms.tsv"   # in each generation, written at reindex
MIN_DEFINITIONS = 2             # a pair defined once may be a slip
# "Ủy ban Kiểm tra (UBKT)": a name of 2-8 words, then its initials in brackets.
_BRACKETS_RE = re.compile(r"\(([^\W\d_]{2,8})\)")
_CLAUSE_END_RE = re.compile(r"[.,;:!?()\[\]\n\"“”]")
# Small words an abbreviation skips ("Nông nghiệp và Phát triển nông thôn": NN&PTNT).
_SKIPPED = {"va", "cua", "cac"}


def parse_groups(lines: Iterable[str]) -> Iterator[tuple[list[Form], list[Form]]]:
    """Yield (forms that find, forms found) per line: equal for "a, b", left/right for "a => b".

    >>> list(parse_groups(["sg => Sài Gòn", "# note"]))
    [([('sg',)], [('sai', 'gon')])]
    >>> sources, targets = next(parse_groups(["UBND, Ủy ban nhân dân"]))
    >>> sources == targets == [('ubnd',), ('uy', 'ban', 'nhan', 'dan')]
    True
    """
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        left, arrow, right = line.partition("=>")
        sources = _forms(left)
        targets = _forms(right) if arrow else sources
        if sources and targets:
            yield sources, targets


def _forms(text: str) -> list[Form]:
    """Return the folded word tuples of comma-separated forms."""
    forms = [tuple(fold_text(part).split()) for part in text.split(",")]
    return [form for form in forms if form]


class Synonyms:
    """Which other forms each form finds: a form maps to the forms it may be written as."""

    def __init__(self, groups: Iterable[tuple[list[Form], list[Form]]] = ()) -> None:
        self.table: dict[Form, set[Form]] = {}
        self.longest = 0  # words of the longest form that finds others
        for sources, targets in groups:
            self.add(sources, targets)

    def add(self, sources: list[Form], targets: list[Form]) -> None:
        """Let each source form find each target form."""
        for source in sources:
            self.table.setdefault(source, set()).update(t for t in targets if t != source)
            self.longest = max(self.longest, len(source))

    def forms_of(self, form: Form) -> list[Form]:
        """Return the other forms of a form, shortest first then alphabetically."""
        return sorted(self.table.get(form, ()), key=lambda f: (len(f), f))

    def lines(self) -> list[str]:
        """Return the table as "a => b, c" lines, the format read back by parse_groups."""
        return [f"{' '.join(s)} => {', '.join(' '.join(t) for t in sorted(ts))}"
                for s, ts in sorted(self.table.items()) if ts]


def built_in() -> Synonyms:
    """Return the built-in Vietnamese abbreviations."""
    return Synonyms(parse_groups(BUILT_IN.splitlines()))


def read_file(path: Path) -> list[tuple[list[Form], list[Form]]]:
    """Return the groups of a user synonyms file (UTF-8, one group a line).

    :raises BadParameter: when the file cannot be read.
    """
    try:
        return list(parse_groups(path.read_text(encoding="utf-8").splitlines()))
    except (OSError, UnicodeDecodeError) as error:
        raise BadParameter(f"Cannot read the synonyms file {path}: {error}. Fix the `synonyms` "
                           "setting or the file.", parameter="synonyms", value=str(path)) from None


def learn(texts: Iterable[str], counts: Counter) -> None:
    """Count the abbreviations the texts define ("Ủy ban Kiểm tra (UBKT)")."""
    for text in texts:
        counts.update(defined_pairs(text))


def save_learned(folder: Path, counts: Counter) -> None:
    """Write the pairs defined at least MIN_DEFINITIONS times, one "abbreviation => name" a line."""
    lines = [f"{' '.join(a)} => {' '.join(n)}\t{c}" for (a, n), c in sorted(counts.items())]
    # A new file replaces the old one: a generation's files may be links to the last one's.
    temporary = folder / f"{LEARNED_FILE}.tmp"
    temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(temporary, folder / LEARNED_FILE)


def read_learned(folder: Path) -> list[tuple[list[Form], list[Form]]]:
    """Return the learned pairs of a generation seen often enough, both ways."""
    counts = read_learned_counts(folder)
    return [([a], [n]) for (a, n), c in counts.items() if c >= MIN_DEFINITIONS] + \
        [([n], [a]) for (a, n), c in counts.items() if c >= MIN_DEFINITIONS]


def read_learned_counts(folder: Path) -> Counter:
    """Return the learned pair counts of a generation (empty when it has none)."""
    counts: Counter = Counter()
    path = folder / LEARNED_FILE
    if not path.is_file():
        return counts
    for line in path.read_text(encoding="utf-8").splitlines():
        pair, _, count = line.rpartition("\t")
        for sources, targets in parse_groups([pair]):
            counts[sources[0], targets[0]] += int(count or 0)
    return counts


def defined_pairs(text: str) -> Iterator[tuple[Form, Form]]:
    """Yield (abbreviation, name) for each name a text defines with its initials in brackets.

    >>> list(defined_pairs("họp Ủy ban Kiểm tra (UBKT) Tỉnh ủy; Ban Tuyên giáo (BTG)"))
    [(('ubkt',), ('uy', 'ban', 'kiem', 'tra')), (('btg',), ('ban', 'tuyen', 'giao'))]
    """
    # Brackets first, then the words before them: one pattern over the name and the
    # brackets backtracked at every word: 14 ms an article, this way 0.05 ms.
    for match in _BRACKETS_RE.finditer(text):
        abbreviation = fold_text(match.group(1))
        before = _CLAUSE_END_RE.split(text[max(0, match.start() - 80):match.start()])[-1]
        words = fold_text(before).split()[-8:]
        for start in range(len(words) - 2, -1, -1):  # the shortest tail whose initials fit
            name = words[start:]
            initials = "".join(w[0] for w in name if w not in _SKIPPED)
            if initials == abbreviation and len(name) >= 2:
                yield (abbreviation,), tuple(name)
                break
