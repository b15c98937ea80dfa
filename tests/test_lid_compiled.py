"""The compiled fastText prediction (newssift/_lid.c) gives fasttext-predict's label and
probability bit for bit (==, not approx): on hand-made hard texts, random texts, and the
sample text of every extraction bench page; its in-place sample and letter count equal
langid's Python ones; and decide_language gives the same decision either way."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newssift import langid
from tests.conftest import shared_path

_lid = pytest.importorskip("newssift._lid", reason="the compiled fastText reading is not built")
PATH = langid._fasttext_model_path()
pytestmark = pytest.mark.skipif(PATH is None, reason="fasttext-predict / lid.176.ftz missing")

BENCH_PAGES = shared_path("benchmarks", "extraction")

HARD = [
    "",
    " ",
    "a",
    "word",
    "The city council approved the new budget on Tuesday after a long debate.",
    "Le conseil municipal a adopté mardi le nouveau budget après un long débat.",
    "Привет, мир! Как дела у всех сегодня?",
    "日本語の記事の本文です。東京で会議が開かれた。",
    "한국어 기사 본문입니다",
    "مرحبا بالعالم، هذا نص عربي قصير",
    "שלום עולם זה טקסט בעברית",
    "ภาษาไทยเป็นภาษาที่สวยงาม",
    "हिन्दी में एक छोटा वाक्य",
    "Ελληνικά κείμενα για δοκιμή",
    "😀😀 emoji 🎉 and 👍🏽 skin tones 🇫🇷",
    "x" * 5000,
    "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung " * 3,
    "a" * 300 + "é" * 300,
    "a\x00b c\x00\x00d",
    "\x01\x02 control \x7f chars \x1b[0m",
    "line\x1cone\x1dtwo\x1ethree\x1ffour",
    "tab\tnew\nline\rcarriage\x0bvt\x0cff",
    "nbsp\u00a0and\u2003em\u3000ideographic\u2028ls\u2029ps\x85nel",
    "zero\u200bwidth\u200djoiner\ufeffbom",
    "hello </s> bonjour le monde, comment allez-vous",
    "</s>",
    "__label__en this is english text",
    "__label__xx foo bar",
    "__label__",
    "<html> <p> tags & entities &amp; </p>",
    "12345 67890 3.14159 2024-12-04",
    "\U0001d400\U0001d401 math \U00020000 cjk ext b",
    "\ufffd\ufffd replacement chars",
    "MiXeD CaSe ÀÉÎÕÜ àéîõü ß ẞ",
]


@pytest.fixture(scope="module")
def model():
    return _lid.Model(Path(PATH).read_bytes())


@pytest.fixture(scope="module")
def ref():
    import fasttext

    return fasttext.load_model(PATH)


def _decide_before(text: str | None, declared: str | None = None) -> langid.LanguageDecision:
    """decide_language as it was before the compiled path (the letter loop in Python, then
    detect_language on the whole text)."""
    text = text or ""
    enough = langid.DECLARED_WINS_BELOW if declared else langid.MIN_LETTERS
    letters = 0
    for c in text[: langid.MAX_CHARS]:
        if c.isalpha():
            letters += 1
            if letters >= enough:
                break
    if letters < enough:
        return langid.LanguageDecision(declared, None, declared)
    code, prob = langid.detect_language(text)
    if code == langid.UNKNOWN:
        return langid.LanguageDecision(declared, None, declared)
    return langid.LanguageDecision(code, round(prob, 4), declared)


def _reference(ref, text: str):
    labels, probs = ref.predict(" ".join(text.split()), k=1)
    return (labels[0], probs[0]) if labels else ()


@pytest.mark.parametrize("text", HARD)
def test_hard_texts_equal_the_reference(model, ref, text: str) -> None:
    got = model.predict(text)
    assert got == _reference(ref, text)
    assert type(got[1]) is float


@given(st.text(max_size=300))
def test_random_texts_equal_the_reference(model, ref, text: str) -> None:
    want = None
    try:
        want = _reference(ref, text)
    except TypeError:  # a lone surrogate: the reference refuses the text
        assert model.predict(text) is None
        return
    assert model.predict(text) == want


def test_a_lone_surrogate_is_left_to_the_reference(model) -> None:
    assert model.predict("a\ud800b") is None
    compiled = langid._fasttext_compiled(PATH)
    reference = langid._fasttext_reference(PATH)
    for p in (compiled, reference):
        with pytest.raises(TypeError):
            p("text with a lone \udcff surrogate")


def test_langid_paths_agree() -> None:
    compiled = langid._fasttext_compiled(PATH)
    reference = langid._fasttext_reference(PATH)
    assert compiled is not None
    for text in HARD:
        assert compiled(text) == reference(text)


def test_labels_are_the_models(model) -> None:
    assert len(model.labels) == 176 and model.labels[0] == "__label__en"


@pytest.mark.parametrize("cut", [0, 4, 8, 60, 100_000, 500_000, -1000, -1])
def test_a_truncated_model_is_refused(cut: int) -> None:
    data = Path(PATH).read_bytes()
    with pytest.raises(ValueError):
        _lid.Model(data[:cut])


def test_the_env_switch_keeps_the_reference() -> None:
    code = (
        "from newssift import langid; "
        "print(langid._lid is None, type(langid.predictor('fasttext')).__name__, "
        "langid._count_letters is langid._count_letters_py)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**__import__("os").environ, "NEWSSIFT_PURE_LID": "1"},
    ).stdout.split()
    assert out == ["True", "function", "True"]
    assert type(langid.predictor("fasttext")) is langid._Compiled


LONG = st.lists(
    st.sampled_from(["word", "mot", "слово", "語", "x" * 40, " ", "  ", "\n", "\t", "é", "1"]),
    min_size=0, max_size=1500,
).map("".join)


@given(st.one_of(LONG, st.text(max_size=2000)), st.integers(0, 5000), st.integers(-1, 150))
def test_count_letters_equals_the_python_loop(text: str, limit: int, enough: int) -> None:
    assert _lid.count_letters(text, limit, enough) == langid._count_letters_py(text, limit, enough)


@given(st.one_of(LONG, st.text(max_size=2000)))
def test_the_in_place_sample_is_sample_text(model, text: str) -> None:
    args = (langid.MAX_CHARS, langid.SAMPLE_CHARS, langid.SAMPLE_WINDOWS)
    sample = langid.sample_text(text[: langid.MAX_CHARS])
    assert _lid.sample(text, *args) == sample
    assert model.predict_sample(text, *args) == model.predict(sample)


@pytest.mark.parametrize("sizes", [(50, 20, 3), (4000, 1000, 1), (4000, 1000, 2), (10, 0, 5)])
def test_the_sample_follows_its_sizes(monkeypatch, sizes) -> None:
    text = " ".join(HARD) * 5
    monkeypatch.setattr(langid, "SAMPLE_CHARS", sizes[1])
    monkeypatch.setattr(langid, "SAMPLE_WINDOWS", sizes[2])
    assert _lid.sample(text, *sizes) == langid.sample_text(text[: sizes[0]])


def _bench_pages() -> list[Path]:
    """Every other bench page (1,360 of 2,721: the suite's time is bounded)."""
    return sorted(BENCH_PAGES.rglob("*.html.gz"))[::2] if BENCH_PAGES.is_dir() else []


@pytest.fixture(scope="module")
def bench_inputs() -> list[tuple[str, str | None]]:
    """(text, declared) extract() hands decide_language on every bench page."""
    from newssift.extract.article import extract
    from newssift.extract.decode import decode_html_source
    from newssift.extract.guard import guard_html

    seen: list[tuple[str, str | None]] = []
    real = langid.decide_language

    def record(text, declared=None, backend=None):
        seen.append((text, declared))
        return real(text, declared, backend)

    langid.decide_language = record
    try:
        for path in _bench_pages():
            text, raw = decode_html_source(gzip.decompress(path.read_bytes()))
            page = guard_html(text)
            if page is text and raw is not None:
                extract(page, utf8=raw)
            else:
                extract(page)
    finally:
        langid.decide_language = real
    return seen


bench = pytest.mark.skipif(not _bench_pages(), reason="no ../shared/benchmarks/extraction pages")


@bench
def test_every_other_bench_pages_sample_equals_the_reference(model, ref, bench_inputs) -> None:
    """What the identifier reads on each bench page (its sample text), and the sample read
    in place."""
    args = (langid.MAX_CHARS, langid.SAMPLE_CHARS, langid.SAMPLE_WINDOWS)
    samples = [langid.sample_text((t or "")[: langid.MAX_CHARS]) for t, _ in bench_inputs]
    assert len(samples) == len(_bench_pages())
    differ = [s[:60] for s in samples if model.predict(s) != _reference(ref, s)]
    assert differ == []
    assert [_lid.sample(t or "", *args) for t, _ in bench_inputs] == samples
    differ = [
        s[:60] for (t, _), s in zip(bench_inputs, samples, strict=True)
        if model.predict_sample(t or "", *args) != model.predict(s)
    ]
    assert differ == []


@bench
def test_every_other_bench_pages_decision_is_the_same(bench_inputs, monkeypatch) -> None:
    compiled = [langid.decide_language(t, d) for t, d in bench_inputs]
    monkeypatch.setitem(langid._predictors, "fasttext", langid._fasttext_reference(PATH))
    reference = [_decide_before(t, d) for t, d in bench_inputs]
    assert sum(d.score is not None for d in reference) > 1000
    assert compiled == reference


@pytest.mark.parametrize("floor", [0, -1, 1, 20])
def test_decisions_agree_whatever_the_letter_floor(monkeypatch, floor: int) -> None:
    texts = ["", "12 345", "1 " * 2100 + "word after the first four thousand", *HARD]
    monkeypatch.setattr(langid, "MIN_LETTERS", floor)
    monkeypatch.setattr(langid, "DECLARED_WINS_BELOW", floor)
    compiled = [langid.decide_language(t, d) for t in texts for d in (None, "de")]
    monkeypatch.setitem(langid._predictors, "fasttext", langid._fasttext_reference(PATH))
    assert compiled == [_decide_before(t, d) for t in texts for d in (None, "de")]


def test_a_corrupt_model_is_refused_or_read_safely() -> None:
    """Bytes changed in the header, the dictionary sizes or anywhere: the model is refused
    (ValueError, MemoryError) or predicts without reading outside its tables."""
    import random

    data = Path(PATH).read_bytes()
    rng = random.Random(25)
    for _ in range(60):
        d = bytearray(data)
        for _ in range(rng.randrange(1, 6)):
            pos = rng.randrange(300) if rng.random() < 0.7 else rng.randrange(len(d))
            d[pos] = rng.randrange(256)
        try:
            m = _lid.Model(bytes(d))
        except (ValueError, MemoryError):
            continue
        for t in ("hello world", "Привет мир", "x" * 300, "", "日本語"):
            m.predict(t)
            m.predict_sample(t * 50, 4000, 1000, 3)
