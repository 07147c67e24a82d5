"""The demo's home page beside a trivial view, in the same server (issue 21).

gunicorn as in production (bench.support.Server: DEBUG off, persistent database connections, static files
collected), on the benchmarks' throwaway database (PostgreSQL when DATABASE_URL names a server, else
SQLite) with the demo loaded. A small load generator (threads, one http.client connection per request, as
gunicorn's sync workers close each) counts the requests per second of `/healthz` and of the demo home page
as the signed-in manager (one session per client thread, like several people), at concurrency 1 and 8, in
alternating rounds (the best round of each counts: the machine is shared). Target: the home page at least
1/3 of `/healthz`'s throughput at both concurrencies. A page that answers anything but 200 fails the run.
"""

from __future__ import annotations

import os
import threading
import time

from .support import Server, django_setup, expect_same, get, on_postgres

SECONDS = float(os.environ.get("BENCH_THROUGHPUT_SECONDS", "6"))
ROUNDS = int(os.environ.get("BENCH_THROUGHPUT_ROUNDS", "2"))
WORKERS = int(os.environ.get("BENCH_THROUGHPUT_WORKERS", "2"))
CONCURRENCY = (1, 8)
TARGET = 1 / 3
# The session cookie's name with DEBUG off (settings: the __Host- prefix whenever cookies are Secure).
SESSION_COOKIE = "__Host-accord-session"


def sessions(email: str, count: int) -> list[str]:
    """`count` signed-in sessions of one user, made as a sign-in makes them (the bench's process shares
    the server's database and SECRET_KEY), so the load measures the page and not the password hashing."""
    from django.conf import settings
    from django.test import Client

    from accord.accounts.models import User

    user = User.objects.get(email=email)
    keys = []
    for _ in range(count):
        client = Client()
        client.force_login(user)
        keys.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return keys


def hammer(port: int, path: str, cookies: list[str | None], seconds: float) -> tuple[float, dict[int, int]]:
    """Requests per second of `path` from len(cookies) threads for `seconds`, and the statuses seen."""
    stop = time.monotonic() + seconds
    counts: list[int] = [0] * len(cookies)
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def client(i: int) -> None:
        headers = {"Cookie": f"{SESSION_COOKIE}={cookies[i]}"} if cookies[i] else {}
        while time.monotonic() < stop:
            status, _, _ = get(port, path, headers)
            counts[i] += 1
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(cookies))]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.monotonic() - started), statuses


def run() -> None:
    os.environ.setdefault("EMAIL_URL", "file://")  # the demo's e-mails go to a folder, not the screen
    django_setup()
    from django.core.management import call_command

    from accord.demo import partnership as demo
    from accord.partners.models import Partnership

    call_command("demo", verbosity=0)
    home = f"/p/{Partnership.objects.get(name=demo.NAME).pk}/"
    keys = sessions("manager@compass.example", max(CONCURRENCY))
    print(f"throughput.database: {'postgresql' if on_postgres() else 'sqlite'}")
    print(f"throughput.gunicorn_workers: {WORKERS} workers")
    bad = 0
    with Server(workers=WORKERS) as server:
        status, _, body = get(server.port, home, {"Cookie": f"{SESSION_COOKIE}={keys[0]}"})
        if status != 200 or b"How the partnership is doing" not in body:
            raise RuntimeError(f"the home page answered {status}, not the manager's page: {body[:300]!r}")
        for concurrency in CONCURRENCY:
            best = {"healthz": 0.0, "home": 0.0}
            for _ in range(ROUNDS):
                for name, path, cookies in (("healthz", "/healthz", [None] * concurrency),
                                            ("home", home, keys[:concurrency])):
                    hammer(server.port, path, cookies, min(1.0, SECONDS))  # warm up
                    rate, statuses = hammer(server.port, path, cookies, SECONDS)
                    bad += sum(n for s, n in statuses.items() if s != 200)
                    best[name] = max(best[name], rate)
            ratio = best["home"] / best["healthz"]
            print(f"throughput.healthz_c{concurrency}: {best['healthz']:.0f} requests/s")
            print(f"throughput.home_c{concurrency}: {best['home']:.0f} requests/s")
            print(f"throughput.ratio_c{concurrency}: {ratio:.2f} (target >= {TARGET:.2f}: "
                  f"{'met' if ratio >= TARGET else 'NOT met'})")
        print(f"throughput.load_average: {os.getloadavg()[0]:.1f} processes")
        if bad:
            print(server.tail())
    expect_same("throughput.answers_not_200", bad, "answers")
