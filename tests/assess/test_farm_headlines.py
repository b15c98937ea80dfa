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
    assert f.rule == "headline_topic_distance/v2"
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
