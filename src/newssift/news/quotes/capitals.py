"""Capitalised sequences outside quotes, read into candidate names of people.

Every person the people index can name starts as a run of capitalised words ("Kremlin
spokesman Dmitry Peskov", "Mrs. Clinton", "Cruz"); this module reads them in one pass and
splits off what is no part of a name: titles (kept, for their gender), a word opening the
sentence ("Neither", "Was"), a possessive's owner ("NBC's Chuck Todd"), and the places and
bodies written before a title or a role ("Iowa Gov. Terry Branstad", "Arizona governor Jan
Brewer"). Whether a candidate is a person is the people index's decision.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from newssift.news.quotes.mentions import role_after, title_gender
from newssift.news.quotes.words import (
    NOT_LONE,
    NOT_NAMES,
    NOT_PERSON,
    PREPOSITIONS,
    TITLES,
    word_set,
)
from newssift.vocab.letters import CAPITAL
from newssift.vocab.names import gender_of

#: a name of two words or more: (start, end, words, title words, possessive)
Seq = tuple[int, int, list[str], list[str], bool]
#: one capitalised word: (start, end, word, possessive, its title's gender or whether it has
#: a title)
Single = tuple[int, int, str, bool, "bool | str"]

#: a capitalised word of a name: "Ted", "Sen.", "J.", "U.S." — a full stop ends a longer word
#: (initials run together first: "H.W." is one word, not "H." then a stop). Initials and
#: the short title abbreviations are ASCII on purpose; a word is opened by a capital of any
#: script ("Łukasz", "İlham": :mod:`newssift.vocab.letters`)
_CAPWORD = r"(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z][a-z]{0,2}\.|" + CAPITAL + r"[\w’'\-]*\w)"

#: after "'s", words that make it "has" or "is", not a possessive: "Christie's been saying"
_HAS = re.compile(r"[ \u00a0](?:been|got|gotten|not|never|also|always|now|still|done|made|said|"
                  r"become|had|going|running|told|long|already)\b")

#: quotation marks around a title or a phrase (too short for a quote span)
_OPEN = frozenset("“\"‘«„")
_CLOSE = frozenset("”\"’»“")

#: generational suffixes after a surname
_SUFFIXES = frozenset("Jr. Jr Sr. Sr II III IV".split())



def surname(words: list[str]) -> str:
    """The word a full name is used alone by: its last, before a generational suffix
    ("Luther Stan Pate IV" → "Pate")."""
    if len(words) > 2 and words[-1] in _SUFFIXES:
        return words[-2]
    return words[-1]


#: words that open a sentence before a name ("Neither Donald J. Trump nor …", "Was Szlachta
#: satisfied?")
_LEADS = word_set("neither either nor outside inside said says added like unlike without "
                  "within despite was were is are did does has had would could")




@dataclass(slots=True)
class Capitals:
    """What one pass over a story's capitals found."""

    #: the stretches of text between quotes (a title-case headline left out)
    outside: list[tuple[int, int]]
    seqs: list[Seq] = field(default_factory=list)
    singles: list[Single] = field(default_factory=list)
    #: words written alone somewhere ("Cruz"), which make "Ted Cruz" a person
    alone: set[str] = field(default_factory=set)
    #: words standing before a title or a role in a name: places and bodies
    bodies: set[str] = field(default_factory=set)


def scan_capitals(text: str, spans: list[tuple[int, int]]) -> Capitals:
    """The candidate names outside the quote ``spans`` of ``text``, in text order."""
    outside: list[tuple[int, int]] = []  # the stretches of text between quotes
    prev = 0
    for qs, qe in spans:
        if qs > prev:
            outside.append((prev, qs))
        prev = max(prev, qe)
    outside.append((prev, len(text)))
    # a headline in title case ("Hillary Just Insulted The Benghazi Families") names no
    # one by its capitals: its first line is left out of the index
    nl = text.find("\n", 0, 300)
    if nl > 0 and _title_case(text[:nl]):
        outside = [(max(a, nl), b) for a, b in outside if b > nl]
    seqs: list[Seq] = []  # two words or more
    singles: list[Single] = []  # one capitalised word
    alone: set[str] = set()
    bodies: set[str] = set()
    resort = False  # a single appended by _many, out of text order
    for s, e in _capital_runs(text, outside, NOT_LONE, _HAS.match, alone, singles):
        # a name of two words or more (the single words are read in _capital_runs)
        if text[e:e + 2].lstrip(",.!?")[:1] in _CLOSE and text[s - 1:s] in _OPEN:
            # '“Laudate Deum” — which translates as “Praise God”': a title or a
            # phrase in quotation marks, whole, is no one's name
            continue
        seq = text[s:e]
        if text[e + 1:e + 2].islower() and role_after(text, e):
            # "Former Arizona governor Jan Brewer": a place or a body before a
            # role, no person (one word before a role: see read_mentions)
            words = [w for w in seq.split() if w.lower() not in TITLES]
            if words and gender_of(words[0]) is None:
                bodies.update(w.rstrip(".") for w in words)
            continue
        before = len(singles)
        _many(text, s, e, seq, seqs, singles, alone, bodies)
        resort = resort or len(singles) > before
    if resort:
        singles.sort()  # (the starts differ: matches do not overlap)
    return Capitals(outside, seqs, singles, alone, bodies)


def _many(text: str, start: int, end: int, seq: str, seqs: list[Seq], singles: list[Single],
          alone: set[str], bodies: set[str]) -> None:
    """A sequence of capitalised words: its titles apart, unless a place or a body; the
    words before a title inside it are a place or a body ("Iowa Gov. Terry Branstad")."""
    words = seq.split()
    low = seq.lower().split()
    k = 0
    # "NBC’s Chuck Todd", "Florida’s Rick Wilson": the name after the possessive
    if "s " in seq and ("’s " in seq or "'s " in seq):
        for i in range(len(words) - 2, -1, -1):
            if words[i].endswith(("’s", "'s")):
                k = i + 1
                break
    while k < len(low) and (low[k] in TITLES or low[k] in NOT_NAMES):
        k += 1
    if k == 0 and len(words) > 1 and (low[0] in _LEADS or low[0] in PREPOSITIONS or (
            low[0].endswith("ing") and gender_of(words[0]) is None)):
        # "Neither Donald J. Trump nor …", "About Hillary Clinton, …", "Said Dorothy
        # Poynter", "Debating Clinton …": a word opening the sentence, not the name's;
        # the mention starts after it ("Like Makaeff, …, Roffman doesn't want")
        k = 1
        start += len(seq) - len(seq.split(None, 1)[1])
    # "Not Yet", "In Concord": a word of NOT_NAMES before a name is no title
    titles = [w for w in low[:k] if w in TITLES] if k else []
    # "GOP Chairman Chuck Williams", "White House Press Secretary Josh Earnest", "Iowa
    # Gov. Terry Branstad": a body or a place, then a title, then the name
    # "House Intelligence Republican Mike Pompeo", "Senate Democrat Ann Ruiz": a party word
    # is a body's word too ("Democratic Party"), so it counts as a title only before a
    # known given name
    j = -1 if TITLES.isdisjoint(low[k + 1:-1]) else max(
        (i for i in range(k + 1, len(low) - 1) if low[i] in TITLES
         and (low[i] not in NOT_PERSON or gender_of(words[i + 1]) is not None)), default=-1)
    if j > 0 and NOT_PERSON.isdisjoint(low[j + 1:]):
        if gender_of(words[k]) is None:  # not "Bernie Sanders Campaign Manager …"
            bodies.update(w.rstrip(".") for w, lw in zip(words[k:j], low[k:j], strict=True)
                          if lw not in TITLES)
        k, titles = j + 1, [low[j]]
    if k == len(words) or low[-1] in NOT_NAMES or not NOT_PERSON.isdisjoint(
            [w.rstrip(".") for w in low[k:]] if "." in seq else low[k:]):
        return  # no name left, or a place or a body ("Ohio State University")
    words = words[k:]
    if words[-1].endswith(".") and len(words[-1]) > 3:
        words[-1] = words[-1][:-1]
    poss = words[-1].endswith(("’s", "'s"))
    if poss:
        words[-1] = words[-1][:-2]
        poss = _HAS.match(text, end) is None
    if len(words) == 1:
        alone.add(words[0])
        # the title's gender, where it has one, stays with the mention: "Mrs. Clinton"
        # beside "Bill Clinton" is another person (True: a title of no gender)
        singles.append((start, end, words[0], poss,
                        title_gender(titles) or bool(titles)))
    else:
        seqs.append((start, end, words, titles, poss))


def _title_case(line: str) -> bool:
    """A line whose words of four letters or more, four at least, are all capitalised: a
    headline's style ("Hillary Just Insulted The Benghazi Families")."""
    words = [w for w in line.split() if w[0].isalpha()]
    long = [w for w in words if len(w) > 3]
    # (a short sentence of names has a verb in lower case: "Ann Holt met Peter Marsh")
    return len(long) >= 4 and all(w[0].isupper() or (len(w) < 5 and w in NOT_NAMES)
                                  for w in words)


#: up to five capitalised words on one line, not inside a word ("iPhone"); the pattern opens
#: with a character class so the regex engine skips straight to capitals
_PERSON_SEQ = re.compile(
    "(" + CAPITAL + r"(?<![\w’'.\-]" + CAPITAL + r")(?:\.(?:[A-Z]\.)+|[a-z]{0,2}\.|[\w’'\-]*\w)"
    r"(?:[ \t\u00a0]+" + _CAPWORD + r"){0,4})"
)


def capital_runs_py(text: str, outside: list[tuple[int, int]], not_lone: frozenset[str],
                    has_match: Callable[[str, int], re.Match | None], alone: set[str],
                    singles: list[Single]) -> list[tuple[int, int]]:
    """The matches of _PERSON_SEQ in each stretch of ``outside``: (start, end) of each of
    two words or more, returned; each single word read into ``alone`` and ``singles``
    (news/_native.c ``capital_runs`` gives the same, without the regex engine)."""
    many: list[tuple[int, int]] = []
    for a, b in outside:
        for m in _PERSON_SEQ.finditer(text, a, b):
            seq = m[1]
            if " " in seq or "\t" in seq or "\u00a0" in seq:
                many.append(m.span())
                continue
            # one word: most capitals are this (sentence openers, places); keep it cheap
            s, e = m.span()
            if seq.endswith(("’s", "'s")):
                w, poss = seq[:-2], has_match(text, e) is None
            else:
                w, poss = seq.rstrip("."), False
            if w.lower() in not_lone:
                continue  # "Instead, the senator …" is no apposition to a person
            alone.add(w)
            if text[e:e + 1] == "*":
                e += 1  # "Pamela*, a 34-year-old mum": a name changed for the story
            singles.append((s, e, w, poss, False))
    return many


try:  # optional compiled part (setup.py): the same runs, read without the regex engine
    from newssift.news._native import capital_runs as _capital_runs
except ImportError:  # pragma: no cover - a build without the extension, or one before it
    _capital_runs = capital_runs_py
