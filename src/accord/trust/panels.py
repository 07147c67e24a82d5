"""Trust's cards on the partnership home (registered from TrustConfig.ready())."""

from __future__ import annotations

from accord.core.registry import Panel

from .views import home_panel

PANELS = (
    Panel("trust", "Trust between partners", 40, "view", home_panel),
)
