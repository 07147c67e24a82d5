from __future__ import annotations

from typing import Any

from django.apps import AppConfig


def _ambition_panel(request: Any, access: Any) -> str:
    from django.template.loader import render_to_string

    from . import selectors

    data = selectors.rollout(access.partnership)
    if data["target_live"] is None and not data["series"]:
        return ""
    return render_to_string("delivery/panel_ambition.html", {"r": data}, request=request)


def _funding_panel(request: Any, access: Any) -> str:
    from django.template.loader import render_to_string
    from django.urls import reverse

    from . import selectors

    summary = selectors.funding_summary(access.partnership)
    if not summary["streams"]:
        return ""
    return render_to_string("delivery/panel_funding.html", {
        "s": summary, "url": reverse("delivery:funding", args=[access.partnership.pk])}, request=request)


class DeliveryConfig(AppConfig):
    name = "accord.delivery"
    label = "delivery"
    verbose_name = "Delivery"

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

        register_nav(NavLink("delivery", "Delivery", "delivery:home", 20, "view"))
        register_panel(Panel("ambition", "Our ambition", 20, "view", _ambition_panel))
        register_panel(Panel("funding", "Funding", 22, "view", _funding_panel))
        register_health_source(HealthSource(
            "delivery",
            rollout=selectors.rollout,
            funding_streams=selectors.funding_streams,
        ))
