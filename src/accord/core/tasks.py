"""The worker's heartbeat: every minute (and as each worker starts) it writes the time into the queue's
own store, which the web servers share with it, so /healthz can tell a worker that stopped from one
that is merely idle. Stored there rather than in the database: no table, no migration, and it is
reachable exactly when the queue is."""

from __future__ import annotations

import time

from huey import crontab
from huey.contrib.djhuey import HUEY, on_startup, periodic_task

HEARTBEAT_KEY = "accord:worker-heartbeat"


def beat() -> None:
    HUEY.put(HEARTBEAT_KEY, time.time())


@periodic_task(crontab(minute="*"))
def worker_heartbeat() -> None:
    beat()


@on_startup()
def heartbeat_at_start() -> None:
    beat()


def last_seen() -> float | None:
    """When a worker last beat (seconds since the epoch), or None if never seen."""
    value = HUEY.get(HEARTBEAT_KEY, peek=True)
    return float(value) if value is not None else None
