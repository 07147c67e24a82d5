"""Governance health: aggregates that funders may see too (need "view")."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from accord.core import policy

from .. import selectors
from .meetings import _page


def health_rows(access: Any) -> dict[str, Any]:
    partnership = access.partnership
    health = selectors.governance_health(partnership)
    orgs = {m.organisation_id: m.organisation for m in partnership.memberships.select_related("organisation")}
    rows = [{"organisation": orgs[org_id], **data} for org_id, data in health["by_org"].items()
            if data["meetings_expected"]]
    rows.sort(key=lambda r: r["organisation"].name)
    return {"health": health, "org_rows": rows}


def panel(request: HttpRequest, access: Any) -> str:
    data = health_rows(access)
    if not data["health"]["meetings_planned"]:
        return ""
    return render_to_string("governance/_health_panel.html", {"access": access, **data}, request=request)


@login_required
def health(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="view")
    return _page(request, "governance/health.html", access, **health_rows(access))
