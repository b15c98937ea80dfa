"""The detectors' screens (a cheap test that skips a detector, or a line, with nothing to
find) never change a flag. The contract of the registry (``forensics.DETECTORS``, (screen,
detect) pairs): every detector has a screen, and where it says no, ``detect`` finds nothing,
on real pages (the repository's HTML and text fixtures, the farm set, the example pages, and
the seed and a sample of the bench pages when ../shared is there). And the same flags with
every screen opened, the registry's and those inside a detector, on the farm set and on
texts made to trip them (case folding the screens must allow for, artifacts at line ends,
chrome lines)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newssift.assess import forensics
from newssift.assess.assessment import _language, assess
from newssift.assess.forensics import (
    DETECTORS,
    Detector,
    accents,
    bio,
    chrome,
    mt_artifacts,
    run_detectors,
    view_of,
)
from newssift.clean.stage import CleanStage
from newssift.extract.stage import ExtractStage
from newssift.news.stage import NewsStage
from newssift.record import Document
from newssift.stage import Stats, run_stages
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[2]
FARM = ROOT / "bench" / "data" / "farm_set"

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


def _html_pages() -> list[tuple[str, str]]:
    """(url, HTML) of the repository's pages and, with ../shared, every 12th bench page."""
    paths = sorted((ROOT / "tests" / "extract" / "fixtures").glob("*.html"))
    paths += sorted((ROOT / "examples" / "html").glob("*.html"))
    pages = [(f"https://news.example/{p.stem}", p.read_text(encoding="utf-8")) for p in paths]
    if SHARED is not None:
        ext = SHARED / "benchmarks" / "extraction"
        bench = sorted(ext.glob("aeb/html/*.html.gz")) + sorted(ext.glob("naeb/html/*.html.gz"))
        pages += [
            (f"https://news.example/{p.name}", gzip.decompress(p.read_bytes()).decode("utf-8"))
            for p in bench[::12]
        ]
    return pages


def _real_views() -> list[forensics.DocView]:
    """Views of real documents as the pipeline builds them (HTML through extract, clean and
    news), and of the text fixtures as ``assess`` builds them from a string."""
    docs = [Document(id=str(i), source="x", html=html, url=url)
            for i, (url, html) in enumerate(_html_pages())]
    stages = [ExtractStage(), CleanStage(), NewsStage()]
    done = [d for d in run_stages(stages, docs, Stats()) if d.decision != "quarantine"]
    views = [view_of(d, language=_language(d), url=d.url) for d in done]
    texts = [p.read_text(encoding="utf-8") for p in sorted(FARM.glob("*/*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("tests/*/fixtures/*.txt"))]
    if SHARED is not None:
        texts += [p.read_text(encoding="utf-8") for p in sorted(SHARED.glob("seed/*.txt"))]
    from newssift.assess.assessment import _prepare

    for t in texts + TRICKY:
        doc = _prepare(t, None, "https://news.example/story")
        views.append(view_of(doc, language=_language(doc), url=doc.url))
    return views


@pytest.fixture(scope="module")
def real_views() -> list[forensics.DocView]:
    return _real_views()


def test_every_detector_has_a_screen() -> None:
    assert len(DETECTORS) == 7
    for det in DETECTORS:
        assert isinstance(det, Detector) and callable(det.screen)
        assert det.screen.__module__ == det.detect.__module__  # each module owns its screen


def test_a_screen_that_says_no_hides_no_flag(real_views) -> None:
    """The contract, detector by detector: screen false => detect finds nothing."""
    assert len(real_views) > 60
    said_no = dict.fromkeys(range(len(DETECTORS)), 0)
    found = dict.fromkeys(range(len(DETECTORS)), 0)
    for view in real_views:
        for i, det in enumerate(DETECTORS):
            flags = det.detect(view)
            found[i] += bool(flags)
            if not det.screen(view):
                said_no[i] += 1
                assert flags == [], (det.detect.__module__, view.url, flags)
    # the pages do reach the detectors, and the screens do say no (on most pages for the
    # detectors whose evidence is rare)
    assert sum(found.values()) >= 20
    names = [det.detect.__module__.rsplit(".", 1)[1] for det in DETECTORS]
    rare = {"accents", "chrome", "spun", "mt_artifacts"}
    for i, name in enumerate(names):
        if name in rare:
            assert said_no[i] > len(real_views) / 2, name


def test_run_detectors_unscreened_is_the_same(real_views) -> None:
    for view in real_views:
        assert run_detectors(view) == run_detectors(view, screened=False)


def test_screens_change_no_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    assert len(texts) > 40
    screened = _flags(texts)
    everything = re.compile("")  # matches every string
    # the registry's screens, in one switch
    monkeypatch.setattr(
        forensics, "DETECTORS", [Detector(lambda view: True, d.detect) for d in DETECTORS]
    )
    # the screens inside detectors
    monkeypatch.setattr(mt_artifacts, "SCREENS", dict.fromkeys(mt_artifacts.SCREENS, bool))
    monkeypatch.setattr(chrome, "_ANY", everything)
    monkeypatch.setattr(bio, "_may_be_bio", lambda line: True)
    monkeypatch.setattr(accents, "has_bad_onset", lambda text: True)
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
