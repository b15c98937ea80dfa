"""What running through Ray costs on one machine: local runner against the Ray executor.

The Ray executor exists for clusters, but on one machine with the same worker count it
does the same work as the local process pool, so the difference between the two is Ray's
overhead (task submission, object store round trips, workers importing the pipeline
instead of inheriting it through fork). The goal of issue 7 is at most 15%.

Generates a WARC.GZ of synthetic news pages (seeded; every tenth page a near-duplicate of
an earlier one, so dedup has work), then runs the whole pipeline (every stage, dedup
included when installed) alternately with each executor, ``--rounds`` times, each run in
a fresh subprocess so neither inherits the other's warm state. Reports the median run
time of each, docs/s and the overhead; Ray's start is shown apart (``ray.init`` of a local
instance, then a warm-up task per worker that imports the pipeline, which forked local
workers get for free from the driver), and end to end including it, which is what
``newssift run --executor ray`` on one machine costs. Finally checks that both executors
wrote the same bytes.

Usage: ``python -m bench.ray_overhead [--docs 20000] [--workers 2] [--rounds 3] [--cold]``
(needs ``pip install 'newssift[ray]'``).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newssift.execute.outputs import output_files

_VOCAB = (
    "minister council harbour election budget court police river festival market farmers "
    "union hospital school bridge railway storm season company shares ministry governor "
    "village coast airport tariff reform museum league coach striker mayor report inquiry "
    "agreement treaty border energy prices water drought flood vaccine clinic teachers "
    "strike workers factory export import growth forecast bank rates inflation housing"
)
WORDS = tuple(_VOCAB.split(" "))
CITIES = ("LISBON", "NAIROBI", "OSLO", "LIMA", "HANOI", "ACCRA", "QUITO", "RIGA")
AGENCIES = ("Reuters", "AP", "AFP", "Wire")


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 28))]
    return " ".join(words).capitalize() + ", officials said on Tuesday."


def _page(i: int, body: str, rng: random.Random) -> str:
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>Story {i} | Example News</title>"
        f'<meta property="og:title" content="Story {i}">'
        f'<meta name="author" content="Reporter {i % 37}">'
        f'<meta property="article:published_time" content="2024-05-{1 + i % 28:02d}">'
        "</head><body><nav><a href=/>Home</a> <a href=/world>World</a> "
        "<a href=/sport>Sport</a></nav><main><article>"
        f"<h1>Story {i}</h1><p class=byline>By Reporter {i % 37}</p>{body}</article>"
        f"<aside><h3>Related</h3><a href=/s/{rng.randint(0, 9999)}>More news</a></aside>"
        "</main><footer>Copyright 2024 Example News. All rights reserved.</footer>"
        "</body></html>"
    )


def make_corpus(path: Path, n: int, seed: int = 7) -> None:
    """``n`` response records of news-like pages; deterministic for a seed."""
    from bench.warc_build import http_response, warc_record, warcinfo_record, write_warc

    rng = random.Random(seed)
    bodies: list[str] = []

    def records():
        yield warcinfo_record()
        for i in range(n):
            if i % 10 == 9 and bodies:
                body = rng.choice(bodies)  # a near-duplicate: same story, another page
            else:
                city = rng.choice(CITIES)
                lead = f"<p>{city}, May {1 + i % 28} ({rng.choice(AGENCIES)}) - "
                paras = [_sentence(rng) for _ in range(rng.randint(4, 12))]
                quote = f'<p>"{_sentence(rng)}" said Marta Lopes.</p>'
                body = lead + paras[0] + "</p>" + "".join(f"<p>{p}</p>" for p in paras[1:])
                body += quote
                bodies.append(body)
            html = _page(i, body, rng).encode()
            yield warc_record(http_response(html), uri=f"https://news.example.com/story/{i}")

    write_warc(path, records())


def run_one(
    kind: str, corpus: str, out: str, workers: int, unit_mb: float, warm_up: bool
) -> dict:
    """One measured run, in this (fresh) process; returns its timings as a dict."""
    from newssift.execute.local import run

    options = {"workers": workers, "unit_bytes": int(unit_mb * (1 << 20)), "progress": False}
    init = warm = 0.0
    executor = None
    if kind == "ray":
        from newssift.execute.ray_executor import RayExecutor

        t0 = time.perf_counter()
        executor = RayExecutor(
            None, workers,
            init_options={"object_store_memory": 200 << 20, "log_to_driver": False},
        )
        init = time.perf_counter() - t0
        if warm_up:
            t0 = time.perf_counter()
            executor.warm_up()
            warm = time.perf_counter() - t0
    t0 = time.perf_counter()
    res = run([corpus], out, executor=executor, **options)
    seconds = time.perf_counter() - t0
    if executor is not None:
        executor.close()
    return {"seconds": seconds, "init": init, "warm": warm, "units": res.units,
            "docs": res.stats["counts"].get("read/docs", 0)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--unit-mb", type=float, default=1.0)
    ap.add_argument("--cold", action="store_true",
                    help="no Ray worker warm-up: workers import the pipeline inside the run")
    ap.add_argument("--one", choices=["local", "ray"], help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        result = run_one(args.one, args.corpus, args.out, args.workers, args.unit_mb,
                         not args.cold)
        print(json.dumps(result))
        return

    tmp = Path(tempfile.mkdtemp(prefix="newssift-ray-bench-"))
    try:
        corpus = tmp / "corpus.warc.gz"
        make_corpus(corpus, args.docs)
        results: dict[str, list[dict]] = {"local": [], "ray": []}
        for r in range(args.rounds):
            order = ("local", "ray") if r % 2 == 0 else ("ray", "local")
            for kind in order:
                out = tmp / f"out-{kind}"
                shutil.rmtree(out, ignore_errors=True)
                cmd = [sys.executable, "-m", "bench.ray_overhead", "--one", kind,
                       "--corpus", str(corpus), "--out", str(out), "--workers", str(args.workers),
                       "--unit-mb", str(args.unit_mb)] + (["--cold"] if args.cold else [])
                proc = subprocess.run(cmd, check=True, capture_output=True, text=True)
                results[kind].append(json.loads(proc.stdout.strip().splitlines()[-1]))
        same = output_files(tmp / "out-local") == output_files(tmp / "out-ray")
        _report(args, corpus.stat().st_size, results, same)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _report(args, size: int, results: dict[str, list[dict]], same: bool) -> None:
    def med(kind: str, key: str) -> float:
        return statistics.median(r[key] for r in results[kind])

    local, ray = med("local", "seconds"), med("ray", "seconds")
    init, warm = med("ray", "init"), med("ray", "warm")
    docs = results["local"][0]["docs"]
    units = results["local"][0]["units"]
    print(f"{docs} documents, {size / 1e6:.1f} MB WARC.GZ, {units} units of "
          f"{args.unit_mb:g} MB, {args.workers} workers, median of {args.rounds} runs each"
          + (", no warm-up" if args.cold else "") + "\n")
    print("| executor | run s | docs/s | run vs local | Ray init s | warm-up s "
          "| end to end s | end to end vs local |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| local (process pool) | {local:.2f} | {docs / local:,.0f} | - | - | - "
          f"| {local:.2f} | - |")
    total = ray + init + warm
    print(f"| Ray (local instance) | {ray:.2f} | {docs / ray:,.0f} | "
          f"{(ray / local - 1) * 100:+.1f}% | {init:.1f} | {warm:.1f} | {total:.2f} "
          f"| {(total / local - 1) * 100:+.1f}% |")
    print(f"\nall runs (s): local {[round(r['seconds'], 2) for r in results['local']]}, "
          f"ray {[round(r['seconds'], 2) for r in results['ray']]}")
    print(f"outputs byte-identical: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
