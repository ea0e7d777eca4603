"""Article metadata from text: publication datelines, bylines, headlines."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7))

_ISO_RE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?")
_DMY_RE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/])")
_TIME_RE = re.compile(r"(?<![\d:/])(\d{1,2})\s*[:hg]\s*(\d{2})(?:[:](\d{2}))?(?:\s*([AaPp][Mm]))?(?![\d/])")
_WEEKDAY_RE = re.compile(r"\b(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s+nhật|cn)\b",
                         re.IGNORECASE)
_LABEL_RE = re.compile(r"(?:cập nhật|ngày đăng|đăng ngày|đăng lúc|ngày|thời gian|xuất bản|"
                       r"published|posted|updated)\s*:?", re.IGNORECASE)
# "(18/10/1930 - 18/10/2019)", "(1930-2023)": spans are anniversaries, not datelines.
_SPAN_RE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}\s*[-–—]\s*\d{1,2}/\d{1,2}/\d{4}")
_TITLE_DATELINE_RE = re.compile(
    r"\s*\((\d{1,2}:\d{2}\s+\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{1,2}/\d{4}(?:\s+\d{1,2}:\d{2})?)\)\s*$")


def _to_iso(year: int, month: int, day: int, hour: int = 0, minute: int = 0,
            second: int = 0, tz: timezone | None = None) -> str | None:
    """Build an ISO 8601 string in Vietnam time, or None for an impossible date."""
    try:
        moment = datetime(year, month, day, hour, minute, second, tzinfo=tz or VN_TZ)
    except ValueError:
        return None
    if not 1900 <= year <= 2100:
        return None
    return moment.astimezone(VN_TZ).isoformat(timespec="seconds")


def _offset(text: str | None) -> timezone | None:
    """Turn "Z", "+0700" or "-05:00" into a timezone."""
    if not text:
        return None
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _clock(text: str) -> tuple[int, int, int]:
    """Return (hour, minute, second) of the first time of day in a text, 00:00:00 if none."""
    match = _TIME_RE.search(text)
    if not match:
        return 0, 0, 0
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    meridiem = (match.group(4) or "").lower()
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return 0, 0, 0
    return hour, minute, second


def parse_date(value: str | None) -> str | None:
    """Parse a date as written by sites and crawlers into ISO 8601 at +07:00.

    >>> parse_date("2025-02-02T05:01:08.000+07:00"), parse_date("2019-10-18")
    ('2025-02-02T05:01:08+07:00', '2019-10-18T00:00:00+07:00')
    >>> parse_date("3/24/2024 7:12:35 AM"), parse_date("12:50 - Thứ Hai, 07/10/2019")
    ('2024-03-24T07:12:35+07:00', '2019-10-07T12:50:00+07:00')
    >>> parse_date("2020-10-29T08:10:00Z"), parse_date("None"), parse_date("31/02/2020")
    ('2020-10-29T15:10:00+07:00', None, None)
    """
    if not value or not isinstance(value, str) or value.strip() in ("None", "null"):
        return None
    match = _ISO_RE.search(value)
    if match:
        y, mo, d, h, mi, s, tz = match.groups()
        return _to_iso(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0),
                       _offset(tz))
    match = _DMY_RE.search(value)
    if not match:
        return None
    first, second, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
    rest = value[:match.start()] + " " + value[match.end():]
    # Vietnamese pages write day/month; US-style month/day comes with AM/PM (ASP.NET).
    us_style = second > 12 or (first <= 12 and re.search(r"\d\s*[AaPp][Mm]\b", rest))
    day, month = (second, first) if us_style else (first, second)
    return _to_iso(year, month, day, *_clock(rest))


def dateline(line: str) -> str | None:
    """Return the publication date when a short line is a dateline, else None.

    >>> dateline("12:50 - Thứ Hai, 07/10/2019 Lượt xem: 12091 In bài viết")
    '2019-10-07T12:50:00+07:00'
    >>> dateline("Cập nhật: 07/10/2019"), dateline("(18/10/1930 - 18/10/2019)")
    ('2019-10-07T00:00:00+07:00', None)
    """
    if len(line.split()) > 16 or _SPAN_RE.search(line):
        return None
    dates = _DMY_RE.findall(line) or _ISO_RE.findall(line)
    if len(dates) != 1:
        return None
    bare = _DMY_RE.sub("", line).strip(" ()-–,")
    if not (_TIME_RE.search(line) or _WEEKDAY_RE.search(line) or _LABEL_RE.search(line)
            or not bare):
        return None
    return parse_date(line)


def split_title_dateline(title: str) -> tuple[str, str | None]:
    """Split a trailing "(15:10 29/10/2020)" dateline off a headline.

    >>> split_title_dateline("Phát huy truyền thống (15:10 29/10/2020)")
    ('Phát huy truyền thống', '2020-10-29T15:10:00+07:00')
    """
    match = _TITLE_DATELINE_RE.search(title)
    if not match:
        return title, None
    return title[:match.start()].rstrip(), parse_date(match.group(1))


# A lead opening with its dateline: "(NLĐ)- Sáng 20-1,", "Chiều qua, 20-1", "9h sáng nay, 21-4".
_LEAD_DATE_RE = re.compile(
    r"^(?:\(?[A-ZĐ]{2,6}O?\)?\s*[-–—]+\s*)?(?:\d{1,2}\s*(?:giờ|g|h)\s*\d{0,2}\s+)?"
    r"(?:(?:rạng\s+)?(?:sáng|chiều|tối|trưa|đêm|hôm)(?:\s+(?:qua|nay|ngày))?|ngày)"
    r"\s*[,(]?\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*(\d{4}))?(?![\d/.-]*\d)",
    re.IGNORECASE)
# A year given with a month elsewhere: "tháng 12/2016", "ngày 1-12-2016", "tháng 12 năm 2016".
# The first look-ahead, implied by both branches, fails most positions in one step (2x faster).
_MONTH_YEAR_RE = re.compile(r"(?=[\dnt])(?:(?<![\d/.-])(?=\d)(?:(\d{1,2})\s*[-/.]\s*)?(\d{1,2})"
                            r"\s*[-/.]\s*((?:19|20)\d\d)(?!\d)|(?=[nt])(?:ngày\s+(\d{1,2})\s+)?"
                            r"tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d))")
_YEAR_RE = re.compile(r"(?=[12])(?<!\d)(?:19|20)\d\d(?!\d)")
# Years that are not the article's: plans "đến năm 2030", spans "2016-2020", births "sinh 1956".
# Each look-ahead names the characters a match can open with: most positions fail at once.
_OTHER_YEAR_RE = re.compile(r"(?=[12đtv])(?:(?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d|"
                            r"(?:đến|tới|tầm nhìn|trước|vào)\s+(?:năm\s+)?(?:19|20)\d\d)")
_BOUND_RE = re.compile(r"(?:đến|tới|hết|từ)\s+(?:ngày\s+|tháng\s+)?$")
_BIRTH_RE = re.compile(r"(?:sinh|SN|\(|niệm)\s*(?:ngày|năm|tháng)?[\s\d/.-]*$")
# An anniversary ("kỷ niệm 70 năm ngày khởi nghĩa Ba Tơ 11/3/1945") dates its event, not itself.
_ANNIVERSARY_RE = re.compile(r"k[ỷỉ] niệm\s+\d+\s+năm|\d+\s+năm\s+(?:ngày|về trước|trước)|"
                             r"tưởng niệm|(?:gặp|họp) mặt truyền thống", re.IGNORECASE)


def _dates_named(text: str) -> list[tuple[int, int, int | None]]:
    """Return the (year, month, day) a text names with a year; day is 0 for a bound ("đến
    ngày 31/8/2024") and None for a month alone; births are left out."""
    found = []
    for match in _MONTH_YEAR_RE.finditer(text):
        day, month, year = match.group(1, 2, 3) if match.group(3) else match.group(4, 5, 6)
        before = text[max(0, match.start() - 20):match.start()]
        if 1 <= int(month) <= 12 and not _BIRTH_RE.search(before):
            day = 0 if _BOUND_RE.search(before) else int(day) if day else None
            found.append((int(year), int(month), day))
    return found


def _year(day: int, month: int, year: str | None, text: str) -> int | None:
    """Return the year of a dateline: its own, else the one the text writes with that day and
    month ("Ngày 6/2, ..." and "Quyết định ... ngày 6/2/2017").

    It must be the latest year the text names, and no month it names may come after it.
    A month alone is not enough: "Chiều 14/9" with "Tháng 9/2015, Hội nghị lần thứ nhất"
    was 2016; on a hand-checked sample of party_all 1 in 10 such guesses was wrong.
    """
    named = _dates_named(text)
    years = {int(year)} if year else {y for y, m, d in named if (m, d) == (month, day)}
    if len(years) != 1:
        return None
    found = years.pop()
    text = _OTHER_YEAR_RE.sub(" ", text)
    latest = max((int(m.group(0)) for m in _YEAR_RE.finditer(text)
                  if not _BIRTH_RE.search(text[max(0, m.start() - 20):m.start()])), default=0)
    if found != latest or any((y, m) > (found, month) for y, m, _ in named):
        return None
    return found


def lead_date(lines: list[str], text: str) -> str | None:
    """Date an article by the dateline opening one of its first lines, the year from its text.

    Anything less certain than _year() allows (no year, two, an anniversary) gives None.

    >>> lead_date(["(NLĐ)- Sáng 20-1, Thành ủy họp."], "Công văn ngày 20-1-2006 nêu rõ.")
    '2006-01-20T00:00:00+07:00'
    >>> lead_date(["Sáng 20-1, Thành ủy họp."], "tháng 1/2006"), lead_date(["Sáng 20-1"], "")
    (None, None)
    """
    for line in lines[:3]:
        match = _LEAD_DATE_RE.search(line)
        if match:
            break
    else:
        return None
    day, month = int(match.group(1)), int(match.group(2))
    year = None if _ANNIVERSARY_RE.search(text) else _year(day, month, match.group(3), text)
    return _to_iso(year, month, day) if year else None


_UPPER = "A-ZĐÀ-ÝĂÂÊÔƠƯẠ-Ỹ"
_NAME_WORD = r"[%s][^\W\d_]{0,7}" % _UPPER
_NAME_RE = re.compile(r"^(?:%s)(?:\s+(?:%s)){1,4}$" % (_NAME_WORD, _NAME_WORD))
SURNAMES = frozenset([
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Mai", "Trịnh", "Đào", "Lưu", "Cao", "Lâm", "Hà", "Tạ",
    "Tô", "Kiều", "Quách", "Vương", "Triệu", "Thái", "Lương", "Đoàn", "Chu", "Mạc", "Lò", "Hứa",
    "Tăng", "Thân", "Nông", "Lục", "Giáp", "Khổng", "Doãn", "Phùng", "Văn", "Trương", "La",
    "Quang", "Lại", "Âu"])
_CREDIT_RE = re.compile(
    r"^(?:(?:tin|bài|ảnh|video|clip|thực hiện|nhóm pv|pv|ctv|nhóm phóng viên|phóng viên)"
    r"(?:\s*(?:,|và|-|/|&)\s*(?:tin|bài|ảnh|video|clip))*)\s*:\s*(.+)$", re.IGNORECASE)
_THEO_RE = re.compile(r"^\(?theo\s+(.{3,60}?)\)?\.?$", re.IGNORECASE)
_AFFIX_RE = re.compile(r"\s*[(\[][^)\]]{1,40}[)\]]\s*$")
_POSITION_RE = re.compile(
    r"\b(?:TUV|UVBTV|BTV|Ủy viên|Uỷ viên|Chánh|Phó|Bí thư|Trưởng|Giám đốc|Chủ tịch|"
    r"Thường trực|Tỉnh ủy viên|Thành ủy viên|ThS|TS|PGS|GS|Chuyên viên|Văn phòng)\b")


def is_name(text: str) -> bool:
    """Tell whether a short line reads as a person's name.

    >>> is_name("Tấn Quang"), is_name("Nguyễn Văn"), is_name("Truyền thống vẻ vang"), is_name("Back To Top")
    (True, True, False, False)
    """
    text = text.strip(" .")
    if len(text) > 40 or not _NAME_RE.match(text):
        return False
    first = text.split()[0]
    return not text.isascii() or first in SURNAMES


def byline(line: str) -> str | None:
    """Return the author named by a byline line ("Tin, ảnh: Quang Long", "Tấn Quang", "Theo TTXVN").

    >>> byline("Tin, ảnh: Quang Long"), byline("Nguyễn Văn"), byline("Theo Báo Nhân Dân")
    ('Quang Long', 'Nguyễn Văn', 'Báo Nhân Dân')
    >>> byline("Bình luận") is None
    True
    """
    line = line.strip()
    match = _CREDIT_RE.match(line) or _THEO_RE.match(line)
    if match:
        name = _AFFIX_RE.sub("", match.group(1)).strip(" .")
        return name if 0 < len(name.split()) <= 6 else None
    name = _AFFIX_RE.sub("", line)
    return name.strip(" .") if is_name(name) else None


def split_glued_byline(paragraph: str) -> tuple[str, str | None]:
    """Split "... đã xác định. Nguyễn Khánh Vũ, TUV, Chánh Văn phòng" into text and author.

    >>> split_glued_byline("Nghị quyết đã xác định. Nguyễn Khánh Vũ, TUV, Chánh Văn phòng Tỉnh ủy")
    ('Nghị quyết đã xác định.', 'Nguyễn Khánh Vũ')
    """
    match = re.search(r"([.!?…”\"])\s+([^.!?…]{4,90})$", paragraph.rstrip())
    if not match:
        return paragraph, None
    name, _, position = match.group(2).partition(",")
    if not position or not is_name(name) or not _POSITION_RE.search(position):
        return paragraph, None
    return paragraph[:match.start(2)].rstrip(), name.strip()


def is_headline(line: str) -> bool:
    """Tell whether a first line reads as a headline rather than a lead paragraph.

    >>> is_headline("TIẾP TỤC PHÁT HUY TRUYỀN THỐNG, NỖ LỰC HOÀN THÀNH TỐT"), is_headline("Một câu dài. Hai.")
    (True, False)
    """
    words = len(line.split())
    if words < 2 or words > 35:
        return False
    if line.isupper():
        return True
    return not line.rstrip().endswith((".", ";", ",", ":")) and words <= 30


def title_from_lead(lead: str, limit: int = 120) -> str:
    """Make a title from the lead's first sentence, cut at a word boundary.

    >>> title_from_lead("Văn phòng Tỉnh ủy tổ chức hội nghị. Sau đó...")
    'Văn phòng Tỉnh ủy tổ chức hội nghị'
    """
    sentence = re.split(r"(?<=[.!?…])\s+", lead.strip(), maxsplit=1)[0].rstrip(" .")
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(" ,;:-–")
    return cut + "…"
