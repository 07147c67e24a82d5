"""Charter and delivery speeds: reading and checking the real 360Giving file (475 grants), the
walks-the-talk summary over many commitments, and the rollout series over many stage moves."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path


def _real_file() -> Path:
    import os

    for root in (os.environ.get("ACCORD_SHARED_DIR"), Path(__file__).resolve().parents[2] / "shared", "/work/shared"):
        if root and (Path(root) / "data" / "360giving").is_dir():
            return Path(root) / "data" / "360giving" / "alwf-grants-a003W000001B7PzQAK.json"
    raise FileNotFoundError("shared/data/360giving is not beside the checkout; set ACCORD_SHARED_DIR")


def run() -> None:
    from bench.support import django_setup

    django_setup()
    from accord.accounts.models import User
    from accord.charter import selectors as charter_selectors
    from accord.charter.models import Commitment
    from accord.delivery import giving
    from accord.delivery import selectors as delivery_selectors
    from accord.delivery.models import Area, StageMove
    from accord.partners.models import Membership, Organisation, Partnership

    p = Partnership.objects.create(name="Bench", purpose="Bench", start_date=dt.date(2020, 1, 1))
    orgs = [Organisation.objects.create(name=f"Org {i}") for i in range(40)]
    for org in orgs:
        Membership.objects.create(partnership=p, organisation=org, joined=dt.date(2020, 1, 1))
    User.objects.create_user("bench@example.org", "x" * 20)

    data = _real_file().read_bytes()
    giving.grant_validator()
    started = time.perf_counter()
    preview = giving.read(data, p)
    print(f"charter.giving_read_475_grants: {(time.perf_counter() - started) * 1000:.0f} ms "
          f"({preview['read']} grants)")

    base = dt.date(2025, 1, 1)
    Commitment.objects.bulk_create([
        Commitment(partnership=p, title=f"C{i}", owner=orgs[i % 40], made_on=dt.date(2024, 1, 1),
                   due=base + dt.timedelta(days=i % 600), status="done" if i % 3 else "open",
                   done_on=base + dt.timedelta(days=i % 600 + (i % 5) - 2) if i % 3 else None)
        for i in range(5000)])
    started = time.perf_counter()
    summary = charter_selectors.commitments_summary(p, as_of=dt.date(2026, 6, 1))
    print(f"charter.walks_the_talk_5000_commitments: {(time.perf_counter() - started) * 1000:.0f} ms "
          f"(share {summary['share']:.2f})")

    areas = Area.objects.bulk_create([Area(partnership=p, name=f"Area {i}") for i in range(200)])
    stages = ["scoping", "mobilising", "live", "sustained"]
    StageMove.objects.bulk_create([StageMove(area=a, stage=s, on=dt.date(2021, 1, 1) + dt.timedelta(days=30 * j + i))
                                   for i, a in enumerate(areas) for j, s in enumerate(stages)])
    delivery_selectors.rollout(Partnership.objects.create(name="Warm", purpose="-"))  # loads the URL map once
    started = time.perf_counter()
    r = delivery_selectors.rollout(p)
    print(f"delivery.rollout_800_moves: {(time.perf_counter() - started) * 1000:.0f} ms (live {r['live_now']})")
