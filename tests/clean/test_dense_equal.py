"""The line model's dense features against their plain per-line reference.

``features.dense`` (both its compiled rows, ``clean/_native.c`` ``dense_rows``, and its Python
twin) reads the topical overlap from the document's stem counts
(``topic.StemCounts``), counts an ASCII line's letters, digits and capitals in bytes, folds an
ASCII line's words by a byte table and builds its rows as tuples. :func:`_reference` below is
the code it replaced (a ``TopicIndex`` per document, a numpy row filled feature by feature):
every feature of every row must be the same float32, on fixture, farm-set, random and (where
the data is) bench documents, with all rows and with the cleaner's short rows only. The
compiled TopicIndex counts (topic.overlaps, for injected headlines) are held to the class.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from newssift.clean import features as F
from newssift.clean.features import N_DENSE, dense
from newssift.clean.lexicon import BOILERPLATE_WORDS, FUNCTION_WORDS
from newssift.clean.topic import StemCounts, TopicIndex
from tests.clean.corpus import real_docs


def _reference(lines: list[str], rows: list[int] | None = None) -> np.ndarray:
    n = len(lines)
    if rows is None:
        rows = list(range(n))
    out = np.zeros((len(rows), N_DENSE), dtype=np.float32)
    if n == 0 or not rows:
        return out
    log_chars = [math.log1p(len(x)) for x in lines]
    ends = [F._ends_sentence(x) for x in lines]
    topic = TopicIndex(lines)
    counts: dict[str, int] = {}
    for x in lines:
        counts[x] = counts.get(x, 0) + 1
    near = {j for i in rows for j in range(max(0, i - 2), min(n, i + 3))}
    fwords = {j: F._WORD.findall(lines[j].casefold()) for j in near}
    func = [0.0] * n
    for j, ws in fwords.items():
        func[j] = sum(w in FUNCTION_WORDS for w in ws) / len(ws) if ws else 0.0
    doc_mean = sum(log_chars) / n
    doc_sent = sum(ends) / n
    doc_lines = math.log1p(n)
    for r, i in enumerate(rows):
        line = lines[i]
        words = F._WORD.findall(line)
        nw = len(words)
        folded = fwords[i]
        n_chars = len(line) or 1
        n_letters = sum(map(str.isalpha, line))
        n_digits = sum(map(str.isdigit, line))
        upper = sum(map(str.isupper, line)) / (n_letters or 1)
        lettered = [w for w in words if not w.isdigit()]
        title = float(len(lettered) >= 2 and all(w[:1].isupper() for w in lettered))
        digits = n_digits / n_chars
        punct = max(0, len(line) - n_letters - n_digits - line.count(" ")) / n_chars
        stripped = line.rstrip()
        row = out[r]
        row[0] = 1.0
        row[1] = log_chars[i]
        row[2] = math.log1p(nw)
        row[3] = float(i == 0)
        row[4] = float(i == n - 1)
        row[5] = i / max(n - 1, 1)
        row[6] = float(ends[i])
        row[7] = float(stripped.endswith(":"))
        row[8] = float(not ends[i] and not stripped.endswith((":", ",", ";")))
        row[9] = upper
        row[10] = title
        row[11] = digits
        row[12] = punct
        linky = "/" in line or "@" in line or "#" in line or "www" in line or "." in line[1:-1]
        row[13] = float(linky and bool(F._URLISH.search(line)))
        row[14] = float("@" in line and bool(F._EMAIL.search(line)))
        row[15] = float("|" in line or " / " in line or " > " in line)
        row[16] = float(bool(F._BULLET.match(line)))
        row[17] = float(any(q in line for q in F._QUOTES))
        row[18] = log_chars[i - 1] if i > 0 else 0.0
        row[19] = log_chars[i + 1] if i + 1 < n else 0.0
        row[20] = float(ends[i - 1]) if i > 0 else 0.0
        row[21] = float(ends[i + 1]) if i + 1 < n else 0.0
        row[22] = doc_mean
        row[23] = doc_sent
        row[24] = doc_lines
        row[25] = topic.overlap(i)
        row[26] = float(counts[line] > 1)
        row[27] = (sum(len(w) for w in words) / nw) if nw else 0.0
        row[28] = float(nw > 40)
        row[29] = float(nw <= 3)
        row[30] = func[i]
        row[31] = sum(w in BOILERPLATE_WORDS for w in folded) / nw if nw else 0.0
        row[32] = line.count(",") / nw if nw else 0.0
        row[33] = math.log1p(len(F._INNER_END.findall(line)))
        row[34] = func[i - 1] if i > 0 else 0.0
        row[35] = func[i + 1] if i + 1 < n else 0.0
        row[36] = math.log(counts[line])
        a, b = max(0, i - 2), min(n, i + 3)
        row[37] = sum(ends[a:b]) / (b - a)
        row[38] = float(line[:1].islower())
        row[39] = sum(func[a:b]) / (b - a)
    return out


PIECES = [
    "the", "and", "said", "Share", "Home", "News", "Relations", "relationship", "negotiate",
    "negotiations", "über", "Straße", "ΟΔΟΣ", "ΟΔΟΣ'", "σοφΣ", "İstanbul", "İİİİ", "ǅemal",
    "Ⅻ", "٣٤٥", "2024", "12:30", "x_y", "_under", "www.example.com", "https://a.b/c",
    "name@mail.org", "#tag", "|", "/", ">", "•", "»", '"', "“quoted”", "«guillemets»", ",",
    ".", "!", "?", ":", ";", "…", "(", ")", "'", "’", "ä", "ÄÖÜ", "naïve", "東京", "北京市",
    "Москва", "москвы", "ﬁnance", "ﬃ", "\u00a0", "\t", "e\u0301", "ß", "ẞ", "Ǆ",
    # upper case but no letter, digits but no decimals, bullets and separators
    "Ⓐ", "ⓑ", "²", "½", "-", "—", "›", "▪", "a / b", "x > y", "wwwx", "a.b",
]


def _random_doc(rng: random.Random) -> list[str]:
    lines = []
    for _ in range(rng.randint(0, 40)):
        if lines and rng.random() < 0.1:
            lines.append(rng.choice(lines))  # a repeated line
            continue
        words = [rng.choice(PIECES) for _ in range(rng.randint(0, 30))]
        sep = rng.choice((" ", " ", " ", ""))
        lines.append(sep.join(words))
    return lines


def _docs() -> list[list[str]]:
    rng = random.Random(11)
    docs = real_docs()
    docs += [_random_doc(rng) for _ in range(300)]
    docs += [[], [""], ["a"], ["ΟΔΟΣ", "σοφΣ ΟΔΟΣ"], ["same line here"] * 3]
    return docs


@pytest.mark.parametrize("compiled", [True, False])
def test_dense_is_its_reference_on_every_row(compiled: bool, monkeypatch: pytest.MonkeyPatch):
    if compiled and F._dense_rows is None:
        pytest.skip("clean/_native.c is not built")
    monkeypatch.setattr(F, "COMPILED_DENSE", compiled)
    docs = _docs()
    assert len(docs) > 300
    rng = random.Random(3)
    for lines in docs:
        short = [k for k, x in enumerate(lines) if len(x.split()) <= 25]
        some = [k for k in range(len(lines)) if rng.random() < 0.3]
        for rows in (None, short, some):
            got, want = dense(lines, rows), _reference(lines, rows)
            assert got.dtype == want.dtype and got.shape == want.shape, lines[:3]
            assert got.tobytes() == want.tobytes(), lines[:3]


def test_stem_counts_overlap_is_the_topic_index_overlap():
    rng = random.Random(8)
    for _ in range(300):
        lines = _random_doc(rng)
        index, counts = TopicIndex(lines), StemCounts(lines)
        assert [counts.overlap(x) for x in lines] == [index.overlap(k) for k in range(len(lines))]


def test_fold_words_are_the_regex_words():
    rng = random.Random(10)
    ascii_chars = [chr(c) for c in range(128)]
    texts = ["".join(rng.choice(ascii_chars) for _ in range(rng.randint(0, 60)))
             for _ in range(3000)]
    # ASCII with the punctuation taken the bytes way, and now and then a letter that is not
    plain = ascii_chars + list(F.PLAIN_PUNCT) * 3
    texts += ["".join(rng.choice(plain) for _ in range(rng.randint(0, 60))) for _ in range(3000)]
    texts += ["".join(rng.choice([*plain, "é", "İ", "\u0345", "Σ"]) for _ in range(30))
              for _ in range(1000)]
    texts += [" ".join(rng.choice(PIECES) for _ in range(rng.randint(0, 20))) for _ in range(500)]
    for t in texts:
        words, as_bytes = F._folded_words(t)
        if t.isascii():
            assert as_bytes
        got = [w.decode() for w in words] if as_bytes else words
        assert got == F._WORD.findall(t.casefold()), repr(t)


def test_plain_punct_is_no_word_character_nor_folds_to_one():
    for c in F.PLAIN_PUNCT:
        assert not c.isascii() and not F._WORD.search(c) and not F._WORD.search(c.casefold()), c


def test_char_counts_are_those_of_the_str_methods():
    for line in ["", "Abc 12 XY!", "".join(map(chr, range(128))), "Ⅻ ǅ ß ẞ ٣ x", *PIECES]:
        want = (sum(map(str.isalpha, line)), sum(map(str.isdigit, line)),
                sum(map(str.isupper, line)))
        assert F._char_counts(line) == want, line


def test_compiled_stem_counts_are_the_regex_counts():
    native = pytest.importorskip("newssift.clean._native")
    from newssift.clean import topic

    rng = random.Random(12)
    # every kind of character the word class must decide: letters of many scripts, marks,
    # decimal and other digits ("²", "Ⅻ"), "_", spaces, punctuation, astral letters
    chars = [chr(c) for c in range(0x250)] + list("Ⅻⅷ²³¼٣४𝟘𝔘𝔫𐐀東京ﬁ\u0301\u0308\u200d_\n")
    chars += [chr(rng.randrange(0x110000)) for _ in range(400)]
    chars = [c for c in chars if not 0xD800 <= ord(c) < 0xE000]
    texts = ["", "abcd", "abc", "abcd_efgh", "aaaa aaaa"]
    texts += ["".join(rng.choice(chars) for _ in range(rng.randint(0, 80))).lower()
              for _ in range(3000)]
    texts += [" ".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40))).lower()
              for _ in range(1000)]
    texts += ["\n".join(d).lower() for d in _docs()[:80]]
    for t in texts:
        want: dict[str, int] = {}
        for w in topic._WORD.findall(t):
            if w not in topic.STOP:
                want[w[:5]] = want.get(w[:5], 0) + 1
        assert native.stem_counts(t, topic.STOP, 4, 5) == want, repr(t[:80])


def test_stems_are_the_regex_stems():
    from newssift.clean import topic

    rng = random.Random(13)
    for _ in range(1500):
        t = "".join(rng.choice(PIECES) + rng.choice(" ,.\n") for _ in range(rng.randint(0, 30)))
        want = frozenset(w[:5] for w in topic._WORD.findall(t.lower()) if w not in topic.STOP)
        assert topic.stems.__wrapped__(t) == want, t


def test_compiled_stem_counts_with_other_stop_sets():
    """The compiled scan keeps the longest stop word of the last frozenset it was given:
    another set (longer or shorter words, a set changed between calls) must still count as
    the regex does."""
    native = pytest.importorskip("newssift.clean._native")
    from newssift.clean import topic

    def want(text: str, stop) -> dict[str, int]:
        out: dict[str, int] = {}
        for w in topic._WORD.findall(text):
            if w not in stop:
                out[w[:5]] = out.get(w[:5], 0) + 1
        return out

    text = "the overwhelming majority said this about elections and elect with abcd abcdefgh"
    long_stop = frozenset({"overwhelming", "elections"})
    mutable = {"abcd"}
    for stop in (topic.STOP, long_stop, topic.STOP, frozenset(), long_stop, mutable):
        assert native.stem_counts(text, stop, 4, 5) == want(text, stop), sorted(stop)[:3]
    mutable.add("abcdefgh")  # the same set object, now with a longer word
    assert native.stem_counts(text, mutable, 4, 5) == want(text, mutable)
    assert native.stem_counts(text, topic.STOP, 4, 5) == want(text, topic.STOP)


def test_compiled_urlish_and_inner_ends_are_the_regexes():
    native = pytest.importorskip("newssift.clean._native")
    rng = random.Random(12)
    bits = ["http://", "https://", "https:/", "www.", "www", ".com", ".comx", ".org", ".net",
            ".html", ".htm", ".htmlx", ".htmx", ".jpg", ".jpeg", ".jpegs", ".png", ".pngs",
            "@", "#", "@_", "#1", "@ ", ".", "!", "?", "…", " ", "  ", "\u00a0", "\t", "a", "Z",
            "9", "_", "é", "东", "-", "x. y", "x.", "w", "h", "ttp", ".co", ".c", "\u2003"]
    texts = ["".join(rng.choice(bits) for _ in range(rng.randint(0, 12))) for _ in range(20000)]
    texts += [x for doc in real_docs() for x in doc]
    for t in texts:
        assert native.urlish(t) == bool(F._URLISH.search(t)), t
        assert native.inner_ends(t) == len(F._INNER_END.findall(t)), t


def test_compiled_topic_overlaps_are_the_topic_index():
    from newssift.clean import topic

    if topic._native is None or not hasattr(topic._native, "topic_overlaps"):
        pytest.skip("clean/_native.c is not built")
    rng = random.Random(13)
    for lines in _docs():
        rows = [k for k in range(len(lines)) if rng.random() < 0.4]
        assert topic.overlaps(lines, rows) == topic.overlaps_py(lines, rows), lines[:3]
