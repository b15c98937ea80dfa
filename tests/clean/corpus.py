"""Real line documents for the cleaner's equality tests (a compiled or faster path against
its reference): the repository's fixtures and farm set, and when ../shared is there every
tenth aeb and naeb page as newssift extracts it; each text split into repaired, normalised,
non-empty lines."""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

from newssift.clean.repair import normalise_line, repair
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[2]


@lru_cache(maxsize=1)
def _real_docs() -> tuple[tuple[str, ...], ...]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("tests/*/fixtures/*.txt"))]
    texts += [p.read_text(encoding="utf-8")
              for p in sorted((ROOT / "bench" / "data" / "farm_set").glob("*/*.txt"))]
    if SHARED is not None:
        from newssift.extract.article import extract

        ext = SHARED / "benchmarks" / "extraction"
        pages = sorted(ext.glob("aeb/html/*.html.gz")) + sorted(ext.glob("naeb/html/*.html.gz"))
        for p in pages[::10]:
            texts.append(extract(gzip.decompress(p.read_bytes()).decode("utf-8", "replace")).text)
    return tuple(tuple(x for x in (normalise_line(repair(line)) for line in t.splitlines()) if x)
                 for t in texts)


def real_docs() -> list[list[str]]:
    """The documents, as fresh lists a test may change."""
    return [list(doc) for doc in _real_docs()]
