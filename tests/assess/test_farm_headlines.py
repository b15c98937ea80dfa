from newssift.assess.forensics import headlines
from newssift.record import RemovedLine
from tests.assess.fixtures import view

BODY = (
    "The harbour strike entered its third day as dockworkers blocked the container terminals.\n"
    "The union wants the dismissed crane operators reinstated and a bonus for night shifts.\n"
    "Ships waited at anchor while the port authority and the union traded accusations.\n"
    "The authority said talks with the union could resume once the terminals reopen."
)


def test_off_topic_see_also_headline_is_flagged():
    text = BODY + "\nSee also  Dogecoin Whales Accumulate As Solana Stalls, Predicts Trader Ronan"
    flags = headlines.detect(view(text))
    assert [f.name for f in flags] == ["injected_headline"]
    f = flags[0]
    assert f.rule == "headline_topic_distance/v4"
    assert text[f.start : f.end].startswith("Dogecoin")
    assert f.value > f.threshold


def test_on_topic_related_link_is_not_flagged():
    text = BODY + "\nRead more: Dockworkers union blocks harbour terminals over crane operators"
    assert headlines.detect(view(text)) == []


def test_subheading_is_not_flagged():
    text = BODY.replace("\n", "\nTalks Stall\n", 1)
    assert headlines.detect(view(text)) == []


def test_removed_related_link_carries_its_original_index_and_reason():
    removed = [
        RemovedLine(
            7, "Read more: Celebrity chef opens vegan bakery chain across Lisbon", "related_link"
        )
    ]
    flags = headlines.detect(view(BODY, removed))
    assert [f.name for f in flags] == ["injected_headline"]
    f = flags[0]
    assert f.line == 7 and f.start == -1 and f.end == -1
    assert f.text.startswith("[removed line 7, related_link] Celebrity chef")


def test_cleaner_reason_alone_is_not_evidence():
    # the cleaner may remove an honest line as a link; without a link prefix or a
    # headline shape, the removal reason alone does not make an injected headline
    removed = [RemovedLine(9, "Double-tap to play or skip forward", "injected_headline")]
    assert headlines.detect(view(BODY, removed)) == []


def test_sentence_case_line_removed_as_headline_is_judged_by_the_bare_bar():
    body = "\n".join([BODY] * 3)  # a body long enough for the bare-headline bar
    removed = [
        RemovedLine(
            5,
            "Football transfer window: midfielder joins record deal with Gulf club",
            "injected_headline",
        ),
        RemovedLine(
            6, "Three sizes of tapered harbour tips for a customizable fit", "injected_headline"
        ),  # shares "harbour" with the body: on topic
    ]
    flags = headlines.detect(view(body, removed))
    assert [(f.name, f.line) for f in flags] == [("injected_headline", 5)]


LONG_BODY = "\n".join([BODY] * 3)  # long enough for the bare-headline bar
TITLES = [
    "How To Look Thinner On The Internet With Cheap Photo Filters",
    "Seven Celebrity Kitchens That Will Make You Rethink Marble",
    "Pop Star Unveils Surprise Perfume Line At Desert Gala Tonight",
]


def test_one_bare_headline_between_paragraphs_is_flagged_a_list_of_titles_is_not():
    lines = LONG_BODY.split("\n")
    one = "\n".join(lines[:6] + TITLES[2:] + lines[6:])
    flags = headlines.detect(view(one))
    assert [(f.name, f.line) for f in flags] == [("injected_headline", 6)]
    # a blog post listing titles ("Would you dare read any of these?"): a list, not pasted
    listed = "\n".join(lines[:6] + TITLES + lines[6:])
    assert headlines.detect(view(listed)) == []


def test_menu_line_is_not_a_headline():
    lines = LONG_BODY.split("\n")
    menu = "White House Visits: Stars | Wings | Celebrity Photos Gallery"
    assert headlines.detect(view("\n".join([*lines[:6], menu, *lines[6:]]))) == []


def test_prose_after_a_link_prefix_is_not_a_headline():
    # a review site's own line "Read more reviews in our collection ….See all 5 stories." and a
    # blog's "See also the chart below. …": sentences, not a pasted headline (v4)
    for line in (
        "Read more reviews in our collection of the albums released this winter.See all 7 stories.",
        "See also the timetable below. There is plenty here to argue about. Thoughts?",
    ):
        assert headlines.detect(view(BODY + "\n" + line)) == []
    # the same words shaped as a headline still count
    shaped = "See also  Celebrity Chef Opens Vegan Bakery Chain Across Lisbon"
    assert [f.name for f in headlines.detect(view(BODY + "\n" + shaped))] == ["injected_headline"]


def test_related_link_naming_the_bodys_subject_is_on_topic():
    # a business site's in-body "Read more:" link to its earlier story on the same company:
    # most of its words are new, but it names the company the body is about (v4)
    body = (
        "Shares in Marlowe Freight rose after the harbour strike ended on Friday.\n"
        "Analysts said the deal left Marlowe Freight with higher wage bills for three years.\n"
        "The union said the settlement at Marlowe Freight would be a model for other ports.\n"
        "The company declined to comment on its outlook for the rest of the year."
    )
    same = "Read more: Profit warning hits Marlowe as fuel costs climb and demand cools"
    assert headlines.detect(view(body + "\n" + same)) == []
    other = "Read more: Profit warning hits Ostrander as fuel costs climb and demand cools"
    assert [f.name for f in headlines.detect(view(body + "\n" + other))] == ["injected_headline"]
