"""Session 21's speaker rules (q25), on short made-up stories (names invented). Each rule
fixes a shape seen in the tune part of our own annotated aeb/naeb news (bench/quotes_own.py,
rounds 1-4); each case fails without the rule it names, the guards pass on both."""

from __future__ import annotations

import pytest

from newssift.news.quotes import find_quotes

CASES = [
    pytest.param(
        'The team met on Monday.\n\n"We worked on the whole design of the craft and its '
        'power," comments Robin Marsh of the design office.',
        "Robin Marsh",
        id="an_inverted_noun_like_cue_before_a_full_name",
    ),
    pytest.param(
        "Remarkably, Ann Ruiz rejected the request, claiming that it is standard practice to "
        '"neither confirm nor deny" the existence of probes.',
        "Ann Ruiz",
        id="a_sentence_adverb_and_its_comma_open_no_subject",
    ),
    pytest.param(
        '"What is really fun to think about is whether the organics mix with water," JPL '
        "scientist and study co-author Karl Tomsen said.",
        "Karl Tomsen",
        id="two_roles_joined_by_and_before_the_name",
    ),
    pytest.param(
        '"We will not be moved on this at all, whatever they say," Tom Reyes and Ann Ruiz '
        "said.",
        "Tom Reyes",
        id="two_names_joined_by_and_guard",
    ),
    pytest.param(
        "Meanwhile Ann Ruiz brings her daughter to see him. On Father's Day, Ann Ruiz shared "
        'a photo of him to her Instagram account saying: "Papa, I am so lucky to have you."',
        "Ann Ruiz",
        id="a_participle_after_a_place_to_post_is_the_subjects",
    ),
    pytest.param(
        "The campaign released a video of Tom Reyes saying: \"We will win this one, and we "
        'will win it big."',
        "Tom Reyes",
        id="a_participle_after_of_and_a_name_guard",
    ),
    pytest.param(
        "Women are the story, Tom Reyes says. “We have to stand in our own power and say, "
        "‘We’re not just on the edge.’” As Ann Ruiz puts it, we must tell ourselves: “I am "
        "the award. I am the trophy.”",
        "Ann Ruiz",
        id="as_x_puts_it_names_the_quote_after_its_colon",
    ),
    pytest.param(
        "Tom Reyes made the candle with local company Bramble Soap. Sharing a photo on "
        'Twitter, the company added: "She gave us the hat, which raised 4,500 pounds."',
        "Bramble Soap",
        id="a_described_speaker_is_the_name_written_after_its_noun",
    ),
    pytest.param(
        "The alleged drunk driver, Karl Farmer? The police found a bottle near him. The "
        'driver then told officers he "did not hit anybody at all."',
        "Karl Farmer",
        id="a_described_speaker_is_the_name_in_apposition_to_its_noun",
    ),
    pytest.param(
        "A class-action lawsuit, Tomsen et al. v. Ruiz Inc., was brought in 2023. The lawsuit "
        'said: "Ruiz Inc. copied billions of images without any permission."',
        "The lawsuit",
        id="a_document_is_not_the_name_beside_it_guard",
    ),
]


@pytest.mark.parametrize(("text", "speaker"), CASES)
def test_speaker(text: str, speaker: str | None) -> None:
    assert find_quotes(text)[-1].speaker == speaker


def test_a_described_speaker_before_an_inverted_noun_like_cue_is_not_read_as_one() -> None:
    # guard: "comments" after a quote and before lower-case words is a noun
    quotes = find_quotes('"We will never agree to this plan at all," Tom Reyes said. '
                         '"The plan is bad," comments made by others were cited.')
    assert quotes[0].speaker == "Tom Reyes"


def test_a_surname_in_ly_opening_the_sentence_still_speaks() -> None:
    # guard of the sentence adverb: "Connolly," is a name
    quotes = find_quotes("Tom Connolly spoke after the vote. Connolly, the senator from Ohio, "
                         'said the bill was "a disgrace to the whole of the state."')
    assert quotes[-1].speaker == "Tom Connolly"


def test_an_epithet_after_an_article_keeps_the_name_the_subject() -> None:
    quotes = find_quotes(
        "Tom Reyes was alleged to have pressured Dan Moss into investigating then-former Vice "
        "President Karl Tomsen. Since then, there have been four indictments. Each time, his "
        "poll numbers go up.\n\nThe great Max Ruiz, as he did about a lot of things, explained "
        "what it is that is dogging the left. In a 2020 interview with Reyes, he pointed out "
        'that "They are able to take out any senator they choose."')
    assert quotes[-1].speaker == "Max Ruiz"


def test_a_paragraph_ending_in_a_comma_introduces_the_next_paragraphs_quote() -> None:
    quotes = find_quotes(
        "On Wednesday, Senator Tom Reyes of Delaware appeared on CNN.\n\nReyes went on to say "
        "that those actions would also include voters who would not vote him back in,\n\n"
        "“Whether it is a court that finds him unfit, or the voters throw him out, I don’t "
        "think it really matters.”")
    assert quotes[-1].speaker == "Tom Reyes"


def test_his_explanation_before_a_quote_is_the_subjects() -> None:
    quotes = find_quotes("The mayor spoke on Monday. Max Ruiz finished his explanation,\n\n"
                         '    "They haven\'t stopped you. They can\'t believe it at all."')
    assert quotes[-1].speaker == "Max Ruiz"


def test_a_verb_then_the_outlet_before_a_quote_is_the_subjects() -> None:
    quotes = find_quotes("When Ann Ruiz is out, all eyes are on her. On her glam, makeup artist "
                         "Karl Tomsen shared with Allure, \"I don't use foundation all over her "
                         'face at all."')
    assert quotes[-1].speaker == "Karl Tomsen"


def test_jodie_and_greta_are_given_names_of_women() -> None:
    quotes = find_quotes(
        "Greta Moss says she will work until age 100 to make up for lost time—“all those "
        "years of just watching people who had the chances you didn’t,” she says. While Jodie "
        "Tomsen, after five decades on stage, is relishing letting go: At a certain point, "
        "“it’s someone else’s time to shine,” she says.")
    assert [q.speaker for q in quotes] == ["Greta Moss", "Jodie Tomsen"]


def test_the_studio_is_the_body_last_named_as_a_speaker() -> None:
    quotes = find_quotes(
        "Bramblegate Games has weighed in for the first time since the leak. Bramblegate "
        'assured fans that “Wolves of Ash continues as planned.”\n\n“We are saddened and '
        "angered by the attack on our studio and our team,” the studio wrote.")
    assert quotes[-1].speaker == "Bramblegate"


def test_the_band_is_no_person_last_named_as_a_speaker() -> None:
    # guard: the last speaker is a person, so "the band" stays as written
    quotes = find_quotes(
        "Ann Ruiz left the group in 1995. “It was time to go home,” Ruiz said.\n\n“We are "
        "shocked and saddened to learn of the passing of our founding member,” the band said.")
    assert quotes[-1].speaker == "the band"


def test_branding_it_in_an_absolute_clause_names_its_subject() -> None:
    quotes = find_quotes(
        'The Liberal Party suggested the threshold had always been "unworkable", with the '
        "party's home affairs spokesman Karl Tomsen branding it \"yet another half-thought-"
        'through idea to placate the hardliners".')
    assert quotes[-1].speaker == "Karl Tomsen"


def test_a_branding_firm_is_no_cue() -> None:
    # guard: "branding" before a noun
    quotes = find_quotes("Ann Ruiz is the head of the Spokane advertising and branding firm "
                         "behind the campaign “Starts with one today.”")
    assert quotes[-1].speaker is None


def test_one_alone_at_the_cue_after_a_closed_quote_speaks() -> None:
    quotes = find_quotes("Despite some bad reviews, her loyal fans rushed to praise her.\n\n"
                         '"Maybe the critics could have a day off, it is nearly Christmas.." one '
                         "wrote.")
    assert quotes[-1].speaker == "one"


def test_a_quote_opened_after_a_colon_runs_on_into_the_next_paragraph() -> None:
    quotes = find_quotes(
        'Tom Reyes spoke. He told US Weekly: "Max has good days and bad days, but lately there '
        'are more bad days than good.\n\n"This has brought the whole family even closer."')
    assert [q.text[:8] for q in quotes] == ["Max has ", "This has"]
    assert [q.speaker for q in quotes] == ["Tom Reyes", "Tom Reyes"]


def test_an_unclosed_mark_after_a_colon_before_plain_text_is_no_quote() -> None:
    # guard: the next paragraph opens on no quotation mark
    quotes = find_quotes('Tom Reyes spoke. The sign read: "Max has good days and bad days at '
                         "the club\n\nThe club closed in 2020.")
    assert quotes == []
