"""Small server-drawn SVG charts: no script and no asset from another site. Every chart is an
image with a text label, and callers show the same numbers in a table for screen readers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

PALETTE = ["#1f5f8b", "#c0392b", "#2e7d32", "#8e44ad", "#b9770e", "#16a085", "#5d6d7e", "#d35400"]


@dataclass
class Series:
    name: str
    points: Sequence[tuple[dt.date, float | None]]
    dashed: bool = False


def _x(d: dt.date, start: dt.date, end: dt.date, left: float, width: float) -> float:
    span = max((end - start).days, 1)
    return left + width * (d - start).days / span


# Two drawings of every chart, each sized for the screen it is shown on (CSS swaps them at 760 px), so that text
# stays at least 12 CSS px at every width instead of shrinking with the picture: the wide one is never shown
# narrower than ~600 px (its text of 15 units is then 14 px), the narrow one never narrower than ~230 px
# (a 320 px phone, inside a card; text of 13 units is then 12.5 px). tests/e2e/test_phone_layout.py measures it.
WIDE: dict[str, Any] = {"width": 640, "height": 260, "font": 15, "css": "chart-wide"}
NARROW: dict[str, Any] = {"width": 240, "height": 240, "font": 13, "css": "chart-narrow"}
CHAR = 0.6  # an average character's width, as a share of the font size (system sans-serif)


def _tick(value: float, span: float) -> str:
    """A tick as a person writes it: whole numbers for a wide range ("1,925"), one decimal for a narrow one."""
    if span >= 8:
        return f"{value:,.0f}"
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text_width(text: str, font: float) -> float:
    return len(text) * font * CHAR


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    y_min: float = 0,
    y_max: float | None = None,
    y_label: str = "",
    width: int | None = None,
    height: int | None = None,
    markers: Sequence[tuple[dt.date, str]] = (),
) -> SafeString:
    """A line chart of dated values. `markers` draw labelled vertical lines (events). Drawn twice: for wide
    screens and for phones (see WIDE and NARROW); `width`/`height` change the wide drawing only."""
    dates = [d for s in series for d, v in s.points if v is not None] + [d for d, _ in markers]
    if not dates:
        return mark_safe(f'<p class="muted">No data yet for “{escape(title)}”.</p>')
    wide = dict(WIDE, width=width or WIDE["width"], height=height or WIDE["height"])
    drawings = [_draw(series, title=title, y_min=y_min, y_max=y_max, y_label=y_label, markers=markers, **size)
                for size in (wide, NARROW)]
    return mark_safe('<div class="chart-box">' + "".join(drawings) + "</div>")  # noqa: S308 - escaped in _draw


def _draw(series: Sequence[Series], *, title: str, y_min: float, y_max: float | None, y_label: str,
          markers: Sequence[tuple[dt.date, str]], width: int, height: int, font: int, css: str) -> str:
    dates = [d for s in series for d, v in s.points if v is not None] + [d for d, _ in markers]
    values = [v for s in series for _, v in s.points if v is not None]
    start, end = min(dates), max(dates)
    top = y_max if y_max is not None else max(values + [y_min + 1]) * 1.1
    narrow = css == NARROW["css"]
    # event labels: each in the first row where it does not touch the one before (wide), or a number keyed
    # below the chart (narrow, where names would not fit)
    left, right = round(font * 3.2), 12
    pw = width - left - right
    marks = sorted(markers)
    rows: list[int] = []
    row_ends: list[float] = []
    for i, (d, label) in enumerate(marks):
        text = str(i + 1) if narrow else label
        x = _x(d, start, end, left, pw) + 3
        w = _text_width(text, font) + 6
        row = next((r for r, e in enumerate(row_ends) if x >= e), len(row_ends))
        if row == len(row_ends):
            row_ends.append(0.0)
        row_ends[row] = x + w
        rows.append(row)
    # from the top: the y axis' name, the rows of event labels, then the plot (half a line below, for its top tick)
    top_area = round(font * 1.6) if y_label else 0
    upper = top_area + len(row_ends) * (font + 4) + round(font * 0.8)
    lower = round(font * 2.2)
    ph = height - upper - lower

    def y(v: float) -> float:
        return upper + ph * (1 - (v - y_min) / ((top - y_min) or 1))

    parts = []
    for i in range(5):
        v = y_min + (top - y_min) * i / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{y(v) + font / 3:.1f}" text-anchor="end" class="tick">{_tick(v, top - y_min)}</text>'
        )
    years = [yr for yr in range(start.year, end.year + 1) if start <= dt.date(yr, 1, 1) <= end]
    step = 1
    while years and len(years) / step * _text_width("2026", font) * 1.6 > pw:  # leave out years rather than overlap
        step += 1
    for year in years[::step]:
        x = _x(dt.date(year, 1, 1), start, end, left, pw)
        parts.append(f'<text x="{x:.1f}" y="{upper + ph + font * 1.6:.0f}" text-anchor="middle" class="tick">{year}</text>')
    for i, (d, label) in enumerate(marks):
        x = _x(d, start, end, left, pw)
        text = str(i + 1) if narrow else label
        label_y = top_area + font + rows[i] * (font + 4)
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{label_y + 2}" y2="{upper + ph}" class="marker"/>'
            f'<text x="{x + 3:.1f}" y="{label_y}" class="marker-label"><title>{escape(label)}</title>'
            f"{escape(text)}</text>"
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
                f"<title>{escape(_point(s.name, v, d))}</title></circle>"
            )
    if y_label:
        parts.append(f'<text x="4" y="{font}" class="tick">{escape(y_label)}</text>')
    # the legend: items side by side, wrapped onto a new row before one would run past the edge
    legend_x, legend_y = 4.0, float(height + font + 2)
    for i, s in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        item_width = 18 + _text_width(s.name, font) + font
        if legend_x + item_width > width and legend_x > 4:
            legend_x, legend_y = 4.0, legend_y + font + 8
        parts.append(
            f'<rect x="{legend_x:.0f}" y="{legend_y - font / 2 - 2:.0f}" width="12" height="4" fill="{colour}"/>'
            f'<text x="{legend_x + 16:.0f}" y="{legend_y:.0f}" class="legend">{escape(s.name)}</text>'
        )
        legend_x += item_width
    full_height = round(legend_y + 6) if series else height
    head = (f'<svg class="chart {css}" viewBox="0 0 {width} {full_height}" role="img" aria-label="{escape(title)}" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>')
    svg = head + "".join(parts) + "</svg>"
    if narrow and marks:
        key = "".join(f"<li>{escape(label)} ({escape(formats.date_format(d, 'j M Y'))})</li>" for d, label in marks)
        svg = f'<div class="{css}">{svg.replace(f"chart {css}", "chart")}<ol class="chart-key">{key}</ol></div>'
    return svg


def _point(series: str, value: float, on: dt.date) -> str:
    """A point's label, read aloud and shown on hover: the series, its value and the day, in the reader's words."""
    return _("%(series)s: %(value)s on %(date)s") % {
        "series": series, "value": f"{value:g}",
        "date": formats.date_format(on, "d M Y")}


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
