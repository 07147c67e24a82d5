"""CSV exports. Only aggregates: what the funders' view shows, nothing more."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

from accord.analytics.health import COMPONENTS, LABELS


def _cell(value: Any) -> Any:
    """Numbers as they are; text that a spreadsheet would run as a formula is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return "" if value is None else value


def portfolio_csv(rows: Iterable[Any], filename: str = "accord-portfolio.csv") -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(["Partnership", "Month", "Index", "Change since previous month",
                     *[LABELS[k] for k in COMPONENTS], "Open warnings", "Areas live", "Areas in the ambition",
                     "Mean goal progress"])
    for r in rows:
        scores = ["withheld" if k in r.withheld else _cell(r.scores.get(k)) for k in COMPONENTS]
        writer.writerow([_cell(r.name), r.month.isoformat() if r.month else "", _cell(r.overall), _cell(r.trend),
                         *scores, r.warnings, _cell(r.live_now), _cell(r.target_live), _cell(r.goal_progress)])
    return response
