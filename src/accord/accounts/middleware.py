"""A session lasts at most SESSION_MAX_HOURS from sign-in, however active (ASVS 7.3.2); the
inactivity limit is SESSION_HOURS (Django's sliding cookie age), slid forward by saving the session again
once SESSION_REFRESH_SECONDS have passed since it was last saved (not on every request: see settings).

The signed-in person's account is kept in the cache across requests under the data version stamp
(Authentication, below), so a page costs no query for it (issue 21, home-page throughput)."""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.db import connection
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from accord.core import freshness

STARTED_KEY = "accord_signed_in_at"
REFRESHED_KEY = "accord_refreshed_at"


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
            now = time.time()
            if now - request.session.get(REFRESHED_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                request.session[REFRESHED_KEY] = now  # modified: saved with a new expiry, the cookie sent again
        return self.get_response(request)



USER_CACHE_SECONDS = 300


def user_cache_key(pk: Any) -> str:
    """Where the account of user `pk` is kept: under the data version stamp (core/freshness.py), which any
    committed write anywhere changes, so a password change, "sign out everywhere", deactivation or deletion
    is read afresh from the database on the very next request."""
    return f"accord:user:{pk}:{freshness.data_version()}"


def get_user(request: HttpRequest) -> Any:
    """Django's `auth.get_user(request)`, with the account read from the cache when it is there.

    A cached account is only ever one that Django itself loaded and let in (active, the session's hash
    matching), stored outside any transaction (a read inside one may see a write later rolled back). It is
    kept without its password hash (the field is left deferred: read from the database only if a request
    uses it, as the password change does), beside its session hash, which every request's session must
    still match, as Django checks. Any doubt (no copy, a hash that does not match, a backend no longer
    configured) goes to Django's own path, which also flushes a session that no longer verifies."""
    session = request.session  # set by SessionMiddleware, before this one
    try:
        pk = session[auth.SESSION_KEY]
        backend = session[auth.BACKEND_SESSION_KEY]
        session_hash = session[auth.HASH_SESSION_KEY]
    except KeyError:
        return auth.get_user(request)
    if connection.in_atomic_block or backend not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    key = user_cache_key(pk)
    kept = cache.get(key)
    if isinstance(kept, tuple) and len(kept) == 2:
        user, expected = kept
        if str(user.pk) == str(pk) and session_hash and constant_time_compare(session_hash, expected):
            return user
    user = auth.get_user(request)
    if user.is_authenticated and str(user.pk) == str(pk):
        copy = pickle.loads(pickle.dumps(user))
        del copy.__dict__["password"]  # deferred: the cache never holds a password hash
        cache.set(key, (copy, user.get_session_auth_hash()), USER_CACHE_SECONDS)
    return user


class Authentication(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware reading the account through `get_user` above."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)  # its checks (SessionMiddleware first) and request.auser
        request.user = SimpleLazyObject(lambda: get_user(request))  # type: ignore[assignment]  # lazy, as Django's
