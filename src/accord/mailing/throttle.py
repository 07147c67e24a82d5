"""Counting sign-up attempts in Django's cache (per IP address and per e-mail address, per hour).

Twenty lines over the cache, like accounts.throttle, so it works the same on Redis and on disk."""

from __future__ import annotations

import hashlib

from django.core.cache import cache

WINDOW_SECONDS = 3600


def allow(kind: str, value: str, limit: int) -> bool:
    """Count one attempt for (kind, value); False once more than `limit` fall in the window."""
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    key = f"mailing:{kind}:{digest}"
    if cache.add(key, 1, WINDOW_SECONDS):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= limit
