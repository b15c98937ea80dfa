"""The viewer's pages as HTML strings: search, document, cluster, site, run.

Every value that comes from a record, a file or the request is escaped here, on its way
into the page, by :func:`e` (text and attributes) or :func:`link` (only ``http(s)`` URLs
become links; anything else, ``javascript:`` included, stays text). The pages carry no
script: filters are links and a GET form, plots are server-side SVG
(:mod:`newssift.view.svg`), and the server's Content-Security-Policy forbids scripts
anyway, so a page that slipped would still run nothing.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterable
from html import escape
from typing import Any
from urllib.parse import urlencode

from newssift.assess.explain import EXPLAINED, Explanation, explain
from newssift.decide.policy import Condition, Rule
from newssift.dedup.canonical import host_of
from newssift.record import Document
from newssift.report.lines import merged_lines
from newssift.view import svg
from newssift.view.index import FACETS, PAGE, Query, RunIndex, query_words

#: Raw HTML longer than this is cut in the document page (the whole page stays in the part).
HTML_SHOWN = 200_000
#: Tokens compared in a cluster's side-by-side difference.
DIFF_TOKENS = 20_000

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#222}
header{background:#24324a;color:#fff;padding:8px 16px;display:flex;gap:18px;align-items:center}
header a{color:#fff;text-decoration:none}header .brand{font-weight:600}
main{padding:12px 18px;max-width:1400px}
h1{font-size:19px;margin:6px 0 10px}h2{font-size:15px;margin:16px 0 6px}
table{border-collapse:collapse;font-size:13px}td,th{padding:2px 8px;border-bottom:1px solid #eee;
text-align:left;vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#777}.tag{font-size:11px;padding:1px 6px;border-radius:8px;background:#eee}
.keep{background:#dff5e1}.reject{background:#fde2e1}.quarantine{background:#fff1c2}
.cols{display:flex;gap:24px;align-items:flex-start}.facets{width:260px;flex:none}
.facets h3{font-size:13px;margin:10px 0 2px}.facets a{text-decoration:none}
.facets .on{font-weight:700}.results{flex:1;min-width:0}
.line{margin:2px 0;white-space:pre-wrap}.removed{color:#999;text-decoration:line-through}
.why{font-size:11px;color:#b04;margin-left:6px;display:inline-block;text-decoration:none}
mark{background:#ffe08a}ins{background:#d4f5d4;text-decoration:none}
del{background:#fbd3d0}.side{flex:1;min-width:0;border:1px solid #ddd;padding:8px}
pre{white-space:pre-wrap;word-break:break-all;background:#f7f7f7;padding:8px;font-size:12px}
.plots{display:flex;flex-wrap:wrap;gap:14px}.plot text,.hist text{font-size:11px}
.hist .t{font-weight:600}.sw{display:inline-block;width:10px;height:10px;margin:0 3px 0 8px}
form input[type=search]{width:420px;padding:4px}.pager a{margin-right:12px}
.fail{color:#b02;font-weight:600}.pass{color:#2a7a2a}
mark.why-mark{background:#ffc4a8;outline:1px solid #e07a50}#why .line{font-size:13px}
"""


def e(value: Any) -> str:
    """Escaped text for HTML content and quoted attributes (None → empty)."""
    return "" if value is None else escape(str(value), quote=True)


def href(path: str, **params: Any) -> str:
    """An internal link with its query string (escape it with :func:`e` in the page)."""
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return path + ("?" + urlencode(kept) if kept else "")


def link(url: str | None, text: str | None = None) -> str:
    """A link to an outside page, only for http(s) URLs; otherwise the escaped text."""
    if not url:
        return e(text)
    if re.match(r"^https?://", url, re.I):
        return f'<a href="{e(url)}" rel="noreferrer noopener">{e(text or url)}</a>'
    return e(text or url)


def layout(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(title)} · newssift view</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{_CSS}</style></head><body>"
        '<header><a class="brand" href="/">newssift view</a><a href="/">search</a>'
        '<a href="/run" id="nav-run">run</a></header>'
        f"<main>{body}</main></body></html>"
    )


def _decision(d: str | None) -> str:
    d = d or "keep"
    return f'<span class="tag {e(d)}">{e(d)}</span>'


def _table(rows: Iterable[tuple[Any, Any]]) -> str:
    return "<table>" + "".join(f'<tr><td>{e(k)}</td><td class="n">{e(v)}</td></tr>'
                               for k, v in rows) + "</table>"


# -- search ------------------------------------------------------------------------


def search_page(index: RunIndex, query: Query) -> str:
    rows, total = index.search(query)
    facets = index.facets(query)
    params = {"q": query.q, **query.filters}
    side = []
    for key, values in facets.items():
        chosen = query.filters.get(key)
        items = []
        if chosen is not None:
            items.append(f'<div><a class="on" href="{e(href("/", **{**params, key: None}))}">'
                         f"× {e(chosen)}</a></div>")
        for value, count in values:
            shown = "(none)" if value is None else value
            if shown == chosen:
                continue
            target = href("/", **{**params, key: shown})
            items.append(f'<div><a href="{e(target)}" data-facet="{e(key)}">{e(shown)}</a> '
                         f'<span class="muted">{count}</span></div>')
        label = "largest clusters (size)" if key == "cluster" else key
        side.append(f"<h3>{e(label)}</h3>" + ("".join(items) or '<div class="muted">—</div>'))
    hidden = "".join(f'<input type="hidden" name="{e(k)}" value="{e(v)}">'
                     for k, v in query.filters.items())
    form = (f'<form method="get" action="/"><input type="search" name="q" id="q" '
            f'value="{e(query.q)}" placeholder="search URL, title and text">{hidden} '
            '<button type="submit" id="go">search</button></form>')
    first, last = (query.offset + 1, min(query.offset + PAGE, total)) if total else (0, 0)
    head = (f'<p id="count">{total} document{"s" if total != 1 else ""} match'
            f'{"" if total != 1 else "es"}'
            + (f"; showing {first}–{last}" if total else "") + "</p>")
    if query.q:
        how = ("id, URL, title and text hold every word of the query (word index)"
               if query_words(query.q) and index.words_ready.is_set() else
               "id, URL, title or text contain the query (scan: "
               + ("the word index is still being built" if query_words(query.q)
                  else "a script without word breaks") + ")")
        head += f'<p class="muted" id="text-how">matched: {e(how)}</p>'

    items = []
    for r in rows:
        title = r["title"] or r["url"] or r["id"]
        items.append(
            f'<tr><td><a class="doc" href="{e(href("/doc", id=r["id"]))}">{e(title)}</a>'
            f'<div class="muted">{e(r["url"])}</div></td>'
            f"<td>{_decision(r['decision'])} {e(r['reason'])}</td>"
            f"<td>{e(r['site_name'])}</td><td>{e(r['language'])}</td>"
            f'<td class="n">{r["n_flags"] or ""}</td></tr>')
    table = ("<table id=\"results\"><tr><th>document</th><th>decision</th><th>site</th>"
             "<th>lang</th><th>flags</th></tr>" + "".join(items) + "</table>") if items else ""
    pager = []
    if query.offset > 0:
        pager.append(f'<a href="{e(href("/", **params, offset=max(0, query.offset - PAGE)))}">'
                     "← previous</a>")
    if query.offset + PAGE < total:
        pager.append(f'<a id="next" href="{e(href("/", **params, offset=query.offset + PAGE))}">'
                     "next →</a>")
    body = (f"<h1>Documents of {e(index.name)}</h1>{form}"
            f'<div class="cols"><div class="facets">{"".join(side)}</div>'
            f'<div class="results">{head}{table}<p class="pager">{"".join(pager)}</p>'
            "</div></div>")
    return layout("search", body)


# -- document ----------------------------------------------------------------------


def _spans(doc: dict[str, Any], lines: list[str]) -> list[list[tuple[int, int, int]]]:
    """Per text line, the (start, end, flag number) spans to highlight, in line offsets.

    A flag's ``start``/``end`` are character offsets in the whole text; a flag with no
    offsets but with an evidence text found in its line (or anywhere) is placed there."""
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    spans: list[list[tuple[int, int, int]]] = [[] for _ in lines]
    for n, f in enumerate(doc.get("flags") or []):
        start, end = f.get("start", -1), f.get("end", -1)
        if start is not None and end is not None and 0 <= start < end:
            for i, ls in enumerate(starts):
                le = ls + len(lines[i])
                if start < le and end > ls:
                    spans[i].append((max(start, ls) - ls, min(end, le) - ls, n))
            continue
        text = f.get("text") or ""
        if not text or f.get("name") == "decision":
            continue
        line = f.get("line")
        where = [line] if _at(line) and line < len(lines) else range(len(lines))
        for i in where:
            at = lines[i].find(text)
            if at >= 0:
                spans[i].append((at, at + len(text), n))
                break
    return spans


def _highlight(line: str, spans: list[tuple[int, int, int]], flags: list[dict]) -> str:
    if not spans:
        return e(line)
    cuts = sorted({0, len(line), *(s for s, _, _ in spans), *(t for _, t, _ in spans)})
    out = []
    for a, b in itertools.pairwise(cuts):
        piece = line[a:b]
        cover = [n for s, t, n in spans if s <= a and t >= b]
        if cover:
            names = ", ".join(sorted({flags[n].get("name") or "" for n in cover}))
            out.append(f'<mark title="{e(names)}"><a href="#flag-{cover[0]}" class="ev">'
                       f"{e(piece)}</a></mark>")
        else:
            out.append(e(piece))
    return "".join(out)


def _body(doc: dict[str, Any]) -> str:
    """The text with the cleaner's removed lines and the extractor's dropped blocks put back
    where they were (report.lines), struck through with their reason, and flagged spans
    highlighted."""
    text = doc.get("text") or ""
    lines = text.split("\n") if text else []
    flags = doc.get("flags") or []
    spans = _spans(doc, lines)
    out = []
    for entry in merged_lines(lines, doc.get("line_numbers") or (), doc.get("removed") or (),
                              doc.get("dropped") or (), doc.get("dropped_total") or 0):
        if "k" in entry:
            k = entry["k"]
            out.append(f'<div class="line">{_highlight(lines[k], spans[k], flags)}</div>')
        else:
            out.append(f'<div class="line removed">{e(entry["t"])}'
                       f'<span class="why">{e(entry["removed"])}</span></div>')
    return "".join(out) or '<p class="muted">(no text)</p>'


def _condition_text(cond: Condition) -> str:
    if cond.field == "text" and cond.op == "empty":
        return "the text is empty"
    if cond.field == "language":
        return f"language {cond.op.replace('_', ' ')} {', '.join(cond.values)}"
    if cond.field == "duplicate":
        return "the document copies another"
    if cond.field in ("url", "title", "text", "all_text"):
        return f"{cond.field.replace('_', ' ')} matches one of its patterns"
    return f"{cond.reads.replace('_', ' ')} {cond.op} {cond.threshold:g}"


def _rule_text(rule: Rule) -> str:
    return " and ".join(_condition_text(c) for c in rule.conditions)


def _explain_scores(doc: dict[str, Any], rules: list[Rule]) -> str:
    """Each score with the policy rules that read it and whether their condition holds."""
    by_score: dict[str, list[tuple[Rule, Condition]]] = {}
    for rule in rules:
        for cond in rule.conditions:
            if cond.score:
                by_score.setdefault(cond.score, []).append((rule, cond))
    language = doc.get("language")
    rows = []
    for name, value in sorted((doc.get("scores") or {}).items()):
        cells = []
        probe = Document(id="", source="", scores={name: value})
        for rule, cond in by_score.get(name, []):
            holds = bool(cond.test(probe)[0])
            more = len(rule.conditions) > 1
            if not rule.enabled:
                state, what = "muted", "switched off"
            elif not rule.applies(language):
                state, what = "muted", "not applied to this language"
            elif more:
                state, what = ("fail" if holds else "pass"), ("holds" if holds else "does not hold")
            else:
                state, what = ("fail" if holds else "pass"), ("rejects" if holds else "passes")
            cells.append(f'<span class="{state}">{e(rule.name)}: {what} '
                         f"(rejects when {e(_rule_text(rule))}; reason {e(rule.reason)})</span>")
        show = (f' <a class="show-why" href="{e(href("/doc", id=doc.get("id"), why=name))}#why">'
                "show in text</a>" if name in EXPLAINED else "")
        rows.append(f'<tr><td>{e(name)}{show}</td><td class="n">{value:.4g}</td>'
                    f"<td>{'<br>'.join(cells)}</td></tr>")
    if not rows:
        return '<p class="muted">no scores</p>'
    return ("<table id=\"scores\"><tr><th>score</th><th>value</th><th>rules</th></tr>"
            + "".join(rows) + "</table>")


def _flags(doc: dict[str, Any], rules: dict[str, Rule]) -> str:
    flags = doc.get("flags") or []
    if not flags:
        return '<p class="muted">no flags</p>'
    rows = []
    for n, f in enumerate(flags):
        where = []
        if _at(f.get("line")):
            where.append(f"line {f['line']}")
        if _at(f.get("start")):
            where.append(f"chars {f['start']}–{f['end']}")
        explain = ""
        rule = rules.get(f.get("rule") or "")
        if f.get("name") == "decision" and rule is not None:
            explain = (f"<div>rejected by <b>{e(rule.name)}</b>: {e(_rule_text(rule))} "
                       f"(value {e(_num(f.get('value')))}) → reason <b>{e(rule.reason)}</b></div>")
        rows.append(
            f'<tr id="flag-{n}"><td><b>{e(f.get("name"))}</b></td><td>{e(f.get("rule"))}</td>'
            f'<td class="n">{e(_num(f.get("value")))}</td>'
            f'<td class="n">{e(_num(f.get("threshold")))}</td>'
            f"<td>{e(', '.join(where) or 'whole document')}</td>"
            f"<td>{('“' + e(f.get('text')) + '”') if f.get('text') else ''}{explain}</td></tr>")
    return ("<table id=\"flags\"><tr><th>flag</th><th>rule</th><th>value</th><th>threshold</th>"
            "<th>where</th><th>evidence</th></tr>" + "".join(rows) + "</table>")


def _at(v: Any) -> bool:
    """Whether a flag's line or offset points somewhere (-1 or None: document-wide)."""
    return isinstance(v, int) and v >= 0


def _num(v: Any) -> str:
    return f"{v:.4g}" if isinstance(v, float) else ("" if v is None else str(v))


def _news(news: dict[str, Any] | None) -> str:
    if not news:
        return '<p class="muted">none found</p>'
    dateline = " / ".join(str(news[k]) for k in ("dateline_place", "dateline_date",
                                                 "dateline_agency") if news.get(k))
    rows = [("dateline", dateline), ("agencies", ", ".join(news.get("agencies") or [])),
            ("credits", news.get("credits")), ("credits note", news.get("credits_note")),
            ("byline", news.get("byline"))]
    quotes = "".join(
        f"<li>“{e(q.get('text'))}” — <b>{e(q.get('speaker') or '?')}</b>"
        + "".join(f' <span class="muted">{e(k)}: {e(v)}</span>' for k, v in q.items()
                  if k not in ("text", "speaker", "start", "end") and v not in (None, ""))
        + "</li>"
        for q in news.get("quotes") or [])
    return _table((k, v) for k, v in rows if v) + (f"<ul>{quotes}</ul>" if quotes else "")


def _failing_scores(doc: dict[str, Any], rules: list[Rule]) -> list[str]:
    """Explainable scores read by a rule that applies here and whose condition holds; the
    rejecting rule's scores first."""
    scores = doc.get("scores") or {}
    language = doc.get("language")
    rejecting = next((f.get("rule") for f in doc.get("flags") or []
                      if f.get("name") == "decision"), None)
    out: list[str] = []
    for rule in sorted(rules, key=lambda r: r.name != rejecting):
        if not rule.enabled or not rule.applies(language):
            continue
        for cond in rule.conditions:
            name = cond.score
            if name in EXPLAINED and name in scores and name not in out:
                probe = Document(id="", source="", scores={name: scores[name]})
                if cond.test(probe)[0] or rule.name == rejecting:
                    out.append(name)
    return out


def _marked_lines(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """The text line by line with the explanation's spans marked (a span may cross lines)."""
    out, pos, k = [], 0, 0
    for line in text.split("\n"):
        end = pos + len(line)
        cuts: list[tuple[int, int]] = []
        while k < len(spans) and spans[k][1] <= pos:
            k += 1
        j = k
        while j < len(spans) and spans[j][0] < end + 1:
            a, b = max(spans[j][0], pos), min(spans[j][1], end)
            if b > a:
                cuts.append((a - pos, b - pos))
            j += 1
        html, at = [], 0
        for a, b in cuts:
            if a < at:
                a = at
            if b <= a:
                continue
            html.append(e(line[at:a]))
            html.append(f'<mark class="why-mark">{e(line[a:b])}</mark>')
            at = b
        html.append(e(line[at:]))
        out.append(f'<div class="line">{"".join(html) or "&nbsp;"}</div>')
        pos = end + 1
    return "".join(out)


def _why(doc: dict[str, Any], rules: list[Rule], chosen: str | None) -> str:
    """"What in the text drove it": the chosen (or first failing) whole-document score
    recounted by :mod:`newssift.assess.explain`, its places marked in the text."""
    text = doc.get("text") or ""
    failing = _failing_scores(doc, rules)
    name = chosen if chosen in EXPLAINED else (failing[0] if failing else None)
    if not text or name is None:
        return ""
    ex: Explanation | None = explain(text, name)
    if ex is None:
        return ""
    stored = (doc.get("scores") or {}).get(name)
    agree = ("" if stored is None else
             (" (the stored score)" if abs(stored - ex.value) < 1e-9 else
              f' <span class="fail">(the stored score is {stored:.4g}: the text changed '
              "since it was scored)</span>"))
    others = [n for n in failing if n != name]
    more = ("<p>Also failing: " + ", ".join(
        f'<a href="{e(href("/doc", id=doc.get("id"), why=n))}#why">{e(n)}</a>'
        for n in others) + "</p>") if others else ""
    return (f'<h2 id="why">What in the text drove {e(name)}</h2>'
            f'<p id="why-summary"><b>{ex.counted:,}</b> of {ex.total:,} marked: {e(ex.what)}. '
            f"Recounted from the text: <b>{ex.value:.4g}</b>{agree}.</p>{more}"
            f'<div id="why-text">{_marked_lines(text, ex.spans)}</div>')


def document_page(index: RunIndex, doc: dict[str, Any], rules: list[Rule],
                  why: str | None = None) -> str:
    by_name = {r.name: r for r in rules}
    title = doc.get("title") or doc.get("url") or doc.get("id")
    meta = [("id", doc.get("id")), ("url", None), ("date", doc.get("date")),
            ("fetched", doc.get("fetch_date")), ("authors", ", ".join(doc.get("authors") or [])),
            ("site", None), ("language", doc.get("language")),
            ("canonical URL", doc.get("canonical_url")), ("description", doc.get("description")),
            ("source", f"{doc.get('source')} at offset {doc.get('source_offset')}"),
            ("part", f"{doc.get('_part')}, row {doc.get('_row')}")]
    cells = []
    for k, v in meta:
        if k == "url":
            cells.append(f"<tr><td>url</td><td>{link(doc.get('url'))}</td></tr>")
        elif k == "site" and (host_of(doc.get("url")) or doc.get("site_name")):
            site = host_of(doc.get("url")) or doc["site_name"]  # the index's site: the domain
            cells.append(f'<tr><td>site</td><td><a href="{e(href("/site", name=site))}">'
                         f"{e(site)}</a></td></tr>")
        elif v:
            cells.append(f"<tr><td>{e(k)}</td><td>{e(v)}</td></tr>")
    decision = (f"<p>{_decision(doc.get('decision'))} {e(doc.get('reason'))}"
                + (f" — <code>{e(doc.get('error'))}</code>" if doc.get("error") else "")
                + "</p>")
    cluster = ""
    if doc.get("cluster_id"):
        to_cluster = href("/cluster", id=doc["cluster_id"])
        cluster = (f'<p>cluster <a id="cluster-link" href="{e(to_cluster)}">'
                   f"{e(doc['cluster_id'])}</a>, canonical "
                   f'<a href="{e(href("/doc", id=doc.get("canonical_id")))}">'
                   f"{e(doc.get('canonical_id'))}</a> ({e(doc.get('canonical_reason'))}, "
                   f"similarity {e(_num(doc.get('canonical_similarity')))})</p>")
    raw = ""
    if doc.get("html"):
        html = doc["html"]
        cut = len(html) > HTML_SHOWN
        raw = (f"<h2>Raw HTML</h2><details><summary>{len(html):,} characters"
               f"{' (first ' + format(HTML_SHOWN, ',') + ' shown)' if cut else ''}</summary>"
               f"<pre>{e(html[:HTML_SHOWN])}</pre></details>")
    removed = doc.get("removed") or []
    body = (f'<h1 id="doc-title">{e(title)}</h1>{decision}{cluster}<table>{"".join(cells)}</table>'
            f"<h2>Flags</h2>{_flags(doc, by_name)}"
            f"<h2>Body</h2><p class=\"muted\">{len(removed)} removed line(s) struck through "
            "in place; flagged spans highlighted (hover for the flag, click for its evidence)"
            f'</p><div id="body">{_body(doc)}</div>'
            f"<h2>News parts</h2>{_news(doc.get('news'))}"
            f"{_why(doc, rules, why)}"
            f"<h2>Scores and the rules that read them</h2>{_explain_scores(doc, rules)}{raw}")
    return layout(str(title), body)


# -- cluster and site ----------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    return re.findall(r"\s+|[^\s]+", text)[:DIFF_TOKENS]


def side_by_side(left: str, right: str) -> tuple[str, str]:
    """Two texts as HTML with the words only in the left in ``<del>``, only in the right in
    ``<ins>`` (a word-level difference; line breaks kept)."""
    a, b = _tokens(left), _tokens(right)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out_a, out_b = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        pa_, pb = e("".join(a[i1:i2])), e("".join(b[j1:j2]))
        if op == "equal":
            out_a.append(pa_)
            out_b.append(pb)
        else:
            if pa_:
                out_a.append(f"<del>{pa_}</del>")
            if pb:
                out_b.append(f"<ins>{pb}</ins>")
    return "".join(out_a), "".join(out_b)


def cluster_page(index: RunIndex, cluster_id: str, copy_id: str | None) -> str:
    members = index.cluster(cluster_id)
    if not members:
        return layout("cluster", f"<h1>No cluster {e(cluster_id)}</h1>")
    canonical = next((m for m in members if m["id"] == m["canonical_id"]), members[0])
    others = [m for m in members if m["id"] != canonical["id"]]
    # by default the copy that differs most, where the differences are to be seen
    least = min(others, key=lambda m: m["canonical_similarity"] or 0.0) if others else None
    chosen = next((m for m in others if m["id"] == copy_id), least)
    rows = []
    for m in members:
        role = "canonical" if m["id"] == canonical["id"] else "copy"
        compare = (f' <a href="{e(href("/cluster", id=cluster_id, copy=m["id"]))}">compare</a>'
                   if role == "copy" else "")
        rows.append(f'<tr><td>{role}</td><td><a href="{e(href("/doc", id=m["id"]))}">'
                    f"{e(m['title'] or m['id'])}</a>{compare}</td><td>{e(m['site_name'])}</td>"
                    f'<td>{e(m["date"])}</td><td class="n">{e(_num(m["canonical_similarity"]))}'
                    "</td></tr>")
    body = (f"<h1>Cluster {e(cluster_id)}</h1><p>{len(members)} document(s)</p>"
            "<table id=\"members\"><tr><th>role</th><th>document</th><th>site</th><th>date</th>"
            "<th>similarity</th></tr>" + "".join(rows) + "</table>")
    if chosen is not None:
        left_doc = index.document(canonical["id"]) or {}
        right_doc = index.document(chosen["id"]) or {}
        left, right = side_by_side(left_doc.get("text") or "", right_doc.get("text") or "")
        same = left_doc.get("text") == right_doc.get("text")
        body += (
            "<h2>Canonical and copy, differences marked</h2>"
            + ('<p id="same">the two texts are identical</p>' if same else "")
            +
            '<p class="muted"><del>only in the canonical</del> <ins>only in the copy</ins></p>'
            '<div class="cols" id="diff">'
            f'<div class="side"><b>canonical</b>: {e(canonical["title"])} '
            f'<span class="muted">{e(canonical["site_name"])}</span>'
            f'<div class="line">{left}</div></div>'
            f'<div class="side"><b>copy</b>: {e(chosen["title"])} '
            f'<span class="muted">{e(chosen["site_name"])}</span>'
            f'<div class="line">{right}</div></div></div>')
    return layout(f"cluster {cluster_id}", body)


def site_page(index: RunIndex, name: str) -> str:
    info = index.site(name)
    docs = href("/", site=name)

    def to_site(value: str | None) -> str | None:
        return href("/site", name=value) if value and value != "(unknown)" else None

    flags = svg.bar_chart(info["flags"], href=lambda f: href("/", site=name, flag=f))
    body = (f"<h1>Site {e(name)}</h1><p><a href=\"{e(docs)}\">its documents</a></p>"
            f"<h2>Documents by decision</h2>{_table(info['decisions'])}"
            f"<h2>Flags</h2>{flags}"
            "<h2>Copies stories first published by</h2>"
            f"{svg.bar_chart(info['copies'], href=to_site)}"
            f"<h2>Its stories are copied by</h2>{svg.bar_chart(info['copied_by'], href=to_site)}")
    return layout(f"site {name}", body)


# -- run ---------------------------------------------------------------------------


def run_page(index: RunIndex) -> str:
    stats = index.stats
    parts = [f"<h1>Run {e(index.name)}</h1>"]
    docs = stats.get("documents") or {}
    parts.append(f"<p>{index.total} records in {len(index.files)} parts</p>")
    if docs:
        parts.append(_table(docs.items()))
    charts = index.breakdowns()
    titles = {"decision": "Decisions", "reason": "Reasons (rejected and quarantined)",
              "language": "Languages", "site": "Top sites", "flag": "Flags (documents with)"}
    param = {"decision": "decision", "reason": "reason", "language": "language",
             "site": "site", "flag": "flag"}
    grid = []
    for key, items in charts.items():
        def target(v: str | None, key: str = key) -> str:
            return href("/", **{param[key]: "(none)" if v is None else v})

        grid.append(f'<div id="plot-{e(key)}"><h2>{e(titles[key])}</h2>'
                    + svg.bar_chart(items, href=target,
                                    colours=svg.DECISION_COLOURS if key == "decision" else None)
                    + "</div>")
    parts.append(f'<div class="plots">{"".join(grid)}</div>')
    hists = index.score_histograms()
    parts.append(f"<h2>Score distributions by decision</h2><p>{svg.legend()}</p>")
    parts.append('<div class="plots" id="hists">' + "".join(
        svg.histogram(name, h["lo"], h["hi"], h["counts"]) for name, h in hists.items())
        + "</div>")
    return layout("run", "".join(parts))


def not_found(what: str) -> str:
    return layout("not found", f"<h1>Not found</h1><p>{e(what)}</p>")


def bad_request(what: str) -> str:
    return layout("bad request", f"<h1>Bad request</h1><p>{e(what)}</p>")


__all__ = ["FACETS", "cluster_page", "document_page", "run_page", "search_page", "site_page"]
