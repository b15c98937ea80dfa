"""The people index: who a story mentions outside its quotes, in text order, with
full names and genders, for pronouns and roles to look back to.

"He said" and "the spokesman said" name no one by themselves; the index says which earlier
mention they mean. It is built on the first pronoun or role that asks (a story whose speakers
are all named pays for surnames alone), and every lookup of an earlier mention is a bisection.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from newssift.lazy_pattern import LazyPattern
from newssift.news.quotes.capitals import Seq, Single, scan_capitals, surname
from newssift.news.quotes.mentions import (
    INVERTED_TAILS,
    after_preposition,
    clause_subject,
    comma_cue,
    cue_after,
    inverted_before,
    kin_appos,
    opens_sentence,
    plural_shape,
    role_after,
    role_before,
    title_gender,
    verb_after,
)
from newssift.news.quotes.words import CLAUSE_OPENERS
from newssift.vocab.letters import CAPITAL, LOWER_LETTER
from newssift.vocab.names import gender_of

#: an apposition of a determiner and up to five words: its last word is its head
_BODY_APPOS = re.compile(r", (?:a|an|the) (?:[\w’'\-]+ ){0,4}?([a-z]+)[,.;]")
#: the same with the body's noun followed by more words: "Al-Shabaab, the terrorist group
#: based in Somalia." (the words up to the first preposition: not "…, the head of the group,")
_BODY_APPOS_LONG = re.compile(
    r", (?:a|an|the) ((?:(?!of |for |at |in |with |to )[a-z][\w’'\-]* ){1,4})")
#: heads of an apposition that make a name a body: "…, the official news agency,"
_BODY_HEADS = frozenset(
    "agency group company firm newspaper network channel station outlet organization "
    "organisation association institute foundation party committee union coalition "
    "publication magazine website site paper broadcaster daily weekly tabloid".split())
PRONOUN_CHAINS = True

#: a pronoun mention not read yet
_PRONOUN = "\x00pronoun"
#: how many mentions back from a fitting one the sentence's first subject is looked for
#: (:meth:`PeopleIndex.before`): far more than a real sentence holds (PolNeAR's, AEB's and
#: the fixtures' outputs are the same with and without the bound)
SENTENCE_MENTIONS = 200
#: he and she as words, each pattern opening on a literal the scan skips to
_HE_CAP = ((re.compile(r"He\b"), "m"), (re.compile(r"She\b"), "f"))
_HE_LOW = ((re.compile(r" he\b"), "m"), (re.compile(r" she\b"), "f"))
_CHAIN_LEAD = frozenset("\n\t(\u00a0")


class PeopleIndex:
    """Person mentions outside quotes, in text order, for pronouns and roles to look back to.

    A capitalised sequence is a person when its first word is a known given name, a title
    precedes it, its last word is used alone elsewhere ("Ted Cruz" … "Cruz"), or it is the
    subject of a cue ("Sullivan said"). Gender comes from the given name, then from a title
    (Mr., Mrs.), then from the pronouns that follow the person's mentions in the story.
    Places and bodies are told by how the story writes them, not by lists of their names:
    words before a title or a role ("Iowa Gov. Terry Branstad", "Arizona governor Jan
    Brewer"), after "in"/"from", in comma lists of capitalised words, or in capitals are no
    person alone (see ``bodies`` and :meth:`place`).
    """

    def __init__(self, text: str, spans: list[tuple[int, int]],
                 sent_start: Callable[[int], int] | None = None) -> None:
        self.sent_start = sent_start or (lambda pos: pos)
        #: how a pronoun mention is read (the resolver's rule: the index's subject or the
        #: last speaker); by default the index's subject alone
        self.refer = None
        #: whether pronoun mentions are read (not before the named speakers are known)
        self.chains = False
        self.full: dict[str, str] = {}  # surname (or given name) → full name
        self.gender: dict[str, str] = {}
        caps = scan_capitals(text, spans)
        self._outside = caps.outside
        #: words standing before a title in a name ("Iowa Gov. Terry Branstad", "Kremlin
        #: spokesman …"): places and bodies of this story, never a person alone
        self.bodies = caps.bodies
        self._index(text, caps.seqs, caps.singles, caps.alone)

    def _index(self, text: str, seqs: list[Seq], singles: list[Single], alone: set[str]) -> None:
        """Full names, genders and the person mentions, from the capitalised sequences."""
        full = self.full
        #: full names known only by opening a sentence before a verb ("Taylor Swift stopped
        #: one of her shows"): a person if the pronouns after them say so, as a word alone
        self.weak_names: set[str] = set()
        given: dict[str, str] = {}  # a first word used alone → the full name
        named_lower: set[str] = set()
        for s, e, words, titles, _p in seqs:
            g = gender_of(words[0])
            last = surname(words)
            if not (g or titles or last in alone or cue_after(text, e)
                    or role_before(text, s) or comma_cue(text, e, s) or kin_appos(text, s, e) or (
                        text[s - 5:s - 1] in INVERTED_TAILS and inverted_before(text, s))):
                if (len(words) == 2 and not _p and last not in full
                        and verb_after(text, e) and opens_sentence(text, s)):
                    full[last] = " ".join(words)
                    self.weak_names.add(full[last])
                continue
            name = " ".join(words)
            full.setdefault(last, name)
            if g:
                full.setdefault(words[0], name)
            elif (len(words) > 1 and words[0] in alone and words[0] not in given
                  and words[0] not in named_lower and _never_lower(text, words[0])):
                # "Aoki Lee Simmons" … "Aoki takes control": a given name no list knows,
                # used alone (never in lower case); a mention of that person where the
                # pronouns say so ("Google Stadia" … "Google says" gets no he or she)
                given[words[0]] = name
            elif len(words) > 1 and words[0] in alone:
                named_lower.add(words[0])  # asked once: written in lower case too
            g = g or title_gender(titles)
            if g:
                self.gender.setdefault(name, g)
        #: first words used alone for a full name (see above), read as mentions only
        self.given = {w: n for w, n in given.items() if w not in full}
        self.weak_names.update(n for n in self.given.values() if n not in self.gender)
        # "Rubio supporter Scott Szlachta" beside "Marco Rubio": a person before a role
        self.bodies.difference_update(full)
        #: the bodies known before any pronoun asks (speakers are checked against these, so
        #: the answer does not depend on whether the mentions were read yet)
        self.named_bodies = frozenset(self.bodies)
        self._text = text
        self._places: dict[str, bool] = {}
        self._appos: dict[str, bool] = {}
        self._pending: tuple[list, list] | None = (seqs, singles)
        # whether each mention opens a (subordinate) clause, and the genders the story's
        # pronouns give: read on the first pronoun only (most stories index people for
        # surnames alone)
        self._clauses: list[tuple[bool, bool | str] | None] | None = None
        self._voted = False

    def read_mentions(self) -> None:
        """The person mentions in text order (``pos``, ``names``), read on the first
        pronoun: a story whose speakers are all named needs only the full names."""
        if self._pending is None:
            return
        seqs, singles = self._pending
        self._pending = None
        text, full = self._text, self.full
        # a lone word named as a person once ("Ban said") is that person everywhere
        # ("…, Ban demurred"); only a comma or a space after it can open a cue
        # (a word already taken is not asked again: the tests read a few characters each,
        # and a name alone recurs through its story)
        lone: set[str] = set()
        for s, e, w, poss, titled in singles:
            if w in lone or w in full:
                continue
            if (titled or ((poss or (
                    text[e:e + 1] == "," and _APPOS_AFTER.match(text, e) is not None))
                    and gender_of(w) is not None)
                    or (text[e:e + 1] in (",", " ")
                        and cue_after(text, e)
                        and not after_preposition(text, s)
                        and not _lead_adverb(text, s, e, w))
                    or kin_appos(text, s, e)
                    or (text[s - 5:s - 1] in INVERTED_TAILS
                        and inverted_before(text, s))
                    or text[s - 6:s] == "named "):  # "resident named …"
                lone.add(w)
        # a word alone that opens a sentence before a verb ("Cruz openly admitted …",
        # "Carson defied …") may be a person too; the pronouns after it must say so, since
        # "Apple unveiled …" opens sentences alike (see _fits)
        weak: set[str] = set()
        for s, e, w, poss, _t in singles:
            if (not poss and w not in weak and w not in full and w not in lone
                    and verb_after(text, e) and opens_sentence(text, s)):
                weak.add(w)
        self.weak = weak
        lone |= self.weak
        self.weak |= self.weak_names
        # "Clinton campaign chairman John Podesta", "Arizona governor Jan Brewer": a word
        # before a role is no mention of a person; a place or a body unless it ends a name
        roled = {s for s, e, w, poss, _t in singles
                 if text[e + 1:e + 2].islower() and not poss and (w in full or w in lone)
                 and role_after(text, e)}
        if roled:  # (most stories have none: the singles are not read again)
            self.bodies.update(w for s, _e, w, _p, _t in singles
                               if s in roled and w not in full and gender_of(w) is None)
        lone = {w for w in lone if w not in self.bodies and not self.place(w)
                and not self.appos_body(w) and not (
                    plural_shape(w) and gender_of(w) is None and not _inside_sentence(text, w))
                } if lone else lone
        for w in lone:  # a given name alone keeps its gender ("his wife, Kathryn,")
            g = gender_of(w)
            if g:
                self.gender.setdefault(w, g)
        found = []  # (start, name, titled: the title's gender or a bool, possessive)
        for s, e, w, poss, titled in singles:
            if s in roled:
                continue
            name = full.get(w) or self.given.get(w) or (w if w in lone else "")
            if name and isinstance(titled, str) and self.gender.get(name, titled) != titled:
                # "Mrs. Clinton" where "Clinton" is Bill Clinton: the title and the surname
                name = text[s:e].removesuffix("’s").removesuffix("'s")
            if name:
                found.append((s, name, titled, poss))
        for s, e, words, titles, poss in seqs:
            name = " ".join(words)
            last = surname(words)
            if (full.get(last) not in (None, name) and gender_of(words[0]) is None
                    and not cue_after(text, e)):
                # (a given name keeps its own: "Bill Clinton" beside "Hillary"; so does a
                # full name in apposition: "Trump's daughter, Ivanka Trump, who …")
                continue
            if last not in full and not cue_after(text, e):
                continue
            found.append((s, name, bool(titles), poss))
        found.sort()
        #: the person mentions alone, for the gender votes
        self._people_at = [(f[0], f[1]) for f in found]
        # he and she as subjects, outside quotes: each stands for the person it was read
        # to mean, in text order ("Juanita Broaddrick … She has said … On Sunday, she
        # disclosed … ‘…,’ she said"); the name is filled when a lookback reaches it (see
        # _refer), once the named speakers are known (``chains``)
        if PRONOUN_CHAINS:
            n = len(found)
            add = found.append
            out = self._outside
            lo = out[0][0] if out else len(text)
            starts = [a for a, _b in out]
            # "He", "She": by the capitals' literal search ("the" is never met); only where
            # a clause can open: after a stop, a comma, a quote mark or a space after a
            # word of "and", "but", … (see clause_subject); never inside a quote
            for pat, g in _HE_CAP:
                for m in pat.finditer(text, lo):
                    s = m.start()
                    c = text[s - 1:s]
                    if (s == 0 or c in _CHAIN_LEAD or (
                            c == " " and not text[s - 2:s - 1].isalnum())) and _in_stretch(
                                s, starts, out):
                        add((s, _PRONOUN, g, False))
            for pat, g in _HE_LOW:  # " he", " she"
                for m in pat.finditer(text, lo):
                    s = m.start() + 1
                    if text[s - 2:s - 1].isalnum():
                        w = text[max(0, s - 9):s - 1].split()
                        if not (w and w[-1].lower() in CLAUSE_OPENERS):
                            continue
                    if _in_stretch(s, starts, out):
                        add((s, _PRONOUN, g, False))
            if len(found) > n:
                found.sort()
        self.pos: list[int] = [f[0] for f in found]
        self.names: list[str] = [f[1] for f in found]
        self._found = found
        self._depth = 0  # pronoun mentions being read, one inside another

    def _clause(self, i: int) -> tuple[bool, bool | str]:
        """(salient, subordinate) of mention ``i``: a main clause's subject, not a
        possessive; or the subject of a subordinate clause ("… that Donald Trump …")."""
        if self._clauses is None:
            self._clauses = [None] * len(self._found)
        c = self._clauses[i]
        if c is None:  # read on demand: a pronoun looks back over a few mentions only
            s, _n, titled, poss = self._found[i]
            salient, sub = clause_subject(self._text, s, titled)
            c = self._clauses[i] = (salient and not poss, sub)
        return c

    def minor_at(self, pos: int) -> bool:
        """Whether the person mention of a speaker phrase starting at ``pos`` ("the paper's
        Robert Costa") is no main clause's subject (an object, a possessive, a subordinate
        clause's subject); False where no mention starts within 40 characters."""
        self.read_mentions()
        i = bisect.bisect_left(self.pos, pos)
        if i == len(self.pos) or self.pos[i] >= pos + 40 or self._found[i][1] is _PRONOUN:
            return False
        salient, sub = self._clause(i)
        return not salient or bool(sub)

    def appos_body(self, w: str) -> bool:
        """Whether the story writes a word alone with a body's apposition: "Xinhua, the
        official Chinese news agency, wrote" (each word looked up once, by fast search)."""
        hit = self._appos.get(w)
        if hit is None:
            hit = False
            # the word and its comma are looked for, the space after checked: a search
            # for a key ending in a space stops at every space of the text
            text, key, n = self._text, w + ",", len(w)
            i = text.find(key)
            while i >= 0 and not hit:
                if text[i + n + 1:i + n + 2] == " ":
                    m = _BODY_APPOS.match(text, i + n)
                    hit = m is not None and m[1] in _BODY_HEADS
                    if not hit:
                        m = _BODY_APPOS_LONG.match(text, i + n)
                        hit = m is not None and not _BODY_HEADS.isdisjoint(m[1].split())
                    hit = hit and (i == 0 or not text[i - 1].isalnum())
                i = text.find(key, i + 1)
            self._appos[w] = hit
        return hit

    def place(self, w: str) -> bool:
        """Whether the story writes a word as a place: after "in" or "from" ("in
        California,", "in Aurora, Colorado,"), in a list of three capitalised words or more
        ("Nevada, Ohio, Pennsylvania"), or in capitals ("WASHINGTON", "CNN"). Asked of words
        alone only: a person's full name is still a person ("faith in Obama" beside "Barack
        Obama"). Each word is looked up once, by fast search for it."""
        hit = self._places.get(w)
        if hit is None:
            hit = len(w) > 1 and (w.isupper() or self._acronym(w))
            text = self._text
            n = len(w)
            for lead in (" in ", " from ", ", "):  # the only ways in: fast search for them
                i = text.find(lead + w)
                while not hit and i >= 0:
                    s, e = i + len(lead), i + len(lead) + n
                    if e == len(text) or not text[e].isalnum():
                        before, after = text[max(0, s - 40):s], text[e:e + 24]
                        hit = (_PLACE_BEFORE.search(before) is not None
                               and _PLACE_AFTER.match(after) is not None) or (
                            _LIST_BEFORE.search(before) is not None
                            and _LIST_AFTER.match(after) is not None)
                    i = text.find(lead + w, e)
            self._places[w] = hit
        return hit

    def _acronym(self, w: str) -> bool:
        """Whether the story also writes the word in capitals among lower-case words ("Isis
        declares …" beside "… sent ISIS after she …"): an acronym, a body, not a given name
        (capitals in a headline of capitals say nothing)."""
        up = w.upper()
        if up == w or not w.isalpha():
            return False
        text = self._text
        i = text.find(up)
        while i >= 0:
            e = i + len(up)
            if not (text[i - 1:i].isalnum() or text[e:e + 1].isalnum()) and any(
                    c.islower() for c in text[max(0, i - 12):i]) and any(
                    c.islower() for c in text[e:e + 12]):
                return True
            i = text.find(up, e)
        return False

    @property
    def genders(self) -> dict[str, str]:
        """Gender per full name: given name or title, else the pronouns after it."""
        if not self._voted:
            self._voted = True
            self.read_mentions()
            self._vote_gender(self._text)
        return self.gender

    def _vote_gender(self, text: str) -> None:
        """Names without a gender take the one of the pronouns that follow their mentions."""
        votes: dict[str, list[int]] = {}
        at = self._people_at
        for k, (pos, name) in enumerate(at):
            if name in self.gender:
                continue
            if after_preposition(text, pos):
                # "harm to Omar and did not …", "a call to Omar, in which he said": the
                # pronoun after an object is most often the subject's
                continue
            stop = min(at[k + 1][0] if k + 1 < len(at) else len(text), pos + 200)
            if name in self.weak and name not in self.weak_names:
                if plural_shape(name):
                    continue  # "Analysts said …", "Friends offered …": no he or she
                # a word alone is a person by a pronoun of its own sentence only ("Cruz
                # admitted that his pick …", not "Apple unveiled it. … he said")
                end = text.find(". ", pos, stop)
                stop = stop if end < 0 else end
            # the first he, she, his or hers: "him" and "her" are most often someone else
            # ("Obama backed her up", "told him")
            for m in _GENDERED.finditer(text, pos, stop):
                w = m.group(0).lower()
                if w not in ("him", "her"):
                    v = votes.setdefault(name, [0, 0])
                    v[0 if w in ("he", "his") else 1] += 1
                    break
        for name, (m_, f_) in votes.items():
            if m_ != f_:
                self.gender[name] = "m" if m_ > f_ else "f"

    def full_name(self, name: str) -> str:
        if len(name.split()) == 1:
            return self.full.get(name, name)
        return name

    def before(self, pos: int, gender: str | None,
               not_: str | None = None) -> tuple[str, int, bool] | None:
        """The person a pronoun at ``pos`` most likely refers to: the nearest preceding
        sentence that mentions a person of a fitting gender as a clause's subject (not after a
        preposition, not as a possessive) gives its first such person; failing that, the
        nearest fitting mention of any kind."""
        self.read_mentions()
        i = bisect.bisect_left(self.pos, pos) - 1
        fallback = None
        k = 0
        pick = self._pick
        here = -1
        while i >= 0 and k < 15:
            if self._found[i][3] and here < 0:
                here = self.sent_start(pos)
            if (self._found[i][3] and self.pos[i] == here and self.names[i] is not _PRONOUN
                    and self._fits(i, gender, not_)):
                # "Suu Kyi's fate is still unclear, but she said …": the owner opening the
                # pronoun's own sentence is its topic, before any subject further back
                name = pick(i, not_)
                if name is not None:
                    return name, self.pos[i], True
            if self._fits(i, gender, not_):
                if self._clause(i)[0]:
                    # the sentence's first fitting subject of a main clause, else its first
                    # fitting subject ("Asked whether … Donald Trump …, Ban demurred": Ban)
                    lo = bisect.bisect_left(self.pos, self.sent_start(self.pos[i]))
                    # at most SENTENCE_MENTIONS back: a run-on "sentence" of thousands of
                    # mentions (a list with no full stop) made every pronoun read all of it
                    lo = max(lo, i - SENTENCE_MENTIONS)
                    first = None
                    for j in range(lo, i + 1):
                        salient, sub = self._clause(j)
                        if salient and self._fits(j, gender, not_):
                            if not sub:
                                name = pick(j, not_)
                                if name is not None:
                                    return name, self.pos[j], True
                            elif first is None and pick(j, not_) is not None:
                                first = j
                    # the subject of a clause opening the sentence ("Though Ms. Olivieri has
                    # …, the influx … has led …") is its topic where no person is the main one
                    if first is not None:
                        return (pick(first, not_), self.pos[first],
                                self._clause(first)[1] == "lead")
                if fallback is None:
                    name = pick(i, not_)
                    if name is not None:
                        fallback = (name, self.pos[i], False)
            i -= 1
            k += 1
        return fallback

    def named_at(self, pos: int) -> str | None:
        """The person named by a mention starting at ``pos`` (not a pronoun), or None."""
        self.read_mentions()
        i = bisect.bisect_left(self.pos, pos)
        if i < len(self.pos) and self.pos[i] == pos and self.names[i] is not _PRONOUN:
            return self.names[i]
        return None

    def named_between(self, a: int, b: int) -> set[str]:
        """The people named (not by a pronoun) from ``a`` to ``b``."""
        self.read_mentions()
        i, j = bisect.bisect_left(self.pos, a), bisect.bisect_left(self.pos, b)
        return {n for n in self.names[i:j] if n is not _PRONOUN and n is not None}

    def _pick(self, j: int, not_: str | None) -> str | None:
        """The name mention ``j`` gives (a pronoun's: the person it was read to mean)."""
        name = self.names[j]
        if name is _PRONOUN:
            name = self._refer(j)
        return None if name == not_ else name

    def _refer(self, j: int) -> str | None:
        """The person pronoun mention ``j`` was read to mean (read on the first lookback
        that reaches it: only a main clause's he or she; a chain deeper than 40 is cut)."""
        name = self.names[j]
        if name is not _PRONOUN:
            return name
        if self._depth >= 40:
            return None
        name = None
        if self._clause(j) == (True, False):  # not "how he planned"
            g = self._found[j][2]
            self._depth += 1
            hit = self.refer(self.pos[j], g) if self.refer else self.before(self.pos[j], g)
            self._depth -= 1
            name = hit[0] if hit is not None else None
        self.names[j] = name
        return name

    def _fits(self, i: int, gender: str | None, not_: str | None = None) -> bool:
        name = self.names[i]
        if name is _PRONOUN:  # read when picked (see _pick): its own gender, a main clause
            return self.chains and (gender in (None, "p") or self._found[i][2] == gender) and (
                self._clause(i) == (True, False))
        if name is None or (not_ is not None and name == not_):
            return False  # a pronoun that was read to no one; the cue's object
        if gender in (None, "p"):
            return True
        titled = self._found[i][2]
        if isinstance(titled, str):  # "Mrs. Clinton", whatever "Clinton" names elsewhere
            return titled == gender
        g = self.genders.get(self.names[i])
        if g is None and self.names[i] in self.weak:
            return False
        return g is None or g == gender


#: an apposition after a given name alone: "Pamela, a 34-year-old mum", "Anna, 40, is",
#: "Sophia, who is in her early 30s"
_APPOS_AFTER = re.compile(r", (?:a|an|the|who|\d)")


def _never_lower(text: str, w: str) -> bool:
    """Whether a capitalised word never stands in lower case in the text ("Aoki", not
    "New" beside "new rules"): a name, not a word of the language."""
    if len(w) < 3 or not w[1:].islower():
        return False
    low = w.lower()
    i = text.find(low)
    while i >= 0:
        e = i + len(low)
        if not (text[i - 1:i].isalnum() or text[e:e + 1].isalnum()):
            return False
        i = text.find(low, e)
    return True


def _lead_adverb(text: str, s: int, e: int, w: str) -> bool:
    """An adverb in -ly opening a sentence before a comma ("Ironically, the one who …"), which
    reads like a name in apposition; a given name in -ly ("Kelly, …") is none."""
    return (len(w) > 5 and w.endswith("ly") and text[e:e + 1] == ","
            and opens_sentence(text, s) and gender_of(w) is None)


def _inside_sentence(text: str, w: str) -> bool:
    """Whether the story writes ``w`` capitalised after a lower-case word at least once
    ("said Sanders", "with Sanders"): a plural-shaped word seen only opening sentences
    ("Analysts noted …") names a group, not a person."""
    i = text.find(" " + w)
    while i >= 0:
        e = i + 1 + len(w)
        if (e == len(text) or not text[e].isalnum()) and text[i - 1:i].isalpha() and (
                text[i - 1:i].islower()):
            return True
        i = text.find(" " + w, e)
    return False


def _in_stretch(pos: int, starts: list[int], stretches: list[tuple[int, int]]) -> bool:
    """Whether ``pos`` lies in one of the stretches (sorted, apart) that open at ``starts``."""
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < stretches[i][1]


#: a place: "in California,", "from Aurora, Colorado." (not "in Trump's", "in Trump Tower")
_PLACE_BEFORE = re.compile(r"\b(?:in|from) (?:" + CAPITAL + LOWER_LETTER + "+, )?$")
_PLACE_AFTER = re.compile(r"[,.;:)]| [a-z]")
#: in a comma list of three capitalised words or more: "Florida, Iowa, Michigan and Ohio"
# (both compiled on first use, LazyPattern: each class of capitals costs ~1.5 ms to compile
# at import, and 5-11 % of PolNeAR train's stories reach them)
_LIST_BEFORE = LazyPattern(CAPITAL + LOWER_LETTER + "+, (?:and )?$")
_LIST_AFTER = LazyPattern(",(?: and)? " + CAPITAL)

#: he, his, him, she, her, hers (and He, His, She, Her): opens on a character class, so the
#: regex engine skips to candidate letters instead of trying a word boundary everywhere
_GENDERED = re.compile(
    r"[HhSs](?<!\w[HhSs])(?:(?<=[Hh])(?:e|is|er)|(?<=h)(?:im|ers)|(?<=[Ss])he)\b")
