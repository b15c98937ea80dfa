"""Features of machine-translated English, shared by the trainer and the runtime model.

Why these features: a German→English machine translation and a human one of the same
source say the same thing, so topic words cannot separate them; what differs is *how*
it is said. MT output is more literal and more uniform: it repeats the source's
function-word patterns ("it is", "that the", "in order to"), keeps sentence lengths
close to the source, uses a narrower vocabulary and normalises typography (straight
quotes, hyphens for dashes). Human translators paraphrase, merge and split sentences,
and use the house typography of the publication.

Typography, however, is a property of one year's files more than of translation: the
WMT human translations and the MT outputs differ in quotes and dashes, and a model that
learns that fails on a year (or a site) with other habits. So the document model (v2)
reads text with quotes, apostrophes, dashes and ellipses flattened to ASCII
(:func:`flatten`) and sees (1) lower-cased word 1–2-grams with punctuation kept as tokens
(:func:`word_terms`) and, when the trainer's cross-validation picks them, (2) n-grams of
the closed-class skeleton (:func:`skeleton_terms`: function words and punctuation kept,
every other word replaced by its shape), which carry the literal-translation patterns
without the topic, and (3) character 2–4-grams of the lower-cased flattened text
(:func:`char_codes`: affixes, word endings, function-word junctions such as ``"f th"``),
which carry over between years and topics better than whole words. Dense document
statistics (:func:`doc_stats`: lexical diversity, sentence-length spread, function-word
share, typography counts) were measured too; they did not raise grouped-CV accuracy and
are used only by the older sentence model. A fuller dense profile (:func:`profile`: rates of
each function word, sentence shape, punctuation per sentence, windowed diversity and repetition,
rare-word rate) is in the trainer's grid; inner cross-validation has not chosen it so far.
Everything is computed here once, by code shared between ``train/train_mt.py`` and
:mod:`newssift.assess.mt_model`, so training and inference can never disagree on a feature.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter

import numpy as np

_TOKEN = re.compile(r"\w+(?:['’]\w+)?|[^\w\s]", re.UNICODE)
_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘(A-Z0-9])")

#: A small list of English function words (our own choice): their share and their
#: n-grams carry most of the literal-translation signal.
FUNCTION_WORDS = frozenset(
    str.split(
        """a an the this that these those it its is are was were be been being has have had
    do does did will would can could may might must shall should of in on at by for with
    from to into onto about over under between through during before after as than then
    and or but nor so yet if because while although though whether which who whom whose
    what when where why how not no there here also only even just very too still already
    again however therefore thus hence moreover furthermore such same other another each
    every all any some many much more most few less least own i you he she we they me him
    her us them my your his our their one"""
    )
)

#: Names of the dense statistics, in the order of :func:`doc_stats`.
STAT_NAMES = (
    "log_tokens",
    "type_token_ratio",
    "mean_sentence_len",
    "sentence_len_cv",
    "function_word_share",
    "comma_rate",
    "curly_quote_rate",
    "straight_quote_rate",
    "dash_rate",
    "hyphen_space_rate",
    "paren_rate",
    "long_word_share",
)


#: Typographic variants flattened to ASCII before the document model reads a text.
_FLAT = str.maketrans(
    {
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2015": "-", "\u2212": "-",
        "\u2026": "...", "\u00a0": " ",
    }
)  # fmt: skip

#: Term prefixes of the two n-gram families in one vocabulary.
WORD_PREFIX = "w "
SKELETON_PREFIX = "s "


_FLAT_PAIRS = tuple((chr(k), v) for k, v in _FLAT.items())


def flatten(text: str) -> str:
    """Quotes, apostrophes, dashes, ellipses and no-break spaces as plain ASCII.

    The same as ``text.translate(_FLAT)`` (no replacement holds a character that is
    replaced), but a search per variant and a replace of the few present is about twice as
    fast as translating every character of a long text."""
    if text.isascii():
        return text
    for src, dst in _FLAT_PAIRS:
        if src in text:
            text = text.replace(src, dst)
    return text


#: Text forms a document model file can name (``text_form``): ``flat`` = :func:`flatten`.
#: Session 11 added a second form (``flat+conventions``: currency and per-cent spellings
#: written one way); it failed the MT protocol in sessions 11 and 12 and was removed
#: (docs/bench/mt.md). The field stays so a model file says how its text was prepared.
TEXT_FORMS = ("flat",)


def model_text(text: str, form: str = "flat") -> str:
    """``text`` in the document model's text form (:data:`TEXT_FORMS`)."""
    if form == "flat":
        return flatten(text)
    raise ValueError(f"unknown text form {form!r}")


def word_terms(flat_tokens: list[str]) -> list[str]:
    """Word 1–2-grams of lower-cased tokens (punctuation kept), prefixed ``"w "``."""
    out = [WORD_PREFIX + t for t in flat_tokens]
    out.extend(f"{WORD_PREFIX}{a} {b}" for a, b in itertools.pairwise(flat_tokens))
    return out


def shape(tok: str) -> str:
    """A token as the skeleton sees it (function word, punctuation, or a shape)."""
    low = tok.lower()
    if low in FUNCTION_WORDS or not tok[0].isalnum():
        return low
    if tok[0].isdigit():
        return "<d>"
    if tok[0].isupper():
        return "<C>"
    return "<w>" if len(tok) < 7 else "<W>"


def skeleton_terms(raw_tokens: list[str], max_n: int = 4) -> list[str]:
    """1–max_n-grams of the closed-class skeleton, prefixed ``"s "``.

    Function words and punctuation stay; any other word becomes its shape (``<C>``
    capitalised, ``<d>`` a number, ``<w>``/``<W>`` a short/long lower-case word).
    """
    sk = [shape(t) for t in raw_tokens]
    grams = [SKELETON_PREFIX + t for t in sk]
    out = list(grams)
    for n in range(2, max_n + 1):
        # each n-gram is the (n-1)-gram starting at the same token plus the next shape
        grams = [g + " " + t for g, t in zip(grams, sk[n - 1 :], strict=False)]
        out.extend(grams)
    return out


def raw_tokens(text: str) -> list[str]:
    """Word and punctuation tokens, case kept."""
    return _TOKEN.findall(text)


def tokens(text: str) -> list[str]:
    """Word and punctuation tokens, lower-cased."""
    return [t.lower() for t in _TOKEN.findall(text)]


def ngram_terms(toks: list[str], max_n: int = 2) -> list[str]:
    """Word n-grams (n = 1..max_n) as space-joined strings."""
    out = list(toks)
    for n in range(2, max_n + 1):
        out.extend(" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1))
    return out


def sentences(text: str) -> list[str]:
    """A cheap sentence split (good enough for length statistics)."""
    return [s for s in _SENT_END.split(text.strip()) if s]


def doc_stats(text: str, toks: list[str] | None = None) -> list[float]:
    """Dense document statistics, see :data:`STAT_NAMES`."""
    toks = toks if toks is not None else tokens(text)
    words = [t for t in toks if t[0].isalnum()]
    nw = max(len(words), 1)
    nchar = max(len(text), 1)
    sents = sentences(text) or [text]
    lens = [len(_TOKEN.findall(s)) for s in sents]
    mean = sum(lens) / len(lens)
    var = sum((x - mean) ** 2 for x in lens) / len(lens)
    # type-token ratio over a fixed window so it does not fall with length
    window = words[:300]
    ttr = len(set(window)) / max(len(window), 1)
    return [
        math.log1p(nw),
        ttr,
        mean / 30.0,
        math.sqrt(var) / max(mean, 1.0),
        sum(1 for w in words if w in FUNCTION_WORDS) / nw,
        100.0 * toks.count(",") / nw,
        1000.0 * sum(text.count(c) for c in "“”‘’„") / nchar,
        1000.0 * (text.count('"') + text.count(" '")) / nchar,
        1000.0 * sum(text.count(c) for c in "–—") / nchar,
        1000.0 * text.count(" - ") / nchar,
        1000.0 * text.count("(") / nchar,
        sum(1 for w in words if len(w) >= 9) / nw,
    ]


#: Term prefix of the character n-gram family.
CHAR_PREFIX = "c "
#: Character n-gram lengths (bytes of the lower-cased, flattened, space-collapsed text).
CHAR_N = (2, 3, 4)


def char_bytes(flat_text: str) -> bytes:
    """What the character family reads: flattened text lower-cased, runs of white space
    made one space, padded with a space at both ends, as UTF-8 bytes (a lone surrogate,
    which strict UTF-8 refuses, as its three bytes: a text scraped with one still scores)."""
    # str.split() and the regex \s agree on white space (both use str.isspace), and the
    # join is cheaper than a regex substitution
    return (" " + " ".join(flat_text.lower().split()) + " ").encode("utf-8", "surrogatepass")


def char_codes(flat_text: str) -> np.ndarray:
    """Every byte n-gram (n in :data:`CHAR_N`) of :func:`char_bytes` as one integer
    (``n`` then the bytes in base 256, so lengths never collide), in text order.

    Integers, not strings: this runs at inference on every document, and numpy builds
    the codes of a 5,000-word text in about a millisecond. The trainer uses the same
    function, so the two cannot disagree.
    """
    b = np.frombuffer(char_bytes(flat_text), dtype=np.uint8).astype(np.int64)
    out = []
    for n in CHAR_N:
        m = len(b) - n + 1
        if m <= 0:
            continue
        c = np.full(m, n, dtype=np.int64)
        for j in range(n):
            c = c * 256 + b[j : j + m]
        out.append(c)
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def char_code_of(gram: bytes) -> int:
    """The integer :func:`char_codes` gives the byte n-gram ``gram``."""
    c = len(gram)
    for v in gram:
        c = c * 256 + v
    return c


def char_gram(code: int) -> bytes:
    """The byte n-gram of a :func:`char_codes` integer (inverse of :func:`char_code_of`)."""
    for n in CHAR_N:
        if n * 256**n <= code < (n + 1) * 256**n:
            return (code - n * 256**n).to_bytes(n, "big")
    raise ValueError(f"not a character n-gram code: {code}")


def char_term(code: int) -> str:
    """The vocabulary name of a character n-gram: ``"c "`` + its bytes as Latin-1."""
    return CHAR_PREFIX + char_gram(code).decode("latin-1")


# ---------------------------------------------------------------- document profile

#: Function words of the profile, in a fixed order (each one's rate is one feature).
PROFILE_WORDS = tuple(sorted(FUNCTION_WORDS))
#: Punctuation whose count per sentence is one feature each.
PROFILE_PUNCT = (",", ";", ":", "(", '"', "'", "-", "?", "!")
#: Words per window of the windowed type-token ratio and repetition measures.
WINDOW = 100
#: Names of the profile features after the function-word rates, in :func:`profile` order.
PROFILE_STATS = (
    "sentence_len_mean",
    "sentence_len_cv",
    "long_sentence_share",
    "short_sentence_share",
    *(f"per_sentence {p}" for p in PROFILE_PUNCT),
    "window_ttr",
    "window_bigram_repeat",
    "word_len_mean",
    "long_word_share",
    "capitalised_share",
    "number_share",
    "function_word_share",
    "sentence_start_function_share",
    "rare_word_rate",
)
#: All profile feature names (``fw <word>`` rates, then :data:`PROFILE_STATS`).
PROFILE_NAMES = tuple(f"fw {w}" for w in PROFILE_WORDS) + PROFILE_STATS
_FW_INDEX = {w: i for i, w in enumerate(PROFILE_WORDS)}
_ENDS = frozenset(".!?")


def is_rare_candidate(tok: str) -> bool:
    """Whether a lower-cased token counts in the rare-word rate (a word starting with a letter)."""
    return tok[0].isalpha()


def profile(raw: list[str], common: frozenset[str] | set[str] = frozenset()) -> np.ndarray:
    """Dense, length-independent statistics of how a text is written (:data:`PROFILE_NAMES`).

    Why: n-gram weights learn the vocabulary and habits of the years they were trained on;
    rates of closed-class words, sentence-length shape, punctuation per sentence, lexical
    diversity and repetition in fixed windows, and the share of words outside a frequency
    list (``common``, the most frequent words of the training documents) describe the
    literal, uniform style of MT output without naming a topic, and every one of them is
    a rate, so a 300-word and a 3,000-word text are on the same scale.
    ``raw``: :func:`raw_tokens` of the flattened text (case kept). Never raises; an empty
    token list gives zeros.
    """
    out = np.zeros(len(PROFILE_NAMES))
    # tokens hold no white space, so one lower() of the joined text lower-cases them all
    low = "\n".join(raw).lower().split("\n") if raw else []
    isw = [t[0].isalnum() for t in raw]
    words = list(itertools.compress(low, isw))
    nw = len(words)
    if not nw:
        return out
    nf = len(PROFILE_WORDS)
    count = Counter(low)
    fw = [count.get(w, 0) for w in PROFILE_WORDS]
    fw_hits = sum(fw)
    out[:nf] = np.sqrt(np.asarray(fw, dtype=np.float64) / nw)  # sqrt: small rates not ~0
    # sentences: a token of .!? (after at least one word) followed by a token that does not
    # start lower-case; a sentence starts at the first word after such a token
    cw = list(itertools.accumulate(isw))
    lens, bounds, last = [], [-1], 0
    n_tok = len(raw)
    for k in (k for k, t in enumerate(raw) if t in _ENDS):
        n = cw[k] - last
        if n and (k + 1 == n_tok or not raw[k + 1][0].islower()):
            lens.append(n)
            bounds.append(k)
            last = cw[k]
    if cw[-1] - last:
        lens.append(cw[-1] - last)
    word_pos = [k for k, a in enumerate(isw) if a]
    starts = start_fw = 0
    for b in bounds:
        j = bisect.bisect_right(word_pos, b)
        if j < nw:
            starts += 1
            start_fw += low[word_pos[j]] in FUNCTION_WORDS
    ns = max(len(lens), 1)
    arr = np.asarray(lens, dtype=np.float64) if lens else np.zeros(1)
    mean = float(arr.mean())
    stats = [
        mean / 25.0,
        float(arr.std()) / max(mean, 1.0),
        float((arr > 40).mean()),
        float((arr < 10).mean()),
        *(count.get(p, 0) / ns for p in PROFILE_PUNCT),
    ]
    # lexical diversity and repetition in fixed windows (the mean over full windows;
    # a shorter text is one window)
    ttr, rep = [], []
    for s in range(0, max(nw - WINDOW + 1, 1), WINDOW):
        win = words[s : s + WINDOW]
        ttr.append(len(set(win)) / len(win))
        nb = len(win) - 1
        rep.append(1.0 - len(set(itertools.pairwise(win))) / nb if nb else 0.0)
    wl = list(map(len, words))
    rare = 0.0
    if common:
        alpha = [w for w in words if is_rare_candidate(w)]
        rare = sum(1 for w in alpha if w not in common) / max(len(alpha), 1)
    stats += [
        float(np.mean(ttr)),
        float(np.mean(rep)),
        sum(wl) / nw / 5.0,
        sum(1 for n in wl if n >= 9) / nw,
        sum(1 for t in raw if t[0].isupper()) / nw,
        sum(1 for t in raw if t[0].isdigit()) / nw,
        fw_hits / nw,
        start_fw / max(starts, 1),
        rare,
    ]
    out[nf:] = stats
    return out
