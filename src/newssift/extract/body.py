"""Choose the article's lines: find the main container, then drop the chrome inside it.

Two steps, because they fail differently. Container selection (the subtree with the most
paragraph-like text net of link lists and short fragments) removes the page's frame: menus,
footers, sidebars, "most read" rails. The article container still holds share bars, author
boxes, "related" lists, newsletter prompts and comment sections; those are recognised line by
line from the class/id words of the elements between the container and the line, link density
and short stock phrases, and (when the shipped model is present) a small logistic regression
over the same features, trained offline by ``train/train_extract.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newssift.extract.blocks import Line, Page

# Class/id words that mark page chrome when found on an element inside the container.
NEGATIVE_WORDS = frozenset(
    {
        "comment",
        "comments",
        "commentlist",
        "disqus",
        "related",
        "relatedposts",
        "share",
        "sharing",
        "sharebar",
        "social",
        "sociallinks",
        "nav",
        "navbar",
        "navigation",
        "menu",
        "breadcrumb",
        "breadcrumbs",
        "footer",
        "sidebar",
        "widget",
        "promo",
        "newsletter",
        "subscribe",
        "subscription",
        "signup",
        "cookie",
        "cookies",
        "consent",
        "banner",
        "advert",
        "advertisement",
        "ad",
        "ads",
        "adslot",
        "adunit",
        "sponsor",
        "sponsored",
        "outbrain",
        "taboola",
        "recommended",
        "recommendations",
        "popular",
        "trending",
        "mostread",
        "tags",
        "tagcloud",
        "toolbar",
        "modal",
        "popup",
        "paywall",
        "byline",
        "author",
        "authors",
        "bio",
        "caption",
        "figcaption",
        "credit",
        "credits",
        "pagination",
        "pager",
        "print",
        "skip",
        "hidden",
        "visually",
        "sr",
        "screenreader",
        "dateline",
        "timestamp",
        "meta",
        "postmeta",
        "entrymeta",
        "categories",
        "category",
        "rating",
        "reply",
        "respond",
        "disclaimer",
        "copyright",
        "more",
        "readmore",
        "next",
        "prev",
        "previous",
        "inline",
    }
)
NEGATIVE_TAGS = frozenset({"nav", "aside", "footer", "form", "figcaption", "figure", "menu"})
POSITIVE_WORDS = frozenset(
    {
        "article",
        "articlebody",
        "body",
        "content",
        "entry",
        "main",
        "post",
        "story",
        "storybody",
        "text",
        "blog",
        "prose",
        "rich",
        "richtext",
    }
)
PARA_TAGS = frozenset({"p", "pre", "blockquote", "li", "td", "dd", "div", "article", "section"})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

_BOILER = re.compile(
    r"^(advertisement|advertising|sponsored|share( this)?( article| story)?|tweet|email|print|"
    r"comments?|related|read more|see also|you may also like|more from|recommended|"
    r"sign up|subscribe|follow us|loading|image|photo|getty images|continue reading|"
    r"story continues below|skip to|click here|reuse this content|leave a reply|"
    r"all rights reserved|copyright|©)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…:;\"”’)]\s*$")


def _line_weight(line: Line) -> float:
    """Contribution of one line to the score of every element above it."""
    n = len(line.text)
    links = line.link_chars
    own = n - links
    if line.tag in HEADING_TAGS:
        return 0.0
    density = links / n if n else 1.0
    if density > 0.5:
        return -float(links) * 0.6 - 10.0
    if own >= 80 or (own >= 30 and _SENTENCE_END.search(line.text)):
        return float(own) * (1.0 - density)
    return -8.0 - links * 0.5


@dataclass(slots=True)
class Scores:
    """Per-element sums over the lines below it."""

    score: list[float]  # article-likeness (paragraph text minus chrome)
    good: list[float]  # characters of paragraph-like, non-link text


def score_elements(page: Page) -> Scores:
    n_el = len(page.tags)
    score = [0.0] * n_el
    good = [0.0] * n_el
    for line in page.lines:
        w = _line_weight(line)
        if w > 0:
            for e in line.path:
                score[e] += w
                good[e] += w
        elif w:
            for e in line.path:
                score[e] += w
    return Scores(score, good)


def select_container(page: Page, sc: Scores | None = None) -> int:
    """Index of the element whose subtree carries the most article-like text, net of chrome."""
    sc = sc or score_elements(page)
    best, best_score = 0, float("-inf")
    for e, s in enumerate(sc.score):
        if s <= 0:
            continue
        tag = page.tags[e]
        words = page.words[e]
        if tag in ("article", "main") or words & POSITIVE_WORDS:
            s *= 1.08
        if tag in NEGATIVE_TAGS or words & NEGATIVE_WORDS:
            s *= 0.7
        if s > best_score:
            best, best_score = e, s
    return best


def _chrome_inside(page: Page, line: Line, container: int, sc: Scores) -> bool:
    """True when an element between the container and the line is marked as chrome.

    A marked element only counts when it holds a small part of the container's paragraph
    text: a class like ``content-with-sidebar`` on the article's own wrapper is no sidebar.
    """
    path = line.path
    try:
        start = path.index(container) + 1
    except ValueError:
        return True
    tags, words, good = page.tags, page.words, sc.good
    limit = 0.35 * good[container]
    for e in path[start:]:
        if good[e] > limit:
            continue
        if tags[e] in NEGATIVE_TAGS:
            return True
        w = words[e]
        if w and (w & NEGATIVE_WORDS) and not (w & POSITIVE_WORDS):
            return True
    return False


def keep_line(page: Page, line: Line, container: int, sc: Scores) -> bool:
    """Heuristic decision for one line inside the container."""
    text = line.text
    n = len(text)
    if _chrome_inside(page, line, container, sc):
        return False
    density = line.link_chars / n if n else 1.0
    if density > 0.6:
        return False
    if n < 60 and _BOILER.match(text):
        return False
    return line.tag != "h1"


def body_lines(page: Page) -> list[Line]:
    """The article's lines, in reading order."""
    if not page.lines:
        return []
    sc = score_elements(page)
    container = select_container(page, sc)
    out = []
    for line in page.lines:
        if container not in line.path:
            continue
        if keep_line(page, line, container, sc):
            out.append(line)
    return out
