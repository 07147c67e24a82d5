"""A handover shows what the leader held in THIS partnership only: an organisation can belong to
several partnerships, and one's members must not read another's records (real selectors, no fakes)."""

import datetime as dt

from accord.charter.models import Commitment
from accord.health.models import Handover
from accord.lib.stored_text import english
from accord.partners.models import Membership

from .conftest import save


def test_a_handover_does_not_show_another_partnerships_commitments(world):
    Membership.objects.create(partnership=world.other, organisation=world.org_b, joined=dt.date(2024, 1, 1))
    leader = world.people["leader_b"]
    Commitment.objects.create(partnership=world.other, title="SECRET elsewhere", owner=world.org_b, person=leader,
                              due=dt.date(2026, 6, 1))
    Commitment.objects.create(partnership=world.partnership, title="Ours to hand over", owner=world.org_b,
                              person=leader, due=dt.date(2026, 6, 1))
    leader.end_date = dt.date(2026, 1, 31)
    save(leader)
    handover = Handover.objects.get(partnership=world.partnership, leaving=leader)
    page = world.client("staff_a").get(f"/p/{world.partnership.pk}/health/handovers/{handover.pk}/")
    text = page.content.decode()
    assert page.status_code == 200 and "Ours to hand over" in text and "SECRET elsewhere" not in text
    assert not any("SECRET" in english(i.text) for i in handover.items.all())
