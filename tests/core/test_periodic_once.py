"""A periodic task runs once per minute it is due, however many workers share the queue: each worker's
scheduler claims (task, minute) in the queue's store before enqueueing it (accord/core/queue.py)."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY

from accord.core import queue
from accord.trust.models import Invitation
from tests.conftest import needs_redis
from tests.trust.conftest import open_wave

AT_NINE = dt.datetime(2026, 3, 2, 9, 0, 7)  # the trust reminders' minute (UTC, as huey's scheduler uses)


def _schedule_together(hueys, timestamp):
    """Each huey's scheduler decides what to enqueue at the same moment, in its own thread."""
    start, chosen = threading.Barrier(len(hueys)), [None] * len(hueys)

    def scheduler(i):
        start.wait()
        chosen[i] = hueys[i].read_periodic(timestamp)

    threads = [threading.Thread(target=scheduler, args=(i,)) for i in range(len(hueys))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return chosen


def test_the_settings_use_the_once_per_minute_queue():
    assert isinstance(HUEY, queue.OncePerMinute)


def test_two_schedulers_at_nine_send_each_reminder_once(world, smtp):
    wave = open_wave(world, invite="leaders")
    wave.invitations.update(sent_at=timezone.now() - dt.timedelta(days=30))
    chosen = _schedule_together([HUEY, HUEY], AT_NINE)
    names = [sorted(t.name for t in tasks) for tasks in chosen]
    reminders = [t for tasks in chosen for t in tasks if t.name.endswith("send_reminders")]
    assert len(reminders) == 1, names  # enqueued by one scheduler only
    for task in reminders:
        HUEY.execute(task)
    assert sorted(m["To"] for m in smtp.messages) == ["leader_a@example.org", "leader_b@example.org"]
    assert set(Invitation.objects.filter(wave=wave).values_list("reminders", flat=True)) == {1}
    # the next day's 09:00 is a new minute: due again (and the claim an hour old is cleared)
    again = HUEY.read_periodic(AT_NINE + dt.timedelta(days=1))
    assert any(t.name.endswith("send_reminders") for t in again)


def test_a_claim_is_kept_an_hour_then_removed(tmp_path):
    h = queue.SqliteHuey(name="accord", filename=str(tmp_path / "queue.sqlite3"))

    @h.periodic_task(crontab(minute="*"))
    def every_minute():
        return None

    minute = AT_NINE.replace(second=0)
    (task,) = h.read_periodic(AT_NINE)
    key = queue.claim_key(h.name, task, minute)
    assert h.read_periodic(AT_NINE + dt.timedelta(seconds=40)) == []  # a later or slower scheduler
    assert h.get(key, peek=True) is not None
    h.read_periodic(minute + queue.CLAIM_KEPT)
    assert h.get(key, peek=True) is None


@needs_redis
def test_two_machines_sharing_redis_run_a_periodic_task_once():
    name = f"accord-test-{uuid.uuid4().hex}"
    machines = [queue.PriorityRedisHuey(name=name, url="redis://127.0.0.1:6379/0", blocking=False)
                for _ in range(2)]
    for h in machines:  # the same code on both machines
        @h.periodic_task(crontab(hour="9", minute="0"), name="count_it")
        def count_it(h=h):
            h.storage.incr("ran")

    try:
        chosen = _schedule_together(machines, AT_NINE)
        assert sorted(len(tasks) for tasks in chosen) == [0, 1]
        for h, tasks in zip(machines, chosen, strict=True):
            for task in tasks:
                h.enqueue(task)
        for h in machines:  # each worker takes whatever is queued
            while (task := h.dequeue()) is not None:
                h.execute(task)
        assert int(machines[0].storage.conn.hget(machines[0].storage.counter_key, "ran")) == 1
    finally:
        machines[0].storage.flush_all()
