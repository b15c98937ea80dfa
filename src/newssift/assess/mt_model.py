"""Runtime of the document-level machine-translation detector (numpy only).

Why a linear model over n-grams: it runs at well over a thousand documents per second on
one CPU core with nothing but numpy at inference, it is deterministic, and measured on WMT
years it never saw (leave-one-year-out, docs/bench/mt.md) it holds up as well as the
published n-gram SVMs or better. The document model (format ``doc-v2``) reads text with
typography flattened to ASCII, so a site's quote and dash habits do not move its score;
its weights are trained by ``train/train_mt.py`` and shipped as
``newssift/models/mt_linear.npz``; the features are computed by
:mod:`newssift.assess.mt_features`, the same code the trainer used.

A second, older model of the v1 form (word n-grams and document statistics), trained on
single sentences, ships as ``mt_sentence.npz`` for :func:`sentence_machine_translated`.

The score is a calibrated probability (Platt fit on grouped cross-validation, classes
balanced: a 50/50 prior) that an English text is a machine translation. It is a style
judgement made for news-length documents. Input it cannot judge is *not assessed*
(:func:`machine_translated` returns None): fewer than :data:`MIN_WORDS` words, or text
that is mostly not Latin-script words. Texts longer than :data:`MAX_WORDS` words are
judged on their first :data:`MAX_WORDS` words (bounded time). :func:`explain` names the
terms that pushed a score up most.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from importlib import resources

import numpy as np

from newssift.assess.mt_features import (
    CHAR_N,
    CHAR_PREFIX,
    STAT_NAMES,
    WORD_PREFIX,
    char_code_of,
    char_codes,
    char_term,
    doc_stats,
    flatten,
    ngram_terms,
    raw_tokens,
    shape,
    skeleton_terms,
    tokens,
    word_terms,
)

MODEL_FILE = "mt_linear.npz"  # document level (what assess() uses)
SENTENCE_MODEL_FILE = "mt_sentence.npz"  # sentence level (for per-sentence evidence)
#: Below this many words a document is not assessed (too little text to judge style).
MIN_WORDS = 40
#: Only the first this many words are read (a 200,000-word text costs what 5,000 cost).
MAX_WORDS = 5000
_ALNUM = re.compile(r"[^\W_]")
#: Most raw tokens remembered per family with their vocabulary id (memory bound).
TOKEN_CACHE = 200_000
#: Share of word tokens that must be Latin-script words for the English model to judge.
MIN_LATIN_SHARE = 0.8


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


class DocModel:
    """The v2 document model: flattened text, per-family tf-idf, logistic, Platt.

    Speed: the trainer's terms are strings (``"w the minister"``, ``"s the <C> <w>"``);
    building and hashing one string per n-gram costs most of the time. So at load each
    family's tokens get integer ids, each known n-gram an integer code (n, then its
    token ids in base K), sorted; at run time only the tokens are looked up (one dict
    lookup each) and the n-gram codes are computed and matched in numpy. A token the
    model does not know cannot be part of a known n-gram (a term kept at training was
    in >= 2 documents, so were its tokens), so the result equals the string lookup
    (:meth:`contributions_by_string`, kept as the reference the tests compare with).
    """

    def __init__(self, path) -> None:
        with np.load(path, allow_pickle=False) as z:
            self.families = tuple(str(f) for f in z["families"])
            terms = [str(t) for t in z["terms"]]
            self.family = z["family"].astype(np.int64)
            self.idf = z["idf"].astype(np.float64)
            self.weights = z["weights"].astype(np.float64)
            self.bias = float(z["bias"][0])
            self.platt = tuple(float(v) for v in z["platt"])
            self.note = str(z["note"][0])
        self.terms = terms
        self._index: dict[str, int] | None = None
        self._codes = [self._family_codes(k) for k in range(len(self.families))]
        self._cache: list[dict[str, int]] = [{} for _ in self.families]

    def _family_codes(self, k: int) -> tuple[dict[str, int], int, int, np.ndarray, np.ndarray]:
        rows = np.flatnonzero(self.family == k)
        if self.families[k] == "chars":
            codes = np.array(
                [char_code_of(self.terms[i][2:].encode("latin-1")) for i in rows], dtype=np.int64
            )
            order = np.argsort(codes, kind="stable")
            return {}, 256, max(CHAR_N), codes[order], rows[order]
        grams = [self.terms[i][2:].split(" ") for i in rows]
        vocab: dict[str, int] = {}
        for g in grams:
            for t in g:
                vocab.setdefault(t, len(vocab) + 1)
        base = len(vocab) + 1
        codes = np.zeros(len(grams), dtype=np.int64)
        for r, g in enumerate(grams):
            c = len(g)
            for t in g:
                c = c * base + vocab[t]
            codes[r] = c
        order = np.argsort(codes, kind="stable")
        max_n = max((len(g) for g in grams), default=1)
        return vocab, base, max_n, codes[order], rows[order]

    def _token_ids(self, k: int, toks: list[str]) -> list[int]:
        """Each token's id in family ``k``'s vocabulary (0 = unknown), through a per-family
        cache of raw token -> id (lower-casing or shaping a token costs more than a lookup;
        the cache is emptied when it reaches :data:`TOKEN_CACHE` entries)."""
        cache = self._cache[k]
        if len(cache) > TOKEN_CACHE:
            cache.clear()
        get = cache.get
        out = []
        for t in toks:
            i = get(t)
            if i is None:
                vocab = self._codes[k][0]
                key = t.lower() if self.families[k] == "words" else shape(t)
                i = cache[t] = vocab.get(key, 0)
            out.append(i)
        return out

    def _family_counts(self, k: int, toks: list[str], flat: str) -> tuple[np.ndarray, np.ndarray]:
        _vocab, base, max_n, codes, rows = self._codes[k]
        found = []
        if self.families[k] == "chars":
            found.append(char_codes(flat))
        else:
            ids = np.fromiter(self._token_ids(k, toks), dtype=np.int64, count=len(toks))
            n_tok = len(ids)
            for n in range(1, max_n + 1):
                m = n_tok - n + 1
                if m <= 0:
                    break
                c = np.full(m, n, dtype=np.int64)
                ok = np.ones(m, dtype=bool)
                for j in range(n):
                    part = ids[j : j + m]
                    c = c * base + part
                    ok &= part > 0
                found.append(c[ok])
        if not found or not codes.size:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        uniq, cnt = np.unique(np.concatenate(found), return_counts=True)
        pos = np.minimum(np.searchsorted(codes, uniq), len(codes) - 1)
        hit = codes[pos] == uniq
        return rows[pos[hit]], cnt[hit].astype(np.float64)

    def _terms(self, text: str) -> list[str]:
        flat = flatten(text)
        toks = raw_tokens(flat)
        out: list[str] = []
        for fam in self.families:
            if fam == "words":
                out += word_terms([t.lower() for t in toks])
            elif fam == "chars":
                out += [char_term(int(c)) for c in char_codes(flat)]
            else:
                out += skeleton_terms(toks)
        return out

    def _weigh(self, parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
        """Per family (ids, counts) -> all ids and each one's share of the linear score:
        sublinear tf x idf, l2-normalised within its family, times its weight."""
        ids_out, share_out = [], []
        for ids, tf in parts:
            if not len(ids):
                continue
            x = (1.0 + np.log(tf)) * self.idf[ids]
            norm = math.sqrt(float(x @ x)) or 1.0
            ids_out.append(ids)
            share_out.append(x * self.weights[ids] / norm)
        if not ids_out:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate(ids_out), np.concatenate(share_out)

    def contributions(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Term ids present in ``text`` and each one's share of the linear score."""
        flat = flatten(text)
        toks = raw_tokens(flat)
        return self._weigh([self._family_counts(k, toks, flat) for k in range(len(self.families))])

    def contributions_by_string(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`contributions` by looking every n-gram string up (slow reference)."""
        if self._index is None:
            self._index = {t: i for i, t in enumerate(self.terms)}
        get = self._index.get
        counts = [(get(t), c) for t, c in Counter(self._terms(text)).items()]
        counts = [(i, c) for i, c in counts if i is not None]
        ids = np.fromiter((i for i, _ in counts), dtype=np.int64, count=len(counts))
        tf = np.fromiter((c for _, c in counts), dtype=np.float64, count=len(counts))
        fam = self.family[ids]
        return self._weigh([(ids[fam == k], tf[fam == k]) for k in range(len(self.families))])

    def decision(self, text: str) -> float:
        """The raw linear score (> 0 leans machine-translated)."""
        return self.bias + float(self.contributions(text)[1].sum())

    def probability(self, text: str) -> float:
        """Calibrated P(machine-translated) of a text already judged assessable."""
        a, b = self.platt
        z = a * self.decision(text) + b
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def explain(self, text: str, k: int = 3) -> list[tuple[str, float]]:
        """The ``k`` terms that pushed the score towards MT most, with their share."""
        ids, c = self.contributions(text)
        order = np.argsort(-c, kind="stable")[:k]
        out = []
        for i in order:
            if c[i] > 0:
                term = self.terms[int(ids[i])]
                label = _label(term)
                out.append((label, round(float(c[i]), 3)))
        return out


def _label(term: str) -> str:
    """How :meth:`DocModel.explain` names a term: the words, ``pattern ...`` for the
    skeleton, ``chars '...'`` for a character n-gram."""
    if term.startswith(WORD_PREFIX):
        return term[2:]
    if term.startswith(CHAR_PREFIX):
        return "chars '" + term[2:].encode("latin-1").decode("utf-8", "replace") + "'"
    return f"pattern {term[2:]}"


@lru_cache(maxsize=2)
def load_model(name: str = MODEL_FILE) -> MTModel | DocModel | None:
    """A shipped model, or None if the file is missing (the score is then not written)."""
    ref = resources.files("newssift").joinpath("models", name)
    try:
        with resources.as_file(ref) as path:
            with np.load(path, allow_pickle=False) as z:
                v2 = "format" in z.files and str(z["format"][0]) == "doc-v2"
            return DocModel(path) if v2 else MTModel(path)
    except (FileNotFoundError, OSError):
        return None


def assessable(text: str) -> tuple[bool, str]:
    """Whether the document model can judge ``text``, and if not, why (a stable code).

    ``too_short``: under :data:`MIN_WORDS` words. ``not_latin``: under
    :data:`MIN_LATIN_SHARE` of the word tokens are Latin-script words (the model reads
    English; mixed or other-script text is left to the language checks).
    """
    words = text.split(None, MIN_WORDS)
    if len(words) < MIN_WORDS:
        return False, "too_short"
    head = text[:20000]
    if max(head) < "\u0250" and _ALNUM.search(head):
        return True, ""  # every character Latin-script (the common case, no tokenising)
    sample = [t for t in raw_tokens(head) if t[0].isalnum()]
    latin = sum(1 for t in sample if t.isascii() or all(c < "\u0250" for c in t))
    if not sample or latin < MIN_LATIN_SHARE * len(sample):
        return False, "not_latin"
    return True, ""


def _head(text: str) -> str:
    """The first :data:`MAX_WORDS` words of ``text`` (the text itself when shorter)."""
    parts = text.split(None, MAX_WORDS)
    return text if len(parts) <= MAX_WORDS else " ".join(parts[:MAX_WORDS])


def machine_translated(text: str) -> float | None:
    """P(text is machine-translated English), or None: no model, or not assessed.

    Not assessed (see :func:`assessable`): under :data:`MIN_WORDS` words or mostly not
    Latin-script. Never raises on any string.
    """
    model = load_model()
    if model is None or not isinstance(text, str):
        return None
    ok, _why = assessable(text)
    if not ok:
        return None
    return model.probability(_head(text))


def explain(text: str, k: int = 3) -> list[tuple[str, float]]:
    """The terms of ``text`` that pushed its MT score up most (empty if none or no model)."""
    model = load_model()
    if not isinstance(model, DocModel) or not assessable(text)[0]:
        return []
    return model.explain(_head(text), k)


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
