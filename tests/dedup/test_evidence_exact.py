"""The copy evidence's fast path (no per-word regex, words counted on the changed lines only)
gives exactly what the plain definition gives: same line keys, same added and dropped lines,
same word change rate, on texts chosen to break a tokeniser. Every test runs twice: with the
compiled loops (``dedup/_native.c``, when built) and with their Python twins."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from newssift.dedup import evidence
from newssift.dedup.minhash import _WORD, normalise

_IMPLS = ["python"] + (["native"] if evidence._native is not None else [])


@pytest.fixture(autouse=True, params=_IMPLS)
def impl(request, monkeypatch) -> str:
    """Run the test on the compiled loops or on their Python twins."""
    if request.param == "python":
        monkeypatch.setattr(evidence, "_line_keys", evidence._line_keys_py)
        monkeypatch.setattr(evidence, "_folded_line_keys", evidence._folded_line_keys_py)
        monkeypatch.setattr(evidence, "_count_words", evidence._count_words_py)
        monkeypatch.setattr(evidence, "_word_excess", evidence._word_excess_py)
        monkeypatch.setattr(evidence, "_line_diff", evidence._line_diff_py)
        monkeypatch.setattr(evidence, "_text_lines", evidence._text_lines_py)
        monkeypatch.setattr(evidence, "_line_table", evidence._line_table_py)
        monkeypatch.setattr(evidence, "_line_lookup", evidence._line_lookup_py)
    else:
        native = evidence._native
        monkeypatch.setattr(evidence, "_line_keys", native.line_keys)
        monkeypatch.setattr(evidence, "_folded_line_keys", native.folded_line_keys)
        monkeypatch.setattr(evidence, "_count_words", native.count_words)
        monkeypatch.setattr(evidence, "_word_excess", native.word_excess)
        monkeypatch.setattr(evidence, "_line_diff", native.line_diff)
        monkeypatch.setattr(evidence, "_text_lines", native.text_lines)
        monkeypatch.setattr(evidence, "_line_table", native.line_table)
        monkeypatch.setattr(evidence, "_line_lookup", native.line_lookup)
    return request.param


def ref_profile(text: str | None) -> tuple[list[str], list[str], Counter]:
    """The plain definition: lines, each line's words (regex) joined by a space, word counts."""
    lines = [ln.strip() for ln in (text or "").split("\n") if ln.strip()]
    norm = normalise("\n".join(lines)).split("\n")
    if len(norm) != len(lines):
        norm = [normalise(x) for x in lines]
    toks = [_WORD.findall(x) for x in norm]
    return lines, [" ".join(t) for t in toks], Counter(w for t in toks for w in t)


def ref_compare(copy: str | None, canonical: str | None) -> dict:
    a_lines, a_norm, wa = ref_profile(canonical)
    b_lines, b_norm, wb = ref_profile(copy)
    a_keys, b_keys = set(a_norm), set(b_norm)
    added = [x for x, k in zip(b_lines, b_norm, strict=True) if k not in a_keys]
    dropped = [x for x, k in zip(a_lines, a_norm, strict=True) if k not in b_keys]
    total = sum(wa.values()) + sum(wb.values())
    common = sum((wa & wb).values())
    rate = 1.0 - 2.0 * common / total if total else 0.0
    return {"added": added, "dropped": dropped, "word_change_rate": round(rate, 4)}


TEXTS = [
    None, "", " ", "\n\n", "word", "Word.", "...", "- - -\n***\n", "a\na\na", "the the the the",
    "The cat sat.\nThe cat sat.\nThe dog sat.", "the cat sat\nTHE  CAT,  SAT!\n  the cat sat  ",
    "Straße STRASSE strasse", "ﬁne ﬂour ﬁne", "１２３ ４５６ 123", "İstanbul ISTANBUL istanbul",
    "“Quoted,” she said — twice…\u00a0again\u2009here", "snake_case __init__ _ __",
    "Ünïcödé wörds\r\nwith\tcrlf\r\n", "日本語のテキスト。句読点、あり。\n中文，标点。",
    "Ελληνικά κείμενα. Русский текст, да.", "emoji 😀 between 🙂 words", "line\u2028sep\u0085nel",
    "a\u0301 á a", "x" * 500 + " " + "y " * 300, "\x1c\x1d\x1e\x1f field\x0bsep\x0cff",
    "a.b.c,d;e:f!g?h(i)j[k]l{m}n'o\"p/q\\r|s", "تاريخ النص العربي ١٢٣", "lone \ud800 surrogate",
]

_ALPHABET = [*"abcdeABCDE  ,.;-_\n\t'\"",
             "é", "ß", "ﬁ", "İ", "\u00a0", "“", "—", "１", "日", "\u0301"]


def _random_text(rng: random.Random) -> str:
    return "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 120)))


def _edit(text: str, rng: random.Random) -> str:
    """A copy: lines dropped, duplicated, added, words changed, punctuation and case changed."""
    out = []
    for line in text.split("\n"):
        r = rng.random()
        if r < 0.1:
            continue
        if r < 0.2:
            out += [line, line]
        elif r < 0.35:
            ws = line.split()
            if ws:
                ws[rng.randrange(len(ws))] = rng.choice(["changed", "Wörter", "the", ""])
            out.append(" ".join(ws))
        elif r < 0.45:
            out.append(line.upper().replace(".", " , "))
        else:
            out.append(line)
        if rng.random() < 0.1:
            out.append(rng.choice(["Advertisement", "Read more: the the", "SHARE"]))
    return "\n".join(out)


def _check(copy: str | None, canonical: str | None) -> None:
    lines, keys, counts = ref_profile(canonical)
    assert evidence.profile(canonical) == (lines, keys, sum(counts.values()))
    assert evidence.compare(copy, canonical) == ref_compare(copy, canonical)
    prof = evidence.profile(canonical)
    assert evidence.compare(copy, canonical, prof) == ref_compare(copy, canonical)


@pytest.mark.parametrize("a", range(len(TEXTS)))
def test_fixed_texts_against_each_other(a: int) -> None:
    for b in TEXTS:
        _check(TEXTS[a], b)
        _check(b, TEXTS[a])


def test_random_texts_and_their_copies() -> None:
    rng = random.Random(12)
    for _ in range(300):
        canon = _random_text(rng)
        _check(_random_text(rng), canon)
        _check(_edit(canon, rng), canon)


def test_many_copies_of_one_story_share_the_canonical_profile() -> None:
    """A cluster of many copies (the 10,000-copy case, smaller): one profile, many compares."""
    rng = random.Random(3)
    canon = "\n".join(
        " ".join(rng.choice(["the", "vote", "Berlin", "said", "a", "1,200", "Straße", "“no”"])
                 for _ in range(rng.randint(0, 25)))
        + rng.choice([".", "!", "", " —"])
        for _ in range(30))
    prof = evidence.profile(canon)
    seen = set()
    for _ in range(500):
        copy = _edit(canon, rng)
        got = evidence.compare(copy, canon, prof)
        assert got == ref_compare(copy, canon)
        seen.add(got["word_change_rate"])
    assert len(seen) > 20  # the copies really differ
    assert evidence.profile(canon) == prof  # the shared profile was not changed


def _line_diff_mismatches(impl, rng: random.Random) -> int:
    """How many of a set of line lists (repeated lines, shared keys of different lines,
    empty sides) ``impl`` answers unlike ``evidence._line_diff_py`` on the Python twins."""
    bad = 0
    pool = ["the cat", "a dog", "x", "", "the cat sat", "wörter", "日本"]
    for _ in range(400):
        a_norm = [rng.choice(pool) for _ in range(rng.randint(0, 8))]
        b_norm = [rng.choice(pool) for _ in range(rng.randint(0, 8))]
        a_lines = [k.upper() + "!" * rng.randint(0, 1) for k in a_norm]
        b_lines = [k.title() + "." * rng.randint(0, 1) for k in b_norm]
        args = (a_lines, a_norm, b_lines, b_norm)
        with pytest.MonkeyPatch.context() as m:
            m.setattr(evidence, "_word_excess", evidence._word_excess_py)
            want = evidence._line_diff_py(*args)
        bad += impl(*args) != want
    return bad


def test_line_diff_twins_agree_and_mutants_do_not(impl: str) -> None:
    """The compiled line_diff answers as its Python twin on lists with repeated lines; the
    same check catches hand-made mutants (repeats ignored, sides swapped, lines kept)."""
    diff = evidence._line_diff
    assert _line_diff_mismatches(diff, random.Random(4)) == 0

    def no_repeats(al, an, bl, bn):  # a key on both sides, repeated on one: not counted
        ak, bk = set(an), set(bn)
        added = [x for x, k in zip(bl, bn, strict=True) if k not in ak]
        dropped = [x for x, k in zip(al, an, strict=True) if k not in bk]
        d, e = [k for k in an if k not in bk], [k for k in bn if k not in ak]
        return (added, dropped, *evidence._word_excess_py(d, e))

    def swapped(al, an, bl, bn):
        added, dropped, *rest = diff(al, an, bl, bn)
        return (dropped, added, *rest)

    def by_line(al, an, bl, bn):
        return diff(al, al, bl, bl)

    for mutant in (no_repeats, swapped, by_line):
        assert _line_diff_mismatches(mutant, random.Random(4)) > 10
    with pytest.raises(ValueError):
        diff(["a"], [], [], [])


def test_line_diff_with_the_canonicals_key_set_is_the_same(impl: str) -> None:
    """Given the canonical's key set (a :class:`evidence.Profile` holds it), line_diff
    answers as it does when it builds the set itself; a plain profile tuple works too."""
    rng = random.Random(9)
    pool = ["the cat", "a dog", "x", "", "the cat sat", "wörter", "日本"]
    for _ in range(300):
        a_norm = [rng.choice(pool) for _ in range(rng.randint(0, 8))]
        b_norm = [rng.choice(pool) for _ in range(rng.randint(0, 8))]
        args = ([k.upper() for k in a_norm], a_norm, [k.title() for k in b_norm], b_norm)
        assert evidence._line_diff(*args, set(a_norm)) == evidence._line_diff(*args)
    with pytest.raises(TypeError):
        evidence._line_diff(["a"], ["a"], [], [], ["a"])
    canon = "The cat sat.\nThe dog sat.\nThe cat sat."
    copy = "THE CAT SAT\nA bird flew.\nThe dog sat!"
    prof = evidence.profile(canon)
    assert isinstance(prof, evidence.Profile) and prof == tuple(prof)
    plain = tuple(prof)
    assert evidence.compare(copy, canon, plain) == evidence.compare(copy, canon, prof) \
        == ref_compare(copy, canon)
