"""The compiled DOM walk (extract/_walk.c) gives the page the Python walk gives, and the
Python walk is what runs when the compiled one is absent or turned off."""

from __future__ import annotations

import gzip
import importlib.util
import os
import subprocess
import sys

import pytest
from selectolax.lexbor import LexborHTMLParser

from newssift.extract import blocks
from tests.conftest import can_build_c
from tests.pages import ROOT, bench_pages, repo_pages

compiled = pytest.mark.skipif(blocks._compiled is None, reason="the compiled walk is not built")

CASES = {
    "plain": "<p>Hello <b>bold</b> world</p><p>Second</p>",
    "links": "<div><p>See <a href=/x>the <i>story</i></a> and <a href=/y> more </a>.</p></div>",
    "hidden": '<div><p hidden>gone</p><p style="Display : NONE">gone too</p>'
    '<p style="visibility:hidden">and</p><p style="none of it">kept</p><p>shown</p>'
    '<p style="display: none">gone three</p><p style="visibility: hidden; none">four</p></div>',
    "paywall": '<div class="subscriber-only" style="display:none"><p>The article</p></div>'
    '<div id="premiumBody" hidden><p>Also kept</p></div>',
    "words": '<div class="storyBody main-Text" id="ArticleBody" itemprop="articleBody" '
    'role="main"><section class="a" id=""><p>Text</p></section></div>'
    '<div class=" " id=x><p>y</p></div><div CLASS=Upper><p>z</p></div>',
    "breaks": "<p>one<br>two<hr>three<img src=x>four</p><ul><li>a<li>b</ul>",
    "skips": "<p>a<script>var x = 1;</script>b<style>p{}</style>c<!-- note -->d</p>"
    "<template><p>t</p></template><svg><text>s</text></svg><noscript>n</noscript>",
    "unknown": "<custom-el data-x=1><p>in custom</p></custom-el><foo:bar>prefixed</foo:bar>"
    "<x-y class='Camel Case'>inline text</x-y>",
    "whitespace": "<p>\u00a0\u2003 spaced \u3000 out\u00a0</p><p> </p><p>\t\n</p><span> </span>"
    "<p><a href=x>\u00a0linked\u2009</a></p>",
    "cjk": "<p>日本語の記事の本文です。</p><p>한국어 기사</p><p>mixed 中文 text</p>",
    "named anchors": '<a name="top"><p>Story one</p><p>Two <a href=/x>link</a></p></a>'
    '<A NAME=b>upper</A><a name=c href=/y>both</a><a onclick="f()">script</a><a id=z>id</a>',
    "tables": "<table><tr><td>a</td><td><a href=1>b</a></td></tr></table><dl><dt>t<dd>d</dl>",
    "empty": "",
    "text only": "just text, no tags",
    "broken": "<div><p>unclosed <b>bold <i>italic</div> after</p> tail",
    "bytes": "<p class='caf\udcff'>caf\u00e9</p>".encode("utf-8", "surrogateescape").decode(
        "utf-8", "replace"
    ),
    "deep": "<div>" * 3000 + "deep text" + "</div>" * 3000 + "<p>after</p>",
    "deep inline": "<span>" * 2000 + "<a href=x>" * 50 + "t" + "</a>" * 50 + "</span>" * 2000,
}


def _both(html: str, root: str = "body", max_nodes: int = 400_000):
    def page(fn):
        tree = LexborHTMLParser(html)
        node = tree.body if root == "body" else tree.root
        return fn(node, max_nodes)

    return page(blocks.walk_py), page(blocks._walk_compiled)


def _same(a: blocks.Page, b: blocks.Page) -> None:
    assert a.tags == b.tags
    assert a.words == b.words
    assert [(ln.text, ln.link_chars, ln.tag, ln.path, ln.index, ln.size) for ln in a.lines] == [
        (ln.text, ln.link_chars, ln.tag, ln.path, ln.index, ln.size) for ln in b.lines
    ]
    assert a == b


@compiled
@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("root", ["body", "html"])
def test_compiled_walk_equals_python_walk(name: str, root: str) -> None:
    py, c = _both(CASES[name], root)
    _same(py, c)


@compiled
def test_compiled_walk_gives_the_expected_page() -> None:
    """Not only equal to the Python walk: right (a walk that lost all text would be equal
    to a broken fallback too)."""
    _, page = _both(CASES["links"] + CASES["hidden"] + CASES["paywall"])
    assert [ln.text for ln in page.lines] == [
        "See the story and more .",
        "gone too",
        "and",
        "kept",
        "shown",
        "The article",
        "Also kept",
    ]
    assert page.lines[0].link_chars == len("thestorymore")
    assert page.lines[0].path == (0, 1, 2) and page.tags[1:3] == ["div", "p"]
    assert frozenset({"subscriber", "only"}) in page.words


@compiled
@pytest.mark.parametrize("max_nodes", [1, 5, 17, 100])
def test_compiled_walk_stops_where_the_python_walk_does(max_nodes: int) -> None:
    html = "".join(CASES[k] for k in ("plain", "links", "breaks", "tables", "words"))
    _same(*_both(html, max_nodes=max_nodes))


@compiled
def test_word_cache_shared_and_cleared_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled walk reads the Python cache and fills it as _words_of_key does (a key
    it has met before is found first by its bytes: the key memo, emptied here)."""
    blocks._WORD_CACHE.clear()
    blocks._compiled.key_memo_clear()
    _, page = _both('<div class="fresh-Key"><p>x</p></div>')
    assert blocks._WORD_CACHE["fresh-Key"] == frozenset({"fresh", "key"}) == page.words[1]
    blocks._WORD_CACHE["fresh-Key"] = frozenset({"from", "cache"})
    _, page = _both('<div class="fresh-Key"><p>x</p></div>')
    assert page.words[1] == frozenset({"fresh", "key"})  # remembered by its bytes
    blocks._compiled.key_memo_clear()
    _, page = _both('<div class="fresh-Key"><p>x</p></div>')
    assert page.words[1] == frozenset({"from", "cache"})
    blocks._WORD_CACHE.clear()
    blocks._compiled.key_memo_clear()


@compiled
def test_key_memo_gives_the_words_of_the_joined_key() -> None:
    """Words found by the bytes of the key attributes are the words of their joined key:
    the same bytes in another attribute, values joined differently, a key past the memo's
    stack buffer, keys that are not ASCII and WordPress post keys, met twice."""
    long = " ".join(f"c{i}-part" for i in range(80))
    htmls = [
        '<div class="a b"><p>1</p></div><div class="a" id="b"><p>2</p></div>'
        '<div id="a b"><p>3</p></div><div class="ab"><p>4</p></div>'
        '<div class="a" role="b"><p>5</p></div><div itemprop="a" class="b"><p>6</p></div>',
        f'<div class="{long}"><p>7</p></div><div class="{long}"><p>8</p></div>',
        '<div class="Größe-Box"><p>9</p></div><div class="post type-post tag-cookie"><p>10</p>'
        '</div><div class="subscriber-only" style="display:none"><p>11</p></div>',
    ]
    for _ in range(2):
        for html in htmls:
            _same(*_both(html + html))


@compiled
@pytest.mark.skipif(not bench_pages(), reason="no ../shared/benchmarks/extraction pages")
def test_compiled_walk_equals_python_walk_on_every_other_bench_page() -> None:
    from newssift.extract.decode import decode_html

    differ = []
    pages = bench_pages()[::2]  # (every page took 20-37 s of the suite)
    for path in pages:
        html = decode_html(gzip.decompress(path.read_bytes()))
        tree = LexborHTMLParser(html)
        root = tree.body or tree.root
        if root is None:
            continue
        other = LexborHTMLParser(html)
        if blocks.walk_py(root) != blocks._walk_compiled(other.body or other.root):
            differ.append(path.name)
    assert len(pages) > 1000
    assert differ == []


@compiled
def test_compiled_walk_equals_python_walk_on_the_repositorys_pages() -> None:
    from newssift.extract.decode import decode_html

    pages = repo_pages()
    differ, lines = [], 0
    for name, raw in pages:
        html = decode_html(raw)
        one, two = LexborHTMLParser(html), LexborHTMLParser(html)
        py = blocks.walk_py(one.body or one.root)
        if py != blocks._walk_compiled(two.body or two.root):
            differ.append(name)
        lines += len(py.lines)
    assert len(pages) >= 8 and lines > 200  # real pages were walked, not empty ones
    assert differ == []


def test_walk_uses_the_compiled_walk_when_built(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    monkeypatch.setattr(blocks, "walk_py", lambda *a: calls.append("py"))
    monkeypatch.setattr(blocks, "_walk_compiled", lambda *a: calls.append("c"))
    blocks.walk(LexborHTMLParser("<p>x</p>").body)
    assert calls == (["c"] if blocks._compiled is not None else ["py"])


def _loaded(env_value: str | None) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    env.pop("NEWSSIFT_PURE_WALK", None)
    if env_value is not None:
        env["NEWSSIFT_PURE_WALK"] = env_value
    code = (
        "from newssift.extract import blocks\n"
        "from selectolax.lexbor import LexborHTMLParser\n"
        "p = blocks.walk(LexborHTMLParser('<p>a <a href=x>b</a></p><p>c</p>').body)\n"
        "print(blocks._compiled is not None, [(l.text, l.link_chars) for l in p.lines])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_pure_walk_switch_gives_the_fallback_and_the_same_lines() -> None:
    lines = "[('a b', 1), ('c', 0)]"
    assert _loaded("1") == f"False {lines}"
    built = importlib.util.find_spec("newssift.extract._walk") is not None
    assert _loaded(None) == f"{built} {lines}"


@pytest.mark.skipif(
    not can_build_c(), reason="no C compiler or Python headers: the Python walk is what runs"
)
@pytest.mark.skipif(
    os.environ.get("NEWSSIFT_PURE_WALK", "0") not in ("", "0"), reason="NEWSSIFT_PURE_WALK is set"
)
def test_compiled_walk_is_built_where_a_compiler_is() -> None:
    """`make setup` (pip install -e) builds extract/_walk.c in place; a machine with a
    compiler that runs without it has a stale install: run `make setup` again."""
    assert blocks._compiled is not None, "extract/_walk.c is not built: run `make setup`"
