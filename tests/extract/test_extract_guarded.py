"""The parser's budget (``extract.guard``) holds for a caller of the public ``extract``,
not only for the pipeline's stage (session 29's Left item: ``newssift.extract_article``
handed a page straight to lexbor, past the attribute cap, the depth flattening and the
element budget the stage applies)."""

from __future__ import annotations

import pytest

from newssift import extract_article
from newssift.extract.guard import MAX_ATTRS, MAX_DEPTH, MAX_NODES, PathologicalHTML, guard_html
from newssift.extract.stage import ExtractStage
from newssift.record import Document
from newssift.stage import Stats

STORY = "<p>The council met on Tuesday and voted to repair the old harbour wall.</p>"


def test_a_page_of_too_many_elements_is_refused_as_the_stage_refuses_it() -> None:
    page = "<html><body>" + "<b></b>" * (MAX_NODES + 10) + STORY + "</body></html>"
    with pytest.raises(PathologicalHTML, match="html_too_many_nodes"):
        extract_article(page)
    out = ExtractStage().guard(Document(id="1", source="s", html=page), Stats())
    assert out.decision == "quarantine" and "html_too_many_nodes" in out.error


def test_a_page_nested_too_deep_is_read_as_its_flattened_form() -> None:
    page = ("<html><body>" + "<div>" * (MAX_DEPTH + 500) + STORY + "</div>" * (MAX_DEPTH + 500)
            + "</body></html>")
    assert guard_html(page) is not page  # the budget changes this page
    art = extract_article(page)
    assert art.text == extract_article(guard_html(page)).text
    assert "harbour wall" in art.text


def test_a_tag_of_too_many_attributes_is_capped_for_the_api_too(monkeypatch) -> None:
    from newssift.extract import article

    seen: list[str] = []
    parse = article._parse
    monkeypatch.setattr(article, "_parse", lambda data, *a: seen.append(
        data.decode() if isinstance(data, bytes) else data) or parse(data, *a))
    names = " ".join(f"a{i}" for i in range(3 * MAX_ATTRS))
    page = f"<html><body><p {names}>The council met on Tuesday.</p></body></html>"
    assert extract_article(page).text == "The council met on Tuesday."
    assert len(seen) == 1 and f" a{MAX_ATTRS - 1}" in seen[0] and f" a{MAX_ATTRS} " not in seen[0]


def test_the_stage_and_the_api_give_one_article_on_a_guarded_page() -> None:
    page = ("<html><head><title>Harbour</title></head><body>" + "<span>" * (MAX_DEPTH + 20)
            + STORY * 3 + "</span>" * (MAX_DEPTH + 20) + "</body></html>")
    doc = ExtractStage().guard(Document(id="1", source="s", html=page), Stats())
    assert doc.text == extract_article(page).text and doc.text
