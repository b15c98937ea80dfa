"""quality._c4 against the form it had before it split a line only when needed and screened
the policy phrases (the reference below, kept as it was): the same scores and flags."""

from __future__ import annotations

import random
from array import array

import pytest

from newssift.assess import quality
from newssift.assess.quality_tokens import sentences_in, split_words


def _c4_reference(raw_lines, line_sentences, scores, flags) -> None:
    sentences = 0
    lorem = curly = 0.0
    offset = 0
    for index, raw in enumerate(raw_lines):
        start = offset
        offset += len(raw)
        line = raw.strip()
        words = line.split()
        if len(line) > quality.C4_MAX_WORD_LENGTH and any(
            len(w) > quality.C4_MAX_WORD_LENGTH for w in words
        ):
            continue
        n_sentences = line_sentences[index]
        if "[" in line:
            uncited = quality.C4_CITATION.sub("", line)
            if uncited != line:
                line, n_sentences = uncited, sentences_in(split_words(uncited))
        if not line.endswith(quality.C4_END_PUNCTUATION) or line.endswith("..."):
            continue
        if len(words) < quality.C4_MIN_WORDS_PER_LINE:
            continue
        lowered = line.lower()
        if "lorem ipsum" in lowered:
            if not lorem and not curly:
                flags.append(quality._line_flag("lorem_ipsum", index, start, raw))
            lorem = 1.0
        if "javascript" in lowered:
            continue
        if "{" in line:
            if not curly and not lorem:
                flags.append(quality._line_flag("curly_bracket", index, start, raw))
            curly = 1.0
        if any(p in lowered for p in quality.C4_POLICY):
            continue
        sentences += n_sentences
    scores["c4.n_sentences"] = float(sentences)
    scores["c4.lorem_ipsum"] = lorem
    scores["c4.curly_bracket"] = curly


PIECES = ["The", "word", "said.", "ends!", "why?", '"quoted."', "'x'", "...", "a.", "[1]",
          "[edit]", "[citation needed]", "[2].", "Privacy", "Policy.", "privacy policy",
          "uses cookies.", "terms of use.", "Terms Of Use", "cookie", "lorem ipsum", "{",
          "}.", "javascript", "x" * 1001, "a b", "\t", "  ", "é.", "Ω!", "polic", "cooki"]


def _lines(rng: random.Random) -> list[str]:
    out = []
    for _ in range(rng.randint(0, 30)):
        words = [rng.choice(PIECES) for _ in range(rng.randint(0, 7))]
        out.append(rng.choice(["", " ", "\t"]) + " ".join(words) + rng.choice(["", " "])
                   + rng.choice(["\n", "\r\n", ""]))
    return out


def test_c4_is_the_reference():
    rng = random.Random(41)
    for _ in range(3000):
        raw_lines = _lines(rng)
        sents = [sentences_in(split_words(r)) for r in raw_lines]
        got_s, got_f, want_s, want_f = {}, [], {}, []
        quality._c4(raw_lines, sents, got_s, got_f)
        _c4_reference(raw_lines, sents, want_s, want_f)
        assert (got_s, got_f) == (want_s, want_f), raw_lines


def test_the_policy_screen_covers_every_phrase():
    for phrase in quality.C4_POLICY:
        assert any(k in phrase for k in quality._C4_POLICY_SCREEN), phrase


NATIVE_PIECES = [p for p in PIECES if "[" not in p] + [
    "KELVIN", "\u212aelvin", "cooK\u0130e", "Lorem Ipsum.", "JAVA\u212aSCRIPT", "use \u212a",
    "x\u00a0y", "\u2003", "Cookie\u2028Policy.", "Use Of Cookies!", "\u0130", "l\u00f6rem",
    "x" * 999 + "\u00e9",
]


@pytest.mark.skipif(quality._quality_native is None
                    or not hasattr(quality._quality_native, "c4_lines"),
                    reason="the compiled C4 pass is not built")
def test_the_compiled_c4_pass_is_c4():
    """``_quality_native.c4_lines`` gives what :func:`quality._c4` gives on lines without a
    '[' (Unicode spaces, Kelvin sign, dotted I, long words among them), and leaves a
    document with one to it."""
    rng = random.Random(43)
    for trial in range(4000):
        pieces = NATIVE_PIECES if trial % 4 else PIECES
        raw_lines = []
        for _ in range(rng.randint(0, 30)):
            words = [rng.choice(pieces) for _ in range(rng.randint(0, 7))]
            raw_lines.append(rng.choice(["", " ", "\t", "\u3000"]) + rng.choice([" ", "\u2009"])
                             .join(words) + rng.choice(["", " ", "\u00a0"])
                             + rng.choice(["\n", "\r\n", ""]))
        sents = [rng.randint(0, 4) for _ in raw_lines]
        want_s, want_f = {}, []
        quality._c4(raw_lines, sents, want_s, want_f)
        got = quality._quality_native.c4_lines(raw_lines, array("i", sents).tobytes())
        if any("[" in r.strip() for r in raw_lines):
            assert got is None or (got[0], got[1], got[2]) == (
                want_s["c4.n_sentences"], want_s["c4.lorem_ipsum"], want_s["c4.curly_bracket"])
            continue
        assert got is not None
        sentences, lorem, curly, flags = got
        got_f = [quality._line_flag(quality._C4_FLAG_NAMES[k], i, s, raw_lines[i])
                 for k, i, s in flags]
        assert ({"c4.n_sentences": float(sentences), "c4.lorem_ipsum": float(lorem),
                 "c4.curly_bracket": float(curly)}, got_f) == (want_s, want_f), raw_lines


@pytest.mark.skipif(quality._gopher_lines is None, reason="the compiled line counts are not built")
def test_the_compiled_gopher_line_counts_are_those_of_splitlines():
    """``_gopher_scores`` from the raw lines (compiled bullet and ellipsis counts) gives
    what it gives splitting the text itself, every line break of ``str.splitlines``
    among them."""
    pieces = ["•", "-", "- x", "• y", "...", "…", "x...", "..", "a.", " ", "\t", "\u00a0",
              "\u2026 z", "text", "-\u2022", "\x1c", "\x85", "\u2028", "\u2029", "\r\n", "\n",
              "\r", "\v", "\f", "\x1e"]
    rng = random.Random(47)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        got, want = {}, {}
        quality._gopher_scores(text, 5, 4, 20, 3, 2, got, text.splitlines(keepends=True))
        quality._gopher_scores(text, 5, 4, 20, 3, 2, want)
        assert got == want, repr(text)
