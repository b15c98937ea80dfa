"""The quality signals the field already trusts: Gopher quality, Gopher repetition, C4, FineWeb.

Why scores and not decisions: corpus builders argue about thresholds, not about what is
measured. So this module only *measures*, exactly the quantities that the reference
filters (datatrove's ``GopherQualityFilter``, ``GopherRepetitionFilter``,
``C4QualityFilter`` and ``FineWebQualityFilter``) compare with their thresholds, computed
the same way (same line and paragraph splits, same tokens via
:mod:`newssift.assess.quality_tokens`, same denominators). The decide stage then applies a
policy to these numbers, so changing a threshold never needs a recomputation, and under the
``fineweb`` policy the reason codes match the reference filters'.

Flags are emitted only for findings with a place in the text: a repeated line (its first
repeat), a C4 "lorem ipsum" or curly-bracket line. Document-wide ratios stay scores.

``language`` is accepted for the record, but the measurements follow the reference
defaults (English tokenisation and stop words) whatever the language, as datatrove does
unless configured otherwise, so that parity holds.
"""

from __future__ import annotations

import re

from newssift.assess.quality_ngrams import ngram_repetition
from newssift.assess.quality_tokens import (
    CHUNK_TOKENS,
    MERGE_PREFIXES,
    SPECIAL_TOKENS,
    TOKEN_CLASSES,
    Memo,
    is_sentence_terminal,
    sentences_in,
    split_words,
)
from newssift.record import Flag

try:  # the compiled token loop (assess/_quality_native.c); the Python path is its reference
    from newssift.assess import _quality_native
except ImportError:  # pragma: no cover - where the extension was not built
    _quality_native = None

RULE_VERSION = "v1"

GOPHER_STOP_WORDS = frozenset(["the", "be", "to", "of", "and", "that", "have", "with"])

#: Characters that make a token a "symbol" for Gopher when it has no other character
#: (besides these, any sentence-final mark).
SYMBOL_CHARS = frozenset(
    "!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»"
    + "".join(chr(c) for a, b in ((0, 9), (11, 13), (13, 32), (127, 160)) for c in range(a, b))
)
#: FineWeb also counts these Khmer marks as line endings.
_EXTRA_STOP_CHARS = frozenset("\u17d6\u17d9\u17da")


def _word_length(token: str) -> int:
    """Length of a token that counts as a word for Gopher, 0 for a symbol-only token."""
    if all(c in SYMBOL_CHARS or is_sentence_terminal(c) for c in token):
        return 0
    return len(token)


_WORD_LENGTH = Memo(_word_length)
# Shared with assess/explain.py, which recounts these scores with the spans they counted.
HAS_ALPHA = Memo(lambda token: int(token.isalpha() or any(c.isalpha() for c in token)))


#: Gopher stop words by their bit in :func:`_token_info` (1-based).
_STOP_INDEX = {w: i + 1 for i, w in enumerate(sorted(GOPHER_STOP_WORDS))}
_CLASS_CODE = {"W": 0, "P": 1, "E": 2}


def _token_info(token: str) -> int:
    """What the compiled token loop needs of one token, as bits: the sentence class (0 word,
    1 punctuation, 2 sentence-final), 4 if it has a letter, 8 if Gopher counts it as a
    symbol (word length 0), and the 1-based stop-word index times 16."""
    if token.isalpha():
        # no letter is sentence-final, punctuation or in SYMBOL_CHARS (checked over every
        # code point by tests/assess/test_quality_native.py): a word with a letter
        return 4 | (_STOP_INDEX.get(token, 0) << 4)
    return _token_info_general(token)


def _token_info_general(token: str) -> int:
    """:func:`_token_info` from the memos' own functions, for any token."""
    return (
        _CLASS_CODE[TOKEN_CLASSES.compute(token)]
        | (4 if HAS_ALPHA.compute(token) else 0)
        | (8 if _word_length(token) == 0 else 0)
        | (_STOP_INDEX.get(token, 0) << 4)
    )


_INFOS = Memo(_token_info)


#: The info byte of each closing mark of ``_chunk_tokens``' word-and-mark shape.
_MARK_INFO = {mark: _token_info_general(mark) for mark in ",;:!?."}


def _chunk_info(chunk: str) -> tuple[tuple[str, ...], bytes]:
    """A chunk's tokens (``quality_tokens``) and the :func:`_token_info` byte of each.
    The two commonest shapes are read here as ``_chunk_tokens`` reads them: a word of
    letters (its own token) and such a word with one closing mark ("said," "ended.")."""
    if chunk not in SPECIAL_TOKENS:
        if chunk.isalpha():
            return (chunk,), bytes((4 | (_STOP_INDEX.get(chunk, 0) << 4),))
        head, last = chunk[:-1], chunk[-1]
        if (head.isalpha() and head not in SPECIAL_TOKENS
                and (last in ",;:!?" or (last == "." and head[-1].islower()))):
            return (head, last), bytes((4 | (_STOP_INDEX.get(head, 0) << 4), _MARK_INFO[last]))
    toks = CHUNK_TOKENS[chunk]
    return toks, bytes(map(_INFOS.__getitem__, toks))


#: chunk -> (tokens, info bytes): the compiled loop's one lookup per chunk.
_CHUNK_INFOS = Memo(_chunk_info)
#: What the compiled loop needs to read the two shapes of :func:`_chunk_info`'s fast path
#: itself (a build from before it could do so takes only the memo).
_QUICK_SHAPES = (
    (SPECIAL_TOKENS, _STOP_INDEX, _MARK_INFO)
    if getattr(_quality_native, "QUICK_SHAPES", 0)
    else ()
)
if _QUICK_SHAPES and getattr(_quality_native, "QUICK_SPLIT", 0):
    # ... and a new chunk of the shapes quality_tokens._quick_split reads, without a call
    # to this module: its tokens as _quick_split cuts them, their infos from _INFOS
    _QUICK_SHAPES += (_INFOS, MERGE_PREFIXES)


def ends_line(line: str) -> bool:
    """Whether a line ends as FineWeb's line-punctuation rule counts a finished line."""
    last = line[-1:]
    return bool(last) and (is_sentence_terminal(last) or last in _EXTRA_STOP_CHARS)


C4_END_PUNCTUATION = (".", "?", "!", '"', "'")
C4_CITATION = re.compile(r"\[\d*]|\[edit]|\[citation needed]")
C4_POLICY = (
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
)
#: Each phrase of C4_POLICY holds one of these: a line without any holds none of them.
_C4_POLICY_SCREEN = ("cooki", "polic", "terms of use")
C4_MIN_WORDS_PER_LINE = 3
C4_MAX_WORD_LENGTH = 1000
FINEWEB_SHORT_LINE = 30
MAX_LINE_FLAGS = 5

PARAGRAPH_BREAKS = re.compile(r"\n{2,}")
LINE_BREAKS = re.compile(r"\n+")


def _duplicates(items: list[str]) -> tuple[int, int, int]:
    """(number of repeated items, their characters, index of the first repeat or -1)."""
    seen: set[str] = set()
    n = chars = 0
    first = -1
    for i, item in enumerate(items):
        if item in seen:
            n += 1
            chars += len(item)
            if first < 0:
                first = i
        else:
            seen.add(item)
    return n, chars, first


def _gopher_quality(text: str, words: list[str], scores: dict[str, float]) -> None:
    word_lengths = list(map(_WORD_LENGTH.__getitem__, words))
    n_words = len(words) - word_lengths.count(0)
    alpha = sum(map(HAS_ALPHA.__getitem__, words))
    stops = len(GOPHER_STOP_WORDS.intersection(words))
    _gopher_scores(text, len(words), n_words, sum(word_lengths), alpha, stops, scores)


def _gopher_scores(
    text: str, n_all: int, n_words: int, letters: int, alpha: int, stops: int,
    scores: dict[str, float], raw_lines: list[str] | None = None,
) -> None:
    """Gopher quality from the token counts: all tokens, word tokens (not symbol-only),
    their characters, tokens with a letter, distinct stop words. ``raw_lines``: the text's
    ``splitlines(keepends=True)``, whose bullet and ellipsis lines the compiled
    ``gopher_lines`` counts (the same lines, and their ends are whitespace to
    ``lstrip``/``rstrip``) instead of splitting the text again."""
    scores["gopher.n_words"] = float(n_words)
    scores["gopher.mean_word_length"] = letters / n_words if n_words else 0.0
    scores["gopher.hash_word_ratio"] = text.count("#") / n_all if n_all else 0.0
    ellipses = text.count("...") + text.count("…")
    scores["gopher.ellipsis_word_ratio"] = ellipses / n_all if n_all else 0.0
    if raw_lines is not None and _gopher_lines is not None:
        n_lines = len(raw_lines)
        bullets, ends = _gopher_lines(raw_lines)
    else:
        lines = text.splitlines()
        n_lines = len(lines)
        bullets = sum(1 for s in lines if s.lstrip().startswith(("•", "-")))
        ends = sum(1 for s in lines if s.rstrip().endswith(("...", "…")))
    scores["gopher.bullet_lines_ratio"] = bullets / n_lines if n_lines else 0.0
    scores["gopher.ellipsis_lines_ratio"] = ends / n_lines if n_lines else 0.0
    scores["gopher.alpha_words_ratio"] = alpha / n_all if n_all else 0.0
    scores["gopher.stop_words"] = float(stops)


def _gopher_repetition(
    text: str,
    ngrams: tuple[dict[int, int], dict[int, int]],
    scores: dict[str, float],
    flags: list[Flag],
) -> None:
    """Gopher repetition; ``ngrams`` is :func:`ngram_repetition` of the text's tokens."""
    size = len(text)
    stripped = text.strip()
    paragraphs = PARAGRAPH_BREAKS.split(stripped) if "\n\n" in stripped else [stripped]
    n, chars, _ = _duplicates(paragraphs)
    scores["gopher_rep.dup_para_frac"] = n / len(paragraphs)
    scores["gopher_rep.dup_para_char_frac"] = chars / size if size else 0.0
    lines = _line_breaks_split(text)
    n, chars, first = _duplicates(lines)
    scores["gopher_rep.dup_line_frac"] = n / len(lines)
    scores["gopher_rep.dup_line_char_frac"] = chars / size if size else 0.0
    if first >= 0:
        flags.extend(_repeated_line_flags(text, scores["gopher_rep.dup_line_frac"]))
    top, dup = ngrams
    for n_gram, chars in top.items():
        scores[f"gopher_rep.top_{n_gram}_gram"] = chars / size if size else 0.0
    for n_gram, chars in dup.items():
        scores[f"gopher_rep.dup_{n_gram}_gram"] = chars / size if size else 0.0


def _line_breaks_split(text: str) -> list[str]:
    """``LINE_BREAKS.split(text)``: split at each run of line feeds (the empty pieces a run
    leaves inside are dropped; an empty first or last piece stays)."""
    parts = text.split("\n")
    if len(parts) <= 2:
        return parts
    inner = [p for p in parts[1:-1] if p]
    return [parts[0], *inner, parts[-1]]


def _repeated_line_flags(text: str, value: float) -> list[Flag]:
    """One flag per distinct repeated non-blank line, at its first repeat (at most 5)."""
    seen: set[str] = set()
    flagged: set[str] = set()
    out: list[Flag] = []
    offset = 0
    for index, line in enumerate(text.split("\n")):
        if line.strip():
            if line in seen and line not in flagged:
                flagged.add(line)
                out.append(
                    Flag(
                        name="repeated_line",
                        rule=f"gopher_repetition/{RULE_VERSION}",
                        value=value,
                        threshold=0.3,
                        line=index,
                        start=offset,
                        end=offset + len(line),
                        text=line[:200],
                    )
                )
                if len(out) == MAX_LINE_FLAGS:
                    break
            seen.add(line)
        offset += len(line) + 1
    return out


def _c4(
    raw_lines: list[str],
    line_sentences: list[int],
    scores: dict[str, float],
    flags: list[Flag],
) -> None:
    """C4's sentence count and line flags; ``line_sentences`` holds :func:`sentences_in` of
    each raw line's tokens."""
    sentences = 0
    lorem = curly = 0.0
    offset = 0
    for index, raw in enumerate(raw_lines):
        start = offset
        offset += len(raw)
        line = raw.strip()
        if len(line) > C4_MAX_WORD_LENGTH and any(
            len(w) > C4_MAX_WORD_LENGTH for w in line.split()
        ):
            continue
        whole = line  # its words are counted below, before the citations were cut
        n_sentences = line_sentences[index]
        if "[" in line:
            uncited = C4_CITATION.sub("", line)
            if uncited != line:
                line, n_sentences = uncited, sentences_in(split_words(uncited))
        if not line.endswith(C4_END_PUNCTUATION) or line.endswith("..."):
            continue
        # at most C4_MIN_WORDS_PER_LINE pieces: as many only with that many words or more
        if len(whole.split(None, C4_MIN_WORDS_PER_LINE - 1)) < C4_MIN_WORDS_PER_LINE:
            continue
        lowered = line.lower()
        if "lorem ipsum" in lowered:
            if not lorem and not curly:
                flags.append(_line_flag("lorem_ipsum", index, start, raw))
            lorem = 1.0
        if "javascript" in lowered:
            continue
        if "{" in line:
            if not curly and not lorem:
                flags.append(_line_flag("curly_bracket", index, start, raw))
            curly = 1.0
        if any(k in lowered for k in _C4_POLICY_SCREEN) and any(
            p in lowered for p in C4_POLICY
        ):
            continue
        sentences += n_sentences
    scores["c4.n_sentences"] = float(sentences)
    scores["c4.lorem_ipsum"] = lorem
    scores["c4.curly_bracket"] = curly


#: The compiled bullet and ellipsis line counts of :func:`_gopher_scores` (``None`` where
#: the extension predates them).
_gopher_lines = getattr(_quality_native, "gopher_lines", None)
#: The flags of the compiled C4 pass by their number.
_C4_FLAG_NAMES = ("lorem_ipsum", "curly_bracket")
#: The compiled C4 line pass (``_quality_native.c4_lines``): :func:`_c4`'s loop without a
#: str per line, for documents without a '[' in a line (those :func:`_c4` does, since a
#: citation may be cut); ``None`` where the extension predates it.
_c4_native = getattr(_quality_native, "c4_lines", None) or (lambda lines, sent: None)


def _line_flag(name: str, index: int, start: int, raw: str) -> Flag:
    line = raw.rstrip("\r\n")
    return Flag(
        name=name,
        rule=f"c4/{RULE_VERSION}",
        value=1.0,
        threshold=1.0,
        line=index,
        start=start,
        end=start + len(line),
        text=line[:200],
    )


def _fineweb(text: str, n_tokens: int, scores: dict[str, float]) -> None:
    lines = [line for line in text.split("\n") if line.strip() != ""]
    n = len(lines)
    scores["fineweb.n_lines"] = float(n)
    if not n:
        for key in ("line_punct_ratio", "short_line_ratio", "char_dup_ratio", "list_ratio"):
            scores[f"fineweb.{key}"] = 0.0
        return
    scores["fineweb.line_punct_ratio"] = sum(1 for ln in lines if ends_line(ln)) / n
    scores["fineweb.short_line_ratio"] = sum(1 for ln in lines if len(ln) <= FINEWEB_SHORT_LINE) / n
    size = len(text) - text.count("\n")
    scores["fineweb.char_dup_ratio"] = _duplicates(lines)[1] / size if size else 0.0
    scores["fineweb.list_ratio"] = text.count("\n") / n_tokens if n_tokens else 0.0


def quality_signals(text: str, language: str | None = None) -> tuple[dict[str, float], list[Flag]]:
    """All quality scores of ``text`` and the located flags behind them.

    Score names are ``<family>.<measurement>``; see ``decide/policies/fineweb.toml`` for which rule
    reads which score. An empty text gets only ``text.n_chars`` (0) and no flag; the
    decide stage rejects it as ``empty_text`` before any quality rule.
    """
    scores: dict[str, float] = {"text.n_chars": float(len(text))}
    flags: list[Flag] = []
    if not text:
        return scores, flags
    # Tokenise line by line (the same tokens as the whole text, since a line break is
    # whitespace) so that C4's per-line sentence counts reuse them.
    raw_lines = text.splitlines(keepends=True)
    if _quality_native is not None and _NATIVE[0]:
        n_all, n_symbol, letters, alpha, stop_mask, sent, (top, dup) = (
            _quality_native.token_counts(raw_lines, _CHUNK_INFOS, *_QUICK_SHAPES)
            if _QUICK_SHAPES
            else _quality_native.token_counts(raw_lines, _CHUNK_INFOS)
        )
        stops = bin(stop_mask).count("1")
        _gopher_scores(text, n_all, n_all - n_symbol, letters, alpha, stops, scores, raw_lines)
        ngrams = (dict(zip((2, 3, 4), top, strict=True)),
                  dict(zip(range(5, 11), dup, strict=True)))
        c4 = _c4_native(raw_lines, sent)
        line_sentences = memoryview(sent).cast("i").tolist() if c4 is None else []
    else:
        c4 = None
        line_tokens = [split_words(line) for line in raw_lines]
        words = [tok for tokens in line_tokens for tok in tokens]
        n_all = len(words)
        _gopher_quality(text, words, scores)
        ngrams = ngram_repetition(words)
        line_sentences = [sentences_in(tokens) for tokens in line_tokens]
    _gopher_repetition(text, ngrams, scores, flags)
    if c4 is None:
        _c4(raw_lines, line_sentences, scores, flags)
    else:
        sentences, lorem, curly, c4_flags = c4
        flags.extend(_line_flag(_C4_FLAG_NAMES[kind], index, start, raw_lines[index])
                     for kind, index, start in c4_flags)
        scores["c4.n_sentences"] = float(sentences)
        scores["c4.lorem_ipsum"] = float(lorem)
        scores["c4.curly_bracket"] = float(curly)
    _fineweb(text, n_all, scores)
    return scores, flags


#: Whether :func:`quality_signals` uses the compiled token loop where it is built (the
#: tests switch it off to compare with the Python path).
_NATIVE = [True]
