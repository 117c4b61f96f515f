"""Charts as inline SVG and HTML, written in Python: they print without a browser (WeasyPrint draws SVG).

Every series is drawn (none hidden behind another: grouped bars, not overlapping ones), category
labels get a column as wide as the longest label, and the legend is an HTML list above the chart,
so no label can sit on top of it.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bemanning.i18n import number

# Colour-blind safe (Okabe–Ito), in the order series are drawn.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
HEAT = ("#ffffff", "#e3eef8", "#c3dbef", "#95bfe2", "#5f9dd0", "#2f78b8", "#0b4f8a")
CHAR_PX = 7.2  # average width of a character at font-size 12 (DejaVu Sans)


@dataclass
class Series:
    label: str
    values: Sequence[float]
    colour: str = ""


def _fmt(value: float) -> str:
    return number(value, 1, "no")


def bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str = "",
    fmt: Callable[[float], str] = _fmt,
    width: int = 720,
) -> str:
    """Horizontal grouped bars: one group per category, one bar per series, the value at each bar's end.
    Negative values draw left of the zero line."""
    colours = [s.colour or PALETTE[i % len(PALETTE)] for i, s in enumerate(series)]
    values = [v for s in series for v in s.values]
    low = min(0.0, *values) if values else 0.0
    high = max(0.0, *values) if values else 1.0
    if high == low:
        high = low + 1.0
    label_w = min(260, int(max((len(c) for c in categories), default=4) * CHAR_PX) + 12)
    value_w = int(max((len(fmt(v)) for v in values), default=3) * CHAR_PX) + 10
    plot_x, plot_w = label_w, max(120, width - label_w - value_w - (value_w if low < 0 else 0))
    if low < 0:
        plot_x += value_w
    bar_h, gap = 14, 10
    group_h = bar_h * len(series) + gap
    top = 22 if title else 6
    height = top + group_h * len(categories) + 6
    scale = plot_w / (high - low)
    zero = plot_x + (0 - low) * scale
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{html.escape(title)}" font-size="12">'
    ]
    if title:
        parts.append(f'<text x="0" y="14" font-weight="bold">{html.escape(title)}</text>')
    for ci, category in enumerate(categories):
        y0 = top + ci * group_h
        fits = int((label_w - 8) / CHAR_PX)
        shown = category if len(category) <= fits else category[: fits - 1] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y0 + group_h / 2 - gap / 2 + 4:.1f}" text-anchor="end">'
            f"<title>{html.escape(category)}</title>{html.escape(shown)}</text>"
        )
        for si, s in enumerate(series):
            value = float(s.values[ci]) if ci < len(s.values) else 0.0
            y = y0 + si * bar_h
            x1, x2 = sorted((zero, zero + value * scale))
            parts.append(
                f'<rect x="{x1:.1f}" y="{y:.1f}" width="{max(x2 - x1, 0.5):.1f}" height="{bar_h - 2}" '
                f'fill="{colours[si]}"><title>{html.escape(s.label)}: {html.escape(fmt(value))}</title></rect>'
            )
            if value >= 0:
                parts.append(f'<text x="{x2 + 4:.1f}" y="{y + bar_h - 4:.1f}">{html.escape(fmt(value))}</text>')
            else:
                parts.append(
                    f'<text x="{x1 - 4:.1f}" y="{y + bar_h - 4:.1f}" text-anchor="end">{html.escape(fmt(value))}</text>'
                )
    parts.append(f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="{top - 2}" y2="{height - 4}" stroke="#555"/>')
    parts.append("</svg>")
    return "".join(parts)


def legend_items(series: Sequence[Series]) -> list[tuple[str, str]]:
    return [(s.colour or PALETTE[i % len(PALETTE)], s.label) for i, s in enumerate(series)]


def heat_table(rows: Sequence[str], columns: Sequence[str], values: Sequence[Sequence[float]],
               *, corner: str = "", fmt: Callable[[float], str] = _fmt) -> str:
    """A table whose cells are shaded by value (7 steps, darkest = largest); the number stays in the cell."""
    top = max((v for row in values for v in row), default=0.0)
    head = f"<th>{html.escape(corner)}</th>" + "".join(f'<th class="num">{html.escape(c)}</th>' for c in columns)
    body = []
    for label, row in zip(rows, values, strict=True):
        cells = []
        for value in row:
            level = 0 if value <= 0 or top <= 0 else max(1, round((len(HEAT) - 1) * value / top))
            ink = "#fff" if level >= 5 else "#1b1f24"
            text = fmt(value) if value > 0 else "–"
            cells.append(f'<td class="num" style="background:{HEAT[level]};color:{ink}">{html.escape(text)}</td>')
        body.append(f"<tr><th>{html.escape(label)}</th>{''.join(cells)}</tr>")
    return (f'<div class="scroll"><table class="heat"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>")
