"""Background work for health: a daily pass (derive events, run the warning rules, send digests)
and a monthly snapshot of every active partnership's index."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from accord.partners.models import Partnership

from . import services


def _active() -> QuerySet[Partnership]:
    return Partnership.objects.exclude(status=Partnership.Status.CLOSED)


@db_periodic_task(crontab(hour="6", minute="15"))
def daily_pass() -> int:
    """Derive events, evaluate rules everywhere, then at most one digest per manager today."""
    for partnership in _active():
        services.derive_events(partnership)
        services.evaluate(partnership)
    return services.send_digests()


BATCH = 100  # partnerships whose snapshots are read and written together


@db_periodic_task(crontab(day="1", hour="5", minute="0"))
def monthly_snapshots(today: dt.date | None = None) -> int:
    """On the 1st, the month just ended, as of its last day (the current month is taken on demand).
    In batches: the queries per partnership do not grow with its size (see services.snapshots_take)."""
    as_of = (today or timezone.localdate()).replace(day=1) - dt.timedelta(days=1)
    ids = list(_active().order_by("pk").values_list("pk", flat=True))
    count = 0
    for first in range(0, len(ids), BATCH):
        batch = list(Partnership.objects.filter(pk__in=ids[first:first + BATCH]).order_by("pk"))
        for partnership in batch:
            services.derive_events(partnership)
        count += services.snapshots_take(batch, as_of=as_of)
    return count


@db_task()
def snapshot_now(partnership_id: int) -> None:
    """On demand (the manager's button or the API)."""
    partnership = Partnership.objects.get(pk=partnership_id)
    services.derive_events(partnership)
    services.snapshot_take(partnership=partnership)
