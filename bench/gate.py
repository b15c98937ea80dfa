"""The CI gate: quick benches with pinned quality floors, so a regression fails `make test`.

Each check is a small, fixed, deterministic sample of a bench that docs/benchmarks.md reports
in full: extraction on the first held-out aeb pages (shingle F1, and the snippet metric's
recall and precision: bench/_snippets.py, the measure held-back sets use), the seed page
(chrome removed, no article line lost, content_farm and its flags), the own farm set served
as HTML in the WordPress-like theme (flagged and false alarms), and dedup quality on a small
generated syndication corpus. The floors live in ``bench/gate_floors.toml``, each with the figure it
was pinned from; raise a floor when the code gets better, never lower one to make a change
pass. Checks that need ``../shared`` (the public benchmark data, which CI has beside the
clone) say "skipped" when it is missing; the farm-set check runs on the project's own data.

Usage: python -m bench.gate [--shared ../shared]
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def extraction_aeb(shared: Path) -> dict[str, float]:
    from bench._aeb import aeb
    from bench.extraction import load_set
    from newssift.extract.article import extract

    try:  # the snippet metric renders each page with resiliparse (the dev extra installs it)
        from resiliparse.extract.html2text import extract_plain_text  # noqa: F401

        from bench import _snippets
    except ImportError:
        _snippets = None
    pages = load_set(shared / "benchmarks", "aeb", half="held")[:50]
    pairs, counts = [], []
    for p in pages:
        html = gzip.decompress(Path(p["path"]).read_bytes())
        text = extract(html, url=p["url"]).text
        pairs.append((p["text"], text))
        if _snippets is not None:
            snips = _snippets.page_snippets(p["id"], p["text"], html)
            counts.append(_snippets.page_counts(snips, text))
    out = {"extraction_aeb50_f1": aeb(pairs)["F1"]}
    if _snippets is not None:
        sn = _snippets.scores(counts)
        out["extraction_aeb50_snippet_recall"] = sn["R"]
        out["extraction_aeb50_snippet_precision"] = sn["P"]
    return out


def seed_page(shared: Path) -> dict[str, float]:
    from bench.cleaning import seed_check
    from newssift.assess.assessment import assess

    res = seed_check(shared / "seed")
    text = (shared / "seed" / "kremlin-content-farm-copy.txt").read_text()
    out = assess(text)
    names = {f.name for f in out.flags}
    expected = {"generated_bio", "injected_headline", "translated_copy_credit",
                "accent_stripped_word", "foreign_script", "mt_artifact"}
    return {
        "seed_chrome_removed": res["chrome_removed"],
        "seed_article_lines_removed": res["article_lines_removed"],
        "seed_content_farm": out.content_farm,
        "seed_expected_flags": len(expected & names) / len(expected),
        "seed_peskov_quotes": res["peskov_quotes"],
    }


def farm_html(_shared: Path) -> dict[str, float]:
    from bench.farm_html import pages
    from newssift.assess.assessment import assess

    farm = clean = flagged = alarms = 0
    for _name, html, is_farm, _expected in pages("wordpress"):
        hit = assess("", html=html, url="https://example.org/news/1").content_farm >= 0.5
        if is_farm:
            farm, flagged = farm + 1, flagged + hit
        else:
            clean, alarms = clean + 1, alarms + hit
    return {"farm_html_recall": flagged / farm, "farm_html_false_alarm": alarms / clean}


def dedup_small(shared: Path) -> dict[str, float]:
    from bench import syndication
    from bench.dedup import _read_assignment, score, write_run
    from newssift.dedup import DedupOptions, run_dedup

    src = syndication.distinct_sources(
        syndication.load_sources(shared / "benchmarks" / "extraction")
    )[:90]
    docs = syndication.generate(src, strength=1.0, seed=3)
    with tempfile.TemporaryDirectory() as tmp:
        out = write_run(docs, Path(tmp) / "run")
        run_dedup(str(out), DedupOptions())
        row = score(docs, _read_assignment(out))
    return {"dedup_small_precision": row["precision"], "dedup_small_recall": row["recall"]}


CHECKS = {
    "extraction": (extraction_aeb, True),
    "seed": (seed_page, True),
    "farm_html": (farm_html, False),
    "dedup": (dedup_small, True),
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--floors", default=str(HERE / "gate_floors.toml"))
    a = ap.parse_args()
    shared = Path(a.shared)
    floors = tomllib.loads(Path(a.floors).read_text())
    failed = 0
    print("| check | value | floor | |\n|---|---|---|---|")
    for name, (check, needs_shared) in CHECKS.items():
        if needs_shared and not (shared / "benchmarks").is_dir():
            print(f"| {name} | skipped: no benchmark data at {shared} | | |")
            continue
        values = check(shared)
        for key in floors:
            if key.startswith(f"{name}_") and key not in values:
                print(f"| {key} | skipped: not measured (a bench dependency is missing) | | |")
        for key, value in values.items():
            rule = floors.get(key)
            if rule is None:
                print(f"| {key} | {value:.4f} | (no floor) | |")
                continue
            ok = value >= rule["min"] if "min" in rule else value <= rule["max"]
            bound = f">= {rule['min']}" if "min" in rule else f"<= {rule['max']}"
            print(f"| {key} | {value:.4f} | {bound} | {'ok' if ok else 'FAILED'} |")
            failed += not ok
    if failed:
        print(f"\ngate: {failed} check(s) below their floor", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
