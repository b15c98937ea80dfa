"""Plots drawn on the server as inline SVG: horizontal bar charts and histograms.

Why SVG from Python: the viewer opens nothing on the network (no CDN, no chart library
in the page, no script at all), and a plot of counts is a few rectangles. Every label is
escaped; each bar carries a ``<title>`` with its exact count, and a bar chart's bars may
link to the search page filtered on that value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

#: Fill colour per decision (the histograms stack them in this order).
DECISION_COLOURS = {"keep": "#4c9a52", "reject": "#c8463d", "quarantine": "#d9a520"}
_OTHER = "#6b7fa8"


def bar_chart(
    items: Sequence[tuple[str | None, int]],
    *,
    href: Callable[[str | None], str | None] | None = None,
    width: int = 460,
    label_width: int = 170,
    colour: str = _OTHER,
    colours: dict[str, str] | None = None,
) -> str:
    """Horizontal bars, one per (label, count), largest first as given."""
    if not items:
        return '<p class="muted">nothing to plot</p>'
    bar_h, gap = 16, 4
    height = len(items) * (bar_h + gap) + gap
    peak = max(c for _, c in items) or 1
    room = width - label_width - 60
    parts = [f'<svg class="plot" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, count) in enumerate(items):
        y = gap + i * (bar_h + gap)
        text = "(none)" if label is None else str(label)
        short = text if len(text) <= 26 else text[:25] + "…"
        w = max(1, round(room * count / peak))
        fill = (colours or {}).get(text, colour)
        bar = (f'<rect x="{label_width}" y="{y}" width="{w}" height="{bar_h}" fill="{fill}">'
               f"<title>{escape(text)}: {count}</title></rect>"
               f'<text x="{label_width - 6}" y="{y + bar_h - 4}" text-anchor="end">'
               f"{escape(short)}</text>"
               f'<text x="{label_width + w + 4}" y="{y + bar_h - 4}">{count}</text>')
        link = href(label) if href else None
        parts.append(f'<a href="{escape(link)}">{bar}</a>' if link else bar)
    parts.append("</svg>")
    return "".join(parts)


def histogram(
    name: str,
    lo: float,
    hi: float,
    counts: dict[str, list[int]],
    *,
    width: int = 300,
    height: int = 120,
) -> str:
    """One score's distribution, the decisions' counts stacked per bin."""
    n_bins = max((len(c) for c in counts.values()), default=0)
    if not n_bins:
        return ""
    order = [d for d in DECISION_COLOURS if d in counts] + sorted(
        d for d in counts if d not in DECISION_COLOURS)
    totals = [sum(counts[d][b] for d in order) for b in range(n_bins)]
    peak = max(totals) or 1
    top, bottom, left = 18, 18, 4
    plot_h = height - top - bottom
    bw = (width - 2 * left) / n_bins
    step = (hi - lo) / n_bins if hi > lo else 0.0
    parts = [f'<svg class="hist" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
             f'<text x="{left}" y="12" class="t">{escape(name)}</text>']
    for b in range(n_bins):
        y = top + plot_h
        for d in order:
            c = counts[d][b]
            if not c:
                continue
            h = plot_h * c / peak
            y -= h
            a = lo + b * step
            parts.append(
                f'<rect x="{left + b * bw:.1f}" y="{y:.1f}" width="{max(bw - 1, 1):.1f}" '
                f'height="{h:.1f}" fill="{DECISION_COLOURS.get(d, _OTHER)}">'
                f"<title>{escape(d)}: {c} with {escape(name)} in "
                f"[{a:.4g}, {a + step:.4g}{']' if b == n_bins - 1 else ')'}</title></rect>")
    parts.append(f'<text x="{left}" y="{height - 4}">{lo:.4g}</text>'
                 f'<text x="{width - left}" y="{height - 4}" text-anchor="end">{hi:.4g}</text>'
                 "</svg>")
    return "".join(parts)


def legend() -> str:
    return " ".join(f'<span class="sw" style="background:{c}"></span>{escape(d)}'
                    for d, c in DECISION_COLOURS.items())
