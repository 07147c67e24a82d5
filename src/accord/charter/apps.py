from __future__ import annotations

from typing import Any

from django.apps import AppConfig


def _charter_panel(request: Any, access: Any) -> str:
    from django.template.loader import render_to_string

    from . import selectors

    status = selectors.charter_status(access.partnership)
    return render_to_string("charter/panel_charter.html", {"status": status}, request=request)


def _walks_panel(request: Any, access: Any) -> str:
    from django.template.loader import render_to_string
    from django.urls import reverse

    from accord.partners import selectors as partner_selectors

    from . import selectors

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


class CharterConfig(AppConfig):
    name = "accord.charter"
    label = "charter"
    verbose_name = "Charter"

    def ready(self) -> None:
        from .personal_data import declare

        declare()
        from accord.core.registry import (
            HealthSource,
            NavLink,
            Panel,
            register_health_source,
            register_nav,
            register_panel,
        )

        from . import selectors

        register_nav(NavLink("charter", "Charter", "charter:home", 10, "view"))
        register_panel(Panel("charter", "Our charter", 10, "view", _charter_panel))
        register_panel(Panel("walks", "Walks the talk", 12, "view_members", _walks_panel))
        register_health_source(HealthSource(
            "charter",
            charter_status=selectors.charter_status,
            commitments_summary=selectors.commitments_summary,
            goals_progress=selectors.goals_progress,
            open_commitments_for=selectors.open_commitments_for,
        ))
