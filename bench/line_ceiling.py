"""How far a web-mode threshold can take the line cleaner: accuracy ceilings of thresholding.

For the whole web-mode cleaner (rules, then the web model's score against a threshold), plain
line accuracy (noise vs clean, as the Turku target counts it) at:

* the stored threshold (what ``clean(mode="web")`` does),
* the best common threshold (one threshold for every document of the set),
* the best threshold per language (an oracle: each language its own best),
* the best threshold per document (an oracle: each document its own best),
* the rules alone (the model removes nothing) and a perfect model behind the rules (only the
  rules' own errors remain).

Sets: the tune sites' texts with web labels (licence-clean; where the threshold is chosen), the
test sites' texts with web labels (licence-clean, held out by site from every fit and choice),
the project's own pages the shipped model never trained on (licence-clean; own pages
0-47 of the train split are the trained ones, see ``train_lines.heldout_own``; a web model
with session 13's per-document calibration, which ``train_lines.web_calls`` applies here since
the package does not read it, was fitted on these and on the tune sites, so for it only the
test sites are held out) and, for
measurement only, the Turku dev documents that are not copies of train documents, with the
document-resampled 95% interval of the English figure at the stored threshold
(``bench.intervals.doc_bootstrap``, fixed seed); the licence-clean sets carry the same interval
with whole sites resampled (a site's pages, and a page's three texts, are not independent).
"Best" thresholds are oracles read off the set itself: they bound what a threshold can do,
they are no held-out figure, and nothing is chosen from them. Output is deterministic (one
JSON line per row).

Usage, from the repository root::

    python -m bench.line_ceiling --data /work/shared/benchmarks [--web-model F.npz] \
        [--own-first 48] [--skip own,tune,test,turku]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from bench.intervals import doc_bootstrap

#: Thresholds searched (0.05 to 1.0 by 0.025) and 1.01, above every score: the rules alone.
GRID = (*(round(float(x), 3) for x in np.arange(0.05, 1.001, 0.025)), 1.01)

#: One document: labels (True = noise), the model's score of each line (-1 where the model
#: does not judge it: protected or ruled), and whether a rule removes it.
Doc = tuple[np.ndarray, np.ndarray, np.ndarray]


def doc_arrays(labels: list, ruled: set[int], scored: dict[int, float]) -> Doc:
    """A :data:`Doc` from per-line labels (None = unlabelled, left out) and the cleaner's calls."""
    keep = [i for i, lab in enumerate(labels) if lab is not None]
    return (
        np.array([bool(labels[i]) for i in keep], dtype=bool),
        np.array([scored.get(i, -1.0) for i in keep], dtype=np.float64),
        np.array([i in ruled for i in keep], dtype=bool),
    )


def correct(d: Doc, t: float) -> np.ndarray:
    """Per line: is the cleaner's call right at threshold ``t`` (removed: ruled or score >= t)."""
    y, s, r = d
    return (r | (s >= t)) == y


def best_threshold(docs: list[Doc], grid: tuple[float, ...] = GRID) -> float:
    """The threshold of ``grid`` with the most lines right over ``docs`` (ties: the first in
    ``grid``, so the lowest of the ascending :data:`GRID`)."""
    hits = [sum(int(correct(d, t).sum()) for d in docs) for t in grid]
    return grid[int(np.argmax(hits))]


def accuracy(docs: list[Doc], thresholds: list[float]) -> float:
    """Pooled line accuracy with document k judged at ``thresholds[k]``."""
    ok = sum(int(correct(d, t).sum()) for d, t in zip(docs, thresholds, strict=True))
    return round(ok / max(sum(len(d[0]) for d in docs), 1), 4)


def ceiling(docs: list[Doc], stored: float, groups: list[str] | None = None) -> dict:
    """The ceiling row of one set (see the module docstring); ``groups`` = language per doc."""
    n = sum(len(d[0]) for d in docs)
    common = best_threshold(docs)
    row: dict = {
        "docs": len(docs),
        "lines": n,
        "noise": round(sum(int(d[0].sum()) for d in docs) / max(n, 1), 3),
        f"at_stored_{stored}": accuracy(docs, [stored] * len(docs)),
        "best_common": [common, accuracy(docs, [common] * len(docs))],
    }
    if groups is not None:
        by_group: dict[str, list[Doc]] = {}
        for d, g in zip(docs, groups, strict=True):
            by_group.setdefault(g, []).append(d)
        best = {g: best_threshold(part) for g, part in by_group.items()}
        row["best_per_language"] = accuracy(docs, [best[g] for g in groups])
    row["best_per_doc"] = accuracy(docs, [best_threshold([d]) for d in docs])
    row["rules_only"] = accuracy(docs, [GRID[-1]] * len(docs))
    rule_err = sum(int((d[2] & ~d[0]).sum()) for d in docs)
    row["ruled_lines"] = sum(int(d[2].sum()) for d in docs)
    row["ruled_but_clean"] = rule_err
    row["perfect_model"] = round(1 - rule_err / max(n, 1), 4)
    return row


def unit_correct(docs: list[Doc], units: list[str], t: float) -> tuple[np.ndarray, list[int]]:
    """Per line, right at threshold ``t``, with the lines of one unit (a site: one site's pages
    share a template) together, and each unit's line count: the input of
    ``bench.intervals.doc_bootstrap`` when whole units are resampled."""
    order = sorted(range(len(docs)), key=lambda k: units[k])
    ok = np.concatenate([correct(docs[k], t) for k in order]) if docs else np.zeros(0)
    sizes: dict[str, int] = {}
    for k in order:
        sizes[units[k]] = sizes.get(units[k], 0) + len(docs[k][0])
    return ok, list(sizes.values())


def unit_interval(docs: list[Doc], units: list[str], t: float) -> list[float]:
    """95% interval of the accuracy at threshold ``t`` when whole units (sites: one site's
    pages share a template) are resampled (``bench.intervals.doc_bootstrap``, fixed seed)."""
    return doc_bootstrap(*unit_correct(docs, units, t))


def _calls(docs) -> list[Doc]:
    from train.train_lines import web_calls

    return [doc_arrays(labels, ruled, scored) for labels, ruled, scored in web_calls(docs)]


def own_calls(first: int) -> tuple[list[Doc], list[str], list[str]]:
    """The own pages a model trained on own pages ``0..first-1`` never saw, as the web cleaner
    judges them (:data:`Doc` each), with their languages and sites."""
    from train.train_lines import heldout_own, heldout_own_sites

    held, langs = heldout_own(first, range(0))
    return _calls(held), langs, heldout_own_sites(first, range(0))


def own_rows(first: int, stored: float) -> list[dict]:
    """Ceiling rows of the own pages a model trained on own pages ``0..first-1`` never saw."""
    docs, langs, sites = own_calls(first)
    rows = [
        {
            "set": "own_heldout",
            **ceiling(docs, stored, langs),
            "sites": len(set(sites)),
            "ci95_at_stored": unit_interval(docs, sites, stored),
        }
    ]
    for lang in sorted(set(langs)):
        ks = [k for k, g in enumerate(langs) if g == lang]
        part = [docs[k] for k in ks]
        if sum(len(d[0]) for d in part) >= 50:
            rows.append(
                {
                    "set": f"own_heldout_{lang}",
                    **ceiling(part, stored),
                    "ci95_at_stored": unit_interval(part, [sites[k] for k in ks], stored),
                }
            )
    return rows


def site_calls(data: Path, split: str) -> tuple[list[Doc], list[str]]:
    """The texts with web labels of one site split's pages (licence-clean) as the web cleaner
    judges them (:data:`Doc` each), with each text's site."""
    from train.line_data import build
    from train.train_lines import SOURCES, relabel_prose

    docs, sites = [], []
    for page, texts in build(data):
        if page.split == split:
            for source, lines, labels in texts:
                if source in SOURCES:
                    docs.append((lines, labels))
                    sites.append(page.site)
    relabel_prose(docs)
    return _calls(docs), sites


def site_rows(data: Path, stored: float, split: str = "tune") -> list[dict]:
    """The ceiling row of one site split's texts with web labels (licence-clean): ``tune`` (the
    sites the web threshold, and session 13's calibration, are chosen on: no held-out figure)
    or ``test`` (sites no model, threshold or calibration was fitted or chosen on: the
    held-out figure of web mode on news pages)."""
    calls, sites = site_calls(data, split)
    return [
        {
            "set": f"{split}_sites",
            **ceiling(calls, stored),
            "sites": len(set(sites)),
            "ci95_at_stored": unit_interval(calls, sites, stored),
        }
    ]


def turku_rows(data: Path, stored: float) -> list[dict]:
    """Ceiling rows of the Turku dev documents not in train, per language (measurement only);
    English also gets its document-resampled 95% interval at the stored threshold."""
    from bench.turku import DEV_LANGS, load, load_train

    root = data / "lines" / "turku"
    seen = {tuple(x) for x, _ in load_train(root)}
    rows = []
    every: list[Doc] = []
    langs: list[str] = []
    for lang in DEV_LANGS:
        path = root / lang / "dev.json"
        if not path.exists():
            continue
        dev = [d for d in load(path) if tuple(d[0]) not in seen]
        docs = _calls(dev)
        row = {"set": f"turku_{lang}", **ceiling(docs, stored)}
        if lang == "en":
            ok = np.concatenate([correct(d, stored) for d in docs])
            row["ci95_at_stored"] = doc_bootstrap(ok, [len(d[0]) for d in docs])
        rows.append(row)
        every += docs
        langs += [lang] * len(docs)
    rows.append({"set": "turku_all", **ceiling(every, stored, langs)})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="the shared benchmarks folder")
    ap.add_argument("--web-model", type=Path, default=None, help="a web-model file to score")
    ap.add_argument(
        "--own-first", type=int, default=48, help="own pages 0..N-1 are the model's (v4: 48)"
    )
    ap.add_argument("--skip", default="", help="comma list of: own,tune,test,turku")
    args = ap.parse_args()
    if not args.data.exists():
        sys.exit(f"benchmark data not found at {args.data}")
    from newssift.clean import model as line_model
    from newssift.clean.cleaner import web_threshold

    if args.web_model is not None:
        line_model.use_web_model(args.web_model)
    stored = round(web_threshold(), 3)
    skip = set(filter(None, args.skip.split(",")))
    rows = [] if "own" in skip else own_rows(args.own_first, stored)
    for split in ("tune", "test"):
        if split not in skip:
            rows += site_rows(args.data, stored, split)
    if "turku" not in skip:
        rows += turku_rows(args.data, stored)
    for row in rows:
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
