"""The admin signs in through Accord's one sign-in (same throttle, same second step), and opens
only for active staff who passed the second step when ACCORD_REQUIRE_2FA_FOR names "admin"."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import twofactor


class AccordAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        return not twofactor.is_required(user) or bool(getattr(user, "is_verified", lambda: False)())

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect(f"{reverse('accounts:sign-in')}?{urlencode({'next': next_url})}")
