"""Health's card on the partnership home (registered from HealthConfig.ready())."""

from __future__ import annotations

from typing import cast

from django.utils.translation import gettext_lazy as _

from accord.core.registry import Panel

from .views import home_panel

PANELS = (
    Panel("health", cast(str, _("Partnership health")), order=5, need="view", render=home_panel),
)
