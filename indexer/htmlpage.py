"""Read an HTML page: its metadata (pagehead), the main text block picked by text and link density."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from indexer.boilerplate import is_prose, normalize_line
from indexer.metadata import dateline
from indexer.pagehead import NEGATIVE_RE, PageHead, classes, read_head

_DROP_TAGS = ["script", "style", "noscript", "template", "iframe", "svg", "nav", "header",
              "footer", "aside", "form", "button", "select", "input", "textarea", "video",
              "audio", "object", "embed", "canvas", "map"]
_POSITIVE_RE = re.compile(r"content|article|detail|body|post|entry|fck|story|noi-?dung|"
                          r"chi-?tiet|main|text", re.IGNORECASE)
_LEAD_RE = re.compile(r"sapo|summary|description|lead(?!-?title)|intro|chapeau|excerpt|"
                      r"tom-?tat", re.IGNORECASE)
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table",
               "tr", "td", "th", "figure", "figcaption", "blockquote", "section", "article",
               "br", "pre", "dl", "dt", "dd", "center", "main"}
_TEXT_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "figcaption", "pre",
              "span", "strong", "b", "em", "i", "font", "u", "ul", "ol", "table"}
# A discussion's posts are marked as such (XenForo "message", vBulletin "postcontainer",
# phpBB "post") or each names its author ("username", "postauthor").
_POST_RE = re.compile(r"post|message|reply|topic|thread|comment|binh-?luan|tra-?loi", re.IGNORECASE)
_POSTER_RE = re.compile(r"user|author|member|poster|avatar|nguoi-?gui", re.IGNORECASE)
MIN_TEXT = 250
MIN_POST = 40


@dataclass
class HtmlPage:
    """What a page offers: metadata, main-text lines, and why it is not an article if so."""

    head: PageHead = field(default_factory=PageHead)
    lines: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    links: int = 0
    not_article: str | None = None


def _strip_furniture(soup: BeautifulSoup) -> None:
    """Remove scripts, comments, navigation, headers and footers from the whole page."""
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()


def _strip_marked(main: Tag, removed: list[str]) -> None:
    """Remove blocks inside the main text whose class names mark furniture (share, related...)."""
    doomed = [tag for tag in main.find_all(True) if NEGATIVE_RE.search(classes(tag))]
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
    names = classes(tag)
    if NEGATIVE_RE.search(names):
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
    """Find the lead (sapo) printed just outside the main block, by its class name."""
    for scope in (main.parent, main.parent.parent if main.parent else None):
        if scope is None:
            continue
        for tag in scope.find_all(True, recursive=False):
            if tag is not main and _LEAD_RE.search(classes(tag)) and _text_len(tag) >= 40:
                return normalize_line(tag.get_text(" "))
    return None


def _within(tag: Tag, block: Tag) -> bool:
    """Tell whether a tag lies inside a block (by identity: equal-looking tags are not it)."""
    return any(parent is block for parent in tag.parents)


def _leads_between(soup: BeautifulSoup, title: str | None, main: Tag) -> list[str]:
    """Return the paragraphs printed between the headline and the main block: a lead there,
    whatever its class ("txt-head"), reads as prose and holds few links."""
    heading = next((tag for tag in soup.find_all(["h1", "h2", "h3"])
                    if title and normalize_line(tag.get_text(" ")) == title), None)
    if heading is None or _within(heading, main) or _within(main, heading):
        return []
    leads = []
    for tag in heading.find_all_next(["p", "div", "h2", "span"], limit=60):
        if tag is main or _within(tag, main) or _within(main, tag):
            return leads[:3]
        if tag.find(["p", "div"]) or any(NEGATIVE_RE.search(classes(t)) for t in
                                         [tag, *tag.parents] if t is not soup):
            continue
        text = normalize_line(tag.get_text(" "))
        if is_prose(text) and not dateline(text) and _link_density(tag) < 0.3:
            leads.append(text)
    return []  # the main block is not right after the headline: what lay between is unknown


def _post_text(post: Tag) -> Tag:
    """Return the block of a post that holds its text (not the author box or the buttons)."""
    blocks = [post, *post.find_all(["div", "blockquote", "section", "td", "article"])]
    return max(blocks, key=lambda tag: (_score(tag), -len(list(tag.parents))))


def find_posts(soup: BeautifulSoup) -> list[Tag]:
    """Return the text blocks of a discussion's posts: two or more sibling blocks of one kind,
    marked as posts or naming their authors, whose own text adds up to an article's."""
    best: list[Tag] = []
    for parent in soup.find_all(True):
        groups: dict[tuple, list[Tag]] = {}
        for child in parent.find_all(True, recursive=False):
            groups.setdefault((child.name, (child.get("class") or [""])[0]), []).append(child)
        for members in groups.values():
            if len(members) < 2 or not (_POST_RE.search(classes(members[0])) or all(
                    member.find(class_=_POSTER_RE) for member in members)):
                continue
            texts = [_post_text(member) for member in members]
            if all(_score(text) >= MIN_POST for text in texts) and \
                    sum(map(_score, texts)) > sum(map(_score, best)):
                best = texts
    return best if sum(map(_score, best)) >= MIN_TEXT else []


def _is_front_page(soup: BeautifulSoup, page: HtmlPage, main: Tag) -> bool:
    """Tell a home or section page (og:type website, root URL) with little text in one block."""
    og_type = soup.find("meta", property="og:type")
    website = og_type is not None and og_type.get("content", "").lower() == "website"
    url = page.head.url
    root = urlparse(url or "").path in ("", "/") and url is not None
    return (website or root) and _score(main) < 4 * MIN_TEXT


def parse_html(html: str) -> HtmlPage:
    """Read a page into metadata and main-text lines (truncated HTML is fine)."""
    soup = BeautifulSoup(html, "html.parser")
    page = HtmlPage(read_head(soup), links=len(soup.find_all("a")))
    _strip_furniture(soup)
    main = pick_main(soup)
    if main is None or _is_front_page(soup, page, main):
        posts = find_posts(soup)
        if posts:  # a discussion: every post's text, the thread's title
            page.lines = [line for post in posts for line in block_lines(post, page.removed)]
            return page
        kind = "a home page" if page.links >= 50 else "a page"
        page.not_article = f"not an article ({kind} with {page.links} links)"
        return page
    _strip_marked(main, page.removed)
    title = page.head.title
    leads = _leads_between(soup, title, main) or [lead for lead in [_lead(main)] if lead]
    page.lines = leads + block_lines(main, page.removed)
    if title and page.lines and page.lines[0] == title:
        page.lines.pop(0)
    return page

