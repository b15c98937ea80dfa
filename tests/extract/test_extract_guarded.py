"""The parser's budget (``extract.guard``) holds for a caller of the public ``extract``,
not only for the pipeline's stage (session 29's Left item: ``newssift.extract_article``
handed a page straight to lexbor, past the attribute cap, the depth flattening and the
element budget the stage applies)."""

from __future__ import annotations

import pytest

from newssift import extract_article
from newssift.extract.guard import MAX_ATTRS, MAX_DEPTH, MAX_NODES, PathologicalHTML
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


def _parsed(monkeypatch) -> list[str]:
    """What reaches the parser in each call of ``extract_page`` (its ``_parse``)."""
    from newssift.extract import article

    seen: list[str] = []
    parse = article._parse
    monkeypatch.setattr(article, "_parse", lambda data, *a: seen.append(
        data.decode() if isinstance(data, bytes) else data) or parse(data, *a))
    return seen


def test_a_page_nested_too_deep_reaches_the_parser_flattened(monkeypatch) -> None:
    from newssift.extract.guard import measure

    page = ("<html><body>" + "<div>" * (MAX_DEPTH + 500) + STORY + "</div>" * (MAX_DEPTH + 500)
            + "</body></html>")
    seen = _parsed(monkeypatch)
    art = extract_article(page)
    assert "harbour wall" in art.text
    assert len(seen) == 1 and measure(seen[0]).depth <= MAX_DEPTH  # (the page: deeper)
    # the pipeline's stage hands the parser the same flattened page
    doc = ExtractStage().guard(Document(id="1", source="s", html=page), Stats())
    assert len(seen) == 2 and seen[1] == seen[0] and doc.text == art.text


def test_a_tag_of_too_many_attributes_is_capped_for_the_api_too(monkeypatch) -> None:
    seen = _parsed(monkeypatch)
    names = " ".join(f"a{i}" for i in range(3 * MAX_ATTRS))
    page = f"<html><body><p {names}>The council met on Tuesday.</p></body></html>"
    assert extract_article(page).text == "The council met on Tuesday."
    assert len(seen) == 1 and f" a{MAX_ATTRS - 1}" in seen[0] and f" a{MAX_ATTRS} " not in seen[0]

