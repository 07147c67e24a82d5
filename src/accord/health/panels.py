"""Health's card on the partnership home (registered from HealthConfig.ready())."""

from __future__ import annotations

from accord.core.registry import Panel

from .views import home_panel

PANELS = (
    Panel("health", "Partnership health", order=5, need="view", render=home_panel),
)
