"""A session lasts at most SESSION_MAX_HOURS from sign-in, however active (ASVS 7.3.2); the
inactivity limit is SESSION_HOURS (Django's sliding cookie age)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

STARTED_KEY = "accord_signed_in_at"


@receiver(user_logged_in)
def _remember_sign_in_time(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[STARTED_KEY] = time.time()


class SessionLifetime:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(STARTED_KEY)
            if started is None:
                request.session[STARTED_KEY] = time.time()
            elif time.time() - started > settings.SESSION_MAX_HOURS * 3600:
                logout(request)
                messages.info(request, _("For your safety, sessions end after %(hours)s hours. Please sign in "
                                         "again.") % {"hours": settings.SESSION_MAX_HOURS})
        return self.get_response(request)

