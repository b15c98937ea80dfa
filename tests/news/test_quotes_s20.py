"""Session 20's speaker rules (q24), on short made-up stories (names invented). Each rule
fixes a shape seen in our own annotated aeb/naeb news (bench/quotes_own.py, tune part) and
on PolNeAR train folds 1-3 or fresh text; most cases fail without the rule they name, the
others guard what it must not do."""

from __future__ import annotations

import pytest

from newssift.news.quotes import find_quotes

CASES = [
    pytest.param(
        "Tom Reyes, who quit as minister over the plan, was also among the critics, with a "
        'source close to him saying: "The whole package needs to be done now, not later."',
        "a source",
        id="with_np_saying_the_absolute_clause_subject_speaks",
    ),
    pytest.param(
        "The Liberal Party said the threshold was unworkable, with the party's home affairs "
        'spokesman Ann Ruiz adding: "It is yet another half-thought-through idea."',
        "Ann Ruiz",
        id="with_a_role_and_a_name_adding_guard",
    ),
    pytest.param(
        "Ann Ruiz turned her sights on the mayor, with the campaign of the former senator "
        'from Ohio saying the mayor was "not a real conservative on taxes."',
        "the campaign",
        id="with_np_the_head_before_of_and_from_not_the_place",
    ),
    pytest.param(
        "Teachers were early supporters, with one of her ads asking, \"Is Tom Reyes "
        'independent enough to serve on the court?"',
        "one of her ads",
        id="with_a_partitive_np_stays_whole",
    ),
    pytest.param(
        "Board President Tom Reyes, who some believe may run against her, said the mayor was "
        "“grasping for a political lifeline” and predicted the plan would fail.",
        "Board President Tom Reyes",
        id="said_np_was_the_np_is_what_was_said_not_an_inverted_speaker",
    ),
    pytest.param(
        "Tom Reyes, a top operative who played a major role in the 2008 race and is now "
        "running the early-vote effort in the state, said the absentee program is a "
        "“critical part of our whole strategy.”",
        "Tom Reyes",
        id="said_np_is_the_subject_read_from_the_sentence_start",
    ),
    pytest.param(
        "Omar, 7, has friends who celebrate it, but he does not mind. \u201cWe get gifts "
        "from them and give to charity,\u201d he says, on the couch.\n\nHis dad, Karim, whose "
        "parents came from India, remembers watching his friends. Now that he has kids, he "
        "wants to make the holidays fun.\n\n\u201cIt is hard to replicate it when the whole "
        "society does it,\u201d he says.",
        "Karim",
        id="a_given_name_in_apposition_to_dad_is_a_person_for_a_later_he",
    ),
    pytest.param(
        "As of now, my mom thinks we will come down for dinner. Last year she said, \u201cI "
        "guess some children just love differently\u201d in response.",
        "mom",
        id="mom_is_a_woman_for_a_later_she",
    ),
    pytest.param(
        "\u201cWe were the darkest house on the street,\u201d says Karim Tahir, who, like "
        "Layla, is the child of immigrants.\n\nMelanie\u2019s hometown was more diverse, but "
        "she remembers the school concert. \u201cIt was very Christmas centered,\u201d she "
        "says.",
        "Melanie",
        id="a_known_given_name_alone_in_the_possessive_is_a_person",
    ),
]


@pytest.mark.parametrize(("text", "speaker"), CASES)
def test_speaker(text: str, speaker: str | None) -> None:
    assert find_quotes(text)[-1].speaker == speaker


def test_with_after_a_verb_is_no_absolute_clause() -> None:
    # (guard) "spoke with reporters saying": the sentence's subject speaks
    quotes = find_quotes('Tom Reyes spoke with reporters saying: "We will win this one very '
                         'big, believe me."')
    assert quotes[0].speaker == "Tom Reyes"


def test_an_inverted_cue_before_a_quote_still_names_its_subject() -> None:
    # (guard) "…, said the senator …: '…'": no verb after the phrase, an inverted speaker
    quotes = find_quotes('The vote was close, said the senator from Ohio: "We lost by a '
                         'handful of votes in the end."')
    assert quotes[0].speaker == "the senator"


def test_a_quote_in_a_paragraph_naming_the_last_speaker_is_theirs() -> None:
    quotes = find_quotes(
        "\u201cWe can see that some areas bring in more young people,\u201d Karl Tomsen says. "
        "Drivers are another example.\n\nTomsen isn\u2019t swayed by the hype around Rust "
        "(\u201cRust has not really shown itself as the next big thing\u201d), but he\u2019s "
        "still a fan. \u201cRust was one of those things that made technical sense to me.\u201d")
    assert [q.speaker for q in quotes] == ["Karl Tomsen"] * 3


def test_a_title_quoted_inside_the_writers_clause_takes_no_speaker() -> None:
    # (guard) the paragraph names the last speaker, but the quote is a title in the clause
    quotes = find_quotes(
        "\u201cBeing a dad, that\u2019s my job,\u201d Tom Reyes said in May.\nIn recent years, "
        "Reyes opened a consulting firm, became involved in a restaurant and acted in the "
        "Syfy movie \u201cSharknado 3: Oh Hell No!\u201d This past spring, he was in a film.")
    assert quotes[-1].speaker is None


def test_a_known_given_name_with_an_apposition_is_a_person_even_starred() -> None:
    quotes = find_quotes(
        "Stars such as Zara Holt have been open about it.\n\nPamela*, a 34-year-old mum "
        "from London, has Botox in her forehead. For years, she kept it secret.\n\n"
        '"Sometimes my husband would look at me like he knew something," she says.')
    assert quotes[-1].speaker == "Pamela"


def test_a_phrase_in_quotation_marks_is_no_name() -> None:
    # "Praise God" in marks made "God" a person named "Praise God"
    quotes = find_quotes(
        "The letter, \u201cLaudate Deum\u201d \u2014 which translates as \u201cPraise "
        "God\u201d \u2014 came out Wednesday. He cites a verse where God says, \u201cthe "
        "land is mine; with me you are but aliens.\u201d")
    assert quotes[-1].speaker == "God"


def test_a_full_name_in_apposition_to_a_role_is_a_person() -> None:
    quotes = find_quotes(
        "\u201cWe locked the door just in time,\u201d Karl Tomsen said.\n\nThe university\u2019s "
        "rector, Mila Novakova, was among the mourners lighting candles. \u201cThe academic "
        "community is shaken, deeply shaken,\u201d she told reporters.")
    assert quotes[-1].speaker == "Mila Novakova"


def test_a_quote_right_after_an_indirect_attribution_in_its_paragraph_is_its_speakers() -> None:
    quotes = find_quotes(
        "A further source then confirmed that the family is so determined to be with him "
        'that they are living together. They said: "They are all there all the time, every '
        'single day."')
    assert quotes[-1].speaker == "A further source"


@pytest.mark.parametrize(("text", "speaker"), [
    ("David Jones told the agency it was bad while Tom Reyes, a Conservative former minister "
     'wrote on X that it was "deeply disappointing and undermines our efforts".', "Tom Reyes"),
    ("\u201cThey do not want to put themselves there,\u201d Ann Ruiz, founder of WSL Retail "
     "told WWD. \u201cOr they could be so stunned by it they do not know what to say.\u201d",
     "Ann Ruiz"),
])
def test_a_name_before_an_apposition_missing_its_closing_comma_speaks(text: str,
                                                                      speaker: str) -> None:
    assert find_quotes(text)[-1].speaker == speaker


@pytest.mark.parametrize("text", [
    "At the town hall in Hudson, New Hampshire Monday, the Christie supporter retorted: "
    "\u201cThere is a special place for voters who vote that way.\u201d",
    "In an interview with hosts Joe Scarborough and Mika Brzezinski, the Democratic "
    "candidate stated: \u201cIt does not fit with what I thought I knew.\u201d",
])
def test_a_place_or_a_pair_before_a_comma_is_no_unclosed_apposition(text: str) -> None:
    # (guard)
    assert find_quotes(text)[-1].speaker not in ("New Hampshire Monday", "Mika Brzezinski")


def test_a_speaker_described_with_one_or_another_speaks() -> None:
    quotes = find_quotes("Affluent students were even more likely to say this. \u201cI believe "
                         "that a good brand name is imperative to getting a job,\u201d one "
                         "survey respondent offered.")
    assert quotes[-1].speaker == "one survey respondent"


def test_a_sentence_quote_in_the_last_speakers_account_is_theirs() -> None:
    quotes = find_quotes(
        "\u201cI was just trying to tell people what was happening,\u201d Karl Tomsen said.\n\n"
        "After initially hearing shots, things appeared to calm down for a bit. \u201cAnd then "
        "there was a lot more shooting 30 minutes later.\u201d")
    assert quotes[-1].speaker == "Karl Tomsen"


def test_no_carry_over_another_person_named_or_a_list_heading() -> None:
    # (guards) someone else named since the last quote; a numbered heading in marks
    quotes = find_quotes(
        "\u201cI was just trying to tell people what was happening,\u201d Karl Tomsen said.\n\n"
        "Ann Ruiz, a nurse, waited outside for an hour. \u201cThey shouted at me to run.\u201d"
        "\n\n6. \u201cThe Gordon problem.\u201d")
    assert quotes[1].speaker != "Karl Tomsen"
    assert quotes[2].speaker is None


def test_a_report_from_a_named_body_is_the_bodys() -> None:
    quotes = find_quotes('"The market is largely factoring in a reasonable recovery in the '
                         'economy," said a report from Kotak Institutional Equities.')
    assert quotes[0].speaker == "Kotak Institutional Equities"


def test_a_name_no_list_knows_before_an_apposition_and_a_cue_is_a_person() -> None:
    quotes = find_quotes(
        '"Growth will come back," said a report from Kotak Equities.\n\nPankaj Pandey, Head of '
        "Research at ICICI Securities, pointed out that this is a stock-specific market.\n\n"
        '"It is a stock-specific market so we are not expecting a broad rally," he said.')
    assert quotes[-1].speaker == "Pankaj Pandey"


def test_a_place_in_a_list_before_a_comma_cue_is_no_person() -> None:
    # (guard) "Salem, New Hampshire, Trump went after Bush, calling him …"
    quotes = find_quotes(
        "Speaking at a town hall event in Salem, New Hampshire, Donald Trump went after Bush, "
        "calling him a stiff.\n\nHe says, \u201cHere is a guy you would never hire to do "
        "anything.\u201d")
    assert quotes[-1].speaker == "Donald Trump"


def test_a_sentence_quote_in_a_paragraph_about_the_person_it_opens_on() -> None:
    quotes = find_quotes(
        '"It is not a betrayal of trust," Jo Hemmings says.\n\nPaula*, a 43-year-old mum '
        "from Hertfordshire, started getting Botox last year. After her first treatment, she "
        "was nervous her husband would notice, but he didn't. \"I panic every time but he's "
        'not the most observant."')
    assert quotes[-1].speaker == "Paula"


def test_the_account_carry_goes_on_over_a_carried_quote_but_not_to_a_namesake() -> None:
    quotes = find_quotes(
        "\u201cI was just trying to tell people what was happening,\u201d Karl Tomsen said.\n\n"
        "After hearing shots, things appeared to calm down for a bit. \u201cAnd then there was "
        "a lot more shooting 30 minutes later.\u201d\n\nEventually the pair were evacuated by "
        "police. \u201cAs we were walking out, there was just blood all over the faculty.\u201d"
        "\n\nAnn Tomsen says she got a call from her niece. \u201cShe called me in tears, and "
        "I did not know what to say.\u201d")
    assert [q.speaker for q in quotes] == ["Karl Tomsen"] * 3 + ["Ann Tomsen"]
