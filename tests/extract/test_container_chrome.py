"""Container choice on pages with little text (issue 16, dragnet-content tuning losses):
a three-sentence post beside a long "About me" widget, a short open thread under hundreds of
reader comments, a photo post whose story is told in its captions, a caption paragraph with
its credit. The rules that fixed the strict xfails here (session 10, commit bbd3671 and
6e70d96: chrome-marked elements without a story below them, chrome candidates at 0.15, caption
posts, caption credits) raised held-out dragnet 0.816 -> 0.828 but lowered held-out aeb
0.967 -> 0.962 and naeb 0.936 -> 0.934, and were reverted whole (docs/bench/extraction.md).
Since session 14 a chrome-marked element is the container only when nothing outside chrome
scores above zero (body.select_container): the widget tests below pass again."""

from __future__ import annotations

import datetime as dt

import pytest

from newssift.extract.article import extract

TODAY = dt.date(2024, 1, 1)
NAV = "".join(f'<li><a href="/c/{i}">Category {i}</a></li>' for i in range(40))
POST = (
    "Three new trails opened in the northern hills this week, each marked with signs in two "
    "languages. The longest runs eleven kilometres along the ridge and back down to the lake."
)
BIO = (
    "I worked for twenty years as an equity analyst with three brokerage firms and edited an "
    "investment newsletter about companies with proprietary technology. My writing has "
    "appeared in several financial magazines, newspapers and websites over the years, and I "
    "have been quoted on television and radio about markets, filings and the companies I "
    "follow. This blog is where I write about the filings other investors overlook."
)


def test_a_short_post_beats_a_long_about_me_widget():
    """The sidebar widget holds most of the page's paragraph text: its "widget" mark was
    ignored as if it were a page wrapper ("sidebar-second" on <body>), though nothing of a
    story sits below it. Passes since session 14: a chrome-marked element is the container
    only when nothing outside chrome has a positive score (body.select_container)."""
    page = (
        f"<html><body><div class='outer'><ul class='nav'>{NAV}</ul><div class='main'>"
        "<div class='blog widget'><div class='post hentry'><h3>New trails open</h3>"
        f"<div class='post-body entry-content'><div>{POST}</div></div></div></div></div>"
        "<div class='sidebar-wrapper'><div class='widget profile'><h2>About Me</h2>"
        f"<dl class='profile-datablock'><dd class='profile-textblock'>{BIO}</dd></dl>"
        "</div></div></div></body></html>"
    )
    art = extract(page, today=TODAY)
    assert art.text == POST


def test_a_text_widget_is_a_widget():
    """WordPress's text widget is ``widget widget_text``: "text" is no story word there.
    Passes since session 14 (the same rule as the test above)."""
    page = (
        f"<html><body><ul class='nav'>{NAV}</ul><div id='content'><div class='post hentry'>"
        f"<h2>New trails open</h2><div class='entry-content'><p>{POST}</p></div></div></div>"
        "<ul class='xoxo'><li class='widget widget_recent_entries'><h3>Recent posts</h3><ul>"
        + "".join(f"<li><a href='/p/{i}'>An older post about the hills, part {i}</a></li>"
                  for i in range(10))
        + "</ul></li><li class='widget widget_text'><h3>About:</h3>"
        f"<div class='textwidget'><p>{BIO}</p></div></li></ul></body></html>"
    )
    assert extract(page, today=TODAY).text == POST


def test_a_short_open_thread_beats_its_comments():
    comment = (
        "I was at the morning practice as well and the new receivers looked sharp, much "
        "sharper than last year, though the heat made everyone slow by the end of it. {}"
    )
    thread = "".join(
        f"<div class='citem comment'><div class='cbody comment'><p>{comment.format(i)}</p>"
        f"<p>{comment.format(i + 100)}</p><p>{comment.format(i + 200)}</p></div>"
        f"<p class='by'>by reader{i} reply</p></div>"
        for i in range(30)
    )
    page = (
        f"<html><body><ul class='nav'>{NAV}</ul><div class='entries'><div class='entry'>"
        "<h1>Training camp open thread</h1><div class='entry-body'>"
        f"<p>{POST}</p></div></div></div><div id='comments'>{thread}</div></body></html>"
    )
    art = extract(page, today=TODAY)
    assert art.text == POST


def test_a_photo_post_told_in_captions_keeps_its_captions():
    """Passes since session 13: when the container keeps no paragraph without its captions,
    they are the story (body.select_body); session 10's wider caption rule stays reverted."""
    captions = [
        f"Picture {i}: the stall at the festival, with shirts printed by hand in the back "
        f"room and stacked on the table by colour, number {i} of the set." for i in range(6)
    ]
    gallery = "".join(
        f"<div class='image-wrapper'><img src='/{i}.jpg'><div class='image-meta'>Mouseover "
        f"photo to add a note</div></div><div class='image-caption'><p>{c}</p></div>"
        for i, c in enumerate(captions)
    )
    page = (
        f"<html><body><ul class='nav'>{NAV}</ul><div class='post item'><h1>Festival stall</h1>"
        f"<div class='post-date'>Wed 2012/11/07</div>{gallery}</div></body></html>"
    )
    art = extract(page, today=TODAY)
    assert art.text.split("\n") == captions
    # a story with a captioned picture keeps its paragraphs and drops the caption
    story = "".join(f"<p>{POST} Paragraph {i}.</p>" for i in range(5))
    page2 = page.replace(gallery, story + gallery[: gallery.index("</div></div>") + 12]
                         + f"<div class='image-caption'><p>{captions[0]}</p></div>")
    assert captions[0] not in extract(page2, today=TODAY).text


@pytest.mark.xfail(strict=True, reason="known miss: session 10's rule lowered held-out aeb")
def test_a_caption_with_its_credit_is_not_article_text():
    """A picture's caption written as a paragraph of the story, told by the credit it ends
    with ("(Image: GETTY)"); a credit line alone stays (dragnet's truth keeps those)."""
    caption = "Protesters have worn masks to protect their identities (Image: GETTY)"
    alone = "(Credit: Jo Miller/Example)"
    paras = [f"{POST} Part {i}." for i in range(4)]
    page = (
        f"<html><body><ul class='nav'>{NAV}</ul><article><h1>New trails open</h1>"
        f"<p>{paras[0]}</p><p>{caption}</p><p>{paras[1]}</p><p>{alone}</p>"
        + "".join(f"<p>{p}</p>" for p in paras[2:]) + "</article></body></html>"
    )
    art = extract(page, today=TODAY)
    assert caption not in art.text
    assert art.text.split("\n") == [paras[0], paras[1], alone, *paras[2:]]
    assert caption in extract(page, today=TODAY, favor="recall").text


def test_a_sidebar_text_widget_with_most_of_the_text_is_chrome():
    """Session 11: a sidebar holding 50-80% of the paragraph text, with no story element
    below it (a text widget's "text" is no story word), is chrome; the post wins."""
    page = (
        f"<html><body><div class='page'><ul class='nav'>{NAV}</ul><div class='content hfeed'>"
        f"<div class='post hentry'><div class='entry-content'><p>{POST} {POST}</p></div></div>"
        "</div><div class='sidebar'><ul><li class='widget widget_text'><div class='textwidget'>"
        f"<p>{BIO}</p></div></li></ul></div></div></body></html>"
    )
    assert extract(page, today=TODAY).text == f"{POST} {POST}"


def test_a_form_around_the_whole_page_is_no_chrome():
    """ASP.NET wraps the whole page in one <form>: a wrapper, kept though no story word
    sits below it (the storyless rule is for sidebars, widgets and comment areas only)."""
    page = (
        f"<html><body><form id='aspnetForm'><ul class='nav'>{NAV}</ul><div class='x'>"
        f"<p>{POST}</p><p>{BIO}</p></div></form></body></html>"
    )
    text = extract(page, today=TODAY).text
    assert POST in text and BIO in text
