"""Assemble docs/benchmarks.md from the per-bench fragments in docs/bench/.

Each bench script writes its latest table and command to its own fragment, so benches run
at different times never overwrite each other's numbers; this script joins them, in pipeline
order, with each fragment's headings moved one level down.
"""

from __future__ import annotations

from pathlib import Path

from bench.fragment import MARKER

ORDER = ["pipeline", "throughput", "memory", "reliability", "fuzz", "parser_guard", "extraction",
         "cleaning", "quotes", "language", "quality", "policy", "assessment", "mt", "dedup",
         "provenance", "copies", "viewer", "ray", "fsspec"]
HEAD = """# Benchmarks

The latest measured tables, one section per bench script in `bench/`, each with the command
that made it. The machine: 2 cores, 24 GB, shared with other jobs during most runs, so each
script runs newssift and the anchor tools side by side in one run and ratios are the numbers to
read. Regenerate this page with `python -m bench.assemble_docs` after a bench has refreshed
its fragment in `docs/bench/`.

"""


def section(fragment: str) -> str:
    """One fragment as a section of the page: headings one level down, the notes marker out."""
    lines = [line for line in fragment.strip().splitlines() if line.strip() != MARKER]
    lines = ["#" + line if line.startswith("#") else line for line in lines]
    return "\n".join(lines) + "\n\n"


def main() -> None:
    root = Path(__file__).resolve().parent.parent / "docs"
    parts = [HEAD]
    names = [n for n in ORDER if (root / "bench" / f"{n}.md").exists()]
    names += sorted(p.stem for p in (root / "bench").glob("*.md")
                    if p.stem not in ORDER and p.stem != "README")
    for name in names:
        parts.append(section((root / "bench" / f"{name}.md").read_text()))
    (root / "benchmarks.md").write_text("".join(parts).rstrip() + "\n")


if __name__ == "__main__":
    main()
