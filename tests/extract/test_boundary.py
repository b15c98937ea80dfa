"""The boundary scorer (issue 16, session 33): a learned decision on the lines ``trim`` cuts
at the story's ends, ``models/extract_boundary.json`` (``train/train_boundary.py``)."""

from __future__ import annotations

import pytest

from newssift.extract import body
from newssift.extract.article import extract

PARA = (
    "The engine was rebuilt over the winter with new parts from the factory, and the team "
    "spent many weeks testing it on the road before the first race of the season. "
)
SPECS = ["Firing order: 1-3-4-2", "Balance: Internal", "Reluctor wheel: 58X",
         "Ignition system: Coil-on-plug"]  # fmt: skip


def _page(tail: str) -> str:
    paragraphs = "".join(
        f"<p>{PARA}Paragraph {i} adds detail about the build and the tests.</p>" for i in range(5)
    )
    return (
        "<html><head><title>Engine notes</title></head><body><article>"
        f"{paragraphs}{tail}</article></body></html>"
    )


SPEC_PAGE = _page("<ul>" + "".join(f"<li>{s}</li>" for s in SPECS) + "</ul>")


@pytest.fixture
def no_model(monkeypatch):
    monkeypatch.setattr(body, "load_boundary_model", lambda: None)


def test_the_shipped_model_loads_once_and_is_small():
    model = body.load_boundary_model()
    assert model is not None, "models/extract_boundary.json is missing or unreadable"
    assert body.load_boundary_model() is model  # read once per process
    assert isinstance(model["threshold"], float) and isinstance(model["bias"], float)
    assert 0 < len(model["w"]) < 400
    assert body.BOUNDARY_PATH.stat().st_size < 20_000


def test_a_spec_list_ending_the_story_is_kept():
    """The tail trim pops short non-sentences off the body's end (credits, share labels),
    and with them a spec list that closes the story; the scorer keeps it (a naeb tuning
    page's engine specs, session 33). Fails without the model."""
    text = extract(SPEC_PAGE, identify=False).text
    assert text.splitlines()[-4:] == SPECS


def test_without_the_model_the_rules_cut_it(no_model):
    text = extract(SPEC_PAGE, identify=False).text
    assert text.splitlines()[-1].endswith("the tests.")
    assert not any(s in text for s in SPECS)


def test_precision_favor_leaves_the_rules_alone():
    text = extract(SPEC_PAGE, identify=False, favor="precision").text
    assert not any(s in text for s in SPECS)


@pytest.mark.parametrize(
    "tail, cut",
    [
        ("<p>Share this article</p><p>Follow us on Twitter</p>", ["Share", "Follow"]),
        (
            '<div class="related"><h3>Related stories</h3><ul><li><a href="/a">A harbour '
            'reopens after the storm</a></li><li><a href="/b">Schools close for the week'
            "</a></li></ul></div>",
            ["harbour", "Schools"],
        ),
        ('<p class="credit">Main image: Getty Images</p>', ["Getty"]),
    ],
)
def test_chrome_at_the_end_stays_cut(tail, cut):
    text = extract(_page(tail), identify=False).text
    assert text.splitlines()[-1].endswith("the tests.")
    for word in cut:
        assert word not in text


def test_the_order_of_the_page_is_kept():
    """A kept cut line goes back where it was, not after the story."""
    lines = extract(SPEC_PAGE, identify=False).text.splitlines()
    assert lines[0].startswith("The engine") and lines[-1] == SPECS[-1]


def test_the_features_are_named_in_one_order():
    """The logit is summed in the features' order: path words are added sorted, so every
    process sums the same way (the same bytes at -w 1 and -w 2)."""
    from selectolax.lexbor import LexborHTMLParser

    from newssift.extract.blocks import walk

    page = walk(LexborHTMLParser(SPEC_PAGE).body)
    _c, kept = body._kept_by_rules(page, body.FAVORS["balanced"])
    out, cuts = body.trim_cuts(kept, body.FAVORS["balanced"])
    assert [k for _ln, k in cuts] == ["tail"] * 4
    for _ln, _k, x in body.boundary_rows(out, cuts, page):
        words = [k for k in x if k.startswith("w=")]
        assert words == sorted(words)
