"""Peak memory of a whole run on a large WARC: streaming must keep it flat.

Writes a synthetic uncompressed WARC of about ``--gb`` GB (news-like pages of ~30 KB,
from ``bench/throughput.py``'s generator), runs ``newssift run`` on it as a subprocess, and
samples the resident memory of the runner and all its workers every 0.2 s. Prints one
markdown table: the input size, documents, seconds, and peak RSS of the process tree (the
sum over processes at the worst moment) and of the largest single process.

Usage: ``python -m bench.memory [--gb 2] [--workers 2] [--stages ...]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.throughput import _page, _paragraphs


def make_plain_warc(path: Path, gb: float, page_kb: float = 30.0) -> tuple[int, int]:
    import random

    rng = random.Random(7)
    pool = _paragraphs(rng)
    target = int(gb * 1e9)
    n = 0
    with open(path, "wb") as fh:
        while fh.tell() < target:
            body = _page(n, page_kb, rng, pool)
            http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                    + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            head = ("WARC/1.0\r\nWARC-Type: response\r\n"
                    f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012d}>\r\n"
                    "WARC-Date: 2024-05-01T12:00:00Z\r\n"
                    f"WARC-Target-URI: https://news.example.com/story/{n}\r\n"
                    "Content-Type: application/http; msgtype=response\r\n"
                    f"Content-Length: {len(http)}\r\n\r\n").encode()
            fh.write(head + http + b"\r\n\r\n")
            n += 1
        size = fh.tell()
    return n, size


def tree_rss(pid: int) -> tuple[int, int]:
    """(sum, max) resident bytes of ``pid`` and its descendants."""
    procs = [pid]
    try:
        out = subprocess.run(["ps", "-o", "pid=,ppid=,rss=", "-A"], capture_output=True,
                             text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return 0, 0
    rows = [tuple(map(int, line.split())) for line in out.splitlines() if line.strip()]
    children: dict[int, list[int]] = {}
    rss = {}
    for p, pp, r in rows:
        children.setdefault(pp, []).append(p)
        rss[p] = r * 1024
    i = 0
    while i < len(procs):
        procs.extend(children.get(procs[i], []))
        i += 1
    vals = [rss.get(p, 0) for p in procs]
    return sum(vals), max(vals, default=0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gb", type=float, default=2.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--stages", default="extract,clean,news,assess,decide")
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="newssift-mem-"))
    work.mkdir(parents=True, exist_ok=True)
    warc = work / "big.warc"
    if not warc.exists():
        make_plain_warc(warc, args.gb)
    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "newssift.cli", "run", str(warc), "-o", str(out), "-q",
           "-w", str(args.workers), "--stages", args.stages]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    peak_sum = peak_max = 0
    while proc.poll() is None:
        s, m = tree_rss(proc.pid)
        peak_sum, peak_max = max(peak_sum, s), max(peak_max, m)
        time.sleep(0.2)
    secs = time.perf_counter() - t0
    if proc.returncode:
        sys.exit(f"newssift run failed with exit code {proc.returncode}")
    docs = json.loads((out / "stats.json").read_text())["documents"]["total"]
    print(f"| input | stages | workers | documents | seconds | peak RSS, all processes | "
          f"peak RSS, largest process |\n|---|---|---|---|---|---|---|\n"
          f"| {os.path.getsize(warc) / 1e9:.2f} GB WARC | {args.stages} | {args.workers} | "
          f"{docs:,} | {secs:.0f} | {peak_sum / 2**20:,.0f} MiB | {peak_max / 2**20:,.0f} MiB |")
    if args.workdir is None:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
