"""The viewer's pages over a real run, over a hostile one, and over old parts; its server
and its command."""

from __future__ import annotations

import json
import re
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

pytest.importorskip("duckdb", reason="the viewer needs duckdb (pip install 'newssift[view]')")

from newssift.cli import main
from newssift.record import Document, to_arrow
from newssift.view.index import Query, RunIndex
from newssift.view.pages import side_by_side
from newssift.view.server import ViewApp, make_server
from tests.view.runs import EVIL, hostile_run


def get(app: ViewApp, target: str) -> str:
    status, page = app.handle(target)
    assert status == 200, target
    return page


def test_search_counts_filters_and_text(app: ViewApp) -> None:
    page = get(app, "/")
    assert re.search(r'id="count">17 documents match', page)
    rejected = get(app, "/?decision=reject")
    assert 'id="count">2 documents match' in rejected
    # facet counts among the other filters: the decision facet still offers "keep 13"
    assert re.search(r'data-facet="decision">keep</a> <span class="muted">13<', rejected)
    # a word only in bodies (not in any title or URL) is found through the text
    body_only = get(app, "/?q=spokeswoman")
    assert "spokeswoman" not in "".join(re.findall(r'class="doc"[^>]*>[^<]*', body_only))
    n = int(re.search(r'id="count">(\d+) document', body_only).group(1))
    assert n >= 1
    none = get(app, "/?q=zzzznotthere")
    assert 'id="count">0 documents match' in none
    # flag filter and counts (kept as bits) agree with the records' own flags
    with_flag = [r["id"] for r in app.index.search(Query(), limit=100)[0]
                 if "agency_copy" in {f["name"] for f in app.index.document(r["id"])["flags"]}]
    assert len(with_flag) >= 2
    flagged = get(app, "/?flag=agency_copy")
    assert f'id="count">{len(with_flag)} documents match' in flagged
    assert ("agency_copy", len(with_flag)) in app.index.facets(Query())["flag"]
    rows, n = app.index.search(Query(filters={"flag": "agency_copy", "decision": "keep"}))
    assert n == len(rows) and {r["id"] for r in rows} <= set(with_flag)
    both = get(app, "/?decision=reject&reason=content_farm")
    assert 'id="count">2 documents match' in both


def test_word_index_finds_what_the_words_of_the_texts_say(app: ViewApp) -> None:
    """Once the word index is ready, a text search returns the records whose id, URL, title
    and text hold every word of the query, the same as reading every record; a query in a
    script without spaces is still searched as a substring."""
    from newssift.io.run_folder import FOLDERS, RunFolder
    from newssift.io.writers import read_part
    from newssift.view.index import _WORD, query_words

    index = app.index
    assert index.words_ready.wait(120)
    docs = [d for folder in FOLDERS
            for part in RunFolder(index.out).part_paths(folder) for d in read_part(part)]

    def expected(q: str) -> set[str]:
        words = set(query_words(q))
        return {d.id for d in docs if words <= set(_WORD.findall(
            " ".join(v or "" for v in (d.id, d.url, d.title, d.text)).lower()))}

    for q in ("spokeswoman", "Reuters", "the ferry", "ferry the", "TROMSØ", "said 2024",
              "zzzznotthere", "ex-farm", "https"):
        rows, total = index.search(Query(q=q), limit=1000)
        assert {r["id"] for r in rows} == expected(q), q
        assert total == len(rows), q
    page = get(app, "/?q=spokeswoman")
    assert "hold every word of the query (word index)" in page
    assert query_words("東京の記者") == []  # no word breaks: scanned as a substring


def test_paging_never_reads_past_the_page(app: ViewApp) -> None:
    rows, total = app.index.search(Query(offset=10), limit=50)
    assert total == 17 and len(rows) == 7
    assert [r["seq"] for r in rows] == list(range(10, 17))


def test_document_page_shows_removed_lines_flags_and_source(app: ViewApp) -> None:
    page = get(app, "/doc?id=ex-farm")
    assert 'class="line removed"' in page and "related_link" in page
    assert "<mark" in page  # a flagged span highlighted in place
    assert "rejected by <b>content_farm/v1</b>" in page
    assert "examples/articles.jsonl at offset" in page
    assert "rejected/part-" in page
    assert "News parts" in page and "TROMSØ" in page
    # 0.9919 since session 30 (a1): the title's untranslated "वार्ता" is read (review r42, 9)
    assert re.search(r"content_farm</td><td class=\"n\">0\.9919</td><td><span class=\"fail\">",
                     page)
    html_doc = next(r["id"] for r in app.index.search(Query())[0]
                    if app.index.document(r["id"]).get("html"))
    assert "Raw HTML" in get(app, "/doc?" + urlencode({"id": html_doc}))
    assert app.handle("/doc?id=missing")[0] == 404


def test_document_page_marks_what_drove_a_whole_document_rule(tmp_path: Path) -> None:
    """A fineweb rejection for a ratio shows the places the ratio counted, marked in the text,
    and the recount equals the stored score; any explained score can be shown on demand."""
    from newssift.assess.explain import explain
    from newssift.execute.local import run

    fx = ["EUR/USD 1.0842 +0.12%", "GBP/USD 1.2710 -0.05%", "USD/JPY 151.32 +0.40%",
          "USD/CHF 0.8843 +0.08%", "AUD/USD 0.6551 -0.21%", "Brent $82.10 +1.4%"]
    text = "\n".join([*fx, (
        "Brent crude rose on Tuesday as traders weighed the supply outlook for the winter, "
        "and the dollar held its gains against the yen after the central bank of Japan said "
        "it would keep its policy unchanged for now, while gold slipped from the record high "
        "it reached last week.")])
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "fx", "text": text}) + "\n", encoding="utf-8")
    run([str(src)], tmp_path / "out", workers=1, progress=False, dedup=False, policy="fineweb",
        stages=("extract", "assess", "decide"))  # no cleaner: the figures stay in the text
    index = RunIndex(tmp_path / "out")
    try:
        app = ViewApp(index)
        doc = index.document("fx")
        assert doc["reason"] == "gopher_below_alpha_threshold"
        page = get(app, "/doc?id=fx")
        assert 'id="why"' in page and "What in the text drove gopher.alpha_words_ratio" in page
        ex = explain(text, "gopher.alpha_words_ratio")
        marks = re.findall(r'<mark class="why-mark">(.*?)</mark>', page)
        assert marks == [text[s:t].replace("&", "&amp;") for s, t in ex.spans]
        assert "1.0842" in marks and "EUR" not in marks
        assert f"<b>{ex.value:.4g}</b> (the stored score)" in page
        punct = get(app, "/doc?id=fx&why=fineweb.line_punct_ratio")
        assert "What in the text drove fineweb.line_punct_ratio" in punct
        assert re.findall(r'<mark class="why-mark">(.*?)</mark>', punct) == fx
        assert "show in text" in page
    finally:
        index.close()


def test_cluster_site_and_run_pages(app: ViewApp) -> None:
    clusters = app.index.facets(Query())["cluster"]
    cid, size = clusters[0]
    assert size >= 2
    page = get(app, "/cluster?id=" + quote(cid))
    assert page.count('<tr><td>canonical</td>') == 1
    assert 'id="diff"' in page
    # a site is a domain (the URL's host without www.), as in OUT/sites.parquet
    sites = dict(app.index.facets(Query())["site"])
    assert sites.get("news.island-herald.example") and "Island Herald" not in sites
    site = get(app, "/site?" + urlencode({"name": "news.island-herald.example"}))
    assert "Copies stories first published by" in site and "<svg" in site
    run = get(app, "/run")
    for plot in ("decision", "reason", "language", "site", "flag"):
        assert f'id="plot-{plot}"' in run
    assert run.count('class="hist"') >= 10
    assert app.handle("/nowhere")[0] == 404


def test_side_by_side_marks_only_the_differences() -> None:
    left, right = side_by_side("the cat sat on <b>", "the dog sat on <b>")
    assert left == "the <del>cat</del> sat on &lt;b&gt;"
    assert right == "the <ins>dog</ins> sat on &lt;b&gt;"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


ALLOWED = {"html", "head", "meta", "title", "style", "body", "header", "main", "a", "h1",
           "h2", "h3", "p", "div", "span", "table", "tr", "td", "th", "form", "input",
           "button", "b", "code", "ul", "li", "mark", "details", "summary", "pre", "svg",
           "rect", "text", "del", "ins", "br"}


def test_every_page_escapes_page_content(tmp_path: Path) -> None:
    index = RunIndex(hostile_run(tmp_path / "evil"))
    try:
        app = ViewApp(index)
        ids = [r["id"] for r in index.search(Query())[0]]
        assert len(ids) == 2
        targets = ["/", "/run", "/?" + urlencode({"q": EVIL}),
                   "/?" + urlencode({"site": f"site{EVIL}", "q": "first"}),
                   "/?" + urlencode({"flag": f"flag{EVIL}", "decision": EVIL}),
                   "/cluster?" + urlencode({"id": f"c{EVIL}"}),
                   "/cluster?" + urlencode({"id": f"c{EVIL}", "copy": ids[1]}),
                   "/site?" + urlencode({"name": f"site{EVIL}"}),
                   "/doc?" + urlencode({"id": EVIL}), "/" + quote(EVIL)]
        targets += ["/doc?" + urlencode({"id": i}) for i in ids]
        targets += ["/doc?" + urlencode({"id": i, "why": w}) for i in ids
                    for w in ("gopher.alpha_words_ratio", "fineweb.line_punct_ratio", EVIL)]
        for target in targets:
            status, page = app.handle(target)
            assert status in (200, 404), target
            parser = _Tags()
            parser.feed(page)
            for tag, attrs in parser.tags:
                assert tag in ALLOWED, (target, tag)
                for name, value in attrs:
                    assert not name.startswith("on"), (target, tag, name)
                    if name in ("href", "src", "action"):
                        assert not (value or "").lower().startswith("javascript"), target
            assert "<script" not in page.lower() and "<iframe" not in page.lower(), target
        doc = app.handle("/doc?" + urlencode({"id": ids[0]}))[1]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc  # shown, as text
        assert "&lt;body onload=alert(5)&gt;" in doc  # the raw HTML, as text
    finally:
        index.close()


def test_old_parts_with_map_scores_are_viewed(tmp_path: Path) -> None:
    docs = [Document(id=f"d{i}", source="s", text=f"text {i}", decision="keep",
                     scores={"content_farm": i / 10, "n_words": 2.0}) for i in range(5)]
    table = to_arrow(docs)
    v1 = pa.array([sorted(d.scores.items()) for d in docs], type=pa.map_(pa.string(),
                                                                        pa.float64()))
    table = table.set_column(table.schema.get_field_index("scores"),
                             pa.field("scores", v1.type), v1)
    (tmp_path / "kept").mkdir()
    pq.write_table(table, tmp_path / "kept" / "part-000000-old.parquet")
    # a part of the current schema beside it, as after a resumed or re-decided run
    pq.write_table(to_arrow([Document(id="new", source="s", text="text new", decision="keep",
                                      scores={"content_farm": 0.2})]),
                   tmp_path / "kept" / "part-000001-new.parquet")
    index = RunIndex(tmp_path)
    try:
        assert index.search(Query(q="text"))[1] == 6  # a text search over both versions
        hist = index.score_histograms()
        assert sum(hist["content_farm"]["counts"]["keep"]) == 6
        assert hist["content_farm"]["hi"] == pytest.approx(0.4)
        assert index.document("d3")["scores"] == {"content_farm": 0.3, "n_words": 2.0}
        assert "content_farm" in ViewApp(index).handle("/doc?id=d3")[1]
    finally:
        index.close()


def test_server_binds_localhost_and_forbids_scripts(app: ViewApp) -> None:
    import threading

    server = make_server(app, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/run", timeout=30) as resp:
            assert resp.status == 200
            csp = resp.headers["Content-Security-Policy"]
            assert "default-src 'none'" in csp and "script-src" not in csp
            assert "<svg" in resp.read().decode()
    finally:
        server.shutdown()
        server.server_close()


def test_view_command_gives_one_line_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["view", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert "error:" in result.output and "Traceback" not in result.output
    (tmp_path / "jsonl" / "kept").mkdir(parents=True)
    (tmp_path / "jsonl" / "kept" / "part-000000-x.jsonl").write_text("{}\n")
    result = CliRunner().invoke(main, ["view", str(tmp_path / "jsonl")])
    assert result.exit_code == 2 and "--format jsonl" in result.output



def test_view_refuses_an_unfinished_run_as_report_does(tmp_path: Path) -> None:
    """A killed run (run state, no stats.json) was served with no word while report
    refused it; view refuses it in one line too. A finished run with no documents says so
    (it said "holds no Parquet parts (is it a newssift output folder?)")."""
    from newssift.errors import InputError

    out = hostile_run(tmp_path / "out")
    (out / "stats.json").unlink(missing_ok=True)
    (out / "_state").mkdir(exist_ok=True)
    (out / "_state" / "run.json").write_text("{}")
    with pytest.raises(InputError, match="unfinished"):  # (before the CLI: it would serve)
        RunIndex(out)
    result = CliRunner().invoke(main, ["view", str(out), "--port", "0"])
    assert result.exit_code == 2, result.output
    assert "unfinished newssift run (no stats.json)" in result.output
    assert "--resume" in result.output and "Traceback" not in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "stats.json").write_text(json.dumps({"documents": {"total": 0}}))
    result = CliRunner().invoke(main, ["view", str(empty), "--port", "0"])
    assert result.exit_code == 2 and "finished run with no documents" in result.output


def test_a_damaged_part_is_one_line_naming_it(tmp_path: Path) -> None:
    """A part cut short (an interrupted copy) stopped the viewer with Arrow's traceback;
    it says which part, as report, trace and decide do, and exits 2."""
    part = tmp_path / "out" / "kept" / "part-000000-x.parquet"
    part.parent.mkdir(parents=True)
    part.write_bytes(b"PAR1 cut short")
    result = CliRunner().invoke(main, ["view", str(tmp_path / "out"), "--port", "0"])
    assert result.exit_code == 2, result.output
    assert "cannot read part" in result.output and str(part) in result.output
    assert "Traceback" not in result.output


def test_document_page_puts_extractor_drops_and_removed_lines_in_place(tmp_path: Path) -> None:
    import json

    from newssift.io.writers import PartWriter
    from newssift.record import DroppedBlock, RemovedLine

    # text before cleaning: 0 "Title", 1 "Para one", 2 "See also: x", 3 "Para two"
    doc = Document(
        id="a", source="x", text="Para one\nPara two", title="Title", decision="keep",
        line_numbers=[1, 3], removed=[RemovedLine(2, "See also: x", "related_link", 0.9)],
        dropped=[DroppedBlock(2, "Organizer. Web expert.", "author_box", "beside")],
        dropped_total=3,
    )
    out = tmp_path / "run"
    with PartWriter(out, "000000-x") as w:
        w.write(doc)
    (out / "stats.json").write_text(json.dumps({"documents": {"total": 1}, "config": {}}))
    index = RunIndex(out)
    try:
        status, page = ViewApp(index).handle("/doc?id=a")
    finally:
        index.close()
    assert status == 200
    body = re.search(r'<div id="body">(.*?)</div></', page, re.S).group(0)
    order = [body.index(t) for t in ("Para one", "Organizer. Web expert.", "See also: x",
                                     "Para two", "2 more dropped lines not listed")]
    assert order == sorted(order)
    assert "author_box, dropped by the extractor, beside the article" in body


def test_a_terminated_viewer_leaves_no_temporary_folder(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    from newssift.io.writers import PartWriter
    from newssift.record import Document

    out = tmp_path / "out"
    with PartWriter(out, "000000-a") as w:
        for i in range(20):
            w.write(Document(id=f"d{i}", source="s", text=f"story {i}", decision="keep"))
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newssift.cli", "view", str(out), "--port", "0"],
        env={**os.environ, "TMPDIR": str(tmp)}, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()  # said once the index is open and the port bound
        assert "open http://" in line, line
        assert any(p.name.startswith("newssift-view-") for p in tmp.iterdir())
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert list(tmp.iterdir()) == []  # the index's folder removed on the way out


def test_a_start_that_fails_leaves_no_temporary_folder(tmp_path: Path) -> None:
    (tmp_path / "out" / "kept").mkdir(parents=True)
    (tmp_path / "out" / "kept" / "part-000000-x.parquet").write_bytes(b"not parquet at all")
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(Exception):  # noqa: B017 (DuckDB's or Arrow's error for a broken part)
        RunIndex(tmp_path / "out", workdir=str(work))
    assert list(work.iterdir()) == []
