"""One pass over the DOM that cuts the page into text lines ("blocks") with their context.

Every later decision (which container holds the article, which lines inside it are chrome)
needs, per line of visible text: its characters, how many of them are link text, the block tag
it sits in, and the chain of elements above it with their class/id words. Walking the tree once,
iteratively (a 10,000-deep page must not hit Python's recursion limit), and recording that
context in flat lists keeps extraction within a few milliseconds per page; nothing else in the
extractor walks the DOM.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

#: Elements whose content is never article text.
SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "select",
        "option",
        "button",
        "textarea",
        "input",
        "head",
        "title",
        "meta",
        "link",
        "video",
        "audio",
        "map",
        "dialog",
        "-comment",
    }
)

#: Elements that start a new line of text.
BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "br",
        "img",
    }
)

_WS = re.compile(r"\s+")
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"([a-z])([A-Z])")


@dataclass(slots=True)
class Line:
    """A run of inline text between two block boundaries."""

    text: str
    link_chars: int
    tag: str  # innermost block element
    path: tuple[int, ...]  # element indices from the root to the innermost block
    index: int = 0
    features: list[float] = field(default_factory=list)


@dataclass(slots=True)
class Page:
    """The page as lines plus the elements they sit in (flat arrays indexed by element id)."""

    lines: list[Line]
    tags: list[str]
    words: list[frozenset[str]]  # class/id tokens per element
    parents: list[int]
    hidden: list[bool]


def _words(attrs: dict[str, str | None]) -> frozenset[str]:
    parts = []
    for key in ("class", "id", "itemprop", "role"):
        v = attrs.get(key)
        if v:
            parts.append(v)
    if not parts:
        return frozenset()
    s = _CAMEL.sub(r"\1 \2", " ".join(parts)).lower()
    return frozenset(t for t in _TOKEN_SPLIT.split(s) if t)


_PAYWALL_WORDS = frozenset(
    {"subscriber", "subscribers", "premium", "paywall", "paid", "locked", "member", "members",
     "restricted", "metered", "piano", "truncated", "collapsed", "expandable", "readmore"}
)  # fmt: skip


def _is_hidden(attrs: dict[str, str | None]) -> bool:
    """Hidden by attribute or inline style, except article text hidden behind a paywall
    script (``<div class="subscriber-only" style="display:none">``), which is the article."""
    hidden = "hidden" in attrs
    if not hidden:
        style = attrs.get("style")
        if style and "none" in style:
            s = style.replace(" ", "").lower()
            hidden = "display:none" in s or "visibility:hidden" in s
    if hidden and _words(attrs) & _PAYWALL_WORDS:
        return False
    return hidden


def walk(root: LexborNode, max_nodes: int = 400_000) -> Page:
    """Cut the subtree under ``root`` into lines, in document order."""
    tags: list[str] = []
    words: list[frozenset[str]] = []
    parents: list[int] = []
    hidden: list[bool] = []
    lines: list[Line] = []

    stack: list[int] = []  # element indices of open elements
    block_stack: list[int] = []  # positions in `stack` of open block elements
    link_depth = 0
    pieces: list[str] = []
    link_chars = 0

    def flush() -> None:
        nonlocal pieces, link_chars
        if pieces:
            text = _WS.sub(" ", "".join(pieces)).strip()
            if text:
                bpos = block_stack[-1] if block_stack else len(stack) - 1
                path = tuple(stack[: bpos + 1])
                tag = tags[path[-1]] if path else "body"
                lines.append(Line(text, min(link_chars, len(text)), tag, path))
            pieces = []
            link_chars = 0

    # the root itself
    tags.append(root.tag or "body")
    words.append(_words(root.attributes))
    parents.append(-1)
    hidden.append(False)
    stack.append(0)
    block_stack.append(0)

    node = root.first_child
    depth = 1
    seen = 0
    while node is not None and depth > 0:
        seen += 1
        if seen > max_nodes:
            break
        tag = node.tag
        descend = False
        if tag == "-text":
            t = node.text_content
            if t:
                pieces.append(t)
                if link_depth:
                    link_chars += len(t.strip())
        elif tag not in SKIP_TAGS and tag and tag[0] != "-":
            attrs = node.attributes
            hid = _is_hidden(attrs)
            if not hid:
                idx = len(tags)
                tags.append(tag)
                words.append(_words(attrs))
                parents.append(stack[-1])
                hidden.append(False)
                is_block = tag in BLOCK_TAGS
                if is_block:
                    flush()
                if tag == "br" or tag == "hr" or tag == "img":
                    tags.pop()
                    words.pop()
                    parents.pop()
                    hidden.pop()
                elif node.first_child is not None:
                    stack.append(idx)
                    if is_block:
                        block_stack.append(len(stack) - 1)
                    if tag == "a":
                        link_depth += 1
                    descend = True
                else:
                    pass  # empty element: keep its index for nothing
        if descend:
            node = node.first_child
            depth += 1
            continue
        # move to the next sibling, closing elements on the way up
        while node is not None:
            nxt = node.next
            if nxt is not None:
                node = nxt
                break
            node = node.parent
            depth -= 1
            if depth <= 0:
                node = None
                break
            # closing the element `node`
            closed = stack[-1]
            ctag = tags[closed]
            if block_stack and block_stack[-1] == len(stack) - 1:
                flush()
                block_stack.pop()
            stack.pop()
            if ctag == "a":
                link_depth -= 1
    flush()
    for i, line in enumerate(lines):
        line.index = i
    return Page(lines, tags, words, parents, hidden)
