"""Content-farm forensics: detectors that each say what they saw, where, and against what limit.

Flag names (stable; each flag carries its versioned rule, value, threshold and evidence):

- ``generated_bio`` (bio_grammar/v2): an author bio made of generator-style self-labels
  ("Music scholar. Web expert.").
- ``injected_headline`` (headline_topic_distance/v4): a headline about something else
  pasted into the body ("See also  …").
- ``translated_copy_credit`` (credits_translation_note/v1): the credits name another
  language's version of a wire story ("French version X").
- ``agency_copy`` (agency_dateline_offsite/v1): an agency dateline on a site that is not
  the agency's (context only; needs the url).
- ``accent_stripped_word`` (onset_phonotactics/v4): a foreign word whose accented letters
  were deleted ("DGRADES").
- ``foreign_script`` (the language module's script_mixing, filtered by
  :func:`scripts.is_evidence`): a word in another script inside a Latin line.
- ``chrome_density`` (template_chrome_kinds/v3): several kinds of blog-template chrome.
- ``template_chrome_beside`` (template_chrome_kinds_beside/v3, context): the same, counted
  with the blocks the extractor dropped beside the article (HTML input).
- ``spun_phrase`` (tortured_phrases/v1): a spinner's tortured phrase ("Joined Realm").
- ``mt_artifact`` (mt_surface/v1): machine-translation surface damage (`”, He said`).

Why one module per signal: each detector is small enough to read in one sitting and is
tested on its own fixtures; :mod:`newssift.assess.forensics.combine` is the one place
where they are weighed into ``content_farm``.

Each detector is registered in :data:`DETECTORS` as a (screen, detect) pair: ``screen(view)``
is a cheap test that is true wherever ``detect(view)`` could find something (a trigger
string, a regex over the whole text instead of line by line, a count), so
:func:`run_detectors` skips a detector whose screen says no. The contract, held by
``tests/assess/test_detector_screens.py`` on real pages: a screen that says no hides no
flag. Finer screens inside a detector (line by line, pattern by pattern) stay with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from newssift.assess.forensics import accents, bio, chrome, headlines, mt_artifacts, spun, wire
from newssift.assess.forensics.view import DocView, view_of
from newssift.record import Flag

#: Flags that are evidence of a content-farm copy (counted in false-alarm measurements).
FARM_FLAGS = frozenset(
    {
        "generated_bio",
        "injected_headline",
        "translated_copy_credit",
        "accent_stripped_word",
        "foreign_script",
        "chrome_density",
        "spun_phrase",
    }
)
#: Flags that are context: they weigh in ``content_farm`` only a little on their own.
CONTEXT_FLAGS = frozenset({"agency_copy", "mt_artifact", "template_chrome_beside"})


class Detector(NamedTuple):
    """A detector and its screen: ``screen(view)`` is false only where ``detect(view)``
    finds nothing."""

    screen: Callable[[DocView], bool]
    detect: Callable[[DocView], list[Flag]]


DETECTORS: list[Detector] = [
    Detector(mod.screen, mod.detect)
    for mod in (bio, headlines, wire, accents, chrome, spun, mt_artifacts)
]


def run_detectors(view: DocView, screened: bool = True) -> list[Flag]:
    """All forensic flags of one document (``foreign_script`` is added by the caller).

    ``screened=False`` runs every detector whatever its screen says (the same flags: the
    screens' contract; for tests and measurements)."""
    out: list[Flag] = []
    for det in DETECTORS:
        if not screened or det.screen(view):
            out.extend(det.detect(view))
    return out


__all__ = [
    "CONTEXT_FLAGS",
    "DETECTORS",
    "FARM_FLAGS",
    "Detector",
    "DocView",
    "run_detectors",
    "view_of",
]
