"""The library's card on the partnership home."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from accord.core.registry import Panel

from . import rules, selectors


def home_panel(request: HttpRequest, access: Any) -> str:
    readable = rules.readable(access).filter(withdrawn_at__isnull=True)
    if access.is_funder and not readable.exists():
        return ""
    return render_to_string("library/_panel.html", {
        "access": access, "latest": list(readable[:5]), "count": readable.count(),
        "to_decide": selectors.requests_to_decide(access).filter(status="pending").count() if access.can("act") else 0,
    }, request=request)


PANELS = (
    # the title is lazy (a str to the registry's type): translated where the home page shows it
    Panel("library", cast(str, _("Knowledge library")), order=50, need="view", render=home_panel),
)
