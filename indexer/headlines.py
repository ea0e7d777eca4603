"""Headlines of crawled records: markup and entities removed, run-on leads and captions split off."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from indexer.boilerplate import normalize_line
from indexer.htmlpage import markup_lines
from indexer.metadata import dateline, title_from_lead

# Known tags only: "a <b> c" is HTML, "5 < 7 > 3" and "<3" are not.
_TAG_RE = re.compile(r"<(?:/?(?:p|div|br|table|tbody|thead|td|tr|th|span|em|strong|b|i|u|font|a|"
                     r"img|ul|ol|li|h[1-6]|center|blockquote|sup|sub|hr)\b[^<>]*|!--.*?--)>",
                     re.IGNORECASE | re.DOTALL)
_UPPER = "A-ZĐÀ-ÝĂÂÊÔƠƯẠ-Ỹ"
# "(NLĐ)- Ngày 23-2", "(NLĐO) – Sáng nay", "(NLĐ) Ngày 24-3": an agency's code opens the lead.
_AGENCY_RE = re.compile(r"\s*\((?:[%s]{2,6}O?)\)\.?\s*(?:[-–—]+\s*(?=\S)|"
                        r"(?=(?:Sáng|Chiều|Tối|Trưa|Đêm|Ngày|Hôm)\s))" % _UPPER)
_TRAILING_AGENCY_RE = re.compile(r"\s*\((?:[%s]{2,6}O?)\)\s*[-–—]*\s*$" % _UPPER)
# "- Ảnh: N.Dương", "Ảnh: B. TRUNG", "Ảnh: Trí Dũng – TTXVN": a photo credit ends a caption.
_CREDIT_RE = re.compile(
    r"\s*[-–—]?\s*\b(?:Ảnh|ẢNH|Ảnh minh họa)\s*:\s*(?:(?:[%(u)s]\.\s?){1,3}[%(u)s][^\s.,()]*|"
    r"[%(u)s][^\s,()]*(?:\s+[%(u)s][^\s,()]*)?)(?:\s*[-–]\s*[%(u)s]{2,6}\b)?\.?" % {"u": _UPPER})
# A sentence ends and another opens: "Phải xem là bài học để đời! Ông Đào Đình Bình ..."
_SENTENCE_RE = re.compile(r"(?<=[^\s.][.!?…])[\"”]?\s+(?=[\"“]?[%s])" % _UPPER)
# A lead opens with its dateline: "Chiều 24-1, Ban Tư tưởng", "Hôm nay (21-3), tại Hà Nội".
_DATELINE_RE = re.compile(
    r"\s(?=(?:Sáng|Chiều|Tối|Trưa|Đêm|Ngày|Hôm nay|Hôm qua)(?:\s+(?:nay|qua|mai|ngày))?"
    r"\s*[,(]?\s*\d{1,2}[-/.]\d{1,2}\b)")
# Words that never start a proper name, so a capital one mid-title opens a caption or lead:
# "Các doanh nghiệp sẽ đầu tư vào 6 lĩnh vực Ông Lê Thanh Hải, Chủ tịch UBND TPHCM ...".
_OPENER_RE = re.compile(
    r"(?<=[a-zđà-ỹ\d\"”)])\s+(?=(?:Ông|Bà(?! Rịa| Chiểu| Đen)|Cụ|Các|Những|Nhiều|Đồng chí|"
    r"Quang cảnh|Toàn cảnh|Cử tri|Đại biểu|Lãnh đạo|Đó là|Đây là|Theo|Trong|Tại|Sau khi|Khi|"
    r"Với|Mới đây|Hiện nay|Thủ tướng Chính phủ vừa|Trước|Đúng)\s)")
_ABBREVIATION_RE = re.compile(r"(?:^|\s)(?:[%s][A-Za-zĐđ]{0,3}|[a-z]{1,3})\.$" % _UPPER)
_LINK_ITEM_RE = re.compile(r"\s*>>\s*")
RUN_ON_WORDS = 22  # longer titles are run-ons: 96 of 6,607 VietNews titles, 300 of 870 VNTC
LEAD_WORDS = 45  # a title this long with no headline in it is the lead itself


@dataclass
class Headline:
    """A title cleaned of markup, with what ran on into it (lead, caption) and any dateline."""

    title: str
    lines: list[str] = field(default_factory=list)
    date: str | None = None


def has_markup(text: str) -> bool:
    """Tell whether text holds HTML tags.

    >>> has_markup("<P align=justify>- Tổng Bí thư"), has_markup("lãi suất < 5% > 3%")
    (True, False)
    """
    return "<" in text and _TAG_RE.search(text) is not None


def unescape_once(text: str) -> str:
    """Decode character entities once: "Bộ NN&amp;PTNT" -> "Bộ NN&PTNT"."""
    return html.unescape(text) if "&" in text else text


def _breaks(head: str):
    """Yield (start, end, pattern) for every place a headline may end, in text order."""
    found = [(m.start(), m.end(), pattern) for pattern in (_SENTENCE_RE, _DATELINE_RE, _OPENER_RE)
             for m in pattern.finditer(head)]
    return sorted(found, key=lambda item: item[0])


def _split_head(head: str) -> tuple[str, str | None]:
    """Split a headline from the caption or lead glued after it, at the first clear break.

    A title whose first break ends a sentence ("... (Gia Lai). Đến dự ...") is a lead: no split.
    """
    for start, end, pattern in _breaks(head):
        title, rest = head[:start].strip(), head[end:].strip()
        if _ABBREVIATION_RE.search(title):
            continue  # "TS. Nguyễn Văn A", "GS. Trần": a title before a name
        if 3 <= len(title.split()) <= 25 and len(rest.split()) >= 4:
            if pattern is _SENTENCE_RE and title.endswith(".") and not title.endswith(" ."):
                return head, None
            return title.rstrip(" .:-–"), rest
    return head, None


def split_run_on(title: str) -> tuple[str, list[str]]:
    """Split a crawler title that runs on into a caption and lead: (headline, body lines).

    >>> split_run_on("Thông qua thi đua cho Đảng (NLĐ) - Tại hội nghị sáng 5-7, LĐLĐ quận 5 cho biết")
    ('Thông qua thi đua cho Đảng', ['Tại hội nghị sáng 5-7, LĐLĐ quận 5 cho biết'])
    """
    lines: list[str] = []
    # The patterns open with optional spaces, so they are tried at every position: first
    # look for what any match holds, "(" or the word "Ảnh" (half of read_title's time).
    marker = _AGENCY_RE.search(title) if "(" in title else None
    if marker and len(title[marker.end():].split()) >= 6:
        title, lines = title[:marker.start()].strip(), [title[marker.end():].strip()]
    if "(" in title:
        title = _TRAILING_AGENCY_RE.sub("", title)  # "HLV Lê Thụy Hải xin từ chức (NLĐ)"
    credit = _CREDIT_RE.search(title) if "Ảnh" in title or "ẢNH" in title else None
    if credit and len(title[:credit.start()].split()) >= 4:
        rest = title[credit.end():].strip()
        title = title[:credit.start()].strip()
        lines = ([rest] if rest else []) + lines
        caption = title
        title, caption = _split_head(title)
        lines += [caption + "."] if caption else []
        return title, lines
    if lines or len(title.split()) >= RUN_ON_WORDS:
        title, rest = _split_head(title)
        lines += [rest] if rest else []  # after an agency code's lead, what is left is a caption
    return title, lines


def _as_lead(title: str) -> bool:
    """Tell a title that is a whole lead paragraph, with no headline before it.

    Headlines run to 35 words (VietNews) but hold no sentence break: "... (Gia Lai). Đến dự ...".
    """
    words = len(title.split())
    if words >= LEAD_WORDS:
        return True
    return words >= RUN_ON_WORDS and any(
        pattern is _SENTENCE_RE and not _ABBREVIATION_RE.search(title[:start].strip())
        and title[:start].rstrip().endswith(".") for start, _, pattern in _breaks(title))


def read_title(raw: str) -> Headline:
    """Clean a record's title: markup read as HTML, entities decoded, run-ons split."""
    lines = markup_lines(raw) if has_markup(raw) else [normalize_line(unescape_once(raw))]
    lines = [line for line in lines if _LINK_ITEM_RE.sub("", line)]
    if not lines:
        return Headline("")
    # "&gt;&gt; Danh sách ...&gt;&gt; Quá trình ...": a list of links; the first is the title
    head = Headline(_LINK_ITEM_RE.split(lines[0].lstrip("> "))[0].strip())
    for line in lines[1:]:
        found = dateline(line)
        if found and head.date is None:
            head.date = found
        else:
            head.lines.append(line.lstrip(". "))
    head.title, glued = split_run_on(head.title)
    head.lines[:0] = glued
    if _as_lead(head.title):
        head.lines.insert(0, head.title)
        head.title = title_from_lead(head.title)
    return head
