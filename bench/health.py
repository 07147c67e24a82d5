"""Health at portfolio scale: 2,000 synthetic partnerships with three years of signals.

- health.task_*: the real monthly snapshot task (health.tasks.monthly_snapshots) over 2,000 generated
  partnerships (BENCH_HEALTH_TASK_N) of 3 to 12 member organisations each, with data in every domain
  health reads (see task_partnerships), on the bench's database (PostgreSQL when DATABASE_URL is set;
  target < 10 s). Timed twice: the first pass (which also derives every event and opens every handover)
  and a month later (steady state), then the daily pass (warning rules; first and steady), each with its
  wall and CPU time, queries and the machine's load average. Checked: the queries of a batch (snapshots,
  and the warning rules) for one partnership of 3 and of 60 organisations, and for a batch of 10 and of
  100 partnerships (each pair must be equal), a sample of the task's snapshots against snapshot_take one
  partnership at a time, and the daily pass's alerts against `evaluate` one partnership at a time, the
  references (must be identical: a difference fails `make bench`).
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
from collections.abc import Callable
from typing import Any

PARTNERSHIPS = 2000
CHUNK = 200
START, END = dt.date(2023, 11, 1), dt.date(2026, 10, 1)


TASK_N = int(os.environ.get("BENCH_HEALTH_TASK_N", "2000"))
SNAPSHOT_FIELDS = ["overall", "scores", "components", "weights", "missing", "note", "summary", "drivers"]


def task_partnerships(n: int, rng: random.Random, today: dt.date, sizes: tuple[int, int] = (3, 12)) -> list[int]:
    """`n` partnerships built in bulk, with data in every domain health reads: members, leaders (one in five
    left and was replaced: change events and handovers), staff, a monthly meeting series whose last six
    meetings have every current leader's attendance and some actions, two closed survey waves (one
    confidential), an agreed charter (a third also have a draft waiting for signatures), two goals (one
    measured by hand, one counting live areas), commitments, an ambition with areas moving through their
    stages, a funding stream, and library items shared with everyone or with one partner."""
    from django.db import transaction

    ids = []
    for first in range(0, n, 200):
        with transaction.atomic():
            ids += _task_chunk(range(first, min(n, first + 200)), rng, today, sizes)
    return ids


def _task_chunk(numbers: range, rng: random.Random, today: dt.date, sizes: tuple[int, int]) -> list[int]:
    from decimal import Decimal

    from django.utils import timezone

    from accord.charter.models import CharterVersion, Commitment, Goal, Measurement, Signoff
    from accord.delivery.models import Ambition, Area, FundingStream, StageMove
    from accord.demo import synthetic
    from accord.governance.models import Action, Attendance, Meeting, MeetingSeries
    from accord.library.models import KnowledgeItem, SharingTerms
    from accord.partners.models import Person
    from accord.trust.models import Wave, WaveResult

    def moment(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))

    rows: dict[str, list] = {k: [] for k in ("waves", "versions", "goals", "commitments", "ambitions", "areas",
                                             "streams", "items", "actions")}
    ids, built = [], []
    for i in numbers:
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
        starts = [moment(today - dt.timedelta(days=30 * k + 3)) for k in range(6)]
        meetings = Meeting.objects.bulk_create([Meeting(series=series, original_start=s, start=s,
                                                        end=s + dt.timedelta(hours=2)) for s in starts])
        present = [x for x in leaders if x.end_date is None] + successors
        Attendance.objects.bulk_create([
            Attendance(meeting=m, person=x, organisation_id=x.organisation_id,
                       status=rng.choice(["attended", "attended", "apologies", "delegate"]),
                       delegate_name="A deputy")
            for m in meetings for x in present])
        orgs = sorted({x.organisation_id for x in leaders})
        built.append((i, p, orgs, meetings, present))
    for i, p, orgs, meetings, present in built:
        for k, (closes, confidentiality) in enumerate([(today - dt.timedelta(days=400), "named"),
                                                       (today - dt.timedelta(days=40), rng.choice(["named", "confidential"]))]):
            rows["waves"].append(Wave(partnership=p, name=f"Survey {k + 1}", opens_on=closes - dt.timedelta(days=20),
                                      closes_on=closes, status=Wave.Status.CLOSED, confidentiality=confidentiality))
        rows["versions"].append(CharterVersion(partnership=p, number=1, mission="Work together.",
                                               created_at=moment(dt.date(2023, 2, 1)), agreed_at=moment(dt.date(2023, 3, 1))))
        if i % 3 == 0:  # by number, not id: the one-partnership batches compared below are alike
            rows["versions"].append(CharterVersion(partnership=p, number=2, mission="Work together better.",
                                                   created_at=moment(today - dt.timedelta(days=20))))
        rows["goals"] += [Goal(partnership=p, title="Families reached", metric="families", unit="families", baseline=0,
                               target=rng.choice([100, 200]), target_date=dt.date(2027, 3, 31)),
                          Goal(partnership=p, title="Areas live", metric="areas", unit="areas", baseline=0, target=3,
                               target_date=dt.date(2027, 3, 31), source=Goal.Source.LIVE_AREAS)]
        for k in range(4):
            due = today - dt.timedelta(days=rng.randrange(-90, 300))
            status = rng.choice(["open", "done", "done", "dropped"])
            rows["commitments"].append(Commitment(
                partnership=p, title=f"Promise {k}", owner_id=orgs[k % len(orgs)], made_on=due - dt.timedelta(days=120),
                due=due, status=status, done_on=due - dt.timedelta(days=rng.randrange(-20, 20)) if status == "done" else None,
                dropped_reason="Overtaken." if status == "dropped" else ""))
        rows["ambitions"].append(Ambition(partnership=p, target_live=3, start_date=dt.date(2023, 6, 1),
                                          target_date=dt.date(2027, 3, 31)))
        rows["areas"] += [Area(partnership=p, name=f"Area {k}") for k in range(3)]
        rows["streams"].append(FundingStream(partnership=p, title="Core grant", funder_id=orgs[-1],
                                             amount=Decimal(rng.randrange(10, 500) * 1000), start=dt.date(2024, 4, 1),
                                             end=dt.date(2027, 3, 31)))
        rows["items"] += [KnowledgeItem(partnership=p, owner_org_id=orgs[k % len(orgs)], kind="note",
                                        title=f"What we learnt {k}") for k in range(2)]
        rows["actions"] += [Action(meeting=meetings[k], title=f"Follow up {k}", owner=present[k % len(present)],
                                   organisation_id=present[k % len(present)].organisation_id,
                                   due=meetings[k].start.date() + dt.timedelta(days=14),
                                   status=rng.choice(["open", "done"]),
                                   completed_on=meetings[k].start.date() + dt.timedelta(days=rng.randrange(30)))
                            for k in range(3)]
    waves = Wave.objects.bulk_create(rows["waves"])
    WaveResult.objects.bulk_create([WaveResult(wave=w, responding_orgs=rng.randint(2, 9), trust_pct=rng.uniform(40, 90),
                                               value_pct=rng.uniform(40, 90), density=rng.random(),
                                               reciprocity=rng.random()) for w in waves])
    versions = CharterVersion.objects.bulk_create(rows["versions"])
    orgs_of = {p.pk: orgs for _, p, orgs, _, _ in built}
    Signoff.objects.bulk_create([Signoff(version=v, organisation_id=orgs_of[v.partnership_id][0], person_name="A leader",
                                         signed_at=v.created_at) for v in versions if v.number == 2])
    goals = Goal.objects.bulk_create(rows["goals"])
    Measurement.objects.bulk_create([Measurement(goal=g, on=today - dt.timedelta(days=100 * k), value=10.0 * (4 - k))
                                     for g in goals if g.source == Goal.Source.ENTERED for k in range(4)])
    Commitment.objects.bulk_create(rows["commitments"])
    Ambition.objects.bulk_create(rows["ambitions"])
    areas = Area.objects.bulk_create(rows["areas"])
    StageMove.objects.bulk_create([StageMove(area=a, stage=stage, on=dt.date(2023, 9, 1) + dt.timedelta(days=200 * k))
                                   for a in areas for k, stage in enumerate(["scoping", "mobilising", "live"][:rng.randint(1, 3)])])
    streams = FundingStream.objects.bulk_create(rows["streams"])
    FundingStream.partners.through.objects.bulk_create([
        FundingStream.partners.through(fundingstream_id=s.pk, organisation_id=orgs_of[s.partnership_id][0])
        for s in streams])
    items = KnowledgeItem.objects.bulk_create(rows["items"])
    terms = SharingTerms.objects.bulk_create([SharingTerms(item=item, audience="partnership" if k % 2 == 0 else "named")
                                              for k, item in enumerate(items)])
    SharingTerms.named_orgs.through.objects.bulk_create([
        SharingTerms.named_orgs.through(sharingterms_id=t.pk, organisation_id=orgs_of[t.item.partnership_id][-1])
        for t in terms if t.audience == "named"])
    Action.objects.bulk_create(rows["actions"])
    return ids


class QueryCounter:
    """Counts the queries run (an execute wrapper: no SQL kept, so it can watch a whole run)."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        self.n += 1
        return execute(sql, params, many, context)


def queries_of_a_batch(pks: list[int], as_of: dt.date) -> int:
    """The queries of the task's work for a batch of these partnerships, after a first pass (steady state)."""
    from django.db import connection

    from accord.health import services
    from accord.partners.models import Partnership

    batch = list(Partnership.objects.filter(pk__in=pks).order_by("pk"))
    services.derive_events_many(batch)
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        services.derive_events_many(batch)
        services.snapshots_take(batch, as_of=as_of)
    return counter.n


def queries_of_the_rules(pks: list[int], as_of: dt.date) -> int:
    """The queries of the daily pass's warning rules for a batch of these partnerships, once their rules
    exist and their alerts have fired (steady state)."""
    from django.db import connection

    from accord.health import services
    from accord.partners.models import Partnership

    batch = list(Partnership.objects.filter(pk__in=pks).order_by("pk"))
    services.evaluate_many(batch, as_of)
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        services.evaluate_many(batch, as_of)
    return counter.n


ALERT_FIELDS = ["cause_key", "reason", "look_at", "look_at_url", "general_reason", "general_look_at",
                "organisation_id"]


def alerts_one_at_a_time(partnerships: list[Any], as_of: dt.date) -> dict[int, list[list[Any]]]:
    """What `evaluate` fires for each partnership alone (the reference), rolled back after each."""
    from django.db import transaction

    from accord.health import services

    out = {}
    for p in partnerships:
        with transaction.atomic():
            out[p.pk] = [[a.rule.kind, *(getattr(a, f) for f in ALERT_FIELDS)] for a in services.evaluate(p, as_of)]
            transaction.set_rollback(True)
    return out


def _figure(name: str, value: float | int, unit: str, fmt: str = ".2f") -> None:
    print(f"{name}: {value:{fmt}} {unit}", flush=True)


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
    from accord.health.models import Alert, HealthSnapshot
    from accord.partners.models import Partnership
    from bench.support import expect_same

    rng = random.Random(21)
    today = timezone.localdate()
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    _figure("health.task_partnerships", TASK_N, "partnerships", "d")
    print(f"# database: {connection.vendor}; figures: wall and CPU in seconds, load = 1-minute load average of "
          f"the machine when measured (2 cores, shared)", flush=True)
    t = time.perf_counter()
    ids = task_partnerships(TASK_N, rng, today)
    _figure("health.task_setup", time.perf_counter() - t, "s", ".1f")

    def timed(name: str, step: Callable[[], int]) -> int:
        counter = QueryCounter()
        t, c = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(counter):
            result = step()
        elapsed = time.perf_counter() - t
        _figure(f"{name}", elapsed, "s")
        _figure(f"{name}_cpu", time.process_time() - c, "s")
        _figure(f"{name}_queries", counter.n, "queries", "d")
        _figure(f"{name}_queries_per_partnership", counter.n / len(ids), "queries")
        _figure(f"{name}_load", os.getloadavg()[0], "load", ".1f")
        return result

    # the month before: the first pass derives every event and opens every handover
    first = timed("health.task_first_pass", lambda: tasks.monthly_snapshots.call_local(today=last_month.replace(day=1)))
    count = timed("health.task_snapshots", lambda: tasks.monthly_snapshots.call_local(today=today))  # steady state
    print(f"# health.task_snapshots target: < 10 s on PostgreSQL at 2,000 partnerships ({first} and {count} "
          f"snapshots; batches of {tasks.BATCH})", flush=True)
    timed("health.daily_pass_first", lambda: tasks.daily_pass.call_local())  # every rule is made, alerts fire
    timed("health.daily_pass", lambda: tasks.daily_pass.call_local())  # steady state
    _figure("health.alerts", Alert.objects.filter(partnership_id__in=ids).count(), "alerts", "d")

    # the queries of a batch grow with neither the partnerships' size nor their number
    small, big = task_partnerships(1, rng, today, (3, 3)) + task_partnerships(1, rng, today, (60, 60))
    few, many = queries_of_a_batch([small], last_month), queries_of_a_batch([big], last_month)
    _figure("health.task_queries_3_organisations", few, "queries", "d")
    _figure("health.task_queries_60_organisations", many, "queries", "d")
    expect_same("health.task_query_growth", many - few, "queries")
    # (a batch of ten already holds every kind of data, so the same queries run; an empty kind runs none)
    batch = ids[:tasks.BATCH]
    ten, whole = queries_of_a_batch(batch[:10], last_month), queries_of_a_batch(batch, last_month)
    _figure("health.task_queries_10_partnerships", ten, "queries", "d")
    _figure(f"health.task_queries_{len(batch)}_partnerships", whole, "queries", "d")
    expect_same("health.task_query_growth_by_number", whole - ten, "queries")
    # likewise the daily warning rules
    few, many = queries_of_the_rules([small], today), queries_of_the_rules([big], today)
    _figure("health.rules_queries_3_organisations", few, "queries", "d")
    _figure("health.rules_queries_60_organisations", many, "queries", "d")
    expect_same("health.rules_query_growth", many - few, "queries")
    ten, whole = queries_of_the_rules(batch[:10], today), queries_of_the_rules(batch, today)
    _figure("health.rules_queries_10_partnerships", ten, "queries", "d")
    _figure(f"health.rules_queries_{len(batch)}_partnerships", whole, "queries", "d")
    expect_same("health.rules_query_growth_by_number", whole - ten, "queries")

    # the task's snapshots against the one-at-a-time service, on a sample (taken again: same month, same row)
    sample = rng.sample(ids, min(20, len(ids)))
    stored = {s.partnership_id: [getattr(s, f) for f in SNAPSHOT_FIELDS]
              for s in HealthSnapshot.objects.filter(partnership_id__in=sample, month=last_month.replace(day=1))}
    differences = 0
    for partnership in Partnership.objects.filter(pk__in=sample):
        one = services.snapshot_take(partnership=partnership, as_of=last_month)
        differences += [getattr(one, f) for f in SNAPSHOT_FIELDS] != stored[partnership.pk]
    expect_same("health.task_vs_one_at_a_time", differences, "partnerships")
    # the daily pass's warnings against evaluating each partnership alone, on a sample, four months on (so
    # that new ones fire): the batch must fire the same alerts
    later = today + dt.timedelta(days=120)
    chosen = list(Partnership.objects.filter(pk__in=sample).order_by("pk"))
    alone = alerts_one_at_a_time(chosen, later)
    together = services.evaluate_many(chosen, later)
    _figure("health.rules_sample_alerts", sum(len(v) for v in alone.values()), "alerts", "d")
    expect_same("health.rules_vs_one_at_a_time", sum(
        [[a.rule.kind, *(getattr(a, f) for f in ALERT_FIELDS)] for a in together[p.pk]] != alone[p.pk]
        for p in chosen), "partnerships")


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
    print(f"# {count} snapshots of {PARTNERSHIPS} partnerships")
    print(f"health.snapshots_all: {elapsed:.2f} s")
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
    print(f"health.portfolio_csv: {1000 * (time.perf_counter() - t):.0f} ms")
    print(f"health.portfolio_csv_rows: {lines} rows")
    print(f"health.peak_memory: {peak_memory_mb():.0f} MB")
