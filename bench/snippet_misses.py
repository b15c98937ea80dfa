"""Where newssift loses must-include snippets another tool finds, on the tuning halves only.

The snippet metric (:mod:`bench._snippets`) says how many must-include snippets newssift
misses; this says why, page by page, so a rule can be aimed at the largest class. For every
tuning-half page, each must-include snippet that newssift's text lacks and the other tool's
(trafilatura by default) holds is credited to the first page line holding it (else to two
adjacent lines, else "absent": text the walk does not give), by that line's fate under the
rules (``favor="balanced"``, no model):

- ``outside:above`` / ``outside:below``: not under the chosen container (nor its parts);
- ``narrowed-out``: under it but outside the ``<article>`` the choice narrowed to;
- ``rule:<tag>`` (a chrome-marked element between the container and the line, by its tag),
  ``rule:links`` (link density), ``rule:boiler`` (a boiler phrase), ``rule:h1``;
- ``trim:head`` (above the first paragraph), ``trim:promo``, ``trim:end-marker`` (after an
  end marker), ``trim:tail`` (the trailing short lines);
- ``kept`` (the line is in the body: the snippet spans lines, or the body's first line was
  the title), ``empty`` (newssift's text is empty).

Held-out halves are never read: rules are changed while reading the tuning halves only.

Usage::

    python -m bench.snippet_misses --data ../shared/benchmarks --sets aeb,naeb \\
        --out /tmp/misses.tsv
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from bench import _snippets as sn
from bench.extraction import _gz, _tool, load_set, page_snippets


def _lines_of(html: bytes):
    """The page's lines as extract's walk cuts them (the page's own parse, no script state)."""
    from selectolax.lexbor import LexborHTMLParser

    from newssift.extract.blocks import walk
    from newssift.extract.decode import decode_html

    tree = LexborHTMLParser(decode_html(html))
    return walk(tree.body or tree.root)


def cause(html: bytes, snippet: sn.Snippet) -> tuple[str, str]:
    """(cause, the line holding the snippet) for a must-include snippet newssift missed."""
    from newssift.extract import body as B

    page = _lines_of(html)
    hit = next((ln for ln in page.lines if sn.found(snippet, ln.text)), None)
    if hit is None:
        pairs = zip(page.lines, page.lines[1:], strict=False)
        hit = next((a for a, b in pairs if sn.found(snippet, a.text + " " + b.text)), None)
    if hit is None:
        return "absent", ""
    f = B.FAVORS["balanced"]
    _chosen, container, lines, marks, keep, sc = B._candidates(page, f)
    _c, body = B.select_body(page, model=False)
    if any(ln.index == hit.index for ln in body):
        return "kept", hit.text
    at = {ln.index: i for i, ln in enumerate(lines)}
    if hit.index not in at:
        where = "above" if lines and hit.index < lines[0].index else "below"
        return f"outside:{where}", hit.text
    i = at[hit.index]
    if keep is not None and i not in keep:
        return "narrowed-out", hit.text
    if marks[i]:
        path = hit.path
        root = container if container in path else path[0]
        for e in path[path.index(root) + 1 :]:
            if B._marked_chrome_of(page, sc, f.keep_captions, e, root):
                return f"rule:{page.tags[e]}", hit.text
        n = len(hit.text)
        if n and hit.link_chars / n > f.link_density:
            return "rule:links", hit.text
        return ("rule:boiler" if marks[i] == B.BOILER else "rule:h1"), hit.text
    kept = [ln for j, (ln, m) in enumerate(zip(lines, marks, strict=True))
            if not m and (keep is None or j in keep)]  # fmt: skip
    first = next((j for j, ln in enumerate(kept) if B._is_paragraph(ln)), None)
    pos = next(j for j, ln in enumerate(kept) if ln.index == hit.index)
    if first is not None and pos < first:
        return "trim:head", hit.text
    if B._is_promo(hit.text, hit.size):
        return "trim:promo", hit.text
    if any(len(ln.text) < 60 and B._STOP.match(ln.text) for ln in kept[:pos]):
        return "trim:end-marker", hit.text
    return "trim:tail", hit.text


def misses(data: Path, name: str, other: str = "trafilatura") -> list[dict]:
    """The tuning half's must-include snippets newssift misses and ``other`` finds."""
    pages = load_set(data, name, "tune")
    snips = page_snippets(name, pages)
    ours, theirs = _tool("newssift"), _tool(other)
    rows = []
    for p, ps in zip(pages, snips, strict=True):
        html = _gz(Path(p["path"]))
        mine = ours(html, p.get("url"))["text"]
        found = theirs(html, p.get("url")).get("text") or ""
        for k, s in enumerate(ps.include):
            if sn.found(s, mine) or not sn.found(s, found):
                continue
            where = "first" if k == 0 else "last" if k == len(ps.include) - 1 else "middle"
            why, line = ("empty", "") if not mine.strip() else cause(html, s)
            rows.append({"set": name, "id": p["id"], "paragraph": where, "cause": why,
                         "snippet": " ".join(s), "line": line})  # fmt: skip
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--data", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks")
    )
    ap.add_argument("--sets", default="aeb,naeb,dragnet,cleaneval")
    ap.add_argument("--other", default="trafilatura", help="the tool whose finds are compared")
    ap.add_argument("--out", default=None, help="every miss as a TSV row here")
    a = ap.parse_args()
    data = Path(a.data)
    if not (data / "extraction").is_dir():
        raise SystemExit(f"benchmark data not found under {data} (pass --data)")
    rows: list[dict] = []
    for name in a.sets.split(","):
        got = misses(data, name, a.other)
        rows += got
        by = Counter(r["cause"] for r in got)
        at = Counter(r["paragraph"] for r in got)
        print(f"{name}/tune: {len(got)} must-include snippets newssift misses and {a.other} "
              f"finds ({', '.join(f'{k} {v}' for k, v in sorted(at.items()))})")  # fmt: skip
        for c, n in by.most_common():
            print(f"  {c:18s} {n}")
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write("set\tid\tparagraph\tcause\tsnippet\tline\n")
            for r in rows:
                line = " ".join(r["line"].split())[:300]
                f.write(f"{r['set']}\t{r['id']}\t{r['paragraph']}\t{r['cause']}\t"
                        f"{r['snippet']}\t{line}\n")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
