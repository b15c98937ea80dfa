"""Read+write throughput of the runner against the limit: plain fastwarc iteration.

Generates a synthetic WARC.GZ of N response records (default 50,000; small news-like
pages), then in one run measures:

- ``fastwarc iterate``: ArchiveIterator over the file, reading every record's payload
  (the limit: nothing can read the file faster in Python);
- ``newssift read+write``: ``newssift.run`` with no per-document stages and dedup off,
  i.e. planning, reading, decoding into Documents, Parquet writing and run bookkeeping,
  with 1 worker (same single core as the limit) and with all cores.

Prints one markdown table. Usage: ``python -m bench.throughput [--records 50000]``.

``--busy WARC`` measures instead how busy each worker is on one real WARC with every
stage (dedup off): each unit's start and end in its worker, and a worker's busy share =
its units' seconds / the unit phase's wall time (first unit start to last unit end).
``python -m bench.throughput --busy pages.warc.gz --workers 2 [--unit-mb 32]``.

``--startup WARC`` measures what loading the models once in the runner (before the pool
forks: ``execute/warmup.py``) saves: ``newssift run`` as a subprocess with and without
the warm-up, rounds interleaved, every stage, dedup off; wall and CPU seconds of the
runner and its workers. On a small input start-up is most of the run.
"""

from __future__ import annotations

import argparse
import gzip
import io
import shutil
import tempfile
import time
from pathlib import Path

PAGE = (
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>Story {i}</title>"
    "<script>{script}</script></head><body><nav>{nav}</nav><article><h1>Story {i}</h1>"
    "{paras}</article><aside>{nav}</aside><footer>Copyright 2024 Example News</footer>"
    "</body></html>"
)
WORDS = (
    "the minister said on tuesday that talks would resume after a pause of two months while "
    "officials in the capital warned about prices fuel harbour council budget storm ferry "
    "court ruling election vote police report agency sources according to statement week"
).split()


def _paragraphs(rng, n: int = 5000) -> list[str]:
    return [
        "<p>" + " ".join(rng.choice(WORDS) for _ in range(rng.randrange(25, 70))).capitalize()
        + ".</p>"
        for _ in range(n)
    ]


def _page(i: int, page_kb: float, rng, pool: list[str]) -> bytes:
    """A news-like page of about ``page_kb`` KB: script, navigation, paragraphs of words."""
    nav = "".join(f"<a href=/section/{k}>Section {k}</a> " for k in range(40))
    script = "var cfg={" + ",".join(f"k{k}:{rng.randrange(10**6)}" for k in range(60)) + "};"
    target = int(page_kb * 1024)
    paras, size = [], len(nav) * 2 + len(script) + 300
    while size < target:
        para = rng.choice(pool)
        paras.append(para)
        size += len(para)
    return PAGE.format(i=i, script=script, nav=nav, paras="".join(paras)).encode()


def make_warc(path: Path, n: int, page_kb: float = 1.0) -> int:
    """Write ``n`` gzip-member response records of about ``page_kb`` KB; return the size."""
    import random

    rng = random.Random(42)
    pool = _paragraphs(rng)
    with open(path, "wb") as fh:
        for i in range(n):
            body = _page(i, page_kb, rng, pool)
            http = (
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            head = (
                "WARC/1.0\r\nWARC-Type: response\r\n"
                f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{i:012d}>\r\n"
                "WARC-Date: 2024-05-01T12:00:00Z\r\n"
                f"WARC-Target-URI: https://news.example.com/story/{i}\r\n"
                "Content-Type: application/http; msgtype=response\r\n"
                f"Content-Length: {len(http)}\r\n\r\n"
            ).encode()
            buf = io.BytesIO()
            with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=6, mtime=0) as gz:
                gz.write(head + http + b"\r\n\r\n")
            fh.write(buf.getvalue())
    return path.stat().st_size


def bench_fastwarc(path: Path) -> tuple[int, float]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    t0 = time.perf_counter()
    n = 0
    for rec in ArchiveIterator(str(path), record_types=WarcRecordType.response, parse_http=True):
        rec.reader.read()
        n += 1
    return n, time.perf_counter() - t0


def bench_newssift(path: Path, out: Path, workers: int) -> tuple[int, float]:
    from newssift.execute.local import run

    if out.exists():
        shutil.rmtree(out)
    t0 = time.perf_counter()
    res = run([str(path)], out, stages=(), dedup=False, workers=workers, progress=False)
    return res.stats["documents"]["total"], time.perf_counter() - t0


class _Timed:
    """``fn`` recording (pid, start, end) of every call in a file per worker."""

    def __init__(self, fn, folder: str) -> None:
        self.fn, self.folder = fn, folder

    def __call__(self, item):
        import os

        t0 = time.time()
        out = self.fn(item)
        with open(f"{self.folder}/{os.getpid()}.txt", "a") as fh:
            fh.write(f"{t0} {time.time()}\n")
        return out


def busy_share(warc: Path, out: Path, workers: int, unit_mb: float) -> list[str]:
    """Per-worker busy share on ``warc`` with every stage, dedup off (table rows)."""
    from newssift.execute.executors import LocalExecutor
    from newssift.execute.local import run

    class TimedExecutor(LocalExecutor):
        def map_unordered(self, fn, items):
            return super().map_unordered(_Timed(fn, str(times)), items)

    times = out.parent / (out.name + "-times")
    for folder in (out, times):
        if folder.exists():
            shutil.rmtree(folder)
    times.mkdir(parents=True)
    t0 = time.perf_counter()
    res = run([str(warc)], out, dedup=False, workers=workers, progress=False,
              unit_bytes=int(unit_mb * (1 << 20)), executor=TimedExecutor(workers))
    wall = time.perf_counter() - t0
    spans = {p.stem: [tuple(map(float, line.split())) for line in p.read_text().splitlines()]
             for p in sorted(times.glob("*.txt"))}
    first = min(a for v in spans.values() for a, _ in v)
    last = max(b for v in spans.values() for _, b in v)
    rows = []
    for i, (_, v) in enumerate(sorted(spans.items(), key=lambda kv: -len(kv[1]))):
        busy = sum(b - a for a, b in v)
        rows.append(f"| {unit_mb or 'auto'} | {res.units} | worker {i + 1} | {len(v)} | "
                    f"{busy:.1f} | {last - first:.1f} | {busy / (last - first):.0%} | "
                    f"{wall:.1f} |")
    return rows


def main_busy(args) -> None:
    work = Path(tempfile.mkdtemp(prefix="newssift-busy-"))
    print(f"{args.busy}: every stage, dedup off, {args.workers} workers\n")
    print("| --unit-mb | units | worker | units run | busy s | unit phase s | busy share "
          "| run wall s |")
    print("|---|---|---|---|---|---|---|---|")
    for unit_mb in args.unit_mb:
        for row in busy_share(args.busy, work / f"out-{unit_mb}", args.workers, unit_mb):
            print(row)
    shutil.rmtree(work)


_STARTUP_CHILD = """
import sys
import newssift.execute.local as local
if sys.argv[1] == "off":
    local._fork_warm = lambda executor, config: None
local.run([sys.argv[2]], sys.argv[3], dedup=False, workers=int(sys.argv[4]), progress=False,
          unit_bytes=int(float(sys.argv[5]) * (1 << 20)))
"""


def main_startup(args) -> None:
    import os
    import statistics
    import subprocess
    import sys

    work = Path(tempfile.mkdtemp(prefix="newssift-startup-"))
    res: dict[str, list[tuple[float, float]]] = {"off": [], "on": []}
    for r in range(args.rounds):
        for mode in ("off", "on"):
            out = work / f"{mode}-{r}"
            t0 = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-c", _STARTUP_CHILD, mode,
                                     str(args.startup), str(out), str(args.workers),
                                     str(args.unit_mb[0])])
            _, status, usage = os.wait4(proc.pid, 0)
            assert os.waitstatus_to_exitcode(status) == 0
            res[mode].append((time.perf_counter() - t0, usage.ru_utime + usage.ru_stime))
    print(f"{args.startup}: every stage, dedup off, {args.workers} workers, "
          f"--unit-mb {args.unit_mb[0]}, {args.rounds} interleaved rounds, medians\n")
    print("| models loaded | wall s | CPU s (runner + workers) |")
    print("|---|---|---|")
    for mode, label in (("off", "in each worker (before)"), ("on", "once, before the fork")):
        print(f"| {label} | {statistics.median(w for w, _ in res[mode]):.2f} | "
              f"{statistics.median(c for _, c in res[mode]):.2f} |")
    shutil.rmtree(work)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=50_000)
    ap.add_argument("--page-kb", type=float, default=1.0,
                    help="HTML size of each page (real news pages: 30-150 KB)")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--busy", type=Path, default=None,
                    help="a WARC: measure each worker's busy share on it instead")
    ap.add_argument("--workers", type=int, default=2, help="with --busy")
    ap.add_argument("--unit-mb", type=float, nargs="+", default=[0.0],
                    help="with --busy: unit sizes to compare (0: automatic)")
    ap.add_argument("--startup", type=Path, default=None,
                    help="a WARC: measure start-up with and without the warm-up instead")
    ap.add_argument("--rounds", type=int, default=3, help="with --startup")
    args = ap.parse_args()
    if args.startup:
        main_startup(args)
        return
    if args.busy:
        main_busy(args)
        return
    import os

    work = args.workdir or Path(tempfile.mkdtemp(prefix="newssift-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    warc = work / "synthetic.warc.gz"
    size = make_warc(warc, args.records, args.page_kb)
    rows = []
    n, s = bench_fastwarc(warc)
    rows.append(("fastwarc iterate (the limit)", 1, n, s))
    n, s = bench_newssift(warc, work / "out1", 1)
    rows.append(("newssift read+write", 1, n, s))
    cores = os.cpu_count() or 1
    if cores > 1:
        n, s = bench_newssift(warc, work / "outN", cores)
        rows.append(("newssift read+write", cores, n, s))
    limit = rows[0][2] / rows[0][3]
    print(f"synthetic WARC.GZ: {args.records:,} records of ~{args.page_kb:g} KB HTML, "
          f"{size / 1e6:.1f} MB\n")
    print("| reader | workers | records | seconds | records/s | share of limit |")
    print("|---|---|---|---|---|---|")
    for name, w, n, s in rows:
        print(f"| {name} | {w} | {n:,} | {s:.2f} | {n / s:,.0f} | {n / s / limit:.2f} |")
    if args.workdir is None:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
