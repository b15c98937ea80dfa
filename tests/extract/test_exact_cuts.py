"""Speed cuts in the extractor's Python that must not change a result: each fast form is
held equal to the plain form it replaced, on the lines of real pages and on generated text
built to hit the edges (case, non-ASCII letters whose case mapping is unusual, whitespace)."""

from __future__ import annotations

import gzip
import random
import re
from dataclasses import replace
from pathlib import Path

import pytest

from newssift.extract import article, body
from newssift.textfold import fold
from tests.pages import walked_pages

# The plain forms, as they were before the cuts.
_STRONG_CI = re.compile(body._PROMO_STRONG.pattern, re.IGNORECASE)
_WEAK_CI = re.compile(body._PROMO_WEAK.pattern, re.IGNORECASE)


def _is_promo_plain(text: str, size: int | None = None) -> bool:
    low = text.lower()
    if not any(key in low for key in body._PROMO_KEYS):
        return False
    if _STRONG_CI.search(text):
        return True
    short = (size if size is not None else len(text)) < 90
    for m in _WEAK_CI.finditer(text):
        if short:
            return True
        before = text[: m.start()].rstrip()
        if not before or before[-1] in body._OPENS or not body._WORD.search(text, m.end()):
            return True
    return False


_PHRASES = [
    "Already a subscriber?", "If you buy something", "we may earn a commission",
    "Follow us on", "ALL RIGHTS RESERVED", "Copyright © 2024", "Sign up for our newsletter",
    "Read more", "read next", "See also", "Most popular", "don't miss", "Recommended",
    "Story continues below", "You might be interested", "subscribe today", "click here",
    "cookies", "Log in", "the most popular dish at the store", "customers signed up",
]
_FILL = ["the", "council", "said", "on", "Tuesday", ".", "!", "—", "»", "(", "Straße",
         "İstanbul", "ſign", "\u212aelvin", "Ünïcode", "東京", "  ", "\t", "42", ":"]


def _generated(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = [rng.choice(_PHRASES if rng.random() < 0.4 else _FILL)
                 for _ in range(rng.randint(1, 30))]
        text = " ".join(parts)
        # random case flips, so the case-blind match is what is tested
        text = "".join(c.upper() if rng.random() < 0.2 else c for c in text)
        out.append(text)
    return out


def test_promo_patterns_hold_no_upper_case_letter():
    # the ASCII path matches them case-sensitively against a lower-cased line
    for pat in (body._PROMO_STRONG.pattern, body._PROMO_WEAK.pattern):
        assert not re.search(r"(?<!\\)[A-Z]", pat)


def test_is_promo_equals_the_case_blind_form():
    texts = _generated(4000)
    assert sum(map(_is_promo_plain, texts)) > 500  # promo lines are among them
    assert sum(not t.isascii() for t in texts) > 1000  # so are non-ASCII ones
    for t in texts:
        for size in (None, 40, 200):
            assert body._is_promo(t, size) == _is_promo_plain(t, size), (t, size)


def test_promo_fold_over_every_code_point():
    # what makes _is_promo's plain match on the folded line the case-blind match on the
    # line: every character keeps one position and its word-ness (``\\b``), the characters
    # IGNORECASE matches to an ASCII letter (or to the patterns' other characters) become
    # exactly that character, and no other character becomes one of them
    pattern_chars = set("abcdefghijklmnopqrstuvwxyz '©")
    assert set(body._PROMO_STRONG.pattern + body._PROMO_WEAK.pattern) - set("()?:|\\") <= (
        pattern_chars
    )
    blind = re.compile(r"[a-z '©]", re.IGNORECASE)
    word = re.compile(r"\w")
    for cp in range(0x110000):
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        f = fold("\u0100" + c, ("\u0100" + c).lower())[1:]
        assert len(f) == 1, hex(cp)
        assert (word.match(c) is None) == (word.match(f) is None), hex(cp)
        if blind.fullmatch(c):
            assert f in pattern_chars and re.fullmatch(re.escape(f), c, re.IGNORECASE), hex(cp)
        else:
            assert f not in pattern_chars, hex(cp)


_WS = re.compile(r"\s+")


def _clean_re(s) -> str:
    """metadata.clean as it was, by a regex."""
    import html

    if not isinstance(s, str):
        return ""
    if "&" in s:
        s = html.unescape(s)
    return _WS.sub(" ", s).strip()


def test_metadata_clean_equals_the_regex_form():
    from newssift.extract.metadata import clean

    for cp in range(0x110000):
        c = chr(cp)
        assert (_WS.fullmatch(c) is None) != c.isspace(), hex(cp)
    texts = [
        *_real_lines(), "", " ",
        "\u00a0a\u2028 b\u3000", "x\x1c\x1dy", "a\u200bb", "  &amp; x &nbsp;y ",
        "\t\n\r\x0b\x0c", "é\u2009\u2009è", None, 42,
    ]
    rng = random.Random(5)
    for _ in range(5000):
        texts.append("".join(rng.choice([*_SPACES, "a", "&amp;", "é", " "]) for _ in range(12)))
    for t in texts:
        assert clean(t) == _clean_re(t), repr(t)


def _real_lines() -> list[str]:
    """The text of every line the walk gives on the repository's real pages."""
    from selectolax.lexbor import LexborHTMLParser

    from newssift.extract.blocks import walk
    from tests.pages import repo_pages

    lines = []
    for _name, html in repo_pages():
        tree = LexborHTMLParser(html)
        if tree.body is not None:
            lines += [ln.text for ln in walk(tree.body).lines]
    return lines


def test_is_promo_on_the_extracted_lines_of_real_pages():
    lines = _real_lines()
    assert len(lines) > 200
    for t in lines:
        assert body._is_promo(t) == _is_promo_plain(t), t


# the regex _ends_sentence replaced (body.py before session 13)
_SENTENCE_END_PLAIN = re.compile(r"[.!?…:;\"”’)。！？」』）．]\s*$")
_SPACES = [" ", "\t", "\n", "\u00a0", "\u2009", "\u3000", "\u2028", "\x1c", "\u200b", "\ufeff"]


def test_ends_sentence_equals_the_regex_it_replaced():
    texts = _real_lines()
    rng = random.Random(11)
    marks = [*'.!?…:;"”’)。！？」』）．', "»", "-", "a", "1", "…x", "、"]  # the regex's and others
    for _ in range(20_000):  # a mark, then spaces of every kind (and a zero-width non-space)
        texts.append(rng.choice(_FILL) + rng.choice(marks)
                     + "".join(rng.choice(_SPACES) for _ in range(rng.randint(0, 3))))
    texts += ["", " ", ".", ". ", "x.\u200b"]
    ends = [bool(_SENTENCE_END_PLAIN.search(t)) for t in texts]
    assert sum(ends) > 5000 and len(ends) - sum(ends) > 5000  # both answers are tested
    for t, want in zip(texts, ends, strict=True):
        assert body._ends_sentence(t) == want, repr(t)


def _paragraphs_plain(lines):
    return [ln for ln in lines if len(ln.text.split()) >= article._PARAGRAPH_WORDS]


class _L:
    def __init__(self, text: str, index: int = 1, link_chars: int = 0):
        self.text, self.index, self.link_chars = text, index, link_chars


def test_word_count_by_bounded_split_equals_the_full_split():
    rng = random.Random(3)
    words = ["a", "bb", "東京", "x\u00a0y", "\u3000", "\u2003", "\n", " ", "\t"]
    texts = ["".join(rng.choice(words) for _ in range(rng.randint(0, 24))) for _ in range(3000)]
    for t in texts:
        n = len(t.split())
        assert (len(t.split(None, 7)) == 8) == (n >= 8), repr(t)
        assert (len(t.split(None, 2)) == 3) == (n >= 3), repr(t)
        link = _L(t, link_chars=len(t))
        assert article._is_link_line(link) == (len(t.split()) >= 3)
    lines = [_L(t, i) for i, t in enumerate(texts)]
    got = article.page_scores(lines, lines)
    assert got["page.paragraphs"] == float(len(_paragraphs_plain(lines))) > 100
    assert article._paragraphs(lines) == _paragraphs_plain(lines)
    assert article._paragraphs_py(lines) == _paragraphs_plain(lines)


def test_compiled_lines_of_words_equals_the_split():
    """_walk.lines_of_words (article._paragraphs) keeps the lines the bounded split keeps:
    on the lines of bench pages, and on generated texts of every kind of whitespace around
    the eight-word bound; a text that is no str goes to the comprehension."""
    if article._lines_of_words_c is None:
        pytest.skip("extract/_walk.c's lines_of_words is not built (or NEWSSIFT_PURE_WALK)")
    from tests.pages import walked_pages

    for page in walked_pages(5):
        assert article._lines_of_words_c(page.lines, 8) == article._paragraphs_py(page.lines)
    rng = random.Random(5)
    words = ["a", "bb", "東京", "x\u00a0y", "\u3000", "\u2003", "\n", " ", "\t", "\x1c",
             "\u200b", "\U0001f600", "é"]  # fmt: skip
    lines = [_L("".join(rng.choice(words) for _ in range(rng.randint(0, 24))), i)
             for i in range(3000)]  # fmt: skip
    for n in (1, 2, 3, 8):
        want = [ln for ln in lines if len(ln.text.split(None, n - 1)) == n]
        assert article._lines_of_words_c(lines, n) == want
    assert article._paragraphs(lines) == _paragraphs_plain(lines)
    odd = _L(None, 0)
    with pytest.raises(AttributeError):
        article._paragraphs([odd])  # the comprehension's own error for a text that is None


def test_parser_bytes_are_what_selectolax_would_encode():
    from selectolax.lexbor import LexborHTMLParser

    from newssift.extract.article import _parser_bytes

    for html in ("<p>plain</p>", "<p>caf\u00e9 \u4e2d \U0001f600</p>", "<p>a\ud800b\udfffc</p>"):
        clean = html.replace("\ud800", "").replace("\udfff", "")
        # decoded bytes: the parser's own rule (selectolax drops a lone surrogate)
        assert _parser_bytes(html, False) == LexborHTMLParser(html).raw_html
        assert _parser_bytes(html, False) == clean.encode("utf-8")
        # a str argument: U+FFFD for each, as text_arg gives
        fixed = html.replace("\ud800", "\ufffd").replace("\udfff", "\ufffd")
        assert _parser_bytes(html, True) == fixed.encode("utf-8")


def test_compiled_sums_equal_the_python_sums():

    from newssift.extract import blocks
    from newssift.extract.blocks import Line, Page

    if body._add_up is None:
        pytest.skip("extract/_walk.c's add_up is not built (or NEWSSIFT_PURE_WALK is set)")

    n = 0
    for page in walked_pages(3):
        got, want = body.score_elements(page), body.score_elements_py(page)
        assert got.score == want.score and got.good == want.good
        n += bool(page.lines)
    assert n > 10
    # weights of every kind, many lines on one path (the order of the additions shows)
    rng = random.Random(5)
    tags = ["body", "div", "p", "h2", "td", "li"]
    lines = []
    for i in range(3000):
        depth = rng.randint(1, 5)
        path = (0, *sorted(rng.sample(range(1, 40), depth)))
        text = rng.choice(["Short.", "x" * rng.randint(1, 400), "A sentence that ends here."])
        lines.append(Line(text, rng.randint(0, len(text)), rng.choice(tags[1:]), path, i))
    page = Page(lines, ["body"] + [rng.choice(tags) for _ in range(39)], [frozenset()] * 40)
    got, want = body.score_elements(page), body.score_elements_py(page)
    assert got.score == want.score and got.good == want.good
    assert any(x < 0 for x in want.score) and any(x > 0 for x in want.good)
    assert blocks._compiled is not None
    with pytest.raises(IndexError):
        body._add_up([Line("x" * 200, 0, "p", (0, 99))], [5.0], 40)


def test_compiled_line_weights_equal_line_weight():
    """add_up without weights computes each line's body._line_weight itself: one line on
    the root alone gives its weight, for every branch of the rule (headings, link-heavy,
    paragraphs long or ending a sentence after trailing spaces, table cells, the rest)."""
    from types import SimpleNamespace

    from newssift.extract.blocks import Line

    if body._add_up is None:
        pytest.skip("extract/_walk.c's add_up is not built (or NEWSSIFT_PURE_WALK is set)")
    rng = random.Random(11)
    ends = sorted(body._SENTENCE_END_CHARS)
    tags = ["p", "div", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6", "body"]
    words = ["word", "日本語", "한국어", "x", "Über"]
    branches = set()
    for i in range(6000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 60)))
        if rng.random() < 0.5:
            text += rng.choice(ends)
        if rng.random() < 0.2:
            text += rng.choice([" ", "\u3000", "\u00a0 ", "\t"])
        links = rng.choice([0, 0, rng.randint(0, len(text)), len(text)])
        line = Line(text, links, rng.choice(tags), (0,), i)
        want = body._line_weight(line)
        got = body._add_up([line], None, 1, body.HEADING_TAGS, body._SENTENCE_END_STR)[0][0]
        assert got == want, (text, links, line.tag)
        branches.add(want if want in (0.0,) else ("neg" if want < 0 else "pos"))
        if want > 0 and line.tag in body.HEADING_TAGS:
            branches.add("heading paragraph")  # session 23: body.HEADING_PARAGRAPH
        # any object with the fields (no Line slots to read) gives the same
        other = SimpleNamespace(text=line.text, link_chars=links, tag=line.tag, path=(0,),
                                size=line.size)
        assert body._add_up([other], None, 1, body.HEADING_TAGS, body._SENTENCE_END_STR)[0][
            0
        ] == want
    assert branches == {0.0, "neg", "pos", "heading paragraph"}
    assert "".join(sorted(body._SENTENCE_END_CHARS)) == body._SENTENCE_END_STR
    # the C file's copy of the threshold is the Python one
    c_src = (Path(body.__file__).parent / "_walk.c").read_text()
    m = re.search(r"#define HEADING_PARAGRAPH (\d+)", c_src)
    assert m and int(m.group(1)) == body.HEADING_PARAGRAPH
    with pytest.raises(TypeError):
        body._add_up([Line("x", 0, "p", (0,))], None, 1)


def test_compiled_runs_equal_line_weights():
    """A sentence a <br> cut into lines weighs as one (session 25, e32): add_up without
    weights makes the same runs as body._line_weights, and the runs are what they say: a
    lower-case line on the same path after one not ending a sentence joins it; a capital,
    another path or a sentence end starts anew."""
    from newssift.extract.blocks import Line, Page

    a = Line("Simple As That shares this easy fall leaf bunting", 14, "div", (0, 1))
    b = Line("that would be a lovely addition to your", 0, "div", (0, 1))
    c = Line("Thanksgiving decorations.", 0, "div", (0, 1))
    w = body._line_weights([a, b, c])
    assert w[1:] == [0.0, body._line_weight(c)]  # one run: b continues a, c starts anew
    chars = len(a.text) + len(b.text) + 1
    assert w[0] == body._weight(chars, 14, a.size + b.size + 1, "div", b.text)
    assert body._line_weights([a, Line(b.text, 0, "div", (0, 2)), c]) == [
        body._line_weight(x) for x in (a, Line(b.text, 0, "div", (0, 2)), c)
    ]
    ended = Line(a.text + ".", 14, "div", (0, 1))
    assert body._line_weights([ended, b]) == [body._line_weight(ended), body._line_weight(b)]
    if body._add_up is None:
        pytest.skip("extract/_walk.c's add_up is not built (or NEWSSIFT_PURE_WALK is set)")
    rng = random.Random(17)
    texts = ["Short", "a run on", "and more words here", "Ends here.", "x" * 90, "ok;",
             "über", "Über", "日本語の文", " lead space", "y" * 40]
    tags = ["body", "div", "p", "h2", "td", "li"]
    for _ in range(300):
        lines = []
        path = (0, 1)
        for i in range(rng.randint(1, 60)):
            if rng.random() < 0.3:
                path = (0, *sorted(rng.sample(range(1, 12), rng.randint(1, 3))))
            text = " ".join(rng.choice(texts) for _ in range(rng.randint(1, 4))).strip()
            tag = rng.choice(tags)
            lines.append(Line(text, rng.choice([0, 0, rng.randint(0, len(text))]), tag, path, i))
        page = Page(lines, ["body"] + [rng.choice(tags) for _ in range(11)], [frozenset()] * 12)
        got, want = body.score_elements(page), body.score_elements_py(page)
        assert got.score == want.score and got.good == want.good


def test_norm_ascii_path_equals_the_regex():
    """metadata.norm_words's ASCII path (translate and split) gives the regex's words: on every
    ASCII character around letters, digits and "_", and on the lines of real pages."""
    from newssift.extract.metadata import _norm_words_py, _norm_words_re, norm_words
    from tests.pages import BENCH_PAGES, repo_pages

    rng = random.Random(3)
    alphabet = [chr(i) for i in range(128)] + ["a", "Z", "_", "9", " ", "  ", "é", "ß", "İ"]
    texts = ["", " ", "_", "a_b", "--x--", "\x00\x7f", "Tab\there", "MiXeD CaSe_01"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 50)))
              for _ in range(40_000)]  # fmt: skip
    paths = sorted(BENCH_PAGES.rglob("*.html.gz"))[::9] if BENCH_PAGES.is_dir() else []
    from selectolax.lexbor import LexborHTMLParser

    from newssift.extract.blocks import walk
    from newssift.extract.decode import decode_html

    htmls = [decode_html(gzip.decompress(p.read_bytes())) for p in paths]
    htmls += [decode_html(raw) for _, raw in repo_pages()]
    for html in htmls:
        tree = LexborHTMLParser(html)
        if tree.body is not None:
            texts += [ln.text for ln in walk(tree.body).lines]
    # both of norm_words's paths are exercised, with or without ../shared's pages
    ascii_texts = sum(t.isascii() for t in texts)
    assert ascii_texts > 20_000 and len(texts) - ascii_texts > 10_000
    for t in texts:
        assert norm_words(t) == _norm_words_re(t), t
        assert _norm_words_py(t) == _norm_words_re(t), t


def test_compiled_norm_equals_the_regex():
    """metadata.norm_words's compiled form (_walk.norm_words) gives the regex's words on texts of
    any script: random code points of every plane (marks, digits of other scripts, "_",
    spaces of every kind), str.lower's special cases, and texts that lower to ASCII."""
    from newssift.extract import metadata

    if metadata._norm_c is None:
        pytest.skip("extract/_walk.c's norm_words is not built (or NEWSSIFT_PURE_WALK is set)")
    rng = random.Random(11)
    special = ["İ", "ΣΑΣ", "ὈΔΥΣΣΕΎΣ", "ß", "\u212a", "ﬃ", "_", "٣", "\u0301", "\u200d", "\xa0",
               "\u3000", "\u2028", "\x1c", "Ǆ", "𝔘", "👍", "a\u0308"]  # fmt: skip
    texts = ["", " ", "_", "__", " a ", "\u212aelvin", "İstanbul", "ΟΔΟΣ ΣΑΣ.", *special]
    for _ in range(30_000):
        parts = []
        for _ in range(rng.randint(0, 12)):
            r = rng.random()
            if r < 0.3:
                parts.append(rng.choice(special))
            elif r < 0.6:
                parts.append(chr(rng.randint(0, 0x2FFF)))
            elif r < 0.8:
                parts.append(chr(rng.randint(0, 0x10FFFF)))
            else:
                parts.append(rng.choice(["a", "Z", "9", " ", "-", ".", "\t"]))
        texts.append("".join(parts).encode("utf-8", "surrogatepass").decode("utf-8", "replace"))
    for t in texts:
        assert metadata._norm_c(t) == metadata._norm_words_re(t), ascii(t)
    with pytest.raises(TypeError):
        metadata._norm_c(b"bytes")


def _keep_line_plain(page, line, container, sc, favor) -> bool:
    """The line rule as one function, the form candidates() had before its marks were written
    out (body._line_marks): no element between the container and the line is marked as
    chrome, links cover at most the favor's share, no boiler phrase opens a short line, and
    it is not the <h1>."""
    path = line.path
    if container not in path:
        return False
    for e in path[path.index(container) + 1 :]:
        if body._marked_chrome_of(page, sc, favor.keep_captions, e, container):
            return False
    text = line.text
    n = len(text)
    if (line.link_chars / n if n else 1.0) > favor.link_density:
        return False
    if n < 60 and body._BOILER.match(text):
        return False
    return line.tag != "h1"


def test_candidates_drop_marks_equal_keep_line():
    """candidates() writes the line rule out in its loop: a line is marked "heuristic_drop"
    exactly when the rule (_keep_line_plain, with the same container, scores and favor) drops
    it or a boiler phrase opens it, for every favor, on real pages. (The linked-subheading
    pass, body._keep_linked_subheadings, is a later rule of its own: off here, and with it
    on the only lines that change are subheadings dropped before and kept after.)"""
    checked = dropped = 0
    for page in walked_pages(7):
        if not page.lines:
            continue
        sc = body.score_elements(page)
        for favor_on in body.FAVORS.values():
            favor = replace(favor_on, linked_subheadings=False)
            _c, lines, feats = body.candidates(page, with_features=False, favor=favor)
            _c2, lines2, feats2 = body.candidates(page, with_features=False, favor=favor_on)
            assert lines2 == lines
            for ln, (_n, cat), (_n2, cat2) in zip(lines, feats, feats2, strict=True):
                if cat2 != cat:
                    assert ln.tag in body.SUBHEADING_TAGS and favor_on.linked_subheadings
                    assert "heuristic_drop" in cat and "heuristic_drop" not in cat2
            # the roots candidates judged the lines from (before any narrowing)
            container = body.select_container(page, sc)
            roots = {container, *(body._sibling_parts(page, container, sc, favor.siblings)
                                  if favor.siblings else [])}  # fmt: skip
            for ln, (_n, cat) in zip(lines, feats, strict=True):
                root = next((e for e in ln.path if e in roots), container)
                want = not _keep_line_plain(page, ln, root, sc, favor) or (
                    len(ln.text) < 60 and body._BOILER.match(ln.text) is not None
                )
                assert ("heuristic_drop" in cat) == want
                checked += 1
                dropped += want
    assert checked > 100 and 0 < dropped < checked


def _marked_chrome_plain(page, e, container, sc, captions) -> bool:
    """body._marked_chrome_of as it was, with set intersections (now isdisjoint tests)."""
    tags, words, good = page.tags, page.words, sc.good
    tag, w = tags[e], words[e]
    if captions and (tag in body.CAPTION_TAGS or w & body.CAPTION_WORDS):
        return False
    if tag in body.STRONG_NEGATIVE_TAGS or w & body.STRONG_NEGATIVE_WORDS:
        return True
    if good[e] < 0.8 * good[container] and w & body.OVERLAY_WORDS:
        return True
    if good[e] > 0.35 * good[container]:
        return False
    if tag in body.NEGATIVE_TAGS:
        return True
    return bool(w and (w & body.NEGATIVE_WORDS) and not (w & body.POSITIVE_WORDS))


def test_boiler_first_chars_over_every_code_point():
    # every character a _BOILER match can open with is in _BOILER_FIRST: the alternatives'
    # first characters, matched case-blind, over every code point
    first = set(body._BOILER_FIRST)
    alternatives = body._BOILER.pattern[2 : body._BOILER.pattern.rindex(")")]
    assert "advertisement" in alternatives and "©" in first and "ſ" in first
    opening = re.compile(
        "[" + re.escape("".join({a[0] for a in alternatives.split("|") if a[:1].isalnum()}))
        + "©]", re.IGNORECASE,
    )
    for cp in range(0x110000):
        c = chr(cp)
        if opening.fullmatch(c):
            assert c in first, hex(cp)
        if c not in first:
            assert body._BOILER.match(c + "dvertisement x") is None
            assert body._BOILER.match(c) is None
    # a pattern whose alternative may open with anything cannot be screened
    with pytest.raises(ValueError):
        body._first_chars("^(a|b?c)")
    with pytest.raises(ValueError):
        body._first_chars("^((a)|b)")


def test_compiled_line_marks_equal_python():
    """_walk.line_marks (candidates' line rules in one C loop) gives _line_marks_py's marks on
    real pages, for every favor, with the container's lines (one root) and with the lines of
    the container and its sibling parts (a root per line); the element verdicts are asked
    of the same _marked_chrome_of."""
    if body._line_marks_c is None:
        pytest.skip("extract/_walk.c's line_marks is not built (or NEWSSIFT_PURE_WALK is set)")
    checked = 0
    marks_seen: set[int] = set()
    for page in walked_pages(6):
        if not page.lines:
            continue
        sc = body.score_elements(page)
        container = body.select_container(page, sc)
        for favor in body.FAVORS.values():
            captions = favor.keep_captions

            def chrome(e, root, page=page, sc=sc, captions=captions):
                want = body._marked_chrome_of(page, sc, captions, e, root)
                assert want == _marked_chrome_plain(page, e, root, sc, captions)
                return want

            parts = body._sibling_parts(page, container, sc, 0.15)
            lines, owner = body.lines_of_roots(page.lines, {container, *parts})
            under = body.lines_under(page.lines, container)
            # the verdicts written out in C (what body._line_marks passes)
            spec = (
                page.tags, page.words, sc.good, captions, body.CAPTION_TAGS,
                body.CAPTION_WORDS, body.STRONG_NEGATIVE_TAGS, body.STRONG_NEGATIVE_WORDS,
                body.OVERLAY_WORDS, body.NEGATIVE_TAGS, body.NEGATIVE_WORDS, body.POSITIVE_WORDS,
            )  # fmt: skip
            for ls, ow in ((under, container), (under, [container] * len(under)),
                           (lines, owner)):  # fmt: skip
                want = body._line_marks_py(ls, ow, chrome, favor.link_density)
                for first in ((), (body._BOILER_FIRST,)):  # the regex asked of every short line
                    for how in (chrome, spec):
                        got = body._line_marks_c(
                            ls, ow, len(page.tags), how, body._BOILER.match,
                            favor.link_density, "h1", *first,
                        )
                        assert got == want
                checked += len(ls)
                marks_seen |= set(got)
    assert checked > 10_000 and marks_seen == {body.KEPT, body.DROPPED, body.BOILER}
    with pytest.raises(TypeError):  # a hand-made line: the Python loop takes it
        body._line_marks_c(
            [body.Line("x", 0, "p", [0], 0)], 0, 1, None, body._BOILER.match, 0.5, "h1"
        )
    line = body.Line("x y z", 0, "p", (0, 1), 0)
    sets = (body.CAPTION_TAGS,) * 8
    for spec in (
        (["body", "div"], [frozenset(), {"nav"}], [1.0, 1], True, *sets),  # an int sum
        (["body", "div"], [frozenset(), ["nav"]], [1.0, 1.0], True, *sets),  # a list of words
        (["body"], [frozenset()], [1.0], True, *sets),  # lists shorter than the page
        (["body", "div"], [frozenset(), frozenset()], [1.0, 1.0], True, *sets[:7], None),
        (["body", "div"], [frozenset(), frozenset()], [1.0, 1.0]),
    ):
        with pytest.raises(TypeError):  # the page made by hand goes to the Python loop
            body._line_marks_c([line], 0, 2, spec, body._BOILER.match, 0.5, "h1")


def test_compiled_chrome_verdicts_on_generated_pages():
    """line_marks' C verdicts equal _marked_chrome_of on random pages whose elements carry
    the sets' words and tags, sums on both sides of the two shares, both caption modes."""
    if body._line_marks_c is None:
        pytest.skip("extract/_walk.c's line_marks is not built (or NEWSSIFT_PURE_WALK is set)")
    rng = random.Random(29)
    every = (body.CAPTION_WORDS | body.STRONG_NEGATIVE_WORDS | body.OVERLAY_WORDS
             | body.NEGATIVE_WORDS | body.POSITIVE_WORDS)  # fmt: skip
    vocab = [*sorted(every)[:60], "x", "y"]
    tags = [*sorted(body.CAPTION_TAGS | body.STRONG_NEGATIVE_TAGS | body.NEGATIVE_TAGS), "div"]
    checked = 0
    for _ in range(400):
        n_el = rng.randint(2, 25)
        page_tags = ["body"] + [rng.choice(tags) for _ in range(n_el - 1)]
        words = [frozenset(rng.sample(vocab, rng.randint(0, 3))) for _ in range(n_el)]
        good = [rng.choice([0.0, 1.0, 10.0, 34.0, 35.0, 36.0, 79.0, 80.0, 81.0, 100.0,
                            float("nan")]) for _ in range(n_el)]  # fmt: skip
        page = body.Page([], page_tags, words)
        sc = body.Scores([0.0] * n_el, good)
        lines = []
        for i in range(rng.randint(1, 20)):
            path = (0, *sorted(rng.sample(range(1, n_el), rng.randint(0, min(6, n_el - 1)))))
            lines.append(body.Line("some words here", 0, "p", path, i))
        for captions in (False, True):
            def chrome(e, root, page=page, sc=sc, captions=captions):
                return body._marked_chrome_of(page, sc, captions, e, root)

            spec = (
                page_tags, words, good, captions, body.CAPTION_TAGS, body.CAPTION_WORDS,
                body.STRONG_NEGATIVE_TAGS, body.STRONG_NEGATIVE_WORDS, body.OVERLAY_WORDS,
                body.NEGATIVE_TAGS, body.NEGATIVE_WORDS, body.POSITIVE_WORDS,
            )
            want = body._line_marks_py(lines, 0, chrome, 0.5)
            got = body._line_marks_c(lines, 0, n_el, spec, body._BOILER.match, 0.5, "h1")
            assert got == want
            checked += len(lines)
    assert checked > 2000


def _load_json_plain(raw: str):
    """metadata._load_json as it was, by json.loads."""
    import json

    from newssift.extract import metadata

    try:
        return json.loads(metadata.unwrap_ld(raw), strict=False)
    except ValueError:
        return None


def test_load_json_equals_json_loads():
    from selectolax.lexbor import LexborHTMLParser

    from newssift.extract import metadata
    from newssift.extract.decode import decode_html
    from tests.pages import bench_pages

    texts = [
        '{"a": 1}', '\ufeff{"a": 1}', ' \ufeff{"a": 1}', '{"a": "x\ny\tz"}', "[1, 2,]", "",
        "null", ' <!-- {"a": 1} --> ', '{"@type": "NewsArticle"};', "<![CDATA[[1]]]>", "{",
        '{"a": NaN, "b": Infinity}', '{"a": 1}{"b": 2}', '"\\ud800"', "1e999",
    ]
    for path in bench_pages()[::2]:
        tree = LexborHTMLParser(decode_html(gzip.decompress(path.read_bytes())))
        texts += [n.text(deep=True) for n in tree.css('script[type="application/ld+json"]')]
    assert len(texts) > 400
    for t in texts:
        assert repr(metadata._load_json(t)) == repr(_load_json_plain(t)), t[:200]


def test_compiled_in_chrome_equals_python():
    """body._in_chrome's compiled pass (_walk.in_chrome) flags what _in_chrome_py flags: on
    real pages, and on random pages whose elements carry overlay, sidebar, comment, story and
    "widget text" words at sums around the 50% and 80% marks."""

    from newssift.extract.blocks import Line, Page

    if body._in_chrome_c is None:
        pytest.skip("extract/_walk.c's in_chrome is not built (or NEWSSIFT_PURE_WALK is set)")
    for page in walked_pages(3):
        good = body.score_elements(page).good
        assert body._in_chrome(page, good) == body._in_chrome_py(page, good)
    rng = random.Random(8)
    vocab = ["sidebar", "widget", "text", "comments", "modal", "cookie", "entry", "content",
             "nav", "footer", "related", "story", "x", "y"]  # fmt: skip
    tags = ["div", "aside", "nav", "section", "p", "footer", "article"]
    flagged = storyless = 0
    for _ in range(400):
        n_el = rng.randint(2, 30)
        words = [frozenset(rng.sample(vocab, rng.randint(0, 3))) for _ in range(n_el)]
        page_tags = ["body"] + [rng.choice(tags) for _ in range(n_el - 1)]
        lines = []
        for i in range(rng.randint(1, 25)):
            path = (0, *sorted(rng.sample(range(1, n_el), rng.randint(0, min(5, n_el - 1)))))
            lines.append(Line("x", 0, "p", path, i))
        good = [0.0] * n_el
        good[0] = 100.0
        for e in range(1, n_el):
            good[e] = rng.choice([0.0, 10.0, 49.9, 50.0, 60.0, 79.9, 80.0, 95.0])
        page = Page(lines, page_tags, words)
        want = body._in_chrome_py(page, good)
        assert body._in_chrome(page, good) == want
        flagged += sum(want)
        storyless += any(want[e] and good[e] >= 50.0 for e in range(n_el))
    assert flagged and storyless
    with pytest.raises(TypeError):
        body._in_chrome_c([], ["body"], [["not a set"]], [0.0], *[frozenset()] * 5, "w", "t")


def test_in_chrome_takes_hand_made_pages():
    """A page built by hand (int sums, a tuple of tags) gets _in_chrome_py's flags, not a
    TypeError from the compiled pass."""
    from newssift.extract.blocks import Line, Page

    page = Page(
        [Line("x" * 50, 0, "p", (0, 1)), Line("y" * 50, 0, "p", (0, 2))],
        ("body", "aside", "div"),
        [frozenset(), frozenset({"sidebar"}), frozenset({"content"})],
    )
    good = [100, 10, 90]
    assert body._in_chrome(page, good) == body._in_chrome_py(page, good) == [False, True, False]


def test_compiled_lines_under_equals_the_comprehension():
    """_walk.lines_under gives [ln for ln in lines if e in ln.path] (and its first line): for
    every element of real pages, on lines whose paths are not the walk's (lists, big and
    negative ints, non-int items) and for an e that is no plain int."""

    from newssift.extract.blocks import Line

    if body._lines_under_c is None:
        pytest.skip("extract/_walk.c's lines_under is not built (or NEWSSIFT_PURE_WALK is set)")
    checked = 0
    for page in walked_pages(18):
        for e in range(-1, len(page.tags) + 1):
            want = body.lines_under_py(page.lines, e)
            assert body.lines_under(page.lines, e) == want
            assert body.first_line_under(page.lines, e) is (want[0] if want else None)
            checked += len(want)
    assert checked > 10_000
    big = 2**70
    odd = [Line("a", 0, "p", (0, 5, big)), Line("b", 0, "p", [0, 5, 7]),
           Line("c", 0, "p", (0, "5", 5.0)), Line("d", 0, "p", (0, -3)), Line("e", 0, "p", ())]
    for e in (0, 5, 7, big, -3, 5.0, True, "5", 2**64 + 5):
        want = body.lines_under_py(odd, e)
        assert body._lines_under_c(odd, e) == want, e
        assert body._lines_under_c(odd, e, True) is (want[0] if want else None), e


def test_promo_key_screen_equals_the_loop():
    """_is_promo's first test (one of _PROMO_KEYS in the lower-cased line) by the cleaner's
    compiled keyword table answers as the Python loop does, on real and generated lines."""
    texts = [t.lower() for t in _real_lines() + _generated(3000)]
    texts += [k for k in body._PROMO_KEYS] + [k[:-1] for k in body._PROMO_KEYS] + ["", "ma"]
    hits = 0
    for t in texts:
        want = body._promo_keys_in_py(t)
        assert bool(body._promo_keys_in(t)) == want, t
        hits += want
    assert 0 < hits < len(texts)


def test_promo_pattern_screens_clear_no_match():
    """The screens read off the two promo patterns (body._promo_strong_in, _promo_weak_in)
    are true of every text a pattern matches in (so _is_promo asks the pattern of no fewer
    lines that can match), on the folded lines of bench pages and on generated ones; and
    _is_promo answers as the plain case-blind form on the bench lines."""
    from tests.pages import walked_pages

    texts = _generated(3000, seed=3) + _PHRASES
    for page in walked_pages(every=10):
        texts += [ln.text for ln in page.lines]
    seen = 0
    for t in texts:
        subject = fold(t, t.lower())
        if body._PROMO_STRONG_LOW.search(subject):
            assert body._promo_strong_in(subject), t
            seen += 1
        if body._PROMO_WEAK_LOW.search(subject):
            assert body._promo_weak_in(subject), t
            seen += 1
        assert body._is_promo(t) == _is_promo_plain(t), t
        assert body._is_promo(t, 200) == _is_promo_plain(t, 200), t
    assert seen > 500


def test_compiled_best_container_equals_python():
    """_walk.best_container (select_container's loop) gives _best_container_py's (best, its
    score, best marked) on bench pages and on generated ones (zero, negative and NaN scores,
    scores that tie after the 1.08 and 0.7 factors, every mix of tag, words and flag); a page
    made by hand (tuples, lists of words) goes to the Python loop."""
    if body._best_container_c is None:
        pytest.skip("extract/_walk.c's best_container is not built (or NEWSSIFT_PURE_WALK)")
    from tests.pages import walked_pages

    def both(score, tags, words, chrome):
        got = body._best_container_c(
            score, tags, words, chrome, body._BOOST_TAGS, body.POSITIVE_WORDS,
            body.NEGATIVE_WORDS,
        )
        want = body._best_container_py(score, tags, words, chrome)
        assert got == want or (got[1] != got[1] and want[1] != want[1])
        return got

    n = 0
    for page in walked_pages(3):
        sc = body.score_elements(page)
        both(sc.score, page.tags, page.words, body._in_chrome(page, sc.good))
        n += 1
    assert n > 50
    rng = random.Random(41)
    pos, neg = sorted(body.POSITIVE_WORDS)[:5], sorted(body.NEGATIVE_WORDS)[:5]
    for _ in range(2000):
        k = rng.randint(0, 30)
        score = [rng.choice([0.0, -1.0, 1.0, 1.08, 0.7, 100.0, 108.0, 70.0, 75.6, float("nan"),
                             float("inf")]) for _ in range(k)]  # fmt: skip
        tags = [rng.choice(["div", "article", "main", "p"]) for _ in range(k)]
        words = [frozenset(rng.sample(pos + neg + ["x"], rng.randint(0, 2))) for _ in range(k)]
        chrome = [rng.random() < 0.3 for _ in range(k)]
        both(score, tags, words, chrome)
    with pytest.raises(TypeError):
        body._best_container_c([1.0], ("div",), [frozenset()], [False], body._BOOST_TAGS,
                               body.POSITIVE_WORDS, body.NEGATIVE_WORDS)  # fmt: skip
    with pytest.raises(TypeError):
        body._best_container_c([1.0], ["div"], [["x"]], [False], body._BOOST_TAGS,
                               body.POSITIVE_WORDS, body.NEGATIVE_WORDS)  # fmt: skip
    hand = body.Page([body.Line("a long line of text here", 0, "p", (0, 1), 0)], ("body", "p"),
                     (frozenset(), frozenset()))  # fmt: skip
    assert body.select_container(hand) in (0, 1)
