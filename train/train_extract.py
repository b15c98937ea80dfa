"""Train the line classifier that ``src/newssift/models/extract_lines.json`` would hold.

Data: the tuning halves of naeb, dragnet and cleaneval (split by site, ``bench/splits.py``;
at most 300 pages of each of the two older sets). The benchmark reports the held-out halves,
so every number reported is on sites the model never saw.

Labels: each line of the container chosen by the extractor is positive when at least half of
its 4-token shingles occur in the page's ground truth (the same shingles as the AEB metric).
Samples are weighted by the square root of their shingle count: the metric counts shingles,
not lines, and the root keeps long lines from dominating.
Model: L2 logistic regression (scikit-learn, training only); numeric features are
standardised, then the scaling is folded into the exported weights so inference is a plain
dot product (see :func:`newssift.extract.features.score`). The decision threshold is the one
that maximises shingle-weighted F1 on a held-out 20% of the training pages.

Status: the model this script writes is NOT shipped. Measured on the held-out pages it scored
below the hand-written line rules (best variant: AEB F1 0.923 against 0.947, naeb 0.908
against 0.912), because the old dragnet/cleaneval ground truth labels comments and page titles
as content and naeb's training half is small. Writing the file into ``src/newssift/models/``
makes the extractor use it; compare with ``bench/extraction.py`` before committing one.

Usage: python -m train.train_extract [--data ../shared/benchmarks] [--out src/.../x.json]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import numpy as np
from selectolax.lexbor import LexborHTMLParser
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from bench import extraction as bench
from bench._aeb import shingles
from newssift.extract.blocks import walk
from newssift.extract.body import candidates
from newssift.extract.decode import decode_html
from newssift.extract.features import NUMERIC

ROOT = Path(__file__).resolve().parents[1]

TRAIN_SETS = ("naeb", "dragnet", "cleaneval")


def training_pages(data: Path, sets: tuple[str, ...] = TRAIN_SETS) -> list[dict]:
    pages = []
    for name in sets:
        for p in bench.load_set(data, name, half="tune"):  # never a held-out site's page
            p["set"] = name
            pages.append(p)
    return pages


def page_rows(p: dict) -> list[tuple[dict, int, float]]:
    html = decode_html(bench._gz(Path(p["path"])))
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None:
        return []
    page = walk(root)
    if not page.lines:
        return []
    _c, lines, feats = candidates(page)
    truth = shingles(p["text"])
    rows = []
    for line, (num, cat) in zip(lines, feats, strict=True):
        sh = shingles(line.text)
        total = sum(sh.values())
        if not total:
            continue
        hit = sum((sh & truth).values())
        x = {name: v for name, v in zip(NUMERIC, num, strict=True)}
        for c in cat:
            x[c] = 1.0
        rows.append((x, int(hit * 2 >= total), float(total)))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "benchmarks"))
    ap.add_argument("--out", default=str(ROOT / "src/newssift/models/extract_lines.json"))
    ap.add_argument("--C", type=float, default=0.5)
    ap.add_argument("--sets", default=",".join(TRAIN_SETS))
    a = ap.parse_args()
    pages = training_pages(Path(a.data), tuple(a.sets.split(",")))
    random.Random(13).shuffle(pages)
    n_val = len(pages) // 5
    val_pages, fit_pages = pages[:n_val], pages[n_val:]
    print(f"{len(fit_pages)} fit pages, {len(val_pages)} validation pages", flush=True)

    def collect(ps):
        X, y, w = [], [], []
        for p in ps:
            for x, label, weight in page_rows(p):
                X.append(x)
                y.append(label)
                w.append(weight)
        return X, np.array(y), np.array(w)

    Xf, yf, wf = collect(fit_pages)
    Xv, yv, wv = collect(val_pages)
    vec = DictVectorizer()
    A = vec.fit_transform(Xf + Xv).toarray()
    Af, Av = A[: len(Xf)], A[len(Xf) :]
    names = vec.get_feature_names_out()
    num_idx = [i for i, n in enumerate(names) if n in NUMERIC]
    mean = np.zeros(A.shape[1])
    scale = np.ones(A.shape[1])
    mean[num_idx] = Af[:, num_idx].mean(axis=0)
    scale[num_idx] = Af[:, num_idx].std(axis=0) + 1e-9
    ww = np.sqrt(wf)  # shingle weight, softened so that long lines do not dominate
    clf = LogisticRegression(C=a.C, max_iter=3000)
    clf.fit((Af - mean) / scale, yf, sample_weight=ww)
    zv = clf.decision_function((Av - mean) / scale)
    best_t, best_f = 0.0, -1.0
    for t in np.arange(-2.0, 2.01, 0.1):
        pred = zv > t
        tp = float((wv * (pred & (yv == 1))).sum())
        fp = float((wv * (pred & (yv == 0))).sum())
        fn = float((wv * (~pred & (yv == 1))).sum())
        f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f > best_f:
            best_t, best_f = float(t), f
    print(f"validation shingle-weighted F1 {best_f:.4f} at threshold {best_t:.2f}")
    # refit on all pages, fold standardisation into the weights
    clf.fit(
        (A - mean) / scale,
        np.concatenate([yf, yv]),
        sample_weight=np.sqrt(np.concatenate([wf, wv])),
    )
    coef = clf.coef_[0] / scale
    bias = float(clf.intercept_[0] - (clf.coef_[0] * mean / scale).sum())
    w_num = [float(coef[list(names).index(n)]) if n in names else 0.0 for n in NUMERIC]
    w_cat = {
        str(n): round(float(coef[i]), 5)
        for i, n in enumerate(names)
        if n not in NUMERIC and abs(coef[i]) > 1e-4
    }
    model = {
        "about": "newssift line classifier (logistic regression); trained by "
        "train/train_extract.py on dragnet+cleaneval pages outside the bench samples",
        "numeric": list(NUMERIC),
        "w_num": [round(x, 6) for x in w_num],
        "w_cat": dict(sorted(w_cat.items())),
        "bias": round(bias, 6),
        "threshold": round(best_t, 3),
        "train_pages": len(pages),
        "validation_f1": round(best_f, 4),
    }
    Path(a.out).write_text(json.dumps(model, indent=0, ensure_ascii=False) + "\n")
    top = sorted(w_cat.items(), key=lambda kv: kv[1])
    print("most negative:", top[:12])
    print("most positive:", top[-12:])
    print("wrote", a.out, Path(a.out).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
