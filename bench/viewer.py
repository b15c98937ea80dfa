"""How fast `newssift view` answers on a large run, and how much memory it holds.

Generates a synthetic run of ``--records`` records (default 1,000,000) written with
newssift's own writer (``PartWriter``, Parquet parts of ``--part-size`` records): news-like
texts of ~600 characters, 2,000 sites, 8 languages, keep/reject/quarantine with reasons,
0-3 flags with spans, 14 scores, removed lines, news parts, clusters of 1-5 copies. Then
starts ``newssift view`` on it as a separate process and, over HTTP from this process,
times (wall clock, whole page rendered and received):

- start: the process start until the first page answers (the listing table is built then,
  or read from the run folder where an earlier start kept it);
- a filtered page of 50 documents with its filter counts, for several filters and a deep
  page; the target is <= 200 ms;
- opening a document (its page); the target is <= 100 ms;
- a text search (URL, title, id, and the words of the text through the word index, which
  the viewer builds in the background after its first start and writes into the run
  folder, and reads from there at later starts: the bench waits until it is ready and
  reports when), alone and with a filter; held to the filtered page's target, <= 200 ms;
  the same search while the index is not ready yet (a scan of every part's text), or at
  once when it was read from the run folder;
- a cluster page and the run page (cold: its histograms scan the parts; then warm).

The viewer's resident memory (RSS, sampled every 0.1 s) is reported at its peak; the
target is <= 500 MB. Prints one markdown table; ``--md`` also writes it to a file.

Usage: ``python -m bench.viewer [--records 1000000] [--md docs/bench/viewer.md]
[--run DIR]`` (``--run``: generate the run into DIR and keep it, or reuse the run already
there, with the word index and listing table an earlier bench wrote into it;
``--fresh-words`` removes both first).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from bench import fragment
from newssift.io.run_folder import RunFolder
from newssift.io.writers import PartWriter
from newssift.record import Document, Flag, NewsParts, Quote, RemovedLine

LANGS = ["en", "en", "en", "de", "fr", "es", "it", "nl", "pt", "ja"]
FLAGS = ["agency_copy", "generated_bio", "injected_headline", "mt_artifact", "foreign_script",
         "chrome_density", "translated_copy_credit", "gopher_repetition"]
REASONS = ["content_farm", "gopher_below_alpha_threshold", "dup_line_frac", "language",
           "gopher_short_doc", "machine_translated", "empty_text"]
SCORES = ["content_farm", "machine_translated", "farm_flags", "n_words", "mt_model",
          "gopher.alpha_words_ratio", "gopher.mean_word_length", "gopher.stop_words",
          "gopher_rep.dup_line_frac", "gopher_rep.dup_para_frac", "c4.n_sentences",
          "fineweb.line_punct_ratio", "fineweb.short_line_ratio", "fineweb.char_dup_ratio"]
WORDS = ("harbour authority ferry service repairs northern pier schedule engineers weekend "
         "spokeswoman crossing morning terminal commuters detours bridge council budget "
         "school buses parents storm warning coast gusts residents festival crowd rain "
         "quota talks fishing negotiations scientists commission arrangement campaign "
         "minister election parliament market shares investors inflation central bank").split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(9, 18))]
    return " ".join(words).capitalize() + "."


def make_doc(i: int, rng: random.Random) -> Document:
    site = f"site-{rng.randrange(2000):04d}"
    lines = [" ".join(_sentence(rng) for _ in range(2)) for _ in range(rng.randint(3, 6))]
    text = "\n".join(lines)
    r = rng.random()
    decision = "keep" if r < 0.78 else ("reject" if r < 0.98 else "quarantine")
    reason = (rng.choice(REASONS) if decision == "reject"
              else "error" if decision == "quarantine" else None)
    flags = []
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        start = rng.randrange(max(1, len(lines[0]) - 20))
        flags.append(Flag(rng.choice(FLAGS), "synthetic/v1", rng.random(), 0.5, 0, start,
                          start + 12, text[start:start + 12]))
    # clusters of three consecutive records, the first of them canonical
    cluster = f"doc-{i - i % 3:07d}" if decision == "keep" else None
    return Document(
        id=f"doc-{i:07d}", source=f"crawl-{i // 50_000:03d}.warc.gz",
        source_offset=i * 4096, url=f"https://{site}.example/news/{i}",
        fetch_date="2024-05-01T12:00:00Z", text=text, title=_sentence(rng)[:80],
        date=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", authors=["Ana Ruiz"],
        site_name=site, language=rng.choice(LANGS),
        removed=[RemovedLine(len(lines), "Share this article", "share_bar", 1.0)]
        if rng.random() < 0.5 else [],
        news=NewsParts(dateline_place="LISBON", agencies=["Reuters"],
                       quotes=[Quote("We expect the first crossing", "Marta Lopes", 5, 30)])
        if rng.random() < 0.3 else None,
        scores={name: round(rng.random() * (100 if name == "n_words" else 1), 4)
                for name in SCORES},
        flags=flags, decision=decision, reason=reason,
        error="assess: timeout" if decision == "quarantine" else None,
        cluster_id=cluster, canonical_id=cluster,
        canonical_similarity=(1.0 if i % 3 == 0 else 0.8) if cluster else None,
        canonical_reason="earliest_date" if cluster else None,
    )


def generate(out: Path, records: int, part_size: int) -> float:
    t0 = time.perf_counter()
    rng = random.Random(21)
    for unit, start in enumerate(range(0, records, part_size)):
        with PartWriter(out, f"{unit:06d}-bench") as writer:
            for i in range(start, min(records, start + part_size)):
                writer.write(make_doc(i, rng))
    (out / "stats.json").write_text(f'{{"documents": {{"total": {records}}}}}')
    return time.perf_counter() - t0


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(base: str, target: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    with urllib.request.urlopen(base + target, timeout=600) as resp:
        body = resp.read()
    return (time.perf_counter() - t0) * 1000, len(body)


def _times(base: str, targets: list[str], repeat: int = 1) -> list[float]:
    out = []
    for _ in range(repeat):
        for t in targets:
            out.append(_get(base, t)[0])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--part-size", type=int, default=10_000)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--run", type=Path, default=None,
                    help="Folder of the generated run: kept, and reused when already there.")
    ap.add_argument("--md", type=Path, default=None)
    ap.add_argument("--fresh-words", action="store_true",
                    help="Remove what an earlier start wrote into --run first (the word "
                    "index and the listing table).")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="viewer-bench-", dir=args.workdir))
    out = args.run or work / "run"
    try:
        if (out / "stats.json").exists():
            gen_s = float("nan")  # reused
            if args.fresh_words:
                shutil.rmtree(RunFolder(out).view_index, ignore_errors=True)
        else:
            gen_s = generate(out, args.records, args.part_size)
        size = sum(p.stat().st_size for p in out.rglob("*.parquet"))
        table_kept = any(Path(RunFolder(out).view_index).glob("docs-*/index.duckdb"))
        load_before = os.getloadavg()[0]
        port = _free_port()
        env = dict(os.environ)
        cmd = [sys.executable, "-m", "newssift.cli", "view", str(out), "--port", str(port)]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
        peak = [0]
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], _rss(proc.pid))
                time.sleep(0.1)

        threading.Thread(target=sample, daemon=True).start()
        base = f"http://127.0.0.1:{port}"
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"viewer exited: {proc.stderr.read()}")
            try:
                _get(base, "/?decision=quarantine")
                break
            except OSError:
                time.sleep(0.2)
        start_s = time.perf_counter() - t0
        # before the word index is ready (or, when an earlier start wrote it into the run
        # folder, through it: then it is ready from start)
        t1 = time.perf_counter()
        with urllib.request.urlopen(base + "/?" + urlencode({"q": "ferry"}), timeout=600) as r:
            reused = b"(word index)" in r.read()
        scan_ms = [(time.perf_counter() - t1) * 1000]
        while True:  # the word index is built in the background
            with urllib.request.urlopen(base + "/?q=ferry", timeout=600) as resp:
                if b"(word index)" in resp.read():
                    break
            if proc.poll() is not None or time.perf_counter() - t0 > 3600:
                raise SystemExit("the word index was not ready within an hour")
            time.sleep(1)
        words_s = time.perf_counter() - t0

        rng = random.Random(5)
        n = args.records
        filters = [
            "/", "/?decision=reject", "/?" + urlencode({"site": "site-0042"}),
            "/?flag=generated_bio&language=de", "/?decision=keep&reason=(none)&language=fr",
            f"/?decision=keep&offset={(n // 2) // 50 * 50}",
            "/?" + urlencode({"reason": "content_farm", "flag": "agency_copy"}),
            "/?" + urlencode({"cluster": f"doc-{(n // 3) // 3 * 3:07d}"}),
        ]
        cold_ms = _times(base, filters)  # first visit of each filter set: counted afresh
        page_ms = _times(base, filters, repeat=3)  # again: the filter counts are cached
        docs = [f"/doc?id=doc-{rng.randrange(n):07d}" for _ in range(30)]
        doc_ms = _times(base, docs)
        searches = ["/?" + urlencode({"q": q}) for q in
                    ("harbour", "central bank", "storm warning coast", "doc-0000123",
                     "quota talks")]
        searches += ["/?" + urlencode({"q": "ferry", "decision": "reject"}),
                     "/?" + urlencode({"q": "bridge", "language": "de"})]
        search_ms = _times(base, searches)  # first visit of each query
        search_again_ms = _times(base, searches, repeat=2)
        cluster_ms = _times(base, [f"/cluster?id=doc-{rng.randrange(n) // 3 * 3:07d}"
                                   for _ in range(10)])
        run_cold = _times(base, ["/run"])[0]
        run_warm = _times(base, ["/run"])[0]
        site_ms = _times(base, ["/site?name=site-0042"])
        stop.set()
        proc.terminate()
        proc.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def row(name: str, ms: list[float], target: str) -> str:
        return (f"| {name} | {len(ms)} | {statistics.median(ms):,.0f} | {max(ms):,.0f} | "
                f"{target} |")

    mib = peak[0] / 2**20
    how_table = ("listing table read from the run folder" if table_kept else
                 "listing table built from the parts and written to the run folder")
    how_words = ("read from the run folder, written by an earlier start" if reused else
                 "built in the background from start and written to the run folder")
    lines = [
        f"# The viewer on a run of {args.records:,} records (bench/viewer.py)",
        "",
        f"A synthetic run of {args.records:,} records written with newssift's `PartWriter` "
        f"({args.records // args.part_size} Parquet parts, {size / 2**20:,.0f} MiB"
        + (f"; generated in {gen_s:,.0f} s" if gen_s == gen_s else "")
        + "), served by `newssift view` in its own process and asked over "
        "HTTP from the bench process (wall clock: query, page rendered, page received). "
        f"{os.cpu_count()}-core machine shared with other work (load average "
        f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after), "
        f"{time.strftime('%Y-%m-%d')}.",
        "",
        f"Command: `python -m bench.viewer --records {args.records}"
        f"{' --run ' + str(args.run) if args.run else ''}"
        f"{' --fresh-words' if args.fresh_words else ''}"
        f"{' --md ' + str(args.md) if args.md else ''}`",
        "",
        "| request | n | median ms | max ms | target |",
        "|---|---|---|---|---|",
        f"| start ({how_table}, first page) | 1 | {start_s * 1000:,.0f} | "
        f"{start_s * 1000:,.0f} | — |",
        row("filtered page of 50 documents with its counts, first visit of each of 8 "
            "filter sets (incl. a deep page)", cold_ms, "<= 200"),
        row("the same pages again (counts cached), x3", page_ms, "<= 200"),
        row("open a document", doc_ms, "<= 100"),
        f"| word index ready ({how_words}) "
        f"| 1 | {words_s * 1000:,.0f} | {words_s * 1000:,.0f} | — |",
        row("text search, first visit of each of 7 queries (1-3 words, 2 with a filter; "
            "URL, title, id and the word index)", search_ms, "<= 200"),
        row("the same searches again (hits and counts cached), x2", search_again_ms, "<= 200"),
        row("text search at start, through the word index already on disk" if reused else
            "text search before the word index is ready (scans every part's text)", scan_ms,
            "—"),
        row("cluster page (canonical and copy side by side)", cluster_ms, "—"),
        row("site page", site_ms, "—"),
        f"| run page, cold (score histograms scan the parts) | 1 | {run_cold:,.0f} | "
        f"{run_cold:,.0f} | — |",
        f"| run page, warm | 1 | {run_warm:,.0f} | {run_warm:,.0f} | — |",
        "",
        f"Peak resident memory of the viewer process: **{mib:,.0f} MiB** (target <= 500 MB).",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.md:
        fragment.write(args.md, text)


if __name__ == "__main__":
    main()
