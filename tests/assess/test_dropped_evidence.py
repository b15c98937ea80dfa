"""assess reads what the extractor dropped: farm chrome served as HTML is evidence, with where
it sat; and every flag and removed entry counts in one line numbering."""

from __future__ import annotations

from pathlib import Path

from newssift.assess import assess
from newssift.assess.forensics import FARM_FLAGS
from newssift.assess.stage import AssessStage
from newssift.clean.stage import CleanStage
from newssift.extract.stage import ExtractStage
from newssift.news.stage import NewsStage
from newssift.record import Document
from newssift.stage import Stats, run_stages

FIX = Path(__file__).parents[1] / "extract" / "fixtures"
FARM_HTML = (FIX / "farm_wordpress.html").read_text(encoding="utf-8")


def _pipeline(html: str) -> Document:
    stages = [ExtractStage(), CleanStage(), NewsStage(), AssessStage()]
    (doc,) = list(run_stages(stages, [Document(id="a", source="x", html=html)], Stats()))
    return doc


def test_farm_page_as_html_is_flagged_from_its_dropped_chrome():
    doc = _pipeline(FARM_HTML)
    assert doc.decision != "quarantine"
    names = {f.name for f in doc.flags}
    assert {"generated_bio", "injected_headline", "chrome_density"} <= names
    assert doc.scores["content_farm"] >= 0.5
    bio = next(f for f in doc.flags if f.name == "generated_bio")
    assert bio.text.startswith("[dropped before line ")
    assert "author_box" in bio.text and "the article" in bio.text
    head = next(f for f in doc.flags if f.name == "injected_headline")
    assert "inside the article container" in head.text and "Dogecoin" in head.text
    # the flag's line is the line of the extracted text the block sat before
    block = next(b for b in doc.dropped if b.line.startswith("See also"))
    assert head.line == block.index and head.start == -1


def test_same_page_via_assess_html_argument():
    res = assess("", html=FARM_HTML)
    assert res.content_farm >= 0.5
    assert any(f.name == "generated_bio" for f in res.flags)


def test_newsroom_chrome_beside_the_article_is_not_farm_evidence():
    # a related-stories rail about other things, a human author box, share and comments:
    # every newsroom has them
    html = FARM_HTML.replace(
        '<p><strong>See also</strong> <a href="/x/">Dogecoin Whales Accumulate As Solana '
        "Stalls, Predicts Trader Ronan Blackwood</a></p>",
        "",
    ).replace(
        "Organizer. Zombie aficionado. Wannabe reader. Passionate writer. Music scholar. "
        "Web expert.",
        "Forrest Morton covers city hall and transport for the paper.",
    ).replace("Leave a Reply", "Comments").replace("Share this:", "")
    doc = _pipeline(html)
    names = {f.name for f in doc.flags if f.name in FARM_FLAGS}
    assert not names & {"generated_bio", "injected_headline"}
    assert doc.scores["content_farm"] < 0.5
    # with the WordPress comment-form wording gone too, no farm flag at all
    doc = _pipeline(html.replace("Your email address will not be published.", "Be kind."))
    assert [f.name for f in doc.flags if f.name in FARM_FLAGS] == []
    assert doc.dropped  # the chrome is still on the record


def test_one_numbering_for_kept_flags_and_removed_lines():
    text = "\n".join(
        [
            "Title Of The Story Here",
            "",
            "PARIS (Reuters) - The first paragraph is long enough to be a paragraph of the "
            "story and it says something about the talks.",
            "",
            "See also  Pop Star Unveils Surprise Perfume Line At Desert Gala In Dubai Tonight",
            "",
            "The second paragraph speaks of the talks and of the ministers who met on Monday "
            "in the capital, with the DGRADES word in it.",
            "",
            "The third paragraph goes on about the talks, the ministers, the capital and the "
            "plans they made for the coming weeks and months ahead.",
        ]
    )
    res = assess(text)
    lines = text.split("\n")
    dgrades = next(f for f in res.flags if f.name == "accent_stripped_word")
    assert dgrades.line == 6 and "DGRADES" in lines[dgrades.line]
    head = next(f for f in res.flags if f.name == "injected_headline")
    assert head.line == 4 and lines[4].startswith("See also")


def test_farm_page_in_another_language_does_not_crash():
    html = FARM_HTML.replace('lang="en"', 'lang="de"').replace(
        "The city council voted on Tuesday evening",
        "Der Stadtrat hat am Dienstagabend beschlossen",
    )
    html = html.replace("See also", "Lesen Sie auch").replace(
        "You May Also Like", "Das könnte Sie auch interessieren"
    ).replace("Leave a Reply", "Kommentar hinterlassen")
    doc = _pipeline(html)
    assert doc.decision != "quarantine" and doc.error is None
    assert "content_farm" in doc.scores
    arabic = _pipeline(
        "<html lang='ar'><body><article>"
        + "<p>هذه فقرة طويلة بما يكفي لتكون فقرة من المقال وهي تتحدث عن المجلس والطرق.</p>" * 4
        + "</article><div class='author-box'>كاتب. محب للقهوة. خبير ويب.</div></body></html>"
    )
    assert arabic.error is None and "content_farm" in arabic.scores


def test_bad_pages_through_assess_do_not_crash():
    links = "".join(f'<a href="/{i}">Link {i}</a> ' for i in range(2000))
    for html in (
        "<html></html>",
        f"<html><body>{links}</body></html>",
        "<html><body>" + "<div class='widget'><p>x</p></div>" * 5000 + "</body></html>",
    ):
        doc = _pipeline(html)
        assert doc.error is None
        assert len(doc.dropped) <= 400


SEE_ALSO = (
    '<p><strong>See also</strong> <a href="/x/">Dogecoin Whales Accumulate As Solana '
    "Stalls, Predicts Trader Ronan Blackwood</a></p>"
)
HUMAN = FARM_HTML.replace(
    "Organizer. Zombie aficionado. Wannabe reader. Passionate writer. Music scholar. "
    "Web expert.",
    "Forrest Morton covers city hall and transport for the paper.",
)


def _headlines(html: str) -> list:
    return [f for f in _pipeline(html).flags if f.name == "injected_headline"]


def test_lone_linked_headline_in_the_body_is_evidence_without_a_prefix():
    bare = HUMAN.replace(SEE_ALSO, SEE_ALSO.replace("<strong>See also</strong> ", ""))
    assert bare != HUMAN
    (flag,) = _headlines(bare)
    assert flag.text.startswith("[dropped before line 2, injected_link, inside the article")
    assert "bare;" in flag.text and flag.rule == "headline_topic_distance/v4"
    # page structure alone (the link pasted into the body, the blog template around the
    # article) carries the page over 0.5: a human bio, no credit, no fault in the text
    doc = _pipeline(bare)
    names = {f.name for f in doc.flags}
    assert "injected_headline" in names
    assert names & {"chrome_density", "template_chrome_beside"}
    assert not names & {"generated_bio", "accent_stripped_word", "spun_phrase"}
    assert doc.scores["content_farm"] >= 0.5


def test_shop_buttons_in_the_body_are_not_injected_headlines():
    """A product list's row of shop links ("View On Wayfair $27 ...") is link text pasted
    between paragraphs too, but carries prices: not a headline (v3)."""
    shop = ('<p><a href="/w/">View On Wayfair $27</a> <a href="/m/">View On Walmart $24</a> '
            '<a href="/q/">View On Target Stores Today $26</a></p>')
    page = HUMAN.replace(SEE_ALSO, shop)
    assert page != HUMAN
    assert _headlines(page) == []


def test_newsroom_teasers_in_the_body_are_not_injected_headlines():
    teasers = "".join(
        f'<p><a href="/t/{k}/">{head}</a></p>'
        for k, head in enumerate(
            [
                "Pop Star Unveils Surprise Perfume Line At Desert Gala",
                "Ten Celebrity Kitchens That Will Make You Rethink Marble",
                "Cardano Price Prediction Sends Investors Scrambling For Altcoins",
            ]
        )
    )
    assert _headlines(HUMAN.replace(SEE_ALSO, teasers)) == []  # several in a row: a list
    sentence = '<p><a href="/y/">Mayor opens the new swimming pool in the north of town</a></p>'
    assert _headlines(HUMAN.replace(SEE_ALSO, sentence)) == []  # sentence case: a teaser


def test_farm_page_in_german_with_its_template_bio_is_flagged():
    de = (
        "<p>Der Stadtrat hat am Dienstagabend beschlossen, elf Kilometer geschützte Radwege "
        "entlang des Flusses zu bauen, und damit einen Streit beendet, der die Anwohner seit "
        "mehr als einem Jahr gespalten hatte.</p>"
        "<p>Der Plan, der mit sieben zu vier Stimmen angenommen wurde, streicht etwa "
        "zweihundert Parkplätze in der Hafenstraße und am Mühlenweg.</p>"
        "<p>„Wir haben allen zugehört und die Strecke zweimal geändert“, sagte die "
        "Stadträtin Maria Oduya, die den Verkehrsausschuss leitet.</p>"
        "<p>Die Bauarbeiten sollen im Frühjahr beginnen und etwa neun Monate dauern. Der Rat "
        "hat dafür vier Millionen Euro bereitgestellt, größtenteils aus einem Regionalfonds.</p>"
    )
    start = FARM_HTML.index('<div class="entry-content">') + len('<div class="entry-content">')
    end = FARM_HTML.index("<div", start)
    html = FARM_HTML[:start] + de + FARM_HTML[end:]
    html = html.replace('lang="en"', 'lang="de"').replace("Leave a Reply", "Antworten")
    doc = _pipeline(html)
    assert doc.error is None and doc.language == "de"
    assert "Radwege" in doc.text
    assert any(f.name == "generated_bio" for f in doc.flags)
    assert doc.scores["content_farm"] >= 0.5


def test_html_page_in_one_numbering_from_extractor_to_report():
    from newssift.report.lines import merged_lines

    doc = _pipeline(FARM_HTML)
    lines = doc.text.split("\n")
    merged = merged_lines(lines, doc.line_numbers, doc.removed, doc.dropped, doc.dropped_total)
    order = [m["t"] for m in merged]
    at = {t: k for k, t in enumerate(order)}
    see_also = next(t for t in order if t.startswith("See also"))
    plan = next(t for t in order if t.startswith("The plan"))
    listened = next(t for t in order if t.startswith('"We listened'))
    bio = next(t for t in order if t.startswith("Organizer."))
    # the drop sits where the page had it, struck through with its reason and where
    assert at[plan] < at[see_also] < at[listened] < at[bio]
    assert "inside the article" in merged[at[see_also]]["removed"]
    assert order[0].startswith("Trendz Hub")  # the page header, summarised, comes first
    # every flag on a line points at the line the report shows there
    for f in doc.flags:
        if f.line >= 0 and f.start >= 0:
            assert doc.text[f.start : f.end] in lines[doc.line_numbers.index(f.line)]
        elif f.line >= 0:
            assert any(
                f.text.startswith(f"[dropped before line {b.index}, {b.reason},")
                and f.text.split("] ", 1)[1][:20] in b.line
                for b in doc.dropped
            )
