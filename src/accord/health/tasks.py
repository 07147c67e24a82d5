"""Background work for health: a daily pass (derive events, run the warning rules, send digests)
and a monthly snapshot of every active partnership's index."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from accord.partners.models import Partnership

from . import services


def _active() -> QuerySet[Partnership]:
    return Partnership.objects.exclude(status=Partnership.Status.CLOSED)


def _spared_batches(ids: list[int]) -> Iterator[list[Partnership]]:
    """The batches of these ids (`_batches`), with the garbage collector spared, while the pass runs, the
    objects alive before each batch (the loaded application: Django, the modules, the URL configuration and
    the API it mounts once the first link is made): they are frozen (`gc.freeze`), left out of its full
    passes. A pass over every partnership makes and drops millions of objects, so the collector runs
    often; traversing the whole application each time was a fifth of the monthly task's CPU time.
    Nothing is kept: frozen objects are still freed when no longer used, what the pass makes is collected
    as usual, and the frozen objects go back to the collector when the pass ends (unless something froze
    objects before, e.g. a server that forks workers: then they stay frozen, as it meant them to)."""
    already = gc.get_freeze_count()
    try:
        for batch in _batches(ids):
            gc.freeze()
            yield batch
    finally:
        if not already:
            gc.unfreeze()


@db_periodic_task(crontab(hour="6", minute="15"))
def daily_pass() -> int:
    """Derive events, evaluate rules everywhere, then at most one digest per manager today."""
    for batch in _spared_batches(list(_active().order_by("pk").values_list("pk", flat=True))):
        services.derive_events_many(batch)
        services.evaluate_many(batch)
    return services.send_digests()


BATCH = 100  # partnerships whose events and snapshots are read and written together


def _batches(ids: list[int]) -> Iterator[list[Partnership]]:
    """The partnerships of these ids, BATCH at a time, in order."""
    for first in range(0, len(ids), BATCH):
        yield list(Partnership.objects.filter(pk__in=ids[first:first + BATCH]).order_by("pk"))


@db_periodic_task(crontab(day="1", hour="5", minute="0"))
def monthly_snapshots(today: dt.date | None = None) -> int:
    """On the 1st, the month just ended, as of its last day (the current month is taken on demand).
    In batches: each batch reads every domain a fixed number of times, so the queries grow with neither
    the partnerships' size nor their number (see services.derive_events_many and snapshots_take)."""
    as_of = (today or timezone.localdate()).replace(day=1) - dt.timedelta(days=1)
    count = 0
    for batch in _spared_batches(list(_active().order_by("pk").values_list("pk", flat=True))):
        services.derive_events_many(batch)
        count += services.snapshots_take(batch, as_of=as_of)
    return count


@db_task()
def snapshot_now(partnership_id: int) -> None:
    """On demand (the manager's button or the API)."""
    partnership = Partnership.objects.get(pk=partnership_id)
    services.derive_events(partnership)
    services.snapshot_take(partnership=partnership)
