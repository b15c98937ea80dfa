"""Benchmark: newssift.clean and newssift.parse_news, against the issue's targets.

Measures, each on data read from the shared benchmark folder (never copied into the project):

* seed: the content-farm page in ../shared/seed — exactly its seven chrome lines removed and no
  article line; dateline MOSCOW / Jan.24 / Reuters; the credits line and its French version;
  Peskov's and the embassy's quotes attributed.
* turku: accuracy of the line model (noise vs clean) on the English dev split of the Turku
  line annotations, next to a plain word n-gram classifier trained on the same train splits
  and to the full cleaner (rules + model, conservative thresholds).
* recovery: AEB-metric P/R/F1 of resiliparse's main-content text (and of its whole-page text)
  before and after ``newssift.clean``, on aeb and naeb, with resiliparse set as in the
  benchmarks README's anchor row (comment sections and image alt texts off: AEB F1 0.927) and
  with the library's defaults (both on: 0.898).
* quotes: precision/recall of speaker attribution on tests/news/fixtures/quotes.json (the set
  the rules were developed on) and quotes_heldout.json (written later, never tuned on).
* speed: documents per second of ``clean`` on resiliparse texts.

Usage::

    python bench/cleaning.py --data ../shared/benchmarks --seed ../shared/seed \
        [--md docs/bench/cleaning.md] [--skip turku,recovery]
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "train"))

from _aeb import aeb  # noqa: E402
from turku import load as _turku  # noqa: E402
from turku import load_train  # noqa: E402

from newssift.clean.cleaner import clean  # noqa: E402
from newssift.news.parts import parse_news  # noqa: E402
from newssift.news.quotes import same_speaker  # noqa: E402

SEED_CHROME = (
    "See also Brexit",
    "See also Ethereum",
    "You May Also Like",
    "About the Author: Forrest Morton",
    "Organizer. Zombie aficionado.",
    "Leave a Reply",
    "Your email address will not be published.",
)


# ---------------------------------------------------------------- seed


def seed_check(seed_dir: Path) -> dict:
    path = seed_dir / "kremlin-content-farm-copy.txt"
    if not path.exists():
        return {"error": f"missing {path}"}
    text = path.read_text()
    lines = text.splitlines()
    chrome = {i for i, line in enumerate(lines) if " ".join(line.split()).startswith(SEED_CHROME)}
    res = clean(text)
    removed = {r.index for r in res.removed}
    parts = parse_news(res.text)
    speakers = [q.speaker for q in parts.quotes]
    return {
        "chrome_lines": len(chrome),
        "chrome_removed": len(chrome & removed),
        "article_lines_removed": len(removed - chrome),
        "reasons": [r.reason for r in res.removed],
        "dateline": [parts.dateline_place, parts.dateline_date, parts.dateline_agency],
        "credits": parts.credits,
        "credits_note": parts.credits_note,
        "quotes": len(parts.quotes),
        "peskov_quotes": sum(1 for s in speakers if s == "Dmitry Peskov"),
        "embassy_quotes": sum(1 for s in speakers if s and "embassy" in s.lower()),
        "unattributed_quotes": sum(1 for s in speakers if s is None),
        "agencies": parts.agencies,
    }


# ---------------------------------------------------------------- turku


def turku_check(data: Path) -> dict:
    import numpy as np

    from newssift.clean import model as line_model

    root = data / "lines" / "turku"
    dev_path = root / "en" / "dev.json"
    if not dev_path.exists():
        return {"error": f"missing {dev_path}"}
    dev = _turku(dev_path)
    train = load_train(root)
    y = np.array([lab for _, labs in dev for lab in labs], dtype=bool)
    # dev documents whose lines are exactly those of a train document (of any language)
    seen = {tuple(lines) for lines, _ in train}
    fresh = np.array([tuple(lines) not in seen for lines, labs in dev for _ in labs], dtype=bool)
    out: dict = {
        "lines": len(y),
        "noise_share": round(float(y.mean()), 4),
        "dev_docs": len(dev),
        "dev_docs_in_train": sum(tuple(lines) in seen for lines, _ in dev),
        "fresh_lines": int(fresh.sum()),
    }

    def acc(pred: np.ndarray, mask: np.ndarray | None = None) -> float:
        ok = pred == y
        return round(float(ok[mask].mean() if mask is not None else ok.mean()), 4)

    mdl = line_model.load()
    if mdl is not None:
        p1 = np.concatenate([mdl.stage1(lines) for lines, _ in dev])
        p2 = np.concatenate([mdl.predict_doc(lines) for lines, _ in dev])
        out["model_stage1_acc"] = acc(p1 >= 0.5)
        out["model_acc"] = acc(p2 >= 0.5)
        out["model_stage1_acc_fresh"] = acc(p1 >= 0.5, fresh)
        out["model_acc_fresh"] = acc(p2 >= 0.5, fresh)
    # the full cleaner as shipped: a removed line is a noise call
    pred = []
    for lines, _ in dev:
        removed = {r.index for r in clean("\n".join(lines)).removed}
        pred.extend(i in removed for i in range(len(lines)))
    pred_arr = np.array(pred)
    out["cleaner_acc"] = acc(pred_arr)
    out["cleaner_acc_fresh"] = acc(pred_arr, fresh)
    out["cleaner_noise_precision"] = round(float(y[pred_arr].mean()) if pred_arr.any() else 0.0, 4)
    # a plain word n-gram baseline trained on the same train splits
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        tr_lines, tr_y = [], []
        for lines, labs in train:
            tr_lines.extend(lines)
            tr_y.extend(labs)
        vec = TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True)
        xb = vec.fit_transform(tr_lines)
        base = LogisticRegression(C=3.0, max_iter=2000).fit(xb, tr_y)
        dev_lines = [line for lines, _ in dev for line in lines]
        pb = base.predict(vec.transform(dev_lines)).astype(bool)
        out["ngram_baseline_acc"] = acc(pb)
        out["ngram_baseline_acc_fresh"] = acc(pb, fresh)
    except ImportError:  # pragma: no cover
        pass
    return out


# ---------------------------------------------------------------- recovery


def _pages(data: Path, name: str) -> list[tuple[str, Path]]:
    root = data / "extraction" / name
    if name == "aeb":
        gt = json.loads((root / "ground-truth.json").read_text())
        return [(v["articleBody"], root / "html" / f"{k}.html.gz") for k, v in sorted(gt.items())]
    out = []
    for v in json.loads((root / "news_articles.json").read_text()):
        p = root / "html" / f"{v['html_file']}.html.gz"
        if p.exists():
            out.append((v["text"], p))
    return out


#: The resiliparse texts the cleaner is scored on: result key, table label, the
#: ``main_content`` flag, and the other options (the README anchor row's settings or none).
_README = {"comments": False, "alt_texts": False}
RECOVERY_INPUTS = (
    ("main_content", "main content (README settings)", True, _README),
    ("whole_page", "whole page (README settings)", False, _README),
    ("main_content_defaults", "main content (library defaults)", True, {}),
    ("whole_page_defaults", "whole page (library defaults)", False, {}),
)


def recovery_check(data: Path, sets: list[str]) -> dict:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding
    from resiliparse.parse.html import HTMLTree

    out: dict = {}
    speed_texts: list[str] = []
    article_texts: list[str] = []
    for name in sets:
        if not (data / "extraction" / name).exists():
            out[name] = {"error": "missing"}
            continue
        truths: list[str] = []
        texts: dict[str, list[str]] = {key: [] for key, *_ in RECOVERY_INPUTS}
        for truth, path in _pages(data, name):
            with gzip.open(path, "rb") as f:
                html = f.read()
            tree = HTMLTree.parse(bytes_to_str(html, detect_encoding(html)))
            truths.append(truth)
            for key, _, main, opts in RECOVERY_INPUTS:
                texts[key].append(extract_plain_text(tree, main_content=main, **opts))
        res = {}
        for key, *_ in RECOVERY_INPUTS:
            before = aeb(list(zip(truths, texts[key], strict=True)))
            after = aeb([(t, clean(x).text) for t, x in zip(truths, texts[key], strict=True)])
            res[key] = {"before": before, "after": after}
        out[name] = res
        speed_texts.extend(texts["main_content"])
        article_texts.extend(truths)
    if speed_texts:
        t0 = time.process_time()
        for t in speed_texts:
            clean(t)
        dt = time.process_time() - t0
        out["speed"] = {
            "docs": len(speed_texts),
            "docs_per_s": round(len(speed_texts) / dt, 1),
            "mean_lines": round(statistics.fmean(len(t.splitlines()) for t in speed_texts), 1),
        }
        t0 = time.process_time()
        for t in speed_texts:
            clean(t, use_model=False)
        out["speed"]["docs_per_s_rules_only"] = round(
            len(speed_texts) / (time.process_time() - t0), 1
        )
        t0 = time.process_time()
        for t in article_texts:
            clean(t)
        out["speed"]["article_docs_per_s"] = round(
            len(article_texts) / (time.process_time() - t0), 1
        )
        out["speed"]["article_mean_lines"] = round(
            statistics.fmean(len(t.splitlines()) for t in article_texts), 1
        )
    return out


# ---------------------------------------------------------------- quotes


def quotes_check(path: Path) -> dict:
    data = json.loads(path.read_text())
    tp = fp = fn = found = total = 0
    for art in data["articles"]:
        quotes = parse_news(art["text"]).quotes
        for snippet, gold in data["gold"][art["id"]]:
            total += 1
            hit = [q for q in quotes if snippet in q.text]
            found += bool(hit)
            pred = hit[0].speaker if hit else None
            ok = same_speaker(pred, gold)
            tp += ok
            fp += pred is not None and not ok
            fn += gold is not None and not ok
    return {
        "quotes": total,
        "found": found,
        "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
        "recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
    }


# ---------------------------------------------------------------- report


def _f(x: float) -> str:
    return f"{x:.3f}"


def markdown(res: dict, command: str) -> str:
    out = ["# Cleaning and news structure (bench/cleaning.py)", "", f"Command: `{command}`", ""]
    s = res.get("seed")
    if s and "error" not in s:
        out += [
            "## Seed page (../shared/seed)",
            "",
            "| check | result | target |",
            "|---|---|---|",
            f"| chrome lines removed | {s['chrome_removed']} / {s['chrome_lines']} | 7 / 7 |",
            f"| article lines removed | {s['article_lines_removed']} | 0 |",
            f"| dateline | {' / '.join(str(x) for x in s['dateline'])} | "
            "MOSCOW / Jan.24 / Reuters |",
            f"| credits note | {s['credits_note']} | French version |",
            f"| quotes attributed to Dmitry Peskov / the embassy / none | "
            f"{s['peskov_quotes']} / {s['embassy_quotes']} / {s['unattributed_quotes']} | "
            "Peskov's and the embassy's attributed |",
            "",
        ]
    t = res.get("turku")
    if t and "error" not in t:
        out += [
            f"## Turku line annotations, English dev ({t['lines']} lines, "
            f"{t['noise_share']:.1%} noise)",
            "",
            f"| classifier | accuracy, all dev lines | accuracy, the {t['fresh_lines']} lines of "
            "dev documents not in train |",
            "|---|---|---|",
        ]
        rows = [
            ("word 1-2-gram TF-IDF + LR (same train data)", "ngram_baseline_acc"),
            ("newssift line model, stage 1 (words + context)", "model_stage1_acc"),
            ("newssift line model, stage 2 (+ neighbours)", "model_acc"),
            (
                "full cleaner as shipped (conservative; noise precision "
                f"{_f(t['cleaner_noise_precision'])})",
                "cleaner_acc",
            ),
        ]
        for label, key in rows:
            if key in t:
                out.append(f"| {label} | {_f(t[key])} | {_f(t[key + '_fresh'])} |")
        out += [
            "",
            f"{t['dev_docs_in_train']} of the {t['dev_docs']} English dev documents are exact "
            "copies (same lines, same labels) of train documents, and hold "
            f"{t['lines'] - t['fresh_lines']} of the {t['lines']} dev lines: the first column "
            "mostly measures how well a classifier remembers its training data, the second how "
            "it does on text it has not seen.",
            "",
        ]
    r = res.get("recovery")
    if r:
        out += [
            "## Recovering resiliparse's text (AEB metric)",
            "",
            "| set | input | P before | R before | F1 before | P after | R after | F1 after "
            "| R change |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for name, v in r.items():
            if name == "speed" or "error" in v:
                continue
            for key, label, *_ in RECOVERY_INPUTS:
                b, a = v[key]["before"], v[key]["after"]
                out.append(
                    f"| {name} | {label} | {_f(b['P'])} | {_f(b['R'])} | {_f(b['F1'])} | "
                    f"{_f(a['P'])} | {_f(a['R'])} | {_f(a['F1'])} | {a['R'] - b['R']:+.4f} |"
                )
        sp = r.get("speed")
        if sp:
            out += [
                "",
                f"Speed: {sp['docs_per_s']} docs/s with the model, {sp['docs_per_s_rules_only']} "
                f"rules only ({sp['docs']} resiliparse main-content texts, mean {sp['mean_lines']} "
                "lines; CPU time of one process, the 2-core machine being shared); "
                f"{sp['article_docs_per_s']} docs/s with the model on the ground-truth article "
                f"texts of the same pages (mean {sp['article_mean_lines']} lines).",
            ]
        out.append("")
    qs = res.get("quotes")
    if qs:
        out += [
            "## Quote attribution (articles written for newssift, tests/news/fixtures/)",
            "",
            "| set | quotes | found | precision | recall |",
            "|---|---|---|---|---|",
        ]
        for name, q in qs.items():
            out.append(
                f"| {name} | {q['quotes']} | {q['found']} | {_f(q['precision'])} | "
                f"{_f(q['recall'])} |"
            )
        out += [
            "",
            "The development set was written first and the attribution rules were improved "
            "against it; the held-out set was written afterwards and scored without tuning.",
            "",
        ]
    out += [
        "## Notes",
        "",
        "- README settings: `extract_plain_text(tree, main_content=True, comments=False, "
        "alt_texts=False)` reproduces the benchmarks README's resiliparse row (AEB F1 0.927); "
        "the library's defaults keep comment sections and image alt texts (0.898). The goal "
        "(>= 0.95 after cleaning, recall down by at most 0.005) is stated on the README row.",
        "- The line model is trained on the Turku *train* splits (en, de, es, fi) with the "
        "library's default regularisation; the English dev split is only scored. Its errors "
        "sit in documents annotated wholesale (a page of question titles all noise, a clinic's "
        "service list all clean), which line and neighbour features do not see.",
        "- The full cleaner is deliberately conservative on Turku: it removes only what a rule "
        "names or what the model is at least 0.9 sure of on lines of 25 words or fewer, because "
        "every removed article line costs recall on news.",
        "",
    ]
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "benchmarks")
    ap.add_argument("--seed", type=Path, default=ROOT.parent / "shared" / "seed")
    ap.add_argument("--sets", default="aeb,naeb")
    ap.add_argument("--skip", default="", help="comma list of: seed,turku,recovery,quotes")
    ap.add_argument("--json", type=Path, default=None, help="write raw results here")
    ap.add_argument("--md", type=Path, default=None, help="write the markdown table here")
    args = ap.parse_args()
    if not args.data.exists():
        sys.exit(f"benchmark data not found at {args.data}")
    skip = set(filter(None, args.skip.split(",")))
    res: dict = {}
    if "seed" not in skip:
        res["seed"] = seed_check(args.seed)
        print(json.dumps(res["seed"], ensure_ascii=False), flush=True)
    if "quotes" not in skip:
        fix = ROOT / "tests" / "news" / "fixtures"
        res["quotes"] = {
            "development set (quotes.json)": quotes_check(fix / "quotes.json"),
            "held-out set (quotes_heldout.json)": quotes_check(fix / "quotes_heldout.json"),
        }
        print(json.dumps(res["quotes"]), flush=True)
    if "turku" not in skip:
        res["turku"] = turku_check(args.data)
        print(json.dumps(res["turku"]), flush=True)
    if "recovery" not in skip:
        res["recovery"] = recovery_check(args.data, args.sets.split(","))
        print(json.dumps(res["recovery"]), flush=True)
    command = "python bench/cleaning.py " + " ".join(sys.argv[1:])
    md = markdown(res, command.strip())
    print(md)
    if args.json:
        args.json.write_text(json.dumps(res, indent=2, ensure_ascii=False))
    if args.md:
        args.md.write_text(md + "\n")


if __name__ == "__main__":
    main()
