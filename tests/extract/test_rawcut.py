"""The script/style cut before the parse (``extract/rawcut.py``): the compiled scan gives the
Python scan's bytes, lexbor builds the same tree from the cut bytes (every element, attribute,
comment and text node, but the cut bodies), the cut claims script-data state only where
lexbor is in it, and extract() answers the same with and without it."""

from __future__ import annotations

import gzip
import random
import time

import pytest
from selectolax.lexbor import LexborHTMLParser

from newssift.extract import article, rawcut
from newssift.extract.decode import decode_html_source
from tests.pages import bench_pages, repo_pages

try:
    from newssift.extract import _walk
except ImportError:  # the extension is not built
    _walk = None

compiled = pytest.mark.skipif(
    getattr(_walk, "raw_cut", None) is None, reason="the compiled scan is not built"
)


def _tree(data: bytes) -> tuple[list, list]:
    """lexbor's tree of ``data`` in document order, without the text of script and style
    elements (listed apart: the cut removes only those)."""
    root = LexborHTMLParser(data).root
    nodes: list = []
    raw: list = []
    if root is None:
        return nodes, raw
    for n in root.traverse(include_text=True):
        tag = n.tag
        if tag == "-text":
            if n.parent is not None and n.parent.tag in ("script", "style"):
                raw.append(n.text_content)
            else:
                nodes.append(("text", n.text_content))
        elif tag == "-comment":
            nodes.append(("comment", n.html))
        else:
            nodes.append((tag, tuple(n.attributes.items())))
    return nodes, raw


def _same_tree(data: bytes) -> bytes | None:
    """Assert that cutting ``data`` changes lexbor's tree only by script/style texts, and
    that the compiled scan agrees with the Python one; the cut bytes (or None)."""
    cut = rawcut.raw_cut_py(data)
    if _walk is not None and hasattr(_walk, "raw_cut"):
        assert _walk.raw_cut(data) == cut, data[:300]
    if cut is not None:
        assert len(cut) < len(data)
        whole, whole_raw = _tree(data)
        after, after_raw = _tree(cut)
        assert whole == after, data[:300]
        assert len(after_raw) <= len(whole_raw)
    return cut


#: (page, bodies the cut leaves): hand-made pages where the tokenizer's state is not what a
#: plain search for "<script" would say
EDGES = [
    # plain cuts, any case of the end tag, its odd delimiters, attributes with '>' in quotes
    ("<script>var a = 1;</script><p>x</p>", ""),
    ("<SCRIPT type=text/javascript>a<b>c</b></ScRiPt >d", ""),
    ("<script>a</script\tb>c<script>d</script/>e<script>f</script\n>g", ""),
    ("<script>a</script\rb>c<script>a</script\x0c>c", ""),
    ("<script>if (a </scripty && b) x</script>z", ""),
    ('<script src="a.js?x=>1">body</script><style media=">">p{}</style>', ""),
    ("<a title='<script>'>x</a><script>y</script>", ""),
    ("<a b=c/><script>body</script><svg a=b/><script>still svg</script></svg>", "still svg"),
    ("<style>a</style ><style>b</style/><STYLE>c</STYLE>", ""),
    ("<script/>a<b>c</b></script>", ""),
    ("<script>\x00\r\n\x00</script><style>\r\x00</style>", ""),
    # what the metadata pass reads stays whole
    ('<script type="application/ld+json">{"@type": "NewsArticle"}</script><script>x</script>',
     '{"@type": "NewsArticle"}'),
    ("<script itemprop=author>x</script><style title=t>y</style><style rel=x>z</style>", None),
    # not a tag: in comments, bogus comments, DOCTYPE, attribute values, raw text
    ("<!-- <script>a</script> --><p>x</p>", None),
    ("<!-- a --!><script>b</script> -->", ""),
    ("<!--><script>a</script>--><!---><script>b</script>", ""),
    ("<!-- <!-- --><script>a</script>", ""),
    ("<!----!><script>a</script>", ""),
    ("<!---!><script>a</script>-->", None),
    ("<? <script>a</script> ?><p>x", None),
    ("<!x <script>a</script> >", None),
    ('<!DOCTYPE html PUBLIC "a<script>b</script>">c', None),
    ("<![CDATA[<script>a</script>]]>", None),
    ("</x a='<script>'>y<script>z</script>", ""),
    ("</ <script>a</script>>b", None),
    ("</>a<script>b</script>", ""),
    ("<title><script>a</script></title><script>b</script>", ""),
    ("<textarea><script>a</script></textarea><script>b</script>", ""),
    ("<xmp><script>a</script></xmp><iframe><style>b</style></iframe><script>c</script>", ""),
    ("<noembed><script>a</script></noembed><noframes><script>b</script></noframes>", None),
    ("<plaintext><script>a</script>", None),
    ("<title>unclosed <script>a</script>", None),
    # script data escapes: the end found where lexbor finds it (a wrong end would change
    # the tree after it)
    ("<script><!--<script></script>x</script>y<script>z</script>", ""),
    ("<script><!--<script>--></script>x</script>y<script>z</script>", ""),
    ("<script><!-- a --></script>b<script>c</script>", ""),
    ("<script><!-->a</script>b<script>c</script>", ""),
    ("<script><!----></script>b<script>c</script>", ""),
    ("<script><!--<script>--!></script>a</script>b", ""),
    ("<script>x<!--<SCRIPT/></script ></script>y</script>", ""),
    ("<script><!-- never closed", None),
    ("<script><!--<script>x</script>-->y</script>z<script>w</script>", ""),
    ("<script><!--<script>--><!--</script>y</script>z", ""),
    ("<script><!--<scripts>x</script>y", ""),
    ("<script><!--<script</script>x</script>y", ""),
    ("<script><!-- -- > </script>z", ""),
    ("<script><!--- -><b></script>z", ""),
    ("<script><!--<script>-<--></script>z</script>w", ""),
    ("<script><!--<script>x</scrip></script>y</script>z", ""),
    ("<script>never closed", None),
    ("<style>never closed", None),
    # foreign content: nothing cut inside, simple text elements allowed, the rest stops
    ("<svg><style>.a{fill:red}</style><path/></svg><style>b</style>", ".a{fill:red}"),
    ("<svg><script>a<b>c</b></script></svg><script>d</script>", None),
    ("<math><style>a</style></math><script>x</script>", "a"),
    ("<svg><title>t</title><desc>d</desc></svg><script>x</script>", ""),
    ("<svg><foreignObject><div></svg></div><script>x</script></foreignObject>", None),
    ("<svg><![CDATA[</svg><script>]]></script>", None),
    ("<svg><svg></svg><script>x</script></svg><script>y</script>", "x"),
    ("<svg/><script>x</script>", ""),
    ("<math></svg><script>x</script></math><script>y</script>", "x"),
    ("<svg><p><script>x</script>", None),
    # select, frameset
    ("<select><option>a<script>b</script></select><script>c</script>", None),
    ("<select><option>a</select><script>c</script>", ""),
    ("<select><style>a<b>c</b></style></select>", None),
    ("<frameset><script>a<b></script>", None),
    ("<noscript><style>a<b>c</style></noscript><script>d</script>", ""),
    ("<head><noscript><script>a</script></noscript></head>", ""),
    ("<table><script>a</script><tr><td><style>b</style></table>", ""),
    ("<template><script>a</script></template>", ""),
    # broken bytes
    ("\xe2\x82<script>a</script>\xff", ""),
]


@pytest.mark.parametrize("page,kept", EDGES, ids=[str(i) for i in range(len(EDGES))])
def test_edge_cases(page: str, kept: str | None) -> None:
    """lexbor's tree is the same with the cut; where a body must stay (``kept``: the
    script/style text left on the cut page, None: nothing cut at all), it stays."""
    data = page.encode("utf-8", "surrogateescape") if "\xe2" not in page else page.encode(
        "latin-1"
    )
    cut = _same_tree(data)
    if kept is None:
        assert cut is None
    else:
        assert cut is not None
        assert "".join(_tree(cut)[1]) == kept


def test_fuzz_token_soup() -> None:
    """Random pages of the tokens where the tokenizer's state turns: the same tree and the
    same bytes from both scans (a fixed seed: the same pages every run)."""
    rng = random.Random(20261204)
    toks = [
        "<script>", "</script>", "<style>", "</style >", "</STYLE>", "<!--", "-->", "--!>",
        "->", "-", "<svg>", "</svg>", "<math>", "</math>", "<title>", "</title>",
        "<select>", "</select>", "<textarea>", '"', "'", "<", ">", "/", "=", " ", "a",
        "<![CDATA[", "]]>", "<!x>", "<?", "<foreignObject>", "<desc>", "</desc>", "<p>",
        "<div>", "<table>", "<template>", "</template>", "<noscript>", "<iframe>", "<xmp>",
        "<plaintext>", "\x00", "\r", "x", '<script type="application/ld+json">',
        '<!doctype x ">" >', "<script/>", "<svg/>", "<mi>", "<frameset>", "<noframes>",
        "<script <!--", '<a href="', "<a title='>", "<span class=author>", "</span>",
        "<h1>", "</h1>", '</scr" + "ipt>', "</script\t", "</script/", "<scriptx>",
        "<input>", "<option>", "<font color=red>", "</p>", "</br>", "\xe2\x82",
    ]
    cuts = 0
    for _ in range(3000):
        page = "".join(rng.choice(toks) for _ in range(rng.randint(1, 40)))
        cuts += _same_tree(page.encode("utf-8")) is not None
    assert cuts > 200


def test_fuzz_script_escapes() -> None:
    """Script bodies of the tokens that move the escape states: the end is found where lexbor
    ends the script (else the tree after it differs)."""
    rng = random.Random(17)
    toks = ["<script>", "</script>", "<!--", "-->", "-", "--", "<", ">", "/", "script",
            "SCRIPT", " ", "x", "<script", "</script", "\t", "!", "<p>", "<!", "</",
            "</scripts>", "<scripts>"]
    for _ in range(3000):
        body = "".join(rng.choice(toks) for _ in range(rng.randint(1, 30)))
        _same_tree(f"<script>{body}<script>tail</script><p>end".encode())


@pytest.mark.skipif(not bench_pages(), reason="no ../shared/benchmarks/extraction pages")
def test_every_other_bench_page() -> None:
    """Both scans give the same bytes on every other bench page, and on every eighth page
    (and the repository's own) lexbor's tree of the cut bytes is the page's tree but the cut
    texts. (Every page took 26-36 s of the suite.)"""
    pages = bench_pages()[::2]
    cut_pages = 0
    for k, path in enumerate(pages):
        text, utf8 = decode_html_source(gzip.decompress(path.read_bytes()))
        data = utf8 if utf8 is not None else text.encode("utf-8", "ignore")
        if k % 4 == 0:
            cut_pages += _same_tree(data) is not None
        elif _walk is not None and hasattr(_walk, "raw_cut"):
            assert _walk.raw_cut(data) == rawcut.raw_cut_py(data), path.name
    assert len(pages) > 1000 and cut_pages > 200


def test_repository_pages() -> None:
    for _name, raw in repo_pages():
        text, utf8 = decode_html_source(raw)
        _same_tree(utf8 if utf8 is not None else text.encode("utf-8", "ignore"))


@pytest.mark.parametrize(
    "data",
    [
        b"<script>" + b"a" * 8_000_000,
        b"<script><!--" + b"<script>-" * 1_000_000,
        b"<style>" + b"</styl" * 1_000_000,
        b"<a " + b"b='" * 2_000_000,
        b"<!--" + b"-!" * 2_000_000,
        b"<svg>" + b"<title>" * 1_000_000,
        b"\x00" * 4_000_000 + b"<script>x</script>",
        bytes(range(256)) * 30_000,
        b"<script>" + b"x" * 100 + b"</script>" * 500_000,
    ],
    ids=["unterminated", "escapes", "near-end-tags", "open-quotes", "comment", "titles",
         "nuls", "junk", "many"],
)
def test_large_and_broken_pages_end(data: bytes) -> None:
    """No crash or hang on 4-8 MB of broken input: both scans agree, in linear time."""
    t = time.process_time()
    cut = rawcut.raw_cut_py(data)
    if _walk is not None and hasattr(_walk, "raw_cut"):
        assert _walk.raw_cut(data) == cut
    assert time.process_time() - t < 30


def test_random_junk() -> None:
    rng = random.Random(7)
    for _ in range(300):
        alphabet = b"<>/!-='\"sScriptyle \x00\r\n\xe2"
        data = bytes(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
        _same_tree(data)


@compiled
def test_compiled_is_used() -> None:
    assert rawcut.raw_cut is _walk.raw_cut or rawcut.raw_cut is rawcut.raw_cut_py


def test_no_cut_without_the_compiled_scan() -> None:
    """Without the extension the page is parsed as it is (the Python scan costs more than
    the parse time it saves); NEWSSIFT_PURE_WALK still selects the Python scan."""
    page = b"<p>a</p><script>var x = 1;</script><p>b</p>"
    assert rawcut.choose(None, pure=False)(page) is None
    assert rawcut.choose(None, pure=True) is rawcut.raw_cut_py
    assert rawcut.choose(len, pure=True) is rawcut.raw_cut_py
    assert rawcut.choose(len, pure=False) is len
    assert rawcut.raw_cut_py(page) == b"<p>a</p><script></script><p>b</p>"


_READ = (
    '<html><head><title>T</title><script>var a = "x";</script></head><body>'
    '<h1>Head<script>document.write("line")</script></h1>'
    '<span class="author">Jane Doe<script>var b = 2;</script></span>'
    '<time datetime="2024-01-02">Jan 2<style>.x{}</style></time>'
    "<article><p>" + "Some words of the article body here. " * 20 + "</p></article>"
    "</body></html>"
)


@pytest.mark.parametrize("page", [_READ, _READ.replace("<h1>", "<h2>")])
def test_extract_same_with_and_without_cut(page: str, monkeypatch) -> None:
    """A script under a node the metadata pass reads (h1, byline span, time): the page is
    parsed again whole, so titles and bylines keep the script's text as before."""
    with_cut = article.extract(page, identify=False).to_dict()
    assert rawcut.reads_cut(
        article._meta.one_pass(LexborHTMLParser(rawcut.raw_cut(page.encode())))
    )
    monkeypatch.setattr(article, "raw_cut", lambda data: None)
    assert article.extract(page, identify=False).to_dict() == with_cut


def test_reads_cut_finds_empty_scripts_only() -> None:
    tree = LexborHTMLParser("<h1>a<script></script></h1>")
    assert rawcut.reads_cut(article._meta.one_pass(tree))
    tree = LexborHTMLParser("<h1>a<script>x</script></h1><script></script>")
    assert not rawcut.reads_cut(article._meta.one_pass(tree))
    py = article._meta.one_pass_py(LexborHTMLParser("<time><style></style></time>"))
    assert rawcut.reads_cut((py, None))
    assert not rawcut.reads_cut(([], None))
