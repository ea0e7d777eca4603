"""An HTML page's metadata: the headline, date, author, site and address, from head and byline."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlparse

from bs4 import BeautifulSoup, Tag

from indexer.boilerplate import normalize_line
from indexer.metadata import byline, dateline, parse_date

# Class names of page furniture, shared with the main-text reader.
NEGATIVE_RE = re.compile(
    r"(?:^|[-_ ])(?:comments?|binh-?luan|share|sharing|social|print|related|relate|"
    r"tin-?lien-?quan|most-?read|xem-?nhieu|doc-?nhieu|poll|vote|counter|visitor|thong-?ke|"
    r"banner|adv?|ads|advert\w*|quang-?cao|sidebar|menu|breadcrumbs?|tags?|footer|header|"
    r"navbar|nav|popup|modal|newsletter|subscribe|toolbar|embed\w*|notebox|rating|login|"
    r"widget|hidden|hide|logo)(?:$|[-_ ])", re.IGNORECASE)
_HEADING_RE = re.compile(r"title|headline|heading|tieu-?de|tieude", re.IGNORECASE)
_AUTHOR_RE = re.compile(r"author|byline|credit|editor|tac-?gia", re.IGNORECASE)
_DATE_CLASS_RE = re.compile(r"date|time|publish|ngay", re.IGNORECASE)
_TITLE_SPLIT_RE = re.compile(r"\s+[|\-–—»:]\s+")
# "Document", "Untitled", "bai-viet.doc": a file's name, not a headline.
_FILE_NAME_RE = re.compile(r"^(?:document|untitled|new page|trang chủ|home|index|default)\b|"
                           r"\.(?:docx?|html?|aspx?|php|pdf)$", re.IGNORECASE)
_ORGANISATION_RE = re.compile(r"^(?:báo|tạp chí|cổng|đài|trang|ban biên tập|tòa soạn|tòa "
                              r"soạn|công ty|news\b)|\.(?:vn|com|net|org)\b", re.IGNORECASE)
_FURNITURE_TAGS = {"header", "nav", "footer", "aside"}
_DATE_KEYS = ("article:published_time", "datepublished", "pubdate", "publishdate",
              "published_time", "og:published_time", "dc.date.issued", "dc.date",
              "date", "sailthru.date", "article:modified_time", "datecreated")


@dataclass
class PageHead:
    """What a page says about itself: headline, date, author, site name and address."""

    title: str | None = None
    date: str | None = None
    author: str | None = None
    source: str | None = None
    url: str | None = None


def classes(tag: Tag) -> str:
    """Return a tag's class and id as one string."""
    attrs = getattr(tag, "attrs", None) or {}
    return " ".join(attrs.get("class") or []) + " " + (attrs.get("id") or "")


def _meta(soup: BeautifulSoup) -> dict[str, str]:
    """Collect <meta> contents by lower-cased property, name or itemprop (first wins)."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        content = tag.get("content")
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = tag.get(attr)
            if key:
                found.setdefault(key.lower(), content.strip())
    return found


def _json_ld(soup: BeautifulSoup) -> list[dict]:
    """Return the objects of the page's JSON-LD blocks, "@graph" and lists flattened."""
    found: list[dict] = []
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "", strict=False)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                found.append(item)
                stack.append(item.get("@graph"))
    return found


def _json_ld_authors(items: list[dict]) -> list[str]:
    """Return the names of the Persons given as an article's author."""
    names = []
    for item in items:
        authors = item.get("author")
        for author in authors if isinstance(authors, list) else [authors]:
            if isinstance(author, dict) and author.get("@type") == "Person":
                name = author.get("name")
                names += [normalize_line(name)] if isinstance(name, str) else []
    return names


def _fold(text: str) -> str:
    """Fold a name for comparison: "Báo VnExpress" -> "baovnexpress"."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


def _sites(meta: dict[str, str], host: str | None) -> list[str]:
    """Return the folded names a site goes by: og:site_name, application name, host."""
    names = [meta.get("og:site_name", ""), meta.get("application-name", ""), host or ""]
    if host:
        names.append(host.split(".")[-2] if host.count(".") >= 1 else host)
    return [folded for folded in map(_fold, names) if len(folded) >= 4]


def is_site_name(name: str, sites: list[str]) -> bool:
    """Tell whether an author field names the site or an organisation, not a person.

    >>> is_site_name("VnExpress", ["vnexpressnet", "vnexpress"]), is_site_name("Lê Phương", [])
    (True, False)
    """
    folded = _fold(name)
    if _ORGANISATION_RE.search(name.strip()) or not folded:
        return True
    return any(folded in site or site in folded for site in sites)


def clean_title(title: str, site: str | None = None) -> str:
    """Drop the site-name suffix from a <title>.

    >>> clean_title("Apple hủy bỏ dự án quan trọng | Znews.vn ")
    'Apple hủy bỏ dự án quan trọng'
    >>> clean_title("Đau bụng kéo dài - Báo VnExpress Sức khỏe")
    'Đau bụng kéo dài'
    """
    parts = _TITLE_SPLIT_RE.split(normalize_line(title))
    if len(parts) > 1 and (len(parts[-1].split()) <= 5 or (site and site in parts[-1])):
        parts = parts[:-1]
    return " - ".join(parts)


def _in_furniture(tag: Tag) -> bool:
    """Tell whether a heading sits in a header, menu, sidebar or list of other articles."""
    return any(parent.name in _FURNITURE_TAGS or NEGATIVE_RE.search(classes(parent))
               for parent in [tag, *tag.parents])


def _headline(soup: BeautifulSoup, sites: list[str]) -> str | None:
    """Return the visible headline: the first real <h1>, else an h2/h3 with a heading class.

    Empty or logo <h1>s, site names and linked titles of other articles are passed over.
    """
    for tag in soup.find_all(["h1", "h2", "h3"]):
        if tag.name != "h1" and not _HEADING_RE.search(classes(tag)):
            continue
        text = normalize_line(tag.get_text(" "))
        links = "".join(a.get_text() for a in tag.find_all("a")).strip()
        fewest = 1 if tag.name == "h1" else 3  # a classed h2 of one word is a section's name
        if not fewest <= len(text.split()) <= 40 or _in_furniture(tag) or is_site_name(text, sites):
            continue
        if tag.name != "h1" and links and _fold(links) == _fold(text):
            continue  # a linked h2/h3 title is another article's
        return text
    return None


def _overlap(words: str, reference: str) -> float:
    """Share of a text's words found in a reference text."""
    mine, theirs = words.lower().split(), set(reference.lower().split())
    return sum(word in theirs for word in mine) / len(mine) if mine else 0.0


def _title(soup: BeautifulSoup, meta: dict[str, str], source: str | None,
           sites: list[str]) -> str | None:
    """Choose the headline: the visible one when the head's titles agree with it."""
    given = meta.get("og:title") or meta.get("twitter:title")
    given = clean_title(given, source) if given and given.strip() else None
    plain = soup.title.string if soup.title and soup.title.string else ""
    plain = clean_title(plain, source) if plain.strip() else None
    if plain and _FILE_NAME_RE.search(plain):
        plain = None
    reference = given or plain
    headline = _headline(soup, sites)
    # "Thanh tra vụ chặt cây ... 30 ngày - Chính trị - Xã hội" (og:title) against its <h1>
    if headline and (reference is None or _overlap(headline, reference) >= 0.6):
        return headline
    return reference


def _author(soup: BeautifulSoup, meta: dict[str, str], sites: list[str]) -> str | None:
    """Return the author: a JSON-LD Person, a <meta> author that is not the site, a byline."""
    for name in _json_ld_authors(_json_ld(soup)):
        if name and len(name) < 60 and not is_site_name(name, sites):
            return name
    for key in ("author", "article:author"):
        name = meta.get(key, "")
        if name and "/" not in name and len(name) < 60 and not is_site_name(name, sites):
            return name
    return _visible_author(soup)


def _visible_author(soup: BeautifulSoup) -> str | None:
    """Find a byline in an element whose class names an author."""
    for tag in soup.find_all(class_=_AUTHOR_RE):
        text = normalize_line(tag.get_text(" "))
        name = byline(re.split(r"\s*[•|·]\s*|\s+-\s+", text)[0]) if text else None
        if name:
            return name
    return None


def _date(soup: BeautifulSoup, meta: dict[str, str]) -> str | None:
    """Return the publication date: <meta>, JSON-LD, <time>, then a date-classed dateline."""
    for key in _DATE_KEYS:
        if parse_date(meta.get(key)):
            return parse_date(meta.get(key))
    for script in soup.find_all("script", type="application/ld+json"):
        # a regular expression reads the many blocks json.loads refuses (trailing commas)
        match = re.search(r'"datePublished"\s*:\s*"([^"]+)"', script.string or "")
        if match and parse_date(match.group(1)):
            return parse_date(match.group(1))
    time = soup.find("time", attrs={"datetime": True})
    if time and parse_date(time["datetime"]):
        return parse_date(time["datetime"])
    for tag in soup.find_all(class_=_DATE_CLASS_RE, limit=20):
        found = dateline(normalize_line(tag.get_text(" ")))
        if found:
            return found
    return None


def read_head(soup: BeautifulSoup) -> PageHead:
    """Read a page's metadata, before its furniture is stripped."""
    meta = _meta(soup)
    url = meta.get("og:url") or (soup.find("link", rel="canonical") or {}).get("href")
    host = urlparse(url or "").hostname
    source = meta.get("og:site_name") or (host[4:] if host and host.startswith("www.") else host)
    sites = _sites(meta, host)
    return PageHead(title=_title(soup, meta, source, sites), date=_date(soup, meta),
                    author=_author(soup, meta, sites), source=source, url=url)
