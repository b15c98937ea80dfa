"""The compiled loops of dedup (``dedup/_native.c``) return exactly what their Python twins
return, on real texts (the repository's example articles, the syndication bench's article
bodies when ../shared is there) and on texts chosen to break a tokeniser."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from newssift.dedup import evidence
from newssift.dedup.minhash import _CHAR_WEIGHTS, nfkc, normalise
from tests.conftest import shared_path

native = evidence._native
pytestmark = pytest.mark.skipif(native is None, reason="the compiled dedup loops are not built")

ROOT = Path(__file__).resolve().parents[2]
SHARED = shared_path("benchmarks", "extraction")


def _example_texts() -> list[str]:
    with open(ROOT / "examples" / "articles.jsonl", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [r["text"] for r in rows if r.get("text")]


_ODD = [
    "", "\n", "\n\n\n", " a ", "_", "__init__ x_y", "Straße ﬁne １２３ İstanbul", "a\u0301 á",
    "日本語のテキスト。\n中文，标点。", "emoji 😀 between 🙂 words\n😀", "line\u2028sep\u0085nel",
    "\x00nul\x00", "\x1c\x1d\x1e\x1f field\x0bsep\x0cff\r\n", "lone \ud800 surrogate",
    "Ελληνικά, Русский: ٣٤٥ تاريخ", "x" * 300 + " " + "y " * 100,
]


def _agree(text: str) -> None:
    joined = normalise(text)
    keys = native.line_keys(joined)
    assert keys == evidence._line_keys_py(joined)
    # the same keys case folded on the way, from the NFKC form
    assert native.folded_line_keys(nfkc(text)) == keys
    assert evidence._folded_line_keys_py(nfkc(text)) == keys
    assert native.count_words(keys) == evidence._count_words_py(keys)


def _agree_pair(a: str, b: str) -> None:
    ka, kb = native.line_keys(normalise(a)), native.line_keys(normalise(b))
    got = native.word_excess(ka, kb)
    assert got == evidence._word_excess_py(ka, kb)
    assert native.word_excess(kb, ka) == evidence._word_excess_py(kb, ka)
    return got


def test_example_articles() -> None:
    texts = _example_texts()
    assert len(texts) >= 5
    for t in texts:
        _agree(t)
    excesses = {_agree_pair(a, b)[2] for a in texts for b in texts}
    assert len(excesses) > 5  # the pairs really differ


def test_odd_texts() -> None:
    for t in _ODD:
        _agree(t)
        for u in _ODD:
            _agree_pair(t, u)


def test_random_mixed_alphabets() -> None:
    rng = random.Random(5)
    alphabet = [*"abcAB _-.,\n\t", "é", "ß", "日", "😀", "\u0301", "\u00a0", "١", "İ"]
    for _ in range(500):
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        b = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        _agree(a)
        _agree_pair(a, b)


def test_folding_equals_str_casefold_on_every_code_point() -> None:
    """The compiled fold (code point by code point, memoised) gives what ``str.casefold``
    gives for every code point, one-to-many folds (ß, ﬁ, İ -> i + combining dot, which
    splits a word) and surrogates included, in line keys and in word hashes."""
    import numpy as np

    for lo in range(0, 0x110000, 4096):
        # (NUL apart: it separates the documents of a batch, and a text holding one is
        # refused, tests/dedup/test_nul.py)
        text = " ".join(chr(c) for c in range(lo, min(lo + 4096, 0x110000)) if c not in (0, 10))
        text += "\nİx ßA ﬁNE"
        assert native.folded_line_keys(text) == native.line_keys(text.casefold())
        got = native.folded_word_hashes(text + "\x00Word", _CHAR_WEIGHTS, 2)
        ref = native.word_hashes(text.casefold() + "\x00word", _CHAR_WEIGHTS, 2)
        assert got[1] == ref[1]
        assert np.array_equal(np.frombuffer(got[0], np.uint64), np.frombuffer(ref[0], np.uint64))
    assert native.folded_line_keys("İx") == ["i x"]  # the fold splits the word


def test_words_of_different_string_kinds_are_one_word() -> None:
    """A word held in a 1-byte str and the same word in a 4-byte one count as one word."""
    assert native.word_excess(["caf x"], ["caf 😀"]) == (2, 2, 1)
    assert native.word_excess(["abc abc"], ["😀 abc"]) == (2, 2, 1)
    assert native.word_excess(["日本 abc"], ["abc 日本"]) == (2, 2, 0)


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/benchmarks/extraction")
def test_syndication_bodies() -> None:
    from bench import syndication

    src = syndication.distinct_sources(syndication.load_sources(str(SHARED)))[:300]
    docs = syndication.generate(src, strength=1.0, copies=2, negatives=1, seed=3)
    by_story: dict[str, list[str]] = {}
    for d in docs:
        by_story.setdefault(d.label.split("-neg")[0], []).append(d.text)
    for texts in by_story.values():
        for t in texts:
            _agree(t)
        for t in texts[1:]:
            _agree_pair(texts[0], t)


def _hashes_both(texts: list, monkeypatch: pytest.MonkeyPatch) -> tuple:
    from newssift.dedup import anchors, minhash

    got = (minhash.batch_word_hashes(texts), *anchors.anchor_hashes(texts))
    with monkeypatch.context() as m:
        m.setattr(minhash, "_native", None)
        ref = (minhash.batch_word_hashes(texts), *anchors.anchor_hashes(texts))
    return got, ref


def _assert_same_hashes(texts: list, monkeypatch: pytest.MonkeyPatch) -> int:
    from newssift.dedup import anchors, minhash

    got, ref = _hashes_both(texts, monkeypatch)
    for g, r in zip(got, ref, strict=True):  # word hashes, anchors, content words
        assert len(g) == len(r)
        for x, y in zip(g, r, strict=True):
            assert x.dtype == y.dtype and x.tolist() == y.tolist()
            assert x.flags.writeable
    # the one pass of both tokenisers (word_anchor_tokens) gives the same three
    forms = [nfkc(t) if t else "" for t in texts]
    one_pass = anchors.flat_words_and_anchors(forms, is_nfkc=True)
    for (flat, counts), docs in zip(one_pass, ref, strict=True):
        assert flat.dtype == np.uint64 and counts.dtype == np.int64
        assert counts.tolist() == [len(x) for x in docs]
        assert flat.tolist() == [v for x in docs for v in x.tolist()]
    assert minhash._native is not None and hasattr(minhash._native, "word_anchor_tokens")
    return sum(len(x) for x in got[1])


def test_word_and_anchor_hashes_on_example_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _assert_same_hashes(_example_texts(), monkeypatch) > 100  # anchors were found


def test_word_and_anchor_hashes_on_odd_and_random_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(9)
    alphabet = [*"abcAB _-.,:!?\"\n\t\x00", "é", "ß", "日", "😀", "\u0301", "\u00a0", "١", "İ",
                "“", "«", "\u2009", "Σ", "Ω"]
    # (a lone surrogate is left out: the numpy path cannot encode it, the compiled one reads it)
    texts = [None, *(t for t in _ODD if "\ud800" not in t)]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 150)))
              for _ in range(400)]
    _assert_same_hashes(texts, monkeypatch)
    for k in range(0, len(texts), 37):  # batches of every size, one text alone
        _assert_same_hashes(texts[k:k + 1], monkeypatch)
        _assert_same_hashes(texts[k:k + 13], monkeypatch)


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/benchmarks/extraction")
def test_word_and_anchor_hashes_on_syndication_bodies(monkeypatch: pytest.MonkeyPatch) -> None:
    from bench import syndication

    src = syndication.distinct_sources(syndication.load_sources(str(SHARED)))[:400]
    docs = syndication.generate(src, strength=1.0, copies=1, negatives=1, seed=4)
    assert _assert_same_hashes([d.text for d in docs], monkeypatch) > 10_000


def test_lcs_profile_compiled_equals_python() -> None:
    """The common-subsequence profile in 64-bit words equals the one-integer version, at
    lengths on both sides of every word boundary and with few or many distinct anchors."""
    import numpy as np

    from newssift.dedup import anchors

    rng = np.random.default_rng(8)
    sizes = [0, 1, 2, 63, 64, 65, 127, 128, 129, 200, 700]
    for m in sizes:
        for n in sizes:
            for alphabet in (2, 7, 50, 2**32 - 1):
                a = rng.integers(0, alphabet, m, dtype=np.uint64).astype(np.uint32)
                b = rng.integers(0, alphabet, n, dtype=np.uint64).astype(np.uint32)
                if alphabet == 7 and n and m:  # a copy: b shares a run of a
                    k = min(m, n) // 2
                    b[:k] = a[:k]
                got = anchors.lcs_profile(a, b)
                want = anchors._lcs_profile_py(a, b)
                assert got.dtype == want.dtype and got.tolist() == want.tolist()


def test_shingle_minhash_equals_the_numpy_signatures(monkeypatch: pytest.MonkeyPatch) -> None:
    """signatures_from_word_hashes through the compiled shingle pass gives the numpy path's
    signatures: empty documents, documents shorter than a shingle, every shingle size the
    word and anchor signatures use (each a loop of its own), small and large num_perm, extreme
    hash values."""
    import numpy as np

    from newssift.dedup import minhash

    rng = np.random.default_rng(11)
    lengths = [0, 1, 2, 3, 4, 0, 7, 50, 1, 2000, 0, 5]
    docs = [rng.integers(0, 2**64, size=n, dtype=np.uint64) for n in lengths]
    docs.append(np.array([0, 2**64 - 1, 2**63, 1], np.uint64))
    docs.append(np.array([7, 7, 7, 7, 7, 7], np.uint64))  # one shingle repeated
    for k in (1, 2, 3, 5):
        for num_perm in (2, 8, 128, 256):
            for seed in (1, 0xA5):
                got = minhash.signatures_from_word_hashes(docs, num_perm, k, seed)
                with monkeypatch.context() as m:
                    m.setattr(minhash, "_native", None)
                    ref = minhash.signatures_from_word_hashes(docs, num_perm, k, seed)
                assert got.dtype == ref.dtype and got.flags.writeable
                assert np.array_equal(got, ref), (k, num_perm, seed)
    empty = minhash.signatures_from_word_hashes([], 128, 3, 1)
    assert empty.shape == (0, 128)
    only_empty = minhash.signatures_from_word_hashes([np.zeros(0, np.uint64)] * 3, 16, 3, 1)
    assert (only_empty == minhash.EMPTY).all()


def test_char_tables_equal_the_python_loop() -> None:
    """The anchors' per-code-point tables (lower-case form, upper-case, digit) built in C
    are the Python loop's, on every code point."""
    import numpy as np

    from newssift.dedup import anchors

    lower, upper, digit = native.char_tables()
    ref_lower, ref_upper, ref_digit = anchors._char_tables_py()
    assert np.array_equal(np.frombuffer(lower, np.uint32), ref_lower)
    assert np.array_equal(np.frombuffer(upper, np.uint8).astype(bool), ref_upper)
    assert np.array_equal(np.frombuffer(digit, np.uint8).astype(bool), ref_digit)
    assert ref_upper.sum() > 1000 and ref_digit.sum() > 500  # the tables are not empty
    assert ref_lower[ord("İ")] == ord("İ")  # lower-cases to two code points: kept as is
    assert ref_lower[ord("Σ")] == ord("σ")


def test_densify_equals_the_numpy_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """Densification in C fills every empty bin as the numpy probes and the per-row LCG
    fallback do: rows with no empty bin, all empty, one filled bin (past the probes), and
    random mixes, at several widths and seeds."""
    import numpy as np

    from newssift.dedup import minhash

    rng = np.random.default_rng(3)
    for num_perm in (8, 128, 256):
        sig = rng.integers(0, 2**32 - 1, size=(60, num_perm), dtype=np.uint32)
        for r in range(60):
            kept = rng.random(num_perm) < [1.0, 0.0, 0.5, 0.05, 0.01][r % 5]
            sig[r, ~kept] = minhash.EMPTY
        sig[7, :] = minhash.EMPTY
        sig[7, 3] = 99  # a single filled bin: most empties need the LCG fallback
        for seed in (1, 0xA5, 2**40 + 3):
            got = minhash.densify(sig.copy(), seed)
            with monkeypatch.context() as m:
                m.setattr(minhash, "_native", None)
                ref = minhash.densify(sig.copy(), seed)
            assert np.array_equal(got, ref), (num_perm, seed)
            assert (got[1] == minhash.EMPTY).all() and (got[7] == 99).all()
    assert minhash.densify(np.zeros((0, 16), np.uint32), 1).shape == (0, 16)


def test_hash_arrays_grow_past_their_first_guess(monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled tokenisers read a text once and grow their arrays as they fill: texts
    of one-letter words (more words than the first guess of a fifth of the characters),
    every stop word in every case, and more documents than announced give the Python
    twins' hashes and counts."""
    import numpy as np

    from newssift.dedup import anchors

    dense = " ".join("abcdefghij"[k % 10] for k in range(20_000))
    stops = " ".join(anchors.STOP_WORDS) + ". " + " ".join(w.upper() for w in anchors.STOP_WORDS)
    names = ". ".join(f"Word{k} Nameword{k} 12{k}" for k in range(3000))
    _assert_same_hashes([dense, stops, names, dense.upper(), "", None], monkeypatch)
    got = _hashes_both([stops], monkeypatch)[0]
    assert len(got[2][0]) < len(got[0][0]) // 4  # the stop words are no content words
    joined = "\x00".join(["x y"] * 500)
    flat, counts = native.word_hashes(joined, _CHAR_WEIGHTS, 500)
    assert np.frombuffer(counts, np.int64).tolist() == [2] * 500
    f_flat, f_counts = native.folded_word_hashes(joined.upper(), _CHAR_WEIGHTS, 500)
    assert (f_flat, f_counts) == (flat, counts)
    # 500 documents, 1 announced: the counts grow past their first guess, and the
    # tokeniser says it met another number of documents than it was told (None; a build
    # from before COUNTS_DOCUMENTS gave the 500 counts)
    if getattr(native, "COUNTS_DOCUMENTS", 0):
        assert native.word_hashes(joined, _CHAR_WEIGHTS, 1) is None
        assert native.folded_word_hashes(joined.upper(), _CHAR_WEIGHTS, 1) is None


def test_word_excess_past_its_first_table() -> None:
    """The word table starts with room for a word in eight characters and grows: keys of
    many distinct short words (up to one in two characters) count as the Python twin."""
    rng = random.Random(5)
    for n in (1, 10, 100, 1000, 5000):
        d = [" ".join(f"{rng.choice('abcdé日')}{rng.randrange(n)}" for _ in range(n))]
        e = [" ".join(rng.choice("abcxyz") for _ in range(n)), "q " * (n // 3)]
        for x, y in ((d, e), (e, d), (d, d), (d, [])):
            assert native.word_excess(x, y) == evidence._word_excess_py(x, y)
    # one-character words, each distinct: the table doubles several times, filling either side
    for n in (3000, 20000):
        cjk = [" ".join(chr(0x4E00 + i) for i in range(n))]
        half = [" ".join(chr(0x4E00 + i) for i in range(0, n, 2))]
        for x, y in ((cjk, []), ([], cjk), (["a"], cjk), (cjk, half), (half, cjk)):
            assert native.word_excess(x, y) == evidence._word_excess_py(x, y)


def test_json_str_is_the_json_encoders() -> None:
    """_native.json_str writes what json's own string encoding (ensure_ascii=False) writes,
    on strings of every width with quotes, backslashes, control and lone surrogate code
    points."""
    rng = random.Random(8)
    alphabet = [*'ab "\\/', *map(chr, range(0x20)), "\x7f", "é", "ÿ", "“", "\u2028", "日",
                "\ud800", "😀"]
    texts = ["", "plain", "\"", "\\", *_ODD]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
              for _ in range(3000)]
    for t in texts:
        assert native.json_str(t) == json.encoder.encode_basestring(t), repr(t)
    with pytest.raises(TypeError):
        native.json_str(b"x")


def test_word_flags_are_the_word_table() -> None:
    """The word bit anchor_tokens reads (F_WORD, from _native.word_flags) marks exactly the
    word characters of minhash._word_table (str.isalnum or '_'); a flags table without
    it is refused, not read as a text without words."""
    import numpy as np

    from newssift.dedup import anchors, minhash

    word = np.frombuffer(native.word_flags(), np.uint8).astype(bool)
    assert np.array_equal(word, minhash._word_table())
    assert np.array_equal((anchors._tables()["flags"] & 16) > 0, word)
    t = anchors._tables()
    with pytest.raises(ValueError):
        native.anchor_tokens("a b", _CHAR_WEIGHTS, t["lower"], t["flags"] & 15,
                             anchors._stop_hashes(), anchors.STEM, anchors.MIN_CONTENT, 1)


def test_word_hashes_of_long_ascii_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """ASCII word characters after the first of a word are hashed in a loop of their own:
    runs past the 64 position weights, digits, '_', upper case, a word going on into a
    non-ASCII letter and out of it, and a text ending inside a word hash as the numpy twin."""
    rng = random.Random(21)
    alphabet = [*"aAzZ09_", " ", ".", "\n", "é", "ß", "日"]
    texts = ["x" * 200, "A" * 63 + "é" + "b" * 70, "_9Zz" * 40 + " end", "abcé", "éabc", "a"]
    texts += ["".join(rng.choice(alphabet[:7] if rng.random() < 0.9 else alphabet)
                      for _ in range(rng.randint(0, 300))) for _ in range(300)]
    _assert_same_hashes(texts, monkeypatch)


def test_line_keys_of_long_ascii_runs() -> None:
    """folded_line_keys takes the ASCII word characters after a word's first in a loop of
    their own: its keys equal the Python twin's on ASCII-heavy lines, words running into
    and out of non-ASCII letters, line breaks right after a word, a text ending in one."""
    rng = random.Random(23)
    alphabet = [*"aAzZ09_", " ", ".", "\n", "é", "ß", "日", "İ"]
    texts = ["x" * 200, "A" * 63 + "é" + "b" * 70 + "\nend", "abc\ndef\n", "abcé\néabc", "a"]
    texts += ["".join(rng.choice(alphabet[:9] if rng.random() < 0.9 else alphabet)
                      for _ in range(rng.randint(0, 300))) for _ in range(300)]
    for t in texts:
        _agree(t)
        assert native.folded_line_keys(t) == evidence._folded_line_keys_py(t)


def test_text_lines_are_the_python_twins() -> None:
    """text_lines cuts at line breaks and strips what str.strip strips (every Unicode
    space, \\r, \\x1c-\\x1f, NEL, the line separator...), leaving out empty lines."""
    rng = random.Random(31)
    alphabet = [*"ab \n\t\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u2028",
                "\u3000", "\u200b", "é", "日", "😀", "\ud800"]
    texts = ["", "\n", " \n \n", "a", " a ", "a\nb", "\na\n", *_ODD]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
              for _ in range(3000)]
    for t in texts:
        assert native.text_lines(t) == evidence._text_lines_py(t), repr(t)
    with pytest.raises(TypeError):
        native.text_lines(None)


def test_line_lookup_is_the_dicts() -> None:
    """A canonical's compiled line table answers each line as the dict of its lines and
    keys does: lines of every string width, lines given twice, empty lines, lines that
    differ in one code point or only in width, lines it lacks (None); it holds no
    reference once freed (the keys outlive it)."""
    import gc
    import sys

    rng = random.Random(41)
    alphabet = [*"ab .", "é", "ÿ", "“", "日", "😀", "\ud800"]
    for _ in range(200):
        lines = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
                 for _ in range(rng.randint(0, 40))]
        keys = [f"k{i}" for i in range(len(lines))]
        ref = dict(zip(lines, keys, strict=True))
        table = native.line_table(lines, keys)
        queries = lines + [x + "a" for x in lines] + ["", "a", "é", "x" * 9]
        rng.shuffle(queries)
        assert native.line_lookup(table, queries) == [ref.get(q) for q in queries]
        assert native.line_lookup(table, queries) == evidence._line_lookup_py(
            evidence._line_table_py(lines, keys), queries)
    key = "a key of its own " * 3
    before = sys.getrefcount(key)
    table = native.line_table(["line"], [key])
    assert sys.getrefcount(key) == before + 1
    del table
    gc.collect()
    assert sys.getrefcount(key) == before
    with pytest.raises(ValueError):
        native.line_table(["a"], [])
    with pytest.raises(TypeError):
        native.line_lookup(native.line_table([], []), [b"x"])
    with pytest.raises(ValueError):
        native.line_lookup(object(), [])


def test_word_anchor_tokens_without_the_function_falls_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """An extension built from an older _native.c (no word_anchor_tokens) gives the same
    three results through the two tokenisers it has; tables that fold ASCII otherwise than
    the one pass assumes are refused, not hashed wrongly."""
    from types import SimpleNamespace

    from newssift.dedup import anchors, minhash

    texts = ["The Mayor of Berlin said 3,200 flats.", "", "Straße İstanbul ﬁne … ½"]
    got = anchors.flat_words_and_anchors(texts)
    old = SimpleNamespace(**{k: getattr(native, k) for k in dir(native)
                             if not k.startswith("_") and k != "word_anchor_tokens"})
    monkeypatch.setattr(minhash, "_native", old)
    ref = anchors.flat_words_and_anchors(texts)
    for (a, b), (c, d) in zip(got, ref, strict=True):
        assert a.tolist() == c.tolist() and b.tolist() == d.tolist()
    t = anchors._tables()
    lower = t["lower"].copy()
    lower[ord("A")] = ord("A")
    with pytest.raises(ValueError):
        native.word_anchor_tokens("a b", _CHAR_WEIGHTS, lower, t["flags"],
                                  anchors._stop_hashes(), anchors.STEM, anchors.MIN_CONTENT, 1)


def test_sequence_keys_are_the_numpy_twins() -> None:
    """The compiled sequence keys (one pass, position weights computed once per call) equal
    the numpy twin's: empty batches, documents without words among others, one long
    document, extreme hash values."""
    from newssift.dedup import minhash

    rng = np.random.default_rng(12)
    cases = [np.zeros(0, np.int64), np.array([0, 0], np.int64), np.array([3000], np.int64),
             np.array([0, 1, 0, 2, 5, 0], np.int64)]
    cases += [rng.integers(0, 60, size=int(rng.integers(1, 40))).astype(np.int64)
              for _ in range(100)]
    for lengths in cases:
        w = rng.integers(0, 2**64, size=int(lengths.sum()), dtype=np.uint64)
        w[:3] = [0, 2**64 - 1, 2**63][:len(w[:3])]
        got = minhash.sequence_keys_flat(w, lengths)
        want = minhash._sequence_keys_py(w, lengths)
        assert got.dtype == want.dtype and got.tolist() == want.tolist()
        assert got.flags.writeable
    with pytest.raises(ValueError):
        native.sequence_keys(np.zeros(2, np.uint64), np.array([3], np.int64))


def test_fold_sequences_are_the_numpy_twins() -> None:
    """The compiled anchor sequences (first MAX_SEQUENCE hashes of each document folded to
    32 bits) equal the numpy twin's: empty batches, documents without anchors, documents
    past the limit, extreme hash values."""
    from newssift.dedup import anchors

    rng = np.random.default_rng(13)
    limit = anchors.MAX_SEQUENCE
    cases = [np.zeros(0, np.int64), np.array([0, 0], np.int64),
             np.array([limit + 5, 0, 3, limit], np.int64)]
    cases += [rng.integers(0, 80, size=int(rng.integers(1, 30))).astype(np.int64)
              for _ in range(60)]
    for lengths in cases:
        flat = rng.integers(0, 2**64, size=int(lengths.sum()), dtype=np.uint64)
        flat[:3] = [0, 2**64 - 1, 2**63 + 5][:len(flat[:3])]
        got = anchors.flat_sequences(flat, lengths)
        want = anchors._flat_sequences_py(flat, lengths)
        for g, w in zip(got, want, strict=True):
            assert g.dtype == w.dtype and g.tolist() == w.tolist()
    with pytest.raises(ValueError):
        native.fold_sequences(np.zeros(2, np.uint64), np.array([3], np.int64), limit)
