"""Stacked bar charts as inline SVG, drawn on the server: the office's network is closed (no CDN) and its pages
run no script. Colours are SVG attributes (the pages' Content-Security-Policy allows no inline style), from a
palette told apart with colour blindness (Okabe and Ito); the page's table beside the chart carries the figures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#555555")
"""Series colours, in order; the stylesheet's ``.c0``… swatches are the same."""
HEIGHT = 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 64
MAX_BAR = 48


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Chart:
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]


def nice_top(value: int) -> int:
    """A round axis maximum at or above ``value`` (1, 2, 5 × 10ⁿ)."""
    if value <= 0:
        return 1
    power: int = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def stacked_bars(chart: Chart, ident: str) -> Markup:
    """The chart as an ``<svg>`` element (``role="img"``, titled), one bar per category, series stacked."""
    n = max(len(chart.categories), 1)
    step = max(18, min(MAX_BAR + 12, 640 // n))
    width = LEFT + RIGHT + step * n
    plot = HEIGHT - TOP - BOTTOM
    totals = [sum(s.values[i] for s in chart.series) for i in range(len(chart.categories))]
    top = nice_top(max(totals, default=0))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{ident}-t" width="{width}" '
        f'height="{HEIGHT}" viewBox="0 0 {width} {HEIGHT}" font-family="sans-serif" font-size="12">',
        f'<title id="{ident}-t">{escape(chart.title)}</title>',
    ]
    parts += _axis(width, plot, top)
    bar = min(MAX_BAR, step - 6)
    for i, category in enumerate(chart.categories):
        x = LEFT + i * step + (step - bar) // 2
        y: float = TOP + plot
        for k, series in enumerate(chart.series):
            value = series.values[i]
            if value <= 0:
                continue
            h = plot * value / top
            y -= h
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="{PALETTE[k % len(PALETTE)]}">'
                f"<title>{escape(category)} {escape(series.label)}: {value}</title></rect>"
            )
        cx, cy = LEFT + i * step + step // 2, TOP + plot + 14  # rotated: a label per bar fits at 18 px apart
        parts.append(
            f'<text x="{cx}" y="{cy}" text-anchor="end" transform="rotate(-40 {cx} {cy})">{escape(category)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 -- every text above is escaped; numbers are formatted by us


def _axis(width: int, plot: int, top: int) -> Sequence[str]:
    lines = []
    ticks = next(n for n in (4, 5, top) if top % n == 0)  # whole numbers on every gridline
    for j in range(ticks + 1):
        value = top * j // ticks
        y = TOP + plot - plot * j / ticks
        lines.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{width - RIGHT}" y2="{y:.1f}" stroke="#ccd"/>')
        lines.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    lines.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot}" stroke="#333"/>')
    return lines
