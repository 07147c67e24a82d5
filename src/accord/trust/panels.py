"""Trust's cards on the partnership home (registered from TrustConfig.ready())."""

from __future__ import annotations

from typing import cast

from django.utils.translation import gettext_lazy as _

from accord.core.registry import Panel

from .views import home_panel

PANELS = (
    Panel("trust", cast(str, _("Trust between partners")), 40, "view", home_panel),
)
