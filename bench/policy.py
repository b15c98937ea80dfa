"""What the decide policies keep and reject: articles written by people, non-articles, farms.

Every document goes through ``newssift run`` with the default configuration (the ``news``
policy), then the same output folders are re-decided under ``fineweb`` with the re-decide
job (nothing recomputed), so both policies are read off one set of scores:

- article bodies written by people, as JSONL text: the ground truth of aeb and naeb, and
  the clean lines (label 1) of every Turku document, per language;
- the aeb and naeb pages themselves, as HTML through the whole pipeline;
- the labelled non-article pages of ``bench/non_articles.py`` (section fronts, tag and
  search pages, error, paywall and consent stubs, galleries, video pages);
- the farm set (``bench/data/farm_set``: 40 clean articles, 40 content-farm copies).

The aeb and naeb rows are given twice: on every page, and on the pages the article
criterion of ``bench/article_criterion.py`` (``article_by_truth/v1``, read from the sets'
ground truth only) calls news articles; the pages it excludes are listed by id and reason.

Each document belongs to a site (aeb/naeb: the URL's host; Turku: the document; the
non-articles: their source site; the farm set: the seed story) and the sites are split by
a hash into a tuning part and a held-out part (``bench/non_articles.part_of``); the rules
were set on the tuning part and the table reports both. Usage:

    python -m bench.policy --data ../shared/benchmarks --md docs/bench/policy.md
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlparse

from bench import fragment
from bench._truth import aeb_truth, naeb_items
from bench.article_criterion import NAME as CRITERION
from bench.article_criterion import Verdict, judge, truth
from bench.non_articles import build as build_non_articles
from bench.non_articles import part_of

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("tune", "held-out")


def _jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def prepare(data: Path, tmp: Path) -> tuple[dict[str, list[str]], dict[tuple, tuple]]:
    """Write the inputs; return {group: inputs} and {(group, key): (set, site)}."""
    ext = data / "extraction"
    if not ext.is_dir():
        sys.exit(f"no benchmark data at {ext}: pass --data pointing at shared/benchmarks")
    labels: dict[tuple, tuple] = {}
    groups: dict[str, list[str]] = {}
    # 1. bodies written by people, as text
    bodies = tmp / "bodies"
    bodies.mkdir()
    truth = aeb_truth(ext / "aeb", required=True)
    rows = []
    for k, v in sorted(truth.items()):
        rows.append({"id": f"aeb-{k[:16]}", "url": v["url"], "text": v["articleBody"]})
        labels[("bodies", rows[-1]["id"])] = ("text: aeb bodies", urlparse(v["url"]).netloc)
    naeb = naeb_items(ext / "naeb", required=True)
    for x in naeb:
        rows.append({"id": f"naeb-{x['id']}", "url": x["link"], "text": x["text"]})
        labels[("bodies", rows[-1]["id"])] = ("text: naeb bodies", urlparse(x["link"]).netloc)
    for lang_dir in sorted((data / "lines" / "turku").glob("*")):
        for split in ("dev", "train"):
            path = lang_dir / f"{split}.json"
            if not path.exists():
                continue
            for i, doc in enumerate(json.loads(path.read_text(encoding="utf-8"))):
                clean = [t for t, lab in zip(doc["text"], doc["labels"], strict=False)
                         if lab == "1" and t.strip()]
                if not clean:
                    continue
                rid = f"turku-{lang_dir.name}-{split}-{i}"
                rows.append({"id": rid, "text": "\n".join(clean)})
                whole = all(lab == "1" for lab in doc["labels"])
                kind = "clean documents" if whole else "clean lines of mixed documents"
                labels[("bodies", rid)] = (f"text: turku-{lang_dir.name} {kind}", rid)
    _jsonl(bodies / "bodies.jsonl", rows)
    groups["bodies"] = [str(bodies / "bodies.jsonl")]
    # 2. the same sets' pages, as HTML
    html = tmp / "html"
    html.mkdir()
    for k, v in sorted(truth.items()):
        src = ext / "aeb" / "html" / f"{k}.html.gz"
        if src.exists():
            dst = html / f"aeb-{k[:16]}.html"
            dst.write_bytes(gzip.decompress(src.read_bytes()))
            labels[("html", dst.name)] = ("HTML: aeb pages", urlparse(v["url"]).netloc)
    for x in naeb:
        src = ext / "naeb" / "html" / f"{x['html_file']}.html.gz"
        if src.exists():
            dst = html / f"naeb-{x['id']}.html"
            dst.write_bytes(gzip.decompress(src.read_bytes()))
            labels[("html", dst.name)] = ("HTML: naeb pages", urlparse(x["link"]).netloc)
    groups["html"] = [str(html)]
    # 3. non-article pages
    pages = build_non_articles(data, tmp / "non_articles")
    for p in pages:
        labels[("non_articles", p.path.name)] = (f"non-article {p.kind}", p.site)
    groups["non_articles"] = [str(p.path) for p in pages]  # not the folder's labels.json
    # 4. the farm set
    farm = ROOT / "bench" / "data" / "farm_set"
    flabels = json.loads((farm / "labels.json").read_text(encoding="utf-8"))
    # the two folders hold the same file names: copy under distinct names
    fdir = tmp / "farm"
    fdir.mkdir()
    for name in flabels:
        kind, fname = name.split("/")
        dst = fdir / f"{kind}-{fname}"
        shutil.copyfile(farm / name, dst)
        labels[("farm", dst.name)] = (f"farm-set {kind}", f"seed-{fname[:2]}")
    groups["farm"] = [str(fdir)]
    return groups, labels


def verdicts(data: Path) -> dict[str, Verdict]:
    """The article criterion (bench/article_criterion.py) of every aeb and naeb page, by id."""
    return {pid: judge(body) for _, pid, body in truth(data)}


def collect(out: Path, group: str, labels: dict, dump: list | None = None,
            judged: dict[str, Verdict] | None = None,
            excluded: list | None = None) -> list[tuple]:
    """(set, part, folder, reason) of every document of one run; rejected articles of the
    tuning part go to ``dump`` (for reading; the held-out part is never dumped).

    With ``judged`` (the article criterion by page id), an aeb/naeb page the criterion
    calls an article is counted a second time under "<set>, articles", and a page it
    excludes goes to ``excluded`` as (set, id, part, verdict, folder, reason)."""
    from newssift.io.run_folder import RunFolder
    from newssift.io.writers import read_part

    rows = []
    for folder in ("kept", "rejected", "quarantine"):
        for part in RunFolder(out).part_paths(folder):
            for d in read_part(part):
                key = d.id if group == "bodies" else Path(d.source).name
                set_, site = labels[(group, key)]
                rows.append((set_, part_of(site), folder, d.reason))
                pid = key.removesuffix(".html")
                if judged is not None and pid in judged:
                    v = judged[pid]
                    if v.article:
                        rows.append((f"{set_}, articles", part_of(site), folder, d.reason))
                    elif excluded is not None:
                        excluded.append((set_, pid, part_of(site), v, folder, d.reason))
                if (dump is not None and folder == "rejected" and part_of(site) == "tune"
                        and "non-article" not in set_ and "farm-set farm" not in set_):
                    dump.append({"set": set_, "id": key, "reason": d.reason,
                                 "language": d.language, "text": (d.text or "")[:600],
                                 "removed": [r.line for r in d.removed][:10]})
    return rows


def table(rows: list[tuple], title: str) -> list[str]:
    by = defaultdict(list)
    for set_, part, folder, reason in rows:
        by[(set_, part)].append((folder, reason))
    out = [f"\n### {title}\n", "| set | part | documents | rejected | rejected % | reasons |",
           "|---|---|---|---|---|---|"]
    sets = sorted({s for s, _ in by})
    kinds = [s for s in sets if s.startswith("non-article")]
    if kinds:
        for set_, part in list(by):
            if set_ in kinds:
                by[("non-article, every kind", part)] += by[(set_, part)]
        sets.append("non-article, every kind")
    for set_ in sets:
        for part in (*PARTS, "all"):
            items = [x for (s, p), v in by.items() if s == set_ and part in (p, "all")
                     for x in v]
            if not items:
                continue
            rej = [r for f, r in items if f == "rejected"]
            reasons = ", ".join(f"{r} {n}" for r, n in Counter(rej).most_common(4))
            out.append(f"| {set_} | {part} | {len(items)} | {len(rej)} | "
                       f"{100 * len(rej) / len(items):.1f}% | {reasons} |")
    return out


def excluded_table(excluded: list) -> list[str]:
    """The aeb/naeb pages the article criterion excludes, with what `news` did with them
    (one row a page: its HTML through the whole pipeline, its ground-truth body as text)."""
    out = [f"\n#### Pages `{CRITERION}` does not call articles\n",
           "Ids as in the bench (aeb: the first 16 hex digits of the set's key; naeb: its "
           "`id`); `sentences` and `share` are the criterion's figures (sentences of at "
           "least 5 words; share of the body's words in them); the last two columns are "
           "what the `news` policy did with the page's HTML and with its ground-truth body "
           "given as text.\n",
           "| set | page | part | criterion's reason | sentences | share | `news`, HTML "
           "| `news`, text body |",
           "|---|---|---|---|---|---|---|---|"]
    pages: dict[str, dict] = {}
    for set_, pid, part, v, folder, reason in excluded:
        row = pages.setdefault(pid, {"set": pid.split("-")[0], "part": part, "v": v})
        row["HTML" if set_.startswith("HTML") else "text"] = (
            f"rejected `{reason}`" if folder == "rejected" else folder)
    for pid, r in sorted(pages.items()):
        v = r["v"]
        out.append(f"| {r['set']} | {pid} | {r['part']} | {v.reason} | {v.sentences} | "
                   f"{v.sentence_share:.2f} | {r.get('HTML', '-')} | {r.get('text', '-')} |")
    return out


def farm_line(rows: list[tuple]) -> str:
    parts = []
    for part in (*PARTS, "all"):
        sel = [r for r in rows if r[0].startswith("farm-set") and part in (r[1], "all")]
        tp = sum(1 for s, _, f, _ in sel if s.endswith("farm") and f == "rejected")
        fp = sum(1 for s, _, f, _ in sel if s.endswith("clean") and f == "rejected")
        n_farm = sum(1 for s, *_ in sel if s.endswith("farm"))
        prec = tp / (tp + fp) if tp + fp else 0.0
        parts.append(f"{part}: precision {prec:.2f}, recall {tp / max(n_farm, 1):.2f} "
                     f"({tp} of {n_farm} farm copies rejected, {fp} clean rejected)")
    return "farm set, rejected as a farm copy (any reason) — " + "; ".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="../shared/benchmarks", type=Path)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--md", type=Path, default=None, help="write the tables here too")
    ap.add_argument("--dump", type=Path, default=None,
                    help="write the rejected articles of the tuning part here (JSON)")
    args = ap.parse_args()

    from newssift.execute.local import run
    from newssift.execute.redecide import redecide

    tmp = Path(tempfile.mkdtemp(prefix="newssift-policy-"))
    try:
        groups, labels = prepare(args.data, tmp)
        judged = verdicts(args.data)
        excluded: list = []
        results: dict[str, list] = {"news": [], "fineweb": []}
        dump: list = []
        t0 = time.perf_counter()
        for group, inputs in groups.items():
            out = tmp / f"out-{group}"
            run(inputs, out, workers=args.workers, dedup=False, progress=False)
            results["news"] += collect(out, group, labels, dump, judged, excluded)
            redecide(out, "fineweb", workers=args.workers)
            results["fineweb"] += collect(out, group, labels, judged=judged)
        wall = time.perf_counter() - t0
        load = f"{os.getloadavg()[0]:.1f}"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.dump:
        args.dump.write_text(json.dumps(dump, ensure_ascii=False, indent=1), encoding="utf-8")
    lines = [
        "# Decide policies: what `news` and `fineweb` keep",
        "",
        "Command (2-core machine shared with other jobs):",
        "",
        "```",
        "python -m bench.policy --data ../shared/benchmarks --md docs/bench/policy.md",
        "```",
        "",
        "Every document goes through `newssift run` with the default configuration (policy "
        "`news`; dedup off, it decides nothing under `news`); the same output folders are then "
        "re-decided under `fineweb` by the re-decide job (`newssift decide OUT --policy "
        "fineweb`: nothing recomputed), so both tables read one set of scores.",
        "",
        "- `text: aeb bodies`, `text: naeb bodies`: the ground-truth article bodies, as JSONL "
        "text (url given).",
        "- `text: turku-xx clean documents`: Turku documents whose every line is labelled clean "
        "(the issue's set); `... clean lines of mixed documents`: the clean lines of every other "
        "Turku document (web pages of all kinds: shop blurbs, forum posts, wiki stubs; shown for "
        "information, not articles by construction).",
        "- `HTML: aeb pages`, `HTML: naeb pages`: the same sets' pages through the whole pipeline "
        "(extraction failures count).",
        "- `non-article ...`: the labelled non-article set of `bench/non_articles.py` (built at "
        "run time from the bench sets: section fronts, tag and search pages, 404 pages, paywall "
        "stubs, consent walls, galleries, video pages; its docstring says how). Its templates are "
        "ours and the same on both sides of the split: the held-out part generalises over sites "
        "and languages, not over page templates.",
        "- `farm-set ...`: `bench/data/farm_set` (40 clean, 40 content-farm copies).",
        f"- `..., articles`: the aeb and naeb pages that `{CRITERION}` "
        "(`bench/article_criterion.py`, `bench/article_criterion.md`) calls news articles. "
        "The criterion reads only the sets' own ground-truth body (at least two sentences, "
        "at least half of the words in sentences), never newssift's output; it was "
        "committed before it was first run. The pages it excludes are listed below the "
        "`news` table (ids and reasons only).",
        "",
        "`part`: every document belongs to a site (aeb/naeb: the URL's host; Turku: the "
        "document; non-articles: their source site; farm set: the seed story), split by a hash "
        "into `tune` and `held-out`. Rules were adjusted reading only tune-part rejections "
        "(`--dump`); the `page.*` thresholds were chosen from aggregate counts over all aeb and "
        "naeb pages before the split was drawn, so for those two rules the held-out figures are "
        "not strictly held out.",
        "",
        f"{sum(1 for r in results['news'] if not r[0].endswith(', articles'))} documents, "
        f"{wall:.0f} s for the runs and the re-decisions (load average {load}).",
    ]
    for policy in ("news", "fineweb"):
        lines += table(results[policy], f"policy `{policy}`")
        lines += ["", farm_line(results[policy])]
        if policy == "news":
            lines += excluded_table(excluded)
    text = "\n".join(lines) + "\n"
    print(text)
    if args.md:
        fragment.write(args.md, text)


if __name__ == "__main__":
    main()
