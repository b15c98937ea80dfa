"""bench/_snippets.py: the must-include / must-exclude snippet metric, and its place in
bench/extraction.py's tables."""

from __future__ import annotations

import pytest

from bench import _snippets as sn
from bench.extraction import body_markdown, snippet_truth

TRUTH = "\n".join(
    [
        "Short line.",  # under 6 words: never a source
        "Alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima.",
        "Mike november oscar papa quebec romeo sierra tango uniform.",
        "Victor whiskey xray yankee zulu one two three four five.",
        "Six seven eight nine ten eleven twelve thirteen.",
        "Done.",
    ]
)


def _inside(snip: tuple[str, ...], para: str) -> bool:
    return sn.found(snip, para)


def test_includes_first_middle_last_paragraph_runs_of_6_to_10_words():
    inc = sn.include_snippets("page-1", TRUTH)
    paras = [p for p in TRUTH.splitlines() if len(sn.tokens(p)) >= 6]
    assert len(inc) == 3
    assert _inside(inc[0], paras[0]) and _inside(inc[-1], paras[-1])
    assert any(_inside(inc[1], p) for p in paras[1:-1])
    assert all(6 <= len(s) <= 10 for s in inc)
    assert all(s == tuple(t.casefold() for t in s) for s in inc)


def test_draws_are_seeded_by_the_page_id_not_by_a_random_state():
    assert sn.include_snippets("page-1", TRUTH) == sn.include_snippets("page-1", TRUTH)
    # the very runs every process on every machine draws (SHA-1 of the id; a draw seeded by
    # Python's hash() or a random state would not give these in every process)
    assert sn.include_snippets("page-1", TRUTH) == [
        ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
         "juliet"),
        ("victor", "whiskey", "xray", "yankee", "zulu", "one", "two", "three", "four", "five"),
        ("six", "seven", "eight", "nine", "ten", "eleven", "twelve"),
    ]
    runs = {tuple(sn.include_snippets(f"page-{i}", TRUTH)) for i in range(20)}
    assert len(runs) > 1  # other ids draw other runs


def test_few_paragraphs_give_fewer_snippets():
    assert sn.include_snippets("p", "one two three") == []
    one = sn.include_snippets("p", "one two three four five six")
    assert one == [("one", "two", "three", "four", "five", "six")]
    assert len(sn.include_snippets("p", "a b c d e f g\nh i j k l m n")) == 2


def test_excludes_share_no_shingle_with_the_truth_and_sit_near_the_article():
    truth = "Alpha bravo charlie delta echo foxtrot golf hotel."
    visible = "\n".join(
        [
            "Far away footer line number one here",  # not among the 3 nearest above
            "Nav one two three four",  # nor this one
            "Nav five six seven eight",
            "Nav nine ten eleven twelve",
            "Related thirteen fourteen fifteen sixteen",
            "Alpha bravo charlie delta echo foxtrot golf hotel.",
            "Too short here",
            "Echo foxtrot golf hotel and more words",  # shares a shingle with the truth
            "Comments seventeen eighteen nineteen twenty",
        ]
    )
    for pid in ("a", "b", "c", "d"):
        exc = sn.exclude_snippets(pid, truth, visible)
        assert len(exc) == 2
        for s in exc:
            assert s[0] in {"nav", "related", "comments"} and s[:2] != ("nav", "one")
            assert not sn.found(s, truth)


def test_matching_is_contiguous_on_casefolded_tokens():
    s = ("the", "quick", "brown", "fox")
    assert sn.found(s, "THE quick, brown -- fox jumps")
    assert not sn.found(s, "the quick red brown fox")
    assert not sn.found(s, "xthe quick brown fox")  # whole tokens only


def test_counts_and_scores_follow_the_confusion_matrix():
    page = sn.PageSnippets(include=(("a", "b"), ("c", "d")), exclude=(("x", "y"),))
    assert sn.page_counts(page, "a b and x y") == (1, 1, 1, 0)
    assert sn.page_counts(page, "") == (0, 2, 0, 1)
    r = sn.scores([(1, 1, 1, 0), (0, 2, 0, 1), (3, 0, 0, 2)])
    tp, fn, fp, tn = 4, 3, 1, 3
    assert (r["tp"], r["fn"], r["fp"], r["tn"]) == (tp, fn, fp, tn)
    assert r["P"] == pytest.approx(tp / (tp + fp))
    assert r["R"] == pytest.approx(tp / (tp + fn))
    assert r["F1"] == pytest.approx(2 * tp / (2 * tp + fp + fn))
    assert r["acc"] == pytest.approx((tp + tn) / 11)
    assert sn.scores([])["F1"] == 0.0


def test_dragnet_snippets_come_from_the_article_without_comments():
    text = "Article words one two three four\n!@#$%^&*()  COMMENTS\nA reader's comment here"
    assert snippet_truth("dragnet", text) == "Article words one two three four\n"
    assert snippet_truth("dragnet-content", text).endswith("four\n")
    assert snippet_truth("aeb", text) == text


def test_visible_text_puts_blocks_on_lines_and_skips_scripts():
    pytest.importorskip("resiliparse")
    html = (
        b"<html><body><nav>Home News</nav><p>One <b>two</b> three</p>"
        b"<script>var x = 1;</script><div>Four five</div></body></html>"
    )
    lines = [ln.strip() for ln in sn.visible_text(html).splitlines() if ln.strip()]
    assert lines == ["Home News", "One two three", "Four five"]


def _row(f1: float, snip: bool) -> dict:
    r = {"F1": f1, "P": f1, "R": f1, "n": 1, "sites": 1, "pages_s": 10.0, "median_ms": 1.0}
    if snip:
        r["snippets"] = sn.scores([(2, 1, 1, 1)])
    return r


def test_markdown_adds_snippet_tables_after_the_shingle_ones():
    rows = {t: {"aeb/held": _row(0.9, True), "aeb/tune": _row(0.8, True)} for t in ("a", "b")}
    md = body_markdown(rows)
    old = body_markdown(
        {t: {"aeb/held": _row(0.9, False), "aeb/tune": _row(0.8, False)} for t in ("a", "b")}
    )
    assert md.startswith(old)  # the tables before are unchanged
    assert "snippet" not in old
    tail = md[len(old) :]
    assert tail.index("Snippets, held-out half") < tail.index("Snippets, tuning half")
    assert "| a | 0.667 (0.667 / 0.667; 0.600) | 0.900 |" in tail


def test_the_headline_is_neither_included_nor_excluded():
    head = "Zeta eta theta iota kappa lambda"
    heads = [sn.tokens(head + " | The Site")]
    truth = TRUTH.replace("Short line.", head)
    assert sn.found(sn.include_snippets("page-1", truth)[0], head)  # the first paragraph
    inc = sn.include_snippets("page-1", truth, heads)
    assert len(inc) == 3 and not any(sn.found(s, head) for s in inc)
    assert sn.include_snippets("p", head, heads) == []
    visible = f"{head}\nMike november oscar papa quebec romeo"
    assert len(sn.exclude_snippets("p", "kilo lima", visible)) == 2
    got = sn.exclude_snippets("p", "kilo lima", visible, heads)
    assert got == [("mike", "november", "oscar", "papa", "quebec", "romeo")]


def test_headlines_are_the_title_the_title_metas_and_the_h1s():
    pytest.importorskip("resiliparse")
    html = (
        b'<html><head><title>A title | Site</title><meta property="og:title" content="OG one">'
        b"</head><body><h1>Big <b>head</b></h1><h2>Not this</h2></body></html>"
    )
    assert sn.headlines(html) == [["a", "title", "site"], ["og", "one"], ["big", "head"]]


def test_a_missed_snippet_is_credited_to_its_lines_fate():
    from bench.snippet_misses import cause

    paras = [
        "The river authority opened the new flood gates on Monday after four years of work.",
        "The gates can hold back a surge two metres higher than the one that flooded the town.",
        "Residents who lost homes in that flood watched from the embankment as panels rose.",
        "The authority will run a second test in the spring when the river is at its highest.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paras[:3]) + f"<p>Most popular</p><p>{paras[3]}</p>"
    html = f"<html><body><article><h1>Gates</h1>{body}</article></body></html>".encode()
    why, line = cause(html, tuple(sn.tokens("second test in the spring when the river")))
    assert (why, line) == ("trim:end-marker", paras[3])
    assert cause(html, tuple(sn.tokens("flood gates on Monday after four")))[0] == "kept"
    assert cause(html, ("words", "on", "no", "line", "of", "it")) == ("absent", "")
