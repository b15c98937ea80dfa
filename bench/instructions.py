"""Instructions (callgrind ``Ir``) of one fixed workload, at this tree and at a base revision.

Why instructions: on this project's shared 2-core machine, CPU time moves by several percent
between two runs of the same code, which hides the 1-3% a careful change gives. Callgrind's
count of executed instructions does not depend on the load, provided the run itself is
deterministic, and three things made it not so (found by e26, session 22; the same code read
792-838 M instructions):

- numpy's OpenBLAS threads spin for a time that depends on timing: ``OPENBLAS_NUM_THREADS=1``;
- a fresh ``PYTHONPYCACHEPREFIX`` makes whichever run comes first compile the modules the
  other then finds ready: every command runs once, unmeasured, before it is measured;
- address-space randomisation moves hash-table layouts: ``setarch -R``, with
  ``PYTHONHASHSEED=0``.

Each workload is measured as "work minus start-up": the same process with and without the
work, so import cost (measured apart if wanted) does not dilute the change.

    python -m bench.instructions --workload extract --base main
    python -m bench.instructions --workload run --base 4a7165d --warc /tmp/pb/w/pages.warc.gz

``--base`` is built once into ``--cache`` (``git archive`` plus the compiled parts). Prints one
table: the Ir of each tree and the ratio head / base.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

#: Python run in the measured process: argv[1] is "none" (start-up only) or "work".
_EXTRACT = """
import json, sys, gzip
from newssift.extract.article import extract, preload
preload(); extract(b'<p>warm up</p>', identify=False)
pages = [(gzip.open(p).read() if p.endswith('.gz') else open(p, 'rb').read(), u)
         for p, u in json.load(open(sys.argv[2]))]
if sys.argv[1] == 'work':
    for html, url in pages:
        extract(html, url=url, identify=False)
"""

#: The run in this process (``LocalExecutor(1)``): the command's own one worker is a pool of
#: one since session 33, a forked child whose instructions callgrind counts apart (and whose
#: file the parent's overwrote: review r47); pandas kept out of reach as the command keeps
#: it (review r48).
_RUN = """
import sys
try:  # as the command does (a tree before it ran with pandas reachable)
    from newssift.io.arrow_setup import arrow_without_pandas
    arrow_without_pandas()
except ImportError:
    pass
from newssift.execute.executors import LocalExecutor
from newssift.execute.local import run
if sys.argv[1] == 'work':
    run([sys.argv[2]], sys.argv[3], workers=1, progress=False, executor=LocalExecutor(1))
else:
    import newssift.execute.local, newssift.execute.warmup  # what the command imports
"""

WORKLOADS = ("extract", "run")
_TOTALS = re.compile(r"^(?:totals|summary):\s*(\d+)", re.M)


def parse_totals(text: str) -> int:
    """The instruction total of a callgrind output file's text."""
    m = _TOTALS.search(text)
    if m is None:
        raise ValueError("no totals or summary line: not a callgrind output")
    return int(m.group(1))


def deterministic_env(src: Path, pycache: Path) -> dict[str, str]:
    """The environment every measured command runs in (see the module doc)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(PYTHONPATH=str(src), PYTHONHASHSEED="0", OPENBLAS_NUM_THREADS="1",
               OMP_NUM_THREADS="1", PYTHONPYCACHEPREFIX=str(pycache))
    return env


def command(code: str, args: list[str], out_file: Path | None) -> list[str]:
    """The command line: under ``setarch -R``, and under callgrind when ``out_file`` is set."""
    cmd = ["setarch", platform.machine(), "-R"] if shutil.which("setarch") else []
    if out_file is not None:
        cmd += ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}"]
    return [*cmd, sys.executable, "-c", code, *args]


def tree_at(rev: str, cache: Path) -> Path:
    """The ``src`` folder of ``rev``, extracted and its compiled parts built (once)."""
    sha = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short=12", rev], check=True,
                         capture_output=True, text=True).stdout.strip()
    root = cache / sha
    if not (root / ".built").exists():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(REPO), "archive", sha], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
        subprocess.run([sys.executable, "setup.py", "build_ext", "--inplace", "-q"], cwd=root,
                       check=True, capture_output=True)
        (root / ".built").touch()
    return root / "src"


def extract_pages(data: Path, per_set: int) -> list[list[str]]:
    """The first ``per_set`` tuning pages of aeb, naeb and dragnet (path, url): the workload
    of docs/benchmarks.md's session-14 instruction counts. Tuning pages only: a workload is
    read while changing code."""
    from bench.extraction import load_set

    return [[str(p["path"]), p["url"]] for s in ("aeb", "naeb", "dragnet")
            for p in load_set(data, s, "tune")[:per_set]]


def measure(src: Path, code: str, args: list[str], work_dir: Path, tag: str) -> int:
    """Ir of the work: the "work" process minus the "none" process, each run once unmeasured
    first so that neither pays for compiling the other's modules."""
    env = deterministic_env(src, work_dir / f"pyc-{tag}")
    totals = {}
    for mode in ("none", "work"):
        out = work_dir / f"out-{tag}-{mode}"
        for measured in (False, True):
            shutil.rmtree(out, ignore_errors=True)  # `run` needs an empty output folder
            cg = work_dir / f"cg-{tag}-{mode}.out" if measured else None
            subprocess.run(command(code, [mode, *args, str(out)], cg), env=env, check=True,
                           capture_output=True)
        totals[mode] = parse_totals((work_dir / f"cg-{tag}-{mode}.out").read_text())
    return totals["work"] - totals["none"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workload", choices=WORKLOADS, default="extract")
    ap.add_argument("--base", default="HEAD", help="the revision to compare with [HEAD]")
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "benchmarks")
    ap.add_argument("--pages", type=int, default=20, help="extract: tuning pages per set")
    ap.add_argument("--warc", type=Path, help="run: the WARC (e.g. bench.pipeline's 602 pages)")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "newssift-trees")
    args = ap.parse_args(argv)
    if not shutil.which("valgrind"):
        print("bench.instructions: valgrind is not installed (apt-get install valgrind)")
        return 2
    work_dir = Path(tempfile.mkdtemp(prefix="newssift-ir-"))
    if args.workload == "extract":
        pages = work_dir / "pages.json"
        pages.write_text(json.dumps(extract_pages(args.data, args.pages)))
        code, extra = _EXTRACT, [str(pages)]
    else:
        if args.warc is None:
            ap.error("--workload run needs --warc")
        code, extra = _RUN, [str(args.warc)]
    rows = []
    for tag, src in (("base", tree_at(args.base, args.cache)), ("head", REPO / "src")):
        rows.append((tag, measure(src, code, extra, work_dir, tag)))
    (_, base), (_, head) = rows
    print(f"| workload | base {args.base} Ir | this tree Ir | this / base |\n|---|---|---|---|\n"
          f"| {args.workload} | {base / 1e6:,.1f} M | {head / 1e6:,.1f} M | {head / base:.4f}x |")
    shutil.rmtree(work_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
