"""The one sign-in path, for the app and the admin: password, then (when the person has or needs
one) a second step. Between the two the person is NOT signed in: the session holds only who is
half-way, for PENDING_SECONDS, so no page opens until the second step is passed."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from .models import User

PENDING_KEY = "accord_signin_pending"
PENDING_SECONDS = 300
MAX_SECOND_STEP_TRIES = 5
BACKEND = "django.contrib.auth.backends.ModelBackend"


def safe_next(request: HttpRequest, next_url: str) -> str:
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                                    require_https=request.is_secure()):
        return next_url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def start_pending(request: HttpRequest, user: User, next_url: str) -> None:
    request.session.cycle_key()
    request.session[PENDING_KEY] = {"user": user.pk, "at": time.time(), "next": next_url, "tries": 0}


def pending_user(request: HttpRequest) -> User | None:
    data = request.session.get(PENDING_KEY)
    if not data or time.time() - data.get("at", 0) > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=data["user"], is_active=True).first()


def pending_next(request: HttpRequest) -> str:
    return (request.session.get(PENDING_KEY) or {}).get("next", "")


def count_wrong_try(request: HttpRequest) -> bool:
    """Count a wrong second-step code; True when the half-way sign-in is used up (start again, with
    the password, which is throttled)."""
    data = request.session.get(PENDING_KEY) or {}
    data["tries"] = data.get("tries", 0) + 1
    request.session[PENDING_KEY] = data
    if data["tries"] >= MAX_SECOND_STEP_TRIES:
        request.session.pop(PENDING_KEY, None)
        return True
    return False


def complete(request: HttpRequest, user: User, device: Any = None, next_url: str | None = None) -> str:
    """Sign the person in (marking the second step passed with `device`); return where to go."""
    next_url = pending_next(request) if next_url is None else next_url
    login(request, user, backend=BACKEND)
    if device is not None:
        otp_login(request, device)
    request.session.pop(PENDING_KEY, None)
    return safe_next(request, next_url)


def start_over(request: HttpRequest) -> HttpResponse:
    request.session.pop(PENDING_KEY, None)
    messages.error(request, _("Your sign-in was not finished in time. Please sign in again."))
    return redirect("accounts:sign-in")
