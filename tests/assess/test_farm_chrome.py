"""chrome_density (template_chrome_kinds/v3): a blog or newsroom page with the chrome its engine
renders in the post area (comments, prev/next links, a related rail) is not a farm page; a farm
theme's author box, recommendation rail and share bar around a pasted article still are."""

from __future__ import annotations

from newssift.assess.forensics import chrome
from newssift.assess.forensics.view import Line
from newssift.assess.stage import AssessStage
from newssift.clean.stage import CleanStage
from newssift.extract.stage import ExtractStage
from newssift.news.stage import NewsStage
from newssift.record import Document
from newssift.stage import Stats, run_stages
from tests.assess.fixtures import view

BODY = "\n".join(
    f"The council voted on the {w} plan on Tuesday after a long debate about costs and roads."
    for w in ("bus", "tram", "bridge", "parking", "cycle", "budget")
)


def _dropped(*lines: str) -> list[Line]:
    return [Line(t, 6, -1, "dropped", "inside") for t in lines]


def test_engine_chrome_dropped_inside_counts_as_one_kind():
    v = view(BODY)
    v.dropped = _dropped("Related Posts:", "Previous post: Budget talks stall", "Leave a Comment")
    kinds = chrome.chrome_kinds(v)
    assert set(kinds) == {"recommendation_header", "comments_or_pager"}
    assert chrome.detect(v) == []


def test_farm_theme_chrome_dropped_inside_is_still_flagged():
    v = view(BODY)
    v.dropped = _dropped(
        "About the Author: Dana Whitfield", "You May Also Like", "Share this:", "Leave a Reply"
    )
    (flag,) = chrome.detect(v)
    assert flag.name == "chrome_density" and flag.rule == "template_chrome_kinds/v3"
    assert flag.value == 4.0


def test_text_without_drops_keeps_comments_and_pager_apart():
    text = BODY + "\nYou May Also Like\nPost navigation\nLeave a Reply"
    (flag,) = chrome.detect(view(text))
    assert flag.name == "chrome_density" and flag.value == 3.0


def _page(post_area: str) -> str:
    paras = "".join(f"<p>{ln}</p>" for ln in BODY.split("\n"))
    return (
        "<html><head><title>Council votes on transport plan</title></head><body>"
        '<header><a href="/">The Riverside Ledger</a><nav><a href="/news">News</a> '
        '<a href="/city">City</a></nav></header>'
        '<main><article class="post"><h1>Council votes on transport plan</h1>'
        f'<div class="entry-content">{paras}{post_area}</div></article></main>'
        "<footer><p>Copyright 2026 The Riverside Ledger</p></footer></body></html>"
    )


NEWSROOM = (
    '<div class="related"><h3>Related Posts:</h3><ul>'
    '<li><a href="/a">Harbour dredging starts next month</a></li>'
    '<li><a href="/b">School meals price frozen for a year</a></li></ul></div>'
    '<nav class="post-navigation"><a href="/p">Previous post: Library hours extended</a> '
    '<a href="/n">Next post: Rail strike called off</a></nav>'
    '<div id="comments"><h3>Leave a Comment</h3><form><p>Your email address will not be '
    "published. Required fields are marked *</p><textarea></textarea></form></div>"
)
FARM = (
    '<div class="author-box"><h4>About the Author: Dana Whitfield</h4>'
    "<p>Dana Whitfield covers transport for the site.</p></div>"
    '<div class="share"><p>Share this:</p><a href="/f">Facebook</a> <a href="/t">Twitter</a></div>'
    '<div class="related"><h3>You May Also Like</h3><ul>'
    '<li><a href="/a">Ten Celebrity Diets That Actually Work Wonders</a></li>'
    '<li><a href="/b">Crypto Whales Are Buying This Coin Right Now</a></li></ul></div>'
    '<div id="comments"><h3>Leave a Reply</h3><form><textarea></textarea></form></div>'
)


def _run(html: str) -> Document:
    stages = [ExtractStage(), CleanStage(), NewsStage(), AssessStage()]
    (doc,) = list(run_stages(stages, [Document(id="p", source="x", html=html)], Stats()))
    return doc


def test_newsroom_post_area_through_the_pipeline_has_no_chrome_density():
    doc = _run(_page(NEWSROOM))
    assert doc.dropped  # the chrome is on the record
    assert "chrome_density" not in {f.name for f in doc.flags}


def test_farm_post_area_through_the_pipeline_has_chrome_density():
    doc = _run(_page(FARM))
    flags = [f for f in doc.flags if f.name == "chrome_density"]
    assert flags and flags[0].rule == "template_chrome_kinds/v3"


def test_three_kinds_only_among_the_drops_are_context_not_a_farm_flag():
    # a blog engine's post area as the extractor drops it inside the container: a related
    # rail, a share prompt and a comment count (dragnet's tuning half has such pages one kind
    # short of this): three kinds give the context flag, chrome_density needs all four (v3)
    v = view(BODY)
    v.dropped = _dropped("Related Posts", "Share this Post", "12 Comments")
    (flag,) = chrome.detect(v)
    assert flag.name == "template_chrome_beside"
    assert flag.rule == "template_chrome_kinds_beside/v3" and flag.value == 3.0
    # the same three pasted into the text are still the farm flag
    (flag,) = chrome.detect(view(BODY + "\nRelated Posts\nShare this Post\n12 Comments"))
    assert flag.name == "chrome_density" and flag.rule == "template_chrome_kinds/v3"
