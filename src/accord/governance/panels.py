"""Governance's cards on the partnership home (registered from GovernanceConfig.ready())."""

from __future__ import annotations

from accord.core.registry import Panel

from .views.health import panel as governance_health_panel

PANELS = (
    Panel("governance", "Governance health", 30, "view", governance_health_panel),
)
