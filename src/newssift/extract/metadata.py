"""Article metadata from JSON-LD, OpenGraph, meta tags and markup, with sanity checks.

Publishers state title, date, authors and site name several times over, each source wrong in
its own way: ``<title>`` carries the site name, OpenGraph titles are rewritten for sharing,
``author`` meta tags hold profile URLs or the site's name, JSON-LD is sometimes invalid JSON.
This module gathers every source once (one CSS pass for metas, one for JSON-LD) into
:class:`Sources`, and the chooser functions cross-check them: a heading that matches the
structured title wins, an "author" that equals the site name or is a URL is dropped.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from newssift.extract import blocks as _blocks

ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "socialmediaposting",
        "liveblogposting",
        "techarticle",
        "scholarlyarticle",
        "report",
        "review",
        "posting",
        "blog",
        "webpage",
        "itempage",
        "medicalwebpage",
        "videoobject",
        "creativework",
        "recipe",
        "howto",
    }
)
_PUBLISHED_METAS = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "datepublished",
    "published_time",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
    "article_date_original",
    "article.created",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "date",
    "citation_publication_date",
    "citation_date",
    "originalpublicationdate",
    "cxenseparse:recs:publishtime",
    "publication_date",
    "pub_date",
    "created",
    "date_published",
    "displaydate",
    "og:updated_time",
    "article:modified_time",
    "datemodified",
    "last-modified",
)
_AUTHOR_METAS = (
    "author",
    "article:author",
    "og:article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
    "byl",
    "twitter:creator",
)
_LD_DATE = re.compile(r'"date(?:Published|Created)"\s*:\s*"([^"]{8,40})"')
_BY = re.compile(r"^\s*(?:by|von|par|por|di|door|av|af)\s*[:\-]?\s+", re.IGNORECASE)
_ROLE = re.compile(
    r"\b(staff|senior|chief|contributing|special|freelance|associated press|reporter|"
    r"correspondent|editor|writer|columnist|contributor|producer|photographer|"
    r"redaktion|redakteur|autor|in|for|updated|published|posted|and more|news|team|"
    r"desk|bureau|agency|wire|reuters|afp|dpa|press)\b",
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\||/|&|\band\b|\bund\b|\bet\b|\by\b|\bwith\b)\s*", re.I)
_NOT_NAME = re.compile(r"[@#<>{}=\d:/_]|https?|www\.|\.com\b")
# words that make a credit an organisation, a desk or a job title rather than a person
_ORG = re.compile(
    r"\b(the|times|daily|news|newsroom|telegram|journal|press|staff|media|magazine|post|"
    r"herald|tribune|gazette|inquirer|company|editors?|editorial|redazione|redaktion|"
    r"online|digital|network|radio|tv|television|channel|group|team|desk|service|wire|"
    r"associated|reuters|agency|agencies|brandroom|sponsored|partner|contributors?|"
    r"officer|head|director|manager|president|ceo|cto|founder|chief|executive|"
    r"correspondent|reporter|writer|columnist|photographer|published|updated|posted|"
    r"share|follow|facebook|twitter|email|bio|view|all|posts|articles|more|and)\b",
    re.IGNORECASE,
)
_MONTH_WORD = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|"
    r"april|june|july|august|september|october|november|december|am|pm|et|gmt|utc|"
    r"mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|ago|min|mins|minutes?|hours?|read)\b\.?",
    re.IGNORECASE,
)
_GLUED = re.compile(r"(?<=[a-z])(?=Published|Updated|Posted|By\b|Follow|Read)")
#: the words one of which every _GLUED match is followed by: a credit without any is left as
#: it is without the look-behind tried at each of its characters (4.5 times the cost)
_GLUED_KEYS = re.compile(r"Published|Updated|Posted|By|Follow|Read")


# The credit tests of _person_names on ASCII text, by its words. Python's engine tries each
# of _ORG's or _ROLE's sixty-odd case-blind alternatives at every word boundary (3-4 us for
# a twenty-character name, half of choose_authors' time); on ASCII text a match of
# ``\b(word|...)\b`` is a maximal run of [A-Za-z0-9_] equal to one of the words in any
# case, so a set of the text's lower-cased runs answers the same. Text with a non-ASCII
# character goes to the patterns (case-blind matching there has more than ASCII's rules:
# the Kelvin sign is a "k"). tests/extract/test_credit_words.py holds both equal.
_RUN = re.compile(r"\w+")
#: the separators of _NAME_SPLIT: its characters and its words
_SPLIT_CHARS = re.compile(r"[,;|/&]")
_SPLIT_WORDS = frozenset(re.findall(r"\\b(\w+)\\b", _NAME_SPLIT.pattern))


def _word_alternatives(pattern: re.Pattern) -> frozenset[str]:
    r"""The alternatives of a ``\b(a|b|c?)\b`` pattern (``\.?`` may follow), lower-case;
    "word?" gives "word" and "wor". Raises ValueError on any other shape, so that a pattern
    edited into one these sets cannot stand for fails at import."""
    m = re.fullmatch(r"\\b\(([a-z |?]+)\)\\b(?:\\\.\?)?", pattern.pattern)
    if m is None or not pattern.flags & re.IGNORECASE:
        raise ValueError(f"not a case-blind word alternation: {pattern.pattern[:40]}")
    out: set[str] = set()
    for alt in m.group(1).split("|"):
        if "?" in alt[:-1] or alt in ("", "?") or alt.startswith(" ") or "  " in alt:
            raise ValueError(f"unexpected alternative {alt!r}")
        out |= {alt[:-1], alt[:-2]} if alt.endswith("?") else {alt}
    return frozenset(out)


_ORG_WORDS = _word_alternatives(_ORG)
_ROLE_ALTS = _word_alternatives(_ROLE)
_ROLE_WORDS = frozenset(a for a in _ROLE_ALTS if " " not in a)
#: _ROLE's alternatives of two words or more, as word sets: with all of one's words in a
#: text, the pattern itself decides
_ROLE_RUNS = tuple(frozenset(a.split()) for a in _ROLE_ALTS if " " in a)
_MONTH_WORDS = _word_alternatives(_MONTH_WORD)


def _name_parts(raw: str) -> list[str]:
    """``_NAME_SPLIT.split(raw)``: an ASCII credit with none of its separator characters or
    words (every match holds one) is one part."""
    if (
        raw.isascii()
        and _SPLIT_CHARS.search(raw) is None
        and _SPLIT_WORDS.isdisjoint(_RUN.findall(raw.lower()))
    ):
        return [raw]
    return _NAME_SPLIT.split(raw)


def _date_or_role_word(w: str) -> bool:
    """``_MONTH_WORD.fullmatch(w) or _ROLE.fullmatch(w)`` for ``w`` without white space (a
    word of ``str.split``)."""
    if not w.isascii():
        return bool(_MONTH_WORD.fullmatch(w) or _ROLE.fullmatch(w))
    low = w.lower()
    return low in _MONTH_WORDS or low in _ROLE_WORDS or (
        low[-1:] == "." and low[:-1] in _MONTH_WORDS
    )


def _org_or_role(name: str) -> bool:
    """``_ORG.search(name) or _ROLE.search(name)``, as a bool."""
    if not name.isascii():
        return bool(_ORG.search(name) or _ROLE.search(name))
    runs = set(_RUN.findall(name.lower()))
    if not runs.isdisjoint(_ORG_WORDS) or not runs.isdisjoint(_ROLE_WORDS):
        return True
    if any(words <= runs for words in _ROLE_RUNS):
        return _ROLE.search(name) is not None
    return False


@dataclass(slots=True)
class Sources:
    """Every metadata statement found in one page."""

    metas: dict[str, str] = field(default_factory=dict)
    ld: list[dict[str, Any]] = field(default_factory=list)  # article-like JSON-LD objects
    ld_all: list[dict[str, Any]] = field(default_factory=list)
    title_tag: str | None = None
    h1: list[str] = field(default_factory=list)
    canonical: str | None = None
    lang: str | None = None
    time_tags: list[tuple[str, bool]] = field(default_factory=list)  # (value, marked published)
    byline_texts: list[str] = field(default_factory=list)
    ld_dates: list[str] = field(default_factory=list)  # datePublished read from broken JSON-LD


def clean(s: Any) -> str:
    """Whitespace-normalised string; entities left escaped by the publisher are decoded.

    ``" ".join(s.split())`` is ``re.sub(r"\\s+", " ", s).strip()`` (the form it replaced):
    ``\\s``, ``split()`` and ``strip()`` all take the characters of ``str.isspace``
    (tests/extract/test_exact_cuts.py checks every code point), and the split makes no regex
    match object per run of spaces."""
    if not isinstance(s, str):
        return ""
    if "&" in s:
        s = html.unescape(s)
    return " ".join(s.split())


def _flatten_ld(obj: Any, out: list[dict[str, Any]], depth: int = 0) -> None:
    if depth > 6:
        return
    if isinstance(obj, list):
        for o in obj[:50]:
            _flatten_ld(o, out, depth + 1)
    elif isinstance(obj, dict):
        out.append(obj)
        if "@graph" in obj:
            _flatten_ld(obj["@graph"], out, depth + 1)
        main = obj.get("mainEntity") or obj.get("mainEntityOfPage")
        if isinstance(main, dict) and "@type" in main:
            _flatten_ld(main, out, depth + 1)


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


#: ``json.loads(raw, strict=False)`` builds a decoder (and its scanner) per call; this one is
#: made once: ``loads`` does ``JSONDecoder(strict=False).decode(raw)`` after refusing a text
#: that opens with a byte-order mark, as :func:`_load_json` does
_LD_DECODER = json.JSONDecoder(strict=False)


def unwrap_ld(raw: str) -> str:
    """A JSON-LD script's text without the wrappers publishers put around it (an HTML
    comment, a CDATA section, a trailing semicolon)."""
    raw = raw.strip()
    if raw.startswith("<!--"):
        raw = raw[4:]
    if raw.endswith("-->"):
        raw = raw[:-3]
    return raw.replace("<![CDATA[", "").replace("]]>", "").strip().rstrip(";")


def _load_json(raw: str) -> Any:
    """The value of a JSON-LD script's text (:func:`unwrap_ld`), or None: also for JSON
    nested past Python's recursion limit (the decoder's RecursionError), which would
    otherwise make ``extract()`` raise on one page's JSON-LD."""
    raw = unwrap_ld(raw)
    if raw.startswith("\ufeff"):
        return None  # json.loads's "Unexpected UTF-8 BOM" error
    try:
        return _LD_DECODER.decode(raw)
    except (ValueError, RecursionError):
        return None


# (``[title]`` before ``[class*=...]``: the same elements, the rare attribute tested first)
_ONE_PASS = (
    'meta, script[type="application/ld+json"], title, h1, link[rel], time, abbr[title], '
    "[title][class*=publish], [title][class*=date], "
    '[rel="author"], [itemprop="author"], span[class*="uthor"], span[class*="yline"]'
)


def one_pass(tree: LexborHTMLParser) -> tuple[list[tuple[str, dict, Any]], Callable[[Any], str]]:
    """``(tag, attributes, node)`` of every element ``tree.css(_ONE_PASS)`` finds, in its
    order (an element once per selector it matches), and the function that gives a listed
    node's ``text(deep=True)``. The compiled pass (``_walk.meta_pass``: one walk testing the
    thirteen selectors on an element's name and attributes, its nodes given as ids that
    ``_walk.node_text`` reads) when it is built and lexbor's node layout is the one it
    reads, else :func:`one_pass_py`, the reference it is held equal to
    (tests/extract/test_meta_pass.py)."""
    if _meta_pass_c is not None:
        root = tree.root
        if root is None:
            return [], _node_text_c
        found = _meta_pass_c(root.mem_id)
        if found is not None:
            return found, _node_text_c
    return one_pass_py(tree), _deep_text


def one_pass_py(tree: LexborHTMLParser) -> list[tuple[str, dict, Any]]:
    """:func:`one_pass` by lexbor's selector engine (the nodes are selectolax nodes)."""
    return [(node.tag, node.attributes, node) for node in tree.css(_ONE_PASS)]


def _deep_text(node: Any) -> str:
    return node.text(deep=True)


#: the compiled pass and its text reader (None: the walk is not compiled, or is older)
_meta_pass_c = getattr(_blocks._compiled, "meta_pass", None)
_node_text_c = getattr(_blocks._compiled, "node_text", None)


#: Class/id/itemprop words of elements whose text is a byline.
BYLINE_WORDS = frozenset({"byline", "author", "authors", "writer", "creator", "contributor"})


def gather(
    tree: LexborHTMLParser,
    found: tuple[list[tuple[str, dict, Any]], Callable[[Any], str]] | None = None,
) -> Sources:
    """Collect metadata statements (must run before scripts are stripped from the tree).

    One selector pass over the tree (:func:`one_pass`: compiled, or lexbor's selector
    engine), dispatched by tag in Python: each ``css`` call is a full traversal, so fewer
    calls is faster. Byline texts come later from the DOM walk
    (:func:`byline_lines`), which already knows every block's class words. ``found``:
    :func:`one_pass` of ``tree`` when the caller has it already (the parse checks it).
    """
    src = Sources()
    metas = src.metas
    n_time = n_dated = n_h1 = 0
    found, text_of = found or one_pass(tree)
    for tag, a, node in found:
        if tag == "meta":
            key = a.get("property") or a.get("name") or a.get("itemprop") or a.get("http-equiv")
            content = a.get("content")
            if key and content:
                k = key.strip().lower()
                if k not in metas:
                    metas[k] = content.strip()
                elif k == "article:author" or k == "author":
                    metas[k] += " , " + content.strip()
        elif tag == "script":
            _read_ld(text_of(node), src)
        elif tag == "title":
            if src.title_tag is None:
                src.title_tag = clean(text_of(node)) or None
        elif tag == "h1":
            if n_h1 < 5:
                n_h1 += 1
                h = clean(text_of(node))
                if h:
                    src.h1.append(h)
        elif tag == "link":
            rel = (a.get("rel") or "").lower().split()
            if src.canonical is None and "canonical" in rel and a.get("href"):
                src.canonical = a["href"].strip()
        elif tag == "time":
            if n_time < 20:
                n_time += 1
                _read_time(node, a, src, text_of)
        elif a.get("rel") == "author" or a.get("itemprop") == "author" or tag == "span":
            if len(src.byline_texts) < 12:
                txt = clean(text_of(node))
                if txt and len(txt) < 200:
                    src.byline_texts.append(txt)
        elif n_dated < 10:
            cls = (a.get("class") or "").lower()
            if "publish" in cls or "date" in cls:
                n_dated += 1
                src.time_tags.append((a.get("title") or "", "publish" in cls))
    # the most specific article types first
    src.ld.sort(key=lambda o: 0 if _types(o) - {"webpage", "itempage", "creativework"} else 1)
    # the document element is the page's <html> (a parsed HTML document always has one):
    # ``css_first("html")`` found the same node with a selector search of its own
    html = tree.root
    if html is not None and html.tag != "html":
        html = tree.css_first("html")
    if html is not None:
        a = html.attributes
        src.lang = a.get("lang") or a.get("xml:lang")
    return src


def _read_ld(raw: str, src: Sources) -> None:
    data = _load_json(raw)
    if data is None:
        # invalid JSON (trailing commas, raw newlines): still read the publication date
        m = _LD_DATE.search(raw)
        if m:
            src.ld_dates.append(m.group(1))
        return
    flat: list[dict[str, Any]] = []
    _flatten_ld(data, flat)
    src.ld_all.extend(flat)
    for obj in flat:
        if _types(obj) & ARTICLE_TYPES:
            src.ld.append(obj)


def _read_time(
    node: Any, a: dict[str, str | None], src: Sources, text_of: Callable[[Any], str]
) -> None:
    value = a.get("datetime") or a.get("content") or clean(text_of(node))
    marked = "pubdate" in a or (a.get("itemprop") or "").lower() in (
        "datepublished",
        "datecreated",
    )
    cls = (a.get("class") or "").lower()
    if "publish" in cls or "posted" in cls or "entry-date" in cls:
        marked = True
    if "modif" in cls or "update" in cls:
        return
    if value:
        src.time_tags.append((value, marked))


def byline_lines(lines: list, words: list[frozenset[str]], limit: int = 12) -> list[str]:
    """Texts of lines inside an element marked as a byline or author box: the compiled scan
    (``_walk.byline_texts``: each distinct word set judged once, then the lines' paths read
    against a flag per element, up to ``limit`` lines) when it is built and takes the page,
    else :func:`byline_lines_py`, held equal to it by tests/extract/test_meta_pass.py."""
    if _byline_texts_c is not None and type(lines) is list and type(words) is list and limit > 0:
        texts = _byline_texts_c(lines, words, BYLINE_WORDS, _BYLINE_MAX, limit)
        if texts is not None:
            return [clean(t) for t in texts]
    return byline_lines_py(lines, words, limit)


_BYLINE_MAX = 200  # a byline line is shorter than this
_byline_texts_c = getattr(_blocks._compiled, "byline_texts", None)


def byline_lines_py(lines: list, words: list[frozenset[str]], limit: int = 12) -> list[str]:
    """:func:`byline_lines` in Python."""
    # each distinct word set is tested once (the walk shares one frozenset among the
    # elements of one class/id key), then its elements picked out at C speed
    hit = {w for w in set(words) if not BYLINE_WORDS.isdisjoint(w)}
    if not hit:
        return []
    marked = set(compress(range(len(words)), map(hit.__contains__, words)))
    out = []
    for ln in lines:
        if len(ln.text) < _BYLINE_MAX and not marked.isdisjoint(ln.path):
            out.append(clean(ln.text))
            if len(out) >= limit:
                break
    return out


#: how deep a JSON-LD value's lists and nodes are followed for a name (a real one is a
#: name, a node's name or a list of those: two or three levels); a page's JSON-LD nested
#: hundreds deep must not exhaust the interpreter's stack (the decoder's own limit is ~1000)
_LD_DEPTH = 6


def ld_str(v: Any, depth: int = 0) -> str:
    """A JSON-LD value as one clean string: the first of a list, a node's ``name`` (or
    ``@value``), else empty (also for a value nested over :data:`_LD_DEPTH` deep). Shared
    by the headline, site-name and description readers here and the script-state title
    check (extract/article.py)."""
    if isinstance(v, str):
        return clean(v)
    if depth >= _LD_DEPTH:
        return ""
    if isinstance(v, list) and v:
        return ld_str(v[0], depth + 1)
    if isinstance(v, dict):
        return ld_str(v.get("name") or v.get("@value") or "", depth + 1)
    return ""


_NON_WORD = re.compile(r"\W+")
#: every ASCII character that is not a word character (``\w``: letters, digits, "_") to a
#: space, for :func:`norm_words`'s ASCII path
_ASCII_NON_WORD = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not (c.isalnum() or c == "_")}
)


def norm_words(s: str) -> str:
    r"""Lower-cased words (runs of ``\w``) separated by single spaces: the compiled
    ``_walk.norm_words`` when it is built (one scan, no regex: ``\w`` is what it tests,
    alphanumeric or "_"), else :func:`_norm_words_py`. tests/extract/test_exact_cuts.py holds
    both equal to the regex (:func:`_norm_words_re`). The one word normal form of extraction:
    titles, dropped lines and script-state candidates are compared in it."""
    if _norm_c is not None:
        return _norm_c(s)
    return _norm_words_py(s)


def _norm_words_py(s: str) -> str:
    r""":func:`norm_words` in Python. An ASCII text takes a ``translate`` and a split instead of
    the regex: the same words (``\w`` on ASCII is letters, digits and "_"), several times
    faster."""
    if s.isascii():
        return " ".join(s.lower().translate(_ASCII_NON_WORD).split())
    return _norm_words_re(s)


#: the compiled norm_words (None: the walk is not compiled, or is older)
_norm_c = getattr(_blocks._compiled, "norm_words", None)


def _norm_words_re(s: str) -> str:
    """:func:`norm_words` by the regex alone: the reference its ASCII path is held equal to."""
    return _NON_WORD.sub(" ", s.lower()).strip()


#: A separator of a title's parts: a mark between white space. One \s+ before the choice of
#: mark: the form with two alternatives (``\s+[...]\s+|\s+::\s+``) made the engine enter
#: both at every character, 2.3 times slower, for the same matches (a mark can follow only
#: the whole run of white space, and ':' alone and '::' cannot both be followed by it;
#: tests/extract/test_credit_words.py holds the two forms equal)
_TITLE_SEP = re.compile(r"\s+(?:[|\-–—:·•»/]|::)\s+")


def choose_title(src: Sources, site_name: str | None) -> str | None:
    """Headline: a page heading confirmed by structured data or the title tag, else cleaned."""
    ld_title = ""
    for obj in src.ld:
        ld_title = ld_str(obj.get("headline")) or ld_str(obj.get("name"))
        if ld_title:
            break
    og = clean(src.metas.get("og:title") or src.metas.get("twitter:title") or "")
    tt = src.title_tag or ""
    refs = [norm_words(x) for x in (ld_title, og, tt) if x]
    short = [r for r in (norm_words(_strip_site(x, site_name)) for x in (ld_title, og, tt) if x)
             if len(r) >= 10 and " " in r]
    for h in src.h1:
        nh = norm_words(h)
        if len(nh) < 4:
            continue
        for r in refs:
            if nh == r or (len(nh) > 15 and nh in r):
                return h
        # a title shortened for the tab or for sharing (site name taken off): the heading is
        # its whole form ("Bridge reopens | Paper" and the h1 "Bridge reopens after two years")
        if any(nh.startswith(r + " ") for r in short):
            return h
    for cand in (ld_title, og):
        if cand:
            return _strip_site(cand, site_name)
    if tt:
        return _strip_site(tt, site_name)
    return src.h1[0] if src.h1 else None


def _strip_site(title: str, site_name: str | None) -> str:
    parts = _TITLE_SEP.split(title)
    if len(parts) < 2:
        return title
    site = norm_words(site_name) if site_name else ""
    if site:
        kept = [
            p
            for p in parts
            if norm_words(p) != site
            and not (len(site) > 3 and site in norm_words(p) and len(p) < len(site) + 12)
        ]
        if kept and len(kept) < len(parts):
            return " - ".join(kept) if len(kept) > 1 else kept[0]
    # no known site name: drop a short last part ("Headline | The Paper")
    if len(parts[-1]) < 30 and len(parts[0]) > len(parts[-1]):
        m = list(_TITLE_SEP.finditer(title))
        return title[: m[-1].start()].strip()
    return title


def choose_site_name(src: Sources) -> str | None:
    site = clean(src.metas.get("og:site_name") or src.metas.get("application-name") or "")
    if not site:
        for obj in src.ld:
            pub = obj.get("publisher")
            site = ld_str(pub) if pub else ""
            if site:
                break
    if not site:
        for obj in src.ld_all:
            if _types(obj) & {"organization", "newsmediaorganization", "website"}:
                site = ld_str(obj.get("name"))
                if site:
                    break
    return site or None


def _person_names(raw: str, site_name: str | None) -> list[str]:
    raw = clean(raw)
    if not raw or len(raw) > 300:
        return []
    if _GLUED_KEYS.search(raw):
        raw = _GLUED.sub(" | ", raw)
    raw = _BY.sub("", raw)
    out: list[str] = []
    for part in _name_parts(raw):
        part = _BY.sub("", part.strip(" .,-–—:|\u00a0"))
        if not part:
            continue
        if _NOT_NAME.search(part):
            # "Jane Doe Updated 5:00 PM": keep the name before the noise
            part = re.split(r"[@#<>{}=\d:/_]|https?|www\.", part)[0].strip(" .,-–—")
        part = re.split(r"\s[-–—|·•]\s", part)[0]
        words = part.split()
        # cut at the first date or job word ("Jane Doe Dec 5", "Jane Doe Staff Writer")
        for i, w in enumerate(words):
            if i >= 1 and _date_or_role_word(w):
                words = words[:i]
                break
        # trailing credentials or outlet in capitals ("Jane Doe MS", "Jane Doe USA TODAY")
        while len(words) > 2 and words[-1].isupper() and len(words[-1]) > 1:
            words.pop()
        if not 1 < len(words) <= 4:
            continue
        name = " ".join(words).strip(" ,.-")
        if _org_or_role(name):
            continue
        if not all(w[:1].isupper() or w.lower() in _PARTICLES for w in words):
            continue
        site = norm_words(site_name) if site_name else ""
        if site and norm_words(name) in (site, site.replace(" ", "")):
            continue
        half = len(name) // 2
        if len(name) % 2 == 0 and name[:half] == name[half:]:
            name = name[:half]  # "Jane DoeJane Doe"
        if name.lower() not in (n.lower() for n in out):
            out.append(name)
    return out


_PARTICLES = frozenset(
    {"de", "da", "del", "della", "di", "van", "von", "der", "den", "le", "la", "du", "dos",
     "das", "bin", "al", "el", "ter", "ten", "y", "e"}
)  # fmt: skip


def _ld_names(v: Any, depth: int = 0) -> list[str]:
    """Every name in a JSON-LD author value (string, list, object with a name list), none
    nested over :data:`_LD_DEPTH` deep."""
    if isinstance(v, str):
        return [v]
    if depth >= _LD_DEPTH:
        return []
    if isinstance(v, list):
        return [n for x in v[:10] for n in _ld_names(x, depth + 1)]
    if isinstance(v, dict):
        types = _types(v)
        if types & {"organization", "newsmediaorganization"} and "person" not in types:
            return []
        return _ld_names(v.get("name") or "", depth + 1)
    return []


def choose_authors(
    src: Sources, site_name: str | None, text_lines: list[str] | None = None
) -> list[str]:
    """Person names credited with the article (no "By", roles, dates, URLs or site names).

    Structured data first, then meta tags, then byline markup, then a "By ..." line near the
    top of the article; a visible byline that names the same people and more wins, because
    meta tags often carry only the first author.
    """
    chosen: list[str] = []
    for obj in src.ld:
        auth = obj.get("author") or obj.get("creator")
        names: list[str] = []
        for raw in _ld_names(auth):
            for n in _person_names(raw, site_name):
                if n not in names:
                    names.append(n)
        if names:
            chosen = names
            break
    if not chosen:
        for key in _AUTHOR_METAS:
            v = src.metas.get(key)
            if v:
                chosen = _person_names(v, site_name)
                if chosen:
                    break
    visible: list[str] = []
    for txt in src.byline_texts:
        visible = _person_names(txt, site_name)
        if visible:
            break
    if not visible:
        for line in text_lines or []:
            if len(line) < 120 and _BY.match(line):
                visible = _person_names(line, site_name)
                if visible:
                    break
    if not chosen:
        return visible
    low = {n.lower() for n in chosen}
    if len(visible) > len(chosen) and low <= {n.lower() for n in visible}:
        return visible
    return chosen


def published_candidates(src: Sources) -> list[str]:
    """Raw date strings from structured data and meta tags, most trusted first."""
    out: list[str] = []
    for obj in src.ld:
        for key in ("datePublished", "dateCreated", "uploadDate"):
            v = obj.get(key)
            if isinstance(v, list) and v:
                v = v[0]
            if isinstance(v, str) and v:
                out.append(v)
    for obj in src.ld_all:  # dates on objects of other types (a WebPage, an event page)
        v = obj.get("datePublished")
        if isinstance(v, str) and v:
            out.append(v)
    out.extend(src.ld_dates)
    for key in _PUBLISHED_METAS:
        v = src.metas.get(key)
        if v:
            out.append(v)
    for v, marked in src.time_tags:
        if marked:
            out.append(v)
    return out


def choose_description(src: Sources) -> str | None:
    d = clean(
        src.metas.get("description")
        or src.metas.get("og:description")
        or src.metas.get("twitter:description")
        or ""
    )
    if not d:
        for obj in src.ld:
            d = ld_str(obj.get("description"))
            if d:
                break
    return d or None


def choose_canonical(src: Sources, url: str | None) -> str | None:
    c = src.canonical or clean(src.metas.get("og:url") or "")
    if c and c.startswith("/") and url and "://" in url:
        scheme, rest = url.split("://", 1)
        host = rest.split("/", 1)[0]
        c = f"{scheme}://{host}{c}"
    if c and not c.startswith(("http://", "https://")):
        c = None
    return c or url


def declared_body(src: Sources) -> str:
    """The article's text as the page's structured data states it (schema.org
    ``articleBody`` of an article object), or ``""``."""
    for obj in src.ld:
        v = obj.get("articleBody")
        if isinstance(v, list):
            v = " ".join(x for x in v if isinstance(x, str))
        if isinstance(v, str) and v.strip():
            return html.unescape(v) if "&" in v else v
    return ""
