"""Generated author bios: short ". "-joined self-labels such as "Coffee lover. Web expert."

Why: content farms fill their "About the Author" boxes with the output of bio
generators. Those generators share one grammar: a string of 3–8 fragments, each one
to four words, each ending in a *role noun* ("writer", "thinker", "problem solver"),
optionally preceded by an adjective ("Wannabe reader", "Passionate writer"), or a
subject followed by a *subject-bound noun* ("Music scholar", "Twitter lover",
"Coffee fanatic", "Beeraholic"), joined by ". " and capped at ~100–160 characters.
Human bylines and credits ("Reporting by A. Editing by B.") have the fragment shape
but not the role-noun endings, and human prose has the role nouns but not the shape.

We do not use any generator's word lists: the vocabularies below are our own, and
deliberately broader than one generator's, so other templated bios ("Dog mom |
Travel junkie | Writer") are caught too. The rule needs at least three matching
fragments and a high share of matching fragments on one line; or one self-label among
four or more fragments that all have the template's shape (short, capitalised, no
articles, auxiliaries or "by"), where template-shaped fragments count half.
"""

from __future__ import annotations

import re

from newssift.assess.forensics.view import DocView, Line, flag_at
from newssift.record import Flag

RULE = "bio_grammar/v2"  # v2: a dropped "navigation" block of two-word labels counts
NAME = "generated_bio"
THRESHOLD = 0.6  # share of fragments that are self-labels

#: Nouns people use to label themselves (our own list).
ROLE_NOUNS = frozenset(
    str.split(
        """writer reader thinker organizer organiser creator explorer gamer analyst student
    communicator entrepreneur introvert extrovert ambivert troublemaker solver traveler
    traveller dreamer doer maker builder designer developer coder programmer hacker
    blogger vlogger podcaster photographer filmmaker musician artist poet author
    storyteller learner teacher educator coach mentor leader strategist innovator
    visionary marketer consultant freelancer founder cofounder investor trader runner
    cyclist hiker climber surfer gardener cook baker chef foodie wanderer adventurer
    nomad volunteer activist idealist optimist pessimist realist skeptic sceptic
    pragmatist humanist minimalist generalist polymath tinkerer scribbler wordsmith
    bookworm gamer nerd geek mom dad mama papa parent husband wife introvert
    philosopher scientist researcher engineer journalist editor"""
    )
)

#: Nouns bound to a subject: "<subject> lover", "<subject> scholar" (our own list).
BOUND_NOUNS = frozenset(
    str.split(
        """lover fan fanatic expert scholar geek nerd junkie enthusiast maven practitioner
    evangelist specialist ninja guru buff advocate aficionado aficionada trailblazer
    addict connoisseur devotee fiend freak nut wizard whisperer champion obsessive
    snob fiend aficionado evangelizer guru devotee"""
    )
)

#: Words that do not occur in template bio fragments (articles, auxiliaries, "by"...).
_NOT_IN_LABELS = frozenset(
    str.split(
        """a an the is are was were be been has have had will would said says by from
        and or but that this these those it its he she they we i you his her their our"""
    )
)
_HOLIC = re.compile(r"(?:a|o)?-?holic$")
_SPLIT = re.compile(r"(?<=[.!?])\s+|\s*[|•·]\s*")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def fragment_is_label(fragment: str) -> bool:
    """Is this fragment a self-label ("Passionate writer", "Music scholar", "Beeraholic")?"""
    words = _WORD.findall(fragment)
    if not 1 <= len(words) <= 4:
        return False
    last = words[-1].lower()
    if last in BOUND_NOUNS or _HOLIC.search(last):
        return len(words) >= 2 or bool(_HOLIC.search(last))
    return last in ROLE_NOUNS or (last.endswith("s") and last[:-1] in ROLE_NOUNS)


def fragment_is_shaped(fragment: str) -> bool:
    """A short capitalised verbless-looking fragment ("Reluctant daydreamer", "Loves long walks").

    Such fragments fit the bio template without ending in a noun we know; they count
    half as much as a self-label. Fragments with articles, auxiliaries or "by" (credits:
    "Editing by X"), digits or colons do not count.
    """
    words = _WORD.findall(fragment)
    if not 1 <= len(words) <= 4 or not fragment[:1].isupper():
        return False
    if any(c.isdigit() or c == ":" for c in fragment):
        return False
    return not any(w.lower() in _NOT_IN_LABELS for w in words)


def bio_score(line: str) -> tuple[float, int, int]:
    """(bio-likeness, label fragments, fragments) of one line.

    Bio-likeness = (label fragments + ½ · other template-shaped fragments) / fragments.
    """
    s = line.strip()
    if not 30 <= len(s) <= 300:
        return 0.0, 0, 0
    frags = [f.strip(" .!?") for f in _SPLIT.split(s) if f.strip(" .!?")]
    if len(frags) < 3:
        return 0.0, 0, len(frags)
    if any(len(f.split()) > 7 for f in frags):
        return 0.0, 0, len(frags)
    labels = sum(fragment_is_label(f) for f in frags)
    shaped = sum(fragment_is_shaped(f) for f in frags if not fragment_is_label(f))
    return (labels + 0.5 * shaped) / len(frags), labels, len(frags)


def _may_be_bio(line: str) -> bool:
    """Could :func:`bio_score` find a bio in this line? A screen by counts: a bio has three
    fragments of at most seven words, so its words are at most 7 per fragment plus the
    words that are separators alone ("|"), and fragments are one more than the separators
    between them; each separator (and each word made of them) holds a character of
    ``.!?|•·``. A line with more words than that allows (prose) is no bio."""
    s = line.strip()
    if not 30 <= len(s) <= 300:
        return False
    seps = s.count(".") + s.count("!") + s.count("?") + s.count("|") + s.count("•") + s.count("·")
    return seps >= 2 and len(s.split()) <= 8 * seps + 7


def is_bio(share: float, labels: int, n: int) -> bool:
    """Three self-labels, or one with four or more template-shaped fragments in all."""
    return share >= THRESHOLD and (labels >= 3 or (labels >= 1 and n >= 4))


#: Extractor reasons of link text: menus ("Writers | Editors | Photographers") have the
#: fragment shape, a generated bio is never a link.
LINK_REASONS = frozenset({"injected_link", "link_list", "related_link"})
#: A block called navigation (by its markup or by the cleaner's rules: pipe-separated short
#: items) is a menu unless its fragments are two-word self-labels ("Reluctant blogger |
#: Vinyl buff"): a theme without markup leaves a pipe-separated bio only that reason.
MENU_REASONS = frozenset({"navigation"})
MIN_MENU_BIO_WORDS = 1.75  # mean words per fragment of a bio among menu-like blocks


def _not_a_menu(text: str) -> bool:
    frags = [f.strip(" .!?") for f in _SPLIT.split(text.strip()) if f.strip(" .!?")]
    if not frags:
        return False
    words = sum(len(_WORD.findall(f)) for f in frags) / len(frags)
    return words >= MIN_MENU_BIO_WORDS


def _lines(view: DocView) -> list[Line]:
    """The lines a bio is looked for on: kept and removed lines, and the blocks the
    extractor dropped inside or beside the article (the theme's author box), link text and
    one-word menus excepted; only those that pass :func:`_may_be_bio`."""
    dropped = [
        ln
        for ln in view.dropped_at("inside", "beside")
        if ln.removed_reason not in LINK_REASONS
        and (ln.removed_reason not in MENU_REASONS or _not_a_menu(ln.text))
    ]
    return [ln for ln in view.all_lines + dropped if _may_be_bio(ln.text)]


def screen(view: DocView) -> bool:
    """Is there a line that may be a bio (:func:`_may_be_bio`)?"""
    return any(_may_be_bio(ln.text) for ln in view.all_lines + view.dropped_at("inside", "beside"))


def detect(view: DocView) -> list[Flag]:
    """Bios on kept and removed lines, and on the blocks the extractor dropped inside or
    beside the article (the theme's author box), link text and one-word menus excepted."""
    flags = []
    for line in _lines(view):
        share, labels, n = bio_score(line.text)
        if is_bio(share, labels, n):
            flags.append(
                flag_at(
                    NAME, RULE, line, share, THRESHOLD, note=f"{labels}/{n} self-label fragments"
                )
            )
    return flags
