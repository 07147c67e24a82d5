"""Health at portfolio scale: 2,000 synthetic partnerships with three years of signals.

- health.task_*: the real monthly snapshot task (health.tasks.monthly_snapshots) over 2,000 generated
  partnerships (BENCH_HEALTH_TASK_N) of 3 to 12 member organisations each, with their leaders (some
  left and were replaced: change events and handovers) and six meetings with attendance, on the
  bench's database (PostgreSQL when DATABASE_URL is set; target < 10 s). Timed twice: the first pass
  (which also derives every event and opens every handover) and a month later (steady state). Checked:
  the queries per partnership at 3 and at 60 organisations (must be equal), and a sample of the task's
  snapshots against snapshot_take one partnership at a time (must be identical).
- health.snapshots_all: time to compute every monthly snapshot of all 2,000 (36 months each) with the
  pure analytics, from inputs generated as plain data (target < 10 s).
- health.portfolio_median: median server-side time of the funders' page for a funder of all 2,000,
  with three years of snapshot rows in the database (target < 300 ms), and its query count.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time

PARTNERSHIPS = 2000
CHUNK = 200
START, END = dt.date(2023, 11, 1), dt.date(2026, 10, 1)


TASK_N = int(os.environ.get("BENCH_HEALTH_TASK_N", "2000"))
SNAPSHOT_FIELDS = ["overall", "scores", "components", "weights", "missing", "note", "summary", "drivers"]


def _task_partnerships(n: int, rng: random.Random, today: dt.date, sizes: tuple[int, int] = (3, 12)) -> list[int]:
    """`n` partnerships built in bulk: members, leaders (one in five left and was replaced), staff, and a
    monthly meeting series whose last six meetings have every current leader's attendance."""
    from django.db import transaction
    from django.utils import timezone

    from accord.demo import synthetic
    from accord.governance.models import Attendance, Meeting, MeetingSeries
    from accord.partners.models import Person

    ids = []
    for first in range(0, n, 200):
        with transaction.atomic():
            for i in range(first, min(n, first + 200)):
                p = synthetic.build(rng.randint(*sizes), seed=i, name=f"Task bench {i:05d}")
                ids.append(p.pk)
                leaders = list(Person.objects.filter(partnership=p, seniority="senior_leader"))
                successors = []
                for person in leaders[::5]:
                    person.end_date = dt.date(2024, 6, 30)
                    successors.append(Person(partnership=p, organisation_id=person.organisation_id,
                                             name=f"New {person.name}", seniority="senior_leader",
                                             start_date=dt.date(2024, 8, 1)))
                Person.objects.bulk_update(leaders[::5], ["end_date"])
                Person.objects.bulk_create(successors)
                series = MeetingSeries.objects.create(partnership=p, title="Partners' meeting", rrule="FREQ=MONTHLY",
                                                      starts_on=today - dt.timedelta(days=190))
                starts = [timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=30 * k + 3), dt.time(10)))
                          for k in range(6)]
                meetings = Meeting.objects.bulk_create([Meeting(series=series, original_start=s, start=s,
                                                                end=s + dt.timedelta(hours=2)) for s in starts])
                present = [x for x in leaders if x.end_date is None] + successors
                Attendance.objects.bulk_create([
                    Attendance(meeting=m, person=x, organisation_id=x.organisation_id,
                               status=rng.choice(["attended", "attended", "apologies", "delegate"]),
                               delegate_name="A deputy")
                    for m in meetings for x in present])
    return ids


def _queries_for_one(pk: int, as_of: dt.date) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accord.health import services
    from accord.partners.models import Partnership

    partnership = Partnership.objects.get(pk=pk)
    services.derive_events(partnership)
    with CaptureQueriesContext(connection) as queries:
        services.derive_events(partnership)
        services.snapshots_take([partnership], as_of=as_of)
    return len(queries)


def run_task() -> None:
    """The monthly snapshot task over TASK_N partnerships (see the module's docstring), as in production:
    DEBUG off (with it on, Django keeps every query's text in memory)."""
    from django.test.utils import override_settings

    with override_settings(DEBUG=False):
        _run_task()


def _run_task() -> None:
    from django.db import connection
    from django.utils import timezone

    from accord.health import services, tasks
    from accord.health.models import HealthSnapshot
    from accord.partners.models import Partnership
    from bench.support import expect_same

    rng = random.Random(21)
    today = timezone.localdate()
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    t = time.perf_counter()
    ids = _task_partnerships(TASK_N, rng, today)
    print(f"health.task_setup: {time.perf_counter() - t:.1f} s ({len(ids)} partnerships, {connection.vendor})")
    t, c = time.perf_counter(), time.process_time()
    first = tasks.monthly_snapshots.call_local(today=last_month.replace(day=1))  # the month before: first pass
    print(f"health.task_first_pass: {time.perf_counter() - t:.2f} s ({first} partnerships; derives every event, "
          f"opens every handover; cpu {time.process_time() - c:.2f} s)")
    t, c = time.perf_counter(), time.process_time()
    count = tasks.monthly_snapshots.call_local(today=today)
    elapsed = time.perf_counter() - t
    print(f"health.task_snapshots: {elapsed:.2f} s ({count} partnerships, {connection.vendor}; target < 10 s at 2,000)")
    print(f"health.task_snapshots_cpu: {time.process_time() - c:.2f} s")
    print(f"health.task_per_partnership: {1000 * elapsed / count:.1f} ms")

    small, big = _task_partnerships(1, rng, today, (3, 3)) + _task_partnerships(1, rng, today, (60, 60))
    few, many = _queries_for_one(small, last_month), _queries_for_one(big, last_month)
    print(f"health.task_queries_per_partnership: {few} queries at 3 organisations, {many} at 60")
    expect_same("health.task_query_growth", many - few, "queries")

    # the task's snapshots against the one-at-a-time service, on a sample (taken again: same month, same row)
    sample = rng.sample(ids, min(20, len(ids)))
    stored = {s.partnership_id: [getattr(s, f) for f in SNAPSHOT_FIELDS]
              for s in HealthSnapshot.objects.filter(partnership_id__in=sample, month=last_month.replace(day=1))}
    differences = 0
    for partnership in Partnership.objects.filter(pk__in=sample):
        one = services.snapshot_take(partnership=partnership, as_of=last_month)
        differences += [getattr(one, f) for f in SNAPSHOT_FIELDS] != stored[partnership.pk]
    expect_same("health.task_vs_one_at_a_time", differences, "partnerships")


def run() -> None:
    from bench.support import django_setup, peak_memory_mb

    django_setup()
    run_task()  # first: the synthetic partnerships below are not real ones for the task to read
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accord.accounts.models import User
    from accord.analytics.health import month_starts
    from accord.demo.health import synthetic_history, synthetic_inputs
    from accord.health import services
    from accord.health.models import HealthSnapshot
    from accord.partners.models import Partnership, Role

    rng = random.Random(2000)
    months = month_starts(START, END)
    funder = User.objects.create_user("bench-funder@example.org", "bench passphrase 2000")
    now = timezone.now()
    elapsed = cpu = 0.0
    count = 0
    # in chunks, so that three years of 2,000 partnerships never sit in memory at once; only the
    # computation of the snapshots is timed, not generating their inputs or storing them
    for first in range(0, PARTNERSHIPS, CHUNK):
        inputs = [synthetic_inputs(rng, months) for _ in range(min(CHUNK, PARTNERSHIPS - first))]
        t, c = time.perf_counter(), time.process_time()
        histories = [synthetic_history(i) for i in inputs]
        elapsed, cpu = elapsed + time.perf_counter() - t, cpu + time.process_time() - c
        with transaction.atomic():
            partnerships = Partnership.objects.bulk_create(
                [Partnership(name=f"Bench partnership {first + i:04d}", purpose="Benchmark.", start_date=START)
                 for i in range(len(inputs))])
            Role.objects.bulk_create([Role(partnership=p, user=funder, role=Role.FUNDER) for p in partnerships])
            rows = [HealthSnapshot(partnership=p, computed_at=now, **snap)
                    for p, history in zip(partnerships, histories, strict=True) for snap in history]
            HealthSnapshot.objects.bulk_create(rows, batch_size=2000)
        services.current_refresh([p.pk for p in partnerships])
        count += len(rows)
    print(f"health.snapshots_all: {elapsed:.2f} s ({count} snapshots of {PARTNERSHIPS} partnerships)")
    # on a shared machine the wall time includes waiting for a core; the CPU time does not
    print(f"health.snapshots_all_cpu: {cpu:.2f} s")
    print(f"health.snapshot_rows: {HealthSnapshot.objects.count()} rows")

    client = Client()
    client.force_login(funder)
    client.get("/funders/")  # warm up
    times, cpus = [], []
    for _ in range(7):
        t, c = time.perf_counter(), time.process_time()
        response = client.get("/funders/?sort=-overall")
        times.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get("/funders/?sort=-overall")
    print(f"health.portfolio_median: {1000 * statistics.median(times):.0f} ms")
    print(f"health.portfolio_median_cpu: {1000 * statistics.median(cpus):.0f} ms")
    print(f"health.portfolio_queries: {len(queries)} queries")
    t = time.perf_counter()
    csv = client.get("/funders/?format=csv")
    lines = csv.content.count(b"\n") - 1
    print(f"health.portfolio_csv: {1000 * (time.perf_counter() - t):.0f} ms ({lines} rows)")
    print(f"health.peak_memory: {peak_memory_mb():.0f} MB")
