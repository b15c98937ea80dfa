"""The compiled fastText prediction (newssift/_lid.c) gives fasttext-predict's label and
probability bit for bit (==, not approx): on hand-made hard texts, random texts, and the
sample text of every extraction bench page; and langid's two fasttext paths agree."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newssift import langid

_lid = pytest.importorskip("newssift._lid", reason="the compiled fastText reading is not built")
PATH = langid._fasttext_model_path()
pytestmark = pytest.mark.skipif(PATH is None, reason="fasttext-predict / lid.176.ftz missing")

ROOT = Path(__file__).resolve().parents[1]
BENCH_PAGES = next(
    (
        p
        for p in (
            ROOT.parent / "shared" / "benchmarks" / "extraction",
            ROOT.parent.parent / "shared" / "benchmarks" / "extraction",
        )
        if p.is_dir()
    ),
    ROOT.parent / "shared" / "benchmarks" / "extraction",
)

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


def test_the_env_switch_keeps_the_reference(monkeypatch) -> None:
    monkeypatch.setenv("NEWSSIFT_PURE_LID", "1")
    assert langid._fasttext_compiled(PATH) is None


def _bench_pages() -> list[Path]:
    return sorted(BENCH_PAGES.rglob("*.html.gz")) if BENCH_PAGES.is_dir() else []


@pytest.mark.skipif(not _bench_pages(), reason="no ../shared/benchmarks/extraction pages")
def test_every_bench_pages_sample_equals_the_reference(model, ref, monkeypatch) -> None:
    """What extract() hands the identifier on each bench page (its sample text)."""
    from newssift.extract.article import extract
    from newssift.extract.decode import decode_html_source
    from newssift.extract.guard import guard_html

    seen: list[str] = []
    monkeypatch.setitem(langid._predictors, "fasttext", lambda t: seen.append(t) or ("xx", 1.0))
    monkeypatch.setattr(langid, "_default", ["fasttext"])
    for path in _bench_pages():
        text, raw = decode_html_source(gzip.decompress(path.read_bytes()))
        page = guard_html(text)
        if page is text and raw is not None:
            extract(page, utf8=raw)
        else:
            extract(page)
    assert len(seen) > 2000
    differ = [t[:60] for t in seen if model.predict(t) != _reference(ref, t)]
    assert differ == []
