"""Health at portfolio scale: 2,000 synthetic partnerships with three years of signals.

- health.snapshots_all: time to compute every monthly snapshot of all 2,000 (36 months each) with the
  pure analytics, from inputs generated as plain data (target < 10 s).
- health.portfolio_median: median server-side time of the funders' page for a funder of all 2,000,
  with three years of snapshot rows in the database (target < 300 ms), and its query count.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time

PARTNERSHIPS = 2000
CHUNK = 200
START, END = dt.date(2023, 11, 1), dt.date(2026, 10, 1)


def run() -> None:
    from bench.support import django_setup, peak_memory_mb

    django_setup()
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
