"""Features of a line in its document, shared by training and inference.

A line alone rarely says whether it is chrome: "Share" is, "Share prices fell" is not, and a
short capitalised line is a subheading in one place and a menu item in another. So each line
is described by its words (hashed unigrams and bigrams, first and last word) *and* by its
context: position in the document, the shape of its neighbours, punctuation and casing,
length, link-like patterns, and the topical distance from the rest of the body. The second
stage of the model adds the first stage's scores of the neighbouring lines, since chrome comes
in blocks. Hashing (xxhash, seedless) keeps the model a fixed-size array with no vocabulary.
"""

from __future__ import annotations

import math
import re

import numpy as np
import xxhash

from newssift.clean.lexicon import BOILERPLATE_WORDS, FUNCTION_WORDS
from newssift.clean.topic import STOP, StemCounts
from newssift.sorted_arrays import sorted_unique

try:  # optional compiled part (setup.py); the Python loop below gives the same floats
    from newssift.clean._native import dense_rows as _dense_rows
except ImportError:  # pragma: no cover - a build without the extension (or an older one)
    _dense_rows = None

#: Whether :func:`dense` uses the compiled rows where they are built (tests switch it off to
#: compare the two paths).
COMPILED_DENSE = True

N_HASH = 1 << 18

_TOKEN = re.compile(r"\w+|[^\w\s]")
_WORD = re.compile(r"\w+")
_URLISH = re.compile(r"https?://|www\.|\.com\b|\.org\b|\.net\b|@\w|#\w|\.html?\b|\.jpe?g\b|\.png\b")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")
_BULLET = re.compile(r"^[•·▪◦►▶»›>*+\-–—]\s*")
_QUOTES = '"“”«»„'
_INNER_END = re.compile(r"\w[.!?…]\s+\S")

DENSE_NAMES = (
    "bias_one",
    "log_chars",
    "log_words",
    "is_first",
    "is_last",
    "rel_pos",
    "end_sentence",
    "end_colon",
    "end_none",
    "upper_frac",
    "title_case",
    "digit_frac",
    "punct_frac",
    "urlish",
    "email",
    "pipe_or_sep",
    "bullet",
    "quote",
    "prev_log_chars",
    "next_log_chars",
    "prev_end_sentence",
    "next_end_sentence",
    "doc_mean_log_chars",
    "doc_sentence_frac",
    "doc_log_lines",
    "topic_overlap",
    "duplicate",
    "mean_word_len",
    "long_line",
    "short_line",
    "function_frac",
    "boilerplate_frac",
    "commas_per_word",
    "inner_sentences",
    "prev_function_frac",
    "next_function_frac",
    "log_repeats",
    "window_end_sentence",
    "lower_start",
    "window_function_frac",
)
N_DENSE = len(DENSE_NAMES)


_TOK_CACHE: dict[str, int] = {}


def _tok_hash(tok: str) -> int:
    h = _TOK_CACHE.get(tok)
    if h is None:
        h = xxhash.xxh32_intdigest(tok.encode())
        if len(_TOK_CACHE) < 200_000:
            _TOK_CACHE[tok] = h
    return h


def hashed_doc(lines: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Hashed features of every line of a document, as (feature index, line index) pairs.

    Per line, each once: lower-cased word and punctuation unigrams, bigrams, the first and the
    last token, and a length bucket. Tokens are hashed once (xxhash, cached); n-gram and
    position features are derived from token hashes arithmetically, for the whole document
    at once in numpy, which keeps the model cheap enough to run inside the cleaner.
    """
    from newssift.clean.rules import _native as compiled  # None where it is not built

    lowered = [line.lower() for line in lines]
    line_keys = getattr(compiled, "line_keys", None)
    packed = line_keys(lowered, N_HASH) if line_keys is not None else None
    if packed is not None:
        # the same keys, tokenised and hashed in clean/_native.c (tests/clean/test_line_keys.py);
        # np.unique's values by sorting (a fifth of its time)
        key = sorted_unique(np.frombuffer(packed, dtype=np.int64))
        return key % N_HASH, key // N_HASH
    toks = [_TOKEN.findall(line) for line in lowered]
    lens = np.fromiter((len(t) for t in toks), dtype=np.int64, count=len(lines))
    th = np.fromiter(
        (_tok_hash(t) for ts in toks for t in ts), dtype=np.int64, count=int(lens.sum())
    )
    n = len(lines)
    owner = np.repeat(np.arange(n, dtype=np.int64), lens)
    uni = (th * 3 + 1) % N_HASH
    same = owner[:-1] == owner[1:]
    bi = ((th[:-1] * 1_000_003) ^ (th[1:] * 7_919 + 17))[same] % N_HASH
    bi_owner = owner[:-1][same]
    has = lens > 0
    ends = np.cumsum(lens)
    first = (th[(ends - lens)[has]] * 5 + 2) % N_HASH
    last = (th[(ends - 1)[has]] * 7 + 3) % N_HASH
    rows = np.arange(n, dtype=np.int64)
    bucket = (np.minimum(lens, 40) // 4 * 2_654_435_761 + 99) % N_HASH
    idx = np.concatenate([uni, bi, first, last, bucket])
    own = np.concatenate([owner, bi_owner, rows[has], rows[has], rows])
    # each feature once per line (binary features, as in training)
    key = np.unique(own * N_HASH + idx)
    return key % N_HASH, key // N_HASH


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith((".", "!", "?", '"', "”", "»", "’", "…", ")"))


_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ASCII_UPPER = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ASCII_DIGITS = b"0123456789"
_IS_FUNCTION = FUNCTION_WORDS.__contains__
_IS_BOILERPLATE = BOILERPLATE_WORDS.__contains__
#: Byte table folding an ASCII line to its ``\w+`` words: A-Z to a-z, a-z/0-9/_ kept (among
#: ASCII characters exactly the ones ``\w`` matches), every other byte to a space.
_FOLD_WORDS = bytes(
    (b | 0x20 if 65 <= b <= 90 else b) if b < 128 and (chr(b).isalnum() or b == 95) else 32
    for b in range(256)
)
#: Non-ASCII characters that are neither word characters nor fold to one (checked by
#: tests/clean/test_dense_equal.py): a line whose only non-ASCII characters are these (curly
#: quotes, dashes, an ellipsis, bullets, currency and trade marks) has the words of its ASCII
#: encoding with them replaced, which :data:`_FOLD_WORDS` turns into spaces.
PLAIN_PUNCT = "’‘“”„–—…•·«»€£©®™°"
_NOT_PLAIN = re.compile(f"[^\x00-\x7f{PLAIN_PUNCT}]")
_IS_FUNCTION_B = frozenset(w.encode() for w in FUNCTION_WORDS if w.isascii()).__contains__
_IS_BOILERPLATE_B = frozenset(w.encode() for w in BOILERPLATE_WORDS if w.isascii()).__contains__


def _char_counts(line: str) -> tuple[int, int, int]:
    """(letters, digits, upper-case characters) of a line, as ``str.isalpha`` & co count them.

    An ASCII line is counted in bytes (``bytes.translate`` deletes a class; what goes is its
    count): among ASCII characters those three methods are true exactly for A-Z/a-z, 0-9 and
    A-Z. Any other line is counted character by character.
    """
    if line.isascii():
        b = line.encode("ascii")
        n = len(b)
        return (
            n - len(b.translate(None, _ASCII_LETTERS)),
            n - len(b.translate(None, _ASCII_DIGITS)),
            n - len(b.translate(None, _ASCII_UPPER)),
        )
    return sum(map(str.isalpha, line)), sum(map(str.isdigit, line)), sum(map(str.isupper, line))


def _folded_words(line: str) -> tuple[list, bool]:
    """``_WORD.findall(line.casefold())``, and whether the words are bytes.

    An ASCII line's words come as bytes, by one ``bytes.translate`` (:data:`_FOLD_WORDS`)
    and a split, the same words (casefold is lower-casing on ASCII) at a fraction of the
    regex's cost; they are looked up in the bytes copies of the word lists. So do the words of
    a line whose other characters are all :data:`PLAIN_PUNCT`, each a word break.
    """
    if line.isascii():
        return line.encode("ascii").translate(_FOLD_WORDS).split(), True
    if _NOT_PLAIN.search(line) is None:  # ASCII but for punctuation (most English text)
        return line.encode("ascii", "replace").translate(_FOLD_WORDS).split(), True
    return _WORD.findall(line.casefold()), False


def dense(lines: list[str], rows: list[int] | None = None) -> np.ndarray:
    """(len(rows), N_DENSE) context features of the given lines (default all) of a document.

    Document statistics always come from every line; only the per-line part is restricted.
    The topical overlap (:meth:`newssift.clean.topic.TopicIndex.overlap`) is read from the
    document's stem counts (:class:`newssift.clean.topic.StemCounts`), which give the same
    value without a stem set per line. ``tests/clean/test_dense_equal.py`` holds the result
    equal to the plain per-line reference on bench-like and random documents.
    """
    n = len(lines)
    if rows is None:
        rows = list(range(n))
    if n == 0 or not rows:
        return np.zeros((len(rows), N_DENSE), dtype=np.float32)
    if _dense_rows is not None and COMPILED_DENSE:
        # the same features in clean/_native.c (tests/clean/test_dense_equal.py holds the two
        # paths equal): a third of the cleaner's time was this function's Python loop
        packed = _dense_rows(
            lines if type(lines) is list else list(lines), list(rows), STOP, FUNCTION_WORDS,
            BOILERPLATE_WORDS, _EMAIL.search,
        )
        return np.frombuffer(packed, dtype=np.float32).reshape(len(rows), N_DENSE)
    return _dense_py(lines, rows)


def _dense_py(lines: list[str], rows: list[int]) -> np.ndarray:
    """:func:`dense` in Python: the twin of the compiled ``dense_rows`` (and its reference)."""
    n = len(lines)
    log_chars = [math.log1p(len(x)) for x in lines]
    ends = [_ends_sentence(x) for x in lines]
    topic = StemCounts(lines)
    counts: dict[str, int] = {}
    for x in lines:
        counts[x] = counts.get(x, 0) + 1
    # folded words and function-word share, only of the asked lines and their neighbours (+-2)
    # (words are counted once per line: the function words of the neighbours, the boilerplate
    # words of the asked lines)
    near = {j for i in rows for j in range(max(0, i - 2), min(n, i + 3))}
    asked = set(rows)
    func = [0.0] * n
    boiler: dict[int, int] = {}
    for j in near:
        ws, ascii_line = _folded_words(lines[j])
        if ws:
            func[j] = sum(map(_IS_FUNCTION_B if ascii_line else _IS_FUNCTION, ws)) / len(ws)
        if j in asked:
            boiler[j] = sum(map(_IS_BOILERPLATE_B if ascii_line else _IS_BOILERPLATE, ws))
    doc_mean = sum(log_chars) / n
    doc_sent = sum(ends) / n
    doc_lines = math.log1p(n)
    last = n - 1
    rel_den = max(n - 1, 1)
    out = []
    for i in rows:
        line = lines[i]
        words = _WORD.findall(line)
        nw = len(words)
        n_chars = len(line) or 1
        n_letters, n_digits, n_upper = _char_counts(line)
        upper = n_upper / (n_letters or 1)
        # every word with a letter capitalised: a title or a menu item in any language (a share
        # of capitalised words would read German nouns as titles)
        lettered = [w for w in words if not w.isdigit()]
        title = float(len(lettered) >= 2 and all(w[:1].isupper() for w in lettered))
        digits = n_digits / n_chars
        punct = max(0, len(line) - n_letters - n_digits - line.count(" ")) / n_chars
        stripped = line.rstrip()
        end = ends[i]
        linky = "/" in line or "@" in line or "#" in line or "www" in line or "." in line[1:-1]
        a, b = max(0, i - 2), min(n, i + 3)
        n_line = counts[line]
        out.append((
            1.0,
            log_chars[i],
            math.log1p(nw),
            float(i == 0),
            float(i == last),
            i / rel_den,
            float(end),
            float(stripped.endswith(":")),
            float(not end and not stripped.endswith((":", ",", ";"))),
            upper,
            title,
            digits,
            punct,
            float(linky and bool(_URLISH.search(line))),
            float("@" in line and bool(_EMAIL.search(line))),
            float("|" in line or " / " in line or " > " in line),
            float(bool(_BULLET.match(line))),
            float('"' in line or (not line.isascii() and any(q in line for q in _QUOTES))),
            log_chars[i - 1] if i > 0 else 0.0,
            log_chars[i + 1] if i < last else 0.0,
            float(ends[i - 1]) if i > 0 else 0.0,
            float(ends[i + 1]) if i < last else 0.0,
            doc_mean,
            doc_sent,
            doc_lines,
            topic.overlap(line),
            float(n_line > 1),
            (sum(map(len, words)) / nw) if nw else 0.0,
            float(nw > 40),
            float(nw <= 3),
            func[i],
            boiler[i] / nw if nw else 0.0,
            line.count(",") / nw if nw else 0.0,
            math.log1p(len(_INNER_END.findall(line))),
            func[i - 1] if i > 0 else 0.0,
            func[i + 1] if i < last else 0.0,
            math.log(n_line),
            sum(ends[a:b]) / (b - a),
            float(line[:1].islower()),
            sum(func[a:b]) / (b - a),
        ))
    return np.array(out, dtype=np.float32)


#: Columns of :func:`context`.
N_CONTEXT = 8


def context(p: np.ndarray) -> np.ndarray:
    """Second-stage inputs from first-stage probabilities: own, neighbours, window, document."""
    n = len(p)
    eps = 1e-4
    lg = np.log((p + eps) / (1 - p + eps))
    pad = np.concatenate([[0.0, 0.0], lg, [0.0, 0.0]])
    out = np.zeros((n, N_CONTEXT), dtype=np.float32)
    out[:, 0] = lg
    out[:, 1] = pad[1 : n + 1]  # previous
    out[:, 2] = pad[3 : n + 3]  # next
    out[:, 3] = pad[0:n]  # two before
    out[:, 4] = pad[4 : n + 4]  # two after
    csum = np.concatenate([[0.0], np.cumsum(p)])
    at = np.arange(n)
    a, b = np.maximum(at - 3, 0), np.minimum(at + 4, n)
    out[:, 5] = (csum[b] - csum[a]) / (b - a)  # mean of the window of 7 (the same float64 ops)
    out[:, 6] = p.mean() if n else 0.0
    out[:, 7] = 1.0
    return out
