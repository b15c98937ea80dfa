"""Foreign words whose accented letters were stripped: "DGRADES" for French "dégradées".

Why: a copy pushed through a lossy pipeline (ASCII-only templates, careless
transliteration, machine translation that leaves a word untranslated) deletes accented
letters outright. The remains break the spelling rules of English: "dgrades" starts
with a consonant cluster no English word starts with, "tlphone" likewise. We flag a
word when its initial consonant cluster (two or three consonants) is not a possible
English onset (our own list below). Word-internal clusters are not judged: English
compounds ("nightstand") have long ones legitimately.

The rule runs on English documents only (the onsets are English ones). Care against
false alarms on human news: capitalised words are skipped (names such as
"Dmitry" or "Tbilisi" legitimately break English onsets), short all-caps words are
acronyms ("NHTSA", "LGBTQIA": onsets of four or more consonants are not judged), and a
word needs two vowels to count.
An all-caps word is only considered from six letters up, in a line with lower-case
letters, and only when it ends like an inflected word (-ES, -EE, -ION…), which brand
names ("NVIDIA", "DMEXCO") seldom do. A lower-case word is only judged inside a line of
six words or more (a user name alone on a line, "jdadmin", is not prose), never right
after "by" or "@", never when it is part of the site's host name ("SFGATE" on
sfgate.com), and an all-caps word only when it occurs once (brands repeat). v3: never
next to an address spelled out against spam harvesters ("dbauder (at) ap.org", "jo (at) gmail
(dot) com"): a user or mail host name, not prose (two pages of dragnet's tuning half).
Annotated texts (scriptures, study editions) put footnote letters a, b, c… before words
and text extraction glues them on ("bdoubt", "cdeliver"): when a document's flags are all
a marker letter (a-e) before a word that breaks no rule, rising a, b, c within each line,
they are footnote references, not damage, and none is kept.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newssift.assess.forensics.view import DocView, flag_at
from newssift.record import Flag

# v2: chl, schl, schm, schn, ll onsets; v3: spelled addresses; v4: bh, dh, cz, fj, scl, phth,
# chth onsets
RULE = "onset_phonotactics/v4"
NAME = "accent_stripped_word"

#: Consonant clusters that can begin an English (or common loan) word ("chlorine",
#: "schlock", "schmooze", "schnapps", "llama" too). v4 (unseen news pages run as a folder,
#: session 23: a recipe page's "bhindi" and "dhaba", a medical article's "sclerosis" were
#: flagged, and the recipe page rejected as a content farm): "dharma", "bhakti", "czar",
#: "fjord", "sclerosis", "phthalate", "chthonic". No accent stripped from a word leaves
#: these (a French "dé-h..." is the one way to "dh", and such words are rare).
ONSETS = frozenset(
    str.split(
        """b c d f g h j k l m n p q r s t v w x y z bl br ch cl cr dr dw fl fr gh gl gn gr gu gw
    kh kl kn kr kw mn ph pl pn pr ps pt qu rh sc sh sk sl sm sn sp sq st sv sw th tr ts tw
    wh wr zh zw sch scr shr sph spl spr squ str thr chr phr sf sr cn thw ghr pf tz ks kv dj
    sv vl chl schl schm schn ll bh dh cz fj scl phth chth"""
    )
)
_VOWELS = set("aeiouy")
# candidate words: five or more ASCII letters starting with two consonants
_TOKEN = re.compile(
    r"(?<![\w@#/.\-])([BCDFGHJKLMNPQRSTVWXZbcdfghjklmnpqrstvwxz]{2}[A-Za-z]{3,})(?![\w/@\-]|\.\w)"
)


#: An all-caps word must end like an inflected word to be judged: brand names and
#: acronyms ("NVIDIA", "DMEXCO") seldom do, stripped words ("DGRADES") often do.
_INFLECTED = re.compile(r"(?:ES|EES|EE|ER|ED|S|E|ION|ENT|ANT|ER|IER|IQUE)$")


_AUTHOR_BEFORE = re.compile(r"(?:\bby|@)\s*$", re.IGNORECASE)
#: "(at)", "[at]", '"at"', "(dot)": an e-mail address spelled out.
_SPELLED_ADDRESS = re.compile(r"[(\[\"]\s*(?:at|dot)\s*[)\]\"]", re.IGNORECASE)


def onset(word: str) -> str:
    i = 0
    while i < len(word) and word[i] not in _VOWELS:
        i += 1
    return word[:i]


def is_stripped(word: str, max_onset: int = 4) -> bool:
    """Does this (lower-cased, ASCII) word break English spelling the way a stripped word does?"""
    if sum(1 for c in word if c in _VOWELS) < 2:
        return False
    o = onset(word)
    return bool(o) and len(o) <= max_onset and o not in ONSETS


def _footnote_markers(flags: list[Flag], words: list[str]) -> bool:
    """Are these flags footnote letters glued to words (see the module docstring)?"""
    if len(flags) < 3:
        return False  # one or two flags: too little to see the pattern
    last: dict[int, str] = {}
    for f, w in zip(flags, words, strict=True):
        letter, rest = w[0], w[1:]
        if letter not in "abcde" or not rest.islower() or is_stripped(rest):
            return False
        if last.get(f.line, "") >= letter:
            return False  # markers rise a, b, c along a line
        last[f.line] = letter
    return True


def _onset_run(consonants: str, vowels: str, longest: int, lower: bool) -> str:
    """A pattern for a run of consonants (two to ``longest``, then a vowel: a whole onset)
    that is not an English onset, in one case; each length's onsets are ruled out by a
    fixed-width lookbehind."""
    onsets = [o if lower else o.upper() for o in ONSETS]
    runs = []
    for n in range(2, longest + 1):
        known = "|".join(sorted(o for o in onsets if len(o) == n))
        runs.append(f"[{consonants}]{{{n - 1}}}" + (f"(?<!{known})" if known else ""))
    return rf"[{consonants}](?:{'|'.join(runs)})[{vowels}]"


#: A word start whose onset is not English: a lower-case run of two to four consonants, or an
#: all-caps one of two or three, that is no onset of :data:`ONSETS`.
_ONSET_RUN = (
    "(?:"
    + _onset_run("bcdfghjklmnpqrstvwxz", "aeiouy", 4, True)
    + "|"
    + _onset_run("BCDFGHJKLMNPQRSTVWXZ", "AEIOUY", 3, False)
    + ")"
)
#: ... at the start of a text, or after a character a candidate word may follow (what
#: :data:`_TOKEN`'s lookbehind allows; matching that character is faster than looking back).
_BAD_ONSET_START = re.compile(_ONSET_RUN)
_BAD_ONSET_AFTER = re.compile(r"[^\w@#/.\-]" + _ONSET_RUN)


def has_bad_onset_re(text: str) -> bool:
    """:func:`has_bad_onset` by the two patterns: the reference of the compiled scan."""
    return bool(_BAD_ONSET_START.match(text) or _BAD_ONSET_AFTER.search(text))


try:  # the same scan in C (assess/_quality_native.c: bad_onset), held equal by a test
    from newssift.assess._quality_native import bad_onset as _bad_onset
except ImportError:  # not built, or an older build without it
    _bad_onset = None
_ONSETS_BY_CASE = (ONSETS, frozenset(o.upper() for o in ONSETS))


def has_bad_onset(text: str) -> bool:
    """Does a word of ``text`` start like a stripped word? Every candidate word of
    :func:`detect` does (its first letters are its onset); most English texts have none."""
    if _bad_onset is not None:
        return _bad_onset(text, *_ONSETS_BY_CASE)
    return has_bad_onset_re(text)


def screen(view: DocView) -> bool:
    """An English text with a word that starts like a stripped word (:func:`has_bad_onset`)."""
    return (view.language or "en")[:2] == "en" and has_bad_onset(view.text)


def detect(view: DocView) -> list[Flag]:
    if (view.language or "en")[:2] != "en":
        return []  # the onset list is English phonotactics
    flags: list[Flag] = []
    words: list[str] = []
    host = (urlsplit(view.url).hostname or "").lower() if view.url else ""
    for line in view.kept:
        text = line.text
        if "http" in text or "www." in text:
            continue  # lines of links and markup leftovers are not prose
        if not has_bad_onset(text):
            continue  # no word in it starts like a stripped word
        has_lower = n_words = None  # of the line, counted when a word needs them
        for m in _TOKEN.finditer(text):
            # the rule's tests, cheapest first (every test only ever rules a word out)
            w = m.group(1)
            if w.isupper():
                if len(w) < 6 or not _INFLECTED.search(w):
                    continue
                if has_lower is None:
                    has_lower = any(c.islower() for c in text)
                if not has_lower:
                    continue
            elif not w.islower():
                continue  # names, sentence-initial words
            else:
                if n_words is None:
                    n_words = len(text.split())
                if n_words < 6:
                    continue  # user names alone on a line
            if not is_stripped(w.lower(), 3 if w.isupper() else 4):
                continue
            if w.isupper() and view.text.count(w) > 1:
                continue  # a repeated all-caps word is a name or brand, not damage
            if w.lower() in host or _AUTHOR_BEFORE.search(text[: m.start(1)]):
                continue  # the site's own name ("SFGATE" on sfgate.com); "by jdadmin"
            near = text[max(0, m.start(1) - 8) : m.start(1)] + " " + text[m.end(1) : m.end(1) + 8]
            if _SPELLED_ADDRESS.search(near):
                continue  # "dbauder (at) ap.org": an address, not a word
            words.append(w)
            flags.append(
                flag_at(
                    NAME,
                    RULE,
                    line,
                    1.0,
                    1.0,
                    span=m.span(1),
                    note=f"onset '{onset(w.lower())}' is not English",
                )
            )
    return [] if _footnote_markers(flags, words) else flags
