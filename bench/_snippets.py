"""The snippet metric: must-include and must-exclude snippets per page, as held-back sets score.

The shingle (AEB) metric barely notices a lost first or last paragraph: a 400-word article
missing its 30-word lead-in keeps 93% recall. Held-back evaluations built from hand-picked
segments (a few must-include snippets, mostly at the start and the end of the article, and
a few must-exclude ones from the page's boilerplate next to it) lose a whole snippet for the
same cut. This module derives such snippets from each page's ground truth, deterministically,
so the bench can report both measures side by side.

Must-include: from the truth's paragraphs (its lines) of at least 6 ``\\w+`` words, one
snippet from the first, one from the last and one from a paragraph between them, each a run
of 6-10 consecutive words inside that paragraph. The paragraph between, the run's length and
its start are drawn from the SHA-1 of the page id and the paragraph's place, never from a
random state, so a page gets the same snippets in every run and on every machine.

The headline is neither: a truth paragraph whose words are a run of the page's ``<title>``,
``og:title``/``twitter:title``/``<meta name="title">`` or an ``<h1>`` is not drawn from,
and a page line that is such a run is not a must-exclude. Some sets' truth opens with the
headline (dragnet's, cleaneval's), others' leave it out (aeb's, naeb's), and extractors put
it in their text or beside it (newssift's ``title``): a headline snippet would score that
convention, not the body.

Must-exclude: lines of the page's whole visible text with at least 5 words none of whose
4-word shingles occur in the truth (casefolded), up to 2 a page, the same run length. The
visible text is resiliparse's ``extract_plain_text(main_content=False)``: a renderer none of
the compared tools' extraction decisions shape (newssift parses with lexbor too, but through
its own walk; resiliparse's main-content mode is off), which puts each block element on its
own line, joins inline text as a browser lays it out and skips script, style and hidden
elements. The draw favours the hard lines, the ones where extractors err: the lines inside
the article's span on the page (from the first to the last line that is mostly truth) and
the 3 nearest above and below it; a page whose truth is not found among its lines draws
from all of them.

Matching: a snippet's casefolded ``\\w+`` token sequence occurs contiguously in the tool's
output tokens. Scoring follows the confusion matrix of trafilatura's evaluation, summed over
the pages: TP = must-include found, FN = must-include missing, FP = must-exclude found,
TN = must-exclude absent; precision TP/(TP+FP), recall TP/(TP+FN), F1 2TP/(2TP+FP+FN),
accuracy (TP+TN)/all. A crashed tool's page counts as empty output.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
MIN_PARAGRAPH = 6  # words in a truth paragraph a must-include snippet is drawn from
MIN_LINE = 5  # words in a page line a must-exclude snippet is drawn from
RUN = (6, 10)  # a snippet's length in words, drawn in this range (capped by its source)
EXCLUDES = 2  # must-exclude snippets a page at most
NEAR = 3  # lines above and below the article's span the must-exclude draw looks at

Snippet = tuple[str, ...]


def tokens(text: str | None) -> list[str]:
    """Casefolded ``\\w+`` tokens of a text."""
    return [t.casefold() for t in _TOKEN.findall(text or "")]


def _draw(key: str, n: int) -> int:
    """A number in [0, n) from the SHA-1 of ``key``: the same for a key in every run."""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:12], 16) % n if n > 1 else 0


def _run(words: list[str], key: str) -> Snippet:
    """A run of 6-10 consecutive words from inside ``words`` (all of them when shorter)."""
    size = min(len(words), RUN[0] + _draw(key + "\0len", RUN[1] - RUN[0] + 1))
    start = _draw(key + "\0start", len(words) - size + 1)
    return tuple(words[start : start + size])


def _shingles(words: list[str], n: int = 4) -> set[Snippet]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _within(words: list[str], heads: list[list[str]]) -> bool:
    """``words`` are a contiguous run of one of ``heads`` (the page's headlines)."""
    return any(found(tuple(words), h) for h in heads)


def include_snippets(
    page_id: str, truth: str, heads: list[list[str]] | None = None
) -> list[Snippet]:
    """Must-include snippets of a page: from its first, a middle and its last truth paragraph
    of at least 6 words (fewer when the truth has fewer such paragraphs), none a run of one
    of ``heads`` (the headline's tokens, :func:`headlines`)."""
    paras = [
        w
        for w in (tokens(line) for line in truth.splitlines())
        if len(w) >= MIN_PARAGRAPH and not (heads and _within(w, heads))
    ]
    if not paras:
        return []
    picks = [0]
    if len(paras) > 2:
        picks.append(1 + _draw(f"{page_id}\0middle", len(paras) - 2))
    if len(paras) > 1:
        picks.append(len(paras) - 1)
    out: list[Snippet] = []
    for k in picks:
        snip = _run(paras[k], f"{page_id}\0include\0{k}")
        if snip not in out:
            out.append(snip)
    return out


def exclude_snippets(
    page_id: str, truth: str, visible: str, heads: list[list[str]] | None = None
) -> list[Snippet]:
    """Must-exclude snippets of a page: up to 2 runs from its visible text's lines of at least
    5 words that share no 4-word shingle with the truth and are no run of a headline
    (``heads``), drawn among the lines inside and next to the article's span on the page."""
    truth_sh = _shingles(tokens(truth))
    lines = [tokens(line) for line in visible.splitlines()]
    lines = [w for w in lines if w]
    # the article's span: lines of 4+ words at least half of whose shingles are truth's
    art = [
        i
        for i, w in enumerate(lines)
        if len(w) >= 4 and 2 * len(_shingles(w) & truth_sh) >= len(_shingles(w))
    ]
    cands = [
        i
        for i, w in enumerate(lines)
        if len(w) >= MIN_LINE
        and not (_shingles(w) & truth_sh)
        and not (heads and _within(w, heads))
    ]
    if art:
        lo, hi = art[0], art[-1]
        above = [i for i in cands if i < lo][-NEAR:]
        below = [i for i in cands if i > hi][:NEAR]
        cands = above + [i for i in cands if lo < i < hi] + below
    keyed = sorted(
        cands, key=lambda i: hashlib.sha1(f"{page_id}\0exclude\0{i}".encode()).hexdigest()
    )
    out: list[Snippet] = []
    for i in keyed:
        snip = _run(lines[i], f"{page_id}\0exclude\0{i}")
        if snip not in out:
            out.append(snip)
        if len(out) == EXCLUDES:
            break
    return out


def _tree(html: bytes):
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding
    from resiliparse.parse.html import HTMLTree

    return HTMLTree.parse(bytes_to_str(html, detect_encoding(html)))


def visible_text(html: bytes, tree=None) -> str:
    """The page's whole visible text, one block element a line (resiliparse, main content
    off: see the module docstring for why this renderer)."""
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(
        tree or _tree(html), main_content=False, alt_texts=False, links=False, form_fields=False
    )


_TITLE_METAS = 'meta[property="og:title"], meta[name="twitter:title"], meta[name="title"]'


def headlines(html: bytes, tree=None) -> list[list[str]]:
    """The page's headline texts as tokens: its ``<title>``, title metas and ``<h1>``s (parsed
    by resiliparse, as :func:`visible_text` is)."""
    tree = tree or _tree(html)
    texts = [tree.title or ""]
    if tree.document is not None:
        metas = tree.document.query_selector_all(_TITLE_METAS)
        texts += [e.getattr("content") or "" for e in metas]
    if tree.body is not None:
        texts += [e.text for e in tree.body.query_selector_all("h1")]
    return [w for w in map(tokens, texts) if w]


@dataclass(frozen=True)
class PageSnippets:
    """A page's must-include and must-exclude snippets."""

    include: tuple[Snippet, ...]
    exclude: tuple[Snippet, ...]


def page_snippets(page_id: str, truth: str, html: bytes) -> PageSnippets:
    """Both kinds of snippet of one page (its truth already without readers' comments)."""
    tree = _tree(html)
    heads = headlines(html, tree)
    return PageSnippets(
        tuple(include_snippets(page_id, truth, heads)),
        tuple(exclude_snippets(page_id, truth, visible_text(html, tree), heads)),
    )


def found(snippet: Snippet | list[str], output: str | list[str]) -> bool:
    """Whether the snippet's tokens occur contiguously in the output's tokens."""
    toks = tokens(output) if isinstance(output, str) else output
    return f" {' '.join(snippet)} " in f" {' '.join(toks)} "


def page_counts(snips: PageSnippets, output: str) -> tuple[int, int, int, int]:
    """(TP, FN, FP, TN) of one page's output."""
    joined = f" {' '.join(tokens(output))} "
    tp = sum(1 for s in snips.include if f" {' '.join(s)} " in joined)
    fp = sum(1 for s in snips.exclude if f" {' '.join(s)} " in joined)
    return tp, len(snips.include) - tp, fp, len(snips.exclude) - fp


def scores(counts: list[tuple[int, int, int, int]]) -> dict[str, float]:
    """Precision, recall, F1 and accuracy of the summed (TP, FN, FP, TN) counts, with the
    counts themselves (each score 0.0 when its denominator is empty)."""
    tp, fn, fp, tn = (sum(c[k] for c in counts) for k in range(4))
    total = tp + fn + fp + tn
    return {
        "P": tp / (tp + fp) if tp + fp else 0.0,
        "R": tp / (tp + fn) if tp + fn else 0.0,
        "F1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
        "acc": (tp + tn) / total if total else 0.0,
        "tp": tp,
        "fn": fn,
        "fp": fp,
        "tn": tn,
    }
