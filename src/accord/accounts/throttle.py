"""Sign-in throttling: after SIGNIN_MAX_FAILURES failures for one address, or five times that for one
IP address, within SIGNIN_WINDOW_SECONDS, sign-in is refused until the window passes.

Written here rather than taken from a library (django-axes) because it is twenty lines over
Django's cache, needs no extra tables or middleware, and works the same on Redis and on disk.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _keys(email: str, ip: str) -> list[tuple[str, int]]:
    h = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    limit = settings.SIGNIN_MAX_FAILURES
    return [(f"signin:fail:email:{h}", limit), (f"signin:fail:ip:{ip}", limit * 5)]


def is_locked(email: str, ip: str) -> bool:
    return any((cache.get(key) or 0) >= limit for key, limit in _keys(email, ip))


def record_failure(email: str, ip: str) -> None:
    for key, _ in _keys(email, ip):
        if not cache.add(key, 1, settings.SIGNIN_WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, settings.SIGNIN_WINDOW_SECONDS)


def clear(email: str, ip: str) -> None:
    cache.delete(_keys(email, ip)[0][0])
