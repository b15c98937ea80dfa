"""Copies with moved paragraphs: pair recall and precision of the anchor alignment with and
without its tiled fallback (``DedupOptions.anchor_tiling``, ``anchor_alignment/v3``).

The translation and round-trip sets of :mod:`bench.provenance` (WMT German/English, the
same years' English originals and 1000 extraction bodies as other news), with the
machine copies' paragraphs moved: in every DeepL and Google translation (translations) or
DeepL round trip (round trips) of four paragraphs or more (``syndication.paragraphs``: a
WMT document has no line breaks, so three sentences a paragraph), one to three
paragraphs are taken out and put back at another place, with a fixed seed. The human
translation / the English original keeps its order, so every true pair of a story
involves at least one moved copy (the DeepL-Google pair two). Pair precision is over all
the documents: a false link joins two stories or a story and a distractor.

Usage: python -m bench.copies --shared ../shared [--split tune|held_out] [--seed 0]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import time
from pathlib import Path

from bench import dedup as dedup_bench
from bench import provenance, syndication
from newssift.dedup import DedupOptions

MOVED_KINDS = {"translations": ("deepl", "google"), "round_trips": ("rt",)}


def move_paragraphs(text: str, rng: random.Random) -> tuple[str, int]:
    """The text with one to three of its paragraphs moved to other places, and how many
    were moved (0 when it has fewer than four paragraphs: left as it is)."""
    paras = syndication.paragraphs(text)
    if len(paras) < 4:
        return text, 0
    k = rng.randint(1, 3)
    for _ in range(k):
        p = paras.pop(rng.randrange(len(paras)))
        at = rng.randrange(len(paras) + 1)
        paras.insert(at, p)
    return "\n".join(paras), k


def moved_set(shared: Path, src: list[str], kind: str, split: str, seed: int
              ) -> tuple[list[dict], list[dict], dict]:
    """(documents as published, documents with moved paragraphs, counts)."""
    years = provenance.TUNE_YEARS if split == "tune" else provenance.HELD_YEARS
    if kind == "round_trips" and split == "tune":
        years = years[1:]
    docs, skipped = provenance.translation_sets(shared, years, kind)
    docs += provenance._distractors(src, 1000)
    rng = random.Random(seed)
    moved, n_moved, n_left = [], 0, 0
    for d in docs:
        if d["id"].rsplit("-", 1)[-1] in MOVED_KINDS[kind]:
            text, k = move_paragraphs(d["text"], rng)
            n_moved += k > 0
            n_left += k == 0
            d = {**d, "text": text}
        moved.append(d)
    return docs, moved, {"years": list(years), "skipped": skipped, "copies_moved": n_moved,
                         "copies_too_short": n_left}


#: Shared closing paragraphs (written for this bench) that unrelated pages of one
#: publisher all carry: boilerplate the verbatim path must not link them on.
BOILERPLATE = (
    "Sign up for the Morning Briefing newsletter to receive the day's most important "
    "stories from Washington, London, Berlin and Tokyo in your inbox every weekday at "
    "6 a.m., together with analysis from our correspondents and editors.",
    "Copyright 2024 Harbour Media Group. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed without written permission from "
    "the Harbour Media Group licensing department in Rotterdam.",
    "Readers can contact the newsroom with corrections, complaints and suggestions through "
    "the Reader Services desk, which answers messages between Monday and Friday; "
    "complaints about accuracy are reviewed by the Standards Editor, Margaret Ellison.",
)


def excerpt_sets(src: list[str], seed: int, n: int = 300) -> tuple[list[dict], list[dict], dict]:
    """Verbatim excerpts and boilerplate-sharing pages (see :func:`main`)."""
    rng = random.Random(seed)
    bodies = [b for b in src if len(syndication.paragraphs(b)) >= 6]
    origs, rest = bodies[:n], bodies[n:]
    docs = []
    for i, body in enumerate(origs):
        paras = syndication.paragraphs(body)
        keep = sorted(rng.sample(range(1, len(paras)), 2))
        docs.append({"id": f"orig{i:04d}", "text": "\n".join(paras), "label": f"s{i:04d}"})
        excerpt = "\n".join([paras[0]] + [paras[k] for k in keep])
        docs.append({"id": f"excerpt{i:04d}", "text": excerpt, "label": f"s{i:04d}"})
    docs += [{"id": f"news{i:05d}", "text": t, "label": f"news{i:05d}"}
             for i, t in enumerate(rest[:1000])]
    pages = []
    for i, body in enumerate(rest[1000:1000 + 3 * n]):
        paras = syndication.paragraphs(body)[:rng.randint(3, 8)]
        pages.append({"id": f"page{i:04d}", "text": "\n".join([*paras, BOILERPLATE[i % 3]]),
                      "label": f"page{i:04d}"})
    return docs, pages, {"excerpts": len(origs), "boilerplate_pages": len(pages)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parent.parent.parent
                                            / "shared"))
    ap.add_argument("--split", default="tune", choices=("tune", "held_out"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--kinds", default="translations,round_trips")
    args = ap.parse_args()
    shared = Path(args.shared)
    src = dedup_bench.sources(str(shared / "benchmarks" / "extraction"))
    v3 = DedupOptions()
    v2 = dataclasses.replace(v3, anchor_tiling=False, anchor_verbatim_min=0)
    verbatim = dataclasses.replace(v3, anchor_verbatim_min=30)
    res = {}
    if "excerpts" in args.kinds:
        docs, pages, info = excerpt_sets(src, args.seed)
        from newssift.dedup import anchors
        seqs = [anchors.sequence(h) for h in anchors.anchor_hashes(
            [d["text"] for d in docs if d["id"].startswith("excerpt")])[0]]
        info["excerpt_anchors_30_59"] = sum(30 <= len(x) < 60 for x in seqs)
        rows = {}
        for name, ds in (("excerpts", docs), ("boilerplate pages", pages)):
            for label, opt in (("v2", v2), ("v3", v3), ("v3 + verbatim path at 30", verbatim)):
                rows[f"{name} {label}"] = provenance.score_set(ds, opt)
                print("excerpts", name, label, rows[f"{name} {label}"], file=sys.stderr)
        res["excerpts"] = {**info, **rows}
    for kind in [k for k in args.kinds.split(",") if k in MOVED_KINDS]:
        docs, moved, info = moved_set(shared, src, kind, args.split, args.seed)
        rows = {}
        for name, ds in (("as published", docs), ("moved", moved)):
            for label, opt in (("v2", v2), ("v3", v3)):
                t = time.process_time()
                rows[f"{name} {label}"] = {**provenance.score_set(ds, opt),
                                           "cpu": time.process_time() - t}
                print(kind, name, label, rows[f"{name} {label}"], file=sys.stderr)
        res[kind] = {**info, **rows}
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
