"""What in the text drove a whole-document quality score: the words and lines it counted.

Why: a quality rejection such as "alpha_words/v1: value 0.7868, threshold 0.8" names a
ratio, not a place; a reader has to find the 21% of tokens with no letter to believe it.
This module recounts one score of :mod:`newssift.assess.quality` on a document's text and
returns the character spans it counted (the tokens with no letter, the lines without a
final mark, the repeated lines...) together with the value the recount gives.

It cannot drift from the rules silently: it reads the quality module's own definitions
(its tokens, stop words, line splits, end marks, short-line length, duplicate finder, C4's
constants) rather than restating them, and a contract test checks that the recounted
value equals the stored score on every explained score. Scores that are not a count of
places in the text (mean word length, word count, list ratio) are not explained.

Spans are ``(start, end)`` character offsets into the text the scores were computed on
(``Document.text``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from newssift.assess import quality as q
from newssift.assess.quality_tokens import sentences_in, split_words, tokens_of_chunk


@dataclass(frozen=True)
class Explanation:
    """One score recounted: ``counted`` of ``total`` items, marked at ``spans``."""

    score: str
    value: float
    counted: int
    total: int
    what: str
    spans: tuple[tuple[int, int], ...]


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """The quality tokens of ``text`` with their offsets (same tokens as ``split_words``)."""
    out = []
    for m in re.finditer(r"\S+", text):
        chunk, at = m.group(), 0
        for tok in tokens_of_chunk(chunk):
            i = chunk.find(tok, at)
            if i < 0:  # an exception rewrote the token: mark the rest of the chunk
                out.append((tok, m.start() + at, m.end()))
                continue
            out.append((tok, m.start() + i, m.start() + i + len(tok)))
            at = i + len(tok)
    return out


def _segments(text: str, pattern: re.Pattern[str]) -> list[tuple[str, int]]:
    """``pattern.split(text)`` with each piece's offset."""
    out, pos = [], 0
    for m in pattern.finditer(text):
        out.append((text[pos : m.start()], pos))
        pos = m.end()
    out.append((text[pos:], pos))
    return out


def _split_lines(text: str) -> list[tuple[str, int]]:
    """``text.splitlines()`` with offsets."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        out.append((line.splitlines()[0], pos))
        pos += len(line)
    return out


def _nl_lines(text: str) -> list[tuple[str, int]]:
    """``text.split("\\n")`` with offsets."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((line, pos))
        pos += len(line) + 1
    return out


def _repeats(items: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The items the quality module's duplicate finder counts (every repeat after the first)."""
    seen: set[str] = set()
    out = []
    for item, at in items:
        if item in seen:
            out.append((item, at))
        else:
            seen.add(item)
    return out


def _ratio(n: int, d: int) -> float:
    return n / d if d else 0.0


def _gopher(text: str, score: str) -> Explanation | None:
    toks = _tokens(text)
    n_all = len(toks)
    if score == "gopher.alpha_words_ratio":
        bad = [(s, t) for tok, s, t in toks if not q.HAS_ALPHA[tok]]
        return Explanation(score, _ratio(n_all - len(bad), n_all), len(bad), n_all,
                           "tokens with no letter (they lower the ratio)", tuple(bad))
    if score == "gopher.stop_words":
        hits = [(s, t) for tok, s, t in toks if tok in q.GOPHER_STOP_WORDS]
        distinct = {text[s:t] for s, t in hits}
        return Explanation(score, float(len(distinct)), len(hits), n_all,
                           f"Gopher stop words ({', '.join(sorted(q.GOPHER_STOP_WORDS))}); "
                           "the score counts the distinct ones", tuple(hits))
    if score == "gopher.hash_word_ratio":
        hits = [(m.start(), m.end()) for m in re.finditer("#", text)]
        return Explanation(score, _ratio(len(hits), n_all), len(hits), n_all,
                           "'#' characters, per token", tuple(hits))
    if score == "gopher.ellipsis_word_ratio":
        hits = [(m.start(), m.end()) for m in re.finditer(r"\.\.\.", text)]
        hits += [(m.start(), m.end()) for m in re.finditer("…", text)]
        return Explanation(score, _ratio(len(hits), n_all), len(hits), n_all,
                           "ellipses, per token", tuple(sorted(hits)))
    lines = _split_lines(text)
    if score == "gopher.bullet_lines_ratio":
        hits = [(at, at + len(s)) for s, at in lines if s.lstrip().startswith(("•", "-"))]
        return Explanation(score, _ratio(len(hits), len(lines)), len(hits), len(lines),
                           "lines that start with a bullet", tuple(hits))
    if score == "gopher.ellipsis_lines_ratio":
        hits = [(at, at + len(s)) for s, at in lines if s.rstrip().endswith(("...", "…"))]
        return Explanation(score, _ratio(len(hits), len(lines)), len(hits), len(lines),
                           "lines that end with an ellipsis", tuple(hits))
    return None


_NGRAM = re.compile(r"gopher_rep\.(top|dup)_(\d+)_gram")


def _ngrams(text: str, kind: str, n: int) -> Explanation:
    toks = _tokens(text)
    size = len(text)
    grams = [tuple(t for t, _, _ in toks[i : i + n]) for i in range(len(toks) - n + 1)]
    spans: list[tuple[int, int]] = []
    if kind == "top":
        if not grams:
            return Explanation(f"gopher_rep.top_{n}_gram", 0.0, 0, 0, "", ())
        counts = Counter(grams)
        best = max(counts.values())
        top = next(g for g in grams if counts[g] == best)  # ties: the first to occur
        spans = [(toks[i][1], toks[i + n - 1][2]) for i, g in enumerate(grams) if g == top]
        chars = (sum(map(len, top)) + n - 1) * best
        return Explanation(f"gopher_rep.top_{n}_gram", _ratio(chars, size), best, len(grams),
                           f"the most frequent {n}-gram, “{' '.join(top)}”, each time it occurs "
                           "(its characters times its count, per character of text)",
                           tuple(spans))
    seen: set[tuple[str, ...]] = set()
    chars = i = 0
    while i < len(grams):
        if grams[i] in seen:
            chars += sum(map(len, grams[i]))
            spans.append((toks[i][1], toks[i + n - 1][2]))
            i += n
        else:
            seen.add(grams[i])
            i += 1
    return Explanation(f"gopher_rep.dup_{n}_gram", _ratio(chars, size), len(spans), len(grams),
                       f"{n}-grams seen before in the text (their characters, per character "
                       "of text)", tuple(spans))


def _repetition(text: str, score: str) -> Explanation | None:
    m = _NGRAM.fullmatch(score)
    if m:
        return _ngrams(text, m.group(1), int(m.group(2)))
    size = len(text)
    if score.startswith("gopher_rep.dup_para"):
        lead = len(text) - len(text.lstrip())
        items = [(s, at + lead) for s, at in _segments(text.strip(), q.PARAGRAPH_BREAKS)]
        what = "paragraphs"
    elif score.startswith("gopher_rep.dup_line"):
        items, what = _segments(text, q.LINE_BREAKS), "lines"
    else:
        return None
    reps = _repeats(items)
    spans = tuple((at, at + len(s)) for s, at in reps)
    if score.endswith("_char_frac"):
        chars = sum(len(s) for s, _ in reps)
        return Explanation(score, _ratio(chars, size), len(reps), len(items),
                           f"repeated {what} (their characters, per character of text)", spans)
    return Explanation(score, _ratio(len(reps), len(items)), len(reps), len(items),
                       f"repeated {what} (each repeat after the first)", spans)


def _fineweb(text: str, score: str) -> Explanation | None:
    lines = [(s, at) for s, at in _nl_lines(text) if s.strip() != ""]
    n = len(lines)
    if score == "fineweb.line_punct_ratio":
        bad = [(at, at + len(s)) for s, at in lines if not q.ends_line(s)]
        return Explanation(score, _ratio(n - len(bad), n), len(bad), n,
                           "lines that do not end with a sentence-final mark (they lower the "
                           "ratio)", tuple(bad))
    if score == "fineweb.short_line_ratio":
        hits = [(at, at + len(s)) for s, at in lines if len(s) <= q.FINEWEB_SHORT_LINE]
        return Explanation(score, _ratio(len(hits), n), len(hits), n,
                           f"lines of {q.FINEWEB_SHORT_LINE} characters or fewer", tuple(hits))
    if score == "fineweb.char_dup_ratio":
        reps = _repeats(lines)
        chars = sum(len(s) for s, _ in reps)
        return Explanation(score, _ratio(chars, len(text) - text.count("\n")), len(reps), n,
                           "repeated lines (their characters, per character of text)",
                           tuple((at, at + len(s)) for s, at in reps))
    return None


def _c4(text: str) -> Explanation:
    """C4's sentence count: the lines it does not count are marked (why in ``what``)."""
    sentences = 0
    skipped: list[tuple[int, int]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        start = pos
        pos += len(raw)
        body = raw.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        line = raw.strip()
        words = line.split()
        if len(line) > q.C4_MAX_WORD_LENGTH and any(len(w) > q.C4_MAX_WORD_LENGTH for w in words):
            skipped.append((start, start + len(body)))
            continue
        if "[" in line:
            line = q.C4_CITATION.sub("", line)
        lowered = line.lower()
        if (not line.endswith(q.C4_END_PUNCTUATION) or line.endswith("...")
                or len(words) < q.C4_MIN_WORDS_PER_LINE or "javascript" in lowered
                or any(p in lowered for p in q.C4_POLICY)):
            if body.strip():
                skipped.append((start, start + len(body)))
            continue
        sentences += sentences_in(split_words(line))
    return Explanation("c4.n_sentences", float(sentences), len(skipped), len(text.splitlines()),
                       "lines C4 does not count: no final mark (or an ellipsis), fewer than "
                       f"{q.C4_MIN_WORDS_PER_LINE} words, 'javascript' or a policy phrase",
                       tuple(skipped))


def explain(text: str, score: str) -> Explanation | None:
    """Recount ``score`` on ``text`` with the places it counted; None if not explained.

    Empty places (a repeated blank line) count but are not marked."""
    if not text:
        return None
    if score.startswith("gopher."):
        ex = _gopher(text, score)
    elif score.startswith("gopher_rep."):
        ex = _repetition(text, score)
    elif score.startswith("fineweb."):
        ex = _fineweb(text, score)
    elif score == "c4.n_sentences":
        ex = _c4(text)
    else:
        return None
    if ex is None:
        return None
    spans = tuple(sp for sp in ex.spans if sp[1] > sp[0])
    return ex if spans == ex.spans else replace(ex, spans=spans)


#: The scores :func:`explain` recounts (the contract test checks each one).
EXPLAINED = (
    "gopher.alpha_words_ratio", "gopher.stop_words", "gopher.hash_word_ratio",
    "gopher.ellipsis_word_ratio", "gopher.bullet_lines_ratio", "gopher.ellipsis_lines_ratio",
    "gopher_rep.dup_para_frac", "gopher_rep.dup_para_char_frac", "gopher_rep.dup_line_frac",
    "gopher_rep.dup_line_char_frac",
    *(f"gopher_rep.top_{n}_gram" for n in (2, 3, 4)),
    *(f"gopher_rep.dup_{n}_gram" for n in range(5, 11)),
    "fineweb.line_punct_ratio", "fineweb.short_line_ratio", "fineweb.char_dup_ratio",
    "c4.n_sentences",
)
