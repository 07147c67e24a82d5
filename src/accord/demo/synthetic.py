"""Large synthetic partnerships for benchmarks (`accord demo --organisations 500`)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from accord.partners.models import Capability, Membership, Organisation, Partnership, Person

KINDS = ["charity", "company", "public_body", "other"]
CAPS = [c for c, _ in Capability.Kind.choices]


@transaction.atomic
def build(organisations: int, *, seed: int = 7, name: str | None = None) -> Partnership:
    rng = random.Random(seed)
    start = dt.date(2023, 1, 1)
    partnership = Partnership.objects.create(
        name=name or f"Synthetic partnership of {organisations}", purpose="A generated partnership for benchmarks.",
        start_date=start,
    )
    orgs = Organisation.objects.bulk_create(
        [Organisation(name=f"Synthetic organisation {i:05d}", kind=rng.choice(KINDS), focus="Generated.")
         for i in range(organisations)]
    )
    members = Membership.objects.bulk_create(
        [Membership(partnership=partnership, organisation=o, joined=start + dt.timedelta(days=rng.randrange(365)))
         for o in orgs]
    )
    Capability.objects.bulk_create([Capability(membership=m, kind=rng.choice(CAPS)) for m in members])
    people = []
    for o in orgs:
        people.append(Person(partnership=partnership, organisation=o, name=f"Leader of {o.name}",
                             seniority="senior_leader", start_date=start))
        people.extend(Person(partnership=partnership, organisation=o, name=f"Staff {j} of {o.name}", seniority="staff",
                             start_date=start) for j in range(2))
    Person.objects.bulk_create(people)
    return partnership
