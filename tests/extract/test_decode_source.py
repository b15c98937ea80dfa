"""The parser reads the page's own bytes when the caller has them (a reader's
``Document.html_utf8``, or bytes given to ``extract``): every field of the article is the
same as from an encode of the decoded text, and bytes that no longer stand for the page
(the guard flattened it, it was cut to size) are not used."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newssift.extract import article as article_module
from newssift.extract.article import extract
from newssift.extract.decode import decode_html, decode_html_source
from newssift.extract.guard import MAX_DEPTH
from newssift.extract.stage import ExtractStage
from newssift.record import Document

ROOT = Path(__file__).resolve().parents[2]


def _pages() -> list[bytes]:
    out = [p.read_bytes() for p in sorted((ROOT / "tests/extract/fixtures").glob("*.html"))]
    out += [p.read_bytes() for p in sorted((ROOT / "examples/html").glob("*.html"))]
    shared = ROOT.parent / "shared/benchmarks/extraction/naeb/html"
    out += [gzip.decompress(p.read_bytes()) for p in sorted(shared.glob("*.html.gz"))[:40]]
    return out


def _fields(art) -> dict:
    return art.to_dict()


def test_bytes_and_text_give_the_same_article() -> None:
    pages = _pages()
    assert len(pages) >= 4
    used = 0
    for data in pages:
        text, raw = decode_html_source(data)
        assert text == decode_html(data)
        if raw is None:
            continue
        used += 1
        assert raw == text.encode("utf-8")
        want = _fields(extract(text, url="https://x.example/a"))
        assert _fields(extract(text, url="https://x.example/a", utf8=raw)) == want
        assert _fields(extract(data, url="https://x.example/a")) == want
    assert used >= 3


def _spy(monkeypatch) -> list[bytes]:
    seen: list[bytes] = []
    real = article_module.LexborHTMLParser

    def parser(data):
        seen.append(data)
        return real(data)

    monkeypatch.setattr(article_module, "LexborHTMLParser", parser)
    return seen


def test_stage_hands_the_bytes_over_once_and_drops_them(monkeypatch) -> None:
    seen = _spy(monkeypatch)
    html = "<html><body><article><p>“Quoted” words, café and more words here.</p>"
    html += "</article></body></html>"
    raw = html.encode()
    doc = Document(id="a", source="s", html=html, html_utf8=raw)
    plain = Document(id="a", source="s", html=html)
    stage = ExtractStage()
    assert stage.process(doc).text == stage.process(plain).text
    assert seen[0] is raw and seen[1] == raw  # the reader's bytes themselves, then an encode
    assert doc.html_utf8 is None  # not kept past extraction


def test_bytes_not_used_when_the_page_is_not_the_bytes(monkeypatch) -> None:
    seen = _spy(monkeypatch)
    deep = "<html><body>" + "<div>" * (MAX_DEPTH + 50) + "<p>deep text here</p>"
    deep += "</div>" * (MAX_DEPTH + 50) + "</body></html>"
    doc = Document(id="a", source="s", html=deep, html_utf8=deep.encode())
    ExtractStage().process(doc)
    assert seen[-1] != deep.encode()  # the guard flattened it: the bytes were not read
    monkeypatch.setattr(article_module, "MAX_HTML_CHARS", 40)
    page = "<html><body><p>" + "word " * 50 + "</p></body></html>"
    extract(page, utf8=page.encode())
    assert seen[-1] == page[:40].encode()  # cut to size: the cut text is parsed


@pytest.mark.parametrize("given", ["str", "bytes"])
def test_cp1252_page_is_parsed_from_its_text(given, monkeypatch) -> None:
    seen = _spy(monkeypatch)
    data = "<html><body><p>café crème brûlée on the menu</p></body></html>".encode("cp1252")
    text = decode_html(data)
    extract(data if given == "bytes" else text)
    assert seen[-1] == text.encode("utf-8") and seen[-1] != data
