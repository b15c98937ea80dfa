"""The compiled token loop of the quality signals (assess/_quality_native.c) against its
Python twin.

The Python path of ``quality_signals`` (``split_words`` line by line, the Gopher memos,
``quality_ngrams.ngram_repetition``, ``sentences_in``) is the reference. With the compiled
loop every score must be the same float, in the same order, and every flag the same."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest

from newssift.assess import quality
from newssift.assess.quality import quality_signals
from newssift.assess.quality_ngrams import ngram_repetition
from newssift.assess.quality_tokens import TOKEN_CLASSES, split_words
from tests.conftest import SHARED

native = pytest.importorskip("newssift.assess._quality_native")

ROOT = Path(__file__).resolve().parents[2]


PIECES = [
    "the", "a", "be", "that", "with", "have", "and", "of", "to", "said", "The", "AND",
    ".", ",", "!", "?", "...", "…", "—", "-", "#", "•", "“", "”", "'", "''", "(", ")",
    "U.S.", "Mr.", "don't", "can’t", "it's", "e.g.", "8)", ":)", "km/h", "5km", "$5", "10%",
    "lorem", "ipsum", "{", "}", "[1]", "[edit]", "javascript", "cookie", "policy",
    "2024-01-01", "http://example.com/a?b=c", "x@y.org", "well-known", "A.B", "a.B",
    "。", "，", "中文", "Ελλάδα", "ﬁne", "١٢", "\u0300", "\U0001f600", "※", "►",
    # words of letters that are special tokens, alone and with a closing mark (the
    # compiled loop reads word and word-and-mark chunks itself, but not these)
    "cannot", "Cannot", "gonna", "Im", "im", "id", "Id", "ive", "hes", "thats", "Jan", "Dec",
    "word", "Word", "WORD", "ǅ", "ß", "É", "ª", "ΣΑΣ", ";", ":", "!?",
]
SPACES = [" ", " ", " ", "  ", "\n", "\n\n", "\r\n", "\t", "\u2028", "\x0c", "\u00a0", "\u3000"]


def _random_text(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        piece = rng.choice(PIECES)
        if rng.random() < 0.3:  # glue pieces into one chunk now and then
            piece += rng.choice(PIECES)
        out.append(piece)
        out.append(rng.choice(SPACES))
    return "".join(out)


def _texts() -> list[str]:
    rng = random.Random(17)
    texts = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("tests/*/fixtures/*.txt"))]
    texts += [p.read_text(encoding="utf-8")
              for p in sorted((ROOT / "bench" / "data" / "farm_set").glob("*/*.txt"))]
    texts += ["", " ", "\n", "a", ".", "a b", "a a", "word " * 40, "the the. " * 30,
              "Line one.\nLine one.\n\nLine one.\n", "x\r\ny\u2028z\x85w"]
    texts += [_random_text(rng, rng.randint(0, 400)) for _ in range(150)]
    if SHARED is not None:
        from newssift.extract.article import extract

        ext = SHARED / "benchmarks" / "extraction"
        pages = sorted(ext.glob("aeb/html/*.html.gz")) + sorted(ext.glob("naeb/html/*.html.gz"))
        for p in pages[::10]:
            texts.append(extract(gzip.decompress(p.read_bytes()).decode("utf-8", "replace")).text)
    return texts


def _both(text: str):
    try:
        quality._NATIVE[0] = False
        ref = quality_signals(text)
    finally:
        quality._NATIVE[0] = True
    return quality_signals(text), ref


def test_scores_and_flags_are_those_of_the_python_path():
    texts = _texts()
    assert len(texts) > 150
    for text in texts:
        (scores, flags), (ref_scores, ref_flags) = _both(text)
        assert list(scores.items()) == list(ref_scores.items()), text[:200]
        assert flags == ref_flags, text[:200]


def test_a_second_pass_with_warm_memos_gives_the_same():
    texts = _texts()[:60]
    first = [quality_signals(t) for t in texts]
    assert [quality_signals(t) for t in texts] == first


def test_ngram_repetition_is_that_of_numpy():
    rng = random.Random(5)
    for _ in range(400):
        alphabet = rng.choice(("ab", "abc", "abcdefgh", "abcdefghijklmnopqrstuvwxyz"))
        words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3)))
                 for _ in range(rng.randint(0, 300))]
        top, dup = ngram_repetition(words)
        assert native.ngram_repetition(words) == (tuple(top.values()), tuple(dup.values()))
    for words in ([], ["a"], ["a", "a"], ["a", "b"], ["x"] * 50, ["ab", "c"] * 30):
        top, dup = ngram_repetition(words)
        assert native.ngram_repetition(words) == (tuple(top.values()), tuple(dup.values()))


def test_ngram_repetition_of_long_texts_with_few_repeats_is_that_of_numpy():
    """Long token lists where few n-grams repeat: the compiled count sizes each round's
    table by that round's candidates, far fewer than the tokens."""
    rng = random.Random(6)
    for _ in range(30):
        vocab = [f"w{i}" for i in range(rng.choice((50, 400, 5000)))]
        words = [rng.choice(vocab) for _ in range(rng.randint(500, 4000))]
        for _ in range(rng.randint(0, 6)):  # a passage copied further on
            a = rng.randrange(len(words))
            passage = words[a:a + rng.randint(2, 40)]
            at = rng.randrange(len(words))
            words[at:at] = passage
        top, dup = ngram_repetition(words)
        assert native.ngram_repetition(words) == (tuple(top.values()), tuple(dup.values()))


def test_the_token_byte_holds_what_the_python_memos_say():
    tokens = {t for text in _texts()[:80] for t in split_words(text)} | set(PIECES)
    for tok in tokens:
        info = quality._token_info(tok)
        assert info < 256
        assert info & 3 == {"W": 0, "P": 1, "E": 2}[TOKEN_CLASSES.compute(tok)]
        assert bool(info & 4) == bool(quality.HAS_ALPHA.compute(tok))
        assert bool(info & 8) == (quality._word_length(tok) == 0)
        stop = info >> 4
        assert (stop > 0) == (tok in quality.GOPHER_STOP_WORDS)


def test_the_quick_chunk_shapes_give_what_the_memo_gives():
    """token_counts reading word and word-and-mark chunks itself (the five-argument form
    quality.py uses) against the memo alone (two arguments), whole results compared."""
    assert native.QUICK_SHAPES and quality._QUICK_SHAPES
    rng = random.Random(29)
    marks = [",", ";", ":", "!", "?", ".", "", "", "'", ")", "..", ".”"]
    words = [*PIECES, "the", "and", "of", "That", "THE", "ǅx", "aß", "Éa", "xΣ", "nicht", "été"]
    for _ in range(300):
        chunks = [rng.choice(words) + rng.choice(marks) for _ in range(rng.randint(0, 60))]
        lines = [" ".join(chunks[i:i + 7]) + "\n" for i in range(0, len(chunks), 7)]
        memo = quality.Memo(quality._chunk_info)
        quick = native.token_counts(lines, memo, *quality._QUICK_SHAPES)
        assert quick == native.token_counts(lines, quality.Memo(quality._chunk_info)), lines


def test_bad_arguments_are_type_errors():
    with pytest.raises(TypeError):
        native.token_counts("text", {})
    with pytest.raises(TypeError):  # a memo entry of the wrong shape
        native.token_counts(["a b"], {"a": ("a",), "b": ("b",)})
    with pytest.raises(TypeError):
        native.ngram_repetition(["a", 1])
    with pytest.raises(TypeError):  # the quick form needs all three tables
        native.token_counts(["a b"], {}, {}, {})
    with pytest.raises(ValueError):  # a mark of the table is one ASCII character
        native.token_counts(["a b"], {}, {}, {}, {"..": 9})


def test_no_letter_is_sentence_final_punctuation_or_a_symbol():
    """What the fast path of ``_token_info`` for a word of letters rests on."""
    import sys

    from newssift.assess.quality_tokens import _is_punct, is_sentence_terminal

    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if ch.isalpha():
            assert not is_sentence_terminal.__wrapped__(ch), hex(code)
            assert not _is_punct(ch), hex(code)
            assert ch not in quality.SYMBOL_CHARS, hex(code)


def test_a_chunk_entry_is_its_tokens_and_their_bytes():
    from newssift.assess.quality_tokens import _chunk_tokens

    chunks = {c for text in _texts()[:80] for c in text.split()} | set(PIECES)
    chunks |= {"cannot", "gonna", "Im", "the", "The", "said,", "U.S.", "e.g."}
    for chunk in chunks:
        toks, infos = quality._chunk_info(chunk)
        assert toks == _chunk_tokens(chunk), chunk
        assert infos == bytes(quality._token_info_general(t) for t in toks), chunk


def test_the_line_and_paragraph_splits_are_those_of_the_regexes():
    texts = [*_texts(), "\n", "\n\n", "\n\n\n", "a\n", "\na", "a\n\n\nb\n\n", "\n\na\nb\n\n\n"]
    for text in texts:
        assert quality._line_breaks_split(text) == quality.LINE_BREAKS.split(text)
        scores: dict[str, float] = {}
        quality._gopher_repetition(text, ({}, {}), scores, [])
        stripped = text.strip()
        paragraphs = quality.PARAGRAPH_BREAKS.split(stripped)
        n = len(paragraphs) - len(set(paragraphs))
        assert scores["gopher_rep.dup_para_frac"] == n / len(paragraphs)


def test_the_suffix_search_finds_what_the_whole_search_finds():
    from newssift.assess import quality_tokens as qt

    rng = random.Random(9)
    alphabet = [*"aZs9S0.'’…—–+$£%°C/²", "km", "km/h", "mbar", "US$", "..", "“", "►"]
    bodies = {c for text in _texts()[:80] for c in text.split()} | set(PIECES)
    bodies |= {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10)))
               for _ in range(20000)}
    for body in bodies:
        got, want = qt._suffix_search(body), qt._SUFFIX.search(body)
        assert (got.span() if got else None) == (want.span() if want else None), body
