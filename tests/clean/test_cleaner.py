"""The cleaner on fixtures written for newssift: every reason code, every keep rule."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from newssift.clean import model as line_model
from newssift.clean.cleaner import REASON_CODES, Cleaned, clean

FIX = Path(__file__).parent / "fixtures"

BODY = [
    "The regional water board approved a new reservoir near the village of Marlow on Tuesday,",
    "ending a planning dispute that had lasted almost six years.",
    "The reservoir will hold enough water for 40,000 homes and is expected to be finished in",
    "2029, the board said in a statement after the vote.",
    "Farmers near the site had objected to the loss of grazing land, but the board agreed to",
    "pay compensation and to build a new access road for their machinery.",
    "Engineers said the dam would be built from local clay and stone to keep transport costs",
    "down and to reduce the number of lorries passing through the village.",
]
PARAS = [BODY[i] + " " + BODY[i + 1] for i in range(0, len(BODY), 2)]
TITLE = "Water board approves Marlow reservoir after six-year dispute"


def doc(*extra: str, at: int = 2) -> str:
    """The body paragraphs with the given lines inserted at paragraph position ``at``."""
    paras = [TITLE, *PARAS]
    paras[at:at] = list(extra)
    return "\n\n".join(paras)


def reasons(res: Cleaned) -> dict[str, str]:
    return {r.line: r.reason for r in res.removed}


def test_seed_fault_pattern_in_own_words():
    text = (FIX / "farm_copy.txt").read_text()
    want = json.loads((FIX / "farm_copy.expected.json").read_text())
    res = clean(text)
    got = [[r.index, r.reason] for r in res.removed]
    assert got == want["removed"]
    kept = res.text.splitlines()
    assert "Costs DOUBLED" in kept  # the subheading stays
    assert "(Erik Dahl, German version Petra Vogel and Jonas Brenner)" in kept
    assert res.title == "Harbour city council backs tram extension despite cost fears"
    assert kept[0].startswith("OSLOBERG, Feb.11 (Reuters) –")
    assert len(kept) == 10


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("See also: Ten gadgets that will change your kitchen forever", "related_link"),
        ("Read more: Storm warning issued for the west coast", "related_link"),
        ("Lesen Sie auch: Bahn erhöht die Preise im Fernverkehr", "related_link"),
        ("À lire aussi : Les prix de l'immobilier reculent à Lyon", "related_link"),
        ("Lea también: El Gobierno aprueba el nuevo presupuesto", "related_link"),
        ("You May Also Like", "recommendation_header"),
        ("Das könnte Sie auch interessieren", "recommendation_header"),
        ("Vous aimerez aussi", "recommendation_header"),
        ("Noticias relacionadas", "recommendation_header"),
        ("About the Author: Jane Whitmore", "author_box"),
        ("View all posts by Jane Whitmore", "author_box"),
        ("Leave a Reply", "comment_form"),
        ("Your email address will not be published. Required fields are marked *", "comment_form"),
        ("Deja un comentario", "comment_form"),
        ("Votre adresse e-mail ne sera pas publiée.", "comment_form"),
        ("Share this article", "share_prompt"),
        ("FacebookTwitterEmail", "share_prompt"),
        ("Teilen", "share_prompt"),
        ("Sign up for our daily newsletter and get the news first", "newsletter_prompt"),
        ("Newsletter abonnieren", "newsletter_prompt"),
        ("This website uses cookies to improve your experience.", "cookie_notice"),
        ("Diese Website verwendet Cookies.", "cookie_notice"),
        ("Home > News > Environment", "navigation"),
        ("Next article", "navigation"),
        ("Weiterlesen", "navigation"),
        ("© 2024 Marlow Gazette. All rights reserved.", "copyright_footer"),
        ("Tous droits réservés", "copyright_footer"),
        ("Advertisement", "ad_marker"),
        ("Anzeige", "ad_marker"),
        ("Story continues below advertisement", "ad_marker"),
        ("Photo: Karl Hemming/Getty Images", "media_credit"),
        ("(Image credit: Marlow Water Board)", "media_credit"),
        ("Updated 3:41 PM EST, March 4, 2024", "timestamp"),
        ("12. März 2024", "timestamp"),
        # captions that carry an agency's credit somewhere inside
        (
            "Engineers walk along the top of the old dam near Marlow, Tuesday, March 5, 2024. "
            "The board voted to replace it. (AP Photo/Lena Marsh)",
            "media_credit",
        ),
        ("FILE PHOTO: The Marlow dam seen from the north bank. REUTERS/Lena Marsh", "media_credit"),
        (
            "FILE - In this Monday, March 4, 2024, file photo, farmers gather outside the board's "
            "offices in Marlow.",
            "media_credit",
        ),
        ("Board members, left, and farmers, right, meet at the site.", "media_credit"),
        ('<img height="1" width="1" src="https://stats.example.com/p?c=12">', "markup"),
        ('[button link="https://example.com/tips"]Send us your photos[/button]', "markup"),
        (
            "We've detected you are on Internet Explorer. Please update to a modern browser.",
            "site_notice",
        ),
        ("Subscribe to continue reading this story.", "site_notice"),
        ("Have a tip? Write to the newsroom at tips@marlowgazette.example.", "site_notice"),
        ("You can also follow her on Instagram, where she posts from the valley.", "share_prompt"),
        ("By clicking Sign Up, you agree to our Terms of Use and Privacy Policy.", "site_notice"),
        (
            "If you buy something through a link on this page, we may earn a commission.",
            "ad_marker",
        ),
        (
            "Comments are moderated and must follow our community guidelines before they appear.",
            "comment_form",
        ),
        ("We store cookies on your browser to remember your choices.", "cookie_notice"),
        ("Listen and subscribe wherever you get your podcasts.", "newsletter_prompt"),
        ("BREAKING: Storm closes the coast road between Marlow and Kirkby", "related_link"),
    ],
)
def test_reason_codes(line: str, code: str):
    res = clean(doc(line))
    assert reasons(res) == {line: code}
    assert res.title == TITLE
    assert res.text.splitlines() == PARAS  # every paragraph kept


def test_every_reason_code_is_documented():
    mod = importlib.import_module("newssift.clean.cleaner")

    for code in REASON_CODES:
        assert f"``{code}``" in (mod.__doc__ or "")


def test_related_list_under_header():
    text = doc(
        "More stories",
        "Council delays vote on parking charges",
        "New bakery opens on High Street",
        at=5,
    )
    got = reasons(clean(text))
    assert got == {
        "More stories": "recommendation_header",
        "Council delays vote on parking charges": "related_link",
        "New bakery opens on High Street": "related_link",
    }


def test_bio_under_author_header():
    text = doc(
        "About the author", "Jane writes about rivers, farming and the people of the valley.", at=5
    )
    got = reasons(clean(text))
    assert got["About the author"] == "author_box"
    assert got["Jane writes about rivers, farming and the people of the valley."] == "author_box"


def test_comments_after_late_header():
    comment = "Great news for the village, about time somebody did something about the water."
    text = doc("3 Comments", comment, at=5)
    got = reasons(clean(text))
    assert got == {"3 Comments": "comment_form", comment: "comment"}


def test_injected_headline_without_see_also():
    line = "Bitcoin Traders Brace For Volatile Weekend As Altcoins Slide"
    got = reasons(clean(doc(line, at=3)))
    assert got == {line: "injected_headline"}


@pytest.mark.parametrize(
    "line",
    [
        "MARLOW, March 4 (Reuters) - The board met again on Wednesday.",  # dateline
        "(Reporting by Anna Lind; Editing by Peter Marsh)",  # credits
        "(Erik Dahl, French version Claire Morel and Paul Girard)",  # credits with a version
        "Additional reporting by Tom Hale in London",  # contributor line
        "Contributing: Sara Jones, The Associated Press",  # contributor line
        "By Martin Eckersley",  # byline
        "Reservoir plans",  # a short on-topic subheading
        "“It is the end of a long road,” the board’s chairman said.",  # quote
        "Share prices of the water company rose 3% after the vote.",  # chrome words in a sentence
        "See also the board's report, which runs to 400 pages.",  # "See also" in a sentence
    ],
)
def test_keep_rules(line: str):
    res = clean(doc(line, at=3))
    assert res.removed == []
    assert line in res.text.splitlines()


def test_keep_rules_read_names_and_places_beyond_latin1():
    from newssift.clean.keep import keep_reason

    # capitals and lower-case letters of every script (vocab/letters.py): before session 27
    # "Wałęsa" stopped at its "ł" (too little of the line was names to be a credits line),
    # and "Łukasz", "İlham", "İSTANBUL", "ŁÓDŹ" were no capitals
    for line, reason in [
        ("(Lech Wałęsa, Jarosław Kaczyński)", "credits"),
        ("(Łukasz Szumowski, Lech Wałęsa)", "credits"),
        ("By Łukasz Szumowski", "byline"),
        ("By İlham Aliyev and Lech Wałęsa", "byline"),
        ("İSTANBUL (Reuters) — Turkey said on Monday it would respond.", "dateline"),
        ("ŁÓDŹ, Poland — The city council voted on Monday.", "dateline"),
    ]:
        assert keep_reason(line) == reason, line


def test_fact_check_and_translation_credits_are_kept():
    for line in ("Fact Checked By Jane Whitmore", "(Translated from the German by Karl Meyer)"):
        res = clean(doc(line, at=3))
        assert res.removed == [], line
        assert line in res.text.splitlines()


def test_caption_shape_yields_to_a_quote():
    line = "“We met on Tuesday, March 5, 2024, and agreed,” the chairman said."
    assert clean(doc(line, at=3)).removed == []


def test_title_taken_from_the_opening_headline():
    res = clean(doc())
    assert res.title == TITLE
    assert res.text.splitlines() == PARAS
    assert res.removed == []


def test_no_title_when_the_text_opens_with_a_sentence():
    text = "\n".join(PARAS)
    res = clean(text)
    assert res.title is None
    assert res.text.splitlines() == PARAS


@pytest.mark.parametrize(
    "opening",
    [
        "GIRLS BASKETBALL",  # a kicker in capitals
        "Staff Reports",  # too short for a headline
        "Pros: cheap water; more jobs; a new road",  # a spec line
        "Is this the end? Farmers think so",  # two sentences
        "MARLOW, March 4 (Reuters) - The board met again",  # a dateline
    ],
)
def test_openings_that_are_not_titles(opening: str):
    res = clean(opening + "\n\n" + "\n\n".join(PARAS))
    assert res.title is None
    assert res.text.splitlines()[0] == opening


def test_known_title_is_taken_only_when_repeated():
    res = clean(doc(), title="Water Board Approves Marlow Reservoir After Six-Year Dispute")
    assert res.title == TITLE
    other = clean(doc(), title="Marlow gets its reservoir")
    assert other.title is None
    assert other.text.splitlines()[0] == TITLE


def test_title_printed_twice_is_a_duplicate():
    res = clean(doc(TITLE, at=3))
    assert res.title == TITLE
    assert [(r.line, r.reason) for r in res.removed] == [(TITLE, "duplicate_line")]


def test_contributor_bio_at_the_end():
    bio = (
        "Jane Whitmore is a senior reporter covering water and farming for the Marlow Gazette. "
        "Reach her at jane@marlowgazette.example."
    )
    res = clean(doc("About Jane Whitmore", bio, at=5))
    assert reasons(res) == {"About Jane Whitmore": "author_box", bio: "author_box"}
    # the same sentence shape early in the story is the story's own
    early = "Tom Hale is a reporter who first wrote about the leaking dam in 2019."
    assert clean(doc(early, at=1)).removed == []


def test_story_list_is_kept():
    items = [
        "• a new access road for farm machinery",
        "• compensation for lost grazing land",
        "• a footpath around the reservoir",
    ]
    text = doc("The board agreed to three conditions:", *items, at=3)
    res = clean(text)
    assert res.removed == []
    for item in items:
        assert item in res.text


def test_weak_rule_yields_to_keep_rule():
    # a photo-credit-like line that is the story's credits line stays
    line = "(Reuters)"
    res = clean(doc(line, at=5))
    assert line in res.text.splitlines()


def test_unicode_repair_and_whitespace():
    text = "CafÃ© owners â€œwelcomeâ€\x9d   the plan\u00a0today.\x07\n\nLeave\u00a0a\u200b Reply"
    res = clean(text)
    assert res.text == "Café owners “welcome” the plan today."
    assert [(r.index, r.reason) for r in res.removed] == [(2, "comment_form")]


def test_indices_refer_to_input_lines():
    text = (
        "Title of story\r\n\r\nFirst paragraph of the story, with enough words.\r\n"
        "Advertisement\r\nLast."
    )
    res = clean(text)
    assert [(r.index, r.line) for r in res.removed] == [(3, "Advertisement")]
    assert res.text.splitlines() == [
        "Title of story",
        "First paragraph of the story, with enough words.",
        "Last.",
    ]


def test_empty_and_blank():
    assert clean("").text == ""
    assert clean("\n \n\t\n").removed == []


def test_model_removal_has_reason_and_score(monkeypatch):
    class Fake:
        def predict_doc(self, lines, rows=None):
            import numpy as np

            return np.array([0.99 if line == "zzz qqq www" else 0.01 for line in lines])

    monkeypatch.setattr(line_model, "load", lambda kind="news": Fake())
    res = clean(doc("zzz qqq www"))
    assert [(r.line, r.reason, r.score) for r in res.removed] == [
        ("zzz qqq www", "boilerplate", 0.99)
    ]


def test_deterministic():
    text = (FIX / "farm_copy.txt").read_text()
    assert clean(text) == clean(text)


def test_duplicate_caption_removed_once_but_templates_kept():
    caption = "Workers inspect the dam wall near Marlow on a grey morning"
    got = clean(doc(caption, caption, at=3))
    assert [(r.line, r.reason) for r in got.removed] == [(caption, "duplicate_line")]
    assert got.text.count(caption) == 1
    question = "What made you start cooking for your neighbours every week?"
    kept = clean(doc(question, "Answer one.", question, "Answer two.", question, at=3))
    assert kept.removed == []


def test_image_file_name_is_a_media_credit():
    line = "marlow-reservoir-dam-wall-aerial-03.jpg"
    assert reasons(clean(doc(line))) == {line: "media_credit"}


def test_menu_block_is_navigation():
    menu = ["World", "Politics", "Business", "Sport", "Culture"]
    got = reasons(clean(doc(*menu, at=1)))
    assert got == dict.fromkeys(menu, "navigation")


def test_short_subheadings_between_paragraphs_are_kept():
    res = clean(
        doc("Reservoir plans", at=2) + "\n\nA long wait\n\nThe board will meet again in May."
    )
    assert res.removed == []
