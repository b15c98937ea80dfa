"""Vectorised MinHash signatures of word shingles, a batch of documents at a time.

Why one-permutation hashing: classic MinHash applies ``num_perm`` hash permutations to
every shingle and keeps each minimum, i.e. ``num_perm`` multiply-add-min passes per
shingle; that is where datasketch spends its time. One-permutation hashing (Li, Owen and
Zhang, 2012) hashes every shingle once, sends it to one of ``num_perm`` bins by the top
bits of the hash and keeps the minimum of the remaining bits per bin; bins left empty by
short documents are filled by "optimal densification" (Shrivastava, 2017): an empty bin
copies the value of the first non-empty bin along a fixed pseudo-random probe sequence
shared by all documents. The fraction of equal entries of two signatures is then an
estimate of the Jaccard similarity of the two shingle sets, as for classic MinHash, at
one hash per shingle. Everything is numpy over the whole batch, tokenisation included: word
hashes are combined into shingle hashes, mixed with a seeded 64-bit finaliser, binned,
and reduced with ``np.minimum.at``.

Reproducibility: word hashes are computed from code points (not Python's salted ``hash``),
and every constant derives from ``seed``, so a signature depends only on the text, the shingle size,
``num_perm`` and the seed: the same in every process, on every machine.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import numpy as np

try:  # the compiled tokeniser (setup.py builds it); the numpy code below gives the same
    from newssift.dedup import _native
except ImportError:  # pragma: no cover - no compiler at install
    _native = None

#: The compiled NFKC check (:func:`nfkc`); ``None`` without the extension or with one
#: built before it had the function (then unicodedata's own check is used).
_nfkc_simple = getattr(_native, "nfkc_simple", None)

EMPTY = np.uint32(0xFFFFFFFF)
_M64 = (1 << 64) - 1
_WORD = re.compile(r"\w+")
_PROBES = 24  # densification probes done vectorised; the rare rest are done per row


def normalise(text: str) -> str:
    """The form in which texts are compared: NFKC, case-folded."""
    return nfkc(text).casefold()


#: What a NUL inside a text is read as by the tokenisers of a batch. They join the batch's
#: texts with NUL and count a document at each: a text's own NUL, left as it was, opened a
#: document of its own and moved every later text's words and anchors to the text after
#: (and the batch had one count too many). "." is what a NUL is to both tokenisers apart
#: from that: not a word character, not a blank, a sentence end; so the words and anchors
#: of a text are those it had, split where it held the NUL.
NUL_STANDIN = "."


T = TypeVar("T")


def join_texts(texts: Sequence[str | None], prep: Callable[[str], str] | None = None,
               standin: bool = True) -> str:
    """The texts of a batch joined by NUL (``""`` for a missing one), each as ``prep``
    gives it (as it is without), with a NUL of its own read as :data:`NUL_STANDIN`
    (``standin``; without, as it is: for a tokeniser that tells, :func:`native_joined`)."""
    out = [(prep(t) if prep is not None else t) if t else "" for t in texts]
    if not standin:
        return "\x00".join(out)
    return "\x00".join([x.replace("\x00", NUL_STANDIN) if "\x00" in x else x for x in out])


def native_joined(call: Callable[[str], T | None], texts: Sequence[str | None],
                  prep: Callable[[str], str] | None = None) -> T:
    """``call`` (a compiled tokeniser) of the batch joined by :func:`join_texts`. An
    extension that counts the documents it reads (``COUNTS_DOCUMENTS``) gives ``None``
    when it met more than the batch's (a NUL inside a text): only then are the texts
    searched for NULs and joined again with the stand-in, so a batch without any (all
    of them, as a rule) is not read once more. An older build is given the stand-in."""
    if getattr(_native, "COUNTS_DOCUMENTS", 0):
        got = call(join_texts(texts, prep, standin=False))
        if got is not None:
            return got
    got = call(join_texts(texts, prep))
    assert got is not None
    return got


def words(text: str) -> list[str]:
    """Normalised word tokens (Unicode ``\\w+`` runs): punctuation and spacing never count."""
    return _WORD.findall(normalise(text))


def _word_table() -> np.ndarray:
    """For every Unicode code point: is it a word character (``\\w``: alphanumeric or _)?"""
    global _WORD_TABLE
    if _WORD_TABLE is None:
        table = np.fromiter((c.isalnum() for c in map(chr, range(0x110000))), dtype=bool,
                            count=0x110000)
        table[ord("_")] = True
        _WORD_TABLE = table
    return _WORD_TABLE


_WORD_TABLE: np.ndarray | None = None
_CHAR_WEIGHTS = (
    np.random.Generator(np.random.PCG64(0xC0DE)).integers(0, 2**63, size=64, dtype=np.uint64)
    * np.uint64(2) + np.uint64(1)
)


def word_runs(isw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The word runs of a text viewed as code points, from its mask of word characters:
    each run's start and length. Shared by every hashing of words."""
    edges = np.diff(isw.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    tstart = np.flatnonzero(edges == 1)
    return tstart, np.flatnonzero(edges == -1) - tstart


def nfkc(text: str) -> str:
    """NFKC form of ``text`` (the first half of :func:`normalise`, shared by the anchors).

    Line by line when the text is not in NFKC already: a line break is a stable code point
    of every normalisation form (it is never decomposed, reordered or composed with a
    neighbour), so the NFKC of a text is the NFKC of its lines joined by line breaks, and
    only the lines that change (typically a few with an ellipsis or a fraction) pay for
    ``unicodedata.normalize``."""
    if text.isascii():
        return text
    if _nfkc_simple is None:
        if unicodedata.is_normalized("NFKC", text):
            return text
        return "\n".join([x if unicodedata.is_normalized("NFKC", x)
                          else unicodedata.normalize("NFKC", x) for x in text.split("\n")])
    # the same, by a table (_nfkc_table): only the lines holding a code point outside it
    # are checked and normalised, the rest are NFKC already
    table = _nfkc_table()
    bad = _nfkc_simple(text, table, 0)
    if bad < 0:
        return text
    out, at = [], 0
    while bad >= 0:
        lo = text.rfind("\n", 0, bad) + 1
        hi = text.find("\n", bad)
        hi = len(text) if hi < 0 else hi
        out += [text[at:lo], _nfkc_line(text, lo, hi, bad, table)]
        at = hi
        bad = _nfkc_simple(text, table, hi)
    out.append(text[at:])
    return "".join(out)


def _nfkc_line(text: str, lo: int, hi: int, bad: int, table: bytes) -> str:
    """The NFKC form of the line ``text[lo:hi]``, whose first code point outside the
    simple table is at ``bad``. When every such code point is one of
    :func:`_expansion`'s (typically the ellipsis: 2.6% of the lines of the speed
    benchmark's texts hold one, and ``unicodedata.normalize`` cost 3% of a dedup run's
    instructions), each is replaced by its NFKC form; else the line is normalised whole."""
    line = text[lo:hi]
    swap = {}
    at = bad - lo
    while at >= 0:
        ch = line[at]
        got = _expansion(ch)
        if got is None:
            return line if unicodedata.is_normalized("NFKC", line) \
                else unicodedata.normalize("NFKC", line)
        swap[ch] = got
        at = _nfkc_simple(line, table, at + 1)
    for ch, got in swap.items():  # str.replace: a fast search; str.translate looks up
        line = line.replace(ch, got)  # every code point of the line in the dict
    return line


@functools.cache
def _expansion(ch: str) -> str | None:
    """The NFKC form of the code point ``ch`` when, wherever it stands between simple code
    points (:func:`_build_nfkc_table`) or other such code points, the NFKC form of the text
    is the text with ``ch`` replaced by it; else ``None``. That holds for a starter
    (combining class 0) whose NFKC form is of simple code points only: the NFKD form of
    each side then starts with a starter that composes with nothing before it (a simple
    code point's NFD form starts with no second code point of a composition), which also
    blocks everything after it from composing with what precedes, so no composition or
    reordering crosses the boundaries. ``…`` -> ``...``, ``½`` -> ``1⁄2``, ``™`` -> ``TM``;
    held against ``unicodedata`` for every code point by tests/dedup/test_nfkc_fast.py."""
    if len(ch) != 1 or unicodedata.combining(ch):
        return None
    form = unicodedata.normalize("NFKC", ch)
    if form == ch or not form or not _all_simple(form):
        return None
    return form


def _all_simple(text: str) -> bool:
    """Every code point of ``text`` is a simple one (:func:`_build_nfkc_table`)."""
    table = _nfkc_table()
    return all(ord(c) < 0x10000 and (table[ord(c) >> 3] >> (ord(c) & 7)) & 1 for c in text)


#: Hangul vowel and trailing jamo: composed with what precedes them by Hangul's own rule,
#: not by a decomposition :func:`_nfkc_table` can read.
_JAMO_VT = (range(0x1161, 0x1176), range(0x11A8, 0x11C3))


#: Where :func:`_nfkc_table` is shipped, built for one Unicode version (the file's name says
#: which): ``python -m newssift.dedup.minhash`` writes it for the running Python's.
_NFKC_SHIPPED = Path(__file__).resolve().parent.parent / "models" / "nfkc_simple-{}.bin"


@functools.cache
def _nfkc_table() -> bytes:
    """:func:`_build_nfkc_table`, read from the table shipped for this Python's Unicode
    version (``unicodedata.unidata_version``), built where none is: building it asks
    :mod:`unicodedata` about 65,536 code points, about 0.3 s of CPU in every process that
    deduplicates, while reading it is a file read. tests/dedup/test_nfkc_fast.py holds the
    shipped table equal to the built one."""
    path = Path(str(_NFKC_SHIPPED).format(unicodedata.unidata_version))
    try:
        table = path.read_bytes()
    except OSError:
        table = b""
    return table if len(table) == 0x10000 // 8 else _build_nfkc_table()


def _build_nfkc_table() -> bytes:
    """One bit per BMP code point, set for the "simple" ones: a starter (combining class
    0) that NFKC maps to itself, that is not the second code point of a canonical
    decomposition pair (so composes with nothing before it; Hangul's vowel and trailing
    jamo neither) and whose own decomposition does not start with such a code point. A
    text of simple code points only is in NFKC form: each one decomposes and recomposes
    to itself, and none reorders or composes across its neighbours. Built from
    :mod:`unicodedata` (the Unicode version of the running Python), once per process
    (:func:`newssift.dedup.run.warm_up` builds it before a pool forks)."""
    chars = [chr(cp) for cp in range(0x10000)]
    decomp = list(map(unicodedata.decomposition, chars))  # "" for Hangul: by its own rule
    second = {int(d.split()[1], 16) for d in decomp if d and d[0] != "<" and d.count(" ") == 1}
    for r in _JAMO_VT:
        second.update(r)
    bits = bytearray(0x10000 // 8)
    for cp, (ch, d) in enumerate(zip(chars, decomp, strict=True)):
        if cp in second or 0xD800 <= cp < 0xE000 or unicodedata.combining(ch):
            continue
        # without a decomposition a code point is its own NFKC and NFD (Hangul syllables
        # start with a leading jamo, which composes with nothing before it)
        if d and (unicodedata.normalize("NFKC", ch) != ch
                  or ord(unicodedata.normalize("NFD", ch)[0]) in second):
            continue
        bits[cp >> 3] |= 1 << (cp & 7)
    return bytes(bits)


def _is_nfkc(text: str) -> bool:
    """``unicodedata.is_normalized("NFKC", text)``, first by one table lookup per code point
    (:func:`_nfkc_table`): most texts are of simple code points only, and the quick check
    of :mod:`unicodedata` costs several times more per character."""
    if text.isascii():
        return True
    if _nfkc_simple is not None and _nfkc_simple(text, _nfkc_table(), 0) < 0:
        return True
    return unicodedata.is_normalized("NFKC", text)


_LONG_RUN = 32  # characters hashed position by position; the rest of longer runs at once


def run_hashes(cp: np.ndarray, tstart: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Sum of each run's code points times the random odd weights of their positions
    (``_CHAR_WEIGHTS``, cycling every 64), mod 2^64. One pass per character position over
    the runs that long (most words are short), not a pass over every character; past
    ``_LONG_RUN`` characters the rest of the few long runs is summed at once."""
    acc = np.zeros(len(tstart), np.uint64)
    idx = np.arange(len(tstart))
    j = 0
    while j < _LONG_RUN:
        idx = idx[lengths[idx] > j]
        if not len(idx):
            return acc
        acc[idx] += cp[tstart[idx] + j].astype(np.uint64) * _CHAR_WEIGHTS[j]
        j += 1
    idx = idx[lengths[idx] > j]
    if len(idx):
        rest = lengths[idx] - j
        first = np.cumsum(rest) - rest
        off = np.arange(int(rest.sum())) - np.repeat(first, rest)
        v = cp[np.repeat(tstart[idx] + j, rest) + off].astype(np.uint64) \
            * _CHAR_WEIGHTS[(off + j) & 63]
        acc[idx] += np.add.reduceat(v, first)
    return acc


def batch_word_hashes(texts: Sequence[str | None], is_nfkc: bool = False) -> list[np.ndarray]:
    """64-bit hashes of the words of a batch of texts, without a Python object per word.

    The batch is normalised (``is_nfkc``: the texts are in NFKC form already, so only case
    folded), joined and viewed as an array of code points; word runs are found with a
    lookup table of word characters (the same tokens as :func:`words`), and each run is
    hashed as the sum of its code points times random odd 64-bit weights of their
    positions (a linear hash: distinct words collide with probability ~2^-60), mixed with
    the run's length. Pure numpy after one ``encode``.
    """
    if not len(texts):
        return []
    if _native is not None:  # the same runs and hashes, case folded in the same one pass
        flat, counts = native_joined(
            lambda joined: _native.folded_word_hashes(joined, _CHAR_WEIGHTS, len(texts)),
            texts, None if is_nfkc else nfkc)
        return split_flat(flat, counts)
    fold = str.casefold if is_nfkc else normalise
    joined = join_texts(texts, fold)
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    tstart, lengths = word_runs(_word_table()[cp])
    flat = _mix(run_hashes(cp, tstart, lengths) ^ lengths.astype(np.uint64))
    seps = np.flatnonzero(cp == 0)  # document boundaries (NFKC keeps NUL as it is)
    doc_of = np.searchsorted(seps, tstart)
    counts = np.bincount(doc_of, minlength=len(texts))
    return np.split(flat, np.cumsum(counts)[:-1])


def flat_word_hashes(texts: Sequence[str | None],
                     is_nfkc: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """:func:`batch_word_hashes` as one array of every document's hashes, in order, and
    the number of each document's: the signature stage works on these, without an array
    per document (splitting and joining them again cost more than the hashing)."""
    if _native is not None and len(texts):
        flat, counts = native_joined(
            lambda joined: _native.folded_word_hashes(joined, _CHAR_WEIGHTS, len(texts)),
            texts, None if is_nfkc else nfkc)
        return np.frombuffer(flat, np.uint64), np.frombuffer(counts, np.int64)
    return flatten(batch_word_hashes(texts, is_nfkc))


def flatten(hashes: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Per-document arrays as one uint64 array and the int64 length of each."""
    lengths = np.fromiter((len(h) for h in hashes), dtype=np.int64, count=len(hashes))
    flat = (np.concatenate(hashes).astype(np.uint64, copy=False) if lengths.sum()
            else np.zeros(0, np.uint64))
    return flat, lengths


def split_flat(flat: bytes, counts: bytes) -> list[np.ndarray]:
    """Per-document arrays (writable, as numpy's own) from the compiled tokeniser's bytes:
    the uint64 values of all documents and the int64 count of each."""
    values = np.frombuffer(flat, np.uint64).copy()
    return np.split(values, np.cumsum(np.frombuffer(counts, np.int64))[:-1])


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser: a bijective 64-bit mixer with full avalanche (in place)."""
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


@functools.lru_cache(maxsize=64)
def _constants(seed: int, n: int) -> np.ndarray:
    """``n`` odd 64-bit constants derived from ``seed`` (position weights of a shingle).
    Remembered (read-only): every batch asked for the same few, each a new PCG64 generator
    (~0.1 ms: at 100,000 documents about 0.5 s of CPU, eight a batch)."""
    rng = np.random.Generator(np.random.PCG64(seed))
    out = rng.integers(0, 2**63, size=n, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    out.setflags(write=False)
    return out


@functools.lru_cache(maxsize=16)
def _probe_table(seed: int, num_perm: int) -> np.ndarray:
    """Densification probe sequence: row t is the bin each bin copies from at try t
    (read-only: one table per seed and width is shared by every batch)."""
    rng = np.random.Generator(np.random.PCG64([seed, 0x0D]))
    table = rng.integers(0, num_perm, size=(_PROBES, num_perm), dtype=np.int64)
    table.setflags(write=False)
    return table


def shingle_hashes(
    hashes: Sequence[np.ndarray], shingle_size: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Mixed 64-bit hashes of every ``shingle_size``-word window of every document.

    Returns ``(values, doc)``: the shingle hashes of all documents concatenated, and the
    batch position of the document each belongs to. A document shorter than the shingle
    size contributes one shingle of all its words; an empty one contributes none.
    """
    k = shingle_size
    lengths = np.fromiter((len(h) for h in hashes), dtype=np.int64, count=len(hashes))
    if len(hashes) == 0 or lengths.sum() == 0:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    w = np.concatenate(hashes)
    n = len(w)
    ends = np.cumsum(lengths)
    starts = ends - lengths
    mult = _constants(seed, k)
    acc = np.zeros(max(n - k + 1, 0), dtype=np.uint64)
    if n >= k:
        for j in range(k):
            acc += w[j : n - k + 1 + j] * mult[j]
    pos = np.arange(len(acc), dtype=np.int64)
    doc_of = np.repeat(np.arange(len(hashes), dtype=np.int64), lengths)[: len(acc)]
    valid = pos + k <= ends[doc_of] if len(acc) else np.zeros(0, bool)
    vals, docs = acc[valid], doc_of[valid]
    short = np.nonzero((lengths > 0) & (lengths < k))[0]
    if len(short):  # documents shorter than one shingle: one shingle of all their words
        extra = np.zeros(len(short), dtype=np.uint64)
        for i, d in enumerate(short):
            part = w[starts[d] : ends[d]]
            extra[i] = np.sum(part * mult[: len(part)], dtype=np.uint64)
        vals = np.concatenate([vals, extra])
        docs = np.concatenate([docs, short])
    vals = vals ^ np.uint64(_constants(seed ^ 0x5EED, 1)[0])
    return _mix(vals), docs


def signatures(texts: Sequence[str | None], num_perm: int, shingle_size: int, seed: int) -> tuple[
    np.ndarray, np.ndarray
]:
    """MinHash signatures of a batch of texts.

    Returns ``(sig, n_words)``: a ``(len(texts), num_perm)`` uint32 matrix and the word
    count of each text. A text without words gets a signature of all ``EMPTY``.
    """
    hashes = batch_word_hashes(texts)
    n_words = np.fromiter((len(h) for h in hashes), dtype=np.int64, count=len(hashes))
    return signatures_from_word_hashes(hashes, num_perm, shingle_size, seed), n_words


def sequence_keys(hashes: Sequence[np.ndarray]) -> np.ndarray:
    """64-bit key of each document's whole word sequence (0 for a document without words).

    Two documents get the same key when they have the same words in the same order,
    i.e. they are exact duplicates up to case, punctuation and spacing.
    """
    return sequence_keys_flat(*flatten(hashes))


def sequence_keys_flat(w: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """:func:`sequence_keys` of documents given as :func:`flatten` gives them: by the
    compiled loop when the extension has it (one pass over the words; the numpy twin,
    :func:`_sequence_keys_py`, made ten passes with their temporaries over a batch's
    words), else by the twin."""
    native = getattr(_native, "sequence_keys", None)
    if native is None:
        return _sequence_keys_py(w, lengths)
    return np.frombuffer(native(np.ascontiguousarray(w, np.uint64),
                                np.ascontiguousarray(lengths, np.int64)), np.uint64).copy()


def _sequence_keys_py(w: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """:func:`sequence_keys_flat` in numpy (the reference of ``_native.sequence_keys``)."""
    out = np.zeros(len(lengths), np.uint64)
    if not len(lengths) or lengths.sum() == 0:
        return out
    starts = np.cumsum(lengths) - lengths
    pos = np.arange(len(w), dtype=np.uint64) - np.repeat(starts, lengths).astype(np.uint64)
    weight = _mix(pos * np.uint64(0x9E3779B97F4A7C15) + np.uint64(0x51ED))
    prod = _mix(w ^ weight)
    nz = lengths > 0
    sums = np.add.reduceat(prod, starts[nz])
    out[nz] = _mix(sums ^ lengths[nz].astype(np.uint64))
    out[nz & (out == 0)] = 1
    return out


def signatures_from_word_hashes(
    hashes: Sequence[np.ndarray], num_perm: int, shingle_size: int, seed: int
) -> np.ndarray:
    """One-permutation MinHash with optimal densification over a batch (see module doc)."""
    if _native is not None:  # the same shingles, bins and minima in one pass
        return signatures_from_flat(*flatten(hashes), num_perm, shingle_size, seed)
    return _signatures_py(hashes, num_perm, shingle_size, seed)


def signatures_from_flat(flat: np.ndarray, lengths: np.ndarray, num_perm: int,
                         shingle_size: int, seed: int) -> np.ndarray:
    """:func:`signatures_from_word_hashes` of documents given as :func:`flatten` gives
    them (uint64 hashes, int64 lengths)."""
    n_docs = len(lengths)
    if _native is not None:
        bits = num_perm.bit_length() - 1
        salt = int(_constants(seed ^ 0x5EED, 1)[0])
        sig = np.frombuffer(_native.shingle_minhash(flat, lengths, _constants(seed, shingle_size),
                                                    salt, num_perm, bits),
                            dtype=np.uint32).reshape(n_docs, num_perm).copy()
        return densify(sig, seed)
    return _signatures_py(np.split(flat, np.cumsum(lengths)[:-1]) if n_docs else [],
                          num_perm, shingle_size, seed)


def _signatures_py(hashes: Sequence[np.ndarray], num_perm: int, shingle_size: int,
                   seed: int) -> np.ndarray:
    n_docs = len(hashes)
    bits = num_perm.bit_length() - 1
    vals, docs = shingle_hashes(hashes, shingle_size, seed)
    bins = (vals >> np.uint64(64 - bits)).astype(np.int64)
    low = (vals & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    np.minimum(low, EMPTY - np.uint32(1), out=low)  # EMPTY marks an empty bin, never a value
    sig = np.full(n_docs * num_perm, EMPTY, dtype=np.uint32)
    np.minimum.at(sig, docs * num_perm + bins, low)
    sig = sig.reshape(n_docs, num_perm)
    return densify(sig, seed)


def densify(sig: np.ndarray, seed: int) -> np.ndarray:
    """Fill empty bins from non-empty ones along the shared probe sequence (in place)."""
    if (_native is not None and sig.dtype == np.uint32 and sig.ndim == 2
            and sig.flags.c_contiguous and sig.flags.writeable):  # the same, row by row in C
        if len(sig):
            _native.densify(sig, _probe_table(seed, sig.shape[1]), seed)
        return sig
    original = sig.copy()
    empty = sig == EMPTY
    if not empty.any():
        return sig
    has_any = ~empty.all(axis=1)
    probes = _probe_table(seed, sig.shape[1])
    todo = empty & has_any[:, None]
    rows = np.nonzero(todo.any(axis=1))[0]
    for t in range(len(probes)):
        if not len(rows):
            break
        src = original[rows][:, probes[t]]
        sub = todo[rows]
        ok = sub & (src != EMPTY)
        block = sig[rows]
        block[ok] = src[ok]
        sig[rows] = block
        sub &= ~ok
        todo[rows] = sub
        rows = rows[sub.any(axis=1)]
    for r in rows:  # very short documents: continue the probe sequence deterministically
        for j in np.nonzero(todo[r])[0]:
            h = int(j) * 0x9E3779B97F4A7C15 + seed
            while True:
                h = (h * 6364136223846793005 + 1442695040888963407) & _M64
                c = (h >> 33) % sig.shape[1]
                if original[r, c] != EMPTY:
                    sig[r, j] = original[r, c]
                    break
    return sig


def jaccard(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of signature rows (fraction of equal entries)."""
    return (a == b).mean(axis=-1)


if __name__ == "__main__":  # write the shipped NFKC table for the running Unicode version
    _out = Path(str(_NFKC_SHIPPED).format(unicodedata.unidata_version))
    _out.write_bytes(_build_nfkc_table())
    print(_out)
