"""Translation-robust fingerprints: what a translation or a paraphrase keeps of a story.

Why: word-shingle MinHash sees a copy only while it shares runs of three words with its
original; a human or machine translation (or a round trip through another language, which
is how farms launder wire copy) shares almost none. What it does keep is the story's
*anchors*: numbers, the names of people and places (capitalised words that do not open a
sentence), and its rarer content words (five letters or more, not in a small stop list),
compared on their first six letters after NFKC and lower-casing, a light stemming that
absorbs most inflection ("negotiations" / "negotiated" -> "negoti").

Each document gets three one-permutation MinHash signatures (:mod:`newssift.dedup.minhash`):
``A`` over the *set* of its anchors (Jaccard of what the two texts mention), used for LSH
candidates; ``B`` over consecutive anchor *pairs* (their order); ``C`` over its content
words alone (no names, no numbers). A candidate pair is linked only when all three
estimates reach their limits (``DedupOptions.anchor_threshold``, ``anchor_order_threshold``,
``anchor_content_threshold``; :func:`linked`): two outlets' reports of one event share the
names, the numbers and often their order (a list of the same people), but not most of
their content words, which a translation of one text keeps. Documents with fewer than
``anchor_min`` anchors get no anchor keys.

The three estimates see sets; a *follow-up* story that repeats the original's lede and
background verbatim around a new story with the same names, or a text most of which is
another one's paragraphs, reaches them as a translation does. So a pair they link is
verified once more on the two anchor *sequences* (:func:`aligned`, rule
``ALIGN_RULE``): the longest common subsequence of the two, followed along the shorter
text, must grow in every tenth of it but a few at its ends. A translation, a round trip
or a cut copy is aligned from end to end (a copy's chrome sits at the ends); a follow-up
has a stretch inside (the new story) where it is not.

Since ``anchor_alignment/v2`` the common subsequence must also *cover* enough of the
shorter sequence: at least ``anchor_cover`` of it for a pair the three estimates link
(two outlets' reports of one event that share a quote and the names align in order, but
over half their anchors or less), and a second, *contained* path links a pair whose set
estimates are lower (``anchor_contained_threshold``, ``anchor_contained_content``: a copy
cut to its first third shares a third of the anchor set) when the shorter sequence has at
least ``anchor_contained_min`` anchors, is aligned, and is covered at
``anchor_contained_cover`` or more.

Since ``anchor_alignment/v3`` a pair that fails this on the one order-preserving common
subsequence is tried again, under the same limits, on a *tiled* alignment
(:func:`tiled_gains`, ``DedupOptions.anchor_tiling``): the common subsequence is taken in
rounds, each round's cut into runs of nearby matches and the runs of a few matches kept,
so a copy whose paragraphs were moved is matched block by block (each in order within
itself, the blocks in any order) while scattered shared words count nothing; it is used
only where it matches clearly more than the single alignment. And a contained candidate
too short for the contained path (``anchor_verbatim_min`` anchors up to
``anchor_contained_min``) is linked when it is a verbatim excerpt: nearly all its
anchors inside runs of five found as they are in the longer text (:func:`verbatim_cover`).

Everything is vectorised over a batch like :func:`minhash.batch_word_hashes` (code-point
tables instead of a Python object per word) and depends only on the text and the seed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newssift.dedup import minhash
from newssift.dedup.minhash import (
    _CHAR_WEIGHTS,
    _mix,
    _word_table,
    flatten,
    join_texts,
    native_joined,
    nfkc,
    signatures_from_flat,
    signatures_from_word_hashes,
    split_flat,
    word_runs,
)
from newssift.sorted_arrays import sorted_isin

STEM = 6  # anchors compare on their first six characters
MIN_CONTENT = 5  # a lowercase word is an anchor from five characters on
_ENDERS = ".!?:\"“”«»\n\x00"
#: Frequent words of five letters or more (English and German) that are not anchors.
STOP_WORDS = tuple("""
about above after again against along already also although always among another around
because before being below between could doing during either enough every first further
having however into itself least maybe might never often other others otherwise perhaps
rather really should since still their theirs there therefore these thing things those
though through together toward under until where whether which while whose would years
people times today yesterday according added going including including later right
aber allem allen aller alles andere anderen auch damit danach dann dass denen denn deren
diese diesem diesen dieser dieses doch durch eines einem einen einer gegen hatte hatten
heute immer jedoch jetzt kann keine konnte machen mehr muss nach noch nicht oder schon
sagte sehr seine seinen seiner sich sind soll sollen sowie ueber unter viele waren weil
welche wenn werden wieder wurde wurden zwischen
""".split())

#: The verification of anchor links on the anchor sequences (:func:`aligned`).
ALIGN_RULE = "anchor_alignment/v3"
#: Anchors kept per document for the alignment (its first ones).
MAX_SEQUENCE = 4096

_TABLES: dict[str, np.ndarray] = {}


def _char_tables_py() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per code point: lower-case code point (of an upper-case one, when it is one code
    point), is upper-case, is a digit (and not upper-case). Reference of the compiled
    ``_native.char_tables``."""
    lower = np.arange(0x110000, dtype=np.uint32)
    upper = np.zeros(0x110000, bool)
    digit = np.zeros(0x110000, bool)
    for c, ch in enumerate(map(chr, range(0x110000))):
        if ch.isupper():
            upper[c] = True
            lo = ch.lower()
            if len(lo) == 1:
                lower[c] = ord(lo)
        elif ch.isdigit():
            digit[c] = True
    return lower, upper, digit


def _tables() -> dict[str, np.ndarray]:
    """Per code point: lower-case code point, is upper-case, is a digit, is blank."""
    if not _TABLES:
        if minhash._native is not None:  # the same tables, one C loop (~20x faster)
            # used in place, read-only (no copy of 6.7 MB; the C loop writes 0 or 1 bytes,
            # which a bool view reads as they are)
            lo_b, up_b, dg_b = minhash._native.char_tables()
            lower = np.frombuffer(lo_b, np.uint32)
            upper = np.frombuffer(up_b, np.uint8).view(bool)
            digit = np.frombuffer(dg_b, np.uint8).view(bool)
        else:
            lower, upper, digit = _char_tables_py()
        blank = np.zeros(0x110000, bool)
        for ch in " \t\r\f\v\u00a0\u2009\u202f":
            blank[ord(ch)] = True
        enders = np.zeros(0x110000, bool)
        for ch in _ENDERS:
            enders[ord(ch)] = True
        _TABLES.update(lower=lower, upper=upper, digit=digit, blank=blank, enders=enders)
        # the four predicates as bits of one byte, for the compiled tokeniser, and a fifth:
        # a word character (what minhash._word_table says, asked of the C macro the
        # tokeniser used per code point)
        flags = (upper.astype(np.uint8) | (digit.astype(np.uint8) << 1)
                 | (blank.astype(np.uint8) << 2) | (enders.astype(np.uint8) << 3))
        if getattr(minhash._native, "word_flags", None) is not None:  # (an older build of
            # the extension, not rebuilt, neither has nor reads the bit)
            flags |= np.frombuffer(minhash._native.word_flags(), np.uint8) << 4
        _TABLES["flags"] = flags
    return _TABLES


def _stem_hashes(cp: np.ndarray, tstart: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Hash of each word's first ``STEM`` characters, lower-cased: the sum of their code
    points times the weights of their positions (as :func:`minhash.batch_word_hashes`),
    mixed with the stem's length. One pass per stem position over the words, not over
    every character of the text."""
    lower = _tables()["lower"]
    acc = np.zeros(len(tstart), np.uint64)
    idx = np.arange(len(tstart))
    for j in range(STEM):
        idx = idx[lengths[idx] > j]
        if not len(idx):
            break
        acc[idx] += lower[cp[tstart[idx] + j]].astype(np.uint64) * _CHAR_WEIGHTS[j]
    return _mix(acc ^ np.minimum(lengths, STEM).astype(np.uint64))


def _previous_nonblank(cp: np.ndarray, tstart: np.ndarray) -> np.ndarray:
    """For each word start, the position of the last character before it that is not
    blank (-1 when there is none). Words step back over blanks together, a few steps for
    most (one space between words); a long run of blanks is finished by a binary search in
    the positions of the text's non-blank characters."""
    blank = _tables()["blank"]
    prev = tstart - 1
    todo = np.flatnonzero(prev >= 0)
    for _ in range(8):
        if not len(todo):
            return prev
        todo = todo[blank[cp[prev[todo]]]]
        prev[todo] -= 1
        todo = todo[prev[todo] >= 0]
    if len(todo):
        nonblank = np.flatnonzero(~blank[cp])
        at = np.searchsorted(nonblank, prev[todo], side="right") - 1
        prev[todo] = np.where(at >= 0, nonblank[np.maximum(at, 0)], -1)
    return prev


_STOP_HASHES: np.ndarray | None = None


def _stop_hashes() -> np.ndarray:
    global _STOP_HASHES
    if _STOP_HASHES is None:
        joined = "\x00".join(STOP_WORDS)
        cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        starts, lengths = word_runs(cp != 0)
        _STOP_HASHES = np.unique(_stem_hashes(cp, starts, lengths))
    return _STOP_HASHES


def _is_stop(hashes: np.ndarray) -> np.ndarray:
    """Which hashes are stop words': a binary search in the ~150 sorted stop hashes (the
    same answer as ``np.isin``, which sorts the whole batch, at a quarter of its time)."""
    return sorted_isin(hashes, _stop_hashes())


def anchor_hashes(texts: Sequence[str | None],
                  is_nfkc: bool = False) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The ordered anchor hashes of each text, and its content-word hashes (see module
    doc); ``is_nfkc``: the texts are in NFKC form already."""
    if not len(texts):
        return [], []
    t = _tables()
    if minhash._native is not None:  # the same tokens and tests, in one pass over the str
        keep, kc, cont, cc = native_joined(lambda joined: minhash._native.anchor_tokens(
            joined, _CHAR_WEIGHTS, t["lower"], t["flags"], _stop_hashes(), STEM, MIN_CONTENT,
            len(texts)), texts, None if is_nfkc else nfkc)
        return split_flat(keep, kc), split_flat(cont, cc)
    joined = join_texts(texts, None if is_nfkc else nfkc)
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    tstart, lengths = word_runs(_word_table()[cp])
    hashes = _stem_hashes(cp, tstart, lengths)
    # the character before each token, skipping blanks: does the token open a sentence?
    prev = _previous_nonblank(cp, tstart)
    opens = (prev < 0) | t["enders"][cp[np.maximum(prev, 0)]]
    head = cp[tstart]
    is_digit = t["digit"][head]
    is_name = t["upper"][head] & ~opens
    is_content = lengths >= MIN_CONTENT
    is_content[is_content] = ~_is_stop(hashes[is_content])
    keep = is_digit | is_name | is_content
    content = is_content & ~is_digit & ~is_name
    seps = np.flatnonzero(cp == 0)
    doc_of = np.searchsorted(seps, tstart)

    def per_doc(mask: np.ndarray) -> list[np.ndarray]:
        counts = np.bincount(doc_of[mask], minlength=len(texts))
        return np.split(hashes[mask], np.cumsum(counts)[:-1])

    return per_doc(keep), per_doc(content)


def flat_anchor_hashes(texts: Sequence[str | None], is_nfkc: bool = False
                       ) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """:func:`anchor_hashes` as :func:`newssift.dedup.minhash.flatten` gives them: the
    anchor hashes of every text in one array and the number of each, then the same of the
    content words (no array per document)."""
    if minhash._native is not None and len(texts):
        t = _tables()
        keep, kc, cont, cc = native_joined(lambda joined: minhash._native.anchor_tokens(
            joined, _CHAR_WEIGHTS, t["lower"], t["flags"], _stop_hashes(), STEM, MIN_CONTENT,
            len(texts)), texts, None if is_nfkc else nfkc)
        return ((np.frombuffer(keep, np.uint64), np.frombuffer(kc, np.int64)),
                (np.frombuffer(cont, np.uint64), np.frombuffer(cc, np.int64)))
    keep_docs, content_docs = anchor_hashes(texts, is_nfkc)
    return flatten(keep_docs), flatten(content_docs)


def flat_words_and_anchors(texts: Sequence[str], is_nfkc: bool = False) -> tuple[
        tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray],
        tuple[np.ndarray, np.ndarray]]:
    """:func:`minhash.flat_word_hashes` and :func:`flat_anchor_hashes` of the same texts
    (``""`` for a missing one), which the signature stage asks of every batch: with the
    compiled ``word_anchor_tokens``, the texts are joined once and read in one pass (the
    two tokenisers were about 14% of a dedup run's instructions, each reading the text on
    its own). Without it (no extension, or one built before it had the function) the two
    are called, which is its Python twin."""
    native = getattr(minhash._native, "word_anchor_tokens", None)
    if native is None or not len(texts):
        return (minhash.flat_word_hashes(texts, is_nfkc), *flat_anchor_hashes(texts, is_nfkc))
    t = _tables()
    w, wc, keep, kc, cont, cc = native_joined(
        lambda joined: native(joined, _CHAR_WEIGHTS, t["lower"], t["flags"], _stop_hashes(),
                              STEM, MIN_CONTENT, len(texts)), texts, None if is_nfkc else nfkc)
    return ((np.frombuffer(w, np.uint64), np.frombuffer(wc, np.int64)),
            (np.frombuffer(keep, np.uint64), np.frombuffer(kc, np.int64)),
            (np.frombuffer(cont, np.uint64), np.frombuffer(cc, np.int64)))


def flat_anchor_signatures(anchors_flat: tuple[np.ndarray, np.ndarray],
                           content_flat: tuple[np.ndarray, np.ndarray], num_perm: int,
                           seed: int) -> np.ndarray:
    """:func:`anchor_signatures` of documents given as :func:`flat_anchor_hashes` gives
    them."""
    a = signatures_from_flat(*anchors_flat, num_perm, 1, seed ^ 0xA1)
    b = signatures_from_flat(*anchors_flat, num_perm, 2, seed ^ 0xB2)
    c = signatures_from_flat(*content_flat, num_perm, 1, seed ^ 0xC3)
    return np.concatenate([a, b, c], axis=1)


def flat_sequences(flat: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`sequence` of every document given as :func:`flat_anchor_hashes` gives them:
    the sequences joined in one uint32 array, and the length of each. By the compiled
    ``fold_sequences`` when the extension has it (one pass; the numpy twin,
    :func:`_flat_sequences_py`, made six over a batch's anchors)."""
    native = getattr(minhash._native, "fold_sequences", None)
    if native is None:
        return _flat_sequences_py(flat, lengths)
    seq, take = native(np.ascontiguousarray(flat, np.uint64),
                       np.ascontiguousarray(lengths, np.int64), MAX_SEQUENCE)
    return np.frombuffer(seq, np.uint32), np.frombuffer(take, np.int64)


def _flat_sequences_py(flat: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`flat_sequences` in numpy (the reference of ``_native.fold_sequences``)."""
    take = np.minimum(lengths, MAX_SEQUENCE)
    starts = np.cumsum(lengths) - lengths
    firsts = np.cumsum(take) - take
    idx = np.repeat(starts - firsts, take) + np.arange(int(take.sum()), dtype=np.int64)
    h = np.asarray(flat, dtype=np.uint64)[idx]
    return ((h ^ (h >> np.uint64(32))) & np.uint64(0xFFFFFFFF)).astype(np.uint32), take


#: Signatures per document: set (A), order (B), content words (C).
SIGNATURES = 3


def anchor_signatures(hashes: Sequence[np.ndarray], content: Sequence[np.ndarray],
                      num_perm: int, seed: int) -> np.ndarray:
    """``(n, 3 * num_perm)`` uint32: the signatures ``A``, ``B`` and ``C`` side by side."""
    a = signatures_from_word_hashes(hashes, num_perm, 1, seed ^ 0xA1)
    b = signatures_from_word_hashes(hashes, num_perm, 2, seed ^ 0xB2)
    c = signatures_from_word_hashes(content, num_perm, 1, seed ^ 0xC3)
    return np.concatenate([a, b, c], axis=1)


def similarity(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``(3, m)`` estimated Jaccard of anchor signature rows: set, order, content words."""
    w = x.shape[-1] // SIGNATURES
    eq = x == y
    return np.stack([eq[..., k * w:(k + 1) * w].mean(axis=-1) for k in range(SIGNATURES)])


def strong(sims: np.ndarray, opt) -> np.ndarray:
    """Which pairs the three estimates link on their own limits (``sims`` from
    :func:`similarity`; ``opt`` the :class:`~newssift.dedup.options.DedupOptions`)."""
    eps = 1e-9
    return ((sims[0] >= opt.anchor_threshold - eps)
            & (sims[1] >= opt.anchor_order_threshold - eps)
            & (sims[2] >= opt.anchor_content_threshold - eps))


def linked(sims: np.ndarray, opt) -> np.ndarray:
    """Which pairs go on to :func:`aligned`: the :func:`strong` ones and, while the
    alignment is on (it is what verifies them), the candidates of the contained path
    (anchor set and content-word estimates at their lower limits)."""
    ok = strong(sims, opt)
    if opt.anchor_align_segments > 0:
        eps = 1e-9
        ok = ok | ((sims[0] >= opt.anchor_contained_threshold - eps)
                   & (sims[2] >= opt.anchor_contained_content - eps))
    return ok


def sequence(hashes: np.ndarray) -> np.ndarray:
    """The anchor sequence kept for :func:`alignment`: the first ``MAX_SEQUENCE`` anchor
    hashes, folded to 32 bits."""
    h = np.asarray(hashes[:MAX_SEQUENCE], dtype=np.uint64)
    return ((h ^ (h >> np.uint64(32))) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def lcs_profile(longer: np.ndarray, shorter: np.ndarray) -> np.ndarray:
    """``L[t]`` = length of the longest common subsequence of ``longer`` and
    ``shorter[:t]``, for ``t = 0 .. len(shorter)``.

    Bit-parallel (Allison-Dix / Hyyrö): one Python integer holds a bit per position of
    ``longer``, so each element of ``shorter`` costs a few big-integer operations instead
    of a row of the dynamic-programming table. The compiled twin (``_native.lcs_profile``,
    64-bit words) gives the same profile.
    """
    if minhash._native is not None:
        return np.frombuffer(minhash._native.lcs_profile(
            np.ascontiguousarray(longer, np.uint32).tobytes(),
            np.ascontiguousarray(shorter, np.uint32).tobytes()), np.int64).copy()
    return _lcs_profile_py(longer, shorter)


def _lcs_profile_py(longer: np.ndarray, shorter: np.ndarray) -> np.ndarray:
    """:func:`lcs_profile` with one Python integer as the bit vector (the reference)."""
    match: dict[int, int] = {}
    for i, x in enumerate(longer.tolist()):
        match[x] = match.get(x, 0) | (1 << i)
    m = len(longer)
    mask = (1 << m) - 1
    v = mask
    out = np.zeros(len(shorter) + 1, np.int64)
    for t, y in enumerate(shorter.tolist(), 1):
        bits = match.get(y)
        if bits is not None:
            u = v & bits
            v = ((v + u) | (v - u)) & mask
        out[t] = m - v.bit_count()
    return out


def segment_gains(longer: np.ndarray, shorter: np.ndarray, segments: int) -> np.ndarray:
    """Per tenth (``segments``) of ``shorter``: how much the common subsequence with
    ``longer`` grows along it, per anchor, relative to its average growth over the whole
    of ``shorter`` (1.0 = average; 0 = no growth)."""
    return _gains(longer, shorter, segments)[0]


def _gains(longer: np.ndarray, shorter: np.ndarray, segments: int) -> tuple[np.ndarray, int]:
    """:func:`segment_gains` and the length of the whole common subsequence."""
    n = len(shorter)
    if n == 0 or len(longer) == 0:
        return np.zeros(segments), 0
    return _profile_gains(lcs_profile(longer, shorter), n, segments)


def _profile_gains(prof: np.ndarray, n: int, segments: int) -> tuple[np.ndarray, int]:
    """The growth of a matched-anchor profile (``prof[t]``: matches among the shorter
    sequence's first ``t`` anchors) along each of ``segments`` parts of the shorter
    sequence, relative to its mean growth, and the number of matches."""
    if prof[-1] == 0:
        return np.zeros(segments), 0
    edges = np.linspace(0, n, segments + 1).round().astype(np.int64)
    size = np.diff(edges)
    gain = (prof[edges[1:]] - prof[edges[:-1]]) / np.maximum(size, 1)
    rel = gain / (prof[-1] / n)
    return rel[size > 0], int(prof[-1])


#: The tiled alignment (:func:`tiled_gains`): a run is a stretch of the common subsequence
#: whose consecutive matches are at most ``TILE_GAP`` anchors apart in both sequences; it
#: counts from ``TILE_MIN_RUN`` matches on; at most ``TILE_ROUNDS`` rounds.
TILE_GAP = 8
TILE_MIN_RUN = 4
TILE_ROUNDS = 16
#: The tiled alignment counts only when it matches this share of the shorter sequence more
#: than the order-preserving one (:func:`aligned`).
TILE_MIN_GAIN = 0.03


#: The longest sequence the compiled :func:`lcs_pairs` takes (its per-row counts are 16-bit).
NATIVE_LCS_MAX = 65_535


def lcs_pairs(longer: np.ndarray, shorter: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One longest common subsequence of ``longer`` and ``shorter`` as the positions it
    matches: ``(i, j)``, ``shorter[i] == longer[j]``, both increasing.

    The bit-parallel rows of :func:`_lcs_profile_py` are kept (one Python integer each) and
    walked back from the end: ``L(t, j)``, the common subsequence of ``shorter[:t]`` and
    ``longer[:j]``, is the number of zero bits of row ``t`` under bit ``j``. The walk takes
    at most ``len(shorter) + len(longer)`` steps of a masked popcount each. The compiled
    twin (``_native.lcs_pairs``: the same rows in 64-bit words, the same walk, ~10x
    faster on 4096-anchor sequences) gives the same pairs."""
    n, m = len(shorter), len(longer)
    if not n or not m:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    native = getattr(minhash._native, "lcs_pairs", None)
    # the compiled rows count in 16 bits: past NATIVE_LCS_MAX anchors (far over the
    # pipeline's MAX_SEQUENCE) the reference answers (review r43)
    if native is not None and max(n, m) <= NATIVE_LCS_MAX:
        got = np.frombuffer(native(np.ascontiguousarray(longer, np.uint32).tobytes(),
                                   np.ascontiguousarray(shorter, np.uint32).tobytes()),
                            np.int64)
        k = len(got) // 2
        return got[:k].copy(), got[k:].copy()
    return _lcs_pairs_py(longer, shorter)


def _lcs_pairs_py(longer: np.ndarray, shorter: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`lcs_pairs` with Python integers as bit rows (the reference)."""
    n, m = len(shorter), len(longer)
    match: dict[int, int] = {}
    lv = longer.tolist()
    for i, x in enumerate(lv):
        match[x] = match.get(x, 0) | (1 << i)
    full = (1 << m) - 1
    v = full
    rows = [~v & full]  # zero bits of each row, as one bits
    sv = shorter.tolist()
    for y in sv:
        bits = match.get(y)
        if bits is not None:
            u = v & bits
            v = ((v + u) | (v - u)) & full
        rows.append(~v & full)
    out_i: list[int] = []
    out_j: list[int] = []
    t, j = n, m
    cur = rows[t].bit_count()
    while t > 0 and j > 0 and cur > 0:
        below = rows[t - 1] & ((1 << j) - 1)
        if below.bit_count() == cur:  # row t adds nothing up to j
            t -= 1
            continue
        # row t adds one at the last match of shorter[t-1] in longer[:j] from which the
        # row above reaches cur - 1
        y = sv[t - 1]
        while j > 0 and not (lv[j - 1] == y
                             and (rows[t - 1] & ((1 << (j - 1)) - 1)).bit_count() == cur - 1):
            j -= 1
        if j == 0:
            break
        out_i.append(t - 1)
        out_j.append(j - 1)
        t -= 1
        j -= 1
        cur -= 1
    return np.array(out_i[::-1], np.int64), np.array(out_j[::-1], np.int64)


def _tiled_matches(longer: np.ndarray, shorter: np.ndarray) -> np.ndarray:
    """Which anchors of ``shorter`` the tiled alignment matches (bool array).

    A greedy tiling by rounds: the longest common subsequence of what is left of the two
    sequences (:func:`lcs_pairs`; of its many, the one taking the earliest matches and
    the one taking the latest, whichever keeps more: a lede whose names recur further
    down would otherwise be matched, scattered, to their last occurrences) is cut into
    *runs* wherever two consecutive matches are
    more than ``TILE_GAP`` anchors apart in either sequence; the runs of ``TILE_MIN_RUN``
    matches or more are kept and their anchors taken out of both sequences, and the next
    round aligns the rest. A copy whose paragraphs were moved is matched paragraph by
    paragraph (each run in order within itself, the runs in any order); two texts that
    share scattered words give short or sparse runs, which count nothing."""
    n = len(shorter)
    hit = np.zeros(n, bool)
    left_s = np.arange(n)
    left_l = np.arange(len(longer))
    for _ in range(TILE_ROUNDS):
        if len(left_s) < TILE_MIN_RUN or len(left_l) < TILE_MIN_RUN:
            break
        ls, ll = shorter[left_s], longer[left_l]
        best = None
        for first in (True, False):
            if first:  # the earliest matches: the common subsequence of the reversed two
                ri, rj = lcs_pairs(ll[::-1], ls[::-1])
                ii, jj = len(ls) - 1 - ri[::-1], len(ll) - 1 - rj[::-1]
            else:  # the latest ones
                ii, jj = lcs_pairs(ll, ls)
            si, lj = left_s[ii], left_l[jj]  # positions in the whole sequences
            cut = np.flatnonzero((np.diff(si) > TILE_GAP) | (np.diff(lj) > TILE_GAP)) + 1
            size = np.diff(np.concatenate([[0], cut, [len(si)]]))
            keep = np.repeat(size >= TILE_MIN_RUN, size)
            if best is None or keep.sum() > best[2].sum():
                best = (si, lj, keep)
        si, lj, keep = best
        if not keep.any():
            break
        hit[si[keep]] = True
        left_s = left_s[~np.isin(left_s, si[keep])]
        left_l = left_l[~np.isin(left_l, lj[keep])]
    return hit


def tiled_gains(longer: np.ndarray, shorter: np.ndarray, segments: int
                ) -> tuple[np.ndarray, int]:
    """:func:`segment_gains` and the number of matched anchors of the tiled alignment
    (:func:`_tiled_matches`)."""
    n = len(shorter)
    if n == 0 or len(longer) == 0:
        return np.zeros(segments), 0
    return _profile_gains(np.concatenate([[0], np.cumsum(_tiled_matches(longer, shorter))]),
                          n, segments)


def _passes(rel: np.ndarray, opt) -> bool:
    bad = rel < opt.anchor_align_fraction - 1e-9
    k = len(bad)
    lo = 0
    while lo < k and bad[lo]:
        lo += 1
    hi = k
    while hi > lo and bad[hi - 1]:
        hi -= 1
    return bool(k) and lo + (k - hi) <= opt.anchor_align_edges \
        and int(bad[lo:hi].sum()) <= opt.anchor_align_inner


def aligned(a: np.ndarray, b: np.ndarray, opt, strong: bool = True) -> bool:
    """Whether the anchor sequences of a pair :func:`linked` passes are aligned (``opt``:
    :class:`~newssift.dedup.options.DedupOptions`; ``strong``: the pair reaches the
    :func:`strong` limits). Along the shorter sequence, a tenth is aligned when the common
    subsequence grows there at least ``anchor_align_fraction`` of its average rate; at most
    ``anchor_align_edges`` tenths at the two ends (added lines above and below a copy:
    chrome, a new headline) and ``anchor_align_inner`` tenths inside may be unaligned. The
    common subsequence must cover ``anchor_cover`` of the shorter sequence, or, on the
    contained path (or when ``strong`` is false), ``anchor_contained_cover`` of a shorter
    sequence of ``anchor_contained_min`` anchors or more. Symmetric in ``a`` and ``b``.

    Since ``anchor_alignment/v3`` (``opt.anchor_tiling``), a pair that fails this on the
    one order-preserving common subsequence is tried again, under the same limits, on the
    tiled alignment (:func:`tiled_gains`): a copy whose paragraphs were moved is aligned
    block by block, each block in order within itself, the blocks in any order."""
    if not len(a) or not len(b):
        return False
    k = opt.anchor_align_segments
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    rel, common = _gains(longer, shorter, k)
    ok = _passes(rel, opt)
    if not ok and len(a) == len(b):
        ok = _passes(_gains(shorter, longer, k)[0], opt)
    if ok and _covered(common, len(shorter), opt, strong):
        return True
    if ok and not strong and getattr(opt, "anchor_verbatim_min", 0) \
            and opt.anchor_verbatim_min <= len(shorter) < opt.anchor_contained_min \
            and verbatim_cover(longer, shorter) >= opt.anchor_verbatim_cover - 1e-9:
        # a verbatim excerpt too short for the contained path (review r42 finding 5)
        return True
    if not getattr(opt, "anchor_tiling", False):
        return False
    # the tiled alignment only where moved blocks explain something: it must match
    # TILE_MIN_GAIN of the shorter sequence more than the one order-preserving alignment
    # (a follow-up that repeats the original's lede and background, in order, around
    # another story gains nothing from it and is judged as before)
    floor = common + TILE_MIN_GAIN * len(shorter) - 1e-9
    # no tiling can match more anchors than the two sequences share (as multisets): a
    # pair whose shared anchors cannot reach the floor, or the cover, is not tiled (the
    # rounds cost a few common subsequences each; most refused pairs end here)
    most = _shared_count(longer, shorter)
    if most < floor or not _covered(most, len(shorter), opt, strong):
        return False
    for x, y in ((longer, shorter), (shorter, longer)) if len(a) == len(b) else \
            ((longer, shorter),):
        rel_t, common_t = tiled_gains(x, y, k)
        if common_t >= floor and _passes(rel_t, opt) \
                and _covered(common_t, len(shorter), opt, strong):
            return True
    return False


#: Anchors per shingle of :func:`verbatim_cover`.
VERBATIM_SHINGLE = 5
_SHINGLE_MUL = np.uint64(0x9E3779B97F4A7C15)


def _anchor_shingles(seq: np.ndarray, k: int) -> np.ndarray:
    """Hashes of the runs of ``k`` consecutive anchors of ``seq`` (uint64, wrapping
    polynomial: equal runs give equal hashes)."""
    n = len(seq) - k + 1
    if n <= 0:
        return np.zeros(0, np.uint64)
    x = seq.astype(np.uint64)
    h = np.zeros(n, np.uint64)
    with np.errstate(over="ignore"):
        for t in range(k):
            h = h * _SHINGLE_MUL + x[t:t + n] + np.uint64(1)
    return h


def verbatim_cover(longer: np.ndarray, shorter: np.ndarray, k: int = VERBATIM_SHINGLE
                   ) -> float:
    """Share of the anchors of ``shorter`` inside a run of ``k`` consecutive anchors that
    occurs, as it is, in ``longer``: its anchor-shingle containment. A verbatim excerpt
    (a lede and a few paragraphs word for word) is near 1; a translation or a reworded
    copy breaks most runs of five; two texts sharing a sentence or two are covered by
    those only."""
    n = len(shorter)
    hs = _anchor_shingles(shorter, k)
    if not len(hs):
        return 0.0
    hl = np.unique(_anchor_shingles(longer, k))
    hit = sorted_isin(hs, hl)
    mark = np.zeros(n + 1, np.int64)
    starts = np.flatnonzero(hit)
    np.add.at(mark, starts, 1)
    np.add.at(mark, starts + k, -1)
    return float((np.cumsum(mark[:n]) > 0).sum()) / n


def _shared_count(a: np.ndarray, b: np.ndarray) -> int:
    """How many anchors ``a`` and ``b`` share, counted as multisets (the most any
    alignment of the two can match)."""
    va, ca = np.unique(a, return_counts=True)
    vb, cb = np.unique(b, return_counts=True)
    _, ia, ib = np.intersect1d(va, vb, assume_unique=True, return_indices=True)
    return int(np.minimum(ca[ia], cb[ib]).sum())


def _covered(common: float, n: int, opt, strong: bool) -> bool:
    """The cover limits of :func:`aligned`: ``anchor_cover`` of the shorter sequence's
    ``n`` anchors for a strong pair, else (or too) ``anchor_contained_cover`` of at least
    ``anchor_contained_min`` anchors."""
    if strong and common >= opt.anchor_cover * n - 1e-9:
        return True
    return n >= opt.anchor_contained_min and common >= opt.anchor_contained_cover * n - 1e-9
