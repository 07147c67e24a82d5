"""Delivery's cards on the partnership home (registered from DeliveryConfig.ready())."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accord.core.registry import Panel

from . import selectors


def ambition_panel(request: HttpRequest, access: Any) -> str:
    data = selectors.rollout(access.partnership)
    if data["target_live"] is None and not data["series"]:
        return ""
    return render_to_string("delivery/panel_ambition.html", {"r": data}, request=request)


def funding_panel(request: HttpRequest, access: Any) -> str:
    summary = selectors.funding_summary(access.partnership)
    if not summary["streams"]:
        return ""
    return render_to_string("delivery/panel_funding.html", {
        "s": summary, "url": reverse("delivery:funding", args=[access.partnership.pk])}, request=request)


PANELS = (
    # titles are lazy (a str to the registry's type): translated where the home page shows them
    Panel("ambition", cast(str, _("Our ambition")), 20, "view", ambition_panel),
    Panel("funding", cast(str, _("Funding")), 22, "view", funding_panel),
)
