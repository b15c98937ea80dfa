"""What the extractor leaves out of the article, kept as evidence: each block, why, and where.

Why: the extractor rightly drops the "See also" link pasted into a body, the "You May Also
Like" rail, the author box, the comment form; but those are exactly where a content farm's
template shows (a generated author bio, unrelated headlines linked from inside the copied
article). Dropping them silently hides the evidence from assess, so every page line that is
not in the article comes back as a :class:`~newssift.record.DroppedBlock` with

- ``reason``: a stable code; the cleaner's codes where one fits (``author_box``,
  ``related_link``, ``comment_form``, ``share_prompt``, ``newsletter_prompt``,
  ``cookie_notice``, ``ad_marker``, ``navigation``, ``media_credit``, ``timestamp`` ...) so
  the forensics read both alike, and the extractor's own for what only the page shows:
  ``related_block`` (a block marked as related/recommended/popular stories),
  ``injected_link`` (a paragraph of link text inside the article container), ``link_list``
  (list items of links, or link text beside the container), ``sidebar``, ``not_article``
  (inside the container, dropped by the line rules or the end-of-article trim with no other
  cue), ``outside_article`` (beside it, no other cue), ``page_header`` /
  ``page_navigation`` / ``page_footer`` (summaries).
  The reason comes from the innermost marked element between the container (or the page
  root) and the line (class/id words, tags); else, inside the container, the cleaner's own
  line rules (:func:`newssift.clean.rules.line_rule`, its pattern tables reused rather than
  copied); else link density.
- ``where``: ``inside`` the chosen article container, ``beside`` it (elsewhere in the page
  body), or ``page`` (the site's header, navigation and footer).

Page-level header, navigation and footer are *summarised*, one entry per region (its first
lines and how many lines it holds): they are the same on every page of a site, often hundreds
of menu items, and carry no evidence about this article; listing them would swamp the
record and the report. Everything else is listed line by line, up to :data:`MAX_DROPPED`
entries (inside first, then beside, then the page summaries; listed in page order);
``dropped_total`` counts every dropped page line, listed or not. One pass over the lines,
each walking its own element path: linear in the page, never quadratic.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from operator import itemgetter

from newssift.extract import blocks as _blocks
from newssift.extract.blocks import Line, Page
from newssift.extract.metadata import norm_words
from newssift.record import DroppedBlock

#: At most this many entries on a record (5,000 dropped blocks give 400 entries and a count).
MAX_DROPPED = 400
#: Characters kept of one dropped line (a comment can be a page long).
MAX_LINE_CHARS = 500

INSIDE, BESIDE, PAGE = "inside", "beside", "page"

# class/id words of page-level chrome regions (role="banner" etc. become words too)
_PAGE_WORDS = {
    "page_header": frozenset({"banner", "masthead", "topbar"}),
    "page_navigation": frozenset({"navigation", "navbar", "sitenav", "mainnav", "menubar"}),
    "page_footer": frozenset({"contentinfo", "colophon"}),
}
_ALL_PAGE_WORDS = frozenset().union(*_PAGE_WORDS.values())
_PAGE_TAGS = {"header": "page_header", "nav": "page_navigation", "footer": "page_footer"}
# a header/nav/footer below one of these is the article's or a comment's own, not the page's
_NOT_PAGE_ANCESTOR_TAGS = frozenset({"article", "main", "aside", "section", "form"})
_NOT_PAGE_ANCESTOR_WORDS = frozenset(
    {"comment", "comments", "commentlist", "related", "author", "bio", "widget", "sidebar",
     "article", "post", "entry", "story", "content"}
)  # fmt: skip

# words of the page's main part: a <nav> or <footer> inside it is the article's own
_MAIN_WORDS = frozenset({"main", "primary", "content", "contentarea"})
# (reason, class/id words) in priority order: the innermost marked element decides
_BLOCK_WORDS: list[tuple[str, frozenset[str]]] = [
    ("media_credit", frozenset({"caption", "figcaption", "credit", "credits", "wp-caption"})),
    ("author_box", frozenset({"author", "authors", "bio", "authorbox", "byline", "profile",
                              "vcard", "about"})),
    ("comment_form", frozenset({"respond", "commentform", "reply", "replies"})),
    ("comment", frozenset({"comment", "comments", "commentlist", "disqus", "discussion"})),
    ("related_block", frozenset({"related", "relatedposts", "recommended", "recommendations",
                                "popular", "trending", "outbrain", "taboola", "readmore",
                                "yarpp", "mostread", "more"})),
    ("share_prompt", frozenset({"share", "sharing", "sharebar", "social", "sociallinks"})),
    ("newsletter_prompt", frozenset({"newsletter", "subscribe", "subscription", "signup"})),
    ("cookie_notice", frozenset({"cookie", "cookies", "consent", "gdpr"})),
    ("ad_marker", frozenset({"ad", "ads", "advert", "advertisement", "sponsored", "promo"})),
    ("navigation", frozenset({"nav", "navbar", "navigation", "menu", "breadcrumb",
                              "breadcrumbs", "pagination", "pager", "tags", "tag",
                              "categories", "category", "postnav"})),
    ("sidebar", frozenset({"sidebar", "widget", "aside"})),
]  # fmt: skip
_TAG_REASON = {
    "figcaption": "media_credit",
    "nav": "navigation",
    "menu": "navigation",
    "aside": "sidebar",
}
_LINE_RULE_MAX = 600  # longer lines are not worth the cleaner's rules (they name chrome)


def _line_rule():
    """The cleaner's line rules (memoised there: :func:`newssift.clean.rules.line_rule`),
    imported late: extract must work if clean is broken."""
    try:
        from newssift.clean.rules import line_rule
    except ImportError:  # pragma: no cover - only while the cleaner is broken
        return None
    return line_rule


def _region_state(tag: str, w: frozenset[str], above: bool) -> str:
    """What one element is to :func:`_regions_and_lines`: a chrome kind (``page_header``,
    ``page_navigation``, ``page_footer``), ``"x"`` (it blocks: a line below it is in no
    region) or ``""`` (neutral). ``above``: the element holds the article container."""
    if not above:
        kind = _PAGE_TAGS.get(tag)
        if kind is None and w and not w.isdisjoint(_ALL_PAGE_WORDS):
            kind = next((k for k, ws in _PAGE_WORDS.items() if w & ws), None)
        if kind is not None:
            return kind
        if tag in _NOT_PAGE_ANCESTOR_TAGS or (w and not w.isdisjoint(_NOT_PAGE_ANCESTOR_WORDS)):
            return "x"
        return ""
    # a wrapper of the article: the page's main part blocks
    return "x" if tag in ("article", "main") or (w and w & _MAIN_WORDS) else ""


#: :func:`_region_state` behind a bounded memo: a pure function of the tag, the word set
#: (which the walk shares among the elements of one class key, on every page of a run) and
#: the flag; the compiled region scan asked it about 96k times over 1,149 pages
_region_state_memo = lru_cache(maxsize=4096)(_region_state)


def _regions_and_lines(page: Page, container: int) -> tuple[dict[int, str], list[int]]:
    """Element -> page-chrome kind, for the top-most header/nav/footer regions of the page
    that neither hold the article container nor sit inside an article, a section, an aside
    or a comment area (one pass over the lines' paths, each element judged once by
    :func:`_region_state`); and per page line the region element it sits in, or -1. A line's
    region is the top-most element of its path among the regions, which is where the scan of
    its own path stops (an element lower down is a region only when another line's scan got
    past every element above it, this line's included), so it is noted there. The compiled
    ``_walk.drop_regions`` when it is built (and the page's arrays are lists), else
    :func:`_regions_and_lines_py`; tests/extract/test_drops.py holds them equal. Each
    element's state is asked of :data:`_region_state_memo`."""
    scan = _regions_and_lines_py
    if _drop_regions_c is not None and type(page.tags) is list and type(page.words) is list:
        scan = _drop_regions_c
    try:
        return scan(page.lines, page.tags, page.words, container, _region_state_memo)
    except TypeError:
        # an unhashable word set (a page made by hand with set()s): no memo for it
        return scan(page.lines, page.tags, page.words, container, _region_state)


def _regions_and_lines_py(
    lines: list[Line], tags: list[str], words: list[frozenset[str]], container: int, state_of
) -> tuple[dict[int, str], list[int]]:
    """:func:`_regions_and_lines` in Python (``state_of`` is :func:`_region_state`)."""
    above: set[int] = set()
    for line in lines:
        if container in line.path:
            above = set(line.path[: line.path.index(container) + 1])
            break
    state: dict[int, str] = {}  # element -> "" (neutral), "x" (blocks), or a kind
    regions: dict[int, str] = {}
    line_region = [-1] * len(lines)
    for i, line in enumerate(lines):
        for e in line.path[1:]:
            st = state.get(e)
            if st is None:
                st = state[e] = state_of(tags[e], words[e], e in above)
            if st == "x":
                break
            if st:
                regions[e] = st
                line_region[i] = e
                break
    return regions, line_region


_ALL_BLOCK_WORDS = frozenset().union(*(ws for _r, ws in _BLOCK_WORDS))


def _element_reason(tag: str, w: frozenset[str]) -> str:
    """The reason one element names by its words or tag ("" for none)."""
    if w and not w.isdisjoint(_ALL_BLOCK_WORDS):
        for reason, ws in _BLOCK_WORDS:
            if not w.isdisjoint(ws):
                return reason
    return _TAG_REASON.get(tag, "")


#: :func:`_element_reason` behind a bounded memo: a pure function of the tag and the word
#: set, which the walk shares among the elements of one class key, so the same pairs come
#: back on every page of a site (the dropped-blocks scan asked it about 17k times over 602
#: pages, each a walk through the reason table)
_element_reason_memo = lru_cache(maxsize=4096)(_element_reason)


def _structural_reason(
    page: Page, path: tuple[int, ...], start: int, memo: dict[int, str], wrappers: set[int]
) -> str | None:
    """Reason named by the innermost marked element of ``path[start:]`` (each element's
    own reason computed once per page)."""
    tags, words = page.tags, page.words
    for k in range(len(path) - 1, start - 1, -1):
        e = path[k]
        r = memo.get(e)
        if r is None:
            # an element above a line of the article is the article's wrapper, whatever
            # its class says (WordPress puts "category-news" on <article>)
            r = memo[e] = "" if e in wrappers else _element_reason(tags[e], words[e])
        if r:
            return r
    return None


def _reason(line: Line, structural: str | None, inside: bool, line_rule) -> str:
    """The block's structural reason; else, inside the container (where injected links
    and headlines sit and the reason matters to the forensics), the cleaner's line rules;
    else link density."""
    if structural is not None:
        return structural
    text = line.text
    n = len(text)
    if inside and line_rule is not None and n <= _LINE_RULE_MAX:
        hit = line_rule(text)
        if hit is not None:
            return hit[0]
    if n and line.link_chars > 0.5 * n:
        # a list item of links is a list (of stories, of sections); a paragraph of link
        # text inside the article is a link pasted into the body
        return "injected_link" if inside and line.tag != "li" else "link_list"
    return "not_article" if inside else "outside_article"


def _has_words(text: str) -> bool:
    """At least three letters: a line of the article, not a bare number or a bullet."""
    n = 0
    for c in text:
        if c.isalpha():
            n += 1
            if n >= 3:
                return True
    return False


def _wrappers_py(kept: list[Line]) -> set[int]:
    """The elements above the article's lines (every element of the path of a kept line
    with words): the article's wrappers, whatever their class says. A kept line without
    words (a rail's "1", "2", "3" the body model let through) does not make its block a
    wrapper. The reference of the compiled ``_walk.wrapper_set``."""
    wrappers: set[int] = set()
    for ln in kept:
        if _has_words(ln.text):
            wrappers.update(ln.path)
    return wrappers


def _wrappers(kept: list[Line]) -> set[int]:
    """:func:`_wrappers_py`, by the compiled ``_walk.wrapper_set`` when it is built (one C
    loop instead of a Python call per kept line; tests/extract/test_drops.py holds them
    equal); a TypeError (a hand-made line) sends it to the Python loop."""
    if _wrapper_set_c is not None:
        try:
            return _wrapper_set_c(kept)
        except TypeError:
            pass
    return _wrappers_py(kept)


# a comment area's own chrome, not a reader's comment: its heading and counts, the links
# and buttons around the thread ("3 Comments", "No comments:", "Post a Comment", "Show
# Comments", "Login or register to post comments")
#: a comment word in the languages the pipeline reads (en, de, fr, es/pt, it, nl)
_CW = (r"(?:comments?|(?:leser)?kommentare?|commentaires?|comentarios?|comentários?|"
       r"comment[io]|reacties|reactie)")
_COMMENT_CHROME = re.compile(
    rf"^(?:\d+\s+)?(?:{_CW}|responses?|replies|reactions?|discussion|diskussion|"
    r"leserpost|leserbriefe?)\b|"
    r"^(?:no|show|hide|add|post|leave|view|read|load|write|submit|login|log in|sign in|"
    r"register)\b.{0,30}\b(?:comments?|reply|replies|responses?)\b|^(?:reply|report|print|"
    r"share|permalink|quote)\b|"
    # the thread's status and prompts: "Es wurden noch keine Kommentare geschrieben.",
    # "Tous vos commentaires (11)", "Neueste Kommentare", "Hinterlasse jetzt einen Kommentar",
    # "Hier ist Ihre Meinung gefragt", "4 Antworten" (a reply button's count)
    rf"\b(?:no|keine?|aucun|ningún|ningun|nessun|geen)\b.{{0,30}}\b{_CW}|"
    r"^(?:neue|neueste|letzte|recent|latest|new|newest|top|all|alle|tous\s+(?:vos|les)|"
    rf"suivre\s+les|your|dein|ihr|votre|vos|tu|tus|su|sus|i|gli|los|les)\s+{_CW}|"
    r"^(?:hinterlassen?|schreiben?|verfassen?|einen\s+neuen|laissez|laisser|écrire|"
    rf"ajouter|deja|escribe|lascia|scrivi)\b.{{0,30}}\b{_CW}|"
    r"^(?:hier ist\s+)?(?:ihre|deine|meine|eure|your|votre|ton)\s+(?:meinung|opinion|avis)"
    r"(?:\s+(?:ist\s+)?gefragt)?\W*$|"
    r"^(?:\d+\s+)?(?:antworten|réponses?|respuestas?|risposte|antwoorden)\W*$",
    re.IGNORECASE,
)
#: a thread's heading that names the article, at any length ("9 comments to <title>",
#: "Ein Gedanke zu “<title>”"), and the sign-in notice above a closed thread
_THREAD_HEADING = re.compile(
    r"^(?:\d+|one|two|three|ein|eine|zwei|drei|un|une)\s+(?:comments?|thoughts?|responses?|"
    r"replies|gedanken|gedanke|kommentare?|antworten|commentaires?|réponses?)\s+"
    r"(?:on|to|zu|auf|sur|à)\s|"
    r"^(?:sie müssen|you must|vous devez)\s+(?:angemeldet|eingeloggt|be logged in|"
    r"log in|être connecté)",
    re.IGNORECASE,
)
_FORM_WORDS = frozenset({"respond", "commentform"})


def comment_lines(page: Page, container: int, kept: list[Line]) -> list[str]:
    """The page's reader comments, in page order: the lines not in the article whose
    innermost marked element (class/id words, between the container or the page root and
    the line) names a comment area (``comment``, ``comments``, ``disqus`` ...: the elements
    :func:`dropped_blocks` reports as ``comment``). Left out: the comment form (a ``<form>``
    or a ``respond``/``commentform`` element above the line), lines mostly of link text
    (reply links, "Recent comments" lists) and a thread's own short chrome
    (``_COMMENT_CHROME``). What ``extract(..., comments=True)`` returns apart from the
    article."""
    if not page.lines:
        return []
    tags, words = page.tags, page.words
    kept_ids = {ln.index for ln in kept}
    memo: dict[int, str] = {}
    wrappers = _wrappers(kept)
    out = []
    for line in page.lines:
        if line.index in kept_ids:
            continue
        text = line.text
        n = len(text)
        if line.link_chars > 0.5 * n or not _has_words(text):
            continue
        if (n < 60 and _COMMENT_CHROME.search(text)) or (
            n < 200 and _THREAD_HEADING.match(text)
        ):
            continue
        path = line.path
        start = path.index(container) + 1 if container in path else 1
        if _structural_reason(page, path, start, memo, wrappers) != "comment":
            continue
        if any(tags[e] == "form" or not words[e].isdisjoint(_FORM_WORDS) for e in path):
            continue
        out.append(text)
    return out


def _drop_scan_py(
    lines: list[Line],
    tags: list[str],
    words: list[frozenset[str]],
    container: int,
    kept_ids: set[int],
    wrappers: set[int],
    line_region: list[int] | None,
    text_pos: list[int],
    title_key: str | None,
    title_word: str,
    norm,
    element_reason,
    reason_of,
    line_rule,
    block_cls,
    max_chars: int,
    all_block_words: frozenset[str],
    tag_reason: dict[str, str],
) -> tuple[list[tuple[int, int, DroppedBlock]], dict[int, list], int]:
    """:func:`dropped_blocks`' loop over the page lines: (listed, summaries, total), listed
    as (priority, page line, entry), summaries as region element -> [first line, count,
    texts]. The reference of the compiled ``_walk.drop_scan`` (tests/extract/test_drops.py
    holds them equal); the rules it applies are passed in (``norm``, ``element_reason``,
    ``reason_of``, ``line_rule``) so that both read the same ones; the compiled loop also
    takes ``all_block_words`` and ``tag_reason`` (an element without a block word gets its
    tag's reason without a call of ``element_reason``), which this one leaves to it."""
    listed: list[tuple[int, int, DroppedBlock]] = []  # (priority, page line, entry)
    add = listed.append
    summaries: dict[int, list] = {}  # region element -> [first line, count, texts]
    total = 0
    title_len = len(title_key) if title_key is not None else 0
    # one loop, the per-line helpers (_structural_reason, the region lookup) written out in
    # it: most of a page's lines are dropped, and this runs once per page line
    memo: dict[int, str] = {}
    for line in lines:
        i = line.index
        if i in kept_ids:
            continue
        text = line.text
        if (
            title_key is not None
            and -20 < len(text) - title_len < 20
            and title_word in text.lower()
            and norm(text) == title_key
        ):
            continue
        total += 1
        path = line.path
        if container in path:
            inside = True
            above = path[path.index(container) + 1 :]
        else:
            inside = False
            if line_region is not None:
                region = line_region[i]
                if region >= 0:
                    s = summaries.get(region)
                    if s is None:
                        summaries[region] = [i, 1, [text[:80]]]
                    else:
                        s[1] += 1
                        if len(s[2]) < 6:
                            s[2].append(text[:80])
                    continue
            above = path[1:]
        # _structural_reason: the innermost element of ``above`` that names a reason
        structural = None
        for e in reversed(above):
            r = memo.get(e)
            if r is None:
                # an element above a line of the article is the article's wrapper, whatever
                # its class says (WordPress puts "category-news" on <article>)
                r = memo[e] = "" if e in wrappers else element_reason(tags[e], words[e])
            if r:
                structural = r
                break
        reason = structural if structural is not None else reason_of(line, None, inside, line_rule)
        add(
            (
                0 if inside else 1,
                i,
                block_cls(
                    bisect_left(text_pos, i),
                    text[:max_chars],
                    reason,
                    INSIDE if inside else BESIDE,
                ),
            )
        )
    return listed, summaries, total


#: the compiled loops of dropped_blocks (None: the walk is not compiled, or is older)
_drop_scan_c = getattr(_blocks._compiled, "drop_scan", None)
_drop_regions_c = getattr(_blocks._compiled, "drop_regions", None)
_wrapper_set_c = getattr(_blocks._compiled, "wrapper_set", None)


def dropped_blocks(
    page: Page,
    container: int,
    kept: list[Line],
    text_lines: list[Line],
    title: str | None = None,
    limit: int = MAX_DROPPED,
) -> tuple[list[DroppedBlock], int]:
    """(entries, total dropped page lines) of a page whose article is ``kept``.

    ``text_lines`` are the page lines that became the lines of the extracted text, in order
    (``kept`` without a leading title line); a dropped line's ``index`` is the number of
    text lines above it. A line repeating ``title`` is the title, not a drop.
    """
    if not page.lines:
        return [], 0
    kept_ids = {ln.index for ln in kept}
    text_pos = [ln.index for ln in text_lines]
    regions, line_region = _regions_and_lines(page, container)
    line_rule = _line_rule()
    title_key = norm_words(title) if title else None
    # a line whose normal form is the title's holds the title's first word (a cheap test
    # before normalising the line)
    title_word = title_key.split(" ", 1)[0] if title_key else ""
    wrappers = _wrappers(kept)

    scan = _drop_scan_py
    if _drop_scan_c is not None and type(page.tags) is list and type(page.words) is list:
        scan = _drop_scan_c  # (a page made by hand may hold tuples: the Python loop takes them)
    args = [
        page.lines, page.tags, page.words, container, kept_ids, wrappers,
        line_region if regions else None, text_pos, title_key, title_word,
        norm_words, _element_reason_memo, _reason, line_rule, DroppedBlock, MAX_LINE_CHARS,
        _ALL_BLOCK_WORDS, _TAG_REASON,
    ]
    try:
        listed, summaries, total = scan(*args)
    except TypeError:
        # an unhashable word set (a page made by hand with set()s): no memo for it
        args[11] = _element_reason
        listed, summaries, total = scan(*args)
    for region, (first, count, texts) in summaries.items():
        entry = DroppedBlock(
            index=bisect_left(text_pos, first),
            line=" · ".join(texts)[:MAX_LINE_CHARS],
            reason=regions[region],
            where=PAGE,
            lines=count,
        )
        listed.append((2, first, entry))
    if len(listed) > limit:
        listed.sort(key=itemgetter(0, 1))
        listed = listed[:limit]
    listed.sort(key=itemgetter(1))
    return [e for _p, _i, e in listed], total
