"""Train the MT detectors shipped as src/newssift/models/mt_linear.npz (document, v2) and
mt_sentence.npz (sentence level), and run the leave-one-year-out protocol bench/mt.py reports.

Data (read from the shared benchmark folder, never copied into the project):
  ../shared/benchmarks/mt/ht-vs-mt-deen (van der Werff, van Noord, Toral, EAMT 2022; MIT)
  - experiments/10/data/{deepl,google}/train: documents (one a line) of WMT08-17, plus the
    original-English side of WMT18 (``org_en_wmt18``, ``trans_de_wmt18.*``);
  - experiments/shared_data/docs/{deepl,google}/dev: the WMT18 German-original documents.
  The WMT year is in every file name (``*_wmtYY*``), so each document has a year; human files
  (``*.txt``: ``org_en`` original English, ``trans_en`` human translation) appear in both system
  folders and are read once; ``*.deepl.en`` / ``*.en.google`` are MT of the German
  (``org_de``) or of a human German translation of English (``trans_de``, a round trip).
  Extra human negatives: the English bodies of ../shared/benchmarks/extraction/aeb (MIT) and
  naeb (Apache-2.0) on the sites of the *training half* of a fixed site split
  (:func:`site_half`); the other half is kept for bench/mt.py's false-alarm measurement.
  Licence: the ht-vs-mt-deen repository is MIT, but its texts are WMT news test sets, released
  by WMT for research without a formal licence (see docs/models.md before shipping beyond
  research).

Model (v2): text flattened to ASCII typography, then tf-idf (sublinear, idf from the training
rows, terms in >= 2 training documents; >= 3 for characters) of word 1-2-grams and, as the
cross-validation chooses, closed-class skeleton 1-4-grams and character 2-4-grams (see
newssift.assess.mt_features), each family l2-normalised, into one
logistic regression over DeepL and Google output together, classes weighted to balance. The
feature families and C are chosen by cross-validation grouped by WMT year on the training
rows only (:data:`GRID`), and so are two remedies for short documents: training windows cut
from long documents (:func:`with_windows`) and a calibration with a length term
(:data:`CALIBRATIONS`); the score is calibrated by a Platt fit (classes balanced) on that
cross-validation's out-of-fold scores. Exported as plain numpy arrays: inference needs numpy.
The file also holds every term's integer lookup key and the token vocabularies
(newssift.assess.mt_model.lookup_file_arrays), so the runtime builds no string per term at
load, with the rows in key order and the lookup table's probes (mt_model.in_key_order), so it
sorts nothing;
with the dense profile (a GRID entry) it holds the profile's scaling, weights and word list.

Usage:  nice .venv/bin/python -m train.train_mt [--shared DIR] [--out PATH]
        nice .venv/bin/python -m train.train_mt --sentence-level   (-> mt_sentence.npz)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import normalize

from newssift.assess.mt_features import (
    PROFILE_NAMES,
    STAT_NAMES,
    char_codes,
    char_term,
    doc_stats,
    model_text,
    ngram_terms,
    profile,
    raw_tokens,
    sentences,
    skeleton_terms,
    tokens,
    word_terms,
)
from newssift.assess.mt_model import doc_length, in_key_order, lookup_file_arrays

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_SHARED = ROOT.parent / "shared"
DEFAULT_DATA = DEFAULT_SHARED / "benchmarks" / "mt" / "ht-vs-mt-deen" / "experiments"
DEFAULT_OUT = ROOT / "src" / "newssift" / "models" / "mt_linear.npz"


def is_mt(name: str) -> bool:
    return name.endswith(".deepl.en") or name.endswith(".en.google")


def load_lines(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def analyzer(text: str) -> list[str]:
    return ngram_terms(tokens(text), 2)


class Model:
    def __init__(
        self, C: float = 4.0, min_df: int = 2, stats_weight: float = 1.0, balanced: bool = True
    ) -> None:
        self.C, self.min_df, self.stats_weight = C, min_df, stats_weight
        self.balanced = balanced

    def _stats(self, texts: list[str]) -> np.ndarray:
        return np.array([doc_stats(t) for t in texts], dtype=np.float64)

    def features(self, texts: list[str]):
        x = self.vec.transform(texts)
        s = (self._stats(texts) - self.mu) / self.sd * self.stats_weight
        return sparse.hstack([x, sparse.csr_matrix(s)]).tocsr()

    def fit(self, texts: list[str], y: np.ndarray) -> Model:
        self.vec = TfidfVectorizer(
            analyzer=analyzer, min_df=self.min_df, sublinear_tf=True, norm="l2", dtype=np.float64
        )
        self.vec.fit(texts)
        s = self._stats(texts)
        self.mu, self.sd = s.mean(0), s.std(0) + 1e-9
        self.clf = LogisticRegression(
            C=self.C,
            max_iter=3000,
            solver="liblinear",
            class_weight="balanced" if self.balanced else None,
        )
        self.clf.fit(self.features(texts), y)
        return self

    def decision(self, texts: list[str]) -> np.ndarray:
        return self.clf.decision_function(self.features(texts))

    def export(self, out: Path, note: str) -> None:
        terms = self.vec.get_feature_names_out()
        w = self.clf.coef_[0]
        nv = len(terms)
        wv, ws = w[:nv], w[nv:]
        keep = np.flatnonzero(np.abs(wv) > 1e-6)
        out.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            out,
            terms=np.array([terms[i] for i in keep], dtype=str),
            idf=self.vec.idf_[keep].astype(np.float32),
            weights=wv[keep].astype(np.float32),
            stat_names=np.array(STAT_NAMES, dtype=str),
            stat_mean=self.mu.astype(np.float64),
            stat_scale=(self.sd / self.stats_weight).astype(np.float64),
            stat_weights=ws.astype(np.float64),
            bias=np.array([self.clf.intercept_[0]]),
            n_vocab_full=np.array([nv]),
            note=np.array([note]),
        )


def accuracy(scores: np.ndarray, y: np.ndarray) -> float:
    return float(((scores > 0).astype(int) == y).mean())


def balanced_accuracy(pred: np.ndarray, yt: np.ndarray) -> float:
    return float(
        0.5 * (((pred > 0) & (yt == 1)).sum() / max((yt == 1).sum(), 1))
        + 0.5 * (((pred <= 0) & (yt == 0)).sum() / max((yt == 0).sum(), 1))
    )


def sentence_level(args: argparse.Namespace) -> None:
    """The sentence-level model: experiments/4 train sentences, C chosen by grouped CV on
    them, scored on the WMT18 dev sentences and documents."""
    sents = load_wmt(args.data, "sent")
    train = [d for d in sents if d.split == "train"]
    texts, y = [d.text for d in train], np.array([d.mt for d in train])
    g = np.array([d.year for d in train])
    print(f"train sentences: {len(texts)} (MT {int(y.sum())}, human {int((1 - y).sum())})")
    best_c, best = 0.5, -1.0
    for C in (0.5, 2.0):
        accs = []
        for tr, te in GroupKFold(n_splits=3).split(texts, y, g):
            m = Model(C=C, min_df=3).fit([texts[i] for i in tr], y[tr])
            accs.append(balanced_accuracy(m.decision([texts[i] for i in te]), y[te]))
        print(f"C={C}: grouped-CV sentence balanced accuracy {np.mean(accs):.3f}", flush=True)
        if np.mean(accs) > best:
            best_c, best = C, float(np.mean(accs))
    model = Model(C=best_c, min_df=3).fit(texts, y)
    res = {}
    for level, rows in (("doc", load_wmt(args.data, "doc")), ("sent", sents)):
        for system in SYSTEMS:
            dev = [d for d in rows if d.split == "dev" and d.origin == "de"]
            dev = [d for d in dev if d.system in (system, "human")]
            acc = accuracy(model.decision([d.text for d in dev]), np.array([d.mt for d in dev]))
            res[f"{system}/{level}"] = acc
    for k, v in res.items():
        print(f"WMT18 dev {k}: accuracy {v:.3f}")
    out = args.out if args.out != DEFAULT_OUT else DEFAULT_OUT.with_name("mt_sentence.npz")
    note = (
        f"ht-vs-mt-deen experiments/4 train sentences (deepl+google); C={best_c}; "
        "class weights balanced; dev " + ", ".join(f"{k}={v:.3f}" for k, v in res.items())
    )
    model.export(out, note)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB)")


# ---------------------------------------------------------------- document model v2

FAMILIES = ("words", "skeleton", "chars")
#: The dense family (newssift.assess.mt_features.profile): not n-grams, one block of rates.
PROFILE = "profile"
#: Size of the frequency list of the rare-word rate (most frequent words of the training rows).
COMMON_N = 5000
#: Fewest training documents a term must be in, per family (character n-grams are many).
MIN_DF = {"words": 2, "skeleton": 2, "chars": 3}
#: The choices cross-validation makes (feature families, C, weight of a web-news document
#: against a WMT one), on training years only. Web weight 1, words alone and C=128 were in
#: earlier grids; the same grouped CV put them below these (or chose them rarely), so they
#: were dropped for time. Character 2-4-grams were added in session 4: cross-validation
#: chooses whether to add them to words + skeleton.
#: Session 5: the dense profile (closed-class rates, sentence shape, punctuation per
#: sentence, windowed diversity/repetition, rare-word rate) was added as a third entry.
#: Words + skeleton without characters (chosen in 1 of 11 folds by session 4's inner CV)
#: was dropped then, for time on the loaded machine.
#: Session 6: each entry has a fourth choice, the weight of *windows* (0 = none): training
#: documents of at least 2 x :data:`WINDOW_WORDS` words cut into sentence-aligned pieces of
#: about that length, added as extra training rows of the same year and class, so that the
#: short-document regime (WMT14 and WMT16 average ~295 words) is in every training fold.
#: Windows never count in document frequencies and are never scored. The profile entry was
#: dropped for time (inner CV rejected it in session 5: 0.629 against 0.683 on all years).
#: Each entry is also scored with two calibrations (:data:`CALIBRATIONS`), chosen the same way.
#: Session 7 tried a fifth choice, cutting the long *web* pages into windows too (short human
#: negatives); the full protocol left the worst year where it was (docs/bench/mt.md, session 7
#: notes), so it was not kept (removed in session 8).
#: Session 10: a fifth choice, the weight of *prefixes* (0 = none): one sentence-aligned
#: opening of every document, WMT and web alike, of 40-250 words (:func:`with_prefixes`),
#: added as a training row of its document's class. Without them every short training text
#: is a WMT document (the web pages, all human, are long: 4% under 160 words against 17% of
#: WMT), so shortness itself read as MT: scored out of fold, 90-130-word openings of
#: native-English pages reached 0.5 five to ten times as often as whole pages.
GRID: tuple[tuple[tuple[str, ...], float, float, float, float], ...] = (
    (("words", "skeleton", "chars"), 32.0, 4.0, 0.0, 0.0),
    (("words", "skeleton", "chars"), 32.0, 4.0, 1.0, 0.0),
    (("words", "skeleton", "chars"), 32.0, 4.0, 0.0, 1.0),
)
#: Words per training window (about the length of a WMT14/WMT16 document).
WINDOW_WORDS = 300
#: Shortest and longest training prefix (words; :func:`with_prefixes`). 40 is
#: newssift.assess.mt_model.MIN_WORDS, the shortest text the runtime assesses.
PREFIX_WORDS = (40, 250)
#: How the out-of-fold scores are calibrated: ``platt`` = a*s + b; ``length`` = a*s + b +
#: c*log(1 + words), so the threshold on the raw score can move with the document's length
#: (a short text's l2-normalised n-gram vector is sparser, its raw score on another scale).
CALIBRATIONS = ("platt", "length")
#: Most native-English web pages the score may call MT (out-of-fold, training sites):
#: the calibrated intercept is lowered until no more than this share reaches 0.5.
WEB_ALARM = 0.01
#: Whether the alarm rule also counts each web page's training prefix (its opening of
#: 40-250 words, :func:`with_prefixes`, scored out of fold), so that it holds for short
#: pages too. Off: measured in session 10, it lowered the inner-CV accuracy on all years
#: from 0.683 (shipped) to 0.661 and the first held-out year tried (WMT14, DeepL) from 0.766
#: to 0.724, through the larger intercept shift; the prefixes in training (GRID) alone
#: already held short openings' alarms near 1-2% with the length calibration.
ALARM_COUNTS_PREFIXES = False
#: Which WMT documents the calibration is fitted on and the inner CV scores an entry by:
#: ``"de"`` = the German-original documents (human translation of German against MT of
#: German, the task the protocol measures); ``"wmt"`` = every WMT document, with the
#: original-English side (native English against its round trip through German) too.
#: Session 13 (docs/bench/mt.md): with ``"wmt"`` the pooled Platt intercept sits so that the
#: web-alarm shift sets the threshold in every fold (shift 0.45-0.98), i.e. the threshold
#: followed where the native-English pages fall, not where translated documents do.
#: ``"de"`` was measured by the full protocol in session 13: both means rose (DeepL 0.785 ->
#: 0.809, Google 0.822 -> 0.829) and DeepL's worst year (0.661 -> 0.672), but Google's worst
#: year stayed at 0.690, so by the rule fixed before the run it did not ship.
CALIBRATE_ON = "wmt"
#: How the inner cross-validation of :func:`select_and_fit` splits the training rows:
#: ``"3fold"`` = 3 folds grouped by WMT year (web pages by site bucket); ``"loyo"`` = one fold
#: per training year, that year's documents with one of as many site buckets of web pages
#: (:func:`inner_folds`), so every out-of-fold score comes from a model that saw all other
#: training years, as the outer fold's model does.
INNER_CV = "3fold"
#: How the model file's note names each :data:`INNER_CV`.
INNER_CV_NAMES = {
    "3fold": "3-fold CV grouped by year",
    "loyo": "leave-one-training-year-out CV",
}
#: Where the calibrated score's threshold is put on the inner CV's out-of-fold scores
#: (:func:`calibrate`): ``"web"`` = at 0.5 of the Platt fit, raised only as far as the
#: web-alarm cap needs; ``"worst-year"`` = at the threshold whose *worst* training year (German
#: originals, balanced accuracy out of fold) is best, then raised as far as the web-alarm cap
#: needs. Either way the held-out year is never read: the outer fold chooses on its training
#: years only (nested).
#: ``"mean-year"`` / ``"median-year"``: the same with the mean / the median of the training
#: years' balanced accuracies in place of the worst (:data:`YEAR_STATS`).
#: Session 14 measured ``"loyo"`` + ``"de"`` + ``"worst-year"`` with the windows entry alone
#: (docs/bench/mt.md): WMT16 held out 0.684 / 0.695 (DeepL / Google) against the 0.681 / 0.710
#: its rule asked, so both stay off.
THRESHOLD = "web"
#: The per-year statistic each year-threshold rule of :data:`THRESHOLD` maximises.
YEAR_STATS = {"worst-year": "worst", "mean-year": "mean", "median-year": "median"}
SYSTEMS = ("deepl", "google")
#: How the document model prepares a text (newssift.assess.mt_features.TEXT_FORMS), written
#: into the model file. ``flat`` is the only form: the ``flat+conventions`` candidate
#: (sessions 11 and 12, with a year-varying-term filter in session 12) failed the protocol
#: twice and was removed with that filter (docs/bench/mt.md).
TEXT_FORM = "flat"


@dataclass
class Doc:
    text: str
    mt: int  # 1 = machine translation
    year: int  # WMT year (8..18); -1 for web news
    system: str  # "deepl", "google" or "human"
    origin: str  # "de" (German original or its human translation), "en", or "web"
    site: str = ""
    split: str = "train"  # the ht-vs-mt-deen folder: "train" or "dev" (WMT18)
    parent: int = -1  # a training window or prefix: the index of the document it was cut from
    kind: str = ""  # "window" (:func:`with_windows`), "prefix" (:func:`with_prefixes`)


def cut_windows(text: str, size: int = WINDOW_WORDS) -> list[str]:
    """``text`` cut at sentence ends into pieces of at least ``size`` words (a last piece
    under ``size / 2`` words joins the one before); [] when fewer than two pieces result."""
    out: list[list[str]] = []
    cur: list[str] = []
    n = 0
    for s in sentences(text):
        cur.append(s)
        n += len(s.split())
        if n >= size:
            out.append(cur)
            cur, n = [], 0
    if cur:
        if out and n < size / 2:
            out[-1] += cur
        else:
            out.append(cur)
    return [" ".join(p) for p in out] if len(out) >= 2 else []


def with_windows(docs: list[Doc]) -> list[Doc]:
    """``docs`` followed by the windows of its WMT documents (``parent`` = the document; a
    window keeps its document's year, class and origin); web pages are not cut."""
    extra = [
        Doc(w, d.mt, d.year, d.system, d.origin, d.site, d.split, parent=i, kind="window")
        for i, d in enumerate(docs)
        if d.year >= 0 and d.parent < 0
        for w in cut_windows(d.text)
    ]
    return docs + extra


def prefix_of(text: str, words: int) -> str:
    """The opening sentences of ``text`` up to the first that reaches ``words`` words."""
    out, n = [], 0
    for s in sentences(text):
        out.append(s)
        n += len(s.split())
        if n >= words:
            break
    return " ".join(out)


def prefix_words(text: str) -> int:
    """A document's training-prefix length: log-uniform over :data:`PREFIX_WORDS`, drawn
    from a hash of the text (the same on every run)."""
    lo, hi = PREFIX_WORDS
    u = int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16) / 2**32
    return round(lo * (hi / lo) ** u)


def with_prefixes(docs: list[Doc]) -> list[Doc]:
    """``docs`` followed by one prefix of each document (windows are not cut): its opening
    sentences up to :func:`prefix_words` words, kept when they are under 0.8 of the document
    (a text barely longer than the prefix adds nothing). A prefix keeps its document's
    year, class, origin and site; ``parent`` = the document, ``kind`` = "prefix"."""
    extra = []
    for i, d in enumerate(docs):
        if d.parent >= 0:
            continue
        p = prefix_of(d.text, prefix_words(d.text))
        if len(p.split()) < 0.8 * len(d.text.split()):
            extra.append(Doc(p, d.mt, d.year, d.system, d.origin, d.site, d.split, i, "prefix"))
    return docs + extra


def load_wmt(data: Path, level: str = "doc") -> list[Doc]:
    """The one loader of ht-vs-mt-deen: every document (``level="doc"``: experiments/10
    train and shared_data/docs dev) or every sentence (``"sent"``: experiments/4 train and
    shared_data dev), one :class:`Doc` a line, human files read once for both systems."""
    docs, seen = [], set()
    for system in SYSTEMS:
        if level == "doc":
            folders = [
                data / "10" / "data" / system / "train",
                data / "shared_data" / "docs" / system / "dev",
            ]
        else:
            folders = [
                data / "4" / "data" / system / "train",
                data / "shared_data" / system / "dev",
            ]
        for folder in folders:
            split = folder.name
            for f in sorted(folder.iterdir()):
                if not f.is_file():
                    continue
                mt = is_mt(f.name)
                if not mt and (split, f.name) in seen:
                    continue
                seen.add((split, f.name))
                year = int(re.search(r"wmt(\d\d)", f.name).group(1))
                origin = "de" if f.name.startswith(("org_de", "trans_en")) else "en"
                for ln in load_lines(f):
                    docs.append(
                        Doc(ln, int(mt), year, system if mt else "human", origin, "", split)
                    )
    return docs


def site_half(site: str) -> str:
    """A fixed split of web-news sites: ``"train"`` or ``"heldout"`` (half each, by hash)."""
    h = int(hashlib.sha1(site.encode()).hexdigest()[:8], 16)
    return "heldout" if h % 2 else "train"


def _host(url: str) -> str:
    host = re.sub(r"^[a-z]+://", "", url or "").split("/")[0].lower()
    return host[4:] if host.startswith("www.") else host


def load_web_news(shared: Path, part: str) -> list[Doc]:
    """English aeb + naeb ground-truth bodies (human-written) on one half of the sites."""
    from newssift.assess.language import detect_language

    base = shared / "benchmarks" / "extraction"
    raw: list[tuple[str, str]] = []
    aeb = base / "aeb" / "ground-truth.json"
    if aeb.exists():
        for d in json.loads(aeb.read_text()).values():
            raw.append((d.get("articleBody") or "", _host(d.get("url", ""))))
    naeb = base / "naeb" / "news_articles.json"
    if naeb.exists():
        for d in json.loads(naeb.read_text()):
            raw.append((d.get("text") or "", _host(d.get("site") or d.get("link", ""))))
    out = []
    for text, site in raw:
        if len(text.split()) < 50 or site_half(site) != part:
            continue
        if detect_language(text)[0] != "en":
            continue
        out.append(Doc(" ".join(text.split()), 0, -1, "human", "web", site))
    return out


def family_terms(family: str, text: str) -> list[str]:
    """A document's terms in one family, as the runtime model names them."""
    flat = model_text(text, TEXT_FORM)
    if family == "words":
        return word_terms([t.lower() for t in raw_tokens(flat)])
    if family == "chars":
        return [char_term(int(c)) for c in char_codes(flat)]
    return skeleton_terms(raw_tokens(flat))


class Featurized:
    """Term counts of every document, per family, computed once for all folds."""

    def __init__(self, texts: list[str]) -> None:
        from sklearn.feature_extraction.text import CountVectorizer

        self.counts, self.terms = {}, {}
        for fam in FAMILIES:
            if fam == "chars":
                self.counts[fam], self.terms[fam] = _char_counts(texts)
                continue
            cv = CountVectorizer(analyzer=lambda t, f=fam: family_terms(f, t), min_df=1)
            self.counts[fam] = cv.fit_transform(texts).tocsc()
            self.terms[fam] = cv.get_feature_names_out()
        self.profile = np.vstack([profile(raw_tokens(model_text(t, TEXT_FORM))) for t in texts])
        self.length = np.array([doc_length(t) for t in texts])
        # the words family's unigrams that the rare-word rate counts ("w " + a word)
        names = self.terms["words"]
        self.alpha_cols = np.array(
            [i for i, t in enumerate(names) if " " not in t[2:] and t[2].isalpha()], dtype=np.int64
        )
        self.alpha_counts = self.counts["words"][:, self.alpha_cols].tocsc()
        self.alpha_total = np.asarray(self.alpha_counts.sum(1)).ravel()
        self._csr: dict[str, sparse.csr_matrix] = {}
        self._tfidf: dict[tuple, tuple] = {}

    def tfidf(self, fam: str, rows: np.ndarray, min_df: int) -> tuple[np.ndarray, ...]:
        """For training documents ``rows``: the family's kept columns (in >= ``min_df`` of
        them), their idf, and the sublinear tf-idf matrix of *every* document over those
        columns, each row l2-normalised. Kept for the last set of rows asked (the GRID
        entries of a fold fit on the same rows; :func:`select_and_fit`).

        Every step is done row by row, so a row of this matrix equals, bit for bit and in
        the same index order, what the same steps give on any subset of rows holding it;
        session 12 made the folds use it instead of converting the whole count matrix to
        rows for each block (a fold took 134 s, 40 of them in that conversion)."""
        rkey = hashlib.sha1(np.ascontiguousarray(rows).tobytes()).digest()
        key = (fam, min_df, len(rows), rkey)
        got = self._tfidf.get(key)
        if got is None:
            if not any(k[1:] == key[1:] for k in self._tfidf):
                self._tfidf.clear()  # other training rows: the earlier matrices are done
            if fam not in self._csr:
                self._csr[fam] = self.counts[fam].tocsr()
            df = np.asarray((self._csr[fam][rows] > 0).sum(0)).ravel()
            keep = np.flatnonzero(df >= min_df)
            idf = np.log((1.0 + len(rows)) / (1.0 + df[keep])) + 1.0
            got = self._tfidf[key] = (keep, idf, tfidf_rows(self.counts[fam], keep, idf))
        return got

    def common_words(self, rows: np.ndarray) -> np.ndarray:
        """The :data:`COMMON_N` words in most of ``rows``' documents (ties by the word),
        as indexes into :attr:`alpha_cols`."""
        df = np.asarray((self.alpha_counts.tocsr()[rows] > 0).sum(0)).ravel()
        names = self.terms["words"][self.alpha_cols]
        order = sorted(range(len(df)), key=lambda i: (-df[i], names[i]))
        return np.array(sorted(order[:COMMON_N]), dtype=np.int64)

    def profile_matrix(self, common: np.ndarray) -> np.ndarray:
        """Every document's profile with the rare-word rate against ``common``."""
        p = self.profile.copy()
        known = np.asarray(self.alpha_counts[:, common].sum(1)).ravel()
        total = self.alpha_total
        p[:, -1] = np.where(total > 0, 1.0 - known / np.maximum(total, 1), 0.0)
        return p


def tfidf_rows(counts, keep: np.ndarray, idf: np.ndarray, rows: np.ndarray | None = None):
    """Sublinear tf-idf of the ``keep`` columns of ``counts`` (csc), each row l2-normalised;
    of the rows ``rows`` (None: every row)."""
    x = counts[:, keep].tocsr()
    x = (x if rows is None else x[rows]).astype(np.float64)
    x.data = 1.0 + np.log(x.data)
    return normalize(x @ sparse.diags(idf))


def _char_counts(texts: list[str]):
    """Character n-gram counts (integer codes, so no string per n-gram) and term names."""
    per = [np.unique(char_codes(model_text(t, TEXT_FORM)), return_counts=True) for t in texts]
    allc = np.concatenate([u for u, _ in per]) if per else np.zeros(0, dtype=np.int64)
    vocab, inv = np.unique(allc, return_inverse=True)
    indptr = np.cumsum([0] + [len(u) for u, _ in per])
    data = np.concatenate([c for _, c in per]).astype(np.float64)
    x = sparse.csr_matrix((data, inv, indptr), shape=(len(texts), len(vocab)))
    return x.tocsc(), np.array([char_term(int(c)) for c in vocab], dtype=object)


class DocModelV2:
    """One configuration (families, C) fitted on some rows of a :class:`Featurized`."""

    def __init__(
        self,
        families: tuple[str, ...],
        C: float,
        web_weight: float = 1.0,
        window_weight: float = 0.0,
        min_df: int = 2,
        prefix_weight: float = 0.0,
    ) -> None:
        self.families, self.C, self.min_df = families, C, min_df
        self.web_weight, self.window_weight = web_weight, window_weight
        self.prefix_weight = prefix_weight
        self.platt = (1.0, 0.0)

    def _block(self, feats: Featurized, fam: str, rows: np.ndarray):
        full = self._full.get(fam)
        if full is None or feats is not self._full_of:  # documents the fit did not see
            return tfidf_rows(feats.counts[fam], self.keep[fam], self.idf[fam], rows)
        return full[rows]

    def _profile_block(self, feats: Featurized, rows: np.ndarray):
        """The profile standardised on the training rows, scaled by 1/sqrt(dimensions) so
        the block weighs about as much as one l2-normalised n-gram family."""
        p = feats.profile_matrix(self.common)[rows]
        return sparse.csr_matrix((p - self.p_mean) / self.p_scale)

    def matrix(self, feats: Featurized, rows: np.ndarray):
        blocks = [
            self._profile_block(feats, rows) if f == PROFILE else self._block(feats, f, rows)
            for f in self.families
        ]
        return sparse.hstack(blocks).tocsr()

    def fit(
        self,
        feats: Featurized,
        rows: np.ndarray,
        y: np.ndarray,
        web: np.ndarray | None = None,
        windows: np.ndarray | None = None,
        prefixes: np.ndarray | None = None,
    ) -> DocModelV2:
        """Fit on documents ``rows`` (they alone set document frequencies and the profile
        scaling), plus the window rows ``windows`` at :attr:`window_weight` and the prefix
        rows ``prefixes`` at :attr:`prefix_weight` (each when its weight is > 0)."""
        # every document's tf-idf over the kept columns (Featurized.tfidf), for these
        # documents only: a model applied to another Featurized computes its rows itself
        self.keep, self.idf, self._full, self._full_of = {}, {}, {}, feats
        if PROFILE in self.families:
            self.common = feats.common_words(rows)
            p = feats.profile_matrix(self.common)[rows]
            self.p_mean = p.mean(0)
            self.p_scale = (p.std(0) + 1e-9) * np.sqrt(p.shape[1])
        for fam in (f for f in self.families if f != PROFILE):
            got = feats.tfidf(fam, rows, max(self.min_df, MIN_DF[fam]))
            self.keep[fam], self.idf[fam], self._full[fam] = got
        self.clf = LogisticRegression(
            C=self.C,
            solver="liblinear",
            dual=True,
            class_weight="balanced",
            max_iter=5000,
            random_state=0,
        )
        weight = np.ones(len(rows))
        if web is not None:
            weight[web[rows]] = self.web_weight
        fit_rows = rows
        for extra, ew in ((windows, self.window_weight), (prefixes, self.prefix_weight)):
            if extra is not None and len(extra) and ew > 0:
                fit_rows = np.concatenate([fit_rows, extra])
                weight = np.concatenate([weight, np.full(len(extra), ew)])
        self.clf.fit(self.matrix(feats, fit_rows), y[fit_rows], sample_weight=weight)
        return self

    def decision(self, feats: Featurized, rows: np.ndarray) -> np.ndarray:
        return self.clf.decision_function(self.matrix(feats, rows))

    def probability(self, feats: Featurized, rows: np.ndarray) -> np.ndarray:
        a, b, *c = self.platt
        z = a * self.decision(feats, rows) + b + (c[0] * feats.length[rows] if c else 0.0)
        return 1.0 / (1.0 + np.exp(-z))

    def export(self, feats: Featurized, out: Path, note: str) -> None:
        w = self.clf.coef_[0]
        terms, idf, weights, fam_of = [], [], [], []
        pos = 0
        for k, fam in enumerate(self.families):
            if fam == PROFILE:
                continue
            names = feats.terms[fam][self.keep[fam]]
            wf = w[pos : pos + len(names)]
            pos += len(names)
            nz = np.flatnonzero(np.abs(wf) > 1e-6)
            terms += [str(names[i]) for i in nz]
            idf.append(self.idf[fam][nz])
            weights.append(wf[nz])
            fam_of.append(np.full(len(nz), k, dtype=np.int8))
        extra = {}
        if PROFILE in self.families:
            common = feats.terms["words"][feats.alpha_cols[self.common]]
            extra = dict(
                profile_names=np.array(PROFILE_NAMES, dtype=str),
                profile_mean=self.p_mean,
                profile_scale=self.p_scale,
                profile_weights=w[pos : pos + len(PROFILE_NAMES)].astype(np.float64),
                common_words=np.array([str(t)[2:] for t in common], dtype=str),
            )
            pos += len(PROFILE_NAMES)
        assert pos == len(w), "exported weights do not cover the model"
        fam_all = np.concatenate(fam_of)
        extra.update(lookup_file_arrays(self.families, terms, fam_all))
        out.parent.mkdir(parents=True, exist_ok=True)
        arrays = dict(
            **extra,
            format=np.array(["doc-v2"]),
            text_form=np.array([TEXT_FORM]),
            families=np.array(self.families, dtype=str),
            terms=np.array(terms, dtype=str),
            family=fam_all,
            idf=np.concatenate(idf).astype(np.float32),
            weights=np.concatenate(weights).astype(np.float32),
            bias=np.array([self.clf.intercept_[0]]),
            platt=np.array(self.platt, dtype=np.float64),
            note=np.array([note]),
        )
        # rows sorted by lookup key, with the lookup table's probes: loading sorts nothing
        np.savez_compressed(out, **in_key_order(arrays))


def balanced_acc(score: np.ndarray, y: np.ndarray) -> float:
    """Balanced accuracy of ``score > 0`` (decision) against labels."""
    return balanced_accuracy(score, y)


def fit_platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """a, b of P = 1/(1+exp(-(a*s+b))), fitted with classes weighted to balance."""
    lr = LogisticRegression(C=1e4, class_weight="balanced").fit(scores.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def worst_year_threshold(
    z: np.ndarray, y: np.ndarray, year: np.ndarray, stat: str = "worst"
) -> float:
    """The threshold t on calibrated log-odds ``z`` whose worst year (balanced accuracy of
    ``z > t`` within each year of ``year``) is best; ties by the mean over years, then by the
    smaller |t|. ``stat`` = ``"mean"`` or ``"median"``: the mean or the median of the years'
    accuracies is maximised instead (ties by the mean, then |t|). Candidates: the 1st-99th
    percentiles of ``z``, and 0."""
    cands = np.unique(np.concatenate([np.quantile(z, np.linspace(0.01, 0.99, 99)), [0.0]]))
    per = []
    for yr in np.unique(year):
        m = year == yr
        pos, neg = z[m & (y == 1)], z[m & (y == 0)]
        if not len(pos) or not len(neg):
            continue
        tpr = (pos[None, :] > cands[:, None]).mean(1)
        tnr = (neg[None, :] <= cands[:, None]).mean(1)
        per.append(0.5 * (tpr + tnr))
    if not per:
        return 0.0
    acc = np.array(per)
    mean = acc.mean(0)
    goal = {"worst": acc.min(0), "mean": mean, "median": np.median(acc, 0)}[stat]
    best = max(range(len(cands)), key=lambda i: (goal[i], mean[i], -abs(cands[i])))
    return float(cands[best])


def calibrate(
    dec: np.ndarray,
    y: np.ndarray,
    is_web: np.ndarray,
    length: np.ndarray | None = None,
    alarm: tuple[np.ndarray, np.ndarray] | None = None,
    fit_rows: np.ndarray | None = None,
    year: np.ndarray | None = None,
    stat: str = "worst",
) -> tuple[tuple[float, ...], float]:
    """Platt fit on the WMT scores, intercept lowered to keep web alarms under WEB_ALARM.

    With ``length`` (:func:`newssift.assess.mt_model.doc_length` of each document) the fit
    has a third term, c * length. ``alarm`` = (raw scores, lengths) of more native-English
    texts (the web pages' prefixes) that count in the alarm rule beside the web rows of
    ``dec``; they take no part in the fit. ``fit_rows`` (boolean, default: every non-web
    row) = the rows the fit reads (:data:`CALIBRATE_ON`). With ``year`` (each row's year),
    the threshold is first put where the fit rows' worst year is best
    (:func:`worst_year_threshold` with ``stat``; it may lie below 0.5), and the web cap then
    only raises it.
    Returns (a, b) or (a, b, c) and the shift applied to b (0 when the web texts already stay
    low and no year threshold is asked; negative when the year threshold lies below 0.5).
    """
    fit = ~is_web if fit_rows is None else fit_rows
    if length is None:
        coef = fit_platt(dec[fit], y[fit])
        z = coef[0] * dec + coef[1]
    else:
        x = np.stack([dec, length], axis=1)
        lr = LogisticRegression(C=1e4, class_weight="balanced").fit(x[fit], y[fit])
        coef = (float(lr.coef_[0, 0]), float(lr.intercept_[0]), float(lr.coef_[0, 1]))
        z = x @ lr.coef_[0] + lr.intercept_[0]
    shift = 0.0
    if year is not None and fit.any():
        shift = worst_year_threshold(z[fit], y[fit], year[fit], stat)
    zw = z[is_web]
    if alarm is not None and len(alarm[0]):
        a_, b_, *c_ = coef
        zw = np.concatenate([zw, a_ * alarm[0] + b_ + (c_[0] * alarm[1] if c_ else 0.0)])
    if len(zw):
        q = float(np.quantile(zw, 1.0 - WEB_ALARM))
        shift = max(shift if year is not None else 0.0, q + 1e-6)
    a, b, *c = coef
    return (a, b - shift, *c), shift


def select_and_fit(
    feats: Featurized, docs: list[Doc], rows: np.ndarray, n_splits: int = 3, log=print
) -> tuple[DocModelV2, dict]:
    """Choose a GRID entry by CV grouped by WMT year (web pages by site) on ``rows``; fit.

    Each entry is scored out of fold: Platt-calibrated on the WMT documents (the German
    originals with :data:`CALIBRATE_ON` ``"de"``), its intercept
    lowered so that at most WEB_ALARM of the web pages (and, with
    :data:`ALARM_COUNTS_PREFIXES`, their prefixes, scored out of fold with their page) reach
    0.5 (:func:`calibrate`), then the balanced accuracy at 0.5 on those WMT documents. The best
    entry is refitted on all ``rows`` and given that calibration. Returns the model and the
    CV table.
    """
    y = np.array([d.mt for d in docs])
    years = np.array([d.year for d in docs])
    is_web = years < 0
    parent = np.array([d.parent for d in docs])
    kind = np.array([d.kind for d in docs])
    folds = inner_folds(docs, rows, n_splits)
    table, calib = {}, {}

    def extra_of(r: np.ndarray, k: str) -> np.ndarray:
        return np.flatnonzero(np.isin(parent, r) & (kind == k))

    # the web pages' prefixes count in the alarm rule of the fold that holds out their page
    web_pre = [
        extra_of(rows[te][is_web[rows[te]]], "prefix") if ALARM_COUNTS_PREFIXES else rows[:0]
        for _tr, te in folds
    ]
    pre_all = np.concatenate(web_pre) if web_pre else np.zeros(0, dtype=np.int64)
    # out-of-fold scores of every GRID entry, fold by fold: the entries of a fold share
    # its training rows, so they share its tf-idf matrices (Featurized.tfidf)
    decs = {e: np.zeros(len(rows)) for e in GRID}
    decs_pre = {e: np.zeros(len(pre_all)) for e in GRID}
    at = 0
    for (tr, te), wp in zip(folds, web_pre, strict=True):
        for entry in GRID:
            fams, C, ww, win, pre = entry
            m = DocModelV2(fams, C, ww, win, prefix_weight=pre).fit(
                feats, rows[tr], y, is_web, extra_of(rows[tr], "window"),
                extra_of(rows[tr], "prefix"),
            )
            decs[entry][te] = m.decision(feats, rows[te])
            if len(wp):
                decs_pre[entry][at : at + len(wp)] = m.decision(feats, wp)
        at += len(wp)
    wmt = ~is_web[rows]
    if CALIBRATE_ON == "de":
        wmt &= np.array([d.origin == "de" for d in docs])[rows]
    for entry in GRID:
        fams, C, ww, win, pre = entry
        dec, dec_pre = decs[entry], decs_pre[entry]
        length = feats.length[rows]
        for cal in CALIBRATIONS:
            alarm = (dec_pre, feats.length[pre_all])
            coef, shift = calibrate(
                dec, y[rows], is_web[rows], length if cal == "length" else None, alarm, wmt,
                years[rows] if THRESHOLD in YEAR_STATS else None,
                YEAR_STATS.get(THRESHOLD, "worst"),
            )
            a, b, *c = coef
            z = a * dec + b + (c[0] * length if c else 0.0)
            acc = balanced_acc(z[wmt], y[rows][wmt])
            key = ("+".join(fams), C, ww, win, pre, cal)
            table[key], calib[key] = float(acc), (coef, shift)
            log(f"  inner CV {key}: WMT balanced accuracy {acc:.3f} (web shift {shift:.2f})")
    # ties go to the smaller C, no windows, no prefixes, plain Platt
    best = max(table, key=lambda k: (table[k], -k[1], -k[3], -k[4], k[5] == "platt"))
    model = DocModelV2(
        tuple(best[0].split("+")), best[1], best[2], best[3], prefix_weight=best[4]
    ).fit(feats, rows, y, is_web, extra_of(rows, "window"), extra_of(rows, "prefix"))
    model.platt = calib[best][0]
    return model, {"table": table, "best": best, "shift": calib[best][1]}


def inner_folds(
    docs: list[Doc], rows: np.ndarray, n_splits: int = 3
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The inner CV's (train, test) positions into ``rows`` (:data:`INNER_CV`): ``"3fold"``
    = ``n_splits`` folds grouped by WMT year, web pages grouped by site bucket; ``"loyo"`` =
    fold k holds out the k-th training year (in year order) and the web pages of site bucket
    k of as many buckets as years."""
    years = np.array([docs[i].year for i in rows])
    is_web = years < 0
    if INNER_CV == "loyo":
        yrs = sorted({int(v) for v in years[~is_web]})
        bucket = np.array(
            [site_half_bucket(docs[i].site, len(yrs)) if docs[i].year < 0 else -1 for i in rows]
        )
        out = []
        for k, yr in enumerate(yrs):
            te = np.where(is_web, bucket == k, years == yr)
            out.append((np.flatnonzero(~te), np.flatnonzero(te)))
        return out
    y = np.array([docs[i].mt for i in rows])
    groups = np.where(
        is_web, [1000 + int(site_half_bucket(docs[i].site, n_splits)) for i in rows], years
    )
    return list(GroupKFold(n_splits=n_splits).split(rows, y, groups))


def site_half_bucket(site: str, n: int) -> int:
    """A site's bucket among ``n`` (web pages of one site stay in one CV fold)."""
    return int(hashlib.sha1(("cv:" + site).encode()).hexdigest()[:8], 16) % n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument(
        "--sentence-level",
        action="store_true",
        help="train the sentence-level model on experiments/4 only (-> mt_sentence.npz)",
    )
    args = ap.parse_args()
    args.data = args.shared / "benchmarks" / "mt" / "ht-vs-mt-deen" / "experiments"
    if not args.data.exists():
        sys.exit(f"benchmark data not found: {args.data}")
    if args.sentence_level:
        sentence_level(args)
        return
    t0 = time.time()
    docs = load_wmt(args.data) + load_web_news(args.shared, "train")
    n_web = sum(d.year < 0 for d in docs)
    print(f"documents: {len(docs)} (MT {sum(d.mt for d in docs)}, web news {n_web})", flush=True)
    docs = with_prefixes(with_windows(docs))
    feats = Featurized([d.text for d in docs])
    rows = np.flatnonzero([d.parent < 0 for d in docs])
    model, cv = select_and_fit(feats, docs, rows)
    print(f"chosen {cv['best']}; platt {model.platt}; fitted in {time.time() - t0:.0f}s")
    note = (
        f"ht-vs-mt-deen WMT08-18 documents (deepl+google) + {n_web} aeb/naeb English bodies "
        f"(training half of sites); {cv['best'][0]}, C={cv['best'][1]:g}, web weight "
        f"{cv['best'][2]:g}, window weight {cv['best'][3]:g}, prefix weight "
        f"{cv['best'][4]:g}, calibration {cv['best'][5]} "
        f"chosen by {INNER_CV_NAMES[INNER_CV]} "
        f"(balanced accuracy on {CALIBRATE_ON} rows "
        f"{cv['table'][cv['best']]:.3f}); class weights balanced; Platt-calibrated on "
        f"out-of-fold scores ({CALIBRATE_ON} rows), threshold rule {THRESHOLD}, "
        f"intercept lowered {cv['shift']:.2f} for <= {WEB_ALARM:.0%} "
        f"out-of-fold web alarms{' (pages and their prefixes)' if ALARM_COUNTS_PREFIXES else ''}; "
        f"{time.strftime('%Y-%m-%d')}"
    )
    model.export(feats, args.out, note)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
