"""Features of one line inside the article container, shared by inference and training.

The line classifier is a logistic regression: a bias, weights on a few numeric features
(length, link density, punctuation, position, neighbours) and weights on named binary features
(the block tag, class/id words and tags of the elements between the container and the line,
date/byline cues). Named binary features are summed from a dict at inference, so the shipped
model is a small JSON file, inference needs neither numpy nor scikit-learn, and the cost per
line is a few dictionary look-ups. ``train/train_extract.py`` imports this same function, so
training and inference cannot drift apart.
"""

from __future__ import annotations

import math
import re

from newssift.extract.blocks import Line, Page

# Words worth a feature of their own when they appear on an element inside the container.
WORD_VOCAB = frozenset(
    {
        "comment", "comments", "disqus", "related", "share", "sharing", "social", "nav",
        "navigation", "menu", "breadcrumb", "breadcrumbs", "footer", "header", "sidebar",
        "widget", "promo", "newsletter", "subscribe", "signup", "cookie", "consent", "banner",
        "advert", "advertisement", "ad", "ads", "sponsor", "sponsored", "outbrain", "taboola",
        "recommended", "popular", "trending", "tags", "tag", "toolbar", "modal", "popup",
        "paywall", "byline", "author", "bio", "caption", "credit", "pagination", "print",
        "hidden", "sr", "only", "visually", "dateline", "timestamp", "date", "time", "meta",
        "category", "categories", "reply", "disclaimer", "copyright", "more", "readmore",
        "next", "prev", "inline", "article", "body", "content", "entry", "main", "post",
        "story", "text", "blog", "prose", "rich", "richtext", "summary", "lead", "intro",
        "teaser", "excerpt", "headline", "title", "subtitle", "description", "media",
        "image", "img", "photo", "video", "embed", "figure", "gallery", "twitter", "tweet",
        "facebook", "instagram", "quote", "pullquote", "blockquote", "list", "link", "links",
        "card", "box", "aside", "info", "note", "notice", "alert", "cta", "button", "btn",
        "form", "search", "login", "user", "profile", "avatar", "icon", "label", "badge",
        "rating", "review", "table", "chart", "infobox", "highlights", "keypoints",
        "wp", "block", "paragraph", "para", "col", "column", "row", "container", "wrapper",
        "inner", "section", "module", "component", "field", "item", "items", "clearfix",
    }
)  # fmt: skip
PATH_TAGS = frozenset(
    {
        "nav", "aside", "footer", "header", "form", "figure", "figcaption", "table", "ul", "ol",
        "blockquote", "section", "article", "main", "details", "dl", "center", "address",
        "li", "strong", "b", "em", "i", "span", "small", "label", "time", "cite", "sup",
    }
)  # fmt: skip
LINE_TAGS = frozenset(
    {
        "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote", "pre",
        "dd", "dt", "figcaption", "section", "article", "span", "address", "caption", "body",
        "center", "header", "footer", "main", "form", "ul", "ol", "table", "tr", "aside",
    }
)  # fmt: skip
NUMERIC = (
    "log_len",
    "link_density",
    "sentence_end",
    "log_words",
    "rel_pos",
    "rel_pos_end",
    "depth",
    "prev_good",
    "next_good",
    "prev_log_len",
    "next_log_len",
    "block_share",
    "parent_share",
    "digit_share",
    "upper_start",
    "container_lines_log",
)

#: a line ending in one of these (trailing spaces aside) ends like a sentence
_SENTENCE_END = frozenset('.!?…:;"”’)»')
_DATEISH = re.compile(
    r"\b(?:(?:19|20)\d\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d{1,2}:\d\d|"
    r"am|pm|et|gmt|utc|updated|published|posted|ago)\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by|von|par|por|door|di|written by|photo(?:graph)?s? by)\s", re.I)
_CTA = re.compile(
    r"\b(?:subscribe|sign up|newsletter|click|follow us|download|log in|login|register|"
    r"cookies?|privacy|terms|advertisement|sponsored|share|comments?|reply|read more|"
    r"related|recommended|copyright|all rights reserved|©|image|photo|credit|getty|"
    r"reuters|ap photo|afp|shutterstock|read next|see also|more from|most read|popular|"
    r"whatsapp|facebook|twitter|linkedin|pinterest|email|print)\b",
    re.IGNORECASE,
)


def _good(line: Line) -> float:
    n = len(line.text)
    return 1.0 if n >= 80 and line.link_chars < 0.3 * n else 0.0


def line_features(
    page: Page, lines: list[Line], container: int, good: list[float]
) -> list[tuple[list[float], list[str]]]:
    """(numeric vector in :data:`NUMERIC` order, active binary feature names) per line."""
    out: list[tuple[list[float], list[str]]] = []
    n_lines = len(lines)
    cgood = good[container] or 1.0
    tags, words = page.tags, page.words
    cl_log = math.log1p(n_lines)
    cum: dict[int, tuple[str, ...]] = {}
    for i, line in enumerate(lines):
        text = line.text
        n = len(text)
        path = line.path
        try:
            start = path.index(container) + 1
        except ValueError:
            start = len(path)
        inner = path[start:]
        prev = lines[i - 1] if i else None
        nxt = lines[i + 1] if i + 1 < n_lines else None
        head = text[:80]
        digits = sum(map(str.isdigit, head))
        block = path[-1]
        parent = path[-2] if len(path) > 1 else block
        num = [
            math.log1p(n),
            line.link_chars / n if n else 1.0,
            1.0 if text.rstrip()[-1:] in _SENTENCE_END else 0.0,
            math.log1p(text.count(" ") + 1),
            i / n_lines,
            (n_lines - 1 - i) / n_lines,
            min(len(inner), 12) / 12.0,
            _good(prev) if prev else 0.0,
            _good(nxt) if nxt else 0.0,
            math.log1p(len(prev.text)) if prev else 0.0,
            math.log1p(len(nxt.text)) if nxt else 0.0,
            min(good[block] / cgood, 1.0),
            min(good[parent] / cgood, 1.0),
            digits / len(head) if head else 0.0,
            1.0 if text[:1].isupper() else 0.0,
            cl_log,
        ]
        cat = ["tag=" + (line.tag if line.tag in LINE_TAGS else "other")]
        if inner:
            cat.extend(_path_names(inner, tags, words, cum))
        if n < 150:
            cat.append("short")
            if _DATEISH.search(text):
                cat.append("dateish")
            if _BYLINE.match(text):
                cat.append("byline")
            if _CTA.search(text):
                cat.append("cta")
            if text.isupper():
                cat.append("upper")
        if n < 25:
            cat.append("tiny")
        if line.link_chars >= n - 1 and n:
            cat.append("all_link")
        if i == 0:
            cat.append("first")
        if i == n_lines - 1:
            cat.append("last")
        out.append((num, cat))
    return out


def _path_names(
    inner: list[int], tags: list[str], words: list, cum: dict[int, tuple[str, ...]]
) -> tuple[str, ...]:
    """The ``ptag=`` and ``w=`` names of the elements between the container and a line,
    sorted (a fixed order, so a model's sum is the same in every process). Cached per
    element in ``cum``: lines share their ancestors, so each element is read once a page."""
    last = inner[-1]
    got = cum.get(last)
    if got is not None:
        return got
    k = len(inner) - 1
    while k >= 0 and inner[k] not in cum:
        k -= 1
    acc = set(cum[inner[k]]) if k >= 0 else set()
    for e in inner[k + 1 :]:
        t = tags[e]
        if t in PATH_TAGS:
            acc.add("ptag=" + t)
        for w in words[e]:
            if w in WORD_VOCAB:
                acc.add("w=" + w)
        cum[e] = tuple(sorted(acc))
    return cum[last]


def score(model: dict, num: list[float], cat: list[str]) -> float:
    """Logit of "this line is article text" under a model exported by the training script."""
    z = model["bias"]
    for w, x in zip(model["w_num"], num, strict=True):
        z += w * x
    w_cat = model["w_cat"]
    for name in cat:
        z += w_cat.get(name, 0.0)
    return z
