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
- ``accent_stripped_word`` (onset_phonotactics/v3): a foreign word whose accented letters
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
"""

from __future__ import annotations

from collections.abc import Callable

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

DETECTORS: list[Callable[[DocView], list[Flag]]] = [
    bio.detect,
    headlines.detect,
    wire.detect,
    accents.detect,
    chrome.detect,
    spun.detect,
    mt_artifacts.detect,
]


def run_detectors(view: DocView) -> list[Flag]:
    """All forensic flags of one document (``foreign_script`` is added by the caller)."""
    out: list[Flag] = []
    for det in DETECTORS:
        out.extend(det(view))
    return out


__all__ = ["CONTEXT_FLAGS", "DETECTORS", "FARM_FLAGS", "DocView", "run_detectors", "view_of"]
