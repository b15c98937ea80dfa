"""The provenance part of ``newssift report``: sites, clusters, and copies side by side.

Why in its own module: the report's page (:mod:`newssift.report.html_report`) only calls
:func:`insert`; what provenance shows is decided here, from the files dedup wrote:
``OUT/sites.parquet`` (a table of the domains with most documents: kept and rejected,
content-farm and machine-translation shares, copies of other domains and whom they copy)
and ``OUT/dedup/clusters.parquet`` (the largest clusters). For each of those clusters the
canonical and one copy are shown side by side, the copy's added lines and changed words
highlighted (:func:`newssift.dedup.evidence.word_diff`), then the cluster's other copies
named with their folder and reason. The copy shown is the one that matters most
(:func:`_copy_rank`: a rejected copy before a flagged one before a benign one): showing
the first copy in output order put a benign syndicated copy beside the wire and hid the
rejected farm copy (review r42, finding 11). Static HTML, escaped; nothing is shown when
the run was not deduplicated.
"""

from __future__ import annotations

import html
from collections import Counter

from newssift.dedup.evidence import word_diff
from newssift.io import arrays, storage
from newssift.io.run_folder import TEXT_FOLDERS, RunFolder
from newssift.io.writers import read_columns

MAX_SITES = 30
MAX_CLUSTERS = 8
#: The other copies of a cluster named under its side-by-side (the rest are counted).
MAX_LISTED = 12
#: Flags that make a kept copy matter (the forensics' farm evidence; the decide stage's).
_MATTERS = frozenset({
    "generated_bio", "injected_headline", "translated_copy_credit", "accent_stripped_word",
    "foreign_script", "chrome_density", "spun_phrase", "machine_translated", "decision",
})
_MARKER = "<p>Select a document.</p>"
_STYLE = """<style>
.prov td,.prov th{vertical-align:top}.side{display:flex;gap:12px}.side>div{flex:1;min-width:0}
.add{background:#dff5e1}.drop{background:#fde2e1;text-decoration:line-through}
.chg{background:#fff1c2}ins{background:#bfe9c4;text-decoration:none}
del{background:#f6c1bd}.small{font-size:12px;color:#555}
</style>"""


def _e(x: object) -> str:
    return html.escape("" if x is None else str(x))


def sites_html(out: str) -> str:
    path = RunFolder(out).sites
    if not storage.exists(path):
        return ""
    rows = arrays.read_table(path).to_pylist()
    rows.sort(key=lambda r: (-r["documents"], r["domain"]))
    head = ("<tr><th>domain</th><th>docs</th><th>kept</th><th>rejected</th><th>farm</th>"
            "<th>MT</th><th>copies</th><th>copies most from</th></tr>")
    body = "".join(
        f"<tr><td>{_e(r['domain'])}</td><td class=n>{r['documents']}</td>"
        f"<td class=n>{r['kept']}</td><td class=n>{r['rejected']}</td>"
        f"<td class=n>{100 * r['content_farm_share']:.0f}%</td>"
        f"<td class=n>{100 * r['machine_translated_share']:.0f}%</td>"
        f"<td class=n>{100 * r['copies_share']:.0f}%</td>"
        f"<td>{', '.join(_e(c['domain']) + ' (' + str(c['count']) + ')' for c in r['copies_from'])}"
        f"</td></tr>"
        for r in rows[:MAX_SITES]
    )
    more = (f"<p class=small>{len(rows) - MAX_SITES} more domains in sites.parquet</p>"
            if len(rows) > MAX_SITES else "")
    return f"<h2>Sites</h2><table class=prov>{head}{body}</table>{more}"


def _records(out: str, ids: set[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    run = RunFolder(out)
    for folder in TEXT_FOLDERS:
        for part in run.parts(folder):
            rows = read_columns(part.path, ["id", "url", "date", "text", "reason", "flags"])
            for r in rows.to_pylist():
                if r["id"] in ids and r["id"] not in found:
                    names = sorted({f["name"] for f in r.pop("flags") or [] if f})
                    found[r["id"]] = {**r, "folder": folder,
                                      "flagged": [n for n in names if n in _MATTERS]}
    return found


def _side_by_side(canon: dict, copy: dict) -> str:
    left, right = [], []
    for op, text in word_diff(canon.get("text"), copy.get("text")):
        if op == "=":
            left.append(f"<div class=line>{_e(text)}</div>")
            right.append(f"<div class=line>{_e(text)}</div>")
        elif op == "-":
            left.append(f"<div class='line drop'>{_e(text)}</div>")
        elif op == "+":
            right.append(f"<div class='line add'>{_e(text)}</div>")
        else:  # "~": words marked [-old-] and {+new+}
            shown = _e(text)
            old = shown.replace("{+", "\x01").replace("+}", "\x02")
            new = shown.replace("[-", "\x03").replace("-]", "\x04")
            old = _strip(old, "\x01", "\x02").replace("[-", "<del>").replace("-]", "</del>")
            new = _strip(new, "\x03", "\x04").replace("{+", "<ins>").replace("+}", "</ins>")
            left.append(f"<div class='line chg'>{old}</div>")
            right.append(f"<div class='line chg'>{new}</div>")

    def col(d: dict, lines: list[str]) -> str:
        return (f"<div><p class=small><b>{_e(d['id'])}</b> {_e(d.get('url'))} "
                f"{_e(d.get('date'))} ({_e(_why(d))})</p>{''.join(lines)}</div>")

    return f"<div class=side>{col(canon, left)}{col(copy, right)}</div>"


def _strip(s: str, a: str, b: str) -> str:
    """Drop the spans between markers ``a`` and ``b`` (the other side's words)."""
    out, keep = [], True
    for ch in s:
        if ch == a:
            keep = False
        elif ch == b:
            keep = True
        elif keep:
            out.append(ch)
    return "".join(out)


def _copy_rank(rec: dict | None, doc_id: str) -> tuple:
    """The order copies are shown in: rejected (or quarantined) copies first, then kept
    copies with farm or translation flags, then the rest; by id within each (the same
    order whatever the worker count). A copy whose record was not found comes last."""
    if rec is None:
        return (3, doc_id)
    if rec["folder"] != "kept":
        return (0, doc_id)
    return (1 if rec.get("flagged") else 2, doc_id)


def _why(rec: dict) -> str:
    """A copy's folder and reason, its flags when kept: "rejected, content_farm"."""
    bits = [rec["folder"]]
    if rec.get("reason"):
        bits.append(rec["reason"])
    elif rec.get("flagged"):
        bits.append("flags " + " ".join(rec["flagged"]))
    return ", ".join(bits)


def clusters_html(out: str) -> str:
    path = RunFolder(out).clusters
    if not storage.exists(path):
        return ""
    t = arrays.read_table(path, columns=["id", "cluster_id", "canonical_id"])
    ids = t.column("id").to_pylist()
    clusters = t.column("cluster_id").to_pylist()
    size = Counter(clusters)
    biggest = sorted((c for c, k in size.items() if k > 1), key=lambda c: (-size[c], c))
    biggest = biggest[:MAX_CLUSTERS]
    if not biggest:
        return "<h2>Clusters</h2><p class=small>no document copies another.</p>"
    wanted = set(biggest)
    copies: dict[str, list[str]] = {c: [] for c in biggest}
    for i, c in zip(ids, clusters, strict=True):
        if c in wanted and i != c:
            copies[c].append(i)
    recs = _records(out, wanted | {i for ms in copies.values() for i in ms})
    for c in biggest:
        copies[c].sort(key=lambda i: _copy_rank(recs.get(i), i))
    parts = [f"<h2>Clusters</h2><p class=small>{sum(1 for k in size.values() if k > 1)} "
             f"clusters with copies; the {len(biggest)} largest, each canonical beside its "
             "copy that matters most (rejected, then flagged; added lines green, dropped "
             "red, changed words marked), then its other copies.</p>"]
    for c in biggest:
        canon = recs.get(c)
        first = copies[c][0] if copies[c] else ""
        copy = recs.get(first)
        parts.append(f"<h2>{_e(c)} — {size[c]} members</h2>")
        if canon and copy:
            parts.append(_side_by_side(canon, copy))
        rest = [i for i in copies[c][1:] if i in recs]
        if rest:
            named = "; ".join(f"{_e(i)} ({_e(_why(recs[i]))})" for i in rest[:MAX_LISTED])
            more = f"; {len(rest) - MAX_LISTED} more" if len(rest) > MAX_LISTED else ""
            parts.append(f"<p class=small>other copies: {named}{more}</p>")
    return "".join(parts)


def section(out: str) -> str:
    """The provenance HTML of the run in ``out`` ("" when it has no dedup output)."""
    body = sites_html(out) + clusters_html(out)
    return f"{_STYLE}<div id=provenance>{body}</div>" if body else ""


def insert(page: str, out: str) -> str:
    """``page`` with the provenance section shown until a document is selected."""
    sec = section(str(out))
    if not sec:
        return page
    if _MARKER in page:
        return page.replace(_MARKER, _MARKER + sec, 1)
    return page.replace("</body>", sec + "</body>", 1)
