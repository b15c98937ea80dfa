"""Which pages of an article set are news articles, judged from the set's ground truth only.

Why: aeb and naeb are "article extraction" sets, not "news article" sets: a few of their
pages are season calendars, event listings or deal lists whose labelled main content is a
handful of lines. The policy bench reports the whole-pipeline rejection rate both raw and
on the pages this criterion calls articles. The criterion reads only what the set itself
says a page's main content is (aeb ``articleBody``, naeb ``text``), never newssift's
output, so it cannot be bent towards what newssift keeps. It was written and committed
before it was run on any page (bench/article_criterion.md says the same in prose and
the order of the commits shows it); changing it means a new version name.

``article_by_truth/v1``. A news article tells its story in sentences. The body is split
into lines, each line into pieces after terminal punctuation (``. ! ? …`` and the CJK
``。！？``, with any closing quotes or brackets) followed by white space (after the CJK
marks, anywhere). A *sentence* is a piece that ends with terminal punctuation and holds
at least :data:`MIN_WORDS` words. Words are ``\\w+`` tokens; a token written in Han or
kana (no spaces between words) counts one word per two characters, rounded up. A page
is *not an article* when, first rule first:

- ``empty_truth``: its body has no word at all;
- ``under_two_sentences``: its body holds fewer than two sentences (a title and links,
  a calendar, a table, one line of event blurb);
- ``mostly_not_sentences``: fewer than half of its words are in sentences (a listing
  with an introduction: deal lists, rankings, schedules, tables of figures).

Otherwise it is an article. A news brief of two sentences, a market report whose
sentences are full of figures, a live blog whose entries are sentences: all articles.
The criterion can be wrong both ways (an article written as a bulleted list is
excluded; a page of aphorisms in full sentences is kept); every exclusion is listed by
id and reason in docs/bench/policy.md so a reader can check each one.

    python -m bench.article_criterion --data ../shared/benchmarks   # the excluded pages
"""

from __future__ import annotations

import argparse
import math
import re
from dataclasses import dataclass
from pathlib import Path

from bench._truth import aeb_truth, naeb_items

NAME = "article_by_truth/v1"
MIN_WORDS = 5
MIN_SENTENCES = 2
MIN_SENTENCE_SHARE = 0.5

_WORD = re.compile(r"\w+")
_HAN_KANA = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CLOSERS = "\"'”’»)]」』）"
# a cut: after Latin terminal punctuation (+ closers) before white space, or after a CJK
# mark (+ closers) anywhere
_CUT = re.compile(
    rf"[.!?…][{re.escape(_CLOSERS)}]*(?=\s)|[。！？][{re.escape(_CLOSERS)}]*"
)
_ENDS = re.compile(rf"[.!?…。！？][{re.escape(_CLOSERS)}]*\s*$")


@dataclass(frozen=True)
class Verdict:
    """What the criterion says of one page, and the two figures it read."""

    article: bool
    reason: str | None
    sentences: int
    sentence_share: float


def words(text: str) -> int:
    """Words in ``text``; a Han or kana token counts one word per two characters."""
    n = 0
    for tok in _WORD.findall(text):
        han = len(_HAN_KANA.findall(tok))
        if han:  # the Han/kana characters by pairs, the rest of the token as one word
            n += math.ceil(han / 2) + (1 if han < len(tok) else 0)
        else:
            n += 1
    return n


def pieces(text: str) -> list[str]:
    """Every line of ``text`` cut after terminal punctuation (empty pieces dropped)."""
    out = []
    for line in text.splitlines():
        start = 0
        for m in _CUT.finditer(line):
            out.append(line[start:m.end()].strip())
            start = m.end()
        out.append(line[start:].strip())
    return [p for p in out if p]


def judge(body: str | None) -> Verdict:
    """The criterion on one ground-truth body."""
    total = words(body or "")
    if total == 0:
        return Verdict(False, "empty_truth", 0, 0.0)
    sent = [p for p in pieces(body or "") if _ENDS.search(p) and words(p) >= MIN_WORDS]
    share = sum(words(s) for s in sent) / total
    if len(sent) < MIN_SENTENCES:
        return Verdict(False, "under_two_sentences", len(sent), share)
    if share < MIN_SENTENCE_SHARE:
        return Verdict(False, "mostly_not_sentences", len(sent), share)
    return Verdict(True, None, len(sent), share)


def truth(data: Path) -> list[tuple[str, str, str]]:
    """(set, page id as bench/policy.py names the HTML file, body) of every aeb and naeb page."""
    ext = data / "extraction"
    if not (ext / "aeb").is_dir() or not (ext / "naeb").is_dir():
        raise SystemExit(f"no aeb/naeb data under {ext}: pass --data pointing at shared/benchmarks")
    out = []
    aeb = aeb_truth(ext / "aeb", required=True)
    for k, v in sorted(aeb.items()):
        out.append(("aeb", f"aeb-{k[:16]}", v.get("articleBody") or ""))
    naeb = naeb_items(ext / "naeb", required=True)
    for x in naeb:
        out.append(("naeb", f"naeb-{x['id']}", x.get("text") or ""))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="../shared/benchmarks", type=Path)
    args = ap.parse_args()
    rows = [(s, i, judge(b)) for s, i, b in truth(args.data)]
    for set_, pid, v in rows:
        if not v.article:
            print(f"{set_}\t{pid}\t{v.reason}\t{v.sentences}\t{v.sentence_share:.2f}")
    n_out = sum(not v.article for *_, v in rows)
    print(f"# {NAME}: {n_out} of {len(rows)} pages are not articles")


if __name__ == "__main__":
    main()
