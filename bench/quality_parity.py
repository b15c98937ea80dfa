"""Parity of newssift's quality rules with datatrove's reference filters, and their speed.

For every document, each reference filter (GopherQualityFilter, GopherRepetitionFilter,
C4QualityFilter, FineWebQualityFilter, default settings) gives keep or a reason code; newssift
computes its scores once (``quality_signals``) and its decide stage, restricted to the
rules of the same family from the shipped ``fineweb`` policy, gives keep or a reason code.
The table counts documents where the decision, and the reason, are the same.

Documents, both clean and noisy:
- ground-truth article bodies of the extraction sets (aeb, naeb, dragnet, cleaneval);
- texts extracted from the same pages' HTML by resiliparse (main content), and the whole
  page text (no main-content selection) for a noisier sample;
- Turku web pages (en, de, es, fi, fr, sv), every line kept, noise included;
- the seed page.

datatrove tokenises English with a blank spaCy pipeline, so spaCy must be installed for the
reference (bench only). Usage:

    python -m bench.quality_parity [--data ../shared/benchmarks] [--pages 300] [--seed-page PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

from bench._truth import aeb_truth, naeb_items

FAMILIES = ("gopher_quality", "gopher_repetition", "c4", "fineweb")


def _reason(stage, doc) -> str | None:
    """The reason code of the first rule of ``stage`` that rejects ``doc`` (None: kept)."""
    _, rule, _ = stage.decide(doc)
    return rule.reason if rule else None


def load_documents(data: Path, pages: int, seed_page: Path | None) -> list[tuple[str, str, str]]:
    """(kind, id, text) triples; ``pages`` HTML pages per extraction set are extracted."""
    from resiliparse.extract.html2text import extract_plain_text

    ext = data / "extraction"
    if not ext.is_dir():
        sys.exit(f"no benchmark data at {ext}: pass --data pointing at shared/benchmarks")
    docs: list[tuple[str, str, str]] = []
    truth = aeb_truth(ext / "aeb", required=True)
    docs += [("truth", f"aeb/{k}", v["articleBody"]) for k, v in sorted(truth.items())]
    docs += [("truth", f"naeb/{x['id']}", x["text"]) for x in naeb_items(ext / "naeb", True)]
    for name in ("dragnet", "cleaneval"):
        for path in sorted((ext / name / "gt").glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            docs.append(("truth", f"{name}/{path.stem}", text))
    for name in ("aeb", "naeb", "dragnet", "cleaneval"):
        for path in sorted((ext / name / "html").glob("*.gz"))[:pages]:
            html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
            main = extract_plain_text(html, main_content=True)
            docs.append(("extracted", f"{name}/{path.name}", main))
            if len(docs) % 3 == 0:
                whole = extract_plain_text(html, main_content=False)
                docs.append(("whole-page", f"{name}/{path.name}", whole))
    for lang_dir in sorted((data / "lines" / "turku").glob("*")):
        for split in ("dev.json", "train.json"):
            path = lang_dir / split
            if path.exists():
                pages_ = json.loads(path.read_text(encoding="utf-8"))[:150]
                for i, page in enumerate(pages_):
                    docs.append(("turku", f"{lang_dir.name}/{split}/{i}", "\n".join(page["text"])))
    if seed_page and seed_page.exists():
        docs.append(("seed", seed_page.name, seed_page.read_text(encoding="utf-8")))
    return [d for d in docs if d[2].strip()]


def reference_filters() -> dict:
    from datatrove.pipeline.filters import (
        C4QualityFilter,
        FineWebQualityFilter,
        GopherQualityFilter,
        GopherRepetitionFilter,
    )

    return {
        "gopher_quality": GopherQualityFilter(),
        "gopher_repetition": GopherRepetitionFilter(),
        "c4": C4QualityFilter(),
        "fineweb": FineWebQualityFilter(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="../shared/benchmarks", type=Path)
    ap.add_argument("--pages", type=int, default=300, help="HTML pages extracted per set")
    ap.add_argument(
        "--seed-page", default="../shared/seed/kremlin-content-farm-copy.txt", type=Path
    )
    ap.add_argument("--examples", type=int, default=3, help="mismatches shown per filter")
    args = ap.parse_args()

    from datatrove.data import Document as RefDocument

    from newssift.assess.quality import quality_signals
    from newssift.decide.policy import load_policy
    from newssift.decide.stage import DecideStage
    from newssift.record import Document

    docs = load_documents(args.data, args.pages, args.seed_page)
    kinds = Counter(kind for kind, _, _ in docs)
    print(f"{len(docs)} documents: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))

    # newssift: one pass computes every family's scores (timed twice: cold caches, warm).
    # CPU seconds are reported beside wall seconds: the machine is shared.
    t0, c0 = time.perf_counter(), time.process_time()
    scores = [quality_signals(text)[0] for _, _, text in docs]
    ours_cold, ours_cold_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    for _, _, text in docs:
        quality_signals(text)
    ours_warm, ours_warm_cpu = time.perf_counter() - t0, time.process_time() - c0
    news = [
        text
        for kind, doc_id, text in docs
        if kind == "truth" and doc_id.startswith(("aeb/", "naeb/"))
    ]
    c0 = time.process_time()
    for text in news:
        quality_signals(text)
    news_cpu = time.process_time() - c0
    policy = load_policy("fineweb")  # datatrove's filters live in the fineweb policy
    # datatrove's filters are English filters, applied to whatever text they are given: the
    # records are marked English so the policy's English-only rules apply to every one too
    records = [
        Document(id=i, source=k, text=t, scores=s, language="en")
        for (k, i, t), s in zip(docs, scores, strict=True)
    ]
    t0 = time.perf_counter()
    stages = {f: DecideStage(policy.only({f})) for f in FAMILIES}
    ours = {f: [_reason(stages[f], r) for r in records] for f in FAMILIES}
    decide_time = time.perf_counter() - t0

    refs = {}
    ref_time = {}
    ref_cpu = {}
    for family, flt in reference_filters().items():
        t0, c0 = time.perf_counter(), time.process_time()
        out = []
        for _kind, doc_id, text in docs:
            res = flt.filter(RefDocument(text=text, id=doc_id))
            out.append(None if res is True else res[1])
        ref_time[family] = time.perf_counter() - t0
        ref_cpu[family] = time.process_time() - c0
        refs[family] = out

    n = len(docs)
    print(
        "\n| filter | documents | rejected (ref) | same decision | same reason | datatrove docs/s |"
    )
    print("|---|---|---|---|---|---|")
    worst = 100.0
    for family in FAMILIES:
        ref, mine = refs[family], ours[family]
        same_decision = sum((a is None) == (b is None) for a, b in zip(ref, mine, strict=True))
        same_reason = sum(a == b for a, b in zip(ref, mine, strict=True))
        rejected = sum(a is not None for a in ref)
        worst = min(worst, 100 * same_reason / n)
        print(
            f"| {family} | {n} | {rejected} | {100 * same_decision / n:.2f}% | "
            f"{100 * same_reason / n:.2f}% | {n / ref_time[family]:,.0f} |"
        )
    total_ref, total_ref_cpu = sum(ref_time.values()), sum(ref_cpu.values())
    print(
        "\nSpeed, same process, same documents (machine shared: wall and CPU seconds)\n\n"
        "| what | docs/s (wall) | docs per CPU-second |\n|---|---|---|\n"
        f"| newssift quality_signals, 4 families, first pass | {n / ours_cold:,.0f} | "
        f"{n / ours_cold_cpu:,.0f} |\n"
        f"| newssift quality_signals, 4 families, second pass | {n / ours_warm:,.0f} | "
        f"{n / ours_warm_cpu:,.0f} |\n"
        f"| newssift, news bodies only (aeb+naeb truth, {len(news)} docs), warm | - | "
        f"{len(news) / news_cpu:,.0f} |\n"
        f"| datatrove, the 4 filters one after the other | {n / total_ref:,.0f} | "
        f"{n / total_ref_cpu:,.0f} |\n"
        f"| newssift decide, 4 families (scores given) | {4 * n / decide_time:,.0f} "
        "decisions/s | - |"
    )
    print(f"\nlowest same-reason rate: {worst:.2f}%")
    for family in FAMILIES:
        pairs = Counter(
            (kind, a, b)
            for (kind, _, _), a, b in zip(docs, refs[family], ours[family], strict=True)
            if a != b
        )
        if pairs:
            print(f"\n{family} mismatches (kind, datatrove, newssift): {pairs.most_common(8)}")
            shown = 0
            for (kind, doc_id, _), a, b in zip(docs, refs[family], ours[family], strict=True):
                if a != b and shown < args.examples:
                    print(f"  {kind} {doc_id}: datatrove={a} newssift={b}")
                    shown += 1


if __name__ == "__main__":
    main()
