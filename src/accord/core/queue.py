"""The huey classes Accord runs on: huey's own, except that a periodic task is enqueued once per minute
it is due, however many workers share the queue.

Every huey consumer runs a scheduler that, each minute (and as it starts), enqueues the periodic tasks
due that minute. With two workers sharing one Redis (or one SQLite queue file), each would enqueue
the 09:00 reminders, so they would run twice. Here the scheduler first claims the pair (task, minute)
in the queue's own store with `put_if_empty`, the atomic primitive huey's `lock_task` is built on
(Redis HSETNX, SQLite INSERT … OR ABORT); only the scheduler that got the claim enqueues the task.
The minute is the one the crontab matched, so two machines whose clocks differ by a few seconds still
claim the same pair. Claims are kept an hour (so a scheduler that is late, or a clock that is behind,
still finds them) and then removed by whichever scheduler runs that minute.

Imported by huey.contrib.djhuey while Django starts (settings.HUEY["huey_class"]): no models here.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from typing import Any

import huey

CLAIM_KEPT = dt.timedelta(hours=1)


def claim_key(huey_name: str, task: Any, minute: dt.datetime) -> str:
    """The store's key for (task, minute); the task by module and name, as huey's registry names it."""
    return f"{huey_name}.periodic.{type(task).__module__}.{task.name}.{minute:%Y%m%d%H%M}"


class OncePerMinute:
    """Mixed into a Huey class: `read_periodic` (what the consumer's scheduler enqueues) returns only
    the tasks this scheduler claimed for the minute."""

    name: str

    def read_periodic(self, timestamp: dt.datetime | None) -> list[Any]:
        if timestamp is None:
            timestamp = self._get_timestamp()  # type: ignore[attr-defined]  # huey.Huey, which this is mixed into (untyped)
        minute = timestamp.replace(second=0, microsecond=0)
        owner = f"{socket.gethostname()}:{os.getpid()}"
        due = super().read_periodic(minute)  # type: ignore[misc]  # huey.Huey.read_periodic, after this mixin in the MRO
        mine = [task for task in due
                if self.put_if_empty(claim_key(self.name, task, minute), owner)]  # type: ignore[attr-defined]  # huey.Huey storage helper
        old = minute - CLAIM_KEPT
        for task in super().read_periodic(old):  # type: ignore[misc]  # as above
            self.delete(claim_key(self.name, task, old))  # type: ignore[attr-defined]  # huey.Huey.delete
        return mine


class PriorityRedisHuey(OncePerMinute, huey.PriorityRedisHuey):
    """Several workers on several machines sharing one Redis (REDIS_URL)."""


class SqliteHuey(OncePerMinute, huey.SqliteHuey):
    """The default: the queue in a SQLite file in the var folder (one machine)."""
