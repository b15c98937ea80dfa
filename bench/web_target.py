"""Can the web-mode target be checked? One table: Turku English next to licence-clean pages.

Issue #20 asks web mode for 0.85 line accuracy on the Turku English dev documents that are not
copies of train documents: 14 documents. This bench prints, in one table, the whole web-mode
cleaner's plain line accuracy (rules, then the web model at its stored threshold: the measure
of ``bench.cleaning``'s Turku table and ``bench.line_ceiling``) on

* Turku English (measurement only, never trained or tuned on): the dev documents not in train
  (the issue's set), and for size the train split's documents (no shipped line model saw any
  Turku line; the train split fits only ``bench.cleaning``'s n-gram baseline) and both pooled;
* licence-clean pages the shipped model did not train on: the project's own English pages,
  its own pages in every language, and the aeb/naeb test sites' texts with web labels
  (``bench.line_ceiling``'s rows ``own_heldout_en``, ``own_heldout``, ``test_sites``),

each with its 95% interval when whole units are resampled (documents for Turku; sites for the
licence-clean sets, where one site's pages share a template; ``bench.intervals.doc_bootstrap``,
fixed seed, 2,000 draws) and what that interval means for a target (default 0.85):

* ``target_inside``: the target lies inside the interval (the figure cannot tell a cleaner at
  the target from this one);
* ``at_target_reads``: the 95% range a cleaner whose true accuracy *is* the target would read
  on a set like this one (the resampled accuracies moved so they centre on the target; a
  shifted percentile bootstrap), and ``p_one_sided``: the share of those readings at least as
  far from the target as the observed figure, on its side;
* ``units_to_separate``: about how many units (documents or sites like these) the interval's
  half-width needs to shrink to the observed distance from the target (half-width falling as
  one over the square root of the units).

Output is deterministic: one JSON line per row, then a Markdown table (``--md`` writes it to a
file). Usage, from the repository root (about two minutes, once the line labels are cached)::

    python -m bench.web_target --data ../shared/benchmarks [--target 0.85] [--md F] \
        [--web-model F.npz]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

from bench.cleaning import OWN_TRAINED
from bench.intervals import bootstrap_accs, doc_bootstrap
from bench.line_ceiling import (
    Doc,
    accuracy,
    best_threshold,
    correct,
    own_calls,
    site_calls,
    unit_correct,
)

#: The issue's web-mode target on Turku English dev unseen documents.
TARGET = 0.85


def target_row(
    name: str, ok: np.ndarray, sizes: list[int], target: float = TARGET, **extra
) -> dict:
    """The table row of one set: ``ok`` says per line whether the cleaner is right, the lines
    of one resampling unit together, ``sizes`` the units' line counts in that order; ``extra``
    (licence, unit, threshold, the oracle) is copied into the row."""
    acc = float(np.mean(ok)) if len(ok) else 0.0
    lo, hi = doc_bootstrap(ok, sizes)
    shifted = bootstrap_accs(ok, sizes) - acc + target
    gap = acc - target
    far = shifted <= acc if gap < 0 else shifted >= acc
    half = (hi - lo) / 2
    return {
        "set": name,
        **extra,
        "units": len(sizes),
        "lines": len(ok),
        "accuracy": round(acc, 4),
        "ci95": [lo, hi],
        "ci95_half_width": round(half, 3),
        "target": target,
        "target_inside": bool(lo <= target <= hi),
        "at_target_reads": [
            round(float(np.percentile(shifted, 2.5)), 3),
            round(min(float(np.percentile(shifted, 97.5)), 1.0), 3),
        ],
        "p_one_sided": round(float(far.mean()), 3),
        "units_to_separate": (
            math.ceil(len(sizes) * (half / abs(gap)) ** 2) if abs(gap) >= 5e-4 else None
        ),
    }


def _doc_correct(docs: list[Doc], t: float) -> tuple[np.ndarray, list[int]]:
    ok = np.concatenate([correct(d, t) for d in docs]) if docs else np.zeros(0, dtype=bool)
    return ok, [len(d[0]) for d in docs]


def _oracle(docs: list[Doc]) -> float:
    """The accuracy with the best threshold per document (an oracle read off the set: what no
    single threshold, and no choice made elsewhere, can beat)."""
    return accuracy(docs, [best_threshold([d]) for d in docs])


def turku_en(data: Path) -> dict[str, list]:
    """Turku English documents (label 1 = noise) by part: ``dev_unseen`` (dev documents that are
    not copies of a train document of any language: the issue's set), ``dev_copies`` and
    ``train``. Measurement only."""
    from bench.turku import load, load_train

    root = data / "lines" / "turku"
    seen = {tuple(x) for x, _ in load_train(root)}
    dev = load(root / "en" / "dev.json")
    return {
        "dev_unseen": [d for d in dev if tuple(d[0]) not in seen],
        "dev_copies": [d for d in dev if tuple(d[0]) in seen],
        "train": load(root / "en" / "train.json"),
    }


def rows(data: Path, target: float = TARGET, own_first: int = OWN_TRAINED) -> list[dict]:
    """Every row of the table (see the module docstring), Turku first."""
    from bench.line_ceiling import _calls
    from newssift.clean.cleaner import web_threshold

    t = round(web_threshold(), 3)
    out: list[dict] = []
    if (data / "lines" / "turku" / "en" / "dev.json").exists():
        parts = turku_en(data)
        dev, train = _calls(parts["dev_unseen"]), _calls(parts["train"])
        common = {"licence": "measurement only", "unit": "document", "threshold": t}
        out.append(
            target_row(
                "turku_en_dev_unseen",
                *_doc_correct(dev, t),
                target,
                **common,
                oracle_per_doc=_oracle(dev),
                of_split=len(parts["dev_unseen"]) + len(parts["dev_copies"]),
            )
        )
        out.append(
            target_row(
                "turku_en_train",
                *_doc_correct(train, t),
                target,
                **common,
                oracle_per_doc=_oracle(train),
            )
        )
        out.append(
            target_row(
                "turku_en_dev_unseen_and_train",
                *_doc_correct(dev + train, t),
                target,
                **common,
                oracle_per_doc=_oracle(dev + train),
            )
        )
    docs, langs, sites = own_calls(own_first)
    common = {"licence": "own (project)", "unit": "site", "threshold": t}
    en = [k for k, g in enumerate(langs) if g == "en"]
    en_docs = [docs[k] for k in en]
    out.append(
        target_row(
            "own_heldout_en",
            *unit_correct(en_docs, [sites[k] for k in en], t),
            target,
            **common,
            oracle_per_doc=_oracle(en_docs),
        )
    )
    out.append(
        target_row(
            "own_heldout",
            *unit_correct(docs, sites, t),
            target,
            **common,
            oracle_per_doc=_oracle(docs),
        )
    )
    if (data / "extraction").exists():
        calls, csites = site_calls(data, "test")
        common["licence"] = "aeb MIT, naeb Apache-2.0"
        out.append(
            target_row(
                "test_sites",
                *unit_correct(calls, csites, t),
                target,
                **common,
                texts=len(calls),
                oracle_per_doc=_oracle(calls),
            )
        )
    return out


#: Table names of the rows.
NAMES = {
    "turku_en_dev_unseen": "Turku en dev, not in train (the issue's set)",
    "turku_en_train": "Turku en train split (no shipped model saw it)",
    "turku_en_dev_unseen_and_train": "Turku en, both",
    "own_heldout_en": "own pages, en, held out",
    "own_heldout": "own pages, all languages, held out",
    "test_sites": "aeb/naeb test sites (web labels)",
}


def _p(p: float, draws: int = 2000) -> str:
    """A bootstrap share as printed: below one draw in ``draws`` it is only an upper bound."""
    return f"< {1 / draws:.4f}" if p == 0 else f"{p:.3f}"


def markdown(rs: list[dict], command: str) -> str:
    """The table, its command and a line per Turku part."""
    target = rs[0]["target"] if rs else TARGET
    out = [
        f"## Is web mode's {target} target distinguishable? (`bench/web_target.py`)",
        "",
        f"Command: `{command}`",
        "",
        "Plain line accuracy of the whole web-mode cleaner at its stored threshold "
        f"({rs[0]['threshold'] if rs else '?'}). Interval: 95%, whole units resampled "
        '(documents for Turku, sites for the licence-clean sets; fixed seed). "A cleaner at '
        f'{target} would read": the range a cleaner truly at {target} shows on a set like '
        "this one (the resampled accuracies centred on the target); p: the share of those "
        "readings at least as far from the target as the observed one. Units to separate: "
        "about how many units the interval's half-width needs to fall to the observed "
        "distance from the target. The last column is an oracle read off the set (the best "
        "threshold for each document or text), not a figure any shipped choice can reach.",
        "",
        f"| set | licence | units | lines | web mode | 95% interval | ± | {target} inside? | "
        f"a cleaner at {target} would read | p (one-sided) | units to separate | "
        "best threshold per document (oracle) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rs:
        units = f"{r['units']} {r['unit']}s"
        if "of_split" in r and r["of_split"] != r["units"]:
            units += f" (of {r['of_split']})"
        if "texts" in r:
            units += f", {r['texts']} texts"
        lo, hi = r["ci95"]
        a, b = r["at_target_reads"]
        sep = r["units_to_separate"]
        out.append(
            f"| {NAMES.get(r['set'], r['set'])} | {r['licence']} | {units} | {r['lines']} | "
            f"{r['accuracy']:.3f} | {lo:.3f}–{hi:.3f} | {r['ci95_half_width']:.3f} | "
            f"{'yes' if r['target_inside'] else 'no'} | {a:.3f}–{b:.3f} | "
            f"{_p(r['p_one_sided'])} | {'–' if sep is None else f'{sep:,}'} | "
            f"{r['oracle_per_doc']:.3f} |"
        )
    out.append("")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="the shared benchmarks folder")
    ap.add_argument("--target", type=float, default=TARGET)
    ap.add_argument("--md", type=Path, default=None, help="also write the Markdown table here")
    ap.add_argument(
        "--web-model", type=Path, default=None, help="score this web-model file, not the shipped"
    )
    args = ap.parse_args()
    if not args.data.exists():
        sys.exit(f"benchmark data not found at {args.data}")
    if args.web_model is not None:
        from newssift.clean.model import use_web_model

        use_web_model(args.web_model)
    rs = rows(args.data, args.target)
    for r in rs:
        print(json.dumps(r), flush=True)
    md = markdown(rs, "python -m bench.web_target " + " ".join(sys.argv[1:]))
    print(md)
    if args.md:
        args.md.write_text(md, encoding="utf-8")


if __name__ == "__main__":
    main()
