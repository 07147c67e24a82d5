"""accord.lib.ratelimit: counts that parallel requests cannot slip past, the client address as
only a trusted proxy may report it, and a plain error (not a crash) when the store is down."""

import socket
import threading
from typing import Any

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from accord.lib import ratelimit


def _parallel_allowed(n: int = 20, limit: int = 5) -> int:
    results: list[bool] = []
    barrier = threading.Barrier(n)

    def attempt() -> None:
        barrier.wait()
        results.append(ratelimit.allow("test", "same-key", limit=limit, window=60))

    threads = [threading.Thread(target=attempt) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(results)


def test_twenty_parallel_attempts_get_exactly_the_limit_in_memory():
    assert _parallel_allowed() == 5


def test_twenty_parallel_attempts_get_exactly_the_limit_on_the_file_cache(settings, tmp_path):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                   "LOCATION": str(tmp_path / "cache")}}
    settings.VAR_DIR = tmp_path
    assert type(caches["default"]).__name__ == "FileBasedCache"
    assert _parallel_allowed() == 5


def _redis_up() -> bool:
    with socket.socket() as s:
        s.settimeout(0.3)
        return s.connect_ex(("127.0.0.1", 6379)) == 0


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_twenty_parallel_attempts_get_exactly_the_limit_on_redis(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/15", "KEY_PREFIX": "accord-test-rl"}}
    caches["default"].delete(ratelimit._key("test", "same-key"))
    try:
        assert _parallel_allowed() == 5
    finally:
        caches["default"].delete(ratelimit._key("test", "same-key"))


def test_a_store_that_is_down_is_reported_as_unavailable(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}
    with pytest.raises(ratelimit.Unavailable):
        ratelimit.allow("test", "x", limit=5, window=60)


def _request(remote: str, forwarded: str = ""):
    extra: dict[str, Any] = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}  # RequestFactory: **extra
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_trusted_proxies_a_forwarded_header_is_ignored(settings):
    settings.ACCORD_TRUSTED_PROXIES = 0
    assert ratelimit.client_ip(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_with_one_trusted_proxy_the_address_it_saw_is_the_client(settings):
    settings.ACCORD_TRUSTED_PROXIES = 1
    # a client forging its own X-Forwarded-For cannot choose the address that counts
    assert ratelimit.client_ip(_request("10.0.0.2", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    assert ratelimit.client_ip(_request("10.0.0.2")) == "10.0.0.2"


def test_with_a_list_of_proxies_the_first_address_not_ours_is_the_client(settings):
    settings.ACCORD_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert ratelimit.client_ip(_request("10.0.0.2", "1.2.3.4, 198.51.100.7, 10.0.0.5")) == "198.51.100.7"
    assert ratelimit.client_ip(_request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"  # not from our proxy


def test_a_slot_makes_the_next_caller_wait():
    assert ratelimit.claim_slot("slow", "a", 30) == 0
    assert 1 <= ratelimit.claim_slot("slow", "a", 30) <= 30
    assert ratelimit.claim_slot("slow", "b", 30) == 0
