"""Measure the assessment: seed page, false alarms on human news, farm set, MT, speed.

Sections (each prints a markdown table; docs/bench/assessment.md holds a run's output):
  1. seed page      ../shared/seed/kremlin-content-farm-copy.txt: which flags, content_farm
  2. false alarms   every ground-truth body of aeb and naeb (human-written news): share of
                    documents with any content-farm flag, and with content_farm >= 0.5
  2b. pipeline     the same pages from their HTML through extract, clean, news and assess,
                    and dragnet's pages (never used to build the forensics); tuning and
                    held-out halves by site (bench/splits.py) reported apart
  3b. farm_html     the farm set as HTML in three themes (bench/farm_html.py): two tuning
                    themes, one held out; plus examples/sample.warc.gz
  3. farm set       bench/data/farm_set (our own 40 clean + 40 farm copies): precision and
                    recall per flag, and of content_farm >= 0.5
  4. bio generator  bios sampled with the grammar of ../shared/benchmarks/forensics/bio-generator
                    (its word lists read from there, never copied): generated_bio recall
  5. MT             WMT18 dev of ht-vs-mt-deen: document- and sentence-level accuracy of the
                    shipped model, DeepL and Google separately, and its documents/s
  6. speed          documents/s of the whole assess stage on aeb ground-truth bodies

Usage: .venv/bin/python -m bench.assessment [--shared ../shared] [--only SECTION ...]
       [--themes tuning|held|all]   (farm_html: rules are changed reading --themes tuning only)
       [--half tuning|held|all]     (pipeline: rules are changed reading --half tuning only)
Missing benchmark data is reported and its section skipped.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from pathlib import Path

from bench._truth import aeb_truth, naeb_items
from newssift.assess import assess
from newssift.assess.forensics import FARM_FLAGS, bio
from newssift.assess.mt_model import SENTENCE_MODEL_FILE, load_model
from newssift.assess.stage import AssessStage
from newssift.record import Document
from newssift.stage import Stats

ROOT = Path(__file__).resolve().parents[1]

SEED_EXPECTED = {
    "generated_bio": 1,
    "injected_headline": 2,
    "foreign_script": 1,
    "accent_stripped_word": 1,
    "translated_copy_credit": 1,
}


def section_seed(shared: Path) -> None:
    path = shared / "seed" / "kremlin-content-farm-copy.txt"
    if not path.exists():
        print(f"(seed page missing: {path})")
        return
    res = assess(path.read_text(encoding="utf-8"))
    print("## Seed page\n")
    print("| flag | line | evidence |\n|---|---|---|")
    for f in res.flags:
        if f.name in FARM_FLAGS or f.name in ("agency_copy", "mt_artifact"):
            print(f"| {f.name} | {f.line} | {f.text[:90].replace('|', '/')} |")
    got = Counter(f.name for f in res.flags)
    ok = all(got[k] >= v for k, v in SEED_EXPECTED.items())
    bengali = any(f.name == "foreign_script" and "বাণিজ্য" in f.text for f in res.flags)
    dgrades = any(f.name == "accent_stripped_word" and "DGRADES" in f.text for f in res.flags)
    print(
        f"\ncontent_farm = {res.content_farm:.3f} (goal >= 0.9), "
        f"machine_translated = {res.machine_translated:.3f}; "
        f"all expected flags: {ok and bengali and dgrades}\n"
    )


def human_news(shared: Path) -> dict[str, list[tuple[str, str | None]]]:
    base = shared / "benchmarks" / "extraction"
    sets: dict[str, list[tuple[str, str | None]]] = {}
    if aeb := aeb_truth(base / "aeb"):
        sets["aeb"] = [
            (v["articleBody"], v.get("url")) for v in aeb.values() if v.get("articleBody")
        ]
    if naeb := naeb_items(base / "naeb"):
        sets["naeb"] = [(d["text"], d.get("link")) for d in naeb if d.get("text")]
    return sets


def section_false_alarms(shared: Path) -> None:
    sets = human_news(shared)
    if not sets:
        print("(aeb/naeb ground truth missing)")
        return
    print("## False alarms on human-written news (ground-truth bodies, url given)\n")
    print(
        "| set | docs | any content-farm flag | content_farm >= 0.5 | agency_copy (context) "
        "| machine_translated >= 0.5 | flags fired |\n|---|---|---|---|---|---|---|"
    )
    for name, docs in sets.items():
        anyflag = high = agency = mt = 0
        per: Counter[str] = Counter()
        for text, url in docs:
            res = assess(text, url=url)
            farm = {f.name for f in res.flags if f.name in FARM_FLAGS}
            per.update(farm)
            anyflag += bool(farm)
            high += res.content_farm >= 0.5
            agency += any(f.name == "agency_copy" for f in res.flags)
            mt += res.machine_translated >= 0.5
        n = len(docs)
        fired = ", ".join(f"{k} {v}" for k, v in sorted(per.items())) or "-"
        print(
            f"| {name} | {n} | {anyflag / n:.1%} ({anyflag}) | {high / n:.1%} ({high}) "
            f"| {agency / n:.1%} ({agency}) | {mt / n:.1%} ({mt}) | {fired} |"
        )
    print()


def _gunzip(path: Path) -> str:
    import gzip

    with gzip.open(path) as fh:
        return fh.read().decode("utf-8", "replace")


def section_pipeline(shared: Path, which: str = "all") -> None:
    """False alarms when the pages go through the whole pipeline from their HTML.

    ``which``: ``tuning`` runs only the tuning half of each set (by site) and lists every
    flagged page with its evidence (rules are changed reading this only); ``held`` runs only
    the held-out half and prints counts, no page; ``all`` both halves, counts only.
    """
    from newssift.clean.stage import CleanStage
    from newssift.extract.stage import ExtractStage
    from newssift.news.stage import NewsStage
    from newssift.stage import run_stages

    base = shared / "benchmarks" / "extraction"
    docs: list[Document] = []
    for k, v in aeb_truth(base / "aeb").items():
        html = _gunzip(base / "aeb" / "html" / f"{k}.html.gz")
        docs.append(Document(id=k, source="aeb", url=v.get("url"), html=html))
    for d in naeb_items(base / "naeb"):
        path = base / "naeb" / "html" / f"{d['html_file']}.html.gz"
        if path.exists():
            html = _gunzip(path)
            docs.append(Document(id=str(d["id"]), source="naeb", url=d.get("link"), html=html))
    from bench import splits

    half: dict[str, str] = {}
    dragnet = base / "dragnet" / "html"
    if dragnet.is_dir():  # news and blog pages of ~2012, no URL: the site the page names
        import gzip

        for path in sorted(dragnet.glob("*.html.gz")):
            raw = gzip.decompress(path.read_bytes())
            pid = "dragnet:" + path.name.split(".")[0]
            half[pid] = splits.half_of(splits.site_of_html(raw), pid)
            docs.append(Document(id=pid, source="dragnet", html=raw.decode("utf-8", "replace")))
    if not docs:
        print("(aeb/naeb/dragnet HTML missing)")
        return
    for d in docs:
        half.setdefault(d.id, splits.half_of(splits.host(d.url), d.id))
    wanted = {"tuning": ("tune",), "held": ("held",), "all": ("tune", "held")}[which]
    docs = [d for d in docs if half[d.id] in wanted]
    stages = [ExtractStage(), CleanStage(), NewsStage(), AssessStage()]
    out = list(run_stages(stages, docs, Stats()))
    print(
        "## False alarms through the whole pipeline (HTML -> extract -> clean -> news -> assess)\n"
    )
    print(
        "Halves by site (bench/splits.py): rules were changed reading the tuning half only; "
        "the held-out half is the figure to quote. dragnet (news and blogs, ~2012) is a "
        "precision check the forensics were never built on.\n"
    )
    print("| set | half | docs | any content-farm flag | content_farm >= 0.5 | flags fired |")
    print("|---|---|---|---|---|---|")
    sets = ("aeb", "naeb", "dragnet")
    parts = ("tune", "held", "all") if which == "all" else wanted
    for name, part in [(n, h) for n in sets for h in parts]:
        sub = [d for d in out if d.source == name and part in ("all", half[d.id])]
        if not sub:
            continue
        per: Counter[str] = Counter()
        anyflag = high = 0
        for d in sub:
            farm = {f.name for f in d.flags if f.name in FARM_FLAGS}
            per.update(farm)
            anyflag += bool(farm)
            high += d.scores.get("content_farm", 0.0) >= 0.5
        n = len(sub)
        fired = ", ".join(f"{k} {v}" for k, v in sorted(per.items())) or "-"
        print(
            f"| {name} | {part} | {n} | {anyflag / n:.1%} ({anyflag}) | {high / n:.1%} ({high}) "
            f"| {fired} |"
        )
    print()
    if which == "tuning":  # the evidence, to read while changing a rule (tuning half only)
        for d in out:
            for f in d.flags:
                if f.name in FARM_FLAGS:
                    print(f"- {d.source} {d.id}: {f.name} ({f.rule}) {f.text[:200]}")
        print()


def section_farm_set() -> None:
    base = ROOT / "bench" / "data" / "farm_set"
    labels = json.loads((base / "labels.json").read_text())
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    cf = Counter()
    misses = []
    for name, expected in sorted(labels.items()):
        res = assess((base / name).read_text(encoding="utf-8"))
        got = {f.name for f in res.flags if f.name in FARM_FLAGS}
        for flag in FARM_FLAGS:
            if flag in got and flag in expected:
                tp[flag] += 1
            elif flag in got:
                fp[flag] += 1
                misses.append(f"FP {flag} in {name}")
            elif flag in expected:
                fn[flag] += 1
                misses.append(f"FN {flag} in {name}")
        is_farm = name.startswith("farm/")
        cf[(is_farm, res.content_farm >= 0.5)] += 1
    print("## Own farm set (40 clean, 40 farm copies; document level)\n")
    print("| flag | injected | TP | FP | FN | precision | recall |\n|---|---|---|---|---|---|---|")
    for flag in sorted(FARM_FLAGS):
        n = tp[flag] + fn[flag]
        p = tp[flag] / (tp[flag] + fp[flag]) if tp[flag] + fp[flag] else float("nan")
        r = tp[flag] / n if n else float("nan")
        print(f"| {flag} | {n} | {tp[flag]} | {fp[flag]} | {fn[flag]} | {p:.2f} | {r:.2f} |")
    t, f_, m = cf[(True, True)], cf[(False, True)], cf[(True, False)]
    print(
        f"| **content_farm >= 0.5** | 40 | {t} | {f_} | {m} | {t / max(t + f_, 1):.2f} "
        f"| {t / max(t + m, 1):.2f} |\n"
    )
    if misses:
        print("Errors: " + "; ".join(misses) + "\n")


def _pipeline(docs: list[Document]) -> list[Document]:
    from newssift.clean.stage import CleanStage
    from newssift.extract.stage import ExtractStage
    from newssift.news.stage import NewsStage
    from newssift.stage import run_stages

    stages = [ExtractStage(), CleanStage(), NewsStage(), AssessStage()]
    return list(run_stages(stages, docs, Stats()))


def section_farm_html(themes: str = "all") -> None:
    """The farm set served as HTML in three themes (bench/farm_html.py), whole pipeline.

    ``themes``: ``tuning`` (the themes rules may be changed against), ``held`` (scored only)
    or ``all``. "without MT" recomputes content_farm from the flags alone, with the
    ``machine_translated`` score set to 0: how many pages the page's own evidence carries.
    """
    from bench import farm_html
    from newssift.assess.forensics.combine import content_farm

    chosen = {
        "tuning": farm_html.TUNING_THEMES,
        "held": farm_html.HELD_OUT_THEMES,
        "all": farm_html.THEMES,
    }[themes]

    print(
        "## Own farm set as HTML "
        "(bench/farm_html.py; HTML -> extract -> clean -> news -> assess)\n"
    )
    print(
        "| theme | part | farm pages flagged (content_farm >= 0.5) | without MT "
        "| clean pages flagged | precision | clean pages with any farm flag "
        "| flags fired on farm pages |"
    )
    print("|---|---|---|---|---|---|---|---|")
    misses: list[str] = []
    for theme in chosen:
        part = "held out" if theme in farm_html.HELD_OUT_THEMES else "tuning"
        rows = farm_html.pages(theme)
        docs = [
            Document(id=name, source=theme, url=f"https://example.com/{name}", html=page)
            for name, page, _farm, _exp in rows
        ]
        out = {d.id: d for d in _pipeline(docs)}
        tp = fp = fn = anyflag = no_mt = 0
        per: Counter[str] = Counter()
        for name, _page, farm, _exp in rows:
            d = out[name]
            high = d.scores.get("content_farm", 0.0) >= 0.5
            got = {f.name for f in d.flags if f.name in FARM_FLAGS}
            if farm:
                per.update(got)
                no_mt += content_farm(d.flags, 0.0) >= 0.5
                tp += high
                fn += not high
                if not high:
                    misses.append(f"{theme}/{name} ({d.scores.get('content_farm', 0):.2f})")
            else:
                fp += high
                anyflag += bool(got)
                if got:
                    misses.append(f"clean {theme}/{name}: {', '.join(sorted(got))}")
        n_farm = tp + fn
        n_clean = len(rows) - n_farm
        fired = ", ".join(f"{k} {v}" for k, v in sorted(per.items())) or "-"
        print(
            f"| {theme} | {part} | {tp / n_farm:.1%} ({tp}/{n_farm}) | {no_mt}/{n_farm} "
            f"| {fp}/{n_clean} "
            f"| {tp / max(tp + fp, 1):.2f} | {anyflag}/{n_clean} | {fired} |"
        )
    print()
    if misses:
        print("Misses and clean-page flags: " + "; ".join(misses) + "\n")
    section_examples()


def section_examples() -> None:
    """The bundled examples/sample.warc.gz through the pipeline; the farm record also with
    its credit line's "French version" removed (its one text-only clue)."""
    import re

    from fastwarc.warc import ArchiveIterator, WarcRecordType

    path = ROOT / "examples" / "sample.warc.gz"
    docs = []
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh, record_types=WarcRecordType.response):
            url = rec.headers.get("WARC-Target-URI")
            page = rec.reader.read().decode("utf-8", "replace")
            docs.append(Document(id=url, source="examples", url=url, html=page))
            if "dailytrendz" in url:
                stripped = re.sub(r"French version[^<)]*", "", page)
                docs.append(
                    Document(id=url + " (no 'French version')", source="ex", url=url, html=stripped)
                )
    print("Examples (examples/sample.warc.gz, whole pipeline):\n")
    print("| record | content_farm | farm flags |\n|---|---|---|")
    for d in _pipeline(docs):
        names = sorted({f.name for f in d.flags if f.name in FARM_FLAGS})
        print(f"| {d.id} | {d.scores.get('content_farm', 0.0):.3f} | {', '.join(names) or '-'} |")
    print()


def sample_generator_bio(words: dict, rng: random.Random) -> str:
    """One bio in the generator's grammar (fragments joined by '. ', 100-160 chars)."""
    while True:
        frags: list[str] = []
        while True:
            r = rng.random()
            adj = rng.choice(words["superfluousAdjectives"]) + " " if rng.random() < 0.5 else ""
            if r < 0.4:
                frag = adj + rng.choice(words["simpleNouns"])
            elif r < 0.9:
                frag = adj + rng.choice(words["subjectBoundNouns"]).replace(
                    "%", rng.choice(words["subjects"])
                )
            else:
                frag = rng.choice(words["fullSentences"]).rstrip(".")
            frags.append(frag[0].upper() + frag[1:])
            s = ". ".join(frags) + "."
            if len(s) >= 100:
                break
        if len(s) <= 160:
            return s


def section_bio_generator(shared: Path, n: int = 500) -> None:
    path = shared / "benchmarks" / "forensics" / "bio-generator" / "twitter_bio_wordlist.json"
    if not path.exists():
        print(f"(bio generator word lists missing: {path})")
        return
    words = json.loads(path.read_text())
    rng = random.Random(7)
    hits = 0
    for _ in range(n):
        share, labels, _frags = bio.bio_score(sample_generator_bio(words, rng))
        hits += bio.is_bio(share, labels, _frags)
    print("## Generated bios (bio-generator grammar, its own word lists)\n")
    print(f"generated_bio recall on {n} sampled bios: {hits / n:.3f}\n")


def _dev(data: Path, system: str, level: str) -> tuple[list[str], list[int]]:
    base = data / "shared_data" / ("docs" if level == "doc" else "") / system / "dev"
    texts, labels = [], []
    for f in sorted(p for p in base.iterdir() if p.is_file()):
        mt = f.name.endswith((".deepl.en", ".en.google"))
        for ln in f.read_text(encoding="utf-8").splitlines():
            if ln.strip():
                texts.append(ln.strip())
                labels.append(int(mt))
    return texts, labels


def section_mt(shared: Path) -> None:
    data = shared / "benchmarks" / "mt" / "ht-vs-mt-deen" / "experiments"
    model = load_model()
    if not data.exists() or model is None:
        print("(MT data or model missing)")
        return
    print("## Machine translation (WMT18 dev of ht-vs-mt-deen; shipped models, p > 0.5)\n")
    print("| system | level | model | items (MT/human) | accuracy | MT recall | human recall |")
    print("|---|---|---|---|---|---|---|")
    models = [("document model", model)]
    sent_model = load_model(SENTENCE_MODEL_FILE)
    if sent_model is not None:
        models.append(("sentence model", sent_model))
    for system in ("deepl", "google"):
        for level in ("doc", "sent"):
            texts, y = _dev(data, system, level)
            for label, m in models:
                if level == "doc" and m is not model:
                    continue
                pred = [int(m.decision(t) > 0) for t in texts]
                pairs = list(zip(pred, y, strict=True))
                acc = sum(p == t for p, t in pairs) / len(y)
                mt_r = sum(p for p, t in pairs if t) / max(sum(y), 1)
                hu_r = sum(1 - p for p, t in pairs if not t) / max(len(y) - sum(y), 1)
                print(
                    f"| {system} | {level} | {label} | {len(y)} ({sum(y)}/{len(y) - sum(y)}) "
                    f"| {acc:.3f} | {mt_r:.3f} | {hu_r:.3f} |"
                )
    # robustness: the same documents with curly quotes and dashes flattened to ASCII, so
    # that typography (which differs between the WMT human translations and MT output)
    # cannot help
    flat = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})
    for system in ("deepl", "google"):
        texts, y = _dev(data, system, "doc")
        pred = [int(model.decision(t.translate(flat)) > 0) for t in texts]
        acc = sum(p == t for p, t in zip(pred, y, strict=True)) / len(y)
        print(
            f"| {system} | doc, typography flattened | document model | {len(y)} | {acc:.3f} | | |"
        )
    texts, _ = _dev(data, "deepl", "doc")
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(3):
        for t in texts:
            model.probability(t)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(
        f"\nMT model speed: {3 * len(texts) / dt:.0f} documents/s wall, "
        f"{3 * len(texts) / cpu:.0f} documents/s of CPU time "
        f"(WMT18 dev documents, mean {words:.0f} words; one process)\n"
    )


def section_speed(shared: Path) -> None:
    sets = human_news(shared)
    if "aeb" not in sets:
        print("(aeb ground truth missing)")
        return
    docs = [
        Document(id=str(i), source="aeb", text=t, url=u) for i, (t, u) in enumerate(sets["aeb"])
    ]
    stage = AssessStage()
    list(stage.run(docs[:5], Stats()))  # warm-up (model load)
    docs = [
        Document(id=str(i), source="aeb", text=t, url=u) for i, (t, u) in enumerate(sets["aeb"])
    ]
    t0, c0 = time.perf_counter(), time.process_time()
    stats = Stats()
    out = list(stage.run(docs, stats))
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    words = sum(len(d.text.split()) for d in out) / len(out)
    errors = sum(v for k, v in stats.counts.items() if "/error/" in k)
    print("## Speed\n")
    print(
        f"assess stage on {len(out)} aeb ground-truth bodies (mean {words:.0f} words): "
        f"{len(out) / dt:.0f} documents/s wall, {len(out) / cpu:.0f} documents/s of CPU time "
        f"({1000 * cpu / len(out):.1f} ms CPU/doc); errors {errors}\n"
    )


SECTIONS = [
    "seed", "false_alarms", "pipeline", "farm_set", "farm_html", "bio_generator", "mt", "speed"
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--only", nargs="*", choices=SECTIONS)
    ap.add_argument(
        "--themes",
        choices=("tuning", "held", "all"),
        default="all",
        help="farm_html: which themes to score (change rules reading 'tuning' only)",
    )
    ap.add_argument(
        "--half",
        choices=("tuning", "held", "all"),
        default="all",
        help="pipeline: which site half to run (tuning lists the flagged pages' evidence)",
    )
    args = ap.parse_args()
    run = args.only or SECTIONS
    if "seed" in run:
        section_seed(args.shared)
    if "false_alarms" in run:
        section_false_alarms(args.shared)
    if "pipeline" in run:
        section_pipeline(args.shared, args.half)
    if "farm_set" in run:
        section_farm_set()
    if "farm_html" in run:
        section_farm_html(args.themes)
    if "bio_generator" in run:
        section_bio_generator(args.shared)
    if "mt" in run:
        section_mt(args.shared)
    if "speed" in run:
        section_speed(args.shared)


if __name__ == "__main__":
    main()
