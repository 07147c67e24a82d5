from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def accord(request: HttpRequest) -> dict[str, Any]:
    """The partnership in view (set by partners.views.partnership_context) and its navigation."""
    user = getattr(request, "user", None)
    is_funder = bool(user is not None and user.is_authenticated and user.roles.filter(role="funder").exists())
    return {"site_name": "Accord", "is_funder": is_funder}
