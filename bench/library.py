"""Library benchmarks: appending to the access record, verifying the whole chain, searching and
the reciprocity matrix, on a throwaway SQLite database."""

from __future__ import annotations

import time


def run() -> None:
    from bench.support import django_setup

    django_setup()
    import datetime as dt

    from accord.accounts.models import User
    from accord.core import policy
    from accord.library import selectors, services, verification
    from accord.partners.models import Membership, Organisation, Partnership, Role

    p = Partnership.objects.create(name="Bench library", purpose="Bench", start_date=dt.date(2024, 1, 1))
    orgs = [Organisation.objects.create(name=f"Org {i}") for i in range(10)]
    users = []
    for i, org in enumerate(orgs):
        Membership.objects.create(partnership=p, organisation=org, joined=dt.date(2024, 1, 1))
        user = User.objects.create_user(f"bench{i}@example.org", "x" * 20, full_name=f"Bench {i}")
        Role.objects.create(partnership=p, user=user, role=Role.STAFF, organisation=org)
        users.append(user)
    accesses = [policy.access_for(u, p) for u in users]
    items = []
    started = time.perf_counter()
    for n in range(200):
        owner = n % len(orgs)
        items.append(services.item_create(
            actor=users[owner], access=accesses[owner], kind="note", title=f"Practice note {n}",
            summary="Risk, safety planning and referrals", body="Notes " * 50, tags="risk, practice",
            terms={"audience": "partnership" if n % 3 else "named", "named_orgs": [orgs[(owner + 1) % 10].pk]}))
    print(f"library.item_create: {(time.perf_counter() - started) / 200 * 1000:.2f} ms/item")

    appends = 2000
    started = time.perf_counter()
    for n in range(appends):
        reader = n % len(users)
        services.record_view(actor=users[reader], access=accesses[reader], item=items[n % len(items)])
    elapsed = time.perf_counter() - started
    print(f"library.access_append: {appends / elapsed:.0f} entries/s")

    started = time.perf_counter()
    verdict = verification.verify(p)
    elapsed = time.perf_counter() - started
    assert verdict.ok
    print(f"library.verify_chain: {verdict.entries / elapsed:.0f} entries/s ({verdict.entries} entries)")

    started = time.perf_counter()
    for _ in range(20):
        list(selectors.search(accesses[3], "risk practice")[:25])
    print(f"library.search: {(time.perf_counter() - started) / 20 * 1000:.1f} ms/query")

    started = time.perf_counter()
    rows = selectors.reciprocity(p)
    print(f"library.reciprocity: {(time.perf_counter() - started) * 1000:.0f} ms ({len(rows)} pairs)")
