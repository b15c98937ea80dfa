"""Train the boundary scorer (``src/newssift/models/extract_boundary.json``): a logistic
regression deciding whether a line :func:`newssift.extract.body.trim` cut at the story's
boundaries (above the first paragraph, promo lines, from an end marker on, the short lines
popped at the end) is kept after all; and measure it by site-grouped cross-validation.

Why at the boundaries: the snippet metric (``bench/_snippets.py``) draws must-include snippets
from the truth's first, a middle and its last paragraph, so a lost first or last paragraph
costs a whole snippet; on aeb's tuning half most of the snippets newssift misses and
trafilatura finds are first or last ones (session 25). Keeping every cut line the truth holds
would lift aeb's tuning snippet recall 0.9419 -> 0.9668 (session 33's oracle); session 7's
scorer over the container's whole line set moved aeb's shingle F1 by +0.0003 at best.

Data: the tuning halves of aeb (MIT) and naeb (Apache-2.0), split by site (``bench/splits.py``).
Only these two sets' licences let a trained model ship; dragnet and cleaneval never train
one (``--others`` only scores their tuning halves with the model fitted on every training
page). The held-out halves are never read here.

Rows: every line ``trim_cuts`` cut on the body ``select_body`` returned (the model off), with
:func:`newssift.extract.body.boundary_features`. Label: the line's casefolded ``\\w+`` tokens
are a run of the truth's (4 tokens or more) or the whole of one truth line (shorter). naeb's
truth cuts some long stories short, so on a naeb page whose last kept line is not in its
truth the lines cut at the end ("stop", "box", "tail") carry no label. Weight: the square
root of the line's tokens, times min(1, 5 / lines cut on its page) (one page's 27 poll rows
should not outweigh the rest).

Model: L2 logistic regression over standardised features, the scaling folded into the
exported weights (inference is a plain weighted sum, :func:`boundary_logit`); a cut line is
kept when its logit is above ``threshold``.

``--cv K``: K folds grouped by site over the aeb + naeb tuning pages; each fold's pages
extracted whole (``extract(identify=False)``) with the model fitted on the other folds, at
each threshold of ``--thresholds``; shingle and snippet scores per set against the rules.

Usage::

    python -m train.train_boundary --cv 5 --others      # measure, nothing written
    python -m train.train_boundary --out src/newssift/models/extract_boundary.json
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from bench import _snippets
from bench import extraction as bench
from bench._aeb import aeb
from newssift.extract import body
from newssift.extract.article import extract

ROOT = Path(__file__).resolve().parents[1]
#: sets whose licence lets a model trained on them ship
TRAIN_SETS = ("aeb", "naeb")
#: sets only scored (never trained on), tuning halves
OTHER_SETS = ("dragnet", "cleaneval")
_TOKEN = re.compile(r"\w+")


def _toks(text: str) -> list[str]:
    return [t.casefold() for t in _TOKEN.findall(text or "")]


def load_pages(data: Path, sets: tuple[str, ...]) -> list[dict]:
    """The tuning half of each set (never a held-out site's page), with its snippets."""
    pages = []
    for name in sets:
        half = bench.load_set(data, name, half="tune")
        snips = bench.page_snippets(name, half)
        for p, sn in zip(half, snips, strict=True):
            assert p["half"] == "tune"
            p["set"] = name
            p["html"] = bench._gz(Path(p["path"]))
            p["snips"] = sn
            p["stext"] = bench.snippet_truth(name, p["text"])
            pages.append(p)
    return pages


def _extract(p: dict, model: dict | None) -> str:
    old = body.load_boundary_model
    body.load_boundary_model = lambda: model
    try:
        return extract(p["html"], url=p.get("url"), identify=False).text or ""
    finally:
        body.load_boundary_model = old


def label(text: str, truth_run: str, truth_lines: set[str]) -> int:
    """1 when the line's tokens are a run of the truth's (4+ tokens) or a whole truth line."""
    t = _toks(text)
    if not t:
        return 0
    joined = " ".join(t)
    return int(f" {joined} " in truth_run) if len(t) >= 4 else int(joined in truth_lines)


def page_rows(p: dict) -> list[tuple[dict, int, float]]:
    """(features, label, weight) of the lines trim cut on one page (the model off)."""
    calls = []
    old_trim = body.trim

    def spy(lines, favor=None, page=None):
        calls.append((lines, favor, page))
        return old_trim(lines, favor, page)

    body.trim = spy
    try:
        _extract(p, None)
    finally:
        body.trim = old_trim
    if not calls or calls[-1][2] is None:
        return []
    lines, favor, page = calls[-1]  # the body select_body returned last
    out, cuts = body.trim_cuts(lines, favor or body.FAVORS["balanced"])
    run = f" {' '.join(_toks(p['stext']))} "
    whole = {" ".join(_toks(x)) for x in p["stext"].split("\n")}
    end_known = True
    if p["set"] == "naeb" and out:  # a truncated truth says nothing past its end
        end_known = bool(label(out[-1].text, run, whole)) or len(_toks(out[-1].text)) < 4
    rows = []
    for ln, kind, x in body.boundary_rows(out, cuts, page):
        if kind in ("tail", "stop", "box") and not end_known:
            continue
        w = max(1, len(_toks(ln.text))) ** 0.5 * min(1.0, 5.0 / len(cuts))
        rows.append((x, label(ln.text, run, whole), w))
    return rows


def fit(rows: list[tuple[dict, int, float]], C: float) -> dict:
    """bias and weights, the standardisation folded in."""
    vec = DictVectorizer()
    A = vec.fit_transform([x for x, _y, _w in rows]).toarray()
    y = np.array([r[1] for r in rows])
    w = np.array([r[2] for r in rows])
    names = list(vec.get_feature_names_out())
    mean = A.mean(axis=0)
    scale = A.std(axis=0) + 1e-9
    clf = LogisticRegression(C=C, max_iter=5000).fit((A - mean) / scale, y, sample_weight=w)
    coef = clf.coef_[0] / scale
    bias = float(clf.intercept_[0] - (clf.coef_[0] * mean / scale).sum())
    return {
        "bias": round(bias, 6),
        "w": {str(n): round(float(c), 6) for n, c in zip(names, coef, strict=True) if c},
    }


def scores(pages: list[dict], texts: list[str]) -> str:
    sh = aeb([(p["text"], t) for p, t in zip(pages, texts, strict=True)])
    sn = _snippets.scores(
        [_snippets.page_counts(p["snips"], t) for p, t in zip(pages, texts, strict=True)]
    )
    return (
        f"shingle F1 {sh['F1']:.4f} (P {sh['P']:.4f} R {sh['R']:.4f})  snippets P {sn['P']:.4f}"
        f" R {sn['R']:.4f} (TP {sn['tp']} FN {sn['fn']} FP {sn['fp']})"
    )


def cross_validate(pages: list[dict], rows: list[list], k: int, C: float, thrs: list[float]):
    groups = [p["site"] or p["id"] for p in pages]
    oof: dict[float, list[str]] = {t: [""] * len(pages) for t in thrs}
    for tr, te in GroupKFold(n_splits=k).split(pages, groups=groups):
        model = fit([r for i in tr for r in rows[i]], C)
        for t in thrs:
            for i in te:
                oof[t][i] = _extract(pages[i], {**model, "threshold": t})
    rules = [_extract(p, None) for p in pages]
    for s in TRAIN_SETS:
        idx = [i for i, p in enumerate(pages) if p["set"] == s]
        sel = [pages[i] for i in idx]
        print(f"{s} (out of fold, C {C:g})")
        print(f"  {'rules':10s}", scores(sel, [rules[i] for i in idx]))
        for t in thrs:
            print(f"  {f'thr {t:g}':10s}", scores(sel, [oof[t][i] for i in idx]), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "benchmarks"))
    ap.add_argument("--out", default="", help="write the model fitted on every training page")
    ap.add_argument("--C", type=float, default=0.1)
    ap.add_argument("--threshold", type=float, default=1.0, help="the written model's")
    ap.add_argument("--cv", type=int, default=0, help="site-grouped folds")
    ap.add_argument("--thresholds", default="0,0.5,1,1.5", help="tried by --cv and --others")
    ap.add_argument("--others", action="store_true", help="score dragnet's and cleaneval's "
                    "tuning halves with the model fitted on every training page")
    a = ap.parse_args()
    thrs = [float(t) for t in a.thresholds.split(",")]
    pages = load_pages(Path(a.data), TRAIN_SETS)
    rows = [page_rows(p) for p in pages]
    flat = [r for rr in rows for r in rr]
    print(f"{len(pages)} tuning pages, {len({p['site'] for p in pages})} sites, "
          f"{len(flat)} cut lines, {sum(r[1] for r in flat)} in the truth", flush=True)
    if a.cv:
        cross_validate(pages, rows, a.cv, a.C, thrs)
    model = fit(flat, a.C)
    if a.others:
        for s in OTHER_SETS:
            other = load_pages(Path(a.data), (s,))
            print(f"{s} (model fitted on every aeb + naeb tuning page, C {a.C:g})")
            print(f"  {'rules':10s}", scores(other, [_extract(p, None) for p in other]))
            for t in thrs:
                m = {**model, "threshold": t}
                print(f"  {f'thr {t:g}':10s}", scores(other, [_extract(p, m) for p in other]),
                      flush=True)
    if a.out:
        model = {
            "about": "newssift boundary scorer (logistic regression over "
            "body.boundary_features): keeps a line trim cut when its logit is above threshold; "
            "trained by train/train_boundary.py on the tuning halves of aeb (MIT) and naeb "
            "(Apache-2.0)",
            "C": a.C,
            "threshold": a.threshold,
            "train_pages": len(pages),
            "train_rows": len(flat),
            **model,
        }
        Path(a.out).write_text(json.dumps(model, indent=0, sort_keys=False) + "\n")
        print("wrote", a.out, Path(a.out).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
