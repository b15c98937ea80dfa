"""Session 28 (q29): speaker rules from the misses of PolNeAR train folds 1-3 and the own
set's tune pages. Sentences written for these tests (made-up people and bodies); each case
of ``FAILS_BEFORE`` fails on main 349eb21, each guard passes there and here."""

from __future__ import annotations

import pytest

from newssift.news.quotes import find_quotes


def _speaker(text: str) -> str | None:
    """The speaker of the story's first direct quote of four words or more."""
    return next(q for q in find_quotes(text) if len(q.text.split()) >= 4).speaker


FAILS_BEFORE = [
    # "in X's words / view", "in the words of X": the words are X's, whatever the clause
    pytest.param("The summit moved to Lisbon because, in Norvale’s words, “they are the most "
                 "open places on the continent for a start.”", "Norvale", id="in_words_before"),
    pytest.param("The plan failed because, in the words of Mayor Tom Reyes, “nobody wanted to "
                 "pay for the bridge.”", "Tom Reyes", id="in_the_words_of"),
    pytest.param("The vote was close. In Jon Vale's own words: “we were lucky to win it at all "
                 "today.”", "Jon Vale", id="in_own_words_colon"),
    pytest.param("Varna Hollis met the board on Monday.\n\n“This is not a failure you can pin on "
                 "one man – it is an across-the-board failure” from trade to the budget, in "
                 "Mara Quell’s view.", "Mara Quell", id="in_view_after"),
    # a colon after "More from X": the words are from X (not the sentence's subject)
    pytest.param("Signs of the shift were there all along -More from Varna and Hollis: “Data "
                 "collected by our firm helps confirm that both issues were in play.”",
                 "Varna and Hollis", id="more_from_colon"),
    # a colon after a clause whose subject names no one: the name ending the clause
    pytest.param("The timing of the surge doesn’t surprise Republican pollster Dara Venn: "
                 "“Lesser-known candidates have seen the biggest boost after early wins.”",
                 "Dara Venn", id="colon_after_object_name"),
    # a full stop before a lower-case word ends no sentence in the window after a quote
    pytest.param("“Every year there are stories that members will defect,” Tom Reyes, a "
                 "former director of the A.F.L.-C.I.O. and political organizer, wrote in an "
                 "email.", "Tom Reyes", id="initials_then_lower_case"),
    # "Then there's X.": the person the sentence brings in is the next "he"
    pytest.param("Former adviser Tom Reyes left in 2013. Mayor Jon Vale himself has praised the "
                 "bid.\n\nThen there’s Reyes.\n\n“Kind of bewildering as to why the folks "
                 "are so explicit about it,” he wrote last October.", "Tom Reyes",
                 id="then_there_is"),
    # a quote introduced by "X told Y:" and closed, then "He added that …": a new sentence
    # with its own content, not this quote's attribution (no-break spaces as in the page)
    pytest.param(
                 'As proof that Judge Brill was biased because of his Norteño heritage, Vale '
                 'repeatedly pointed out that the federal judge\xa0was a member of the Fresno '
                 'chapter of the Casa Norte Lawyers Association.\xa0In an interview with the '
                 'Morning Show he named it as a reason for Brill’s alleged bias.\xa0On the '
                 'topic, Fresno chapter president Tom Reyes told The Ledger: “A lot of people '
                 'are assuming that since it’s called ‘Casa Norte lawyers’ that it’s only '
                 'Norteños.\xa0But we consist of 300 members: judges, lawyers, law students, '
                 'non-legal professionals that work in the legal field.” He added that '
                 'members are\xa0“Latino, non-Latino, Norteño, non-Norteño, Caucasian.”',
                 "Tom Reyes", id="colon_then_he_added_that"),
    # the agent of a passive ("was supported Friday by Sen. X") is who acts: the next
    # "she" where the sentence's subject is a possessive
    pytest.param("Mayor Joan Vale said the bridge would open in May.\n\nVale's position was "
                 "supported Friday by Sen. Dara Venn of Ohio, the ranking Democrat on the "
                 "committee, who said none of the delays began with Vale.\n\n“It has never "
                 "made sense to me that the mayor can be held responsible for this,” she said "
                 "in a statement.", "Dara Venn", id="passive_agent"),
    # "a message that said, '…'": the message or sign the words are written on, where the
    # sentence names no speaker
    pytest.param("The listing was replaced on Thursday by a message that said, “Sorry, but the "
                 "item you have asked for is gone.”", "a message", id="message_that_said"),
    pytest.param("Volunteers held up a sign that read, “The party welcomes you to the games "
                 "today.”", "a sign", id="sign_that_read"),
    # any verb in the past before a comma and the quote: over an adverb, and after "and
    # (then)" on the main clause's subject
    pytest.param("Tom Reyes then boomed, “Today, you proved once again there is no place like "
                 "home.”", "Tom Reyes", id="adverb_then_verb_ed"),
    pytest.param("Smiling broadly, Mayor Joan Vale drew cheers as she thanked her home state "
                 "and then boomed, “Today, you proved once again there is no place like home.”",
                 "Joan Vale", id="and_then_verb_ed"),
    # a described subject that may speak and a cue right before the quote: "The ad claims"
    pytest.param("The new ad slams Vale for his vote.\n\nThe ad claims “Reyes is the one "
                 "you can trust for the job.”", "The ad", id="described_cue_quote"),
    pytest.param("The report notes that “emissions per person are two times greater in the "
                 "north.”", "The report", id="described_cue_that_quote"),
    # a cue that may be a noun after a described speaker and where it speaks
    pytest.param("“They know Vale is the only one strong enough to win it,” a voice-over in "
                 "the ad states.", "a voice-over", id="described_place_nounish_cue"),
]

GUARDS = [
    # a cue of the quote's own sentence still names its speaker
    pytest.param("“We were lucky to win it at all,” Jon Vale said in his office.", "Jon Vale",
                 id="plain_after"),
    # "in" + a name that owns no words: no speaker from the phrase
    pytest.param("Jon Vale spoke in Tom Reyes’ office, saying: “we were lucky to win it at "
                 "all today.”", "Jon Vale", id="in_office"),
    # a subject that names someone keeps the quote before a colon; no name, no speaker
    pytest.param("Mayor Tom Reyes attacked Governor Dara Venn: “She has never paid for a single "
                 "bridge in this state.”", "Tom Reyes", id="colon_subject_kept"),
    pytest.param("The timing of the surge doesn’t surprise us: “Lesser-known candidates have "
                 "seen the biggest boost after early wins.”", None, id="colon_no_name"),
    # "there is" + a noun, then a name in its clause: not brought in as a subject
    pytest.param("Mayor Jon Vale has praised the bid. There is no sign that the council "
                 "agrees.\n\n“Kind of bewildering as to why the folks are so explicit about "
                 "it,” he wrote last October.", "Jon Vale", id="there_is_no_name"),
    # a subject that fits the pronoun goes before the passive's agent
    pytest.param("Mayor Joan Vale was praised Friday by Sen. Dara Venn of Ohio.\n\n“It has "
                 "never made sense to me that the council can be blamed for this,” she said "
                 "in a statement.", "Joan Vale", id="passive_subject_first"),
    pytest.param("Gov. Ann Lee spoke first. When the bill was signed by Gov. Ann Lee, Sen. Joan "
                 "Reyes said it was a good day.\n\n“It has never made sense to me that the "
                 "council can be blamed for this,” she said.", "Joan Reyes",
                 id="passive_in_lead_clause"),
    # "being appointed by X": a participle with no finite verb, whose subject is the main
    # clause's; the agent is no subject
    pytest.param("Jon Vale is the archbishop of Lund. Before being appointed archbishop by Pope "
                 "Pius Brenner in 2011, he was a teacher in Oslo.\n\n“We are not sitting in "
                 "order but at round tables,” he said.", "Jon Vale", id="being_appointed_by"),
    # the sentence's own speaker goes first; a noun that cannot speak gives nothing
    pytest.param("Tom Reyes added a caption that reads, “The party welcomes you to the games "
                 "today.”", "Tom Reyes", id="caption_subject_first"),
    pytest.param("They passed out water bottles that said, “The party welcomes you to the "
                 "games today.”", None, id="bottles_that_said"),
    # a described subject with a verb that is no cue gives nothing
    pytest.param("The ad slams “Reyes the one you can trust for the job.”", None,
                 id="described_no_cue"),
    pytest.param("“They know Vale is the only one strong enough to win it,” the rest of the "
                 "states.", None, id="described_place_no_speaker"),
]


@pytest.mark.parametrize(("text", "who"), FAILS_BEFORE + GUARDS)
def test_speaker(text: str, who: str) -> None:
    assert _speaker(text) == who
