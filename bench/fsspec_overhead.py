"""What going through fsspec costs: the same run on local paths and on ``file://`` URLs.

A path with a ``scheme://`` is read and written through fsspec (``newssift.io.storage``),
which is what ``s3://`` and ``gs://`` need; plain paths keep builtin ``open``, fastwarc's
own file reading, pyarrow's native files and renames. ``file://`` names the same local
disk through fsspec's local filesystem, so the difference between the two is the cost of
the fsspec road itself (Python file objects instead of native ones, dedup's signature
and key rows read by byte range instead of memory-mapped), not the network's.

Generates the synthetic WARC.GZ of ``bench/throughput.py``, then runs two jobs with each
kind of path, alternately, ``--rounds`` times, after one warm-up run: read+write
(no per-document stages, no dedup: the I/O-bound case where overhead shows most) and
read+write+dedup (no text to hash without stages, so this adds dedup's own I/O: its
scratch files, reads and part rewrites go through the same road). Prints one table of
medians and checks that both kinds of path wrote the same bytes.

Usage: ``python -m bench.fsspec_overhead [--records 20000] [--page-kb 30] [--rounds 3]``
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.throughput import make_warc
from newssift.execute.local import run
from newssift.execute.outputs import output_files

JOBS = {"read+write": {"stages": (), "dedup": False},
        "read+write+dedup": {"stages": (), "dedup": True}}


def one_run(warc: Path, out: Path, url: bool, workers: int, options: dict) -> float:
    shutil.rmtree(out, ignore_errors=True)
    inp, dest = (f"file://{warc}", f"file://{out}") if url else (str(warc), str(out))
    t0 = time.perf_counter()
    run([inp], dest, workers=workers, progress=False, **options)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=20_000)
    ap.add_argument("--page-kb", type=float, default=30.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newssift-fsspec-"))
    try:
        warc = work / "synthetic.warc.gz"
        size = make_warc(warc, args.records, args.page_kb)
        one_run(warc, work / "warm", False, args.workers, JOBS["read+write"])
        times: dict[tuple[str, bool], list[float]] = {}
        same = True
        for name, options in JOBS.items():
            for _ in range(args.rounds):
                for url in (False, True):
                    out = work / f"out-{url}"
                    times.setdefault((name, url), []).append(
                        one_run(warc, out, url, args.workers, options))
            same &= output_files(work / "out-False") == output_files(work / "out-True")
        print(f"synthetic WARC.GZ: {args.records:,} records of ~{args.page_kb:g} KB HTML, "
              f"{size / 1e6:.1f} MB; {args.workers} worker(s); median of {args.rounds} runs\n")
        print("| job | paths | seconds | records/s | vs local paths |")
        print("|---|---|---:|---:|---:|")
        for name in JOBS:
            base = statistics.median(times[(name, False)])
            for url in (False, True):
                s = statistics.median(times[(name, url)])
                label = "file:// URLs (fsspec)" if url else "local paths"
                rel = "-" if not url else f"{(s / base - 1) * 100:+.1f}%"
                print(f"| {name} | {label} | {s:.2f} | {args.records / s:,.0f} | {rel} |")
        print()
        for (name, url), runs in times.items():
            print(f"all runs, {name}, {'file:// URLs' if url else 'local paths'} (s): "
                  f"{[round(t, 2) for t in runs]}")
        print(f"same output bytes: {'yes' if same else 'NO'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
