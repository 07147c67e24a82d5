"""360Giving import of a large file: the Andrew Lloyd Webber Foundation's 475 real grants (CC BY 4.0,
published through 360Giving; see shared/data/SOURCES.md) multiplied to 17,000 with new grant ids, as
a large funder's file would be. Reading checks every grant against the schema and the org-id lists;
two of the file's recipients are partners, so about 860 grants become funding streams on confirm."""

from __future__ import annotations

import copy
import json
import os
import time
from pathlib import Path

N = int(os.environ.get("BENCH_GIVING_N", "17000"))
PARTNERS = [("GB-EDU-133843", "Royal Northern College of Music"),
            ("GB-COH-00203645", "Royal Central School of Speech & Drama")]


def real_file() -> Path:
    for base in (os.environ.get("ACCORD_SHARED_DIR"), Path(__file__).resolve().parents[2] / "shared", "/work/shared"):
        if base and (Path(base) / "data" / "360giving").is_dir():
            return Path(base) / "data" / "360giving" / "alwf-grants-a003W000001B7PzQAK.json"
    raise FileNotFoundError("shared/data/360giving is not beside the checkout; set ACCORD_SHARED_DIR")


def multiply(grants: list[dict], n: int) -> bytes:
    """A 360Giving file of `n` grants: the real ones over and over, each copy with a new grant id."""
    out = []
    for i in range(n):
        grant = copy.deepcopy(grants[i % len(grants)])
        if i >= len(grants):
            grant["id"] = f"{grant['id']}-copy{i // len(grants)}"
        out.append(grant)
    return json.dumps({"grants": out}).encode()


def run() -> None:
    from bench.support import django_setup, peak_memory_mb

    django_setup()
    import datetime as dt

    from accord.delivery import giving
    from accord.partners.models import Membership, Organisation, Partnership

    p = Partnership.objects.create(name="Bench giving", purpose="Bench", start_date=dt.date(2020, 1, 1))
    for org_id, name in PARTNERS:
        org = Organisation.objects.create(name=name, kind="other", org_id=org_id)
        Membership.objects.create(partnership=p, organisation=org, joined=p.start_date)
    data = multiply(json.loads(real_file().read_text())["grants"], N)

    started = time.perf_counter()
    preview = giving.read(data, p)
    read_s = time.perf_counter() - started
    print(f"giving.read_{N}: {read_s:.2f} s")
    print(f"giving.read_rate: {N / read_s:.0f} grants/s")

    started = time.perf_counter()
    pending = giving.start(actor=None, partnership=p, filename="bench.json", data=data)
    pending.refresh_from_db()
    print(f"giving.background_read_{N}: {time.perf_counter() - started:.2f} s (state {pending.state})")

    started = time.perf_counter()
    created = giving.confirm(actor=None, pending=pending)
    print(f"giving.confirm_{len(created)}_streams: {time.perf_counter() - started:.2f} s")
    assert len(created) == len(preview["streams"])
    print(f"giving.peak_memory: {peak_memory_mb():.0f} MB")
