"""CPU time of the language decision on cold and warm caches: fasttext-predict against the
compiled lid.176 prediction (``newssift._lid``), in one process, page by page.

Why this harness: the extraction bench runs each tool in its own process, one page per
request, the tools taking turns, so every page starts with cold caches; fastText's
quantized model is read through one cache miss after another, and an in-loop (warm) timing
hides most of that. Here, before every timed call, a 64 MB buffer is written (one write per
cache line: the last-level cache is evicted), outside the timing; the two paths alternate
page by page (the order flips every page) so a shared machine's load falls on both alike.

- ``--what decide``: ``langid.decide_language`` on the ``(text, declared)`` that
  ``extract()`` hands it on every extraction bench page (collected first, warm);
- ``--what extract``: the whole ``extract()`` of every aeb and naeb page (decode and guard
  outside the timing).

A is main's path (fasttext-predict, the Python letter count), B the compiled one. Prints
CPU microseconds per page (``time.process_time_ns`` around the call) and B/A.

Usage: python -m bench.lid_cold --data ../shared/benchmarks [--what decide|extract]
       [--mode cold|warm] [--rounds 1]
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import time
from pathlib import Path

import numpy as np

from newssift import langid
from newssift.extract.article import extract
from newssift.extract.decode import decode_html_source
from newssift.extract.guard import guard_html

EVICT_BYTES = 64 << 20


def _pages(root: Path, sets: tuple[str, ...]) -> list[tuple[str, str, bytes | None]]:
    """(set, guarded page, its UTF-8 bytes when extract may read them) of every page."""
    out = []
    for name in sets:
        for path in sorted((root / name).rglob("*.html.gz")):
            text, raw = decode_html_source(gzip.decompress(path.read_bytes()))
            page = guard_html(text)
            out.append((name, page, raw if page is text else None))
    return out


def _extract(page: str, utf8: bytes | None) -> None:
    if utf8 is not None:
        extract(page, utf8=utf8)
    else:
        extract(page)


def _decide_inputs(pages) -> list[tuple[str, str, str | None]]:
    """(set, text, declared) extract() hands decide_language on each page."""
    seen: list[tuple[str, str | None]] = []
    real = langid.decide_language

    def record(text, declared=None, backend=None):
        seen.append((text, declared))
        return real(text, declared, backend)

    out = []
    langid.decide_language = record
    try:
        for name, page, utf8 in pages:
            seen.clear()
            _extract(page, utf8)
            out.extend((name, t, d) for t, d in seen)
    finally:
        langid.decide_language = real
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/benchmarks"))
    ap.add_argument("--what", choices=("decide", "extract"), default="decide")
    ap.add_argument("--mode", choices=("cold", "warm"), default="cold")
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    if langid._lid is None:
        raise SystemExit("newssift._lid is not built (python setup.py build_ext --inplace)")
    root = args.data / "extraction"
    sets = ("aeb", "naeb") if args.what == "extract" else ("aeb", "cleaneval", "dragnet", "naeb")
    pages = _pages(root, sets)
    path = langid._fasttext_model_path()
    paths = {
        "A": (langid._fasttext_reference(path), langid._count_letters_py),
        "B": (langid._fasttext_compiled(path), langid._lid.count_letters),
    }
    if args.what == "decide":
        work = [(name, (t, d)) for name, t, d in _decide_inputs(pages)]
        decide = langid.decide_language

        def call(item) -> None:
            decide(*item)
    else:
        work = [(name, (page, utf8)) for name, page, utf8 in pages]

        def call(item) -> None:
            _extract(*item)

    evict = np.zeros(EVICT_BYTES, dtype=np.uint8)
    clock = time.process_time_ns
    times: dict[tuple[str, str], list[int]] = {}
    for r in range(args.rounds):
        for i, (name, item) in enumerate(work):
            for side in ("A", "B") if (i + r) % 2 == 0 else ("B", "A"):
                langid._predictors["fasttext"], langid._count_letters = paths[side]
                if args.mode == "cold":
                    evict[::64] += 1
                t0 = clock()
                call(item)
                times.setdefault((name, side), []).append(clock() - t0)
                times.setdefault(("all", side), []).append(clock() - t0)
    print(f"{args.what}, {args.mode}, {len(work)} pages x {args.rounds}: CPU us/page")
    print("| set | A fasttext-predict | B compiled | B/A | median A | median B |")
    print("|---|---|---|---|---|---|")
    for name in (*sorted({n for n, _ in work}), "all"):
        a, b = times[(name, "A")], times[(name, "B")]
        print(
            f"| {name} | {sum(a) / len(a) / 1e3:.1f} | {sum(b) / len(b) / 1e3:.1f} | "
            f"{sum(b) / sum(a):.3f} | {statistics.median(a) / 1e3:.1f} | "
            f"{statistics.median(b) / 1e3:.1f} |"
        )


if __name__ == "__main__":
    main()
