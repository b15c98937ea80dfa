"""Quotes, speakers and indirect attributions on short stories written for these tests."""

from __future__ import annotations

import pyarrow as pa
import pytest

from newssift.news.parts import parse_news
from newssift.news.quotes import find_attributions, find_quotes
from newssift.news.quotes.attribute import find
from newssift.news.quotes.capitals import scan_capitals, surname
from newssift.news.quotes.cues import cue_at
from newssift.news.quotes.marks import quote_spans
from newssift.news.quotes.mentions import clause_subject
from newssift.news.quotes.people import PeopleIndex
from newssift.news.quotes.resolver import Speaker, SpeakerResolver
from newssift.news.quotes.text import StoryText, tokens
from newssift.record import Document, NewsParts, Quote, from_arrow, to_arrow


def _one(text: str) -> Quote:
    qs = find_quotes(text)
    assert len(qs) == 1, qs
    return qs[0]


def _speakers(text: str) -> list[tuple[str | None, str | None]]:
    return [(q.speaker, q.resolution) for q in find_quotes(text)]


def test_speaker_after_in_either_order_with_any_cue():
    for text, who in [
        ('"We will not raise taxes this year," said Maria Kessel.', "Maria Kessel"),
        ('"We will not raise taxes this year," Maria Kessel told reporters.', "Maria Kessel"),
        ('"We will not raise taxes this year," Kessel tweeted on Monday.', "Kessel"),
        ('"We will not raise taxes this year," according to the embassy.', "the embassy"),
        ('"We will not raise taxes this year," Maria Kessel wrote in a blog post.',
         "Maria Kessel"),
    ]:
        q = _one(text)
        assert q.speaker == who, text
        assert q.resolution == "explicit"
        assert who.split()[-1] in text[q.speaker_start : q.speaker_end]


def test_speaker_before_the_quote():
    q = _one('Kremlin spokesman Dmitry Peskov said: "We see no reason for new talks."')
    assert (q.speaker, q.resolution) == ("Dmitry Peskov", "explicit")
    q = _one('According to the ministry, "the roads will reopen on Friday morning."')
    assert q.speaker == "the ministry"
    q = _one('Clinton spoke in Des Moines, telling the crowd, "We are going to win this."')
    assert q.speaker == "Clinton"


def test_speakers_named_with_capitals_beyond_latin1():
    # "Ł", "İ" and the title-case "ǅ" open names (vocab/letters.py): the surname alone or a
    # pronoun goes to the full name written before it, as for "Maria Kessel" (before session
    # 27 the capital runs stopped at Latin-1, and these got "Szumowski", "Aliyev", "Bijedić")
    for text, who, how in [
        ('Łukasz Szumowski, the health minister, spoke in Warsaw on Monday. "The hospitals are '
         'ready," Szumowski said.', "Łukasz Szumowski", "explicit"),
        ('İlham Aliyev spoke in Baku on Tuesday about the talks. "We will not give up our '
         'land," he said.', "İlham Aliyev", "pronoun"),
        ("Azerbaijan's president İlham Aliyev met the envoys on Tuesday. \"We will not give up "
         'our land," Aliyev said.', "İlham Aliyev", "explicit"),
        ('ǅemal Bijedić spoke first. "We are ready," Bijedić said.', "ǅemal Bijedić", "explicit"),
        ('"It is a fair deal," said Maroš Šefčovič.', "Maroš Šefčovič", "explicit"),
        ('"It was a hard match," said Novak Đoković.', "Novak Đoković", "explicit"),
    ]:
        assert _speakers(text) == [(who, how)], text


def test_speaker_separated_by_a_clause():
    q = _one(
        '"The numbers do not add up," Katie Packer, who chairs the Our Principles group, '
        "said in a statement."
    )
    assert q.speaker == "Katie Packer"
    q = _one(
        '"The data will improve storm warnings," said the agency\'s director of earth '
        "observation, Ingrid Halvorsen."
    )
    assert q.speaker == "Ingrid Halvorsen"


def test_pronoun_goes_to_nearest_fitting_person():
    text = (
        "Senator Ann Holt met Governor Peter Marsh on Monday.\n\n"
        "Holt spoke first and Marsh listened.\n\n"
        '"We have a deal on the budget," she said.'
    )
    q = _one(text)
    assert (q.speaker, q.resolution) == ("Ann Holt", "pronoun")
    assert text[q.speaker_start : q.speaker_end] == "she"


def test_role_goes_to_the_name_used_earlier():
    text = (
        "Dmitry Peskov, spokesman for the Kremlin, spoke to journalists on Friday.\n\n"
        'Later, the spokesman said: "There will be no comment on the visit at all."'
    )
    q = _one(text)
    assert (q.speaker, q.resolution) == ("Dmitry Peskov", "role")
    assert text[q.speaker_start : q.speaker_end] == "the spokesman"


def test_split_and_multi_paragraph_quotes_are_carried():
    text = (
        "Ruth Hale spoke after the vote.\n\n"
        '"We did what we promised," Hale said, "and we will keep doing it next year."\n\n'
        '"The second year is harder than the first.\n\n'
        '"But the people of this town are patient and they know that."\n\n'
        "The council meets again in May."
    )
    got = _speakers(text)
    assert got[0] == ("Ruth Hale", "explicit")
    assert got[1] == ("Ruth Hale", "explicit")  # the split quote's second half reads the cue
    assert got[2] == ("Ruth Hale", "carried")  # opens a paragraph, never closed
    assert got[3] == ("Ruth Hale", "carried")


def test_nested_quote_stays_inside():
    q = _one("\"They shouted 'you will lose this election' at us all night,\" Omar Diaz said.")
    assert q.speaker == "Omar Diaz"
    assert "you will lose" in q.text


def test_indirect_attributions():
    text = (
        "Mayor Ingrid Solberg said that the tram line would open in the spring of next year.\n\n"
        "According to the transport office, the cost has risen by a fifth since the plan.\n\n"
        "The budget will be tight for years to come, the finance director warned."
    )
    quotes, indirect = find_attributions(text)
    assert quotes == []
    got = [(q.speaker, q.text[:20]) for q in indirect]
    assert got == [
        ("Ingrid Solberg", "the tram line would "),
        ("the transport office", "the cost has risen b"),
        ("the finance director", "The budget will be t"),
    ]
    for q in indirect:
        assert text[q.start : q.end] == q.text
        assert q.resolution == "explicit"


def test_pronoun_means_the_speaker_of_the_indirect_attribution_before():
    text = (
        "Cruz will have a much tougher time in the general election, should he win the "
        "nomination, Henson said.\n\n"
        '"It is an open question whether he can win a national campaign," he said.'
    )
    quotes, indirect = find_attributions(text)
    assert [q.speaker for q in indirect] == ["Henson"]
    assert (quotes[0].speaker, quotes[0].resolution) == ("Henson", "pronoun")


def test_pronoun_prefers_the_main_clause_subject():
    text = (
        "Ban said the accord would hold.\n\n"
        "Asked whether he was worried that Donald Trump could win, Ban demurred.\n\n"
        '"There is no political ideology, there is just one science," he said.'
    )
    q = find_quotes(text)[-1]
    assert (q.speaker, q.resolution) == ("Ban", "pronoun")


def test_role_before_a_name_opens_the_clause():
    text = (
        "Florida delegate John Archer, wearing a cowboy hat, said the campaign runs on "
        "small donations.\n\n"
        '"He is doing it the Bernie Sanders way," he said.'
    )
    quotes, indirect = find_attributions(text)
    assert indirect[0].speaker == "John Archer"
    assert quotes[0].speaker == "John Archer"


def test_role_matches_an_abbreviated_title():
    text = (
        "Ohio Gov. John Kasich spoke in Manchester on Monday.\n\n"
        'The governor said: "We need to secure the border and then fix the rest."'
    )
    q = _one(text)
    assert (q.speaker, q.resolution) == ("John Kasich", "role")


def test_subject_before_a_place_and_a_time_phrase():
    _, indirect = find_attributions(
        "Another superdelegate, Michael Brown of Washington, D.C., explained the reason for "
        "his late support for the former first lady."
    )
    assert indirect[0].speaker == "Michael Brown"
    _, indirect = find_attributions(
        "Trump at the time said he had asked his people to look into paying the fees."
    )
    assert indirect[0].speaker == "Trump"


def test_two_apostrophes_as_quotation_marks():
    text = (
        "''We are not going to raise taxes this year,'' said Gov. Maria Kessel.\n\n"
        "''It's O.K. to disagree with the plan and say so,'' she added."
    )
    quotes = find_quotes(text)
    assert [q.text for q in quotes] == [
        "We are not going to raise taxes this year,",
        "It's O.K. to disagree with the plan and say so,",
    ]
    assert [q.speaker for q in quotes] == ["Maria Kessel", "Maria Kessel"]


def test_pronoun_never_means_a_document_named_at_a_cue():
    text = (
        "Sonia Sotomayor was the most liberal justice this term, an analysis said.\n\n"
        '"Without Scalia, it is still the Kennedy Court," she said.'
    )
    _, indirect = find_attributions(text)
    assert indirect[0].speaker == "an analysis"
    assert _one(text).speaker != "an analysis"


def test_connectives_and_adverbs_are_not_speakers():
    text = 'Instead, "the plan will fail before the summer is over," effectively said.'
    assert _one(text).speaker is None
    text = (
        "Mayor Ruth Mills spoke on Monday.\n\n"
        '"We will rebuild the bridge before winter," Mills then said.'
    )
    assert _one(text).speaker == "Ruth Mills"


def test_mixed_marks_and_a_quote_closed_without_punctuation():
    q = _one(
        '“As a builder, he put a lot of people out of business, too" Sweeney said after an '
        "event in Edison."
    )
    assert q.text.startswith("As a builder") and q.speaker == "Sweeney"


def test_no_attribution_in_reach_is_not_guessed():
    q = _one('The film "Gone With the Wind and Rain" opens at the town cinema on Friday.')
    assert q.speaker is None and q.resolution is None and q.speaker_start == -1


# ---------------------------------------------------------------- bad input


def test_unbalanced_quotation_marks():
    for text in [
        'He said "this never closes and goes on and on.\n\nNext paragraph "again and again',
        "“Open “open “open three words here” and ” stray ”",
        "«« » « never closed here at all",
        '"' * 50 + " words " * 10,
        "„Das ist ein Zitat ohne Ende, sagte Weber.",
        '“mixed open and straight close" and “never closed at all ' * 20,
        "「 」「「 never closed 」」」 『 』",
        "»« «» » « »»",
        "''never closed and it's long '' ' '' ' x" * 20,
    ]:
        parts = parse_news(text)
        for q in parts.quotes + parts.indirect:
            assert 0 <= q.start <= q.end <= len(text)


def test_500_quotes_cost_linear_work():
    para = '"We will keep the harbour open all winter," harbour master Tomas Brandt said.\n\n'
    small = para * 50
    big = para * 500
    counts = []
    for text in (small, big):
        quotes, _, ctx = find(text)
        assert len(quotes) == len(text) // len(para)
        assert all(q.speaker == "Tomas Brandt" for q in quotes)
        counts.append(ctx.scanned)
    # ten times the text reads ten times the characters, not a hundred
    assert counts[1] <= 11 * counts[0]
    assert counts[1] <= 4 * len(big)


def test_500_quotes_in_other_marks_cost_linear_work():
    for para, who in [
        ("« Nous garderons le port ouvert tout l'hiver », a déclaré Claire Dumont.\n\n",
         "Claire Dumont"),
        ("„Wir halten den Hafen den ganzen Winter offen“, sagte Markus Keller.\n\n",
         "Markus Keller"),
    ]:
        counts = []
        for n in (50, 500):
            quotes, _, ctx = find(para * n)
            assert len(quotes) == n
            assert all(q.speaker == who for q in quotes)
            counts.append(ctx.scanned)
        assert counts[1] <= 11 * counts[0]
    # an unclosed mark repeated 500 times on one line: each try stops at the next mark
    text = "“never closed here " * 500
    quotes, _, _ = find(text)
    assert all(0 <= q.start <= q.end <= len(text) for q in quotes)


def test_quotes_in_other_scripts():
    cases = [
        ("« Nous irons jusqu'au bout de ce mouvement », a déclaré Claire Dumont.", "Claire Dumont"),
        ("„Wir haben gut gespielt, aber verloren“, sagte Markus Keller.", "Markus Keller"),
        ("»Wir haben gut gespielt, aber verloren«, sagte Markus Keller.", "Markus Keller"),
    ]
    for text, who in cases:
        assert _one(text).speaker == who, text
    q = _one("田中氏は「この計画は必ず成功させなければならない」と述べた。")
    assert q.text == "この計画は必ず成功させなければならない"


# ---------------------------------------------------------------- record


def test_record_keeps_speaker_span_resolution_and_indirect():
    parts = NewsParts(
        quotes=[Quote("we will win this", "Ann Holt", 1, 17, 20, 23, "pronoun")],
        indirect=[Quote("taxes will rise", "the ministry", 30, 45, 50, 62, "explicit")],
    )
    doc = Document(id="d", source="s", text="x", news=parts)
    again = Document.from_dict(doc.to_dict())
    assert again.news == parts
    assert from_arrow(to_arrow([doc]))[0].news == parts


def test_old_records_stay_readable():
    old = {"id": "d", "source": "s", "news": {"quotes": [
        {"text": "we will win", "speaker": "X", "start": 0, "end": 11}]}}
    doc = Document.from_dict(old)
    assert doc.news.quotes[0].resolution is None and doc.news.quotes[0].speaker_start == -1
    assert doc.news.indirect == []
    old_quote = pa.struct([("text", pa.string()), ("speaker", pa.string()),
                           ("start", pa.int32()), ("end", pa.int32())])
    table = pa.table({"id": ["d"], "source": ["s"], "news": pa.array(
        [{"quotes": [{"text": "we will win", "speaker": "X", "start": 0, "end": 11}]}],
        type=pa.struct([("quotes", pa.list_(old_quote))]))})
    assert from_arrow(table)[0].news.quotes[0].speaker == "X"


def test_inverted_cue_after_a_clause_names_the_speaker_after_it():
    text = (
        '"Consumers show a new resilience," like the recent volatility of markets, said '
        "Richard Curtin, the chief economist of the survey.\n\n"
        '"The risk," said Edward Leamer, an economist, "is that we attract workers and lose '
        'jobs."'
    )
    quotes = find_quotes(text)
    assert [q.speaker for q in quotes] == ["Richard Curtin", "Edward Leamer"]


def test_apposition_over_several_commas_keeps_the_name_not_the_place():
    text = (
        '"I still have not decided who gets my vote," Carole Bower, 75, a retiree in '
        "Carthage, Ill., said.\n\n"
        "Woodrow Benford, 58, who lives outside Minneapolis, says he backs Sanders now.\n\n"
        '"Some changes need to be made, some major changes," he said.'
    )
    quotes = find_quotes(text)
    assert quotes[0].speaker == "Carole Bower"
    assert (quotes[1].speaker, quotes[1].resolution) == ("Woodrow Benford", "pronoun")


def test_pronoun_after_a_description_means_the_person_named_before():
    text = (
        "A reporter asked Donald Trump about the plan in Iowa.\n\n"
        '"There should be a lot of systems, beyond databases," the businessman replied.\n\n'
        '"I would certainly implement that, absolutely," he added.'
    )
    quotes = find_quotes(text)
    assert quotes[0].speaker == "the businessman"
    assert (quotes[1].speaker, quotes[1].resolution) == ("Donald Trump", "pronoun")


def test_phrasal_cues_put_it_and_shot_back():
    text = (
        "As Tom Ridge, a former secretary of homeland security, put it: \"The barbarians are "
        'no longer at the gate."\n\n'
        "Asked whether the campaign should apologise, Mr. Smith shot back: \"That would be "
        'good for everyone."\n\n'
        "Mr. Rubel said little. \"The stock has not done well,\" Mr. Rubel pointed out."
    )
    assert [q.speaker for q in find_quotes(text)] == ["Tom Ridge", "Smith", "Rubel"]


def test_put_without_it_is_no_cue():
    assert cue_at(tokens("put it bluntly", 0), 0) == 2
    assert cue_at(tokens("put the bill on hold", 0), 0) == 0


def test_indirect_attribution_after_a_participle():
    text = "Trump defended the plan on Monday, saying it would bring the jobs back home."
    _, indirect = find_attributions(text)
    assert [(q.speaker, q.text) for q in indirect] == [
        ("Trump", "it would bring the jobs back home")]


def test_indirect_attribution_quoting_a_few_words():
    text = 'Graham argued that being American "is an idea" that no group owns.'
    _, indirect = find_attributions(text)
    assert [(q.speaker, q.text) for q in indirect] == [
        ("Graham", 'being American "is an idea" that no group owns')]


def test_a_cue_introducing_a_quote_is_not_indirect():
    text = 'Graham told reporters, "Being American is an idea that no group owns."'
    quotes, indirect = find_attributions(text)
    assert indirect == [] and quotes[0].speaker == "Graham"


def test_a_name_in_apposition_to_a_description():
    _, indirect = find_attributions(
        "The author of the book, Mitchell Zuckoff, said he stands by the depiction of events."
    )
    assert indirect[0].speaker == "Mitchell Zuckoff"


def test_a_short_quote_opening_a_paragraph_does_not_run_on():
    text = (
        "Susan Sarandon spoke to MSNBC on Monday.\n\n"
        "\u201cReally,\u201d she added when the interviewer expressed shock at her answer.\n\n"
        "\u201cSome people feel the change will come immediately,\u201d she said."
    )
    quotes, _ = find_attributions(text)
    assert [q.text for q in quotes] == ["Some people feel the change will come immediately,"]


def test_a_paragraph_opening_on_a_mark_it_never_closes_still_runs_on():
    text = (
        "Mr. Obama spoke for an hour.\n\n"
        "\u201cWe will not be divided by fear, and we will not back down.\n\n"
        "\u201cThat is who we are,\u201d he said."
    )
    quotes, _ = find_attributions(text)
    assert quotes[0].text.startswith("We will not be divided") and len(quotes) == 2
    # straight marks inside it name a phrase; they do not close the paragraph's quote
    quotes, _ = find_attributions(text.replace("We will not be divided by fear",
                                               'The "Big Lie" is what they sell'))
    assert quotes[0].text.startswith('The "Big Lie" is what they sell') and len(quotes) == 2


def test_mixed_marks_split_by_the_attribution_are_two_quotes():
    text = (
        'Trump spoke in Manchester.\n\n\u201cI heard parts of Bernie\u2019s speech," Trump said. '
        '"He wants to give away our country, folks.\u201d'
    )
    quotes = find_quotes(text)
    assert [q.text for q in quotes] == [
        "I heard parts of Bernie\u2019s speech,",
        "He wants to give away our country, folks.",
    ]
    assert [q.speaker for q in quotes] == ["Trump", "Trump"]


def test_straight_marks_nested_in_curly_ones_stay_inside():
    text = '\u201cThey call it the "Big Lie" and it is not one,\u201d Smith said.'
    q = _one(text)
    assert q.text == 'They call it the "Big Lie" and it is not one,' and q.speaker == "Smith"


def test_a_noun_like_cue_after_a_quote_left_open_by_a_comma():
    text = (
        "Richard Viguerie leads the group.\n\n"
        "\u201cHe may be the only one who can unite us,\u201d Viguerie notes."
    )
    assert _one(text).speaker == "Richard Viguerie"
    text = "\u201cThey will call me up within a day,\u201d he promises, and the crowd cheers."
    assert _one(text).speaker is None  # no person named before "he": nothing guessed
    # a noun after a quote that closed its sentence stays a noun
    text = "\u201cWe will win this state.\u201d Viguerie notes are on the table."
    assert _one(text).speaker is None


def test_a_quote_closed_without_punctuation_before_any_cue():
    text = (
        'In the morning, a reply. "The idea of deporting 11 million people is absurd -H" '
        "Hillary Clinton tweeted, quoting a reporter."
    )
    assert _one(text).speaker == "Hillary Clinton"
    text = 'They wore "The idea of deporting people" Clinton shirts.'
    assert _one(text).speaker is None


def test_outlets_titles_and_any_are_no_he_or_she():
    text = (
        "Donald Trump named his rivals on Tuesday.\n\n"
        "Trump hired Katrina Pierson, a Tea Party activist, according to Politico.\n\n"
        '"Rubio is not going to be the one, believe me," he said.'
    )
    assert find_quotes(text)[-1].speaker == "Donald Trump"
    text = (
        "Any decision to charge someone would involve the attorney general, who told Congress: "
        '"That matter is being handled by career agents."'
    )
    assert _one(text).speaker != "Any"


def test_a_title_of_the_other_gender_keeps_a_shared_surname_apart():
    text = (
        "Their son, Humayun Khan, died in Iraq in 2004.\n\n"
        '"I appeal to them not to vote for hatred," Mr. Khan said. He spoke for an hour.\n\n'
        '"All the world felt my pain. I am a Gold Star mother," Ms. Khan wrote. She '
        'continued: "Donald Trump has children whom he loves."'
    )
    quotes = find_quotes(text)
    assert [q.speaker for q in quotes] == ["Mr. Khan", "Ms. Khan", "Ms. Khan"]


def test_reacted_and_exhorted_are_cues():
    text = '"What sport is he talking about, and who?" reacted Donald Trump.'
    assert _one(text).speaker == "Donald Trump"
    text = '"It is about time we had a woman running this country," exhorted Jamie Lee Curtis.'
    assert _one(text).speaker == "Jamie Lee Curtis"


def test_a_participle_after_an_object_or_a_preposition_takes_the_subject():
    text = (
        "Sarah Silverman, a Sanders supporter, incurred a wave of boos upon saying, "
        '"Hillary heard the passion of the people."'
    )
    assert _one(text).speaker == "Sarah Silverman"
    text = (
        "As the LinkedIn chief executive, Jeff Weiner, put it in his memo to employees "
        "explaining the deal, \"Imagine a world where we are no longer looking up at them.\""
    )
    assert _one(text).speaker == "Jeff Weiner"


def test_a_noun_like_cue_before_a_quote_after_a_name_or_he():
    text = (
        "Bernie Sanders is making an impromptu stop at a high school.\n\n"
        "He is talking to voters about health care. "
        "He jokes, \u201cIt\u2019s a never ending line!\u201d"
    )
    assert find_quotes(text)[-1].speaker == "Bernie Sanders"
    text = 'The crowd cheers, and then Wallnau continues: "God has given this man an anointing."'
    assert _one(text).speaker == "Wallnau"


# ------------------------------------------------------------ speakers, one case a row

#: (text, the speaker of its last quote, whether the text holds that one quote only)
SPEAKER_CASES = [
    pytest.param(
        "Kasich: ‘We Are Going To Go All The Way To Cleveland’\n\nThe governor spoke.",
        "Kasich",
        True,
        id="headline_quote",
    ),
    pytest.param(
        '"The winds are changing in the courts," J. Gerald Hebert, executive director of the '
        "Campaign Legal Center, said in an interview.",
        "J. Gerald Hebert",
        True,
        id="initials_and_an_apposition_between_quote_and_cue",
    ),
    pytest.param(
        '"We have had better conventions than this one," Texas delegate Bill Eastland, wearing '
        'a cowboy hat and "Ted Cruz" campaign pins, said as confetti fell.',
        "Bill Eastland",
        True,
        id="short_title_in_marks_does_not_end_the_attribution",
    ),
    pytest.param(
        "During their first debate, Hillary Clinton cracked, "
        '"I am a progressive who likes to get things done."',
        "Hillary Clinton",
        True,
        id="any_verb_of_saying_before_the_quote",
    ),
    pytest.param(
        "The spokesman refused to answer questions on who the prime minister would like to "
        "see win in November but said there was no telephone call or meeting planned with "
        'the candidate, adding: "If one is proposed we will consider it."',
        "The spokesman",
        True,
        id="participle_reads_the_subject_from_the_start_of_a_long_sentence",
    ),
    pytest.param(
        'Christie bristled at the question, saying, "the advice I give to Donald is to '
        'Donald." He also said Trump would keep his supporters.',
        "Christie",
        True,
        id="a_closed_quote_is_not_credited_by_a_new_sentence",
    ),
    pytest.param(
        '"We will win the state easily," Packer, who chairs the group, told CNN.',
        "Packer",
        True,
        id="told_is_not_inverted",
    ),
    pytest.param(
        "Bernie Sanders spoke in Nashua on Monday.\n\n"
        "Instead, the Vermont senator is sticking to his campaign message.\n\n"
        '"We have come a long way in the last nine months," he told supporters.',
        "Bernie Sanders",
        True,
        id="a_connective_before_a_comma_is_no_person",
    ),
    pytest.param(
        "Ban Ki-moon spoke in New York.\n\n"
        "Ban has seen the melting ice of Antarctica and Greenland, the drought-ravaged Aral "
        "Sea, and more.\n\n"
        '"I am not a climatologist, I am not a scientist," he said.',
        "Ban Ki-moon",
        True,
        id="a_place_before_an_apposition_is_no_person",
    ),
    pytest.param(
        "Tom Baker ran the plant for years.\n\n"
        "Ms. Hughes avoids the election with her mother, but their neighbor Benjamin Green, "
        "83, knows what Washington needs.\n\n"
        '"It will take a junkyard dog to straighten this out," he said.',
        "Benjamin Green",
        True,
        id="a_possessive_before_a_role_keeps_the_name_a_subject",
    ),
    pytest.param(
        "Donald Trump picked Denver in an interview on Sunday.\n\n"
        "Cruz openly admitted that his pick was politically motivated. \"With an eye to "
        'February 20th, Carolina," he said.',
        "Cruz",
        True,
        id="a_surname_alone_opening_a_sentence_before_a_verb_is_a_person",
    ),
    pytest.param(
        "Donald Trump spoke in Iowa on Sunday.\n\n"
        "Apple unveiled a new phone on Monday. \"We will build a wall and it will be "
        'beautiful," he said.',
        "Donald Trump",
        True,
        id="a_company_opening_a_sentence_is_no_he",
    ),
    pytest.param(
        '"We have a path to victory in this state," added his campaign manager Jeff Weaver, '
        "speaking to CNN.",
        "Jeff Weaver",
        True,
        id="a_possessive_before_a_role_and_a_name",
    ),
    pytest.param(
        # "Clinton" is only the subject of a subordinate clause; "the actress" who spoke after it
        # is the named speaker before her
        "\u201cThat is a legitimate concern,\u201d Susan Sarandon told MSNBC on Monday.\n\n"
        "Asked about her vote in the event that Hillary Clinton faces Trump, she did not say.\n\n"
        "The actress said she was tired of the status quo.\n\n"
        "\u201cSome people feel Trump will bring revolution immediately,\u201d she said.",
        "Susan Sarandon",
        False,
        id="a_pronoun_keeps_the_named_speaker_over_a_description_and_an_object",
    ),
    pytest.param(
        "\u201cThat is a legitimate concern,\u201d Susan Sarandon told MSNBC on Monday.\n\n"
        "The actress said she was tired of the status quo.\n\n"
        "Hillary Clinton answered her critics in Iowa on Tuesday.\n\n"
        "\u201cI will fight for every vote in this state,\u201d she said.",
        "Hillary Clinton",
        False,
        id="a_pronoun_after_a_main_clause_subject_still_takes_it",
    ),
    pytest.param(
        "Mr. Trump spoke for an hour on Saturday.\n\n"
        "In Concord, he referred to the demonstrators as friends. \"Are you O.K., honey? "
        "Don't fall,\" he said.",
        "Trump",
        False,
        id="a_preposition_before_a_capitalised_word_is_no_title",
    ),
    pytest.param(
        "Sandy Phillips, who lost her daughter during the shooting in Aurora, Colorado, in "
        "July 2012, said that Sanders had treated her family with disrespect.\n\n"
        '"Bernie promised to meet with us face to face," she said.',
        "Sandy Phillips",
        False,
        id="a_place_named_as_a_speaker_is_no_he_or_she",
    ),
    pytest.param(
        "Donald Trump spoke last.\n\n"
        "Earlier, Maricopa County (Ariz.) Sheriff Joe Arpaio, one of the most polarizing "
        "figures in the debate, vouched for the wall.\n\n"
        'He said, "Donald Trump will build the wall and restore law and order."',
        "Joe Arpaio",
        False,
        id="a_sheriff_is_a_title",
    ),
    pytest.param(
        "Chris Christie slipped in a back door to avoid the protesters.\n\n"
        "Democratic presidential candidate Bernie Sanders is choosing not to respond.\n\n"
        "\u201cWe have come a long way in the last nine months,\u201d he told supporters.",
        "Bernie Sanders",
        False,
        id="lower_case_title_words_before_a_name_keep_it_the_subject",
    ),
    pytest.param(
        "Chris Christie lit into Marco Rubio on Saturday.\n\n"
        "Christie's been making the case for weeks that Rubio isn't ready for the job. "
        '"You have not been involved in a consequential decision," he said.',
        "Chris Christie",
        False,
        id="a_name_with_s_for_has_is_no_possessive",
    ),
    pytest.param(
        "''The one thing you can bet on seeing in 2017 is a tougher attitude,'' Elaine C. "
        "Kamarck, a senior fellow at the Brookings Institution and a Democratic superdelegate, "
        "wrote in an analysis.",
        "Elaine C. Kamarck",
        True,
        id="a_long_apposition_after_a_name_of_initials",
    ),
    pytest.param(
        "Bernie Sanders won the primary in New Hampshire.\n\n"
        "Ohio Gov. John Kasich, a Republican presidential contender, dismissed the idea.\n\n"
        '"That is not even an issue for the voters," he said.',
        "John Kasich",
        False,
        id="a_place_and_a_title_before_a_name",
    ),
    pytest.param(
        '"Then Sanders can say \'I can win anywhere,\'" said Jon Ralston, who runs a newsletter.',
        "Jon Ralston",
        True,
        id="a_nested_quote_closing_on_an_apostrophe",
    ),
    pytest.param(
        "Appearing before cheering supporters Monday morning at the party headquarters, "
        "Aung San Suu Kyi, 70, said it was too early to congratulate winners but added, "
        '"I think you all have an idea of the results."',
        "Aung San Suu Kyi",
        True,
        id="but_added_after_an_apposition_and_an_opening_participle",
    ),
    pytest.param(
        "Later on Sunday, Carson shared a syllabus for a psychology class called "
        '"Perception" on his page, writing "Here is a syllabus for the class you claim '
        'never existed."',
        "Carson",
        False,
        id="a_cue_after_an_object_is_no_subject",
    ),
    pytest.param(
        "Back in 1999, Ana Ruiz expressed admiration for the mayor's skills, telling a radio "
        'station: "I wish I could be like that."',
        "Ana Ruiz",
        True,
        id="back_opens_a_sentence_before_its_subject",
    ),
    pytest.param(
        '"Would it be negotiable about the eleven million?" Hannity pressed.',
        "Hannity",
        True,
        id="any_past_verb_right_after_a_name_behind_a_question",
    ),
    pytest.param(
        "Many voters are tired of the race. Marta Quill, 75, a retiree in Galesburg, backed "
        "Mr. Kasich in the primary but now plans to vote for Mr. Trump.\n\n"
        '"I will reluctantly do that," she said.',
        "Marta Quill",
        False,
        id="an_age_of_two_digits_marks_a_person",
    ),
    pytest.param(
        "Bill Clinton spoke first. Later a young woman asked Mrs. Clinton about the letters "
        "sent to Mr. Clinton.\n\nMrs. Clinton did not hesitate. "
        '"Everybody should be believed at first," she said.',
        "Mrs. Clinton",
        False,
        id="mrs_before_a_surname_another_person_uses_is_her_own",
    ),
    pytest.param(
        "Tom Smith, the mayor, spoke first. Mrs. Weller said the server was secure. "
        "President Okonkwo backed her up in an interview.\n\n"
        '"I don\'t think it posed a problem," he said.',
        "Okonkwo",
        False,
        id="her_after_a_name_is_no_vote_for_its_gender",
    ),
    pytest.param(
        "Roberta Lange, the state party chairwoman, said the protest went too far. "
        "Representative Quenby Tarrow of Florida, the national party leader, also expressed "
        'concern.\n\n"We will be reaching out to both campaigns," she said.',
        "Quenby Tarrow",
        False,
        id="representative_is_a_title_before_a_name",
    ),
    pytest.param(
        "Roberta Lange, the state party chairwoman, said the protest went too far. But "
        "Quenby Tarrow, executive director of a nurses union, also said her group would "
        'march.\n\n"We will be a significant force inside," she said.',
        "Quenby Tarrow",
        False,
        id="a_role_in_apposition_marks_a_person",
    ),
    pytest.param(
        "One of the men, Jessie Elkins, 70, said he was convinced that the war was a mistake. "
        "The other man, his cousin James Yorke, cited the price of fuel as a danger.\n\n"
        '"He is talking too much trash," he said.',
        "James Yorke",
        False,
        id="a_kinship_noun_before_a_name_opens_its_clause",
    ),
    pytest.param(
        "Hillary Clinton spoke in Iowa on Monday. Her friend Betsy Ebeling lives a quiet life "
        "in Chicago. What really upset Ebeling was a town hall last week, when a young man "
        'asked Clinton why young people did not like her.\n\n"I really got angry," she said.',
        "Betsy Ebeling",
        False,
        id="the_name_after_asked_or_told_is_its_object",
    ),
    pytest.param(
        "Voters will decide soon.\n\n“The reality is, if she loses Iowa, that could create "
        "real problems for her here,“ said Jim Clyburn, a congressman from South Carolina.",
        "Jim Clyburn",
        True,
        id="an_opening_mark_typed_for_the_closing_one",
    ),
    pytest.param(
        "NBC’s Chuck Todd asked Donald Trump about the quote. “It’s okay to know who said "
        "it,” Trump said in reply.\n\nChuck Todd was shocked. “Do you want to be "
        "associated with a fascist?” he asked.",
        "Chuck Todd",
        False,
        id="an_outlet_s_possessive_is_no_part_of_the_name",
    ),
    pytest.param(
        'Intro here.\n\n"It is now more important than ever that the country hear from the '
        'secretary that a vote must not happen.\nCharles Chamberlain, Democracy for America."'
        "\n\nClinton spoke later.",
        "Charles Chamberlain",
        True,
        id="a_pull_quote_closed_by_a_credit_line",
    ),
    pytest.param(
        "Hillary Clinton pointed to the plans Bernie Sanders has laid out.\n\n"
        '"It would basically end all the kinds of health care we know," she went on.',
        "Hillary Clinton",
        True,
        id="went_on_is_a_cue",
    ),
    pytest.param(
        "Phyllis Schlafly spoke often about marriage. In 2010 she said of the couples: "
        '"Nobody is stopping them from moving in together."',
        "Phyllis Schlafly",
        True,
        id="a_pronoun_at_the_end_of_the_subject_phrase",
    ),
    pytest.param(
        'The Florida senator sought to calm his supporters, saying: "We will stay in this '
        'race until the very end."',
        "The Florida senator",
        True,
        id="a_description_ends_at_its_noun",
    ),
    pytest.param(
        "The small pink home was renovated last year. Said Dorothy Poynter, who grew up in the "
        "neighborhood, “We were all so proud of him.”",
        "Dorothy Poynter",
        True,
        id="said_opens_the_sentence",
    ),
    pytest.param(
        "“Not us but we can’t argue with it!” Murphy, the head of Right to Rise USA, Tweeted on "
        "Friday.",
        "Murphy",
        True,
        id="a_capitalised_cue_after_an_apposition",
    ),
    pytest.param(
        "Dr. Mark Allen was asked about lawsuits. “They sue,” he said.\u00a0“Everybody sues "
        "everybody in this business now.”",
        "Mark Allen",
        True,
        id="a_split_quote_whose_first_part_is_too_short",
    ),
    pytest.param(
        "Trump’s campaign immediately backtracked, putting out a statement. In cases of "
        "abortion, it said, “the woman is a victim of this whole thing.”",
        "Trump’s campaign",
        True,
        id="it_said_names_the_body_before",
    ),
    pytest.param(
        "The panel recommends adjustments. Still, the Business Council of British Columbia "
        "opposed an increase.\n\n“Keep the carbon tax at the current level,” it recommended.",
        "the Business Council of British Columbia",
        True,
        id="it_and_a_verb_after_a_quote_names_the_body_before",
    ),
    pytest.param(
        "Michael Seaman, who lives outside the state capital, Sacramento, said he still hopes "
        'Bernie wins.\n\n"I believe that both the nominees are not good choices," he said.',
        "Michael Seaman",
        False,
        id="a_word_alone_the_index_knows_as_no_person_is_no_he",
    ),
    pytest.param(
        "Hillary Clinton spoke in Iowa on Monday.\n\nRaynard Jackson, a consultant, said the "
        "race had changed.\n\nFormer President Bill Clinton agreed with the analysis. In an "
        'interview that year, he was asked about it. "Iowa happened and nobody saw it coming," '
        "he said.",
        "Bill Clinton",
        True,
        id="a_full_name_sharing_a_surname_is_a_mention_of_its_own",
    ),
    pytest.param(
        '"Debate recap," tweeted Rubio spokesman Alex Conant. "Clinton spoke of the sixties, a '
        'long time ago, and Marco of the future."',
        "Alex Conant",
        False,
        id="tweeted_inverts_before_a_name",
    ),
    pytest.param(
        "Mr. Trump, who said last week that the judge was biased, issued a statement Tuesday "
        "saying, ''I do not feel that one's heritage makes them incapable of being impartial.''",
        "Trump",
        True,
        id="a_weekday_before_a_participle_is_no_subject",
    ),
    pytest.param(
        "Al Sharpton left no doubt that he would endorse. Eight years ago, he supported Barack "
        "Obama over Clinton and said, “Hillary Clinton has never done nothing for us.”",
        "Al Sharpton",
        True,
        id="a_time_phrase_opening_the_sentence_is_no_subject",
    ),
    pytest.param(
        "On Thursday, after remaining neutral throughout the primary, Warren appeared with "
        "Rachel Maddow and endorsed Clinton, saying, “I think having a fighter in the lead is "
        "exactly what this country needs.”",
        "Warren",
        True,
        id="two_opening_phrases_before_the_subject",
    ),
    pytest.param(
        "Even before Sanders took the stage, his campaign sent out a text message to supporters "
        'saying: "With your help, we were just declared the winner in New Hampshire!"',
        "his campaign",
        True,
        id="a_possessive_opens_a_subject",
    ),
    pytest.param(
        "Immediately after the attacks, Trump issued a statement, “Last night, our nation was "
        "attacked by a radical Islamic terrorist.”",
        "Trump",
        True,
        id="a_statement_before_the_quote",
    ),
    pytest.param(
        '"I have made it clear that he has voted with the gun lobby numerous times" and against '
        "the Brady law, Clinton said.",
        "Clinton",
        True,
        id="the_cue_ending_the_sentence_after_a_quote_that_does_not_end_it",
    ),
    pytest.param(
        "\"An awful lot of analysts said no, and she took it upon herself to prove them wrong,\" "
        "remembered Roy Verley, the company's former spokesman.",
        "Roy Verley",
        True,
        id="any_verb_in_the_past_before_a_full_name",
    ),
    pytest.param(
        "Paul Ryan met the press on Monday. On the eve of the meetings, Donald Trump eased his "
        "defiant tone. Asked on Fox News who leads the party in his view, he said Ryan. “I "
        "would say Paul for the time being and maybe for a long time,” he said.",
        "Donald Trump",
        True,
        id="a_name_after_a_cue_with_its_own_subject_is_an_object",
    ),
    pytest.param(
        "Costs rise faster than inflation, Mark Kantrowitz said.\n\n\"It's a pretty expensive "
        'business model," said Will Doyle, a professor of higher education.',
        "Will Doyle",
        False,
        id="a_given_name_that_is_a_word_too",
    ),
    pytest.param(
        "Others stayed home.\n\n\"Hey, hey! Ho, ho! The mayor has got to go!\" some protesters "
        "chanted as they marched.",
        "some protesters",
        False,
        id="a_quantifier_opens_a_group_of_speakers",
    ),
    pytest.param(
        "Although there is no such overlap with the team, a White House official who spoke "
        'anonymously to discuss internal strategy said Wednesday, "Certainly there are '
        'discussions between the two offices."',
        "a White House official",
        True,
        id="the_head_before_a_relative_clause_holding_the_cue",
    ),
    pytest.param(
        "One provided a document. \"Family MEDICAL Leave,\" the document states, becomes "
        'available "after one year of employment with the company."',
        "the document",
        False,
        id="a_noun_like_cue_after_a_determiner_and_a_document",
    ),
]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "The timing of the surge does not surprise anyone: \"Lesser known candidates "
            'always see the biggest boost."',
            id="an_abstract_noun_is_no_speaker",
        ),

    ],
)
def test_no_speaker_that_names_no_one(text: str) -> None:
    assert _one(text).speaker is None


@pytest.mark.parametrize(("text", "speaker", "only"), SPEAKER_CASES)
def test_speaker(text: str, speaker: str, only: bool) -> None:
    quote = _one(text) if only else find_quotes(text)[-1]
    assert quote.speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            "Donald Trump spoke in Ohio on Monday. His campaign hired Katrina Pierson last "
            'week, according to Bluebird.\n\n"We are thrilled to have her," he said.',
            "Donald Trump",
            id="an_outlet_after_according_to_is_no_he",
        ),
        pytest.param(
            "Former Wessex governor Jan Brewer, an early supporter, spoke first.\n\n"
            '"Security is a priority for women," she said.',
            "Jan Brewer",
            id="a_place_before_a_role_is_no_she",
        ),
        pytest.param(
            '"I don\'t know exactly where he stands on that," said undecided voter Stephanie '
            "Hooton of Derry, N.H., before the barn event.",
            "Stephanie Hooton",
            id="a_name_of_a_place_after_a_comma_is_no_apposition",
        ),
    ],
)
def test_places_and_outlets_known_by_their_shape(text: str, speaker: str) -> None:
    """Places and outlets are told from people by how the story writes them (after
    "according to", before a role, after "of"), not by a list of their names."""
    assert find_quotes(text)[-1].speaker == speaker


def test_a_place_is_never_kept_as_a_speaker_for_later_pronouns():
    """A one-word speaker the story writes as a place ("in Aurora, Colorado,") is dropped
    when it is noted, not kept for a pronoun to skip later."""
    text = ("The shooting in Aurora, Colorado, shook the state. Colorado said it would act. "
            "Ted Marsh said it was a tragedy.")
    spans = quote_spans(text)
    res = SpeakerResolver(text, lambda: PeopleIndex(text, spans))
    s = text.index("Colorado said")
    res.note(Speaker("Colorado", s, s + 8, "explicit"))
    t = text.index("Ted Marsh")
    res.note(Speaker("Ted Marsh", t, t + 9, "explicit"))
    assert [name for _s, name, _g in res.spoken] == ["Ted Marsh"]


def test_sentence_ends_skip_abbreviations_only():
    # a full stop after five word characters always ends a sentence (no abbreviation is that
    # long); a shorter word ends one unless it is an abbreviation or an initial
    text = "Governor. Mr. X said. U.S. troops left. In the U.S. Army, said J. Doe. Sen. Ames. Ok!"
    ends = [text[:e] for e in StoryText(text).sent_ends]
    assert ends == [
        "Governor. ",
        "Governor. Mr. X said. ",
        "Governor. Mr. X said. U.S. troops left. ",
        "Governor. Mr. X said. U.S. troops left. In the U.S. Army, said J. Doe. ",
        "Governor. Mr. X said. U.S. troops left. In the U.S. Army, said J. Doe. Sen. Ames. ",
    ]


#: session 10: pronoun subject choice, read from PolNeAR train misses (stories rewritten with
#: invented names); each case failed before its rule
PRONOUN_CASES_S10 = [
    pytest.param(
        "Donald Trump called in to Fox News on Monday night.\n\n"
        "Sean Hannity asked him about the polls. He told Hannity that the polls were wrong "
        'and that he would carry Ohio.\n\n"We are going to win big," he said.',
        "Donald Trump",
        id="a_chained_he_never_means_its_own_cues_object",
    ),
    pytest.param(
        "It turns out that donor Luther Stan Gantt IV was behind the effort.\n\n"
        "In the 2010 race in Wessex, Gantt supported Carl Brim.\n\n"
        "Gantt claimed in an interview that he backs no one, and in addition to a meeting he "
        'had with Brim, he also hosted Tom Ash.\n\n"I have not talked to any campaign," he said.',
        "Luther Stan Gantt IV",
        id="a_generational_suffix_ends_the_name_not_the_surname",
    ),
    pytest.param(
        "The speech was no different, Ann Wexley said, from George H.W. Bosh calling the "
        'policies voodoo.\n\n"It really looked like heartbreak," she said.',
        "Ann Wexley",
        id="initials_run_together_stay_in_the_name",
    ),
    pytest.param(
        "Anticipating blowback, Terry McAdoo remarked that he had consulted the attorney "
        "general and scholar A.E. Dick Hollis, both of whom advised him.\n\n"
        '"I want to be crystal clear," he said.',
        "Terry McAdoo",
        id="initials_before_a_name_end_no_sentence",
    ),
    pytest.param(
        "Chris Christie spoke first. The rally was loud.\n\n"
        "To political science professor Brigid Harlow, Christie’s look seemed sad.\n\n"
        '"It really looked like heartbreak," she said.',
        "Brigid Harlow",
        id="a_name_after_a_lower_case_role_is_a_person",
    ),
    pytest.param(
        "Chris Christie, the brusque governor of Wessex, spoke on Sunday about the race, the "
        "debates, the polls and the delegates he hopes to win in the spring.\n\n"
        "Six newspapers said he was unfit to stay governor of New Wessex.\n\n"
        '"I believe he is the best person to beat her," the governor said.',
        "Chris Christie",
        id="a_role_resolves_to_a_person_not_a_place_beside_it",
    ),
    pytest.param(
        "The lobbying firm advised the group on the law.\n\n"
        "The firm's CEO, Kimberley Frott, said the two firms had agreed.\n\n"
        '"We would have gladly registered," she said in a statement.',
        "Kimberley Frott",
        id="a_name_in_apposition_before_a_cue_is_a_person",
    ),
    pytest.param(
        "Tad Devo said the senator wants changes. On CNN Tuesday, his wife, Jane, called for an "
        'open primary.\n\n"Shutting people out is not smart," she said.',
        "Jane",
        id="a_given_name_in_apposition_to_a_kinship_noun",
    ),
    pytest.param(
        "Lachlan Mordon said the company would change.\n\nThe couple started a foundation for "
        "the ''sustainable use of resources.'' James Mordon has spearheaded a plan to make the "
        "company ''carbon neutral.''\n\nIn an essay in December, he wrote, ''Entrenched "
        "interests spin the fiction.''",
        "James Mordon",
        id="a_name_after_a_closing_double_apostrophe_opens_a_sentence",
    ),
    pytest.param(
        "Ari Flesch, a former aide, said the party had changed.\n\n"
        "At a June event in Wessex, Ohio, 62-year-old Brenda Jonson also railed against the "
        'plan.\n\n"They should speak English in public," she said.',
        "Brenda Jonson",
        id="an_age_before_a_name_keeps_it_the_subject",
    ),
    pytest.param(
        "Admiral Harry Harlan spoke in Hawaii.\n\n''His views are unkind,'' Xinhua, the "
        "official Chinese news agency, wrote. ''It is impossible to ignore his blood.''\n\n"
        "The comments had two goals. Second, they seemed intended to tarnish him. ''When I am "
        "described as a foreign admiral, it's not true,'' he said.",
        "Harry Harlan",
        id="a_name_in_apposition_to_a_news_agency_is_no_he",
    ),
    pytest.param(
        'James Mordon spoke on Monday.\n\nHis wife, Kathryn, is a trustee of the fund.\n\n"We '
        'will fight," he wrote.',
        "James Mordon",
        id="a_given_name_alone_keeps_its_gender",
    ),
    pytest.param(
        "Bill Grant asked him how she would fight back.\n\n"
        "And Clinton campaign Chairman John Podder, her husband's former chief of staff, "
        'offered a slogan.\n\n"She will fight for the American people," he said.',
        "John Podder",
        id="a_campaign_role_before_a_name_opens_the_clause",
    ),
    pytest.param(
        "Mr. Kasko looked for openings. When Mr. Trumble tried to defend his remarks calling "
        'the government strong, Mr. Kasko forcefully differed.\n\n"I think the government '
        'butchered those kids," he said.',
        "Kasko",
        id="a_subordinate_clause_opening_the_sentence_gives_way_to_the_main_subject",
    ),
    pytest.param(
        "Arianna Gale said the group meets weekly.\n\nThough Ms. Olivo has spent most of her "
        "life uptown, the influx of wealthier residents has led to more police, she said.\n\n"
        "''Cops have taken over the neighborhood,'' she said.",
        "Olivo",
        id="an_opening_subordinate_clause_keeps_its_subject_where_no_person_is_the_main_one",
    ),
    pytest.param(
        '"I think the people that I have are spectacular," Ben Carlson said on CNN. "I have no '
        'plans."\n\nCarlson turned the story back on the Post, pointing out that the paper\'s '
        "Robert Costo had reported in June that the Carlson campaign was coming apart. He "
        "hoped, he said, that the paper would shy away from similar reporting now.\n\n"
        "“Apparently not,“ he said. “A leopard doesn’t change its spots.”",
        "Ben Carlson",
        id="a_speaker_named_in_a_subordinate_clause_does_not_beat_the_main_subject",
    ),
    pytest.param(
        "Republicans tied Mrs. Clinton to the administration.\n\n''The president has admitted "
        "he does not have a strategy,'' Jeb Bosh, the former governor, told CNN. ''Hillary "
        "Clinton last night said that it's not our fight.''\n\nHe added, ''It is our fight, "
        "and without our leadership it won't happen.''\n\nAt an event in Ames on Sunday, Mrs. "
        "Clinton tried to expand on her statement, saying that the country should lead.",
        "Jeb Bosh",
        id="a_closing_double_apostrophe_ends_a_sentence_and_a_quoted_subject_speaks_no_indirect",
    ),
    pytest.param(
        "\"We will unify because she is not a viable choice,\" said Ron Wiser, a co-chair of "
        "the campaign.\n\nJust a few months ago, Wessex developer Mel Sembel expressed dismay "
        "at the thought.\n\n\"I kept telling myself that won't happen,\" he told the Times.",
        "Mel Sembel",
        id="a_lay_role_before_a_name_keeps_it_the_subject",
    ),
    pytest.param(
        "Joseph Murrow grew up in Ripley. He married last year, practices law, and counts "
        "himself as a devout Catholic and Donald Trumble supporter. He recently wrote a "
        "commentary.\n\n\"The politics are just so blatant,\" he said in an interview.",
        "Joseph Murrow",
        id="a_name_before_a_role_at_a_stop_is_no_mention",
    ),
    pytest.param(
        "Debating Clinton is no easy task.\n\nClinton froze in place and let Rick Lazlo walk "
        "over, he said later.\n\nClinton campaign Chairman John Podder offered a slogan when "
        "I asked him how she would mount a defense.\n\n\"She will fight for the American "
        "people,\" he said.",
        "John Podder",
        id="a_participle_opening_a_two_word_sequence_is_no_name",
    ),
    pytest.param(
        "Marvin Roffer won't reveal the terms he reached.\n\nLike Makeff, the former "
        "customer, Roffer doesn't want to tangle with the company anymore.\n\n\"I'm 76, and "
        "I don't feel like going through that again,\" he said.",
        "Marvin Roffer",
        id="a_stripped_lead_word_moves_the_mention_start",
    ),
    pytest.param(
        "The film shows Bob wanting to stay behind.\n\n\"That never happened,\" Bob said. "
        "Eyebrows raised, he asked, \"I was going to stay behind by myself?\"",
        "Bob",
        id="a_plural_opening_a_sentence_is_no_he",
    ),
    pytest.param(
        "I told Bernie Sanders about the story last month. Friends offered to vote for me "
        "when I posted the story online.\n\n\"I have ruined your good reputation, huh?\" he "
        "responded.",
        "Bernie Sanders",
        id="a_plural_opening_a_sentence_takes_no_gender_vote",
    ),
    pytest.param(
        "Donald Trumble spoke. At center stage was his eldest daughter, Ivanka Trumble, who "
        "spoke about her father.\n\n\"I have seen him fight for the people,\" she said.",
        "Ivanka Trumble",
        id="a_full_name_in_apposition_sharing_a_surname_is_its_own_person",
    ),
    pytest.param(
        "The woman who started it identified herself as a 52-year-old resident named "
        "Carolyn.\n\n\"He truly cares about the people,\" she said.",
        "Carolyn",
        id="a_word_after_named_is_a_person",
    ),
    pytest.param(
        "Jana Brodrick, who said Clanton attacked her in 1978, recounted the incident on "
        "the radio. She has said the attack took place in the spring. She has gone public "
        "again as Clanton has emerged to play a role in the campaign of his wife, Hilda "
        "Clanton, as she pursues the nomination.\n\nOn Sunday, she disclosed for the first "
        "time that Bill Clanton called her again.\n\n“He called the nursing home that I "
        "owned,” she said.",
        "Jana Brodrick",
        id="a_he_or_she_subject_stands_for_the_person_it_was_read_to_mean",
    ),
    pytest.param(
        "Donald Trumble spoke for an hour. “We are going to build a wall,” Trumble "
        "added.\n\nSean Hanley asked Trumble how high the wall would be.\n\n“I think the "
        "height could be 35 to 45 feet,” he told Hanley.",
        "Donald Trumble",
        id="a_pronoun_never_means_the_object_of_its_own_cue",
    ),
    pytest.param(
        "Woman Reveals Stunning Thing Trumble Said About Her\n\nDonald Trumble spoke in "
        "Iowa.\n\n“It was a great day,” Trumble said.",
        "Donald Trumble",
        id="a_title_case_headline_names_no_one",
    ),
    pytest.param(
        "Ted Crews warned against a brokered convention. \"It would be a disaster,\" the "
        "senator said.\n\nAs for Donald Trumble, he said he is not worried. \"I think I am "
        "going to have the delegates,\" he said.",
        "Donald Trumble",
        id="as_for_a_name_makes_it_the_topic",
    ),
    pytest.param(
        "There, the district chairman Chuck Willis declined to name the delegates. The "
        "district saw 30 applicants, which he said were evenly split between Donald Trumble "
        "and Ted Crews.\n\n\"Trumble has his share of support in our district,\" he said.",
        "Chuck Willis",
        id="names_joined_by_and_open_no_clause",
    ),
    pytest.param(
        "The justices sent the case back to the lower courts. ''The court expresses no view "
        "on the merits'' of the case, the unsigned opinion said.",
        "the unsigned opinion",
        id="a_quote_inside_an_indirect_attribution_takes_its_speaker",
    ),
]


@pytest.mark.parametrize(("text", "speaker"), PRONOUN_CASES_S10)
def test_pronoun_subject_choice_s10(text: str, speaker: str) -> None:
    assert find_quotes(text)[-1].speaker == speaker


#: session 11: speaker rules read from PolNeAR train misses (stories rewritten with other
#: names); (story, words of the quote, speaker)
SPEAKER_CASES_S11 = [
    pytest.param(
        'The council backed the plan on Tuesday.\n\n"We are very pleased" with the vote, said '
        "Marta Lindqvist, president of the Harbour Workers Union, which had pushed for it.",
        "very pleased", "Marta Lindqvist",
        id="a_cue_and_name_after_an_unpunctuated_close",
    ),
    pytest.param(
        'Polls are tight. "Donors are tired. They want results" before they give again, says '
        "Ed Varley, a consultant with Varley Media in Dayton, Ohio.",
        "Donors are tired", "Ed Varley",
        id="says_and_name_after_an_unpunctuated_close",
    ),
    pytest.param(
        "The campaign sent a memo after the count.\n\n"
        '"We have strong teams in every state and we feel good about our chances" there and '
        "in the states that vote next, the memo stated.",
        "strong teams", "the memo",
        id="a_described_speaker_ending_the_sentence",
    ),
    pytest.param(
        "Kay Boring said the members will keep meeting for dinners, but said, "
        '"It is time we change how we do it," promising the Friends of Ada will return.',
        "time we change", "Kay Boring",
        id="the_noun_after_a_participle_is_its_object",
    ),
    pytest.param(
        "The Club for Progress is spending $2 million on ads.\n\nOne Club for Progress ad, "
        'which is currently airing, argues that "only Tom Crews can beat Dan Trumble in the '
        'fall."',
        "only Tom Crews", "Progress ad",
        # (until session 10 this was no speaker: "currently airing" was dropped; the name is
        # still cut at "for", as np_back cuts every name there)
        id="a_body_before_which_speaks_its_relative_clauses_cue",
    ),
    pytest.param(
        "Ms. Tramp licensed her name to the firm in 2012.\n\nAt the time, she released a "
        'statement saying, "The firm has shown itself a trusted partner to many brands."',
        "trusted partner", "Tramp",
        id="a_statement_saying_is_its_subjects",
    ),
    pytest.param(
        "Donors kept giving to the foundation.\n\nAnother intelligence source speaking to "
        'Fox News said, "The agents are looking at the donations and the contracts."',
        "agents are looking", "Another intelligence source",
        id="a_participle_phrase_inside_the_subject",
    ),
    pytest.param(
        "Dan Trumble never admits a mistake.\n\n\"We made a terrible mistake going in,\" he "
        "told CNN's Chris Coma in October.\n\nThen, later that month on CNN: \"I never said "
        'we made a mistake going in."',
        "I never said", None,
        id="a_place_to_speak_before_a_colon_is_no_one",
    ),
    pytest.param(
        "As the crowd began to chant, Sally Silvers was joined on stage by Al Frank and "
        'joked, "You people are being ridiculous tonight."',
        "being ridiculous", "Sally Silvers",
        id="a_cue_in_an_opening_clause_is_not_the_main_one",
    ),
    pytest.param(
        'Mr. Tramp works the crowd, alternately shouting "Get them out of here" and "Be '
        'nice."',
        "Get them out", "Tramp",
        id="a_participle_after_a_comma_and_an_adverb",
    ),
    pytest.param(
        '"Tell her I promised you a picture," Ebbing said, and her husband cut in. "Do not '
        'forget her husband Tom, we were all in one grade."',
        "forget her husband", "her husband",
        id="cut_in_is_a_cue",
    ),
    pytest.param(
        "The aides prepare the crowds for protesters.\n\nTo alert the police, the message "
        "continues, ''please hold a rally sign over your head and start chanting.''",
        "hold a rally sign", "the message",
        id="a_noun_like_cue_after_a_described_speaker",
    ),
    pytest.param(
        "Allied Technologies said it would pay for schooling. But that is cold comfort to "
        "those, like Ms. Bigby, who are near retirement.\n\nShe will be 60 in May. ''If I "
        "were in my 40s, I would go back to school,'' she said.",
        "go back to school", "Bigby",
        id="a_company_is_no_she",
    ),
    pytest.param(
        "Tom Hale, a witness, ran from the square.\n\nAnalysts noted that the group has called "
        'for such attacks.\n\n"We saw people hit and debris flying around," he said.',
        "debris flying", "Tom Hale",
        id="a_plural_seen_only_opening_sentences_is_no_he",
    ),
    pytest.param(
        "Rubin supporter Scott Szlak told the senator that he drove from Chicago to ask him "
        "about visas. But Rubin only briefly explained the general use of the visas, citing "
        "Canada's efforts.\n\nWas Szlak satisfied with "
        'Rubin\'s response?\n\n"To a point," he said. "He sort of redirected the question."',
        "To a point", "Scott Szlak",
        id="the_subject_of_a_question",
    ),
    pytest.param(
        'Tramp almost seemed to agree. "Illegal crossing is a problem for them as well as for '
        'us," he said.\n\nBut back on home soil, he returned to his familiar lines: "It is '
        'called America First! There will be no amnesty!"',
        "no amnesty", "Tramp",
        id="he_opening_the_clause_before_a_colon",
    ),
    pytest.param(
        'Tramp said the country had lost its identity: "France is no longer France," he '
        'claimed.\n\n"France will always be France," an angry Hollard retaliated.',
        "always be France", "Hollard",
        id="a_described_name_before_a_verb_in_the_past",
    ),
    pytest.param(
        "At a rally, Mike Pens showed the crowd a clip of Gov. Maggie Hass.\n\n\"Governor, "
        'let me help you out, the answer is no," the Republican vice-presidential nominee '
        "riffed on the clip, drawing applause.",
        # (session 12: the description now resolves to the person it describes)
        "let me help", "Mike Pens",
        id="a_described_speaker_before_a_verb_in_the_past",
    ),
]


def test_the_word_before_a_mention_is_read_over_line_breaks() -> None:
    # "When" opening a paragraph puts the mention after it in a leading subordinate clause
    text = "The vote was close.\n\nWhen Trump spoke, Cruz left."
    assert clause_subject(text, text.index("Trump"), False) == (True, "lead")
    text = "The vote was close.\n\nAnd Trump spoke."
    assert clause_subject(text, text.index("Trump"), False) == (True, False)


def test_scan_capitals_splits_titles_places_and_lead_words() -> None:
    text = ('Iowa Gov. Terry Branstad spoke. Neither Donald J. Trump nor Cruz came. '
            '"Ted Cruz is here," said Kremlin spokesman Dmitry Peskov.')
    caps = scan_capitals(text, quote_spans(text))
    names = [" ".join(words) for _s, _e, words, _t, _p in caps.seqs]
    assert names == ["Terry Branstad", "Donald J. Trump", "Dmitry Peskov"]
    assert [t for *_x, t, _p in caps.seqs] == [["gov."], [], []]
    assert caps.bodies == {"Iowa"}  # (a word alone before a role: the index decides)
    # the quote is no stretch the scan reads: "Ted Cruz" inside it is no candidate
    assert all(not (q[0] <= s < q[1]) for s, *_r in caps.seqs for q in quote_spans(text))
    assert surname(["Luther", "Stan", "Pate", "IV"]) == "Pate"


#: session 12: rules read from PolNeAR train misses, on sentences written for the tests; each
#: case that names a speaker fails on main at the session's start (6a23d30), each None case
#: guards the rule beside it
SPEAKER_CASES_S12 = [
    pytest.param(
        "The harbour closed early.\n\nMayor Ilse Brandt condemned \"a reckless and needless "
        'strike by the crane operators\" and promised talks.',
        "reckless and needless", "Ilse Brandt",
        id="a_name_then_any_verb_then_the_quote",
    ),
    pytest.param(
        'Rates rose again.\n\nOlav Eriksen, chief economist at Nordbank and a former adviser to '
        'the treasury, welcomed "the first sign in years that prices are settling down."',
        "first sign in years", "Olav Eriksen",
        id="the_verb_after_an_apposition",
    ),
    pytest.param(
        'The vote was close.\n\nFormer council spokesman Piet Vos derided "the whole sorry '
        'business of backroom deals."',
        "whole sorry business", "Piet Vos",
        id="a_role_in_lower_case_before_the_name",
    ),
    pytest.param(
        "The bridge reopened.\n\nSeveral waved their \"Bridge for all of us now\" signs from "
        "the bank.",
        "Bridge for all", None,
        id="no_speaker_for_a_quantity",
    ),
    pytest.param(
        'The tour goes on.\n\nMarta Kovac is scheduled to appear on "Morning Talk" and "The '
        'Late Show With Ben Ruiz" next week.',
        "The Late Show", None,
        id="no_speaker_for_a_title_in_a_list",
    ),
    pytest.param(
        'The film opens Friday.\n\nAnna Holm appeared on "Sunday Night With The Stars" to '
        "promote it.",
        "Sunday Night", None,
        id="no_speaker_for_a_title_after_on",
    ),
    pytest.param(
        'The plant will close.\n\n"We have no other choice," Jon Ruud said on Monday.\n\n'
        'Workers marched on Tuesday. "I am sorry for every family here," the billionaire '
        "said.",
        "sorry for every family", "Jon Ruud",
        id="a_description_of_a_public_figure_is_the_last_named_speaker",
    ),
    pytest.param(
        'Polls opened early.\n\n"We will win this state," Mara Olsen said.\n\n"The count '
        'will take days," the Republican presidential candidate said.',
        "count will take days", "Mara Olsen",
        id="a_race_role_with_its_race",
    ),
    pytest.param(
        'Polls opened early.\n\n"We will win this state," Mara Olsen said.\n\n"The count '
        'will take days," the president said.',
        "count will take days", "the president",
        id="no_person_for_an_office_many_hold",
    ),
    pytest.param(
        "Lena Berg spoke at the forum on Monday.\n\nThe group NORA said it would sue. Nora "
        'declares war on the plan.\n\n"We will stop this project in court," she said.',
        "stop this project", "Lena Berg",
        id="no_he_or_she_for_a_word_also_written_in_capitals",
    ),
    pytest.param(
        "The video was released by Kalvex, the militant group based in the north.\n\n"
        'Omar Haddad appears on screen.\n\nKalvex.\n\n"You will all regret this day," he '
        "says.",
        "regret this day", "Omar Haddad",
        id="no_he_or_she_for_a_body_named_in_a_long_apposition",
    ),
    pytest.param(
        "Mara Olsen and Ivo Dahl both spoke on trade. Neither has a plan.\n\nIronically, the "
        "one who has a plan is the quiet candidate: Laura Lind.\n\n\"We need a team of forty "
        'new trade inspectors," she said.',
        "forty new trade", "Laura Lind",
        id="an_adverb_opening_a_sentence_is_no_person",
    ),
    pytest.param(
        "The shop sold its last stock.\n\nThe letter shows a photo of the old shop front.\n\n"
        'At the bottom it reads, "Thank you for forty good years in this town."',
        "forty good years", "The letter",
        id="it_after_an_opening_phrase_is_the_subject",
    ),
    pytest.param(
        'The listing was removed.\n\n"Nobody at the shop ever spoke to the seller," the '
        'company wrote in its statement.\n\nIt added, "We want no part in this sale or the '
        'noise around it."',
        "no part in this sale", "the company",
        id="it_means_a_body_named_after_a_quote",
    ),
    pytest.param(
        'The night was long.\n\nAs the poet Ada Lund had written years before, "Every road '
        'home is longer than the road away."',
        "Every road home", "Ada Lund",
        id="a_participle_of_write_is_a_cue",
    ),
    pytest.param(
        'The hall was full.\n\nAs the Harbour Boys sang in 1979, "We will go down to the sea '
        'again tonight."',
        "down to the sea", "Harbour Boys",
        id="sang_is_a_cue",
    ),
    pytest.param(
        "Several mayors want more police on the streets.\n\nMayor Tom Berg has also broadly "
        'called for "more officers on every corner."',
        "more officers", "Tom Berg",
        id="an_adverb_in_ly_between_subject_and_cue",
    ),
    pytest.param(
        "Monique Ravel spoke first at the hall on Monday. Dexter Hale spoke next.\n\n\"We "
        'will rebuild the whole street by spring," she said.',
        "rebuild the whole street", "Monique Ravel",
        id="a_given_name_added_to_the_list_gives_her_gender",
    ),
]


#: session 13: made-up stories after PolNeAR train misses (each failed before its fix)
_FILLER = ("Tom Reed left the hall after the vote. Paul Hart waited along the river road, and "
           "Mark Dale stayed while Sam Cole folded the chairs. ") * 4
SPEAKER_CASES_S13 = [
    pytest.param(
        '"We will win this county," said Lena Marsh, a retired nurse.\n\n' + _FILLER
        + "\n\nTo political science professor Maria Brook, the governor's stare seemed to "
        'reflect sadness.\n\n"It really looked like heartbreak," she said.',
        "looked like heartbreak", "Maria Brook",
        id="a_person_named_just_before_over_a_speaker_named_far_back",
    ),
    pytest.param(
        "Voters in New Jersey, the papers say, are angry. A former New Jersey governor wrote "
        'to them.\n\n"I have known him for fourteen years," the governor said.',
        "known him for fourteen", "the governor",
        id="a_role_is_not_resolved_to_a_place",
    ),
    pytest.param(
        "Paul Carr threatened to kill Rep. Ilwa Omar, the office said. He made a call to "
        "Omar, in which he said he would hurt her. He pleaded guilty to the charge.\n\n"
        "Sen. Rosa Lind linked the case to a radio host.\n\nOmar asked for compassion in a "
        'letter on Tuesday. She added, "We must teach the defendant love."',
        "teach the defendant love", "Ilwa Omar",
        id="a_pronoun_after_an_object_gives_no_gender_vote",
    ),
    pytest.param(
        'The talks went on.\n\n"A small force on the ground" would be enough, Labour candidate '
        "Mira Olsen said after the meeting.",
        "small force on the ground", "Mira Olsen",
        id="a_role_in_lower_case_inside_the_name_after_a_continued_sentence",
    ),
    pytest.param(
        "Few had heard of him before.\n\nTommy — who only goes by his first name online — "
        "retired at 51. He never earned a large salary, he wrote in a blog post.\n\n\"Being "
        'free of the mortgage adds another level of freedom," he wrote.',
        "free of the mortgage", "Tommy",
        id="a_given_name_before_a_dash_apposition_is_a_person",
    ),
    pytest.param(
        "After Brexit — the country's exit from the union — exports fell.\n\nA buyer reached "
        "Lisa Marr from Tree of Life, a Toronto company. She confirmed the change hurts her "
        'business too, and said "it did not need to happen at all."',
        "did not need to happen", "Lisa Marr",
        id="a_dash_apposition_without_who_makes_no_person",
    ),
    pytest.param(
        '"Have you noticed how people throw things on stage?" Adele asked her fans.\n\n'
        "Harper Quill stopped one of her shows in Lima last month to tell her fans not to "
        'throw things. She said: "It really frightens me when things land on the stage."',
        "really frightens me", "Harper Quill",
        id="a_full_name_opening_a_sentence_before_a_verb_is_a_person_the_pronouns_confirm",
    ),
    pytest.param(
        "Dana Vance, 50, raised her daughter Kestra Lee Vance in Brooklyn.\n\nKestra also got "
        "into gaming. She plays every night.\n\nDana Vance's encouragement carried on through "
        "Kestra's schooling.\n\n\"My mom and I are very academic,\" she says.",
        "very academic", "Kestra Lee Vance",
        id="a_first_name_no_list_knows_used_alone_for_a_full_name",
    ),
    pytest.param(
        "Tom Hale flew the first mission in May.\n\nAfter tasting the food, Apollo 9 astronaut "
        "Jim Dorsey penciled a note to the food lab. \"I get awfully hungry,\" he wrote.",
        "awfully hungry", "Jim Dorsey",
        id="a_role_noun_no_list_holds_before_the_subject",
    ),
    pytest.param(
        "Mark Rowe led the march in Chicago.\n\nIn downtown Port Ellis, a crowd marched in "
        'silence. "I cried the whole parade," he said.',
        "cried the whole parade", "Mark Rowe",
        id="a_place_after_a_preposition_is_no_subject",
    ),
    pytest.param(
        "Director Sam Durkin said the film was hard to make.\n\nThe 66-year-old Kevin Vale "
        "shared his own feelings on the movie at the premiere.\n\n\"There are some touching "
        'scenes in it," he said.',
        "touching scenes", "Kevin Vale",
        id="an_age_after_an_article_keeps_the_subject",
    ),
]


@pytest.mark.parametrize(
    ("text", "words", "speaker"), SPEAKER_CASES_S11 + SPEAKER_CASES_S12 + SPEAKER_CASES_S13
)
def test_speaker_of_the_quote_holding_words(text: str, words: str, speaker: str | None) -> None:
    """Sessions 11-13's made-up stories: the first quote holding ``words`` has ``speaker``."""
    hit = [q for q in find_quotes(text) if words in q.text]
    assert hit and hit[0].speaker == speaker, find_quotes(text)
