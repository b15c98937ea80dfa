"""A syndication benchmark: wire stories, their distorted copies, and hard negatives.

Why a generator: there is no public, licensed corpus of one wire story as it appears on
hundreds of sites with the ground truth of which copies belong together. So this script
builds one at run time from the article bodies of ``../shared/benchmarks/extraction/*``
(it ships no third-party text; bodies are read from that folder when it runs) and the
distortions content farms and syndication partners apply. Every distortion's strength
scales with one parameter, ``strength`` (1.0 is the default, the level the targets are
stated at; 0 gives exact copies plus chrome; 2.0 is twice as hard), so quality can be
reported against strength.

For each source story (one body):
- the original: on a wire agency's own site, dated day D, crediting the agency;
- ``copies`` copies, each with a new headline, dated D..D+3 on a copier's site, and each
  of these applied with its probability, at an intensity scaled by ``strength``:
  truncation (p=0.5; up to 35%·s of the paragraphs cut from the end), dropped paragraphs
  (p=0.5; each after the first with probability 0.15·s), reordered paragraphs (p=0.3;
  up to 2·s adjacent swaps), chrome lines (p=0.8; 1 to 1+4·s lines such as "Advertisement",
  share prompts, "Related:" links, a copyright line), light rewording (p=0.5; each word
  with a synonym in a small built-in table replaced with probability 0.3·s), and a
  translation round trip (p=0.3; 8%·s of the words dropped, swapped with a neighbour,
  re-inflected, or replaced);
- ``negatives`` different stories about the same event with the same named people: the
  body of another source with its proper names replaced by this story's names, and either
  one sentence (a shared quote) or the lede and background paragraphs (a follow-up;
  at most a seventh of the original's words shared) put in. They must not join the story's cluster.

Every document carries its true label (the story for the original and copies; a label of
its own for each negative) and whether it is the original. URLs carry the story's number,
so two stories never share one (two bodies opening with the same dateline made the same
slug, and a copy of each on one site at one URL, which dedup rightly joins).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from bench._truth import aeb_truth, naeb_items

DEFAULT_ROOT = Path(__file__).resolve().parents[1] / ".." / "shared" / "benchmarks" / "extraction"

_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_NAME = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})\b")
_SYNONYMS = {
    "said": "stated", "says": "states", "told": "informed", "big": "large", "large": "big",
    "small": "little", "show": "indicate", "showed": "indicated", "shows": "indicates",
    "buy": "purchase", "bought": "purchased", "help": "assist", "start": "begin",
    "started": "began", "began": "started", "end": "finish", "ended": "finished",
    "need": "require", "needs": "requires", "get": "obtain", "got": "received",
    "important": "significant", "people": "persons", "many": "numerous", "also": "additionally",
    "but": "however", "about": "around", "more": "additional", "new": "fresh",
    "company": "firm", "companies": "firms", "government": "administration",
    "officials": "authorities", "official": "authority", "plan": "proposal",
    "plans": "proposals", "week": "seven days", "expected": "anticipated", "fast": "quick",
    "quickly": "rapidly", "increase": "rise", "decrease": "decline", "use": "employ",
    "used": "employed", "try": "attempt", "tried": "attempted", "think": "believe",
    "thinks": "believes", "children": "kids", "job": "position", "jobs": "positions",
    "money": "funds", "country": "nation", "city": "town", "area": "region", "home": "house",
    "because": "since", "however": "but", "while": "whereas", "after": "following",
    "before": "prior to", "near": "close to", "enough": "sufficient", "whole": "entire",
}
_FUNCTION = {"the", "a", "an", "of", "to", "that", "in", "on", "at", "for", "is", "was"}
_CHROME_TOP = [
    "Advertisement", "Share this article", "Listen to this story", "Sign up for our newsletter",
    "Skip to content",
]
_CHROME_BOTTOM = [
    "Follow us on social media for the latest updates.",
    "Copyright {year} {site}. All rights reserved.",
    "Related: {headline}",
    "Read more: {headline}",
    "This story was originally published by a wire service and has been edited for length.",
    "Click here to subscribe to our daily briefing.",
    "Have a news tip? Contact our newsroom.",
]
AGENCY_SITES = [("AP", "apnews.com"), ("Reuters", "reuters.com"), ("AFP", "afp.com")]


@dataclass
class Doc:
    id: str
    text: str
    title: str
    date: str
    url: str
    site_name: str
    agency: str | None
    label: str  # true cluster
    original: bool = False
    ops: list[str] = field(default_factory=list)


def load_sources(root: str | Path = DEFAULT_ROOT, min_words: int = 150) -> list[str]:
    """Article bodies of the extraction benchmarks, in a fixed order (empty if missing)."""
    root = Path(root)
    bodies: list[str] = []
    data = aeb_truth(root / "aeb")
    bodies += [data[k]["articleBody"] for k in sorted(data)]
    bodies += [a["text"] for a in naeb_items(root / "naeb")]
    gt = root / "dragnet" / "gt"
    if gt.is_dir():
        bodies += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(gt.iterdir())]
    out, seen = [], set()
    for b in bodies:
        b = b.strip()
        key = " ".join(b.split()[:40]).lower()
        letters = [c for c in b if c.isalpha()]
        latin = sum(c.isascii() for c in letters) / max(1, len(letters))
        # English-like bodies only: names and sentences are found by capitals and stops
        if len(b.split()) >= min_words and latin > 0.97 and key not in seen:
            seen.add(key)
            out.append(b)
    return out


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a body; a body without line breaks is cut every three sentences."""
    paras = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    if len(paras) >= 4:
        return paras
    sents = _SENT.split(" ".join(paras))
    return [" ".join(sents[i : i + 3]) for i in range(0, len(sents), 3)]


def _headline(paras: list[str], rng: random.Random) -> str:
    words = paras[0].split()[: rng.randint(6, 11)]
    return " ".join(words).rstrip(",.;:")


def _new_headline(title: str, rng: random.Random) -> str:
    words = title.split()
    rng.shuffle(words)
    prefix = rng.choice(["", "UPDATE: ", "Breaking: ", "Report: ", "WATCH: "])
    return prefix + " ".join(words[: max(3, len(words) - rng.randint(0, 3))])


def _reword(para: str, rate: float, rng: random.Random) -> str:
    out = []
    for w in para.split():
        core = w.strip(".,;:!?\"'").lower()
        if core in _SYNONYMS and rng.random() < rate:
            w = w.lower().replace(core, _SYNONYMS[core])
        out.append(w)
    return " ".join(out)


def _round_trip(para: str, rate: float, rng: random.Random) -> str:
    words = para.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if rng.random() < rate:
            op = rng.random()
            if op < 0.3 and w.lower() in _FUNCTION:
                i += 1
                continue  # dropped article or preposition
            if op < 0.55 and i + 1 < len(words):
                out += [words[i + 1], w]  # word order of the other language
                i += 2
                continue
            if op < 0.8:
                w = w[:-1] if w.endswith("s") and len(w) > 3 else w + "s"  # inflection
            else:
                core = w.strip(".,;:!?\"'").lower()
                w = _SYNONYMS.get(core, w)
        out.append(w)
        i += 1
    return " ".join(out)


def _names(text: str) -> list[str]:
    counts: dict[str, int] = {}
    for m in _NAME.finditer(text):
        before = text[max(0, m.start() - 2) : m.start()]
        if m.start() == 0 or before.strip() in (".", "!", "?", "\"", "“") or "\n" in before:
            continue  # a capital at a sentence start says nothing
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    return [n for n, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _swap_names(text: str, target: list[str]) -> str:
    mine = _names(text)[: len(target)]
    mapping = dict(zip(mine, target, strict=False))
    if not mapping:
        return text
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in mine) + r")\b")
    return pattern.sub(lambda m: mapping.get(m.group(1), m.group(1)), text)


def make_copy(paras: list[str], title: str, strength: float, rng: random.Random,
              site: str) -> tuple[list[str], str, list[str]]:
    """One distorted copy of a story's paragraphs: (paragraphs, headline, ops applied)."""
    s = strength
    out = list(paras)
    ops = ["headline"]
    if rng.random() < 0.5 and len(out) > 2:
        cut = round(len(out) * rng.uniform(0, 0.35 * s))
        if cut:
            out = out[: max(2, len(out) - cut)]
            ops.append("truncate")
    if rng.random() < 0.5 and len(out) > 2:
        kept = [out[0]] + [p for p in out[1:] if rng.random() >= 0.15 * s]
        if len(kept) < len(out):
            out = kept
            ops.append("drop")
    if rng.random() < 0.3 and len(out) > 2:
        for _ in range(max(1, round(rng.uniform(0, 2 * s)))):
            j = rng.randrange(1, len(out) - 1)
            out[j], out[j + 1] = out[j + 1], out[j]
        ops.append("reorder")
    if rng.random() < 0.5 and s > 0:
        out = [_reword(p, 0.3 * s, rng) for p in out]
        ops.append("reword")
    if rng.random() < 0.3 and s > 0:
        out = [_round_trip(p, 0.08 * s, rng) for p in out]
        ops.append("round_trip")
    if rng.random() < 0.8:
        n = rng.randint(1, 1 + round(4 * s))
        headline = _new_headline(title, rng)
        for _ in range(n):
            if rng.random() < 0.4:
                out.insert(0, rng.choice(_CHROME_TOP))
            else:
                line = rng.choice(_CHROME_BOTTOM)
                out.append(line.format(year=2024, site=site, headline=headline))
        ops.append("chrome")
    return out, _new_headline(title, rng), ops


def distinct_sources(sources: list[str], max_similarity: float = 0.2) -> list[str]:
    """Drop every body that shares text with an earlier one (estimated Jaccard of word
    3-shingles above ``max_similarity``): the benchmark sets hold a few pages of one site
    sharing boilerplate, and such pairs would count as false positives of the clusterer."""
    import numpy as np

    from newssift.dedup.minhash import signatures

    sig, _ = signatures(sources, 128, 3, 12345)
    keep: list[int] = []
    for i in range(len(sources)):
        if keep:
            sims = (sig[keep] == sig[i]).mean(axis=1)
            if float(np.max(sims)) > max_similarity:
                continue
        keep.append(i)
    return [sources[i] for i in keep]


def generate(
    sources: list[str], *, strength: float = 1.0, copies: int = 5, negatives: int = 2,
    seed: int = 0, max_stories: int | None = None,
) -> list[Doc]:
    """The benchmark documents, in a seeded shuffled order (see module docstring).

    ``sources`` are split: one body per story, and ``negatives`` bodies per story kept
    apart as the material of its negatives, each used once, so a negative never shares
    text with another story than the one it imitates.
    """
    rng = random.Random(seed)
    per = 1 + negatives
    n = len(sources) // per if max_stories is None else min(max_stories, len(sources) // per)
    pool = sources[n:]
    docs: list[Doc] = []
    for s in range(n):
        paras = paragraphs(sources[s])
        if len(paras) < 2:
            continue
        title = _headline(paras, rng)
        agency, domain = AGENCY_SITES[s % len(AGENCY_SITES)]
        day = 1 + rng.randrange(300)
        date0 = f"2023-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}"
        label = f"story{s:05d}"
        slug = re.sub(r"\W+", "-", title.lower())[:40]
        docs.append(Doc(f"{label}-orig", "\n".join(paras), title, date0,
                        f"https://www.{domain}/article/{slug}-{s}", agency, agency, label, True,
                        ["original"]))
        for c in range(copies):
            site = f"site{rng.randrange(500):03d}.example"
            cp, headline, ops = make_copy(paras, title, strength, rng, site)
            d = int(date0[-2:]) + rng.randint(0, 3)
            date = f"{date0[:8]}{min(d, 28):02d}"
            docs.append(Doc(f"{label}-copy{c}", "\n".join(cp), headline, date,
                            f"https://{site}/news/{slug}-{s}-{c}", site, agency, label, False,
                            ops))
        names = _names(sources[s])[:6]
        for k in range(negatives):
            other = pool[s * negatives + k]
            body = paragraphs(_swap_names(other, names))[:12]
            budget = max(30, sum(len(p.split()) for p in paras) // 7)  # shared words
            if k % 2 == 0:  # same people, one shared quote
                sents = [x for x in _SENT.split(" ".join(paras)) if len(x.split()) <= 60]
                quote = rng.choice(sents) if sents else " ".join(paras[0].split()[:40])
                body.insert(min(2, len(body)), quote)
                kind = "same_people"
            else:  # follow-up: the lede and some background of the original, new story
                lede = " ".join(paras[0].split()[:60])
                share, used = [], len(lede.split())
                for p in paras[1:]:
                    if rng.random() < 0.3 and used + len(p.split()) <= budget:
                        share.append(p)
                        used += len(p.split())
                body = [lede, *body, *share]
                kind = "follow_up"
            docs.append(Doc(f"{label}-neg{k}", "\n".join(body), _new_headline(title, rng), date0,
                            f"https://other{rng.randrange(200):03d}.example/{slug}-{s}-n{k}",
                            "Other", None, f"{label}-neg{k}", False, [kind]))
    rng.shuffle(docs)
    return docs


def pair_scores(true: list[str], pred: list[str]) -> tuple[float, float, int, int, int]:
    """Pair precision and recall of a clustering: (P, R, true pairs, predicted, correct)."""
    def pairs(counts: dict) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    both: dict[tuple[str, str], int] = {}
    t: dict[str, int] = {}
    p: dict[str, int] = {}
    for a, b in zip(true, pred, strict=True):
        both[(a, b)] = both.get((a, b), 0) + 1
        t[a] = t.get(a, 0) + 1
        p[b] = p.get(b, 0) + 1
    tp, tt, pp = pairs(both), pairs(t), pairs(p)
    return (tp / pp if pp else 1.0), (tp / tt if tt else 1.0), tt, pp, tp


if __name__ == "__main__":  # a peek at what the generator makes
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=str(DEFAULT_ROOT))
    ap.add_argument("--strength", type=float, default=1.0)
    ap.add_argument("--stories", type=int, default=2)
    args = ap.parse_args()
    src = distinct_sources(load_sources(args.root))
    for d in sorted(generate(src, strength=args.strength, max_stories=args.stories),
                    key=lambda d: d.id):
        print(f"== {d.id} [{', '.join(d.ops)}] {d.date} {d.url}\n{d.text[:600]}\n")
