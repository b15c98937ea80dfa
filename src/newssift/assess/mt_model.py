"""Runtime of the document-level machine-translation detector (numpy only).

Why a linear model over n-grams: it runs at well over a thousand documents per second on
one CPU core with nothing but numpy at inference, it is deterministic, and measured on WMT
years it never saw (leave-one-year-out, docs/bench/mt.md) it holds up as well as the
published n-gram SVMs or better. The document model (format ``doc-v2``) reads text with
typography flattened to ASCII, so a site's quote and dash habits do not move its score;
its weights are trained by ``train/train_mt.py`` and shipped as
``newssift/models/mt_linear.npz``; the features are computed by
:mod:`newssift.assess.mt_features`, the same code the trainer used.

A second, older model of the v1 form (word n-grams and document statistics), trained on
single sentences, ships as ``mt_sentence.npz`` for :func:`sentence_machine_translated`.

The score is a calibrated probability (Platt fit on grouped cross-validation, classes
balanced: a 50/50 prior) that an English text is a machine translation. It is a style
judgement made for news-length documents. Input it cannot judge is *not assessed*
(:func:`machine_translated` returns None): fewer than :data:`MIN_WORDS` words, or text
that is mostly not Latin-script words. Texts longer than :data:`MAX_WORDS` words are
judged on their first :data:`MAX_WORDS` words (bounded time). :func:`explain` names the
terms that pushed a score up most.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from functools import lru_cache
from importlib import resources

import numpy as np

from newssift.assess.mt_features import (
    CHAR_N,
    CHAR_PREFIX,
    FUNCTION_WORDS,
    PROFILE_NAMES,
    SKELETON_PREFIX,
    STAT_NAMES,
    TEXT_FORMS,
    WORD_PREFIX,
    char_bytes,
    char_code_of,
    char_codes,
    char_term,
    doc_stats,
    model_text,
    ngram_terms,
    profile,
    raw_tokens,
    shape,
    skeleton_terms,
    tokens,
    word_terms,
)

try:  # the compiled n-gram counting (assess/_mt_native.c); the numpy path is its reference
    from newssift.assess import _mt_native
except ImportError:  # not built: the numpy path gives the same features
    _mt_native = None

MODEL_FILE = "mt_linear.npz"  # document level (what assess() uses)
SENTENCE_MODEL_FILE = "mt_sentence.npz"  # sentence level (for per-sentence evidence)
#: Below this many words a document is not assessed (too little text to judge style).
#: Session 10: 180, was 40. Scored out of fold on the training data (3-fold CV grouped by
#: year with WMT16 left out, docs/bench/mt.md), the openings of native-English web pages of
#: the training sites reached 0.5 in 12.5% (40 words), 9.3% (60), 5.1% (90), 3.5% (130),
#: 1.9% (180) and 1.7% (250) of cases, against 1.3% for whole pages: 180 is the shortest
#: length at which the alarm rate is within #19's bound (2%). Shorter text is *not assessed*.
MIN_WORDS = 180
#: Words at which a v1 model's probability stops being shrunk towards 0.5 (v1 files only).
V1_TRUST_WORDS = 40
#: Only the first this many words are read (a 200,000-word text costs what 5,000 cost).
MAX_WORDS = 5000
_ALNUM = re.compile(r"[^\W_]")
#: A character outside Latin script's blocks (above U+024F).
_NOT_LATIN = re.compile("[^\x00-\u024f]")
#: Most raw tokens remembered per family with their vocabulary id (memory bound).
TOKEN_CACHE = 200_000
#: Counts up to this many are weighed in C (with a table of numpy's logarithms).
LOG_TABLE = 1 << 16
#: A term of the compiled counting's table, by rank (``Term`` in assess/_mt_native.c).
_TERM = np.dtype([("row", "<i4"), ("idf", "<f4"), ("weight", "<f4"), ("family", "<i4")])
#: Share of word tokens that must be Latin-script words for the English model to judge.
MIN_LATIN_SHARE = 0.8


class MTModel:
    """Tf-idf × weights, plus standardised statistics, through a logistic link."""

    def __init__(self, path) -> None:
        with np.load(path, allow_pickle=False) as z:
            terms = [str(t) for t in z["terms"]]
            self.idf = z["idf"].astype(np.float64)
            self.weights = z["weights"].astype(np.float64)
            names = tuple(str(s) for s in z["stat_names"])
            if names != STAT_NAMES:
                raise ValueError(f"{path}: model statistics {names} differ from the code's")
            self.stat_mean = z["stat_mean"]
            self.stat_scale = z["stat_scale"]
            self.stat_weights = z["stat_weights"]
            self.bias = float(z["bias"][0])
            self.note = str(z["note"][0])
        self.index = {t: i for i, t in enumerate(terms)}

    def decision(self, text: str) -> float:
        """The raw linear score (> 0 means machine-translated)."""
        toks = tokens(text)
        counts: dict[int, int] = {}
        index = self.index
        for term in ngram_terms(toks, 2):
            i = index.get(term)
            if i is not None:
                counts[i] = counts.get(i, 0) + 1
        score = self.bias
        if counts:
            ids = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            x = (1.0 + np.log(tf)) * self.idf[ids]
            norm = math.sqrt(float(x @ x)) or 1.0
            score += float(x @ self.weights[ids]) / norm
        s = (np.asarray(doc_stats(text, toks)) - self.stat_mean) / self.stat_scale
        score += float(s @ self.stat_weights)
        return score

    def probability(self, text: str) -> float:
        """P(machine-translated), shrunk towards 0.5 for short texts."""
        n = len(text.split())
        if n == 0:
            return 0.0
        p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self.decision(text)))))
        trust = min(1.0, n / V1_TRUST_WORDS)
        return 0.5 + (p - 0.5) * trust


#: A lookup key is a term's integer code plus its family's index shifted this far left
#: (codes of every family stay below 2**40: words base ~30k squared, characters 5 * 256**4).
KEY_SHIFT = 40


class CodeTable:
    """Integer key -> row, an open-addressing hash table held in one numpy array.

    Why not ``np.searchsorted`` on the sorted keys: a document has thousands of n-gram codes
    and each binary search makes ~18 dependent reads in a table of 500k keys; the hash
    finds most keys in one read, all keys of a document in a few vectorised rounds.
    Each slot is one int64, the key shifted left over the row (-1 = empty): the table of
    the shipped model is 8 MB, so more of it stays in the processor's cache than when key
    and row had 8 bytes each at a quarter load (32 MB), and a lookup reads one slot.
    ``probe`` (each key's distance past its hash slot, :attr:`probe` of an earlier build of
    the same keys, stored in the model file) places every key at once instead of in rounds.
    """

    _MUL = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing (multiplicative)

    def __init__(
        self, keys: np.ndarray, vals: np.ndarray, probe: np.ndarray | None = None
    ) -> None:
        keys = np.asarray(keys, dtype=np.int64)
        vals = np.asarray(vals, dtype=np.int64)
        n = len(keys)
        self.vbits = max(1, int(vals.max()).bit_length()) if n else 1
        if n and (keys.min() < 0 or vals.min() < 0 or int(keys.max()) >> (63 - self.vbits)):
            raise ValueError("CodeTable: keys and rows must be >= 0 and fit in 63 bits together")
        bits = max(4, int(np.ceil(np.log2(max(n, 1) * 4))))  # load factor <= 1/4
        self.bits, self.mask = bits, (1 << bits) - 1
        packed = (keys << self.vbits) | vals
        slot = self._slot(keys)
        if probe is not None and self._place(slot, packed, probe):
            return
        self.slots = np.full(1 << bits, -1, dtype=np.int64)
        #: how far past its hash slot each key sits (what :meth:`_place` reads back)
        self.probe = np.zeros(n, dtype=np.int64)
        pend = np.arange(n)
        #: the farthest any key sits past its hash slot (+1): how far a lookup must read
        self.span = 1
        while pend.size:  # each round: the first pending key of each free slot takes it
            s = slot[pend]
            free = self.slots[s] == -1
            cand, cs = pend[free], s[free]
            u, first = np.unique(cs, return_index=True)
            win = cand[first]
            self.slots[u] = packed[win]
            self.probe[win] = self.span - 1
            placed = np.zeros(n, dtype=bool)
            placed[win] = True
            pend = pend[~placed[pend]]
            slot[pend] = (slot[pend] + 1) & self.mask  # its slot is taken now: probe on
            self.span += bool(pend.size)

    def _place(self, slot: np.ndarray, packed: np.ndarray, probe: np.ndarray) -> bool:
        """Put every key where :attr:`probe` (stored in the model file, as an earlier
        build of the same keys found it) says, without the rounds of placement; False
        (nothing kept) when the probes do not fit these keys: the table is then built."""
        probe = np.asarray(probe)
        if probe.shape != slot.shape:
            return False
        if len(probe) and (probe.min() < 0 or probe.max() > self.mask):
            return False
        at = (slot + probe.astype(np.int64)) & self.mask
        slots = np.full(self.mask + 1, -1, dtype=np.int64)
        slots[at] = packed
        if not np.array_equal(np.take(slots, at), packed):  # two keys were sent to one slot
            return False
        self.slots, self.probe = slots, probe
        self.span = int(probe.max()) + 1 if len(probe) else 1
        return True

    def _slot(self, keys: np.ndarray) -> np.ndarray:
        h = keys.astype(np.uint64) * self._MUL
        return (h >> np.uint64(64 - self.bits)).astype(np.int64)

    def get(self, q: np.ndarray) -> np.ndarray:
        """The row of every key in ``q`` (-1 where absent).

        Two rounds: every key's hash slot (which holds most keys at this load), then, for
        the keys that met another key there, the next :attr:`span` - 1 slots at once (no
        key sits farther from its hash slot, so a key not found there is absent). Probing
        one slot per round instead took about eight rounds of numpy calls per document.
        """
        q = np.asarray(q, dtype=np.int64)
        out = np.full(len(q), -1, dtype=np.int64)
        s = self._slot(q)
        rec = np.take(self.slots, s)
        hit = (rec >> self.vbits) == q
        vmask = (1 << self.vbits) - 1
        out[hit] = rec[hit] & vmask
        pend = np.flatnonzero(~hit & (rec != -1))
        if pend.size and self.span > 1:
            win = (s[pend, None] + np.arange(1, self.span)) & self.mask
            rec = np.take(self.slots, win)
            hit = (rec >> self.vbits) == q[pend, None]
            row, col = np.nonzero(hit)  # a key is stored once: at most one hit per row
            out[pend[row]] = rec[row, col] & vmask
        return out


def doc_length(text: str) -> float:
    """The length term of a length-aware calibration: log(1 + white-space words)."""
    return math.log1p(len(text.split()))


def lookup_arrays(
    families: tuple[str, ...], terms, family: np.ndarray
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """From term names: each token family's vocabulary (id = position + 1), and every term's
    lookup key (see :data:`KEY_SHIFT`) with its row. The trainer stores these in the model
    file so loading builds no string per term; an older file is converted here at load."""
    vocabs: dict[str, np.ndarray] = {}
    keys = np.zeros(len(terms), dtype=np.int64)
    for k, fam in enumerate(families):
        rows = np.flatnonzero(family == k)
        if fam not in ("words", "skeleton", "chars"):
            continue  # a dense family (the profile) has no terms
        if fam == "chars":
            keys[rows] = [char_code_of(str(terms[i])[2:].encode("latin-1")) for i in rows]
        else:
            grams = [str(terms[i])[2:].split(" ") for i in rows]
            vocab: dict[str, int] = {}
            for g in grams:
                for t in g:
                    vocab.setdefault(t, len(vocab) + 1)
            base = len(vocab) + 1
            for r, g in zip(rows, grams, strict=True):
                c = len(g)
                for t in g:
                    c = c * base + vocab[t]
                keys[r] = c
            vocabs[fam] = np.array(list(vocab), dtype=str)
        keys[rows] += k << KEY_SHIFT
    return vocabs, keys, np.arange(len(terms), dtype=np.int64)


def lookup_file_arrays(families: tuple[str, ...], terms, family: np.ndarray) -> dict:
    """What the trainer adds to a model file so that loading it splits no strings:
    ``lookup_keys`` (row i = term i) and ``vocab_<family>`` per token family."""
    vocabs, keys, _rows = lookup_arrays(families, terms, family)
    return {"lookup_keys": keys, **{f"vocab_{f}": v for f, v in vocabs.items()}}


#: The arrays of a model file with one entry per term row (reordered together).
ROW_ARRAYS = ("terms", "family", "idf", "weights", "lookup_keys")


def in_key_order(arrays: dict) -> dict:
    """A model file's arrays (name -> array, with ``lookup_keys``) with the term rows sorted
    by lookup key, plus ``lookup_probe``: how far past its hash slot each key sits in the
    :class:`CodeTable` of those keys. Loading such a file sorts nothing and builds the table
    in one placement (session 12: 0.3 s of CPU time per load before). The scores do not
    change: terms are weighed and summed in key order whatever their rows, and each key
    keeps its token ids (the vocabularies are not renumbered)."""
    order = np.argsort(np.asarray(arrays["lookup_keys"], dtype=np.int64), kind="stable")
    out = dict(arrays)
    for name in ROW_ARRAYS:
        if name in arrays:
            out[name] = np.asarray(arrays[name])[order]
    keys = np.asarray(out["lookup_keys"], dtype=np.int64)
    probe = CodeTable(keys, np.arange(len(keys), dtype=np.int64)).probe
    out["lookup_probe"] = probe.astype(np.min_scalar_type(int(probe.max()) if len(probe) else 0))
    return out


class DocModel:
    """The v2 document model: flattened text, per-family tf-idf (plus, when trained with
    it, the dense profile of :func:`newssift.assess.mt_features.profile`), logistic, Platt.

    Speed: the trainer's terms are strings (``"w the minister"``, ``"s the <C> <w>"``);
    building and hashing one string per n-gram costs most of the time. So every known term
    has an integer key (its family, n, then its token ids in base K; characters: their
    bytes), stored in the model file with each family's token vocabulary; at run time only
    the tokens are looked up (one dict lookup per token for all token families), the n-grams
    of each family and length are built, sorted and counted in numpy in 16 or 32 bits
    (:meth:`_grams`), and every distinct one is found in one :class:`CodeTable`. A token
    the model does not know cannot be part of a known n-gram (a term kept at training was
    in >= 2 documents, so were its tokens), so the result equals the string lookup
    (:meth:`contributions_by_string`, kept as the reference the tests compare with).

    Where the compiled twin (``assess/_mt_native.c``) is built, tokenising, counting and
    the table lookups run there instead (:meth:`_counts_native`): it gives the same term
    rows and counts in the same order as the numpy path (:meth:`_counts_py`, the reference;
    tests/assess/test_mt_native.py), and the weighing (:meth:`_weigh`) is the same numpy
    code for both, so the scores are the same bit for bit. Set :attr:`native` to False to
    use the numpy path. The table holds each key's *rank* in key order (``_rank_row`` maps
    it to the row): the compiled counting marks the ranks it finds in a bitmap and reads
    them back in order, which sorts the terms found without a sort.

    Term names are never loaded to score or to explain: :meth:`term_name` rebuilds a name
    from its key and the family's vocabulary (the ``terms`` array of the shipped file is
    72 MB as numpy strings and took 0.4 s to read into every worker that flagged a page).
    """

    def __init__(self, path) -> None:
        self.path = path
        with np.load(path, allow_pickle=False) as z:
            self.families = tuple(str(f) for f in z["families"])
            self.family = z["family"].astype(np.int64)
            z_idf, z_weights = z["idf"], z["weights"]
            self.idf = z_idf.astype(np.float64)
            self.weights = z_weights.astype(np.float64)
            self.bias = float(z["bias"][0])
            self.platt = tuple(float(v) for v in z["platt"])
            self.note = str(z["note"][0])
            #: how the text is prepared before its terms are counted (mt_features.TEXT_FORMS);
            #: files from before session 11 have no field: flattened typography only
            self.text_form = str(z["text_form"][0]) if "text_form" in z.files else "flat"
            if self.text_form not in TEXT_FORMS:
                raise ValueError(f"{path}: unknown text form {self.text_form!r}")
            if "lookup_keys" in z.files:
                keys = z["lookup_keys"]
                rows = np.arange(len(keys), dtype=np.int64)
                vocabs = {f: z[f"vocab_{f}"] for f in self.families if f in ("words", "skeleton")}
            else:  # a file from before session 5: derive the arrays from the term names
                self._terms = [str(t) for t in z["terms"]]
                vocabs, keys, rows = lookup_arrays(self.families, self._terms, self.family)
            self.profile = None
            if "profile_weights" in z.files:
                names = tuple(str(s) for s in z["profile_names"])
                if names != PROFILE_NAMES:
                    raise ValueError(f"{path}: profile features {names} differ from the code's")
                self.profile = (
                    z["profile_mean"].astype(np.float64),
                    z["profile_scale"].astype(np.float64),
                    z["profile_weights"].astype(np.float64),
                )
                self.common = frozenset(str(w) for w in z["common_words"])
            probe = z["lookup_probe"] if "lookup_probe" in z.files else None
        keys = np.asarray(keys, dtype=np.int64)
        self._row_key = np.empty(len(keys), dtype=np.int64)
        self._row_key[rows] = keys
        # each key's rank in key order is its value in the table; _rank_row maps it back
        #: whether row i holds the key of rank i (files written by mt_model.in_key_order)
        self._rows_in_key_order = bool(np.all(keys[1:] > keys[:-1])) and np.array_equal(
            rows, np.arange(len(rows))
        )
        if self._rows_in_key_order:
            rank = np.arange(len(keys), dtype=np.int64)
            self._rank_row = np.ascontiguousarray(rows, dtype=np.int64)
        else:  # a file from before session 12
            order = np.argsort(keys, kind="stable")
            rank = np.empty(len(keys), dtype=np.int64)
            rank[order] = np.arange(len(keys), dtype=np.int64)
            self._rank_row = np.ascontiguousarray(rows[order], dtype=np.int64)
            probe = None  # the probes are of the keys in key order
        self._table = CodeTable(keys, rank, probe)
        # idf and weight side by side (one read per term found); the family of a term from
        # its row when the rows are grouped by family (as the trainer writes them)
        self._rec = np.stack([self.idf, self.weights], axis=1)
        grouped = bool(np.all(np.diff(self.family) >= 0)) if len(self.family) else True
        self._fam_end = (
            np.searchsorted(self.family, np.arange(len(self.families)), side="right")
            if grouped
            else None
        )
        # tolist gives Python str directly (iterating the array built a numpy scalar per word)
        self._vocab = {
            f: dict(zip(np.asarray(v).astype(str).tolist(), range(1, len(v) + 1), strict=True))
            for f, v in vocabs.items()
        }
        self._base = {f: len(v) + 1 for f, v in self._vocab.items()}
        self._max_n = {"words": 2, "skeleton": 4}
        # n-gram values in 32 bits when every one of the family's fits (see _grams)
        self._dtype = {
            f: np.uint32 if b ** self._max_n[f] <= 2**32 else np.int64
            for f, b in self._base.items()
        }
        self._tok_fams = tuple(f for f in self.families if f in self._vocab)
        # _token_code's fast case: (words' dict.get, skeleton's dict.get, skeleton's base)
        self._word_skeleton = (
            (self._vocab["words"].get, self._vocab["skeleton"].get, self._base["skeleton"])
            if self._tok_fams == ("words", "skeleton")
            else None
        )
        self._index: dict[str, int] | None = None
        self._cache: dict[str, int] = {}
        #: the last text scored and its (ids, n-gram shares, profile shares): explain reuses it
        self._last: tuple | None = None
        # the compiled counting: its token families (key offset, base, longest n) in packing
        # order and the offset of the character family (-1: none)
        self._native_fams = tuple(
            (self.families.index(f) << KEY_SHIFT, self._base[f], self._max_n[f])
            for f in self._tok_fams
        )
        self._chars_top = (
            self.families.index("chars") << KEY_SHIFT if "chars" in self.families else -1
        )
        self._counter = None
        if _mt_native is not None:
            self._counter = self._native_counter(z_idf, z_weights)
        self._native = self._counter is not None
        #: np.log of the counts 1..LOG_TABLE, for the compiled weighing (numpy's own values)
        self._logs = np.log(np.arange(1, LOG_TABLE + 1, dtype=np.float64))

    def _native_counter(self, idf: np.ndarray, weights: np.ndarray):
        """The compiled counting's tables (``_mt_native.Counter``), or None when this model
        cannot use it: idf or weights not exact in float32 (the tables hold them in 4 bytes,
        with the row and the family, in key order), or n-gram values too wide for its key
        layout."""
        order = self._rank_row
        if len(order) >= 2**31:
            return None
        # rows in key order (mt_model.in_key_order): the arrays are already in rank order
        ident = self._rows_in_key_order
        terms = np.empty(len(order), dtype=_TERM)
        terms["row"] = order
        terms["family"] = self.family if ident else self.family[order]
        for name, a in (("idf", idf), ("weight", weights)):
            a = np.asarray(a)
            terms[name] = a if ident else a[order]
            if a.dtype == np.float32:  # as the trainer writes them: exact in 4 bytes
                continue
            if not np.array_equal(terms[name].astype(np.float64), np.asarray(a, np.float64)[order]):
                return None
        t = self._table
        try:
            return _mt_native.Counter(
                t.slots, t.vbits, t.span, terms, self._native_fams, self._chars_top, CHAR_N
            )
        except ValueError:
            return None

    @property
    def native(self) -> bool:
        """Whether the compiled counting is used (True when it is built; False: numpy)."""
        return self._native

    @native.setter
    def native(self, on: bool) -> None:
        if on and self._counter is None:
            raise RuntimeError("the compiled MT counting (assess/_mt_native.c) is not in use")
        self._native, self._last = bool(on), None

    @property
    def terms(self) -> list[str]:
        """Every term's name, read from the model file on first use (tests, reference)."""
        if getattr(self, "_terms", None) is None:
            with np.load(self.path, allow_pickle=False) as z:
                self._terms = [str(t) for t in z["terms"]]
        return self._terms

    def term_name(self, row: int) -> str:
        """The name of the term of ``row`` (as in the model file's ``terms``), rebuilt from
        its key: ``"c "`` + the bytes of a character n-gram, or the family's prefix and its
        tokens joined by spaces (the inverse of :func:`lookup_arrays`)."""
        if getattr(self, "_terms", None) is not None:
            return self._terms[row]
        k = int(self.family[row])
        fam = self.families[k]
        code = int(self._row_key[row]) - (k << KEY_SHIFT)
        if fam == "chars":
            return char_term(code)
        if getattr(self, "_names", None) is None:
            self._names = {f: list(v) for f, v in self._vocab.items()}
        base, names = self._base[fam], self._names[fam]
        n = 1
        while (n + 1) * base ** (n + 1) <= code:
            n += 1
        code -= n * base**n
        toks = []
        for _ in range(n):
            code, d = divmod(code, base)
            toks.append(names[d - 1])
        prefix = WORD_PREFIX if fam == "words" else SKELETON_PREFIX
        return prefix + " ".join(reversed(toks))

    def _token_code(self, tok: str) -> int:
        """A raw token's ids in every token family's vocabulary packed in one integer."""
        pair = self._word_skeleton
        if pair is not None:  # words then skeleton (the shipped model): lower-cased once
            wget, sget, sbase = pair
            low = tok.lower()
            # mt_features.shape(tok), from ``low``
            if low in FUNCTION_WORDS or not tok[0].isalnum():
                sk = low
            elif tok[0].isdigit():
                sk = "<d>"
            elif tok[0].isupper():
                sk = "<C>"
            else:
                sk = "<w>" if len(tok) < 7 else "<W>"
            return wget(low, 0) * sbase + sget(sk, 0)
        return self._token_code_any(tok)

    def _token_code_any(self, tok: str) -> int:
        """:meth:`_token_code` of any token families (the reference)."""
        code = 0
        for fam in self._tok_fams:
            key = tok.lower() if fam == "words" else shape(tok)
            code = code * self._base[fam] + self._vocab[fam].get(key, 0)
        return code

    def _token_ids(self, toks: list[str]) -> dict[str, np.ndarray]:
        """Each token's id in every token family's vocabulary (0 = unknown), through one
        cache of raw token -> the ids of all families packed in one integer (lower-casing or
        shaping a token costs more than a lookup; the cache is emptied when it reaches
        :data:`TOKEN_CACHE` entries)."""
        cache = self._cache
        if len(cache) > TOKEN_CACHE:
            cache.clear()
        packed = list(map(cache.get, toks))
        if None in packed:
            for j, t in enumerate(toks):
                if packed[j] is None:
                    packed[j] = cache[t] = self._token_code(t)
        rest = np.array(packed, dtype=np.int64)
        out = {}
        for fam in reversed(self._tok_fams):
            rest, out[fam] = np.divmod(rest, self._base[fam])
        return out

    def _grams(self, toks: list[str], flat: str) -> tuple[np.ndarray, np.ndarray]:
        """Every distinct n-gram of the text in every family as a lookup key (ascending),
        with its count; n-grams with a token the model does not know are left out.

        Counted per family and n, on the n-gram's tokens (or bytes) alone in 32 bits where
        they fit: sorting a few short arrays of small integers is much cheaper than one long
        array of 64-bit keys, and since keys are ordered by family, then n, then these
        values, the result is in the same order as sorting the keys."""
        groups = []  # (sorted n-gram values of one family and n, their key offset)
        ids = self._token_ids(toks) if self._tok_fams else {}
        for k, fam in enumerate(self.families):
            top = k << KEY_SHIFT
            if fam == "chars":
                b = np.frombuffer(char_bytes(flat), dtype=np.uint8).astype(np.uint32)
                g = b
                for n in range(1, max(CHAR_N) + 1):
                    if n > 1:
                        g = (g[:-1] << np.uint32(8)) | b[n - 1 :]
                    if n == 2:  # 16 bits: numpy's stable sort is a radix sort there
                        groups.append(
                            (np.sort(g.astype(np.uint16), kind="stable"), top + 2 * 256**2)
                        )
                    elif n in CHAR_N:
                        groups.append((np.sort(g), top + n * 256**n))
                continue
            if fam not in self._vocab:
                continue
            base, dtype = self._base[fam], self._dtype[fam]
            tid = ids[fam].astype(dtype)
            known = tid > 0
            g, ok = tid, known
            for n in range(1, self._max_n[fam] + 1):
                if n > 1:
                    g = g[:-1] * dtype(base) + tid[n - 1 :]
                    ok = ok[:-1] & known[n - 1 :]
                groups.append((np.sort(g[ok]), top + n * base**n))
        if not groups:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        # one pass over all groups: equal neighbours never straddle two groups (their
        # offsets differ by more than any group's values)
        vals = np.concatenate([v.astype(np.int64) + off for v, off in groups])
        if not len(vals):
            return vals, np.zeros(0, dtype=np.int64)
        first = np.empty(len(vals), dtype=bool)
        first[0] = True
        np.not_equal(vals[1:], vals[:-1], out=first[1:])
        at = np.flatnonzero(first)
        counts = np.empty(len(at), dtype=np.int64)
        counts[:-1] = at[1:] - at[:-1]
        counts[-1] = len(vals) - at[-1]
        return vals[at], counts

    def _counts_py(self, toks: list[str], flat: str) -> tuple[np.ndarray, np.ndarray]:
        """The rows of the terms in a text and their counts, in key order (numpy path)."""
        # count first, then look up each distinct key once (a text repeats its n-grams;
        # sorting is cheaper than a table read per occurrence)
        codes, tf = self._grams(toks, flat)
        ranks = self._table.get(codes)
        hit = ranks >= 0
        return self._rank_row[ranks[hit]], tf[hit]

    def _native_out(self, flat: str, logs: np.ndarray | None):
        """The compiled counting of ``flat`` (tokens read in C; a token not in the cache yet
        gets its code here, as in :meth:`_token_ids`)."""
        cache = self._cache
        if len(cache) > TOKEN_CACHE:
            cache.clear()
        codes = b""
        if self._tok_fams:
            # (the Counter's memo in C answers for the tokens the cache gave it before)
            # (an extension built before the memo existed: the module's token_codes)
            token_codes = getattr(self._counter, "token_codes", _mt_native.token_codes)
            codes, misses = token_codes(flat, cache)
            if misses:
                packed = np.frombuffer(codes, dtype=np.int64)
                for j, t in misses:
                    c = cache.get(t)
                    packed[j] = c if c is not None else cache.setdefault(t, self._token_code(t))
                del packed
        # mt_features.char_bytes(flat), its white-space collapsing and encoding done in C
        # (an ASCII text is lower-cased in C, as str.lower would)
        chars = b""
        if self._chars_top >= 0:
            chars = _mt_native.char_text(
                flat if _CHAR_TEXT_LOWERS and flat.isascii() else flat.lower()
            )
        return self._counter.count(codes, chars, logs)

    def _terms_native(self, flat: str) -> tuple[np.ndarray, ...]:
        """The rows of the terms in ``flat`` with their counts, idf, weights and families, in
        key order, by the compiled twin. Rows and counts equal :meth:`_counts_py`; idf,
        weights and families are the model's for those rows."""
        out = self._native_out(flat, None)
        k = len(out) // 40
        return (
            np.frombuffer(out, np.int64, k, 0),
            np.frombuffer(out, np.float64, k, 8 * k),
            np.frombuffer(out, np.float64, k, 16 * k),
            np.frombuffer(out, np.float64, k, 24 * k),
            np.frombuffer(out, np.int64, k, 32 * k),
        )

    def _shares_native(self, flat: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Term rows and their shares (what :meth:`_weigh` gives), weighed in C with the
        same operations in the same order and numpy's own logarithms (:attr:`_logs`); None
        when a count is beyond that table."""
        out = self._native_out(flat, self._logs)
        if out is None:
            return None
        k = len(out) // 16
        return np.frombuffer(out, np.int64, k, 0), np.frombuffer(out, np.float64, k, 8 * k)

    def _profile_shares(self, toks: list[str]) -> np.ndarray:
        """Each profile feature's share of the linear score (empty without a profile)."""
        if self.profile is None:
            return np.zeros(0)
        mean, scale, w = self.profile
        return (profile(toks, self.common) - mean) / scale * w

    def _term_strings(self, text: str) -> list[str]:
        flat = model_text(text, self.text_form)
        toks = raw_tokens(flat)
        out: list[str] = []
        for fam in self.families:
            if fam == "words":
                out += word_terms([t.lower() for t in toks])
            elif fam == "chars":
                out += [char_term(int(c)) for c in char_codes(flat)]
            else:
                out += skeleton_terms(toks)
        return out

    def _weigh(self, ids: np.ndarray, tf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Term ids and counts -> each one's share of the linear score: sublinear tf x idf,
        l2-normalised within its family, times its weight."""
        if not len(ids):
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        rec = np.take(self._rec, ids, axis=0)
        if self._fam_end is not None:
            fam = np.searchsorted(self._fam_end, ids, side="right")
        else:
            fam = self.family[ids]
        return ids, self._weigh_parts(tf, rec[:, 0], rec[:, 1], fam)

    def _weigh_parts(
        self, tf: np.ndarray, idf: np.ndarray, w: np.ndarray, fam: np.ndarray
    ) -> np.ndarray:
        """The arithmetic of :meth:`_weigh` (shared by both paths, so equal inputs give
        equal shares bit for bit)."""
        x = (1.0 + np.log(tf)) * idf
        norm = np.sqrt(np.bincount(fam, weights=x * x, minlength=len(self.families)))
        norm[norm == 0] = 1.0
        return x * w / norm[fam]

    def _scored(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Term ids, their shares and the profile's shares of the linear score of ``text``:
        one pass, kept for the next call with the same text (:meth:`explain` of a flagged
        document reuses the pass that scored it)."""
        last = self._last
        if last is not None and (last[0] is text or last[0] == text):
            return last[1]
        flat = model_text(text, self.text_form)
        toks = raw_tokens(flat) if self.profile is not None or not self._native else []
        if self._native:
            got = self._shares_native(flat)
            if got is None:  # a count beyond the table of logarithms: weighed in numpy
                ids, tf, idf, w, fam = self._terms_native(flat)
                got = ids, (self._weigh_parts(tf, idf, w, fam) if len(ids) else np.zeros(0))
            ids, shares = got
        else:
            rows, tf = self._counts_py(toks, flat)
            ids, shares = self._weigh(rows, tf.astype(np.float64))
        out = (ids, shares, self._profile_shares(toks))
        self._last = (text, out)
        return out

    def contributions(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Term ids present in ``text`` and each one's share of the linear score."""
        ids, shares, _prof = self._scored(text)
        return ids, shares

    def contributions_by_string(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`contributions` by looking every n-gram string up (slow reference)."""
        if self._index is None:
            self._index = {t: i for i, t in enumerate(self.terms)}
        get = self._index.get
        counts = [(get(t), c) for t, c in Counter(self._term_strings(text)).items()]
        counts = [(i, c) for i, c in counts if i is not None]
        ids = np.fromiter((i for i, _ in counts), dtype=np.int64, count=len(counts))
        tf = np.fromiter((c for _, c in counts), dtype=np.float64, count=len(counts))
        order = np.argsort(ids, kind="stable")
        return self._weigh(ids[order], tf[order])

    def _decision_of(self, scored) -> float:
        _ids, shares, prof = scored
        return self.bias + float(shares.sum()) + float(prof.sum())

    def decision(self, text: str) -> float:
        """The raw linear score (> 0 leans machine-translated)."""
        return self._decision_of(self._scored(text))

    def probability(self, text: str) -> float:
        """Calibrated P(machine-translated) of a text already judged assessable (a model
        calibrated with the length term adds c * :func:`doc_length`)."""
        a, b, *c = self.platt
        z = a * self.decision(text) + b
        if c:
            z += c[0] * doc_length(text)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def explain(self, text: str, k: int = 3) -> list[tuple[str, float]]:
        """The ``k`` terms that pushed the score towards MT most, with their share (from the
        pass that scored ``text`` when it was the last one scored)."""
        ids, c, prof = self._scored(text)
        c = np.concatenate([c, prof])
        order = np.argsort(-c, kind="stable")[:k]
        out = []
        for i in order:
            if c[i] > 0:
                if i < len(ids):
                    label = _label(self.term_name(int(ids[i])))
                else:
                    label = "style " + PROFILE_NAMES[int(i) - len(ids)]
                out.append((label, round(float(c[i]), 3)))
        return out

    def scored(self, text: str, k: int = 3) -> tuple[float, list[tuple[str, float]]]:
        """(:meth:`probability`, :meth:`explain`) of ``text`` from one scoring pass."""
        return self.probability(text), self.explain(text, k)


def _label(term: str) -> str:
    """How :meth:`DocModel.explain` names a term: the words, ``pattern ...`` for the
    skeleton, ``chars '...'`` for a character n-gram."""
    if term.startswith(WORD_PREFIX):
        return term[2:]
    if term.startswith(CHAR_PREFIX):
        return "chars '" + term[2:].encode("latin-1").decode("utf-8", "replace") + "'"
    return f"pattern {term[2:]}"


@lru_cache(maxsize=2)
def load_model(name: str = MODEL_FILE) -> MTModel | DocModel | None:
    """A shipped model, or None if the file is missing (the score is then not written)."""
    ref = resources.files("newssift").joinpath("models", name)
    try:
        with resources.as_file(ref) as path:
            with np.load(path, allow_pickle=False) as z:
                v2 = "format" in z.files and str(z["format"][0]) == "doc-v2"
            return DocModel(path) if v2 else MTModel(path)
    except (FileNotFoundError, OSError):
        return None


def _latin_words_py(head: str) -> tuple[bool, bool, int, int]:
    """What :func:`assessable` reads of ``head``: (every character Latin-script, some
    character alphanumeric, word tokens, Latin-script word tokens). A word token is a
    :func:`raw_tokens` token starting with an alphanumeric character; a Latin one has every
    character below U+0250. The reference of ``_mt_native.latin_words`` (one pass in C:
    the regex tokenising of a text with curly quotes was a third of the MT score's cost)."""
    all_latin = not _NOT_LATIN.search(head)
    has_alnum = _ALNUM.search(head) is not None
    sample = [t for t in raw_tokens(head) if t[0].isalnum()]
    latin = sum(1 for t in sample if t.isascii() or all(c < "\u0250" for c in t))
    return all_latin, has_alnum, len(sample), latin


def _words_below_py(text: str, limit: int) -> int:
    """``min(len(text.split()), limit)`` (the reference of ``_mt_native.words_below``)."""
    return min(len(text.split(None, limit)), limit)


# (getattr: an extension built before these functions existed still loads; its twin is used)
#: whether the built char_text lower-cases an ASCII text itself (a build from before
#: session 17 does not: the text is then lower-cased here first)
_CHAR_TEXT_LOWERS = _mt_native is not None and _mt_native.char_text("A") == b" a "
_latin_words = getattr(_mt_native, "latin_words", _latin_words_py)
_words_below = getattr(_mt_native, "words_below", _words_below_py)


def word_count(text: str) -> int:
    """``len(text.split())``, counted without building the words where the extension is
    built (``_mt_native.words_below`` with no limit; assess's ``n_words`` of every
    document, ~0.6% of a run's worker CPU as a split)."""
    return _words_below(text, sys.maxsize)


def assessable(text: str) -> tuple[bool, str]:
    """Whether the document model can judge ``text``, and if not, why (a stable code).

    ``too_short``: under :data:`MIN_WORDS` words. ``not_latin``: under
    :data:`MIN_LATIN_SHARE` of the word tokens are Latin-script words (the model reads
    English; mixed or other-script text is left to the language checks).
    """
    if _words_below(text, MIN_WORDS) < MIN_WORDS:
        return False, "too_short"
    head = text[:20000]
    if head.isascii() and _ALNUM.search(head):
        return True, ""  # every character Latin-script (the common case, no tokenising)
    all_latin, has_alnum, n_words, n_latin = _latin_words(head)
    if all_latin and has_alnum:
        return True, ""
    if not n_words or n_latin < MIN_LATIN_SHARE * n_words:
        return False, "not_latin"
    return True, ""


def _head(text: str) -> str:
    """The first :data:`MAX_WORDS` words of ``text`` (the text itself when shorter)."""
    if len(text) <= 2 * MAX_WORDS:  # a word and a separator per word: no more words than that
        return text
    if _words_below(text, MAX_WORDS + 1) <= MAX_WORDS:  # counted without building the words
        return text
    parts = text.split(None, MAX_WORDS)
    return text if len(parts) <= MAX_WORDS else " ".join(parts[:MAX_WORDS])


def machine_translated(text: str) -> float | None:
    """P(text is machine-translated English), or None: no model, or not assessed.

    Not assessed (see :func:`assessable`): under :data:`MIN_WORDS` words or mostly not
    Latin-script. Never raises on any string.
    """
    model = load_model()
    if model is None or not isinstance(text, str):
        return None
    ok, _why = assessable(text)
    if not ok:
        return None
    return model.probability(_head(text))


def explain(text: str, k: int = 3) -> list[tuple[str, float]]:
    """The terms of ``text`` that pushed its MT score up most (empty if none or no model).

    Called right after :func:`machine_translated` on the same text (a flagged document),
    it reuses that scoring pass (see :meth:`DocModel.explain`)."""
    model = load_model()
    if not isinstance(model, DocModel) or not assessable(text)[0]:
        return []
    return model.explain(_head(text), k)


def scored(text: str, k: int = 3) -> tuple[float | None, list[tuple[str, float]]]:
    """(:func:`machine_translated`, :func:`explain`) of ``text`` in one call and one
    scoring pass: (None, []) when there is no model or the text is not assessed."""
    model = load_model()
    if model is None or not isinstance(text, str) or not assessable(text)[0]:
        return None, []
    head = _head(text)
    if not isinstance(model, DocModel):
        return model.probability(head), []
    return model.scored(head, k)


def sentence_machine_translated(sentence: str) -> float | None:
    """P(one sentence is machine-translated), from the sentence-level model; None if absent.

    Sentence-level judgements are weak (about 0.6 accuracy on WMT18, see
    docs/bench/assessment.md): use them to point at the most suspicious sentences of a
    document, never to decide on one sentence.
    """
    model = load_model(SENTENCE_MODEL_FILE)
    if model is None or not sentence.strip():
        return None
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, model.decision(sentence)))))
