"""The charter's cards on the partnership home (registered from CharterConfig.ready())."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accord.core.registry import Panel
from accord.partners import selectors as partner_selectors

from . import selectors


def charter_panel(request: HttpRequest, access: Any) -> str:
    status = selectors.charter_status(access.partnership)
    return render_to_string("charter/panel_charter.html", {"status": status}, request=request)


def walks_panel(request: HttpRequest, access: Any) -> str:
    partnership = access.partnership
    summary = selectors.commitments_summary(partnership)
    names = {m.organisation_id: m.organisation.name for m in partner_selectors.memberships(partnership)}
    left = partner_selectors.former_members(partnership)  # shown marked, while they have promises due
    rows = [{"name": names[oid], "left": left.get(oid), "share": r["share"], "kept": r["kept_on_time"],
             "due": r["due"]} for oid, r in summary["by_org"].items() if oid in names]
    if not summary["due"] and not partnership.commitments.exists():
        return ""
    rows.sort(key=lambda r: r["name"])
    return render_to_string("charter/panel_walks.html", {
        "summary": summary, "rows": rows, "url": reverse("charter:commitments", args=[partnership.pk])},
        request=request)


PANELS = (
    Panel("charter", cast(str, _("Our charter")), 10, "view", charter_panel),
    Panel("walks", cast(str, _("Walks the talk")), 12, "view_members", walks_panel),
)
