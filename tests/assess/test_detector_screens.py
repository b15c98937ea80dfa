"""The detectors' screens (a cheap test that skips a detector, or a line, with nothing to
find) never change a flag: the same flags with every screen opened, on the farm set and on
texts made to trip them (case folding the screens must allow for, artifacts at line ends,
chrome lines)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newssift.assess.assessment import assess
from newssift.assess.forensics import bio, chrome, mt_artifacts, spun

FARM = Path(__file__).resolve().parents[2] / "bench" / "data" / "farm_set"

TRICKY = [
    "The Joined Realm said on Tuesday that the plan would go ahead as agreed last year.",
    "The JOINED REALM and the WORLDWIDE temperature alteration were named in the report today.",
    "The Joıned Realm and the worldwıde temperature alteration rose; the ſtraight relapſe fell.",
    "Officials said the Joined\nRealm would. İncomparable court said so, joined realmx did not.",
    "He left. ”, He said it was fine . Is. ” and it was : really together. Is. ”\n"
    "Next line here ; ok then, “Yes . ”\nShe spoke. ”",
    "Leave a Reply\nAbout the author\nShare this post\nRelated posts\nPrevious post\n3 comments",
    "  you may also like :\nPOST NAVIGATION\nClick to share on Twitter\nNo comments yet",
    "Music scholar. Web expert. Coffee lover. Passionate writer.",
    "Reluctant blogger | Vinyl buff | Travel enthusiast | Pizza lover",
    "Writer • Editor • Coffee fan • Twitter ninja and web guru",
    "The minister said the dgrades were tlphone TLPHONES and DGRADEES in the city of paris.",
]


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(FARM.glob("*/*.txt"))]
    return texts + TRICKY + ["\n\n".join(TRICKY)]


def _flags(texts: list[str]) -> list[list[tuple]]:
    out = []
    for t in texts:
        res = assess(t, url="https://news.example/story")
        out.append([(f.name, f.rule, f.value, f.line, f.start, f.end, f.text) for f in res.flags])
    return out


def test_screens_change_no_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    assert len(texts) > 40
    screened = _flags(texts)
    everything = re.compile("")  # matches every string
    monkeypatch.setattr(spun, "_may_contain", lambda text: True)
    monkeypatch.setattr(mt_artifacts, "SCREENS", dict.fromkeys(mt_artifacts.SCREENS, bool))
    monkeypatch.setattr(chrome, "_ANY", everything)
    monkeypatch.setattr(bio, "_may_be_bio", lambda line: True)
    opened = _flags(texts)
    assert screened == opened
    names = {f[0] for flags in screened for f in flags}
    # the texts do reach the screened detectors
    assert {"spun_phrase", "mt_artifact", "chrome_density", "accent_stripped_word",
            "generated_bio"} <= names


def test_spun_phrase_in_unicode_case_variants() -> None:
    # the regex matches "ı", "İ" and "ſ" for i and s, which str.lower does not give back:
    # the screen lets them through and the flag names the phrase (it raised KeyError before)
    for text in ("The Joıned Realm voted.", "The İncomparable Court ruled.",
                 "A ſtraight relapſe fit."):
        flags = [f for f in assess(text * 3).flags if f.name == "spun_phrase"]
        assert flags, text
        assert all("spun '" in f.text for f in flags)


_BIO_WORDS = ["Music", "scholar", "Web", "expert", "writer", "lover", "a", "of", "Coffee",
              "ninja", "fan", "guru", "Beeraholic", "Passionate"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_BIO_WORDS),
                          st.sampled_from([".", "!", "?", "|", "•", "·", " | ", ". ", "..."])),
                min_size=3, max_size=60))
def test_bio_screen_passes_every_bio(parts):
    line = " ".join(parts)
    if bio.is_bio(*bio.bio_score(line)):
        assert bio._may_be_bio(line)


@pytest.mark.parametrize("line", [
    "Music scholar. Web expert. Coffee ninja. Beeraholic. Passionate writer.",
    "Web guru | Coffee lover | Music fan | Passionate writer",
])
def test_bio_screen_passes_known_bios(line):
    """The property above asserts only on the draws that are bios (about 1 in 25); these
    are bios for certain, so the screen is checked on them whatever the draws give."""
    assert bio.is_bio(*bio.bio_score(line))
    assert bio._may_be_bio(line)
