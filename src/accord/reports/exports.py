"""CSV exports. Only aggregates: what the funders' view shows, nothing more."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

from accord.analytics.health import COMPONENTS, LABELS
from accord.lib.exports import csv_response


def portfolio_csv(rows: Iterable[Any], filename: str = "accord-portfolio.csv") -> HttpResponse:
    header = ["Partnership", "Month", "Index", "Change since previous month", *[LABELS[k] for k in COMPONENTS],
              "Open warnings", "Areas live", "Areas in the ambition", "Mean goal progress"]
    body = ([r.name, r.month.isoformat() if r.month else "", r.overall, r.trend,
             *["withheld" if k in r.withheld else r.scores.get(k) for k in COMPONENTS],
             r.warnings, r.live_now, r.target_live, r.goal_progress] for r in rows)
    return csv_response(header, body, filename)
