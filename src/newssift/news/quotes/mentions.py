"""How a capitalised word stands in its sentence: a cue or an apposition after it
("Sullivan said", "Packer, who …"), a role before or after it ("professor Brigid Harrison",
"Arizona governor Jan Brewer"), whether it opens a main or a subordinate clause, its title's
gender.

The people index asks these of every candidate mention, to tell persons from places and
bodies by how the story writes them (not by lists of names), and to rank the mentions a
pronoun may mean; each reads a few characters around the word and no more.
"""

from __future__ import annotations

import re

from newssift.lazy_pattern import LazyPattern
from newssift.news.quotes.cues import CUES, INVERTING, OBJECT_CUES, PHRASAL
from newssift.news.quotes.words import (
    CLAUSE_OPENERS,
    FEMALE_NOUNS,
    LAY_ROLES,
    LEADING_SUBS,
    MALE_NOUNS,
    NOT_NAMES,
    NOT_PERSON,
    POSSESSIVES,
    ROLE_HEADS,
    SUBORDINATORS,
    TITLES,
    word_set,
)
from newssift.vocab.letters import CAPITAL, LOWER_LETTER

_FEMALE_TITLES = word_set("mrs. mrs ms. ms frau mme sra. doña queen spokeswoman chairwoman "
                          "congresswoman assemblywoman")
_MALE_TITLES = word_set("mr. mr herr m. sr. don king prince spokesman chairman councilman "
                        "congressman assemblyman")


def cue_after(text: str, e: int) -> bool:
    """A cue or an apposition right after a name: "Sullivan said", "Sullivan, who …"."""
    nxt = text[e: e + 1]
    if nxt == ",":
        if _APPOS.match(text, e) is not None:
            return True
        # a role in apposition: "RoseAnn DeMoro, executive director of …"
        role = _ROLE_APPOS.match(text, e)
        return role is not None and (role[1] in ROLE_HEADS or role[1] in TITLES
                                     or role[1] in LAY_ROLES)
    if nxt != " ":
        return False
    if text[e + 1:e + 2] in "—–" and _DASH_APPOS.match(text, e) is not None:
        return True  # "Tommy — who only goes by his first name online — retired"
    w = text[e + 1: e + 16].split(None, 1)
    return bool(w) and w[0].strip(",.") in CUES


def inverted_before(text: str, s: int) -> bool:
    """An inverted cue right before a word, after a quote or a comma: '"…," said Baron.'
    names a person as surely as "Baron said" does. Callers test ``text[s - 5:s - 1] in
    INVERTED_TAILS`` first (a slice and a set lookup, no call for most words)."""
    if text[s - 1:s] != " ":
        return False
    before = text[max(0, s - 12):s - 1]
    w = before[before.rfind(" ") + 1:]
    return w in INVERTING and _inverted_cue(text, s, w)


#: the last four letters of the inverting cues: the cheap test before inverted_before
INVERTED_TAILS = frozenset(w[-4:] for w in INVERTING)


def comma_cue(text: str, e: int, s: int = -1) -> bool:
    """A comma and a cue after a full name: "The firm's CEO, Kimberley Fritts, said …", also
    over an apposition: "Pankaj Pandey, Head of Research at ICICI Securities, pointed out"
    (asked of names of two words or more: "the state capital, Sacramento, said" is none)."""
    if text[e:e + 1] != ",":
        return False
    role = _ROLE_APPOS.match(text, e)
    if role is not None and role[1] in CUES:
        return True
    if s < 0 or not _clause_start(text, s):
        return False  # "in Salem, New Hampshire, Trump went …", "Rema, Bloody Civilian, …"
    m = _APPOS_CUE.match(text, e)
    return m is not None and (m[1] in CUES or PHRASAL.get(m[1]) == m[2])


def _clause_start(text: str, s: int) -> bool:
    """Whether a name at ``s`` opens its text, paragraph or sentence."""
    before = text[max(0, s - 3):s]
    return s == 0 or before.endswith("\n") or before.rstrip(" \u00a0")[-1:] in (".", "!", "?")


#: a name's apposition closed by a comma, then a cue ("…, Head of Research at ICICI
#: Securities, pointed out")
_APPOS_CUE = re.compile(r", [^,.;:!?\n“”\"]{2,80}, ([a-z]+)(?: ([a-z]+))?")


def kin_appos(text: str, s: int, e: int) -> bool:
    """A word alone in apposition to a role or a kinship noun: "his wife, Jane, called",
    "Clinton's husband, Bill, hurled"."""
    if text[e:e + 1] != "," or text[s - 2:s] != ", ":
        return False
    before = text[max(0, s - 16):s - 2]
    w = before[before.rfind(" ") + 1:]
    return (w in LAY_ROLES or w in ROLE_HEADS or w in FEMALE_NOUNS
            or w in MALE_NOUNS)


def plural_shape(w: str) -> bool:
    """A word shaped like an English plural: "Analysts", "Friends" (not "Ross", "Davis")."""
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "is", "us", "'s", "’s"))


def role_before(text: str, s: int) -> bool:
    """A role or a title in lower case right before a name: "professor Brigid Harrison",
    "delegate John Archer"."""
    if text[s - 1:s] != " " or not text[s - 2:s - 1].islower():
        return False
    before = text[max(0, s - 16):s - 1]
    w = before[before.rfind(" ") + 1:]
    return w in ROLE_HEADS or w in LAY_ROLES or w in TITLES or w == "named"


def opens_sentence(text: str, s: int) -> bool:
    """Whether the word at ``s`` opens a sentence or a paragraph."""
    before = text[max(0, s - 4): s].rstrip(" \u00a0\t\"“”'‘’")
    return not before or before[-1] in ".!?\n"


def verb_after(text: str, e: int) -> bool:
    """A verb in the past or a cue after a word, over one adverb: "Cruz openly admitted"."""
    m = _VERB_AFTER.match(text, e)
    if m is None:
        return False
    w = m[1]
    return w in CUES or (w.endswith("ed") and len(w) > 4)


#: a lower-case word after a space, over one adverb in -ly
_VERB_AFTER = re.compile(r" (?:[a-z]{3,}ly )?([a-z]+)\b")


def after_preposition(text: str, s: int) -> bool:
    """Whether the word before ``s`` is a preposition or a conjunction: "in Concord, the
    …", "Antarctica and Greenland, the …" name places, not people."""
    before = text[max(0, s - 12): s].rstrip()
    return before[before.rfind(" ") + 1:].lower() in _PLACE_WORDS


_PLACE_WORDS = word_set("in of from at to near outside inside across and or into through "
                        "toward towards visit visited visiting")


def clause_subject(text: str, pos: int, titled: bool) -> tuple[bool, bool | str]:
    """Whether a mention opens a clause: after punctuation, at the start, or after a clause
    opener ("and", "when", …) — not after a verb or a preposition — also behind a role that
    opens the clause ("Florida delegate John Archer", "Rubio spokesman Alex Conant"); and
    whether that clause is a subordinate one ("… that Donald Trump …"; "lead": one opening
    the sentence, "When Mr. Trump tried …, Mr. Kasich differed")."""
    before = text[max(0, pos - 16): pos].rstrip(" \u00a0")
    # the word before, after any white space ("…\n\nWhen Trump", "…\n\nAnd Cruz")
    prev = before.rsplit(None, 1)[-1].lower() if before.strip() else ""
    prev_at = max(0, pos - 16) + len(before) - len(prev)
    if prev.endswith("-year-old") and prev[:1].isdigit():
        # "Ohio, 62-year-old Brenda Johnson also railed": the clause as without the age; "The
        # 66-year-old Kevin Von Erich shared …": as without its article too
        lo = max(0, prev_at - 5)
        art = _ARTICLE_END.search(text, lo, prev_at)
        return clause_subject(text, art.start() if art else prev_at, titled)
    if prev in _EPITHETS and (art := _ARTICLE_END.search(text, max(0, prev_at - 5),
                                                         prev_at)) is not None:
        # "The great Rush Limbaugh, as he did …, explained": an epithet after an article
        # before a name, read as without both (as an age is; "Tennis great Billie Jean
        # King" is a role, read as before)
        return clause_subject(text, art.start(), titled)
    # "When Mr. Trump tried …, Mr. Kasich differed": a subordinate clause opening the
    # sentence (not "… said when Trump …", read as the main clause's own); the mention may
    # hold the subordinator ("When Mr. Trump")
    first = text[pos:pos + 8].split(" ", 1)[0].lower()
    lead = (prev in LEADING_SUBS
            and opens_sentence(text, prev_at)) or (
        first in LEADING_SUBS and opens_sentence(text, pos))
    sub: bool | str = "lead" if lead else prev in SUBORDINATORS
    if prev in ("and", "or") and _NAME_AND.search(before) is not None:
        return False, sub  # "split between Trump and Cruz": names joined, no clause opened
    if prev == "for" and _AS_FOR.search(before) is not None:
        return True, sub  # "As for Trump, he said …": the topic the sentence goes on with
    if "here" in before and _THERE_IS.search(before) is not None:
        return True, sub  # "Then there's Axelrod.": the person the sentence brings in
    if prev == "by" and _PASSIVE_BY.search(text, max(0, pos - 70), pos) is not None:
        # "Clinton's position was supported Friday by Sen. Dianne Feinstein": the agent of a
        # passive is who acts; read as the subject of a clause opening the sentence ("lead":
        # the topic where no main clause's subject fits; any that fits goes first: "When the
        # bill was signed by Gov. Ann Lee, Sen. Joan Reyes said …")
        return True, "lead"
    if (not before or before[-1] in ".,;:—–-(\n\"”“" or prev in CLAUSE_OPENERS
            or before.endswith("''") or (before[-1] == "’" and before[-2:-1] in ".,?!")
            or (prev in CUES and prev not in OBJECT_CUES
                and (prev not in INVERTING or _inverted_cue(text, pos, prev)))
            or (titled and not prev.isalpha())):
        return True, sub
    if prev in _QUESTION_OPENERS and opens_sentence(text, prev_at):
        # "Was Szlachta satisfied with the answer?": the subject of a question
        return True, sub
    if (not titled and prev.isalpha() and prev.islower() and prev not in _NOT_ROLE
            and prev not in ROLE_HEADS and prev not in LAY_ROLES and prev not in NOT_NAMES
            and prev not in CLAUSE_OPENERS and not _named_body(before, prev)
            and _relative_past(text, pos)):
        # "a clip of a speech Trump gave in 2019", "the kind of campaign Ayotte hoped to be
        # running": the subject of a clause that describes the noun before it, read as a
        # main clause's (as a subordinate one's it changes nothing: a named speaker before
        # outweighs it)
        return True, False
    shaped = _role_shaped(prev) and not titled
    if prev not in ROLE_HEADS and prev not in LAY_ROLES and not shaped and not (
            titled and (prev in _ROLE_MODIFIERS or prev in NOT_PERSON)):
        return False, sub  # (a title after "campaign": "Clinton campaign Chairman John …")
    lead = text[max(0, pos - 60): pos]
    cut = max(lead.rfind(c) for c in ".,;:\n\"”“—(")
    # "but their neighbor Benjamin Green": a clause opener and a possessive go first
    words = [w for w in lead[cut + 1:].split()
             if w.lower() not in CLAUSE_OPENERS and w.lower() not in POSSESSIVES]
    # "Democratic presidential candidate Bernie Sanders": title words in lower case too
    # "Clinton campaign Chairman John Podesta", "the district GOP Chairman Chuck Williams":
    # a body's noun in lower case too
    # "Apollo 9 astronaut Jim McDivitt", "Wild defenseman Ryan Suter": a noun in lower case
    # no list holds, after a capitalised word (or a number) opening the clause
    if shaped and prev not in ROLE_HEADS and prev not in LAY_ROLES:
        return cut >= 0 and 1 < len(words) <= 4 and words[-1] == prev and all(
            (w[:1].isupper() and w.lower() not in _NOT_ROLE) or w.isdigit()
            for w in words[:-1]), sub  # not "In downtown San Francisco"
    return cut >= 0 and 0 < len(words) <= 4 and all(
        w[:1].isupper() or w.lower() in ROLE_HEADS or w.lower() in LAY_ROLES
        or w.lower() in TITLES or w in NOT_PERSON or w in _ROLE_MODIFIERS for w in words
    ), sub


#: lower-case words before a name that are no role noun: verbs, prepositions, … ("told
#: Sanders", "than Clinton", "beat Cruz")
_NOT_ROLE = word_set(
    "of to by for with from at in on about against than like as is was are were be been has "
    "have had and or but that whom which who over under into onto upon after before between "
    "among beat met saw led left made took gave got put ran won hit let set told sent brought "
    "bought sought thought felt kept held heard paid lost found said says asked called named "
    "tells asks thanks calls names hires fires joins backs beats meets sees leads"
)


_NAME_RUN = re.compile(CAPITAL + r"[\w’'\-]*(?:\.?[ \u00a0]" + CAPITAL + r"[\w’'\-]*)*")
_PAST_AFTER = re.compile(r"[ \u00a0]([a-z]+)\b")
_IRREGULAR_PAST = word_set("gave made took wrote told had did got saw put ran knew thought sent "
                           "brought won lost left held kept felt found said spoke chose")


def _named_body(before: str, prev: str) -> bool:
    """Whether the noun before a name is a body's, right after "the"/"a": "the company
    Quantinuum reported" names the body, no clause about it."""
    words = before.split()
    return prev in NOT_PERSON and len(words) > 1 and words[-2].lower() in ("the", "a", "an")


def _relative_past(text: str, pos: int) -> bool:
    """Whether the capitalised name at ``pos`` is followed by a verb in the past ("Ayotte
    hoped", "Trump gave")."""
    m = _NAME_RUN.match(text, pos)
    if m is None:
        return False
    v = _PAST_AFTER.match(text, m.end())
    return v is not None and ((v[1].endswith("ed") and len(v[1]) > 3)
                              or v[1] in _IRREGULAR_PAST)


def _role_shaped(w: str) -> bool:
    """Whether a lower-case word may be a role noun before a name ("astronaut",
    "defenseman"): a plain word, no verb form in -ed/-ing/-ly, no function word."""
    return (len(w) > 3 and w.isalpha() and w.islower() and w not in _NOT_ROLE
            and w not in CUES and not w.endswith(("ed", "ing", "ly", "s")))


#: an article ending the text before an age: "The 66-year-old …"
_ARTICLE_END = re.compile(r"(?<![\w’'])(?:[Tt]he|[Aa]n?) $")
#: a capitalised word, then "and"/"or" ending the text before a mention: "Trump and"
# (compiled on first use, LazyPattern: each class of capitals costs ~1.5 ms to compile at
# import, and 7 % of PolNeAR train's stories reach it)
_NAME_AND = LazyPattern(CAPITAL + r"[\w’'\-]*" + LOWER_LETTER + " (?:and|or)$")
#: "As for" opening a clause before a mention
_AS_FOR = re.compile(r"(?:^|[.,;:\n\"”] ?|^\s*)[Aa]s for$")
#: lower-case words inside a role before a name: "the district GOP Chairman Chuck Williams"
#: words of praise or memory before a name ("the great Rush Limbaugh", "the late John
#: McCain"): the name is the clause's subject as without them
_EPITHETS = word_set("great late legendary famous infamous beloved iconic venerable revered "
                     "celebrated")
_ROLE_MODIFIERS = word_set("district national local regional state county city former longtime "
                           "top senior campaign")


#: an existential clause before a name ("Then there's Axelrod.", "And there is Tom Reyes,
#: who …"): the name is what the sentence is about, as a subject is (this and the next
#: compiled on first use, LazyPattern: few mentions follow "here" or "by")
_THERE_IS = LazyPattern(r"(?:^|[.,;:\n\"”] ?|^\s*|\b(?:[Aa]nd|[Bb]ut|[Tt]hen|[Yy]et|[Nn]ow|"
                        r"[Aa]lso) )[Tt]here(?:[’']s| is| was)$")
#: a passive verb and up to two words ("on Friday") before "by" and the agent
_PASSIVE_BY = LazyPattern(r"\b(?:was|were|is|are|been)[ \u00a0](?:[a-z]+[ \u00a0]){0,2}?"
                          r"[a-z]{2,}(?:ed|en)(?:[ \u00a0][\w’'.]+){0,2}?[ \u00a0]by[ \u00a0]*$")
#: auxiliaries that open a question before its subject ("Was Szlachta satisfied?")
_QUESTION_OPENERS = word_set("was is were are did does do has have had will would can could")


def _inverted_cue(text: str, pos: int, cue: str) -> bool:
    """Whether the cue before a mention at ``pos`` follows a quote or a comma ('"…," said
    Ryan'), not its own subject ("he said Ryan", an object)."""
    k = text.rfind(cue, max(0, pos - 40), pos)
    lead = text[max(0, k - 3):k].rstrip(" \u00a0")
    return k >= 0 and (not lead or lead[-1] in ",\"”’'—")


#: a lower-case word, then a capitalised one or a stop, after a capitalised sequence:
#: "Arizona governor Jan Brewer", "a devout Catholic and Donald Trump supporter." (the word is
#: read against the roles and titles)
_ROLE_NEXT = re.compile(r" ([a-z]+)(?: " + CAPITAL + "|[.,;:])")


def role_after(text: str, e: int) -> bool:
    """Whether a role or a title and then a name follow position ``e``: " governor Jan"."""
    if text[e:e + 1] != " " or not text[e + 1:e + 2].islower():
        return False
    role = _ROLE_NEXT.match(text, e)
    return role is not None and (role[1] in TITLES or role[1] in ROLE_HEADS
                                 or role[1] in LAY_ROLES)


_APPOS = re.compile(r",\s+(?:a|an|the|who|\d+)\b")
_DASH_APPOS = re.compile(r" [—–] who\b")
_ROLE_APPOS = re.compile(r", ([a-z]+)\b")


def title_gender(titles: list[str]) -> str | None:
    for t in titles:
        if t in _FEMALE_TITLES:
            return "f"
        if t in _MALE_TITLES:
            return "m"
    return None
