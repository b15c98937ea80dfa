"""Runs the viewer tests look at: a real run of the bundled examples, and a run written
with hostile content in every field."""

from __future__ import annotations

import json
from pathlib import Path

from newssift.execute.local import run
from newssift.io.writers import PartWriter
from newssift.record import Document, Flag, NewsParts, Quote, RemovedLine

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

#: Markup that must come out as text wherever it is shown.
EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'><b onmouseover=alert(3)>&'


def example_run(out: Path) -> Path:
    run([str(EXAMPLES)], out, workers=1, progress=False, write_html=True)
    return out


def hostile_run(out: Path) -> Path:
    """Two documents (a canonical and its copy in one cluster) with markup in every text
    field, a ``javascript:`` URL, and an unclosed tag in the kept HTML."""
    def doc(i: int) -> Document:
        return Document(
            id=f"evil{i}{EVIL}", source=f"in{EVIL}.warc", source_offset=7 * i,
            url="javascript:alert(4)" if i == 0 else f"https://x.example/{EVIL}",
            fetch_date=EVIL, html=f"<html><body onload=alert(5)><script>alert(6)</script><p {EVIL}",
            text=f"First line {EVIL}\nSecond <iframe src=javascript:alert(7)> line {i}",
            title=EVIL, date=EVIL, authors=[EVIL], site_name=f"site{EVIL}", language=EVIL,
            canonical_url="javascript:alert(8)", description=EVIL,
            removed=[RemovedLine(1, EVIL, f"reason{EVIL}", 0.5)],
            news=NewsParts(dateline_place=EVIL, agencies=[EVIL], credits=EVIL, byline=EVIL,
                           quotes=[Quote(EVIL, EVIL, 0, 5)]),
            scores={f"score{EVIL}": 0.5, "content_farm": 0.1 * i},
            flags=[Flag(f"flag{EVIL}", f"rule{EVIL}", 1.0, 0.5, 0, 0, 10, EVIL),
                   Flag("decision", "content_farm/v1", 0.9, 0.5, text=EVIL)],
            decision="keep" if i == 0 else "reject", reason=None if i == 0 else f"r{EVIL}",
            error=EVIL, cluster_id=f"c{EVIL}", canonical_id=f"evil0{EVIL}",
            canonical_similarity=1.0 if i == 0 else 0.7, canonical_reason=EVIL,
        )

    with PartWriter(out, "000000-evil", write_html=True) as w:
        w.write(doc(0))
        w.write(doc(1))
    (out / "stats.json").write_text(json.dumps({"documents": {EVIL: 1}, "config": {}}))
    return out
