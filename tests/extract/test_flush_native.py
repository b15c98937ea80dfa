"""The compiled walk's line flush (extract/_walk.c) makes each line as walk_py does: the text
with its whitespace squeezed as ``" ".join(s.split())`` (``_walk.squeeze``), its size as
``blocks.text_size`` counts it (``_walk.text_size``), and a Line whose slots it fills itself
equal to one the class builds. The Python forms stay the reference; whole pages are compared
walk for walk in test_walk_equal.py."""

from __future__ import annotations

import random
import sys

import pytest
from selectolax.lexbor import LexborHTMLParser

from newssift.extract import blocks

try:
    from newssift.extract import _walk
except ImportError:  # not built: the Python walk is what runs
    _walk = None

compiled = pytest.mark.skipif(
    _walk is None or not hasattr(_walk, "squeeze"), reason="extract/_walk.c lacks the flush helpers"
)

SPACES = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
# the edges of text_size's classes, and letters of each string width
EDGES = [
    chr(c)
    for lo, hi in [(0x1100, 0x11FF), (0x3040, 0x30FF), (0x3130, 0x318F), (0x3400, 0x4DBF),
                   (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0xFF66, 0xFF9F)]
    for c in (lo - 1, lo, hi, hi + 1)
]  # fmt: skip
LETTERS = ["a", "Z", "0", ".", "é", "ÿ", "Ā", "ж", "日", "한", "😀", "\ud800", "\x00", *EDGES]


def _random_texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        pool = LETTERS + SPACES if rng.random() < 0.5 else ["a", "b", " ", " ", "\n"]
        out.append("".join(rng.choice(pool) for _ in range(rng.randrange(0, 25))))
    return out


@compiled
def test_squeeze_equals_split_and_join() -> None:
    for s in [*_random_texts(1, 30_000), "", " ", "a", " a ", "a  b", "a\u3000b", "\xa0é\xa0"]:
        want = " ".join(s.split())
        got = _walk.squeeze(s)
        assert got == want, (s, got, want)
        # the same width (the same size in memory); one character below U+0100 is the same
        # shared object, whose size grows once anything caches its UTF-8
        assert sys.getsizeof(got) == sys.getsizeof(want), s
        if len(want) == 1 and ord(want) < 0x100:
            assert got is want, s


@compiled
def test_text_size_equals_python() -> None:
    for s in [*_random_texts(2, 30_000), "日本語のニュース", "한국어 기사", "plain", ""]:
        assert _walk.text_size(s) == blocks.text_size(s), s


@compiled
@pytest.mark.skipif(blocks._compiled is None, reason="compiled walk off (NEWSSIFT_PURE_WALK)")
def test_walk_fills_line_slots_as_the_class_would() -> None:
    assert _walk.line_fills_slots()  # blocks.Line is a slots dataclass
    html = "<p>Hello <a href=x>world</a></p><div>日本語の  記事\u3000です</div><p>한국 x</p>"
    page = blocks._walk_compiled(LexborHTMLParser(html).body)
    built = [
        blocks.Line(ln.text, ln.link_chars, ln.tag, ln.path, ln.index, ln.size)
        for ln in page.lines
    ]
    assert page.lines == built
    assert [ln.text for ln in page.lines] == ["Hello world", "日本語の 記事 です", "한국 x"]
    assert [ln.size for ln in page.lines] == [11, 26, 6]  # 8 x 3 + 2; 2 x 2 + 2
    assert not hasattr(page.lines[0], "features")  # no per-line list that nothing read


@compiled
@pytest.mark.skipif(blocks._compiled is None, reason="compiled walk off (NEWSSIFT_PURE_WALK)")
def test_walk_shares_element_ints_and_a_repeated_path() -> None:
    """A line's path holds one int object per element (made when it opens), and two lines in
    the same open elements share one tuple: equal to the Python walk's, fewer objects."""
    html = "<div>" + "<section><p>x</p></section>" * 300 + "<p>a<br>b<br>c</p><p>d</p></div>"
    tree = LexborHTMLParser(html)
    page = blocks._walk_compiled(tree.body)
    assert page == blocks.walk_py(LexborHTMLParser(html).body)
    a, b, c, d = page.lines[-4:]
    assert a.path == b.path == c.path and a.path is b.path is c.path
    assert d.path is not c.path and d.path[:-1] == c.path[:-1]
    assert all(x is y for x, y in zip(d.path[:-1], c.path[:-1], strict=True))
    assert c.path[-1] > 600  # past CPython's small-int cache: made by the walk, shared


@compiled
@pytest.mark.skipif(blocks._compiled is None, reason="compiled walk off (NEWSSIFT_PURE_WALK)")
def test_walk_reads_text_nodes_directly_after_its_checks() -> None:
    """The walk reads a text node's bytes from lexbor's struct once the struct matched
    lxb_dom_node_text_content's copy on its first text nodes (8 by then: a mismatch, -1,
    would keep the copy)."""
    html = "".join(f"<p>line {i} caf\u00e9</p>" for i in range(20))
    page = blocks._walk_compiled(LexborHTMLParser(html).body)
    assert [ln.text for ln in page.lines] == [f"line {i} caf\u00e9" for i in range(20)]
    assert _walk.text_read_direct() == 8


@compiled
def test_squeeze_every_code_point() -> None:
    """Each code point as a gap or not, as str.split judges it (squeeze's Latin-1 table and
    the function past it)."""
    for c in range(0x110000):
        if 0xD800 <= c < 0xE000:
            continue
        s = f"a{chr(c)}b "
        assert _walk.squeeze(s) == " ".join(s.split()), hex(c)
