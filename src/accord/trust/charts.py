"""Server-drawn pictures of a wave's results: the trust matrix (a heat map with its numbers) and the
network map. No script or asset from another site; each has a table beside it on the page."""

from __future__ import annotations

import math
from html import escape
from typing import Any

import numpy as np
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from accord.analytics import network
from accord.lib.charts import PALETTE, heat_colour, heat_step

# Colours run from red at 2 ("a little") to green at 4, so the usual range of answers shows differences.
HEAT_LOW = 2.0


def matrix(orgs: list[dict[str, Any]], pairs: list[dict[str, Any]], key: str = "trust") -> dict[str, Any]:
    """Rows: who answered; columns: who they answered about; each cell a number and a colour."""
    by_pair = {(p["from"], p["about"]): p for p in pairs}
    rows = []
    for o in orgs:
        cells: list[dict[str, Any]] = []
        for other in orgs:
            if other["id"] == o["id"]:
                cells.append({"self": True})
                continue
            p = by_pair.get((o["id"], other["id"]))
            v = p.get(key) if p else None
            cells.append({"value": v, "step": heat_step(v, HEAT_LOW, 4), "n": p.get(f"{key}_n", 0) if p else 0})
        rows.append({"org": o, "cells": cells})
    return {"columns": orgs, "rows": rows}


def network_map(orgs: list[dict[str, Any]], pairs: list[dict[str, Any]], *, title: str,
                width: int = 680, height: int = 360) -> SafeString:
    """Nodes are organisations, sized by trust received; a line joins two organisations when either
    reported contact, thicker for closer work. Laid out by a small force layout: same graph, same map."""
    n = len(orgs)
    if n == 0:
        return mark_safe(f'<p class="muted">{escape(_("No organisations to draw."))}</p>')  # noqa: S308 - escaped
    index = {o["id"]: i for i, o in enumerate(orgs)}
    level = np.zeros((n, n))
    for p in pairs:
        c = p.get("contact")
        if c and p["from"] in index and p["about"] in index:
            i, j = index[p["from"]], index[p["about"]]
            level[i, j] = max(level[i, j], c)
    strength = np.maximum(level, level.T)
    # a small partnership reads best on a circle (most connected at the top); a large one needs forces
    if n <= 16:
        order = sorted(range(n), key=lambda i: (-int((strength[i] > 0).sum()), orgs[i]["name"]))
        pos = network.circle_layout(n, order=np.array(order))
    else:
        pos = network.spring_layout(strength > 0)
    known = [o["trust_received"] for o in orgs if o.get("trust_received") is not None]
    low, high = (min(known), max(known)) if known else (1.0, 4.0)
    # drawn twice, as lib/charts.py draws its charts: names beside the nodes on a wide screen; on a phone,
    # numbers beside the nodes and the names in a numbered list below, so the text stays at least 12 px
    wide = _map_drawing(orgs, strength, pos, low, high, title=title, width=width, height=height, font=15,
                        numbered=False)
    narrow = _map_drawing(orgs, strength, pos, low, high, title=title, width=220, height=220, font=13,
                          numbered=True)
    key = "".join(f"<li>{escape(o['name'])}</li>" for o in orgs)
    return mark_safe(f'<div class="chart-box">{wide}<div class="chart-narrow">{narrow}'  # noqa: S308 - escaped
                     f'<ol class="chart-key">{key}</ol></div></div>')


def _map_drawing(orgs: list[dict[str, Any]], strength: Any, pos: Any, low: float, high: float, *, title: str,
                 width: int, height: int, font: int, numbered: bool) -> str:
    n = len(orgs)
    if numbered:
        radius = min(height / 2 - 2 * font, width / 2 - 2.5 * font)
    else:
        radius = min(height / 2 - 36, width / 2 - 205)  # room for the names either side
    xy = np.column_stack([width / 2 + pos[:, 0] * radius, height / 2 + pos[:, 1] * radius])
    css = "" if numbered else " chart-wide"
    parts = [f'<svg class="chart network-map{css}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for i in range(n):
        for j in range(i + 1, n):
            if strength[i, j] > 0:
                parts.append(f'<line x1="{xy[i, 0]:.1f}" y1="{xy[i, 1]:.1f}" x2="{xy[j, 0]:.1f}" y2="{xy[j, 1]:.1f}" '
                             f'stroke="#8a9aa9" stroke-width="{strength[i, j]:.0f}" stroke-opacity="0.7"/>')
    scale = 0.6 if numbered else 1.0
    for i, o in enumerate(orgs):
        t = o.get("trust_received")
        r = (7 + (15 * (t - low) / ((high - low) or 1) if t is not None else 0)) * scale
        colour = heat_colour(t, HEAT_LOW, 4) if t is not None else PALETTE[6]
        label = (_("%(name)s: trust received %(score).1f") % {"name": o["name"], "score": t} if t is not None
                 else _("%(name)s: no trust scores") % {"name": o["name"]})
        # names point away from the middle so they do not cross the lines
        anchor = "end" if xy[i, 0] < width / 2 - 1 else "start"
        dx = -(r + 4) if anchor == "end" else r + 4
        text = str(i + 1) if numbered else _short(o["name"])
        parts.append(f'<g><title>{escape(label)}</title><circle cx="{xy[i, 0]:.1f}" cy="{xy[i, 1]:.1f}" r="{r:.1f}" '
                     f'fill="{colour}" stroke="#333"/>'
                     f'<text x="{xy[i, 0] + dx:.1f}" y="{xy[i, 1] + font / 3:.1f}" text-anchor="{anchor}" '
                     f'font-size="{font}">{escape(text)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def _short(name: str, limit: int = 21) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def bar(value: float | None, maximum: float) -> float:
    """Width in per cent for a simple bar."""
    if value is None or math.isnan(value):
        return 0.0
    return max(0.0, min(100.0, value / maximum * 100))
