from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def accord(request: HttpRequest) -> dict[str, Any]:
    """The partnership in view (set by partners.views.partnership_context) and its navigation."""
    return {"site_name": "Accord"}
