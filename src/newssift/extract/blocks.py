"""One pass over the DOM that cuts the page into text lines ("blocks") with their context.

Every later decision (which container holds the article, which lines inside it are chrome)
needs, per line of visible text: its characters, how many of them are link text, the block tag
it sits in, and the chain of elements above it with their class/id words. Walking the tree once,
iteratively (a 10,000-deep page must not hit Python's recursion limit), and recording that
context in flat lists keeps extraction within a few milliseconds per page; nothing else in the
extractor walks the DOM.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

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

#: Inline elements: they never start a line; only links among them change a line's features.
INLINE_TAGS = frozenset(
    {"a", "span", "b", "strong", "i", "em", "u", "s", "small", "big", "sub", "sup", "font",
     "mark", "abbr", "cite", "code", "q", "time", "label", "ins", "del", "kbd", "var",
     "bdi", "bdo", "data", "tt", "strike", "nobr", "wbr", "picture", "source"}
)  # fmt: skip
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")

# Scripts written without spaces, where one character carries about what three Latin letters
# do (Han and kana: a Japanese or Chinese news sentence is 20-40 characters), and Hangul,
# whose syllable blocks carry about two. Length thresholds tuned on Latin text (a paragraph is
# 120 characters) count these characters at that weight, so a short Japanese paragraph is
# measured as the paragraph it is.
_HAN_KANA = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
HAN_KANA_WEIGHT = 3
HANGUL_WEIGHT = 2


def text_size(text: str) -> int:
    """Length of ``text`` in Latin-letter equivalents (see ``_HAN_KANA``): ``len(text)`` for
    alphabetic scripts, Han and kana counted three times, Hangul twice."""
    if text.isascii():
        return len(text)
    n = len(text)
    wide = len(_HAN_KANA.findall(text))
    if wide:
        n += (HAN_KANA_WEIGHT - 1) * wide
    hangul = len(_HANGUL.findall(text))
    if hangul:
        n += (HANGUL_WEIGHT - 1) * hangul
    return n


_CAMEL = re.compile(r"([a-z])([A-Z])")


@dataclass(slots=True)
class Line:
    """A run of inline text between two block boundaries."""

    text: str
    link_chars: int
    tag: str  # innermost block element
    path: tuple[int, ...]  # element indices from the root to the innermost block
    index: int = 0
    #: length in Latin-letter equivalents (:func:`text_size`): what length thresholds compare
    size: int = 0

    def __post_init__(self) -> None:
        if not self.size:
            self.size = text_size(self.text)


@dataclass(slots=True)
class Page:
    """The page as lines plus the elements they sit in (flat arrays indexed by element id)."""

    lines: list[Line]
    tags: list[str]
    words: list[frozenset[str]]  # class/id tokens per element


_WORD_CACHE: dict[str, frozenset[str]] = {}
_EMPTY: frozenset[str] = frozenset()


def _words(attrs: dict[str, str | None]) -> frozenset[str]:
    """Lower-case class/id/itemprop/role tokens (``storyBody`` → story, body), cached."""
    key = ""
    for name in ("class", "id", "itemprop", "role"):
        v = attrs.get(name)
        if v:
            key = f"{key} {v}" if key else v
    if not key:
        return _EMPTY
    words = _WORD_CACHE.get(key)
    if words is None:
        words = _words_of_key(key)
    return words


# WordPress's post_class(): "post-22723 post type-post status-publish hentry category-food
# tag-cookie tag-dogs". The category and tag classes name the post's topics, not the element's
# role: a post tagged "cookie", "comments" or "related" is no cookie notice, comment or rail.
_WP_POST = re.compile(r"(?:^|\s)(?:hentry|type-post|status-publish)(?:\s|$)")
_WP_TOPIC = re.compile(r"(?:^|\s)(?:tag|category)-\S+")


def _words_of_key(key: str) -> frozenset[str]:
    """The words of a non-empty class/id/itemprop/role key (see :func:`_words`), cached;
    a WordPress post's category and tag classes (``_WP_TOPIC``) are left out. The compiled
    walk splits ASCII keys itself (``_walk.key_words``, held equal to this by
    tests/extract/test_guard_native.py) and calls this for the others."""
    s = key
    if ("hentry" in key or "type-post" in key or "status-publish" in key) and _WP_POST.search(key):
        s = _WP_TOPIC.sub(" ", key)
    s = _CAMEL.sub(r"\1 \2", s).lower() if not s.islower() else s
    words = frozenset(t for t in _TOKEN_SPLIT.split(s) if t)
    if len(_WORD_CACHE) > 50_000:
        _WORD_CACHE.clear()
    _WORD_CACHE[key] = words
    return words


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
            hidden = _style_hides(style)
    if hidden and _paywall_exempt(_words(attrs)):
        return False
    return hidden


def _is_link(attrs: dict[str, str | None]) -> bool:
    """An ``<a>`` is a link unless it is a named anchor: a ``name`` and no ``href`` marks a
    place a fragment links to, not a link. Pages of the HTML 4 years leave such an anchor
    open at the top of the story (``<a name="top">``) and the parser wraps the rest of the
    page in it, so every line below read as link text: the story scored as a link list
    and no line of it was kept (session 32, cleaneval's tuning half). An ``<a>`` with
    neither attribute stays a link: script-driven menus and buttons are written so."""
    return "href" in attrs or "name" not in attrs


def _style_hides(style: str) -> bool:
    """An inline style that hides its element (one that contains "none")."""
    s = style.replace(" ", "").lower()
    return "display:none" in s or "visibility:hidden" in s


def _paywall_exempt(words: frozenset[str]) -> bool:
    """Hidden text kept: the element's words name a paywall (see :func:`_is_hidden`)."""
    return bool(words & _PAYWALL_WORDS)


def walk(root: LexborNode, max_nodes: int = 400_000) -> Page:
    """Cut the subtree under ``root`` into lines, in document order.

    The compiled walk (:mod:`newssift.extract._walk`, built at install) when it loaded,
    else :func:`walk_py`; the two give the same page (tests/extract/test_walk_equal.py)."""
    if _compiled is None:
        return walk_py(root, max_nodes)
    return _walk_compiled(root, max_nodes)


def _walk_compiled(root: LexborNode, max_nodes: int = 400_000) -> Page:
    lines, tags, words = _compiled.walk(
        root.mem_id, root.tag or "body", _words(root.attributes), max_nodes
    )
    return Page(lines, tags, words)


def walk_py(root: LexborNode, max_nodes: int = 400_000) -> Page:
    """The walk in Python: the reference the compiled walk is held equal to."""
    tags: list[str] = []
    words: list[frozenset[str]] = []
    lines: list[Line] = []

    stack: list[int] = []  # element indices of open elements
    block_stack: list[int] = []  # positions in `stack` of open block elements
    link_depth = 0
    pieces: list[str] = []
    link_chars = 0

    def flush() -> None:
        nonlocal pieces, link_chars
        if pieces:
            text = " ".join("".join(pieces).split())
            if text:
                bpos = block_stack[-1] if block_stack else len(stack) - 1
                path = tuple(stack[: bpos + 1])
                tag = tags[path[-1]] if path else "body"
                lines.append(
                    Line(text, min(link_chars, len(text)), tag, path, size=text_size(text))
                )
            pieces = []
            link_chars = 0

    # the root itself
    tags.append(root.tag or "body")
    words.append(_words(root.attributes))
    stack.append(0)
    block_stack.append(0)

    # what each open node was, by depth: 0 inline (nothing to undo), 1 link, 2 element on
    # the stack, 3 block element on the stack
    kinds: list[int] = []
    node = root.first_child
    seen = 0
    skip, blocks, inline = SKIP_TAGS, BLOCK_TAGS, INLINE_TAGS
    while node is not None:
        seen += 1
        if seen > max_nodes:
            break
        tag = node.tag
        child = None
        if tag == "-text":
            t = node.text_content
            if t:
                if t.isspace():
                    if pieces:  # keep the space between two inline elements
                        pieces.append(" ")
                else:
                    pieces.append(t)
                    if link_depth:
                        link_chars += len(t.strip())
        elif tag in inline:
            # inline elements carry no layout and (for speed) no attributes: only links count,
            # and of an <a> only whether it is a link (_is_link)
            child = node.first_child
            if child is not None:
                if tag == "a" and _is_link(node.attributes):
                    link_depth += 1
                    kinds.append(1)
                else:
                    kinds.append(0)
        elif tag in skip:
            if tag in blocks and pieces:
                flush()
        elif tag in blocks:
            if pieces:
                flush()
            if tag != "br" and tag != "hr" and tag != "img":
                child = node.first_child
                if child is not None:
                    attrs = node.attributes
                    if _is_hidden(attrs):
                        child = None
                    else:
                        stack.append(len(tags))
                        tags.append(tag)
                        words.append(_words(attrs))
                        block_stack.append(len(stack) - 1)
                        kinds.append(3)
        elif tag and tag[0] != "-":
            child = node.first_child
            if child is not None:
                attrs = node.attributes
                if _is_hidden(attrs):
                    child = None
                else:
                    stack.append(len(tags))
                    tags.append(tag)
                    words.append(_words(attrs))
                    kinds.append(2)
        if child is not None:
            node = child
            continue
        # move to the next sibling, closing elements on the way up
        while True:
            nxt = node.next
            if nxt is not None:
                node = nxt
                break
            if not kinds:
                node = None
                break
            node = node.parent
            kind = kinds.pop()
            if kind == 3:
                if pieces:
                    flush()
                block_stack.pop()
                stack.pop()
            elif kind == 2:
                stack.pop()
            elif kind == 1:
                link_depth -= 1
    flush()
    for i, line in enumerate(lines):
        line.index = i
    return Page(lines, tags, words)


def _load_compiled():
    """The compiled walk, set up with this module's helpers; None when it is not built, when
    ``NEWSSIFT_PURE_WALK`` is set (to 1 or anything else but 0), or when selectolax does not
    export what it needs."""
    if os.environ.get("NEWSSIFT_PURE_WALK", "0") not in ("", "0"):
        return None
    try:
        import selectolax.lexbor as lexbor_module

        from newssift.extract import _walk

        if not hasattr(lexbor_module.LexborNode, "mem_id"):  # the root's node pointer
            return None
        _walk.setup(
            lexbor_module.__file__,
            lexbor_module._TAG_TO_NAME,
            SKIP_TAGS,
            BLOCK_TAGS,
            INLINE_TAGS,
            Line,
            _WORD_CACHE,
            _words_of_key,
            _style_hides,
            _paywall_exempt,
            text_size,
            _EMPTY,
        )
    except (ImportError, AttributeError, OSError):
        return None
    return _walk


_compiled = _load_compiled()
