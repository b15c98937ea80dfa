"""Train the line scorer that ``src/newssift/models/extract_lines.json`` would hold, and measure
it against the line rules by site-grouped cross-validation.

Data: the tuning halves of aeb (MIT) and naeb (Apache-2.0), split by site (``bench/splits.py``).
Only these two sets' licences let a trained model ship; dragnet (AGPL) and cleaneval never
train one. The held-out halves are never read here: the extraction bench scores them.

Labels: each line of the container chosen by the extractor is positive when at least half of
its 4-token shingles occur in the page's ground truth (the AEB metric's shingles). naeb's
truth cuts some long stories short (a page's text ends mid-article), so on naeb pages the
lines after the last positive one carry no label. Samples are weighted by the square root of
their shingle count.

Model: L2 logistic regression over :func:`newssift.extract.features.line_features` (the rules'
verdict is one of its features); numeric features are standardised, then the scaling is
folded into the exported weights so inference is a plain dot product
(:func:`newssift.extract.features.score`). The rules decide a line unless the model disagrees
with confidence: a line the rules keep is dropped when its logit is below ``veto``, a line
they drop is kept when its logit is above ``rescue`` (``select_body``).

``--cv K`` measures it: K folds grouped by site over the tuning pages, each fold's pages
extracted whole (``extract()``, trim and ``articleBody`` included) with the model fitted on
the other folds, the AEB metric per set against the rules alone, for a grid of
(veto, rescue). Session 7 (2026-12-02): the best settings moved aeb by at most +0.0003 and
lost 0.002-0.005 on cleaneval's tuning half (see docs/bench/extraction.md), so no model ships.

Usage::

    python -m train.train_extract --cv 5               # the comparison, nothing written
    python -m train.train_extract --out /tmp/x.json    # fit on every tuning page
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np
from selectolax.lexbor import LexborHTMLParser
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from bench import extraction as bench
from bench._aeb import aeb, shingles
from newssift.extract import body
from newssift.extract.article import extract
from newssift.extract.blocks import walk
from newssift.extract.decode import decode_html
from newssift.extract.features import NUMERIC

ROOT = Path(__file__).resolve().parents[1]

#: sets whose licence lets a model trained on them ship
TRAIN_SETS = ("aeb", "naeb")
#: (veto, rescue) logit pairs tried by --cv; (-inf, inf) is the rules alone
GRID = [(v, r) for v in (-math.inf, -5.0, -4.0, -3.0) for r in (math.inf, 3.0, 2.0)]


def training_pages(data: Path, sets: tuple[str, ...] = TRAIN_SETS) -> list[dict]:
    pages = []
    for name in sets:
        for p in bench.load_set(data, name, half="tune"):  # never a held-out site's page
            p["set"] = name
            p["html"] = bench._gz(Path(p["path"]))
            pages.append(p)
    return pages


def page_rows(p: dict) -> list[tuple[dict, int, float]]:
    """(features, label, weight) of the container's lines of one page."""
    tree = LexborHTMLParser(decode_html(p["html"]))
    root = tree.body or tree.root
    if root is None:
        return []
    page = walk(root)
    if not page.lines:
        return []
    _c, lines, feats = body.candidates(page)
    truth = shingles(p["text"])
    rows = []
    for line, (num, cat) in zip(lines, feats, strict=True):
        sh = shingles(line.text)
        total = sum(sh.values())
        if not total:
            continue
        x = {name: v for name, v in zip(NUMERIC, num, strict=True)}
        for c in cat:
            x[c] = 1.0
        hit = sum((sh & truth).values())
        rows.append((x, int(hit * 2 >= total), float(total)))
    if p["set"] == "naeb":  # a truncated truth says nothing about the lines after its end
        last = max((i for i, r in enumerate(rows) if r[1]), default=-1)
        rows = rows[: last + 1]
    return rows


def fit(rows: list[tuple[dict, int, float]], C: float) -> dict:
    """A model dict (bias, w_num, w_cat) fitted on the rows."""
    vec = DictVectorizer()
    A = vec.fit_transform([x for x, _y, _w in rows]).toarray()
    y = np.array([r[1] for r in rows])
    w = np.sqrt(np.array([r[2] for r in rows]))
    names = list(vec.get_feature_names_out())
    num_idx = [i for i, n in enumerate(names) if n in NUMERIC]
    mean = np.zeros(A.shape[1])
    scale = np.ones(A.shape[1])
    mean[num_idx] = A[:, num_idx].mean(axis=0)
    scale[num_idx] = A[:, num_idx].std(axis=0) + 1e-9
    clf = LogisticRegression(C=C, max_iter=5000).fit((A - mean) / scale, y, sample_weight=w)
    coef = clf.coef_[0] / scale
    bias = float(clf.intercept_[0] - (clf.coef_[0] * mean / scale).sum())
    return {
        "numeric": list(NUMERIC),
        "w_num": [round(float(coef[names.index(n)]), 6) if n in names else 0.0 for n in NUMERIC],
        "w_cat": {
            str(n): round(float(coef[i]), 5)
            for i, n in enumerate(names)
            if n not in NUMERIC and abs(coef[i]) > 1e-4
        },
        "bias": round(bias, 6),
    }


def extract_with(pages: list[dict], model: dict | None) -> list[tuple[str, str]]:
    """(truth, text) per page, extracted whole with ``model`` as the shipped line scorer."""
    old = body.load_model
    body.load_model = lambda: model
    try:
        return [(p["text"], extract(p["html"], url=p.get("url")).text or "") for p in pages]
    finally:
        body.load_model = old


def cross_validate(pages: list[dict], k: int, C: float) -> None:
    rows = [page_rows(p) for p in pages]
    groups = [p["site"] or p["id"] for p in pages]
    pairs: dict[tuple, dict[str, list]] = {g: {s: [] for s in TRAIN_SETS} for g in GRID}
    for fold, (tr, te) in enumerate(GroupKFold(n_splits=k).split(pages, groups=groups)):
        model = fit([r for i in tr for r in rows[i]], C)
        for veto, rescue in GRID:
            m = None if veto == -math.inf and rescue == math.inf else model
            if m is not None:
                m = {**model, "veto": veto, "rescue": rescue}
            for s in TRAIN_SETS:
                test = [pages[i] for i in te if pages[i]["set"] == s]
                pairs[(veto, rescue)][s] += extract_with(test, m)
        print(f"fold {fold + 1}/{k} done", flush=True)
    for g in GRID:
        cells = []
        for s in TRAIN_SETS:
            r = aeb(pairs[g][s])
            cells.append(f"{s} {r['F1']:.4f} ({r['P']:.4f} / {r['R']:.4f})")
        name = "rules" if g == (-math.inf, math.inf) else f"veto {g[0]:g} rescue {g[1]:g}"
        print(f"{name:24s}", "  ".join(cells))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "benchmarks"))
    ap.add_argument("--out", default=str(ROOT / "src/newssift/models/extract_lines.json"))
    ap.add_argument("--C", type=float, default=0.5)
    ap.add_argument("--cv", type=int, default=0, help="site-grouped folds; nothing is written")
    ap.add_argument("--veto", type=float, default=-4.0)
    ap.add_argument("--rescue", type=float, default=math.inf)
    a = ap.parse_args()
    pages = training_pages(Path(a.data))
    print(f"{len(pages)} tuning pages, {len({p['site'] for p in pages})} sites", flush=True)
    if a.cv:
        cross_validate(pages, a.cv, a.C)
        return
    model = fit([r for p in pages for r in page_rows(p)], a.C)
    model = {
        "about": "newssift line scorer (logistic regression); trained by train/train_extract.py "
        "on the tuning halves of aeb (MIT) and naeb (Apache-2.0)",
        **model,
        "veto": a.veto,
        "rescue": a.rescue if math.isfinite(a.rescue) else 1e9,
        "train_pages": len(pages),
    }
    Path(a.out).write_text(json.dumps(model, indent=0, ensure_ascii=False) + "\n")
    print("wrote", a.out, Path(a.out).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
