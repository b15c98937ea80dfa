"""Common shapes of campaign reporting, written for the project (the names are made up), each
with its one right speaker. They guard generality: a rule fitted to one benchmark article
that breaks a shape every news story uses fails here. Session 14 wrote them as a probe of the
shapes issue #18 names (appositions, titles, statements, carried and pronoun speakers); the
shapes the code gets wrong are listed in docs/bench/quotes.md, not here."""

from __future__ import annotations

import pytest

from newssift.news.quotes import find_quotes

SHAPES = [
    ("“We will not back down from this fight,” said Sen. Ellen Warde, the Maine Democrat.",
     "Ellen Warde", "explicit"),
    ("“We will not back down from this fight,” said Warde, the senior senator from Maine.",
     "Warde", "explicit"),
    ("Gov. Chris Calloway spoke Tuesday. “The people of this state deserve better,” the "
     "governor said.", "Chris Calloway", "role"),
    ("“The people of this state deserve better than this,” Gov. Chris Calloway told reporters "
     "on Tuesday.", "Chris Calloway", "explicit"),
    ("“This is a disgrace to the whole country,” Barlow’s spokeswoman Hope Tindall said in a "
     "statement.", "Hope Tindall", "explicit"),
    ("The Pruitt campaign said in a statement: “Her opponent is unfit to serve as governor.”",
     "The Pruitt campaign", "explicit"),
    ("Rep. Paul Ketter, the speaker of the House, said Monday that “we need to move on from "
     "this now.”", "Paul Ketter", "explicit"),
    ("Mike Fenwick addressed the crowd in Ohio.\n\n“We are going to win this state in "
     "November,” he said.", "Mike Fenwick", "pronoun"),
    ("Helen Marsh spoke for an hour in Ohio.\n\n“We are stronger together than we are apart,” "
     "she said.", "Helen Marsh", "pronoun"),
    ("“I think the debate went really well for us tonight,” Karen Colby, Barlow’s campaign "
     "manager, told CNN.", "Karen Colby", "explicit"),
    ("According to campaign spokesman Brian Fallows, “the candidate is feeling much better "
     "today.”", "Brian Fallows", "explicit"),
    ("“The candidate is feeling much better today,” according to campaign spokesman Brian "
     "Fallows.", "Brian Fallows", "explicit"),
    ("Campaign spokesman Brian Fallows spoke to reporters.\n\n“The candidate is feeling much "
     "better today,” Fallows said.", "Brian Fallows", "explicit"),
    ("Barlow tweeted on Saturday: “My opponent is unfit to be president of this country!”",
     "Barlow", "explicit"),
    ("“My opponent is unfit to be president of this country!” Barlow tweeted on Saturday.",
     "Barlow", "explicit"),
    ("Asked about the tape, Barlow said, “This was locker room talk, a private conversation.”",
     "Barlow", "explicit"),
    ("“This was locker room talk, a private conversation,” Barlow said when asked about the "
     "tape.", "Barlow", "explicit"),
    ("Barlow’s running mate, Indiana Gov. Mike Fenwick, said he was “offended” by the words. "
     "“I do not condone his remarks and cannot defend them,” Fenwick said.", "Mike Fenwick",
     "explicit"),
    ("In a statement, Sen. John Maddox said: “I can no longer support his candidacy for "
     "president.”", "John Maddox", "explicit"),
    ("The campaign’s chairman, John Podell, said that “the emails were stolen by hackers.”",
     "John Podell", "explicit"),
    ("Podell told reporters: “I’m not going to authenticate documents stolen by hackers.”",
     "Podell", "explicit"),
    ("Barlow’s campaign put out a statement late Friday night. “Mr. Barlow has never "
     "disrespected women,” it said.", "Barlow’s campaign", "pronoun"),
    ("Former President Bill Carver campaigned for his wife in Ohio. “She’s the best "
     "change-maker I have ever known,” he said.", "Bill Carver", "pronoun"),
    ("“What is Aleppo?” asked Gary Jansen, the Libertarian nominee for president.",
     "Gary Jansen", "explicit"),
    ("Ms. Pruitt said the remarks were “horrific.” Mr. Barlow, she said, “has spent his career "
     "demeaning women.”", "Pruitt", "pronoun"),
    # a name with its state or body before the quote (session 15, candidate D)
    ("Rep. John Marlow of Ohio said, “We will not back down on this bill at all.”",
     "John Marlow", "explicit"),
    ("Nell Brandt of the Harlan Institute told reporters, “The plan would cost far more than "
     "they say.”", "Nell Brandt", "explicit"),
    # a described role with a place in it is the person named with that role before (H), and
    # of two people beside a role word the one nearest to it (C)
    ("Sen. Dale Hollis spoke in Burlington on Tuesday.\n\n“We will win this state in the "
     "fall,” the Vermont senator said.", "Dale Hollis", "role"),
    ("Mayor Tom Reyes and Governor Ann Ruiz met on Monday.\n\n“We will fix the bridge this "
     "year,” the mayor said.", "Tom Reyes", "role"),
]


def test_a_described_role_skips_the_same_role_of_another_place() -> None:
    # "California Gov. Jerry Brown" is not "the former Arkansas governor" (H's guard)
    text = ("California Gov. Jerry Brown clashed with Bill Hanley in 1992.\n\n“We will fix the "
            "bridge this year,” the former Arkansas governor said.")
    assert find_quotes(text)[-1].speaker != "Jerry Brown"


@pytest.mark.parametrize(("text", "speaker", "how"), SHAPES)
def test_a_common_shape_names_its_speaker(text: str, speaker: str, how: str) -> None:
    quote = find_quotes(text)[-1]
    assert (quote.speaker, quote.resolution) == (speaker, how), find_quotes(text)
