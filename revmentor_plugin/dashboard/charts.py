"""Server-rendered SVG bar charts: no JavaScript library, no CDN, readable by screen readers.

Each chart is an ``<svg role="img">`` with a title and a description, and the template shows the
same numbers in a table for anyone who cannot see the bars. Colours are paired with patterns of
position and a legend, never the only carrier of meaning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 240
LEFT, BOTTOM, TOP, RIGHT = 40, 40, 16, 12


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    css_class: str


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000):
        if value <= step:
            return float(step)
    return float(value)


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    stacked: bool = False,
    y_max: float | None = None,
) -> SafeString:
    """Grouped (or stacked) bars for ``series`` over ``labels``; ``None`` values draw nothing."""
    count = max(len(labels), 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    totals = [
        sum(v or 0 for v in column) if stacked else max((v or 0 for v in column), default=0)
        for column in zip(*(s.values for s in series), strict=False)
    ] or [0]
    top = y_max or _nice_max(max(totals))
    slot = plot_w / count
    bar_w = slot * 0.7 / (1 if stacked else max(len(series), 1))
    bars = []
    for i, _label in enumerate(labels):
        base = 0.0
        for j, item in enumerate(series):
            value = item.values[i] if i < len(item.values) else None
            if value is None:
                continue
            height = plot_h * value / top
            x = LEFT + slot * i + slot * 0.15 + (0 if stacked else j * bar_w)
            y = TOP + plot_h - height - (plot_h * base / top if stacked else 0)
            bars.append(
                (
                    item.css_class,
                    round(x, 1),
                    round(y, 1),
                    round(bar_w, 1),
                    round(height, 1),
                    item.name,
                    value,
                )
            )
            if stacked:
                base += value
    ticks = [top * k / 4 for k in range(5)]
    label_every = max(1, count // 8)
    parts = [
        format_html(
            '<svg id="{}" class="revmentor-chart" viewBox="0 0 {} {}" role="img" '
            'aria-labelledby="{}-title {}-desc">'
            '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
            chart_id,
            WIDTH,
            HEIGHT,
            chart_id,
            chart_id,
            chart_id,
            title,
            chart_id,
            description,
        ),
        format_html_join(
            "",
            '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/><text class="tick" x="{}" y="{}">{}</text>',
            (
                (LEFT, WIDTH - RIGHT, y, y, LEFT - 6, y + 4, f"{t:g}")
                for t in ticks
                for y in [round(TOP + plot_h - plot_h * t / top, 1)]
            ),
        ),
        format_html_join(
            "",
            '<rect class="{}" x="{}" y="{}" width="{}" height="{}"><title>{}: {}</title></rect>',
            ((css, x, y, w, h, name, f"{value:g}") for css, x, y, w, h, name, value in bars),
        ),
        format_html_join(
            "",
            '<text class="label" x="{}" y="{}">{}</text>',
            (
                (round(LEFT + slot * i + slot / 2, 1), HEIGHT - BOTTOM + 16, label)
                for i, label in enumerate(labels)
                if i % label_every == 0
            ),
        ),
        format_html_join(
            "",
            '<rect class="{}" x="{}" y="{}" width="10" height="10"/>'
            '<text class="legend" x="{}" y="{}">{}</text>',
            (
                (s.css_class, LEFT + 150 * k, HEIGHT - 12, LEFT + 150 * k + 14, HEIGHT - 3, s.name)
                for k, s in enumerate(series)
            ),
        ),
        mark_safe("</svg>"),
    ]
    return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped by format_html
