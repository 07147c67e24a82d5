"""The monthly snapshot task at scale (issue 21): its queries per partnership do not grow with the
partnership's organisations, and its batched snapshots are exactly the ones taken one at a time.
Real domains throughout (no fakes): leaders who left and their successors, meetings with attendance."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accord.governance import services as meetings
from accord.health import services, tasks
from accord.health.models import ChangeEvent, Handover, HealthCurrent, HealthSnapshot
from accord.partners.models import Membership, Organisation, Person

FIELDS = ["month", "overall", "scores", "components", "weights", "missing", "note", "summary", "drivers"]


def _grow(world, count: int, first: int = 0) -> None:
    """`count` more member organisations, each with a leader who left, a successor, and both at every
    meeting held so far."""
    p, start = world.partnership, world.partnership.start_date
    held = [m for m in p.meeting_series.get().meetings.all() if m.start < timezone.now()]
    for i in range(first, first + count):
        org = Organisation.objects.create(name=f"Member {i:02d}", kind="charity")
        Membership.objects.create(partnership=p, organisation=org, joined=start)
        old = Person.objects.create(partnership=p, organisation=org, name=f"Old chief {i}", seniority="senior_leader",
                                    start_date=start, end_date=start + dt.timedelta(days=200))
        new = Person.objects.create(partnership=p, organisation=org, name=f"New chief {i}", seniority="senior_leader",
                                    start_date=start + dt.timedelta(days=230))
        for m in held:
            meetings.attendee_add(actor=None, meeting=m, person=old, notify=False)
            meetings.attendee_add(actor=None, meeting=m, person=new, notify=False)
            meetings.attendance_record(actor=None, meeting=m, records=[(old, "attended", ""), (new, "apologies", "")])


def _world_with_meetings(world):
    today = timezone.localdate()
    meetings.series_create(actor=world.users["manager"], partnership=world.partnership, title="Partners",
                           rrule="FREQ=MONTHLY", starts_on=today - dt.timedelta(days=100), start_time=dt.time(10, 0),
                           time_zone="Europe/London", duration_minutes=60, place="Online", notify=False)
    return world


def _queries_of_the_task() -> int:
    tasks.monthly_snapshots.call_local()  # the first pass derives the new leaders' events and handovers
    with CaptureQueriesContext(connection) as queries:
        assert tasks.monthly_snapshots.call_local() == 2  # both partnerships of the world
    return len(queries)


def test_the_monthly_task_reads_each_partnership_in_queries_that_do_not_grow_with_it(world):
    _world_with_meetings(world)
    _grow(world, 1)
    few = _queries_of_the_task()
    _grow(world, 6, first=1)  # seven organisations more, each with two leaders, events and a handover
    assert Handover.objects.filter(partnership=world.partnership).count() == 1
    many = _queries_of_the_task()
    assert Handover.objects.filter(partnership=world.partnership).count() == 7
    assert ChangeEvent.objects.filter(partnership=world.partnership, kind="leader_left").count() == 7
    assert many == few, (few, many)
    assert few < 60  # 45 when written: one batch of both partnerships (77 when each was read alone)


def test_the_batched_snapshots_are_the_ones_taken_one_at_a_time(world):
    _world_with_meetings(world)
    _grow(world, 3)
    last_month = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    month_before = last_month.replace(day=1) - dt.timedelta(days=1)
    tasks.monthly_snapshots.call_local(today=month_before + dt.timedelta(days=1))  # a month with drivers after it
    tasks.monthly_snapshots.call_local()
    batched = {(s.partnership_id, s.month): [getattr(s, f) for f in FIELDS] for s in HealthSnapshot.objects.all()}
    kept = dict(HealthSnapshot.objects.values_list("month", "pk").filter(partnership=world.partnership))
    assert batched[(world.partnership.pk, last_month.replace(day=1))][FIELDS.index("drivers")] is not None
    for partnership in (world.partnership, world.other):
        for as_of in (month_before, last_month):
            one = services.snapshot_take(partnership=partnership, as_of=as_of, actor=world.users["manager"])
            assert [getattr(one, f) for f in FIELDS] == batched[(partnership.pk, as_of.replace(day=1))]
    # taken again, a month keeps its row; the current row follows the latest month
    assert dict(HealthSnapshot.objects.values_list("month", "pk").filter(partnership=world.partnership)) == kept
    current = HealthCurrent.objects.get(partnership=world.partnership)
    assert current.month == last_month.replace(day=1)
