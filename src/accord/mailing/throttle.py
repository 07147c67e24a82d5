"""Counting sign-up attempts (per IP address and per e-mail address, per hour), through Accord's one
rate limiter, accord.lib.ratelimit (atomic counts; addresses hashed before they are stored)."""

from __future__ import annotations

from accord.lib import queue, ratelimit

WINDOW_SECONDS = 3600


def allow(kind: str, value: str, limit: int) -> bool:
    """Count one attempt for (kind, value); False once more than `limit` fall in the window. The cache
    down: queue.Unavailable with the cache's message ("not done"), never a 500."""
    try:
        return ratelimit.allow(f"mailing:{kind}", value, limit=limit, window=WINDOW_SECONDS)
    except ratelimit.Unavailable as exc:
        raise queue.Unavailable(queue.CACHE_MESSAGE) from exc
