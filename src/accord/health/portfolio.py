"""The funders' portfolio: the partnerships a user funds, from stored snapshots only.

A fixed handful of queries whatever the number of partnerships: the partnerships, their current
health rows (the latest snapshot and its change, kept by services.current_refresh), and their open
alert counts. Only aggregates leave here: component scores, the index,
its trend, a count of open warnings, delivery against targets. Never survey answers, named results,
library content or subscribers; a trust score from a confidential wave is withheld.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Subquery
from django.http import HttpResponse
from django.utils.translation import gettext as _

from accord.analytics.health import COMPONENTS, LABELS
from accord.lib.exports import table_response
from accord.partners.models import Partnership, Role

from .models import Alert, HealthCurrent

SORTS = ("name", "overall", "trend", "warnings", "delivery", *COMPONENTS)


@dataclass
class Row:
    partnership_id: int
    name: str
    status: str
    month: dt.date | None = None
    overall: float | None = None
    scores: dict[str, float | None] = field(default_factory=dict)
    withheld: set[str] = field(default_factory=set)
    trend: float | None = None
    warnings: int = 0
    live_now: int | None = None
    target_live: int | None = None
    goal_progress: float | None = None

    @property
    def delivery(self) -> float | None:
        return self.scores.get("delivery")

    def sort_value(self, key: str) -> Any:
        if key == "name":
            return self.name.lower()
        if key in COMPONENTS:
            return self.scores.get(key)
        return getattr(self, key)


def funded_partnerships(user: Any) -> QuerySet[Partnership]:
    return Partnership.objects.filter(roles__user=user, roles__role=Role.FUNDER).order_by("name")


def rows_for(user: Any) -> list[Row]:
    """One row per funded partnership from its current health row: three queries in all."""
    funded = funded_partnerships(user)
    rows = {p["pk"]: Row(p["pk"], p["name"], p["status"]) for p in funded.values("pk", "name", "status")}
    if not rows:
        return []
    ids = Subquery(funded.values("pk"))
    current = HealthCurrent.objects.filter(partnership_id__in=ids).values_list(
        "partnership_id", "month", "overall", "trend", "scores", "summary")
    for pid, month, overall, trend, scores, summary in current:
        row = rows[pid]
        row.month, row.overall, row.trend, row.scores = month, overall, trend, dict(scores or {})
        summary = summary or {}
        if summary.get("trust_withheld"):
            row.withheld = {"trust"}
            row.scores["trust"] = None
        row.live_now, row.target_live = summary.get("live_now"), summary.get("target_live")
        row.goal_progress = summary.get("goal_progress")
    counts = (Alert.objects.filter(partnership_id__in=ids, acknowledged_at__isnull=True).order_by()
              .values("partnership_id").annotate(n=Count("pk")))
    for c in counts:
        rows[c["partnership_id"]].warnings = c["n"]
    return list(rows.values())


def sort_and_filter(rows: list[Row], *, sort: str = "name", q: str = "", below: float | None = None,
                    with_warnings: bool = False) -> list[Row]:
    desc = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        key = "name"
    if q:
        rows = [r for r in rows if q.lower() in r.name.lower()]
    if below is not None:
        rows = [r for r in rows if r.overall is not None and r.overall < below]
    if with_warnings:
        rows = [r for r in rows if r.warnings]
    present = [r for r in rows if r.sort_value(key) is not None]
    absent = [r for r in rows if r.sort_value(key) is None]  # missing always last, whichever way
    present.sort(key=lambda r: r.sort_value(key), reverse=desc)
    return present + sorted(absent, key=lambda r: r.name.lower())


def export(rows: list[Row], fmt: str = "csv", filename: str = "accord-portfolio") -> HttpResponse:
    """The portfolio as shown (sorted and filtered), as CSV or XLSX: aggregates only, what the page shows."""
    header = [_("Partnership"), _("Month"), _("Index"), _("Change since previous month"),
              *[_(LABELS[k]) for k in COMPONENTS],
              _("Open warnings"), _("Areas live"), _("Areas in the ambition"), _("Mean goal progress")]
    withheld = _("withheld")
    body = ([r.name, r.month.isoformat() if r.month else "", r.overall, r.trend,
             *[withheld if k in r.withheld else r.scores.get(k) for k in COMPONENTS],
             r.warnings, r.live_now, r.target_live, r.goal_progress] for r in rows)
    return table_response(header, body, filename, fmt, title=_("Portfolio"))
