"""Machine-translation detection measured on WMT years no choice was made on.

Protocol (issue 19): leave one WMT year out (WMT08 … WMT18 of ht-vs-mt-deen, MIT): train on
every other year (DeepL and Google output together, plus the English aeb/naeb bodies of the
training half of the sites as extra human text), choose the feature families and C by
cross-validation grouped by year *inside those training years* (train/train_mt.py GRID),
calibrate on that cross-validation's out-of-fold scores (Platt on the WMT documents, the
intercept then lowered so that at most 1% of the out-of-fold web pages reach 0.5), then
score the year left out. For
each system a year is scored on its German-original documents (human translation against
MT of the German; the published task and the WMT18 dev split) and on all its documents
(original English and its DeepL/Google round trip added). Mean and worst year are reported,
with typography flattened to ASCII too, and a reliability table of the calibrated
probabilities pooled over held-out years.

Then the shipped model (src/newssift/models/mt_linear.npz): ``machine_translated`` >= 0.5 on
English aeb/naeb pages of the held-out half of the sites (assess() on the ground-truth
bodies, and the whole pipeline from the HTML), the seed page, bad input, and the speed of
the MT score alone (documents/s of one process, next to the old model when given).

Usage: python -m bench.mt [--shared ../shared] [--md docs/bench/mt.md]
       [--only protocol,years,web,seed,speed,inyear] [--years 14,16] [--old-model PATH]
       [--old-code PATH]   (inyear: a diagnostic, run only when named)
       [--jobs N]   (protocol: outer folds in N forked processes; the same figures)
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import time
from pathlib import Path

import numpy as np

from bench import fragment
from bench._truth import aeb_truth, naeb_items
from newssift.assess.mt_features import char_codes, flatten
from train import train_mt as T

ROOT = Path(__file__).resolve().parents[1]

SECTIONS = ("protocol", "years", "web", "seed", "speed")
#: Diagnostics run only when named in ``--only`` (not part of the default run).
EXTRA_SECTIONS = ("inyear",)


def bacc(p: np.ndarray, y: np.ndarray) -> float:
    """Balanced accuracy of probabilities at 0.5."""
    pos, neg = y == 1, y == 0
    return 0.5 * float((p[pos] >= 0.5).mean()) + 0.5 * float((p[neg] < 0.5).mean())


def near_mt_share(human: list[str], mt: list[str], bar: float = 0.8) -> tuple[float, float]:
    """Of the sentences of ``human``: the share identical to a sentence of ``mt`` and the share
    whose lower-cased word set has a Jaccard similarity >= ``bar`` with one (word tokens of
    the flattened text; sentences of under 5 words count as neither)."""
    from newssift.assess.mt_features import raw_tokens, sentences

    def words(s: str) -> tuple[str, ...]:
        return tuple(t.lower() for t in raw_tokens(flatten(s)) if t[0].isalnum())

    hs = [words(s) for t in human for s in sentences(t)]
    ms = {words(s) for t in mt for s in sentences(t)}
    msets = [set(m) for m in ms]
    same = near = 0
    for h in hs:
        if len(h) < 5:
            continue
        same += h in ms
        hset = set(h)
        near += any(len(hset & m) >= bar * len(hset | m) for m in msets)
    return same / max(len(hs), 1), near / max(len(hs), 1)


def _word_bigrams(text: str) -> set[tuple[str, str]]:
    from newssift.assess.mt_features import raw_tokens

    w = [t.lower() for t in raw_tokens(flatten(text)) if t[0].isalnum()]
    return set(itertools.pairwise(w))


def closest_mt(human: list[str], mt: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """For each human text: the index of the MT text of most word bigrams in common (Jaccard
    of the lower-cased word-bigram sets of the flattened texts) and that Jaccard. Documents
    of one WMT year translate the same German, so a human translation's closest MT text is
    the MT of its own source (aligned line by line where the files have equal lengths; the
    closest text is used so that a year with one extra MT line needs no special case)."""
    hb = [_word_bigrams(t) for t in human]
    mb = [_word_bigrams(t) for t in mt]
    idx = np.zeros(len(hb), dtype=np.int64)
    sim = np.zeros(len(hb))
    for i, h in enumerate(hb):
        js = [len(h & m) / max(len(h | m), 1) for m in mb]
        idx[i] = int(np.argmax(js)) if js else -1
        sim[i] = max(js) if js else 0.0
    return idx, sim


def best_threshold_bacc(p: np.ndarray, y: np.ndarray) -> float:
    """The highest balanced accuracy any single threshold on ``p`` reaches (chosen on the
    scored documents themselves: a diagnostic of ranking, never a result)."""
    best = 0.0
    for t in np.unique(p):
        best = max(best, bacc((p >= t).astype(float), y))
    return best


def auc(p: np.ndarray, y: np.ndarray) -> float:
    """Area under the ROC curve of ``p`` for ``y`` (ties count one half)."""
    pos, neg = p[y == 1], p[y == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


#: Word-bigram Jaccard of a human translation with the MT of its own source at and above
#: which the pair counts as a near-copy (set before any score was read: an aligned pair's
#: median is ~0.3, an unaligned pair's ~0.01).
NEAR_COPY = (0.4, 0.5)


def near_copy_rows(
    docs: list, years: np.ndarray, system: np.ndarray, origin: np.ndarray, yr: int, s: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year ``yr``'s German-original rows for system ``s`` (human and MT), each human row's
    closest MT row and their Jaccard (:func:`closest_mt`)."""
    hum = np.flatnonzero((years == yr) & (system == "human") & (origin == "de"))
    mt = np.flatnonzero((years == yr) & (system == s) & (origin == "de"))
    idx, sim = closest_mt([docs[i].text for i in hum], [docs[i].text for i in mt])
    return hum, mt[idx], sim


def section_near_copies(
    docs: list,
    years: np.ndarray,
    y: np.ndarray,
    system: np.ndarray,
    origin: np.ndarray,
    prob: np.ndarray,
    wmt_years: list[int],
    out: list[str],
) -> None:
    """Per held-out year (German originals): how close the human translations are to the MT
    of their own source, the held-out score's AUC (threshold-free), and the balanced accuracy
    with the near-copy pairs left out (the human document and the MT of its source, so
    the classes stay balanced). The bars are fixed (:data:`NEAR_COPY`), not chosen on scores."""
    out.append("## Held-out years: human translations close to the MT, and scores without them\n")
    out.append(
        "Each human translation is paired with the MT of its own source (the MT document of the "
        "same year with most word bigrams in common; `bench/mt.py` `closest_mt`). *Jaccard*: of "
        "the two documents' lower-cased word-bigram sets. *AUC*: the held-out probability's "
        "ranking of MT above human, threshold-free. *pairs in order*: share of pairs where the MT "
        "scores above the human translation of the same source. *best threshold*: the balanced "
        "accuracy of the best single threshold chosen on the year itself (a diagnostic of how "
        "much a per-year calibration could give, not a result). *without >= b*: balanced "
        "accuracy at 0.5 with the pairs of Jaccard >= b left out (both documents).\n"
    )
    head = "| year | system | pairs | Jaccard median | pairs >= " + " / ".join(
        f"{b}" for b in NEAR_COPY
    )
    head += " | AUC | pairs in order | best threshold | balanced acc. | "
    head += " | ".join(f"without >= {b}" for b in NEAR_COPY) + " |"
    out.append(head)
    out.append("|---|---|---|---|---|---|---|---|---|" + "---|" * len(NEAR_COPY))
    for yr in wmt_years:
        for s in T.SYSTEMS:
            hum, mt, sim = near_copy_rows(docs, years, system, origin, yr, s)
            rows = np.flatnonzero((years == yr) & ((system == s) | (system == "human")))
            rows = rows[origin[rows] == "de"]
            cells = [f"WMT{yr:02d}", s, str(len(hum)), f"{np.median(sim):.3f}"]
            cells.append(" / ".join(str(int((sim >= b).sum())) for b in NEAR_COPY))
            cells += [
                f"{auc(prob[rows], y[rows]):.3f}",
                f"{float((prob[mt] > prob[hum]).mean()):.3f}",
                f"{best_threshold_bacc(prob[rows], y[rows]):.3f}",
                f"{bacc(prob[rows], y[rows]):.3f}",
            ]
            for b in NEAR_COPY:
                drop = set(hum[sim >= b].tolist()) | set(mt[sim >= b].tolist())
                keep = np.array([r for r in rows if r not in drop], dtype=np.int64)
                cells.append(f"{bacc(prob[keep], y[keep]):.3f}")
            out.append("| " + " | ".join(cells) + " |")
    out.append("")


def section_inyear(shared: Path, out: list[str], only_years: list[int] | None = None) -> None:
    """Diagnostic, not a result: can the model tell a year's human translation from its MT when
    it has seen *other documents of that year*? Per year: its German-original pairs (a human
    translation with the MT of its own source, :func:`near_copy_rows`, both systems) in 5
    folds (fixed seed); train on every other year, the web pages and the other 4/5 of the
    year's pairs (the shipped grid's window entry, C=32, web x4, windows x1; no choice
    made), score the held-out pairs (the year's English-original documents are left out).
    Compared with the leave-one-year-out figures it separates year shift from inseparability."""
    data = shared / "benchmarks" / "mt" / "ht-vs-mt-deen" / "experiments"
    docs = T.with_windows(T.load_wmt(data) + T.load_web_news(shared, "train"))
    feats = T.Featurized([d.text for d in docs])
    years = np.array([-99 if d.parent >= 0 else d.year for d in docs])
    y = np.array([d.mt for d in docs])
    system = np.array([d.system for d in docs])
    origin = np.array([d.origin for d in docs])
    is_web = np.array([d.year < 0 for d in docs])
    parent = np.array([d.parent for d in docs])
    out.append("## Diagnostic: a year scored after training on other documents of that year\n")
    out.append(
        "5 folds over the year's German-original pairs (human translation + the MT of its "
        "source, both systems, one fold); trained on all other years, the web pages and the "
        "year's other pairs. Not a result: it shows whether the year's classes are separable "
        "by this model once the year's own style has been seen.\n"
    )
    out.append("| year | system | AUC | balanced acc. at 0 (raw score) | best threshold |")
    out.append("|---|---|---|---|---|")
    for yr in only_years or [16]:
        group = np.full(len(docs), -1)
        for s in T.SYSTEMS:
            hum, mt, _sim = near_copy_rows(docs, years, system, origin, yr, s)
            group[hum] = np.arange(len(hum))
            group[mt] = np.arange(len(hum))
        fold_of = np.random.default_rng(0).permutation(int(group.max()) + 1) % 5
        base = np.flatnonzero((years != yr) & (years != -99))
        dec = np.full(len(docs), np.nan)
        for k in range(5):
            mine = (group >= 0) & (years == yr)
            held = mine & (fold_of[np.maximum(group, 0)] == k)
            tr = np.concatenate([base, np.flatnonzero(mine & ~held)])
            win = np.flatnonzero(np.isin(parent, tr) & (parent >= 0))
            m = T.DocModelV2(T.FAMILIES, 32.0, 4.0, 1.0).fit(feats, tr, y, is_web, win)
            dec[held] = m.decision(feats, np.flatnonzero(held))
        for s in T.SYSTEMS:
            r = (years == yr) & (origin == "de") & (group >= 0)
            r = np.flatnonzero(r & ((system == s) | (system == "human")))
            p = 1.0 / (1.0 + np.exp(-dec[r]))
            out.append(
                f"| WMT{yr:02d} | {s} | {auc(p, y[r]):.3f} | {bacc(p, y[r]):.3f} "
                f"| {best_threshold_bacc(p, y[r]):.3f} |"
            )
    out.append("")


def section_years(shared: Path, out: list[str]) -> None:
    """Per WMT year, German originals: documents, words per document, the share of word
    tokens unseen in the other years, and how close the human translation's sentences come
    to the MT's (what sets a year apart; no model, no labels scored)."""
    from collections import Counter

    from newssift.assess.mt_features import raw_tokens

    data = shared / "benchmarks" / "mt" / "ht-vs-mt-deen" / "experiments"
    alldocs = [d for d in T.load_wmt(data) if d.origin == "de"]
    docs = [d for d in alldocs if d.system in ("human", "deepl")]
    years = sorted({d.year for d in docs})
    vocab = {y: Counter() for y in years}
    for d in docs:
        vocab[d.year].update(t.lower() for t in raw_tokens(flatten(d.text)) if t[0].isalpha())
    out.append("## WMT years described (German originals; counts only)\n")
    out.append(
        "| year | docs (human) | words/doc human | words/doc DeepL "
        "| word tokens unseen in the other years "
        "| human sentences identical to a DeepL / Google one "
        "| near one (word Jaccard >= 0.8) |"
    )
    out.append("|---|---|---|---|---|---|---|")
    for yr in years:
        h = [len(d.text.split()) for d in docs if d.year == yr and not d.mt]
        m = [len(d.text.split()) for d in docs if d.year == yr and d.mt]
        other = set().union(*(vocab[z] for z in years if z != yr))
        total = sum(vocab[yr].values())
        unseen = sum(c for w, c in vocab[yr].items() if w not in other) / max(total, 1)
        ht = [d.text for d in alldocs if d.year == yr and not d.mt]
        near = [
            near_mt_share(ht, [d.text for d in alldocs if d.year == yr and d.system == s])
            for s in T.SYSTEMS
        ]
        out.append(
            f"| WMT{yr:02d} | {len(h)} | {np.mean(h):.0f} | {np.mean(m):.0f} | {unseen:.3f} "
            f"| {near[0][0]:.3f} / {near[1][0]:.3f} | {near[0][1]:.3f} / {near[1][1]:.3f} |"
        )
    out.append("")


#: (Featurized, docs, years) of the protocol run, read by :func:`_protocol_fold` (set before
#: the outer folds run, so forked workers inherit it instead of receiving a copy)
_FOLD_DATA = None


def _protocol_fold(yr: int) -> tuple[int, np.ndarray, dict]:
    """One outer fold: choose and fit on every year but ``yr``; the held-out probabilities."""
    feats, docs, years = _FOLD_DATA
    train = np.flatnonzero((years != yr) & (years != -99))
    test = np.flatnonzero(years == yr)
    print(f"year {yr}: {len(train)} training rows, {len(test)} held out", flush=True)
    model, cv = T.select_and_fit(feats, docs, train)
    return yr, model.probability(feats, test), cv


def run_folds(feats, docs: list, years: np.ndarray, wmt_years: list[int], jobs: int = 1) -> list:
    """:func:`_protocol_fold` of every year in ``wmt_years``, in that order; with ``jobs`` > 1
    in that many forked processes (each fold depends on the data alone: the same results)."""
    global _FOLD_DATA
    _FOLD_DATA = (feats, docs, years)
    try:
        if jobs > 1 and len(wmt_years) > 1:
            from newssift.execute.executors import worker_pool

            # the product's pool, not a bare one: a bare pool's workers inherit this
            # process's SIGTERM handler, and where Ray ran before (the suite's processes)
            # its stop waited for ever (docs/bench/reliability.md, session 31)
            pool = worker_pool(min(jobs, len(wmt_years)))
            try:
                return pool.map(_protocol_fold, wmt_years)
            finally:
                pool.terminate()
        return [_protocol_fold(yr) for yr in wmt_years]
    finally:
        _FOLD_DATA = None


def section_protocol(
    shared: Path, out: list[str], only_years: list[int] | None = None, jobs: int = 1
) -> None:
    data = shared / "benchmarks" / "mt" / "ht-vs-mt-deen" / "experiments"
    if not data.exists():
        out.append("(ht-vs-mt-deen missing)\n")
        return
    t0 = time.time()
    docs = T.with_prefixes(T.with_windows(T.load_wmt(data) + T.load_web_news(shared, "train")))
    feats = T.Featurized([d.text for d in docs])
    # training windows and prefixes (T.with_windows, T.with_prefixes) are never held out
    # nor scored: year -99 here
    years = np.array([-99 if d.parent >= 0 else d.year for d in docs])
    y = np.array([d.mt for d in docs])
    system = np.array([d.system for d in docs])
    origin = np.array([d.origin for d in docs])
    wmt_years = sorted({int(v) for v in years if v >= 0})
    if only_years:
        wmt_years = [v for v in wmt_years if v in only_years]
    prob = np.full(len(docs), np.nan)
    chosen = {}
    for yr, p_test, cv in run_folds(feats, docs, years, wmt_years, jobs):
        test = np.flatnonzero(years == yr)
        chosen[yr] = cv
        prob[test] = p_test
        m = (system[test] != "google") & (origin[test] == "de")
        print(f"  held out WMT{yr:02d} DeepL DE: {bacc(prob[test][m], y[test][m]):.3f}", flush=True)
    # Flattened typography: the held-out documents' quotes and dashes made ASCII and the
    # features recomputed from the flattened text (the model flattens its input itself).
    texts = [d.text for d in docs if d.parent < 0]
    flat_texts = [flatten(t) for t in texts]
    same = all(
        T.family_terms(f, a) == T.family_terms(f, b)
        for a, b in zip(texts, flat_texts, strict=True)
        for f in T.FAMILIES
        if f != "chars"
    ) and all(
        np.array_equal(char_codes(flatten(a)), char_codes(b))
        for a, b in zip(texts, flat_texts, strict=True)
    )
    out.append("## Leave-one-year-out (WMT08-WMT18, ht-vs-mt-deen documents)\n")
    out.append(
        "Each row: the year left out, scored by a model trained on all other years (choices "
        "by grouped CV on those years only). Balanced accuracy at p = 0.5. *DE* = German "
        "originals (human translation vs MT; the published task); *all* = plus original "
        "English vs its round trip through German.\n"
    )
    out.append(
        "| year | chosen by inner CV (families, C, web weight, window weight, prefix weight, "
        "calibration, "
        "intercept shift) "
        "| docs DE (human/MT per system) "
        "| DeepL DE | DeepL all | Google DE | Google all |"
    )
    out.append("|---|---|---|---|---|---|---|")
    per: dict[str, list[float]] = {}
    for yr in wmt_years:
        fams, c, ww, win, pre, cal = chosen[yr]["best"]
        row = [
            f"WMT{yr:02d}",
            f"{fams}, C={c:g}, web x{ww:g}, windows x{win:g}, prefixes x{pre:g}, {cal}, "
            f"shift {chosen[yr]['shift']:.2f}",
        ]
        cells = []
        nde = None
        for s in T.SYSTEMS:
            for sub in ("DE", "all"):
                m = (years == yr) & ((system == s) | (system == "human"))
                if sub == "DE":
                    m &= origin == "de"
                    nde = f"{int((m & (y == 0)).sum())}/{int((m & (y == 1)).sum())}"
                acc = bacc(prob[m], y[m])
                per.setdefault(f"{s} {sub}", []).append(acc)
                cells.append(f"{acc:.3f}")
        row.append(nde or "")
        out.append("| " + " | ".join(row + cells) + " |")
    mean = [f"{np.mean(per[f'{s} {sub}']):.3f}" for s in T.SYSTEMS for sub in ("DE", "all")]
    worst = [f"{np.min(per[f'{s} {sub}']):.3f}" for s in T.SYSTEMS for sub in ("DE", "all")]
    out.append("| **mean** | | | " + " | ".join(f"**{v}**" for v in mean) + " |")
    out.append("| **worst year** | | | " + " | ".join(f"**{v}**" for v in worst) + " |")
    out.append(
        "| flattened typography, mean | | | " + " | ".join(mean) + " |\n"
        if same
        else "| flattened typography | | | (features differ: recompute) |\n"
    )
    out.append(
        "Flattened typography: every held-out document's quotes, apostrophes, dashes and "
        f"ellipses made ASCII give {'identical' if same else 'DIFFERENT'} features "
        "(the model reads flattened text), so the flattened scores equal the rows above.\n"
    )
    section_assessed(docs, years, y, system, origin, prob, wmt_years, out)
    out.append("## Reliability of the calibrated probability (held-out years pooled)\n")
    out.append(
        "| predicted | DeepL docs | mean p | observed MT | Google docs | mean p | observed MT |"
    )
    out.append("|---|---|---|---|---|---|---|")
    edges = np.linspace(0, 1, 11)
    for lo, hi in itertools.pairwise(edges):
        cells = [f"{lo:.1f}-{hi:.1f}"]
        for s in T.SYSTEMS:
            m = (years >= 0) & ((system == s) | (system == "human"))
            m &= (prob >= lo) & ((prob < hi) if hi < 1 else (prob <= hi))
            n = int(m.sum())
            cells += [
                str(n),
                f"{prob[m].mean():.2f}" if n else "-",
                f"{y[m].mean():.2f}" if n else "-",
            ]
        out.append("| " + " | ".join(cells) + " |")
    section_near_copies(docs, years, y, system, origin, prob, wmt_years, out)
    out.append(
        f"Protocol run: {len(wmt_years)} outer folds, {time.time() - t0:.0f}s wall "
        "(one process, 2-core machine shared with other jobs).\n"
    )


def section_assessed(
    docs: list, years: np.ndarray, y: np.ndarray, system: np.ndarray, origin: np.ndarray,
    prob: np.ndarray, wmt_years: list[int], out: list[str],
) -> None:
    """The leave-one-year-out scores of the documents the runtime assesses: at least
    ``mt_model.MIN_WORDS`` words (shorter text is *not assessed*: no score, no flag)."""
    from newssift.assess.mt_model import MIN_WORDS

    words = np.array([len(d.text.split()) for d in docs])
    big = words >= MIN_WORDS
    out.append(f"## Leave-one-year-out, documents of at least {MIN_WORDS} words\n")
    out.append(
        f"The runtime does not assess a text under {MIN_WORDS} words (`mt_model.MIN_WORDS`): "
        "these are the rows above on the documents it assesses, German originals.\n"
    )
    out.append("| year | DE documents assessed | DeepL DE | Google DE |")
    out.append("|---|---|---|---|")
    per: dict[str, list[float]] = {s: [] for s in T.SYSTEMS}
    for yr in wmt_years:
        de = (years == yr) & (origin == "de")
        cells = [f"WMT{yr:02d}", f"{int((de & big).sum())} of {int(de.sum())}"]
        for s in T.SYSTEMS:
            m = de & big & ((system == s) | (system == "human"))
            acc = bacc(prob[m], y[m])
            per[s].append(acc)
            cells.append(f"{acc:.3f}")
        out.append("| " + " | ".join(cells) + " |")
    out.append(
        "| **mean** | | " + " | ".join(f"**{np.mean(per[s]):.3f}**" for s in T.SYSTEMS) + " |"
    )
    out.append(
        "| **worst year** | | "
        + " | ".join(f"**{np.min(per[s]):.3f}**" for s in T.SYSTEMS)
        + " |\n"
    )


def heldout_pages(shared: Path) -> list[dict]:
    """aeb + naeb pages on the held-out half of the sites: body, url, set, HTML path."""
    base = shared / "benchmarks" / "extraction"
    pages = []
    for k, v in aeb_truth(base / "aeb").items():
        pages.append(
            {
                "set": "aeb",
                "id": k,
                "text": v.get("articleBody") or "",
                "url": v.get("url"),
                "html": base / "aeb" / "html" / f"{k}.html.gz",
            }
        )
    for d in naeb_items(base / "naeb"):
        pages.append(
            {
                "set": "naeb",
                "id": str(d["id"]),
                "text": d.get("text") or "",
                "url": d.get("link"),
                "html": base / "naeb" / "html" / f"{d['html_file']}.html.gz",
                "site": d.get("site") or d.get("link", ""),
            }
        )
    out = []
    for p in pages:
        site = T._host(p.get("site") or p.get("url") or "")
        if T.site_half(site) == "heldout":
            out.append(p)
    return out


def section_web(shared: Path, out: list[str]) -> None:
    from newssift.assess import assess
    from newssift.assess.language import detect_language
    from newssift.assess.stage import AssessStage
    from newssift.clean.stage import CleanStage
    from newssift.extract.stage import ExtractStage
    from newssift.news.stage import NewsStage
    from newssift.record import Document
    from newssift.stage import Stats, run_stages

    pages = heldout_pages(shared)
    if not pages:
        out.append("(aeb/naeb missing)\n")
        return
    out.append("## No alarm on native English (aeb + naeb, held-out half of the sites)\n")
    out.append(
        "Sites are split in two halves by a hash of the host (train/train_mt.py `site_half`); "
        "the English bodies of the other half are extra human negatives in training, these "
        "never are. English = pages whose ground-truth body `detect_language` calls `en`.\n"
    )
    out.append(
        "| set | path | English pages | not assessed | mt_model >= 0.5 "
        "| machine_translated >= 0.5 | highest |"
    )
    out.append("|---|---|---|---|---|---|---|")
    eng = [p for p in pages if p["text"] and detect_language(p["text"])[0] == "en"]
    highest: list[tuple[float, str]] = []
    cache: dict = {}
    for name in ("aeb", "naeb", "aeb + naeb"):
        sub = [p for p in eng if p["set"] in name.split(" + ")]
        na = model_hi = mt_hi = 0
        top = 0.0
        for p in sub:
            key = (p["set"], p["id"])
            if key not in cache:
                cache[key] = assess(p["text"], url=p["url"])
            res = cache[key]
            na += "mt_model" not in res.scores
            model_hi += res.scores.get("mt_model", 0.0) >= 0.5
            mt_hi += res.machine_translated >= 0.5
            top = max(top, res.machine_translated)
            if name != "aeb + naeb":
                highest.append((res.machine_translated, f"{name} {p['url']}"))
        n = max(len(sub), 1)
        out.append(
            f"| {name} | ground-truth body, assess() | {len(sub)} | {na} "
            f"| {model_hi} ({model_hi / n:.1%}) "
            f"| {mt_hi} ({mt_hi / n:.1%}) | {top:.2f} |"
        )
    docs = []
    for p in eng:
        if p["html"].exists():
            with gzip.open(p["html"]) as fh:
                html = fh.read().decode("utf-8", "replace")
            docs.append(Document(id=p["id"], source=p["set"], url=p["url"], html=html))
    stages = [ExtractStage(), CleanStage(), NewsStage(), AssessStage()]
    done = list(run_stages(stages, docs, Stats()))
    for name in ("aeb", "naeb", "aeb + naeb"):
        sub = [d for d in done if d.source in name.split(" + ")]
        na = sum("mt_model" not in d.scores for d in sub)
        model_hi = sum(d.scores.get("mt_model", 0.0) >= 0.5 for d in sub)
        mt_hi = sum(d.scores.get("machine_translated", 0.0) >= 0.5 for d in sub)
        top = max((d.scores.get("machine_translated", 0.0) for d in sub), default=0.0)
        n = max(len(sub), 1)
        out.append(
            f"| {name} | whole pipeline from HTML | {len(sub)} | {na} "
            f"| {model_hi} ({model_hi / n:.1%}) "
            f"| {mt_hi} ({mt_hi / n:.1%}) | {top:.2f} |"
        )
    highest.sort(reverse=True)
    out.append(
        "\nHighest `machine_translated` (ground-truth bodies): "
        + "; ".join(f"{v:.2f} {u}" for v, u in highest[:5])
        + "\n"
    )


def section_seed(shared: Path, out: list[str]) -> None:
    from newssift.assess import assess

    path = shared / "seed" / "kremlin-content-farm-copy.txt"
    if not path.exists():
        out.append(f"(seed page missing: {path})\n")
        return
    res = assess(path.read_text(encoding="utf-8"))
    flag = [f for f in res.flags if f.name == "machine_translated"]
    out.append("## Seed page (a machine-translated copy)\n")
    out.append(
        f"`mt_model` = {res.scores.get('mt_model', float('nan')):.3f}, `machine_translated` = "
        f"{res.machine_translated:.3f} (goal >= 0.5), `content_farm` = {res.content_farm:.3f}; "
        f"flag: {flag[0].text if flag else '(none)'}\n"
    )


def _module_from(path: Path):
    """A Python file loaded as a module (the previous release's mt_model.py, for timing)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("mt_model_previous", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def section_speed(
    shared: Path, out: list[str], old: Path | None, old_code: Path | None = None
) -> None:
    from newssift.assess import mt_model
    from newssift.assess.mt_model import DocModel, MTModel

    data = shared / "benchmarks" / "mt" / "ht-vs-mt-deen" / "experiments"
    texts = [d.text for d in T.load_wmt(data) if d.year == 18][:200]
    shipped = mt_model.load_model.__wrapped__()
    path = ROOT / "src" / "newssift" / "models" / mt_model.MODEL_FILE
    loaders = [("shipped model, this code", lambda: type(shipped)(path))]
    rows = [("newssift machine_translated (shipped model)", mt_model.machine_translated)]
    if old is not None and old.exists():
        with np.load(old, allow_pickle=False) as z:
            v2 = "format" in z.files and str(z["format"][0]) == "doc-v2"
        cls = DocModel if v2 else MTModel
        m = cls(old)
        rows.append((f"previous model ({old.name}), this code", m.probability))
        loaders.append((f"previous model ({old.name}), this code", lambda: cls(old)))
        if old_code is not None and old_code.exists():
            prev = _module_from(old_code)
            pcls = prev.DocModel if v2 else prev.MTModel
            pm = pcls(old)
            rows.append((f"previous model, previous code ({old_code.name})", pm.probability))
            loaders.append((f"previous model, previous code ({old_code.name})", lambda: pcls(old)))
    words = sum(len(t.split()) for t in texts) / len(texts)
    out.append("## Speed of the MT score alone (one process, side by side)\n")
    out.append("| scorer | documents/s wall | documents/s of CPU time |")
    out.append("|---|---|---|")
    # Rounds alternate between the scorers (A B A B ...), so a burst of load on the shared
    # machine falls on both alike.
    rounds = 4
    wall, cpu = [0.0] * len(rows), [0.0] * len(rows)
    for _ in range(rounds):
        for k, (_name, fn) in enumerate(rows):
            t0, c0 = time.perf_counter(), time.process_time()
            for t in texts:
                fn(t)
            wall[k] += time.perf_counter() - t0
            cpu[k] += time.process_time() - c0
    n = rounds * len(texts)
    for k, (name, _fn) in enumerate(rows):
        out.append(f"| {name} | {n / wall[k]:.0f} | {n / cpu[k]:.0f} |")
    out.append(
        f"\n{len(texts)} WMT18 documents (mean {words:.0f} words), each scored {rounds} "
        "times, in rounds alternating between the scorers.\n"
    )
    out.append("| model load | seconds of CPU time (mean of 3, alternating) |")
    out.append("|---|---|")
    load = [0.0] * len(loaders)
    for _ in range(3):
        for k, (_name, fn) in enumerate(loaders):
            c0 = time.process_time()
            fn()
            load[k] += time.process_time() - c0
    for k, (name, _fn) in enumerate(loaders):
        out.append(f"| {name} | {load[k] / 3:.2f} |")
    out.append("")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--md", type=Path, default=None)
    ap.add_argument("--only", default=",".join(SECTIONS))
    ap.add_argument("--old-model", type=Path, default=None)
    ap.add_argument("--old-code", type=Path, default=None, help="previous mt_model.py (speed)")
    ap.add_argument(
        "--years", default="", help="protocol: only these held-out years (e.g. 14,16); a subset"
    )
    ap.add_argument(
        "--jobs", type=int, default=1, help="protocol: outer folds run in this many processes"
    )
    args = ap.parse_args()
    run = set(args.only.split(","))
    old = f" --old-model {args.old_model}" if args.old_model else ""
    old += f" --old-code {args.old_code}" if args.old_code else ""
    only = f" --only {args.only}" if run != set(SECTIONS) else ""
    only += f" --years {args.years}" if args.years else ""
    only_years = [int(v) for v in args.years.split(",") if v]
    out = [
        "# Machine-translation detection (bench/mt.py)\n",
        f"Command: `python -m bench.mt --shared ../shared{old}{only} --md docs/bench/mt.md`\n",
    ]
    if "protocol" in run:
        section_protocol(args.shared, out, only_years, args.jobs)
    if "years" in run:
        section_years(args.shared, out)
    if "inyear" in run:
        section_inyear(args.shared, out, only_years)
    if "web" in run:
        section_web(args.shared, out)
    if "seed" in run:
        section_seed(args.shared, out)
    if "speed" in run:
        section_speed(args.shared, out, args.old_model, args.old_code)
    text = "\n".join(out)
    print(text)
    if args.md:
        fragment.write(args.md, text)


if __name__ == "__main__":
    main()
