"""The story a page ships only in its script state (issue 16, session 24), on small
hand-written pages: a Next.js page, a state assigned in a script with an HTML body, content
elements and a JSON DOM tree as paragraph lists; broken, huge and deeply nested input (an
empty result, never an exception); and a page whose HTML holds the story (untouched).
"""

from __future__ import annotations

import json

import pytest
from selectolax.lexbor import LexborHTMLParser

from newssift.extract import article, guard, scriptstate
from newssift.extract.article import FROM_SCRIPT, PAGE_SCORES, extract
from newssift.extract.scriptstate import MAX_SCRIPT_CHARS, story_html

TITLE = "Harbour bridge closes for a month of repairs"
# my own text
P1 = ("The harbour bridge will close to all traffic from Monday for a month, the city said "
      "on Friday, while crews replace the joints that cracked during the winter storms.")
P2 = ("Buses will run over the old river crossing instead, adding about twenty minutes to "
      "a trip into the centre at the busiest hours of the morning and the evening.")
P3 = ("Shop owners on the north bank fear a quiet month. \"People will simply stay on their "
      "side of the water,\" said one baker, whose shop sits at the foot of the bridge.")
OTHER = ("A council meeting on the new school building was put off to next week after the "
         "architects asked for more time to answer the neighbours' objections to its height.")

CHROME = """<header><nav><a href="/">Home</a> <a href="/news">News</a>
<a href="/sport">Sport</a></nav></header>"""
FOOT = "<footer><p>&copy; 2024 The Harbour Post</p></footer>"


def _page(scripts: str, body: str = "<div id=\"root\"></div>") -> str:
    return (f"<!DOCTYPE html><html><head><title>{TITLE} | The Harbour Post</title>"
            f'<meta property="og:title" content="{TITLE}"></head><body>{CHROME}{body}'
            f"{scripts}{FOOT}</body></html>")


def _html_body(*paragraphs: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def test_a_next_js_page_is_read_from_its_next_data():
    state = {"props": {"pageProps": {
        "site": {"name": "The Harbour Post"},
        "article": {"headline": TITLE, "body": _html_body(P1, P2, P3)},
        "related": [{"headline": "School building put off", "body": _html_body(OTHER) * 4}],
    }}}
    script = (f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}'
              "</script>")
    art = extract(_page(script))
    assert art.text.split("\n") == [P1, P2, P3]
    assert art.page[FROM_SCRIPT] == len(P1) + len(P2) + len(P3)
    assert FROM_SCRIPT in PAGE_SCORES
    story = story_html(_page(script), [TITLE])
    assert story is not None and story.where == "__NEXT_DATA__" and story.owned


def test_a_state_assigned_in_a_script_with_an_html_body():
    state = {"article": {"title": TITLE, "bodyHtml": _html_body(P1, P2, P3)}}
    script = (f"<script>var x = 1; window.__INITIAL_STATE__ = {json.dumps(state)};"
              "render(window.__INITIAL_STATE__);</script>")
    art = extract(_page(script))
    assert art.text.split("\n") == [P1, P2, P3]
    assert story_html(_page(script), [TITLE]).where == "window.__INITIAL_STATE__"
    # the same state given to JSON.parse as a string
    parsed = f"<script>window.__S__ = JSON.parse({json.dumps(json.dumps(state))});</script>"
    assert extract(_page(parsed)).text.split("\n") == [P1, P2, P3]
    # two short paragraphs (under MIN_STORY_CHARS) are a summary, not the story
    state = {"article": {"title": TITLE, "bodyHtml": _html_body(P1, P2)}}
    script = f"<script>window.__INITIAL_STATE__ = {json.dumps(state)};</script>"
    assert extract(_page(script)).text == ""


def test_content_elements_and_a_json_dom_tree_are_paragraph_lists():
    # an Arc-like globalContent: text elements among an image and an ad
    elements = [
        {"type": "text", "content": P1},
        {"type": "image", "caption": "The bridge at dawn", "url": "https://x/i.jpg"},
        {"type": "text", "content": P2},
        {"type": "ad", "content": "Advertisement: the best deals on winter tyres this week"},
        {"type": "text", "content": P3},
    ]
    state = {"headlines": {"basic": TITLE}, "content_elements": elements}
    script = f"<script>Fusion.globalContent={json.dumps(state)};</script>"
    assert extract(_page(script)).text.split("\n") == [P1, P2, P3]
    # an HTML tree as JSON: paragraphs whose text nodes and links are joined inline
    a, b = P1.split(" for a month, ")
    tree = [
        {"type": "p", "children": [
            {"type": "text", "data": a + " "},
            {"type": "a", "attribs": {"href": "/x"}, "children": [
                {"type": "text", "data": "for a month,"}]},
            {"type": "text", "data": " " + b}]},
        {"type": "p", "children": [{"type": "text", "data": P2}]},
        # a related story's link set as a paragraph: a link, as in the HTML, so the body's
        # link rules drop it
        {"type": "p", "children": [{"type": "a", "attribs": {"href": "/y"}, "children": [
            {"type": "text", "data": "Council puts off the vote on the new school building"}]}]},
        {"type": "p", "children": [{"type": "text", "data": P3}]},
    ]
    state = {"ROOT": {"content": {"headline": TITLE, "body": {"json": tree}}}}
    script = f"<script>window.__APOLLO_STATE__={json.dumps(state)}</script>"
    assert extract(_page(script)).text.split("\n") == [P1, P2, P3]
    # plain strings in a list
    state = {"story": {"title": TITLE, "paragraphs": [P1, P2, P3]}}
    script = f'<script type="application/json">{json.dumps(state)}</script>'
    assert extract(_page(script)).text.split("\n") == [P1, P2, P3]


@pytest.mark.parametrize("html_items", [False, True], ids=["plain", "html"])
def test_a_list_elements_items_are_lines_of_their_own(html_items: bool) -> None:
    # an Arc-like list element between two text elements: its items stay separate lines
    # (joined inline they read "...on the river.Officer Tom Berg ...")
    items = ["Officer Ana Ruiz joins the harbour patrol after ten years on the river.",
             "Officer Tom Berg joins the traffic unit from the city's north precinct."]
    if html_items:
        items = [f"<b>{t}</b>" for t in items]
    elements = [
        {"type": "text", "content": P1},
        {"type": "list", "list_type": "unordered",
         "items": [{"type": "text", "content": t} for t in items]},
        {"type": "text", "content": P2},
    ]
    state = {"headlines": {"basic": TITLE}, "content_elements": elements}
    script = f"<script>Fusion.globalContent={json.dumps(state)};</script>"
    lines = extract(_page(script)).text.split("\n")
    plain = [t.removeprefix("<b>").removesuffix("</b>") for t in items]
    assert lines == [P1, *plain, P2]


def test_a_plain_list_nested_in_an_html_one_keeps_its_items_apart() -> None:
    # (review r33) the inner list's items were one <li>, its line break read as a space
    a = "Officer Ana Ruiz joins the harbour patrol after ten years on the river."
    b = "Officer Tom Berg joins the traffic unit from the city's north precinct."
    c = "Officer Li Wei moves to the north precinct after five years downtown."
    inner = {"type": "list", "items": [{"type": "text", "content": t} for t in (b, c)]}
    outer = {"type": "list", "items": [{"type": "text", "content": f"<b>{a}</b>"}, inner]}
    elements = [{"type": "text", "content": P1}, outer, {"type": "text", "content": P2}]
    state = {"headlines": {"basic": TITLE}, "content_elements": elements}
    script = f"<script>Fusion.globalContent={json.dumps(state)};</script>"
    assert extract(_page(script)).text.split("\n") == [P1, a, b, c, P2]


@pytest.mark.parametrize("shape", ["hast", "domhandler"])
def test_a_tree_whose_type_says_element_is_read_by_its_tag(shape: str) -> None:
    # hast ({"type": "element", "tagName": "ul"}) and domhandler ({"type": "tag", "name":
    # "ul"}) put the tag outside "type": the list's items stay lines of their own, the
    # related story's link is a link (dropped by the body's link rules), the figure no text
    def el(tag: str, *children: dict) -> dict:
        if shape == "hast":
            return {"type": "element", "tagName": tag, "properties": {}, "children": list(children)}
        return {"type": "tag", "name": tag, "attribs": {}, "children": list(children)}

    def txt(t: str) -> dict:
        return {"type": "text", "value": t} if shape == "hast" else {"type": "text", "data": t}

    a = "Officer Ana Ruiz joins the harbour patrol after ten years on the river."
    b = "Officer Tom Berg joins the traffic unit from the city's north precinct."
    tree = [
        el("p", txt(P1)),
        el("ul", el("li", txt(a)), el("li", txt(b))),
        el("figure", el("img"),
           el("figcaption", txt("The bridge at dawn, seen from the north bank"))),
        el("p", el("a", txt("Council puts off the vote on the new school building"))),
        el("p", txt(P2)),
        el("p", txt(P3)),
    ]
    state = {"ROOT": {"content": {"headline": TITLE, "body": {"json": tree}}}}
    script = f"<script>window.__APOLLO_STATE__={json.dumps(state)}</script>"
    assert extract(_page(script)).text.split("\n") == [P1, a, b, P2, P3]


@pytest.mark.parametrize("shape", ["hast", "domhandler", "dom"])
def test_a_trees_comments_are_no_text_and_its_br_ends_a_line(shape: str) -> None:
    # (review r35) a comment or doctype node's text leaked into the story, and a <br> element
    # joined the words on both sides of it ("…springand the …")
    def el(tag: str, *children: dict) -> dict:
        kids = list(children)
        if shape == "hast":
            return {"type": "element", "tagName": tag, "properties": {}, "children": kids}
        if shape == "dom":
            return {"nodeType": 1, "tagName": tag.upper(), "childNodes": kids}
        return {"type": "tag", "name": tag, "attribs": {}, "children": kids}

    def txt(t: str) -> dict:
        return {"hast": {"type": "text", "value": t}, "dom": {"nodeType": 3, "data": t},
                "domhandler": {"type": "text", "data": t}}[shape]

    def comment(t: str) -> dict:
        return {"hast": {"type": "comment", "value": t}, "dom": {"nodeType": 8, "data": t},
                "domhandler": {"type": "comment", "data": t}}[shape]

    a, b = P2.split(" instead, ")
    tree = [
        {"type": "doctype", "value": "html"} if shape == "hast" else
        {"nodeType": 10, "data": "html"} if shape == "dom" else
        {"type": "directive", "name": "!doctype", "data": "!DOCTYPE html"},
        el("p", txt(P1)),
        comment("ad slot: inline-1 placeholder for the sponsor unit here"),
        el("p", txt(a + " instead,"), el("br"), txt(b)),
        el("p", txt(P3)),
    ]
    state = {"ROOT": {"content": {"headline": TITLE, "body": {"json": tree}}}}
    script = f"<script>window.__APOLLO_STATE__={json.dumps(state)}</script>"
    assert extract(_page(script)).text.split("\n") == [P1, a + " instead,", b, P3]


def test_numbered_blocks_cdata_and_a_br_between_list_items() -> None:
    # (review r36) a CMS that numbers its blocks' "type" lost its story once the DOM's
    # numbers were read (8 and 10 were taken for a comment and a doctype); domhandler's cdata
    # holds text; a <br> between a list's items made an empty item
    state = {"props": {"pageProps": {"story": {
        "title": TITLE,
        "body": [{"type": 1, "content": P1}, {"type": 8, "content": P2},
                 {"_type": 10, "content": P3}]}}}}
    script = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}</script>'
    assert extract(_page(script)).text.split("\n") == [P1, P2, P3]
    reader = scriptstate._Reader([TITLE])
    cdata = {"type": "tag", "name": "div", "children": [
        {"type": "cdata", "children": [{"type": "text", "data": P1}]}]}
    assert reader._paragraph(cdata, 0) == (P1, False)
    a = "Officer Ana Ruiz joins the harbour patrol after ten years on the river."
    b = "Officer Tom Berg joins the traffic unit from the city's north precinct."
    ul = {"type": "ul", "children": [
        {"type": "li", "children": [{"type": "text", "data": a}]}, {"type": "br"},
        {"type": "li", "children": [{"type": "b", "children": [{"type": "text", "data": b}]}]}]}
    html, is_html = reader._paragraph(ul, 0)
    assert is_html and "<li><br></li>" not in html and html.count("<li>") == 2


_DOM_TEXT_NODES = {
    "nodeValue": lambda t: {"nodeType": 3, "nodeName": "#text", "nodeValue": t},
    "textContent": lambda t: {"nodeType": 3, "textContent": t},
    "every key": lambda t: {"nodeType": 3, "data": t, "nodeValue": t, "textContent": t,
                            "wholeText": t},
    "empty data": lambda t: {"nodeType": 3, "data": "", "nodeValue": t},
    "nodeName only": lambda t: {"nodeName": "#text", "nodeValue": t},
    "cdata": lambda t: {"nodeType": 4, "nodeName": "#cdata-section", "data": t},
}


@pytest.mark.parametrize("shape", list(_DOM_TEXT_NODES))
def test_a_dom_text_nodes_text_is_read_once_under_any_of_its_keys(shape: str) -> None:
    # (reviews r36, r37) a serialised DOM text node carrying its text as nodeValue or
    # textContent, not data (or known by its nodeName alone, or with an empty data), was no
    # text; one carrying it under several keys is still read once
    tree = [{"nodeType": 1, "tagName": "P", "nodeValue": None,
             "childNodes": [_DOM_TEXT_NODES[shape](p)]} for p in (P1, P2, P3)]
    state = {"ROOT": {"content": {"headline": TITLE, "body": {"json": tree}}}}
    script = f"<script>window.__APOLLO_STATE__={json.dumps(state)}</script>"
    assert extract(_page(script)).text.split("\n") == [P1, P2, P3]


def test_a_node_name_that_is_no_string_is_no_error() -> None:
    # (review r38) a nodeName holding a list or an object was looked up in a set of names:
    # TypeError, and the page was quarantined
    reader = scriptstate._Reader([TITLE])
    for name in (["p"], {"a": 1}):
        assert reader._paragraph({"nodeName": name, "text": P1}, 0) == (P1, False)


def test_a_dom_element_written_with_its_flat_text_only() -> None:
    # (review r37) an element serialised with textContent and no child list is its text;
    # a figure so written is still no text, and an element's HTML is read as before
    def el(tag: str, text: str) -> dict:
        return {"nodeType": 1, "tagName": tag, "textContent": text, "innerText": text}

    tree = [el("P", P1), el("FIGURE", "The bridge at dawn, seen from the north bank"),
            {"nodeType": 1, "tagName": "DIV", "textContent": "flat", "innerHTML": f"<p>{P2}</p>"},
            el("P", P3)]
    state = {"ROOT": {"content": {"headline": TITLE, "body": {"json": tree}}}}
    script = f"<script>window.__APOLLO_STATE__={json.dumps(state)}</script>"
    assert extract(_page(script)).text.split("\n") == [P1, P2, P3]


def test_a_line_break_inside_a_paragraphs_text_node_is_a_space() -> None:
    # (review r34) a JSON DOM paragraph whose text nodes hold line breaks beside a link is
    # one line, as the same paragraph in HTML is
    a, b = P1.split(" for a month, ")
    para = {"type": "p", "children": [
        {"type": "text", "data": a.replace(" will ", "\nwill ") + " "},
        {"type": "a", "attribs": {"href": "/x"}, "children": [
            {"type": "text", "data": "for a month,"}]},
        {"type": "text", "data": " " + b.replace(" while ", "\nwhile ")}]}
    tree = [para, {"type": "p", "children": [{"type": "text", "data": P2}]},
            {"type": "p", "children": [{"type": "text", "data": P3}]}]
    state = {"ROOT": {"content": {"headline": TITLE, "body": {"json": tree}}}}
    script = f"<script>window.__APOLLO_STATE__={json.dumps(state)}</script>"
    assert extract(_page(script)).text.split("\n") == [P1, P2, P3]


def test_another_articles_story_is_never_taken():
    # the state holds only a related article's full body, under its own title
    state = {"article": {"headline": TITLE, "summary": "Closed for a month."},
             "more": [{"headline": "School building put off",
                       "body": _html_body(OTHER, OTHER, OTHER)}]}
    script = f'<script type="application/json">{json.dumps(state)}</script>'
    assert story_html(_page(script), [TITLE]) is None
    assert extract(_page(script)).text == ""
    # nor a long text in an untitled configuration that does not speak of the page's title
    config = {"cookieBanner": {"content": " ".join([OTHER] * 4)}}
    script = f"<script>window.__CONFIG__ = {json.dumps(config)};</script>"
    assert story_html(_page(script), [TITLE]) is None
    # an untitled state whose text speaks of the title is the page's
    config = {"page": {"body": _html_body(P1, P2, P3)}}
    script = f"<script>window.__CONFIG__ = {json.dumps(config)};</script>"
    story = story_html(_page(script), [TITLE])
    assert story is not None and not story.owned


def test_a_page_with_its_story_in_the_html_is_untouched():
    state = {"article": {"headline": TITLE, "body": _html_body(P1, P2, P3, OTHER)}}
    script = f'<script type="application/json">{json.dumps(state)}</script>'
    article = f"<article><h1>{TITLE}</h1>{_html_body(P1, P2)}</article>"
    art = extract(_page(script, article))
    assert art.text.split("\n") == [P1, P2]
    assert FROM_SCRIPT not in art.page


@pytest.mark.parametrize("script", [
    '<script type="application/json">{"article": {"headline": "x", "body": "<p>a</p>"</script>',
    "<script>window.__S__ = {article: {headline: 'x', body: '<p>story</p>'}};</script>",
    "<script>window.__NUXT__=(function(a,b){return {data:[{body:a}]}}('x','y'));</script>",
    '<script type="application/json">' + "[" * 200_000 + "]" * 200_000 + "</script>",
    "<script>window.__S__ = " + "[" * 200_000 + "</script>",
    '<script type="application/json">{"a": "' + "x" * (MAX_SCRIPT_CHARS + 10) + '"}</script>',
    "<script>var s = 1;</script>" * 2000,
    "<script>x = {",
])
def test_bad_input_gives_no_story_and_no_exception(script):
    page = _page(script)
    assert story_html(page, [TITLE]) is None
    assert extract(page).text == ""


def test_an_eight_megabyte_script_and_a_deep_nesting_give_nothing(monkeypatch):
    # an 8 MB state with the story in it: over the size cap, not parsed
    state = {"article": {"headline": TITLE, "body": _html_body(P1, P2, P3)},
             "pad": "x" * 8_000_000}
    page = _page(f'<script type="application/json">{json.dumps(state)}</script>')
    assert story_html(page, [TITLE]) is None
    art = extract(page)
    assert art.text == ""
    # a story nested deeper than MAX_DEPTH is not read
    deep: dict = {"article": {"headline": TITLE, "body": _html_body(P1, P2, P3)}}
    for _ in range(scriptstate.MAX_DEPTH + 5):
        deep = {"x": deep}
    page = _page(f'<script type="application/json">{json.dumps(deep)}</script>')
    assert story_html(page, [TITLE]) is None
    # ... and is read when the cap allows it
    monkeypatch.setattr(scriptstate, "MAX_DEPTH", 200)
    assert story_html(page, [TITLE]) is not None


def test_templates_and_external_scripts_are_not_read():
    body = _html_body(P1, P2, P3)
    state = json.dumps({"article": {"headline": TITLE, "body": body}})
    for tag in ('<script type="text/template">', '<script type="text/x-handlebars">',
                '<script src="/app.js">'):
        assert story_html(_page(f"{tag}{state}</script>"), [TITLE]) is None


def test_the_fragment_goes_through_the_parsers_budget(monkeypatch):
    # the page's guard does not see tags inside a script (written \u003c, as Next.js does),
    # so the fragment read from the state is guarded itself: a body nested past
    # guard.MAX_DEPTH reaches the parser flattened, with all its text
    depth = guard.MAX_DEPTH + 200
    body = "<div>" * depth + _html_body(P1, P2, P3) + "</div>" * depth
    state = json.dumps({"article": {"headline": TITLE, "body": body}}).replace("<", "\\u003c")
    page = _page(f'<script id="__NEXT_DATA__" type="application/json">{state}</script>')
    assert guard.guard_html(page) is page  # the page itself is not too deep
    parsed: list[str] = []

    def parser(html: str):
        parsed.append(html)
        return LexborHTMLParser(html)

    monkeypatch.setattr(article, "LexborHTMLParser", parser)
    art = extract(page)
    assert art.text.split("\n") == [P1, P2, P3]
    fragment = parsed[-1]
    assert "<div>" * 10 in fragment and guard.measure(fragment).depth <= guard.MAX_DEPTH
    # a fragment of more start tags than guard.MAX_NODES is not parsed at all (its tags
    # written \u003c, so that the page's own budget, which extract() runs too, passes it)
    body = _html_body(P1, P2 + "<br>" * (guard.MAX_NODES + 1), P3)
    state = json.dumps({"article": {"headline": TITLE, "body": body}}).replace("<", "\\u003c")
    page = _page(f'<script type="application/json">{state}</script>')
    assert guard.guard_html(page) is page
    assert story_html(page, [TITLE]) is not None
    parsed.clear()
    assert extract(page).text == ""
    assert len(parsed) == 1  # the page only


def test_data_attributes_are_not_the_scripts_type_id_or_src():
    state = json.dumps({"article": {"headline": TITLE, "body": _html_body(P1, P2, P3)}})
    for tag in ('<script data-type="state" type="application/json">',
                '<script data-src="/x" type="application/json">',
                '<script data-id="x" id="__NEXT_DATA__" type="application/json">'):
        story = story_html(_page(f"{tag}{state}</script>"), [TITLE])
        assert story is not None and story.where in ("application/json", "__NEXT_DATA__")
    assert story.where == "__NEXT_DATA__"
    # ... nor do they make a template a JSON script
    for tag in ('<script type="text/template" data-type="application/json">',
                '<script src="/app.js" data-src="">'):
        assert story_html(_page(f"{tag}{state}</script>"), [TITLE]) is None


# Each rule and cap below has a case only it decides: switched off, its test fails
# (r28's mutations, session 24: the owner rule, _NOT_BODY_KEY, the two sentence ends,
# MAX_NODES, MAX_PAGE_CHARS, MAX_TRIES, _PROSE_SAMPLE).


def test_a_related_article_that_speaks_of_the_title_is_still_not_the_pages():
    # the related body holds the page title's words, so only the owner rule (its object is
    # titled otherwise) keeps it out; the same body untitled is taken
    related = {"headline": "School building put off", "body": _html_body(P1, P2, P3)}
    state = {"article": {"headline": TITLE, "summary": "Closed for a month."},
             "more": [related]}
    page = _page(f'<script type="application/json">{json.dumps(state)}</script>')
    assert story_html(page, [TITLE]) is None
    del related["headline"]
    page = _page(f'<script type="application/json">{json.dumps(state)}</script>')
    assert story_html(page, [TITLE]) is not None


def test_a_key_naming_something_else_keeps_prose_about_the_title_out():
    # prose that names the title under a key that also names a cookie banner or a teaser
    # list: only _NOT_BODY_KEY rejects it (the same text under "bodyText" is taken)
    text = " ".join([P1, P2, P3])
    for state in ({"cookieBannerText": text}, {"relatedTeasers": [P1, P2, P3]}):
        page = _page(f"<script>window.__CONFIG__ = {json.dumps(state)};</script>")
        assert story_html(page, [TITLE]) is None
    page = _page(f"<script>window.__CONFIG__ = {json.dumps({'bodyText': text})};</script>")
    assert story_html(page, [TITLE]) is not None


def test_a_story_needs_two_sentence_ends():
    # one long sentence (a list of names, a keyword dump) is not a story, however long
    words = " ".join([P1, P2, P3]).replace(".", "").replace("\"", "").replace("?", "")
    for body in (words, words + "."):
        state = {"article": {"headline": TITLE, "body": body}}
        page = _page(f'<script type="application/json">{json.dumps(state)}</script>')
        assert story_html(page, [TITLE]) is None
    state = {"article": {"headline": TITLE, "body": words + ". " + words + "."}}
    page = _page(f'<script type="application/json">{json.dumps(state)}</script>')
    assert story_html(page, [TITLE]) is not None


def test_the_walk_stops_after_max_nodes_values(monkeypatch):
    # 321,600 empty lists visited before the story (a dict's last key is read first)
    state = {"article": {"headline": TITLE, "body": _html_body(P1, P2, P3)},
             "pad": [[[] for _ in range(200)] for _ in range(1608)]}
    page = _page(f'<script type="application/json">{json.dumps(state)}</script>')
    assert story_html(page, [TITLE]) is None
    monkeypatch.setattr(scriptstate, "MAX_NODES", 400_000)
    assert story_html(page, [TITLE]) is not None


def test_a_page_reads_at_most_max_page_chars_of_scripts():
    # two 2.5 M-char scripts use most of the page's budget: the third, holding the story
    # in 1.5 M chars, is not parsed (read alone, it gives the story)
    pad = '<script type="application/json">{"pad": "' + "x" * 2_500_000 + '"}</script>'
    state = {"article": {"headline": TITLE, "body": _html_body(P1, P2, P3)},
             "pad": "x" * 1_500_000}
    story = f'<script type="application/json">{json.dumps(state)}</script>'
    assert story_html(_page(story), [TITLE]) is not None
    assert story_html(_page(pad + story), [TITLE]) is not None
    assert story_html(_page(pad + pad + story), [TITLE]) is None


def test_a_script_tries_at_most_max_tries_assignments():
    state = {"article": {"headline": TITLE, "body": _html_body(P1, P2, P3)}}
    before = "var a = {x: 1};"  # JavaScript, not JSON: a try that fails
    for n, found in ((scriptstate.MAX_TRIES - 1, True), (scriptstate.MAX_TRIES, False)):
        script = f"<script>{before * n} window.__S__ = {json.dumps(state)};</script>"
        assert (story_html(_page(script), [TITLE]) is not None) is found


def test_a_long_text_is_judged_prose_by_its_start():
    # prose for the first _PROSE_SAMPLE characters, then a long run of figures: judged by
    # its start (so the cost of judging is bounded), the whole string is the candidate
    prose = _html_body(*[P1, P2, P3] * 10)
    assert len(scriptstate._strip_tags(prose)) > scriptstate._PROSE_SAMPLE
    body = prose + "<p>" + "0123456789 " * 3000 + "</p>"
    state = {"article": {"headline": TITLE, "body": body}}
    story = story_html(_page(f'<script type="application/json">{json.dumps(state)}</script>'),
                       [TITLE])
    assert story is not None and story.chars > 33_000
