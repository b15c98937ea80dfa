"""Session 27 (k28): the quote rules read a name's capital from vocab/letters, so a name
opening on a capital beyond ASCII ("Şebnem", "Đorđe", "Łukasz", "Šefčovič", "İlham") is read
by the same rule as "Maria Kessel". Sentences written for these tests (public figures or
made-up people); each case fails on the code before session 27's k28 change (the rules took
``[A-Z]``), and gives what the same sentence spelled in ASCII gives."""

from __future__ import annotations

import pytest

from newssift.news.quotes import find_quotes
from newssift.news.quotes.marks import quote_spans
from newssift.news.quotes.mentions import _relative_past, clause_subject, role_after
from newssift.news.quotes.people import PeopleIndex
from newssift.news.quotes.resolver import SpeakerResolver


def _speakers(text: str) -> list[tuple[str | None, str | None]]:
    return [(q.speaker, q.resolution) for q in find_quotes(text)]


@pytest.mark.parametrize(("text", "who", "how"), [
    # direct.py: a quote closed without punctuation, then name + cue (_BARE_CUE) or cue +
    # name (_BARE_INVERTED)
    pytest.param('"We will appeal the ruling" Şebnem Fincancı said on Monday.',
                 "Şebnem Fincancı", "explicit", id="bare_cue"),
    pytest.param('"We will appeal the ruling" said Şebnem Korur Fincancı on Monday.',
                 "Şebnem Korur Fincancı", "explicit", id="bare_inverted"),
    # direct.py: a paragraph of a dash and a name under a quote (_DASH_NAME), a pull quote's
    # last line (_CREDIT_LINE)
    pytest.param('"The war is over for us."\n\n— Đorđe Balašević, in a 1991 interview\n\n'
                 "More text follows here.", "Đorđe Balašević", "explicit", id="dash_credit"),
    pytest.param('Text before.\n\n"We are not afraid of anyone.\nŁukasz Kowalski, Polish '
                 'Radio."\n\nMore text.', "Łukasz Kowalski", "explicit", id="credit_line"),
    # resolver.py: "a statement from Name" (_FROM_NAME)
    pytest.param('"The bridge will reopen in May," according to a statement from Đorđe '
                 "Balašević.", "Đorđe Balašević", "explicit", id="from_name"),
    # resolver.py: a surname written with Mr. and with Ms. keeps its title (_TITLED)
    pytest.param("Maroš Šefčovič met the ministers on Monday. Ms. Šefčovič is his sister. "
                 '"We have a deal," Mr. Šefčovič said.', "Mr. Šefčovič", "explicit",
                 id="titled"),
    # resolver.py: a role word goes to the name beside it earlier (_NAMES_NEAR; "lawyer" is
    # a role's head), or, for a noun that is no role, to the name after it (_NAME_AFTER)
    pytest.param("The ministry spokesman, Đorđe Balašević, spoke on Monday.\n\nLater, the "
                 'spokesman said: "There will be no comment on the visit at all."',
                 "Đorđe Balašević", "role", id="role_near"),
    pytest.param('The company hired a new lawyer, Ŝtefan Ćosić, in March.\n\n"We will appeal," '
                 "the lawyer said.", "Ŝtefan Ćosić", "role", id="role_near_after_noun"),
    pytest.param('The company hired a driver, Šimun Farmer, in March.\n\n"We will appeal," '
                 "the driver said.", "Šimun Farmer", "role", id="name_after_noun"),
    # direct.py: name + cue (_TAIL_CUE) or cue + name (_TAIL_INVERTED) after a clause that
    # follows the quote
    pytest.param('"We will not give up" and against the law, Şebnem said.', "Şebnem",
                 "explicit", id="tail_cue"),
    pytest.param('"We will not give up" and against the law, said Şebnem Fincancı.',
                 "Şebnem Fincancı", "explicit", id="tail_inverted"),
    # resolver.py: "it said" goes to the body named as a subject before (_BODY_SUBJECT)
    pytest.param('Şahin’s campaign put out a statement on Monday. "We will win," it said.',
                 "Şahin’s campaign", "pronoun", id="body_possessive"),
    pytest.param('The Council of Świętokrzyskie put out a statement on Monday. "We will win," '
                 "it said.", "The Council of Świętokrzyskie", "pronoun", id="body_of_place"),
])
def test_speakers_with_capitals_beyond_ascii(text: str, who: str, how: str) -> None:
    assert _speakers(text) == [(who, how)]


def test_the_object_of_a_cue_after_a_pronoun() -> None:
    # resolver.py _OBJECT_NAME: "he told Łukasz Kowalski" names whom "he" cannot mean
    text = ('İlham Aliyev met Łukasz Kowalski in Baku.\n\n"We will not give up our land," '
            "he told Łukasz Kowalski.")
    res = SpeakerResolver(text, lambda: PeopleIndex(text, quote_spans(text)))
    e = text.index("he told") + len("he")
    assert res._object_after(e) == "Łukasz Kowalski"


def test_places_in_a_list_and_after_in() -> None:
    # people.py _LIST_BEFORE / _LIST_AFTER and _PLACE_BEFORE: "Poznań, Łódź, Toruń" is a
    # list of places, "in Ñuñoa, Chile," a place
    text = "He visited Poznań, Łódź, Toruń and Kraków. She flew in from Ñuñoa, Chile, today."
    people = PeopleIndex(text, [])
    assert people.place("Łódź")
    assert people.place("Chile")
    # (_LIST_AFTER: the name after "Lodz, " opens on a capital beyond ASCII)
    assert PeopleIndex("He visited Poznan, Lodz, Łomża and Krakow.", []).place("Lodz")


def test_mentions_read_names_beyond_ascii() -> None:
    # mentions.py _ROLE_NEXT: a role, then a name; _NAME_AND: "between Şahin and Öztürk"
    # joins two names and opens no clause
    t = "the Azerbaijani president İlham Aliyev"
    assert role_after(t, t.index(" president"))
    t = "The vote split between Şahin and Öztürk on Monday."
    assert clause_subject(t, t.index("Öztürk"), False) == (False, False)
    # _NAME_RUN: a name run, then a verb in the past
    t = "Yesterday Łukasz Kowalski gave a speech."
    assert _relative_past(t, t.index("Łukasz"))
