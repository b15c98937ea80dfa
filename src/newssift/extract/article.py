"""HTML page → :class:`Article`: one lexbor parse, one DOM walk, then cheap decisions.

The article body comes from :mod:`newssift.extract.body` (container selection plus line
filtering over the lines cut by :mod:`newssift.extract.blocks`); metadata from
:mod:`newssift.extract.metadata` and :mod:`newssift.extract.dates`. Everything runs on the one
parsed tree so that the cost per page stays near the parse itself, which is what lets newssift
be both accurate and an order of magnitude faster than lxml-based extractors.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from newssift.extract import blocks as _blocks
from newssift.extract import dates as _dates
from newssift.extract import metadata as _meta
from newssift.extract import scriptstate as _state
from newssift.extract.blocks import walk
from newssift.extract.body import add_declared_lines, add_standfirst, favor_of, select_body
from newssift.extract.decode import NotHTMLError, decode_html_source
from newssift.extract.drops import comment_lines, dropped_blocks
from newssift.extract.guard import PathologicalHTML, guard_html
from newssift.extract.rawcut import raw_cut, reads_cut
from newssift.record import DroppedBlock
from newssift.textarg import LONE_SURROGATE, REPLACEMENT

__all__ = ["Article", "NotHTMLError", "extract", "preload"]

_log = logging.getLogger(__name__)

#: The most characters of a page the parser reads (the article is in the first megabytes),
#: counted after :func:`newssift.extract.rawcut.raw_cut` took the bodies of its scripts and
#: styles out: a 9 MB inline script before ``<article>`` used to push the article past the
#: cut, and the page came out empty (review r40). A page cut carries :data:`HTML_CUT`.
MAX_HTML_CHARS = 8_000_000
#: ... and no page is read past this many characters at all (the encode and the cut's scan
#: stay bounded): eight times the parser's budget, the readers' ``--max-record-mb`` (64)
MAX_SOURCE_CHARS = 64_000_000


@dataclass(slots=True)
class Article:
    """What :func:`extract` finds in a page."""

    title: str | None = None
    text: str = ""
    date: str | None = None
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None
    language: str | None = None
    language_score: float | None = None
    language_declared: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    #: what the extractor left out of the article (capped; ``dropped_total`` counts all),
    #: see :mod:`newssift.extract.drops`
    dropped: list[DroppedBlock] = field(default_factory=list)
    dropped_total: int = 0
    #: readers' comments on the page, one per line, when asked for (``comments=True``);
    #: never part of ``text``
    comments: str = ""
    #: measurements of the page's structure (:func:`page_scores`), written as scores
    page: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_].*)?$")
_ISO3 = {
    "eng": "en", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "spa": "es", "ita": "it",
    "por": "pt", "rus": "ru", "nld": "nl", "dut": "nl", "jpn": "ja", "kor": "ko", "zho": "zh",
    "chi": "zh", "ara": "ar", "pol": "pl", "tur": "tr", "swe": "sv", "ukr": "uk",
}  # fmt: skip


def normalise_language(value: str | None) -> str | None:
    """``en-US`` → ``en``; ``deu`` → ``de``; anything else unrecognised → None."""
    if not value:
        return None
    m = _LANG.match(value.strip().split(",")[0].strip())
    if not m:
        return None
    code = m.group(1).lower()
    if len(code) == 3:
        return _ISO3.get(code)
    return code


#: The score a page whose body was read from its script state carries: the characters of
#: that text (:func:`_state_page`); absent on every other page.
FROM_SCRIPT = "page.from_script"
#: The score a page cut to size carries: the characters the parser did not read (past
#: :data:`MAX_HTML_CHARS` or :data:`MAX_SOURCE_CHARS`); absent on every other page. The
#: extract stage counts such pages (``extract/html_cut``).
HTML_CUT = "page.html_cut"

#: :func:`extract_page` runs the parser's budget (:func:`guard_html`) itself, for every
#: caller (before session 30 only the pipeline's stage did): the extraction bench reads
#: this so that a ``--base-src`` from before it is given the budget and pays for it too
GUARDED = True
#: Names of the structure scores :func:`page_scores` measures (the decide policies read them),
#: :data:`FROM_SCRIPT` and :data:`HTML_CUT`.
PAGE_SCORES = ("page.paragraphs", "page.teasers", "page.teaser_ratio", FROM_SCRIPT, HTML_CUT)
_PARAGRAPH_WORDS = 8


def _is_link_line(ln) -> bool:
    return ln.link_chars >= 0.6 * len(ln.text) and len(ln.text.split(None, 2)) == 3


def _paragraphs_py(body: list) -> list:
    """The lines of at least :data:`_PARAGRAPH_WORDS` words: a split that stops after that
    many parts (a paragraph's full word list is not needed). The reference of the compiled
    ``_walk.lines_of_words``."""
    return [
        ln for ln in body if len(ln.text.split(None, _PARAGRAPH_WORDS - 1)) == _PARAGRAPH_WORDS
    ]


_lines_of_words_c = getattr(_blocks._compiled, "lines_of_words", None)


def _paragraphs(body: list) -> list:
    """:func:`_paragraphs_py` by the compiled ``_walk.lines_of_words`` when it is built (one
    C loop that reads each text up to its eighth word, no list of parts per line;
    tests/extract/test_exact_cuts.py holds them equal); a TypeError (a text that is no
    ``str``) sends it to the comprehension."""
    if _lines_of_words_c is not None and type(body) is list:
        try:
            return _lines_of_words_c(body, _PARAGRAPH_WORDS)
        except TypeError:
            pass
    return _paragraphs_py(body)


def page_scores(all_lines: list, body: list, title: str | None = None) -> dict[str, float]:
    """How much the chosen body looks like the teasers of a listing page.

    A section front, a tag page or a search page is a column of headline links, each
    followed by a sentence or two; an extractor then returns those sentences (or one of
    them) as the "body". ``page.teasers`` counts the body paragraphs (lines of at least
    eight words) that come straight after a line of link text outside the body (a linked
    headline); ``page.teaser_ratio`` is their share of the body's paragraphs. In an article
    a paragraph follows a link line only where a "Read more" link sits inside the text,
    or where the page links its own headline to itself (a blog template's
    ``<h2><a href=permalink>``): a link line that is the page's ``title`` (or the part of
    it after the site's name) heads the article, not another story's teaser (session 23,
    e28: a one-paragraph blog post was rejected as a teaser).
    """
    in_body = {ln.index for ln in body}
    paragraphs = _paragraphs(body)
    own = f" {_meta.norm_words(title)} " if title else ""
    teasers = sum(
        1 for ln in paragraphs
        if 0 < ln.index <= len(all_lines) and ln.index - 1 not in in_body
        and _is_link_line(all_lines[ln.index - 1])
        and not (own and f" {_meta.norm_words(all_lines[ln.index - 1].text)} " in own)
    )
    return {
        "page.paragraphs": float(len(paragraphs)),
        "page.teasers": float(teasers),
        "page.teaser_ratio": teasers / len(paragraphs) if paragraphs else 0.0,
    }


def preload() -> None:
    """Load the language identifier now rather than on the first page that needs it
    (once per process); benchmarks call this at start-up."""
    from newssift.langid import predictor

    predictor()


def _choose_date(
    src: _meta.Sources,
    url: str | None,
    canonical: str | None,
    top_lines: list[str],
    all_lines: list,  # the page lines (their texts are listed only if needed)
    today: dt.date,
) -> str | None:
    in_url = _dates.date_from_url(url, today) or _dates.date_from_url(canonical, today)
    for raw in _meta.published_candidates(src):
        d = _dates.parse_date(raw, today)
        if d:
            # the URL is minted at publication in the publisher's own time zone: a stated
            # date one day off is a UTC timestamp of the same moment, and yields to it
            if in_url and abs(d - in_url) <= dt.timedelta(days=1):
                return in_url.isoformat()
            return d.isoformat()
    if in_url:
        return in_url.isoformat()
    for raw, _marked in src.time_tags:
        d = _dates.parse_date(raw, today)
        if d:
            return d.isoformat()
    d = _dates.date_from_text(top_lines, today) or _dates.date_from_text(
        [ln.text for ln in all_lines], today
    )
    return d.isoformat() if d else None


def _parser_bytes(html: str, given_text: bool) -> bytes:
    """The UTF-8 bytes the parser reads. Given a ``str``, selectolax would encode it itself
    (dropping lone surrogates); encoding it here, once, is also the check for them that
    :func:`newssift.textarg.text_arg` made with an encode of its own. A lone surrogate in a
    ``str`` argument becomes U+FFFD, as in every other public text function (the parser
    dropped it silently: ``"a\\ud800b"`` came out as ``"ab"``); decoded bytes hold none, and
    keep the parser's rule if one ever did."""
    try:
        return html.encode("utf-8")
    except UnicodeEncodeError:
        if given_text:
            return LONE_SURROGATE.sub(REPLACEMENT, html).encode("utf-8")
        return html.encode("utf-8", "ignore")


def _cut_to_size(data: bytes) -> tuple[bytes, int]:
    """``data`` (UTF-8) cut to its first :data:`MAX_HTML_CHARS` characters, and how many
    characters were cut (0: ``data`` itself). A character is at least one byte, so a page of
    fewer bytes is never decoded to count them."""
    if len(data) <= MAX_HTML_CHARS:
        return data, 0
    text = data.decode("utf-8", "surrogateescape")
    if len(text) <= MAX_HTML_CHARS:
        return data, 0
    return text[:MAX_HTML_CHARS].encode("utf-8", "surrogateescape"), len(text) - MAX_HTML_CHARS


def _parse(data: bytes) -> tuple[LexborHTMLParser, Any, int]:
    """lexbor's tree of the page's bytes, :func:`newssift.extract.metadata.one_pass` of it
    when that was taken (else None), and the characters cut to size (:func:`_cut_to_size`).
    The parser reads the page with its script and style bodies cut out
    (:func:`newssift.extract.rawcut.raw_cut`: the same tree but for those text nodes, which
    the walk skips), and the size limit counts what is left; when a node the metadata pass
    lists (a ``<time>``, a byline ``<span>``, an ``<h1>``, whose deep text would hold a
    script's) holds a cut element, the page is parsed again uncut (cut to size as it is)."""
    cut = raw_cut(data)
    if cut is not None:
        cut, lost = _cut_to_size(cut)
        tree = LexborHTMLParser(cut)
        found = _meta.one_pass(tree)
        if not reads_cut(found):
            return tree, found, lost
    data, lost = _cut_to_size(data)
    return LexborHTMLParser(data), None, lost


#: A ``str`` argument this long or shorter, with no ``<``, is looked up as a file name
#: (:func:`extract` refuses it): no file name is longer on the systems newssift runs on.
_PATH_MAX = 4096


def _names_a_file(text: str) -> bool:
    """Whether ``text`` names an existing file: ``extract_article("page.html")`` gave an
    article whose text was "page.html", where ``read`` and ``run`` take a str as a path
    (review r40). Asked only of a short str without ``<``, which no page is."""
    try:
        return os.path.isfile(text)
    except (OSError, ValueError):  # a name the system refuses
        return False


def _url_arg(url: object) -> str | None:
    """``url`` as :func:`extract` reads it: a ``str``, or None. A URL object (httpx's,
    yarl's, a path: any type with a string form of its own) is read as ``str(url)``: an
    ``httpx.URL`` failed deep in the date search (review r40). Bytes and values with no
    string form of their own (numbers, lists) are refused here, on every page."""
    if url is None or type(url) is str:
        return url
    if isinstance(url, str):
        return str.__str__(url)
    if isinstance(url, (bytes, bytearray, memoryview)):
        raise TypeError("url must be a str, not bytes (decode them first)")
    if type(url).__str__ is not object.__str__:
        text = str(url)
        if type(text) is str:
            return text
    raise TypeError(f"url must be a str or a URL object, not {type(url).__name__}")


def _today_arg(today: object) -> dt.date:
    """``today`` as a date: None is the current UTC day (:func:`_today`), a datetime its
    ``.date()``, a str a day written YYYY-MM-DD (as ``run --today`` takes it); anything else
    is refused here. A datetime or a str failed only on a page that carried a date, at the
    first comparison (review r40): the same call worked on one page and not the next."""
    if today is None:
        return _today()
    if isinstance(today, dt.datetime):
        return today.date()
    if isinstance(today, dt.date):
        return today
    if isinstance(today, str):
        from newssift.errors import ConfigError
        from newssift.extract.stage import parse_today  # (stage imports this module)

        try:
            return parse_today(today)
        except ConfigError as exc:
            raise ValueError(str(exc)) from None
    raise TypeError(
        f"today must be a date, a datetime or a day as YYYY-MM-DD, not {type(today).__name__}"
    )


def extract(
    html: str | bytes, url: str | None = None, *, today: dt.date | str | None = None,
    identify: bool = True, favor: str = "balanced", comments: bool = False,
    utf8: bytes | None = None,
) -> Article:
    """Extract the article of one page: :func:`extract_page`, which also reads a ``str``
    that is no page at all, after one check a caller's hand needs: a short ``str`` with no
    ``<`` that names an existing file is a ValueError (``extract("page.html")`` returned an
    article whose text was "page.html": review r40). The pipeline calls
    :func:`extract_page`: a record's text does not depend on the files of the folder the
    run is started in (review r41)."""
    if isinstance(html, str) and len(html) <= _PATH_MAX and "<" not in html \
            and _names_a_file(html):
        raise ValueError(
            f"html is the name of a file, not a page: {html!r} (read the file's bytes and "
            "pass them: extract(Path(name).read_bytes()))"
        )
    return extract_page(html, url, today=today, identify=identify, favor=favor,
                        comments=comments, utf8=utf8)


def extract_page(
    html: str | bytes, url: str | None = None, *, today: dt.date | str | None = None,
    identify: bool = True, favor: str = "balanced", comments: bool = False,
    utf8: bytes | None = None,
) -> Article:
    """Extract the article of one page.

    ``html`` may be bytes in any declared encoding. Raises :class:`NotHTMLError` for binary
    input, and :class:`newssift.extract.guard.PathologicalHTML` for a page of more elements
    than the parser's budget (:func:`newssift.extract.guard.guard_html`, which also
    flattens a page nested too deep and caps a tag's attributes before the parse).
    ``url`` is a ``str`` or a URL object (read as ``str(url)``). ``today`` bounds
    plausible dates: a date, a datetime (its day) or a day written YYYY-MM-DD (default: the
    current UTC day); other types are refused, as is a ``url`` of no string form.
    ``language`` is the one decision of :func:`newssift.langid.decide_language` on the body
    (the page's declaration, ``language_declared``, is evidence); ``identify=False`` skips the
    identifier and reports the declaration alone. ``favor`` (``balanced``, ``precision``
    or ``recall``) leans the body's line rules one way (:class:`newssift.extract.body.Favor`).
    ``comments=True`` also returns the readers' comments, apart from the article, in
    ``comments`` (:func:`newssift.extract.drops.comment_lines`); they stay in ``dropped``.
    ``utf8``: the page's bytes when the caller holds them and ``html`` is their exact UTF-8
    decoding (:func:`newssift.io.charset.utf8_source`); the parser reads them as they are
    instead of an encode of ``html`` (the same bytes).
    """
    leaning = favor_of(favor)  # an unknown name fails before any work
    url, today = _url_arg(url), _today_arg(today)  # wrong types fail here, on every page
    given_text = isinstance(html, str)
    if isinstance(html, (bytes, bytearray, memoryview)):
        html, utf8 = decode_html_source(bytes(html))
    elif not given_text:
        hint = " (read the file's bytes and pass them)" if isinstance(html, os.PathLike) else ""
        raise TypeError(f"html must be str or bytes, not {type(html).__name__}{hint}")
    if "\x00" in html[:2048] and html[:2048].count("\x00") > 20:
        raise NotHTMLError("input contains NUL bytes, not HTML")
    lost = 0
    if len(html) > MAX_SOURCE_CHARS:
        html, utf8, lost = html[:MAX_SOURCE_CHARS], None, len(html) - MAX_SOURCE_CHARS
    # the parser's budget holds for every caller, not only the pipeline's stage: a page
    # nested too deep is flattened, a tag's attributes are capped, and one of too many
    # elements raises PathologicalHTML
    guarded = guard_html(html)
    if guarded is not html:  # the guard changed the page: its bytes no longer match
        html, utf8 = guarded, None
    tree, found, cut = _parse(_parser_bytes(html, given_text) if utf8 is None else utf8)
    lost += cut
    src = _meta.gather(tree, found)
    description = _meta.choose_description(src)
    root = tree.body or tree.root
    art = Article()
    lines = []
    all_lines = []
    top_body = None  # the body _top_lines reads, when not ``lines``
    page = None
    container = 0
    from_script = 0
    if root is not None:
        page = walk(root)
        # less text outside <noscript> than in one of them (nothing at all, or a date and
        # the chrome): the page ships its text as the no-script version. Compared as the
        # walk's lines, since a <noscript> left open or holding an <iframe> reads as raw
        # text (a site's whole JSON state) that yields no line
        outside = sum(len(ln.text) for ln in page.lines)
        alt = _noscript_body(root, outside) if outside < NOSCRIPT_OUTSIDE_MAX else None
        if alt is not None:
            alt_page = walk(alt)
            if sum(len(ln.text) for ln in alt_page.lines) > outside:
                page = alt_page
        all_lines = page.lines
        container, lines = select_body(page, favor=favor)
        body_size = sum(ln.size for ln in lines)
        if body_size < STATE_BODY_MAX:
            # no story in the HTML: the page may build it by script from a JSON state
            state = _state_page(html, src, body_size)
            if state is not None:
                page, from_script = state
                all_lines = page.lines
                container, lines = select_body(page, favor=favor)
        declared = _meta.declared_body(src)
        if declared:
            lines = add_declared_lines(all_lines, lines, declared)
        if leaning.standfirst == "any":
            lines = add_standfirst(all_lines, lines, description or "")
        elif leaning.standfirst == "marked":
            # only a standfirst the template marks as one (body.add_standfirst); the byline
            # and date search still starts where the rules' body does
            top_body = lines
            lines = add_standfirst(all_lines, lines, description or "", page.words)
        src.byline_texts += _meta.byline_lines(all_lines, page.words)
    site = _meta.choose_site_name(src)
    art.site_name = site
    art.title = _meta.choose_title(src, site)
    if art.title is None and lines:
        # no title markup at all: the nearest heading above the body
        for ln in reversed(all_lines[max(0, lines[0].index - 30) : lines[0].index + 1]):
            if ln.tag in ("h1", "h2", "h3"):
                art.title = ln.text
                break
    art.page = page_scores(all_lines, lines, art.title)
    if from_script:
        art.page[FROM_SCRIPT] = float(from_script)
    if lost:
        art.page[HTML_CUT] = float(lost)
        _log.debug("page cut to size: %d characters not read", lost)
    text_lines = lines
    if lines and art.title and _meta.norm_words(lines[0].text) == _meta.norm_words(art.title):
        text_lines = lines[1:]
    art.text = "\n".join(ln.text for ln in text_lines)
    if page is not None:
        art.dropped, art.dropped_total = dropped_blocks(
            page, container, lines, text_lines, art.title
        )
        if comments:
            art.comments = "\n".join(comment_lines(page, container, lines))
    top = _top_lines(all_lines, lines if top_body is None else top_body)
    art.authors = _meta.choose_authors(src, site, top)
    art.canonical_url = _meta.choose_canonical(src, url)
    art.description = description
    art.date = _choose_date(src, url, art.canonical_url, top, all_lines, today)
    declared = normalise_language(src.lang) or normalise_language(
        src.metas.get("content-language") or src.metas.get("og:locale") or src.metas.get("language")
    )
    if identify:
        from newssift.langid import decide_language

        lang = decide_language(art.text or (art.title or ""), declared)
        art.language, art.language_score = lang.language, lang.score
    else:
        art.language = declared
    art.language_declared = declared
    return art


#: a <noscript> holding less text than this (characters) is a "please enable JavaScript"
#: notice or a tracking pixel, not the page
NOSCRIPT_MIN_CHARS = 200
#: ... and the ``<noscript>`` elements are looked for only on a page whose walk found less
#: text than this (characters) outside them: the query costs about 0.1 ms a page (1.9% of
#: extract's instructions when asked of every page), and every page it rescued had under
#: 2,000 (0, 15, 1,025, 1,702 characters: htmldate, cleaneval, dragnet); 85% of bench pages
#: have more than 4,000
NOSCRIPT_OUTSIDE_MAX = 4000


def _noscript_body(root: Any, outside: int = 0) -> Any:
    """The ``<noscript>`` element with the most text below ``root``, when it holds at least
    :data:`NOSCRIPT_MIN_CHARS` and more than ``outside`` (the characters of every line the
    walk found outside ``<noscript>``). The walk skips ``<noscript>`` (its usual content is
    a notice or a pixel), but some sites (session 23: an Italian national park's news pages)
    put their whole body in one and build the page by script; others (session 23, e28: a
    blog template) put the post twice, in a ``<script type="text/template">`` and in a
    ``<noscript>``, so that only a date and the chrome are left outside. A browser without
    scripts, and every anchor, shows it. A page's usual ``<noscript>`` (a pixel, a notice,
    a fallback menu) holds far less text than the page around it."""
    best, best_len = None, max(NOSCRIPT_MIN_CHARS - 1, outside)
    for node in root.css("noscript"):
        n = len(node.text(deep=True) or "")
        if n > best_len:
            best, best_len = node, n
    return best


#: a body (as the rules chose it from the HTML) under this many Latin-letter equivalents
#: is no story: only then are the page's scripts searched for one (:func:`_state_page`).
#: Every page it rescued had none at all (session 24: htmldate's scmp.com, homify.de)
STATE_BODY_MAX = 200


def _state_page(html: str, src: _meta.Sources, body_size: int) -> tuple[Any, int] | None:
    """The walk of the article a page ships in its script state
    (:func:`newssift.extract.scriptstate.story_html`), and that text's length, when the
    state holds one of more than twice the body's text (``body_size``, the size of the
    body chosen from the HTML); else None. The page's own titles
    (``<title>``, og:title, twitter:title, the ``<h1>``, JSON-LD ``headline``) say which of
    the state's objects is the page's article. The fragment goes through the parser's
    budget (:func:`newssift.extract.guard.guard_html`) as the page does: the page's own
    guard never saw its tags (they were inside a script, often written ``\\u003c``), so a
    body nested past ``guard.MAX_DEPTH`` is flattened, and one over ``guard.MAX_NODES``
    start tags gives None."""
    titles = [src.title_tag, src.metas.get("og:title"), src.metas.get("twitter:title")]
    titles += src.h1[:3]
    titles += [_meta.ld_str(obj.get("headline")) for obj in src.ld[:5]]
    story = _state.story_html(html, titles)
    if story is None or story.chars <= 2 * body_size:
        return None
    try:
        fragment = guard_html(story.html)
    except PathologicalHTML:
        _log.debug("script state %s over the parser's budget: not read", story.where)
        return None
    root = LexborHTMLParser(fragment).body
    if root is None:
        return None
    page = walk(root)
    chars = sum(len(ln.text) for ln in page.lines)
    if chars < _state.MIN_STORY_CHARS:
        return None
    _log.debug("body read from script state %s (%d characters)", story.where, chars)
    return page, chars


_TODAY: list = [0.0, None]


def _today() -> dt.date:
    """The current UTC day, looked up at most once a minute (the clock is not free). UTC,
    not the local day, as a run's (:func:`newssift.extract.stage.run_day`): the same page
    gets the same date under any ``TZ`` (review r40)."""
    now = time.monotonic()
    if _TODAY[1] is None or now - _TODAY[0] > 60:
        _TODAY[0], _TODAY[1] = now, _dates.utc_today()
    return _TODAY[1]


def _top_lines(all_lines: list, body: list) -> list[str]:
    """Short lines around the start of the body, where bylines and dates are written."""
    if not all_lines:
        return []
    start = body[0].index if body else 0
    lo = max(0, start - 25)
    return [ln.text for ln in all_lines[lo : start + 5]]
