"""Governance speed: building the demo's meetings, serving a calendar feed, computing governance health."""

from __future__ import annotations

import time

from bench.support import django_setup


def _timed(label: str, fn, repeat: int = 5) -> None:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    print(f"{label}: {best * 1000:.1f} ms")


def run() -> None:
    django_setup()
    from django.db import transaction

    from accord.demo import governance, partnership
    from accord.governance import ical, selectors
    from accord.governance.models import Meeting

    with transaction.atomic():
        started = time.perf_counter()
        ctx = partnership.build()
        built = time.perf_counter()
        governance.build(ctx)
        done = time.perf_counter()
        print(f"governance.demo_build: {(done - built) * 1000:.0f} ms (partners {(built - started) * 1000:.0f} ms)")
        series = ctx.extra["governance_series"]
        print(f"governance.demo_meetings: {Meeting.objects.filter(series=series).count()} meetings")
        p = ctx.partnership
        _timed("governance.feed_partnership", lambda: ical.feed(p.meeting_series.prefetch_related("meetings"),
                                                                name="bench"))
        _timed("governance.health", lambda: selectors.governance_health(p))
        _timed("governance.senior_attendance_by_meeting", lambda: selectors.senior_attendance_by_meeting(p))
        transaction.set_rollback(True)
