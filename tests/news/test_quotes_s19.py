"""Session 19's speaker rules, on short made-up stories (names invented; none read from the
PolNeAR dev split). Most cases fail without the rule they name; the others guard what a
rule must not do (a split quote keeps its cue, a body's statement stays the statement)."""

from __future__ import annotations

import pytest

from newssift.news.quotes import find_attributions, find_quotes

CASES = [
    pytest.param(
        "The memos raised concerns.\n\nHouse Oversight Republican Tom Reyes (R-Ohio), who has "
        "read the memos, agreed with that point.\n\n\"Some of this is not merely about the "
        'news, but about our security," he said.',
        "Tom Reyes",
        id="a_body_and_a_party_word_before_a_given_name_are_no_part_of_the_name",
    ),
    pytest.param(
        "The forum was calm. It was so calm that Mr. Reyes was prompted to say, "
        "''So far, I cannot believe how civil it has been up here.''",
        "Reyes",
        id="a_cue_in_the_infinitive_after_was_prompted_names_the_clause_subject",
    ),
    pytest.param(
        'The ruling prompted Mayor Tom Reyes to say, "We are going to win this state by a '
        'lot."',
        "Tom Reyes",
        id="a_cue_in_the_infinitive_after_an_object_names_the_object",
    ),
    pytest.param(
        'The email went on to say, "Today we are winding the whole organization down."',
        "The email",
        id="a_described_subject_before_went_on_to_say_stays",
    ),
    pytest.param(
        '"Their vote did not count," said Maria Lopez of the group, who watched the vote.\n\n'
        "Ann Ruiz's fate is still unclear, but she said on Monday that she would govern. "
        '"I am going to be above the president," she said.',
        "Ann Ruiz",
        id="the_owner_opening_the_pronouns_sentence_is_its_topic",
    ),
    pytest.param(
        'Bob Woodward will lead the team. "He is a candidate unlike any other," said Baron. '
        '"His life deserves to be explored."\n\nHe continued, "That is what we intend to do '
        'with our staff."',
        "Baron",
        id="a_word_after_an_inverted_cue_is_a_person_for_he",
    ),
    pytest.param(
        '"We are deeply saddened by the loss of a great leader," according to a statement '
        "from Sen. Ann Ruiz.",
        "Ann Ruiz",
        id="a_statement_from_a_named_person_is_that_persons",
    ),
    pytest.param(
        '"We are deeply saddened by the loss of a great leader," according to a statement '
        "from the Department of Justice.",
        "a statement",
        id="a_statement_from_a_body_stays_the_statement",
    ),
    pytest.param(
        'The publisher thanked its fans. "We are both saddened and angered about the attack '
        'on our team," the studio wrote.',
        "the studio",
        id="a_described_speaker_right_at_its_cue_after_the_quote",
    ),
    pytest.param(
        '"It was a hard year for all of us here," the new bride explained.',
        "the new bride",
        id="a_described_speaker_of_two_words_after_the_quote",
    ),
    pytest.param(
        'The campaign said the leaks were political.\n\n"For months we have had to stand by '
        'while the leaks went on" said Tom Reyes, a campaign spokesman.',
        "Tom Reyes",
        id="an_inverted_cue_after_a_quote_closed_without_punctuation",
    ),
    pytest.param(
        '"The president is in very good health today," the White House said.',
        "White House",
        id="a_title_word_opening_a_bodys_name_stays",
    ),
    pytest.param(
        '"We are reviewing the cables," the State Department said in a statement.',
        "State Department",
        id="a_title_word_opening_a_departments_name_stays",
    ),
    pytest.param(
        '"The regular schools were not doing what I thought should be done," said Tom Reyes '
        "of the venture in 2015.",
        "Tom Reyes",
        id="of_the_and_a_noun_after_a_name_is_no_part_of_it",
    ),
    pytest.param(
        '"We are building self-reliance at home," says Ann Ruiz adding that it matters.',
        "Ann Ruiz",
        id="a_participle_after_a_name_is_no_part_of_it",
    ),
    pytest.param(
        '"We will stay the course," said Leaders of the organization.',
        "Leaders of the organization",
        id="a_described_group_keeps_its_of_phrase",
    ),
    pytest.param(
        'Immigration minister Tom Reyes resigned on Wednesday. "We are doing exactly as we '
        'said we would do," the prime minister said.',
        "the prime minister",
        id="a_role_qualified_in_lower_case_is_not_another_kind_of_that_role",
    ),
    pytest.param(
        'Kremlin spokesman Dmitry Peskov spoke on Monday. "We are doing exactly as we said we '
        'would do," the spokesman said.',
        "Dmitry Peskov",
        id="a_role_resolves_to_the_name_beside_it",
    ),
    pytest.param(
        "Pastor Tom Reyes, who leads a church in Ohio, slammed the group on his weekly radio "
        "show, Civic Watch first reported.\n\nHe then implied that the leaders should resign."
        '\n\n"You have got to take what the book says and apply it," he said.',
        "Tom Reyes",
        id="an_outlet_that_reported_is_no_he",
    ),
    pytest.param(
        "Alongside BLM calls for action, even a top GOP strategist said the mayor will have to "
        'choose, saying, "At some point she is going to have to come out on this."',
        "GOP strategist",
        id="calls_for_is_a_demand_not_the_main_cue",
    ),
    pytest.param(
        "In another study they wrote with two colleagues, they estimated the cost at two "
        "million jobs.\n\n''These results should make us rethink the gains from trade,'' "
        "they argued.",
        None,
        id="they_after_a_lower_case_phrase_is_they_and_names_no_one",
    ),
    pytest.param(
        "Ann Ruiz is a senator. Maria Lopez attacked her again on Monday.\n\nThis is not the "
        "kind of campaign Ruiz hoped to be running. She acknowledges that she "
        'did not expect the questions.\n\n"You have to deal with the conditions you are '
        'given," she said.',
        "Ann Ruiz",
        id="the_subject_of_a_clause_describing_a_noun_is_a_subject_for_she",
    ),
    pytest.param(
        "The company Quantix reported a similar experiment at the same time.\n\nThe distinction "
        "does not matter as long as it helps, says Hartmut Neven, founding director of the "
        'lab. "The question is: what is easier to do?" he asks.',
        "Hartmut Neven",
        id="a_full_name_after_an_inverted_cue_is_a_person_and_a_named_body_no_clause",
    ),
    pytest.param(
        "Likewise, a paper from the Brookings Institution had this to say about his proposal: "
        '"Families from the top half of the income distribution would receive more."',
        "a paper",
        id="a_connective_and_a_comma_open_the_sentence_before_its_subject",
    ),
    pytest.param(
        'And then Tom Reyes went fully on the attack, saying, "Is the mayor going to finally '
        'mention the words?"',
        "Tom Reyes",
        id="then_without_a_comma_is_no_opening_phrase",
    ),
    pytest.param(
        'Ann Ruiz was asked by host Tom Reyes, who backs her, "Now, you famously said you are '
        'tired of hearing about the emails, have you not?"',
        "Tom Reyes",
        id="a_question_in_the_passive_is_the_askers",
    ),
    pytest.param(
        'Ann Ruiz was asked, "What is the most dangerous place you have been to?"',
        None,
        id="a_question_in_the_passive_with_no_asker_names_no_one",
    ),
]


@pytest.mark.parametrize(("text", "speaker"), CASES)
def test_speaker(text: str, speaker: str | None) -> None:
    assert find_quotes(text)[-1].speaker == speaker


def test_a_named_cue_ending_on_a_comma_before_the_next_quote_introduces_that_quote() -> None:
    quotes = find_quotes('Ann Ruiz answered Tom Reyes with, "Why now? Was that not on my way '
                         'to Lima?" Reyes then writes back, "You look very tired today."')
    assert [q.speaker for q in quotes] == ["Ann Ruiz", "Tom Reyes"]


def test_a_he_cue_after_words_quoted_in_a_sentence_keeps_them() -> None:
    # (guard: "He also wrote," introduces the next quote only after a quote that is a
    # sentence of its own)
    quotes = find_quotes('Tom Reyes said he "will fight these charges with everything." He '
                         'also wrote, "I am deeply disappointed by the ruling."')
    assert [q.speaker for q in quotes] == ["Tom Reyes", "Tom Reyes"]


def test_a_closed_quote_before_a_named_cue_and_the_next_quote_keeps_its_own_speaker() -> None:
    quotes = find_quotes(
        "Another user, Ann Ruiz, wrote of the mayor: ''Your boss is still bringing these "
        "people here in hordes.'' Tom Reyes posted: ''The mayor welcomed them all with open "
        "arms.''")
    assert [q.speaker for q in quotes] == ["Ann Ruiz", "Tom Reyes"]


def test_a_cue_form_after_a_possessive_is_a_noun() -> None:
    quotes = find_quotes("Mr. Reyes made his claim under the Consumer Rights Act 2015, which "
                         'states that "every contract to supply goods by description is to be '
                         'treated as including a term".')
    assert quotes[0].speaker != "Reyes made his"


def test_a_quote_split_by_its_cue_keeps_the_cue_for_both_parts() -> None:
    quotes = find_quotes('"Are we going to win this state?" Ann Ruiz asked, "or are we going '
                         'to lose it?"')
    assert [(q.speaker, q.resolution) for q in quotes] == [("Ann Ruiz", "explicit")] * 2


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param("The distinction does not matter as long as it helps, says Hartmut Neven, "
                     "founding director of the lab.", "Hartmut Neven", id="with_an_apposition"),
        pytest.param("The distinction does not matter as long as it helps, said the company in "
                     "a statement.", "the company", id="a_described_speaker_and_a_place"),
    ],
)
def test_an_inverted_cue_ends_an_indirect_attribution(text: str, speaker: str) -> None:
    _quotes, indirect = find_attributions(text)
    assert [(q.speaker, q.text) for q in indirect] == [
        (speaker, "The distinction does not matter as long as it helps")]


def test_a_subject_apposition_before_said_is_no_inverted_cue() -> None:
    _quotes, indirect = find_attributions(
        "Sen. Ann Ruiz (D-Ohio), a frequent critic of the plan, said the proposal “makes "
        "absolutely no sense.”")
    assert all(q.speaker == "Ann Ruiz" for q in indirect)
