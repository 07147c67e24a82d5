"""Small server-drawn SVG charts: no script and no asset from another site. Every chart is an
image with a text label, and callers show the same numbers in a table for screen readers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#1f5f8b", "#c0392b", "#2e7d32", "#8e44ad", "#b9770e", "#16a085", "#5d6d7e", "#d35400"]


@dataclass
class Series:
    name: str
    points: Sequence[tuple[dt.date, float | None]]
    dashed: bool = False


def _x(d: dt.date, start: dt.date, end: dt.date, left: float, width: float) -> float:
    span = max((end - start).days, 1)
    return left + width * (d - start).days / span


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    y_min: float = 0,
    y_max: float | None = None,
    y_label: str = "",
    width: int = 640,
    height: int = 260,
    markers: Sequence[tuple[dt.date, str]] = (),
) -> SafeString:
    """A line chart of dated values. `markers` draw labelled vertical lines (events)."""
    dates = [d for s in series for d, v in s.points if v is not None] + [d for d, _ in markers]
    values = [v for s in series for _, v in s.points if v is not None]
    if not dates:
        return mark_safe(f'<p class="muted">No data yet for “{escape(title)}”.</p>')
    start, end = min(dates), max(dates)
    top = y_max if y_max is not None else max(values + [y_min + 1]) * 1.1
    left, right, upper, lower = 48, 12, 16, 44
    pw, ph = width - left - right, height - upper - lower

    def y(v: float) -> float:
        return upper + ph * (1 - (v - y_min) / ((top - y_min) or 1))

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i in range(5):
        v = y_min + (top - y_min) * i / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" class="tick">{v:g}</text>'
        )
    years = range(start.year, end.year + 1)
    for year in years:
        d = dt.date(year, 1, 1)
        if start <= d <= end:
            x = _x(d, start, end, left, pw)
            parts.append(f'<text x="{x:.1f}" y="{upper + ph + 16}" text-anchor="middle" class="tick">{year}</text>')
    for i, (d, label) in enumerate(sorted(markers)):
        x = _x(d, start, end, left, pw)
        label_y = upper + 10 + 12 * (i % 3)  # stagger labels so that close events stay readable
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{upper}" y2="{upper + ph}" class="marker"/>'
            f'<text x="{x + 3:.1f}" y="{label_y}" class="marker-label">{escape(label)}</text>'
        )
    for i, s in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        pts = [(d, v) for d, v in s.points if v is not None]
        path = " ".join(f"{_x(d, start, end, left, pw):.1f},{y(v):.1f}" for d, v in pts)
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>')
        for d, v in pts:
            parts.append(
                f'<circle cx="{_x(d, start, end, left, pw):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                f"<title>{escape(s.name)}: {v:g} on {d:%d %b %Y}</title></circle>"
            )
    if y_label:
        parts.append(f'<text x="4" y="{upper - 4}" class="tick">{escape(y_label)}</text>')
    legend_x, legend_y = left, height - 5
    for i, s in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        item_width = 20 + 7 * len(s.name)
        if legend_x + item_width > width and legend_x > left:  # wrap the legend onto another row
            legend_x, legend_y = left, legend_y + 14
        parts.append(
            f'<rect x="{legend_x}" y="{legend_y - 5}" width="10" height="4" fill="{colour}"/>'
            f'<text x="{legend_x + 14}" y="{legend_y}" class="legend">{escape(s.name)}</text>'
        )
        legend_x += item_width
    parts.append("</svg>")
    if legend_y > height - 5:  # make room for the extra legend rows
        parts[0] = parts[0].replace(f'viewBox="0 0 {width} {height}"', f'viewBox="0 0 {width} {legend_y + 6}"')
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def heat_step(value: float | None, low: float, high: float, steps: int = 10) -> int:
    """Where a value sits between low and high, as 0..steps: a page colours a cell with the CSS
    class heat-<step> (the Content-Security-Policy allows no style attribute)."""
    if value is None:
        return 0
    return round(max(0.0, min(1.0, (value - low) / ((high - low) or 1))) * steps)


def heat_colour(value: float | None, low: float, high: float) -> str:
    """A colour from red (low) through amber to green (high), for heat-map cells."""
    if value is None:
        return "#eeeeee"
    t = max(0.0, min(1.0, (value - low) / ((high - low) or 1)))
    # light red -> light yellow -> light green: pale enough for dark text to stay readable
    stops = [(0.0, (244, 178, 170)), (0.5, (250, 235, 160)), (1.0, (168, 220, 170))]
    for (t0, c0), (t1, c1) in zip(stops, stops[1:], strict=False):
        if t <= t1:
            f = (t - t0) / (t1 - t0)
            r, g, b = (round(a + (b_ - a) * f) for a, b_ in zip(c0, c1, strict=True))
            return f"rgb({r},{g},{b})"
    return "rgb(168,220,170)"
