"""Counting sign-up attempts in Django's cache (per IP address and per e-mail address, per hour).

Twenty lines over the cache, like accounts.throttle, so it works the same on Redis and on disk."""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from accord.lib import queue

WINDOW_SECONDS = 3600


def allow(kind: str, value: str, limit: int) -> bool:
    """Count one attempt for (kind, value); False once more than `limit` fall in the window."""
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    key = f"mailing:{kind}:{digest}"
    return queue.cached(lambda: _count(key) <= limit)  # the cache down: "not done", never a 500


def _count(key: str) -> int:
    if cache.add(key, 1, WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW_SECONDS)
        return 1
