"""The whole pipeline against datatrove's FineWeb-style pipeline, on the same WARC.

Both tools read the same news pages from WARC, side by side in one run, rounds
interleaved (datatrove, newssift, datatrove, newssift, ...) so machine load hits both alike:

- ``datatrove``: a WARC reader → Trafilatura → GopherRepetitionFilter → GopherQualityFilter
  → C4QualityFilter → FineWebQualityFilter → a JSONL writer, on a LocalPipelineExecutor with
  ``--workers`` tasks and workers. datatrove gives one input file to one task, so it reads
  the same records split into ``--workers`` shard files (its best case). The reader and
  the writer are small steps in datatrove's callable form (its WarcReader needs warcio,
  cchardet and libmagic, its JsonlWriter orjson, none installed): the reader is a fastwarc
  loop (faster than warcio), the writer stdlib json. Its language filter is left out (its
  model is fetched from the network at run time). datatrove runs in its own virtual
  environment, ``.venv-datatrove`` (``make bench-setup``; versions pinned in
  ``bench/requirements-datatrove.txt``), when it exists, so newssift's dependencies never
  change what datatrove runs with; the table names the version and the environment.
- ``newssift``: ``newssift run WARC -o OUT -w N`` with every stage (extract, clean, news,
  assess, decide) and dedup, on the single WARC file.

Each run is a subprocess. Recorded: wall seconds; CPU seconds of the process and all its
workers (the larger of ``wait4``'s rusage and the sum of ``/proc`` CPU times sampled over
the process tree: datatrove's forkserver workers are not waited for by the process);
memory, sampled every 0.1 s: the largest proportional set size (PSS) of any one worker,
which counts pages shared copy-on-write with the runner once, and the largest resident
size. The WARC is given with ``--warc``, or built from the HTML pages of the extraction
benchmark (aeb + naeb: 602 pages) with the project's own WARC builder
(``bench.warc_build``).

Usage::

    python -m bench.pipeline --data ../shared/benchmarks [--warc PATH] [--rounds 3] \
        [--workers 2] [--datatrove-python PY] [--md docs/bench/pipeline.md]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench import fragment

HERE = Path(__file__).resolve().parent


def build_warc(data: Path, out: Path, shards: int = 1) -> list[Path]:
    """The aeb + naeb HTML pages as WARC response records (one gzip member each), in
    ``shards`` files (records dealt round-robin); return the paths."""
    from bench._truth import aeb_truth, naeb_items
    from bench.warc_build import http_response, warc_record, warcinfo_record, write_warc

    ext = data / "extraction"
    pages: list[tuple[str, bytes]] = []
    truth = aeb_truth(ext / "aeb")
    for key in sorted(truth):
        path = ext / "aeb" / "html" / f"{key}.html.gz"
        if path.exists():
            pages.append((truth[key].get("url") or f"https://aeb.example/{key}",
                          gzip.decompress(path.read_bytes())))
    for item in naeb_items(ext / "naeb"):
        path = ext / "naeb" / "html" / f"{item['html_file']}.html.gz"
        if path.exists():
            pages.append((item.get("link") or f"https://naeb.example/{item['id']}",
                          gzip.decompress(path.read_bytes())))
    if not pages:
        sys.exit(f"no HTML pages under {ext}: pass --data pointing at shared/benchmarks")
    paths = []
    for s in range(shards):
        recs = [warcinfo_record()] + [
            warc_record(http_response(html), uri=url)
            for i, (url, html) in enumerate(pages) if i % shards == s
        ]
        name = "pages.warc.gz" if shards == 1 else f"pages-{s:02d}.warc.gz"
        paths.append(write_warc(out / name, recs))
    return paths


def _proc_memory(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of a process in bytes, from /proc (0, 0 when it is gone)."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return pss, rss


def _cpu_ticks(pid: int) -> int:
    """User + system CPU of a process so far, in clock ticks (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out += [int(x) for x in fh.read().split()]
    except OSError:
        pass
    return out


def measured(cmd: list[str], env: dict | None = None) -> dict:
    """Run ``cmd``; wall and CPU seconds (with its children) and peak memory per process."""
    peak = {"worker_pss": 0, "worker_rss": 0, "root_rss": 0}
    ticks: dict[int, int] = {}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak["root_rss"] = max(peak["root_rss"], _proc_memory(proc.pid)[1])
            ticks[proc.pid] = max(ticks.get(proc.pid, 0), _cpu_ticks(proc.pid))
            todo, seen = _children(proc.pid), set()
            while todo:
                pid = todo.pop()
                if pid in seen:
                    continue
                seen.add(pid)
                pss, rss = _proc_memory(pid)
                peak["worker_pss"] = max(peak["worker_pss"], pss)
                peak["worker_rss"] = max(peak["worker_rss"], rss)
                ticks[pid] = max(ticks.get(pid, 0), _cpu_ticks(pid))
                todo += _children(pid)
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    stop.set()
    sampler.join()
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{cmd[:4]} failed ({proc.returncode}):\n{err[-3000:]}")
    # wait4 counts only the descendants that were waited for (a forkserver's workers are
    # not): the CPU is the larger of it and the sum over every process seen in the tree
    # (sampled, so each process's last 0.1 s may be missed)
    sampled = sum(ticks.values()) / os.sysconf("SC_CLK_TCK")
    return {"wall": wall, "cpu": max(usage.ru_utime + usage.ru_stime, sampled), **peak}


DATATROVE = """
import sys
from pathlib import Path
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.extractors import Trafilatura
from datatrove.pipeline.filters import (C4QualityFilter, FineWebQualityFilter,
    GopherQualityFilter, GopherRepetitionFilter)
src, out, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
SHARDS = sorted(str(p) for p in Path(src).glob("*.warc.gz"))

def read_warc(data, rank: int = 0, world_size: int = 1, shards=SHARDS):
    # datatrove's WarcReader needs warcio, cchardet and libmagic; this reads the same records
    # with fastwarc (faster than warcio), one shard file per task as WarcReader does.
    # Arguments as defaults: the workers (forkserver) get the function without globals
    from datatrove.data import Document
    from fastwarc.warc import ArchiveIterator, WarcRecordType
    for path in shards[rank::world_size]:
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh, record_types=WarcRecordType.response):
                html = rec.reader.read().decode("utf-8", errors="replace")
                yield Document(text=html, id=rec.record_id,
                               metadata={"url": rec.headers.get("WARC-Target-URI")})

def write_jsonl(data, rank: int = 0, world_size: int = 1, out=out):
    # datatrove's JsonlWriter needs orjson (not installed): the same lines with json
    import json, os
    os.makedirs(out + "/output", exist_ok=True)
    with open(f"{out}/output/{rank:05d}.jsonl", "w") as fh:
        for doc in data:
            fh.write(json.dumps({"id": doc.id, "text": doc.text, "metadata": doc.metadata})
                     + "\\n")
    return
    yield

LocalPipelineExecutor(pipeline=[
    read_warc,
    Trafilatura(favour_precision=True, timeout=60),
    GopherRepetitionFilter(), GopherQualityFilter(), C4QualityFilter(),
    FineWebQualityFilter(),
    write_jsonl,
], tasks=workers, workers=workers, logging_dir=out + "/logs").run()
"""


def datatrove_cmd(shards: Path, out: Path, workers: int, python: str = sys.executable) -> list[str]:
    return [python, "-c", DATATROVE, str(shards), str(out), str(workers)]


def newssift_cmd(warc: Path, out: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "newssift.cli", "run", str(warc), "-o", str(out),
            "-w", str(workers), "--quiet"]


def _count_datatrove(out: Path) -> int:
    n = 0
    for path in (out / "output").glob("*.jsonl*"):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt") as fh:
            n += sum(1 for _ in fh)
    return n


# what datatrove's steps above import at run time: a missing one fails inside a pool worker,
# where it is easy to miss (a session's run sat idle until its timeout), so it is checked first
DATATROVE_NEEDS = ("datatrove", "trafilatura", "spacy", "fastwarc", "multiprocess")
# datatrove's own environment (`make bench-setup`, bench/requirements-datatrove.txt)
DATATROVE_VENV = HERE.parent / ".venv-datatrove" / "bin" / "python"

_PROBE = """
import importlib.metadata as md, importlib.util as u, sys
missing = [m for m in sys.argv[1:] if u.find_spec(m) is None]
print("missing " + " ".join(missing) if missing else "datatrove " + md.version("datatrove"))
"""


def datatrove_python(given: str | None) -> tuple[str, str]:
    """The interpreter that runs datatrove and its version: ``--datatrove-python``, else
    ``.venv-datatrove`` when it exists, else this interpreter. Exits with one line when a
    module datatrove's steps need is missing there."""
    py = given or (str(DATATROVE_VENV) if DATATROVE_VENV.exists() else sys.executable)
    try:
        out = subprocess.run([py, "-c", _PROBE, *DATATROVE_NEEDS], capture_output=True,
                             text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as exc:
        sys.exit(f"bench.pipeline: cannot run {py}: {exc}")
    if out.startswith("missing"):
        sys.exit(f"bench.pipeline: {py} lacks {out.split(' ', 1)[1]}; "
                 "make bench-setup (or pip install -r bench/requirements-datatrove.txt)")
    return py, out.split(" ", 1)[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "benchmarks")
    ap.add_argument("--warc", type=Path, default=None,
                    help="a .warc.gz to use instead of building one from --data")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--md", type=Path, default=None, help="write the table here too")
    ap.add_argument("--datatrove-python", default=None,
                    help="the interpreter of datatrove's environment (default: "
                         ".venv-datatrove/bin/python when it exists, else this one)")
    args = ap.parse_args()
    dt_python, dt_version = datatrove_python(args.datatrove_python)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="newssift-pipeline-"))
    work.mkdir(parents=True, exist_ok=True)
    shards = work / "shards"
    if args.warc is None:
        warc = build_warc(args.data, work)[0]
        shards.mkdir(exist_ok=True)
        build_warc(args.data, shards, args.workers)
    else:
        warc = args.warc
        shards.mkdir(exist_ok=True)
        shutil.copy(warc, shards / "pages.warc.gz")
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    with open(warc, "rb") as fh:
        docs = sum(1 for _ in ArchiveIterator(fh, record_types=WarcRecordType.response))
    env = dict(os.environ)
    env["PYTHONPATH"] = str(HERE.parent / "src") + os.pathsep + env.get("PYTHONPATH", "")
    results: dict[str, list[dict]] = {"datatrove": [], "newssift": []}
    kept: dict[str, int] = {}
    for r in range(args.rounds):
        for name in ("datatrove", "newssift"):
            out = work / f"{name}-{r}"
            shutil.rmtree(out, ignore_errors=True)
            cmd = (datatrove_cmd(shards, out, args.workers, dt_python) if name == "datatrove"
                   else newssift_cmd(warc, out, args.workers))
            results[name].append(measured(cmd, env))
            if name == "datatrove":
                kept[name] = _count_datatrove(out)
            else:
                stats = json.loads((out / "stats.json").read_text())
                kept[name] = stats["documents"]["kept"]
                assert stats["documents"]["total"] == docs, stats["documents"]
            print(f"round {r + 1} {name}: {results[name][-1]['wall']:.1f} s", file=sys.stderr)
    med = {k: {m: statistics.median(x[m] for x in v) for m in v[0]} for k, v in results.items()}
    lines = [
        f"{docs} news pages (aeb + naeb HTML, one WARC of {warc.stat().st_size / 1e6:.1f} MB), "
        f"{args.workers} workers, {args.rounds} interleaved rounds, medians; "
        f"datatrove {dt_version} ("
        f"{'its own environment' if dt_python != sys.executable else 'newssift environment'}):",
        "",
        "| pipeline | docs kept | wall s | docs/s | CPU s | CPU ms/doc | peak worker PSS MB "
        "| peak worker RSS MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, m in med.items():
        lines.append(
            f"| {name} | {kept[name]} | {m['wall']:.1f} | {docs / m['wall']:.1f} | "
            f"{m['cpu']:.1f} | {1000 * m['cpu'] / docs:.1f} | {m['worker_pss'] / 2**20:.0f} | "
            f"{m['worker_rss'] / 2**20:.0f} |"
        )
    d, n = med["datatrove"], med["newssift"]
    per_round = [a["wall"] / b["wall"] for a, b in zip(results["datatrove"],
                                                         results["newssift"], strict=True)]
    lines += [
        "",
        f"newssift / datatrove: {d['wall'] / n['wall']:.2f}x in docs/s "
        f"(rounds: {', '.join(f'{x:.2f}' for x in per_round)}), "
        f"{d['cpu'] / n['cpu']:.2f}x in CPU per document.",
    ]
    text = "\n".join(lines)
    print(text)
    if args.md:
        cmd = "python -m bench.pipeline " + " ".join(
            a for a in sys.argv[1:] if a)  # the exact command
        fragment.write(
            args.md,
            "# Whole pipeline vs datatrove (bench/pipeline.py)\n\n"
            f"Command: `{cmd}`\n\n{text}\n"
        )
    if args.workdir is None:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
