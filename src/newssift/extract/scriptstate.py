"""The story a page ships only inside a script: its JavaScript framework's JSON state.

Some news sites render the article in the browser from a state object the server writes
into the page: Next.js ``<script id="__NEXT_DATA__" type="application/json">``, Apollo's
``window.__APOLLO_STATE__ = {...}``, Redux's ``__PRELOADED_STATE__`` / ``__INITIAL_STATE__``,
Arc's ``Fusion.globalContent = {...}``, or a site's own ``var article = {...}``. The HTML
then holds the chrome and no story: the walk, which skips scripts, finds nothing to select.
:func:`story_html` reads such state back to the article's text, for
:func:`newssift.extract.article.extract` to use on a page whose HTML gave no story (a body
under ``article.STATE_BODY_MAX``, like the ``<noscript>`` rescue asked only of pages whose
walk found little text).

Safety: only :mod:`json` parses (no JavaScript is evaluated: an object literal that is not
JSON, such as Nuxt's ``window.__NUXT__=(function(a,b){...})``, is skipped); a script
longer than :data:`MAX_SCRIPT_CHARS` is not parsed, a nesting the decoder refuses
(``RecursionError``) or deeper than :data:`MAX_DEPTH` is not read, and the walk over the
parsed state stops after :data:`MAX_NODES` values. Broken input gives ``None``, never an
exception.

Which text: a state often holds several articles (the page's, and the full bodies of the
"more on this" ones), so the story is taken from the object whose title (``headline``,
``title``, ``name``; Arc's ``headlines.basic``) is the page's own title when one such
object exists, and never from an object titled otherwise. Inside it, the longest
*story candidate* wins: a string of prose or HTML (a ``body``/``content``/``articleBody``
field) or a list of paragraphs (strings, or content elements such as Arc's
``{"type": "text", "content": ...}``, Contentful's or Portable Text's nodes, an HTML tree
as ``{"type": "p", "children": [...]}``).
"""

from __future__ import annotations

import html as _html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from newssift.extract.metadata import norm_words

__all__ = ["MAX_SCRIPT_CHARS", "MIN_STORY_CHARS", "StateStory", "story_html"]

#: a script body longer than this (characters) is not parsed: a page's state is rarely
#: above 1 MB, and the decoder's cost grows with it
MAX_SCRIPT_CHARS = 3_000_000
#: all scripts parsed on one page, together, at most this many characters
MAX_PAGE_CHARS = 6_000_000
#: nesting below this depth is not read (the decoder itself refuses about 1,000)
MAX_DEPTH = 48
#: values visited per page, at most
MAX_NODES = 300_000
#: a story shorter than this (characters of text) is a summary or a teaser, not the article
MIN_STORY_CHARS = 400
#: assignments tried per script (``x = {`` where the object may be JSON)
MAX_TRIES = 12
#: items of one list read, as paragraphs and as values to walk: a page's own article
#: listed after this many other objects in one array is not found (a bound on cost)
MAX_LIST_ITEMS = 2000
#: a content element's text is read this many levels into its children at most
MAX_ELEMENT_DEPTH = 8
#: items of one list inside a content element read into its text (``children``, ``spans``)
MAX_ELEMENT_ITEMS = 500

_SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
_SCRIPT_END = re.compile(r"</script\s*>", re.IGNORECASE)
# a script's type, id and src attributes: the name neither follows a word character nor
# a hyphen, so ``data-type=``, ``data-id=``, ``data-src=`` are not taken for them
_TYPE = re.compile(r"""(?<![\w-])type\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_ID = re.compile(r"""(?<![\w-])id\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC = re.compile(r"(?<![\w-])src\s*=", re.IGNORECASE)
#: script types whose body is JavaScript (or no type: JavaScript)
_JS_TYPES = frozenset({
    "text/javascript", "application/javascript", "module", "text/ecmascript",
    "application/ecmascript", "application/x-javascript",
})  # fmt: skip
# an assignment of an object or array literal: ``= {``, ``= [`` (not ``==``, ``=>``,
# ``!=``, ``<=``, ``>=``), past a ``/*comment*/``; or a ``JSON.parse("`` of a string
_ASSIGN = re.compile(r"""(?<![=!<>])=\s*(?:/\*[^*]{0,40}\*/\s*)?([{\[])|JSON\.parse\(\s*(")""")
_HTML_TAG = re.compile(r"</?(?:p|br|div|h[1-6]|ul|ol|li|blockquote|strong|em|b|i|a|span)\b",
                       re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^<>]{0,2000}>")
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u00bb)]?(?:\s|$)")
#: keys whose value names the object they sit in (an article, a teaser, a person)
_TITLE_KEYS = ("headline", "title", "headlines", "name")
#: keys of a content element whose values make its text, in the element's order
_TEXT_KEYS = frozenset({
    "text", "data", "content", "value", "html", "children", "body", "paragraph", "markup",
    "contenthtml", "bodyhtml", "innerhtml", "content_html", "body_html", "plaintext",
    "articlebody", "items", "nodes", "elements", "spans", "itemlistelement", "childnodes",
})  # fmt: skip
#: a string holds the story only under a key naming a body ("body", "articleBody",
#: "content", "text", "html", "htmlText", "story", "markdown"), and never under one naming
#: anything else as well ("usatAppPromoText", "mobile_popup_html_info", "reviewText"...)
_BODY_KEY = re.compile(r"body|content|text|html|story|markdown|article", re.IGNORECASE)
_NOT_BODY_KEY = re.compile(
    r"promo|popup|cookie|consent|paywall|payflow|banner|newsletter|bio|comment|disclaimer|"
    r"footer|header|teaser|summary|excerpt|description|caption|keyword|tag|meta|seo|"
    r"subscri|modal|notice|alert|error|legal|privacy|review|author|credit|label|button|"
    r"title|headline|message|tooltip|placeholder|preview|snippet|abstract",
    re.IGNORECASE,
)
#: content elements that are lists (Arc's "list", Contentful's "unordered-list", an HTML tree
#: whose "type" is its tag, "ul"): their items are lines of their own, not words of one paragraph
_LIST_TYPES = frozenset({
    "list", "ul", "ol", "unordered-list", "ordered-list", "bulleted-list", "numbered-list",
    "bullet-list",
})  # fmt: skip
#: content element types that hold no story text
_NOT_TEXT_TYPES = frozenset({
    "image", "img", "video", "ad", "ads", "advertisement", "embed", "figure", "script",
    "iframe", "gallery", "related", "related_content", "oembed", "social", "newsletter",
    "interstitial_link", "raw_html", "custom_embed", "audio", "picture", "style",
    # a JSON DOM tree's nodes that are no text: hast's comment and doctype, domhandler's
    # comment and directive ("!doctype"); not domhandler's cdata, whose children are text
    "comment", "directive", "doctype",
})  # fmt: skip
#: a DOM node's integer nodeType (a tree serialised from the browser's DOM) as a kind
_DOM_NODE_TYPES = {1: "element", 8: "comment", 10: "doctype"}
#: a DOM text (3) or CDATA (4) node's text (one known by its ``nodeName`` alone, too),
#: under the first of these keys that holds any: a serialiser may write the same text
#: under several of them ("data" and "nodeValue"), so one is read, never their sum
_DOM_TEXT_KEYS = ("data", "nodeValue", "textContent", "wholeText")
_DOM_TEXT_NAMES = frozenset({"#text", "#cdata-section"})
#: a DOM element serialised with no child list nor HTML: its text, flattened by the
#: serialiser
_DOM_FLAT_KEYS = ("textContent", "innerText")


@dataclass(slots=True)
class StateStory:
    """The article read from a page's script state: ``html`` is a fragment of ``<p>`` (and
    the state's own HTML) for the extractor's walk; ``where`` says which script held it
    (its ``id``, such as ``__NEXT_DATA__``; else the name the state is assigned to, such as
    ``window.__APOLLO_STATE__``; else its type, ``application/ld+json``); ``chars`` is the
    length of its text."""

    html: str
    where: str
    chars: int
    #: the state's object holding it has the page's title (else: no titled object holds it,
    #: and its words speak of the title's)
    owned: bool = False
    #: the key of the field or list it was read from (``body``, ``content_elements``)
    key: str = ""


def _untag(s: str) -> str:
    """``s`` without its tags (each one a space) and with its character references
    decoded: the text of an HTML string, its white space as it comes."""
    return _html.unescape(_ANY_TAG.sub(" ", s))


def _strip_tags(s: str) -> str:
    """The text of an HTML string (:func:`_untag`), its white space runs made single spaces."""
    return " ".join(_untag(s).split())


def _is_html(s: str) -> bool:
    """``s`` holds an HTML tag of text (a paragraph, a break, a link, emphasis), so it is
    read as HTML rather than as plain text."""
    return "<" in s and _HTML_TAG.search(s) is not None


#: a string is judged prose or not (:func:`_prose_len`) by this many characters of its start
_PROSE_SAMPLE = 4000
#: characters from U+2E80 on (CJK and the scripts after it), which write no spaces
_WIDE = re.compile("[\u2e80-\U0010ffff]")


def _prose_len(s: str) -> int:
    """Characters of ``s`` that read as prose (0 for code, a URL, an id, a CSS rule):
    mostly letters and spaces, with spaces between words unless the script writes none
    (Han, kana, Thai)."""
    n = len(s)
    if n < 2 or s[0] in "{[/" or s.startswith(("http:", "https:", "data:", "$")):
        return 0
    sample = s[:_PROSE_SAMPLE]  # a long text is judged by its start
    if "function(" in sample or "=>" in sample or "{\"" in sample:
        return 0
    m = len(sample)
    letters = sum(map(str.isalpha, sample))  # str.isalpha per character, at C speed
    spaces = sample.count(" ")
    if letters + spaces < 0.75 * m:
        return 0
    if spaces * 25 < m and len(_WIDE.findall(sample)) < 0.3 * m:
        return 0
    return n


@dataclass(slots=True)
class _Candidate:
    paragraphs: list[tuple[str, bool]]  # (text or HTML, is HTML)
    chars: int
    owner: bool | None  # the nearest titled object is the page's (True), another's (False)
    key: str = ""


def _body_key(key: str) -> bool:
    """``key`` names an article's body (see :data:`_BODY_KEY`)."""
    return _BODY_KEY.search(key) is not None and _NOT_BODY_KEY.search(key) is None


def _text_len(text: str, is_html: bool) -> int:
    """Characters of prose in one paragraph (:func:`_prose_len` of its text, tags
    stripped when it is HTML)."""
    plain = _strip_tags(text) if is_html else text
    return _prose_len(plain.strip())


def _sentences(paragraphs: list[tuple[str, bool]]) -> int:
    """Sentence ends in the paragraphs' text (a story has at least two). Counted on the
    text as it comes (:func:`_untag`): making its white space runs single spaces would
    not change the count, since an end is a mark followed by any white space or none."""
    return sum(len(_SENTENCE_END.findall(_untag(t) if h else t)) for t, h in paragraphs)


class _Reader:
    """One walk over a parsed state, collecting story candidates."""

    def __init__(self, titles: list[str]) -> None:
        self.titles = titles
        self.found: list[_Candidate] = []
        self.nodes = 0

    def _owner(self, obj: dict, inherited: bool | None) -> bool | None:
        for key in _TITLE_KEYS:
            v = obj.get(key)
            if isinstance(v, dict):  # Arc: "headlines": {"basic": ...}
                v = next((x for x in v.values() if isinstance(x, str) and x), None)
            if isinstance(v, str) and v.strip():
                if self._is_title(v):
                    return True
                if key != "name":  # a person's, a site's or a section's name says nothing
                    return False
        return inherited

    def _is_title(self, value: str) -> bool:
        n = norm_words(_strip_tags(value) if "<" in value else value)
        if len(n) < 8:
            return False
        return any(
            n == t or (len(n) >= 20 and n in t) or (len(t) >= 20 and t in n)
            for t in self.titles
        )

    def read(self, root: Any) -> None:
        stack: list[tuple[Any, int, bool | None, str]] = [(root, 0, None, "")]
        while stack and self.nodes < MAX_NODES:
            value, depth, owner, key = stack.pop()
            self.nodes += 1
            if depth > MAX_DEPTH:
                continue
            if isinstance(value, str):
                self._string(value, owner, key)
            elif isinstance(value, dict):
                owner = self._owner(value, owner)
                for k, v in value.items():
                    if isinstance(v, (dict, list)) or (isinstance(v, str) and len(v) >= 200):
                        stack.append((v, depth + 1, owner, k))
            elif isinstance(value, list):
                self._list(value, owner, key)
                for v in value[:MAX_LIST_ITEMS]:
                    if isinstance(v, (dict, list)):
                        stack.append((v, depth + 1, owner, key))

    def _paragraph(self, value: Any, depth: int) -> tuple[str, bool] | None:
        """The text of one item of a paragraph list: a string, or a content element's text
        (its text-like fields in order, inline), with whether it is HTML; None for an element
        that is no text (an image, an ad, a titled object: a teaser, not a paragraph). Each
        value read counts towards :data:`MAX_NODES`."""
        self.nodes += 1
        if isinstance(value, str):
            if "&lt;" in value and "&gt;" in value:
                value = _html.unescape(value)
            return value, _is_html(value)
        if not isinstance(value, dict) or depth > MAX_ELEMENT_DEPTH or self.nodes >= MAX_NODES:
            return None
        text = _dom_text(value)
        if text is not None:
            return self._paragraph(text, depth + 1) if text else None
        kind = _kind(value)
        if kind in _NOT_TEXT_TYPES:
            return None
        if kind == "br":  # a line break in a JSON DOM paragraph ends a line, as in HTML
            return "<br>", True
        if any(isinstance(value.get(k), str) for k in ("headline", "title")):
            return None
        parts: list[tuple[str, bool]] = []
        flat = _dom_flat_text(value)
        for k, v in value.items() if flat is None else [("text", flat)]:
            if k.lower() not in _TEXT_KEYS:
                continue
            for item in v[:MAX_ELEMENT_ITEMS] if isinstance(v, list) else (v,):
                got = self._paragraph(item, depth + 1)
                if got is not None:
                    parts.append(got)
        if not parts:
            return None
        is_html = any(h for _, h in parts)
        if kind in _LIST_TYPES:
            # one line per item: joined inline they would read "…on the river.Officer …"
            if is_html:  # (a plain part's lines, a list nested in this one, are items too)
                items = [x for t, h in parts
                         for x in ([t] if h else _escaped(t).split("<br>"))
                         if x.strip() and x != "<br>"]  # (a <br> between items is no item)
                return "<ul>" + "".join(f"<li>{t}</li>" for t in items) + "</ul>", True
            return "\n".join(t for t, _ in parts), False
        text = "".join(t if h or not is_html else _html.escape(t, quote=False) for t, h in parts)
        if kind in ("a", "link", "hyperlink"):
            # a link of an HTML tree as JSON stays a link, for the body's link rules
            return f"<a>{text if is_html else _html.escape(text, quote=False)}</a>", True
        return text, is_html

    def _string(self, value: str, owner: bool | None, key: str) -> None:
        if len(value) < MIN_STORY_CHARS or not _body_key(key):
            return
        if "&lt;" in value and "&gt;" in value:
            value = _html.unescape(value)
        is_html = _is_html(value)
        n = _text_len(value, is_html)
        if n >= MIN_STORY_CHARS:
            self.found.append(_Candidate([(value, is_html)], n, owner, key))

    def _list(self, value: list, owner: bool | None, key: str) -> None:
        if len(value) < 2 or not isinstance(value[0], (str, dict)):
            return
        if key and _NOT_BODY_KEY.search(key):
            return
        paragraphs = []
        chars = 0
        for item in value[:MAX_LIST_ITEMS]:
            got = self._paragraph(item, 0)
            if got is None:
                continue
            n = _text_len(*got)
            if n:
                paragraphs.append(got)
                chars += n
        if len(paragraphs) >= 2 and chars >= MIN_STORY_CHARS:
            self.found.append(_Candidate(paragraphs, chars, owner, key))


def _dom_text(value: dict) -> str | None:
    """A serialised DOM text or CDATA node's text: its first non-empty text key
    (:data:`_DOM_TEXT_KEYS`), "" for none; None for any other object."""
    node_type = value.get("nodeType")
    if type(node_type) is not int:  # (not a bool, nor a CMS's own "nodeType" name)
        node_type = None
    name = value.get("nodeName")
    if node_type in (3, 4) or (isinstance(name, str) and name in _DOM_TEXT_NAMES):
        return next((t for k in _DOM_TEXT_KEYS if isinstance(t := value.get(k), str) and t), "")
    return None


def _dom_flat_text(value: dict) -> str | None:
    """The text of a DOM element (``nodeType`` 1) serialised with no child list nor HTML (no
    key of :data:`_TEXT_KEYS`), flattened by the serialiser into ``textContent`` or
    ``innerText``; None for any other object, which is read by its keys."""
    if value.get("nodeType") != 1 or type(value["nodeType"]) is not int:
        return None
    if any(k.lower() in _TEXT_KEYS for k in value):
        return None  # (an element with a child list, or its HTML, is read by those keys)
    return next((t for k in _DOM_FLAT_KEYS if isinstance(t := value.get(k), str) and t), None)


def _kind(value: dict) -> str:
    """A content element's kind, in lower case ("" for none): its ``type`` (Arc's "text",
    an HTML tree as JSON whose type is its tag, "p"), ``_type`` (Portable Text) or
    ``nodeType`` (Contentful's names, or the DOM's numbers); where the type only says "an
    element", as in hast (``{"type": "element", "tagName": "ul"}``), domhandler
    (``{"type": "tag", "name": "ul"}``) and the DOM (``{"nodeType": 1, "tagName": "UL"}``),
    its tag, so such a tree's lists, links and images read as the others do."""
    kind = value.get("type") or value.get("_type")
    if not kind:
        kind = value.get("nodeType")
        if type(kind) is int:  # (not a bool) the DOM's numbers; a number elsewhere is no kind
            kind = _DOM_NODE_TYPES.get(kind)
    if not isinstance(kind, str):
        return ""
    kind = kind.lower()
    if kind in ("element", "tag"):
        tag = value.get("tagName") or value.get("name")
        if isinstance(tag, str) and tag:
            return tag.lower()
    return kind


def _escaped(text: str) -> str:
    """A plain part as HTML among a list's HTML items: escaped, its line breaks (a plain list
    nested in this one) kept as ``<br>``, where the list splits it into items. (Inside a
    paragraph a text node's line break stays a space, as in HTML.)"""
    return _html.escape(text, quote=False).replace("\n", "<br>")


_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$.[]'\"")


def _target(body: str, end: int) -> str:
    """The name assigned just before ``end`` (``window.__APOLLO_STATE__``), read backwards
    over the characters of a dotted or bracketed name and the spaces before the ``=``."""
    i = end
    while i > 0 and body[i - 1] in " \t":
        i -= 1
    j = i
    while j > 0 and i - j < 80 and body[j - 1] in _NAME_CHARS:
        j -= 1
    return body[j:i] or "="


def _json_values(body: str, script_type: str) -> Iterable[tuple[str, Any]]:
    """(where, value) of each JSON value a script body holds: the whole body of a JSON
    script; the object or array literals assigned in a JavaScript one (``x = {...}``,
    ``JSON.parse("...")``) that parse as JSON, with the name they are assigned to. Nothing
    for what does not parse (a JavaScript literal: unquoted keys, functions, ``undefined``)."""
    if "json" in script_type:
        try:
            value = json.loads(body)
        except (ValueError, RecursionError):
            return
        yield script_type, value
        return
    decoder = json.JSONDecoder()
    pos = 0
    for _ in range(MAX_TRIES):
        m = _ASSIGN.search(body, pos)
        if m is None:
            return
        pos = m.end()
        start = m.start(1) if m.group(1) else m.start(2)
        try:
            value, end = decoder.raw_decode(body, start)
            if m.group(2):  # JSON.parse("..."): the string is the JSON
                value = json.loads(value) if isinstance(value, str) else None
        except (ValueError, RecursionError):
            continue
        if isinstance(value, (dict, list)):
            name = "JSON.parse" if m.group(2) else _target(body, m.start())
            yield name, value
        pos = max(end, pos)


def _scripts(source: str) -> Iterable[tuple[str, str, str]]:
    """(type, a name for the script, body) of each inline script of the page that may hold
    state: JavaScript or JSON, longer than :data:`MIN_STORY_CHARS`."""
    pos = 0
    while True:
        m = _SCRIPT.search(source, pos)
        if m is None:
            return
        end = _SCRIPT_END.search(source, m.end())
        if end is None:
            return
        pos = end.end()
        attrs = m.group(1)
        size = end.start() - m.end()
        if size < MIN_STORY_CHARS or size > MAX_SCRIPT_CHARS or _SRC.search(attrs):
            continue
        t = _TYPE.search(attrs)
        kind = t.group(1).lower() if t else "text/javascript"
        if "json" not in kind and kind not in _JS_TYPES:
            continue  # a template (text/template, x-handlebars), a config, a shader
        ident = _ID.search(attrs)
        yield kind, (ident.group(1) if ident else ""), source[m.end() : end.start()]


def _about(paragraphs: list[tuple[str, bool]], refs: list[str]) -> bool:
    """A story found outside any titled object is the page's only when it speaks of what
    the page's title does: half the title's words of four letters or more occur in it (a
    cookie notice or an app promotion in a site's configuration does not), for one of the
    page's titles."""
    text = " ".join(_untag(t) if h else t for t, h in paragraphs).lower()
    for ref in refs:
        words = {w for w in ref.split() if len(w) >= 4}
        if words and 2 * sum(_has_word(text, w) for w in words) >= len(words):
            return True
    return False


def _has_word(text: str, word: str) -> bool:
    """``word`` (a run of word characters) is a whole word of ``text``: a maximal ``\\w+``
    run of it, as :func:`newssift.extract.metadata.norm_words` cuts words. A substring test
    first, so a word the text lacks costs one C search; then each occurrence ending a word
    (a literal-prefixed search) is checked for a word character before it."""
    if word not in text:
        return False
    for m in re.finditer(re.escape(word) + r"(?!\w)", text):
        i = m.start()
        if i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_"):
            return True
    return False


def _fragment(paragraphs: list[tuple[str, bool]]) -> str:
    """The HTML page the extractor parses for a story: each HTML paragraph in a
    ``<div>`` as the state wrote it, each line of a plain one as an escaped ``<p>``, all
    in one ``<article>``."""
    out = []
    for text, is_html in paragraphs:
        if is_html:
            out.append(f"<div>{text}</div>")
        else:
            for part in text.split("\n"):
                if part.strip():
                    out.append(f"<p>{_html.escape(part.strip(), quote=False)}</p>")
    return "<html><body><article>" + "".join(out) + "</article></body></html>"


def story_html(source: str, titles: Iterable[str | None]) -> StateStory | None:
    """The article a page's script state holds, as an HTML fragment; None when no script
    parses to a story of :data:`MIN_STORY_CHARS` or more, or the stories found all belong
    to objects titled otherwise than the page (``titles``: the page's headline, ``<title>``,
    og:title; the state's object whose title is one of them is the page's article)."""
    refs = sorted({n for n in (norm_words(t) for t in titles if t) if len(n) >= 8})
    reader = _Reader(refs)
    best: tuple[int, int, str, _Candidate] | None = None
    budget = MAX_PAGE_CHARS
    for kind, ident, body in _scripts(source):
        if len(body) > budget or reader.nodes >= MAX_NODES:
            break
        budget -= len(body)
        for name, value in _json_values(body, kind):
            where = ident or name
            reader.found = []
            reader.read(value)
            for c in reader.found:
                if c.owner is False:
                    continue
                rank = (1 if c.owner else 0, c.chars)
                if best is not None and rank <= best[:2]:
                    continue  # cannot win: its text is not read again
                if _sentences(c.paragraphs) < 2:
                    continue
                if c.owner is None and not _about(c.paragraphs, refs):
                    continue
                best = (*rank, where, c)
    if best is None:
        return None
    _, chars, where, found = best
    return StateStory(_fragment(found.paragraphs), where, chars, bool(found.owner), found.key)
