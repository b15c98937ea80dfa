"""A page over the parser's budget given to ``assess`` (review r43): with a text, the page
is evidence beside it and is left out; alone, it is a one-line error, not a traceback."""

from __future__ import annotations

from click.testing import CliRunner

from newssift.assess.assessment import assess
from newssift.cli import main
from newssift.extract.guard import MAX_NODES

TEXT = "The council met on Tuesday and voted to repair the old harbour wall before winter."
HUGE = "<html><body>" + "<i></i>" * (MAX_NODES + 5) + "<p>x</p></body></html>"


def test_a_text_with_a_page_over_the_budget_is_assessed_without_the_page() -> None:
    res = assess(TEXT, html=HUGE)
    assert res.content_farm == assess(TEXT).content_farm


def test_a_page_over_the_budget_alone_is_one_line(tmp_path) -> None:
    page = tmp_path / "huge.html"
    page.write_text(HUGE)
    res = CliRunner().invoke(main, ["assess", "-", "--html", str(page)], input="")
    assert res.exit_code != 0
    assert "Traceback" not in res.output and "html_too_many_nodes" in res.output
    assert len(res.output.strip().splitlines()) == 1
