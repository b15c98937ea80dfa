"""Runtime of the document-level machine-translation detector (numpy only).

Why a linear model over word n-grams and document statistics: it runs at thousands of
documents per second on one CPU core with nothing but numpy at inference, it is
deterministic, and on the WMT18 German→English dev split it separates human from
DeepL and Google translations about as well as much larger models at document level
(numbers and their limits in docs/bench/assessment.md). The weights are trained by
``train/train_mt.py`` and shipped as ``newssift/models/mt_linear.npz``; the features are
computed by :mod:`newssift.assess.mt_features`, the same code the trainer used.

A second model of the same form, trained on single sentences, ships as
``mt_sentence.npz`` for :func:`sentence_machine_translated`.

The score is a probability that the text (English) is a machine translation. It is
a style judgement, calibrated on news-length documents; on texts under ~40 words it is
shrunk towards 0.5 because there is too little text to judge.
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib import resources

import numpy as np

from newssift.assess.mt_features import STAT_NAMES, doc_stats, ngram_terms, tokens

MODEL_FILE = "mt_linear.npz"  # document level (what assess() uses)
SENTENCE_MODEL_FILE = "mt_sentence.npz"  # sentence level (for per-sentence evidence)
MIN_WORDS = 40


class MTModel:
    """Tf-idf × weights, plus standardised statistics, through a logistic link."""

    def __init__(self, path) -> None:
        with np.load(path, allow_pickle=False) as z:
            terms = [str(t) for t in z["terms"]]
            self.idf = z["idf"].astype(np.float64)
            self.weights = z["weights"].astype(np.float64)
            names = tuple(str(s) for s in z["stat_names"])
            if names != STAT_NAMES:
                raise ValueError(f"{path}: model statistics {names} differ from the code's")
            self.stat_mean = z["stat_mean"]
            self.stat_scale = z["stat_scale"]
            self.stat_weights = z["stat_weights"]
            self.bias = float(z["bias"][0])
            self.note = str(z["note"][0])
        self.index = {t: i for i, t in enumerate(terms)}

    def decision(self, text: str) -> float:
        """The raw linear score (> 0 means machine-translated)."""
        toks = tokens(text)
        counts: dict[int, int] = {}
        index = self.index
        for term in ngram_terms(toks, 2):
            i = index.get(term)
            if i is not None:
                counts[i] = counts.get(i, 0) + 1
        score = self.bias
        if counts:
            ids = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            x = (1.0 + np.log(tf)) * self.idf[ids]
            norm = math.sqrt(float(x @ x)) or 1.0
            score += float(x @ self.weights[ids]) / norm
        s = (np.asarray(doc_stats(text, toks)) - self.stat_mean) / self.stat_scale
        score += float(s @ self.stat_weights)
        return score

    def probability(self, text: str) -> float:
        """P(machine-translated), shrunk towards 0.5 for short texts."""
        n = len(text.split())
        if n == 0:
            return 0.0
        p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self.decision(text)))))
        trust = min(1.0, n / MIN_WORDS)
        return 0.5 + (p - 0.5) * trust


@lru_cache(maxsize=2)
def load_model(name: str = MODEL_FILE) -> MTModel | None:
    """A shipped model, or None if the file is missing (the score is then not written)."""
    ref = resources.files("newssift").joinpath("models", name)
    try:
        with resources.as_file(ref) as path:
            return MTModel(path)
    except (FileNotFoundError, OSError):
        return None


def machine_translated(text: str) -> float | None:
    """P(text is machine-translated English); None when no model is installed."""
    model = load_model()
    return None if model is None else model.probability(text)


def sentence_machine_translated(sentence: str) -> float | None:
    """P(one sentence is machine-translated), from the sentence-level model; None if absent.

    Sentence-level judgements are weak (about 0.6 accuracy on WMT18, see
    docs/bench/assessment.md): use them to point at the most suspicious sentences of a
    document, never to decide on one sentence.
    """
    model = load_model(SENTENCE_MODEL_FILE)
    if model is None or not sentence.strip():
        return None
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, model.decision(sentence)))))
