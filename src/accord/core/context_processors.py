from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def accord(request: HttpRequest) -> dict[str, Any]:
    """The partnership in view (set by partners.views.partnership_context) and its navigation."""
    from . import policy

    # through the policy's per-request cache of roles: the view has usually loaded it already
    is_funder = policy.has_role_anywhere(getattr(request, "user", None), policy.FUNDER)
    return {"site_name": "Accord", "is_funder": is_funder}
