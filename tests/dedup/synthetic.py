"""Small synthetic runs (OUT/kept parts) written by the tests themselves."""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow.parquet as pq

from newssift.record import SCHEMA, Document, NewsParts, to_arrow

_WORDS = (
    "harbour", "council", "ferry", "pier", "repairs", "engineers", "weekend", "spokeswoman",
    "terminal", "commuters", "detour", "bridge", "budget", "vote", "minister", "school",
    "teachers", "strike", "hospital", "nurses", "wages", "river", "flood", "warning", "rain",
    "storm", "farmers", "harvest", "prices", "market", "shares", "bank", "rates", "inflation",
    "railway", "station", "timetable", "delays", "police", "court", "judge", "appeal", "trial",
    "witness", "museum", "exhibition", "painting", "collection", "festival", "music", "crowd",
    "stadium", "match", "coach", "season", "goal", "election", "candidate", "campaign",
    "ballot", "mayor", "district", "housing", "rent", "tenants", "landlord", "factory",
    "workers", "union", "contract", "energy", "grid", "solar", "wind", "turbine", "coast",
    "island", "fishing",
)


def story(seed: int, paragraphs: int = 6) -> str:
    """A synthetic news story: ``paragraphs`` lines of seeded random words."""
    rng = random.Random(seed)
    lines = []
    for _ in range(paragraphs):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(25, 40))]
        lines.append(" ".join(words).capitalize() + ".")
    return "\n".join(lines)


def copy_of(text: str, seed: int, noise: float = 0.04) -> str:
    """A syndicated copy: one chrome line added, a few words swapped."""
    rng = random.Random(seed)
    lines = text.split("\n")
    out = []
    for line in lines:
        words = [w if rng.random() > noise else rng.choice(_WORDS) for w in line.split()]
        out.append(" ".join(words))
    out.append("Follow us for more local news.")
    return "\n".join(out)


def doc(i: str, text: str, **kw) -> Document:
    agency = kw.pop("agency", None)
    d = Document(id=i, source="fixture", text=text, **kw)
    if agency:
        d.news = NewsParts(dateline_agency=agency)
    return d


def write_run(out: Path, parts: dict[str, list[Document]], fmt: str = "parquet",
              folder: str = "kept") -> Path:
    """Write ``OUT/<folder>/part-<name>.<fmt>`` files as the runner would."""
    kept = out / folder
    kept.mkdir(parents=True, exist_ok=True)
    for name, docs in parts.items():
        path = kept / f"part-{name}.{fmt}"
        if fmt == "parquet":
            pq.write_table(to_arrow(docs), path, compression="zstd")
        else:
            import json

            path.write_text("".join(json.dumps(d.to_dict()) + "\n" for d in docs))
    assert to_arrow([]).schema.equals(SCHEMA)
    return out


def corpus(n_stories: int = 12, copies: int = 4) -> list[Document]:
    """Stories with copies; story ``s`` copy ``c`` has id ``s{s:03d}-c{c}``."""
    docs = []
    for s in range(n_stories):
        base = story(s)
        for c in range(copies):
            text = base if c == 0 else copy_of(base, 1000 * s + c)
            docs.append(doc(f"s{s:03d}-c{c}", text, url=f"https://site{c}.example/{s}",
                            date=f"2024-03-{10 + c:02d}"))
    return docs
