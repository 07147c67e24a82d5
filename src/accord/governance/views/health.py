"""Governance health: aggregates that funders may see too (need "view"); the partners also see
senior attendance by quarter, with a chart and the same numbers in a table."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accord.core import listing, policy
from accord.lib import charts, exports
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
    markers = [(p.start_date, _("New leader: %(organisation)s") % {"organisation": p.organisation.name}) for p in partners.leader_changes(partnership)
               if p.start_date > partnership.start_date and p.organisation_id in orgs]
    if listing.too_wide(len(org_ids)):
        # a line per partner cannot be told apart at this size: one line for the whole partnership, and
        # each partner's quarters in the rows of its page (quarter_rows)
        whole = [(q, round(100 * sum(counts[(q, o)][0] for o in org_ids) / total, 1) if (total := sum(
            counts[(q, o)][1] for o in org_ids)) else None) for q in quarters]
        chart = charts.line_chart([charts.Series(_("All partners"), whole)],
                                  title=_("Share of meetings senior leaders attended, by quarter"), y_min=0, y_max=100,
                                  y_label="%", markers=markers) if table else ""
        by_org = {o: [counts[(q, o)][0] / counts[(q, o)][1] if counts[(q, o)][1] else None for q in quarters]
                  for o in org_ids}
        return {"quarter_list": quarters, "quarter_by_org": by_org, "chart": chart}
    chart = charts.line_chart(
        [charts.Series(orgs[o].name, [(q, round(100 * x, 1) if (x := v[i]) is not None else None) for q, v in table])
         for i, o in enumerate(org_ids)],
        title=_("Share of meetings each senior leader attended, by quarter"), y_min=0, y_max=100, y_label="%",
        markers=markers) if table else ""
    return {"quarters": table, "quarter_orgs": [orgs[o] for o in org_ids], "chart": chart}


def _fewest(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ten partners whose senior leaders came least (those never expected left out)."""
    return sorted((r for r in rows if r["senior_attendance_share"] is not None),
                  key=lambda r: (r["senior_attendance_share"], r["organisation"].name))[:10]


def panel(request: HttpRequest, access: Any) -> str:
    data = health_rows(access)
    if not data["health"]["meetings_planned"]:
        return ""
    if listing.too_wide(len(data["org_rows"])):  # the home page shows the ten who came least
        data.update(org_rows=_fewest(data["org_rows"]), org_rows_of=len(data["org_rows"]))
    return render_to_string("governance/_health_panel.html", {"access": access, **data}, request=request)


@login_required
def health(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="view")
    data = health_rows(access)
    if access.can("view_members"):
        data.update(attendance_by_quarter(access.partnership, data["orgs"]))
    if listing.too_wide(len(data["org_rows"])):
        q = request.GET.get("org", "").strip()
        pager = listing.paginate(request, [r for r in data["org_rows"] if listing.matches(r["organisation"].name, q)],
                                 label=_("partners"))
        by_org = data.get("quarter_by_org", {})
        for r in pager.rows:
            r["quarters"] = by_org.get(r["organisation"].pk, [])
        data.update(large=True, fewest=_fewest(data["org_rows"]), org_query=q, org_pager=pager, org_rows=pager.rows,
                    org_count=len(data["org_rows"]))
    return _page(request, "governance/health.html", access, **data)


@login_required
def health_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Senior leaders' attendance, every partner: the health page's table (and, for the partners, its
    quarters) as CSV or XLSX."""
    access = policy.get_partnership(request.user, pk, need="view")
    data = health_rows(access)
    quarters: list[dt.date] = []
    by_org: dict[int, list[Any]] = {}
    if access.can("view_members"):
        extra = attendance_by_quarter(access.partnership, data["orgs"])
        quarters = extra.get("quarter_list") or [q for q, _ in extra.get("quarters", [])]
        by_org = extra.get("quarter_by_org") or {o.pk: [v[i] for _, v in extra["quarters"]]
                                                 for i, o in enumerate(extra.get("quarter_orgs", []))}
    header = [_("Organisation"), _("Senior leader attended (share)"), _("Senior leader attended (meetings)"),
              _("Sent a delegate"), _("Meetings expected"),
              *[_("Attended %(quarter)s") % {"quarter": date_format(q, "M Y")} for q in quarters]]
    rows = [[r["organisation"].name, r["senior_attendance_share"], r["senior_attended"], r["delegate"],
             r["meetings_expected"], *by_org.get(r["organisation"].pk, [None] * len(quarters))]
            for r in data["org_rows"]]
    return exports.table_response(header, rows, "governance-health", fmt, title=_("Senior leaders' attendance"))
