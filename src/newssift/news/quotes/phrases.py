"""Noun phrases next to a cue: the speaker before it ("Dmitry Peskov, spokesman for
the Kremlin, said"), after it ("said Sen. Ted Cruz, R-Texas") and a sentence's subject
("Clinton spoke in Iowa, telling the crowd").

These read token windows only and return token spans; deciding who a phrase names (a full
name, a pronoun's person, a role's holder) is the speaker resolver's work.
"""

from __future__ import annotations

from newssift.news.quotes.cues import CUES, cue_at
from newssift.news.quotes.text import Token, is_cap
from newssift.news.quotes.words import (
    ADVERBS,
    CLAUSE_OPENERS,
    CONNECTIVES,
    DETS,
    LAY_ROLES,
    LEADING_SUBS,
    NOT_NAMES,
    NUMBERS,
    POSSESSIVES,
    PREPOSITIONS,
    ROLE_HEADS,
    STATEMENTS,
    WHEN_WORDS,
    speaker_noun,
    word_set,
)
from newssift.vocab.names import gender_of

_NP_STOP = word_set(
    """and but or that which who whom whose when while as in on at to during after before
    because since if than with without into onto about over under between through via by
    from who's where why how what so nor yet for of it it's there is was are were be been
    although though unless whereas until once
    being has have had do does did will would can could should may might must not his her
    their its our my your we i you me us them him""".replace(" his her", "")
)

_NP_LINKS = word_set("of for de des du del della aux der")
_FOREIGN_STOP = word_set("nach am im vor bei auf zu mit gegenüber en à au après lors pendant "
                         "el tras durante ante ce ayer hoy heute gestern mardi lundi")


def _ly_adverb(w: str) -> bool:
    """A lower-case word in -ly of five letters or more ("broadly", "openly"), not "family"
    nor "ally" (nouns in -ly a speaker phrase may end on)."""
    return len(w) > 5 and w.endswith("ly") and w.isalpha() and w.islower() and (
        w not in _LY_NOUNS)


_LY_NOUNS = frozenset("family assembly supply monopoly anomaly rally".split())


def np_back(toks: list[Token], end: int) -> tuple[int, int] | None:
    """The noun phrase ending just before token ``end`` (skipping adverbs, a parenthesis and
    an apposition): (first token, last token + 1), or None."""
    i = end - 1
    while i >= 0 and (toks[i][0].lower() in ADVERBS or _ly_adverb(toks[i][0])):
        i -= 1  # "Kasich has also broadly called": over "broadly" too
    if i >= 0 and toks[i][0] == ",":
        # "Dmitry Peskov, spokesman for the Kremlin, said" / "Packer, who chairs X, said" /
        # "Carole Bower, 75, a retiree in Carthage, Ill., said": the name before the
        # apposition, read back over up to three commas; a place after a preposition is none
        j = i
        for _ in range(3):
            j -= 1
            stop = j - 16
            while j >= 0 and j > stop and toks[j][0] not in (",", ";", ":", "—", "–"):
                j -= 1
            if j < 0 or toks[j][0] != ",":
                break
            head = np_back(toks, j)
            if not head:
                continue
            seg = toks[j + 1:i] if i - j <= 5 else ()
            if (seg and all(is_cap(t[0]) for t in seg) and not is_cap(toks[head[1] - 1][0])
                    and j == i - len(seg) - 1):
                # "The author of the book, Mitchell Zuckoff, said": the name in apposition
                return j + 1, i
            before = toks[head[0] - 1][0].lower() if head[0] > 0 else ""
            if head[0] >= 2 and before in ("of", "from"):
                # "Michael Brown of Washington, D.C., explained": the person, not the place
                person = np_back(toks, head[0] - 1)
                if person and is_cap(toks[person[0]][0]):
                    return person
            if before in _PLACE_PREPS:
                continue
            if any(is_cap(t[0]) for t in toks[head[0]:head[1]]):
                return head
        i -= 1
    if i >= 0 and toks[i][0] == ")":
        while i >= 0 and toks[i][0] != "(":
            i -= 1
        i -= 1
    last = i
    while i >= 0 and last - i < 9:
        w = toks[i][0]
        lw = w.lower()
        if lw in DETS:
            i -= 1
            break
        if w in (",", ";", ":", "(", ")", "—", "–", "-") or lw in _NP_STOP or lw in CUES:
            break
        i -= 1
    first = i + 1
    if first > last:
        return None
    if (first >= 2 and toks[first - 1][0].lower() in _TIME_PREPS
            and not any(is_cap(t[0]) for t in toks[first:last + 1])):
        # "Trump at the time said": the subject stands before the time phrase
        alt = np_back(toks, first - 1)
        if alt and is_cap(toks[alt[0]][0]):
            return alt
    if (first >= 3 and toks[first - 1][0] in _PARTICIPLE_PREPS
            and toks[first - 2][0].endswith("ing") and toks[first - 2][0].islower()):
        # "Another intelligence source speaking to Fox News said": the one speaking
        alt = np_back(toks, first - 2)
        if alt:
            return alt
    return first, last + 1


def unclosed_appos(toks: list[Token], span: tuple[int, int]) -> tuple[int, int] | None:
    """The name before an apposition whose closing comma is missing ("Jonathan Gullis, a
    Conservative former minister wrote", "Wendy Liebmann, founder of WSL Strategic Retail
    told"): the phrase at the cue runs back over a role (and "of …") to a comma, and before
    the comma stands a full name opening its clause. None otherwise."""
    k = span[0] - 1
    while k >= 0 and span[1] - k <= 10 and toks[k][0] != ",":
        if not (toks[k][0][:1].isalpha() or toks[k][0][:1] == "-"):
            return None
        k -= 1
    if k < 2 or toks[k][0] != "," or not any(
            t[0].lower() in ROLE_HEADS or t[0].lower() in LAY_ROLES for t in toks[k + 1:span[1]]):
        return None
    b = k
    a = b
    while a > 0 and b - a < 4 and is_cap(toks[a - 1][0]):
        a -= 1
    if b - a < 2 or toks[a][0].lower() in NOT_NAMES:
        return None
    before = toks[a - 1][0].lower() if a > 0 else ""
    if a > 0 and before not in (";", ":", "—", "–", "(") and (
            before not in CLAUSE_OPENERS or before == "and"):
        # "a letter to John Smith, the senator said", "hosts Joe Scarborough and Mika
        # Brzezinski, the candidate stated", "in Hudson, New Hampshire Monday, the
        # supporter retorted": an object, a pair, a place
        return None
    return a, b


def of_owner(toks: list[Token], span: tuple[int, int]) -> tuple[int, int]:
    """The phrase read back to the name it belongs to over "of"/"for" links ("John Smith of
    the Cato Institute", "Rep. Ann Ruiz of Ohio" rather than "the Cato Institute", "Ohio"):
    the resolver keeps the person before "of" and the whole of a body's name ("the University
    of Texas")."""
    first = span[0]
    for _ in range(3):
        k = first - 1
        if k < 1 or toks[k][0] not in ("of", "for") or not is_cap(toks[k - 1][0]):
            break
        back = np_back(toks, k)
        if back is None or back[1] != k:
            break
        first = back[0]
    return first, span[1]


#: prepositions after a participle inside a subject ("a source speaking to Fox News")
_PARTICIPLE_PREPS = frozenset(("to", "with", "for", "on", "in", "at"))
_PLACE_PREPS = word_set("in of from at outside near inside for with to")
_TIME_PREPS = word_set("at in on during after before by over since until")


def _names_someone(toks: list[Token], start: int, end: int) -> bool:
    """Whether tokens start..end hold a name of two capitalised words ("voter Stephanie
    Hooton"), not after a link word ("la ministra de Medio Ambiente")."""
    return any(is_cap(toks[k][0]) and is_cap(toks[k + 1][0])
               and (k == start or toks[k - 1][0].lower() not in _NP_LINKS)
               for k in range(start, end - 1))


def np_forward(toks: list[Token], start: int) -> tuple[int, int] | None:
    """The noun phrase from token ``start`` ("said Sen. Ted Cruz, R-Texas" → "Sen. Ted Cruz"),
    or the name after an apposition ("said the agency's director, Ingrid Halvorsen.")."""
    i = start
    n = len(toks)
    while i < n and i - start < 10:
        w = toks[i][0]
        lw = w.lower()
        if w in (",", ";", ":", "(", ")", "—", "–", "-"):
            break
        if ((lw in _NP_STOP or lw in _FOREIGN_STOP) and lw not in _NP_LINKS
                and not (i == start and is_cap(w) and i + 1 < n and is_cap(toks[i + 1][0]))):
            break  # (a given name that is a word too goes on: "said Will Doyle")
        i += 1
    if i == start:
        return None
    first = toks[start][0]
    if i + 2 <= n and toks[i][0] == "," and is_cap(toks[i + 1][0]) and (
        first.lower() in DETS or first[:1].islower() or "’" in first or "'" in first
    ) and not _names_someone(toks, start, i):  # not "voter Stephanie Hooton of Derry, N.H."
        j = i + 1
        while j < n and is_cap(toks[j][0]) and j - i < 5:
            j += 1
        if j == n or toks[j][0] in (",", ".", ";"):
            return i + 1, j
    return start, i


_OPENING_WORDS = word_set(
    """here there in on at during after before earlier later meanwhile yesterday today when
    while as since although though still also however speaking asked monday tuesday
    wednesday thursday friday saturday sunday last this back"""
)


def first_np(toks: list[Token], cue: int) -> tuple[int, int] | None:
    """The subject between a quote and its cue: the NP right before the cue, or the name
    that opens an apposition ("Katie Packer, who chairs X, said")."""
    if any(t[0] == "," for t in toks[:cue]):
        k = next(i for i, t in enumerate(toks[:cue]) if t[0] == ",")
        if k > 0 and k <= 8 and (any(is_cap(t[0]) for t in toks[:k]) or (
                toks[0][0].lower() in DETS and toks[k + 1][0].lower() in ("who", "whose"))):
            # "an intelligence source, who was not authorized to …, told"
            return 0, k
    elif 0 < cue <= 10 and (toks[0][0].lower() in DETS or is_cap(toks[0][0])):
        # "one forecaster at the national weather service said": the phrase's head
        k = 1
        while k < cue and toks[k][0].lower() not in _NP_STOP:
            k += 1
        if k < cue - 3 and toks[k][0] == "and" and (role := _role_and_name(toks, k, cue)):
            return role  # "JPL scientist and study co-author Michael Malaska said"
        return 0, k
    return np_back(toks, cue)


def _role_and_name(toks: list[Token], k: int, cue: int) -> tuple[int, int] | None:
    """Two roles joined by "and" before one name ("JPL scientist and study co-author
    Michael Malaska said"): the second role and the name (tokens ``k`` + 1 to ``cue``),
    when that role is lower-case words and the name two or three capitalised words, and
    no name stands before "and" (not "Tom Reyes and Ann Ruiz")."""
    j = cue
    while j > k + 1 and is_cap(toks[j - 1][0]):
        j -= 1
    if not 2 <= cue - j <= 3 or j == k + 1 or _names_someone(toks, 0, k):
        return None
    if all(t[0][:1].islower() and t[0].replace("-", "").isalpha() for t in toks[k + 1:j]):
        return k + 1, cue
    return None


_LEAD_WORDS = PREPOSITIONS | _OPENING_WORDS


def relative_head(toks: list[Token], cue: int) -> tuple[int, int] | None:
    """The noun phrase before a relative clause holding the cue ("a White House official
    who spoke anonymously … said", "Loretta E. Lynch, who told Congress …:"): its head
    speaks, not the clause's last words."""
    for k in range(cue - 1, max(-1, cue - 14), -1):
        w = toks[k][0]
        if w in (".", ";", ":", "(", ")", "—", "–") or (w == "," and k < cue - 1 and toks[
                k + 1][0].lower() not in _RELATIVES):
            return None
        if w.lower() in _RELATIVES and k > 0 and (w.lower() != "which" or toks[k - 1][0] == ","):
            end = k - 1 if toks[k - 1][0] == "," else k
            np = np_back(toks, end)
            if np and np[1] == end and any(is_cap(t[0]) or speaker_noun(t[0])
                                           for t in toks[np[0]:np[1]]):
                if np[0] > 1 and toks[np[0] - 1][0] == "," and toks[np[0]][0].lower() in DETS:
                    # "Braynard, a South Carolina native who writes fiction, …": the name
                    name = np_back(toks, np[0] - 1)
                    if name and all(is_cap(t[0]) for t in toks[name[0]:name[1]]):
                        return name
                return np
            return None
    return None


#: relative pronouns opening a clause whose cue the noun phrase before them speaks ("One
#: Club for Growth ad, which is currently airing, argues"; "which" after a comma only: "Henry
#: added the caption which reads, …" is Henry's)
_RELATIVES = ("who", "whose", "which")


def object_before(toks: list[Token], i: int) -> bool:
    """Whether a participle at ``i`` follows a preposition or an object ("an email to
    supporters stating", "boos upon saying", "carrying signs saying"): its subject is the
    sentence's, not the noun next to it."""
    prev = toks[i - 1][0].lower() if i > 0 else ""
    if prev in _ING_LINKS or prev in WHEN_WORDS or prev in STATEMENTS:
        # "issued a statement Tuesday saying", "released a statement saying": the sentence's
        # subject
        return True
    if i < 2 or not prev.isalpha() or not prev.islower():
        return False
    before = toks[i - 2][0].lower()
    if before in PREPOSITIONS or (before.endswith("ing") and before.isalpha()):
        return True
    # "shared a photo … to her Instagram account saying", "replied on his Facebook page
    # saying": a place to post after "to", "on", "in" …, opened by a determiner (not "a
    # video of Trump saying", whose person speaks)
    span = np_back(toks, i)
    return (span is not None and span[0] > 0 and toks[span[0] - 1][0].lower() in _POSTED_IN
            and toks[span[0]][0].islower() and span[1] - span[0] <= 4)


#: prepositions before where something was posted or sent
_POSTED_IN = word_set("to on in via through onto")


_ING_LINKS = word_set("upon after before while when by")


def main_subject(toks: list[Token], cue: int) -> tuple[int, int] | None:
    """The subject of the sentence's first cue before ``cue``, else its first noun phrase
    (a cue inside a clause opening the sentence is not the main one: "As the crowd began to
    chant, Silverman … joked")."""
    lead = 0
    if toks and toks[0][0].lower() in LEADING_SUBS:
        lead = next((k + 1 for k in range(1, cue) if toks[k][0] == ","), 0)
    for i in range(lead, cue):
        if cue_at(toks, i) == 1 and i > 0 and toks[i - 1][0] != "and" and not toks[i][
                0].endswith("ing") and not (
                # "Alongside BLM calls for action, a top GOP strategist said …": a demand,
                # not the main clause's cue
                i + 1 < cue and toks[i + 1][0] == "for" and toks[i][0] in _CALLS) and (
                toks[i - 1][0] != "," or (i + 1 < cue and not is_cap(toks[i + 1][0]))):
            # the first cue only: "… but said there was no telephone call …"; after a
            # comma, not an inverted one ("…, said X"): "Suu Kyi, 70, said it was …"; not a
            # participle ("before cheering supporters")
            np = np_back(toks, i)
            if np and np[0] > 0 and _object_word(toks[np[0] - 1][0]):
                continue  # "a syllabus for a class called …", "offered a retort": an object
            return np or sentence_subject(toks, cue)
    return sentence_subject(toks, cue)


_CALLS = word_set("call calls called")


def _object_word(w: str) -> bool:
    """A lower-case word (a verb, a preposition) before a noun phrase that makes the phrase
    an object, not a subject; connectives and relative words open a clause instead."""
    return (w.isalpha() and w.islower() and w not in CLAUSE_OPENERS and w not in _NP_STOP_SUBJ
            and w not in ADVERBS)  # "even a top GOP strategist said"


#: lower-case words after which a noun phrase may still be a clause's subject
_NP_STOP_SUBJ = word_set("who which whom whose where what why how")


#: endings of adverbs that comment on a whole sentence ("Remarkably,", "Interestingly,",
#: "Allegedly,", "Ironically,", "Obviously,", "Currently,"); names in -ly end otherwise
#: ("Connolly", "Donnelly", "Daly") or are given names (see gender_of: "Kelly", "Emily")
_SENTENCE_ADVERB_ENDS = ("ably", "ibly", "ingly", "edly", "ally", "ously", "ntly", "tely")


def sentence_adverb(w: str) -> bool:
    """A capitalised adverb in -ly that opens a sentence before its comma ("Remarkably,
    Grimm rejected …"): no subject; the clause after the comma holds it."""
    return (len(w) > 5 and w.isalpha() and w.lower().endswith(_SENTENCE_ADVERB_ENDS)
            and gender_of(w) is None)


def sentence_subject(toks: list[Token], cue: int) -> tuple[int, int] | None:
    """The sentence's first noun phrase (the subject of a participle: "Clinton spoke …,
    telling the crowd"), after an opening phrase ("In Iowa, Clinton …")."""
    i = 0
    for _ in range(3):  # "On Thursday, after remaining neutral …, Warren appeared …"
        while i + 1 < cue and (toks[i][0].lower() in ("but", "and", "so", "even", "yet") or (
                toks[i][0].lower().endswith("ly") and toks[i + 1][0].lower() in _LEAD_WORDS
                and gender_of(toks[i][0]) is None)):
            # "But back on American soil, he …", "Even before Sanders took …", "Immediately
            # after the attacks, Trump …"
            i += 1
        first = toks[i][0].lower() if i < len(toks) else ""
        if not (first in _OPENING_WORDS or first in PREPOSITIONS or first in NUMBERS
                or ((first in CONNECTIVES or sentence_adverb(toks[i][0] if first else ""))
                    and i + 1 < cue and toks[i + 1][0] == ",") or (
                first.endswith("ing") and first.isalpha()) or first[:1].isdigit()):
            break
        # "In Iowa, Clinton …", "Appearing before supporters at …, Suu Kyi …", "Eight years
        # ago, he …"
        k = next((k for k in range(i, min(cue, i + 24)) if toks[k][0] == ","), -1)
        if k < 0:
            break
        i = k + 1
    while i < cue and (toks[i][0] in (",", "-", "—") or toks[i][0].lower() in (
            "and", "but", "so", "then", "later", "as", "also")):
        i += 1
    j = i
    while j < cue and j - i < 7:
        w = toks[j][0]
        lw = w.lower()
        if w in (",", ";", ":", "(", "—", "–") or (j > i and (
                lw in _NP_STOP or lw in CUES or lw.endswith("ed"))):
            break
        if j > i and is_cap(toks[i][0]) and toks[i][0].lower() not in POSSESSIVES and (
                not is_cap(w)):
            break  # a name ends at its first lower-case word: "Lukas Brandl sah …"
        j += 1
    return (i, j) if j > i else None
