"""The quotes bench's pronoun gold: the person a he/she Source refers to, read from the text."""

from bench.quotes import Article, Event, Span, _people, _referent


def _article(text: str, sources: list[str], quotes: list[str]) -> Article:
    """An article whose events are the given Source words (each at its first occurrence
    after the previous one) with direct-quote contents."""
    art = Article("t", text)
    pos = 0
    for src, q in zip(sources, quotes, strict=True):
        qs = text.index(q, pos)
        s = text.index(src, pos)
        content = Span("Content", qs, qs + len(q), q, ((qs, qs + len(q)),))
        art.events.append(Event(content, Span("Source", s, s + len(src), src)))
        pos = max(s, qs) + 1
    return art


def _ref(text: str, src: str, quote: str) -> str | None:
    art = _article(text, [src], [quote])
    return _referent(_people(art), art.events[0].source.start)


def test_subject_of_the_sentence_before_not_an_earlier_speaker():
    text = ("“We will win this,” Hillary Clinton said.\n\nBernie Sanders wasn't impressed. "
            "“No Wall Street executive has been prosecuted,” he noted.")
    assert _ref(text, "he noted", "No Wall Street executive has been prosecuted,").startswith(
        "Bernie")


def test_gender_skips_a_nearer_person():
    text = ("Hillary Clinton writes to Jake Sullivan. He responds, “Yes, but happy to give "
            "it to them.”")
    assert _ref(text, "He responds", "Yes, but happy to give it to them.") == "Jake Sullivan"


def test_a_chain_of_pronouns_keeps_its_person():
    text = ("Paul Ryan spoke to reporters. He said on Thursday that Donald Trump needs to do "
            "more work. “I think what a lot of Republicans want is a standard-bearer,” he said.")
    assert _ref(text, "he said", "I think what a lot of Republicans want is a standard-bearer,"
                ) == "Paul Ryan"


def test_names_inside_quotes_are_no_referents():
    text = ("Ted Cruz spoke in Iowa. “Donald Trump cannot win the general election,” he said.")
    assert _ref(text, "he said", "Donald Trump cannot win the general election,") == "Ted Cruz"


def test_the_person_a_pronoun_addresses_is_not_its_referent():
    # made up, after a train case: "he told Hannity" cannot mean Hannity
    text = ("Sean Hannity asked Donald Trump how high the wall would be. “I think the height "
            "could be 35 to 45 feet,” he told Hannity.")
    assert _ref(text, "he told", "I think the height could be 35 to 45 feet,") == "Donald Trump"


def test_an_initial_or_an_opening_word_is_no_person():
    # made up, after train cases ("a former C.I.A. analyst", "None has offered")
    text = ("“They are trying,” said Paul R. Pillar, a former C.I.A. analyst. None has offered "
            "a plan. But he added, “I think the conventional wisdom is correct.”")
    assert _ref(text, "he added", "I think the conventional wisdom is correct.") == (
        "Paul R. Pillar")



def test_a_company_before_an_upper_case_role_is_a_modifier():
    # made up, after a train case ("Former Hewlett-Packard CEO Carly Fiorina")
    text = ("Former Hewlett-Packard CEO Carly Fiorina named a favorite. “House of Cards,” she "
            "said.")
    assert _ref(text, "she said", "House of Cards,") == "Carly Fiorina"


def test_a_relative_pronoun_source_means_the_phrase_before_it():
    # made up, after a train case ("from Mike Lee, who declared …")
    from bench.quotes import _resolve_gold, speaker_right

    text = ("Cruz won an endorsement from a colleague, from Mike Lee, who declared, “I am "
            "sending the signal that it is time to unite.”")
    art = _article(text, ["who"], ["I am sending the signal that it is time to unite."])
    art.events[0].content.text = "“" + art.events[0].content.text + "”"
    _resolve_gold(art)
    assert speaker_right("Mike Lee", art.events[0].gold_speaker)
    assert not speaker_right("Ted Cruz", art.events[0].gold_speaker)
