"""What the extractor drops comes back on the record: reason, where it sat, capped and counted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from newssift.extract.article import extract
from newssift.extract.drops import MAX_DROPPED
from newssift.extract.stage import ExtractStage
from newssift.record import Document, from_arrow, to_arrow
from newssift.stage import Stats
from tests.pages import walked_pages

FIX = Path(__file__).parent / "fixtures"
TODAY = dt.date(2024, 1, 1)
PARA = (
    "<p>The council voted on Tuesday to build eleven kilometres of protected bicycle lanes "
    "along the river, ending a debate that had divided residents for a year.</p>"
)


def _farm():
    return extract((FIX / "farm_wordpress.html").read_text(encoding="utf-8"), today=TODAY)


def test_dropped_blocks_carry_reason_and_where():
    art = _farm()
    by_text = {b.line: b for b in art.dropped}
    see_also = next(b for b in art.dropped if b.line.startswith("See also"))
    assert see_also.where == "inside"
    assert see_also.reason in ("related_link", "injected_link")
    bio = by_text["Organizer. Zombie aficionado. Wannabe reader. Passionate writer. "
                  "Music scholar. Web expert."]
    assert bio.reason == "author_box" and bio.where in ("inside", "beside")
    assert by_text["Leave a Reply"].reason in ("comment", "comment_form")
    assert by_text["You May Also Like"].reason == "related_block"
    # page chrome is summarised: one entry per region, with how many lines it stands for
    page = [b for b in art.dropped if b.where == "page"]
    assert {b.reason for b in page} == {"page_header", "page_footer"}
    header = next(b for b in page if b.reason == "page_header")
    assert header.lines == 4 and "Home" in header.line
    assert art.dropped_total == sum(b.lines for b in art.dropped)
    # the title is the title, not a drop
    assert not any(b.line == art.title for b in art.dropped)


def test_dropped_index_is_the_line_it_sat_before():
    art = _farm()
    lines = art.text.split("\n")
    see_also = next(b for b in art.dropped if b.line.startswith("See also"))
    assert lines[see_also.index].startswith('"We listened')
    assert lines[see_also.index - 1].startswith("The plan")
    footer = next(b for b in art.dropped if b.reason == "page_footer")
    assert footer.index == len(lines)


def test_text_unchanged_by_collecting_drops():
    from selectolax.lexbor import LexborHTMLParser

    from newssift.extract.blocks import walk
    from newssift.extract.body import body_lines

    html = (FIX / "news_with_chrome.html").read_text(encoding="utf-8")
    tree = LexborHTMLParser(html)
    kept = body_lines(walk(tree.body))
    art = extract(html, today=TODAY)
    assert art.text.split("\n") == [ln.text for ln in kept][-len(art.text.split("\n")):]
    assert art.dropped  # the fixture has chrome


def test_stage_and_parquet_round_trip_keep_drops():
    html = (FIX / "farm_wordpress.html").read_text(encoding="utf-8")
    doc = Document(id="a", source="x", html=html)
    (out,) = list(ExtractStage().run([doc], Stats()))
    assert out.dropped and out.dropped_total >= len(out.dropped)
    (back,) = from_arrow(to_arrow([out]))
    assert back.dropped == out.dropped and back.dropped_total == out.dropped_total
    assert Document.from_dict(out.to_dict()).dropped == out.dropped


def test_old_records_without_drops_read_back():
    d = Document(id="a", source="x", text="t").to_dict()
    for k in ("dropped", "dropped_total", "line_numbers"):
        d.pop(k)
    back = Document.from_dict(d)
    assert back.dropped == [] and back.dropped_total == 0 and back.line_numbers == []


# --- bad input -------------------------------------------------------------------------


def test_page_with_no_container():
    art = extract("<html><body>just a few words, <b>no</b> blocks at all</body></html>")
    assert art.dropped_total >= 0
    art = extract("<html><head><title>x</title></head></html>")
    assert art.dropped == [] and art.dropped_total == 0


def test_body_all_links():
    links = "".join(f'<a href="/{i}">Link number {i} to elsewhere</a><br>' for i in range(300))
    art = extract(f"<html><body><div>{links}</div></body></html>", today=TODAY)
    assert art.dropped_total + len(art.text.split("\n")) >= 300
    assert len(art.dropped) <= MAX_DROPPED


def test_five_thousand_dropped_blocks_are_capped_and_counted():
    def page(n: int) -> str:
        junk = "".join(
            f'<div class="related"><a href="/{i}">Other story {i}</a></div>' for i in range(n)
        )
        return f"<html><body><article>{PARA * 5}</article><aside>{junk}</aside></body></html>"

    art = extract(page(5000), today=TODAY)
    assert art.dropped_total == 5000
    assert len(art.dropped) == MAX_DROPPED
    assert art.text.count("bicycle lanes") == 5


def _walked(html: str):
    from selectolax.lexbor import LexborHTMLParser

    from newssift.extract.blocks import walk
    from newssift.extract.body import select_body

    tree = LexborHTMLParser(html)
    page = walk(tree.body)
    container, kept = select_body(page)
    return page, container, kept


def test_a_number_the_body_kept_does_not_make_a_rail_the_article():
    from newssift.extract.drops import dropped_blocks

    rail = (
        '<section class="trending-content"><h4>Trending Stories</h4>'
        '<div class="row"><div class="num">1</div><h3><a href="/p/">Pop Star Unveils '
        "Surprise Perfume Line At Desert Gala</a></h3></div></section>"
    )
    page, container, _kept = _walked(
        f"<html><body><div class='main-content'>{PARA * 3}{rail}{PARA}</div></body></html>"
    )
    # the body model let the rail's "1" through with the article (it happens on real pages,
    # e.g. numbered "Trending" lists): the rail is still a related-stories block, not the
    # article's own wrapper
    kept = [ln for ln in page.lines if ln.text == "1" or "bicycle lanes" in ln.text]
    entries, _total = dropped_blocks(page, container, kept, kept)
    head = next(b for b in entries if b.line.startswith("Pop Star"))
    assert head.where == "inside" and head.reason == "related_block"


def test_collecting_drops_is_linear_in_the_page():
    """Counted work, not time: the statements run in drops.py grow like the page."""
    import sys

    from newssift.extract import drops

    def work(n: int) -> int:
        junk = "".join(
            f'<div class="related"><p><a href="/{i}">Other story {i}</a></p></div>'
            for i in range(n)
        )
        page, container, kept = _walked(
            f"<html><body><article>{PARA * 5}</article><aside>{junk}</aside></body></html>"
        )
        count = 0

        def tracer(frame, event, _arg):
            nonlocal count
            if frame.f_code.co_filename != drops.__file__:
                return None
            if event == "line":
                count += 1
            return tracer

        sys.settrace(tracer)
        try:
            entries, total = drops.dropped_blocks(page, container, kept, kept)
        finally:
            sys.settrace(None)
        assert total >= n and len(entries) <= MAX_DROPPED
        return count

    small, large = work(1000), work(4000)
    assert large < 4.4 * small  # quadratic work would be ~16x


def test_comments_come_apart_from_the_article_when_asked():
    page = (
        "<html><body><article><h1>Bicycle lanes approved</h1>" + PARA * 4 + "</article>"
        '<div id="comments"><h3>3 Comments</h3><ol class="commentlist">'
        "<li><p>Finally, the river path will be safe for my children to ride to school.</p></li>"
        "<li><p>Eleven kilometres is not enough; the eastern bank needs lanes as well.</p>"
        '<a href="#r">Reply</a></li></ol><div id="respond"><form><p>Your email address will '
        "not be published. Required fields are marked.</p></form></div></div></body></html>"
    )
    plain = extract(page, today=TODAY)
    assert plain.comments == ""  # off by default: output unchanged
    art = extract(page, today=TODAY, comments=True)
    assert art.text == plain.text and "children" not in art.text
    # the thread's heading ("3 Comments"), its reply links and its form are not comments
    assert art.comments.split("\n") == [
        "Finally, the river path will be safe for my children to ride to school.",
        "Eleven kilometres is not enough; the eastern bank needs lanes as well.",
    ]
    assert art.dropped == plain.dropped  # still reported as dropped


def test_a_thread_heading_in_another_language_is_not_a_comment():
    """The thread's own heading is left out in the languages the pipeline reads, not only in
    English: "Kommentare (2)", "12 commentaires", "Comentarios" came out as comments (seen on
    German and French news pages)."""
    for heading in ("Kommentare (2)", "12 commentaires", "Comentarios", "Commenti (4)",
                    "Reacties", "Leserkommentare", "Kommentare werden geladen. Bitte warten..."):
        page = (
            "<html><body><article><h1>Bicycle lanes approved</h1>" + PARA * 4 + "</article>"
            f'<div id="comments"><h3>{heading}</h3><ol class="commentlist">'
            "<li><p>Finally, the river path will be safe for my children to ride to school.</p>"
            "</li></ol></div></body></html>"
        )
        art = extract(page, today=TODAY, comments=True)
        assert art.comments == (
            "Finally, the river path will be safe for my children to ride to school."
        ), heading


def test_a_thread_status_line_or_prompt_is_not_a_comment():
    """The thread's own status lines and prompts came out as comments on German, French and
    English pages; a reader's line that mentions comments stays."""
    reader = "Finally, the river path will be safe for my children to ride to school."
    thanks = "We have updated the post. Thank you for your comments here!"
    for status in ("Es wurden noch keine Kommentare geschrieben.", "Tous vos commentaires (11)",
                   "Hier ist Ihre Meinung gefragt", "Bisher noch keine Kommentare vorhanden",
                   "Neueste Kommentare", "Hinterlasse jetzt einen Kommentar", "4 Antworten",
                   "Submit a Comment", "There are no comments yet.", "RECENT COMMENTS",
                   "9 comments to Bicycle lanes approved after a long debate in the council",
                   "Ein Gedanke zu “Bicycle lanes approved”"):
        page = (
            "<html><body><article><h1>Bicycle lanes approved</h1>" + PARA * 4 + "</article>"
            f'<div id="comments"><p>{status}</p><ol class="commentlist">'
            f"<li><p>{reader}</p></li><li><p>{thanks}</p></li></ol></div></body></html>"
        )
        art = extract(page, today=TODAY, comments=True)
        assert art.comments.split("\n") == [reader, thanks], status


def test_cli_prints_comments_after_the_body_when_asked(tmp_path):
    from click.testing import CliRunner

    from newssift.extract.cli import extract_command

    path = tmp_path / "page.html"
    path.write_text(
        "<html><body><article>" + PARA * 3 + '</article><div class="comments">'
        "<p>A reader thinks the lanes should have come years ago, and says so at length.</p>"
        "</div></body></html>",
        encoding="utf-8",
    )
    plain = CliRunner().invoke(extract_command, [str(path)])
    assert plain.exit_code == 0 and "A reader" not in plain.output
    res = CliRunner().invoke(extract_command, [str(path), "--comments"])
    assert res.exit_code == 0
    body, _sep, comments = res.output.partition("\ncomments:\n")
    assert "council voted" in body and "A reader thinks" in comments
    res = CliRunner().invoke(extract_command, [str(path), "--comments", "--body-only"])
    assert "A reader" not in res.output


def test_compiled_drop_scan_equals_python():
    """dropped_blocks' compiled loops (_walk.drop_scan, _walk.drop_regions) list, summarise
    and count what the Python loops (_drop_scan_py, _regions_and_lines_py) do: on real
    pages with their chosen containers, and on random pages whose elements carry block
    words, chrome regions, wrappers and a title."""
    import random

    import pytest

    from newssift.extract import drops
    from newssift.extract.blocks import Line, Page
    from newssift.extract.body import select_body

    if drops._drop_scan_c is None or drops._drop_regions_c is None:
        pytest.skip("extract/_walk.c's drop_scan is not built (or NEWSSIFT_PURE_WALK is set)")

    def both(*args):
        page, container = args[0], args[1]
        compiled = drops.dropped_blocks(*args)
        regions = drops._regions_and_lines(page, container)
        saved = drops._drop_scan_c, drops._drop_regions_c, drops._wrapper_set_c
        drops._drop_scan_c = drops._drop_regions_c = drops._wrapper_set_c = None
        try:
            python = drops.dropped_blocks(*args)
            assert drops._regions_and_lines(page, container) == regions
        finally:
            drops._drop_scan_c, drops._drop_regions_c, drops._wrapper_set_c = saved
        assert compiled == python
        return compiled

    listed = 0
    for page in walked_pages(5):
        container, kept = select_body(page)
        title = kept[0].text if kept else None
        listed += len(both(page, container, kept, kept[1:], title)[0])
        both(page, container, kept, kept, None, 7)
    assert listed > 0  # the repository's own pages alone list some
    rng = random.Random(17)
    vocab = ["related", "author", "comment", "share", "nav", "sidebar", "banner", "navigation",
             "contentinfo", "main", "content", "x", "y", "ad", "caption"]  # fmt: skip
    tags = ["div", "aside", "nav", "section", "p", "footer", "header", "article", "li"]
    words_ = ["alpha", "beta", "gamma", "delta", "Title", "the", "1"]
    for _ in range(500):
        n_el = rng.randint(2, 30)
        words = [frozenset(rng.sample(vocab, rng.randint(0, 2))) for _ in range(n_el)]
        page_tags = ["body"] + [rng.choice(tags) for _ in range(n_el - 1)]
        lines = []
        for i in range(rng.randint(1, 40)):
            path = (0, *sorted(rng.sample(range(1, n_el), rng.randint(0, min(5, n_el - 1)))))
            text = " ".join(rng.choice(words_) for _ in range(rng.randint(1, 12)))
            text = text * rng.choice([1, 1, 1, 60])
            links = rng.choice([0, 0, len(text) // 2, len(text) // 2 + 1, len(text)])
            lines.append(Line(text, links, rng.choice(["p", "li", "h2"]), path, i))
        page = Page(lines, page_tags, words)
        container = rng.randrange(n_el)
        kept = sorted(rng.sample(lines, rng.randint(0, len(lines))), key=lambda ln: ln.index)
        title = rng.choice([None, "", "the Title", lines[0].text, "alpha beta"])
        both(page, container, kept, kept[rng.randint(0, 1):], title, rng.choice([400, 3]))


def test_drop_scan_fills_dropped_block_slots():
    """drop_scan fills a DroppedBlock's slots itself (as its dataclass __init__ would: the
    entries compare equal, ``lines`` is 1) and calls any other class."""
    from dataclasses import dataclass

    import pytest

    from newssift.extract import drops
    from newssift.extract.blocks import Line, Page
    from newssift.record import DroppedBlock

    walk_c = drops._blocks._compiled
    if drops._drop_scan_c is None:
        pytest.skip("extract/_walk.c's drop_scan is not built (or NEWSSIFT_PURE_WALK is set)")

    @dataclass
    class Plain:
        index: int
        line: str
        reason: str
        where: str
        lines: int = 1

    assert walk_c.block_fills_slots(DroppedBlock)
    assert not walk_c.block_fills_slots(Plain)
    page = Page([Line("a b c", 0, "p", (0, 1), 0), Line("d e f", 5, "li", (0, 2), 1)],
                ["body", "div", "div"], [frozenset(), frozenset(), frozenset({"related"})])
    args = (page.lines, page.tags, page.words, 1, {0}, {0, 1}, None, [0], None, "",
            drops.norm_words, drops._element_reason, drops._reason, None)
    tail = (drops.MAX_LINE_CHARS, drops._ALL_BLOCK_WORDS, drops._TAG_REASON)
    for cls in (DroppedBlock, Plain, DroppedBlock):
        listed, summaries, total = drops._drop_scan_c(*args, cls, *tail)
        assert (listed, summaries, total) == drops._drop_scan_py(*args, cls, *tail)
        assert [type(e) for _p, _i, e in listed] == [cls] and listed[0][2].lines == 1


def test_drops_read_the_cleaners_line_rule() -> None:
    """The dropped-blocks scan judges lines with the cleaner's own (memoised) line_rule."""
    from newssift.clean.rules import line_rule
    from newssift.extract import drops

    assert drops._line_rule() is line_rule


def test_element_reason_memo_and_unhashable_words() -> None:
    """The dropped-blocks scan reads _element_reason through a memo; a hand-made page whose
    word sets are plain (unhashable) sets gets the same blocks through the plain function."""
    from newssift.extract import drops
    from newssift.extract.blocks import Line, Page

    for tag, w in [("div", frozenset({"related", "x"})), ("aside", frozenset()),
                   ("p", frozenset({"share"})), ("nav", frozenset({"story"}))]:  # fmt: skip
        assert drops._element_reason_memo(tag, w) == drops._element_reason(tag, w)
    lines = [Line("Read the full story here now", 0, "p", (0, 1), 0),
             Line("Related: other stories", 20, "li", (0, 2), 1)]  # fmt: skip
    tags = ["body", "div", "aside"]
    frozen = Page(lines, tags, [frozenset(), frozenset({"story"}), frozenset({"related"})])
    plain = Page(lines, tags, [set(), {"story"}, {"related"}])
    want = drops.dropped_blocks(frozen, 1, lines[:1], lines[:1], None)
    assert drops.dropped_blocks(plain, 1, lines[:1], lines[:1], None) == want
    assert want[1] == 1


def test_compiled_wrapper_set_equals_python() -> None:
    """_walk.wrapper_set gives the set _wrappers_py does: on the lines of real pages (all of
    them, and the body's), on texts of letters, digits, marks and other scripts around the
    three-letter bound, and a hand-made line (a list path) goes to the Python loop."""
    import random

    import pytest

    from newssift.extract import drops
    from newssift.extract.blocks import Line
    from newssift.extract.body import select_body

    if drops._wrapper_set_c is None:
        pytest.skip("extract/_walk.c's wrapper_set is not built (or NEWSSIFT_PURE_WALK is set)")
    for page in walked_pages(5):
        assert drops._wrapper_set_c(page.lines) == drops._wrappers_py(page.lines)
        kept = select_body(page)[1]
        assert drops._wrapper_set_c(kept) == drops._wrappers_py(kept)
    rng = random.Random(3)
    chars = ["a", "É", "ß", "1", "²", "½", " ", "·", "\u0301", "東", "ا", "_", "Ⅻ", "\U0001d400"]
    lines = []
    for i in range(3000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 6)))
        path = tuple(rng.sample(range(50), rng.randint(0, 6)))
        lines.append(Line(text, 0, "p", path, i))
    for k in range(0, 3000, 100):
        assert drops._wrapper_set_c(lines[k : k + 100]) == drops._wrappers_py(lines[k : k + 100])
    odd = [Line("three words here", 0, "p", [0, 4], 0)]
    assert drops._wrappers(odd) == {0, 4}
