"""Train the document-level MT detector shipped as src/newssift/models/mt_linear.npz.

Data (read from the shared benchmark folder, never copied into the project):
  ../shared/benchmarks/mt/ht-vs-mt-deen (van der Werff, van Noord, Toral, EAMT 2022; MIT)
  - train: experiments/10/data/{deepl,google}/train  (document level, one document a line;
    ``*.txt`` = human: original English or human translation; ``*.deepl.en`` /
    ``*.en.google`` = machine translation of the German)
  - optional extra: experiments/4/data/{deepl,google}/train (the same WMT08-17 text split
    into sentences)
  - evaluation only: experiments/shared_data/docs/{deepl,google}/dev (WMT18 documents) and
    experiments/shared_data/{deepl,google}/dev (WMT18 sentences). The dev split is never used
    for fitting nor for choosing hyper-parameters (those are chosen by grouped cross-validation
    on train).

Model: tf-idf (sublinear) of lower-cased word 1–2-grams with punctuation kept, l2-normalised,
plus standardised document statistics (see newssift.assess.mt_features), into one logistic
regression trained on DeepL and Google output together, classes weighted to balance (the
train split has two MT documents per human one). C=8 and the class weighting were chosen
by 5-fold cross-validation grouped by WMT year on train (``--explore``: balanced accuracy
0.583-0.666 over the grid, best at balanced, C=8). Exported as plain numpy arrays
(vocabulary, idf, weights) so inference needs numpy only.

Usage:  nice .venv/bin/python train/train_mt.py [--data DIR] [--out PATH] [--explore]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newssift.assess.mt_features import STAT_NAMES, doc_stats, ngram_terms, tokens  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "mt" / "ht-vs-mt-deen" / "experiments"
DEFAULT_OUT = ROOT / "src" / "newssift" / "models" / "mt_linear.npz"


def is_mt(name: str) -> bool:
    return name.endswith(".deepl.en") or name.endswith(".en.google")


def load_lines(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def load_train(data: Path, exp: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Texts, labels (1 = MT) and groups (WMT year, for grouped CV); human files deduplicated."""
    texts, labels, groups, seen = [], [], [], set()
    for system in ("deepl", "google"):
        for f in sorted((data / exp / "data" / system / "train").iterdir()):
            if not f.is_file():
                continue
            mt = is_mt(f.name)
            if not mt and f.name in seen:
                continue
            seen.add(f.name)
            year = f.name.split("wmt")[1][:2]
            for ln in load_lines(f):
                texts.append(ln)
                labels.append(int(mt))
                groups.append(int(year))
    return texts, np.array(labels), np.array(groups)


def load_dev(data: Path, system: str, level: str) -> tuple[list[str], np.ndarray]:
    base = data / "shared_data" / ("docs" if level == "doc" else "") / system / "dev"
    texts, labels = [], []
    for f in sorted(base.iterdir()):
        if f.is_file():
            lines = load_lines(f)
            texts += lines
            labels += [int(is_mt(f.name))] * len(lines)
    return texts, np.array(labels)


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


def evaluate(model: Model, data: Path) -> dict[str, float]:
    res = {}
    for system in ("deepl", "google"):
        for level in ("doc", "sent"):
            x, y = load_dev(data, system, level)
            res[f"{system}/{level}"] = accuracy(model.decision(x), y)
    return res


def balanced_accuracy(pred: np.ndarray, yt: np.ndarray) -> float:
    return float(
        0.5 * (((pred > 0) & (yt == 1)).sum() / max((yt == 1).sum(), 1))
        + 0.5 * (((pred <= 0) & (yt == 0)).sum() / max((yt == 0).sum(), 1))
    )


def sentence_level(args: argparse.Namespace) -> None:
    """The sentence-level model: experiments/4 sentences, C chosen by grouped CV on train."""
    texts, y, g = load_train(args.data, "4")
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
    res = evaluate(model, args.data)
    for k, v in res.items():
        print(f"WMT18 dev {k}: accuracy {v:.3f}")
    out = args.out if args.out != DEFAULT_OUT else DEFAULT_OUT.with_name("mt_sentence.npz")
    note = (
        f"ht-vs-mt-deen experiments/4 train sentences (deepl+google); C={best_c}; "
        "class weights balanced; dev " + ", ".join(f"{k}={v:.3f}" for k, v in res.items())
    )
    model.export(out, note)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--C", type=float, default=8.0)
    ap.add_argument("--with-sentences", action="store_true", help="add experiments/4 sentences")
    ap.add_argument("--explore", action="store_true", help="grouped CV over C on train only")
    ap.add_argument("--unbalanced", action="store_true", help="no class weighting")
    ap.add_argument(
        "--sentence-level",
        action="store_true",
        help="train the sentence-level model on experiments/4 only (-> mt_sentence.npz)",
    )
    args = ap.parse_args()
    if not args.data.exists():
        sys.exit(f"benchmark data not found: {args.data}")
    if args.sentence_level:
        sentence_level(args)
        return
    texts, y, g = load_train(args.data, "10")
    print(f"train documents: {len(texts)} (MT {int(y.sum())}, human {int((1 - y).sum())})")
    if args.with_sentences:
        st, sy, sg = load_train(args.data, "4")
        texts, y, g = texts + st, np.concatenate([y, sy]), np.concatenate([g, sg + 100])
        print(f"+ sentences: {len(st)}")
    if args.explore:
        for balanced in (False, True):
            for C in (2.0, 4.0, 8.0):
                accs = []
                for tr, te in GroupKFold(n_splits=5).split(texts, y, g % 100):
                    m = Model(C=C, balanced=balanced).fit([texts[i] for i in tr], y[tr])
                    te_doc = [i for i in te if g[i] < 100]
                    pred = m.decision([texts[i] for i in te_doc])
                    # balanced accuracy: the dev split has as many human as MT documents
                    yt = y[te_doc]
                    accs.append(
                        0.5 * (((pred > 0) & (yt == 1)).sum() / max((yt == 1).sum(), 1))
                        + 0.5 * (((pred <= 0) & (yt == 0)).sum() / max((yt == 0).sum(), 1))
                    )
                print(
                    f"balanced={balanced} C={C}: grouped-CV doc balanced accuracy "
                    f"{np.mean(accs):.3f}",
                    flush=True,
                )
        return
    t0 = time.time()
    model = Model(C=args.C, balanced=not args.unbalanced).fit(texts, y)
    print(f"fitted in {time.time() - t0:.1f}s")
    res = evaluate(model, args.data)
    for k, v in res.items():
        print(f"WMT18 dev {k}: accuracy {v:.3f}")
    note = (
        "ht-vs-mt-deen experiments/10 train (deepl+google)"
        + (" + experiments/4" if args.with_sentences else "")
        + f"; C={args.C}; class weights {'none' if args.unbalanced else 'balanced'}; dev "
        + ", ".join(f"{k}={v:.3f}" for k, v in res.items())
    )
    model.export(args.out, note)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
