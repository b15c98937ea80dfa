"""Choose the article's lines: find the main container, then drop the chrome inside it.

Two steps, because they fail differently. Container selection (the subtree with the most
paragraph-like text net of link lists, linked teaser headings and short fragments, discounted
inside sidebars and widgets) removes the page's frame: menus, footers, "most read" rails. It
narrows to the page's one ``<article>`` when that holds the story, and takes in the
container's siblings that are parts of the same story (one template's ``part text`` blocks
around embeds, or a second block of paragraphs). The container still holds share bars, author
boxes, captions, "related" lists, newsletter prompts and comment sections; those are
recognised line by line from the class/id words and tags of the elements between the
container and the line, link density and stock phrases, then :func:`trim` cuts bylines and
datelines before the first paragraph and everything after an end-of-article marker
("Related", "Most popular", "About the author") unless the story's paragraphs go on below it
(an inline "Don't miss" box).

Lengths are measured in Latin-letter equivalents (:func:`newssift.extract.blocks.text_size`):
a Han or kana character counts three, Hangul two, so thresholds fit Chinese, Japanese and
Korean paragraphs. :class:`Favor` (``extract(..., favor=...)``) leans the borderline
decisions towards precision or recall.

A learned line scorer can overrule the line rules where it is confident (a model's ``veto``
and ``rescue`` logits): :func:`body_lines` uses ``models/extract_lines.json`` when
present (written by ``train/train_extract.py``). None ships: trained on aeb's and naeb's
tuning halves it moved aeb by at most +0.0003 in site-grouped cross-validation and lost on
cleaneval's tuning half (session 7), see ``docs/bench/extraction.md``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from pathlib import Path

from newssift.extract import blocks as _blocks
from newssift.extract.blocks import Line, Page
from newssift.extract.features import line_features, score
from newssift.extract.metadata import norm_words
from newssift.textfold import fold
from newssift.vocab.letters import CAPITAL
from newssift.vocab.names import gender_of

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
        "next",
        "prev",
        "previous",
    }
)
NEGATIVE_TAGS = frozenset({"nav", "aside", "footer", "form", "figcaption", "figure", "menu"})
# never article text, however long: a caption, a menu, an aside
STRONG_NEGATIVE_TAGS = frozenset({"figcaption", "nav", "aside"})
# words that make a whole region chrome when they mark an ancestor of a candidate container
CONTAINER_NEGATIVE_WORDS = frozenset(
    {"sidebar", "widget", "footer", "comment", "comments", "related", "profile", "aside",
     "menu", "nav", "navbar", "navigation", "promo", "recommended", "popular", "trending",
     "outbrain", "taboola", "newsletter", "cookie", "consent", "banner", "advert", "ads",
     "modal", "popup", "dialog", "overlay", "gdpr"}
)  # fmt: skip
# cookie prompts and pop-ups: chrome even when they hold half the page's text (consent texts
# are long), though not when they wrap nearly the whole page
OVERLAY_WORDS = frozenset({"modal", "popup", "dialog", "overlay", "cookie", "consent", "gdpr"})
# reader comments and their forms, however long
STRONG_NEGATIVE_WORDS = frozenset(
    {"comment", "comments", "commentlist", "disqus", "respond", "replies", "discussion"}
)
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


def _first_chars(pattern: str) -> str:
    """The characters a match of ``pattern`` (``^(alternative|...)``, compiled IGNORECASE)
    can open with: each alternative's first character, which must be a plain one and not
    optional, in both cases, and the non-ASCII letters IGNORECASE takes for "s", "i" and "k"
    (tests/extract/test_exact_cuts.py checks the result against every code point). Lets the
    compiled line rules skip the regex on a line that opens with anything else."""
    assert pattern.startswith("^(")
    depth, alternatives, start = 0, [], 2
    for i in range(2, len(pattern)):
        c = pattern[i]
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                alternatives.append(pattern[start:i])
                break
            depth -= 1
        elif c == "|" and depth == 0:
            alternatives.append(pattern[start:i])
            start = i + 1
    first = set()
    for alt in alternatives:
        if not (alt[:1].isalnum() or alt[:1] == "©") or alt[1:2] in ("?", "*", "{"):
            raise ValueError(f"cannot screen the alternative {alt!r}")
        first |= {alt[0], alt[0].lower(), alt[0].upper()}
    extra = {"s": "ſ", "i": "İı", "k": "K"}
    return "".join(sorted(first | {x for c in first for x in extra.get(c.lower(), "")}))


#: what a _BOILER match opens with (:func:`_first_chars`)
_BOILER_FIRST = _first_chars(_BOILER.pattern)

#: The marks a line that ends like a sentence ends with (CJK full stops and closing brackets
#: included), before any trailing space.
_SENTENCE_END_CHARS = frozenset('.!?…:;"”’)。！？」』）．')
_SENTENCE_END_STR = "".join(sorted(_SENTENCE_END_CHARS))  # the same marks, for _walk.add_up


def _ends_sentence(text: str) -> bool:
    """The last non-space character of ``text`` ends a sentence. (It replaced a regex of the
    same marks followed by ``\\s*$``, which tried every mark of the line;
    tests/extract/test_exact_cuts.py holds the two equal.)"""
    return text.rstrip()[-1:] in _SENTENCE_END_CHARS


#: a heading below <h1> of at least this length (Latin-letter equivalents, net of links) that
#: ends a sentence is a paragraph in heading markup, weighed as one by _line_weight (the
#: longest story subheadings and standfirsts are shorter: at 150 aeb's tuning half lost a
#: page whose standfirst, an <h3> of 157, then joined the container)
HEADING_PARAGRAPH = 200


def _line_weight(line: Line) -> float:
    """Contribution of one line to the score of every element above it (lengths in
    Latin-letter equivalents, :attr:`Line.size`, so that CJK paragraphs weigh what they say).
    A heading weighs nothing, or against its element when it is mostly a link, unless it is
    a paragraph set in heading markup (:data:`HEADING_PARAGRAPH`)."""
    return _weight(len(line.text), line.link_chars, line.size, line.tag, line.text)


def _weight(chars: int, links: int, size: int, tag: str, text: str) -> float:
    """:func:`_line_weight` of a line of ``chars`` characters, ``links`` of them link text,
    ``size`` Latin-letter equivalents, in block ``tag``, whose text ends as ``text`` does
    (only its end is read: a run of lines weighed as one, :func:`_line_weights`, passes its
    last line)."""
    density = links / chars if chars else 1.0
    own = size * (1.0 - density)
    if tag in HEADING_TAGS:
        # a linked heading is a teaser for another page: lists of them are not the article
        if density > 0.5:
            return -float(links) - 30.0
        # a paragraph a template sets as a heading (page builders' <h2>/<h6> text blocks,
        # session 23): a whole sentence of paragraph length weighs as one
        if own >= HEADING_PARAGRAPH and tag != "h1" and _ends_sentence(text):
            return own * (1.0 - density)
        return 0.0
    if density > 0.5:
        return -float(links) * 0.6 - 10.0
    if own >= 80 or (own >= 30 and _ends_sentence(text)):
        return own * (1.0 - density)
    if tag in ("td", "th") and not links:
        return 0.0  # a cell of a data table: neither article prose nor chrome
    return -8.0 - links * 0.5


def _continues(line: Line, nxt: Line) -> bool:
    """``nxt`` goes on with the sentence ``line`` leaves open: both in one block element
    (the same path: a ``<br>`` cut them), ``line`` not ending a sentence and ``nxt``
    opening with a lower-case letter."""
    return nxt.path == line.path and nxt.text[:1].islower() and not _ends_sentence(line.text)


def _line_weights(lines: list[Line]) -> list[float]:
    """Every line's weight (:func:`_line_weight`), a sentence cut into lines by ``<br>``
    weighed as one: a run of lines each of which :func:`_continues` the one before weighs
    as one line of their summed characters, link characters and sizes (the spaces between
    them counted) on its first line, 0 on the others. Short blog posts set a sentence over
    three lines ("Simple As That shares this easy fall leaf bunting" / "that would be a
    lovely addition to your" / "Thanksgiving decorations."); each weighed -8 as a short
    non-sentence, and a sidebar's one sentence won the container (session 25, e32). The
    compiled ``_walk.add_up`` makes the same runs (tests/extract/test_exact_cuts.py)."""
    out: list[float] = []
    n = len(lines)
    i = 0
    while i < n:
        line = lines[i]
        j = i
        while j + 1 < n and _continues(lines[j], lines[j + 1]):
            j += 1
        if j == i:
            out.append(_line_weight(line))
        else:
            chars = size = j - i  # the spaces that join the lines
            links = 0
            for k in range(i, j + 1):
                chars += len(lines[k].text)
                links += lines[k].link_chars
                size += lines[k].size
            out.append(_weight(chars, links, size, line.tag, lines[j].text))
            out.extend([0.0] * (j - i))
        i = j + 1
    return out


@dataclass(frozen=True, slots=True)
class Favor:
    """How the line rules lean: which borderline lines an extraction keeps.

    ``balanced`` is the default and the best F1 on the tuning halves; ``precision`` drops
    what is often chrome (link-heavy lines, promo-worded paragraphs, lead-ins and
    subheadings above the first paragraph, siblings of the container, anything after an
    end marker from a quarter of the body on, linked subheadings, the standfirst outside the
    container, the post title above the body's block); ``recall`` keeps what is often
    article (captions and pull-quotes, link-heavy lines, promo-worded sentences, the short
    lines at the end, smaller sibling parts, the standfirst under the headline when it sits
    outside the container, marked as such or not; ``balanced`` takes it only when marked).
    The measured trade-off is in docs/bench/extraction.md.
    """

    name: str
    link_density: float  # a line with a larger share of link text is dropped
    keep_captions: bool  # figure captions and asides inside the container are article text
    promo_max: int  # promo-worded lines shorter than this are dropped
    head_min: int  # shortest sentence kept above the first paragraph
    head_headings: bool  # keep subheadings above the first paragraph
    stop_after: float  # an end marker stops the body only after this share of it
    trim_tail: bool  # drop short non-sentences at the end
    siblings: float  # a sibling of the container with this share of its text joins it (0: off)
    # the summary under the headline joins the body (add_standfirst): "any" such line,
    # "marked" only when the template marks it as the standfirst (session 22), "" never
    standfirst: str = "marked"
    # a linked subheading between two kept paragraphs is kept (_keep_linked_subheadings)
    linked_subheadings: bool = True
    # the post's title just above the body's block joins it (_with_post_title)
    post_title: bool = True


FAVORS = {
    "balanced": Favor("balanced", 0.7, False, 220, 30, True, 0.4, True, 0.3),
    "precision": Favor(
        "precision", 0.5, False, 400, 80, False, 0.25, True, 0.0, standfirst="",
        linked_subheadings=False, post_title=False,
    ),
    "recall": Favor("recall", 0.85, True, 90, 20, True, 0.6, False, 0.15, standfirst="any"),
}


def favor_of(name: str | Favor | None) -> Favor:
    """The :class:`Favor` named ``name`` (``balanced``, ``precision``, ``recall``)."""
    if name is None:
        return FAVORS["balanced"]
    if isinstance(name, Favor):
        return name
    try:
        return FAVORS[name]
    except KeyError:
        raise ValueError(f"unknown favor {name!r} (expected one of {', '.join(FAVORS)})") from None


@dataclass(slots=True)
class Scores:
    """Per-element sums over the lines below it."""

    score: list[float]  # article-likeness (paragraph text minus chrome)
    good: list[float]  # characters of paragraph-like, non-link text


def score_elements(page: Page) -> Scores:
    """Each element's sums over the lines below it: every line's weight
    (:func:`_line_weights`) is added to ``score`` of each element on its path, and to
    ``good`` when positive. The
    weights and additions are made by the compiled ``_walk.add_up`` when it is built (the
    same operations in the same order, so the same floats: tests/extract/test_exact_cuts.py),
    else by :func:`score_elements_py`."""
    if _add_up is None:
        return score_elements_py(page)
    # the weights too are computed in C (_walk.c's line_weight and its runs are
    # _line_weights, held equal by tests/extract/test_exact_cuts.py)
    try:
        score, good = _add_up(page.lines, None, len(page.tags), HEADING_TAGS, _SENTENCE_END_STR)
    except TypeError:  # a _walk built before add_up took no weights: the weights from here
        weights = _line_weights(page.lines)
        score, good = _add_up(page.lines, weights, len(page.tags))
    return Scores(score, good)


def score_elements_py(page: Page) -> Scores:
    """:func:`score_elements` in Python: the reference."""
    n_el = len(page.tags)
    score = [0.0] * n_el
    good = [0.0] * n_el
    for line, w in zip(page.lines, _line_weights(page.lines), strict=True):
        if w > 0:
            for e in line.path:
                score[e] += w
                good[e] += w
        elif w:
            for e in line.path:
                score[e] += w
    return Scores(score, good)


#: the compiled sums of score_elements (None: the walk is not compiled, or is older)
_add_up = getattr(_blocks._compiled, "add_up", None)
#: the compiled pass of _in_chrome (None: the walk is not compiled, or is older)
_in_chrome_c = getattr(_blocks._compiled, "in_chrome", None)


def _in_chrome(page: Page, good: list[float]) -> list[bool]:
    """:func:`_in_chrome_py`'s flags; its pass over the lines made by the compiled
    ``_walk.in_chrome`` when it is built (tests/extract/test_exact_cuts.py holds the two
    equal)."""
    if _in_chrome_c is None:
        return _in_chrome_py(page, good)
    try:
        flag, big = _in_chrome_c(
            page.lines, page.tags, page.words, good, NEGATIVE_TAGS, OVERLAY_WORDS,
            CONTAINER_NEGATIVE_WORDS, BIG_WORDS, POSITIVE_WORDS, "widget", "text",
        )  # fmt: skip
    except TypeError:  # a hand-made page (tuples, int sums, words not sets): the Python pass
        return _in_chrome_py(page, good)
    if big:
        _mark_storyless(page, good, flag, big)
    return flag


def _in_chrome_py(page: Page, good: list[float]) -> list[bool]:
    """Per element: it or an element above it is marked as chrome (sidebar, widget, footer).

    Marks on elements holding most of the page's paragraph text are ignored when the element
    wraps the story: Drupal and WordPress put "sidebar-second" or "has-comments" on
    ``<body>`` and page wrappers. A sidebar, widget or comment area (:data:`SIDEBAR_WORDS`)
    holding 50-80% of the text with no story element below it (an ``<article>``/``<main>``
    or an element with a story word such as ``entry``, ``post``, ``content``) is not such a
    wrapper: a sidebar's text widget can outweigh a three-line post on a page with little
    text. (Session 11; session 10's wider form of this rule, any marked element of any size,
    was reverted with three other rules.) The page footer (a ``<footer>`` or the word
    "footer", :data:`BIG_WORDS`) is such a region too (session 23): on pages no rule was
    tuned on, a footer's one long legal or copyright notice held more than half the text of
    a two- or three-paragraph story and won the container.
    """
    tags, words = page.tags, page.words
    flag = [False] * len(tags)
    done = [False] * len(tags)
    limit = 0.5 * good[0] if good else 0.0
    wide = 0.8 * good[0] if good else 0.0  # page-wide wrappers ("gdpr-ok", "modal-open")
    big: list[int] = []  # marked, but too large to be chrome unless it wraps no story
    for line in page.lines:
        path = line.path
        if done[path[-1]]:
            continue  # every element of this path is done: the line would change nothing
        # the elements done are the top of the path (each path is marked from the root
        # down), so start below the deepest of them, inheriting its flag
        k = len(path) - 1
        while k and not done[path[k - 1]]:
            k -= 1
        inherited = flag[path[k - 1]] if k else False
        for e in path[k:]:
            if not done[e]:
                done[e] = True
                w = words[e]
                if inherited or (good[e] < wide and w and w & OVERLAY_WORDS):
                    flag[e] = True
                elif tags[e] in NEGATIVE_TAGS or (
                    w and w & CONTAINER_NEGATIVE_WORDS and not _story_words(w)
                ):
                    if good[e] < limit:
                        flag[e] = True
                    elif good[e] < wide and (tags[e] == "footer" or (w and w & BIG_WORDS)):
                        big.append(e)
            inherited = flag[e]
    if big:
        _mark_storyless(page, good, flag, big)
    return flag


# the marks of a sidebar widget or a comment area, which can hold most of a short post's
# page and still be no story wrapper (see _in_chrome)
SIDEBAR_WORDS = frozenset({"sidebar", "widget"}) | STRONG_NEGATIVE_WORDS
#: SIDEBAR_WORDS and the page footer's (with the ``<footer>`` tag): regions that can hold
#: most of a short story's page (a long legal or copyright notice) and wrap no story
BIG_WORDS = SIDEBAR_WORDS | {"footer"}


def _story_words(w: frozenset[str]) -> frozenset[str]:
    """The story words among class words ``w``; "text" is none in a widget's classes
    (WordPress's text widget is ``widget widget_text``)."""
    pos = w & POSITIVE_WORDS
    if pos and "widget" in w:
        pos = pos - {"text"}
    return pos


#: a story element below a large chrome region makes it a story wrapper only when it holds
#: this share of the region's paragraph text (session 23: a subscription form's "post"
#: line, or the "body" of one reader comment, is no story the region wraps)
STORY_SHARE = 0.5


def _mark_storyless(page: Page, good: list[float], flag: list[bool], big: list[int]) -> None:
    """Flag the elements of ``big`` (marked as chrome, too large for the plain rule) that have
    no story element with paragraph text below them, and everything below those. A story
    element holding less than :data:`STORY_SHARE` of the region's paragraph text does not
    count (session 23: a reply form's "post-subscription" line, a reader comment's "body"
    made the comment area of a one-paragraph post a story wrapper; it won the container and
    every line in it was chrome). Every story element of a line's path is asked, not only
    the deepest (a small one may sit inside a large one)."""
    tags, words = page.tags, page.words
    big_set = set(big)
    is_story: dict[int, bool] = {}
    story: set[int] = set()
    for line in page.lines:
        path = line.path
        if big_set.isdisjoint(path):
            continue
        for i in range(len(path) - 1, 0, -1):  # its story elements, deepest first
            d = path[i]
            s = is_story.get(d)
            if s is None:
                w = words[d]
                s = is_story[d] = (
                    good[d] > 0
                    and (tags[d] in ("article", "main") or bool(_story_words(w)))
                    and not w & CONTAINER_NEGATIVE_WORDS
                )
            if s:
                story.update(
                    e for e in path[:i] if e in big_set and good[d] >= STORY_SHARE * good[e]
                )
        if len(story) == len(big_set):
            return
    gone = big_set - story
    if not gone:
        return
    for line in page.lines:
        path = line.path
        for i, e in enumerate(path):
            if e in gone:
                for d in path[i:]:
                    flag[d] = True
                break


def select_container(page: Page, sc: Scores | None = None) -> int:
    """Index of the element whose subtree carries the most article-like text, net of chrome.

    A candidate inside a sidebar, widget, footer or comment area (by its own class words or an
    ancestor's, :func:`_in_chrome`) is chosen only when no element outside such regions has a
    positive score: an author bio in the sidebar, or one long reader comment, can out-weigh
    a short post many times over. (Session 14; it was a 0.5 discount before, and on the
    tuning halves every page a marked element still won that way came out empty or wrong.)
    """
    sc = sc or score_elements(page)
    chrome = _in_chrome(page, sc.good)
    best, best_score, marked = _best_container(sc.score, page.tags, page.words, chrome)
    if best_score == float("-inf"):
        best = marked  # nothing outside the chrome carries text: the best of it
    return _widen_paragraph(page, best)


#: the tags whose element's score select_container raises as its class words can
_BOOST_TAGS = ("article", "main")


def _best_container_py(
    score: list[float], tags: list[str], words: list[frozenset[str]], chrome: list[bool]
) -> tuple[int, float, int]:
    """(best, its score, the best of the marked): select_container's loop. An element with a
    positive score is raised by its tag or class words; one marked as chrome competes
    only with the marked; another is lowered by negative words. The reference of the
    compiled ``_walk.best_container`` (tests/extract/test_exact_cuts.py)."""
    best, best_score = 0, float("-inf")
    marked, marked_score = 0, float("-inf")  # the best of the elements marked as chrome
    for e, s in enumerate(score):
        if s <= 0:
            continue
        w = words[e]
        if tags[e] in _BOOST_TAGS or not w.isdisjoint(POSITIVE_WORDS):
            s *= 1.08
        if chrome[e]:
            if s > marked_score:
                marked, marked_score = e, s
            continue
        if not w.isdisjoint(NEGATIVE_WORDS):
            s *= 0.7
        if s > best_score:
            best, best_score = e, s
    return best, best_score, marked


_best_container_c = getattr(_blocks._compiled, "best_container", None)


def _best_container(
    score: list[float], tags: list[str], words: list[frozenset[str]], chrome: list[bool]
) -> tuple[int, float, int]:
    """:func:`_best_container_py` by the compiled ``_walk.best_container`` when it is built
    (the same double operations in one C loop over the page's elements); a TypeError (a
    hand-made page: tuples, plain lists of words) sends it to the Python loop."""
    if _best_container_c is not None:
        try:
            return _best_container_c(
                score, tags, words, chrome, _BOOST_TAGS, POSITIVE_WORDS, NEGATIVE_WORDS
            )
        except TypeError:
            pass
    return _best_container_py(score, tags, words, chrome)


# elements that hold one paragraph or a run of inline text, never a whole story
LEAF_TAGS = frozenset(
    {"p", "blockquote", "pre", "li", "dd", "dt", "span", "font", "b", "i", "em", "strong", "a",
     "center", "small", "big", "u"}
) | HEADING_TAGS


def lines_under(lines: list[Line], e: int) -> list[Line]:
    """The lines whose path holds element ``e``, in order: ``[ln for ln in lines if e in
    ln.path]``, by the compiled ``_walk.lines_under`` when it is built (one C loop comparing
    the path's ints, where ``in`` made a rich comparison per item; the candidates ran it
    over every line of the page several times), else :func:`lines_under_py`, held equal to
    it by tests/extract/test_exact_cuts.py."""
    if _lines_under_c is not None:
        return _lines_under_c(lines, e)
    return lines_under_py(lines, e)


def lines_under_py(lines: list[Line], e: int) -> list[Line]:
    """:func:`lines_under` in Python."""
    return [ln for ln in lines if e in ln.path]


def first_line_under(lines: list[Line], e: int) -> Line | None:
    """The first line whose path holds element ``e``, or None (:func:`lines_under`'s
    first)."""
    if _lines_under_c is not None:
        return _lines_under_c(lines, e, True)
    return next((ln for ln in lines if e in ln.path), None)


_lines_under_c = getattr(_blocks._compiled, "lines_under", None)


def lines_of_roots(lines: list[Line], roots: set[int]) -> tuple[list[Line], list[int]]:
    """The lines below any of ``roots`` (a container and its sibling parts, none above
    another), in order, and the root each line is below."""
    out: list[Line] = []
    owner: list[int] = []
    for ln in lines:
        root = next((e for e in ln.path if e in roots), None)
        if root is not None:
            out.append(ln)
            owner.append(root)
    return out, owner


def _widen_paragraph(page: Page, e: int) -> int:
    """The element above ``e`` when ``e`` is a paragraph (or inline text): a story of one long
    paragraph among short ones (a list, a caption, a sign-off) outscores its own block,
    whose short lines each count against it, and the short lines would be lost."""
    tags = page.tags
    if tags[e] not in LEAF_TAGS:
        return e
    for ln in page.lines:
        path = ln.path
        if e in path:
            i = path.index(e)
            while i > 0 and tags[path[i]] in LEAF_TAGS:
                i -= 1
            return path[i]
    return e


def _narrow_to_article(
    page: Page, container: int, sc: Scores, lines: list[Line] | None = None
) -> int:
    """The one ``<article>`` inside the chosen container, when the page marks one: a short
    story (two paragraphs) loses to a wrapper that adds a long "about us" box beside it.
    :func:`candidates` narrows to it only when the wider container would keep lines outside
    it (else the container, and where each dropped line sat, stay as they were).

    Only when there is exactly one such element below the container holding paragraph text,
    and it holds at least a fifth of the container's (a story whose ``<article>`` wraps
    only its headline keeps the wider container). ``lines``: the page's lines inside the
    container (:func:`lines_under`), when the caller has them.
    """
    tags, good = page.tags, sc.good
    if tags[container] == "article" or "article" not in tags:
        return container  # (no <article> on the page: nothing to narrow to)
    found = -1
    for ln in lines_under(page.lines, container) if lines is None else lines:
        path = ln.path
        for e in path[path.index(container) + 1 :]:
            if tags[e] == "article" and good[e] > 0:
                if found >= 0 and e != found:
                    return container  # several articles: a listing, or nested teasers
                found = e
                break
    if found >= 0 and good[found] >= 0.2 * good[container]:
        return found
    return container


# what a story's own figures and pull-quotes are wrapped in: chrome unless favoring recall
CAPTION_TAGS = frozenset({"figcaption", "figure", "aside"})
CAPTION_WORDS = frozenset({"caption", "figcaption", "credit", "credits", "pullquote", "quote"})


def _marked_chrome_of(page: Page, sc: Scores, captions: bool, e: int, container: int) -> bool:
    """Element ``e`` (below ``container``) is marked as chrome. A marked element only counts
    when it holds a small part of the container's paragraph text: a class like
    ``content-with-sidebar`` on the article's own wrapper is no sidebar. The page's
    arguments come first, so that ``partial`` binds them (the line rules ask it per element
    and root, :func:`_line_marks`). A word set meets a list of words where it is not
    disjoint from it."""
    tags, words, good = page.tags, page.words, sc.good
    tag, w = tags[e], words[e]
    if captions and (tag in CAPTION_TAGS or not w.isdisjoint(CAPTION_WORDS)):
        return False
    if tag in STRONG_NEGATIVE_TAGS or not w.isdisjoint(STRONG_NEGATIVE_WORDS):
        return True
    if good[e] < 0.8 * good[container] and not w.isdisjoint(OVERLAY_WORDS):
        return True
    if good[e] > 0.35 * good[container]:
        return False
    if tag in NEGATIVE_TAGS:
        return True
    return bool(w) and not w.isdisjoint(NEGATIVE_WORDS) and w.isdisjoint(POSITIVE_WORDS)


# Promo lines. Strong phrases are promos wherever they stand; weak words ("sign up",
# "recommended", "most popular") are also plain English ("customers signed up for the trial",
# "the most popular dish at the store"), so they mark a promo only in a short line or where
# they open a sentence ("Want more? Sign up for our newsletter").
_PROMO_STRONG = re.compile(
    r"(already a subscriber|if you (?:buy|purchase|click)|may (?:receive|earn|get) (?:a )?"
    r"(?:share|commission|compensation)|affiliate (?:links?|commission)|independently "
    r"(?:selected|chosen)|have a tip|send (?:us )?a tip|follow (?:us|him|her|them) on|"
    r"support (?:our|local) journalism|our journalism needs|requires javascript|"
    r"enable javascript|all rights reserved|copyright ©|download (?:the|our) app|"
    r"this (?:article|story) (?:was|has been) (?:updated|corrected)|people are also reading|"
    r"(?:article|story) continues|you might be interested|you are logged in|"
    r"(?:our|this|email|free|weekly|daily) newsletter|please (?:sign up|subscribe)|"
    r"subscribe (?:wherever|to our|now|today)|sign up (?:for|to) (?:our|the) )",
    re.IGNORECASE,
)
_PROMO_WEAK = re.compile(
    r"(subscribe|newsletter|sign up|signup|sign in|log in|affiliate|cookies?\b|click here|"
    r"read (?:more|next|also)|see also|more (?:for you|from)|(?:most|also) (?:popular|read)|"
    r"don't miss|recommended)",
    re.IGNORECASE,
)
_OPENS = frozenset(".?!:;—–-*|([")
_WORD = re.compile(r"\w")
_STOP = re.compile(
    r"^(?:related(?: (?:stories|articles|posts|content|coverage|topics))?|more (?:stories|"
    r"from [\w .]+|for you|on this)|most (?:popular|read|viewed)|read (?:next|more)|"
    r"recommended(?: (?:for you|stories|videos))?|you (?:may|might) also like|tags?|topics|"
    r"about the authors?|about the author:.*|comments?|\d+ comments?|leave a (?:reply|comment)|"
    r"share this(?: article| story)?|trending(?: now)?|popular in the community|"
    r"people are also reading.*|editor'?s picks?|what to read next|up next|latest news|"
    r"don'?t miss|further reading|see also|also read|advertisement|more coverage|"
    r"join the conversation|explore more|filed under.*|tagged(?: in| with)?.*)\s*:?$",
    re.IGNORECASE,
)
_DATEISH = re.compile(
    r"\b(?:(?:19|20)\d\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d{1,2}:\d\d|"
    r"updated|published|posted|min read|minutes? read|ago)\b",
    re.IGNORECASE,
)


# Plain substrings one of which every promo match (strong or weak) contains: a cheap test
# before the regexes.
_PROMO_KEYS = (
    "subscri", "newsletter", "sign", "log in", "login", "if you", "may ", "affiliate",
    "independently", "tip", "follow", "journalism", "javascript", "cookie", "rights reserved",
    "copyright", "click here", "download", "this article", "this story", "read ", "see also",
    "more for you", "more from", "popular", "people are also", "don't miss", "recommended",
    "continues", "interested", "logged in",
)  # fmt: skip


# The same phrases matched case-sensitively, for a lower-cased line (the patterns hold no
# upper-case letter). Case-blind matching of these patterns (lower-case ASCII letters, space,
# "'", "©" and ``\b``) is exactly plain matching of the line folded by
# :func:`newssift.textfold.fold`, which scans about four times faster than IGNORECASE does.
_PROMO_STRONG_LOW = re.compile(_PROMO_STRONG.pattern)
_PROMO_WEAK_LOW = re.compile(_PROMO_WEAK.pattern)


def _promo_keys_in_py(low: str) -> bool:
    """One of :data:`_PROMO_KEYS` is in ``low``: the twin of :data:`_promo_keys_in`."""
    return any(key in low for key in _PROMO_KEYS)


def _keyword_screen(keys=None):
    """A test of a text, true when one of ``keys`` is in it (default :data:`_PROMO_KEYS`),
    by the cleaner's keyword screen (:func:`newssift.clean.rules.keyword_screen`: its
    compiled table, keys indexed by their first two characters, where it is built; held
    equal to the Python test by tests/clean/test_keyword_screen.py and
    tests/extract/test_exact_cuts.py); ``keys`` a compiled pattern: the keys
    :func:`newssift.clean.screens.screen_keys` reads off it, one of which every match
    holds. None when the cleaner cannot be imported (extract works without it)."""
    try:
        from newssift.clean.rules import keyword_screen
        from newssift.clean.screens import screen_keys
    except ImportError:  # pragma: no cover - only while the cleaner is broken
        return None
    if keys is None:
        keys = _PROMO_KEYS
    elif isinstance(keys, re.Pattern):
        keys = screen_keys(keys)
    return keyword_screen(keys)


def _always(_text: str) -> bool:
    """The screen that clears nothing (the pattern is asked of every line)."""
    return True


_promo_keys_in = _keyword_screen() or _promo_keys_in_py
#: Screens of the two patterns themselves, asked of the text they read (a line passes the
#: hand-made _PROMO_KEYS on plain words such as "may ", "read " or "tip", and the unanchored
#: patterns then scan it whole; the keys read off each pattern clear most of those lines)
_promo_strong_in = _keyword_screen(_PROMO_STRONG_LOW) or _always
_promo_weak_in = _keyword_screen(_PROMO_WEAK_LOW) or _always


def _is_promo(text: str, size: int | None = None) -> bool:
    """A promo line: a strong promo phrase anywhere, or a weak one in a short line, at the
    start of one of its sentences or at its end."""
    low = text.lower()
    if not _promo_keys_in(low):
        return False
    subject = fold(text, low)
    if _promo_strong_in(subject) and _PROMO_STRONG_LOW.search(subject):
        return True
    if not _promo_weak_in(subject):
        return False
    short = (size if size is not None else len(text)) < 90
    for m in _PROMO_WEAK_LOW.finditer(subject):
        if short:
            return True
        before = text[: m.start()].rstrip()
        if not before or before[-1] in _OPENS or not _WORD.search(text, m.end()):
            return True  # opens a sentence, or closes the line ("... event. Read more »")
    return False


_HEAD_WORD = re.compile(r"\w+")
#: a lead-in of this many words with one date word in it reads as a sentence, not a dateline
LEAD_IN_WORDS = 6


def _dateline(head: str) -> bool:
    """``head`` (a line's first 60 characters) is a dateline or a byline with a date: a date
    word in it ("2012", "Nov", "10:33", "posted"), unless it reads as a sentence, six words
    or more with one date word ("Here's a quick recap video from Google I/O 2012:"): those
    are lead-ins the head trim used to drop. (Session 22, from the tuning halves: 9 pages up
    on dragnet and cleaneval, none down, none changed on aeb or naeb.)"""
    if not _DATEISH.search(head):
        return False
    return len(_HEAD_WORD.findall(head)) < LEAD_IN_WORDS or len(_DATEISH.findall(head)) > 1


def _is_paragraph(line: Line) -> bool:
    t = line.text
    if line.link_chars > 0.3 * len(t) or line.tag in HEADING_TAGS:
        return False
    n = line.size
    return n >= 120 or (n >= 50 and _ends_sentence(t))


#: a heading in paragraph markup has at least this many words and this size (Latin-letter
#: equivalents): shorter lines above the first paragraph are labels ("Share", "Politics")
PLAIN_HEADING_WORDS = 4
PLAIN_HEADING_MIN = 20
#: words of a photo credit or a byline's role, which a line above the story often is
_CREDIT = re.compile(
    r"\b(?:photos?|photograph|images?|getty|reuters|ap|afp|credits?|courtesy|illustration|"
    r"shutterstock|press|staff|reporter|correspondent|editor|writer|columnist|contributor|"
    r"author|producer)\b",
    re.IGNORECASE,
)
#: a byline: "By ...", a credit's "... by" ("Written and photographed by ...", "Words and
#: pictures by ..."), or a byline word of another language opening a name ("Por Juan
#: Pérez", "Von Anna Müller", "Par Jean Dupont"). A "by" elsewhere is left to the line's
#: other tests: "Directed by David Lynch" is text a page's own truth may keep
_BYLINE = re.compile(
    r"^(?:(?:written|words|text|story|reporting|reported|photos?|photographed|pictures|"
    r"images|opinion|analysis|commentary|edited|reviewed|fact[- ]?checked|additional "
    r"reporting|compiled|contributed|produced|illustrated|interviews?)"
    r"(?: and (?:photos?|photographed|pictures|images|edited|reported|produced))? )?by\b"
    r"|^(?:por|von|par|door|av|af|przez)\s+(?-i:" + CAPITAL + ")",  # a capital in any case
    re.IGNORECASE,
)
#: one name of two to four capitalised words (a capital of any script)
_NAME_WORDS = CAPITAL + r"[\w.'’-]+(?: " + CAPITAL + r"[\w.'’-]+){1,3}"
#: names joined by commas or a conjunction (in any case) and nothing else, perhaps closed by
#: where they write from ("Ana Ruiz and Tom Berg", "Ana Ruiz, Tom Berg and Carl Lee", "ANA
#: RUIZ AND TOM BERG", "Ana Ruiz and Tom Berg in Madrid"): the authors, when one of them
#: opens with a given name (:func:`_names_authors`; "Zoned Heating and Cooling Systems" is a
#: title of the same shape)
_NAME_LIST = re.compile(
    "^" + _NAME_WORDS + r"(?:(?:,|,? (?i:and|und|et|y|e|och|og|&)) " + _NAME_WORDS + ")+"
    r"(?: (?i:in) " + CAPITAL + r"[\w'’-]+(?: " + CAPITAL + r"[\w'’-]+)?)?$"
)
#: labels a template sets above a story ("Listen to this article", "Why You Can Trust Our
#: Reviews", "This article is more than five years old", "Download our free mobile app")
_HEAD_LABEL = re.compile(
    r"\b(?:listen to|can trust|trust our|more than \w+ years? old|our (?:free )?(?:mobile )?app|"
    r"support (?:independent|local|our)|independent (?:local )?journalism|"
    r"in (?:collaboration|partnership|association) with|(?:sponsored|presented) by|"
    r"(?:jump|skip) to|paid (?:content|post|partnership)|brought to you|powered by|tap here|"
    r"turn on notifications|trending now|privacy choices|advertisement)\b"
    # an imprint: "© Riverside Gazette", "Riverside Gazette Media Group Ltd 2024"
    r"|©|\b(?:ltd|inc|llc|gmbh|plc|corp)\b\.?(?: \d{4})?$",
    re.IGNORECASE,
)


def _plain_heading(line: Line, first: Line, below: Line | None = None) -> bool:
    """``line`` (above the body's first paragraph, ``first``) is the story's title or a
    subheading set as a plain paragraph or cell (``<p>``, ``<td>``, ``<div>``) rather than in
    heading markup: it sits in the same block as the paragraph (its parent element holds the
    paragraph too), is a run of words with no link, colon or slash in it, no digit or date
    word (but see :func:`_numbered_title` below), does not end like a sentence (a sentence
    goes by the lead-in rule) and is no byline ("By ...", "Opinion by ...", "Von ...", a
    list of names, a name with a role), photo credit, template or sponsor label ("Listen to
    this article", "Paid content by") or imprint ("© ...", "... Ltd"). The head trim
    dropped such lines with the bylines and datelines around them; on the tuning halves
    they were the first must-include snippet of 18 cleaneval and 2 dragnet pages (session
    25, e31), and the lines they let in on aeb and naeb's tuning halves were a teaser and a
    credit on 1 page (the filters above are what kept the others out: bylines, credits,
    labels with a colon, reading times). The byline,
    name-list, role and label filters came after (r31's and r32's reviews: "Ana Ruiz, Senior
    Political Editor", "Von Anna Müller", "Listen to this article", "Opinion by ...", "Ana
    Ruiz, Tom Berg and Carl Lee", "Riverside Gazette Media Group Ltd 2024" were let in).

    A title in a block of its own beside the story's block (a ``<td>`` of the row above the
    story's cell, a ``<p>`` in its own ``<div>``) is let in too when the line just ``below``
    it sits in a block of the story (:func:`_beside_story`; session 25, e33), and so is a
    title of six words or more whose only number is a year or a section number
    (:func:`_numbered_title`)."""
    t = line.text
    if (
        line.link_chars
        or line.tag in HEADING_TAGS
        or line.tag == "li"
        or line.size < PLAIN_HEADING_MIN
        or len(line.path) < 2
        or (line.path[-2] not in first.path and not _beside_story(line, first, below))
    ):
        return False
    if ":" in t or "/" in t or _ends_sentence(t):
        return False
    if len(_HEAD_WORD.findall(t)) < PLAIN_HEADING_WORDS:
        return False
    if (any(c.isdigit() for c in t) or _DATEISH.search(t)) and not _numbered_title(t):
        return False
    t = t.strip()
    return not (_is_byline(t) or _HEAD_LABEL.search(t))


def _is_byline(text: str) -> bool:
    """``text`` (stripped) is a byline or a credit: it opens as one (:data:`_BYLINE`), names a
    credit or a byline's role (:data:`_CREDIT`) or lists authors (:func:`_names_authors`).
    Asked of the lines above a story that :func:`_plain_heading` and
    :func:`_post_title_words` would let in."""
    return bool(_BYLINE.search(text) or _CREDIT.search(text) or _names_authors(text))


#: a section number opening a title ("1. Stewards and domestics in the Mycenaean period")
_SECTION_NO = re.compile(r"^\d{1,2}\.\s")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _numbered_title(text: str) -> bool:
    """``text`` is a title of :data:`LEAD_IN_WORDS` words or more whose only digits are one
    year and an opening section number, with no other date word ("2005 Climate Champion
    Awards Presented at NY Conference", "1. Stewards and domestics in the Mycenaean
    period"): the digit and date tests of :func:`_plain_heading` are there for datelines
    and bylines ("by randfish on May 23, 2011", "Updated 5:15 PM EST"), which carry a day,
    a month or a time; a year alone does not make a dateline. (Session 25, e33: cleaneval's
    tuning half gained 2 must-include snippets, aeb, naeb and dragnet unchanged.)"""
    if len(_HEAD_WORD.findall(text)) < LEAD_IN_WORDS:
        return False
    rest = _YEAR.sub("", _SECTION_NO.sub("", text, count=1), count=1)
    return not (any(c.isdigit() for c in rest) or _DATEISH.search(rest))


def _beside_story(line: Line, first: Line, below: Line | None) -> bool:
    """``line`` sits in a block of its own next to the story's: its grandparent element holds
    the first paragraph ``first``, and the line just ``below`` it sits directly in an element
    of the story (its parent is on ``first``'s path). A page title set in the table row or
    the ``<div>`` above the story's ("From Bethlehem to Calvary - Chapter Five", "A Long,
    Strange Trip Down David Lynch's Mulholland Drive") is the story's heading as much as one
    in the story's own block; on the tuning halves (session 25, e33) the rule gave cleaneval
    3 must-include snippets and changed no aeb or dragnet page. A teaser or player title
    two blocks away from the story (its grandparent not on the story's path) stays out."""
    path = line.path
    return (
        below is not None
        and len(path) >= 3
        and len(below.path) >= 2
        and path[-3] in first.path
        and below.path[-2] in first.path
    )


_NAME_JOIN = re.compile(r",? (?:and|und|et|y|e|och|og|&) |, | (?:in) ", re.IGNORECASE)


def _names_authors(text: str) -> bool:
    """``text`` is a list of people's names ("Ana Ruiz and Tom Berg", "Von Anna Müller und
    Peter Schmidt" without its "Von"): :data:`_NAME_LIST`'s shape, and one of the names
    opens with a given name the quote resolver knows (:mod:`newssift.vocab.names`)."""
    if not _NAME_LIST.match(text):
        return False
    return any(gender_of(name.split(" ", 1)[0]) for name in _NAME_JOIN.split(text))


def trim(lines: list[Line], favor: Favor | None = None) -> list[Line]:
    """Drop lead-in chrome before the first paragraph, promo lines, and everything after an
    end-of-article marker ("Related", "Most popular", "About the author") late in the body."""
    f = favor or FAVORS["balanced"]
    if not lines:
        return lines
    first = next((i for i, ln in enumerate(lines) if _is_paragraph(ln)), None)
    if first is None:
        return lines
    head = []
    for k, ln in enumerate(lines[:first]):
        t = ln.text
        # a subheading or standfirst above the first paragraph: kept when it reads as a
        # sentence or (favoring recall) is a heading with no date in it
        if ln.tag in HEADING_TAGS and ln.tag != "h1" and ln.size > 12 and not _DATEISH.search(t):
            if f.head_headings:
                head.append(ln)
            continue
        # keep a dateline-like short paragraph (a lead-in); drop bylines/dates/labels
        lead_in = ln.size >= f.head_min and _ends_sentence(t) and not _dateline(t[:60])
        # and a title or subheading set as a plain paragraph (_plain_heading)
        if lead_in or (f.head_headings and _plain_heading(ln, lines[first], lines[k + 1])):
            head.append(ln)
    body = head + lines[first:]
    total = sum(ln.size for ln in body) or 1
    out: list[Line] = []
    seen = 0
    skip_to = -1
    for i, ln in enumerate(body):
        if i < skip_to:
            continue
        t = ln.text
        if seen > f.stop_after * total and len(t) < 60 and _STOP.match(t):
            resume = _resume_after_box(body, i, out)
            if resume is None:
                break
            skip_to = resume  # an inline "Don't miss" box: the story goes on below it
            continue
        seen += ln.size
        if ln.size < f.promo_max and _is_promo(t, ln.size) and not _is_paragraph_like_quote(t):
            continue
        out.append(ln)
    # trailing short non-sentences (tags, credits, share labels), but not a data table nor
    # the end of a numbered or dated list
    while (
        f.trim_tail
        and out
        and len(out) > 1
        and not _ends_in_table(out)
        and not _is_paragraph(out[-1])
        and out[-1].size < 60
        and (not _ends_sentence(out[-1].text) or _DATEISH.search(out[-1].text))
        and not _ends_in_list(out)
    ):
        out.pop()
    return out


#: the marker a numbered or dated list item opens with: "22)", "3.", "7:", "Oct. 10 --",
#: "2019 –" (a word of up to five letters may stand before the number)
_LIST_MARK = re.compile(r"\s*(?:[^\W\d_]{1,5}\.?\s+)?\d{1,4}\s*(?:\)|\.(?=\s)|--|[–—:])")
_LETTERS = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")


def _list_mark(text: str) -> str | None:
    """The shape of the list marker ``text`` opens with (letters as "a", numbers as "0":
    "Oct. 10 --" and "Sept. 2 --" are both "a. 0 --"), or None."""
    m = _LIST_MARK.match(text)
    if m is None:
        return None
    return _DIGITS.sub("0", _LETTERS.sub("a", m.group().strip()))


def _ends_in_list(lines: list[Line]) -> bool:
    """The body's last line and the one before it are items of one numbered or dated list:
    the same tag under the same parent, opening with a list marker of the same shape. The
    tail trim took such a list's short last items for trailing chrome ("22) Hasbro Gaming -
    Taboo", a tour's "Oct. 10 -- The Pavilion, Houston, TX" dates), cutting a list whose
    longer items above it stayed (session 25, e31: 2 pages of aeb's tuning half, their last
    must-include snippet)."""
    a, b = lines[-1], lines[-2]
    if a.tag != b.tag or a.path[:-1] != b.path[:-1]:
        return False
    mark = _list_mark(a.text)
    return mark is not None and mark == _list_mark(b.text)


def _resume_after_box(body: list[Line], i: int, before: list[Line]) -> int | None:
    """Where the story resumes after the end marker at ``body[i]``, if the marker opens a box
    inside the story rather than ending it: two or more paragraphs follow that sit in the
    same block as the story's paragraphs above (same grandparent element). Else None."""
    home = {ln.path[-3] for ln in before if len(ln.path) >= 3 and _is_paragraph(ln)}
    if not home:
        return None
    first = None
    count = 0
    for j in range(i + 1, len(body)):
        ln = body[j]
        if len(ln.path) >= 3 and ln.path[-3] in home and _is_paragraph(ln):
            if first is None:
                first = j
            count += 1
            if count >= 2:
                return first
    return None


def _ends_in_table(lines: list[Line]) -> bool:
    """The body ends in a data table (six cells or more), which is content, not a tail."""
    tail = lines[-6:]
    return len(tail) == 6 and all(ln.tag in ("td", "th") for ln in tail)


def _is_paragraph_like_quote(t: str) -> bool:
    return t[:1] in "\"“«‘'" and len(t) > 80


MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "extract_lines.json"


@lru_cache(maxsize=1)
def load_model() -> dict | None:
    """The shipped line classifier, or None (then the heuristic decides alone)."""
    try:
        return json.loads(MODEL_PATH.read_text())
    except (OSError, ValueError):
        return None


#: the words that keep a sibling out of the container's parts (unless a story word is there)
_SIBLING_NEGATIVE_WORDS = NEGATIVE_WORDS | CONTAINER_NEGATIVE_WORDS


def _sibling_parts(page: Page, container: int, sc: Scores, share: float) -> list[int]:
    """Siblings of the container that carry article text of their own: a story split over
    two ``<div>``s (the lead above an ad slot, the rest below; a paywalled second half).

    A sibling joins when it has the container's tag and class words (CMSs that cut a story
    into ``<div class="part text">`` blocks around embeds and lists), or when its paragraph
    text is at least ``share`` of the container's (and over 150 characters), its net score
    is mostly paragraph text (not a list of links or teasers) and neither its tag nor its
    class words mark it as chrome.
    """
    parent = -1
    first = first_line_under(page.lines, container)
    if first is not None:
        path = first.path
        i = path.index(container)
        parent = path[i - 1] if i else -1
    if parent < 0:
        return []
    good, score, tags, words = sc.good, sc.score, page.tags, page.words
    need = max(150.0, share * good[container])
    found: list[int] = []
    seen = {container}
    for ln in lines_under(page.lines, parent):
        path = ln.path
        i = path.index(parent) + 1
        if i >= len(path):
            continue
        e = path[i]
        if e in seen:
            continue
        seen.add(e)
        w = words[e]
        if w and w == words[container] and tags[e] == tags[container]:
            found.append(e)  # another part cut from the same template as the container
        elif (
            good[e] >= need
            and score[e] > 0.5 * good[e]
            and tags[e] not in NEGATIVE_TAGS
            and tags[e] not in HEADING_TAGS
            and (w.isdisjoint(_SIBLING_NEGATIVE_WORDS) or not w.isdisjoint(POSITIVE_WORDS))
        ):
            found.append(e)
    return found


#: What :func:`_line_marks` says of a line: kept, dropped by the rules ("heuristic_drop"),
#: or dropped as a boiler phrase too ("heuristic_drop", "boiler_phrase").
KEPT, DROPPED, BOILER = 0, 1, 2


def _line_marks_py(
    lines: list[Line], owner: list[int] | int, chrome, max_density: float
) -> list[int]:
    """The rules' verdict on each line below its root: dropped when an element between the
    root and the line is marked as chrome, when its links cover more than ``max_density`` of
    it, when a boiler phrase opens a short line (then BOILER), or when it is the ``<h1>``;
    else KEPT. ``owner`` is the line's root (a list, or one int for all lines),
    ``chrome(e, root)`` :func:`_marked_chrome_of` for the page, asked once per element and
    root (the lines of a root share most of their paths). The reference of the compiled
    ``_walk.line_marks``."""
    memos: dict[int, dict[int, bool]] = {}  # per root: its elements' chrome verdicts
    out = []
    for i, line in enumerate(lines):
        root = owner if isinstance(owner, int) else owner[i]
        memo = memos.get(root)
        if memo is None:
            memo = memos[root] = {}
        text = line.text
        n = len(text)
        boiler = n < 60 and _BOILER.match(text) is not None
        # every line here holds its root (lines_under's lines, or the root found in its path)
        path = line.path
        drop = False
        for e in path[path.index(root) + 1 :]:
            marked = memo.get(e)
            if marked is None:
                marked = memo[e] = chrome(e, root)
            if marked:
                drop = True
                break
        if drop or (line.link_chars / n if n else 1.0) > max_density or boiler or (
            line.tag == "h1"
        ):
            out.append(BOILER if boiler else DROPPED)
        else:
            out.append(KEPT)
    return out


_line_marks_c = getattr(_blocks._compiled, "line_marks", None)


def _line_marks(
    page: Page, lines: list[Line], owner: list[int] | int, sc: Scores, f: Favor
) -> list[int]:
    """Per line of the container (or of its parts, ``owner`` giving each line's root): KEPT,
    DROPPED or BOILER (:func:`_line_marks_py`'s rules with ``f``'s captions and link
    density). By the compiled ``_walk.line_marks`` when it is built (one C loop; the element
    verdicts of :func:`_marked_chrome_of` written out in C from the page's lists and the
    sets it reads, the boiler regex still asked of Python), else :func:`_line_marks_py`,
    held equal to it by tests/extract/test_exact_cuts.py."""
    if _line_marks_c is not None:
        # _marked_chrome_of's tests, asked in C of the page's lists and these sets
        spec = (
            page.tags, page.words, sc.good, f.keep_captions, CAPTION_TAGS, CAPTION_WORDS,
            STRONG_NEGATIVE_TAGS, STRONG_NEGATIVE_WORDS, OVERLAY_WORDS, NEGATIVE_TAGS,
            NEGATIVE_WORDS, POSITIVE_WORDS,
        )
        try:
            return _line_marks_c(
                lines, owner, len(page.tags), spec, _BOILER.match, f.link_density, "h1",
                _BOILER_FIRST,
            )
        except TypeError:  # a hand-made page (paths not tuples of element ints)
            pass
    chrome = partial(_marked_chrome_of, page, sc, f.keep_captions)  # chrome(e, root)
    return _line_marks_py(lines, owner, chrome, f.link_density)


#: the heading levels a story's subheadings use
SUBHEADING_TAGS = frozenset({"h2", "h3", "h4"})
#: a label opening a heading ("Related:", "Read more:"): a teaser for another page
_LABEL = re.compile(r"^\W*\w+(?:\s+\w+)?\s*:")
#: lines shorter than this (Latin-letter equivalents) are passed over when a subheading's
#: neighbours are looked for: an empty anchor, a lone "Ad" label
_NEIGHBOUR_MIN = 20


def _keep_linked_subheadings(
    page: Page, lines: list[Line], owner: list[int] | int, sc: Scores, f: Favor,
    marks: list[int],
) -> None:
    """Mark KEPT (in ``marks``) the subheadings that are links, between two paragraphs the
    rules keep: a buying guide's product names, a listicle's linked items, a report's
    section titles linking to their source. The link-density rule drops them (a heading
    that is mostly a link is, elsewhere, a teaser for another story), but between two kept
    paragraphs of the story, with no chrome mark above it and no label ("Related:",
    "MORE:") opening it, it is the story's own structure. (Session 22, from the tuning
    halves: aeb, naeb and cleaneval each gained; 10 pages up, 3 down by at most 0.012
    of precision.)"""
    n = len(lines)
    for i, ln in enumerate(lines):
        if (
            marks[i] != DROPPED
            or ln.tag not in SUBHEADING_TAGS
            or ln.link_chars <= f.link_density * len(ln.text)
            or _LABEL.match(ln.text)
        ):
            continue
        prev = next((j for j in range(i - 1, -1, -1) if lines[j].size >= _NEIGHBOUR_MIN), -1)
        nxt = next((j for j in range(i + 1, n) if lines[j].size >= _NEIGHBOUR_MIN), -1)
        if (
            prev < 0
            or nxt < 0
            or marks[prev]
            or marks[nxt]
            or not _is_paragraph(lines[prev])
            or not _is_paragraph(lines[nxt])
        ):
            continue
        root = owner if isinstance(owner, int) else owner[i]
        path = ln.path
        if any(
            _marked_chrome_of(page, sc, f.keep_captions, e, root)
            for e in path[path.index(root) + 1 :]
        ):
            continue  # dropped for a chrome mark, not for its links
        marks[i] = KEPT


def _candidates(
    page: Page, f: Favor
) -> tuple[int, int, list[Line], list[int], list[int] | None, Scores]:
    """:func:`candidates` without the per-line features: (chosen element, container, the
    container's lines, their marks (:func:`_line_marks`), the indices of the lines kept when
    the choice narrowed to an ``<article>`` inside the container (else None), the scores)."""
    sc = score_elements(page)
    container = select_container(page, sc)
    parts = _sibling_parts(page, container, sc, f.siblings) if f.siblings else None
    owner: list[int] | int
    if parts:
        lines, owner = lines_of_roots(page.lines, {container, *parts})
    else:
        lines = lines_under(page.lines, container)
        owner = container
    marks = _line_marks(page, lines, owner, sc, f)
    if f.linked_subheadings:
        _keep_linked_subheadings(page, lines, owner, sc, f, marks)
    if not parts:
        article = _narrow_to_article(page, container, sc, lines)
        if article != container and any(
            not m and article not in ln.path for ln, m in zip(lines, marks, strict=True)
        ):
            keep = [i for i, ln in enumerate(lines) if article in ln.path]
            return article, container, lines, marks, keep, sc
    return container, container, lines, marks, None, sc


def candidates(
    page: Page, with_features: bool = True, favor: Favor | None = None
) -> tuple[int, list[Line], list[tuple[list[float], list[str]]]]:
    """Container, its lines and their features (heuristic verdict included as a feature).

    Without ``with_features`` only the heuristic verdict is computed (the fast path used
    when no model ships).
    """
    f = favor or FAVORS["balanced"]
    chosen, container, lines, marks, keep, sc = _candidates(page, f)
    if with_features:
        feats = line_features(page, lines, container, sc.good)
    else:
        feats = [([], []) for _ in lines]
    for (_num, cat), m in zip(feats, marks, strict=True):
        if m:
            cat.append("heuristic_drop")
            if m == BOILER:
                cat.append("boiler_phrase")
    if keep is not None:
        return chosen, [lines[i] for i in keep], [feats[i] for i in keep]
    return chosen, lines, feats


def _kept_by_rules(page: Page, f: Favor) -> tuple[int, list[Line]]:
    """(chosen element, the lines the rules keep): :func:`candidates`' lines without a
    "heuristic_drop", made from the marks alone (no per-line feature lists)."""
    chosen, _container, lines, marks, keep, _sc = _candidates(page, f)
    if keep is not None:
        return chosen, [lines[i] for i in keep if not marks[i]]
    return chosen, [ln for ln, m in zip(lines, marks, strict=True) if not m]


def body_lines(
    page: Page, model: dict | bool | None = True, favor: str | Favor | None = None
) -> list[Line]:
    """The article's lines, in reading order.

    ``model=True`` uses the shipped model when present; ``None``/``False`` forces the
    heuristic; a dict is used as the model. ``favor`` names a :class:`Favor`.
    """
    return select_body(page, model, favor)[1]


def select_body(
    page: Page, model: dict | bool | None = True, favor: str | Favor | None = None
) -> tuple[int, list[Line]]:
    """(container element, the article's lines): :func:`body_lines` with the container it
    chose, which :mod:`newssift.extract.drops` needs to say where each dropped line sat."""
    f = favor_of(favor)
    if not page.lines:
        return 0, []
    if model is True:
        model = load_model()
    if not model:
        container, kept = _kept_by_rules(page, f)
    else:
        container, lines, feats = candidates(page, with_features=True, favor=f)
        # the rules decide unless the model disagrees with confidence: a kept line is
        # dropped below ``veto``, a dropped line kept above ``rescue`` (a model without
        # ``veto`` never overrules a kept line)
        veto = model.get("veto", float("-inf"))
        rescue = model.get("rescue", float("inf"))
        kept = [
            ln
            for ln, (num, cat) in zip(lines, feats, strict=True)
            if score(model, num, cat) > (rescue if "heuristic_drop" in cat else veto)
        ]
    if not model and not f.keep_captions and not any(_is_paragraph(ln) for ln in kept):
        # a photo post told in its captions: without them the container keeps no paragraph
        # at all, so its captions are the story (as ``favor="recall"`` keeps them anyway)
        f_cap = replace(f, keep_captions=True)
        c2, kept2 = _kept_by_rules(page, f_cap)
        if any(_is_paragraph(ln) for ln in kept2):
            return c2, _with_post_title(page, c2, trim(kept2, f), f)
    return container, _with_post_title(page, container, trim(kept, f), f)


#: how many lines above the body's first line the post title is looked for (short lines
#: between: a date, a byline, a "Posted in" label)
POST_TITLE_REACH = 4
#: lines between the post title and the body shorter than this (Latin-letter equivalents)
POST_TITLE_GAP_MAX = 60


#: a post title has at least this many words: shorter subheadings above a post are names
#: and labels ("Katherine Schauer", "Comments")
POST_TITLE_WORDS = 3


def _post_title_words(text: str) -> bool:
    """``text`` reads as a title: three words or more, no slash (a "YouTube/screengrab"
    credit), no byline or credit (:func:`_plain_heading`'s byline tests). The lead's mend of
    e32's rule (session 25): on the 602-page WARC the rule let in a byline and a credit."""
    if "/" in text or len(_HEAD_WORD.findall(text)) < POST_TITLE_WORDS:
        return False
    return not _is_byline(text.strip())


def _with_post_title(page: Page, container: int, body: list[Line], f: Favor) -> list[Line]:
    """``body`` with the post's title above it: the nearest subheading (``<h2>``-``<h4>``)
    above the body's first line, at most :data:`POST_TITLE_REACH` lines up with only short
    lines between (under :data:`POST_TITLE_GAP_MAX`: a date, a byline; no ``<h1>``), inside
    the container's parent element, mostly not a link, of at least 15 Latin-letter
    equivalents, not ending like a sentence and not the text of an ``<h1>`` (the headline,
    which the article gives as its title). A blog's post title and its date headings sit
    just above the post's own block, which is the container, so the title was left out
    (session 25, e32: on the tuning halves dragnet's snippet recall 0.7684 -> 0.7789,
    cleaneval's 0.7722 -> 0.7744; aeb and naeb each had 2 pages change, shingle F1 -0.00006).
    Not under ``favor="precision"`` (:attr:`Favor.post_title`)."""
    if not body or not f.post_title:
        return body
    first = body[0]
    path = first.path
    if container not in path:
        return body
    k = path.index(container)
    if k == 0:
        return body
    parent = path[k - 1]
    lines = page.lines
    i = first.index - 1
    for _ in range(POST_TITLE_REACH):
        if i < 0:
            break
        ln = lines[i]
        if ln.tag in SUBHEADING_TAGS:
            t = ln.text
            if (
                ln.link_chars * 2 <= len(t)
                and ln.size >= 15
                and not _ends_sentence(t)
                and parent in ln.path
                and _post_title_words(t)
                and t.casefold() not in {x.text.casefold() for x in lines if x.tag == "h1"}
            ):
                return [ln, *body]
            break
        if ln.size >= POST_TITLE_GAP_MAX or ln.tag == "h1":
            break
        i -= 1
    return body


# --------------------------------------------------------------- the publisher's own body

_A_WORD = re.compile(r"\w+")
#: a declared body shorter than this (characters) is a summary, not the article
DECLARED_MIN_CHARS = 200
#: page lines shorter than this (Latin-letter equivalents) are not matched against it: a
#: "Share" or a one-word label occurs in any long text
DECLARED_LINE_MIN = 12


def _norm_text(s: str) -> str:
    """Lower-cased words separated by single spaces, padded with one space each side (so a
    containment test matches whole words only): metadata's normal form, padded."""
    return f" {norm_words(s)} "


def add_declared_lines(all_lines: list[Line], body: list[Line], declared: str) -> list[Line]:
    """``body`` with the page lines the publisher's own statement of the article (schema.org
    ``articleBody``) contains and the rules left out, in page order.

    The structured data says which text is the story; the rules, which only see layout, drop
    parts of it (a lead-in above the chosen container, a paragraph in a box the template
    marks "related", the second half of a story split over two blocks). A page line joins
    when its words occur, in order, as a run inside ``declared`` and do not already occur in
    the body (a teaser repeating the first paragraph). Lines under
    :data:`DECLARED_LINE_MIN` and declared texts under :data:`DECLARED_MIN_CHARS` are left
    alone. Only adds lines: a truncated ``articleBody`` (a paywall's first paragraph) never
    removes any.
    """
    if len(declared) < DECLARED_MIN_CHARS:
        return body
    target = _norm_text(declared[:200_000])
    words = set(target.split())
    have = {ln.index for ln in body}
    known = None
    added: list[Line] = []
    for ln in all_lines:
        if ln.index in have or ln.size < DECLARED_LINE_MIN or ln.tag == "h1":
            continue
        first = _A_WORD.search(ln.text)
        if first is None or first.group().lower() not in words:
            continue  # a cheap test before normalising the line
        key = _norm_text(ln.text)
        # a run of whole words of ``target`` holds only its words: a set test before the
        # substring search through the whole declared text
        if not words.issuperset(key.split()) or key not in target:
            continue
        if known is None:
            known = _norm_text(" \n ".join(ln.text for ln in body)) if body else " "
        if len(key) < 10 or key in known:
            continue
        added.append(ln)
        known += key  # the same text twice on the page (a teaser, a print copy) joins once
    if not added:
        return body
    return sorted(body + added, key=lambda ln: ln.index)


#: how many page lines above the body's first line a standfirst may sit
STANDFIRST_REACH = 15


#: class/id words a template puts on its standfirst (the summary under the headline): "dek",
#: "deck", "standfirst" ("stand-first"), "subhead", "summary", "excerpt", "description"
DEK_WORDS = frozenset(
    {"dek", "deck", "standfirst", "stand", "subhead", "subheading", "subheader", "subtitle",
     "summary", "excerpt", "description"}
)  # fmt: skip
#: words that make the marked element a headline block rather than the standfirst
_DEK_NOT_WORDS = frozenset({"headline", "title"})


def _marked_dek(words: list[frozenset[str]], line: Line) -> bool:
    """The line's element or its parent carries a :data:`DEK_WORDS` word (and no headline
    word)."""
    path = line.path
    w = words[path[-1]] | (words[path[-2]] if len(path) > 1 else frozenset())
    return not w.isdisjoint(DEK_WORDS) and w.isdisjoint(_DEK_NOT_WORDS)


def add_standfirst(
    all_lines: list[Line], body: list[Line], description: str,
    words: list[frozenset[str]] | None = None,
) -> list[Line]:
    """``body`` with its standfirst: the summary under the headline, outside the container the
    rules chose, recognised as the line just above the body that repeats the page's own
    description (``<meta name="description">``, og:description). Nothing else is added.

    ``words`` (the page's class words per element): only a line the template marks as a
    standfirst (:func:`_marked_dek`) joins, which is the default favor's rule. Unmarked,
    such a line is as often a teaser the truth leaves out (aeb's tuning half: 9 of 10
    pages); marked, it is the story's lead-in (naeb 18 of 21 pages, dragnet 11 of 12).
    """
    if not body or not description:
        return body
    want = _norm_text(description)
    if len(want) < 30:
        return body
    first = body[0].index
    for ln in reversed(all_lines[max(0, first - STANDFIRST_REACH) : first]):
        if ln.tag == "h1" or ln.size < 40 or ln.link_chars > 0.3 * len(ln.text):
            continue
        key = _norm_text(ln.text)
        if key == want or (len(key) > 60 and (key in want or want in key)):
            if words is not None and not _marked_dek(words, ln):
                return body
            return [ln, *body]
    return body
