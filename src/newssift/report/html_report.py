"""A finished run as one self-contained HTML page: the numbers, then every decision's evidence.

Users must see *why* each decision was made, not just how many documents went where. The
report shows the run's counts and reasons from ``stats.json``, and a viewer over the
documents: each document's body with the removed chrome lines and the blocks the extractor
dropped put back in place (struck through, with their reason code and, dropped, where they
sat), the flags' evidence spans highlighted, the scores, the news
parts and the cluster. It is one file with its data embedded, so it can be mailed or opened
from object storage without a server.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

from newssift.io import storage
from newssift.io.run_folder import FOLDERS, RunFolder
from newssift.io.writers import read_part
from newssift.record import Document
from newssift.report import provenance
from newssift.report.lines import merged_lines


def _doc_view(doc: Document) -> dict:
    """The fields the viewer shows, with removed and dropped lines merged back in place."""
    merged = merged_lines(
        (doc.text or "").split("\n") if doc.text else [],
        doc.line_numbers, doc.removed, doc.dropped, doc.dropped_total,
    )
    for entry in merged:
        entry.pop("k", None)
    return {
        "id": doc.id,
        "url": doc.url,
        "title": doc.title,
        "date": doc.date,
        "authors": doc.authors,
        "site": doc.site_name,
        "language": doc.language,
        "decision": doc.decision or "keep",
        "reason": doc.reason,
        "error": doc.error,
        "lines": merged,
        "scores": {k: round(v, 4) for k, v in sorted(doc.scores.items())},
        "flags": [
            {"name": f.name, "rule": f.rule, "value": f.value, "threshold": f.threshold,
             "line": f.line, "text": f.text}
            for f in doc.flags
        ],
        "news": None if doc.news is None else {
            "dateline": " / ".join(
                x for x in (doc.news.dateline_place, doc.news.dateline_date,
                            doc.news.dateline_agency) if x
            ),
            "agencies": doc.news.agencies,
            "credits": doc.news.credits,
            "credits_note": doc.news.credits_note,
            "byline": doc.news.byline,
            "quotes": [{"text": q.text, "speaker": q.speaker} for q in doc.news.quotes],
        },
        "cluster": doc.cluster_id,
        "canonical": doc.canonical_id,
        "canonical_reason": doc.canonical_reason,
        "similarity": doc.canonical_similarity,
    }


def collect(out: str | Path, limit: int = 2000) -> list[dict]:
    """Up to ``limit`` documents per output folder, in part order."""
    docs: list[dict] = []
    run = RunFolder(out)
    for folder in FOLDERS:
        n = 0
        for part in run.parts(folder):
            for doc in read_part(part.path):
                if n >= limit:
                    break
                docs.append(_doc_view(doc))
                n += 1
    return docs


#: The parts of ``stats.json`` the page leaves out: the timings (wall seconds, the worker
#: count) differ from run to run, and a report must be the same bytes whatever the worker
#: count, as every other output is (review r42, finding 14; they stay in stats.json).
RUN_DEPENDENT = frozenset({"timings"})
#: Documents per folder in a report when nobody said (``newssift report --limit``).
DEFAULT_LIMIT = 2000
_LIMIT_AT_END = re.compile(r'"limit": (\d+)\}</script>')


def _previous_limit(path: str) -> int | None:
    """The limit a report page at ``path`` was written with (None: no page, or not ours)."""
    try:
        page = storage.read_text(path)
    except (OSError, ValueError):
        return None
    m = _LIMIT_AT_END.search(page)
    return int(m.group(1)) if m else None


def write_report(
    out: str | Path, dest: str | Path | None = None, limit: int | None = None
) -> Path | str:
    """Write ``OUT/report.html`` (or ``dest``) for the run in ``out``; return its path.
    ``out`` and ``dest`` may be URLs (see :mod:`newssift.io.storage`); a URL is returned
    as a string. Without ``limit``, rewriting the run's own report keeps the limit it was
    written with (``newssift decide`` rewrites it so), else :data:`DEFAULT_LIMIT`."""
    run = RunFolder(out)
    if limit is None:
        previous = None if dest else _previous_limit(run.report)
        limit = previous or DEFAULT_LIMIT
    stats = {k: v for k, v in run.read_stats().items() if k not in RUN_DEPENDENT}
    data = {"stats": stats, "docs": collect(out, limit), "limit": limit}
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    title = f"newssift report: {storage.printable(storage.basename(out))}"
    page = _TEMPLATE.replace("__TITLE__", html.escape(title))
    page = page.replace("__DATA__", payload)
    page = provenance.insert(page, os.fspath(out))  # sites and clusters (report/provenance.py)
    path = os.fspath(dest) if dest else run.report
    storage.write_text(path, page)
    return path if storage.is_url(path) else Path(path)


_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>__TITLE__</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#222;display:flex;height:100vh}
#side{width:38%;overflow:auto;border-right:1px solid #ddd;padding:12px}
#main{flex:1;overflow:auto;padding:12px 20px}
h1{font-size:18px;margin:4px 0 10px}h2{font-size:15px;margin:14px 0 6px}
table{border-collapse:collapse;font-size:13px}td,th{padding:2px 8px;border-bottom:1px solid #eee;
text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
.doc{cursor:pointer;padding:4px 6px;border-radius:4px}.doc:hover{background:#f3f3f3}
.doc.sel{background:#e6efff}.tag{font-size:11px;padding:1px 5px;border-radius:8px;margin-left:4px}
.keep{background:#dff5e1}.reject{background:#fde2e1}.quarantine{background:#fff1c2}
.line{margin:2px 0;white-space:pre-wrap}.removed{color:#999;text-decoration:line-through}
.why{font-size:11px;color:#b04;margin-left:6px;text-decoration:none;display:inline-block}
mark{background:#ffe08a}.flag{font-size:12px;margin:2px 0}
input{width:100%;padding:4px;margin:6px 0}select{margin:4px 0}
</style></head><body>
<div id="side"><h1>__TITLE__</h1><div id="summary"></div>
<h2>Documents</h2><p id="shown"></p>
<select id="folder"><option value="">all</option><option>keep</option><option>reject</option>
<option>quarantine</option></select>
<input id="q" placeholder="filter: title, reason, flag name">
<div id="list"></div></div>
<div id="main"><p>Select a document.</p></div>
<script id="data" type="application/json">__DATA__</script>
<script>
const D = JSON.parse(document.getElementById('data').textContent);
const esc = s => String(s ?? '').replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;',
  '"':'&quot;'}[c]));
function table(obj){return '<table>'+Object.entries(obj||{}).map(([k,v])=>
  '<tr><td>'+esc(k)+'</td><td class=n>'+esc(v)+'</td></tr>').join('')+'</table>';}
const s = D.stats || {};
let h = '<h2>Run</h2>' + table(s.documents);
for (const [f, r] of Object.entries(s.reasons || {}))
  if (Object.keys(r).length) h += '<h2>' + esc(f) + ' by reason</h2>' + table(r);
document.getElementById('summary').innerHTML = h;
const M = (s.documents || {}).total ?? D.docs.length, N = D.docs.length;
document.getElementById('shown').textContent = N < M ? `showing ${N} of ${M} documents (at most ${
  D.limit} per folder; newssift view OUT shows them all)` : `showing all ${N} documents`;
function mark(text, flags){
  let out = esc(text);
  for (const f of flags) if (f.text && text.includes(f.text))
    out = out.split(esc(f.text)).join('<mark title="'+esc(f.name)+'">'+esc(f.text)+'</mark>');
  return out;
}
function show(i){
  document.querySelectorAll('.doc').forEach(e => e.classList.toggle('sel', +e.dataset.i === i));
  const d = D.docs[i];
  let h = '<h1>' + esc(d.title || d.id) + '</h1><p>' + [d.url, d.date, (d.authors||[]).join(', '),
    d.site, d.language].filter(Boolean).map(esc).join(' · ') + '</p>';
  h += '<p><span class="tag ' + d.decision + '">' + d.decision + '</span> ' + esc(d.reason || '')
    + (d.error ? ' — ' + esc(d.error) : '') + '</p>';
  if (d.cluster) h += '<p>cluster ' + esc(d.cluster) + ', canonical ' + esc(d.canonical) + ' ('
    + esc(d.canonical_reason) + ', similarity ' + esc(d.similarity) + ')</p>';
  if (d.flags.length) h += '<h2>Flags</h2>' + d.flags.map(f => '<div class=flag><b>' + esc(f.name)
    + '</b> ' + esc(f.rule) + ': value ' + esc(f.value) + ', threshold ' + esc(f.threshold)
    + (f.text ? ' — “' + esc(f.text) + '”' : '') + '</div>').join('');
  if (d.news) h += '<h2>News parts</h2>' + table({dateline: d.news.dateline,
    agencies: (d.news.agencies||[]).join(', '), credits: d.news.credits,
    note: d.news.credits_note, byline: d.news.byline}) + (d.news.quotes||[]).map(q =>
    '<div class=flag>“' + esc(q.text) + '” — <b>' + esc(q.speaker || '?') + '</b></div>').join('');
  h += '<h2>Body</h2>' + d.lines.map(l => l.removed ? '<div class="line removed">' + esc(l.t)
    + '<span class=why>' + esc(l.removed) + '</span></div>'
    : '<div class=line>' + mark(l.t, d.flags) + '</div>').join('');
  h += '<h2>Scores</h2>' + table(d.scores);
  document.getElementById('main').innerHTML = h;
}
function render(){
  const q = document.getElementById('q').value.toLowerCase();
  const f = document.getElementById('folder').value;
  document.getElementById('list').innerHTML = D.docs.map((d, i) => [d, i]).filter(([d]) =>
    (!f || d.decision === f) && (!q || [d.title, d.reason, d.id, ...d.flags.map(x => x.name)]
    .join(' ').toLowerCase().includes(q))).map(([d, i]) => '<div class=doc data-i=' + i + '>'
    + esc(d.title || d.id) + '<span class="tag ' + d.decision + '">' + esc(d.reason || d.decision)
    + '</span>' + (d.flags.length ? '<span class=tag>' + d.flags.length + ' flags</span>' : '')
    + '</div>').join('');
  document.querySelectorAll('.doc').forEach(e => e.onclick = () => show(+e.dataset.i));
}
document.getElementById('q').oninput = render;
document.getElementById('folder').onchange = render;
render();
</script></body></html>
"""
