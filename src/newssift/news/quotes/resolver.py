"""The speaker resolver: turns the noun phrase at a cue into a :class:`Speaker`
and records how it was resolved (``explicit``, ``pronoun``, ``role``).

It is the one place where a phrase becomes a person: a surname becomes the full name used
earlier, "he"/"she" the person the people index or the last named speaker fits, "the
spokesman" the name written next to that role, "it" the body last named as a subject. The
finders of direct and indirect attributions both call it, and it remembers the speakers they
name, since a later "he said" most often means the last one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from newssift.lazy_pattern import LazyPattern
from newssift.news.quotes.cues import OBJECT_CUES
from newssift.news.quotes.mentions import plural_shape, title_gender
from newssift.news.quotes.people import PRONOUN_CHAINS, PeopleIndex
from newssift.news.quotes.text import SENT_END, is_cap
from newssift.news.quotes.words import (
    ADVERBS,
    CONNECTIVES,
    DETS,
    FEMALE_NOUNS,
    LAY_ROLES,
    MALE_NOUNS,
    NOT_LONE,
    NOT_NAMES,
    NOT_PERSON,
    NUMBERS,
    POSSESSIVES,
    PRONOUN_GENDER,
    ROLE_HEADS,
    STATEMENTS,
    SUBORDINATORS,
    TITLES,
    speaker_noun,
    word_set,
)
from newssift.vocab.letters import CAPITAL
from newssift.vocab.names import gender_of


@dataclass(slots=True)
class Speaker:
    name: str
    start: int
    end: int
    how: str


#: a cue and the name after it: "told Hannity", "asked Mr. Trump"
#: "reported" right after a speaker, over one adverb: the cue of outlets more than people
_REPORTED = re.compile(r"[ \u00a0](?:[a-z]+ )?report(?:ed|s)\b")
#: " from" and a name of two capitalised words or more (a title first): who issued a
#: statement ("a post from Arianna Huffington")
#: what a person or a body issues, named by "from" ("a report from Kotak Institutional
#: Equities", "a statement from Sen. Ann Ruiz")
_FROM_NOUNS = STATEMENTS | word_set("report reports study survey analysis note paper")
# _FROM_NAME, _TITLED, _BODY_SUBJECT, _NAME_AFTER and _NAMES_NEAR are compiled on first use
# (LazyPattern): each class of capitals costs ~1.5 ms to compile at import, and 4-13 % of
# PolNeAR train's stories reach them
_FROM_NAME = LazyPattern(  # the title abbreviation ("Sen.", "Dr.") is ASCII
    r" from ((?:(?:[A-Z][a-z]{0,3}\. )?" + CAPITAL + r"[\w’'\-]+)(?: " + CAPITAL + r"[\w’'.\-]*)+)")
_OBJECT_NAME = re.compile(
    r" ([a-z]+) (?:(?:Mr|Mrs|Ms|Dr)\. )?(" + CAPITAL + r"[\w’'\-]+(?: " + CAPITAL + r"[\w’'\-]+)?)")

_WORD_AT = re.compile(r"\w+")


def _non_person(words: list[str]) -> bool:
    if words[-1].lower() in NOT_NAMES:
        return True
    return any(w.lower().rstrip(".") in NOT_PERSON for w in words)


def _strip_name(words: list[str]) -> list[str]:
    """"Fox's Chris Wallace" → Chris Wallace; "Kremlin spokesman Dmitry Peskov" → Dmitry
    Peskov; "union organiser Maria Kessel" → Maria Kessel; "the White House" → White House."""
    for k in range(len(words) - 1, -1, -1):
        if words[k].endswith(("’s", "'s")) and k < len(words) - 1:
            words = words[k + 1:]
            break
    while len(words) > 1 and (words[0][:1].islower() or (
            words[0].lower() in TITLES and (
                words[0].lower() in _TITLE_MODIFIERS or not _body_name(words[1:])))):
        # (a title word opening a body's name stays: "White House", "State Department")
        words = words[1:]
    # "Florida delegate John Archer", "Rubio spokesman Alex Conant": the name after the role
    for k in range(len(words) - 2, 0, -1):
        low = words[k].lower()
        if low in ROLE_HEADS or low in LAY_ROLES:
            if words[k][:1].islower() and all(w[:1].isupper() for w in words[k + 1:]):
                return words[k + 1:]
            break
    return words


#: title words that only qualify the one after ("Former Republican" → Republican)
_TITLE_MODIFIERS = frozenset("former then then-candidate top senior veteran longtime fellow "
                             "rival deputy vice acting".split())


def _trailing_clause(words: list[str]) -> bool:
    """Whether the last word ends a name with what follows it, not the name: a participle
    ("Varma adding"), or "of the" and a lower-case noun ("Musk of the venture")."""
    w = words[-1]
    if not (w.isalpha() and w.islower()):
        return False
    if w.endswith("ing") and len(w) > 4 and is_cap(words[-2]) and not words[-2].endswith(
            ("’s", "'s")):
        return True  # (not "familiar with Cruz’s thinking")
    return (len(words) > 3 and words[-3] == "of" and words[-2] == "the" and is_cap(words[-4])
            and not speaker_noun(words[-4]))  # (not "Leaders of the organization")


def _body_name(words: list[str]) -> bool:
    """Whether every word is one that ends a body's or a place's name ("House",
    "Department")."""
    return all(w.lower().rstrip(".") in NOT_PERSON for w in words)


def _description(name: str) -> bool:
    """A speaker that describes rather than names: "the businessman", "The Ohio governor",
    "The Wisconsin Republican"."""
    first, _, rest = name.partition(" ")
    return not is_cap(name.rsplit(None, 1)[-1]) or bool(rest and first.lower() in DETS)


def _connective(w: str) -> bool:
    return w.lower().strip(",.;:") in CONNECTIVES


def _adverb(w: str) -> bool:
    """A lower-case word in -ly ("effectively"): alone, never a speaker."""
    return len(w) > 4 and w.endswith("ly") and w.isalpha() and w.islower()


#: capitalised words before a role that are no place or party ("Former Sen.", "Then-Gov.")
_ROLE_LEADS = frozenset("former then then- ex ex- acting vice deputy lt. the a an and but "
                        "as when while if after before said says".split())

#: a role and the abbreviation a name may carry instead ("the governor" … "Gov. John Kasich")
_ROLE_ABBREV = {"governor": "gov.", "senator": "sen.", "representative": "rep.",
                "general": "gen.", "congressman": "rep.", "congresswoman": "rep."}

#: a surname behind Mr., Mrs. or Ms.
_TITLED = LazyPattern(r"M(?<![\w.]M)(r|rs|s)\.? (" + CAPITAL + r"[\w’'\-]+)")

#: words that name no one a later "he" or "she" may mean
_NO_HE_SHE = NOT_PERSON | NOT_LONE | TITLES

#: a body or a document opening a clause: "The email", "Trump’s campaign", "Still, the
#: Business Council of British Columbia", "Thursday's memo from the panel"
_BODY_NOUNS = ("statement email letter memo report post campaign committee company group "
               "council newspaper website paper editorial study survey poll ad video sign "
               "listing panel board agency department ministry foundation union party "
               "commission organization organisation association institute coalition "
               "network magazine journal site page document filing lawsuit complaint "
               "release message note petition").split()
_BODY_SUBJECT = LazyPattern(
    r"((?:[Tt]he|[Aa]n?|" + CAPITAL + r"[\w’'\-]*[’']s?)[ \u00a0](?:[\w\-’']+[ \u00a0]){0,4}?"
    r"(?:" + "|".join(_BODY_NOUNS + [w.capitalize() for w in _BODY_NOUNS]) + r")"
    r"(?:[ \u00a0]of[ \u00a0]" + CAPITAL + r"[\w\-]*(?:[ \u00a0]" + CAPITAL + r"[\w.\-]*){0,3})?)"
    r"(?=[ \u00a0,])")


class SpeakerResolver:
    """Turns the noun phrase at a cue into a speaker; the story's people are indexed on the
    first call that needs them (a story with no attribution never pays for it)."""

    def __init__(self, text: str, make_people: Callable[[], PeopleIndex]) -> None:
        self.text = text
        self._make_people = make_people
        self._people: PeopleIndex | None = None
        self.spoken: list[tuple[int, str, str | None]] = []  # named speakers, for pronouns
        self._titled: dict[str, set[str | None]] | None = None  # surname → title genders
        self._bodies: dict[str, bool] = {}  # speaker → whether no he or she means it
        self._chains = False

    @property
    def people(self) -> PeopleIndex:
        if self._people is None:
            self._people = self._make_people()
            self._people.refer = self._chain_hit
            self._people.chains = self._chains
        return self._people

    def read_chains(self) -> None:
        """From now on a he or she subject stands for the person it was read to mean (the
        named speakers of the indirect attributions are known)."""
        self._chains = PRONOUN_CHAINS
        if self._people is not None:
            self._people.chains = self._chains

    def note(self, sp: Speaker) -> None:
        """Remember a speaker named at a cue ("a neighbour told …") for later pronouns."""
        if sp.how == "pronoun":
            return
        words = sp.name.lower().split()
        if _NO_HE_SHE.issuperset(words):
            return  # "Colorado", "Politico", "Defense": a speaker maybe, never a he or a she
        if (len(words) == 1
                and self.text[max(0, sp.start - 13):sp.start].lower() == "according to "):
            return  # "according to Politico": a source named by one word, most often a title
        if not sp.name[:1].isupper() and (not words or not (
                words[-1] in ROLE_HEADS or words[-1] in LAY_ROLES
                or words[-1] in FEMALE_NOUNS or words[-1] in MALE_NOUNS)):
            return  # "an analysis", "a statement": no "he" or "she" will mean it
        if ("report" in self.text[sp.end:sp.end + 24]
                and _REPORTED.match(self.text, sp.end) is not None
                and gender_of(sp.name.split()[0]) is None and not self._person(sp.name)):
            return  # "…, Right Wing Watch first reported.": outlets report; no he or she
        if len(words) == 1 and sp.name[:1].isupper():
            people = self.people
            if (sp.name in people.named_bodies or people.place(sp.name)
                    or people.appos_body(sp.name)):
                return  # "Colorado", "Iowa": a place the story names (see PeopleIndex.place)
        g = None  # the people index gives it when a pronoun asks (see _last_spoken)
        if words:
            g = "f" if words[-1] in FEMALE_NOUNS else "m" if words[-1] in MALE_NOUNS else None
        # the title at the mention ("Ms. Khan wrote") outweighs the story's votes for a
        # surname two people share ("Mr. Khan said")
        if self.text[sp.start:sp.start + 1] == "M":
            g = title_gender([self.text[sp.start:sp.start + 4].split(" ", 1)[0].lower()]) or g
        bisect.insort(self.spoken, (sp.start, sp.name, g))

    def _last_spoken(self, pos: int, gender: str, named: bool = False,
                     not_: str | None = None) -> tuple[str, int] | None:
        """The last speaker before ``pos`` of a fitting gender (``named``: a name, not a
        description such as "the actress")."""
        i = bisect.bisect_left(self.spoken, (pos,)) - 1
        stop = i - 40
        known = self.people.genders
        while i >= 0 and i > stop:
            start, name, g = self.spoken[i]
            if ((g or known.get(name)) in (None, gender) and not (named and _description(name))
                    and (g or not self._no_person(name)) and name != not_):
                return name, start
            i -= 1
        return None

    def _person(self, name: str) -> bool:
        """Whether the people index reads ``name`` as a person (a full name, a gender)."""
        people = self.people
        return name in people.genders or people.full.get(name.rsplit(None, 1)[-1]) == name

    def _no_person(self, name: str) -> bool:
        """A speaker no he or she means: a body, a document or a group ("SITE Intelligence
        Group", "The poll", "Pentagon officials"), or a place the story names (read once per
        name)."""
        hit = self._bodies.get(name)
        if hit is None:
            hit = self._bodies[name] = self._read_no_person(name)
        return hit

    def _read_no_person(self, name: str) -> bool:
        last = name.rsplit(None, 1)[-1]
        low = last.lower()
        if low in NOT_PERSON or low in _BODY_NOUNS or low.rstrip("s") in _BODY_NOUNS:
            return True
        if last.islower() and low.endswith("s") and not low.endswith("ss"):
            return True  # "Pentagon officials", "Podesta employees"
        if " " in name:
            return False
        people = self.people
        people.read_mentions()
        # "Analysts", "Witnesses": a plural seen only opening sentences, or one the story
        # never writes with a given name or a title (not "Sanders" beside "Bernie Sanders")
        return people.place(name) or (plural_shape(name) and (
            name in people.weak or (name not in people.full and name not in people.genders)))

    def resolve(self, s: int, e: int, quote: bool = True) -> Speaker | None:
        """The speaker named by text[s:e]; ``quote``: of a direct quote, which only a person,
        a body or a document speaks (an indirect one may have "the results" as source)."""
        raw = self.text[s:e].strip(" ,.;:")
        words = raw.split()
        # "Recently she", "although he", "Mills then": connectives and adverbs around the
        # subject are not part of it
        while len(words) > 1 and (_connective(words[0]) or words[0].lower() in SUBORDINATORS):
            s = self.text.index(words[1], s + len(words[0]))
            words = words[1:]
        while len(words) > 1 and (_connective(words[-1]) or _adverb(words[-1])
                                  or words[-1] in ADVERBS or (
                                      (words[-2] == "the" or words[-1].endswith("ing"))
                                      and _trailing_clause(words))):
            # ("says Varma adding that …", "…, said Musk of the venture in 2015": a
            # participle or an "of the …" after a name are no part of it)
            words = words[:-3] if words[-2] == "the" else words[:-1]
        if not words:
            return None
        if len(words) == 1 and (_connective(words[0]) or _adverb(words[0])
                                or (words[0].lower() in NUMBERS and not (
                                    quote and words[0] == "one"))
                                or words[0][:1].isdigit()):
            return None  # "Instead", "Likewise", "Eight": not a speaker (but '"…" one
            # wrote.': one of the people just named, who speaks)
        if (len(words) > 1 and words[-1].lower() in ("he", "she", "they")
                and not is_cap(words[-2]) and words[-1] in self.text[s:e]):
            # "In 2010 she said", "videos he calls": the pronoun is the subject ("In
            # another study they wrote": they, whom nothing resolves)
            k = self.text.rindex(words[-1], s, e)
            return self.resolve(k, k + len(words[-1]), quote)
        raw = " ".join(words)
        e = s + len(raw) if self.text.startswith(raw, s) else e
        low = raw.lower().replace("’", "'")
        if low.endswith(("'m", "'ve", "'d", "'ll")):
            return None  # "I'm", "we've": a first person inside a quote
        if low in PRONOUN_GENDER:
            if PRONOUN_GENDER[low] == "p":
                return None
            hit = self._pronoun_hit(s, PRONOUN_GENDER[low], self._object_after(e))
            if hit is None:
                return None
            return Speaker(hit[0], s, e, "pronoun")
        if low == "it":
            return self._body_before(s, e)
        if low in ("i", "we", "you", "me", "us", "who", "which", "that", "this", "there"):
            return None
        if (words[0].lower() in NOT_NAMES and words[0].lower() not in DETS
                and not (words[0].lower() in POSSESSIVES and len(words) > 1)
                and not (words[0].lower() in _QUANTIFIERS and len(words) > 1)):
            return None  # "his campaign manager Jeff Weaver" goes on
        if (len(words) > 2 and words[0].lower() == "the" and words[-1] in ROLE_HEADS
                and any(is_cap(w) for w in words[1:-1])):
            # "the Vermont senator", "the New Jersey governor": a description with a
            # capitalised word is no name; it is the person named beside that role earlier
            # ("Sen. Bernie Sanders"), when a role of the same place or party is written
            role = self._role(words, s, mods=frozenset(w for w in words[1:-1] if is_cap(w)))
            if role is not None:
                return Speaker(role, s, e, "role")
        named = _strip_name(list(words))
        if "of" in named[2:] and all(is_cap(w) for w in named[:named.index("of")]) and (
                named[named.index("of") - 1].lower() not in NOT_PERSON):
            # "Stephanie Hooton of Derry": the person (not "Illinois Board of Elections")
            named = named[:named.index("of")]
        if named and is_cap(named[0]) and named[0].lower() not in DETS and (
                named[0].lower() not in POSSESSIVES):  # "His comments came" names no one
            name = " ".join(named).rstrip("’'s").strip() if len(
                named) == 1 and named[0].endswith(("’s", "'s")) else " ".join(named)
            if len(named) == 1:  # a surname alone: the full name used elsewhere
                name = self.people.full_name(name)
                if len(words) > 1 and title_gender([words[-2].lower()]) and self._shared(named[0]):
                    # "Ms. Khan" and "Mr. Khan" in one story are two people, neither of them
                    # their son "Humayun Khan": the surname keeps its title
                    name = " ".join(words[-2:])
            return Speaker(name, s, e, "explicit")
        role = self._role(words, s)
        if role is None and quote:
            role = (self._described(words, s) or self._beside_name(words, s)
                    or self._body_spoken(words, s))
        if role is not None:
            return Speaker(role, s, e, "role")
        m = _FROM_NAME.match(self.text, e) if words[-1].lower() in _FROM_NOUNS else None
        if m is not None and words[0].lower() in DETS:
            # "according to a post from Arianna Huffington", "a statement from Sen. Ann
            # Ruiz": the one who wrote it, whom a later she may mean
            sp = self.resolve(m.start(1), m.end(1), quote)
            if sp is not None and sp.how == "explicit":
                return sp
        head = _speaker_head(words) if quote else len(words)
        if head is None:
            return None  # "currently airing", "The timing": no one who can speak
        if head < len(words):  # "The Florida senator sought": the phrase ends at its noun
            raw = " ".join(words[:head])
            e = s + len(raw) if self.text.startswith(raw, s) else e
        return Speaker(raw, s, e, "explicit")

    def _object_after(self, e: int) -> str | None:
        """The person named as the object of a cue after a pronoun ("he told Hannity"),
        whom the pronoun cannot mean."""
        m = _OBJECT_NAME.match(self.text, e)
        if m is None or m[1] not in OBJECT_CUES:
            return None
        return self.people.full_name(m[2])

    def _chain_hit(self, s: int, gender: str) -> tuple | None:
        """The person a he or she subject at ``s`` means when a later pronoun reads it (a
        chain): as :meth:`_pronoun_hit`, never its own cue's object ("He told Hannity")."""
        m = _WORD_AT.match(self.text, s)
        return self._pronoun_hit(s, gender, self._object_after(m.end()) if m else None)

    def _pronoun_hit(self, s: int, gender: str, not_: str | None = None) -> tuple | None:
        """The person a he or she at ``s`` means: the people index's subject, or the last
        speaker named before it (never ``not_``, the cue's object)."""
        hit = self.people.before(s, gender, not_)
        said = self._last_spoken(s, gender, not_=not_)
        if (said is not None and hit is not None and not hit[2] and said[1] > hit[1]
                and _description(said[0])):
            # "Clinton" read off a subordinate clause or an object, then "the actress"
            # spoke: the person named as a speaker before her
            said = self._last_spoken(s, gender, named=True, not_=not_) or said
        if said is not None and hit is not None and hit[2] and " " not in said[0] and (
                not self._person(said[0])):
            said = None  # "Sacramento": a word alone that the index knows as no person
        if (said is not None and hit is not None and hit[2] and said[1] > hit[1]
                and self.people.sent_start(said[1]) <= hit[1]
                and self.people.minor_at(said[1])):
            # "Carson turned the story back …, pointing out that the paper's Robert Costa
            # had reported …": a speaker inside the main subject's own sentence
            said = None
        if (said is not None and hit is not None and not hit[2] and s - hit[1] < 400
                and hit[1] - said[1] > 400):
            # "To … professor Brigid Harrison, Christie's stare seemed …. '…,' she said": a
            # person named just before, not the speaker last named far back
            said = None
        if said is not None and (hit is None or (said[1] >= hit[1] and not (
                _description(said[0]) and s - hit[1] < 1500)) or (
                not hit[2] and not _description(said[0]))):
            # a later named speaker wins; a later description ("the businessman
            # replied") is most often the person named before it, who is kept
            hit = said
        return hit

    def _body_before(self, s: int, e: int) -> Speaker | None:
        """"it said": the body or the document last named as a subject in the two
        sentences before ("Trump's campaign put out a statement …. In cases of abortion, it
        said, …"; "The email includes a photo …. At the bottom it reads, …")."""
        lo = max(0, s - 400)
        ends = [m.end() for m in SENT_END.finditer(self.text, lo, s)]
        if len(ends) > 2:
            lo = ends[-3]
        best = None
        for m in _BODY_SUBJECT.finditer(self.text, lo, s):
            before = self.text[max(0, m.start() - 3):m.start()]
            if m.start() == 0 or before.endswith(("\n", ". ", ", ", ".\u00a0", ": ", "\" ",
                                                  "” ")):
                best = m
        if best is None:
            return None
        return Speaker(best[1], s, e, "pronoun")

    def _shared(self, surname: str) -> bool:
        """Whether the story writes the surname with titles of both genders (Mr. and Ms.);
        the titles are read in one pass, on the first call."""
        if self._titled is None:
            self._titled = {}
            for m in _TITLED.finditer(self.text):
                g = title_gender(["m" + m[1] + "."])
                self._titled.setdefault(m[2], set()).add(g)
        return len(self._titled.get(surname, ())) > 1

    def _described(self, words: list[str], pos: int) -> str | None:
        """"the Republican presidential candidate said", "the businessman added": a person
        known by a description only (no name written beside that role before) is the last
        person named as a speaker before it, of a fitting gender, within 1,500 characters.
        Only "the" with a singular noun for a person: "a spokesman" is someone new."""
        head = words[-1].lower()
        low = {w.lower() for w in words[1:-1]}
        if words[0].lower() != "the" or len(words) < 2 or not (
                head in _PUBLIC_FIGURES or (head in _RACE_ROLES and low & _RACE_WORDS)):
            return None  # not "the president", "the senator", "the official": an office
            # has many holders and others in the story may hold it
        if any(is_cap(w) and w.lower() not in _DESCRIPTIVE_CAPS for w in words[1:]):
            return None  # "the Clinton campaign chairman": a name in it, someone else
        gender = "f" if head in FEMALE_NOUNS else "m" if head in MALE_NOUNS else None
        hits = [h for g in ((gender,) if gender else ("m", "f"))
                if (h := self._last_spoken(pos, g, named=True)) is not None]
        said = max(hits, key=lambda h: h[1], default=None)
        if said is None or pos - said[1] > 1500 or self._no_person(said[0]):
            return None
        return said[0]

    def _body_spoken(self, words: list[str], pos: int) -> str | None:
        """"the studio wrote" → "Insomniac": a body described by its kind ("the studio",
        "the publisher", "the company") is the last speaker named before it, when that
        speaker is a name of capitalised words that is no person (no given name, no gender
        the story gives it, no place) and the text names it within 600 characters before."""
        if len(words) != 2 or words[0].lower() != "the" or words[1] not in _BODY_KINDS:
            return None
        i = bisect.bisect_left(self.spoken, (pos,)) - 1
        if i < 0:
            return None
        _start, name, g = self.spoken[i]
        first = name.split()[0]
        if (g is not None or not all(is_cap(w) for w in name.split())
                or first.lower() in NOT_NAMES or first.lower() in SUBORDINATORS
                or gender_of(first) is not None or name in self.people.genders
                or self.people.place(first)
                or name.split()[-1] not in self.text[max(0, pos - 600):pos]):
            return None  # (not "Because Twitter", "A statement"; named in the last lines)
        return name

    def _beside_name(self, words: list[str], pos: int) -> str | None:
        """"the company added" → "Yorkshire Soap" of "local company Yorkshire Soap"; "the
        driver" → "Farmer" of "The alleged drunk driver, Farmer": a described speaker ("the"
        and one lower-case noun for a speaker, no role of :meth:`_role`'s) is the name
        written right after that noun (over a comma) last before it, within 2,000
        characters; not a title or a role before a name ("company CEO Ann Ruiz" is someone
        else), nor a place or a word that is no name."""
        if len(words) != 2 or words[0].lower() != "the":
            return None
        noun = words[1]
        if (not (noun.isalpha() and noun.islower() and speaker_noun(noun)) or noun in ROLE_HEADS
                or noun in _DOCUMENTS):
            return None  # ("the lawsuit" of "a class-action lawsuit, Andersen et al. v. …")
        text = self.text
        best = None
        k = text.find(noun, max(0, pos - 2000), pos)
        while k >= 0:
            at, k = k, text.find(noun, k + 1, pos)
            if at > 0 and (text[at - 1].isalnum() or text[at - 1] in "-’'"):
                continue  # inside a word ("subcompany")
            m = _NAME_AFTER.match(text, at + len(noun), pos)
            if m is None:
                continue
            name = m[1].split()
            if (_strip_name(list(name)) != name or name[0].lower() in NOT_NAMES
                    or name[0].lower() in DETS or _non_person(name)
                    or self.people.place(name[0])):
                continue
            best = " ".join(name)
        if best is None:
            return None
        return self.people.full_name(best) if " " not in best else best

    def _role(self, words: list[str], pos: int, mods: frozenset[str] = frozenset()
              ) -> str | None:
        """"the spokesman" → the person named next to "spokesman" earlier in the story.

        ``mods``: the capitalised words of a description ("Vermont" of "the Vermont
        senator"); a role written after another capitalised word ("California Gov. Jerry
        Brown" for "the former Arkansas governor") is then someone else's, and of the
        people near a role the one nearest the role word is taken ("Mayor Tom Reyes and
        Governor Ann Ruiz"; "Bill Clinton pollster Douglas Schoen": a name after the role
        counts from the role word's end)."""
        head = words[-1].lower().strip(",.")
        if head not in ROLE_HEADS:
            return None
        lo = max(0, pos - 2000)
        window = self.text[lo:pos]
        best, found = None, 1
        abbrev = _ROLE_ABBREV.get(head)
        pat = re.escape(head) + r"\b" + (f"|{re.escape(abbrev)}" if abbrev else "")
        # "the prime minister" is not the immigration minister: a lower-case word that
        # qualifies the role must stand before it where it is read
        kind = words[-2] if len(words) > 2 and words[-2].isalpha() and words[-2].islower() and (
            words[-2] not in _ROLE_LEADS and words[-2] not in _TITLE_MODIFIERS) else ""
        low_window = window.lower()
        for m in re.finditer(pat, low_window):
            if kind and not low_window[max(0, m.start() - len(kind) - 1):m.start()].startswith(
                    kind):
                continue
            if mods:
                prev = re.search(r"([\w’'\-]+)[ \u00a0]+$", window[:m.start()])
                if prev and is_cap(prev[1]) and prev[1] not in mods and (
                        prev[1].lower() not in _ROLE_LEADS):
                    continue  # "California Gov." is no "Arkansas governor"
            near_lo = max(0, lo + m.start() - 60)
            near = self.text[near_lo: lo + m.end() + 60]
            at, end = lo + m.start() - near_lo, lo + m.end() - near_lo
            names = [(n[0], n.start() - end if n.start() >= end else max(0, at - n.end()))
                     for n in _NAMES_NEAR.finditer(near)
                     if not _non_person(n[0].split())]
            cands = [self.people.full_name(" ".join(_strip_name(n.split()))) for n, _d in names]
            # a given name first, then a person the index knows: "Chris Christie, … governor
            # of New Jersey"; no place or body ("New Jersey", "Silicon Valley"); of those,
            # the nearest to the role word
            rank, _d, person = max(((2 if gender_of(n.split()[0]) else 1 if (
                self._person(n) and not self.people.place(n)) else 0,
                -names[k][1], k) for k, n in enumerate(cands)),
                default=(0, 0, -1))
            if rank >= found:
                best, found = cands[person] if rank else best, rank
        return best


#: a name of one to three capitalised words right after a noun, over a comma
_NAME_AFTER = LazyPattern(
    r",?[ \u00a0](" + CAPITAL + r"[\w’'\-]+(?:[ \u00a0]" + CAPITAL + r"[\w’'\-]+){0,2})")
#: a name of two to four capitalised words, near a role word ("Chris Christie, … governor")
_NAMES_NEAR = LazyPattern(CAPITAL + r"[\w’'\-]+(?:\s+" + CAPITAL + r"[\w’'\-]+){1,3}")

#: kinds of body a story names by its kind after naming it ("the studio", "the company")
_BODY_KINDS = word_set("studio publisher company firm developer maker network label team "
                       "club band retailer brand startup")

#: documents, whose name beside them is a title or a case, not who wrote them
_DOCUMENTS = STATEMENTS | _FROM_NOUNS | word_set(
    "lawsuit suit complaint filing case ruling decision order bill law letter email memo "
    "post tweet video ad book article column film show")


def _speaker_head(words: list[str]) -> int | None:
    """Where a speaker phrase that is no name ends: after its last noun for a person, a body
    or a document and the names right after it ("The Florida senator sought" → 3; "The
    Slate columnist David Auerbach went" → 5), its length when it holds no such noun but a
    capitalised word ("The Blaze"), None when it names no one ("currently airing", "The
    timing", "the past")."""
    if len(words) == 1 and words[0].lower() in ("another", "one", "others", "some"):
        return 1  # "Another tweeted, …"
    if words[0].lower() in _FOREIGN_DETS:
        return len(words)  # "la mairie", "la agencia meteorológica": the nouns are English

    end = None
    for k, w in enumerate(words):
        if k and w.lower() in DETS and words[k - 1].lower() != "of":
            break  # "the city embodied the"
        if k == 0 and (w.lower() in DETS or w.lower() in _QUANTIFIERS):
            continue
        if speaker_noun(w):
            end = k + 1
        elif end is not None and is_cap(w) and end == k:
            end = k + 1  # "the columnist David Auerbach"
        elif (end is not None and w.islower() and (w.endswith(("ed", "es")) or w in _VERBISH)
              and (k + 1 == len(words) or not speaker_noun(words[k + 1]))):
            break  # "The Vermont senator emailed supporters", not "Democratic registered voters"
    if end is not None:
        return end
    if any(is_cap(w) and w.lower() not in DETS and w.lower() not in POSSESSIVES
           for w in words):
        return len(words)
    return None


#: nouns a story uses for one public figure it has named: "the businessman", "the mogul"
_PUBLIC_FIGURES = word_set("businessman businesswoman mogul tycoon billionaire developer "
                           "investor front-runner frontrunner")
#: a race's roles, with a word saying which race: "the Republican presidential candidate",
#: "the presumptive nominee" (not "the candidate": any candidate of the story)
_RACE_ROLES = word_set("candidate nominee contender hopeful")
_RACE_WORDS = word_set("republican democratic gop presidential presumptive vice-presidential")
#: capitalised words a description may hold: "the Republican presidential candidate"
_DESCRIPTIVE_CAPS = word_set("republican democratic democrat gop independent former")
_FOREIGN_DETS = DETS - word_set("the a an one another this that these those")
#: words opening a group of speakers: "some protesters chanted"
_QUANTIFIERS = word_set("some many several most both all few other others")
_VERBISH = word_set("sought went goes left held took made gave got put cuts ends seeks")
