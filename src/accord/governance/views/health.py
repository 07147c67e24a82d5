"""Governance health: aggregates that funders may see too (need "view"); the partners also see
senior attendance by quarter, with a chart and the same numbers in a table."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from accord.core import policy
from accord.lib import charts
from accord.partners import selectors as partners

from .. import selectors
from .meetings import _page


def health_rows(access: Any) -> dict[str, Any]:
    partnership = access.partnership
    health = selectors.governance_health(partnership)
    orgs = {m.organisation_id: m.organisation for m in partnership.memberships.select_related("organisation")}
    for org_id, left in partners.former_members(partnership).items():
        orgs[org_id].left = left  # shown beside the name: "(left in June 2024)"
    rows = [{"organisation": orgs[org_id], **data} for org_id, data in health["by_org"].items()
            if data["meetings_expected"]]
    rows.sort(key=lambda r: r["organisation"].name)
    return {"health": health, "org_rows": rows, "orgs": orgs}


def _quarter(d: dt.date) -> dt.date:
    return dt.date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def attendance_by_quarter(partnership: Any, orgs: dict[int, Any]) -> dict[str, Any]:
    """Share of held meetings each organisation's senior leader attended, quarter by quarter."""
    counts: dict[tuple[dt.date, int], list[int]] = defaultdict(lambda: [0, 0])
    for row in selectors.senior_attendance_by_meeting(partnership):
        for org_id, status in row["by_org"].items():
            cell = counts[(_quarter(row["date"]), org_id)]
            cell[0] += status == "attended"
            cell[1] += 1
    quarters = sorted({q for q, _ in counts})
    org_ids = sorted({o for _, o in counts}, key=lambda o: orgs[o].name)
    table = [(q, [counts[(q, o)][0] / counts[(q, o)][1] if counts[(q, o)][1] else None for o in org_ids])
             for q in quarters]
    markers = [(p.start_date, f"New leader: {p.organisation.name}") for p in partners.leader_changes(partnership)
               if p.start_date > partnership.start_date and p.organisation_id in orgs]
    chart = charts.line_chart(
        [charts.Series(orgs[o].name, [(q, round(100 * x, 1) if (x := v[i]) is not None else None) for q, v in table])
         for i, o in enumerate(org_ids)],
        title="Share of meetings each senior leader attended, by quarter", y_min=0, y_max=100, y_label="%",
        markers=markers) if table else ""
    return {"quarters": table, "quarter_orgs": [orgs[o] for o in org_ids], "chart": chart}


def panel(request: HttpRequest, access: Any) -> str:
    data = health_rows(access)
    if not data["health"]["meetings_planned"]:
        return ""
    return render_to_string("governance/_health_panel.html", {"access": access, **data}, request=request)


@login_required
def health(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="view")
    data = health_rows(access)
    if access.can("view_members"):
        data.update(attendance_by_quarter(access.partnership, data["orgs"]))
    return _page(request, "governance/health.html", access, **data)
