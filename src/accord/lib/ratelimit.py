"""Accord's one home for rate limits: counters in a window, a "wait N seconds" slot, and the
client's address as a trusted proxy reports it.

Counting is atomic, so twenty requests at once cannot all slip under a limit of five: a counter
is made with `cache.add` (SET NX on Redis) and raised with `cache.incr` (INCR on Redis; under a
lock in the local-memory cache). The file and database caches raise a counter with a read and a
write, so for them this module holds a file lock beside the cache while it counts.

Any failure of the cache (Redis down) becomes `Unavailable`, so a caller can tell the user plainly
that the action cannot be done just now, rather than answer with an error page or skip the limit.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import ipaddress
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.http import HttpRequest

ATOMIC_BACKENDS = ("RedisCache", "LocMemCache", "PyMemcacheCache", "PyLibMCCache")
_thread_lock = threading.Lock()


class Unavailable(Exception):
    """The store that keeps the counts cannot be reached."""

    message = "This cannot be done just now because a service Accord needs is not answering. " \
              "Please try again in a few minutes."

    def __str__(self) -> str:
        return self.message


def _cache() -> BaseCache:
    return caches[getattr(settings, "RATELIMIT_CACHE", "default")]


def _key(scope: str, ident: str) -> str:
    """Identifiers (e-mail addresses) are hashed so the store holds no personal data."""
    return f"rl:{scope}:{hashlib.sha256(ident.strip().lower().encode()).hexdigest()[:32]}"


@contextlib.contextmanager
def _atomic() -> Iterator[None]:
    cache = _cache()
    if type(cache).__name__ in ATOMIC_BACKENDS:
        yield
        return
    lock_path = Path(getattr(settings, "VAR_DIR", "/tmp")) / "ratelimit.lock"
    with _thread_lock, open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def _guard() -> Iterator[None]:
    try:
        yield
    except Unavailable:
        raise
    except Exception as exc:  # any client error of the store: connection refused, timeout, …
        raise Unavailable() from exc


def hit(scope: str, ident: str, *, window: int, amount: int = 1) -> int:
    """Count one more event for `ident` in `scope` and return the count in the current window
    (the window starts at the first event). Callers compare the result with their limit."""
    key = _key(scope, ident)
    with _guard(), _atomic():
        cache = _cache()
        if cache.add(key, amount, window):
            return amount
        try:
            return int(cache.incr(key, amount))
        except ValueError:  # the window ended between add and incr
            cache.set(key, amount, window)
            return amount


def count(scope: str, ident: str) -> int:
    with _guard():
        return int(_cache().get(_key(scope, ident)) or 0)


def undo(scope: str, ident: str, amount: int = 1) -> None:
    """Take back a counted event (a sign-in that turned out right)."""
    key = _key(scope, ident)
    with _guard(), _atomic():
        with contextlib.suppress(ValueError):
            _cache().decr(key, amount)


def reset(scope: str, ident: str) -> None:
    with _guard():
        _cache().delete(_key(scope, ident))


def allow(scope: str, ident: str, *, limit: int, window: int) -> bool:
    """Count one event and say whether it is within `limit` per `window` seconds."""
    return hit(scope, ident, window=window) <= limit


def claim_slot(scope: str, ident: str, seconds: int) -> int:
    """Take the one slot for `ident` for `seconds`: 0 when taken (go ahead), else the whole seconds
    until the current holder's slot ends (the caller answers "wait N seconds")."""
    if seconds <= 0:
        return 0
    key = _key(scope, ident)
    now = time.time()
    with _guard():
        cache = _cache()
        if cache.add(key, now + seconds, seconds):
            return 0
        until = cache.get(key)
    return max(1, int((until or now + 1) - now + 0.999))


def client_ip(request: HttpRequest) -> str:
    """The address of the person's own computer.

    X-Forwarded-For is believed only as far as ACCORD_TRUSTED_PROXIES allows: a number N (N
    proxies of ours stand in front of Accord, so the client is the Nth address from the right) or
    a list of proxy addresses and networks (walk leftwards past them). With neither, the peer
    address is the client, and a forged header changes nothing.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = getattr(settings, "ACCORD_TRUSTED_PROXIES", 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if isinstance(trusted, int):
        if trusted <= 0 or not forwarded:
            return remote
        chain = [*forwarded, remote]
        return _valid(chain[max(0, len(chain) - 1 - trusted)], remote)
    networks = [ipaddress.ip_network(n, strict=False) for n in trusted]

    def is_proxy(address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in networks)

    current = remote
    while is_proxy(current) and forwarded:
        current = forwarded.pop()
    return _valid(current, remote)


def _valid(address: str, fallback: str) -> str:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return fallback
