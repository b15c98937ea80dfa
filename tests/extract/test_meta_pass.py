"""The compiled metadata selector pass (``_walk.meta_pass``) lists what lexbor's selector
engine lists for ``metadata._ONE_PASS`` (``metadata.one_pass_py``, the reference): the same
elements in the same order, each as often as it matches a selector, with the same tag,
attributes and deep text."""

from __future__ import annotations

import gzip

import pytest
from selectolax.lexbor import LexborHTMLParser

from newssift.extract import metadata
from tests.pages import bench_pages, repo_pages, walked_pages

compiled = pytest.mark.skipif(
    metadata._meta_pass_c is None, reason="the compiled metadata pass is not built"
)

#: lexbor's matching where a hand-written pass could differ (case, namespace, valueless and
#: empty attributes, repeats, the document element, <template> content, broken bytes)
EDGES = [
    '<script type="APPLICATION/LD+JSON">{"a": 1}</script><script type=" application/ld+json">'
    "{}</script><script type=application/ld+json>{}</script><script>x</script>",
    "<span rel=AUTHOR>a</span><span itemprop=AUTHOR>b</span><span itemprop=author>c</span>"
    '<div rel=" author">d</div><div itemprop="author ">e</div><a rel="author">f</a>',
    "<span class=AUTHOR>x</span><span class='uthor yline'>both</span><span class=byline>y"
    "</span><b class=byline>not a span</b><span class>valueless</span>",
    "<b title class=PUBLISH>x</b><b TITLE class=date>y</b><div title=x class=Date>z</div>"
    "<abbr title class=publishdate>a</abbr><abbr>no title</abbr><i title class>v</i>",
    "<svg><a rel=AUTHOR>x</a><title>t<b>i</b></title><a xlink:title=t class=date>z</a>"
    '<script type="APPLICATION/LD+JSON">{}</script><script type="application/ld+json">{}'
    "</script><link REL=x /><abbr title=x>a</abbr><time>t</time></svg>",
    "<svg><a xlink:title=x title=y class=date>1</a><a title=y xlink:title=x class=date>2</a>"
    "<script xlink:type=application/ld+json type=x>{}</script><script type=x "
    "xlink:type=application/ld+json>{}</script><a xml:lang=en xlink:href=h rel=author>3</a>"
    "</svg><div xlink:title=t class=date>html</div>",
    "<math><mi title=x class=date>y</mi><mi rel=author>k</mi><mi rel=AUTHOR>u</mi></math>",
    "<template><meta name=a content=b><h1>in template</h1></template><h1>out</h1>",
    '<html title=a class=date lang=en><head><link rel><link rel=""><link>'
    '<link rel="Canonical" href="/x"></head><body></body></html>',
    "<div xml:lang=en title=x class=date>k</div><h1>one<!-- c -->two<span>three</span></h1>",
    "<time datetime=2020-01-01>Jan</time><time>  2 Feb 2021 </time><time></time>",
    "<title>T &amp; U</title><title>second</title><meta property=og:title content=x>"
    "<meta name=author content=a><meta name=author content=b><meta>",
    "<table><meta name=t content=u><tr><td><h1>in a table</h1></td></tr></table>",
    "<noscript><meta name=n content=s><span class=author>ns</span></noscript>",
    "<custom-el title=x class=datey>c</custom-el><x-meta>no</x-meta><foo:bar rel=author>p"
    "</foo:bar>",
    "",
    "just text",
]


def _listed(found, text_of) -> list[tuple]:
    return [(tag, attrs, text_of(node)) for tag, attrs, node in found]


def _compare(html: str | bytes) -> list[tuple]:
    tree = LexborHTMLParser(html)
    found, text_of = metadata.one_pass(tree)
    c = _listed(found, text_of)
    py = _listed(metadata.one_pass_py(tree), metadata._deep_text)
    assert c == py
    return c


@compiled
@pytest.mark.parametrize("html", EDGES)
def test_compiled_pass_equals_lexbors_selectors(html: str) -> None:
    _compare(html)


@compiled
def test_compiled_pass_on_broken_bytes() -> None:
    # invalid UTF-8 inside a name, a value and across two text nodes of one heading
    _compare(b"<h1>caf\xc3<!-- -->\xa9 \xff</h1><span class='auth\xfforX uthor' t\xffx=1>s</span>")


@compiled
def test_compiled_pass_finds_the_expected_nodes() -> None:
    """Right, not only equal: a node once per selector it matches, in document order."""
    got = _compare(
        "<head><title>T</title></head><body><abbr title class=publishdate>a</abbr>"
        "<span class=author rel=author>c</span><time>t</time></body>"
    )
    assert [t for t, _, _ in got] == ["title", "abbr", "abbr", "abbr", "span", "span", "time"]
    assert got[0][2] == "T" and got[4][1] == {"class": "author", "rel": "author"}


@compiled
def test_compiled_pass_on_many_custom_tags() -> None:
    # tag ids past the standard ones (each custom name gets its own id in a document)
    html = "".join(f"<x-t{i} title class=date>{i}</x-t{i}>" for i in range(400)) + "<h1>h</h1>"
    assert len(_compare(html)) == 401


@compiled
@pytest.mark.skipif(not bench_pages(), reason="no ../shared/benchmarks/extraction pages")
def test_compiled_pass_equals_lexbors_selectors_on_every_other_bench_page() -> None:
    from newssift.extract.decode import decode_html_source

    differ, items = [], 0
    pages = bench_pages()[::2]  # (every page took 15 s of the suite)
    for path in pages:
        text, raw = decode_html_source(gzip.decompress(path.read_bytes()))
        tree = LexborHTMLParser(raw if raw is not None else text.encode("utf-8", "ignore"))
        found, text_of = metadata.one_pass(tree)
        c = _listed(found, text_of)
        if c != _listed(metadata.one_pass_py(tree), metadata._deep_text):
            differ.append(path.name)
        items += len(c)
    assert len(pages) > 1000 and items > 25_000
    assert differ == []


@compiled
def test_compiled_pass_equals_lexbors_selectors_on_the_repositorys_pages() -> None:
    items = sum(len(_compare(raw)) for _, raw in repo_pages())
    assert items > 50


def test_gather_reads_the_reference_pass_when_not_compiled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    html = (
        "<html lang=de><head><title>T</title><meta name=author content='Jane Doe'>"
        '<link rel=canonical href="https://x.org/a"></head><body><h1>Head</h1>'
        "<time datetime=2021-02-03 class=published>x</time></body></html>"
    )
    got = metadata.gather(LexborHTMLParser(html))
    monkeypatch.setattr(metadata, "_meta_pass_c", None)
    want = metadata.gather(LexborHTMLParser(html))
    assert got == want
    assert want.title_tag == "T" and want.h1 == ["Head"] and want.lang == "de"
    assert want.canonical == "https://x.org/a" and want.time_tags == [("2021-02-03", True)]


@pytest.mark.skipif(
    metadata._byline_texts_c is None, reason="the compiled byline scan is not built"
)
def test_compiled_byline_scan_equals_python() -> None:
    """metadata.byline_lines' compiled scan gives byline_lines_py's texts: on real pages, at
    every limit, and on hand-made pages (set()s for words, odd paths: Python decides)."""
    from newssift.extract.blocks import Line

    found = 0
    for page in walked_pages(5):
        for limit in (1, 3, 12, 1000):
            want = metadata.byline_lines_py(page.lines, page.words, limit)
            assert metadata.byline_lines(page.lines, page.words, limit) == want
        found += len(want)
    assert found > 100
    lines = [Line("By Jane Doe", 0, "p", (0, 1)), Line("x" * 300, 0, "p", (0, 1)),
             Line("Staff", 0, "p", (0, 2, 2**70)), Line("Other", 0, "p", [0, 3])]  # fmt: skip
    words = [frozenset(), frozenset({"byline"}), frozenset({"author", "box"}), {"writer"}]
    for fn in (metadata.byline_lines, metadata.byline_lines_py):  # a set() is no word set
        with pytest.raises(TypeError):
            fn(lines, words)
    words[3] = frozenset({"writer"})
    assert metadata.byline_lines(lines, words) == metadata.byline_lines_py(lines, words) == [
        "By Jane Doe", "Staff", "Other"]  # fmt: skip
    assert metadata._byline_texts_c(lines[:3], words, metadata.BYLINE_WORDS, 200, 2) == [
        "By Jane Doe", "Staff"]  # fmt: skip
