"""Benchmark: direct quotes and their speakers in our own annotations of aeb/naeb news.

PolNeAR (bench/quotes.py) is one corpus: seven US publishers of 2015-16, so rules fitted to
its train folds learn its house style and move its dev split by a quote or two. This second
set is real news by other outlets (48 English articles of the licence-clean aeb, MIT, and
naeb, Apache-2.0, truth texts: politics, courts, business, sport, culture; chosen by counting
quotation marks), annotated by hand in session 20 (q24) before newssift was run on them.

``bench/data/quotes_own.json`` holds only what we wrote: per page (``aeb/<key>`` or
``naeb/<id>``) its site, its part and its quotes, each as the character offset and length of
the quoted span in the truth text, a short SHA-1 of that span (the loader checks it, so a
changed truth file fails loudly instead of scoring the wrong words), the speaker as the text
names them (the fullest name mention, as PolNeAR's Source is scored: a shared word counts;
a described speaker such as "the statement" or "a source close to him" is kept as written;
``null`` when the text names no one), and ``fragment``: the quote sits inside a sentence that
opens before it ('said the proposal "makes absolutely no sense."'), which PolNeAR would not
count as a direct quote (its Content opens before the mark). Titles, slogans, lyrics, signs
and headlines in quotation marks were left out.

Parts: ``tune`` when CRC-32 of the site name is even, ``held`` when odd (fixed before any
output was seen). Rules may be developed on ``tune`` misses; ``held`` is scored as totals
only (``--misses`` refuses it).

Scored as bench/quotes.py scores PolNeAR: *found* = token Jaccard ≥ 0.5 with a predicted
quote (or the union of predicted quotes overlapping the span); *speaker right* = the
predicted speaker (or the mention a role was read from) shares a word with the annotated
name, stop words aside; a ``null`` speaker is right when newssift gives none.

Usage::

    python -m bench.quotes_own ../shared/benchmarks/extraction            # both parts, totals
    python -m bench.quotes_own ../shared/benchmarks/extraction --part tune --misses FILE
"""

from __future__ import annotations

import argparse
import hashlib
import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from bench._truth import aeb_truth, naeb_items
from bench.intervals import ratio_interval
from bench.quotes import Span, _match, _mention, speaker_right
from newssift.news.parts import parse_news

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data" / "quotes_own.json"


def part_of(site: str) -> str:
    """The fixed split rule: a site's pages are all tune or all held."""
    return "tune" if zlib.crc32(site.encode()) % 2 == 0 else "held"


def span_hash(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:10]


@dataclass
class Gold:
    start: int
    end: int
    text: str
    speaker: str | None
    fragment: bool


@dataclass
class Page:
    key: str
    site: str
    part: str
    text: str
    quotes: list[Gold] = field(default_factory=list)
    round: int = 1  # 4: annotated after every rule so far (session 21); 1-3 are session 20's


def _texts(extraction: Path) -> dict[str, str]:
    out = {f"aeb/{k}": v.get("articleBody") or "" for k, v in aeb_truth(extraction / "aeb").items()}
    out.update({f"naeb/{x['id']}": x.get("text") or "" for x in naeb_items(extraction / "naeb")})
    return out


def load(extraction: Path, data: Path = DATA) -> list[Page]:
    """The annotated pages with their truth texts; raises ValueError when a span's text no
    longer hashes as annotated (the truth file changed under the annotations)."""
    texts = _texts(extraction)
    pages = []
    for key, rec in json.loads(data.read_text(encoding="utf-8")).items():
        if key not in texts:
            raise ValueError(f"{key}: no truth text")
        t = texts[key]
        page = Page(key, rec["site"], rec["part"], t, round=rec.get("round", 1))
        if page.part != part_of(page.site):
            raise ValueError(f"{key}: part {page.part} breaks the split rule")
        for q in rec["quotes"]:
            s, e = q["at"], q["at"] + q["len"]
            if span_hash(t[s:e]) != q["sha1"]:
                raise ValueError(f"{key}: the span at {s} is not the annotated quote")
            page.quotes.append(Gold(s, e, t[s:e], q["speaker"], q["fragment"]))
        page.quotes = _runs(t, page.quotes)
        pages.append(page)
    return pages


_CLOSERS = "\"”’»'"


def _runs(text: str, quotes: list[Gold]) -> list[Gold]:
    """Quotes that run over paragraphs as one: a paragraph's quote left open (no closing
    mark) and the next paragraph's quote that opens right after it, by the same speaker,
    are one quote, as PolNeAR annotates one Content span over them (the annotation file
    keeps each paragraph's part)."""
    out: list[Gold] = []
    for g in quotes:
        prev = out[-1] if out else None
        if (prev is not None and prev.text.rstrip()[-1:] not in _CLOSERS
                and not text[prev.end:g.start].strip() and "\n" in text[prev.end:g.start]
                and prev.speaker == g.speaker):
            # (the run keeps its first part's kind: a fragment that runs on into a quoted
            # paragraph is still one inside a sentence)
            out[-1] = Gold(prev.start, g.end, text[prev.start:g.end], g.speaker, prev.fragment)
        else:
            out.append(g)
    return out


def _row() -> dict[str, int]:
    return {"gold": 0, "found": 0, "scored": 0, "right": 0}


def score(pages: list[Page], parse=parse_news) -> dict:
    """Found and speaker-right counts for whole quotes, fragments and no-speaker quotes."""
    rows = {"quotes": _row(), "fragments": _row(), "no speaker": _row()}
    misses: list[dict] = []
    per_page: list[tuple[int, int]] = []  # (right, scored) whole quotes: the interval's units
    for page in pages:
        right_before, scored_before = rows["quotes"]["right"], rows["quotes"]["scored"]
        per_page.append((0, 0))
        preds = parse(page.text).quotes
        for g in page.quotes:
            row = rows["no speaker" if g.speaker is None else
                       "fragments" if g.fragment else "quotes"]
            row["gold"] += 1
            j, q = _match(Span("Content", g.start, g.end, g.text), preds)
            if j < 0.5:
                misses.append({"page": page.key, "kind": "not found", "at": g.start,
                               "gold": g.text[:160]})
                continue
            row["found"] += 1
            row["scored"] += 1
            if g.speaker is None:
                ok = not q.speaker
            else:
                ok = speaker_right(q.speaker, g.speaker) or speaker_right(
                    _mention(page.text, q), g.speaker)
            row["right"] += ok
            if not ok:
                misses.append({"page": page.key, "kind": "speaker", "at": g.start,
                               "gold": g.speaker, "pred": q.speaker,
                               "how": getattr(q, "resolution", None), "fragment": g.fragment,
                               "quote": q.text[:100],
                               "context": page.text[max(0, g.start - 400):g.end + 160]})
        per_page[-1] = (rows["quotes"]["right"] - right_before,
                        rows["quotes"]["scored"] - scored_before)
    rows["quotes"]["ci"] = list(ratio_interval([r for r, _ in per_page],
                                               [n for _, n in per_page]))
    return {"pages": len(pages), **rows, "misses": misses}


def _line(name: str, r: dict[str, int]) -> str:
    f = r["found"] / r["gold"] if r["gold"] else 0.0
    s = r["right"] / r["scored"] if r["scored"] else 0.0
    ci = f"  95% {r['ci'][0]:.3f}–{r['ci'][1]:.3f}" if "ci" in r else ""
    return (f"  {name:11s} gold {r['gold']:4d}  found {r['found']:4d} ({f:.3f})  "
            f"speaker right {r['right']:4d}/{r['scored']:<4d} ({s:.3f}){ci}")


#: the rows printed: name, title, which pages
GROUPS = {
    "tune": ("tune (rounds 1-3)", lambda p: p.part == "tune" and p.round < 4),
    "held": ("held (rounds 1-3)", lambda p: p.part == "held" and p.round < 4),
    # (round 4 was annotated after every rule of sessions up to 20 and scored before any
    # of session 21's; its tune part was read for session 21's rules, its held part never)
    "round4": ("round 4 (annotated after every rule to session 20; held part never read)",
               lambda p: p.round == 4),
    "round4-tune": ("round 4, tune part", lambda p: p.round == 4 and p.part == "tune"),
    "round4-held": ("round 4, held part", lambda p: p.round == 4 and p.part == "held"),
    "held+round4": ("held + round 4's held part", lambda p: p.part == "held"),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("extraction", type=Path, help="shared/benchmarks/extraction")
    ap.add_argument("--part", choices=("tune", "held", "both"), default="both",
                    help="both: every row of GROUPS; tune or held: that part's pages of "
                         "every round")
    ap.add_argument("--misses", type=Path,
                    help="write the tune part's misses, every round (JSON lines)")
    ap.add_argument("--json", action="store_true", help="print the totals as JSON")
    a = ap.parse_args()
    if a.misses and a.part != "tune":
        ap.error("--misses reads the tune part only (the held part is scored as totals)")
    pages = load(a.extraction)
    if a.part == "both":
        groups = {k: v for k, v in GROUPS.items()}
    else:
        groups = {a.part: (f"{a.part} (every round)", lambda p: p.part == a.part)}
    out = {}
    for name, (title, keep) in groups.items():
        res = score([p for p in pages if keep(p)])
        misses = res.pop("misses")
        out[name] = res
        if a.misses:
            with open(a.misses, "w", encoding="utf-8") as fh:
                for m in misses:
                    fh.write(json.dumps(m, ensure_ascii=False) + "\n")
        if not a.json:
            print(f"{title}: {res['pages']} pages")
            for row in ("quotes", "fragments", "no speaker"):
                print(_line(row, res[row]))
    if a.json:
        print(json.dumps(out))


if __name__ == "__main__":
    main()
