"""Read an HTML page: metadata from <head>, the main text block picked by text and link density."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from indexer.boilerplate import normalize_line
from indexer.metadata import byline, dateline, parse_date

_DROP_TAGS = ["script", "style", "noscript", "template", "iframe", "svg", "nav", "header",
              "footer", "aside", "form", "button", "select", "input", "textarea", "video",
              "audio", "object", "embed", "canvas", "map"]
_NEGATIVE_RE = re.compile(
    r"(?:^|[-_ ])(?:comments?|binh-?luan|share|sharing|social|print|related|relate|"
    r"tin-?lien-?quan|most-?read|xem-?nhieu|doc-?nhieu|poll|vote|counter|visitor|thong-?ke|"
    r"banner|adv?|ads|advert\w*|quang-?cao|sidebar|menu|breadcrumbs?|tags?|footer|header|"
    r"navbar|nav|popup|modal|newsletter|subscribe|toolbar|embed\w*|notebox|rating|login|"
    r"widget|hidden|hide)(?:$|[-_ ])", re.IGNORECASE)
_POSITIVE_RE = re.compile(r"content|article|detail|body|post|entry|fck|story|noi-?dung|"
                          r"chi-?tiet|main|text", re.IGNORECASE)
_LEAD_RE = re.compile(r"sapo|summary|description|lead(?!-?title)|intro|chapeau|excerpt|"
                      r"tom-?tat", re.IGNORECASE)
_AUTHOR_RE = re.compile(r"author|byline|credit|editor|tac-?gia", re.IGNORECASE)
_DATE_CLASS_RE = re.compile(r"date|time|publish|ngay", re.IGNORECASE)
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table",
               "tr", "td", "th", "figure", "figcaption", "blockquote", "section", "article",
               "br", "pre", "dl", "dt", "dd", "center", "main"}
_TEXT_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "figcaption", "pre",
              "span", "strong", "b", "em", "i", "font", "u", "ul", "ol", "table"}
_TITLE_SPLIT_RE = re.compile(r"\s+[|\-–—»:]\s+")
_DATE_KEYS = ("article:published_time", "datepublished", "pubdate", "publishdate",
              "published_time", "og:published_time", "dc.date.issued", "dc.date",
              "date", "sailthru.date", "article:modified_time", "datecreated")
MIN_TEXT = 250


@dataclass
class HtmlPage:
    """What a page offers: metadata, main-text lines, and why it is not an article if so."""

    title: str | None = None
    date: str | None = None
    author: str | None = None
    source: str | None = None
    url: str | None = None
    lines: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    links: int = 0
    not_article: str | None = None


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


def _json_ld_date(soup: BeautifulSoup) -> str | None:
    """Return datePublished from JSON-LD blocks, if any."""
    for script in soup.find_all("script", type="application/ld+json"):
        match = re.search(r'"datePublished"\s*:\s*"([^"]+)"', script.string or "")
        if match:
            return match.group(1)
    return None


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


def _classes(tag: Tag) -> str:
    """Return a tag's class and id as one string."""
    attrs = getattr(tag, "attrs", None) or {}
    return " ".join(attrs.get("class") or []) + " " + (attrs.get("id") or "")


def _strip_furniture(soup: BeautifulSoup) -> None:
    """Remove scripts, comments, navigation, headers and footers from the whole page."""
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()


def _strip_marked(main: Tag, removed: list[str]) -> None:
    """Remove blocks inside the main text whose class names mark furniture (share, related...)."""
    doomed = [tag for tag in main.find_all(True) if _NEGATIVE_RE.search(_classes(tag))]
    for tag in doomed:
        if not tag.decomposed:
            removed.extend(block_lines_plain(tag))
            tag.decompose()


def _text_len(node) -> int:
    """Count the non-space characters of a node."""
    text = node if isinstance(node, NavigableString) else node.get_text()
    return len(text) - text.count(" ") - text.count("\n")


def _link_density(tag: Tag) -> float:
    """Share of a block's text that sits inside links."""
    total = _text_len(tag)
    linked = sum(_text_len(a) for a in tag.find_all("a"))
    return linked / total if total else 1.0


def _score(tag: Tag) -> float:
    """Score a block by the text of its own paragraphs, less linked text."""
    text = 0
    for child in tag.children:
        if isinstance(child, NavigableString):
            text += _text_len(child)
        elif child.name in _TEXT_TAGS:
            text += _text_len(child) * (1.0 - _link_density(child))
    names = _classes(tag)
    if _NEGATIVE_RE.search(names):
        return 0.0
    return text * (1.3 if _POSITIVE_RE.search(names) else 1.0)


def pick_main(soup: BeautifulSoup) -> Tag | None:
    """Return the block holding the article text, or None when no block holds enough."""
    candidates = soup.find_all(["div", "article", "section", "main", "td", "body"])
    scored = [(_score(tag), i, tag) for i, tag in enumerate(candidates)]
    if not scored:
        return None
    best = max(scored, key=lambda item: (item[0], -item[1]))
    return best[2] if best[0] >= MIN_TEXT else None


def block_lines(tag: Tag, removed: list[str]) -> list[str]:
    """Flatten a block into text lines, one per paragraph; link lists go to `removed`."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = normalize_line(" ".join(current))
        if text:
            lines.append(text)
        current.clear()

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                current.append(str(child))
            elif child.name in _BLOCK_TAGS:
                flush()
                if child.find("a") and _text_len(child) and _link_density(child) > 0.5:
                    removed.extend(block_lines_plain(child))
                else:
                    walk(child)
                flush()
            else:
                walk(child)

    walk(tag)
    flush()
    return lines


def markup_lines(text: str, removed: list[str] | None = None) -> list[str]:
    """Read a fragment of HTML (a record's title or text) into text lines."""
    soup = BeautifulSoup(text, "html.parser")
    _strip_furniture(soup)
    return block_lines(soup, [] if removed is None else removed)


def block_lines_plain(tag: Tag) -> list[str]:
    """Return the text lines of a block without any filtering."""
    text = tag.get_text("\n")
    return [line for line in map(normalize_line, text.split("\n")) if line]


def _lead(main: Tag) -> str | None:
    """Find the lead (sapo) printed just outside the main block."""
    for scope in (main.parent, main.parent.parent if main.parent else None):
        if scope is None:
            continue
        for tag in scope.find_all(True, recursive=False):
            if tag is not main and _LEAD_RE.search(_classes(tag)) and _text_len(tag) >= 40:
                return normalize_line(tag.get_text(" "))
    return None


def _visible_author(soup: BeautifulSoup) -> str | None:
    """Find a byline in an element whose class names an author."""
    for tag in soup.find_all(class_=_AUTHOR_RE):
        text = normalize_line(tag.get_text(" "))
        name = byline(re.split(r"\s*[•|·]\s*|\s+-\s+", text)[0]) if text else None
        if name:
            return name
    return None


def _visible_date(soup: BeautifulSoup) -> str | None:
    """Find a publication dateline in a <time> or a date-classed element."""
    time = soup.find("time", attrs={"datetime": True})
    if time and parse_date(time["datetime"]):
        return parse_date(time["datetime"])
    for tag in soup.find_all(class_=_DATE_CLASS_RE, limit=20):
        found = dateline(normalize_line(tag.get_text(" ")))
        if found:
            return found
    return None


def _head(soup: BeautifulSoup, page: HtmlPage) -> None:
    """Fill title, date, author, source and url from the page head."""
    meta = _meta(soup)
    page.url = meta.get("og:url") or (soup.find("link", rel="canonical") or {}).get("href")
    host = urlparse(page.url or "").hostname
    page.source = meta.get("og:site_name") or (host[4:] if host and host.startswith("www.")
                                                else host)
    h1 = soup.find("h1")
    title = meta.get("og:title") or meta.get("twitter:title") or (
        h1.get_text(" ") if h1 else None) or (soup.title.string if soup.title else None)
    page.title = clean_title(title, page.source) if title and title.strip() else None
    for key in _DATE_KEYS:
        page.date = parse_date(meta.get(key))
        if page.date:
            break
    page.date = page.date or parse_date(_json_ld_date(soup))
    author = meta.get("author") or meta.get("article:author") or ""
    page.author = author if author and "/" not in author and len(author) < 60 else None


def _is_front_page(soup: BeautifulSoup, page: HtmlPage, main: Tag) -> bool:
    """Tell a home or section page (og:type website, root URL) with little text in one block."""
    og_type = soup.find("meta", property="og:type")
    website = og_type is not None and og_type.get("content", "").lower() == "website"
    root = urlparse(page.url or "").path in ("", "/") and page.url is not None
    return (website or root) and _score(main) < 4 * MIN_TEXT


def parse_html(html: str) -> HtmlPage:
    """Read a page into metadata and main-text lines (truncated HTML is fine)."""
    soup = BeautifulSoup(html, "html.parser")
    page = HtmlPage(links=len(soup.find_all("a")))
    _head(soup, page)
    page.date = page.date or _visible_date(soup)
    page.author = page.author or _visible_author(soup)
    _strip_furniture(soup)
    main = pick_main(soup)
    if main is None or _is_front_page(soup, page, main):
        kind = "a home page" if page.links >= 50 else "a page"
        page.not_article = f"not an article ({kind} with {page.links} links)"
        return page
    _strip_marked(main, page.removed)
    lead = _lead(main)
    page.lines = ([lead] if lead else []) + block_lines(main, page.removed)
    if page.title and page.lines and page.lines[0] == page.title:
        page.lines.pop(0)
    return page

