"""What the parser guard costs on real pages, and what it saves on hostile ones.

Side by side in one run: for real pages (a folder of HTML files, e.g. the AEB set), the
time of ``guard_html`` next to the time of ``extract`` on the same pages; for nested
``<div>`` pages of growing depth, lexbor's parse alone unguarded next to guard + parse.

    python -m bench.parser_guard ../shared/benchmarks/extraction/aeb/html --pages 300 \\
        --md docs/bench/parser_guard.md
"""

from __future__ import annotations

import argparse
import gzip
import time
from pathlib import Path

from bench import fragment


def _time(fn, *args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", help="folder of HTML files (searched recursively)")
    ap.add_argument("--pages", dest="n", type=int, default=300)
    ap.add_argument("--depths", default="5000,10000,20000")
    ap.add_argument("--md", default=None)
    args = ap.parse_args()

    from selectolax.lexbor import LexborHTMLParser

    from newssift.extract.article import extract
    from newssift.extract.guard import guard_html
    from newssift.io.charset import decode_page

    files = sorted(p for p in Path(args.pages).rglob("*") if p.is_file())[: args.n]
    raw = [gzip.decompress(p.read_bytes()) if p.name.endswith(".gz") else p.read_bytes()
           for p in files]
    pages = [t for t in (decode_page(b)[0] for b in raw) if "\x00" not in t]
    extract(pages[0])  # warm
    g = sum(_time(guard_html, p) for p in pages)
    e = sum(_time(extract, p) for p in pages)
    changed = sum(guard_html(p) is not p for p in pages)
    rows = [f"| {len(pages)} real pages | guard {g * 1000:.0f} ms | extract {e * 1000:.0f} ms "
            f"| guard / extract = {g / e:.3f} ({changed} pages flattened) |"]
    for depth in (int(d) for d in args.depths.split(",")):
        html = "<html><body>" + "<div>" * depth + "text" + "</div>" * depth + "</body></html>"
        raw = _time(LexborHTMLParser, html)
        t0 = time.perf_counter()
        LexborHTMLParser(guard_html(html))
        guarded = time.perf_counter() - t0
        rows.append(f"| {depth:,} nested div | parse {raw:.2f} s | guard + parse "
                    f"{guarded:.3f} s | {raw / guarded:.0f}x |")
    command = "python -m bench.parser_guard " + " ".join(
        [Path(args.pages).as_posix(), "--pages", str(args.n), "--depths", args.depths])
    md = "\n".join(["# Parser guard (bench/parser_guard.py)", "",
                    "What `extract/guard.py` costs on real pages and saves on deeply nested "
                    "ones, measured side by side in one run.", "", f"`{command}`", "",
                    "| input | without / before | with guard | ratio |", "|---|---|---|---|",
                    *rows]) + "\n"
    print(md)
    if args.md:
        fragment.write(args.md, md)


if __name__ == "__main__":
    main()
