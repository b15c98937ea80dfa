"""The parser's budget: deep pages flattened (text kept), huge ones quarantined, the rest
untouched."""

from __future__ import annotations

import json

from newssift.extract.guard import MAX_DEPTH, PathologicalHTML, flatten, guard_html, measure
from newssift.extract.stage import ExtractStage
from newssift.record import QUARANTINE, Document
from newssift.stage import Stats

PARA = ("<p>The harbour authority said on Monday that ferry service would resume after "
        "repairs to the northern pier were finished ahead of schedule.</p>")


def _page(inner: str) -> str:
    return f"<html><head><title>T</title></head><body>{inner}</body></html>"


def test_measure_counts_nesting_not_flat_or_void_tags() -> None:
    m = measure("<div><div><p>a<p>b<br><img src=x><span>c</span></div></div>")
    assert m.depth == 3  # div, div, span; p, br and img do not nest
    assert m.nodes == 7


def test_normal_page_is_returned_unchanged() -> None:
    html = _page("<article>" + PARA * 400 + "</article>")
    assert guard_html(html) is html


def test_deep_divs_are_flattened_and_keep_their_text() -> None:
    n = 20_000  # 3-4 s inside the parser unguarded; the guard makes it instant
    html = _page("<div>" * n + PARA * 3 + "</div>" * n)
    out = guard_html(html)
    assert measure(out).depth <= MAX_DEPTH
    assert out.count("ferry service") == 3


def test_deep_inline_tags_do_not_give_an_empty_body() -> None:
    n = 5_000
    html = _page("<article>" + "".join(f"<span>{PARA[3:-4]} {i} <b>" for i in range(n))
                 + "</b></span>" * n + "</article>")
    doc = ExtractStage().guard(Document(id="x", source="t", html=html), Stats())
    assert doc.decision != QUARANTINE
    assert doc.text and "ferry service" in doc.text


def test_flatten_turns_dropped_blocks_into_breaks() -> None:
    assert flatten("<div><div>a</div><div>b</div></div>", max_depth=1) == (
        "<div><br>a<br><br>b<br></div>")


def test_too_many_nodes_quarantines_with_the_reason_and_goes_on() -> None:
    huge = Document(id="huge", source="t", html=_page("<b>x</b>" * 200_001))
    fine = Document(id="fine", source="t", html=_page("<article>" + PARA * 5 + "</article>"))
    stats = Stats()
    out = list(ExtractStage().run([huge, fine], stats))
    assert out[0].decision == QUARANTINE and "html_too_many_nodes" in out[0].error
    assert out[1].decision != QUARANTINE and "ferry" in out[1].text
    try:
        guard_html(huge.html or "", max_nodes=10)
    except PathologicalHTML as exc:
        assert "budget of 10" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("not refused")


def test_a_lone_surrogate_becomes_the_replacement_character():
    """``extract_article("a\\ud800b")`` gave "ab": the parser dropped the half pair, where
    every other public text function (and the JSONL reader) gives U+FFFD."""
    from newssift import extract_article

    assert extract_article("a\ud800b").text == "a\ufffdb"
    page = ("<html><head><title>Storm\udc80 warning</title></head><body><article><p>"
            + "The storm reached the coast late on Tuesday evening. " * 3
            + "Winds of 120\ud800km/h were measured.</p></article></body></html>")
    art = extract_article(page)
    assert "120\ufffdkm/h" in art.text and art.title == "Storm\ufffd warning"
    assert extract_article(page.replace("\ud800", "\ufffd")).text == art.text


def test_json_ld_nested_past_the_recursion_limit_is_no_exception() -> None:
    """A JSON-LD block nested deeper than Python's recursion limit is read as no JSON-LD
    (the decoder's RecursionError), so extract() gives the page's article, not a raise."""
    from newssift.extract import extract

    deep = '{"@type": "NewsArticle", "headline": ' + "[" * 5000 + "1" + "]" * 5000 + "}"
    body = "<p>" + "The council met on Tuesday and voted on the budget for next year. " * 4
    html = (f'<html><head><title>Council votes</title><script type="application/ld+json">'
            f"{deep}</script></head><body><article><h1>Council votes</h1>{body}</p>"
            "</article></body></html>")
    art = extract(html)
    assert "voted on the budget" in art.text


def test_json_ld_values_nested_under_the_decoders_limit_are_no_exception() -> None:
    """(review r37) 700 levels decode, so the readers of a value's names must not recurse
    that deep: an author nested so raised RecursionError and lost the page's article. A
    name nested past a few levels is no name; one at a real depth still is."""
    from newssift.extract import extract

    body = "<p>" + "The council met on Tuesday and voted on the budget for next year. " * 4

    def page(ld: dict) -> str:
        return (f'<html><head><title>Council votes</title><script type="application/ld+json">'
                f"{json.dumps(ld)}</script></head><body><article><h1>Council votes</h1>"
                f"{body}</p></article></body></html>")

    deep: object = "Jane Doe"
    for _ in range(700):
        deep = [deep]
    for key in ("author", "creator", "headline", "publisher", "description"):
        art = extract(page({"@type": "NewsArticle", key: deep}))
        assert "voted on the budget" in art.text and art.authors == []
    art = extract(page({"@type": "NewsArticle", "author": [[{"@type": "Person",
                                                               "name": ["Jane Doe"]}]]}))
    assert art.authors == ["Jane Doe"]
