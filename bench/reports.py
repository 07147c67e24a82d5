"""Data out of a large partnership: the 500-organisation synthetic partnership (`accord demo
--organisations 500`) with 2,000 commitments, 24 meetings (12,000 attendance rows), 2,000 actions, 200
decisions with 50 positions each, 1,000 areas with 3 stage moves each, 500 funding streams and 20,000
audit entries. Times each file as CSV and XLSX, the 360Giving JSON, and the partnership report (its
figures gathered, then as PDF and as XLSX) for a year, as the manager and as a funder. (Trust files:
bench/trust.py times the scores they are read from.)"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import time
from decimal import Decimal

ORGS = int(os.environ.get("BENCH_REPORTS_ORGS", "500"))


def _build() -> object:
    from django.utils import timezone

    from accord.charter.models import Commitment
    from accord.core.models import AuditEntry
    from accord.delivery.models import Area, FundingStream, StageMove
    from accord.demo import synthetic
    from accord.governance.models import Action, Attendance, Decision, Meeting, MeetingSeries, Position
    from accord.partners.models import Person

    rng = random.Random(3)
    p = synthetic.build(ORGS, name="Bench data out")
    orgs = list(p.organisations.all())
    leaders = list(Person.objects.filter(partnership=p, seniority="senior_leader").select_related("organisation"))
    start = dt.date(2023, 1, 1)
    Commitment.objects.bulk_create([Commitment(partnership=p, title=f"Promise {i}", owner=rng.choice(orgs),
                                               made_on=start, due=start + dt.timedelta(days=rng.randrange(700)))
                                    for i in range(2000)])
    series = MeetingSeries.objects.create(partnership=p, title="Board", rrule="FREQ=MONTHLY", starts_on=start)
    tz = timezone.get_current_timezone()
    meetings = Meeting.objects.bulk_create([
        Meeting(series=series, original_start=dt.datetime(2023 + m // 12, m % 12 + 1, 5, 10, tzinfo=tz),
                start=dt.datetime(2023 + m // 12, m % 12 + 1, 5, 10, tzinfo=tz),
                end=dt.datetime(2023 + m // 12, m % 12 + 1, 5, 12, tzinfo=tz)) for m in range(24)])
    Attendance.objects.bulk_create([Attendance(meeting=m, person=person, organisation=person.organisation, senior=True,
                                               status=rng.choice(["attended", "apologies", "absent"]))
                                    for m in meetings for person in leaders])
    Action.objects.bulk_create([Action(meeting=rng.choice(meetings), title=f"Action {i}", owner=(who := rng.choice(leaders)),
                                       organisation=who.organisation, due=start + dt.timedelta(days=rng.randrange(700)))
                                for i in range(2000)])
    decisions = Decision.objects.bulk_create([Decision(meeting=rng.choice(meetings), proposal=f"Proposal {i}")
                                              for i in range(200)])
    Position.objects.bulk_create([Position(decision=d, organisation=o, stance="agree")
                                  for d in decisions for o in rng.sample(orgs, 50)])
    areas = Area.objects.bulk_create([Area(partnership=p, name=f"Area {i}") for i in range(1000)])
    StageMove.objects.bulk_create([StageMove(area=a, stage=s, on=start + dt.timedelta(days=90 * k))
                                   for a in areas for k, s in enumerate(["scoping", "mobilising", "live"])])
    for i in range(500):
        stream = FundingStream.objects.create(partnership=p, title=f"Grant {i}", funder=rng.choice(orgs),
                                              amount=Decimal(rng.randrange(1000, 500000)), start=start,
                                              end=start + dt.timedelta(days=365))
        stream.partners.set(rng.sample(orgs, 3))
    AuditEntry.objects.bulk_create([AuditEntry(partnership=p, actor_label="Bench", action="bench.thing",
                                               object_repr=f"Thing {i}", data={"i": i}) for i in range(20000)])
    return p


def _partnership_report(p: object) -> None:
    from django.urls import reverse

    from accord.accounts.models import User
    from accord.core import policy
    from accord.partners.models import Role
    from accord.reports import quarterly

    reverse("reports:report", args=[1])  # loads the URL configuration (~5 s, once a process), outside the timing
    period = quarterly.Period(dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    for role in (Role.MANAGER, Role.FUNDER):
        user = User.objects.create_user(f"bench-{role}@example.org", "x" * 12)
        Role.objects.create(partnership=p, user=user, role=role)
        access = policy.get_partnership(user, p.pk)  # type: ignore[attr-defined]
        started = time.perf_counter()
        data = quarterly.gather(access, period)
        gathered = time.perf_counter() - started
        pdf = quarterly.render(data, "pdf")
        made_pdf = time.perf_counter() - started - gathered
        quarterly.render(data, "xlsx")
        print(f"reports.partnership_report_{ORGS}_orgs_{role}_figures: {gathered:.2f} s")
        print(f"reports.partnership_report_{ORGS}_orgs_{role}_pdf: {made_pdf:.2f} s ({len(pdf) // 1024} KB)")
        print(f"reports.partnership_report_{ORGS}_orgs_{role}_total: {time.perf_counter() - started:.2f} s")


def run() -> None:
    from bench.support import django_setup, peak_memory_mb

    django_setup()
    from accord.lib.exports import csv_text, xlsx_bytes
    from accord.reports import dataout

    p = _build()
    total = 0.0
    for d in dataout.DATASETS:
        if d.slug.startswith("trust-"):
            continue
        started = time.perf_counter()
        header, rows = dataout.table(d, p)  # type: ignore[arg-type]
        csv_text(header, rows)
        xlsx_bytes([(d.title, header, rows)])
        took = time.perf_counter() - started
        total += took
        print(f"reports.{d.slug}_{len(rows)}_rows_csv_and_xlsx: {took:.2f} s")
    started = time.perf_counter()
    json.dumps(dataout.giving_package(p))  # type: ignore[arg-type]
    print(f"reports.360giving_500_streams: {time.perf_counter() - started:.2f} s")
    _partnership_report(p)
    print(f"reports.all_files_{ORGS}_orgs: {total:.2f} s")
    print(f"reports.peak_memory: {peak_memory_mb():.0f} MB")
