"""Tell article lines from page furniture: patterns, context and per-source repetition."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from indexer.metadata import byline, dateline

_BULLETS = "•·●○■□▪▫◦►▶»*+-–—"
_BULLET_RE = re.compile(r"^[%s]+\s*" % re.escape(_BULLETS))
_BULLET_STARTS = frozenset(_BULLETS)
_SPACE_RE = re.compile(r"\s+")

# Furniture a short line may open with (matched on the lower-cased line).
_SHORT_RE = re.compile(r"""^(?:
    thống\ kê\ truy\ cập | người\ trực\ tuyến | đang\ (?:truy\ cập|online|trực\ tuyến)
  | (?:tổng\ )?(?:số\ )?lượt\ (?:truy\ cập|xem|đọc|view) | truy\ cập\ (?:hôm\ nay|trong) | online\b
  | \d+\ *(?:lượt\ xem|go\ ?top|bình\ luận) | lượt\ xem | go\ ?top | back\ to\ top
  | (?:lên|về)\ đầu\ trang | in\ bài(?:\ viết)? | bản\ in | gửi\ (?:email|bài\ viết|cho\ bạn)
  | chia\ sẻ | share\b | tweet\b | email\b | print\b | lưu\ bài | theo\ dõi\ (?:báo|chúng)
  | quay\ (?:lại|về) | trở\ (?:lại|về)\b
  | viết\ bình\ luận | gửi\ (?:bình\ luận|ý\ kiến) | ý\ kiến\ (?:bạn\ đọc|của\ bạn) | bình\ luận\b
  | ý\ kiến\ \(\d | mã\ (?:xác\ nhận|bảo\ mật|kiểm\ tra) | lấy\ lại\ mã | nhập\ mã
  | (?:hiện\ tại\ )?(?:không\ có\ )?(?:thăm\ dò|bình\ chọn) | kết\ quả\ bình\ chọn
  | tin\ đã\ đưa | các\ (?:bài|tin)\ (?:mới|đã|khác|cùng|liên) | (?:bài|tin)\ (?:liên\ quan|khác|cùng)
  | bài\ viết\ (?:liên\ quan|khác|xem|mới|cùng) | tin\ (?:mới|nổi\ bật|tiêu\ điểm)\b | tin\ tức\ khác
  | (?:có\ thể\ )?bạn\ (?:có\ thể\ )?quan\ tâm | xem\ (?:thêm|tiếp|nhiều|tất\ cả) | đọc\ (?:thêm|nhiều)
  | (?:ảnh|hình|ảnh\ minh\ họa|ảnh\ minh\ hoạ)[\ :]*
    (?:minh\ h(?:ọa|oạ)|internet|tư\ liệu|nguồn\ internet)[.\ ]*$
  | trang\ chủ\b | copyright | ©
)""", re.VERBOSE)
# Lists of other articles open with a heading such as "Thời sự xem nhiều" or "Tin liên quan".
_LIST_HEAD_RE = re.compile(
    r"(?:xem nhiều|đọc nhiều|tin liên quan|bài liên quan|tin khác|tin mới|bài mới|đã đăng|"
    r"đã đưa|cùng chuyên mục|quan tâm|tin cùng|nổi bật)(?: nhất)?\W*$")
_FORM_RE = re.compile(r"^(?:họ (?:và )?tên|số điện thoại|điện thoại|e-?mail|địa chỉ(?: e-?mail)?|"
                      r"tiêu đề|nội dung|mã xác nhận)\s*:?\s*(?:\(\*\))?\s*:?$")
# Both run on lower-cased lines; no leading `\w+` so a search stays linear.
_LINK_RE = re.compile(r"https?://|www\.|@[\w-]+\.\w|\w\.(?:vn|com|net|org)\b")
_CALL_RE = re.compile(r"\bmời\s+(?:bạn|quý)\s+(?:đọc|độc|vị)|cùng làm báo|"
                      r"gửi (?:tin|bài|về hộp thư)|đường dây nóng|hotline")
_CALL_HINTS = ("mời", "làm báo", "gửi", "hotline", "đường dây")
_LINK_HINTS = ("http", "www.", "@", ".vn", ".com", ".net", ".org")
_NUMERIC_RE = re.compile(r"^[\d\W_]+$")
_COUNTER_RE = re.compile(r"\b\d{2,}[\d.,]*\s*$")
_SENTENCE_END = (".", "!", "?", "…", "”", "\"", ")", ".)")

BODY, FURNITURE, BYLINE = "body", "furniture", "byline"


def normalize_line(line: str) -> str:
    """Collapse whitespace (NBSP included) to single spaces.

    >>> normalize_line("  Mã xác nhận:\\u00a0  Lấy lại ")
    'Mã xác nhận: Lấy lại'
    """
    return _SPACE_RE.sub(" ", line).strip()


def strip_bullet(line: str) -> str:
    """Drop a list bullet.

    >>> strip_bullet("• Khách Khách 903")
    'Khách Khách 903'
    """
    # Most lines open with no bullet: a set lookup is 4x cheaper than the substitution.
    return _BULLET_RE.sub("", line) if line[:1] in _BULLET_STARTS else line


def _doubled(text: str) -> bool:
    """Tell whether a line repeats its label, as icon text does ("Khách Khách 903").

    >>> _doubled("Người trực tuyến Người trực tuyến"), _doubled("Lượt truy cập: Lượt truy cập: 815")
    (True, True)
    """
    words = re.sub(r"[\d.,]+$", "", text).split()
    half = len(words) // 2
    return len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]


def is_furniture(line: str) -> bool:
    """Tell whether a line is page furniture on its own, whatever surrounds it.

    >>> is_furniture("506 Go top"), is_furniture("Ảnh minh họa."), is_furniture("Truyền thống vẻ vang")
    (True, True, False)
    """
    text = strip_bullet(line)
    low = text.lower()
    words = low.count(" ") + 1
    if words <= 25 and (_SHORT_RE.match(low) or _FORM_RE.match(low) or "(*)" in low):
        return True
    if _NUMERIC_RE.match(low) or (words <= 12 and _LIST_HEAD_RE.search(low)):
        return True
    if words > 12:  # links make a line furniture only past 12 words with a call, alone furniture
        return words < 80 and _calls(low)
    if any(map(low.__contains__, _LINK_HINTS)) and _LINK_RE.search(low):
        return True
    return words <= 8 and (_doubled(text) or
                           bool(_COUNTER_RE.search(low) and not low.endswith("năm")))


def _calls(low: str) -> bool:
    """Tell whether a lower-cased line calls readers to act (send news, a hotline)."""
    return any(map(low.__contains__, _CALL_HINTS)) and bool(_CALL_RE.search(low))


def is_prose(line: str) -> bool:
    """Tell whether a line reads as a paragraph of running text."""
    words = line.count(" ") + 1
    return words >= 15 or (words >= 8 and line.endswith((*_SENTENCE_END, ",", ";", ":")))


@dataclass
class SiteLearner:
    """Count short lines per source; lines on many pages of a source are its furniture."""

    min_pages: int = 3
    share: float = 0.02
    max_lines: int = 50_000
    pages: Counter = field(default_factory=Counter)
    lines: dict = field(default_factory=dict)

    def observe(self, source: str, lines: list[str]) -> None:
        """Record the short lines of one page of a source."""
        self.pages[source] += 1
        counts = self.lines.setdefault(source, Counter())
        counts.update({line for line in lines if line.count(" ") < 15})
        if len(counts) > self.max_lines:
            for line in [k for k, n in counts.items() if n == 1]:
                del counts[line]

    def is_furniture(self, source: str, line: str) -> bool:
        """Tell whether a line repeats across enough pages of its source."""
        seen = self.lines.get(source, {}).get(line, 0)
        return seen >= self.min_pages and seen >= self.share * self.pages[source]


def _list_runs(lines: list[str], labels: list[str]) -> None:
    """Mark the items under a list heading ("Tin liên quan", "Thời sự xem nhiều")."""
    in_list = False
    for i, line in enumerate(lines):
        if labels[i] == FURNITURE:
            low = strip_bullet(line).lower()
            in_list = in_list or (low.count(" ") < 12 and bool(_LIST_HEAD_RE.search(low)))
        elif in_list and (line != strip_bullet(line) or not is_prose(line)
                          or not line.endswith(_SENTENCE_END)):
            labels[i] = FURNITURE
        else:
            in_list = False


def _repeats(lines: list[str], labels: list[str]) -> None:
    """Mark repeated lines: short ones and list items go, a repeated sentence keeps its first copy."""
    counts = Counter(map(strip_bullet, lines))
    if len(counts) == len(lines):
        return
    seen = set()
    for i, line in enumerate(lines):
        text = strip_bullet(line)
        if counts[text] > 1 and line.count(" ") < 30:
            if text in seen or line != text or text.count(" ") < 7:
                labels[i] = FURNITURE
            seen.add(text)


def _head_and_tail(lines: list[str], labels: list[str]) -> None:
    """Mark menus before the first paragraph and everything short after the last one."""
    prose = [i for i, line in enumerate(lines) if labels[i] == BODY and is_prose(line)]
    if not prose:
        return
    if prose[0] >= 3:  # a run of short lines before the text is a menu or breadcrumb
        labels[:prose[0]] = [FURNITURE] * prose[0]
    in_furniture = False
    for i in range(prose[-1] + 1, len(lines)):
        line = lines[i]
        if labels[i] == FURNITURE or dateline(line):
            labels[i] = FURNITURE
            in_furniture = True
        elif not in_furniture and byline(line):
            labels[i] = BYLINE
        elif i == prose[-1] + 1 and line.count(" ") >= 7:
            continue  # a paragraph cut off mid-sentence ends many dumps
        elif in_furniture or not (line.endswith(_SENTENCE_END) and line.count(" ") >= 2):
            labels[i] = FURNITURE
            in_furniture = True


def classify(lines: list[str], learned=None) -> list[str]:
    """Label each line body, furniture or byline; `learned(line)` flags site furniture.

    >>> para = "Văn phòng Tỉnh ủy tổ chức hội nghị tổng kết công tác năm với nhiều kết quả tốt"
    >>> classify([para + ".", "Truyền thống", para + " hơn.", "Tấn Quang", "Tin đã đưa"])
    ['body', 'body', 'body', 'byline', 'furniture']
    """
    labels = [FURNITURE if is_furniture(line) or (learned and learned(line)) else BODY
              for line in lines]
    _repeats(lines, labels)
    _list_runs(lines, labels)
    _head_and_tail(lines, labels)
    return labels
