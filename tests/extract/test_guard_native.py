"""The compiled helpers of extract/_walk.c beside the DOM walk give what their Python
references give: ``_walk.depth_bound`` = ``guard.depth_bound_py`` (the parser budget's quick
bound) and ``_walk.key_words`` = ``blocks._words_of_key`` (an element's class/id words), on
every bench page and on hostile input. The Python functions stay the reference."""

from __future__ import annotations

import gzip
import os
import random
import re
import subprocess
import sys

import pytest

from newssift.extract import blocks, guard
from tests.pages import BENCH_PAGES, ROOT, repo_pages

try:
    from newssift.extract import _walk
except ImportError:  # not built: the Python functions are what runs
    _walk = None

compiled = pytest.mark.skipif(
    _walk is None or not hasattr(_walk, "depth_bound"), reason="extract/_walk.c is not built"
)
if _walk is not None and hasattr(_walk, "depth_bound"):
    _walk.depth_bound_setup(sorted(guard._FLAT))  # as guard.py does (not under PURE_WALK)
#: the one-scan form guard_html uses (absent from an extension built before it)
HAS_COUNT = _walk is not None and hasattr(_walk, "count_and_bound")


def _same_scan(html: str) -> bool:
    """depth_bound equals Python's, and so does count_and_bound where it is built."""
    bound = guard.depth_bound_py(html)
    if _walk.depth_bound(html) != bound:
        return False
    return not HAS_COUNT or _walk.count_and_bound(html) == (html.count("<"), bound)

HOSTILE = {
    "empty": "",
    "no tags": "just text < 3 and > 2",
    "ends on <": "<div><div>x<",
    "ends on </": "<div><div>x</",
    "ends on a name": "<div><div><span",
    "deep": "<div>" * 5000 + "x" + "</div>" * 5000,
    "deep unclosed": "<section><b>" * 3000,
    "closers first": "</div>" * 50 + "<div>" * 7 + "</p></li></br>",
    "flat only": "<p><li><br><img><td><tr><colgroup><optgroup>" * 500,
    "flat in any case": "<P><Br><BR/><iMg src=x><COLGROUP><Thead></P></LI>" * 300,
    "near flat names": "<pre><brr><b_r><p1><p_x><col-x><liX><ddd><trs><rbx><tdiv>" * 200,
    "not letters": "<1><_a><-p><!doctype html><?xml?></ 1></_x><\u00e9t\u00e9><</div>" * 200,
    "comments": "<!-- <div><div><div> -->" * 400 + "<div><!--</div>--></div>",
    "cdata": "<![CDATA[<div><span>]]>" * 400 + "<svg><![CDATA[</div>]]></svg>",
    "script": "<script>if (a<b && c</d) x='<div>'</script>" * 300,
    "broken": "<div <span class='a>b'><p<i>x</i </span</div>>" * 300,
    "latin1 names": "<p\u00e9><p\u00aa><p\u00b2><br\u00b5><div\u00e9>" * 300,
    "ucs2 names": "<p\u0660><br\u0301><li\u2160><div\u4e2d>\u4e2d\u6587<p\u3000>" * 300,
    "astral names": "<p\U0001d7d8><br\U00010400><span\U0001f600>\U0001f600" * 300,
    # code units holding a 0x3C byte that are not '<' (the scan looks for that byte)
    "0x3C bytes": "\u3c00<div>\u3c3c<span>\U0001f63c<i>\U00013c00<b>\u013c</b>\u3c01</i>" * 300,
    "kelvin and dotted I": "<\u212a><\u0130><br\u212a><p\u0130><li\u017f>" * 300,
    "nul and controls": "<div\x00><p\x00><br\t><li\n></div\r>" * 300,
    "8 MB": ("<div class=a><p>" + "word " * 40 + "<br>") * 36_000,
}


def _kinds(html: str) -> list[str]:
    """The same markup stored as each of CPython's three string widths."""
    return [html, html + "\u00e9", html + "\u4e2d", html + "\U0001f600"]


@compiled
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_depth_bound_equals_python_on_hostile_input(name: str) -> None:
    for html in _kinds(HOSTILE[name]):
        assert _same_scan(html)


@compiled
def test_depth_bound_is_right_not_only_equal() -> None:
    assert _walk.depth_bound("<div><span><p>a<br></span><i>b</i></div>") == 2
    assert _walk.depth_bound("</div>" * 9 + "<div><div></div>") == 2
    assert _walk.depth_bound("<div>" * 1500) == 1500
    assert _walk.depth_bound("<P><BR><br\u00e9><p_><Li2>") == 3  # the last three nest
    assert _walk.depth_bound(HOSTILE["8 MB"]) == 36_000


@compiled
def test_depth_bound_equals_python_on_random_markup() -> None:
    rng = random.Random(16)
    parts = ["<", "</", ">", "/>", " ", "x", "p", "P", "br", "Br", "li", "div", "DIV", "span",
             "col", "colgroup", "_", "1", "-", "\u00e9", "\u00b2", "\u4e2d", "\u0660",
             "\U0001d7d8", "\U0001f600", "\u212a", "\u3c00", "\U00013c3c", "<!--", "-->", "\n"]
    for _ in range(3000):
        html = "".join(rng.choice(parts) for _ in range(rng.randrange(1, 80)))
        assert _same_scan(html), repr(html)


def _bench_htmls() -> list[str]:
    from newssift.extract.decode import decode_html

    paths = sorted(BENCH_PAGES.rglob("*.html.gz")) if BENCH_PAGES.is_dir() else []
    return [decode_html(gzip.decompress(p.read_bytes())) for p in paths]


@pytest.fixture(scope="module")
def bench_htmls() -> list[str]:
    from newssift.extract.decode import decode_html

    pages = _bench_htmls()
    return pages or [decode_html(raw) for _, raw in repo_pages()]


@compiled
def test_depth_bound_equals_python_on_every_bench_page(bench_htmls: list[str]) -> None:
    differ = [i for i, h in enumerate(bench_htmls) if not _same_scan(h)]
    assert differ == []
    # real nesting was seen (the repository's own pages, the fallback without ../shared, reach 10)
    assert max(guard.depth_bound_py(h) for h in bench_htmls) > 5


def test_guard_uses_the_compiled_bound_when_built() -> None:
    built = _walk is not None and hasattr(_walk, "depth_bound")
    pure = os.environ.get("NEWSSIFT_PURE_WALK", "0") not in ("", "0")
    assert (guard.depth_bound is not guard.depth_bound_py) == (built and not pure)
    assert (guard._count_and_bound is not None) == (HAS_COUNT and not pure)


@pytest.mark.skipif(not HAS_COUNT, reason="extract/_walk.c's count_and_bound is not built")
def test_count_and_bound_counts_every_lt() -> None:
    assert _walk.count_and_bound("") == (0, 0)
    assert _walk.count_and_bound("a<b<") == (2, 1)
    assert _walk.count_and_bound("<div><p>x</p></div><") == (5, 1)
    assert _walk.count_and_bound("<div></") == (2, 1)
    assert _walk.count_and_bound("\u3c3c<\U00013c3c<i>") == (2, 1)


def _guarded(html: str, depth: int, nodes: int) -> str:
    try:
        return guard.guard_html(html, max_depth=depth, max_nodes=nodes)
    except guard.PathologicalHTML as e:
        return str(e)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_guard_html_same_with_one_scan_or_two(name: str, monkeypatch) -> None:
    # the budget decided from count_and_bound, or from the count and then the bound
    for html in _kinds(HOSTILE[name]):
        for depth, nodes in ((guard.MAX_DEPTH, guard.MAX_NODES), (3, 10_000), (40, 500)):
            one = _guarded(html, depth, nodes)
            monkeypatch.setattr(guard, "_count_and_bound", None)
            two = _guarded(html, depth, nodes)
            monkeypatch.undo()
            assert one == two


def test_pure_walk_switch_gives_the_python_bound() -> None:
    code = "from newssift.extract import guard; print(guard.depth_bound is guard.depth_bound_py)"
    env = dict(os.environ, NEWSSIFT_PURE_WALK="1", PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "True"


# ------------------------------------------------------------------ class/id words

_ATTR = re.compile(r"""\s(?:class|id|itemprop|role)=["']([^"'<>]*)""")

HOSTILE_KEYS = [
    " ", "a", "A", "storyBody", "storyBODY", "ABCdef", "aBcDeF", "x1Y2z3", "main-Text  article",
    "post-22723 post type-post status-publish hentry category-food tag-cookie",
    "hentry", "my-hentry-box", "type-posting", "caf\u00e9 Body", "\u0130talic", "\u212aelvin",
    "\u017fpan", "\u4e2d\u6587 news", "tag-\U0001f600 story", "a" * 300 + "B" + "c" * 300,
    "-_-", "__a__b__", "\t\nA\u00a0b", "123 456abc DEF", "z" * 255 + "Q",
]


def _check_key(key: str) -> bool:
    """True when the compiled words were used (and equal); False when Python decides."""
    c = _walk.key_words(key)
    if c is None:
        return False
    blocks._WORD_CACHE.pop(key, None)
    py = blocks._words_of_key(key)
    blocks._WORD_CACHE.pop(key, None)
    assert c == py, key
    assert list(c) == list(py), key  # filled in the same order: the same iteration order
    return True


@compiled
def test_key_words_equal_python_on_hostile_keys() -> None:
    used = [_check_key(k) for k in HOSTILE_KEYS]
    assert sum(used) >= 14
    assert _walk.key_words("storyBody main-Text") == frozenset({"story", "body", "main", "text"})
    assert _walk.key_words("caf\u00e9") is None  # non-ASCII: Python's str.lower decides
    assert _walk.key_words("a hentry b") is None  # a WordPress post: Python drops topics
    # the class names inside longer classes are no WordPress post: split here
    for key in ("menu-item menu-item-type-post_type menu-item-20605", "xhentry", "hentry-x",
                "status-published", "a\x1chentry", "type-post\x0b", "\x1ftype-post\x1c"):
        assert _check_key(key) == ("menu" in key or "x" in key or "status" in key), key
    for key in ("hentry", "a hentry", "status-publish b", "x\ttype-post\ny", "a\x1chentry\x1d"):
        assert _walk.key_words(key) is None, key


@compiled
def test_key_words_equal_python_on_random_keys() -> None:
    rng = random.Random(17)
    alphabet = "aAbBzZ09_- \t.:/hentrytype-poststatus-publish"
    words = ["hentry", "type-post", "status-publish", " ", "\x1c", "\x0b", "-", "x"]
    for _ in range(5000):
        key = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 40)))
        _check_key(key)
        _check_key("".join(rng.choice(words) for _ in range(rng.randrange(1, 8))))


@compiled
def test_key_words_equal_python_on_every_bench_page(bench_htmls: list[str]) -> None:
    keys: set[str] = set()
    for h in bench_htmls:
        keys.update(v for v in _ATTR.findall(h) if v)
    used = sum(_check_key(k) for k in keys)
    assert used > 0.9 * len(keys)


@compiled
def test_key_words_token_table_reuses_and_refills() -> None:
    """key_words' token table gives the same str object for a token seen before, and keeps
    giving Python's words after it fills and is emptied (over 24,576 distinct tokens)."""
    first = _walk.key_words("story-body storyBody")
    again = _walk.key_words("body lead")
    assert next(t for t in first if t == "body") is next(t for t in again if t == "body")
    for i in range(30_000):
        assert _walk.key_words(f"tok{i} w{i % 7}") == frozenset({f"tok{i}", f"w{i % 7}"})
    for i in range(0, 30_000, 997):
        assert _check_key(f"x tok{i} tok{i + 1}")


def test_key_words_sets_are_not_tracked_by_the_collector() -> None:
    """key_words' frozensets hold str objects alone, so the cyclic collector is told not to
    visit them (gc.is_tracked); they still compare, hash and combine as Python's do."""
    import gc

    words = _walk.key_words("story-body storyBody main")
    assert not gc.is_tracked(words)
    assert words == frozenset({"story", "body", "main"}) and hash(words) == hash(frozenset(words))
    assert words & {"body"} == {"body"} and not words.isdisjoint({"main"})
    del words
    gc.collect()
