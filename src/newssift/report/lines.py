"""The body as the page had it: kept lines, the cleaner's removed lines and the extractor's
dropped blocks in one order, each with why it went.

Both ways of looking at a run (the one-file report and ``newssift view``) show a document
this way, so the merge lives here once. Every position is the record's one line numbering
(:class:`newssift.record.Document`): kept lines at ``line_numbers`` (identity when empty),
removed lines at their index, a dropped block just before the line it sat above. Records
written before ``line_numbers`` existed are merged as they were (removed lines inserted at
their index). Inputs are plain values, so records read as dataclasses or as rows both fit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

WHERE = {"inside": "inside the article", "beside": "beside the article", "page": "page chrome"}


def _get(x: Any, key: str, default: Any = None) -> Any:
    return x.get(key, default) if isinstance(x, dict) else getattr(x, key, default)


def merged_lines(
    lines: Sequence[str],
    line_numbers: Sequence[int] = (),
    removed: Iterable[Any] = (),
    dropped: Iterable[Any] = (),
    dropped_total: int = 0,
) -> list[dict]:
    """Entries ``{"t": text}`` for a kept line (with ``"k"``: its index in ``lines``) or
    ``{"t": text, "removed": why}`` for a line that went, in page order."""
    removed = list(removed)
    dropped = list(dropped)
    if not line_numbers and not dropped:
        merged: list[dict] = [{"t": line, "k": k} for k, line in enumerate(lines)]
        for r in sorted(removed, key=lambda r: _get(r, "index") or 0):
            at = min(max(_get(r, "index") or 0, 0), len(merged))
            merged.insert(at, {"t": _get(r, "line"), "removed": _get(r, "reason")})
        return merged
    numbers = line_numbers if len(line_numbers) == len(lines) else range(len(lines))
    keyed: list[tuple[int, int, int, dict]] = [
        (n, 1, k, {"t": line, "k": k})
        for k, (n, line) in enumerate(zip(numbers, lines, strict=True))
    ]
    keyed += [
        (_get(r, "index") or 0, 1, k, {"t": _get(r, "line"), "removed": _get(r, "reason")})
        for k, r in enumerate(removed)
    ]
    listed = 0
    for k, b in enumerate(dropped):
        where = _get(b, "where")
        n = _get(b, "lines", 1) or 1
        listed += n
        what = f"{_get(b, 'reason')}, dropped by the extractor, {WHERE.get(where, where)}"
        if n > 1:
            what += f", {n} lines"
        keyed.append((_get(b, "index") or 0, 0, k, {"t": _get(b, "line"), "removed": what}))
    if dropped_total > listed:
        keyed.append(
            (
                1 << 30,
                2,
                0,
                {
                    "t": f"… {dropped_total - listed} more dropped lines not listed",
                    "removed": "extractor cap",
                },
            )
        )
    keyed.sort(key=lambda t: t[:3])
    return [item for *_k, item in keyed]
