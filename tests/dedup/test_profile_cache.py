"""The canonicals' profiles are remembered across parts by text, bounded, and equal to a
fresh profile."""

from __future__ import annotations

from newssift.dedup import evidence


def test_cached_profile_is_the_profile_and_is_reused(monkeypatch) -> None:
    evidence.clear_profiles()
    text = "Ferry line resumes\nThe pier was mended…\nFerry line resumes"
    first = evidence.cached_profile(text)
    assert first == evidence.profile(text)
    assert evidence.cached_profile(text) is first  # the second part reuses it
    assert evidence.cached_profile(text[:]) is first  # by content, not by object
    assert evidence.cached_profile(None) == evidence.profile(None)
    assert evidence.cached_profile("") == evidence.profile("")
    evidence.clear_profiles()
    assert evidence.cached_profile(text) is not first


def test_cache_is_bounded_by_characters(monkeypatch) -> None:
    evidence.clear_profiles()
    monkeypatch.setattr(evidence, "PROFILE_CACHE_CHARS", 100)
    texts = [f"story {i} " + "word " * 10 for i in range(20)]  # ~60 characters each
    for t in texts:
        evidence.cached_profile(t)
    assert len(evidence._PROFILES) == 1  # two would pass the bound
    assert evidence._PROFILE_CHARS[0] == len(texts[-1])
    assert texts[-1] in evidence._PROFILES
    # a text met again becomes the newest and is kept
    evidence.cached_profile(texts[0])
    assert list(evidence._PROFILES) == [texts[0]]
    evidence.clear_profiles()
    assert not evidence._PROFILES and evidence._PROFILE_CHARS[0] == 0
