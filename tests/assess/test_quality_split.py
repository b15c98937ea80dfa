"""The compiled reading of a new chunk (``split_chunk`` in assess/_quality_native.c) against
``quality._chunk_info``, its Python reference.

The seven-argument form of ``token_counts`` (what ``quality.py`` passes when the extension
has ``QUICK_SPLIT``) cuts a chunk that the chunk memo has not seen, of the shapes that
``quality_tokens._quick_split`` reads, and stores its tokens and info bytes in the memo
itself. Every entry it stores must be the entry ``_chunk_info`` computes for that chunk,
and the counts must be those of the memo alone."""

from __future__ import annotations

import gzip
import random

import pytest

from newssift.assess import quality
from newssift.assess import quality_tokens as qt
from tests.conftest import SHARED

native = pytest.importorskip("newssift.assess._quality_native")
if not getattr(native, "QUICK_SPLIT", 0):  # pragma: no cover - a build from before it
    pytest.skip("the extension predates the compiled chunk split", allow_module_level=True)



#: Pieces glued into chunks: every character class the split reads (opening and closing
#: marks, periods after lower case, digits and capitals, possessives, dashes, apostrophes,
#: numbers with separators) and pieces of special tokens and emoticons.
PIECES = [
    "a", "word", "Word", "WORD", "the", "and", "US", "U", "S", "s", "S", "é", "Ωx", "ǅ",
    "ß", "中", "١", "x1", "5", "12", "3.5", "1,000", ",", ".", "..", ";", ":", "!", "?",
    ")", "]", "(", "[", "$", "£", "€", "“", "”", "‘", "’", "'", '"', "'s", "’S", "-", "–",
    "—", "--", "O’Brien", "rock'n", "well-known", "state-run", "Jan", "Jan.", "Mr", "Mrs.",
    "can", "n't", "don", "’t", "8", ":)", ";-)", "(:", "<3", "e.g", "i.e.", "a.m", "°C",
    "km", "%", "+", "/", "_", "#", "…", "\u0300", "\U0001f600", "ca", "nt", "cannot", "Im",
]


OPENERS = ["", "", "", "(", "[", "“", "‘", "'", '"', "$", "£", "€", "-", "…", "x"]
CORES = ["word", "Word", "WORD", "AB", "aB", "é", "Ωmega", "ǅx", "ß", "well-known", "a-b-c",
         "a--b", "-a", "a-", "O’Brien", "rock'n'roll", "x'", "'x", "12", "1,000", "3.5",
         "1.2.3", "1,", "1.a", "٣", "x1", "1x", "U.S", "e.g", "can't", "Jan", "cannot", "Im",
         "8", "a—b", "a–b", "a_b", "Ελλάδα", "中文"]
CLOSERS = [",", ".", ";", ":", "!", "?", ")", "]", "”", "’", "'", '"', "'s", "’s", "'S",
           "’S", "s", "..", "…", "%", "km", "+", "-"]


def _chunks(rng: random.Random, n: int) -> list[str]:
    """Half of them glued from random pieces, half of the shapes the split reads (an
    opening mark, a core, closing marks) with near misses among the parts."""
    out = []
    for i in range(n):
        if i % 2:
            chunk = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 5)))
        else:
            chunk = rng.choice(OPENERS) + rng.choice(CORES) + "".join(
                rng.choice(CLOSERS) for _ in range(rng.choice((0, 1, 1, 2, 3))))
        out.append(chunk)
    return out


def _bench_chunks() -> list[str]:
    """The distinct chunks of up to 120 bench pages' visible text, where the shared data
    is beside the clone (skipped without it: the random chunks still run)."""
    if SHARED is None:
        return []
    from newssift.extract import extract

    pages = sorted((SHARED / "benchmarks" / "extraction" / "naeb" / "html").glob("*.html.gz"))
    seen: dict[str, None] = {}
    for path in pages[:120]:
        art = extract(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
        for chunk in (art.text or "").split():
            seen[chunk] = None
    return list(seen)


def _split_by_native(chunks: list[str], max_size: int = 500_000):
    """token_counts over ``chunks`` with a fresh memo; the memo and how many chunks its
    Python ``__missing__`` was asked for."""
    asked = []

    def compute(chunk):
        asked.append(chunk)
        return quality._chunk_info(chunk)

    memo = quality.Memo(compute, max_size=max_size)
    lines = [" ".join(chunks[i:i + 9]) + "\n" for i in range(0, len(chunks), 9)]
    counts = native.token_counts(lines, memo, *quality._QUICK_SHAPES)
    return memo, asked, counts, lines


def test_the_split_reads_the_marks_quality_tokens_reads():
    opening, closing = native.SPLIT_SETS
    assert set(opening) == qt._OPEN
    assert set(closing) == qt._CLOSE
    assert len(quality._QUICK_SHAPES) == 5  # quality.py passes the split's two tables


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_entry_the_split_stores_is_chunk_info(seed):
    rng = random.Random(seed)
    chunks = _chunks(rng, 6000)
    memo, asked, counts, lines = _split_by_native(chunks)
    wrong = [(c, v, quality._chunk_info(c)) for c, v in memo.items()
             if v != quality._chunk_info(c)]
    assert not wrong, wrong[:5]
    # the compiled split did read chunks (not only the memo's Python path)
    stored_by_c = len(memo) - len(set(asked))
    assert stored_by_c > 1000, stored_by_c
    # and the counts are the memo's alone
    assert counts == native.token_counts(lines, quality.Memo(quality._chunk_info))


def test_bench_chunks_split_as_chunk_info():
    chunks = _bench_chunks()
    if not chunks:
        pytest.skip("../shared/benchmarks is not beside this clone")
    memo, asked, _, _ = _split_by_native(chunks)
    assert len(memo) - len(set(asked)) > len(memo) // 3
    wrong = [c for c, v in memo.items() if v != quality._chunk_info(c)]
    assert not wrong, wrong[:10]


def test_known_shapes():
    cases = {
        "(state-run),": ("(", "state", "-", "run", ")", ","),
        "Trump’s.”": ("Trump", "’s", ".", "”"),
        "$12,000.": ("$", "12,000", "."),
        "O’Brien,": ("O’Brien", ","),
        "“Hello": ("“", "Hello"),
        "U.S.": ("U.S.",),  # a special token: the memo's Python path
    }
    memo, _, _, _ = _split_by_native(list(cases))
    for chunk, tokens in cases.items():
        assert memo[chunk] == quality._chunk_info(chunk)
        assert memo[chunk][0] == tokens, chunk


def test_a_full_memo_is_cleared_as_memo_clears_it():
    rng = random.Random(7)
    chunks = _chunks(rng, 400)
    memo, _, counts, lines = _split_by_native(chunks, max_size=25)
    assert 0 < len(memo) <= 25
    assert counts == native.token_counts(lines, quality.Memo(quality._chunk_info))


def test_bad_split_tables_are_type_errors():
    with pytest.raises(TypeError):  # the split's tables are a dict and a set
        native.token_counts(["a-b c"], {}, {}, {}, {}, [], frozenset())
    with pytest.raises(TypeError):
        native.token_counts(["a-b c"], {}, {}, {}, {}, {}, [])
