"""Governance's cards on the partnership home (registered from GovernanceConfig.ready())."""

from __future__ import annotations

from typing import cast

from django.utils.translation import gettext_lazy as _

from accord.core.registry import Panel

from .views.health import panel as governance_health_panel

PANELS = (
    Panel("governance", cast(str, _("Governance health")), 30, "view", governance_health_panel),
)
