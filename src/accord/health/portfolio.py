"""The funders' portfolio: the partnerships a user funds, from stored snapshots only.

A fixed handful of queries whatever the number of partnerships: the partnerships, their recent
snapshots, and their open alert counts. Only aggregates leave here: component scores, the index,
its trend, a count of open warnings, delivery against targets. Never survey answers, named results,
library content or subscribers; a trust score from a confidential wave is withheld.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from accord.analytics.health import COMPONENTS
from accord.partners.models import Partnership, Role

from .models import Alert, HealthSnapshot

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
    history: list[tuple[dt.date, float | None]] = field(default_factory=list)
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


def funded_partnerships(user: Any):  # type: ignore[no-untyped-def]
    return Partnership.objects.filter(roles__user=user, roles__role=Role.FUNDER).order_by("name")


def rows_for(user: Any, *, months: int = 12) -> list[Row]:
    partnerships = list(funded_partnerships(user).values("pk", "name", "status"))
    ids = [p["pk"] for p in partnerships]
    rows = {p["pk"]: Row(p["pk"], p["name"], p["status"]) for p in partnerships}
    if not ids:
        return []
    latest = HealthSnapshot.objects.filter(partnership_id__in=ids).order_by("-month").values_list("month", flat=True).first()
    if latest is not None:
        since = (latest - dt.timedelta(days=31 * months)).replace(day=1)
        snaps = (HealthSnapshot.objects.filter(partnership_id__in=ids, month__gte=since).order_by("partnership_id", "month")
                 .values("partnership_id", "month", "overall", "scores", "components"))
        for s in snaps:
            row = rows[s["partnership_id"]]
            row.history.append((s["month"], s["overall"]))
            row.month, row.overall, row.scores = s["month"], s["overall"], dict(s["scores"] or {})
            row.withheld = set()
            for c in s["components"] or []:
                inputs = c.get("inputs") or {}
                if c.get("key") == "trust" and inputs.get("confidential"):
                    row.withheld.add("trust")
                    row.scores["trust"] = None
                if c.get("key") == "delivery":
                    row.live_now, row.target_live = inputs.get("live_now"), inputs.get("target_live")
                    row.goal_progress = inputs.get("mean_goal_progress")
        for row in rows.values():
            points = [v for _, v in row.history if v is not None]
            if len(points) >= 2:
                row.trend = round(points[-1] - points[-2], 1)
    counts = (Alert.objects.filter(partnership_id__in=ids, acknowledged_at__isnull=True)
              .values("partnership_id").annotate(n=Count("pk", filter=Q(acknowledged_at__isnull=True))))
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
