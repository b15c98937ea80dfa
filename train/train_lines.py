"""Train the line models shipped as ``src/newssift/models/lines_v4.npz`` (news mode) and
``lines_web_v2.npz`` (web mode, ``--mode web``), on data that may ship.

Data: line labels derived from aeb (MIT) and naeb (Apache-2.0) by ``train/line_data.py`` —
the lines of each page's resiliparse whole-page text, resiliparse main-content text and
newssift extractor body, labelled by whether the page's ground-truth article holds them — plus
the documents the project wrote itself (``train/lines_own.json``: forum, shop and other
general web pages, hand-labelled). No measurement-only set is read here.

Splits are by site (see ``line_data.py``): the model is fitted on the *train* sites only; the
web-mode threshold is chosen on held-out data the model never saw: the *tune* sites of aeb/naeb
and the own documents whose site falls in the tune split (``split_of``; the own documents of
the other splits are trained on). The threshold maximises the mean of the whole web-mode
cleaner's balanced line accuracy on the two (news pages and general web pages weigh the same:
web mode is for both). The *test* sites of aeb/naeb are not looked at.
Regularisation C is the library default (1.0, not tuned).

Stage one is a logistic regression over hashed words and dense context features
(:mod:`newssift.clean.features`); stage two is a logistic regression over stage-one scores of
the line and its neighbours, fitted on out-of-fold (site-grouped) stage-one scores so it learns
from scores like those it will see at inference. Lines with an unsure label stay in their
document (they are context) but carry no weight.

The two modes differ in what "clean" means. The news model keeps the page's article: a derived
noise line that reads as prose (a reader comment, a teaser) is left out of its training
(unsure). The web model keeps all running text a person wrote, so such a line is *clean* for
it (:func:`relabel_prose`), the tune sites are scored with the same labels, the own documents
weigh the same per language (they are the model's only non-English text besides a few naeb
pages), and the hashed words are damped (``--hash-scale``) so the language-independent
features carry more of the decision in languages the derived data hardly holds.

``--cv`` (web) chooses among candidates by a site-grouped cross-validation over the train
sites and every own page instead (:func:`cross_validate`); ``--own-all --threshold T`` then
trains on every own page and stores the threshold the cross-validation chose.

Every fit runs on OpenBLAS's Haswell kernels with two threads (:data:`BLAS_CORETYPE`), so the
news-mode command below, with the card's ``--date``, writes the shipped ``lines_v4.npz`` byte
for byte; ``--check FILE`` refits stage one only and compares (a test runs it).

Usage::

    python -m train.train_lines --data ../shared/benchmarks --date 2026-12-02
    python -m train.train_lines --data ../shared/benchmarks --check src/newssift/models/lines_v4.npz
    python -m train.train_lines --data ../shared/benchmarks --mode web
    python -m train.train_lines --data ../shared/benchmarks --mode web --cv
    python -m train.train_lines --data ../shared/benchmarks --score FILE.npz [--split test]
    python -m train.train_lines --data ../shared/benchmarks --lolo --cv-hash-scales 1,0.5,0.25
    python -m train.train_lines --hash-scale 0.25 --threshold-on heldout-own --out FILE.npz

``--lolo`` (session 10) screens hash scales by how the news recipe transfers to a language
whose own pages it did not train on (:func:`leave_language_out`); ``--threshold-on
heldout-own`` chooses the web threshold on the tune sites and every own page the model did not
train on, per language (:func:`choose_threshold_heldout`). Neither candidate they made shipped.
``--tune-floor F`` (session 12) lets either choose only among thresholds that keep the tune sites
at or above F; ``--word-scale W`` gives the hash buckets words dominate their own scale
(:func:`word_buckets`). Session 12's candidate S (hash scale 0.125, floor 0.9313) did not ship.
``--calibrate --out F`` (session 13) writes v4 with a per-document calibration for web mode
(:func:`calibrate`), fitted on the tune sites and the own pages v4 did not train on; its
candidate C did not ship either. The calibration is a training-side experiment: the package does
not read it, and :func:`web_calls` (so ``--score`` and ``bench.line_ceiling``) applies it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import re
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from threadpoolctl import threadpool_info, threadpool_limits

from newssift.clean.features import _TOKEN, N_DENSE, N_HASH, _tok_hash, context, dense, hashed_doc
from newssift.clean.lexicon import FUNCTION_WORDS
from newssift.clean.repair import normalise_line, repair
from train.line_data import EXTRACTOR_COMMIT, build, split_of

HERE = Path(__file__).resolve().parent

OUT = HERE.parent / "src" / "newssift" / "models" / "lines_v4.npz"
OUT_WEB = HERE.parent / "src" / "newssift" / "models" / "lines_web_v2.npz"
OWN = HERE / "lines_own.json"
#: Sources of the derived labels the model learns from (see line_data.py).
SOURCES = ("rp_whole", "rp_main", "newssift")
#: Candidate web-mode thresholds (0.3 to 0.95 until session 6, whose choice 0.3 sat on the edge).
THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.1, 0.96, 0.05))
#: Folds of the site-grouped cross-validation that chooses web candidates (``--cv``).
CV_FOLDS = 5
#: Weight of a line of the project's own documents: they are few (~600 lines next to ~87,000
#: derived ones) but the only forum, shop and non-English pages the model sees. 20 (v4; 5 in v3)
#: scored better than 5 on the held-out own pages and the tune sites (see docs/models.md).
OWN_WEIGHT = 20.0
#: Value of a hashed-word feature in the web model (1 in the news model): the derived data is
#: mostly English, and a German or French line whose words the model never saw would lack the
#: "clean" evidence English function words carry; damping the words lets the shared features
#: (function-word shares, sentence shape, neighbours) decide more.
WEB_HASH_SCALE = 0.5
#: The news model lines_v4 was trained on the first 48 own documents (the later ones were
#: written for the web model in sessions 5-6); ``--own v4``, the news default, reads only
#: those, so it retrains v4 as shipped.
NEWS_OWN_DOCS = 48
#: Documents 114 on are session 9's list-like pages (service lists, menus, shop listings, event
#: calendars). ``--own lists`` reads the first 48 and these: session 9's candidate, chosen by
#: the site-grouped cross-validation and not shipped (docs/models.md).
LIST_OWN_FROM = 114
#: Which own documents each ``--own`` choice reads: first (a count) and skipped (index range).
OWN_CHOICES: dict[str, tuple[int | None, range]] = {
    "v4": (NEWS_OWN_DOCS, range(0)),
    "lists": (None, range(NEWS_OWN_DOCS, LIST_OWN_FROM)),
    "all": (None, range(0)),
    # every page before the list-like ones: what the web recipe read in sessions 6-8
    "pre-lists": (LIST_OWN_FROM, range(0)),
}

Doc = tuple[list[str], list[int | None]]

#: Libraries whose versions the model file records: the weights are exact only under the same.
PINNED = ("numpy", "scipy", "scikit-learn", "resiliparse", "xxhash")
#: The BLAS every fit runs on: OpenBLAS's Haswell kernels, two threads. lbfgs stops at a loose
#: tolerance, so the last bits of its dot products (which OpenBLAS sums in another order for
#: another CPU's kernels and for another thread count) move the weights by up to 0.08. lines_v4
#: was fitted on a machine where OpenBLAS chose its Haswell kernels, on two threads; under
#: this setting the trainer refits v4 array-equal on any x86-64 CPU with AVX2 (session 9: the
#: SkylakeX kernels of an AVX-512 machine gave weights up to 0.023 apart, on one thread or two;
#: Haswell on one thread 0.009; Sandybridge, Nehalem and Prescott up to 0.08). OpenBLAS reads
#: the kernels when it loads, so :func:`main` starts the script again with :func:`blas_env` set.
BLAS_CORETYPE = "Haswell"
BLAS_THREADS = 2


def blas_env() -> dict[str, str]:
    """The environment OpenBLAS must load under for the trainer's weights to be exact."""
    return {"OPENBLAS_CORETYPE": BLAS_CORETYPE, "OPENBLAS_NUM_THREADS": str(BLAS_THREADS)}


def blas_kernels() -> set[str]:
    """The kernels of every OpenBLAS loaded (numpy and scipy each carry one)."""
    return {
        str(i.get("architecture")) for i in threadpool_info() if i["internal_api"] == "openblas"
    }


def save_model(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write ``arrays`` as an .npz (what ``np.load`` reads) whose bytes depend only on them.

    ``np.savez_compressed`` stamps each member with the time of writing, so two identical
    trainings gave different files; here every member carries the same fixed date.
    """
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, arr in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asanyarray(arr), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, buf.getvalue())

_WORD = re.compile(r"\w+")


def is_prose(line: str) -> bool:
    """A sentence of running text: twelve words or more, a sentence end, function words.

    Such a line that the page's article does not hold (a reader comment, a teaser of another
    story, a forum post under a news page) is not the article, but it is not site chrome
    either: the web mode keeps running text (as our own forum and shop pages are labelled), so
    the derived "noise" label of such a line is dropped to unsure (the default; ``--prose-noise
    noise`` keeps it, as v3 did).
    """
    words = _WORD.findall(line.casefold())
    if len(words) < 12 or not line.rstrip().endswith((".", "!", "?", '"', "”", "»", "…")):
        return False
    return sum(w in FUNCTION_WORDS for w in words) / len(words) >= 0.25


def unsure_prose(docs: list[Doc]) -> int:
    """Set the noise label of prose lines (:func:`is_prose`) to unsure; returns how many."""
    n = 0
    for lines, labels in docs:
        for i, (line, lab) in enumerate(zip(lines, labels, strict=True)):
            if lab == 1 and is_prose(line):
                labels[i] = None
                n += 1
    return n


def relabel_prose(docs: list[Doc]) -> int:
    """Web labels: a noise line that reads as prose (:func:`is_prose`) becomes clean; how many."""
    n = 0
    for lines, labels in docs:
        for i, (line, lab) in enumerate(zip(lines, labels, strict=True)):
            if lab == 1 and is_prose(line):
                labels[i] = 0
                n += 1
    return n


def own_langs(
    path: Path = OWN, split: str | None = None, first: int | None = None, skip: range = range(0)
) -> list[str]:
    """The language of each document :func:`own_docs` returns (same order and filter)."""
    if not path.exists():
        return []
    return [
        d["lang"]
        for k, d in enumerate(json.loads(path.read_text(encoding="utf-8"))[:first])
        if k not in skip
        if split is None or (split_of(d["site"]) == "tune") == (split == "tune")
        if any(normalise_line(repair(t)) for _, t in d["lines"])
    ]


def lang_weights(langs: list[str], sizes: list[int]) -> list[float]:
    """Per-document factor that gives every language's own lines the same total weight.

    The factors average 1 over the lines, so ``--own-weight`` keeps its meaning.
    """
    per_lang: dict[str, int] = {}
    for lang, n in zip(langs, sizes, strict=True):
        per_lang[lang] = per_lang.get(lang, 0) + n
    total = sum(sizes)
    return [total / (len(per_lang) * per_lang[lang]) for lang in langs]


def own_docs(
    path: Path = OWN, split: str | None = None, first: int | None = None, skip: range = range(0)
) -> list[Doc]:
    """The project's own annotated documents: ``[{"site", "lang", "lines": [[label, text]]}]``.

    Label 1 = noise, 0 = clean, as in the model. With ``split="tune"`` only the documents whose
    site falls in the tune split, with ``split="train"`` every other one; ``first`` keeps the
    first documents of the file only, ``skip`` leaves out those whose index it holds.
    """
    if not path.exists():
        return []
    out: list[Doc] = []
    for k, d in enumerate(json.loads(path.read_text(encoding="utf-8"))[:first]):
        if k in skip:
            continue
        if split is not None and (split_of(d["site"]) == "tune") != (split == "tune"):
            continue
        lines, labels = [], []
        for lab, text in d["lines"]:
            t = normalise_line(repair(text))
            if t:
                lines.append(t)
                labels.append(int(lab))
        if lines:
            out.append((lines, labels))
    return out


def featurise(docs: list[Doc], groups_of: list[int]):
    """Sparse hashed + dense features of every line, labels (-1 = unsure), group per line."""
    rows, cols, dens, ys, groups, docid = [], [], [], [], [], []
    r = 0
    for k, (lines, y) in enumerate(docs):
        dens.append(dense(lines))
        idx, own = hashed_doc(lines)
        rows.append(own + r)
        cols.append(idx)
        r += len(lines)
        ys.append(np.array([-1 if v is None else v for v in y], dtype=np.int8))
        groups.extend([groups_of[k]] * len(lines))
        docid.extend([k] * len(lines))
    rr, cc = np.concatenate(rows), np.concatenate(cols)
    h = sparse.csr_matrix((np.ones(len(rr), dtype=np.float32), (rr, cc)), shape=(r, N_HASH))
    return h, np.vstack(dens), np.concatenate(ys), np.array(groups), np.array(docid)


def word_buckets(docs: list[Doc], h) -> np.ndarray:
    """Hash buckets that hold mostly words: those where word and punctuation unigrams (once per
    line, as :func:`hashed_doc` counts them) are more than half of the bucket's occurrences in
    ``h`` (the hashed features of ``docs``). Bigrams, first/last tokens and length buckets share
    the same buckets, so a scale per token kind cannot be stored in one weight per bucket; a
    scale per bucket can (``--word-scale``, session 12)."""
    uni = np.zeros(N_HASH)
    for lines, _ in docs:
        for line in lines:
            toks = set(_TOKEN.findall(line.lower()))
            if toks:
                uni[np.unique([(_tok_hash(t) * 3 + 1) % N_HASH for t in toks])] += 1
    total = np.asarray(h.sum(axis=0)).ravel()
    return (total > 0) & (2 * uni > total)


def bucket_scales(words: np.ndarray | None, hash_scale: float, word_scale: float | None):
    """Value of each hashed feature in fitting: ``word_scale`` in the buckets ``words``
    (:func:`word_buckets`), else ``hash_scale`` (everywhere without a word scale)."""
    if word_scale is None or words is None:
        return np.full(N_HASH, hash_scale)
    return np.where(words, word_scale, hash_scale)


def stack(h, d, mean, scale):
    return sparse.hstack([h, sparse.csr_matrix((d - mean) / scale)]).tocsr()


def fit1(x, y, c: float, w: np.ndarray) -> LogisticRegression:
    m = LogisticRegression(C=c, max_iter=2000, solver="lbfgs", class_weight="balanced")
    return m.fit(x, y, sample_weight=w)


def ctx_matrix(p: np.ndarray, docid: np.ndarray) -> np.ndarray:
    """Second-stage inputs of every line (``features.context``), document by document."""
    return np.vstack([context(p[docid == k]) for k in np.unique(docid)])


Call = tuple[list[int | None], set[int], dict[int, float]]


def web_calls(docs: list[Doc]) -> list[Call]:
    """Per document: its labels, the lines the rules remove, and every line the model may
    remove (neither ruled nor protected) with the loaded web model's score.

    One web-mode run at threshold 0 gives every line the model may remove, with its score.
    When the loaded web model file carries a per-document calibration (session 13's
    ``--calibrate``; the package does not read it), the scores are its calibrated ones
    (:func:`calibrated`), so the benches and ``--score`` judge such a file as it was meant.
    """
    from newssift.clean.cleaner import clean

    cal = loaded_calibration()
    calls: list[Call] = []
    for lines, labels in docs:
        res = clean("\n".join(lines), mode="web", threshold=0.0)
        ruled = {r.index for r in res.removed if r.reason != "boilerplate"}
        scored = {r.index: r.score for r in res.removed if r.reason == "boilerplate"}
        if cal is not None:
            scored = calibrated(cal, scored, len(ruled) / max(len(labels), 1))
        calls.append((labels, ruled, scored))
    return calls


# ---- session 13: a per-document calibration of web mode's scores (training side only)
#
# A web model file written by ``--calibrate`` carries, in ``meta["doc_calibration"]``, a
# logistic regression that rescores each line web mode judges from its own score's log-odds and
# the mean and spread of the log-odds of every line judged in the same document. No shipped
# model uses it, so the package does not read it (it would run such a file as plain v4 at the
# stored threshold); the trainer and the benches apply it themselves, in :func:`web_calls`.

#: Inputs of candidate C's per-document calibration, in order (see :func:`doc_inputs`).
CALIBRATION_INPUTS = ("logit", "doc_mean_logit", "doc_std_logit")
#: Every input a calibration may read (``--calibration-inputs``): the line's log-odds; the
#: mean and spread of its document's judged lines' log-odds; the share of the document's judged
#: lines scoring 0.5 or more; the share of the document's lines the rules removed.
KNOWN_INPUTS = (*CALIBRATION_INPUTS, "doc_share_high", "doc_ruled_share")
#: Scores are clipped to [EPS, 1 - EPS] before their log-odds are taken.
EPS = 1e-4


def doc_inputs(
    p: np.ndarray, inputs: tuple[str, ...] = CALIBRATION_INPUTS, ruled_share: float = 0.0
) -> np.ndarray:
    """Calibration inputs (:data:`KNOWN_INPUTS`, in the order ``inputs`` names them) of the
    lines one document's model judges, given their scores ``p`` and the share of the document's
    lines the rules removed (C's default: the line's log-odds, the mean of the document's
    log-odds and their standard deviation)."""
    p = np.clip(np.asarray(p, dtype=np.float64), EPS, 1 - EPS)
    z = np.log(p / (1 - p))
    if not len(z):
        return np.zeros((0, len(inputs)))
    cols = {
        "logit": lambda: z,
        "doc_mean_logit": lambda: np.full_like(z, z.mean()),
        "doc_std_logit": lambda: np.full_like(z, z.std()),
        "doc_share_high": lambda: np.full_like(z, (p >= 0.5).mean()),
        "doc_ruled_share": lambda: np.full_like(z, ruled_share),
    }
    return np.column_stack([cols[name]() for name in inputs])


def loaded_calibration() -> dict | None:
    """The per-document calibration the loaded web model file carries, or None."""
    from newssift.clean import model as line_model

    mdl = line_model.load("web")
    cal = None if mdl is None else mdl.meta.get("doc_calibration")
    if cal is not None:
        n = len(cal["inputs"])
        if not set(cal["inputs"]) <= set(KNOWN_INPUTS) or not (
            len(cal["mean"]) == len(cal["scale"]) == len(cal["w"]) == n
        ):
            raise ValueError("the web model's calibration does not match its inputs")
    return cal


def calibrated(cal: dict, scored: dict[int, float], ruled_share: float = 0.0) -> dict[int, float]:
    """One document's judged lines (line -> the model's score, every judged line of the
    document) with ``cal``'s calibrated scores, rounded as the cleaner rounds a score
    (``ruled_share``: the share of the document's lines the rules removed)."""
    idx = sorted(scored)
    if not idx:
        return {}
    x = doc_inputs(np.array([scored[i] for i in idx]), tuple(cal["inputs"]), ruled_share)
    p = apply_calibration(cal, x)
    return {i: round(float(v), 4) for i, v in zip(idx, p, strict=True)}


def balanced_of(calls: list[Call], probs: list[np.ndarray] | None = None) -> dict[float, float]:
    """Balanced line accuracy per threshold of :data:`THRESHOLDS`, given :func:`web_calls`.

    ``probs`` (one array per document) replaces the calls' model scores, so cross-validated
    scores are judged by the same cleaner (the rules' calls do not depend on the model).
    """
    scores: dict[float, float] = {}
    for t in THRESHOLDS:
        ok = np.zeros(2)
        n = np.zeros(2)
        for k, (labels, ruled, scored) in enumerate(calls):
            for i, lab in enumerate(labels):
                if lab is not None:
                    if probs is None:
                        p = scored.get(i, -1.0)
                    else:
                        p = float(probs[k][i]) if i in scored else -1.0
                    gone = i in ruled or p >= t
                    ok[lab] += gone == bool(lab)
                    n[lab] += 1
        scores[float(t)] = round(float((ok / n).mean()), 4)
    return scores


def balanced_scores(docs: list[Doc]) -> dict[float, float]:
    """Balanced line accuracy of the whole web-mode cleaner on ``docs``, per candidate threshold.

    Balanced (the mean of the clean lines' and the noise lines' accuracy), because the share
    of noise differs from one kind of web text to the next: whole news pages are three
    quarters chrome, a forum thread or a shop page far less.
    """
    return balanced_of(web_calls(docs))


def choose_threshold(
    *parts: list[Doc],
) -> tuple[float, dict[float, float], list[dict[float, float]]]:
    """The threshold with the best mean of :func:`balanced_scores` over the held-out parts.

    Returns it, the mean score per threshold, and each part's scores.
    """
    each = [balanced_scores(p) for p in parts if p]
    scores = {t: round(float(np.mean([s[t] for s in each])), 4) for t in each[0]}
    best = max(scores, key=lambda t: (scores[t], -abs(t - 0.5)))
    return best, scores, each


def heldout_own(first: int | None, skip: range) -> tuple[list[Doc], list[str]]:
    """The own documents a model reading ``--own`` (first, skip) does not train on, with
    their languages: those of the tune split, and every one the choice leaves out."""
    docs, langs = own_docs(), own_langs()
    tune = own_langs(split="tune")
    n_tune = 0
    out: list[Doc] = []
    out_langs: list[str] = []
    raw = json.loads(OWN.read_text(encoding="utf-8"))
    kept = [k for k, d in enumerate(raw) if any(normalise_line(repair(t)) for _, t in d["lines"])]
    for j, k in enumerate(kept):
        is_tune = split_of(raw[k]["site"]) == "tune"
        n_tune += is_tune
        read = (first is None or k < first) and k not in skip
        if is_tune or not read:
            out.append(docs[j])
            out_langs.append(langs[j])
    assert n_tune == len(tune)
    return out, out_langs


def heldout_own_sites(first: int | None, skip: range) -> list[str]:
    """The site of each document :func:`heldout_own` returns (same order)."""
    raw = json.loads(OWN.read_text(encoding="utf-8"))
    return [
        d["site"]
        for k, d in enumerate(raw)
        if any(normalise_line(repair(t)) for _, t in d["lines"])
        if split_of(d["site"]) == "tune" or not ((first is None or k < first) and k not in skip)
    ]


#: Languages with fewer labelled own lines than this are left out of the per-language mean.
MIN_LANG_LINES = 50


def by_language(docs: list[Doc], langs: list[str]) -> dict[float, float]:
    """Per threshold, the mean over languages of the web cleaner's balanced line accuracy on
    ``docs`` (each language with at least :data:`MIN_LANG_LINES` labelled lines weighs the same)."""
    calls = web_calls(docs)
    each = []
    for lang in sorted(set(langs)):
        ks = [k for k, x in enumerate(langs) if x == lang]
        if sum(v is not None for k in ks for v in docs[k][1]) >= MIN_LANG_LINES:
            each.append(balanced_of([calls[k] for k in ks]))
    return {t: round(float(np.mean([s[t] for s in each])), 4) for t in each[0]}


def floored_best(
    scores: dict[float, float], sites: dict[float, float], floor: float | None
) -> float | None:
    """The threshold with the best ``scores`` (ties to the one nearer 0.5) among those where
    the tune sites' balanced accuracy ``sites`` is at least ``floor`` (session 12's guard:
    web text may gain only where news pages do not lose); None when no threshold keeps it."""
    ok = [t for t in scores if floor is None or sites[t] >= floor]
    return max(ok, key=lambda t: (scores[t], -abs(t - 0.5))) if ok else None


def choose_threshold_heldout(
    tune: list[Doc], own: list[Doc], langs: list[str], floor: float | None = None
) -> tuple[float | None, dict[float, float], list[dict[float, float]]]:
    """Session 10's web threshold: the best mean of the tune sites' balanced line accuracy and
    the per-language mean (:func:`by_language`) on the own pages the model did not train on
    (web text in six languages; ties go to the threshold nearer 0.5); with ``floor``, only
    among thresholds that keep the tune sites at or above it (:func:`floored_best`)."""
    each = [balanced_scores(tune), by_language(own, langs)]
    scores = {t: round(float(np.mean([s[t] for s in each])), 4) for t in each[0]}
    return floored_best(scores, each[0], floor), scores, each


def score(data: Path, model_file: str, split: str) -> dict:
    """Web-mode figures of an existing web model file (``"v4"``: the news model standing in).

    ``split="tune"``: the choice criterion (:func:`choose_threshold` over the tune sites with web
    labels and the held-out own pages); ``split="test"``: the balanced web-label accuracy on the
    aeb/naeb test sites at the file's stored threshold (looked at once, after a choice).
    """
    from newssift.clean import model as line_model
    from newssift.clean.cleaner import web_threshold

    docs: list[Doc] = [
        (lines, labels)
        for page, texts in build(data)
        if page.split == split
        for source, lines, labels in texts
        if source in SOURCES
    ]
    relabel_prose(docs)
    line_model.clear_cache()
    if model_file == "v4":
        line_model.WEB_MODEL_FILE = "-"
    else:
        path = Path(model_file)
        line_model.use_web_model(path)
    if split == "test":
        t = round(web_threshold(), 2)
        return {"threshold": t, "test_sites_balanced": balanced_scores(docs)[t]}
    best, scores, (sites_s, own_s) = choose_threshold(docs, own_docs(split="tune"))
    return {
        "threshold": best,
        "mean": scores[best],
        "tune_sites": sites_s[best],
        "own_tune": own_s[best],
    }


#: The web mode's threshold on calibrated scores: a calibrated score is a probability of noise,
#: so 0.5 is the cut of plain line accuracy (no search: nothing is tuned on the outputs).
CALIBRATED_THRESHOLD = 0.5
#: Folds of the calibration's cross-validation over the tune sites (site-grouped).
CALIBRATION_SITE_FOLDS = 5


def calibration_rows(
    calls: list[Call], inputs: tuple[str, ...] = CALIBRATION_INPUTS
) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int]]]:
    """Per labelled line the base model judges: its calibration inputs (:func:`doc_inputs`
    over every line the model judges in its document), its label and its (document, line)."""
    xs, ys, keys = [], [], []
    for k, (labels, ruled, scored) in enumerate(calls):
        idx = sorted(scored)
        share = len(ruled) / max(len(labels), 1)
        x = doc_inputs(np.array([scored[i] for i in idx]), inputs, share)
        for j, i in enumerate(idx):
            if labels[i] is not None:
                xs.append(x[j])
                ys.append(int(labels[i]))
                keys.append((k, i))
    x = np.array(xs).reshape(-1, len(inputs))
    return x, np.array(ys, dtype=int), keys


def fit_calibration(
    x: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    inputs: tuple[str, ...] = CALIBRATION_INPUTS,
    balanced: bool = False,
) -> dict:
    """The per-document calibration fitted on standardised inputs (C = 1, the default); with
    ``balanced``, noise and clean lines weigh the same in the fit (the web threshold's own
    criterion is balanced accuracy), on top of the weights ``w``."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    if balanced:
        w = w * np.where(y == 1, 0.5 * w.sum() / w[y == 1].sum(), 0.5 * w.sum() / w[y == 0].sum())
    m = LogisticRegression(C=1.0, max_iter=2000, solver="lbfgs")
    m.fit((x - mean) / scale, y, sample_weight=w)
    cal = {
        "inputs": list(inputs),
        "mean": [float(v) for v in mean],
        "scale": [float(v) for v in scale],
        "w": [float(v) for v in m.coef_[0]],
        "b": float(m.intercept_[0]),
    }
    if balanced:
        cal["fit"] = "balanced"
    return cal


def apply_calibration(cal: dict, x: np.ndarray) -> np.ndarray:
    """``cal``'s calibrated scores of the rows ``x`` (:func:`doc_inputs` of one or more
    documents)."""
    z = ((x - np.array(cal["mean"])) / np.array(cal["scale"])) @ np.array(cal["w"]) + cal["b"]
    return 1.0 / (1.0 + np.exp(-z))


def line_accuracy(
    calls: list[Call], probs: dict[tuple[int, int], float], t: float, only: set[int] | None = None
) -> float:
    """Plain line accuracy of the web cleaner (ruled, or a judged line whose ``probs`` >= t),
    over the documents ``only`` holds (default all)."""
    ok = n = 0
    for k, (labels, ruled, _scored) in enumerate(calls):
        if only is not None and k not in only:
            continue
        for i, lab in enumerate(labels):
            if lab is not None:
                ok += (i in ruled or probs.get((k, i), -1.0) >= t) == bool(lab)
                n += 1
    return round(ok / max(n, 1), 4)


def _row(probs: dict[tuple[int, int], float], k: int, n: int) -> np.ndarray:
    return np.array([probs.get((k, i), -1.0) for i in range(n)])


def calibrate(
    tune: list[Doc],
    tune_sites: list[str],
    held: list[Doc],
    langs: list[str],
    inputs: tuple[str, ...] = CALIBRATION_INPUTS,
    balanced: bool = False,
) -> dict:
    """Session 13: the per-document calibration of the loaded web model, fitted on data it
    never trained on: the tune sites (web labels) and the own pages it did not train on.

    The two parts weigh the same. Its figure is cross-validated: each own language left out in
    turn (fitted on the other languages and every tune site), and the tune sites in
    site-grouped folds (fitted on the other folds and every own page). Returns the fitted
    calibration, and the figures of the base model at its stored threshold and of the
    cross-validated calibration at :data:`CALIBRATED_THRESHOLD`, per part and own language.
    ``inputs`` and ``balanced``: see :func:`fit_calibration` (the defaults are candidate C).
    """
    from newssift.clean.cleaner import web_threshold

    stored = round(web_threshold(), 3)
    c_own, c_tune = web_calls(held), web_calls(tune)
    xo, yo, ko = calibration_rows(c_own, inputs)
    xt, yt, kt = calibration_rows(c_tune, inputs)
    x, y = np.vstack([xo, xt]), np.concatenate([yo, yt])
    w = np.concatenate([np.full(len(yo), 0.5 / len(yo)), np.full(len(yt), 0.5 / len(yt))])
    w *= len(y)
    lang_names = sorted(set(langs))
    fold_own = np.array([lang_names.index(langs[k]) for k, _ in ko])
    site_doc = np.array([tune_sites[k] for k, _ in kt])
    fold_tune = np.zeros(len(yt), dtype=int)
    folds = GroupKFold(n_splits=CALIBRATION_SITE_FOLDS).split(xt, yt, site_doc)
    for f, (_, te) in enumerate(folds):
        fold_tune[te] = len(lang_names) + f
    fold = np.concatenate([fold_own, fold_tune])
    oof = np.zeros(len(y))
    for f in np.unique(fold):
        te = fold == f
        cal = fit_calibration(x[~te], y[~te], w[~te], inputs, balanced)
        oof[te] = apply_calibration(cal, x[te])
    p_own = dict(zip(ko, oof[: len(yo)], strict=True))
    p_tune = dict(zip(kt, oof[len(yo) :], strict=True))
    base_own = {(k, i): p for k, (_, _, sc) in enumerate(c_own) for i, p in sc.items()}
    base_tune = {(k, i): p for k, (_, _, sc) in enumerate(c_tune) for i, p in sc.items()}
    t = CALIBRATED_THRESHOLD
    fig: dict = {
        "base_threshold": stored,
        "own_heldout": [line_accuracy(c_own, base_own, stored), line_accuracy(c_own, p_own, t)],
        "tune_sites": [line_accuracy(c_tune, base_tune, stored), line_accuracy(c_tune, p_tune, t)],
        "tune_sites_balanced": [
            balanced_of(c_tune)[round(stored, 2)],
            balanced_of(c_tune, [_row(p_tune, k, len(c[0])) for k, c in enumerate(c_tune)])[t],
        ],
    }
    for lang in lang_names:
        ks = {k for k, g in enumerate(langs) if g == lang}
        fig[f"own_{lang}"] = [
            line_accuracy(c_own, base_own, stored, ks),
            line_accuracy(c_own, p_own, t, ks),
        ]
    fig["criterion"] = [
        round((fig["own_heldout"][0] + fig["tune_sites"][0]) / 2, 4),
        round((fig["own_heldout"][1] + fig["tune_sites"][1]) / 2, 4),
    ]
    return {
        "calibration": fit_calibration(x, y, w, inputs, balanced),
        "figures": fig,
        "lines": [len(yo), len(yt)],
    }


def pre_screen(fig: dict) -> bool:
    """Session 13's pre-screen of a calibration, on licence-clean cross-validated figures only
    (:func:`calibrate`), before any test-site or Turku figure: the own held-out pages up, and
    the tune sites neither plain nor balanced down, against the base model at its threshold."""
    return (
        fig["own_heldout"][1] > fig["own_heldout"][0]
        and fig["tune_sites"][1] >= fig["tune_sites"][0]
        and fig["tune_sites_balanced"][1] >= fig["tune_sites_balanced"][0]
    )


def stage1_oof(x, y: np.ndarray, g: np.ndarray, lab: np.ndarray, sw: np.ndarray) -> np.ndarray:
    """Out-of-fold (site-grouped, :data:`CV_FOLDS`) stage-one probabilities of every line."""
    oof = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=CV_FOLDS).split(x, y, g):
        tr = tr[lab[tr]]
        oof[te] = fit1(x[tr], y[tr], 1.0, sw[tr]).predict_proba(x[te])[:, 1]
    return oof


def fit2(z, y: np.ndarray, w: np.ndarray) -> LogisticRegression:
    m = LogisticRegression(C=1.0, max_iter=2000, fit_intercept=False, class_weight="balanced")
    return m.fit(z, y, sample_weight=w)


def cross_validate(
    train: list[Doc], groups: list[int], n_derived: int, sw: np.ndarray, args
) -> list[dict]:
    """Site-grouped cross-validation of web candidates over every training document.

    Each candidate (per hash scale) gets out-of-fold stage-one scores (:func:`stage1_oof`);
    per fold, stage two is fitted on the other folds' out-of-fold scores and scores the
    held-out fold. The whole web-mode cleaner (rules + these scores) is then judged by the
    balanced line accuracy per threshold, on the derived documents and on the own documents
    apart; a candidate's figure is the mean of the two at its best threshold. (Stage one of
    the other folds saw the held-out fold when their scores were made; stage two has 8
    weights.)
    """
    from newssift.clean import model as line_model

    line_model.clear_cache()
    line_model.WEB_MODEL_FILE = "-"  # any model gives the rules' calls; v4 is at hand
    calls = web_calls(train)
    h, d, y, g, docid = featurise(train, groups)
    lab = y >= 0
    folds = np.zeros(len(y), dtype=np.int64)
    for f, (_, te) in enumerate(GroupKFold(n_splits=CV_FOLDS).split(h, y, g)):
        folds[te] = f
    out: list[dict] = []
    for hs in args.cv_hash_scales:
        mean, scale = d.mean(axis=0), d.std(axis=0) + 1e-6
        mean[0], scale[0] = 0.0, 1.0
        x = stack(h * hs, d, mean, scale)
        oof = stage1_oof(x, y, g, lab, sw)
        z = ctx_matrix(oof, docid)
        p2 = np.zeros(len(y))
        for f in range(CV_FOLDS):
            tr = (folds != f) & lab
            te = folds == f
            p2[te] = fit2(z[tr], y[tr], sw[tr]).predict_proba(z[te])[:, 1]
        probs = [p2[docid == k] for k in range(len(train))]
        derived = balanced_of(calls[:n_derived], probs[:n_derived])
        own = balanced_of(calls[n_derived:], probs[n_derived:])
        mean_s = {t: round((derived[t] + own[t]) / 2, 4) for t in THRESHOLDS}
        best = max(mean_s, key=lambda t: (mean_s[t], -abs(t - 0.5)))
        row = {
            "hash_scale": hs,
            "threshold": best,
            "cv_mean": mean_s[best],
            "cv_derived": derived[best],
            "cv_own": own[best],
            "stage1_cv_acc": round(float(((oof[lab] >= 0.5) == y[lab]).mean()), 4),
            "per_threshold": mean_s,
        }
        print(json.dumps(row), flush=True)
        out.append(row)
    return out


def cross_validate_own(
    derived: list[Doc], groups: list[int], n_sites: int, choices: list[str], args
) -> list[dict]:
    """Site-grouped cross-validation of news-recipe models that read other own pages.

    Every own page is in the folds (each its own site) for every candidate; a page a
    candidate does not read weighs 0 in its fitting but is still scored out of fold, so all
    are judged on the same lines: the whole web-mode cleaner's balanced accuracy with web
    labels (:func:`relabel_prose`) on the derived texts, the own pages before
    :data:`LIST_OWN_FROM` and those from it (the list-like ones), each at the candidate's best
    common threshold; its figure is the mean of the three. Training labels are the news
    model's (prose noise unsure). Session 9 chose lines_v5's own pages this way.
    """
    from newssift.clean import model as line_model

    evald = [(lines, list(labels)) for lines, labels in derived]
    relabel_prose(evald)
    train = [(lines, list(labels)) for lines, labels in derived]
    unsure_prose(train)
    own = own_docs()
    langs = own_langs()
    n_derived = len(train)
    train += own
    evald += [(lines, list(labels)) for lines, labels in own]
    groups = [*groups, *range(n_sites, n_sites + len(own))]
    line_model.clear_cache()
    line_model.WEB_MODEL_FILE = "-"  # any model gives the rules' calls
    calls = web_calls(evald)
    h, d, y, g, docid = featurise(train, groups)
    lab = y >= 0
    mean, scale = d.mean(axis=0), d.std(axis=0) + 1e-6
    mean[0], scale[0] = 0.0, 1.0
    x = stack(h * args.hash_scale, d, mean, scale)
    folds = np.zeros(len(y), dtype=np.int64)
    for f, (_, te) in enumerate(GroupKFold(n_splits=CV_FOLDS).split(h, y, g)):
        folds[te] = f
    parts = {
        "derived": range(n_derived),
        "own_before_lists": range(n_derived, n_derived + LIST_OWN_FROM),
        "own_lists": range(n_derived + LIST_OWN_FROM, len(train)),
    }
    out: list[dict] = []
    for choice in choices:
        first, skip = OWN_CHOICES[choice]
        sw = np.ones(len(y))
        for k in range(len(own)):
            read = (first is None or k < first) and k not in skip
            sw[docid == n_derived + k] = args.own_weight if read else 0.0
        use = lab & (sw > 0)
        oof = np.zeros(len(y))
        for f in range(CV_FOLDS):
            tr = np.where((folds != f) & use)[0]
            oof[folds == f] = fit1(x[tr], y[tr], 1.0, sw[tr]).predict_proba(x[folds == f])[:, 1]
        z = ctx_matrix(oof, docid)
        p2 = np.zeros(len(y))
        for f in range(CV_FOLDS):
            tr = (folds != f) & use
            p2[folds == f] = fit2(z[tr], y[tr], sw[tr]).predict_proba(z[folds == f])[:, 1]
        probs = [p2[docid == k] for k in range(len(train))]
        sc = {
            name: balanced_of([calls[k] for k in r], [probs[k] for k in r])
            for name, r in parts.items()
        }
        figure = {t: round(float(np.mean([sc[n][t] for n in parts])), 4) for t in THRESHOLDS}
        best = max(figure, key=lambda t: (figure[t], -abs(t - 0.5)))
        by_lang = {}
        for lang in sorted(set(langs)):
            for name, lo, hi in (("before", 0, LIST_OWN_FROM), ("lists", LIST_OWN_FROM, len(own))):
                ks = [n_derived + k for k in range(lo, hi) if langs[k] == lang]
                if ks:
                    part = balanced_of([calls[k] for k in ks], [probs[k] for k in ks])
                    by_lang[f"{lang}_{name}"] = part[best]
        row = {
            "own": choice,
            "threshold": best,
            "cv_figure": figure[best],
            **{name: sc[name][best] for name in parts},
            "at_0.5": {name: sc[name][0.5] for name in parts},
            "own_by_language": by_lang,
            "stage1_cv_acc": round(float(((oof[lab] >= 0.5) == y[lab]).mean()), 4),
        }
        print(json.dumps(row), flush=True)
        out.append(row)
    return out


#: Languages left out in turn by :func:`leave_language_out` (those of the held-out own pages
#: with at least :data:`MIN_LANG_LINES` lines).
LOLO_LANGS = ("de", "en", "es", "fi", "fr", "sv")


def leave_language_out(train: list[Doc], tune: list[Doc], args) -> list[dict]:
    """Session 10's screen: how well a recipe transfers to a language it has not seen.

    ``train`` holds the derived train texts (news labels) and then the own train pages of
    ``--own``. Per hash scale of ``--cv-hash-scales`` and per language L of
    :data:`LOLO_LANGS`, stage one is fitted on everything but the own pages of L and scores
    the own pages of L the model does not train on (:func:`heldout_own`); stage two is the
    shipped model's (8 weights), so only stage one differs. The LOLO figure is the mean over
    languages of the web cleaner's balanced line accuracy, at the best common threshold.
    Beside it, stage one fitted on all of ``train`` gives T's criterion
    (:func:`choose_threshold_heldout`: the tune sites and the held-out own pages by language).
    """
    from newssift.clean import model as line_model

    first, skip = OWN_CHOICES[args.own]
    langs = own_langs(split="train", first=first, skip=skip)
    n_derived = len(train) - len(langs)
    held, held_langs = heldout_own(first, skip)
    line_model.clear_cache()
    line_model.WEB_MODEL_FILE = "-"  # the rules' calls do not depend on the model
    w2 = line_model.load().w2
    held_calls, tune_calls = web_calls(held), web_calls(tune)
    h, d, y, _, docid = featurise(train, list(range(len(train))))
    lab = y >= 0
    mean, scale = d.mean(axis=0), d.std(axis=0) + 1e-6
    mean[0], scale[0] = 0.0, 1.0
    sw = np.where(docid >= n_derived, args.own_weight, 1.0)
    feats = {
        "held": featurise(held, list(range(len(held)))),
        "tune": featurise(tune, [0] * len(tune)),
    }

    def probs(m: LogisticRegression, part: str, cs: np.ndarray) -> list[np.ndarray]:
        hh, dd, _, _, did = feats[part]
        p1 = m.predict_proba(stack(hh @ sparse.diags(cs), dd, mean, scale))[:, 1]
        n = int(did.max()) + 1 if len(did) else 0
        return [1.0 / (1.0 + np.exp(-(context(p1[did == k]) @ w2))) for k in range(n)]

    def by_lang(pr: list[np.ndarray]) -> dict[float, float]:
        each = []
        for lang in sorted(set(held_langs)):
            ks = [k for k, g in enumerate(held_langs) if g == lang]
            if sum(v is not None for k in ks for v in held[k][1]) >= MIN_LANG_LINES:
                each.append(balanced_of([held_calls[k] for k in ks], [pr[k] for k in ks]))
        return {t: round(float(np.mean([e[t] for e in each])), 4) for t in THRESHOLDS}

    def best(sc: dict[float, float]) -> float:
        return max(sc, key=lambda t: (sc[t], -abs(t - 0.5)))

    out: list[dict] = []
    words = None if args.word_scale is None else word_buckets(train, h)
    for hs in args.cv_hash_scales:
        cs = bucket_scales(words, hs, args.word_scale)
        x = stack(h * hs, d, mean, scale) if args.word_scale is None else stack(
            h @ sparse.diags(cs), d, mean, scale
        )
        per_lang: dict[str, dict[float, float]] = {}
        for lang in LOLO_LANGS:
            use = lab & ~np.isin(docid, [n_derived + k for k, g in enumerate(langs) if g == lang])
            m = fit1(x[use], y[use], 1.0, sw[use])
            ks = [k for k, g in enumerate(held_langs) if g == lang]
            pr = probs(m, "held", cs)
            per_lang[lang] = balanced_of([held_calls[k] for k in ks], [pr[k] for k in ks])
        lolo = {t: round(float(np.mean([v[t] for v in per_lang.values()])), 4) for t in THRESHOLDS}
        m = fit1(x[lab], y[lab], 1.0, sw[lab])
        own_s = by_lang(probs(m, "held", cs))
        sites_s = balanced_of(tune_calls, probs(m, "tune", cs))
        crit = {t: round((own_s[t] + sites_s[t]) / 2, 4) for t in THRESHOLDS}
        tl, tc = best(lolo), best(crit)
        tf = floored_best(crit, sites_s, args.tune_floor)
        row = {
            "hash_scale": hs,
            "word_scale": args.word_scale,
            "lolo": lolo[tl],
            "lolo_threshold": tl,
            "lolo_at_0.5": lolo[0.5],
            "lolo_by_language": {g: v[tl] for g, v in per_lang.items()},
            "criterion": crit[tc],
            "criterion_threshold": tc,
            "tune_sites": sites_s[tc],
            "own_held_out": own_s[tc],
            "figure": round((lolo[tl] + crit[tc]) / 2, 4),
        }
        if args.tune_floor is not None:
            row.update(
                {
                    "floor_threshold": tf,
                    "criterion_floored": None if tf is None else crit[tf],
                    "tune_sites_floored": None if tf is None else sites_s[tf],
                    "own_held_out_floored": None if tf is None else own_s[tf],
                    "figure_floored": None if tf is None else round((lolo[tl] + crit[tf]) / 2, 4),
                    "per_threshold": {
                        str(t): [lolo[t], crit[t], sites_s[t], own_s[t]] for t in THRESHOLDS
                    },
                }
            )
        print(json.dumps(row), flush=True)
        out.append(row)
    return out


def stage_one(m1: LogisticRegression, mean, scale, args, cs=None) -> dict[str, np.ndarray]:
    """The model file's stage-one arrays: the fitted weights and the dense features' scaling
    (``cs``: each hashed feature's value in fitting, when not ``args.hash_scale`` for all)."""
    w = m1.coef_[0].astype(np.float32)
    out = {
        # a hashed feature was worth hash_scale in training and is worth 1 at inference
        "w_hash": (
            w[:N_HASH] * args.hash_scale if cs is None else w[:N_HASH] * cs.astype(np.float32)
        ).astype(np.float16),
        "w_dense": w[N_HASH : N_HASH + N_DENSE],
        "mean": mean[:N_DENSE].astype(np.float32),
        "scale": scale[:N_DENSE].astype(np.float32),
        "b1": np.array(m1.intercept_[0], dtype=np.float32),
    }
    assert out["w_dense"].shape == (N_DENSE,)
    return out


def check(path: Path, arrays: dict[str, np.ndarray]) -> int:
    """0 when the model file at ``path`` holds ``arrays`` exactly (same dtype, same values)."""
    with np.load(path, allow_pickle=False) as z:
        differ = [
            k for k, a in arrays.items() if z[k].dtype != a.dtype or not np.array_equal(z[k], a)
        ]
    print(f"{path}: stage one {'differs in ' + ', '.join(differ) if differ else 'equal'}")
    return 1 if differ else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/benchmarks"))
    ap.add_argument(
        "--mode",
        choices=("news", "web"),
        default="news",
        help="news: article lines are clean (lines_v4); web: all running text is (lines_web_v2)",
    )
    ap.add_argument("--out", type=Path, default=None, help="model file (default by mode)")
    ap.add_argument(
        "--hash-scale",
        type=float,
        default=None,
        help="value of a hashed-word feature (default 1 news, 0.5 web): below 1 damps the words",
    )
    ap.add_argument(
        "--prose-noise",
        choices=("noise", "unsure"),
        default="unsure",
        help="label of derived noise lines that read as prose (see is_prose; default unsure)",
    )
    ap.add_argument("--own-weight", type=float, default=OWN_WEIGHT, help="weight of an own line")
    ap.add_argument(
        "--own",
        choices=tuple(OWN_CHOICES),
        default=None,
        help="own documents read: v4 (the first 48: the news default, v4's twin), lists (those "
        "and session 9's list-like pages, 114 on), all (the web default), pre-lists (the "
        "first 114: the web recipe of sessions 6-8)",
    )
    ap.add_argument(
        "--own-all",
        action="store_true",
        help="web: train on every own page, the tune split's too (when --cv chose the threshold)",
    )
    ap.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="store this web threshold (chosen by --cv) instead of choosing it on the tune split",
    )
    ap.add_argument(
        "--threshold-on",
        choices=("tune", "heldout-own"),
        default="tune",
        help="web threshold chosen on: tune (the tune sites + own tune pages, v4) or "
        "heldout-own (the tune sites + every own page not trained on, per language; session 10)",
    )
    ap.add_argument(
        "--word-scale",
        type=float,
        default=None,
        help="value of a hashed feature in the buckets words dominate (word_buckets); the "
        "others get --hash-scale (or each of --cv-hash-scales with --lolo); session 12",
    )
    ap.add_argument(
        "--tune-floor",
        type=float,
        default=None,
        help="with --threshold-on heldout-own or --lolo: only thresholds that keep the tune "
        "sites' balanced accuracy at or above this (session 12)",
    )
    ap.add_argument(
        "--cv",
        action="store_true",
        help="cross-validate candidates over the train sites and every own page, no file "
        "(web: hash scales; news: own-page choices, see --cv-own)",
    )
    ap.add_argument(
        "--lolo",
        action="store_true",
        help="news recipe: leave-one-language-out screen of --cv-hash-scales on the own pages "
        "(and the tune sites), no file",
    )
    ap.add_argument(
        "--cv-own",
        type=lambda v: v.split(","),
        default=list(OWN_CHOICES),
        help="news --cv: the --own choices to compare (comma-separated; default all three)",
    )
    ap.add_argument(
        "--cv-hash-scales",
        type=lambda v: [float(x) for x in v.split(",")],
        default=[WEB_HASH_SCALE],
        help="with --cv: hash scales to try (comma-separated)",
    )
    ap.add_argument(
        "--calibrate",
        action="store_true",
        help="session 13: fit the news model's per-document calibration for web mode on the "
        "tune sites and the own pages it did not train on; write it with v4's weights (--out)",
    )
    ap.add_argument(
        "--calibration-inputs",
        default=",".join(CALIBRATION_INPUTS),
        help="with --calibrate: the calibration's inputs, comma-separated (default: C's)",
    )
    ap.add_argument(
        "--calibration-balanced",
        action="store_true",
        help="with --calibrate: noise and clean lines weigh the same in the calibration's fit",
    )
    ap.add_argument(
        "--score",
        metavar="FILE",
        default=None,
        help="score this web model file (or v4) instead of training; see --split",
    )
    ap.add_argument("--split", choices=("tune", "test"), default="tune", help="with --score")
    ap.add_argument(
        "--check",
        metavar="FILE",
        type=Path,
        default=None,
        help="refit stage one only (w_hash, w_dense, b1, mean, scale: all but stage two's 8 "
        "weights) and exit 1 unless FILE holds the same arrays; a tenth of a retrain",
    )
    ap.add_argument(
        "--date",
        default=None,
        help="training date stored in the file (default today; the card's retrain command "
        "gives the shipped file's, so the rebuild is byte-identical)",
    )
    args = ap.parse_args()
    env = blas_env()
    if any(os.environ.get(k) != v for k, v in env.items()):
        # OpenBLAS chose its kernels when numpy loaded: start again with them set
        argv = [sys.executable, "-m", "train.train_lines", *sys.argv[1:]]
        os.execve(sys.executable, argv, {**os.environ, **env})
    if blas_kernels() != {BLAS_CORETYPE}:
        print(
            f"warning: OpenBLAS runs {sorted(blas_kernels())} kernels, not {BLAS_CORETYPE}: "
            "the weights will differ from the shipped file's in the last digits",
            file=sys.stderr,
        )
    with threadpool_limits(limits=BLAS_THREADS):
        run(args)


def run_calibrate(args: argparse.Namespace) -> None:
    """``--calibrate``: v4's arrays with a per-document calibration (:func:`calibrate`) and the
    web threshold :data:`CALIBRATED_THRESHOLD`, written to ``--out`` (required: session 13's
    candidate C failed its ship rule, so no default path writes into the package)."""
    from newssift.clean import model as line_model

    if args.out is None:
        sys.exit("--calibrate needs --out (candidate C did not ship; see docs/models.md)")

    line_model.clear_cache()
    line_model.WEB_MODEL_FILE = "-"  # the news model v4 stands in, uncalibrated
    tune: list[Doc] = []
    sites: list[str] = []
    for page, texts in build(args.data):
        if page.split == "tune":
            for source, lines, labels in texts:
                if source in SOURCES:
                    tune.append((lines, labels))
                    sites.append(page.site)
    relabel_prose(tune)
    held, langs = heldout_own(NEWS_OWN_DOCS, range(0))
    inputs = tuple(args.calibration_inputs.split(","))
    if inputs[0] != "logit" or not set(inputs) <= set(KNOWN_INPUTS):
        sys.exit(f"--calibration-inputs: 'logit' first, then any of {', '.join(KNOWN_INPUTS)}")
    res = calibrate(tune, sites, held, langs, inputs, args.calibration_balanced)
    print(json.dumps(res["figures"]))
    print(f"pre-screen (own up, tune plain and balanced not down): {pre_screen(res['figures'])}")
    print(f"calibration: {json.dumps(res['calibration'])}")
    with np.load(OUT, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    meta = json.loads(str(arrays["meta"]))
    meta.update(
        {
            "mode": "web",
            "date": args.date or dt.date.today().isoformat(),
            "doc_calibration": res["calibration"],
            "calibration_data": f"web labels of the {len(tune)} tune-site texts ({res['lines'][1]} "
            f"judged lines) and the {len(held)} own pages v4 did not train on "
            f"({res['lines'][0]} judged lines), the two weighing the same",
            "calibration_figures": res["figures"],
            "web_threshold": CALIBRATED_THRESHOLD,
            "threshold_chosen_by": "fixed: 0.5 on calibrated probabilities",
        }
    )
    arrays["meta"] = np.array(json.dumps(meta))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_model(args.out, arrays)
    print(f"wrote {args.out}")


def run(args: argparse.Namespace) -> None:
    if args.score:
        print(json.dumps(score(args.data, args.score, args.split)))
        return
    if args.calibrate:
        run_calibrate(args)
        return
    web = args.mode == "web"
    if args.out is None:
        args.out = OUT_WEB if web else OUT
    if args.hash_scale is None:
        args.hash_scale = WEB_HASH_SCALE if web else 1.0
    if args.own_all and not web:
        sys.exit("--own-all is for --mode web")
    if not (args.data / "extraction" / "aeb").exists():
        sys.exit(f"extraction data not found under {args.data}")
    built = build(args.data)
    sites = sorted({p.site for p, _ in built})
    site_id = {s: k for k, s in enumerate(sites)}
    train: list[Doc] = []
    groups: list[int] = []
    tune: list[Doc] = []
    for page, docs in built:
        for source, lines, labels in docs:
            if source not in SOURCES:
                continue
            if page.split == "train":
                train.append((lines, labels))
                groups.append(site_id[page.site])
            elif page.split == "tune":
                tune.append((lines, labels))
    if args.lolo:
        if web:
            sys.exit("--lolo is for the news recipe")
        unsure_prose(train), unsure_prose(tune)
        first, skip = OWN_CHOICES[args.own or "v4"]
        args.own = args.own or "v4"
        train += own_docs(split="train", first=first, skip=skip)
        leave_language_out(train, tune, args)
        return
    if args.cv and not web:
        print(f"cross-validation of own-page choices: {len(train)} derived texts")
        cross_validate_own(train, groups, len(sites), args.cv_own, args)
        return
    if web:
        n_tr, n_tu = relabel_prose(train), relabel_prose(tune)
        print(f"prose lines set clean: {n_tr} (train), {n_tu} (tune)")
    elif args.prose_noise == "unsure":
        print(f"prose lines set unsure: {unsure_prose(train)} (train), {unsure_prose(tune)} (tune)")
    if args.own is None:
        args.own = "all" if web else "v4"
    first, skip = OWN_CHOICES[args.own]
    own_split = None if (args.cv or args.own_all) else "train"
    own = own_docs(split=own_split, first=first, skip=skip)
    own_tune = [] if own_split is None else own_docs(split="tune", first=first, skip=skip)
    n_derived = len(train)
    for k, d in enumerate(own):
        train.append(d)
        groups.append(len(sites) + k)
    own_factor = (
        lang_weights(own_langs(split=own_split, first=first, skip=skip), [len(x) for x, _ in own])
        if web
        else [1.0] * len(own)
    )
    line_doc = np.repeat(np.arange(len(train)), [len(x) for x, _ in train])
    sw = np.ones(len(line_doc))
    for k, f in enumerate(own_factor):
        sw[line_doc == n_derived + k] = args.own_weight * f
    if args.cv:
        print(f"cross-validation: {n_derived} derived texts, {len(own)} own pages")
        rows = cross_validate(train, groups, n_derived, sw, args)
        best = max(rows, key=lambda r: r["cv_mean"])
        print(f"best: {json.dumps({k: v for k, v in best.items() if k != 'per_threshold'})}")
        return

    h, d, y, g, docid = featurise(train, groups)
    cs = None
    if args.word_scale is not None:
        cs = bucket_scales(word_buckets(train, h), args.hash_scale, args.word_scale)
    h = h * args.hash_scale if cs is None else h @ sparse.diags(cs)
    mean = d.mean(axis=0)
    scale = d.std(axis=0) + 1e-6
    mean[0], scale[0] = 0.0, 1.0  # the constant column stays 1
    x = stack(h, d, mean, scale)
    lab = y >= 0
    print(
        f"train: {len(train)} docs ({len(own)} own), {x.shape[0]} lines, {int(lab.sum())} "
        f"labelled, noise share {y[lab].mean():.3f}"
    )
    c = 1.0
    if args.check:
        sys.exit(
            check(args.check, stage_one(fit1(x[lab], y[lab], c, sw[lab]), mean, scale, args, cs))
        )
    oof = stage1_oof(x, y, g, lab, sw)
    print(f"stage-1 CV accuracy (site-grouped) {((oof[lab] >= 0.5) == y[lab]).mean():.4f}")
    m1 = fit1(x[lab], y[lab], c, sw[lab])
    z2 = ctx_matrix(oof, docid)
    m2 = fit2(z2[lab], y[lab], sw[lab])

    arrays = {
        **stage_one(m1, mean, scale, args, cs),
        "w2": m2.coef_[0].astype(np.float32),
        "b2": np.array(0.0, dtype=np.float32),
    }
    meta: dict = {
        "data": "line labels derived from aeb (MIT) and naeb (Apache-2.0), train sites, "
        f"sources {','.join(SOURCES)}; {len(own)} own annotated documents "
        f"(train/lines_own.json, {'all' if own_split is None else 'train split'}"
        f"{'' if args.own in ('v4', 'all', 'pre-lists') else f' of --own {args.own}'})",
        "date": args.date or dt.date.today().isoformat(),
        "extractor_commit": EXTRACTOR_COMMIT,
        "versions": {name: version(name) for name in PINNED},
        "blas": f"OpenBLAS {'/'.join(sorted(blas_kernels()))} kernels, {BLAS_THREADS} threads",
        "C": c,
        "train_lines": int(lab.sum()),
        "train_sites": sum(1 for s in sites if split_of(s) == "train"),
        "own_weight": args.own_weight,
        "prose_noise": "clean" if web else args.prose_noise,
        "mode": args.mode,
        "hash_scale": args.hash_scale,
        **({} if args.word_scale is None else {"word_scale": args.word_scale}),
        "own_language_balanced": web,
        "stage2": "scores",
    }
    arrays["meta"] = np.array(json.dumps(meta))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_model(args.out, arrays)

    # the web-mode threshold, chosen on the tune sites with the model just written
    from newssift.clean import model as line_model

    line_model.clear_cache()
    if web:
        line_model.use_web_model(args.out)
    else:
        line_model.MODEL_DIR, line_model.MODEL_FILE = args.out.parent, args.out.name
        line_model.WEB_MODEL_FILE = "-"  # the threshold is chosen for this model, not a web one
    if args.threshold_on == "heldout-own":
        held, held_langs = heldout_own(first, skip)
        best, scores, each = choose_threshold_heldout(tune, held, held_langs, args.tune_floor)
        if best is None:
            sys.exit(f"no threshold keeps the tune sites at {args.tune_floor}: {each[0]}")
        meta["threshold_chosen_on"] = (
            f"tune sites and {len(held)} own pages not trained on (mean over languages)"
            + ("" if args.tune_floor is None else f", tune sites at least {args.tune_floor}")
        )
    else:
        best, scores, each = choose_threshold(tune, own_tune)
    if args.threshold is not None:
        best = round(args.threshold, 2)
        meta["threshold_chosen_by"] = "site-grouped cross-validation (train_lines.py --cv)"
    print(f"web threshold: {best} (mean balanced line accuracy {scores[best]}); {scores}")
    meta["web_threshold"] = best
    meta["tune_balanced_accuracy"] = scores[best]
    meta["tune_sites_balanced_accuracy"] = each[0][best]
    if args.threshold_on == "heldout-own":
        print(f"  tune sites {each[0][best]}, own pages not trained on {each[1][best]}")
        meta["heldout_own_language_mean"] = each[1][best]
    else:
        own_s = f", own tune documents {each[1][best]}" if own_tune else ""
        print(f"  tune sites {each[0][best]}{own_s}")
        if own_tune:
            meta["own_tune_balanced_accuracy"] = each[1][best]
        meta["own_tune_documents"] = len(own_tune)
    arrays["meta"] = np.array(json.dumps(meta))
    save_model(args.out, arrays)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
