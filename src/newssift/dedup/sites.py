"""``OUT/sites.parquet``: one row per domain, what it publishes and whom it copies.

Why per domain: a content farm is a site, not a page; the question after "what did this
page copy?" is "what does this site do?". For every domain (the URL's host without
``www.``; for a record without a URL, its page's canonical URL's; ``(no url)`` when neither
gives one) the row counts its documents, kept and
rejected, its content-farm and machine-translation shares (reason, or score at
:data:`newssift.dedup.parts.SUSPECT_LIMIT`), how many of its documents copy a canonical on
another domain, and the domains it copies most (at most ``TOP``, by count then name).

Computed by the dedup driver right after the rewrite from each part's marks (domain, farm,
MT: written into its signature shard's meta table by the signature stage, which reads the
part's URLs, reasons and scores anyway; the driver has those tables in hand) and the
canonical references it computed (:func:`part_results`). The driver holds a domain code
per document, never texts. Canonicals from an earlier run of an incremental index have no
domain here and are not counted as copied domains. Rows are sorted by domain: the file
is deterministic.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from newssift.dedup.canonical import record_host
from newssift.dedup.parts import SUSPECT_LIMIT
from newssift.io import arrays
from newssift.io.run_folder import KEPT
from newssift.io.writers import read_columns
from newssift.record import scores_to_dict

TOP = 5
NO_URL = "(no url)"

SCHEMA = pa.schema([
    ("domain", pa.string()),
    ("documents", pa.int64()),
    ("kept", pa.int64()),
    ("rejected", pa.int64()),
    ("content_farm", pa.int64()),
    ("content_farm_share", pa.float64()),
    ("machine_translated", pa.int64()),
    ("machine_translated_share", pa.float64()),
    ("copies_of_other_domains", pa.int64()),
    ("copies_share", pa.float64()),
    ("copies_from", pa.list_(pa.struct([("domain", pa.string()), ("count", pa.int64())]))),
])


def _score(items, name: str) -> float:
    """Score ``name`` of one row's ``scores`` in whatever form the part stored them
    (:func:`newssift.record.scores_to_dict`, the one reader of that column); 0.0 if absent.
    A local pair-unpacking reader read ``{name, value}`` structs as their two keys and so
    found no score at all: farm and MT marks came from ``reason`` alone."""
    return float(scores_to_dict(items).get(name) or 0.0)


#: The columns of a signature shard's meta table holding :func:`site_marks` (written by
#: :func:`newssift.dedup.stages.signature_task`, which reads the part's URLs, reasons and
#: scores anyway, so the driver has them with the shard's other meta columns).
MARK_COLUMNS = ("site_domain", "site_farm", "site_mt")


def site_marks(urls: list, reasons: list, scores: list,
               canonical_urls: list | None = None) -> tuple[list, list, list]:
    """Domain, farm and MT mark of each row, from its ``url``, ``reason`` and ``scores``
    as :func:`newssift.io.writers.read_columns` reads them. A row without a URL (a saved
    file) is filed under its page's declared canonical URL's host when ``canonical_urls``
    gives one, as the canonical rule's host is (:func:`newssift.dedup.canonical.own_agency`),
    else under ``(no url)``."""
    if canonical_urls is None:
        canonical_urls = [None] * len(urls)
    return (
        [record_host(u, c) or NO_URL
         for u, c in zip(urls, canonical_urls, strict=True)],
        [r == "content_farm" or _score(s, "content_farm") >= SUSPECT_LIMIT
         for r, s in zip(reasons, scores, strict=True)],
        [r == "machine_translated" or _score(s, "machine_translated") >= SUSPECT_LIMIT
         for r, s in zip(reasons, scores, strict=True)],
    )


def sites_table(results: list[dict]) -> pa.Table:
    """The per-domain table from the parts' results (:func:`part_results`), in global
    order."""
    domains = [d for r in results for d in r["domain"]]
    n = len(domains)
    if not n:
        return SCHEMA.empty_table()
    names, code = np.unique(np.array(domains, dtype=object), return_inverse=True)
    m = len(names)
    kept = np.concatenate([np.full(len(r["domain"]), r["kept"], bool) for r in results])
    farm = np.concatenate([np.array(r["farm"], bool) for r in results])
    mt = np.concatenate([np.array(r["mt"], bool) for r in results])
    ref = np.concatenate([r["ref"] for r in results]).astype(np.int64)
    pos = np.arange(n)
    copy = (ref >= 0) & (ref != pos)
    canon_code = np.where(copy, code[np.clip(ref, 0, n - 1)], -1)
    other = copy & (canon_code != code)
    docs = np.bincount(code, minlength=m)
    n_kept = np.bincount(code, weights=kept, minlength=m).astype(np.int64)
    n_farm = np.bincount(code, weights=farm, minlength=m).astype(np.int64)
    n_mt = np.bincount(code, weights=mt, minlength=m).astype(np.int64)
    n_other = np.bincount(code, weights=other, minlength=m).astype(np.int64)
    pairs, counts = np.unique(code[other] * m + canon_code[other], return_counts=True)
    top: list[list[dict]] = [[] for _ in range(m)]
    order = np.lexsort((pairs % m, -counts, pairs // m))  # by copier, count desc, name
    for k in order.tolist():
        src = int(pairs[k] // m)
        if len(top[src]) < TOP:
            top[src].append({"domain": str(names[int(pairs[k] % m)]), "count": int(counts[k])})
    share = np.maximum(docs, 1)
    return pa.table({
        "domain": pa.array([str(x) for x in names], pa.string()),
        "documents": pa.array(docs, pa.int64()),
        "kept": pa.array(n_kept, pa.int64()),
        "rejected": pa.array(docs - n_kept, pa.int64()),
        "content_farm": pa.array(n_farm, pa.int64()),
        "content_farm_share": pa.array(np.round(n_farm / share, 6), pa.float64()),
        "machine_translated": pa.array(n_mt, pa.int64()),
        "machine_translated_share": pa.array(np.round(n_mt / share, 6), pa.float64()),
        "copies_of_other_domains": pa.array(n_other, pa.int64()),
        "copies_share": pa.array(np.round(n_other / share, 6), pa.float64()),
        "copies_from": pa.array(top, SCHEMA.field("copies_from").type),
    }, schema=SCHEMA)


def part_results(parts: list[str], stems: list[str], offsets, marks: tuple | None,
                 ref) -> list[dict]:
    """Each part's rows as :func:`sites_table` reads them (domain, folder, farm and MT
    marks, canonical reference), from what the dedup driver holds: the
    marks of the signature shards' meta tables in global order (read from the parts when
    the shards have none: ``marks`` None) and every document's canonical reference."""
    results = []
    for s, (part, stem) in enumerate(zip(parts, stems, strict=True)):
        lo, hi = int(offsets[s]), int(offsets[s + 1])
        if marks is not None:
            domain, farm, mt = (col[lo:hi] for col in marks)
        else:
            t = read_columns(part, ["url", "reason", "scores", "canonical_url"])
            domain, farm, mt = site_marks(*(t.column(c).to_pylist()
                                            for c in ("url", "reason", "scores",
                                                      "canonical_url")))
        results.append({"domain": domain, "kept": stem.split("-", 1)[0] == KEPT,
                        "farm": farm, "mt": mt, "ref": np.asarray(ref[lo:hi], np.int64)})
    return results


def write_sites(path: str, results: list[dict]) -> int:
    """Write ``OUT/sites.parquet`` (``path``) from the parts' results in global order
    (:func:`part_results`); returns the number of domains."""
    table = sites_table(results)
    arrays.write_table(table, path, compression="zstd", write_statistics=False)
    return table.num_rows
