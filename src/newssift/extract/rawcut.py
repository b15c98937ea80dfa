"""Script and style bodies cut out of a page's bytes before lexbor parses them.

lexbor's tokenizer reads a ``<script>`` or ``<style>`` body byte by byte in its script-data
or raw-text state: over the 602 aeb+naeb pages that was 1.4 G of extraction's 10.9 G
instructions, for text that nothing in the extractor reads (the walk skips both elements,
and the metadata pass reads only JSON-LD scripts). :func:`raw_cut` gives the page with those
bodies removed (``<script src=x>...</script>`` becomes ``<script src=x></script>``): the
tree lexbor builds from it is the same, element for element and attribute for attribute,
except that the cut elements have no text child.

That holds only where the tokenizer is *certainly* in script-data / raw-text state, so the
scan follows the WHATWG tokenizer exactly over what it claims (tags with their quoted and
unquoted attribute values, comments with their odd endings ``<!-->``, ``<!--->`` and
``--!>``, bogus comments ``<?...>`` / ``<!x>``, DOCTYPEs, the raw-text and RCDATA elements
``title``, ``textarea``, ``xmp``, ``iframe``, ``noembed``, ``noframes``, the script-data
escape states behind a ``<!--`` in a script) and gives up where the tree builder decides:

- inside ``<svg>``/``<math>`` (counted by name; never below what lexbor holds open)
  nothing is cut; a raw-text-capable or integration-point element there must hold only
  text up to its own end tag (then foreign and HTML parsing read the same tokens), and
  ``<select>``, ``<![CDATA[`` or any other doubt ends the scan;
- inside ``<select>`` nothing is cut, and a start tag whose meaning depends on the
  insertion mode (script, style, the raw-text names, svg, math, template, select, input,
  keygen) ends the scan;
- ``<frameset>`` and ``<plaintext>`` end the scan;
- a script's end is found through the escape states (``<!--<script>`` in a script hides
  its ``</script>`` until a ``-->``), as lexbor finds it; a script or style whose start tag
  holds ``ld+json``, ``itemprop``, ``title`` or ``rel`` (a tag the metadata pass may read)
  is kept whole.

"Ends the scan" means the rest of the page is copied as it is: what was cut before was cut
in certain script-data state. An element's deep text still holds the text of the scripts
below it: :func:`newssift.extract.article` re-parses the page uncut when one of the nodes
the metadata pass lists holds a cut element (:func:`reads_cut`).

:func:`raw_cut_py` is the reference; ``_walk.raw_cut`` is the same scan compiled, held
equal by tests/extract/test_rawcut.py on every bench page and on edge cases, and
``NEWSSIFT_PURE_WALK=1`` selects the Python scan.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

_WS = b"\t\n\x0c\r "
_DELIM = _WS + b"/>"  # what may follow a tag name that ends a state
# A start or end tag from its name's first letter to its '>' as the tokenizer reads it
# (tag name, then attributes: a name runs to whitespace, '/', '>' or '='; after a name, an
# '=' (past any whitespace) must be followed by a value: double-quoted, single-quoted, or
# running to whitespace or '>', or none right before '>'; a '/' not before '>' is
# skipped); group 1 is the self-closing '/'. Possessive everywhere: no backtracking, so a
# tag cut off by the end of the page (an unclosed quote) fails in linear time, as the
# tokenizer then drops it.
# The separators before one attribute (whitespace, or a '/' not before '>') and one attribute,
# as str patterns: the one spelling of the tokenizer's attribute grammar, which the parser
# guard (extract/guard.py) reads too.
TAG_SEPARATOR = r"[\t\n\x0c\r ]|/(?!>)"
TAG_ATTRIBUTE = (
    r"[^\t\n\x0c\r />][^\t\n\x0c\r />=]*+"
    r"(?:[\t\n\x0c\r ]*+=[\t\n\x0c\r ]*+"
    r"(?:\"[^\"]*+\"|'[^']*+'|[^\t\n\x0c\r >\"'][^\t\n\x0c\r >]*+|(?=>))"
    r"|(?![\t\n\x0c\r ]*+=))"
)
_TAG = re.compile(
    rf"[A-Za-z][^\t\n\x0c\r />]*+(?:{TAG_SEPARATOR}|{TAG_ATTRIBUTE})*+(/?)>".encode("ascii")
)
_NAME_END = re.compile(rb"[\t\n\x0c\r />]")
_COMMENT_END = re.compile(rb"--!?>")
# Start tags after which the tokenizer reads raw text or RCDATA up to the matching end tag.
_RAW = frozenset({b"title", b"textarea", b"xmp", b"iframe", b"noembed", b"noframes"})
# In <svg>/<math>: elements that are raw text in HTML or HTML integration points in
# foreign content; each must hold only text up to its own end tag.
_FOREIGN_TEXT = frozenset(
    {b"script", b"style", b"title", b"textarea", b"xmp", b"iframe", b"noembed", b"noframes",
     b"noscript", b"foreignobject", b"desc", b"mi", b"mo", b"mn", b"ms", b"mtext",
     b"annotation-xml"}
)
# In <select>: start tags whose handling depends on the insertion mode.
_SELECT_STOP = frozenset(
    {b"script", b"style", b"title", b"textarea", b"xmp", b"iframe", b"noembed", b"noframes",
     b"noscript", b"svg", b"math", b"select", b"input", b"keygen", b"template"}
)
_KEEP = re.compile(rb"ld\+json|itemprop|title|rel", re.IGNORECASE)
_END_TAGS: dict[bytes, re.Pattern[bytes]] = {}


def _end_tag(name: bytes) -> re.Pattern[bytes]:
    """``</name`` in any ASCII case followed by whitespace, ``/`` or ``>``: the end tag that
    closes raw text / RCDATA / script data (an "appropriate end tag")."""
    pat = _END_TAGS.get(name)
    if pat is None:
        pat = _END_TAGS[name] = re.compile(
            rb"</" + re.escape(name) + rb"[\t\n\x0c\r />]", re.IGNORECASE
        )
    return pat


_SCRIPT_END = _end_tag(b"script")
_DASH_LT = re.compile(rb"[-<]")


def _is_alpha(c: int) -> bool:
    return 65 <= c <= 90 or 97 <= c <= 122


def _script_tail(data: bytes, p: int) -> int:
    """Where the script whose body starts at ``p`` ends: the index of its end tag's '<', -1
    when it runs to the end of the page. Script data, and after a ``<!--`` in it the
    tokenizer's escaped and double-escaped states (``<!--<script>`` hides a
    ``</script>``, a ``-->`` goes back to script data)."""
    n = len(data)
    while True:
        end = _SCRIPT_END.search(data, p)
        open_ = data.find(b"<!--", p)
        if open_ < 0 or (end is not None and end.start() < open_):
            return end.start() if end is not None else -1
        # the script data escaped dash dash state, just after "<!--"
        p = open_ + 4
        state = "edd"
        while True:
            if p >= n:
                return -1
            c = data[p]
            if state in ("e", "de"):
                m = _DASH_LT.search(data, p)
                if m is None:
                    return -1
                p = m.start()
                c = data[p]
                if c == 0x2D:  # '-'
                    state = "ed" if state == "e" else "ded"
                    p += 1
                    continue
            elif c == 0x2D:
                state = {"ed": "edd", "edd": "edd", "ded": "dedd", "dedd": "dedd"}[state]
                p += 1
                continue
            elif c == 0x3E and state in ("edd", "dedd"):  # '>': back to script data
                p += 1
                break
            elif c != 0x3C:  # any other character
                state = "de" if state[0] == "d" else "e"
                p += 1
                continue
            # c is '<'
            if state[0] != "d":  # the script data escaped less-than sign state
                if data.startswith(b"/", p + 1):
                    if _SCRIPT_END.match(data, p):
                        return p
                    state, p = "e", p + 2
                    continue
                q = p + 1
                while q < n and _is_alpha(data[q]):
                    q += 1
                if (q > p + 1 and q < n and data[q] in _DELIM
                        and data[p + 1 : q].lower() == b"script"):
                    state, p = "de", q + 1
                else:
                    state, p = "e", (q if q > p + 1 else p + 1)
                continue
            # the script data double escaped less-than sign state
            if data.startswith(b"/", p + 1):
                q = p + 2
                while q < n and _is_alpha(data[q]):
                    q += 1
                if q < n and data[q] in _DELIM and data[p + 2 : q].lower() == b"script":
                    state, p = "e", q + 1
                else:
                    state, p = "de", q
            else:
                state, p = "de", p + 1


def raw_cut_py(data: bytes) -> bytes | None:
    """``data`` with the bodies of its script and style elements removed where the
    tokenizer is certainly in script-data / raw-text state (the module docstring); None when
    nothing was cut."""
    n = len(data)
    out: list[bytes] = []
    last = i = 0
    svg = math = 0
    select = False
    while True:
        j = data.find(b"<", i)
        if j < 0 or j + 1 >= n:
            break
        c = data[j + 1]
        if c == 0x21:  # '<!'
            if data.startswith(b"--", j + 2):
                k = j + 4
                if data.startswith(b">", k):
                    i = k + 1
                elif data.startswith(b"->", k):
                    i = k + 2
                else:
                    m = _COMMENT_END.search(data, k)
                    if m is None:
                        break
                    i = m.end()
                continue
            if (svg or math) and data.startswith(b"[CDATA[", j + 2):
                break
            # DOCTYPE, bogus comment: to the first '>'
            k = data.find(b">", j + 2)
            if k < 0:
                break
            i = k + 1
            continue
        if c == 0x3F:  # '<?': bogus comment
            k = data.find(b">", j + 2)
            if k < 0:
                break
            i = k + 1
            continue
        if c == 0x2F:  # '</'
            if j + 2 >= n:
                break
            c2 = data[j + 2]
            if c2 == 0x3E:  # '</>' is dropped
                i = j + 3
                continue
            if not _is_alpha(c2):  # bogus comment
                k = data.find(b">", j + 2)
                if k < 0:
                    break
                i = k + 1
                continue
            m = _TAG.match(data, j + 2)
            if m is None:
                break
            name = data[j + 2 : _NAME_END.search(data, j + 2).start()].lower()
            if name == b"svg":
                svg = max(0, svg - 1)
            elif name == b"math":
                math = max(0, math - 1)
            elif name == b"select":
                select = False
            i = m.end()
            continue
        if not _is_alpha(c):
            i = j + 1
            continue
        m = _TAG.match(data, j + 1)
        if m is None:
            break
        i = m.end()
        name = data[j + 1 : _NAME_END.search(data, j + 1).start()].lower()
        if name == b"frameset" or name == b"plaintext":
            break
        if svg or math:
            if name == b"svg" or name == b"math":
                if not m.group(1):
                    if name == b"svg":
                        svg += 1
                    else:
                        math += 1
            elif name == b"select":
                break
            elif name in _FOREIGN_TEXT:
                k = data.find(b"<", i)
                if k < 0 or not _end_tag(name).match(data, k):
                    break
                i = k
            continue
        if select:
            if name in _SELECT_STOP:
                break
            continue
        if name == b"svg":
            svg += 0 if m.group(1) else 1
        elif name == b"math":
            math += 0 if m.group(1) else 1
        elif name == b"select":
            select = True
        elif name == b"script":
            end = _script_tail(data, i)
            if end < 0:
                break
            if end > i and not _KEEP.search(data, j, i):
                out.append(data[last:i])
                last = end
            i = end
        elif name == b"style" or name in _RAW:
            e = _end_tag(name).search(data, i)
            if e is None:
                break
            if name == b"style" and e.start() > i and not _KEEP.search(data, j, i):
                out.append(data[last:i])
                last = e.start()
            i = e.start()
    if not out:
        return None
    out.append(data[last:])
    return b"".join(out)


def no_cut(data: bytes) -> None:
    """The page as it is (None: nothing cut)."""
    return None


def choose(compiled: Callable[[bytes], bytes | None] | None, pure: bool) -> Callable[
    [bytes], bytes | None
]:
    """The scan :data:`raw_cut` runs. The cut only saves parser time, and the Python scan
    costs far more than it saves (a regex step per tag against lexbor's byte loop), so
    without the compiled scan nothing is cut (the tree is the same either way, the cut
    texts aside, and nothing reads those); ``NEWSSIFT_PURE_WALK`` asks for the Python scan
    itself, as for every compiled part, so the twins can be held equal end to end."""
    if pure:
        return raw_cut_py
    return compiled or no_cut


def _compiled() -> Callable[[bytes], bytes | None] | None:
    """``_walk.raw_cut`` when the extension is built and new enough."""
    try:
        from newssift.extract import _walk
    except ImportError:
        return None
    return getattr(_walk, "raw_cut", None)


#: :func:`raw_cut_py`'s answer by the compiled scan, or no cut without it (:func:`choose`).
raw_cut: Callable[[bytes], bytes | None] = choose(
    _compiled(), os.environ.get("NEWSSIFT_PURE_WALK", "0") not in ("", "0")
)


def _holds_empty_raw_py(node) -> bool:
    """``node`` or an element below it is a script or style without children."""
    return any(n.tag in ("script", "style") and n.child is None for n in node.traverse())


def reads_cut(found: tuple[list, Callable]) -> bool:
    """Whether a node of :func:`newssift.extract.metadata.one_pass`'s list (whose deep text
    the metadata pass may read) is, or holds, a script or style element without children:
    a body cut by :func:`raw_cut` would be missing from its text (an element that was empty
    in the page counts too: the check cannot tell them apart, and a re-parse costs only
    time). The compiled pass lists node ids, read by ``_walk.holds_empty_raw``; the Python
    pass lists selectolax nodes."""
    items = found[0]
    if not items:
        return False
    if isinstance(items[0][2], int):
        from newssift.extract import _walk

        check = getattr(_walk, "holds_empty_raw", None)
        return True if check is None else check(items)
    last = None
    for _tag, _attrs, node in items:
        if node is not last and _holds_empty_raw_py(node):
            return True
        last = node
    return False
