"""A budget for the HTML parser: measured before parsing, so no page can hold a worker.

The per-document time limit interrupts Python code, but not one call into the C parser:
lexbor builds a tree of N nested elements in time that grows faster than N (measured on
a 2-core machine: 10,000 nested ``<div>`` 0.7 s, 20,000 3.6 s, 40,000 15 s, 200,000 about
175 s), so one hostile 2 MB page held a run for minutes whatever ``--time-limit`` said.
Flat pages are linear (a million ``<p>`` parse in about a second) but every later step
walks every element.

So before the parser sees a page, one regex pass over its tags measures two things:

- **depth**: elements open at once (void elements, self-closed tags and the tags the parser
  closes by itself, such as ``<p>`` and ``<li>``, do not count; a page found too deep is
  measured again without its comments, scripts and styles, whose strings may hold tags).
  Real pages stay under about 60. A page deeper than :data:`MAX_DEPTH` is *flattened*:
  the tags that would open deeper (and their end tags) are dropped, block tags leave a
  ``<br>`` so paragraphs stay apart, and all text is kept. Browsers cap tree depth in the
  same spirit.
- **nodes**: start tags in the page. Over :data:`MAX_NODES` the page is refused with
  :class:`PathologicalHTML`, which the stage turns into a quarantined record whose error
  says why; the worker goes on with the next document.
- **attributes**: lexbor checks each new attribute of a tag against the ones before it, so
  one tag with N distinct attribute names costs N² (measured: 5,000 in 68 ms, 20,000 in
  1.1 s, 50,000 held a worker 33 s past a 3 s limit; review r40). A start tag with more
  than :data:`MAX_ATTRS` attributes keeps its first :data:`MAX_ATTRS` (:func:`cap_attributes`);
  the most any bench page has is 151. Only a tag whose end (its first ``>`` outside a
  quoted value, as the tokenizer reads it) is not in the ``2 * MAX_ATTRS`` characters
  after its ``<`` can hold that many (an attribute takes at least two, its name and a
  separator) with as many separators up to that end, and that is what one compiled scan
  looks for (:func:`long_tag`), outside comments and raw-text bodies; each such tag is
  then read as the tokenizer reads it. (Review r41 found four ways round the first scan,
  all mended: a quoted ``>``, a tag in ``<noscript>``, in ``<svg><style>`` and the like,
  and after a comment ended by ``--!>``; and in session 30 a fifth: an ``</svg>`` that
  lexbor ignores inside HTML in a ``<foreignObject>``, after which a ``<style>`` is still
  SVG: see :data:`FROZEN`.)

Most pages never reach the exact pass: an upper bound of the depth is computed first at C
speed (one scan for ``<`` in the compiled ``_walk`` extension; without it one regex
``findall`` and numpy prefix sums), and a page
with fewer ``<`` than the depth budget is not looked at at all.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from newssift.extract.rawcut import TAG_ATTRIBUTE, TAG_SEPARATOR

#: Deepest element nesting parsed as is; deeper tags are dropped (text kept). lexbor
#: parses 1,000 nested elements in about 10 ms; the superlinear cost starts well above.
MAX_DEPTH = 1000
#: Most start tags a page may hold; more and the page is refused.
MAX_NODES = 200_000
#: Most attributes one start tag keeps (the rest are dropped before the parse), counted as
#: written (a name repeated counts each time; lexbor keeps its first): lexbor parses a tag of
#: 500 distinct attributes in under 1 ms; a bench page's most is 151.
MAX_ATTRS = 500

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]{0,40})(?:\s[^>]*)?>")
# Tags that never hold children, or that the parser closes implicitly when a sibling
# opens: they do not deepen the tree however many there are.
_FLAT = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen "
    "p li dt dd option optgroup tr td th thead tbody tfoot colgroup rb rt rp".split()
)
# Comments, scripts and styles: their text may hold tag-like strings that never open.
# A comment's end: the tokenizer ends one at "--!>" too.
_COMMENT_END = re.compile(r"--!?>")
_CODE = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK = frozenset(
    "div section article main aside header footer nav blockquote ul ol dl table form "
    "fieldset figure figcaption h1 h2 h3 h4 h5 h6 pre address center details summary".split()
)


# Start or end tag of an element that nests ('' or '/'), for the quick upper bound. Case
# is spelled out per letter ([bB][rR]): an IGNORECASE pattern scans three times slower.
_FLAT_ALT = "|".join("".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in name)
                     for name in sorted(_FLAT, key=len, reverse=True))
_NESTING = re.compile(rf"<(/?)(?!(?:{_FLAT_ALT})\b)[A-Za-z]")


def depth_bound_py(html: str) -> int:
    """An upper bound of :func:`measure`'s depth, without a Python-level loop: the walk
    +1 per start tag, -1 per end tag (never below 0) is ``S_i - min(0, min S_<=i)`` of the
    prefix sums ``S``; self-closed tags count as open, which only raises the bound.
    The reference of the compiled :func:`depth_bound` (``_walk.depth_bound``, one scan for
    ``<``), which tests/extract/test_guard_native.py holds equal to it."""
    import numpy as np

    flags = _NESTING.findall(html)
    if not flags:
        return 0
    sums = np.cumsum(1 - 2 * np.fromiter(map(len, flags), np.int64, len(flags)))
    return int((sums - np.minimum(np.minimum.accumulate(sums), 0)).max())


def _compiled_depth_bound():
    """``_walk.depth_bound`` set up with :data:`_FLAT`; None when the extension is not built,
    is older than this function, or ``NEWSSIFT_PURE_WALK`` asks for the Python code."""
    if os.environ.get("NEWSSIFT_PURE_WALK", "0") not in ("", "0"):
        return None
    try:
        from newssift.extract import _walk

        _walk.depth_bound_setup(sorted(_FLAT))
        return _walk.depth_bound
    except (ImportError, AttributeError, ValueError):
        return None


#: :func:`depth_bound_py`'s answer, computed by the compiled scan when it is built.
depth_bound = _compiled_depth_bound() or depth_bound_py


def _compiled_count_and_bound():
    """``_walk.count_and_bound``: ``(html.count("<"), depth_bound(html))`` from the one
    compiled scan; None where the compiled bound is not in use or the extension is older
    (then the count is taken first, and the bound only when it is needed)."""
    if depth_bound is depth_bound_py:
        return None
    from newssift.extract import _walk

    return getattr(_walk, "count_and_bound", None)


_count_and_bound = _compiled_count_and_bound()


def _compiled_guard_scan():
    """``_walk.guard_scan``: ``(html.count("<"), depth_bound(html), long_tag(html, n))`` from
    the one compiled scan; None where the compiled bound is not in use or the extension is
    older."""
    if depth_bound is depth_bound_py:
        return None
    from newssift.extract import _walk

    return getattr(_walk, "guard_scan", None)


_guard_scan = _compiled_guard_scan()


#: Elements whose body the tokenizer reads as text up to their end tag: a tag-like string in
#: them is no tag (:func:`long_tag` skips them, and comments). Not ``noscript``: lexbor, as
#: selectolax sets it up (scripting off), reads its body as tags (review r41).
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes")
_RAW_NAME = re.compile(rf"({'|'.join(_RAW_TEXT)})[\t\n\x0c\r />]", re.IGNORECASE | re.ASCII)
# In SVG and MathML a <style>, <title> or <script> holds tags (foreign content), so no
# raw-text body is skipped where an <svg or <math is open: every <svg and </svg (every <math
# and </math) before it, anywhere (in comments and scripts too: that only skips less),
# counted +1 and -1, never below 0 (foreign_depths).
# An HTML integration point in them (SVG foreignObject, desc, title; MathML mi, mo, mn, ms,
# mtext, annotation-xml) holds HTML, and an </svg> or </math> inside an HTML element there
# is ignored by the tree builder, as is the integration point's own end tag: the count
# cannot follow that without building the tree. So one whose next '<' is not its own end
# tag (it holds more than text) freezes the depths open for the rest of the page: FROZEN is
# added to the svg depth, and no run of end tags in a page takes it back to 0. (The raw cut
# gives up at the same shape: rawcut.py.) Either set of names, wherever an <svg or <math is
# open: freezing where the namespace would not is skipping less.
# (Case spelled out per letter: an IGNORECASE pattern scans three times slower.)
FROZEN = 1 << 40
_HTML_POINTS = ("foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext",
                "annotation-xml")


def _any_case(name: str) -> str:
    return "".join(f"[{c}{c.upper()}]" if c.isalpha() else re.escape(c) for c in name)


_FOREIGN = re.compile(r"<(/?)(?:([sS][vV][gG])|[mM][aA][tT][hH])[\t\n\x0c\r />]")
# (A second pattern, run only between the events of the first where either is open: one
# pattern for both doubled the Python scan's cost over the bench pages, 0.68 -> 1.31 s.)
_POINT = re.compile(
    "<(" + "|".join(_any_case(name) for name in sorted(_HTML_POINTS, key=len, reverse=True))
    + r")[\t\n\x0c\r />]"
)
_POINT_END = {name: re.compile(rf"</{_any_case(name)}[\t\n\x0c\r />]") for name in _HTML_POINTS}


def _frozen_by_points(html: str, start: int, end: int, svg: int) -> int:
    """``svg`` with :data:`FROZEN` added if an HTML integration point whose ``<`` is in
    ``html[start:end]`` holds more than text (its next ``<`` is not its end tag); the
    caller asks only where an ``<svg`` or ``<math`` is open and not yet frozen."""
    for m in _POINT.finditer(html, start, end + 16):
        if m.start() >= end:
            break
        nxt = html.find("<", m.start() + 1)
        if nxt < 0 or not _POINT_END[m.group(1).lower()].match(html, nxt):
            return svg + FROZEN
    return svg
# A start tag as the tokenizer reads it up to the '>' that ends it: a '>' in a quoted value
# does not (the raw cut's grammar, possessive; no match: the page ends inside the tag).
_WHOLE_TAG = re.compile(
    rf"<[A-Za-z][^\t\n\x0c\r />]*+(?:{TAG_SEPARATOR}|{TAG_ATTRIBUTE})*+/?>"
)
_SEPARATORS = ("\t", "\n", "\x0c", "\r", " ", "/", '"', "'")
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def foreign_depths_py(html: str, end: int, depths: tuple[int, int] = (0, 0), start: int = 0
                      ) -> tuple[int, int]:
    """``depths`` (open ``<svg``, open ``<math``) at ``start`` moved on by the starts and end
    tags of each whose ``<`` is in ``html[start:end]`` (an end tag never below 0): where
    either is open, :func:`long_tag` skips no raw-text body. The reference of the compiled
    ``_walk.foreign_depths`` (tests/extract/test_entry_checks.py holds them equal). An HTML
    integration point with more than text in it, where either is open, freezes them open
    (:data:`FROZEN`)."""
    svg, math = depths
    last = start  # integration points from here on are not yet looked at
    for m in _FOREIGN.finditer(html, start, end + 6):
        if m.start() >= end:
            break
        if (svg or math) and svg < FROZEN:
            svg = _frozen_by_points(html, last, m.start(), svg)
        last = m.start() + 1
        if m.group(2):
            svg = max(0, svg - 1) if m.group(1) else svg + 1
        else:
            math = max(0, math - 1) if m.group(1) else math + 1
    if (svg or math) and svg < FROZEN:
        svg = _frozen_by_points(html, last, end, svg)
    return svg, math


def long_tag_py(html: str, n: int, start: int = 0, svg: int = -1, math: int = -1) -> int:
    """The first index ``i >= start`` of a ``<`` followed by an ASCII letter and ``n - 1``
    more characters, none of them the ``>`` that ends the tag (one in a quoted value does
    not, as the tokenizer reads it), whose run to that ``>`` (or the end) holds at
    least ``n // 2`` separators (whitespace, ``/``, quotes: every attribute but the first
    follows one) (-1 for none): a start tag of ``n // 2`` attributes or more; long values
    (a base64 image, a JSON state) are passed.
    Comments (``<!--`` to ``-->`` or ``--!>``) and the bodies of :data:`_RAW_TEXT` elements
    (from their start tag's end to their end tag) where no ``<svg`` nor ``<math`` is open
    (:func:`foreign_depths`; ``svg`` and ``math``: the depths at ``start`` when the caller
    has them) are passed: their tag-like strings are no tags. A ``<`` whose
    tag ends near is passed with every ``<`` before that end. The reference of the compiled
    ``_walk.long_tag`` (tests/extract/test_entry_checks.py holds them equal)."""
    size = len(html)
    if svg < 0 or math < 0:
        svg, math = foreign_depths_py(html, start)
    events = _FOREIGN.finditer(html, start)
    event, counted = next(events, None), start  # depths moved on up to counted
    i = html.find("<", start)
    while i >= 0:
        if html.startswith("!--", i + 1):
            if html.startswith(">", i + 4) or html.startswith("->", i + 4):
                i = html.find("<", i + 4)
                continue
            e = _COMMENT_END.search(html, i + 4)
            if e is None:
                return -1
            i = html.find("<", e.end())
            continue
        if i + 1 >= size or html[i + 1] not in _ASCII_LETTERS:
            i = html.find("<", i + 1)
            continue
        if size - 1 - i < n:
            return -1
        tag = _WHOLE_TAG.match(html, i)
        gt = -1 if tag is None else tag.end() - 1
        if gt < 0 or gt >= i + 1 + n:
            run = html[i + 1 :] if gt < 0 else html[i + 1 : gt]
            if sum(map(run.count, _SEPARATORS)) >= n // 2:
                return i
            if gt < 0:  # the page ends inside this tag: no later '<' opens one
                return -1
        while event is not None and event.start() < i:  # (and the points before it)
            svg, math = foreign_depths_py(html, event.start() + 1, (svg, math), counted)
            event, counted = next(events, None), event.start() + 1
        raw = _RAW_NAME.match(html, i + 1) if svg == 0 == math else None
        if raw is not None:
            end = re.compile(rf"</{raw.group(1)}[\t\n\x0c\r />]", re.IGNORECASE | re.ASCII)
            m = end.search(html, gt + 1)
            if m is None:
                return -1
            i = html.find("<", m.start() + 2)
            continue
        i = html.find("<", gt + 1)
    return -1


def _compiled_long_tag():
    """``_walk.long_tag`` where the compiled depth bound is in use (the same extension and
    switch); else None."""
    if depth_bound is depth_bound_py:
        return None
    from newssift.extract import _walk

    return getattr(_walk, "long_tag", None)


def _compiled_foreign_depths():
    """``_walk.foreign_depths`` where the compiled depth bound is in use; else None."""
    if depth_bound is depth_bound_py:
        return None
    from newssift.extract import _walk

    return getattr(_walk, "foreign_depths", None)


#: :func:`foreign_depths_py`'s answer, by the compiled scan when it is built.
foreign_depths = _compiled_foreign_depths() or foreign_depths_py
#: :func:`long_tag_py`'s answer, by the compiled scan when it is built.
long_tag = _compiled_long_tag() or long_tag_py

# One attribute of a start tag as the WHATWG tokenizer reads it, after the separators before
# it: the raw cut's grammar (extract/rawcut.py, TAG_ATTRIBUTE), possessive, so no
# backtracking. An '=' with nothing after it (the page ends) matches no attribute.
_SEP = rf"(?:{TAG_SEPARATOR})*+"
_ATTR = TAG_ATTRIBUTE
_TAG_NAME = re.compile(r"<[A-Za-z][^\t\n\x0c\r />]*+")
_KEPT_ATTRS = re.compile(rf"(?:{_SEP}{_ATTR}){{0,{MAX_ATTRS}}}+")
_MORE_ATTRS = re.compile(rf"(?:{_SEP}{_ATTR})++")
_TAG_END = re.compile(rf"{_SEP}(/?)>")


def cap_attributes(html: str, max_attrs: int = MAX_ATTRS, *, first: int | None = None) -> str:
    """``html`` with every start tag of more than :data:`MAX_ATTRS` attributes cut to its
    first :data:`MAX_ATTRS` (found by :func:`long_tag`, read as the tokenizer reads a tag);
    ``html`` itself when there is none. A tag the page ends in keeps no end either (the
    tokenizer drops such a tag). The tree lexbor builds is the same but for the attributes
    dropped (tests/extract/test_entry_checks.py: random tag soups cut at 3 attributes give
    each element a prefix of its attributes, all else equal). ``max_attrs`` other than
    :data:`MAX_ATTRS` is for tests;
    ``first``: ``long_tag(html, 2 * max_attrs)`` when the caller has it (``_walk.guard_scan``
    finds it in the scan ``guard_html`` makes anyway)."""
    kept = _KEPT_ATTRS if max_attrs == MAX_ATTRS else re.compile(
        rf"(?:{_SEP}{_ATTR}){{0,{max_attrs}}}+"
    )
    out: list[str] = []
    last = 0
    depths, counted = (0, 0), 0  # open <svg and <math before counted (foreign_depths)
    at = long_tag(html, 2 * max_attrs) if first is None else first
    while at >= 0:
        keep = kept.match(html, _TAG_NAME.match(html, at).end()).end()
        more = _MORE_ATTRS.match(html, keep)
        skip = more.end() if more else keep
        if more is not None:  # over the cap: what follows the kept ones is dropped
            end = _TAG_END.match(html, skip)
            out.append(html[last:keep])
            if end is None:  # the page ends inside the tag: drop the rest, as lexbor would
                last = len(html)
                break
            out.append(end.group(1) + ">")
            last = skip = end.end()
        start = max(skip, at + 1)
        depths, counted = foreign_depths(html, start, depths, counted), start
        at = long_tag(html, 2 * max_attrs, start, *depths)
    if not out:
        return html
    out.append(html[last:])
    return "".join(out)


class PathologicalHTML(ValueError):
    """A page over the parser's budget (see the module docstring)."""


@dataclass(frozen=True, slots=True)
class Measure:
    depth: int  # deepest nesting of counted elements
    nodes: int  # start tags


def measure(html: str) -> Measure:
    """Depth and start-tag count of ``html`` as the module docstring defines them."""
    depth = deepest = nodes = 0
    for m in _TAG.finditer(html):
        name = m.group(2).lower()
        if m.group(1):
            if depth and name not in _FLAT:
                depth -= 1
            continue
        nodes += 1
        if m.group(0).endswith("/>") or name in _FLAT:
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
    return Measure(deepest, nodes)


def flatten(html: str, max_depth: int = MAX_DEPTH) -> str:
    """``html`` without the tags that open deeper than ``max_depth`` (nor their end
    tags); a dropped block tag becomes ``<br>``, every character of text stays."""
    out: list[str] = []
    last = depth = 0
    for m in _TAG.finditer(html):
        closing, name = m.group(1), m.group(2).lower()
        if name in _FLAT or (not closing and m.group(0).endswith("/>")):
            continue
        if closing:
            drop = depth > max_depth
            depth = max(0, depth - 1)
        else:
            depth += 1
            drop = depth > max_depth
        if drop:
            out.append(html[last : m.start()])
            if name in _BLOCK:
                out.append("<br>")
            last = m.end()
    out.append(html[last:])
    return "".join(out)


def guard_html(html: str, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> str:
    """The page to hand to the parser: ``html`` itself, or flattened when too deep, or with
    its tags cut to :data:`MAX_ATTRS` attributes (:func:`cap_attributes`).
    Raises :class:`PathologicalHTML` when it holds more than ``max_nodes`` start tags."""
    if _guard_scan is not None:
        tags, bound, first = _guard_scan(html, 2 * MAX_ATTRS)
        html = cap_attributes(html, first=first) if first >= 0 else html
        if tags <= max_depth or (tags <= max_nodes and bound <= max_depth):
            return html
    elif _count_and_bound is not None:
        html = cap_attributes(html)
        tags, bound = _count_and_bound(html)
        if tags <= max_depth or (tags <= max_nodes and bound <= max_depth):
            return html
    else:
        html = cap_attributes(html)
        tags = html.count("<")
        if tags <= max_depth or (tags <= max_nodes and depth_bound(html) <= max_depth):
            return html
    m = measure(html)
    if m.nodes > max_nodes:
        raise PathologicalHTML(
            f"html_too_many_nodes: {m.nodes} elements, over the budget of {max_nodes}"
        )
    if m.depth > max_depth and measure(_CODE.sub("", html)).depth > max_depth:
        return flatten(html, max_depth)
    return html
